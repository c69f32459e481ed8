"""The event pages. Each area's views module keeps its own ``urlpatterns``."""

from .views import urlpatterns  # noqa: F401

app_name = "events"
