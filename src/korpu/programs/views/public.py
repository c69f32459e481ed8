"""Programmes and calls anyone may browse."""

from django.shortcuts import render
from django.urls import path

from .. import queries


def programme_list(request):
    return render(
        request,
        "programs/public/programme_list.html",
        {"programmes": queries.programme_list(request.user)},
    )


urlpatterns = [
    path("", programme_list, name="programmes"),
]
