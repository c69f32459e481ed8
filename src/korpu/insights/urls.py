"""Insights pages under ``/<lang>/insights/``."""

from .views import urlpatterns  # noqa: F401

app_name = "insights"
