"""Brokerage days: B2B matchmaking at a conference or a brokerage event.

A :class:`BrokerageDay` belongs to one event. Its time grid is made of
:class:`GridSession` rows (a block of meeting time on one day) with :class:`Break` rows
inside them; :func:`korpu.matchmaking.services.generate_slots` cuts them into
:class:`Slot` rows of the day's slot length. Meetings take place at a :class:`Location`
(a table, a room, a booth or a virtual room) that hosts ``capacity`` meetings per slot.

Participants publish a :class:`Profile` with :class:`MarketplaceEntry` items, send
:class:`MeetingRequest` rows to each other, and an accepted request becomes a
:class:`Meeting`. The scheduler (:mod:`korpu.matchmaking.scheduling`) gives meetings a
slot and a location; each run is a :class:`ScheduleRun`.

Who sits where is kept twice on purpose: ``Meeting.slot`` and, for each participant,
``Participation.slot``. The second copy carries the constraint "nobody is in two
meetings in one slot" in the database, behind the row locks of the services.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.common.i18n import country_choices, country_name
from korpu.directory.models import Organisation, Sector
from korpu.events.models import Event

from . import rules as perms

BROKERAGE_EVENT_KINDS = (Event.Kind.CONFERENCE, Event.Kind.BROKERAGE_DAY)
SLOT_MINUTES = ((15, _("15 minutes")), (20, _("20 minutes")), (30, _("30 minutes")))


class BrokerageDay(RulesModel):
    """The matchmaking of one event: its rules, its time grid and its schedule."""

    class RequestMode(models.TextChoices):
        OPT_IN = "opt_in", _("the invitee accepts or declines each request")
        OPT_OUT = "opt_out", _("requests are accepted automatically")

    class ScheduleStatus(models.TextChoices):
        DRAFT = "draft", _("not published")
        PRELIMINARY = "preliminary", _("preliminary")
        FINAL = "final", _("final")

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="brokerage_day"
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to participants above the profiles.")
    )
    request_mode = models.CharField(
        _("meeting requests"), max_length=8, choices=RequestMode, default=RequestMode.OPT_IN
    )
    request_expiry_hours = models.PositiveSmallIntegerField(
        _("requests expire after (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_("A request nobody answers expires, so that it blocks nobody's time."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("meeting length"), choices=SLOT_MINUTES, default=20
    )
    self_scheduling = models.BooleanField(
        _("participants may pick a free common slot themselves"), default=False
    )
    profiles_open = models.BooleanField(
        _("participants may create and edit profiles"), default=True
    )
    requests_open = models.BooleanField(_("participants may request meetings"), default=True)
    schedule_status = models.CharField(
        _("schedule"), max_length=12, choices=ScheduleStatus, default=ScheduleStatus.DRAFT
    )
    schedule_published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    video_link = models.URLField(
        _("default video link"), blank=True, help_text=_("For virtual meetings without their own.")
    )
    reminder_minutes = models.PositiveSmallIntegerField(
        _("reminder before each meeting (minutes)"),
        default=15,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("0: no reminders."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brokerage day")
        verbose_name_plural = _("brokerage days")
        ordering = ["event__starts_at", "id"]
        rules_permissions = {
            "view": perms.can_view_brokerage_day,
            "change": perms.can_manage_brokerage_day,
        }

    def __str__(self) -> str:
        return str(self.event)

    def clean(self):
        if self.event_id and self.event.kind not in BROKERAGE_EVENT_KINDS:
            raise ValidationError(
                {"event": _("Only conferences and brokerage days hold B2B meetings.")}
            )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self.event.zone

    @property
    def schedule_published(self) -> bool:
        return self.schedule_status != self.ScheduleStatus.DRAFT


class GridSession(models.Model):
    """A block of meeting time on one day (e.g. 14:00–17:30 on the first day)."""

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="grid_sessions"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    day = models.DateField(_("day"), help_text=_("In the event's time zone."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting session")
        verbose_name_plural = _("meeting sessions")
        ordering = ["brokerage_day", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="grid_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, self.brokerage_day.zone)
        end = timezone.localtime(self.ends_at, self.brokerage_day.zone)
        return self.name or f"{local:%Y-%m-%d %H:%M}–{end:%H:%M}"


class Break(models.Model):
    """A pause inside a meeting session: no slot overlaps it."""

    session = models.ForeignKey(GridSession, on_delete=models.CASCADE, related_name="breaks")
    name = models.CharField(_("name"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["session", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="brokerage_break_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("break"))


class Slot(models.Model):
    """One meeting time; generated from the sessions and breaks, never edited by hand."""

    brokerage_day = models.ForeignKey(BrokerageDay, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(GridSession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["brokerage_day", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["brokerage_day", "starts_at"], name="brokerage_one_slot_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="brokerage_slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at, self.brokerage_day.zone)
        return f"{start:%Y-%m-%d %H:%M}"

    @property
    def day(self):
        return self.session.day


class Location(models.Model):
    """Where meetings take place; ``capacity`` meetings at once."""

    class Kind(models.TextChoices):
        TABLE = "table", _("table")
        ROOM = "room", _("room")
        BOOTH = "booth", _("booth")
        VIRTUAL = "virtual", _("virtual meeting room")

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="locations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.TABLE)
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(
        _("meetings at once"), default=1, validators=[MinValueValidator(1)]
    )
    video_link = models.URLField(_("video link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["brokerage_day", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="location_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Profile(RulesModel):
    """A participant of a brokerage day: who they are, what they offer and seek."""

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="profiles"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="brokerage_profiles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokerage_profiles",
    )
    offer = models.TextField(_("what we offer"), blank=True)
    seek = models.TextField(_("what we are looking for"), blank=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="brokerage_profiles"
    )
    languages = models.JSONField(
        _("languages for meetings"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    availability = models.ManyToManyField(
        Slot,
        verbose_name=_("available for meetings"),
        blank=True,
        related_name="available_profiles",
        help_text=_("Empty: every slot."),
    )
    booth = models.OneToOneField(
        Location,
        verbose_name=_("own booth"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owner",
    )
    published = models.BooleanField(_("visible to the other participants"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")
        ordering = ["brokerage_day", "organisation__name", "person__last_name", "id"]
        rules_permissions = {"view": perms.can_view_profile, "change": perms.can_change_profile}
        constraints = [
            models.UniqueConstraint(
                fields=["brokerage_day", "person"], name="one_profile_per_person_and_day"
            )
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.person.full_name} ({self.organisation.name})"
        return self.person.full_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.person.full_name

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class MarketplaceEntry(models.Model):
    """Something a participant puts on the marketplace: a product, a service, an idea."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("product")
        SERVICE = "service", _("service")
        PARTNERSHIP = "partnership", _("partnership")
        PROJECT_COOPERATION = "project_cooperation", _("project cooperation")
        INVESTMENT = "investment", _("investment")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("marketplace entry")
        verbose_name_plural = _("marketplace entries")
        ordering = ["profile", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingRequest(RulesModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    # A pair of profiles has at most one request in these statuses, whoever asked.
    OPEN = (Status.PENDING, Status.ACCEPTED)

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="requests"
    )
    requester = models.ForeignKey(
        Profile, verbose_name=_("from"), on_delete=models.CASCADE, related_name="requests_sent"
    )
    invitee = models.ForeignKey(
        Profile, verbose_name=_("to"), on_delete=models.CASCADE, related_name="requests_received"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        rules_permissions = {"view": perms.can_view_request, "change": perms.can_decide_request}
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("invitee")), name="no_request_to_oneself"
            ),
            models.UniqueConstraint(
                Least("requester", "invitee"),
                Greatest("requester", "invitee"),
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_request_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.invitee}"


