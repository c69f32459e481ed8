"""The brokerage day pages, under an event's address: ``/<lang>/events/<slug>/brokerage/``."""

from .views import urlpatterns  # noqa: F401

app_name = "matchmaking"
