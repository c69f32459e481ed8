"""Event texts people enter per language (English, Azerbaijani, Turkish)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Challenge, Event, JudgingCriterion, Question, Room, Session, Survey, Track


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "venue_details")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name",)


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "help_text")


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("intro",)


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("title", "description")


@register(JudgingCriterion)
class JudgingCriterionTranslation(TranslationOptions):
    fields = ("label", "description")
