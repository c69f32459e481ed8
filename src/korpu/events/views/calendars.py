"""calendars pages (placeholder until built)."""

urlpatterns = []
