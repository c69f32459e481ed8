"""Reads shared by the event pages and the API (permission-filtered lists).

They answer for lists what :mod:`.rules` answers for one event.
"""

import copy
import time

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from korpu.directory.queries import organisation_ids_of
from korpu.directory.rules import MANAGING_ROLES, is_signed_in

from .models import Event, Question, Registration, Session, SessionSeat, Speaker


def visible_events(user) -> QuerySet[Event]:
    """Events this person may open: published public ones; invitation-only ones they are
    registered for or whose organisers they belong to; drafts of events they run."""
    events = Event.objects.all()
    if is_signed_in(user) and user.is_staff:
        return events
    condition = ~Q(status=Event.Status.DRAFT) & Q(visibility=Event.Visibility.PUBLIC)
    if is_signed_in(user):
        mine = organisation_ids_of(user)
        published = ~Q(status=Event.Status.DRAFT)
        condition |= published & (
            Q(pk__in=Registration.objects.filter(person=user).values("event_id"))
            | Q(
                pk__in=Event.organisers.through.objects.filter(organisation__in=mine).values(
                    "event_id"
                )
            )
        )
        condition |= Q(pk__in=organised_events(user).values("pk"))
    return events.filter(condition)


def organised_events(user) -> QuerySet[Event]:
    """Events run by organisations this person manages (every event for staff)."""
    if not is_signed_in(user):
        return Event.objects.none()
    if user.is_staff:
        return Event.objects.all()
    managed = organisation_ids_of(user, MANAGING_ROLES)
    return Event.objects.filter(
        pk__in=Event.organisers.through.objects.filter(organisation__in=managed).values("event_id")
    )


def registration_counts(event: Event) -> dict[str, int]:
    """Registrations of the event by status (every status present, zero if none)."""
    counts = dict.fromkeys(Registration.Status.values, 0)
    for row in Registration.objects.filter(event=event).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


# --- public and participant pages (events/views/public.py) ------------------------------
def event_facets(events: QuerySet[Event]) -> dict[str, set]:
    """The languages, venue countries and organisers found among ``events`` (filter choices)."""
    rows = events.order_by().values_list("languages", "site__park__country")
    languages, countries = set(), set()
    for codes, country in rows:
        languages.update(code for code in codes or [] if isinstance(code, str))
        if country:
            countries.add(country)
    organisers = set(
        Event.organisers.through.objects.filter(event__in=events.values("pk")).values_list(
            "organisation_id", flat=True
        )
    )
    return {"languages": languages, "countries": countries, "organisers": organisers}


def events_in_language(events: QuerySet[Event], code: str) -> list[int]:
    """Ids of the events held in language ``code`` (JSON lists: portable across databases)."""
    return [pk for pk, codes in events.values_list("pk", "languages") if code in (codes or [])]


def _count_registrations(statuses) -> Coalesce:
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def with_place_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate ``places_taken``, ``places_left`` (None: no limit) and ``waiting_count``."""
    return events.annotate(
        places_taken=_count_registrations(Registration.HOLDING_A_PLACE),
        waiting_count=_count_registrations([Registration.Status.WAITLISTED]),
    ).annotate(
        places_left=Case(
            When(capacity__isnull=True, then=Value(None)),
            When(capacity__lte=F("places_taken"), then=Value(0)),
            default=F("capacity") - F("places_taken"),
            output_field=IntegerField(),
        )
    )


def place_counts(event: Event) -> tuple[int, int]:
    """(places taken, people waiting) of one event."""
    counts = event.registrations.aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.HOLDING_A_PLACE)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    return counts["taken"], counts["waiting"]


def sessions_with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with ``seats_taken`` (places of registrations that still hold them), their
    track, room and speakers."""
    taken = (
        SessionSeat.objects.filter(
            session=OuterRef("pk"), registration__status__in=Registration.HOLDING_A_PLACE
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        sessions.annotate(seats_taken=Coalesce(Subquery(taken), 0))
        .select_related("track", "room", "event")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("person")))
        .order_by("starts_at", "room__position", "pk")
    )


