"""Forms of the marketplace pages: searching, a profile with its translations, an
expression of interest and the answers to it, the reviewer's note, deals and their
documents, saved searches.

The forms check the shape of the input (a choice is one of the offered ones, a date is a
date); :mod:`.services` decides everything else (what is required in the profile's
language, the summary's limit, how many keywords) and its refusals are put on the form
with :func:`add_service_errors`, so the page and the API refuse the same things with the
same words.
"""

from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import add_service_errors as add_common_service_errors
from korpu.common.i18n import capitalise, country_choices, country_name, language_name
from korpu.directory.forms import LenientFilterForm
from korpu.directory.models import Organisation

from . import queries, services
from .models import (
    KEYWORD_LIMIT,
    SUMMARY_LIMIT,
    TEXT_LANGUAGES,
    Deal,
    Keyword,
    Profile,
    SavedSearch,
)

LANGUAGES = [code for code, _name in TEXT_LANGUAGES]
TEXT_FIELDS = (
    services.TEXT_FIELDS
)  # title, summary, description, advantages, technical_specification
# Countries of the cooperation, offered first in country lists.
PARTNER_COUNTRIES = ("AZ", "TR")
# Free-text search and a saved search's words (as the service allows).
QUERY_LIMIT = 300


def _interpolate(message, values: dict) -> str:
    return str(message) % values


_lazy_interpolate = lazy(_interpolate, str)


def interpolate(message, **values):
    """A lazily translated message with its placeholders filled when it is shown (a
    ``gettext_lazy(…) % {…}`` at import time would freeze the language of the import)."""
    return _lazy_interpolate(message, values)


