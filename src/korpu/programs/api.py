"""The programmes API: programmes and calls to read, applications to write and follow.

The conventions of the whole API (authentication, ``?lang=``, the error body) are set in
:mod:`korpu.api` and :mod:`korpu.directory.api`; this module follows them:

* reads accept a token, the browser session or nobody (public programmes and calls);
* ``/me/applications`` and every write need a token or a signed-in session; a write made
  with the session must carry the CSRF token, one made with a token needs none;
* lists are paginated with ``page`` and ``page_size`` and run a fixed number of queries;
* something you may not see answers 404 like something that does not exist; something you
  may see but not do answers 403;
* a refused write answers 422 with the reasons (in the request's language) in
  ``details``, or 409 with code ``stale`` when someone saved the application in between.

Every rule lives in :mod:`.services`, :mod:`.queries` and :mod:`.rules`: an endpoint
checks input and permission, calls one of them and shapes the answer.
"""

import datetime
import os
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator

from korpu.common.i18n import translated_contains, translated_order
from korpu.directory import queries as directory_queries
from korpu.directory.api import (
    AUTH_REQUIRED,
    WRITE_AUTH,
    Filters,
    OrganisationRef,
    PageNumber,
    ParkRef,
    _translations_schema,
    invalid_input,
    refused,
    translations,
    viewer,
)
from korpu.directory.models import Organisation

from . import queries, services
from .models import Answer, Application, Call, Programme, Question
from .rules import is_applicant


# --- filters -------------------------------------------------------------------------------
class ProgrammeFilters(Filters):
    q: str | None = Field(None, max_length=200, description="Search in titles and summaries.")
    kind: Programme.Kind | None = None
    owner: str | None = Field(
        None, max_length=80, description="Short address of the organisation running it."
    )


class CallFilters(Filters):
    phase: Literal["open", "upcoming", "closed", "all"] | None = Field(
        None,
        description=(
            "open (the default): open now; upcoming; closed; all (with unpublished calls, "
            "for their managers)."
        ),
    )
    programme: str | None = Field(None, max_length=80, description="Programme short address.")


class MyApplicationFilters(Filters):
    status: Application.Status | None = None


class CallApplicationFilters(Filters):
    stage: int | None = Field(
        None, ge=1, description="Review stage whose scores to show; the call's first by default."
    )
    status: Application.Status | None = None


# --- schemas -------------------------------------------------------------------------------
ProgrammeTranslations = _translations_schema(
    "Programme", ("title", "summary", "description", "benefits")
)
CallTranslations = _translations_schema("Call", ("title", "description"))
QuestionTranslations = _translations_schema("Question", ("label", "help_text"))


class ProgrammeRef(Schema):
    slug: str
    title: str


class CallRef(Schema):
    id: int
    slug: str
    title: str
    programme: ProgrammeRef
    closes_at: datetime.datetime


class PersonRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        # Not ``full_name``: it falls back to the start of the e-mail address.
        return obj.get_full_name()


class CallOut(Schema):
    id: int
    slug: str
    title: str = Field(description="In the language of the request.")
    programme: ProgrammeRef
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    time_zone: str = Field(description="The programme's; show the dates in it.")
    phase: Literal["upcoming", "open", "closed"]
    is_open: bool = Field(description="Published and open now: applications are accepted.")
    is_published: bool
    applicant_kind: Call.ApplicantKind
    applicant_kind_label: str
    eligible_countries: list[str] = Field(description="ISO 3166 codes; empty: any country.")
    eligible_company_kinds: list[str] = Field(description="Empty: any kind.")
    resident_of: ParkRef | None = Field(description="Only residents of this park may apply.")
    url: str = Field(description="The call's page.")
    translations: CallTranslations

    @staticmethod
    def resolve_time_zone(obj):
        return obj.programme.time_zone

    @staticmethod
    def resolve_is_open(obj):
        return obj.is_open()

    @staticmethod
    def resolve_applicant_kind_label(obj):
        return obj.get_applicant_kind_display()

    @staticmethod
    def resolve_eligible_countries(obj):
        return [code for code in obj.eligible_countries or [] if isinstance(code, str)]

    @staticmethod
    def resolve_eligible_company_kinds(obj):
        return [kind for kind in obj.eligible_company_kinds or [] if isinstance(kind, str)]

    @staticmethod
    def resolve_resident_of(obj, context):
        return _visible_park(context["request"], obj)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("title", "description"))


class QuestionOut(Schema):
    id: int
    position: int
    kind: Question.Kind
    kind_label: str
    label: str = Field(description="In the language of the request.")
    help_text: str
    required: bool
    choices: list[str] = Field(description="The options of a choice question.")
    max_length: int | None = Field(description="For text answers: at most this many characters.")
    translations: QuestionTranslations

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_choices(obj):
        return [str(choice) for choice in obj.choices or []]

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("label", "help_text"))


