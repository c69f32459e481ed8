"""Every write about calls, applications, conflicts, reviews and decisions.

Keyword-only functions; one transaction each; an audit entry; mail written to the
outbox in the same transaction. A refused change raises ``ValidationError`` with a
translated message and writes nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.common.validators import validate_document_upload
from korpu.directory.models import Membership, Organisation, Residency
from korpu.directory.rules import MANAGING_ROLES
from korpu.webhooks import services as webhooks

from .models import (
    Answer,
    Application,
    Assignment,
    Call,
    CallReviewer,
    Cohort,
    CohortMember,
    Conflict,
    DeclaredRelationship,
    Question,
    Review,
)

# Public mail providers: sharing one of these says nothing about a tie between people.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "mail.ru",
        "yandex.ru",
        "icloud.com",
        "proton.me",
        "protonmail.com",
        "mail.az",
        "yandex.com.tr",
        "live.com",
    }
)


# --- eligibility and drafts --------------------------------------------------------------
def eligibility_problems(*, call: Call, person, company: Organisation | None) -> list[str]:
    """Why this person (acting for this company, if any) may not apply; empty if eligible."""
    problems = []
    if call.applicant_kind == Call.ApplicantKind.COMPANY:
        if company is None:
            return [_("This call is for companies: apply on behalf of your company.")]
        if not person.memberships.filter(organisation=company).exists():
            problems.append(_("You are not a member of this company."))
        if not company.is_company:
            problems.append(_("Only companies can apply to this call."))
        if call.eligible_company_kinds and company.kind not in call.eligible_company_kinds:
            problems.append(_("This call is not open to companies of this kind."))
        country = company.country
    else:
        if company is not None:
            return [_("This call is for individuals: apply in your own name.")]
        country = person.country
    if call.eligible_countries and country not in call.eligible_countries:
        problems.append(_("This call is not open to applicants from this country."))
    if call.resident_of_id:
        resident = (
            company is not None
            and Residency.objects.filter(
                company=company, park_id=call.resident_of_id, status=Residency.Status.ACTIVE
            ).exists()
        )
        if not resident:
            problems.append(
                _("Only residents of %(park)s can apply.") % {"park": call.resident_of.name}
            )
    return problems


def _require_open(call: Call) -> None:
    """Deadlines are enforced here, on the server, in UTC (shown in the programme's zone)."""
    now = timezone.now()
    if not call.is_published or now < call.opens_at:
        raise ValidationError(_("This call is not open yet."))
    if now >= call.closes_at:
        local = timezone.localtime(call.closes_at, timezone=_zone(call))
        raise ValidationError(
            _("The deadline has passed (%(deadline)s, %(zone)s): applications are closed.")
            % {
                "deadline": formats.date_format(local, "DATETIME_FORMAT"),
                "zone": call.programme.time_zone,
            }
        )


def _zone(call: Call):
    import zoneinfo

    return zoneinfo.ZoneInfo(call.programme.time_zone)


@transaction.atomic
def start_application(
    *, actor, call: Call, title: str, company: Organisation | None = None
) -> Application:
    _require_open(call)
    problems = eligibility_problems(call=call, person=actor, company=company)
    if problems:
        raise ValidationError(problems)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give your application a title."))
    existing = call.applications.exclude(status=Application.Status.WITHDRAWN)
    existing = (
        existing.filter(company=company)
        if company
        else existing.filter(company__isnull=True, applicant=actor)
    )
    if existing.exists():
        raise ValidationError(_("There is already an application for this call; continue it."))
    application = Application.objects.create(
        call=call, applicant=actor, company=company, title=title[:200]
    )
    audit.record(actor=actor, action="application.start", obj=application)
    return application


def clean_answer(question: Question, value: Any) -> Any:
    """The stored form of an answer, or a ValidationError in the user's language."""
    if value in (None, "", []):
        return None
    kind = question.kind
    if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
        text = str(value).strip()
        limit = question.max_length or (300 if kind == Question.Kind.TEXT else 10000)
        if len(text) > limit:
            raise ValidationError(
                _("At most %(limit)s characters (you wrote %(count)s).")
                % {"limit": limit, "count": len(text)}
            )
        return text
    if kind == Question.Kind.NUMBER:
        try:
            number = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        return str(number)
    if kind == Question.Kind.CHOICE:
        if value not in question.choices:
            raise ValidationError(_("Choose one of the options."))
        return value
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        if any(v not in question.choices for v in values):
            raise ValidationError(_("Choose among the options."))
        return values
    if kind == Question.Kind.URL:
        try:
            URLValidator(schemes=["http", "https"])(str(value))
        except ValidationError:
            raise ValidationError(_("Enter a web address starting with https://.")) from None
        return str(value)
    if kind == Question.Kind.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None
    raise ValidationError(_("This question takes a file."))


def _lock_current(application: Application, version: int) -> Application:
    """Lock the row and refuse an edit made on an outdated version (optimistic locking)."""
    current = (
        Application.objects.select_for_update()
        .select_related("call__programme")
        .get(pk=application.pk)
    )
    if current.version != version:
        raise ValidationError(
            _(
                "Someone else saved this application while you were editing it, so your "
                "changes were not saved over theirs. Look at their version, then save again."
            ),
            code="stale",
        )
    return current


@transaction.atomic
def save_draft(
    *,
    actor,
    application: Application,
    version: int,
    title: str,
    summary: str,
    answers: dict[int, Any],
    files: dict[int, Any] | None = None,
) -> Application:
    """Save a draft. ``answers`` maps question ids to raw values, ``files`` to uploads."""
    current = _lock_current(application, version)
    if current.status != Application.Status.DRAFT:
        raise ValidationError(_("Only a draft can be edited."))
    _require_open(current.call)
    questions = {q.pk: q for q in current.call.questions.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Any] = {}
    for question_id, raw in answers.items():
        question = questions.get(int(question_id))
        if question is None or question.kind == Question.Kind.FILE:
            continue
        try:
            cleaned[question.pk] = clean_answer(question, raw)
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    uploads: dict[int, tuple[Any, str]] = {}
    for question_id, upload in (files or {}).items():
        question = questions.get(int(question_id))
        if question is None or question.kind != Question.Kind.FILE or not upload:
            continue
        try:
            uploads[question.pk] = (upload, validate_document_upload(upload))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give your application a title.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(current, ["title", "summary"])
    current.title, current.summary = title[:200], (summary or "").strip()
    current.version += 1
    current.save(update_fields=["title", "summary", "version", "updated_at"])
    for question_id, value in cleaned.items():
        Answer.objects.update_or_create(
            application=current, question_id=question_id, defaults={"value": value}
        )
    for question_id, (upload, mime) in uploads.items():
        answer, _created = Answer.objects.get_or_create(
            application=current, question_id=question_id
        )
        answer.file.save(upload.name, upload, save=False)
        answer.file_type = mime
        answer.value = upload.name
        answer.save()
    audit.record(
        actor=actor,
        action="application.save",
        obj=current,
        changes={
            **audit.diff(before, audit.snapshot(current, ["title", "summary"])),
            "answers": [None, sorted(cleaned) + sorted(uploads)],
        },
    )
    return current


def missing_answers(application: Application) -> list[Question]:
    answered = {
        a.question_id for a in application.answers.all() if a.value not in (None, "", []) or a.file
    }
    return [q for q in application.call.questions.all() if q.required and q.pk not in answered]


@transaction.atomic
def submit_application(*, actor, application: Application, version: int) -> Application:
    current = _lock_current(application, version)
    if current.status != Application.Status.DRAFT:
        raise ValidationError(_("This application was already submitted."))
    _require_open(current.call)
    missing = missing_answers(current)
    if missing:
        raise ValidationError(
            _("Answer every required question before submitting: %(questions)s.")
            % {"questions": "; ".join(q.label for q in missing)}
        )
    current.status = Application.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    current.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    detect_conflicts(current)
    audit.record(
        actor=actor,
        action="application.submit",
        obj=current,
        changes={"status": ["draft", "submitted"]},
    )
    _notify_applicants(current, "programs/email/application_submitted")
    webhooks.application_submitted(current)
    return current


@transaction.atomic
def withdraw_application(*, actor, application: Application) -> Application:
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status not in (Application.Status.DRAFT, Application.Status.SUBMITTED):
        raise ValidationError(_("A decided application cannot be withdrawn."))
    before = current.status
    current.status = Application.Status.WITHDRAWN
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="application.withdraw",
        obj=current,
        changes={"status": [before, "withdrawn"]},
    )
    return current


