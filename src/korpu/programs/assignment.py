"""Automatic reviewer assignment for a review stage.

Affinity between a reviewer and an application comes from text: TF-IDF over character
n-grams (3–5 letters within words) works alike for Azerbaijani, Turkish and English —
agglutinative suffixes share stems that word tokens would miss — compared by cosine
similarity. The reviewer's side is their expertise keywords, headline and bio plus what
they reviewed before; the application's side its title, summary and text answers.

The optimisation itself is :mod:`korpu.solvers.review_assignment` (no Django there).
A run is a background task whose progress the manager watches; its result replaces the
unpublished automatic assignments, keeping locked and hand-made ones.
"""

import logging
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.solvers import review_assignment as solver

from .models import (
    Answer,
    Application,
    Assignment,
    AssignmentRun,
    CallReviewer,
    Conflict,
    Question,
    ReviewStage,
)

logger = logging.getLogger(__name__)

# Candidate reviewers per application handed to the solver (the best by affinity).
TOP_CANDIDATES = 60


def application_texts(applications) -> dict[int, str]:
    texts = {a.pk: f"{a.title}\n{a.summary}" for a in applications}
    answers = Answer.objects.filter(
        application__in=[a.pk for a in applications],
        question__kind__in=[Question.Kind.TEXT, Question.Kind.LONG_TEXT],
    ).values_list("application_id", "value")
    for application_id, value in answers:
        if isinstance(value, str):
            texts[application_id] += "\n" + value
    return texts


def reviewer_texts(reviewers) -> dict[int, str]:
    texts = {r.pk: "\n".join(filter(None, [r.expertise, r.headline, r.bio])) for r in reviewers}
    past = Assignment.objects.filter(
        reviewer__in=[r.pk for r in reviewers], review__submitted_at__isnull=False
    ).values_list("reviewer_id", "application__title", "application__summary")
    for reviewer_id, title, summary in past:
        texts[reviewer_id] += f"\n{title}\n{summary}"
    return texts


def affinity_matrix(app_texts: list[str], reviewer_texts_: list[str]) -> np.ndarray:
    """Cosine similarity of every application (rows) with every reviewer (columns)."""
    if not app_texts or not reviewer_texts_:
        return np.zeros((len(app_texts), len(reviewer_texts_)))
    # Imported here: scikit-learn (and SciPy) take seconds to import, and every page and
    # command loads this module through the URL configuration.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True, min_df=1
    )
    matrix = vectorizer.fit_transform(app_texts + reviewer_texts_)
    return linear_kernel(matrix[: len(app_texts)], matrix[len(app_texts) :])


def build_instance(stage: ReviewStage, *, mode: str = "sum") -> dict:
    """The solver's input for a stage: submitted applications, the pool with its loads,
    the best candidates by affinity, active conflicts, and locked pairs."""
    call = stage.call
    applications = list(
        call.applications.filter(status=Application.Status.SUBMITTED).order_by("pk")
    )
    pool = list(CallReviewer.objects.filter(call=call).select_related("reviewer").order_by("pk"))
    reviewers = [entry.reviewer for entry in pool]
    app_text = application_texts(applications)
    rev_text = reviewer_texts(reviewers)
    scores = affinity_matrix(
        [app_text[a.pk] for a in applications], [rev_text[r.pk] for r in reviewers]
    )
    conflicts = set(
        Conflict.objects.filter(
            application__in=applications, overridden_by__isnull=True
        ).values_list("application_id", "reviewer_id")
    )
    # Pairs the solver must keep: locked by the manager, made by hand, or already published.
    submitted = {a.pk for a in applications}
    column_of = {r.pk: column for column, r in enumerate(reviewers)}
    locked = [
        (application_id, reviewer_id)
        for application_id, reviewer_id in Assignment.objects.filter(stage=stage)
        .filter(Q(locked=True) | Q(source=Assignment.Source.MANUAL) | Q(published_at__isnull=False))
        .values_list("application_id", "reviewer_id")
        if application_id in submitted and reviewer_id in column_of
    ]
    locked_columns = defaultdict(set)
    for application_id, reviewer_id in locked:
        locked_columns[application_id].add(column_of[reviewer_id])
    affinity = []
    top = min(TOP_CANDIDATES, len(reviewers))
    for row, application in enumerate(applications):
        best = np.argsort(-scores[row], kind="stable")[:top] if top else []
        chosen = set(np.asarray(best).tolist()) | locked_columns[application.pk]
        for column in sorted(chosen):
            affinity.append(
                {
                    "application": str(application.pk),
                    "reviewer": str(reviewers[column].pk),
                    "score": round(float(scores[row, column]), 6),
                }
            )
    return {
        "format": "korpu.review-assignment/v1",
        "mode": mode,
        "applications": [
            {"id": str(a.pk), "reviews": call.reviews_per_application} for a in applications
        ],
        "reviewers": [
            {"id": str(e.reviewer_id), "min": e.min_load, "max": e.max_load} for e in pool
        ],
        "affinity": affinity,
        "conflicts": [
            {"application": str(a), "reviewer": str(r)}
            for a, r in sorted(conflicts)
            if a in submitted and r in column_of
        ],
        "locked": [{"application": str(a), "reviewer": str(r)} for a, r in locked],
    }


