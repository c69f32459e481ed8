import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korpu.common.i18n import country_choices, language_choices
from korpu.common.validators import validate_image_upload

from .models import (
    ApiToken,
    Membership,
    Organisation,
    Person,
    Residency,
    Sector,
    TechnologyArea,
)
from .rules import organisation_ids_of


class SignupNameForm(forms.Form):
    """Extra fields on the sign-up page (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    accept_privacy = forms.BooleanField(
        label=_("I have read and accept the privacy notice."),
        error_messages={"required": _("Please accept the privacy notice to sign up.")},
    )

    def __init__(self, *args, **kwargs):
        from django.urls import reverse
        from django.utils.html import format_html

        super().__init__(*args, **kwargs)
        self.fields["accept_privacy"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("privacy:notice"),
            _("Read the privacy notice"),
        )

    def signup(self, request, user):
        from korpu.privacy.models import ConsentRecord
        from korpu.privacy.services import accept_notice

        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "en")
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        accept_notice(
            person=user, language=user.preferred_language, method=ConsentRecord.Method.SIGNUP
        )


class LenientFilterForm(forms.Form):
    """List filters: an invalid value (a stale bookmark) is dropped, never an error page."""

    label_suffix = ""

    def filters(self) -> dict[str, str]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class OrganisationFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    park = forms.ChoiceField(label=_("Park"), required=False)

    def __init__(self, *args, parks=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Organisation.Kind.choices)
        self.fields["country"].choices = everything + [
            (code, name) for code, name in country_choices() if code in set(countries)
        ]
        self.fields["sector"].choices = everything + [
            (s.slug, s.name) for s in Sector.objects.order_by("name")
        ]
        self.fields["park"].choices = everything + [(p.slug, p.name) for p in parks]


class PeopleFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All"))] + [
            (code, name) for code, name in country_choices() if code in set(countries)
        ]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "name_az",
            "name_tr",
            "kind",
            "country",
            "city",
            "size",
            "founded_year",
            "sectors",
            "technology_areas",
            "description_en",
            "description_az",
            "description_tr",
            "website",
            "email",
            "phone",
            "logo",
            "is_public",
        ]
        labels = {
            "name_en": _("Name (English)"),
            "name_az": _("Name (Azerbaijani)"),
            "name_tr": _("Name (Turkish)"),
            "description_en": _("Description (English)"),
            "description_az": _("Description (Azerbaijani)"),
            "description_tr": _("Description (Turkish)"),
        }
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "technology_areas": forms.CheckboxSelectMultiple,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_az": forms.Textarea(attrs={"rows": 4}),
            "description_tr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        self.fields["sectors"].queryset = Sector.objects.order_by("name")
        self.fields["technology_areas"].queryset = TechnologyArea.objects.order_by("name")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload
            validate_image_upload(logo)
        return logo


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=language_choices
    )
    statistics_consent = forms.BooleanField(
        label=_("I agree that my gender and year of birth are used for programme statistics."),
        required=False,
    )

    class Meta:
        model = Person
        fields = Person.PROFILE_FIELDS + Person.STATISTICS_FIELDS
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["statistics_consent"].initial = bool(self.instance.statistics_consent_at)
        self.fields["languages"].widget.attrs["size"] = 6

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            validate_image_upload(photo)
        return photo

    def clean(self):
        cleaned = super().clean()
        consent = cleaned.get("statistics_consent")
        if not consent:
            if cleaned.get("gender") or cleaned.get("birth_year"):
                self.add_error(
                    "statistics_consent",
                    _("Gender and year of birth are kept only with your consent to statistics."),
                )
            self.instance.statistics_consent_at = None
        elif not self.instance.statistics_consent_at:
            self.instance.statistics_consent_at = timezone.now()
        return cleaned


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    title = forms.CharField(label=_("Job title"), required=False, max_length=120)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ResidencyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Residency.Status.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)

    def __init__(self, *args, park, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Unit

        self.fields["unit"].queryset = Unit.objects.filter(building__site__park=park)


class ApiTokenForm(forms.Form):
    """A new API token: its name, what it may do, through which organisation, how long."""

    LIFETIMES = (
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("365 days")),
        ("never", _("No expiry")),
    )

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “KPI export script”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A read-only token cannot change anything (any write answers 403)."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All my organisations"),
        help_text=_(
            "Limit the token to one organisation: it then acts only through that "
            "organisation, never for your others."
        ),
        error_messages={
            "invalid_choice": _("Choose one of the organisations you belong to."),
        },
    )
    lifetime = forms.ChoiceField(
        label=_("Expires after"),
        choices=LIFETIMES,
        initial="90",
        required=False,
        help_text=_("An expired token stops working; create a new one then."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=organisation_ids_of(person)
        ).order_by("name", "pk")

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or ApiToken.Scope.READ

    def clean_lifetime(self) -> str:
        return self.cleaned_data.get("lifetime") or "90"

    def expires_at(self):
        """When a token created now from this form expires (None: never)."""
        lifetime = self.cleaned_data["lifetime"]
        if lifetime == "never":
            return None
        return timezone.now() + datetime.timedelta(days=int(lifetime))
