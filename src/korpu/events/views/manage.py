"""manage pages (placeholder until built)."""

urlpatterns = []
