"""Reviewers' pages: their assignments, declaring a conflict of interest, the review form.

A reviewer reaches an application only through one of their published assignments with no
active conflict of interest (:func:`queries.my_assignments`); anything else answers 404,
files included. In a blind stage nothing on these pages names the applicant.
"""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from korpu.common.views import error_messages, serve_file

from .. import queries, services
from ..forms.review import DeclareConflictForm, ReviewForm
from ..models import Answer, Assignment, Conflict, Question, Review, aggregate_scores

TODO, DRAFT, SUBMITTED = "todo", "draft", "submitted"


def _review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review
    except ObjectDoesNotExist:
        return None


def _status(review: Review | None) -> str:
    if review is None:
        return TODO
    return SUBMITTED if review.submitted_at else DRAFT


def _my_assignment(request, pk: int) -> Assignment:
    """The user's own published, unconflicted assignment, or 404 (for everyone else,
    managers included: they read reviews on the manager's pages)."""
    return get_object_or_404(
        queries.my_assignments(request.user).select_related("application__applicant"), pk=pk
    )


@login_required
def my_reviews(request):
    assignments = queries.my_assignments(request.user).select_related("application__applicant")
    calls: dict[int, dict] = {}
    counts = {TODO: 0, DRAFT: 0, SUBMITTED: 0}
    for assignment in assignments:
        call = assignment.application.call
        stage = assignment.stage
        status = _status(_review_of(assignment))
        counts[status] += 1
        group = calls.setdefault(call.pk, {"call": call, "stages": {}})
        stage_group = group["stages"].setdefault(stage.pk, {"stage": stage, "rows": []})
        stage_group["rows"].append(
            {
                "assignment": assignment,
                "status": status,
                # Never the applicant's identity in a blind stage.
                "applicant": "" if stage.blind else assignment.application.applicant_name,
            }
        )
    groups = [
        {"call": group["call"], "stages": list(group["stages"].values())}
        for group in calls.values()
    ]
    context = {"groups": groups, "counts": counts, "total": sum(counts.values())}
    return render(request, "programs/review/my_reviews.html", context)


@login_required
def declare_conflict(request, pk):
    assignment = _my_assignment(request, pk)
    form = DeclareConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.declare_conflict(
            reviewer=request.user,
            application=assignment.application,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Thank you for telling us. “%(title)s” was taken off your list.")
            % {"title": assignment.application.title},
        )
        return redirect("programs:my_reviews")
    context = {"assignment": assignment, "application": assignment.application, "form": form}
    return render(request, "programs/review/declare_conflict.html", context)


def _answers(application, call) -> list[dict]:
    answers = {answer.question_id: answer for answer in application.answers.all()}
    rows = []
    for question in call.questions.all():
        answer = answers.get(question.pk)
        value = answer.value if answer else None
        rows.append(
            {
                "question": question,
                "is_file": question.kind == Question.Kind.FILE,
                "has_file": bool(answer and answer.file),
                "values": value if isinstance(value, list) else None,
                "value": "" if value is None or isinstance(value, list) else value,
            }
        )
    return rows


def _other_reviews(assignment: Assignment, criteria) -> list[dict]:
    """The other submitted reviews of this application in this stage, anonymised."""
    conflicted = Conflict.objects.filter(
        application=assignment.application_id,
        reviewer=OuterRef("assignment__reviewer"),
        overridden_by__isnull=True,
    )
    reviews = (
        Review.objects.filter(
            assignment__stage=assignment.stage_id,
            assignment__application=assignment.application_id,
            submitted_at__isnull=False,
        )
        .exclude(assignment=assignment)
        .exclude(Exists(conflicted))
        .order_by("assignment__pk")
    )
    return [
        {
            "number": number,
            "total": review.weighted_score(criteria),
            "scores": [(criterion, review.scores.get(str(criterion.pk))) for criterion in criteria],
        }
        for number, review in enumerate(reviews, start=1)
    ]


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error_messages(error))


@login_required
def review(request, pk):
    assignment = _my_assignment(request, pk)
    stage, application = assignment.stage, assignment.application
    call = application.call
    criteria = list(stage.criteria.all())
    for criterion in criteria:
        # 1.50 → "1.5" (or "1,5"): the weight as people write it.
        criterion.weight_text = number_format(criterion.weight.normalize())
    mine = _review_of(assignment)
    submitted = _status(mine) == SUBMITTED
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        # Once submitted, a review stays complete: every save is a submission.
        submit = submitted or request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                services.save_review(
                    reviewer=request.user,
                    assignment=assignment,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if submitted:
                    messages.success(request, _("Your review was updated."))
                elif submit:
                    messages.success(
                        request, _("Your review was submitted. Thank you! You now see the others.")
                    )
                else:
                    messages.success(request, _("Your draft was saved."))
                return redirect("programs:review", pk=assignment.pk)
    else:
        initial = {"comment": mine.comment if mine else ""}
        if mine:
            initial |= {f"c{key}": value for key, value in mine.scores.items()}
        form = ReviewForm(initial=initial, criteria=criteria)
    other_reviews = _other_reviews(assignment, criteria) if submitted else []
    my_total = mine.weighted_score(criteria) if mine else None
    # Criterion by criterion: this reviewer's score, then the others' (after submitting).
    score_rows = [
        {
            "criterion": criterion,
            "mine": mine.scores.get(str(criterion.pk)) if mine else None,
            "others": [other["scores"][index][1] for other in other_reviews],
        }
        for index, criterion in enumerate(criteria)
    ]
    context = {
        "assignment": assignment,
        "application": application,
        "call": call,
        "programme": call.programme,
        "stage": stage,
        "criteria": criteria,
        "blind": stage.blind,
        "applicant": "" if stage.blind else application.applicant_name,
        "answers": _answers(application, call),
        "form": form,
        "review": mine,
        "status": _status(mine),
        "submitted": submitted,
        "my_total": my_total,
        "other_reviews": other_reviews,
        "score_rows": score_rows if submitted else [],
        "stage_total": (
            aggregate_scores([my_total] + [r["total"] for r in other_reviews], stage.aggregate)
            if submitted
            else None
        ),
    }
    return render(request, "programs/review/review.html", context)


@login_required
def review_file(request, pk, question_id):
    assignment = _my_assignment(request, pk)
    answer = get_object_or_404(
        Answer.objects.select_related("question"),
        application=assignment.application_id,
        question_id=question_id,
    )
    if not answer.file:
        raise Http404
    # The name it was uploaded with (the stored one may carry a suffix against clashes).
    filename = answer.value if isinstance(answer.value, str) and answer.value else None
    if assignment.stage.blind:
        # The uploaded file's name may name the company: give it a neutral one.
        suffix = PurePath(answer.file.name).suffix or (
            mimetypes.guess_extension(answer.file_type or "") or ""
        )
        filename = f"{_('attachment')}-{answer.question_id}{suffix}"
    return serve_file(answer.file, as_attachment=True, filename=filename)


urlpatterns = [
    path("reviews/", my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", review, name="review"),
    path("reviews/<int:pk>/conflict/", declare_conflict, name="declare_conflict"),
    path("reviews/<int:pk>/files/<int:question_id>/", review_file, name="review_file"),
]
