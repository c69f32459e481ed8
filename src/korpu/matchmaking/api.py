"""The brokerage API under ``/api/v1/brokerage/{event_id}/``: participants to browse,
recommendations, meeting requests and their answers, the personal agenda, booking a
free slot; for organisers the meetings, "schedule all" and its progress.

It follows the conventions of the whole API (:mod:`korpu.directory.api`): reads accept
a token or the session; writes need a token or a signed-in session with CSRF. An event
you may not see, or one without a brokerage day, answers 404; the participants' list
answers 403 to people who do not take part; a refused change answers 422 with the
reason's code (409 ``already_requested`` for a second request between two people).
Profiles never carry e-mail addresses or phone numbers.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from korpu.common.i18n import country_name
from korpu.directory.api import (
    AUTH_REQUIRED,
    WRITE_AUTH,
    Filters,
    PageNumber,
    refused,
    viewer,
)
from korpu.directory.models import Organisation
from korpu.events.queries import visible_events

from . import queries, services
from . import rules as perms
from .models import (
    BrokerageDay,
    Location,
    MarketplaceEntry,
    Meeting,
    MeetingRequest,
    Profile,
    ScheduleRun,
    Slot,
)

router = Router(tags=["brokerage"])


# --- schemas -------------------------------------------------------------------------------
class BrokerageDayOut(Schema):
    event: int
    title: str
    request_mode: BrokerageDay.RequestMode
    request_expiry_hours: int
    slot_minutes: int
    self_scheduling: bool
    profiles_open: bool
    requests_open: bool
    schedule_status: BrokerageDay.ScheduleStatus
    schedule_published_at: datetime.datetime | None
    time_zone: str
    slots: int
    profiles: int = Field(description="Published profiles.")


class ProfileRef(Schema):
    id: int
    name: str = Field(description="The organisation's name, or the person's.")
    person_name: str
    country: str


class OrganisationBrief(Schema):
    slug: str
    name: str
    kind: Organisation.Kind


class SectorOut(Schema):
    slug: str
    name: str


class EntryOut(Schema):
    id: int
    kind: MarketplaceEntry.Kind
    title: str
    description: str


class ProfileOut(ProfileRef):
    organisation: OrganisationBrief | None
    country_name: str
    headline: str
    offer: str
    seek: str
    sectors: list[SectorOut]
    languages: list[str]
    booth: str | None
    published: bool
    entries: list[EntryOut]


class MatchOut(Schema):
    profile: ProfileOut
    score: int
    reasons: list[str]


class RequestIn(Schema):
    to: int = Field(description="The profile id of the person asked.")
    message: str = Field("", max_length=1000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000)


class RequestOut(Schema):
    id: int
    status: MeetingRequest.Status
    requester: ProfileRef
    invitee: ProfileRef
    message: str
    decline_reason: str
    expires_at: datetime.datetime | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    meeting: int | None


class MyRequestsOut(Schema):
    received: list[RequestOut]
    sent: list[RequestOut]


class SlotOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class LocationOut(Schema):
    id: int
    name: str
    kind: Location.Kind


class MeetingOut(Schema):
    id: int
    status: Meeting.Status
    participants: list[ProfileRef]
    slot: SlotOut | None = Field(description="Null until scheduled (and published).")
    location: LocationOut | None
    video_link: str | None = Field(description="For virtual meetings.")
    locked: bool
    placed_by: str
    request: int | None


class BookIn(Schema):
    slot: int
    location: int | None = Field(None, description="Empty: the first free place.")


class ProfileFilters(Filters):
    q: str | None = Field(None, max_length=200, description="Names, offer, seek, marketplace.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    organisation_kind: Organisation.Kind | None = None
    sector: str | None = Field(None, max_length=80, description="Sector code, e.g. ict.")
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")
    offer: str | None = Field(None, max_length=200, description="Words in what they offer.")
    seek: str | None = Field(None, max_length=200, description="Words in what they seek.")


class MeetingFilters(Filters):
    status: Meeting.Status | None = None
    scheduled: bool | None = None


class ScheduleRunIn(Schema):
    time_limit: float = Field(10.0, ge=0.1, le=600, description="Seconds the solver may use.")
    seed: int = Field(0, ge=0, le=2**31 - 1)


class ScheduleRunOut(Schema):
    id: int
    status: ScheduleRun.Status
    progress: float
    progress_message: str
    stats: dict
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


# --- helpers --------------------------------------------------------------------------------
def _day(request, event_id: int) -> BrokerageDay:
    event = get_object_or_404(visible_events(viewer(request)), pk=event_id)
    return get_object_or_404(BrokerageDay.objects.select_related("event"), event=event)


def _ref(profile: Profile) -> dict:
    return {
        "id": profile.pk,
        "name": profile.display_name,
        "person_name": profile.person.full_name,
        "country": profile.country,
    }


def _profile_out(profile: Profile) -> dict:
    organisation = profile.organisation
    return {
        **_ref(profile),
        "organisation": (
            {"slug": organisation.slug, "name": organisation.name, "kind": organisation.kind}
            if organisation
            else None
        ),
        "country_name": country_name(profile.country),
        "headline": profile.person.headline,
        "offer": profile.offer,
        "seek": profile.seek,
        "sectors": [{"slug": s.slug, "name": s.name} for s in profile.sectors.all()],
        "languages": profile.languages,
        "booth": profile.booth.name if profile.booth_id else None,
        "published": profile.published,
        "entries": [
            {"id": e.pk, "kind": e.kind, "title": e.title, "description": e.description}
            for e in profile.entries.all()
        ],
    }


def _request_out(item: MeetingRequest) -> dict:
    meeting = getattr(item, "meeting", None)
    return {
        "id": item.pk,
        "status": item.status,
        "requester": _ref(item.requester),
        "invitee": _ref(item.invitee),
        "message": item.message,
        "decline_reason": item.decline_reason,
        "expires_at": item.expires_at,
        "created_at": item.created_at,
        "decided_at": item.decided_at,
        "meeting": meeting.pk if meeting is not None else None,
    }


def _meeting_out(meeting: Meeting, *, organiser: bool = False) -> dict:
    shown = organiser or queries.time_visible(meeting)
    slot = meeting.slot if shown else None
    location = meeting.location if shown else None
    return {
        "id": meeting.pk,
        "status": meeting.status,
        "participants": [_ref(p) for p in meeting.participants.all()],
        "slot": {"id": slot.pk, "starts_at": slot.starts_at, "ends_at": slot.ends_at}
        if slot
        else None,
        "location": {"id": location.pk, "name": location.name, "kind": location.kind}
        if location
        else None,
        "video_link": (meeting.effective_video_link or None)
        if shown and meeting.is_virtual
        else None,
        "locked": meeting.locked,
        "placed_by": meeting.placed_by,
        "request": meeting.request_id,
    }


def _run_out(run: ScheduleRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "progress": run.progress,
        "progress_message": run.progress_text,
        "stats": run.stats,
        "error": run.error,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }


def _my_profile(request, day: BrokerageDay) -> Profile:
    profile = queries.my_profile(viewer(request), day)
    if profile is None:
        raise PermissionDenied(_("You have no profile for this brokerage day."))
    return profile


def _require_organiser(request, day: BrokerageDay) -> None:
    if not perms.can_manage_brokerage_day(viewer(request), day):
        raise PermissionDenied(_("Only the organisers of the event may do this."))


def _my_request(request, day: BrokerageDay, request_id: int) -> MeetingRequest:
    item = get_object_or_404(
        MeetingRequest.objects.select_related(
            "brokerage_day__event", "requester__person", "invitee__person"
        ),
        brokerage_day=day,
        pk=request_id,
    )
    if not perms.can_view_request(viewer(request), item):
        raise Http404
    return item


def _my_meeting(request, day: BrokerageDay, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("brokerage_day__event"), brokerage_day=day, pk=meeting_id
    )
    if not perms.can_view_meeting(viewer(request), meeting):
        raise Http404
    return meeting


def _meeting_reloaded(meeting: Meeting) -> Meeting:
    return queries.meetings_of_day(meeting.brokerage_day).get(pk=meeting.pk)


# --- the day and its participants ---------------------------------------------------------------
@router.get(
    "/brokerage/{int:event_id}",
    response=BrokerageDayOut,
    auth=AUTH_REQUIRED,
    summary="The brokerage day of an event",
)
def get_brokerage_day(request, event_id: int):
    day = _day(request, event_id)
    return {
        "event": day.event_id,
        "title": day.event.title,
        "request_mode": day.request_mode,
        "request_expiry_hours": day.request_expiry_hours,
        "slot_minutes": day.slot_minutes,
        "self_scheduling": day.self_scheduling,
        "profiles_open": day.profiles_open,
        "requests_open": day.requests_open,
        "schedule_status": day.schedule_status,
        "schedule_published_at": day.schedule_published_at,
        "time_zone": day.event.time_zone,
        "slots": Slot.objects.filter(brokerage_day=day).count(),
        "profiles": Profile.objects.filter(brokerage_day=day, published=True).count(),
    }


@router.get(
    "/brokerage/{int:event_id}/profiles",
    response=list[ProfileOut],
    auth=AUTH_REQUIRED,
    summary="Browse and filter participants",
)
@paginate(PageNumber)
def list_profiles(request, event_id: int, filters: Query[ProfileFilters]):
    day = _day(request, event_id)
    if not perms.can_browse_profiles(viewer(request), day):
        raise PermissionDenied(_("Only the participants and organisers see the profiles."))
    profiles = queries.profile_list(
        viewer(request),
        day,
        search=filters.q or "",
        country=filters.country or "",
        organisation_kind=filters.organisation_kind or "",
        sector=filters.sector or "",
        language=filters.language or "",
        offer=filters.offer or "",
        seek=filters.seek or "",
    )
    return [_profile_out(profile) for profile in profiles]


@router.get(
    "/brokerage/{int:event_id}/profiles/{int:profile_id}",
    response=ProfileOut,
    auth=AUTH_REQUIRED,
    summary="One participant",
)
def get_profile(request, event_id: int, profile_id: int):
    day = _day(request, event_id)
    profiles = queries._with_details(queries.visible_profiles(viewer(request), day))
    return _profile_out(get_object_or_404(profiles, pk=profile_id))


@router.get(
    "/brokerage/{int:event_id}/recommendations",
    response=list[MatchOut],
    auth=AUTH_REQUIRED,
    summary="Participants recommended to me, with the reasons",
)
def recommendations(request, event_id: int, limit: int = Query(10, ge=1, le=50)):
    day = _day(request, event_id)
    profile = _my_profile(request, day)
    matches = queries.recommended_matches(profile, limit=limit)
    return [
        {"profile": _profile_out(m.profile), "score": m.score, "reasons": m.reasons}
        for m in matches
    ]


# --- requests -------------------------------------------------------------------------------
@router.post(
    "/brokerage/{int:event_id}/requests",
    response={201: RequestOut},
    auth=WRITE_AUTH,
    summary="Request a meeting",
    description="Accepted at once on days in opt-out mode (``status`` accepted, ``meeting``).",
)
def create_request(request, event_id: int, payload: RequestIn):
    day = _day(request, event_id)
    profile = _my_profile(request, day)
    invitee = get_object_or_404(
        queries.visible_profiles(viewer(request), day).select_related("person"), pk=payload.to
    )
    try:
        item = services.request_meeting(
            requester=profile, invitee=invitee, actor=viewer(request), message=payload.message
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _request_out(item))


@router.get(
    "/brokerage/{int:event_id}/requests",
    response=MyRequestsOut,
    auth=AUTH_REQUIRED,
    summary="My meeting requests, received and sent",
)
def my_requests(request, event_id: int):
    day = _day(request, event_id)
    found = queries.requests_of(_my_profile(request, day))
    return {
        "received": [_request_out(r) for r in found["received"].select_related("meeting")],
        "sent": [_request_out(r) for r in found["sent"].select_related("meeting")],
    }


@router.post(
    "/brokerage/{int:event_id}/requests/{int:request_id}/accept",
    response=MeetingOut,
    auth=WRITE_AUTH,
    summary="Accept a meeting request",
)
def accept(request, event_id: int, request_id: int):
    item = _my_request(request, _day(request, event_id), request_id)
    try:
        meeting = services.accept_request(request=item, actor=viewer(request))
    except DjangoValidationError as error:
        return refused(request, error)
    return _meeting_out(_meeting_reloaded(meeting))


@router.post(
    "/brokerage/{int:event_id}/requests/{int:request_id}/decline",
    response=RequestOut,
    auth=WRITE_AUTH,
    summary="Decline a meeting request, with a reason",
)
def decline(request, event_id: int, request_id: int, payload: ReasonIn):
    item = _my_request(request, _day(request, event_id), request_id)
    try:
        item = services.decline_request(request=item, actor=viewer(request), reason=payload.reason)
    except DjangoValidationError as error:
        return refused(request, error)
    return _request_out(item)


@router.post(
    "/brokerage/{int:event_id}/requests/{int:request_id}/cancel",
    response=RequestOut,
    auth=WRITE_AUTH,
    summary="Withdraw a request, or cancel an accepted one and its meeting",
)
def cancel(request, event_id: int, request_id: int, payload: ReasonIn):
    item = _my_request(request, _day(request, event_id), request_id)
    try:
        item = services.cancel_request(request=item, actor=viewer(request), reason=payload.reason)
    except DjangoValidationError as error:
        return refused(request, error)
    return _request_out(
        MeetingRequest.objects.select_related(
            "requester__person",
            "invitee__person",
            "requester__organisation",
            "invitee__organisation",
        ).get(pk=item.pk)
    )


# --- meetings ---------------------------------------------------------------------------------
@router.get(
    "/brokerage/{int:event_id}/agenda",
    response=list[MeetingOut],
    auth=AUTH_REQUIRED,
    summary="My meetings",
    description="Times and places show once the schedule is published (or you booked them).",
)
def my_agenda(request, event_id: int):
    day = _day(request, event_id)
    return [_meeting_out(m) for m in queries.agenda(_my_profile(request, day))]


@router.post(
    "/brokerage/{int:event_id}/meetings/{int:meeting_id}/book",
    response=MeetingOut,
    auth=WRITE_AUTH,
    summary="Book a free common slot for one of my meetings",
)
def book(request, event_id: int, meeting_id: int, payload: BookIn):
    day = _day(request, event_id)
    meeting = _my_meeting(request, day, meeting_id)
    slot = get_object_or_404(Slot, brokerage_day=day, pk=payload.slot)
    location = (
        get_object_or_404(Location, brokerage_day=day, pk=payload.location)
        if payload.location is not None
        else None
    )
    try:
        meeting = services.book_slot(
            meeting=meeting, slot=slot, location=location, actor=viewer(request)
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _meeting_out(_meeting_reloaded(meeting))


@router.post(
    "/brokerage/{int:event_id}/meetings/{int:meeting_id}/cancel",
    response=MeetingOut,
    auth=WRITE_AUTH,
    summary="Cancel one of my meetings (its time is freed)",
)
def cancel_meeting(request, event_id: int, meeting_id: int, payload: ReasonIn):
    day = _day(request, event_id)
    meeting = _my_meeting(request, day, meeting_id)
    try:
        meeting = services.cancel_meeting(
            meeting=meeting, actor=viewer(request), reason=payload.reason
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _meeting_out(_meeting_reloaded(meeting))


@router.get(
    "/brokerage/{int:event_id}/meetings",
    response=list[MeetingOut],
    auth=AUTH_REQUIRED,
    summary="The day's meetings (organisers)",
)
@paginate(PageNumber)
def list_meetings(request, event_id: int, filters: Query[MeetingFilters]):
    day = _day(request, event_id)
    _require_organiser(request, day)
    meetings = queries.meetings_of_day(
        day, status=filters.status or "", scheduled=filters.scheduled
    )
    return [_meeting_out(m, organiser=True) for m in meetings]


# --- scheduling -------------------------------------------------------------------------------
@router.post(
    "/brokerage/{int:event_id}/schedule-runs",
    response={202: ScheduleRunOut},
    auth=WRITE_AUTH,
    summary="Schedule all agreed meetings (organisers)",
    description="Queues the scheduler; watch the run at its address until it is done.",
)
def start_run(request, event_id: int, payload: ScheduleRunIn):
    day = _day(request, event_id)
    _require_organiser(request, day)
    try:
        run = services.start_schedule_run(
            day=day, actor=viewer(request), time_limit=payload.time_limit, seed=payload.seed
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(202, _run_out(run))


@router.get(
    "/brokerage/{int:event_id}/schedule-runs/{int:run_id}",
    response=ScheduleRunOut,
    auth=AUTH_REQUIRED,
    summary="A schedule run: status, progress and results (organisers)",
)
def get_run(request, event_id: int, run_id: int):
    day = _day(request, event_id)
    _require_organiser(request, day)
    return _run_out(get_object_or_404(ScheduleRun, brokerage_day=day, pk=run_id))
