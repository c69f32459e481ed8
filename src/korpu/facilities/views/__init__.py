# TEMPORARY: the page helper replaces this module with the real pages.
from django.http import Http404
from django.urls import path


def _todo(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("", _todo, name="index"),
    path("my/", _todo, name="my_bookings"),
    path("projects/", _todo, name="projects"),
    path("projects/<slug:slug>/", _todo, name="project"),
    path("resources/<slug:slug>/", _todo, name="resource"),
    path("<slug:slug>/", _todo, name="facility"),
    path("<slug:slug>/approvals/", _todo, name="approvals"),
    path("<slug:slug>/incidents/", _todo, name="incidents"),
]