def my_registrations(user) -> QuerySet[Registration]:
    if not is_signed_in(user):
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=user)
        .select_related("event__site__park")
        .order_by("event__starts_at", "event_id", "-created_at", "-pk")
    )


def my_agenda(user, since) -> QuerySet[Session]:
    """Sessions not yet over of the events the user is confirmed for: every open session,
    and those with their own places only where the user has one."""
    if not is_signed_in(user):
        return Session.objects.none()
    confirmed = Registration.objects.filter(
        event=OuterRef("event"), person=user, status=Registration.Status.CONFIRMED
    )
    seated = SessionSeat.objects.filter(
        session=OuterRef("pk"),
        registration__person=user,
        registration__status=Registration.Status.CONFIRMED,
    )
    return sessions_with_seats(
        Session.objects.filter(Exists(confirmed), ends_at__gte=since)
        .exclude(event__status=Event.Status.CANCELLED)
        .filter(Q(capacity__isnull=True) | Exists(seated))
    )


# --- registering: the event and its questions, remembered for a moment ---------------------
# A registration rush sends thousands of requests for one event within seconds, and reading
# the event (every translated column) and its registration questions through the ORM costs
# each of them about two milliseconds of CPU. Each process remembers them for
# REMEMBER_SECONDS, and forgets them at once when it saves or deletes the event or one of
# its questions itself (other processes see such a change when the moment has passed).
# Nothing that registering decides on depends on this memory: the event's status,
# visibility, dates, places, waiting list and approval are read again under the event lock
# (services._lock_event_for_registering), and an event changed since it was remembered is
# read again there whole.
REMEMBER_SECONDS = 2.0
_REMEMBER_AT_MOST = 200  # events; more than that at once and the memory starts afresh

_remembered: dict[int, tuple[float, Event, tuple[Question, ...]]] = {}


def _read_for_registering(event_id: int) -> tuple[Event, tuple[Question, ...]] | None:
    event = next(iter(Event.objects.filter(pk=event_id).order_by()[:1]), None)
    if event is None:
        return None
    # Unordered: the order of the checks does not matter, and ordering costs a rush time.
    questions = tuple(event.questions.filter(form=Question.Form.REGISTRATION).order_by())
    if REMEMBER_SECONDS > 0:
        if len(_remembered) >= _REMEMBER_AT_MOST:
            _remembered.clear()
        _remembered[event_id] = (time.monotonic() + REMEMBER_SECONDS, event, questions)
    return event, questions


def _remembered_entry(event_id: int) -> tuple[Event, tuple[Question, ...]] | None:
    entry = _remembered.get(event_id)
    if entry is None or entry[0] <= time.monotonic():
        return _read_for_registering(event_id)
    return entry[1], entry[2]


def event_for_registering(event_id: int) -> Event | None:
    """The event with this id (None if there is none), as read at most
    REMEMBER_SECONDS ago: a copy of its own for the caller to change. Whether the caller
    may see it is for the caller to decide (a published public event: everybody)."""
    entry = _remembered_entry(event_id)
    return copy.copy(entry[0]) if entry is not None else None


def registration_questions(event: Event) -> list[Question]:
    """The event's registration-form questions, unordered, as read at most
    REMEMBER_SECONDS ago."""
    entry = _remembered_entry(event.pk)
    return list(entry[1]) if entry is not None else []


def forget_event(event_id: int | None) -> None:
    """Read this event and its questions afresh next time (this process)."""
    _remembered.pop(event_id, None)


def _forget_event(sender, instance, **kwargs) -> None:
    forget_event(instance.pk)


def _forget_questions(sender, instance, **kwargs) -> None:
    forget_event(instance.event_id)


post_save.connect(_forget_event, sender=Event, dispatch_uid="events.queries.forget_event")
post_delete.connect(_forget_event, sender=Event, dispatch_uid="events.queries.forget_event_del")
post_save.connect(_forget_questions, sender=Question, dispatch_uid="events.queries.forget_q")
post_delete.connect(_forget_questions, sender=Question, dispatch_uid="events.queries.forget_q_del")