class CallDetailOut(CallOut):
    description: str
    questions: list[QuestionOut] = Field(description="The application form, in order.")

    @staticmethod
    def resolve_questions(obj):
        return obj.questions.all()


class ProgrammeOut(Schema):
    slug: str
    title: str = Field(description="In the language of the request.")
    summary: str
    kind: Programme.Kind
    kind_label: str
    owner: OrganisationRef = Field(description="The organisation running it.")
    partners: list[OrganisationRef] = Field(description="Organisations it is opened to.")
    time_zone: str
    duration_weeks: int | None
    capacity: int | None = Field(description="Places.")
    url: str = Field(description="The programme's page.")
    translations: ProgrammeTranslations

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_partners(obj):
        return obj.visible_partners

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("title", "summary", "description", "benefits"))


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    benefits: str
    calls: list[CallOut] = Field(description="Its calls you may see, the latest first.")

    @staticmethod
    def resolve_calls(obj):
        return obj.visible_calls


class ApplicationOut(Schema):
    id: int
    call: CallRef
    title: str
    status: Application.Status
    status_label: str
    version: int = Field(description="Send it back with a change: an outdated one is refused.")
    applicant: PersonRef | None = Field(description="Who started it; hidden in a blind review.")
    company: OrganisationRef | None = Field(
        description="The company applying, if any; hidden in a blind review."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_applicant(obj):
        return None if getattr(obj, "blind", False) else obj.applicant

    @staticmethod
    def resolve_company(obj):
        return None if getattr(obj, "blind", False) or not obj.company_id else obj.company


class AnswerOut(Schema):
    question_id: int
    kind: Question.Kind
    label: str
    required: bool
    value: Any = Field(description="The answer; null if none (and for file questions).")
    file_name: str | None = Field(description="For a file question: the uploaded file's name.")


class ApplicationDetailOut(ApplicationOut):
    summary: str
    decision_note: str | None = Field(
        description="The decision's message to the applicant; not shown to reviewers."
    )
    answers: list[AnswerOut] = Field(description="One per question of the form, in order.")

    @staticmethod
    def resolve_decision_note(obj):
        return None if getattr(obj, "reviewer_only", False) else obj.decision_note

    @staticmethod
    def resolve_answers(obj):
        return obj.answer_list


class CallApplicationOut(Schema):
    id: int
    title: str
    status: Application.Status
    status_label: str
    applicant: PersonRef
    company: OrganisationRef | None
    submitted_at: datetime.datetime | None
    score: float | None = Field(
        description="The stage's total across submitted reviews (0–100); null without any."
    )
    reviews_assigned: int
    reviews_submitted: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_company(obj):
        return obj.company if obj.company_id else None

    @staticmethod
    def resolve_reviews_assigned(obj):
        return obj.assigned

    @staticmethod
    def resolve_reviews_submitted(obj):
        return obj.reviewed


# --- request bodies ------------------------------------------------------------------------
def _no_nul(value: str) -> str:
    return value.replace("\x00", "")  # PostgreSQL refuses NUL in strings


class StartApplicationIn(Schema):
    title: str = Field(max_length=200, description="The project's title.")
    company: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Short address of the company you apply for (calls for companies).",
    )

    _title_without_nul = field_validator("title")(_no_nul)


class SaveDraftIn(Schema):
    version: int = Field(ge=1, description="The version you edited.")
    title: str = Field(max_length=200)
    summary: str = Field("", max_length=10000)
    answers: dict[int, Any] = Field(
        default_factory=dict,
        max_length=500,
        description=(
            "Question id → answer: text, a number, one option, a list of options, a URL, "
            "a date as YYYY-MM-DD; null clears it. Files are uploaded on the page."
        ),
    )

    _texts_without_nul = field_validator("title", "summary")(_no_nul)


class SubmitIn(Schema):
    version: int = Field(ge=1, description="The version you are submitting.")


# --- helpers -------------------------------------------------------------------------------
def _visible_park(request, call: Call):
    """The park of the residency condition, if the caller may see it (looked up once)."""
    if not call.resident_of_id:
        return None
    parks = getattr(request, "_korpu_visible_parks", None)
    if parks is None:
        parks = {park.pk: park for park in directory_queries.visible_parks(viewer(request))}
        request._korpu_visible_parks = parks
    return parks.get(call.resident_of_id)


def _programmes(request):
    user = viewer(request)
    return queries.programme_list(user).prefetch_related(
        Prefetch(
            "partners",
            queryset=directory_queries.visible_organisations(user).order_by(
                translated_order("name"), "pk"
            ),
            to_attr="visible_partners",
        )
    )


