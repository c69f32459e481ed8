"""Forms of the public event pages: the list's filters and the registration form.

The registration form has one field per registration question, named ``q<question id>``
like the keys :func:`korpu.events.services.clean_answers` takes. Its fields only collect the
input; the service decides what an answer must be (the form asks it, then
:func:`~korpu.events.services.register` asks it again), so the page and the API refuse the
same things with the same words.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from korpu.directory.forms import LenientFilterForm

from .. import services
from ..models import Event, Question


class EventFilterForm(LenientFilterForm):
    UPCOMING, PAST, ALL = "upcoming", "past", "all"

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past")), (ALL, _("Any time"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)

    def __init__(self, *args, languages=(), countries=(), organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Event.Kind.choices)
        self.fields["language"].choices = everything + list(languages)
        self.fields["country"].choices = everything + list(countries)
        self.fields["organiser"].choices = everything + [(o.slug, o.name) for o in organisers]

    def period(self) -> str:
        """upcoming (the default), past or all."""
        return self.filters().get("when") or self.UPCOMING


def question_field(question: Question) -> forms.Field:
    """An optional field for one question; whether it must be answered is the service's call."""
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    kind = question.kind
    required = {"required": True} if question.required else {}
    if kind == Question.Kind.TEXT:
        return forms.CharField(widget=forms.TextInput(attrs=required), **common)
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5, **required}), **common)
    if kind == Question.Kind.NUMBER:
        return forms.CharField(
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", **required}),
            **common,
        )
    if kind == Question.Kind.CHOICE:
        choices = [("", "—")] + [(choice, choice) for choice in question.choices]
        return forms.ChoiceField(choices=choices, widget=forms.Select(attrs=required), **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.RATING:
        choices = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
        return forms.ChoiceField(choices=choices, widget=forms.Select(attrs=required), **common)
    if kind == Question.Kind.YES_NO:
        choices = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]
        return forms.ChoiceField(choices=choices, widget=forms.Select(attrs=required), **common)
    raise ValueError(f"unknown question kind {kind!r}")


class QuestionAnswersForm(forms.Form):
    """One field per question, named ``q<id>``. The answers are judged by
    :func:`korpu.events.services.clean_answers`, so the page and the API refuse the same
    things: ``raw_answers`` holds them as typed, ``answers`` as the service cleaned them."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = question_field(question)
            field.question = question
            self.fields[services.field_name(question)] = field
        self.raw_answers: dict = {}
        self.answers: dict = {}

    def clean(self):
        cleaned = super().clean()
        self.raw_answers = {}
        for question in self.questions:
            name = services.field_name(question)
            value = cleaned.get(name)
            self.raw_answers[name] = (
                value.replace("\r\n", "\n") if isinstance(value, str) else value
            )
        # A field the form already refused (an unknown option) needs no second message.
        checked = [q for q in self.questions if services.field_name(q) not in self.errors]
        try:
            self.answers = services.clean_answers(questions=checked, data=self.raw_answers)
        except ValidationError as error:
            self.add_service_error(error)
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's refusal on the form: per field when it names a field."""
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error.messages)


class RegistrationForm(QuestionAnswersForm):
    """The questions of an event's registration form and, when some sessions have their
    own places, which of them to sign up for."""

    invitation = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    sessions = forms.TypedMultipleChoiceField(
        label=_("Sessions with limited places"),
        help_text=_("Choose the sessions you want a place in."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions: list[Question], session_choices=(), **kwargs):
        super().__init__(*args, questions=questions, **kwargs)
        if session_choices:
            self.fields["sessions"].choices = list(session_choices)
        else:
            del self.fields["sessions"]

    def session_ids(self) -> list[int]:
        return list(self.cleaned_data.get("sessions") or [])


class SessionChoiceForm(forms.Form):
    """A confirmed participant's sessions among those with their own places."""

    sessions = forms.TypedMultipleChoiceField(
        label=_("Sessions with limited places"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].choices = list(choices)
