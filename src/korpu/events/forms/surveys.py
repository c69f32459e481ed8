"""Forms of the question builder (registration form and feedback survey), the survey's
settings, and a participant's survey answers.

Like the programme setup forms, texts are entered per language (``label_en``,
``label_az``, ``label_tr``) and only checked for shape here; :mod:`korpu.events.surveys`
applies them. Survey times are entered in the event's zone: the view validates and renders
inside ``timezone.override(<event zone>)``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import LANGUAGES, DateTimeLocalInput, ServiceModelForm, per_language

from ..models import Question, Survey
from .public import QuestionAnswersForm

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
MAX_CHOICES = 30


class QuestionForm(ServiceModelForm):
    required_english = ("label_en",)
    choices = forms.CharField(
        label=Question._meta.get_field("choices").verbose_name,
        help_text=_("For choice questions: one option per line."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = ["kind", *per_language("label", "help_text"), "required", "choices"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(self.instance.choices or [])

    def clean_choices(self):
        lines = (line.strip() for line in self.cleaned_data.get("choices", "").splitlines())
        options = list(dict.fromkeys(line for line in lines if line))
        if len(options) > MAX_CHOICES:
            raise ValidationError(_("At most %(limit)d options, please.") % {"limit": MAX_CHOICES})
        if any(len(option) > 200 for option in options):
            raise ValidationError(_("An option can be at most 200 characters long."))
        return options


class SurveyForm(ServiceModelForm):
    class Meta:
        model = Survey
        fields = ["opens_at", "closes_at", *per_language("intro")]
        widgets = {f"intro_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES}

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = DateTimeLocalInput()
            self.fields[name].input_formats = DATETIME_FORMATS
            self.fields[name].help_text = zone
        self.fields["closes_at"].help_text = " ".join(
            [str(_("Empty: open until you close it.")), zone]
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class SurveyAnswerForm(QuestionAnswersForm):
    """One field per survey question; ``answers`` holds them as the service cleaned them."""
