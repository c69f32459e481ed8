"""cohorts pages (being built)."""

urlpatterns: list = []
