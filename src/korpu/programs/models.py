"""Programmes the partners exchange: calls with application forms, reviews with rubrics
and conflict-of-interest checks, reviewer assignments, decisions, cohorts with mentors,
milestones and metrics, and specialist exchange placements.

Permissions are declared on the models from the predicates in :mod:`.rules`.
"""

import statistics
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.directory.models import Organisation, Park, Partnership, time_zone_choices

from . import rules as perms


class Programme(RulesModel):
    """An acceleration, incubation, technology-transfer, training or exchange programme,
    run by one organisation and opened to partners."""

    class Kind(models.TextChoices):
        ACCELERATION = "acceleration", _("acceleration")
        INCUBATION = "incubation", _("incubation")
        TECHNOLOGY_TRANSFER = "technology_transfer", _("technology transfer")
        TRAINING = "training", _("training")
        SPECIALIST_EXCHANGE = "specialist_exchange", _("specialist exchange")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("opened to"),
        blank=True,
        related_name="programmes_opened",
        help_text=_("Partner organisations whose companies and people may take part."),
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("exchanged under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Baku"
    )
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]
        rules_permissions = {
            "view": perms.can_view_programme,
            "change": perms.can_manage_programme,
        }

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:programme", args=[self.slug])

    # Addresses taken by other programme pages (/programmes/<word>/…).
    RESERVED_SLUGS = frozenset(
        {
            "applications",
            "reviews",
            "manage",
            "cohorts",
            "cohort-members",
            "office-hours",
            "milestones",
            "placements",
            "new",
        }
    )

    def clean(self):
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is used by another page.")})


