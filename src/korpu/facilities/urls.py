"""The park's labs, equipment, spaces and projects: ``/<lang>/labs/``."""

from .views import urlpatterns  # noqa: F401

app_name = "facilities"
