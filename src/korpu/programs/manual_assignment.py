"""What a manager does by hand around the automatic assignment: the reviewer pool, adding,
removing and locking single reviewer–application pairs, and a plain-words check of whether
a stage can be assigned at all.

Writes are keyword-only, one transaction each, audited, and refuse with a translated
``ValidationError`` (writing nothing): a conflicted pair, a duplicate, a published
assignment that is no longer the manager's to remove.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.common import audit
from korpu.directory.models import Membership

from . import services
from .models import (
    Application,
    Assignment,
    Call,
    CallReviewer,
    Conflict,
    DeclaredRelationship,
    ReviewStage,
)


# --- the reviewer pool -------------------------------------------------------------------
def _detect_for_reviewer(call: Call, reviewer) -> list[Conflict]:
    """Record the detected conflicts of one reviewer with the call's submitted applications.

    A cheap query narrows the applications to those that could be in conflict; the rule
    itself stays in :func:`services.conflict_sources`.
    """
    organisations = set(
        Membership.objects.filter(person=reviewer).values_list("organisation_id", flat=True)
    ) | set(
        DeclaredRelationship.objects.filter(person=reviewer).values_list(
            "organisation_id", flat=True
        )
    )
    possible = Q(applicant=reviewer) | Q(company__in=organisations)
    domain = reviewer.email.rsplit("@", 1)[-1].lower() if "@" in reviewer.email else ""
    if domain and domain not in services.PUBLIC_EMAIL_DOMAINS:
        possible |= Q(applicant__email__iendswith=f"@{domain}")
    candidates = (
        call.applications.exclude(status__in=[Application.Status.DRAFT])
        .filter(possible)
        .select_related("applicant")
    )
    found = []
    for application in candidates:
        for source in services.conflict_sources(application, reviewer):
            conflict, _created = Conflict.objects.get_or_create(
                application=application, reviewer=reviewer, source=source
            )
            found.append(conflict)
    return found


@transaction.atomic
def add_reviewer(*, manager, call: Call, email: str, min_load: int, max_load: int) -> CallReviewer:
    """Put the person with this e-mail address in the call's reviewer pool and record their
    detected conflicts of interest with the applications already submitted."""
    errors: dict[str, list[str]] = {}
    person = (
        get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    )
    if person is None:
        errors["email"] = [
            _("Nobody has an account with this e-mail address; ask them to sign up first.")
        ]
    elif CallReviewer.objects.filter(call=call, reviewer=person).exists():
        errors["email"] = [_("This person is already in the reviewer pool.")]
    if min_load < 0 or max_load < 0:
        errors["min_load"] = [_("Loads cannot be negative.")]
    elif min_load > max_load:
        errors["min_load"] = [_("The minimum cannot be above the maximum.")]
    if errors:
        raise ValidationError(errors)
    entry = CallReviewer.objects.create(
        call=call, reviewer=person, min_load=min_load, max_load=max_load
    )
    conflicts = _detect_for_reviewer(call, person)
    audit.record(
        actor=manager,
        action="reviewer.add",
        obj=entry,
        changes={
            "loads": [None, [min_load, max_load]],
            "conflicts": [None, sorted(c.application_id for c in conflicts)],
        },
    )
    return entry


@transaction.atomic
def remove_reviewer(*, manager, entry: CallReviewer) -> int:
    """Take a reviewer out of the pool with their unpublished assignments (published ones
    stay: the reviewer was told and may be reviewing). Returns how many were removed."""
    entry = CallReviewer.objects.select_for_update().select_related("reviewer").get(pk=entry.pk)
    unpublished = Assignment.objects.filter(
        stage__call=entry.call_id, reviewer=entry.reviewer_id, published_at__isnull=True
    )
    removed = unpublished.count()
    unpublished.delete()
    audit.record(
        actor=manager,
        action="reviewer.remove",
        obj=entry,
        changes={"unpublished_assignments_removed": [None, removed]},
    )
    entry.delete()
    return removed


# --- single pairs ------------------------------------------------------------------------
@transaction.atomic
def add_assignment(
    *, manager, stage: ReviewStage, application: Application, reviewer
) -> Assignment:
    """Ask one more reviewer from the pool to review an application (unpublished until
    the manager publishes the stage)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.call_id != stage.call_id:
        raise ValidationError(_("This application belongs to another call."))
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be assigned reviewers."))
    if not CallReviewer.objects.filter(call=stage.call_id, reviewer=reviewer).exists():
        raise ValidationError(_("Add this person to the reviewer pool first."))
    if application.conflicts.filter(reviewer=reviewer, overridden_by__isnull=True).exists():
        raise ValidationError(
            _("%(reviewer)s has a conflict of interest with this application.")
            % {"reviewer": reviewer.full_name}
        )
    # Ties that arose since the application came in (detection runs at submission and when
    # a reviewer joins the pool), unless a manager already overrode that very source.
    overridden = set(
        application.conflicts.filter(reviewer=reviewer).values_list("source", flat=True)
    )
    fresh = [s for s in services.conflict_sources(application, reviewer) if s not in overridden]
    if fresh:
        raise ValidationError(
            _("%(reviewer)s has a conflict of interest with this application (%(why)s).")
            % {
                "reviewer": reviewer.full_name,
                "why": "; ".join(str(Conflict.Source(source).label) for source in fresh),
            }
        )
    if Assignment.objects.filter(stage=stage, application=application, reviewer=reviewer).exists():
        raise ValidationError(
            _("%(reviewer)s is already assigned to this application.")
            % {"reviewer": reviewer.full_name}
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                stage=stage,
                application=application,
                reviewer=reviewer,
                source=Assignment.Source.MANUAL,
            )
    except IntegrityError:  # a colleague added the same pair a moment ago
        raise ValidationError(
            _("%(reviewer)s is already assigned to this application.")
            % {"reviewer": reviewer.full_name}
        ) from None
    audit.record(actor=manager, action="assignment.add", obj=assignment)
    return assignment


