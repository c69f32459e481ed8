"""Events, their agenda, registrations with waiting lists, invitations, check-in,
certificates of attendance, reminders and feedback surveys.

Capacity is never stored as a counter: it is counted under a row lock on the event (or
session) whose places are being used, see :mod:`korpu.events.services`.
"""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.directory.models import (
    Organisation,
    Partnership,
    Qualification,
    QualificationGrant,
    Site,
    time_zone_choices,
)

from .. import rules as perms


def new_ticket_code() -> str:
    """128 random bits, URL-safe: printed in the QR code, unguessable."""
    return secrets.token_urlsafe(16)


def new_token() -> str:
    return secrets.token_urlsafe(24)


# Crockford-style alphabet without look-alikes (0/O, 1/I/L, U): read aloud or typed from paper.
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_verification_code() -> str:
    """E.g. ``K7QM-X3PD-9RTA``: 12 characters of a 29-letter alphabet (58 bits)."""
    raw = "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


class Event(RulesModel):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("seminar")
        TRAINING = "training", _("training")
        CONFERENCE = "conference", _("conference")
        CAMPUS = "campus", _("campus")
        BROKERAGE_DAY = "brokerage_day", _("brokerage day")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INVITATION_ONLY = "invitation_only", _("invitation only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    RESERVED_SLUGS = frozenset({"new", "my", "calendar", "verify", "checkin", "api", "feeds"})

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="organised_events"
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("under the partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The memorandum this event is held under, if any."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    venue_details = models.CharField(
        _("venue details"), max_length=300, blank=True, help_text=_("Hall, floor, directions.")
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to people with a confirmed registration."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Baku"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)

    # Registration rules
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(
        _("participants may cancel until"), null=True, blank=True
    )
    requires_approval = models.BooleanField(_("organisers approve registrations"), default=False)
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed place"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: the first person waiting is registered at once. Otherwise they are "
            "offered the place and must accept it within this many hours."
        ),
    )
    reminder_hours = models.JSONField(
        _("reminders (hours before the start)"), default=list, blank=True
    )

    # Certificates
    certificate_min_attendance = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Empty: no certificates. E.g. 80 means at least 80% of the sessions."),
    )
    grants_qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("completing it grants"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_events",
    )

    # Campus
    submissions_close_at = models.DateTimeField(
        _("projects can be submitted until"), null=True, blank=True
    )
    results_published = models.BooleanField(_("judging results published"), default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        rules_permissions = {"view": perms.can_view_event, "change": perms.can_manage_event}
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This short name is reserved.")})
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return self.site_id is None and bool(self.online_url)

    def registration_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and at < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return at < closes

    def can_cancel(self, at=None) -> bool:
        at = at or timezone.now()
        deadline = self.cancellation_deadline or self.starts_at
        return at < deadline


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7, default="#1f6feb")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One item of the agenda: a talk, a workshop, a panel, a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    track = models.ForeignKey(
        Track, verbose_name=_("track"), null=True, blank=True, on_delete=models.SET_NULL
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.SET_NULL
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: open to everyone registered. Otherwise people sign up for it."),
    )
    counts_for_attendance = models.BooleanField(
        _("counts for the certificate"), default=True, help_text=_("Untick for breaks.")
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "room__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})


class Speaker(models.Model):
    """A speaker of a session: a person of the directory, or a guest by name."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
    )
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True)
    guest_affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""), name="speaker_has_a_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.guest_name


class Question(models.Model):
    """A question of an event's registration form or of its feedback survey."""

    class Form(models.TextChoices):
        REGISTRATION = "registration", _("registration form")
        SURVEY = "survey", _("feedback survey")

    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("one choice")
        MULTIPLE_CHOICE = "multiple_choice", _("several choices")
        RATING = "rating", _("rating from 1 to 5")
        YES_NO = "yes_no", _("yes or no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    form = models.CharField(_("form"), max_length=12, choices=Form)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice questions: the options.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "form", "position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.kind in (self.Kind.CHOICE, self.Kind.MULTIPLE_CHOICE) and len(self.choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two options.")})


class Invitation(models.Model):
    """A personal invitation: its link works once, for the invited address only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "email"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.email}"


class Registration(RulesModel):
    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("place offered")
        CANCELLED = "cancelled", _("cancelled")
        REJECTED = "rejected", _("declined by the organisers")
        EXPIRED = "expired", _("offer expired")

    # Statuses that hold (or may still claim) a place and block a second registration.
    ACTIVE = (Status.PENDING_APPROVAL, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    # Statuses that use one of the event's places.
    HOLDING_A_PLACE = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registration"
    )
    ticket_code = models.CharField(max_length=32, unique=True, default=new_ticket_code)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # The waiting list is served in the order people joined it.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        rules_permissions = {
            "view": perms.can_view_registration,
            "change": perms.can_manage_registration,
        }
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["pending_approval", "confirmed", "waitlisted", "offered"]),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at", "id"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", args=[self.event.slug])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class SessionSeat(models.Model):
    """A registered person's place in a session that has its own capacity."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_seats"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session place")
        verbose_name_plural = _("session places")
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="one_seat_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session}"


class CheckIn(models.Model):
    """A scan of a ticket: at the entrance (no session) or at a session, for attendance."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins"
    )
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(session__isnull=True),
                name="one_entrance_check_in",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="one_check_in_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session or 'entrance'}"


class Certificate(models.Model):
    """A certificate of attendance; anyone holding the code can verify it."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=14, unique=True, default=new_verification_code)
    issued_at = models.DateTimeField(default=timezone.now)
    attendance_percent = models.PositiveSmallIntegerField()
    qualification_grant = models.ForeignKey(
        QualificationGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("events:verify_certificate", args=[self.code])


class ReminderSent(models.Model):
    """Which reminder went to whom, so the periodic job never sends one twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    hours_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "hours_before"], name="one_reminder_per_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.hours_before} h"


class Survey(models.Model):
    """The feedback survey of an event; its questions are ``Question(form=survey)``."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="survey")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")

    def __str__(self) -> str:
        return str(self.event)

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at and (self.closes_at is None or at < self.closes_at)


class SurveyResponse(models.Model):
    """One participant's answers; organisers see them only in aggregate and anonymised."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="survey_responses"
    )
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "registration"], name="one_response_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"
