"""public pages (being built)."""

urlpatterns: list = []