def _applicant_people(application: Application):
    """The applicant and, for a company, its managers and admins."""
    people = {application.applicant}
    if application.company_id:
        people |= {
            m.person
            for m in application.company.memberships.filter(role__in=MANAGING_ROLES).select_related(
                "person"
            )
        }
    return sorted(people, key=lambda p: p.pk)


def _notify_applicants(application: Application, template: str) -> None:
    for person in _applicant_people(application):
        send_templated_mail(
            to=person.email,
            template=template,
            context={"person": person, "application": application, "call": application.call},
            language=person.preferred_language,
        )


# --- conflicts of interest --------------------------------------------------------------
def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def conflict_sources(application: Application, reviewer) -> list[str]:
    """Why ``reviewer`` is conflicted with ``application`` (detected, not declared)."""
    sources = []
    if reviewer.pk == application.applicant_id:
        sources.append(Conflict.Source.APPLICANT)
    if application.company_id:
        if Membership.objects.filter(person=reviewer, organisation=application.company_id).exists():
            sources.append(Conflict.Source.SAME_ORGANISATION)
        if DeclaredRelationship.objects.filter(
            person=reviewer, organisation=application.company_id
        ).exists():
            sources.append(Conflict.Source.RELATIONSHIP)
    domain = _domain(reviewer.email)
    if (
        domain
        and domain not in PUBLIC_EMAIL_DOMAINS
        and domain == _domain(application.applicant.email)
        and Conflict.Source.APPLICANT not in sources
    ):
        sources.append(Conflict.Source.SAME_EMAIL_DOMAIN)
    return sources


