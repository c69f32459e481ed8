"""The events API: events to read, registrations to make, cancel and (for organisers) list.

It follows the conventions of the whole API (:mod:`korpu.directory.api`): reads accept a
token, the session or nobody; writes need a token or a signed-in session with CSRF; an
event you may not see answers 404; a refused registration answers 422 with the reason
(409 with code ``already_registered`` for a second one).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from korpu.common.i18n import translated_contains
from korpu.directory.api import (
    AUTH_REQUIRED,
    WRITE_AUTH,
    Filters,
    ObjectId,
    OrganisationRef,
    PageNumber,
    api_error,
    refused,
    viewer,
)

from . import queries, services
from .models import Event, Registration

router = Router()


# --- schemas -------------------------------------------------------------------------------
class EventOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    kind: Event.Kind
    status: Event.Status
    visibility: Event.Visibility
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    languages: list[str]
    organisers: list[OrganisationRef]
    capacity: int | None
    places_left: int | None = Field(description="Free places now; null without a limit.")
    registration_open: bool
    url: str


class EventPersonRef(Schema):
    id: int
    name: str
    email: str


class RegistrationOut(Schema):
    id: int
    event: int
    status: Registration.Status
    position: int | None = Field(
        None, description="Place on the waiting list (1 = next), for status waitlisted."
    )
    ticket_code: str | None = Field(None, description="For confirmed registrations.")
    offer_expires_at: datetime.datetime | None = None
    created_at: datetime.datetime
    answers: dict


class OrganiserRegistrationOut(RegistrationOut):
    person: EventPersonRef


class RegisterIn(Schema):
    answers: dict[str, object] = Field(
        default_factory=dict,
        description="Answers to the registration questions, keyed by question id.",
    )
    invitation: str | None = Field(
        None, max_length=100, description="The token of a personal invitation."
    )
    sessions: list[ObjectId] = Field(
        default_factory=list, max_length=50, description="Sessions with their own places."
    )


class EventFilters(Filters):
    q: str | None = Field(None, max_length=200, description="Search in titles.")
    kind: Event.Kind | None = None
    when: str | None = Field(
        None, pattern="^(upcoming|past|all)$", description="upcoming (default), past or all"
    )


class RegistrationFilters(Filters):
    status: Registration.Status | None = None


# --- helpers --------------------------------------------------------------------------------
def _event_out(event: Event) -> dict:
    if hasattr(event, "places_taken"):  # counted in the list's query (with_place_counts)
        left = float("inf") if event.places_left is None else event.places_left
    else:
        left = services.places_left(event)
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "status": event.status,
        "visibility": event.visibility,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "languages": event.languages,
        "organisers": list(event.organisers.all()),
        "capacity": event.capacity,
        "places_left": None if left == float("inf") else int(left),
        "registration_open": event.registration_is_open(),
        "url": event.get_absolute_url(),
    }


def _registration_out(registration: Registration, *, with_person=False) -> dict:
    out = {
        "id": registration.pk,
        "event": registration.event_id,
        "status": registration.status,
        "position": (
            registration.position
            if hasattr(registration, "position")
            else services.waitlist_position(registration)
        ),
        "ticket_code": registration.ticket_code
        if registration.status == Registration.Status.CONFIRMED
        else None,
        "offer_expires_at": registration.offer_expires_at,
        "created_at": registration.created_at,
        "answers": registration.answers,
    }
    if with_person:
        person = registration.person
        out["person"] = {"id": person.pk, "name": person.full_name, "email": person.email}
    return out


def _visible_event(request, event_id: int) -> Event:
    # Published public events are visible to everyone (queries.visible_events): read them
    # by primary key, without building and planning the permission query (a registration
    # rush spends a fifth of its time there otherwise).
    event = next(iter(Event.objects.filter(pk=event_id).order_by()[:1]), None)  # unordered: cheaper
    if event and event.visibility == Event.Visibility.PUBLIC and event.status != Event.Status.DRAFT:
        return event
    return get_object_or_404(queries.visible_events(viewer(request)), pk=event_id)


def _event_to_register(request, event_id: int) -> Event:
    # As _visible_event, but a published public event comes from the moment's memory of
    # this process (queries.event_for_registering): in a registration rush, reading it
    # for every request costs more than anything else but the registration itself.
    # services.register reads what it decides on again under the event lock.
    event = queries.event_for_registering(event_id)
    if event and event.visibility == Event.Visibility.PUBLIC and event.status != Event.Status.DRAFT:
        return event
    return get_object_or_404(queries.visible_events(viewer(request)), pk=event_id)


def _active_registration(user, event: Event) -> Registration:
    registration = Registration.objects.filter(
        event=event, person=user, status__in=Registration.ACTIVE
    ).first()
    if registration is None:
        raise Http404
    return registration


# --- events ----------------------------------------------------------------------------------
@router.get("/events", response=list[EventOut], tags=["events"], summary="List events")
@paginate(PageNumber)
def list_events(request, filters: Query[EventFilters]):
    events = queries.with_place_counts(queries.visible_events(viewer(request)))
    events = events.prefetch_related("organisers")
    now = timezone.now()
    when = filters.when or "upcoming"
    if when == "upcoming":
        events = events.filter(ends_at__gte=now)
    elif when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.q:
        events = events.filter(translated_contains("title", filters.q))
    return [_event_out(event) for event in events]


@router.get("/events/{int:event_id}", response=EventOut, tags=["events"], summary="One event")
def get_event(request, event_id: int):
    return _event_out(_visible_event(request, event_id))


# --- registrations -------------------------------------------------------------------------
@router.post(
    "/events/{int:event_id}/registrations",
    response={201: RegistrationOut},
    auth=WRITE_AUTH,
    tags=["registrations"],
    summary="Register for an event",
    description=(
        "Answers with the registration: ``confirmed`` (with the ticket code), "
        "``waitlisted`` (with the position) or ``pending_approval``."
    ),
)
def register(request, event_id: int, payload: RegisterIn):
    event = _event_to_register(request, event_id)
    data = {f"q{key}" if key.isdigit() else key: value for key, value in payload.answers.items()}
    try:
        registration = services.register(
            event=event,
            person=viewer(request),
            answers=data,
            invitation_token=payload.invitation,
            session_ids=payload.sessions,
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _registration_out(registration))


@router.get(
    "/events/{int:event_id}/registrations/mine",
    response=RegistrationOut,
    auth=AUTH_REQUIRED,
    tags=["registrations"],
    summary="My registration for an event",
)
def my_registration(request, event_id: int):
    event = _visible_event(request, event_id)
    return _registration_out(_active_registration(viewer(request), event))


@router.delete(
    "/events/{int:event_id}/registrations",
    response=RegistrationOut,
    auth=WRITE_AUTH,
    tags=["registrations"],
    summary="Cancel my registration",
)
def cancel_mine(request, event_id: int):
    event = _visible_event(request, event_id)
    registration = _active_registration(viewer(request), event)
    try:
        registration = services.cancel_registration(
            registration=registration, actor=viewer(request)
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _registration_out(registration)


def _organised_event(request, event_id: int) -> Event:
    event = _visible_event(request, event_id)
    if not viewer(request).has_perm("events.change_event", event):
        return None
    return event


@router.get(
    "/events/{int:event_id}/registrations",
    response=list[OrganiserRegistrationOut],
    auth=AUTH_REQUIRED,
    tags=["registrations"],
    summary="The event's registrations (organisers)",
)
@paginate(PageNumber)
def list_registrations(request, event_id: int, filters: Query[RegistrationFilters]):
    event = _organised_event(request, event_id)
    if event is None:
        raise PermissionDenied(_("Only the organisers see the registrations."))
    registrations = Registration.objects.filter(event=event).select_related("person")
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    registrations = registrations.order_by("created_at", "id")
    positions = {
        pk: index
        for index, pk in enumerate(
            services.waiting_list(event).values_list("pk", flat=True), start=1
        )
    }
    out = []
    for registration in registrations:
        registration.position = positions.get(registration.pk)
        out.append(_registration_out(registration, with_person=True))
    return out


@router.delete(
    "/events/{int:event_id}/registrations/{int:registration_id}",
    response=OrganiserRegistrationOut,
    auth=WRITE_AUTH,
    tags=["registrations"],
    summary="Cancel a registration (organisers)",
)
def cancel_for(request, event_id: int, registration_id: int):
    event = _organised_event(request, event_id)
    if event is None:
        return api_error(request, 403, message=_("Only the organisers may cancel for others."))
    registration = get_object_or_404(Registration, event=event, pk=registration_id)
    try:
        registration = services.cancel_registration(
            registration=registration, actor=viewer(request)
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _registration_out(registration, with_person=True)
