"""Forms of the applicant pages: starting an application and the call's own form.

The application form is built from the call's questions, one field per question, named
``q<question id>`` like the keys of the errors :func:`korpu.programs.services.save_draft`
raises. Its fields check only the shape of the input (a valid option, a file that is not
empty); what an answer must be (lengths, numbers, addresses, dates, file types) is decided
by the service, so the page, the API and the admin refuse the same things with the same
words. Every question field is optional here: a draft may be incomplete, and the service
checks the required questions when the application is submitted.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.common.validators import DOCUMENT_TYPES
from korpu.directory.models import Organisation

from ..models import Answer, Call, Question

# What the file picker offers; the service judges the content, whatever the name says.
DOCUMENT_ACCEPT = ",".join(
    [".pdf", ".docx", ".pptx", ".xlsx", ".png", ".jpg", ".jpeg", *sorted(DOCUMENT_TYPES)]
)
DEFAULT_LIMITS = {Question.Kind.TEXT: 300, Question.Kind.LONG_TEXT: 10000}


class StartApplicationForm(forms.Form):
    """The "Apply" block of a call page: a title and, for company calls, the company."""

    company = forms.ModelChoiceField(
        label=_("Apply on behalf of"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    title = forms.CharField(
        label=_("Project title"),
        max_length=200,
        help_text=_("You can change it later, until you submit."),
    )

    def __init__(self, *args, call: Call, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if call.applicant_kind == Call.ApplicantKind.COMPANY:
            self.fields["company"].queryset = (
                companies if companies is not None else Organisation.objects.none()
            )
        else:
            del self.fields["company"]


def _question_field(question: Question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    kind = question.kind
    if kind in DEFAULT_LIMITS:
        limit = question.max_length or DEFAULT_LIMITS[kind]
        widget = (
            forms.Textarea(attrs={"rows": 6, "maxlength": limit})
            if kind == Question.Kind.LONG_TEXT
            else forms.TextInput(attrs={"maxlength": limit})
        )
        field = forms.CharField(widget=widget, **common)
        field.limit = limit
        return field
    if kind == Question.Kind.NUMBER:
        return forms.CharField(
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}), **common
        )
    if kind == Question.Kind.CHOICE:
        choices = [("", "—")] + [(choice, choice) for choice in question.choices]
        return forms.ChoiceField(choices=choices, **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.FILE:
        return forms.FileField(widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}), **common)
    if kind == Question.Kind.URL:
        return forms.CharField(
            widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}), **common
        )
    if kind == Question.Kind.DATE:
        return forms.CharField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    raise ValueError(f"unknown question kind {kind!r}")


class ApplicationForm(forms.Form):
    """A call's application form: title, summary, one field per question, the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("Project title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences reviewers read first."),
    )

    def __init__(self, *args, questions: list[Question], answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.stored_answers = answers
        for question in questions:
            name = self.field_name(question)
            field = _question_field(question)
            field.question = question
            self.fields[name] = field
            answer = answers.get(question.pk)
            if answer is not None and question.kind != Question.Kind.FILE:
                self.initial.setdefault(name, answer.value)

    @staticmethod
    def field_name(question: Question) -> str:
        return f"q{question.pk}"

    def question_fields(self):
        """(bound field, question, stored answer) for each question, in the call's order."""
        for question in self.questions:
            yield (
                self[self.field_name(question)],
                question,
                self.stored_answers.get(question.pk),
            )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = self.field_name(question)
            value = cleaned.get(name)
            if isinstance(value, str):
                # Browsers send line breaks as CRLF but count them as one character.
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned

    def answers(self) -> dict[int, object]:
        """Raw answers for :func:`save_draft`, keyed by question id (files excluded)."""
        return {
            question.pk: self.cleaned_data.get(self.field_name(question))
            for question in self.questions
            if question.kind != Question.Kind.FILE
        }

    def uploads(self) -> dict[int, object]:
        return {
            question.pk: upload
            for question in self.questions
            if question.kind == Question.Kind.FILE
            and (upload := self.cleaned_data.get(self.field_name(question)))
        }
