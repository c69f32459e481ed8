"""Reads shared by the programme pages and the API (permission-filtered lists)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from korpu.common.i18n import translated_order
from korpu.directory.queries import organisation_ids_of
from korpu.directory.rules import MANAGING_ROLES, is_signed_in

from .models import (
    Application,
    Assignment,
    Call,
    Cohort,
    Conflict,
    Criterion,
    Programme,
    Review,
    ReviewStage,
    aggregate_scores,
)


def visible_programmes(user) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("owner")
    if is_signed_in(user) and user.is_staff:
        return programmes
    condition = Q(is_public=True)
    if is_signed_in(user):
        mine = organisation_ids_of(user)
        condition |= Q(owner__in=mine) | Q(
            pk__in=Programme.partners.through.objects.filter(organisation__in=mine).values(
                "programme_id"
            )
        )
    return programmes.filter(condition)


def managed_programmes(user) -> QuerySet[Programme]:
    if not is_signed_in(user):
        return Programme.objects.none()
    if user.is_staff:
        return Programme.objects.all()
    return Programme.objects.filter(owner__in=organisation_ids_of(user, MANAGING_ROLES))


def visible_calls(user) -> QuerySet[Call]:
    calls = Call.objects.select_related("programme__owner")
    if is_signed_in(user) and user.is_staff:
        return calls
    visible = calls.filter(is_published=True, programme__in=visible_programmes(user))
    if is_signed_in(user):
        return calls.filter(
            Q(pk__in=visible.values("pk")) | Q(programme__in=managed_programmes(user))
        )
    return visible


def open_calls(user, at) -> QuerySet[Call]:
    return (
        visible_calls(user)
        .filter(is_published=True, opens_at__lte=at, closes_at__gt=at)
        .order_by("closes_at", "pk")
    )


def my_applications(user) -> QuerySet[Application]:
    """Applications the user made, or made by a company they belong to."""
    if not is_signed_in(user):
        return Application.objects.none()
    return (
        Application.objects.filter(
            Q(company__isnull=True, applicant=user) | Q(company__in=organisation_ids_of(user))
        )
        .select_related("call__programme", "company")
        .order_by("-updated_at", "pk")
    )


def active_conflict(reviewer_field="reviewer"):
    return Conflict.objects.filter(
        application=OuterRef("application"),
        reviewer=OuterRef(reviewer_field),
        overridden_by__isnull=True,
    )


def my_assignments(user) -> QuerySet[Assignment]:
    """Published assignments of a reviewer, never one with an active conflict."""
    if not is_signed_in(user):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(reviewer=user, published_at__isnull=False)
        .exclude(application__status=Application.Status.WITHDRAWN)
        .exclude(Exists(active_conflict()))
        .select_related("application__call__programme", "application__company", "stage")
        .prefetch_related(Prefetch("review", queryset=Review.objects.all()))
        .order_by("application__call__closes_at", "pk")
    )


def call_applications_with_scores(call: Call, stage: ReviewStage | None):
    """The manager's ranked list: every non-draft application with its review numbers,
    in a fixed number of queries whatever the size of the call."""
    applications = list(
        call.applications.exclude(status=Application.Status.DRAFT)
        .select_related("company", "applicant")
        # Only what the ranking shows (page and API): loading 2,000 full rows with their
        # company and person costs more than the scoring itself.
        .only(
            "call_id",
            "title",
            "status",
            "submitted_at",
            "decided_at",
            "company_id",
            "applicant_id",
            "company__slug",
            "company__name",
            "company__name_en",
            "company__name_az",
            "company__name_tr",
            "applicant__first_name",
            "applicant__last_name",
            "applicant__email",
        )
        .order_by("pk")
    )
    counts: dict[int, tuple[int, int]] = {}
    if stage is not None:
        # One grouped query rather than two distinct counts over a three-table join.
        counts = {
            application_id: (assigned, reviewed)
            for application_id, assigned, reviewed in Assignment.objects.filter(stage=stage)
            .order_by()
            .values("application_id")
            .annotate(
                assigned=Count("pk"),
                reviewed=Count("pk", filter=Q(review__submitted_at__isnull=False)),
            )
            .values_list("application_id", "assigned", "reviewed")
        }
    for application in applications:
        application.assigned, application.reviewed = counts.get(application.pk, (0, 0))
        application.score = None
    if stage is None:
        return applications
    criteria = list(Criterion.objects.filter(stage=stage))
    per_application: dict[int, list[float]] = {}
    scorer = Review()
    conflicted = Conflict.objects.filter(
        application=OuterRef("assignment__application"),
        reviewer=OuterRef("assignment__reviewer"),
        overridden_by__isnull=True,
    )
    for application_id, scores in (
        Review.objects.filter(assignment__stage=stage, submitted_at__isnull=False)
        .exclude(Exists(conflicted))
        .values_list("assignment__application_id", "scores")
    ):
        scorer.scores = scores
        per_application.setdefault(application_id, []).append(scorer.weighted_score(criteria))
    for application in applications:
        application.score = aggregate_scores(
            per_application.get(application.pk, []), stage.aggregate
        )
    applications.sort(key=lambda a: (a.score is None, -(a.score or 0), a.pk))
    return applications


def visible_cohorts(user) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related("programme")
    if is_signed_in(user) and user.is_staff:
        return cohorts
    if not is_signed_in(user):
        return cohorts.none()
    mine = organisation_ids_of(user)
    return cohorts.filter(
        Q(programme__owner__in=organisation_ids_of(user, MANAGING_ROLES))
        | Q(members__person=user)
        | Q(members__company__in=mine)
        | Q(mentors__person=user)
    ).distinct()


def programme_list(user):
    return visible_programmes(user).order_by(translated_order("title"), "pk")
