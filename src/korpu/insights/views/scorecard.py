"""Placeholder: filled in by the scorecard work."""

urlpatterns = []
