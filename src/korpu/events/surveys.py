"""Questions of an event's registration form and feedback survey, the survey itself, the
participants' answers and what organisers see of them.

Keyword-only functions, one transaction each, an audit entry; a refusal raises
``ValidationError`` with a translated message and writes nothing.

A question people have answered is partly frozen: it cannot be deleted or change kind
(their answers would lose their meaning), but its wording, help text, options and whether
it is required may still be corrected. Organisers see survey answers only in aggregate;
written answers are listed sorted by their text, so answers to two questions cannot be
paired up into one person's.
"""

import statistics as stats
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.models import AuditEntry
from korpu.common.notify import send_templated_mail

from . import services
from .models import Event, Question, Registration, Survey, SurveyResponse

Form = Question.Form
Kind = Question.Kind
CHOICE_KINDS = (Kind.CHOICE, Kind.MULTIPLE_CHOICE)
INVITED = "events.survey_invite"
# Before this many responses the written answers are not shown: with two or three people
# the organisers could tell who wrote what.
MIN_RESPONSES_FOR_TEXTS = 3


def questions_of(event: Event, form: str) -> list[Question]:
    return list(event.questions.filter(form=form).order_by("position", "pk"))


# --- the question builder ----------------------------------------------------------------
def _locked_event(actor, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    return event


def has_answers(question: Question) -> bool:
    key = str(question.pk)
    if question.form == Form.REGISTRATION:
        return Registration.objects.filter(
            event_id=question.event_id, answers__has_key=key
        ).exists()
    return SurveyResponse.objects.filter(
        survey__event_id=question.event_id, answers__has_key=key
    ).exists()


def _clean_question(question: Question) -> None:
    if question.kind not in CHOICE_KINDS:
        question.choices = []
    question.full_clean()


def _apply(question: Question, data: dict) -> None:
    for name, value in data.items():
        setattr(question, name, value)


@transaction.atomic
def add_question(*, actor, event: Event, form: str, data: dict) -> Question:
    event = _locked_event(actor, event)
    if form not in Form.values:
        raise ValidationError(_("Unknown form."))
    last = (
        event.questions.filter(form=form)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    question = Question(event=event, form=form, position=(last + 1) if last is not None else 0)
    _apply(question, data)
    _clean_question(question)
    question.save()
    audit.record(
        actor=actor,
        action="events.question_create",
        obj=question,
        changes=audit.diff({}, audit.snapshot(question)),
    )
    return question


@transaction.atomic
def update_question(*, actor, question: Question, data: dict) -> Question:
    event = _locked_event(actor, question.event)
    question = event.questions.get(pk=question.pk)
    before = audit.snapshot(question)
    if "kind" in data and data["kind"] != question.kind and has_answers(question):
        raise ValidationError(
            {"kind": _("People have answered this question: it cannot change kind now.")}
        )
    _apply(question, data)
    _clean_question(question)
    question.save()
    audit.record(
        actor=actor,
        action="events.question_update",
        obj=question,
        changes=audit.diff(before, audit.snapshot(question)),
    )
    return question


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    event = _locked_event(actor, question.event)
    question = event.questions.get(pk=question.pk)
    if has_answers(question):
        raise ValidationError(
            _(
                "People have answered this question, so it cannot be deleted: their answers "
                "would lose their meaning. You can make it optional or reword it instead."
            )
        )
    audit.record(
        actor=actor,
        action="events.question_delete",
        obj=question,
        changes=audit.diff(audit.snapshot(question), {}),
    )
    question.delete()


@transaction.atomic
def move_question(*, actor, question: Question, step: int) -> None:
    """Move a question one place up (``step=-1``) or down (``step=1``) in its form."""
    event = _locked_event(actor, question.event)
    questions = list(event.questions.filter(form=question.form).order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit.record(
        actor=actor,
        action="events.question_move",
        obj=question,
        changes={"position": [index, other]},
    )


# --- the survey ------------------------------------------------------------------------------
@transaction.atomic
def save_survey(*, actor, event: Event, data: dict) -> Survey:
    event = _locked_event(actor, event)
    survey = Survey.objects.filter(event=event).first() or Survey(event=event)
    before = audit.snapshot(survey) if survey.pk else {}
    for name, value in data.items():
        setattr(survey, name, value)
    if survey.closes_at and survey.opens_at and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    survey.full_clean()
    survey.save()
    audit.record(
        actor=actor,
        action="events.survey_update" if before else "events.survey_create",
        obj=survey,
        changes=audit.diff(before, audit.snapshot(survey)),
    )
    return survey


def response_of(survey: Survey, registration: Registration | None) -> SurveyResponse | None:
    if registration is None:
        return None
    return SurveyResponse.objects.filter(survey=survey, registration=registration).first()


def _already_answered() -> ValidationError:
    return ValidationError(_("You have already answered this survey. Thank you!"), code="answered")


@transaction.atomic
def submit_response(*, survey: Survey, registration: Registration, data: dict) -> SurveyResponse:
    """Record a participant's answers, once. ``data`` holds raw answers keyed ``q<id>``."""
    registration = Registration.objects.select_related("person").get(pk=registration.pk)
    if (
        registration.event_id != survey.event_id
        or registration.status != Registration.Status.CONFIRMED
    ):
        raise ValidationError(
            _("Only participants with a confirmed place can answer this survey."),
            code="not_participant",
        )
    if not survey.is_open():
        raise ValidationError(_("This survey is not open."), code="closed")
    if SurveyResponse.objects.filter(survey=survey, registration=registration).exists():
        raise _already_answered()
    questions = questions_of(survey.event, Form.SURVEY)
    if not questions:
        raise ValidationError(_("This survey has no questions yet."), code="empty")
    answers = services.clean_answers(questions=questions, data=data)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, registration=registration, answers=answers
            )
    except IntegrityError:  # a second submission that raced this one
        raise _already_answered() from None
    # Who answered, never what: the answers stay out of the log.
    audit.record(actor=registration.person, action="events.survey_respond", obj=survey)
    return response


# --- invitations -----------------------------------------------------------------------------
def invitations_sent(survey: Survey) -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(
            action=INVITED,
            content_type__app_label="events",
            content_type__model="survey",
            object_id=str(survey.pk),
        )
        .order_by("created_at")
        .first()
    )


def request_invitations(*, actor, survey: Survey) -> None:
    """Queue the invitation mail (a task: big events have thousands of participants)."""
    if not actor.has_perm("events.change_event", survey.event):
        raise PermissionDenied
    if not survey.is_open():
        raise ValidationError(_("Invitations can be sent while the survey is open."))
    if invitations_sent(survey):
        raise ValidationError(_("The invitations to this survey have already been sent."))
    if not questions_of(survey.event, Form.SURVEY):
        raise ValidationError(_("Add questions to the survey before inviting anyone."))
    survey_id, actor_id = survey.pk, actor.pk
    transaction.on_commit(lambda: send_survey_invitations.enqueue(survey_id, actor_id))


@task()
def send_survey_invitations(survey_id: int, actor_id: int | None = None) -> int:
    survey = Survey.objects.select_related("event").get(pk=survey_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return invite_to_survey(event=survey.event, actor=actor)


def invite_to_survey(*, event: Event, actor=None) -> int:
    """Mail every confirmed participant who has not answered yet, once per survey: the
    survey row is locked and the audit entry of a previous sending stops a second one.
    Returns how many were invited (0 when they already were)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("event").get(event=event)
        if invitations_sent(survey) or not survey.is_open():
            return 0
        registrations = (
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .exclude(survey_responses__survey=survey)
            .select_related("person")
            .order_by("pk")
        )
        count = 0
        for registration in registrations.iterator(chunk_size=500):
            person = registration.person
            language = services.person_language(person)
            with translation.override(language):
                path = reverse("events:survey", args=[event.slug])
            send_templated_mail(
                to=person.email,
                template="events/email/survey_open",
                context={
                    "person": person,
                    "event": survey.event,
                    "survey": survey,
                    "survey_url": f"{settings.KORPU_SITE_URL}{path}",
                },
                language=language,
            )
            count += 1
        audit.record(actor=actor, action=INVITED, obj=survey, changes={"invited": [None, count]})
    return count


# --- results ---------------------------------------------------------------------------------
def results(survey: Survey) -> dict:
    """Aggregates per question: counts for ratings, choices and yes/no; mean and median
    for numbers; written answers sorted by their text."""
    event = survey.event
    questions = questions_of(event, Form.SURVEY)
    values: dict[str, list] = {str(q.pk): [] for q in questions}
    responses = 0
    for answers in (
        SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True).iterator()
    ):
        responses += 1
        for key, value in (answers or {}).items():
            if key in values and value not in (None, "", []):
                values[key].append(value)
    participants = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    return {
        "responses": responses,
        "participants": participants,
        "rate": responses / participants if participants else None,
        "show_texts": responses >= MIN_RESPONSES_FOR_TEXTS,
        "questions": [_summary(q, values[str(q.pk)]) for q in questions],
    }


def _summary(question: Question, answers: list) -> dict:
    summary = {"question": question, "kind": question.kind, "answered": len(answers)}
    kind = question.kind
    if kind == Kind.RATING:
        ratings = [int(a) for a in answers]
        counts = Counter(ratings)
        summary["counts"] = [(str(n), counts[n]) for n in range(1, 6)]
        summary["average"] = sum(ratings) / len(ratings) if ratings else None
    elif kind in CHOICE_KINDS:
        picked = Counter(
            option
            for answer in answers
            for option in (answer if isinstance(answer, list) else [answer])
        )
        options = list(question.choices) + sorted(set(picked) - set(question.choices))
        summary["counts"] = [(option, picked[option]) for option in options]
    elif kind == Kind.YES_NO:
        yes = sum(1 for a in answers if a is True)
        summary["counts"] = [(_("Yes"), yes), (_("No"), len(answers) - yes)]
    elif kind == Kind.NUMBER:
        numbers = [float(a) for a in answers]
        summary.update(
            mean=stats.fmean(numbers) if numbers else None,
            median=stats.median(numbers) if numbers else None,
            low=min(numbers, default=None),
            high=max(numbers, default=None),
        )
    else:
        summary["texts"] = sorted((str(a) for a in answers), key=str.casefold)
    return summary