class Meeting(RulesModel):
    """An agreed meeting of two or more participants; ``slot`` and ``location`` are set
    together when it is scheduled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    class PlacedBy(models.TextChoices):
        SCHEDULER = "scheduler", _("the scheduler")
        ORGANISER = "organiser", _("an organiser")
        PARTICIPANT = "participant", _("a participant")

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    participants = models.ManyToManyField(
        Profile, through="Participation", related_name="meetings", verbose_name=_("participants")
    )
    host = models.ForeignKey(
        Profile,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
        help_text=_("A host with a booth receives the meeting there. Empty: chosen for you."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.CONFIRMED, db_index=True
    )
    weight = models.PositiveSmallIntegerField(
        _("priority"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The scheduler places meetings of higher priority first."),
    )
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    placed_by = models.CharField(_("placed by"), max_length=12, choices=PlacedBy, blank=True)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("The scheduler keeps its slot and place.")
    )
    video_link = models.URLField(_("video link"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["brokerage_day", "slot__starts_at", "location__position", "id"]
        rules_permissions = {"view": perms.can_view_meeting, "change": perms.can_manage_meeting}
        constraints = [
            models.CheckConstraint(
                condition=Q(slot__isnull=True, location__isnull=True)
                | Q(slot__isnull=False, location__isnull=False),
                name="meeting_slot_and_location_together",
            ),
            models.CheckConstraint(
                condition=Q(locked=False) | Q(slot__isnull=False), name="meeting_locked_in_place"
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed") | Q(slot__isnull=True),
                name="cancelled_meeting_holds_no_slot",
            ),
        ]

    def __str__(self) -> str:
        names = [p.display_name for p in self.participants.all()]
        return " · ".join(names) or f"#{self.pk}"

    @property
    def is_scheduled(self) -> bool:
        return self.slot_id is not None

    @property
    def is_virtual(self) -> bool:
        return self.location_id is not None and self.location.kind == Location.Kind.VIRTUAL

    @property
    def effective_video_link(self) -> str:
        if not self.is_virtual:
            return self.video_link
        return self.video_link or self.location.video_link or self.brokerage_day.video_link


class Participation(models.Model):
    """A participant of a meeting. ``slot`` repeats the meeting's slot while it is
    scheduled and confirmed, so the database itself refuses a second meeting of one
    person in one slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="participations")
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "profile"], name="participate_once"),
            models.UniqueConstraint(
                fields=["profile", "slot"],
                condition=Q(slot__isnull=False),
                name="one_meeting_per_person_and_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} @ {self.meeting_id}"


class MeetingFeedback(models.Model):
    class Outcome(models.TextChoices):
        DID_NOT_TAKE_PLACE = "did_not_take_place", _("the meeting did not take place")
        INSUFFICIENT_INTEREST = "insufficient_interest", _("insufficient interest")
        INFORMATIVE = "informative", _("informative, no cooperation planned")
        COOPERATION_POSSIBLE = "cooperation_possible", _("cooperation possible")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="feedback_given")
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "profile"], name="one_feedback_per_meeting_and_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.profile}: {self.outcome}"

    @property
    def took_place(self) -> bool:
        return self.outcome != self.Outcome.DID_NOT_TAKE_PLACE