class Call(RulesModel):
    """A round of a programme: dates, who may apply, the form and the review."""

    class ApplicantKind(models.TextChoices):
        COMPANY = "company", _("companies")
        PERSON = "person", _("individuals")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="calls"
    )
    slug = models.SlugField(_("short address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_published = models.BooleanField(_("published"), default=True)
    applicant_kind = models.CharField(
        _("who applies"), max_length=8, choices=ApplicantKind, default=ApplicantKind.COMPANY
    )
    eligible_countries = models.JSONField(
        _("eligible countries"), default=list, blank=True, help_text=_("Empty: any country.")
    )
    eligible_company_kinds = models.JSONField(
        _("eligible company kinds"), default=list, blank=True, help_text=_("Empty: any kind.")
    )
    resident_of = models.ForeignKey(
        Park,
        verbose_name=_("only residents of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("reviews per application"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        rules_permissions = {"view": perms.can_view_call, "change": perms.can_manage_call}
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="call_slug_per_programme"),
            models.CheckConstraint(
                name="call_closes_after_opening", condition=Q(closes_at__gt=models.F("opens_at"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:call", args=[self.programme.slug, self.slug])

    def is_open(self, at=None) -> bool:
        now = at or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    @property
    def phase(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class Question(models.Model):
    """One question of a call's application form, built by the manager."""

    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("one choice")
        MULTIPLE_CHOICE = "multiple_choice", _("several choices")
        FILE = "file", _("file")
        URL = "url", _("web address")
        DATE = "date", _("date")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice questions: the options.")
    )
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.kind in (self.Kind.CHOICE, self.Kind.MULTIPLE_CHOICE) and len(self.choices) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two options.")})


class Application(RulesModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("waitlisted")
        REJECTED = "rejected", _("rejected")

    DECIDED = (Status.ACCEPTED, Status.WAITLISTED, Status.REJECTED)

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking: every save of the draft increments it; an edit based on an
    # older version is refused instead of silently overwriting a colleague's work.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("message to the applicant"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        rules_permissions = {
            "view": perms.can_view_application,
            "change": perms.can_edit_application,
        }
        constraints = [
            models.UniqueConstraint(
                fields=["call", "company"],
                condition=Q(company__isnull=False) & ~Q(status="withdrawn"),
                name="one_application_per_company_and_call",
            ),
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=Q(company__isnull=True) & ~Q(status="withdrawn"),
                name="one_application_per_person_and_call",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:application", args=[self.pk])

    @property
    def applicant_name(self) -> str:
        return self.company.name if self.company_id else self.applicant.full_name


def answer_upload_path(answer, filename: str) -> str:
    return f"applications/{answer.application_id}/{answer.question_id}/{filename}"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to=answer_upload_path, blank=True)
    file_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


# --- review ------------------------------------------------------------------------------
class ReviewStage(models.Model):
    class Aggregate(models.TextChoices):
        MEAN = "mean", _("weighted mean")
        MEDIAN = "median", _("median")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="review_stages")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    aggregate = models.CharField(
        _("total across reviewers"), max_length=8, choices=Aggregate, default=Aggregate.MEAN
    )
    blind = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who applied.")
    )
    is_open = models.BooleanField(_("open for reviews"), default=True)

    class Meta:
        verbose_name = _("review stage")
        verbose_name_plural = _("review stages")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return f"{self.call} · {self.name}"


class Criterion(models.Model):
    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("guidance"), max_length=500, blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["stage", "position", "id"]

    def __str__(self) -> str:
        return self.label


class CallReviewer(models.Model):
    """A person in a call's reviewer pool, with the load they accept."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_pool")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewing_calls"
    )
    min_load = models.PositiveSmallIntegerField(_("minimum applications"), default=0)
    max_load = models.PositiveSmallIntegerField(_("maximum applications"), default=8)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="one_pool_entry"),
            models.CheckConstraint(
                name="reviewer_min_below_max", condition=Q(min_load__lte=models.F("max_load"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ({self.min_load}–{self.max_load})"


class DeclaredRelationship(models.Model):
    """A tie a person declares with an organisation (adviser, investor, former employee…):
    it makes them conflicted for that organisation's applications."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_relationships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("relationship"), max_length=200)

    class Meta:
        verbose_name = _("declared relationship")
        verbose_name_plural = _("declared relationships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="one_declared_tie")
        ]

    def __str__(self) -> str:
        return f"{self.person} ↔ {self.organisation}: {self.note}"


class Conflict(models.Model):
    """A reviewer who must not review an application, detected or declared."""

    class Source(models.TextChoices):
        SAME_ORGANISATION = "same_organisation", _("works at the applicant organisation")
        SAME_EMAIL_DOMAIN = "email_domain", _("same e-mail domain as the applicant")
        APPLICANT = "applicant", _("is the applicant")
        RELATIONSHIP = "relationship", _("declared relationship")
        DECLARED = "declared", _("declared by the reviewer")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    source = models.CharField(_("why"), max_length=20, choices=Source)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A manager may lift a detected conflict (never a declared one) with a logged reason.
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.CharField(_("reason for overriding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "source"], name="one_conflict_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ✗ {self.application} ({self.get_source_display()})"

    @property
    def is_active(self) -> bool:
        return self.overridden_by_id is None


class Assignment(RulesModel):
    """A reviewer asked to review an application in a stage."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("automatic")
        MANUAL = "manual", _("by hand")

    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    source = models.CharField(max_length=10, choices=Source, default=Source.MANUAL)
    affinity = models.FloatField(_("affinity"), default=0.0)
    locked = models.BooleanField(_("locked"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        rules_permissions = {"view": perms.can_view_assignment}
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "application", "reviewer"], name="one_assignment_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Review(RulesModel):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    # {criterion id (as text): score}
    scores = models.JSONField(default=dict)
    comment = models.TextField(_("comment for the managers"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment}"

    def weighted_score(self, criteria) -> float | None:
        """Weighted mean of the criteria, each scaled to 0–100."""
        total = weights = 0.0
        for criterion in criteria:
            score = self.scores.get(str(criterion.pk))
            if score is None:
                return None
            weight = float(criterion.weight)
            total += score / criterion.max_score * 100 * weight
            weights += weight
        return total / weights if weights else None


def aggregate_scores(values: list[float], how: str) -> float | None:
    """A stage's total across reviewers: the mean or the median of reviewers' scores."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    if how == ReviewStage.Aggregate.MEDIAN:
        return statistics.median(values)
    return statistics.fmean(values)


# --- cohorts and mentoring -----------------------------------------------------------------
class Cohort(RulesModel):
    """The accepted applicants of a call who go through the programme together."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    call = models.OneToOneField(
        Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="cohort"
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    max_mentor_hours_per_member = models.DecimalField(
        _("mentoring hours per member (cap)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        rules_permissions = {"view": perms.can_view_cohort, "change": perms.can_manage_cohort}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:cohort", args=[self.pk])


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    company = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate)

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.CheckConstraint(
                name="cohort_member_is_company_or_person",
                condition=Q(company__isnull=False) | Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["cohort", "company"],
                condition=Q(company__isnull=False),
                name="company_once_per_cohort",
            ),
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(person__isnull=False),
                name="person_once_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.company.name if self.company_id else self.person.full_name


class CohortSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            )
        ]

    def __str__(self) -> str:
        return self.title


class Mentor(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentors")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring"
    )
    topics = models.CharField(_("topics"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="mentor_once_per_cohort")
        ]

    def __str__(self) -> str:
        return str(self.person)


class OfficeHourSlot(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("office-hour slot")
        verbose_name_plural = _("office-hour slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="slot_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600


class OfficeHourBooking(models.Model):
    # One booking per slot, enforced by the database: no double booking.
    slot = models.OneToOneField(OfficeHourSlot, on_delete=models.CASCADE, related_name="booking")
    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("what to discuss"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("office-hour booking")
        verbose_name_plural = _("office-hour bookings")

    def __str__(self) -> str:
        return f"{self.slot} ← {self.member}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        MISSED = "missed", _("missed")

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class MetricReport(models.Model):
    """Figures a company reports for one month while in a programme."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="metrics")
    period = models.DateField(_("month"), help_text=_("The first day of the month."))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    revenue = models.DecimalField(
        _("revenue (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_raised = models.DecimalField(
        _("funding raised (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    customers = models.PositiveIntegerField(_("customers"), null=True, blank=True)
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        ordering = ["member", "period"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="one_report_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period:%Y-%m}"

    def clean(self):
        if self.period and self.period.day != 1:
            self.period = self.period.replace(day=1)


# --- specialist exchange ---------------------------------------------------------------------
class Placement(RulesModel):
    """A young specialist placed at a host organisation of the partner country."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="placements")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements"
    )
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosted_placements"
    )
    host_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_placements",
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    learning_goals = models.TextField(_("learning goals"), blank=True)
    final_report = models.TextField(_("final report"), blank=True)
    host_evaluation = models.TextField(_("host's evaluation"), blank=True)
    host_rating = models.PositiveSmallIntegerField(
        _("host's rating (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on"]
        rules_permissions = {
            "view": perms.can_view_placement,
            "change": perms.can_manage_placement,
        }
        constraints = [
            models.CheckConstraint(
                name="placement_ends_after_start", condition=Q(ends_on__gte=models.F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.specialist} @ {self.host}"


class AssignmentRun(models.Model):
    """One run of the automatic reviewer assignment, watched by the manager."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        INFEASIBLE = "infeasible", _("infeasible")
        FAILED = "failed", _("failed")

    class Mode(models.TextChoices):
        SUM = "sum", _("best total affinity")
        FAIR = "fair", _("fairest to the worst-off application")

    stage = models.ForeignKey(ReviewStage, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=4, choices=Mode, default=Mode.SUM)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    objective = models.FloatField(_("total affinity"), null=True, blank=True)
    min_application_score = models.FloatField(null=True, blank=True)
    assignments_made = models.PositiveIntegerField(default=0)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.stage} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.INFEASIBLE, self.Status.FAILED)
