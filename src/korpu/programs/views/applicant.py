"""applicant pages (being built)."""

urlpatterns: list = []
