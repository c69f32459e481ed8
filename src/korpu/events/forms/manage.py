"""Forms of the organisers' pages: the event editor, the agenda, registrations and
invitations.

The forms only check the shape of the input; :mod:`korpu.events.setup` and
:mod:`korpu.events.services` apply it. Texts are entered per language like the programme
setup forms (``title_en``, ``title_az``, ``title_tr``…), and times in the event's zone:
the views validate and render inside ``timezone.override(<event zone>)``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import LANGUAGES, DateTimeLocalInput, ServiceModelForm, per_language
from korpu.common.i18n import language_choices
from korpu.directory.models import Partnership, Person, Qualification, Site

from ..models import Event, Registration, Room, Session, Track

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
# Reminders are looked for in the two weeks before an event (services.send_due_reminders).
MAX_REMINDER_HOURS = 24 * 14
MAX_INVITATIONS = 500


def _local_times(form, names, zone: str) -> None:
    for name in names:
        form.fields[name].widget = DateTimeLocalInput()
        form.fields[name].input_formats = DATETIME_FORMATS
        form.fields[name].help_text = " ".join(
            str(part) for part in (form.fields[name].help_text, zone) if part
        )


class EventForm(ServiceModelForm):
    """Every setting of an event. Organisers are chosen among ``organisers`` (the
    organisations the user manages); on an existing event the others stay as they are."""

    required_english = ("title_en",)
    TIMES = (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "cancellation_deadline",
        "submissions_close_at",
    )
    languages = forms.MultipleChoiceField(
        label=capfirst(Event._meta.get_field("languages").verbose_name),
        choices=language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    reminder_hours = forms.CharField(
        label=capfirst(Event._meta.get_field("reminder_hours").verbose_name),
        required=False,
        max_length=100,
        help_text=_("Hours before the start, separated by commas, e.g. 48, 2."),
    )

    class Meta:
        model = Event
        fields = [
            *per_language("title", "summary", "description"),
            "kind",
            "organisers",
            "partnership",
            "languages",
            "site",
            *per_language("venue_details"),
            "online_url",
            "time_zone",
            "starts_at",
            "ends_at",
            "visibility",
            "status",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "cancellation_deadline",
            "requires_approval",
            "waitlist_enabled",
            "offer_hours",
            "reminder_hours",
            "certificate_min_attendance",
            "grants_qualification",
            "submissions_close_at",
        ]
        widgets = {
            "organisers": forms.CheckboxSelectMultiple,
            **{f"description_{c}": forms.Textarea(attrs={"rows": 5}) for c in LANGUAGES},
        }

    def __init__(self, *args, organisers, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = organisers
        self.fields["partnership"].queryset = Partnership.objects.all()
        self.fields["site"].queryset = Site.objects.select_related("park").order_by(
            "park__name", "name"
        )
        self.fields["grants_qualification"].queryset = Qualification.objects.order_by("name")
        _local_times(self, self.TIMES, zone)
        if self.instance.pk:
            self.fields["organisers"].required = False
            self.fields["move_agenda"] = forms.BooleanField(
                label=_("Move the agenda with the event"),
                help_text=_("When the start changes, every session moves by the same amount."),
                required=False,
                initial=True,
            )
            self.fields["notify"] = forms.BooleanField(
                label=_("Tell the registered people about a change of time or venue"),
                required=False,
                initial=True,
            )
            self.fields["note"] = forms.CharField(
                label=_("Message to the registered people"),
                help_text=_("Sent with the news of a change, or as the reason of a cancellation."),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if not self.is_bound:
                self.initial["reminder_hours"] = ", ".join(
                    str(h) for h in self.instance.reminder_hours or []
                )
        else:
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != Event.Status.CANCELLED
            ]
            self.fields["slug"] = forms.SlugField(
                label=capfirst(Event._meta.get_field("slug").verbose_name),
                max_length=80,
                required=False,
                help_text=_("Part of the address; made from the English title if left empty."),
            )

    SECTIONS = (
        (_("The event"), ("title", "summary", "description", "kind", "languages", "slug")),
        (_("Organisers"), ("organisers", "partnership")),
        (_("Where"), ("site", "venue_details", "online_url")),
        (
            _("When"),
            ("time_zone", "starts_at", "ends_at", "move_agenda"),
        ),
        (
            _("Registration"),
            (
                "visibility",
                "status",
                "capacity",
                "registration_opens_at",
                "registration_closes_at",
                "cancellation_deadline",
                "requires_approval",
                "waitlist_enabled",
                "offer_hours",
                "reminder_hours",
            ),
        ),
        (_("Certificates"), ("certificate_min_attendance", "grants_qualification")),
        (_("Campus"), ("submissions_close_at",)),
        (_("Telling the participants"), ("notify", "note")),
    )

    def sections(self):
        """``(heading, bound fields)`` for each part of the page, per-language fields
        next to each other."""
        for heading, names in self.SECTIONS:
            fields = []
            for name in names:
                for key in (name, *(f"{name}_{code}" for code in LANGUAGES)):
                    if key in self.fields:
                        fields.append(self[key])
            if fields:
                yield heading, fields

    def clean_reminder_hours(self):
        raw = self.cleaned_data.get("reminder_hours") or ""
        hours = set()
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= MAX_REMINDER_HOURS:
                raise ValidationError(
                    _("“%(value)s” is not a number of hours between 1 and %(max)s."),
                    params={"value": part, "max": MAX_REMINDER_HOURS},
                )
            hours.add(int(part))
        return sorted(hours, reverse=True)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error(
                "registration_closes_at", _("Registration must close before the event ends.")
            )
        return data

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        data.pop("organisers", None)
        return data


class TrackForm(ServiceModelForm):
    required_english = ("name_en",)

    class Meta:
        model = Track
        fields = [*per_language("name"), "colour", "position"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def clean_colour(self):
        colour = self.cleaned_data["colour"]
        if (
            len(colour) != 7
            or colour[0] != "#"
            or not all(c in "0123456789abcdefABCDEF" for c in colour[1:])
        ):
            raise ValidationError(_("Enter a colour such as #1f6feb."))
        return colour.lower()


class RoomForm(ServiceModelForm):
    required_english = ("name_en",)

    class Meta:
        model = Room
        fields = [*per_language("name"), "position"]


class SessionForm(ServiceModelForm):
    required_english = ("title_en",)

    class Meta:
        model = Session
        fields = [
            *per_language("title", "description"),
            "track",
            "room",
            "starts_at",
            "ends_at",
            "capacity",
            "counts_for_attendance",
        ]
        widgets = {f"description_{c}": forms.Textarea(attrs={"rows": 3}) for c in LANGUAGES}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = event.tracks.all()
        self.fields["room"].queryset = event.rooms.all()
        _local_times(self, ("starts_at", "ends_at"), event.time_zone)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class SpeakerForm(forms.Form):
    """A speaker is a person of the directory (by e-mail address) or a guest by name."""

    email = forms.EmailField(
        label=_("E-mail address of a person in the directory"), required=False, max_length=254
    )
    guest_name = forms.CharField(label=_("Or a guest's name"), required=False, max_length=200)
    guest_affiliation = forms.CharField(label=_("Affiliation"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        email, guest = data.get("email"), (data.get("guest_name") or "").strip()
        if self.errors:
            return data
        if bool(email) == bool(guest):
            raise ValidationError(
                _("Give either the e-mail address of a person in the directory or a guest's name.")
            )
        data["person"] = None
        if email:
            data["person"] = Person.objects.filter(email__iexact=email, is_active=True).first()
            if data["person"] is None:
                self.add_error(
                    "email",
                    _("No one in the directory has this address: add the speaker as a guest."),
                )
        data["guest_name"] = guest
        return data


STATUS_FILTERS = [("", _("All")), *Registration.Status.choices]


class RegistrationFilterForm(forms.Form):
    """Filters of the registrations list; a bad value falls back to the default."""

    label_suffix = ""
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value.strip() if isinstance(value, str) else value
            for key, value in self.cleaned_data.items()
            if value not in ("", None)
        }


ACTIONS = [
    ("approve", _("Approve")),
    ("reject", _("Decline")),
    ("cancel", _("Cancel the registration")),
]


class RegistrationActionForm(forms.Form):
    registrations = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": _("Select at least one registration.")}
    )
    action = forms.ChoiceField(
        choices=ACTIONS, error_messages={"required": _("Choose what to do.")}
    )
    note = forms.CharField(
        label=_("Message to the participant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = [(pk, pk) for pk in registrations]
        self.fields["registrations"].error_messages["invalid_choice"] = _(
            "One of the selected registrations is no longer there: reload the page."
        )


class InvitationForm(forms.Form):
    """E-mail addresses, one a line; one bad line refuses the whole list."""

    emails = forms.CharField(
        label=_("E-mail addresses, one a line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Paste at least one e-mail address.")},
    )

    def clean_emails(self):
        emails, problems = [], []
        for number, line in enumerate(self.cleaned_data["emails"].splitlines(), start=1):
            address = line.strip().strip(",;").strip()
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                problems.append(
                    ValidationError(
                        _("Line %(line)s: “%(value)s” is not an e-mail address."),
                        params={"line": number, "value": address[:100]},
                    )
                )
            else:
                emails.append(address.lower())
        if problems:
            raise ValidationError(problems)
        emails = list(dict.fromkeys(emails))
        if not emails:
            raise ValidationError(_("Paste at least one e-mail address."))
        if len(emails) > MAX_INVITATIONS:
            raise ValidationError(
                _("At most %(max)s addresses at a time."), params={"max": MAX_INVITATIONS}
            )
        return emails