def _calls(request):
    return queries.visible_calls(viewer(request)).select_related("programme")


def _visible_call(request, call_id: int) -> Call:
    return get_object_or_404(_calls(request), pk=call_id)


def _application_queryset():
    return Application.objects.select_related("call__programme__owner", "company", "applicant")


def _visible_application(request, application_id: int) -> Application:
    """The application if the caller may see it (applicant side, managers, unconflicted
    assigned reviewers, staff); 404 otherwise, exactly like one that does not exist."""
    application = get_object_or_404(_application_queryset(), pk=application_id)
    if not viewer(request).has_perm("programs.view_application", application):
        raise Http404
    return application


def _own_application(request, application_id: int) -> Application:
    """The application if the caller applies with it (the applicant or a member of the
    company); 403 if they only see it, 404 if they do not."""
    application = _visible_application(request, application_id)
    if not is_applicant(viewer(request), application):
        raise PermissionDenied(_("Only the applicants can change an application."))
    return application


def _with_answers(request, application: Application) -> Application:
    """Attach what the detail shows: every question with its answer, and what this
    caller may see of who applied (as on the page: reviewers of a call with a blind
    stage never learn it, not even from a file's name)."""
    user = viewer(request)
    side = user.is_staff or is_applicant(user, application)
    side = side or user.has_perm("programs.manage_application", application)
    application.reviewer_only = not side
    application.blind = not user.has_perm("programs.see_applicant", application)
    answers = {answer.question_id: answer for answer in application.answers.all()}
    application.answer_list = [
        _answer_out(question, answers.get(question.pk), hide_file_name=application.blind)
        for question in application.call.questions.all()
    ]
    return application