@transaction.atomic
def remove_assignment(*, manager, assignment: Assignment) -> None:
    """Remove a proposed pair; a published one stays (the reviewer was told)."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("application", "reviewer")
        .filter(pk=assignment.pk)
        .first()
    )
    if assignment is None:
        raise ValidationError(_("This assignment was already removed."))
    if assignment.published_at is not None:
        raise ValidationError(
            _("A published assignment cannot be removed: the reviewer was already told.")
        )
    audit.record(
        actor=manager,
        action="assignment.remove",
        obj=assignment,
        changes={"reviewer": [assignment.reviewer_id, None]},
    )
    assignment.delete()


@transaction.atomic
def set_locked(*, manager, assignment: Assignment, locked: bool) -> Assignment:
    """Lock a pair so that a new automatic run keeps it, or unlock it."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.locked == locked:
        return assignment
    assignment.locked = locked
    assignment.save(update_fields=["locked"])
    audit.record(
        actor=manager,
        action="assignment.lock" if locked else "assignment.unlock",
        obj=assignment,
        changes={"locked": [not locked, locked]},
    )
    return assignment


# --- can this stage be assigned? ---------------------------------------------------------
@dataclass
class Check:
    """The numbers the automatic assignment must reconcile, and what stands in its way."""

    applications: int = 0
    reviewers: int = 0
    reviews_needed: int = 0
    max_capacity: int = 0
    min_required: int = 0
    problems: list[str] = field(default_factory=list)


def _titles(titles: list[str], shown: int = 3) -> str:
    listed = ", ".join(f"“{title}”" for title in titles[:shown])
    more = len(titles) - shown
    if more > 0:
        listed += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
    return listed


def check_stage(stage: ReviewStage) -> Check:
    """Necessary conditions for an assignment, in plain words (a fixed number of queries)."""
    call = stage.call
    per_application = call.reviews_per_application
    applications = dict(
        call.applications.filter(status=Application.Status.SUBMITTED).values_list("pk", "title")
    )
    pool = list(CallReviewer.objects.filter(call=call).select_related("reviewer"))
    check = Check(
        applications=len(applications),
        reviewers=len(pool),
        reviews_needed=len(applications) * per_application,
        max_capacity=sum(entry.max_load for entry in pool),
        min_required=sum(entry.min_load for entry in pool),
    )
    if not applications:
        check.problems.append(_("No application has been submitted yet."))
        return check
    if not pool:
        check.problems.append(_("The reviewer pool is empty: add reviewers first."))
        return check
    if check.max_capacity < check.reviews_needed:
        check.problems.append(
            _(
                "The applications need %(needed)s reviews, but the reviewers’ maximum loads "
                "add up to only %(capacity)s. Add reviewers or raise their maximum loads."
            )
            % {"needed": check.reviews_needed, "capacity": check.max_capacity}
        )
    if check.min_required > check.reviews_needed:
        check.problems.append(
            _(
                "The reviewers’ minimum loads add up to %(required)s reviews, more than the "
                "%(needed)s the applications need. Lower some minimum loads."
            )
            % {"required": check.min_required, "needed": check.reviews_needed}
        )
    reviewer_ids = {entry.reviewer_id for entry in pool}
    conflicted = dict(
        Conflict.objects.filter(
            application__in=applications,
            reviewer__in=reviewer_ids,
            overridden_by__isnull=True,
        )
        .values("application")
        .annotate(n=Count("reviewer", distinct=True))
        .values_list("application", "n")
    )
    short = [
        applications[pk]
        for pk in sorted(applications)
        if len(pool) - conflicted.get(pk, 0) < per_application
    ]
    if short:
        check.problems.append(
            ngettext(
                "%(count)s application has fewer than %(needed)s reviewers without a conflict "
                "of interest: %(titles)s. Add reviewers or lower the reviews per application.",
                "%(count)s applications have fewer than %(needed)s reviewers without a conflict "
                "of interest: %(titles)s. Add reviewers or lower the reviews per application.",
                len(short),
            )
            % {"count": len(short), "needed": per_application, "titles": _titles(short)}
        )
    kept = Assignment.objects.filter(stage=stage, application__in=applications).filter(
        Q(locked=True) | Q(source=Assignment.Source.MANUAL) | Q(published_at__isnull=False)
    )
    too_many = [
        applications[pk]
        for pk, n in kept.values("application")
        .annotate(n=Count("pk"))
        .values_list("application", "n")
        if n > per_application
    ]
    if too_many:
        check.problems.append(
            _(
                "More reviewers are locked, added by hand or published than needed for "
                "%(titles)s. Remove or unlock some of them."
            )
            % {"titles": _titles(too_many)}
        )
    loads = dict(kept.values("reviewer").annotate(n=Count("pk")).values_list("reviewer", "n"))
    overloaded = [
        entry.reviewer.full_name
        for entry in pool
        if loads.get(entry.reviewer_id, 0) > entry.max_load
    ]
    if overloaded:
        check.problems.append(
            _(
                "More applications are locked, added by hand or published for %(names)s than "
                "their maximum load. Raise the maximum or unlock some of them."
            )
            % {"names": ", ".join(overloaded)}
        )
    return check
