"""Programme texts people enter per language (English, Azerbaijani, Turkish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, Criterion, Programme, Question, ReviewStage


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "benefits")


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(ReviewStage)
class ReviewStageTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("label", "description")
