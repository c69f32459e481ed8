"""review pages (being built)."""

urlpatterns: list = []
