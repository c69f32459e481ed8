"""Managers' pages for a call: dashboard with the ranked applications and decisions, the
reviewer pool and conflicts of interest, the (automatic and manual) reviewer assignment of
a review stage, and the manager's panel of one application.

Every page needs ``programs.change_call`` on the call: a call the user cannot see answers
404, a visible call they do not manage answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from korpu.common.views import error_messages, paginate, require_perm

from .. import assignment as automatic
from .. import manual_assignment, queries, services
from ..forms.manage import (
    SORTS,
    AddAssignmentForm,
    AddReviewerForm,
    DecisionForm,
    LockForm,
    OverrideConflictForm,
    RankingFilterForm,
    RunForm,
)
from ..models import (
    Application,
    Assignment,
    AssignmentRun,
    Call,
    CallReviewer,
    Conflict,
    ReviewStage,
    aggregate_scores,
)

PER_PAGE = 50
DECIDABLE = (Application.Status.SUBMITTED, Application.Status.WAITLISTED)


def _managed_call(request, programme_slug: str, call_slug: str) -> Call:
    call = get_object_or_404(
        queries.visible_calls(request.user), programme__slug=programme_slug, slug=call_slug
    )
    require_perm(request, "programs.change_call", call)
    return call


def _call_args(call: Call) -> list[str]:
    return [call.programme.slug, call.slug]


def _back(request, url: str, anchor: str = "") -> str:
    """``url`` with the query string the form came from (page, filters), re-encoded."""
    query = QueryDict(request.POST.get("return_query", "")[:500]).urlencode()
    return f"{url}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"


def _form_error_message(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error_messages(error))


# --- dashboard and ranking ---------------------------------------------------------------
def _sorted(rows: list, sort: str) -> list:
    if sort == "title":
        return sorted(rows, key=lambda a: (a.title.casefold(), a.pk))
    if sort == "status":
        return sorted(rows, key=lambda a: (a.get_status_display().casefold(), a.rank))
    if sort == "reviews":
        return sorted(rows, key=lambda a: (-a.reviewed, -a.assigned, a.rank))
    return rows


@login_required
def manage_call(request, programme_slug, call_slug):
    call = _managed_call(request, programme_slug, call_slug)
    stages = list(
        call.review_stages.annotate(
            assigned=Count("assignments", distinct=True),
            published=Count(
                "assignments", filter=Q(assignments__published_at__isnull=False), distinct=True
            ),
            submitted=Count(
                "assignments",
                filter=Q(assignments__review__submitted_at__isnull=False),
                distinct=True,
            ),
        )
    )
    form = RankingFilterForm(request.GET or None, stages=stages)
    filters = form.filters()
    stage = next((s for s in stages if s.pk == filters.get("stage")), stages[0] if stages else None)
    ranked = queries.call_applications_with_scores(call, stage)
    for rank, application in enumerate(ranked, start=1):
        application.rank = rank
        application.decidable = application.status in DECIDABLE
    status = filters.get("status", "")
    rows = [a for a in ranked if a.status == status] if status else ranked
    rows = _sorted(rows, filters.get("sort", "score"))
    counts = dict(
        call.applications.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = paginate(request, rows, per_page=PER_PAGE)
    context = {
        "call": call,
        "programme": call.programme,
        "stages": stages,
        "stage": stage,
        "form": form,
        "filtered": bool(filters),
        "sort": filters.get("sort", "score"),
        "sorts": SORTS,
        "page": page,
        "any_decidable": any(a.decidable for a in page),
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in Application.Status.choices
        ],
        "total": sum(counts.values()),
        "decision_form": DecisionForm(),
        "return_query": request.GET.urlencode(),
    }
    template = "programs/manage/call.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@login_required
@require_POST
def manage_decide(request, programme_slug, call_slug):
    call = _managed_call(request, programme_slug, call_slug)
    decidable = call.applications.filter(status__in=DECIDABLE).values_list("pk", flat=True)
    form = DecisionForm(request.POST, decidable=list(decidable))
    back = _back(request, reverse("programs:manage_call", args=_call_args(call)), "ranking")
    if request.POST.get("return_to") == "application":
        ids = request.POST.getlist("applications")[:1]
        if ids and ids[0].isdigit():
            back = reverse("programs:manage_application", args=[*_call_args(call), int(ids[0])])
    if not form.is_valid():
        messages.error(request, _form_error_message(form))
        return redirect(back)
    outcome, note = form.cleaned_data["outcome"], form.cleaned_data["note"]
    applications = list(
        call.applications.filter(pk__in=form.cleaned_data["applications"]).order_by("pk")
    )
    current = None
    try:
        # All or nothing: a refused decision undoes the others (and their mail).
        with transaction.atomic():
            for current in applications:
                services.decide(
                    manager=request.user, application=current, outcome=outcome, note=note
                )
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was decided. “%(title)s”: %(reason)s")
            % {"title": current.title, "reason": error_messages(error)},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s application is now “%(outcome)s”; the applicants were notified.",
                "%(count)s applications are now “%(outcome)s”; the applicants were notified.",
                len(applications),
            )
            % {"count": len(applications), "outcome": Application.Status(outcome).label},
        )
    return redirect(back)


# --- reviewer pool and conflicts -----------------------------------------------------------
@login_required
def manage_reviewers(request, programme_slug, call_slug):
    call = _managed_call(request, programme_slug, call_slug)
    form = AddReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = manual_assignment.add_reviewer(
                manager=request.user,
                call=call,
                email=form.cleaned_data["email"],
                min_load=form.cleaned_data["min_load"],
                max_load=form.cleaned_data["max_load"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the reviewer pool.") % {"name": entry.reviewer.full_name},
            )
            return redirect("programs:manage_reviewers", *_call_args(call))
    in_call = Q(reviewer__review_assignments__stage__call=call)
    pool = (
        CallReviewer.objects.filter(call=call)
        .select_related("reviewer")
        .annotate(
            assigned=Count("reviewer__review_assignments", filter=in_call, distinct=True),
            reviewed=Count(
                "reviewer__review_assignments",
                filter=in_call
                & Q(reviewer__review_assignments__review__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("reviewer__last_name", "reviewer__first_name", "pk")
    )
    conflicts = (
        Conflict.objects.filter(application__call=call)
        .select_related("application", "reviewer", "overridden_by")
        # Active conflicts first, then by application.
        .order_by(
            F("overridden_by").asc(nulls_first=True),
            "application__title",
            "reviewer__last_name",
            "pk",
        )
    )
    context = {
        "call": call,
        "programme": call.programme,
        "form": form,
        "pool": pool,
        "conflicts": paginate(request, conflicts, per_page=PER_PAGE),
        "declared": Conflict.Source.DECLARED,
        "override_form": OverrideConflictForm(),
    }
    return render(request, "programs/manage/reviewers.html", context)


@login_required
@require_POST
def manage_reviewer_remove(request, programme_slug, call_slug, pk):
    call = _managed_call(request, programme_slug, call_slug)
    entry = get_object_or_404(CallReviewer.objects.select_related("reviewer"), pk=pk, call=call)
    removed = manual_assignment.remove_reviewer(manager=request.user, entry=entry)
    messages.success(
        request,
        ngettext(
            "%(name)s was removed from the pool with %(count)s unpublished assignment.",
            "%(name)s was removed from the pool with %(count)s unpublished assignments.",
            removed,
        )
        % {"name": entry.reviewer.full_name, "count": removed},
    )
    return redirect("programs:manage_reviewers", *_call_args(call))


@login_required
@require_POST
def manage_conflict_override(request, programme_slug, call_slug, pk):
    call = _managed_call(request, programme_slug, call_slug)
    conflict = get_object_or_404(
        Conflict.objects.select_related("reviewer", "application"), pk=pk, application__call=call
    )
    form = OverrideConflictForm(request.POST)
    back = _back(request, reverse("programs:manage_reviewers", args=_call_args(call)), "conflicts")
    if not form.is_valid():
        messages.error(request, _form_error_message(form))
        return redirect(back)
    try:
        services.override_conflict(
            manager=request.user, conflict=conflict, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("The conflict of %(name)s with “%(title)s” was overridden.")
            % {"name": conflict.reviewer.full_name, "title": conflict.application.title},
        )
    return redirect(back)


# --- assignment of a review stage ---------------------------------------------------------
def _managed_stage(request, programme_slug, call_slug, stage_pk) -> tuple[Call, ReviewStage]:
    call = _managed_call(request, programme_slug, call_slug)
    return call, get_object_or_404(ReviewStage, pk=stage_pk, call=call)


def _run_context(call: Call, stage: ReviewStage, run: AssignmentRun | None, check=None) -> dict:
    context = {"call": call, "programme": call.programme, "stage": stage, "run": run}
    if run is not None and run.status == AssignmentRun.Status.INFEASIBLE:
        # The solver's reason names ids; say in plain words what stands in the way.
        context["check"] = check or manual_assignment.check_stage(stage)
    return context


@login_required
def manage_assignment(request, programme_slug, call_slug, stage_pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    needed = call.reviews_per_application
    applications = (
        call.applications.filter(status=Application.Status.SUBMITTED)
        .select_related("company", "applicant")
        .annotate(n_assigned=Count("assignments", filter=Q(assignments__stage=stage)))
        .order_by("pk")
    )
    show_short = request.GET.get("show") == "short"
    if show_short:
        applications = applications.filter(n_assigned__lt=needed)
    page = paginate(request, applications, per_page=PER_PAGE)
    on_page = list(page)
    pool = list(
        CallReviewer.objects.filter(call=call)
        .select_related("reviewer")
        .order_by("reviewer__last_name", "reviewer__first_name", "pk")
    )
    loads = dict(
        Assignment.objects.filter(stage=stage)
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    for entry in pool:
        entry.load = loads.get(entry.reviewer_id, 0)
        entry.out_of_range = not entry.min_load <= entry.load <= entry.max_load
    per_application: dict[int, list[Assignment]] = {a.pk: [] for a in on_page}
    for assignment in (
        Assignment.objects.filter(stage=stage, application__in=on_page)
        .select_related("reviewer")
        .order_by("-affinity", "pk")
    ):
        per_application[assignment.application_id].append(assignment)
    conflicts = set(
        Conflict.objects.filter(application__in=on_page, overridden_by__isnull=True).values_list(
            "application_id", "reviewer_id"
        )
    )
    rows = []
    for application in on_page:
        assigned = per_application[application.pk]
        taken = {a.reviewer_id for a in assigned}
        rows.append(
            {
                "application": application,
                "assignments": assigned,
                "short": len(assigned) < needed,
                "over": len(assigned) > needed,
                "candidates": [
                    (entry, (application.pk, entry.reviewer_id) in conflicts)
                    for entry in pool
                    if entry.reviewer_id not in taken
                ],
            }
        )
    check = manual_assignment.check_stage(stage)
    run = stage.runs.select_related("requested_by").first()
    context = _run_context(call, stage, run, check) | {
        "check": check,
        "run_form": RunForm(),
        "page": page,
        "rows": rows,
        "pool": pool,
        "needed": needed,
        "show_short": show_short,
        "unpublished": Assignment.objects.filter(stage=stage, published_at__isnull=True).count(),
        "Source": Assignment.Source,
    }
    return render(request, "programs/manage/assignment.html", context)


@login_required
@require_POST
def manage_assignment_run(request, programme_slug, call_slug, stage_pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_message(form))
    else:
        automatic.start_run(manager=request.user, stage=stage, mode=form.cleaned_data["mode"])
        messages.success(request, _("The automatic assignment was started."))
    return redirect("programs:manage_assignment", *_call_args(call), stage.pk)


@login_required
def manage_assignment_progress(request, programme_slug, call_slug, stage_pk, run_pk):
    """The run's progress, polled every second by the page while the run is not finished."""
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    run = get_object_or_404(
        AssignmentRun.objects.select_related("requested_by"), pk=run_pk, stage=stage
    )
    if not request.htmx:
        return redirect("programs:manage_assignment", *_call_args(call), stage.pk)
    if run.is_finished and request.GET.get("polling"):
        # The proposal below the progress changed: show the whole page again.
        return HttpResponseClientRefresh()
    return render(request, "programs/manage/assignment.html#run", _run_context(call, stage, run))


