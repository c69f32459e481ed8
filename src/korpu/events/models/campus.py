"""Campus: challenges posed by companies and parks, ideas, teams with open roles and join
requests, mentor time slots, project submissions, judging with rubrics, and the
follow-up of ideas chosen for implementation.

A campus is an :class:`Event` of kind ``campus``; everything here hangs off it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from korpu.directory.models import Organisation

from .events import Event


class Challenge(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    posed_by = models.ForeignKey(
        Organisation,
        verbose_name=_("posed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campus_challenges",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        CHOSEN = "chosen", _("chosen for implementation")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ideas")
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="campus_ideas",
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    team_needs = models.TextField(_("who the team needs"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True)
    # Follow-up of an idea chosen for implementation.
    followup_application = models.ForeignKey(
        "programs.Application",
        verbose_name=_("programme application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campus_ideas",
    )
    followup_url = models.URLField(_("follow-up link"), blank=True)
    followup_note = models.TextField(_("follow-up"), blank=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["event", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Team(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    idea = models.ForeignKey(
        Idea,
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum size"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    open_roles = models.JSONField(
        _("open roles"), default=list, blank=True, help_text=_("e.g. designer, backend developer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="team_name_unique_in_event")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    # ``event`` repeats team.event so that the database itself keeps one team per person.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campus_teams"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_team_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.team})"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campus_join_requests"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.team}"


class MentorSlot(models.Model):
    """A mentor's time slot at a campus; one team books it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mentor_slots")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campus_mentor_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentor_slots"
    )

    class Meta:
        verbose_name = _("mentor slot")
        verbose_name_plural = _("mentor slots")
        ordering = ["event", "starts_at"]

    def __str__(self) -> str:
        return f"{self.mentor} {self.starts_at:%Y-%m-%d %H:%M}"


def submission_upload_path(submission, filename: str) -> str:
    return f"campus/{submission.team.event_id}/{submission.team_id}/{filename}"


class Submission(models.Model):
    """A team's project, judged after the submission deadline."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="submission")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    links = models.JSONField(_("links"), default=list, blank=True)
    file = models.FileField(_("file"), upload_to=submission_upload_path, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["team__event", "title"]

    def __str__(self) -> str:
        return self.title


class JudgingCriterion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="judging_criteria")
    label = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Judge(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="judges")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campus_judging"
    )

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_judge_row")]

    def __str__(self) -> str:
        return str(self.person)


class JudgeAssignment(models.Model):
    """A judge scores a project; ``scores`` maps criterion id to a score."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="judge_assignments"
    )
    scores = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment to the team"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("judging assignment")
        verbose_name_plural = _("judging assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "submission"], name="one_judging_per_judge_and_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.submission}"
