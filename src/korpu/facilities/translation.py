"""Facility, resource and project texts entered per language (English, Azerbaijani,
Turkish); the page falls back to what exists."""

from modeltranslation.translator import TranslationOptions, register

from .models import Facility, Project, Resource


@register(Facility)
class FacilityTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
