"""surveys pages (placeholder until built)."""

urlpatterns = []
