"""The question builder of both forms, the feedback survey and its results.

- ``<slug>/manage/questions/<registration|survey>/``: organisers add, edit, reorder and
  delete questions with texts per language
- ``<slug>/survey/edit/``: organisers set the survey's dates and introduction and send
  the invitations
- ``<slug>/survey/``: a participant with a confirmed place answers, once, while it is open
- ``<slug>/survey/results/``: organisers see the answers in aggregate, with charts

An event the user cannot see answers 404; one they see but do not run answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, percent_text
from korpu.common.forms import add_service_errors
from korpu.common.views import error_messages, require_perm

from .. import surveys as services
from ..forms.surveys import QuestionForm, SurveyAnswerForm, SurveyForm
from ..models import Event, Question, Registration, Survey

FORMS = frozenset(Question.Form.values)


def _visible_event(request, slug) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _organised_event(request, slug) -> Event:
    event = _visible_event(request, slug)
    require_perm(request, "events.change_event", event)
    return event


def _survey(event: Event) -> Survey | None:
    return Survey.objects.filter(event=event).first()


def _pick(items: dict, raw):
    if not raw:
        return None
    try:
        return items[int(raw)]
    except (KeyError, TypeError, ValueError) as missing:
        raise Http404 from missing


# --- the question builder ----------------------------------------------------------------
@login_required
def questions_edit(request, slug, form):
    if form not in FORMS:
        raise Http404
    event = _organised_event(request, slug)
    items = {q.pk: q for q in services.questions_of(event, form)}
    editing = _pick(items, request.POST.get("question") or request.GET.get("question"))
    here = reverse("events:questions_edit", args=[event.slug, form])
    question_form = QuestionForm(instance=editing)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                question_form = QuestionForm(request.POST, instance=editing)
                if question_form.is_valid():
                    data = question_form.data_for_service()
                    if editing is None:
                        services.add_question(actor=request.user, event=event, form=form, data=data)
                    else:
                        services.update_question(actor=request.user, question=editing, data=data)
                    messages.success(request, _("Saved."))
                    return redirect(here)
            elif editing is None:
                raise Http404
            elif action == "delete":
                services.delete_question(actor=request.user, question=editing)
                messages.success(request, _("The question was deleted."))
                return redirect(here)
            elif action in ("up", "down"):
                step = -1 if action == "up" else 1
                services.move_question(actor=request.user, question=editing, step=step)
                return redirect(here)
            else:
                raise Http404
        except ValidationError as error:
            if action != "save":
                messages.error(request, error_messages(error))
                return redirect(here)
            add_service_errors(question_form, error)
    questions = list(items.values())
    for question in questions:
        question.answered = services.has_answers(question)
    return render(
        request,
        "events/surveys/questions.html",
        {
            "event": event,
            "form_name": form,
            "form_label": Question.Form(form).label,
            "questions": questions,
            "form": question_form,
            "editing": editing,
            "current": "survey" if form == "survey" else "questions",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the survey's settings -----------------------------------------------------------------
@login_required
def survey_edit(request, slug):
    event = _organised_event(request, slug)
    survey = _survey(event)
    with timezone.override(event.zone):
        if request.method == "POST" and request.POST.get("action") == "invite":
            if survey is None:
                raise Http404
            try:
                services.request_invitations(actor=request.user, survey=survey)
            except ValidationError as error:
                messages.error(request, error_messages(error))
            else:
                messages.success(
                    request,
                    _("The invitations are being sent to the participants who have not answered."),
                )
            return redirect("events:survey_edit", event.slug)
        initial = {}
        if survey is None:
            initial = {"opens_at": event.ends_at.replace(second=0, microsecond=0)}
        form = SurveyForm(
            request.POST or None, instance=survey, initial=initial, zone=event.time_zone
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.save_survey(actor=request.user, event=event, data=form.data_for_service())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("events:survey_edit", event.slug)
        sent = services.invitations_sent(survey) if survey else None
        return render(
            request,
            "events/surveys/edit.html",
            {
                "event": event,
                "survey": survey,
                "form": form,
                "questions": services.questions_of(event, Question.Form.SURVEY),
                "sent": sent,
                "is_open": survey.is_open() if survey else False,
                "responses": survey.responses.count() if survey else 0,
                "current": "survey",
            },
            status=400 if request.method == "POST" else 200,
        )


# --- answering -----------------------------------------------------------------------------
@login_required
def survey(request, slug):
    event = _visible_event(request, slug)
    survey = _survey(event)
    questions = services.questions_of(event, Question.Form.SURVEY) if survey else []
    if survey is None or not questions:
        raise Http404
    registration = (
        Registration.objects.filter(
            event=event, person=request.user, status=Registration.Status.CONFIRMED
        )
        .order_by("-pk")
        .first()
    )
    context = {"event": event, "survey": survey, "questions": questions}
    if registration is None:
        context["state"] = "not_participant"
        return render(request, "events/surveys/answer.html", context, status=403)
    response = services.response_of(survey, registration)
    if response is not None:
        context.update(state="answered", response=response)
        return render(request, "events/surveys/answer.html", context)
    if not survey.is_open():
        context["state"] = "closed" if survey.opens_at <= timezone.now() else "not_yet"
        return render(request, "events/surveys/answer.html", context)
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        raw = {name: form.cleaned_data.get(name) for name in form.fields}
        try:
            services.submit_response(survey=survey, registration=registration, data=raw)
        except ValidationError as error:
            if getattr(error, "code", None) in ("answered", "closed", "not_participant", "empty"):
                messages.error(request, error_messages(error))
                return redirect("events:survey", event.slug)
            form.add_service_error(error)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("events:survey", event.slug)
    context.update(state="open", form=form)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/surveys/answer.html", context, status=status)


# --- results -------------------------------------------------------------------------------
def _number(value, places=1) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@require_GET
@login_required
def survey_results(request, slug):
    event = _organised_event(request, slug)
    survey = _survey(event)
    if survey is None:
        return redirect("events:survey_edit", event.slug)
    figures = services.results(survey)
    for item in figures["questions"]:
        question = item["question"]
        if "counts" in item:
            total = item["answered"] if item["kind"] == Question.Kind.MULTIPLE_CHOICE else None
            item["chart"] = bar_chart(
                item["counts"],
                title=question.label,
                total=total,
                empty_text=_("No answers yet"),
                format_value=lambda v: _number(v, 0),
            )
            denominator = item["answered"]
            item["rows"] = [
                {
                    "label": label,
                    "count": count,
                    "share": percent_text(count / denominator) if denominator else "—",
                }
                for label, count in item["counts"]
            ]
        if "average" in item:
            item["average_text"] = _number(item["average"], 2)
        if "mean" in item:
            item["mean_text"] = _number(item["mean"], 2)
            item["median_text"] = _number(item["median"], 2)
            item["low_text"] = _number(item["low"], 2)
            item["high_text"] = _number(item["high"], 2)
    return render(
        request,
        "events/surveys/results.html",
        {
            "event": event,
            "survey": survey,
            "figures": figures,
            "rate": percent_text(figures["rate"]) if figures["rate"] is not None else None,
            "min_responses": services.MIN_RESPONSES_FOR_TEXTS,
            "current": "survey",
        },
    )


urlpatterns = [
    path(
        "<slug:slug>/manage/questions/<str:form>/",
        questions_edit,
        name="questions_edit",
    ),
    # The registration form's builder, for links that give only the event.
    path(
        "<slug:slug>/manage/questions/",
        questions_edit,
        {"form": "registration"},
        name="questions_edit",
    ),
    path("<slug:slug>/survey/", survey, name="survey"),
    path("<slug:slug>/survey/edit/", survey_edit, name="survey_edit"),
    path("<slug:slug>/survey/results/", survey_results, name="survey_results"),
]