def start_run(*, manager, stage: ReviewStage, mode: str = "sum") -> AssignmentRun:
    """Queue an assignment run; the worker executes it and the page shows its progress."""
    run = AssignmentRun.objects.create(stage=stage, requested_by=manager, mode=mode)
    audit.record(actor=manager, action="assignment.run", obj=run, changes={"mode": [None, mode]})
    transaction.on_commit(lambda: run_assignment.enqueue(run.pk))
    return run


@task()
def run_assignment(run_id: int) -> str:
    run = AssignmentRun.objects.select_related("stage__call").get(pk=run_id)
    try:
        _execute(run)
    except Exception as error:  # reported on the page; the details go to the log
        logger.exception("assignment run %s failed", run_id)
        AssignmentRun.objects.filter(pk=run_id).update(
            status=AssignmentRun.Status.FAILED,
            reason=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return AssignmentRun.objects.get(pk=run_id).status


def _progress(run: AssignmentRun, status: str, text: str) -> None:
    AssignmentRun.objects.filter(pk=run.pk).update(status=status, progress=text[:200])


def _execute(run: AssignmentRun) -> None:
    stage = run.stage
    _progress(
        run, AssignmentRun.Status.RUNNING, _("Computing affinities from expertise and texts…")
    )
    data = build_instance(stage, mode=run.mode)
    _progress(
        run,
        AssignmentRun.Status.RUNNING,
        _("Solving for %(applications)s applications and %(reviewers)s reviewers…")
        % {"applications": len(data["applications"]), "reviewers": len(data["reviewers"])},
    )
    try:
        instance = solver.load_instance(data)
    except solver.InstanceError as error:
        AssignmentRun.objects.filter(pk=run.pk).update(
            status=AssignmentRun.Status.INFEASIBLE, reason=str(error), finished_at=timezone.now()
        )
        return
    result = solver.solution_to_dict(solver.solve(instance, time_limit=50))
    if result["status"] == "infeasible":
        AssignmentRun.objects.filter(pk=run.pk).update(
            status=AssignmentRun.Status.INFEASIBLE,
            reason=result.get("reason") or "",
            progress="",
            finished_at=timezone.now(),
        )
        return
    scores = {(p["application"], p["reviewer"]): p["score"] for p in data["affinity"]}
    with transaction.atomic():
        apply_solution(stage, result["assignments"], scores)
        AssignmentRun.objects.filter(pk=run.pk).update(
            status=AssignmentRun.Status.DONE,
            progress="",
            objective=result.get("objective"),
            min_application_score=result.get("min_application_score"),
            assignments_made=len(result["assignments"]),
            reason=(result.get("reason") or "") if result["status"] != "optimal" else "",
            finished_at=timezone.now(),
        )


def apply_solution(stage: ReviewStage, pairs: list[dict], scores: dict) -> None:
    """Replace the unpublished automatic proposal with the solver's; locked, hand-made
    and published assignments stay."""
    Assignment.objects.filter(
        stage=stage, source=Assignment.Source.AUTOMATIC, locked=False, published_at__isnull=True
    ).delete()
    existing = set(
        Assignment.objects.filter(stage=stage).values_list("application_id", "reviewer_id")
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                stage=stage,
                application_id=int(pair["application"]),
                reviewer_id=int(pair["reviewer"]),
                source=Assignment.Source.AUTOMATIC,
                affinity=scores.get((pair["application"], pair["reviewer"]), 0.0),
            )
            for pair in pairs
            if (int(pair["application"]), int(pair["reviewer"])) not in existing
        ]
    )


@transaction.atomic
def publish_assignments(*, manager, stage: ReviewStage) -> int:
    """Show the proposed assignments to the reviewers and tell each of them once."""
    pending = Assignment.objects.select_for_update().filter(stage=stage, published_at__isnull=True)
    reviewers = {}
    for assignment in pending.select_related("reviewer"):
        reviewers.setdefault(assignment.reviewer_id, [assignment.reviewer, 0])[1] += 1
    count = pending.update(published_at=timezone.now())
    for reviewer, number in reviewers.values():
        send_templated_mail(
            to=reviewer.email,
            template="programs/email/reviews_assigned",
            context={"person": reviewer, "stage": stage, "call": stage.call, "count": number},
            language=reviewer.preferred_language,
        )
    audit.record(
        actor=manager, action="assignment.publish", obj=stage, changes={"published": [0, count]}
    )
    return count
