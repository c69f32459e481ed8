"""campus pages (placeholder until built)."""

urlpatterns = []