class ScheduleRun(models.Model):
    """One run of "schedule all", watched by the organisers while it works."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    brokerage_day = models.ForeignKey(
        BrokerageDay, on_delete=models.CASCADE, related_name="schedule_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    seed = models.PositiveIntegerField(default=0)
    progress = models.FloatField(_("progress"), default=0.0)
    progress_message = models.CharField(_("progress"), max_length=200, blank=True)
    # weight_scheduled, upper_bound, idle_slots, proved_optimal, seconds, meetings,
    # scheduled, unscheduled, kept (locked or past), conflicts (changed while it ran)
    stats = models.JSONField(_("results"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.brokerage_day} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_text(self) -> str:
        """What the run is doing, in the viewer's language (stored as the phase's key)."""
        return str(PROGRESS_PHASES.get(self.progress_message, self.progress_message))


# The phases a schedule run reports (the service's and the solver's, which has no
# translations of its own), stored by key and shown in the viewer's language.
PROGRESS_PHASES = {
    "reading the meetings": _("Reading the meetings…"),
    "scheduling": _("Scheduling the meetings…"),
    "instance checked": _("Meetings and time grid checked"),
    "first schedule built": _("First schedule built"),
    "placing the remaining meetings": _("Placing the remaining meetings"),
    "proving the bound": _("Proving how many meetings can be scheduled at most"),
    "reducing idle slots": _("Reducing the waiting time between meetings"),
    "done": _("Done"),
}