def _textarea(rows: int = 4, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _by_name(items):
    return sorted(items, key=lambda k: str(k.name).casefold())


def keyword_areas(kind: str | None = None) -> list[tuple[Keyword, list[Keyword]]]:
    """The taxonomy as ``[(area, [topic, …]), …]``, areas and topics sorted by their name
    in the active language; ``kind`` keeps technology or market keywords only."""
    keywords = list(Keyword.objects.order_by("code"))
    topics = defaultdict(list)
    for keyword in keywords:
        if keyword.parent_id:
            topics[keyword.parent_id].append(keyword)
    areas = [k for k in keywords if k.parent_id is None and (kind is None or k.kind == kind)]
    return [(area, _by_name(topics[area.pk])) for area in _by_name(areas)]


def keyword_choices(kind: str | None = None, *, value: str = "pk") -> list:
    """Grouped choices (one group per area, the area itself first: it stands for the whole
    area); without ``kind`` the group names say technology or market."""
    groups = []
    for area, topics in keyword_areas(kind):
        label = str(area.name) if kind else capitalise(f"{area.get_kind_display()}: {area.name}")
        groups.append(
            (
                label,
                [(getattr(area, value), _("%(area)s (whole area)") % {"area": area.name})]
                + [(getattr(topic, value), str(topic.name)) for topic in topics],
            )
        )
    return groups


def countries_of_interest_choices() -> list:
    partners = [(code, country_name(code)) for code in PARTNER_COUNTRIES]
    others = [(c, n) for c, n in country_choices() if c not in PARTNER_COUNTRIES]
    return [(_("Partner countries"), partners), (_("All countries"), others)]


class KeywordField(forms.ModelMultipleChoiceField):
    """Keywords of one kind, ticked in per-area groups (see :meth:`areas`)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, kind: str, **kwargs):
        super().__init__(queryset=Keyword.objects.filter(kind=kind), required=False, **kwargs)
        self.kind = kind


# --- searching -------------------------------------------------------------------------------
class SearchForm(LenientFilterForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=QUERY_LIMIT,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("e.g. solar panel efficiency, günəş paneli, güneş paneli"),
            }
        ),
        help_text=_("In English, Azerbaijani or Turkish: profiles in all three are found."),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    keyword = forms.ChoiceField(label=_("Technology or market"), required=False)
    country = forms.ChoiceField(label=_("Owner's country"), required=False)
    stage = forms.ChoiceField(label=_("Stage of development"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["type"].choices = everything + list(Profile.Type.choices)
        self.fields["keyword"].choices = everything + keyword_choices(value="code")
        self.fields["country"].choices = everything + sorted(
            ((code, country_name(code)) for code in set(countries) if code),
            key=lambda c: c[1],
        )
        self.fields["stage"].choices = everything + list(Profile.Stage.choices)


# --- profiles --------------------------------------------------------------------------------
class ProfileForm(forms.Form):
    """A profile: its text in the chosen language (``title``, ``summary``, …), optional
    translations (``title_az``, …), and the rest. Only the type's own fields are kept: the
    advantages for a technology offer, the technical specification for a technology
    request, funding programme, call and deadline for an R&D cooperation request."""

    type = forms.ChoiceField(
        label=_("Type of profile"), choices=Profile.Type.choices, widget=forms.RadioSelect
    )
    owner = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The organisation that offers or looks for the technology."),
    )
    intermediary = forms.ModelChoiceField(
        label=_("Reviewing park or agency"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "It checks the profile before publication, knows who you are and forwards "
            "the expressions of interest to you."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=TEXT_LANGUAGES,
        help_text=_("Write the profile in this language; translations are optional."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=_textarea(4, maxlength=SUMMARY_LIMIT, **{"data-counter": SUMMARY_LIMIT}),
        help_text=interpolate(
            _("At most %(limit)d characters; shown in search results."), limit=SUMMARY_LIMIT
        ),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(8))
    advantages = forms.CharField(
        label=_("Advantages and innovations"), required=False, widget=_textarea(5)
    )
    technical_specification = forms.CharField(
        label=_("Technical specification"),
        required=False,
        widget=_textarea(5),
        help_text=_("What the technology you look for must do."),
    )
    stage = forms.ChoiceField(label=_("Stage of development"), choices=Profile.Stage.choices)
    ipr_status = forms.ChoiceField(
        label=_("IPR status"), choices=Profile.IPR.choices, initial=Profile.IPR.NONE
    )
    ipr_notes = forms.CharField(
        label=_("IPR details"),
        required=False,
        max_length=300,
        help_text=_("No patent numbers: they reveal who you are."),
    )
    technology_keywords = KeywordField(
        Keyword.Kind.TECHNOLOGY,
        label=_("Technology keywords"),
        help_text=interpolate(_("Up to %(limit)d."), limit=KEYWORD_LIMIT),
    )
    market_keywords = KeywordField(
        Keyword.Kind.MARKET,
        label=_("Market keywords"),
        help_text=interpolate(_("Up to %(limit)d."), limit=KEYWORD_LIMIT),
    )
    partnership_types = forms.MultipleChoiceField(
        label=_("Partnership sought"),
        choices=Profile.Partnership.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Kind of partner sought"),
        choices=Profile.PartnerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_sizes = forms.MultipleChoiceField(
        label=_("Size of partner sought"),
        choices=Profile.PartnerSize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_role = forms.CharField(
        label=_("Role of the partner sought"), required=False, widget=_textarea(3)
    )
    countries_of_interest = forms.MultipleChoiceField(
        label=_("Countries of interest"),
        choices=countries_of_interest_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several; none means anywhere."),
    )
    funding_programme = forms.CharField(
        label=_("Funding programme"), required=False, max_length=200
    )
    call_identifier = forms.CharField(label=_("Call"), required=False, max_length=200)
    eoi_deadline = forms.DateField(
        label=_("Deadline for expressions of interest"), required=False, widget=_date_input()
    )
    is_anonymous = forms.BooleanField(
        label=_("Publish anonymously"),
        required=False,
        initial=True,
        help_text=Profile._meta.get_field("is_anonymous").help_text,
    )

    # Which fields belong to which types (the page shows only those of the chosen type).
    ONLY_FOR = {
        "advantages": ("TO",),
        "technical_specification": ("TR",),
        "funding_programme": ("RDR",),
        "call_identifier": ("RDR",),
        "eoi_deadline": ("RDR",),
    }

    def __init__(self, *args, person, profile: Profile | None = None, **kwargs):
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(profile)
        super().__init__(*args, **kwargs)
        self.profile = profile
        for language in LANGUAGES:
            for field in TEXT_FIELDS:
                original = self.fields[field]
                attrs = dict(original.widget.attrs)
                attrs.pop("data-counter", None)
                widget = (
                    forms.Textarea(attrs={**attrs, "rows": 3})
                    if isinstance(original.widget, forms.Textarea)
                    else forms.TextInput(attrs=attrs)
                )
                self.fields[f"{field}_{language}"] = forms.CharField(
                    label=original.label,
                    required=False,
                    max_length=SUMMARY_LIMIT if field == "summary" else original.max_length,
                    widget=widget,
                )
        if profile is None:
            reader = (get_language() or "en").split("-")[0]
            self.fields["language"].initial = reader if reader in LANGUAGES else "en"
            self.fields["owner"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in queries.organisations_for(person)]
            ).order_by("name")
        else:
            # The owner does not change; the form shows it, the service never gets it.
            del self.fields["owner"]
        self.fields["intermediary"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in queries.intermediaries()]
        ).order_by("country", "name")

    @staticmethod
    def initial_from(profile: Profile) -> dict:
        initial = {
            name: getattr(profile, name)
            for name in services.PROFILE_FIELDS
            if name not in ("intermediary",)
        }
        initial["intermediary"] = profile.intermediary_id
        for field in TEXT_FIELDS:
            initial[field] = getattr(profile, f"{field}_{profile.language}", "") or ""
            for language in LANGUAGES:
                initial[f"{field}_{language}"] = getattr(profile, f"{field}_{language}", "") or ""
        keywords = list(profile.keywords.all())
        initial["technology_keywords"] = [k.pk for k in keywords if k.kind == "technology"]
        initial["market_keywords"] = [k.pk for k in keywords if k.kind == "market"]
        return initial

    # --- what the template needs -----------------------------------------------------------
    def original_fields(self):
        return [self[name] for name in TEXT_FIELDS]

    def translations(self) -> list[dict]:
        """One section per language: ``{"code", "name", "fields", "filled", "errors"}``."""
        sections = []
        for language in LANGUAGES:
            fields = [self[f"{field}_{language}"] for field in TEXT_FIELDS]
            sections.append(
                {
                    "code": language,
                    "name": language_name(language),
                    "fields": fields,
                    "filled": any(f.value() for f in fields),
                    "errors": any(f.errors for f in fields),
                }
            )
        return sections

    def keyword_areas(self, name: str) -> list[dict]:
        """The ticked-in-groups view of a keyword field: ``[{"area", "options"}]`` where an
        option is ``{"keyword", "id", "checked"}``; areas with a ticked keyword open."""
        field = self.fields[name]
        chosen = {str(v) for v in (self[name].value() or [])}
        areas = []
        for area, topics in keyword_areas(field.kind):
            options = [
                {
                    "keyword": keyword,
                    "label": str(keyword.name) if keyword is not area else _("whole area"),
                    "id": f"id_{name}_{keyword.pk}",
                    "checked": str(keyword.pk) in chosen,
                }
                for keyword in [area, *topics]
            ]
            areas.append(
                {"area": area, "options": options, "open": any(o["checked"] for o in options)}
            )
        return areas

    def chosen_keyword_count(self, name: str) -> int:
        return len(self[name].value() or [])

    # --- what the service gets -------------------------------------------------------------
    def keywords(self) -> list[Keyword]:
        data = self.cleaned_data
        return [*data.get("technology_keywords", []), *data.get("market_keywords", [])]

    def values(self) -> dict:
        data = self.cleaned_data
        kind = data["type"]
        language = data["language"]

        def keep(field: str) -> bool:
            return kind in self.ONLY_FOR.get(field, (kind,))

        texts = {}
        for code in LANGUAGES:
            names = {f: f if code == language else f"{f}_{code}" for f in TEXT_FIELDS}
            texts[code] = {f: data[names[f]] if keep(f) else "" for f in TEXT_FIELDS}
        values = {
            "type": kind,
            "language": language,
            "intermediary": data["intermediary"],
            "stage": data["stage"],
            "ipr_status": data["ipr_status"],
            "ipr_notes": data["ipr_notes"],
            "partnership_types": list(data["partnership_types"]),
            "partner_kinds": list(data["partner_kinds"]),
            "partner_sizes": list(data["partner_sizes"]),
            "partner_role": data["partner_role"],
            "countries_of_interest": list(data["countries_of_interest"]),
            "funding_programme": data["funding_programme"] if keep("funding_programme") else "",
            "call_identifier": data["call_identifier"] if keep("call_identifier") else "",
            "eoi_deadline": data["eoi_deadline"] if keep("eoi_deadline") else None,
            "is_anonymous": data["is_anonymous"],
            "texts": texts,
        }
        return values

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's refusal beside the field it names: too many keywords on the keyword
        list that has too many, the rest where the names agree, else above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            if key == "keywords":
                target = next(
                    (
                        name
                        for name in ("technology_keywords", "market_keywords")
                        if len(self.cleaned_data.get(name) or []) > KEYWORD_LIMIT
                    ),
                    None,
                )
            else:
                target = key if key in self.fields else None
            self.add_error(target, errors)


# --- expressions of interest ----------------------------------------------------------------
class InterestForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Why you are interested"),
        required=False,
        widget=_textarea(5, maxlength=services.MESSAGE_LIMIT),
        help_text=_("What you would use the technology for, and how you see the cooperation."),
    )
    offer = forms.CharField(
        label=_("What you offer"),
        required=False,
        widget=_textarea(4, maxlength=services.MESSAGE_LIMIT),
        help_text=_("Your expertise, facilities, market access or investment."),
    )

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        companies = list(companies)
        self.fields["company"].queryset = Organisation.objects.filter(
            pk__in=[c.pk for c in companies]
        ).order_by("name")
        if len(companies) == 1:
            self.fields["company"].initial = companies[0].pk
            self.fields["company"].widget = forms.HiddenInput()
        self.single_company = companies[0] if len(companies) == 1 else None


class NoteForm(forms.Form):
    """A note for a step: the reviewer's request for changes, the intermediary's note when
    forwarding or not, the owner's reason when declining. Whether it is required is the
    service's call."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=_textarea(3, maxlength=services.MESSAGE_LIMIT),
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label
        if help_text:
            self.fields["note"].help_text = help_text


# --- deals -------------------------------------------------------------------------------------
class DealForm(forms.ModelForm):
    """A deal's terms (opening one, or changing it with ``status`` among the allowed)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    field_order = ["status", *services.DEAL_FIELDS]

    class Meta:
        model = Deal
        fields = list(services.DEAL_FIELDS)
        widgets = {
            "signed_on": _date_input(),
            "effective_on": _date_input(),
            "expires_on": _date_input(),
            "notes": _textarea(4),
        }

    def __init__(self, *args, deal: Deal | None = None, **kwargs):
        super().__init__(*args, instance=deal, **kwargs)
        self.fields["title"].required = False
        if deal is None or deal.pk is None:
            del self.fields["status"]
            self.fields["title"].help_text = _("By default, the profile's title.")
        else:
            current = Deal.Status(deal.status)
            allowed = [Deal.Status(s) for s in Deal.TRANSITIONS.get(current, set())]
            allowed.sort(key=lambda s: Deal.Status.values.index(s.value))
            self.fields["status"].choices = [(current.value, current.label)] + [
                (s.value, s.label) for s in allowed
            ]
            self.fields["status"].initial = current.value

    def _post_clean(self):
        # The service checks the whole deal and saves it; the form only reads the values.
        pass

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in services.DEAL_FIELDS if name in data}
        if not values.get("title"):
            values.pop("title", None)
        if values.get("remind_days_before") is None:
            values.pop("remind_days_before", None)
        return values


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, office document or image; access for the parties only.")
    )


# --- saved searches ---------------------------------------------------------------------------
class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=120)
    query = forms.CharField(
        label=_("Search words"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": QUERY_LIMIT}),
        help_text=_("In any of the three languages."),
    )
    keywords = forms.TypedMultipleChoiceField(
        label=_("Keywords"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("New profiles with one of them are announced too."),
    )
    types = forms.MultipleChoiceField(
        label=_("Profile types"),
        required=False,
        choices=Profile.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None means every type."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.WEEKLY,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keywords"].choices = keyword_choices()

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "query": data["query"],
            "keywords": list(Keyword.objects.filter(pk__in=data["keywords"])),
            "types": list(data["types"]),
            "frequency": data["frequency"],
        }


def add_service_errors(form, error: ValidationError) -> None:
    add_common_service_errors(form, error)
