"""checkin pages (placeholder until built)."""

urlpatterns = []
