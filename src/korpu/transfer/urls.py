"""The technology-transfer marketplace's pages: ``/<lang>/marketplace/``."""

from .views import urlpatterns  # noqa: F401

app_name = "transfer"
