"""The joint High Technologies Park's labs, equipment and spaces: resources with their
booking rules, maintenance windows and blackouts, bookings (single and weekly series),
waiting lists for a booked time, usage, incidents, and the R&D and production projects
that use them.

Rows here hold data and the invariants of one row. Every workflow (booking under a lock,
approval, cancellation with the waiting list, check-in, no-shows, incidents, projects)
lives in :mod:`korpu.facilities.services`; reads shared by pages and the API (calendars,
availability, find-a-time, usage) in :mod:`korpu.facilities.queries`.

Times are stored in UTC. Opening hours are wall-clock times in the park's time zone, so a
lab that opens at 08:00 opens at 08:00 local time on both sides of a daylight-saving
change.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModel

from korpu.directory.models import Organisation, Park, Person, Qualification, Site

from . import rules as perms

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Facility(RulesModel):
    """A lab, workshop, clean room, test hall or a floor of spaces in a park: the unit a
    facility manager runs. Its resources are what people book."""

    class Kind(models.TextChoices):
        LAB = "lab", _("laboratory")
        WORKSHOP = "workshop", _("prototyping workshop")
        CLEAN_ROOM = "clean_room", _("clean room")
        TEST = "test", _("test and measurement")
        PRODUCTION = "production", _("production line")
        SPACES = "spaces", _("meeting rooms and offices")

    # First segments of fixed addresses under /labs/: a facility may not take them.
    RESERVED_SLUGS = frozenset(
        {"my", "find-a-time", "projects", "resources", "feed", "bookings", "waiting", "api"}
    )

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="facilities"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
    )
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.LAB)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    managers = models.ManyToManyField(
        Person,
        verbose_name=_("facility managers"),
        blank=True,
        related_name="managed_facilities",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_public = models.BooleanField(
        _("resources and free times public"),
        default=True,
        help_text=_("Visitors may see the resources and when they are free."),
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["park", "name"]
        rules_permissions = {"view": perms.can_view_facility, "change": perms.can_manage_facility}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:facility", args=[self.slug])

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This short address is reserved.")})


class Resource(RulesModel):
    """Something booked: an instrument, a machine, a room, a desk, an office.

    Its booking rules: fixed slots or free times within opening hours, shortest and
    longest booking, notice, how far ahead, hours per week per person and per company,
    approval, price per hour by user category, and how many can use it at once."""

    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", _("instrument")
        MACHINE = "machine", _("machine")
        ROOM = "room", _("lab room")
        MEETING_ROOM = "meeting_room", _("meeting room")
        DESK = "desk", _("desk")
        OFFICE = "office", _("office")

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("in service")
        OUT_OF_SERVICE = "out_of_service", _("out of service")
        RETIRED = "retired", _("retired")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="resources"
    )
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind, default=Kind.INSTRUMENT)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.IN_SERVICE, db_index=True
    )
    # What it is
    manufacturer = models.CharField(_("manufacturer"), max_length=120, blank=True)
    model = models.CharField(_("model"), max_length=120, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="facilities/photos/", blank=True)
    manual = models.FileField(_("manual"), upload_to="facilities/manuals/", blank=True)

    # Booking rules
    capacity = models.PositiveSmallIntegerField(
        _("people at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many bookings may overlap (1 for an instrument, more for desks)."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text=_("Empty: free times. Otherwise bookings start and end on these slots."),
    )
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(20, 0))
    open_weekdays = models.JSONField(
        _("open on"), default=list, blank=True, help_text=_("Monday is 0, Sunday is 6.")
    )
    min_minutes = models.PositiveSmallIntegerField(
        _("shortest booking (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    max_minutes = models.PositiveIntegerField(
        _("longest booking (minutes)"), default=8 * 60, validators=[MinValueValidator(5)]
    )
    min_notice_minutes = models.PositiveIntegerField(_("minimum notice (minutes)"), default=0)
    max_days_ahead = models.PositiveSmallIntegerField(
        _("bookable up to (days ahead)"), default=60, validators=[MinValueValidator(1)]
    )
    max_hours_per_week_person = models.PositiveSmallIntegerField(
        _("hours per week per person"), null=True, blank=True
    )
    max_hours_per_week_company = models.PositiveSmallIntegerField(
        _("hours per week per company"), null=True, blank=True
    )
    requires_approval = models.BooleanField(_("bookings need approval"), default=False)
    required_qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification needed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    no_show_minutes = models.PositiveSmallIntegerField(
        _("released if not checked in within (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: bookings are never released for a no-show."),
    )
    # Price per hour by user category; empty means free of charge for that category.
    price_resident = models.DecimalField(
        _("price per hour for residents"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    price_partner = models.DecimalField(
        _("price per hour for partners"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    price_external = models.DecimalField(
        _("price per hour for others"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="AZN")
    linked_resources = models.ManyToManyField(
        "self",
        verbose_name=_("booked together with"),
        symmetrical=False,
        blank=True,
        related_name="linked_from",
        help_text=_("Booking this resource also books these (e.g. the room it stands in)."),
    )
    is_bookable = models.BooleanField(
        _("bookable online"),
        default=True,
        help_text=_("Off: only listed; the facility managers book it for people."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["facility", "name"]
        rules_permissions = {"view": perms.can_view_resource, "change": perms.can_manage_resource}
        constraints = [
            models.CheckConstraint(
                condition=Q(max_minutes__gte=models.F("min_minutes")),
                name="resource_longest_not_below_shortest",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:resource", args=[self.slug])

    @property
    def park(self) -> Park:
        return self.facility.park

    @property
    def is_free_of_charge(self) -> bool:
        return not any((self.price_resident, self.price_partner, self.price_external))


class Closure(models.Model):
    """A time a resource (or a whole facility) cannot be booked: maintenance, a
    blackout, a holiday. Searches and calendars show it instead of failing on it."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("maintenance")
        BLACKOUT = "blackout", _("closed")
        HOLIDAY = "holiday", _("holiday")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="closures"
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Empty: the whole facility."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.MAINTENANCE)
    starts_at = models.DateTimeField(pgettext_lazy("time span", "from"))
    ends_at = models.DateTimeField(pgettext_lazy("time span", "until"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("maintenance windows and closures")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["facility", "ends_at"], name="closure_facility_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.starts_at:%Y-%m-%d %H:%M}"


class Project(RulesModel):
    """An R&D or production project in the park: joint research, a prototype, or the
    production of devices, with partner organisations from both countries."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("joint research")
        PROTOTYPE = "prototype", _("prototype development")
        PRODUCTION = "production", _("device production")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        SUSPENDED = "suspended", _("suspended")

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="projects"
    )
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.RESEARCH)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_park_projects",
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="park_projects",
    )
    members = models.ManyToManyField(
        Person,
        verbose_name=_("members"),
        through="ProjectMember",
        blank=True,
        related_name="park_projects",
    )
    resources = models.ManyToManyField(
        Resource, verbose_name=_("resources used"), blank=True, related_name="projects"
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="AZN")
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("park project")
        verbose_name_plural = _("park projects")
        ordering = ["-starts_on", "title"]
        rules_permissions = {"view": perms.can_view_project, "change": perms.can_manage_project}

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("facilities:project", args=[self.slug])


class ProjectMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("project lead")
        RESEARCHER = "researcher", _("researcher")
        ENGINEER = "engineer", _("engineer")
        TECHNICIAN = "technician", _("technician")
        STUDENT = "student", _("young specialist")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.RESEARCHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="one_membership_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=250)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Output(models.Model):
    """What a project produced; these feed the cooperation's KPIs."""

    class Kind(models.TextChoices):
        PROTOTYPE = "prototype", _("prototype")
        DEVICE = "device", _("devices produced")
        PUBLICATION = "publication", _("publication")
        PATENT = "patent", _("patent filed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    date = models.DateField(_("date"))
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("DOI, patent number, batch")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return self.title


class BookingSeries(models.Model):
    """A weekly booking with an end date. Its occurrences are ordinary bookings; those
    that could not be made (a maintenance week, a time already taken) are kept in
    ``skipped`` with the reason, so the calendar export leaves them out (EXDATE)."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="series"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("booked by"), on_delete=models.CASCADE, related_name="+"
    )
    first_starts_at = models.DateTimeField(_("first occurrence"))
    duration_minutes = models.PositiveIntegerField(_("length (minutes)"))
    until = models.DateField(pgettext_lazy("time span", "until"))
    # [{"starts_at": ISO, "reason": translated text, "code": ...}, ...]
    skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly booking")
        verbose_name_plural = _("weekly bookings")

    def __str__(self) -> str:
        return f"{self.resource} · {self.first_starts_at:%Y-%m-%d %H:%M} → {self.until}"


class Booking(RulesModel):
    """A time on a resource for a person, optionally charged to a company and a project.

    Pending and approved bookings hold their place: no more than the resource's capacity
    of them overlap at any moment (checked under a lock on the resource; see services)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("booked")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("released (no-show)")

    HOLDING = (Status.PENDING, Status.APPROVED)

    class PriceCategory(models.TextChoices):
        RESIDENT = "resident", _("resident")
        PARTNER = "partner", _("partner")
        EXTERNAL = "external", _("external")

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="bookings"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("booked by"), on_delete=models.CASCADE, related_name="bookings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("charged to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facility_bookings",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    # A booking of a linked resource made together with this one points to it.
    linked_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="linked_bookings"
    )
    starts_at = models.DateTimeField(pgettext_lazy("time span", "from"))
    ends_at = models.DateTimeField(pgettext_lazy("time span", "until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.APPROVED, db_index=True
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    price_category = models.CharField(
        _("price category"), max_length=10, choices=PriceCategory, default=PriceCategory.EXTERNAL
    )
    hourly_price = models.DecimalField(
        _("price per hour"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Usage: when the person actually started and finished.
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        rules_permissions = {"view": perms.can_view_booking, "change": perms.can_change_booking}
        indexes = [
            # The calendar, availability and the overlap check read one resource's
            # bookings by time.
            models.Index(fields=["resource", "starts_at"], name="booking_resource_start"),
            models.Index(fields=["person", "starts_at"], name="booking_person_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_holding(self) -> bool:
        return self.status in self.HOLDING

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)

    @property
    def used_hours(self) -> Decimal | None:
        if self.checked_in_at is None:
            return None
        end = self.checked_out_at or self.ends_at
        seconds = max(0.0, (end - self.checked_in_at).total_seconds())
        return Decimal(seconds) / Decimal(3600)

    @property
    def cost(self) -> Decimal | None:
        """The price of the booked time (the park charges what was booked, as core
        facilities do); None when free of charge."""
        if self.hourly_price is None:
            return None
        return (self.hourly_price * self.hours).quantize(Decimal("0.01"))


class WaitingEntry(models.Model):
    """Someone waiting for a time that is taken. When a booking overlapping it is
    cancelled, declined or released, the first in line is offered the time and may take
    it until ``offer_expires_at``; then the next one is offered it."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered")
        BOOKED = "booked", _("booked")
        EXPIRED = "expired", _("offer expired")
        CANCELLED = "cancelled", _("left the waiting list")

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="waiting"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(pgettext_lazy("time span", "from"))
    ends_at = models.DateTimeField(pgettext_lazy("time span", "until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.WAITING, db_index=True
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="waiting_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["resource", "person", "starts_at"],
                condition=Q(status__in=["waiting", "offered"]),
                name="one_wait_per_person_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.resource} · {self.starts_at:%Y-%m-%d %H:%M}"


class Incident(models.Model):
    """A fault or safety event on a resource. A high-severity incident takes the
    resource out of service and tells everyone with an upcoming booking."""

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="incidents"
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    reported_by = models.ForeignKey(
        Person,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    took_out_of_service = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return self.title
