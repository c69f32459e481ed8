"""Forms of the setup pages: programme, call, application form questions, review rubric.

The forms only validate input; :mod:`korpu.programs.setup` applies it. Labels come from
the models' verbose names (the per-language fields carry ``[en]``, ``[az]``, ``[tr]``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import LANGUAGES, DateTimeLocalInput, ServiceModelForm, per_language
from korpu.common.i18n import country_choices
from korpu.directory.models import Organisation, Park, Partnership

from ..models import Call, Criterion, Programme, Question, ReviewStage


class ProgrammeForm(ServiceModelForm):
    required_english = ("title_en",)

    class Meta:
        model = Programme
        fields = [
            "owner",
            *per_language("title", "summary", "description", "benefits"),
            "kind",
            "partners",
            "partnership",
            "time_zone",
            "duration_weeks",
            "capacity",
            "is_public",
        ]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            **{f"description_{c}": forms.Textarea(attrs={"rows": 4}) for c in LANGUAGES},
            **{f"benefits_{c}": forms.Textarea(attrs={"rows": 3}) for c in LANGUAGES},
        }

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners
            self.fields["slug"] = forms.SlugField(
                label=Programme._meta.get_field("slug").verbose_name, max_length=80, required=False
            )
        self.fields["partners"].queryset = Organisation.objects.exclude(
            kind__in=Organisation.COMPANY_KINDS
        ).order_by("name")
        self.fields["partnership"].queryset = Partnership.objects.all()

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        data.pop("owner", None)
        return data


class CallForm(ServiceModelForm):
    """Dates are read and shown in the current time zone: the view activates the
    programme's zone while validating and rendering."""

    required_english = ("title_en",)
    eligible_countries = forms.MultipleChoiceField(
        label=Call._meta.get_field("eligible_countries").verbose_name,
        help_text=Call._meta.get_field("eligible_countries").help_text,
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    eligible_company_kinds = forms.MultipleChoiceField(
        label=Call._meta.get_field("eligible_company_kinds").verbose_name,
        help_text=Call._meta.get_field("eligible_company_kinds").help_text,
        choices=[(k.value, k.label) for k in Organisation.COMPANY_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Call
        fields = [
            *per_language("title", "description"),
            "opens_at",
            "closes_at",
            "is_published",
            "applicant_kind",
            "eligible_countries",
            "eligible_company_kinds",
            "resident_of",
            "reviews_per_application",
        ]
        widgets = {
            "opens_at": DateTimeLocalInput,
            "closes_at": DateTimeLocalInput,
            **{f"description_{c}": forms.Textarea(attrs={"rows": 4}) for c in LANGUAGES},
        }

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident_of"].queryset = Park.objects.order_by("name")
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = zone

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


class QuestionForm(ServiceModelForm):
    required_english = ("label_en",)
    choices = forms.CharField(
        label=Question._meta.get_field("choices").verbose_name,
        help_text=Question._meta.get_field("choices").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            *per_language("label", "help_text"),
            "required",
            "choices",
            "max_length",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(self.instance.choices or [])

    def clean_choices(self):
        lines = (line.strip() for line in self.cleaned_data.get("choices", "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class StageForm(ServiceModelForm):
    required_english = ("name_en",)

    class Meta:
        model = ReviewStage
        fields = [*per_language("name"), "aggregate", "blind", "is_open"]


class CriterionForm(ServiceModelForm):
    required_english = ("label_en",)

    class Meta:
        model = Criterion
        fields = [*per_language("label", "description"), "max_score", "weight"]
