"""Applicant pages: starting, editing, submitting, following and withdrawing applications.

An application is seen by its applicant side (the person, or every member of the company),
the programme's managers and its unconflicted reviewers; anyone else gets a 404. Editing
is for the applicant side while it is a draft. The services decide everything else
(eligibility, deadlines in UTC, optimistic locking); these views show what they say.
"""

import contextlib
import datetime
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.models import AuditEntry
from korpu.common.views import error_messages, paginate, require_perm, serve_file

from .. import queries, services
from ..forms.applicant import ApplicationForm
from ..models import Answer, Application, Question
from ..rules import is_applicant
from .public import render_call, start_form, visible_call, zone_label


# --- helpers -------------------------------------------------------------------------------
def visible_application(request, pk: int) -> Application:
    """The application, or a 404 for anyone who may not see it (not even that it exists)."""
    application = get_object_or_404(
        Application.objects.select_related("call__programme", "company", "applicant"), pk=pk
    )
    if not request.user.has_perm("programs.view_application", application):
        raise Http404
    return application


def _is_stale(error: ValidationError) -> bool:
    return not hasattr(error, "error_dict") and any(e.code == "stale" for e in error.error_list)


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: per field when it names fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def answer_rows(questions: list[Question], answers: dict[int, Answer]) -> list[dict]:
    """Each question with its stored answer, ready to show read-only."""
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        value = answer.value if answer is not None else None
        row = {"question": question, "answer": answer, "value": value, "empty": False}
        if question.kind == Question.Kind.FILE:
            row["empty"] = answer is None or not answer.file
        elif value in (None, "", []):
            row["empty"] = True
        elif question.kind == Question.Kind.DATE:
            with contextlib.suppress(ValueError):
                row["value"] = datetime.date.fromisoformat(str(value))
        rows.append(row)
    return rows


def completeness(questions: list[Question], answers: dict[int, Answer]) -> dict:
    required = [q for q in questions if q.required]
    answered = sum(
        1
        for q in required
        if (a := answers.get(q.pk)) is not None and (a.value not in (None, "", []) or a.file)
    )
    return {"answered": answered, "required": len(required), "done": answered == len(required)}


def _last_save(application: Application) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
            action__in=["application.save", "application.start"],
        )
        .select_related("actor")
        .first()
    )


