"""Fields people enter per language (English, Azerbaijani, Turkish) with fallback."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Commitment,
    Organisation,
    Park,
    Partnership,
    Qualification,
    Sector,
    TechnologyArea,
)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(TechnologyArea)
class TechnologyAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Park)
class ParkTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("title", "summary", "scope")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("text", "target_unit")


@register(Qualification)
class QualificationTranslation(TranslationOptions):
    fields = ("name", "description")
