"""Forms of the labs pages: finding resources, booking (once or weekly), finding a time
across several resources, and the facility managers' forms (approvals, closures,
incidents, resource status, qualifications).

Times people type are wall-clock times in the park's time zone: a form that reads them
is given the zone (``zone=``) and gives back aware datetimes. A time that does not exist
in that zone (the hour skipped when the clocks go forward) or that exists twice is a form
error, never a guess. The forms check the shape of the input; the services decide the
rest (opening hours, notice, limits, qualification, overlaps) and their refusals are shown
on the form.
"""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from korpu.common.forms import DateTimeLocalInput
from korpu.directory.forms import LenientFilterForm
from korpu.directory.models import Organisation, Person

from . import services
from .models import Closure, Incident, Project, Resource

PURPOSE_LIMIT = services.PURPOSE_LIMIT
# Find-a-time looks at most this far (days) and offers this many starts.
SEARCH_DAYS = 62
# Qualifications are granted to at most this many addresses at once.
GRANT_LIMIT = 200


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


def within_years(value) -> None:
    """Dates far in the past or future are typing mistakes (and overflow time zones)."""
    if value is not None and not 2000 <= value.year <= 2999:
        raise ValidationError(_("Choose a date between 2000 and 2999."), code="invalid_date")


def aware(day: datetime.date, moment: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """A local date and time in ``zone`` as an aware datetime; ``ValidationError`` when the
    time is skipped or repeated there (a daylight-saving change)."""
    with timezone.override(zone):
        return from_current_timezone(datetime.datetime.combine(day, moment))


def my_organisations(person):
    """The organisations a person may charge bookings to: those they belong to."""
    return Organisation.objects.filter(memberships__person=person).distinct().order_by("name")


def my_projects(person):
    """The projects a person may charge bookings to: those they work on, or whose lead
    organisation they belong to (the same rule as the booking service)."""
    return (
        Project.objects.filter(Q(memberships__person=person) | Q(lead__memberships__person=person))
        .exclude(status__in=[Project.Status.COMPLETED, Project.Status.SUSPENDED])
        .distinct()
        .order_by("title")
    )


class IdsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose ids are checked to be ids before the database
    sees them (SQLite refuses integers beyond 64 bits with an error, not a miss)."""

    def _check_values(self, value):
        for raw in value:
            try:
                number = int(str(raw))
            except (TypeError, ValueError):
                number = 0
            if not 0 < number < 2**62:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": raw},
                )
        return super()._check_values(value)


# --- finding resources -----------------------------------------------------------------------
class ResourceFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    park = forms.ChoiceField(label=_("Park"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["park"].choices = everything + [(park.slug, park.name) for park in parks]
        self.fields["kind"].choices = everything + list(Resource.Kind.choices)


# --- booking ------------------------------------------------------------------------------------
class BookingForm(forms.Form):
    """One time on one resource, once or every week until a date, charged to one of the
    person's organisations and projects."""

    ONCE, WEEKLY = "once", "weekly"

    date = forms.DateField(label=_("Date"), widget=_date_input(), validators=[within_years])
    starts = forms.TimeField(label=pgettext_lazy("time span", "From"), widget=_time_input())
    ends = forms.TimeField(
        label=pgettext_lazy("time span", "Until"),
        widget=_time_input(),
        help_text=_("00:00 means midnight."),
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[(ONCE, _("once")), (WEEKLY, _("every week"))],
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Every week until"),
        required=False,
        validators=[within_years],
        widget=_date_input(),
        help_text=_("The date of the last week (a weekly booking runs for at most a year)."),
    )
    skip_conflicts = forms.BooleanField(
        label=_("Skip weeks that are not available"),
        required=False,
        initial=True,
        help_text=_("Otherwise nothing is booked when any week is taken or closed."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Charged to"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("myself (no organisation)"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("no project"),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=PURPOSE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you will do (the facility managers see it)."),
    )

    def __init__(self, *args, resource: Resource, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.zone = services.zone_of(resource)
        if person is not None and person.is_authenticated:
            organisations = my_organisations(person)
            self.fields["organisation"].queryset = organisations
            self.fields["project"].queryset = my_projects(person)
        self.starts_at = self.ends_at = None

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day is None or starts is None or ends is None:
            return data
        try:
            self.starts_at = aware(day, starts, self.zone)
            end_day = day
            if ends == datetime.time(0, 0) and starts != ends:
                end_day = day + datetime.timedelta(days=1)
            self.ends_at = aware(end_day, ends, self.zone)
        except ValidationError:
            raise ValidationError(
                _("This time does not exist or exists twice that day (the clocks change)."),
                code="invalid_time",
            ) from None
        if self.ends_at <= self.starts_at:
            self.add_error("ends", _("The end must be after the start."))
        if data.get("repeat") == self.WEEKLY:
            until = data.get("until")
            if until is None:
                self.add_error("until", _("Give the date of the last week."))
            elif until < day:
                self.add_error("until", _("The last week must not be before the first booking."))
        return data

    @property
    def weekly(self) -> bool:
        return self.cleaned_data.get("repeat") == self.WEEKLY

    def service_arguments(self) -> dict:
        """What :func:`services.book` (and ``book_weekly``) need besides the actor."""
        return {
            "resource": self.resource,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "organisation": self.cleaned_data.get("organisation"),
            "project": self.cleaned_data.get("project"),
            "purpose": self.cleaned_data.get("purpose", ""),
        }


def booking_initial(resource: Resource, starts_at, ends_at, person=None) -> dict:
    """The booking form's first values for a time picked in the calendar."""
    zone = services.zone_of(resource)
    initial = {"repeat": BookingForm.ONCE, "skip_conflicts": True}
    if starts_at is not None and ends_at is not None:
        start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        initial.update({"date": start.date(), "starts": start.time(), "ends": end.time()})
    if person is not None and person.is_authenticated:
        organisations = list(my_organisations(person)[:2])
        if len(organisations) == 1:
            initial["organisation"] = organisations[0].pk
    return initial


# --- find a time --------------------------------------------------------------------------------
DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240, 360, 480]


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return str(_("%(minutes)s minutes") % {"minutes": minutes})
    if not rest:
        return str(_("%(hours)s h") % {"hours": hours})
    return str(_("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest})


class FindTimeForm(forms.Form):
    resources = IdsField(
        label=_("Resources, all at the same time"),
        queryset=Resource.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    duration = forms.TypedChoiceField(label=_("For how long"), coerce=int, initial=60)
    earliest = forms.DateField(
        label=pgettext_lazy("time span", "From"), widget=_date_input(), validators=[within_years]
    )
    latest = forms.DateField(
        label=pgettext_lazy("time span", "To"), widget=_date_input(), validators=[within_years]
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = resources
        self.fields["resources"].label_from_instance = lambda r: f"{r.name} · {r.facility.name}"
        self.fields["duration"].choices = [(m, _duration_label(m)) for m in DURATIONS]

    def clean_resources(self):
        chosen = list(self.cleaned_data["resources"])
        if len(chosen) > 10:
            raise ValidationError(_("Choose at most 10 resources."), code="too_many")
        return chosen

    def clean(self):
        data = super().clean()
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest and latest:
            if latest < earliest:
                self.add_error("latest", _("The end of the search must not be before its start."))
            elif (latest - earliest).days > SEARCH_DAYS:
                self.add_error(
                    "latest",
                    _("Search at most %(days)s days at a time.") % {"days": SEARCH_DAYS},
                )
        return data


# --- the facility managers' forms ---------------------------------------------------------------
class DecisionForm(forms.Form):
    APPROVE, DECLINE = "approve", "decline"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline"))])
    note = forms.CharField(
        label=_("Note to the person (needed to decline)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ZonedForm(forms.Form):
    """A form whose date-and-time fields are read in the park's time zone."""

    def __init__(self, *args, zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def full_clean(self):
        with timezone.override(self.zone):
            super().full_clean()


class ClosureForm(ZonedForm):
    resource = forms.ModelChoiceField(
        label=_("Resource"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=_("the whole facility"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Closure.Kind.choices)
    starts_at = forms.DateTimeField(
        label=pgettext_lazy("time span", "From"),
        widget=DateTimeLocalInput(),
        validators=[within_years],
    )
    ends_at = forms.DateTimeField(
        label=pgettext_lazy("time span", "Until"),
        widget=DateTimeLocalInput(),
        validators=[within_years],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = facility.resources.order_by("name")

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class IncidentForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Incident.Severity.choices,
        help_text=_("High takes the resource out of service and tells those who booked it."),
    )
    title = forms.CharField(label=_("What happened"), max_length=200)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    back_in_service = forms.BooleanField(label=_("Back in service"), required=False, initial=True)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Resource.Status.choices)


class GrantForm(ZonedForm):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more, separated by commas, spaces or new lines."),
    )
    expires_at = forms.DateTimeField(
        label=_("Valid until"),
        required=False,
        widget=DateTimeLocalInput(),
        validators=[within_years],
        help_text=_("Empty: does not expire."),
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        emails = sorted({item.strip().lower() for item in raw if item.strip()})
        if not emails:
            raise ValidationError(_("Give at least one e-mail address."), code="required")
        if len(emails) > GRANT_LIMIT:
            raise ValidationError(
                _("Give at most %(count)s addresses at once.") % {"count": GRANT_LIMIT},
                code="too_many",
            )
        matches = Q()
        for email in emails:
            matches |= Q(email__iexact=email)
        people = {p.email.lower(): p for p in Person.objects.filter(matches, is_active=True)}
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise ValidationError(
                _("No one has an account with: %(emails)s. Nothing was granted.")
                % {"emails": ", ".join(unknown)},
                code="unknown",
            )
        return list(people.values())


class RevokeForm(forms.Form):
    people = IdsField(
        label=_("People"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = holders
        self.fields["people"].label_from_instance = lambda p: f"{p.full_name} <{p.email}>"
