"""Strings that installed packages show on our pages but do not translate into every
language we support. Marking them here puts them in our catalogue, which Django merges
with the packages' own."""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    gettext_noop("- Select an option -"),  # Django admin filters (no az translation)
    gettext_noop("Task Results"),  # django-tasks-db admin (no az translation)
]