def detect_conflicts(application: Application) -> list[Conflict]:
    """Record the detected conflicts of every reviewer in the call's pool (idempotent;
    overrides already given are kept)."""
    found = []
    for entry in CallReviewer.objects.filter(call=application.call_id).select_related("reviewer"):
        for source in conflict_sources(application, entry.reviewer):
            conflict, _created = Conflict.objects.get_or_create(
                application=application, reviewer=entry.reviewer, source=source
            )
            found.append(conflict)
    return found


@transaction.atomic
def declare_conflict(*, reviewer, application: Application, note: str) -> Conflict:
    """A reviewer says they are conflicted: the application is taken off their list,
    their unsubmitted review with it."""
    note = (note or "").strip()
    conflict, created = Conflict.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        source=Conflict.Source.DECLARED,
        defaults={"note": note[:300]},
    )
    Review.objects.filter(
        assignment__application=application,
        assignment__reviewer=reviewer,
        submitted_at__isnull=True,
    ).delete()
    Assignment.objects.filter(
        application=application, reviewer=reviewer, review__isnull=True
    ).delete()
    if created:
        audit.record(actor=reviewer, action="conflict.declare", obj=conflict)
    return conflict


@transaction.atomic
def override_conflict(*, manager, conflict: Conflict, reason: str) -> Conflict:
    reason = (reason or "").strip()
    if conflict.source == Conflict.Source.DECLARED:
        raise ValidationError(_("A conflict the reviewer declared cannot be overridden."))
    if len(reason) < 10:
        raise ValidationError(_("Explain in a sentence why this conflict does not matter."))
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    conflict.overridden_by = manager
    conflict.override_reason = reason[:300]
    conflict.save(update_fields=["overridden_by", "override_reason"])
    audit.record(
        actor=manager, action="conflict.override", obj=conflict, changes={"reason": [None, reason]}
    )
    return conflict


