"""public pages (placeholder until built)."""

urlpatterns = []