def _stage_back(request, call: Call, stage: ReviewStage, anchor: str = "") -> str:
    url = reverse("programs:manage_assignment", args=[*_call_args(call), stage.pk])
    return _back(request, url, anchor)


@login_required
@require_POST
def manage_assignment_add(request, programme_slug, call_slug, stage_pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    form = AddAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer from the pool."))
        return redirect(_stage_back(request, call, stage))
    application = get_object_or_404(call.applications, pk=form.cleaned_data["application"])
    anchor = f"application-{application.pk}"
    entry = (
        CallReviewer.objects.filter(call=call, reviewer=form.cleaned_data["reviewer"])
        .select_related("reviewer")
        .first()
    )
    if entry is None:
        messages.error(request, _("Choose a reviewer from the pool."))
        return redirect(_stage_back(request, call, stage, anchor))
    try:
        manual_assignment.add_assignment(
            manager=request.user, stage=stage, application=application, reviewer=entry.reviewer
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("%(name)s will review “%(title)s” (once you publish).")
            % {"name": entry.reviewer.full_name, "title": application.title},
        )
    return redirect(_stage_back(request, call, stage, anchor))


def _stage_assignment(stage: ReviewStage, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.select_related("reviewer", "application"), pk=pk, stage=stage
    )


@login_required
@require_POST
def manage_assignment_remove(request, programme_slug, call_slug, stage_pk, pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    assignment = _stage_assignment(stage, pk)
    try:
        manual_assignment.remove_assignment(manager=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("%(name)s was taken off “%(title)s”.")
            % {"name": assignment.reviewer.full_name, "title": assignment.application.title},
        )
    return redirect(_stage_back(request, call, stage, f"application-{assignment.application_id}"))


@login_required
@require_POST
def manage_assignment_lock(request, programme_slug, call_slug, stage_pk, pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    assignment = _stage_assignment(stage, pk)
    form = LockForm(request.POST)
    form.is_valid()
    locked = bool(form.cleaned_data.get("locked"))
    manual_assignment.set_locked(manager=request.user, assignment=assignment, locked=locked)
    messages.success(
        request,
        (
            _("%(name)s stays on “%(title)s” in every new run.")
            if locked
            else _("%(name)s on “%(title)s” is no longer locked.")
        )
        % {"name": assignment.reviewer.full_name, "title": assignment.application.title},
    )
    return redirect(_stage_back(request, call, stage, f"application-{assignment.application_id}"))


@login_required
@require_POST
def manage_assignment_publish(request, programme_slug, call_slug, stage_pk):
    call, stage = _managed_stage(request, programme_slug, call_slug, stage_pk)
    count = automatic.publish_assignments(manager=request.user, stage=stage)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s assignment was published; the reviewers were notified.",
                "%(count)s assignments were published; the reviewers were notified.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There was nothing new to publish."))
    return redirect("programs:manage_assignment", *_call_args(call), stage.pk)


# --- one application, for managers ------------------------------------------------------
@login_required
def manage_application(request, programme_slug, call_slug, pk):
    application = get_object_or_404(
        Application.objects.select_related("call__programme", "company", "applicant"),
        pk=pk,
        call__programme__slug=programme_slug,
        call__slug=call_slug,
    )
    if not request.user.has_perm("programs.view_application", application):
        raise Http404
    require_perm(request, "programs.manage_application", application)
    call = application.call
    assignments = list(
        application.assignments.select_related("reviewer", "stage", "review").order_by(
            "stage__position", "stage__pk", "pk"
        )
    )
    stages = []
    for stage in call.review_stages.prefetch_related("criteria"):
        criteria = list(stage.criteria.all())
        for criterion in criteria:
            criterion.weight_text = number_format(criterion.weight.normalize())
        reviews = []
        for assignment in assignments:
            if assignment.stage_id != stage.pk:
                continue
            review = _review_of(assignment)
            reviews.append(
                {
                    "assignment": assignment,
                    "review": review,
                    "total": review.weighted_score(criteria) if review else None,
                    "scores": [
                        (c, review.scores.get(str(c.pk)) if review else None) for c in criteria
                    ],
                }
            )
        stages.append(
            {
                "stage": stage,
                "criteria": criteria,
                "reviews": reviews,
                "total": aggregate_scores(
                    [r["total"] for r in reviews if r["review"] and r["review"].submitted_at],
                    stage.aggregate,
                ),
            }
        )
    context = {
        "application": application,
        "call": call,
        "programme": call.programme,
        "stages": stages,
        "conflicts": application.conflicts.select_related("reviewer", "overridden_by").order_by(
            "created_at", "pk"
        ),
        "decidable": application.status in DECIDABLE,
        "decision_form": DecisionForm(),
    }
    return render(request, "programs/manage/application.html", context)


def _review_of(assignment: Assignment):
    try:
        return assignment.review
    except ObjectDoesNotExist:
        return None


_call = "manage/<slug:programme_slug>/<slug:call_slug>/"
_stage = _call + "stages/<int:stage_pk>/assignment/"

urlpatterns = [
    path(_call, manage_call, name="manage_call"),
    path(_call + "decide/", manage_decide, name="manage_decide"),
    path(_call + "reviewers/", manage_reviewers, name="manage_reviewers"),
    path(
        _call + "reviewers/<int:pk>/remove/", manage_reviewer_remove, name="manage_reviewer_remove"
    ),
    path(
        _call + "conflicts/<int:pk>/override/",
        manage_conflict_override,
        name="manage_conflict_override",
    ),
    path(_stage, manage_assignment, name="manage_assignment"),
    path(_stage + "run/", manage_assignment_run, name="manage_assignment_run"),
    path(
        _stage + "runs/<int:run_pk>/",
        manage_assignment_progress,
        name="manage_assignment_progress",
    ),
    path(_stage + "add/", manage_assignment_add, name="manage_assignment_add"),
    path(_stage + "<int:pk>/remove/", manage_assignment_remove, name="manage_assignment_remove"),
    path(_stage + "<int:pk>/lock/", manage_assignment_lock, name="manage_assignment_lock"),
    path(_stage + "publish/", manage_assignment_publish, name="manage_assignment_publish"),
    path(_call + "applications/<int:pk>/", manage_application, name="manage_application"),
]
