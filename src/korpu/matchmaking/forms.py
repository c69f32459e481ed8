"""Forms of the brokerage pages: a participant's profile, marketplace entries, requests,
answers, self-scheduling and feedback; the organisers' settings, time grid, meeting places,
schedule runs and moves.

The forms check the shape of the input (a number is a number, a choice is one of the
offered ones, a text is not longer than the service allows); :mod:`..services` decides
everything else and its refusals are put on the form with
:func:`korpu.common.forms.add_service_errors`, so the page and the API refuse the same
things with the same words.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import ServiceModelForm
from korpu.common.i18n import country_name, language_choices, language_name, translated_order
from korpu.directory.forms import LenientFilterForm
from korpu.directory.models import Organisation, Sector

from . import services
from .models import BrokerageDay, Location, MarketplaceEntry, MeetingFeedback

TEXT_LIMIT = services.TEXT_LIMIT
MESSAGE_LIMIT = services.MESSAGE_LIMIT
TITLE_LIMIT = services.TITLE_LIMIT


def _textarea(rows: int = 4, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


# --- participants --------------------------------------------------------------------------
# Offered first in the list of meeting languages: the partners' own and those most spoken
# at their brokerage events.
COMMON_LANGUAGES = ("az", "tr", "en", "ru", "de", "fr", "ar", "fa", "ka", "kk", "uz", "zh")


def meeting_language_choices() -> list:
    """The common languages first, then every language, each group sorted by its name."""
    common = sorted(((c, language_name(c)) for c in COMMON_LANGUAGES), key=lambda c: c[1])
    others = [(c, name) for c, name in language_choices() if c not in COMMON_LANGUAGES]
    return [(_("Common"), common), (_("All languages"), others)]


class ProfileForm(forms.Form):
    """A participant's profile. Texts are written in the language of the page (the other
    languages fall back to it); ``availability`` holds slot ids, empty meaning every slot."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— I take part in my own name —"),
        help_text=_("You can represent an organisation you are a member of."),
    )
    offer = forms.CharField(
        label=_("What we offer"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=_textarea(5),
        help_text=_("Products, services, technology, expertise."),
    )
    seek = forms.CharField(
        label=_("What we are looking for"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=_textarea(5),
        help_text=_("Partners, distributors, investors, suppliers, research partners."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages for meetings"),
        choices=meeting_language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    availability = forms.TypedMultipleChoiceField(
        label=_("Available for meetings"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the times you can meet. Tick none to be available at every time."),
    )
    published = forms.BooleanField(
        label=_("Show my profile to the other participants"), required=False, initial=True
    )

    def __init__(self, *args, person, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__person=person
        ).order_by(translated_order("name"), "pk")
        self.fields["sectors"].queryset = Sector.objects.order_by(translated_order("name"), "pk")
        self.fields["availability"].choices = [(slot.pk, str(slot)) for slot in slots]
        self.slots = list(slots)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "offer": data["offer"],
            "seek": data["seek"],
            "sectors": list(data["sectors"]),
            "languages": list(data["languages"]),
            "availability": list(data["availability"]),
            "published": data["published"],
        }


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MarketplaceEntry.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_LIMIT, widget=_textarea(3)
    )


class ParticipantFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation_kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(label=_("Meeting language"), required=False)
    offer = forms.CharField(label=_("Offers"), required=False, max_length=100)
    seek = forms.CharField(label=_("Looks for"), required=False, max_length=100)

    def __init__(self, *args, facets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        kinds = dict(Organisation.Kind.choices)
        self.fields["country"].choices = everything + sorted(
            ((code, country_name(code)) for code in facets["countries"]), key=lambda c: c[1]
        )
        self.fields["organisation_kind"].choices = everything + [
            (kind, kinds.get(kind, kind)) for kind in facets["organisation_kinds"]
        ]
        self.fields["sector"].choices = everything + sorted(
            ((s.slug, str(s)) for s in facets["sectors"]), key=lambda c: c[1].casefold()
        )
        self.fields["language"].choices = everything + sorted(
            ((code, language_name(code)) for code in facets["languages"]), key=lambda c: c[1]
        )


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=_textarea(4),
        help_text=_("Say what you would like to talk about."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=MESSAGE_LIMIT, widget=_textarea(2)
    )


class BookForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = list(slots)


class FeedbackForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did the meeting go?"),
        choices=MeetingFeedback.Outcome.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=_textarea(3),
        help_text=_("Seen only by the organisers."),
    )


# --- organisers ----------------------------------------------------------------------------
class BrokerageDayForm(ServiceModelForm):
    """The brokerage day's settings (the introduction in the language of the page)."""

    class Meta:
        model = BrokerageDay
        fields = list(services.DAY_SETTINGS)
        widgets = {
            "intro": _textarea(4),
            "request_mode": forms.RadioSelect,
        }

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.DAY_SETTINGS}


class GridSessionForm(forms.Form):
    """A block of meeting time on one day, with up to two breaks, in the event's zone."""

    BREAKS = 2

    name = forms.CharField(label=_("Name"), required=False, max_length=120)
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.BREAKS + 1):
            self.fields[f"break{number}_starts"] = forms.TimeField(
                label=_("Break %(number)d starts") % {"number": number},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"break{number}_ends"] = forms.TimeField(
                label=_("Break %(number)d ends") % {"number": number},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.BREAKS + 1):
            begin = cleaned.get(f"break{number}_starts")
            end = cleaned.get(f"break{number}_ends")
            if (begin is None) != (end is None) and not self.errors.get(f"break{number}_starts"):
                self.add_error(
                    f"break{number}_ends" if end is None else f"break{number}_starts",
                    _("Give both the start and the end of the break."),
                )
        return cleaned

    def breaks(self) -> list[tuple[datetime.time, datetime.time]]:
        pairs = []
        for number in range(1, self.BREAKS + 1):
            begin = self.cleaned_data.get(f"break{number}_starts")
            end = self.cleaned_data.get(f"break{number}_ends")
            if begin is not None and end is not None:
                pairs.append((begin, end))
        return pairs


class LocationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Location.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    capacity = forms.IntegerField(
        label=_("Meetings at once"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("A booth hosts one meeting at a time."),
    )
    video_link = forms.URLField(
        label=_("Video link"), required=False, help_text=_("For a virtual meeting room.")
    )
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=200,
        initial=1,
        help_text=_("Several are numbered after the name: Table 1, Table 2…"),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Meetings at once"), min_value=1, max_value=100)


class BoothOwnerForm(forms.Form):
    profile = forms.TypedChoiceField(label=_("Booth of"), coerce=int, required=False)

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", _("— nobody —"))] + [
            (p.pk, p.display_name) for p in profiles
        ]


class RunForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=600,
        initial=10,
        help_text=_("The scheduler stops earlier when it has proved its schedule optimal."),
    )


class MoveForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    location = forms.IntegerField(widget=forms.HiddenInput)
    lock = forms.BooleanField(required=False, initial=True)


class PublishForm(forms.Form):
    status = forms.ChoiceField(choices=BrokerageDay.ScheduleStatus.choices)


class MeetingFilterForm(LenientFilterForm):
    SCHEDULED, UNSCHEDULED = "yes", "no"

    status = forms.ChoiceField(label=_("Status"), required=False)
    scheduled = forms.ChoiceField(
        label=_("Time"),
        required=False,
        choices=[
            ("", _("All")),
            (SCHEDULED, _("scheduled")),
            (UNSCHEDULED, _("waiting for a time")),
        ],
    )
    participant = forms.TypedChoiceField(label=_("Participant"), coerce=int, required=False)

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Meeting

        self.fields["status"].choices = [("", _("All"))] + list(Meeting.Status.choices)
        self.fields["participant"].choices = [("", _("All"))] + [(p.pk, str(p)) for p in profiles]


class ArrangeMeetingForm(forms.Form):
    """A meeting the organisers arrange between participants."""

    participants = forms.TypedMultipleChoiceField(
        label=_("Participants"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Two or more. Hold Ctrl (or ⌘) to choose several."),
    )
    weight = forms.IntegerField(
        label=_("Priority"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("The scheduler places meetings of higher priority first."),
    )

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(p.pk, str(p)) for p in profiles]

    def clean_participants(self):
        chosen = self.cleaned_data["participants"]
        if len(set(chosen)) < 2:
            raise ValidationError(_("A meeting needs at least two participants."))
        return chosen