# --- reviews -------------------------------------------------------------------------------
@transaction.atomic
def save_review(
    *, reviewer, assignment: Assignment, scores: dict, comment: str, submit: bool
) -> Review:
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("stage", "application")
        .get(pk=assignment.pk)
    )
    if assignment.reviewer_id != reviewer.pk or assignment.published_at is None:
        raise ValidationError(_("This review is not assigned to you."))
    if assignment.application.conflicts.filter(
        reviewer=reviewer, overridden_by__isnull=True
    ).exists():
        raise ValidationError(_("You have a conflict of interest with this application."))
    if not assignment.stage.is_open:
        raise ValidationError(_("This review stage is closed."))
    if assignment.application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."))
    criteria = list(assignment.stage.criteria.all())
    cleaned, errors = {}, {}
    for criterion in criteria:
        raw = scores.get(str(criterion.pk), scores.get(criterion.pk))
        if raw in (None, ""):
            if submit:
                errors[f"c{criterion.pk}"] = [_("Score every criterion before submitting.")]
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"c{criterion.pk}"] = [_("Enter a whole number.")]
            continue
        if not 0 <= value <= criterion.max_score:
            errors[f"c{criterion.pk}"] = [
                _("Give a score between 0 and %(max)s.") % {"max": criterion.max_score}
            ]
            continue
        cleaned[str(criterion.pk)] = value
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.get_or_create(assignment=assignment)
    before = {"scores": review.scores, "submitted": bool(review.submitted_at)}
    review.scores = cleaned
    review.comment = (comment or "").strip()
    if submit and review.submitted_at is None:
        review.submitted_at = timezone.now()
    review.save()
    audit.record(
        actor=reviewer,
        action="review.submit" if submit else "review.save",
        obj=review,
        changes=audit.diff(before, {"scores": cleaned, "submitted": bool(review.submitted_at)}),
    )
    return review


# --- decisions -------------------------------------------------------------------------
DECISION_TEMPLATES = {
    Application.Status.ACCEPTED: "programs/email/decision_accepted",
    Application.Status.WAITLISTED: "programs/email/decision_waitlisted",
    Application.Status.REJECTED: "programs/email/decision_rejected",
}


@transaction.atomic
def decide(*, manager, application: Application, outcome: str, note: str = "") -> Application:
    """Accept, waitlist or reject; the applicants are told in their language after commit;
    an accepted applicant joins the call's cohort."""
    if outcome not in DECISION_TEMPLATES:
        raise ValidationError(_("Choose accept, waitlist or reject."))
    current = (
        Application.objects.select_for_update()
        .select_related("call__programme")
        .get(pk=application.pk)
    )
    if current.status not in (Application.Status.SUBMITTED, Application.Status.WAITLISTED):
        raise ValidationError(_("Only a submitted or waitlisted application can be decided."))
    if current.status == outcome:
        raise ValidationError(_("The application already has this decision."))
    before = current.status
    current.status = outcome
    current.decided_at = timezone.now()
    current.decision_note = (note or "").strip()
    current.version += 1
    current.save(update_fields=["status", "decided_at", "decision_note", "version", "updated_at"])
    if outcome == Application.Status.ACCEPTED:
        cohort, _created = Cohort.objects.get_or_create(
            call=current.call,
            defaults={"programme": current.call.programme, "name": str(current.call.title)},
        )
        CohortMember.objects.get_or_create(
            cohort=cohort,
            application=current,
            defaults={
                "company": current.company,
                "person": None if current.company_id else current.applicant,
            },
        )
    audit.record(
        actor=manager,
        action="application.decide",
        obj=current,
        changes={"status": [before, outcome]},
    )
    _notify_applicants(current, DECISION_TEMPLATES[outcome])
    return current
