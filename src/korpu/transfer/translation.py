"""Marketplace texts entered per language (English, Azerbaijani, Turkish).

A profile is written in one language (``Profile.language``); translations into the
other two are optional and the page falls back to what exists."""

from modeltranslation.translator import TranslationOptions, register

from .models import Keyword, Profile


@register(Keyword)
class KeywordTranslation(TranslationOptions):
    fields = ("name",)


@register(Profile)
class ProfileTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "advantages", "technical_specification")
