"""Brokerage texts people enter per language (English, Azerbaijani, Turkish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Break, BrokerageDay, GridSession, Location, MarketplaceEntry, Profile


@register(BrokerageDay)
class BrokerageDayTranslation(TranslationOptions):
    fields = ("intro",)


@register(GridSession)
class GridSessionTranslation(TranslationOptions):
    fields = ("name",)


@register(Break)
class BreakTranslation(TranslationOptions):
    fields = ("name",)


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("name",)


@register(Profile)
class ProfileTranslation(TranslationOptions):
    fields = ("offer", "seek")


@register(MarketplaceEntry)
class MarketplaceEntryTranslation(TranslationOptions):
    fields = ("title", "description")
