"""manage pages (being built)."""

urlpatterns: list = []