# --- starting ------------------------------------------------------------------------------
@login_required
@require_POST
def application_start(request, programme_slug, call_slug):
    call = visible_call(request, programme_slug, call_slug)
    form = start_form(request, call, request.POST)
    if form.is_valid():
        try:
            application = services.start_application(
                actor=request.user,
                call=call,
                title=form.cleaned_data["title"],
                company=form.cleaned_data.get("company"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Your application was started. Save it as often as you like before submitting."),
            )
            return redirect("programs:application_edit", pk=application.pk)
    return render_call(request, call, form)


# --- editing -------------------------------------------------------------------------------
@login_required
def application_edit(request, pk):
    application = visible_application(request, pk)
    if application.status != Application.Status.DRAFT:
        messages.info(request, _("This application was submitted; it can no longer be edited."))
        return redirect(application)
    require_perm(request, "programs.change_application", application)
    call = application.call
    questions = list(call.questions.all())
    answers = {a.question_id: a for a in application.answers.all()}
    initial = {
        "version": application.version,
        "title": application.title,
        "summary": application.summary,
    }
    options = {"questions": questions, "answers": answers, "initial": initial}
    form = ApplicationForm(request.POST or None, request.FILES or None, **options)
    stale = None
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.save_draft(
                actor=request.user,
                application=application,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                answers=form.answers(),
                files=form.uploads(),
            )
        except ValidationError as error:
            if not _is_stale(error):
                _add_errors(form, error)
            else:
                # Keep what this person typed; show what the other person saved; the next
                # save is based on the current version, so it replaces theirs knowingly.
                application = visible_application(request, pk)
                answers = {a.question_id: a for a in application.answers.all()}
                data = request.POST.copy()
                data["version"] = str(application.version)
                form = ApplicationForm(data, questions=questions, answers=answers, initial=initial)
                form.is_valid()
                stale = {
                    "application": application,
                    "rows": answer_rows(questions, answers),
                    "saved_by": _last_save(application),
                    "files_dropped": bool(request.FILES),
                }
        else:
            if not submit:
                messages.success(request, _("Your draft was saved."))
                return redirect("programs:application_edit", pk=saved.pk)
            try:
                services.submit_application(
                    actor=request.user, application=saved, version=saved.version
                )
            except ValidationError as error:
                messages.error(
                    request,
                    _("Your draft was saved, but it was not submitted: %(reason)s")
                    % {"reason": error_messages(error)},
                )
                return redirect("programs:application_edit", pk=saved.pk)
            messages.success(
                request,
                _("Your application was submitted. We sent a confirmation by e-mail."),
            )
            return redirect(saved)
    context = {
        "application": application,
        "call": call,
        "programme": call.programme,
        "form": form,
        "stale": stale,
        "completeness": completeness(questions, answers),
        "zone": zone_label(call.programme.time_zone, call.closes_at),
        "is_open": call.is_open(),
        "last_save": _last_save(application) if stale is None else stale["saved_by"],
    }
    status = 409 if stale else 200
    return render(request, "programs/applicant/application_edit.html", context, status=status)


# --- following -----------------------------------------------------------------------------
@login_required
def application_detail(request, pk):
    application = visible_application(request, pk)
    user = request.user
    call = application.call
    applicant_side = is_applicant(user, application)
    manages = user.has_perm("programs.manage_application", application)
    questions = list(call.questions.all())
    answers = {a.question_id: a for a in application.answers.all()}
    show_identity = user.has_perm("programs.see_applicant", application)
    withdrawn_at = None
    if application.status == Application.Status.WITHDRAWN:
        entry = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
            action="application.withdraw",
        ).first()
        withdrawn_at = entry.created_at if entry else application.updated_at
    context = {
        "application": application,
        "call": call,
        "programme": call.programme,
        "rows": answer_rows(questions, answers),
        "completeness": completeness(questions, answers),
        "applicant_side": applicant_side,
        "show_identity": show_identity,
        "show_decision": applicant_side or manages,
        "can_edit": user.has_perm("programs.change_application", application),
        "can_withdraw": user.has_perm("programs.withdraw_application", application),
        "withdrawn_at": withdrawn_at,
        "zone": zone_label(call.programme.time_zone, call.closes_at),
    }
    return render(request, "programs/applicant/application_detail.html", context)


@login_required
def answer_file(request, pk, question_pk):
    application = visible_application(request, pk)
    answer = get_object_or_404(Answer, application=application, question_id=question_pk)
    # Downloaded under the name it was uploaded with (storage may have renamed it) —
    # except for a blind reviewer: a file name often carries the company's name.
    name = os.path.basename(str(answer.value or "")) or None
    if not request.user.has_perm("programs.see_applicant", application):
        extension = os.path.splitext(answer.file.name)[1]
        name = f"application-{application.pk}-question-{question_pk}{extension}"
    return serve_file(answer.file, as_attachment=True, filename=name)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = visible_application(request, pk)
    if not is_applicant(request.user, application):
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to withdraw."))
        return redirect(application)
    try:
        services.withdraw_application(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect(application)


@login_required
def my_applications(request):
    applications = queries.my_applications(request.user).select_related("applicant")
    return render(
        request,
        "programs/applicant/my_applications.html",
        {"page": paginate(request, applications, per_page=30)},
    )


urlpatterns = [
    path("applications/", my_applications, name="my_applications"),
    path("applications/<int:pk>/", application_detail, name="application"),
    path("applications/<int:pk>/edit/", application_edit, name="application_edit"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/files/<int:question_pk>/", answer_file, name="answer_file"),
    path(
        "<programme:programme_slug>/<slug:call_slug>/apply/",
        application_start,
        name="application_start",
    ),
]
