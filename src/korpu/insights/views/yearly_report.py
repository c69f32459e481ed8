"""Placeholder: filled in by the yearly_report work."""

urlpatterns = []