def _without_nul(value):
    """PostgreSQL refuses NUL characters in text and JSON: they never mean anything here."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _answer_problem(kind: str | None, value) -> str | None:
    """What is wrong with the shape of an answer before the service judges its content:
    an unknown question, a file sent as JSON, a value of the wrong type."""
    if kind is None:
        return _("This call has no such question.")
    if kind == Question.Kind.FILE:
        return _("This question takes a file.")
    if value is None:
        return None
    if kind == Question.Kind.NUMBER:
        valid = isinstance(value, int | float | str) and not isinstance(value, bool)
    elif kind == Question.Kind.MULTIPLE_CHOICE:
        valid = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        )
    else:
        valid = isinstance(value, str)
    return None if valid else _("Enter a valid value.")


def _answer_out(question: Question, answer: Answer | None, *, hide_file_name=False) -> dict:
    is_file = question.kind == Question.Kind.FILE
    return {
        "question_id": question.pk,
        "kind": question.kind,
        "label": question.label,
        "required": question.required,
        "value": None if answer is None or is_file else answer.value,
        "file_name": (
            (
                f"application-{answer.application_id}-question-{question.pk}"
                if hide_file_name
                else os.path.basename(answer.file.name)
            )
            if is_file and answer and answer.file
            else None
        ),
    }


def _detail(request, application_id: int) -> Application:
    return _with_answers(request, _visible_application(request, application_id))


# --- endpoints -----------------------------------------------------------------------------
router = Router()


@router.get(
    "/programmes",
    response=list[ProgrammeOut],
    tags=["programmes"],
    summary="List programmes",
)
@paginate(PageNumber)
def list_programmes(request, filters: Query[ProgrammeFilters]):
    programmes = _programmes(request)
    if filters.q:
        programmes = programmes.filter(
            translated_contains("title", filters.q) | translated_contains("summary", filters.q)
        )
    if filters.kind:
        programmes = programmes.filter(kind=filters.kind)
    if filters.owner:
        programmes = programmes.filter(owner__slug=filters.owner)
    return programmes


@router.get(
    "/programmes/{slug:slug}",
    response=ProgrammeDetailOut,
    tags=["programmes"],
    summary="One programme with its calls",
)
def get_programme(request, slug: str):
    programme = get_object_or_404(_programmes(request), slug=slug)
    programme.visible_calls = list(
        _calls(request).filter(programme=programme).order_by("-opens_at", "pk")
    )
    return programme


@router.get("/calls", response=list[CallOut], tags=["calls"], summary="List calls")
@paginate(PageNumber)
def list_calls(request, filters: Query[CallFilters]):
    now = timezone.now()
    phase = filters.phase or "open"
    if phase == "open":
        calls = queries.open_calls(viewer(request), now)
    elif phase == "upcoming":
        calls = (
            _calls(request).filter(is_published=True, opens_at__gt=now).order_by("opens_at", "pk")
        )
    elif phase == "closed":
        calls = (
            _calls(request)
            .filter(is_published=True, closes_at__lte=now)
            .order_by("-closes_at", "pk")
        )
    else:
        calls = _calls(request).order_by("-opens_at", "pk")
    if filters.programme:
        calls = calls.filter(programme__slug=filters.programme)
    return calls


@router.get(
    "/calls/{int:call_id}",
    response=CallDetailOut,
    tags=["calls"],
    summary="One call with its application form",
)
def get_call(request, call_id: int):
    return get_object_or_404(_calls(request).prefetch_related("questions"), pk=call_id)


@router.get(
    "/calls/{int:call_id}/applications",
    response=list[CallApplicationOut],
    tags=["calls", "applications"],
    summary="Applications to a call with their scores (managers)",
    auth=AUTH_REQUIRED,
)
@paginate(PageNumber)
def list_call_applications(request, call_id: int, filters: Query[CallApplicationFilters]):
    call = _visible_call(request, call_id)
    if not viewer(request).has_perm("programs.change_call", call):
        raise PermissionDenied(_("Only the programme's managers see its applications."))
    stages = call.review_stages.all()
    if filters.stage:
        stage = stages.filter(pk=filters.stage).first()
        if stage is None:
            raise invalid_input((("query", "stage"), _("This call has no such review stage.")))
    else:
        stage = stages.order_by("position", "pk").first()
    applications = queries.call_applications_with_scores(call, stage)
    if filters.status:
        applications = [a for a in applications if a.status == filters.status]
    return applications


@router.get(
    "/me/applications",
    response=list[ApplicationOut],
    auth=AUTH_REQUIRED,
    tags=["me", "applications"],
    summary="Your applications and your companies'",
)
@paginate(PageNumber)
def list_my_applications(request, filters: Query[MyApplicationFilters]):
    applications = queries.my_applications(viewer(request)).select_related("applicant")
    if filters.status:
        applications = applications.filter(status=filters.status)
    return applications


@router.post(
    "/calls/{int:call_id}/applications",
    response={201: ApplicationDetailOut},
    auth=WRITE_AUTH,
    tags=["calls", "applications"],
    summary="Start an application",
)
def start_application(request, call_id: int, payload: StartApplicationIn):
    user = viewer(request)
    call = _visible_call(request, call_id)
    company = None
    if payload.company:
        company = Organisation.objects.filter(
            Q(slug=payload.company) & Q(pk__in=directory_queries.organisation_ids_of(user))
        ).first()
        if company is None:
            # Say the same whether the company exists or not: nothing is revealed.
            raise invalid_input((("body", "company"), _("You are not a member of this company.")))
    try:
        application = services.start_application(
            actor=user, call=call, title=payload.title, company=company
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _detail(request, application.pk)


@router.put(
    "/applications/{int:application_id}",
    response=ApplicationDetailOut,
    auth=WRITE_AUTH,
    tags=["applications"],
    summary="Save a draft",
)
def save_draft(request, application_id: int, payload: SaveDraftIn):
    application = _own_application(request, application_id)
    kinds = dict(application.call.questions.values_list("pk", "kind"))
    answers, problems = {}, []
    for question_id, value in sorted(payload.answers.items()):
        value = _without_nul(value)
        problem = _answer_problem(kinds.get(question_id), value)
        if problem:
            problems.append((("body", "answers", question_id), problem))
        answers[question_id] = value
    if problems:
        raise invalid_input(*problems)
    try:
        services.save_draft(
            actor=viewer(request),
            application=application,
            version=payload.version,
            title=payload.title,
            summary=payload.summary,
            answers=answers,
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _detail(request, application.pk)


@router.post(
    "/applications/{int:application_id}/submit",
    response=ApplicationDetailOut,
    auth=WRITE_AUTH,
    tags=["applications"],
    summary="Submit an application",
)
def submit_application(request, application_id: int, payload: SubmitIn):
    application = _own_application(request, application_id)
    try:
        services.submit_application(
            actor=viewer(request), application=application, version=payload.version
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _detail(request, application.pk)


@router.post(
    "/applications/{int:application_id}/withdraw",
    response=ApplicationDetailOut,
    auth=WRITE_AUTH,
    tags=["applications"],
    summary="Withdraw an application",
)
def withdraw_application(request, application_id: int):
    application = _own_application(request, application_id)
    try:
        services.withdraw_application(actor=viewer(request), application=application)
    except DjangoValidationError as error:
        return refused(request, error)
    return _detail(request, application.pk)


@router.get(
    "/applications/{int:application_id}",
    response=ApplicationDetailOut,
    tags=["applications"],
    summary="One application with its answers",
)
def get_application(request, application_id: int):
    return _detail(request, application_id)
