"""iCalendar (RFC 5545) files: one event, a person's registrations and agenda, and an
organisation's public events.

Every component has a stable UID (``event-<id>@korpu``, ``session-<id>@korpu``), so a
client that imports an event twice, or subscribes to a feed, updates the entry instead of
duplicating it. Times carry the event's time zone (``TZID`` with a ``VTIMEZONE``), so the
entry stays right when its zone changes its rules. Texts are in the requested language.
The online link goes only into the personal calendar of someone whose place is confirmed.

A person's feed is served without a session cookie at an address that holds a secret
derived from the person's id and the site's secret key (:func:`feed_token`).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from korpu.common.i18n import capitalise

from .models import Event, Registration, Session, Speaker

Status = Registration.Status

PRODID = "-//Körpü//Events//EN"
UID_DOMAIN = "korpu"
FEED_SALT = "korpu.events.feed"
# How often subscribed clients should come back for changes (RFC 7986, and Outlook's own).
REFRESH = datetime.timedelta(hours=1)


# --- the personal feed's secret -----------------------------------------------------------
def feed_token(person, salt: str = FEED_SALT) -> str:
    """``<id>-<32 hex digits>``: an HMAC of the person's id with the site's secret key.

    No column is needed; changing ``SECRET_KEY`` invalidates every feed address. Another
    feed (the labs') passes its own salt, so one feed's address never opens the other.
    """
    return f"{person.pk}-{_signature(person.pk, salt)}"


def _signature(pk, salt: str) -> str:
    return salted_hmac(salt, str(pk), algorithm="sha256").hexdigest()[:32]


def person_id_from_token(token: str, salt: str = FEED_SALT) -> int | None:
    """The person id a feed token was made for, or None when it was not made by us."""
    pk, _dash, signature = (token or "").partition("-")
    if not pk.isdigit() or len(pk) > 12:
        return None
    return int(pk) if constant_time_compare(signature, _signature(int(pk), salt)) else None


# --- building blocks ---------------------------------------------------------------------
def _absolute(path: str) -> str:
    return f"{settings.KORPU_SITE_URL}{path}"


def _new_calendar(name: str, *, feed: bool = False) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if feed:
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    return calendar


def _venue(event: Event) -> str:
    if event.site_id is None:
        return _("Online") if event.online_url else ""
    site = event.site
    parts = [site.name, site.address, site.park.name if site.park_id else ""]
    return ", ".join(p for p in [*parts, event.venue_details] if p)


def _event_component(
    event: Event, *, stamp: datetime.datetime, status: str, online_link: bool
) -> VEvent:
    component = VEvent()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("dtstart", timezone.localtime(event.starts_at, event.zone))
    component.add("dtend", timezone.localtime(event.ends_at, event.zone))
    component.add("last-modified", event.updated_at)
    component.add("summary", event.title)
    url = _absolute(event.get_absolute_url())
    lines = [event.summary, event.description]
    if online_link and event.online_url:
        lines.append(_("Online link: %(url)s") % {"url": event.online_url})
    lines.append(url)
    component.add("description", "\n\n".join(line for line in lines if line))
    location = event.online_url if online_link and event.is_online else _venue(event)
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add("categories", [capitalise(str(event.get_kind_display()))])
    component.add("status", status)
    component.add("transp", "OPAQUE")
    return component


def _session_component(
    session: Session, event: Event, *, stamp: datetime.datetime, status: str, online_link: bool
) -> VEvent:
    component = VEvent()
    component.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("dtstart", timezone.localtime(session.starts_at, event.zone))
    component.add("dtend", timezone.localtime(session.ends_at, event.zone))
    component.add("summary", f"{session.title} · {event.title}")
    speakers = ", ".join(speaker.name for speaker in session.speakers.all())
    lines = [
        session.description,
        _("Speakers: %(names)s") % {"names": speakers} if speakers else "",
        event.title,
    ]
    if online_link and event.online_url:
        lines.append(_("Online link: %(url)s") % {"url": event.online_url})
    component.add("description", "\n\n".join(line for line in lines if line))
    where = [session.room.name if session.room_id else "", _venue(event)]
    if online_link and event.is_online:
        where = [event.online_url]
    location = ", ".join(part for part in where if part)
    if location:
        component.add("location", location)
    component.add("url", _absolute(event.get_absolute_url()))
    if session.track_id:
        component.add("categories", [session.track.name])
    component.add("status", status)
    return component


def _event_status(event: Event, registration: Registration | None = None) -> str:
    if event.status == Event.Status.CANCELLED:
        return "CANCELLED"
    if registration is not None and registration.status != Status.CONFIRMED:
        return "TENTATIVE"
    return "CONFIRMED"


def _finish(calendar: Calendar, events: Iterable[Event]) -> bytes:
    """Add the time zones the entries use, with rules covering their dates."""
    events = list(events)
    if events:
        first = min(e.starts_at for e in events).date() - datetime.timedelta(days=366)
        last = max(e.ends_at for e in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _events():
    return Event.objects.select_related("site__park")


# --- the calendars -------------------------------------------------------------------------
def event_calendar(event: Event, *, language: str | None = None) -> bytes:
    """The event as one entry, for "add to my calendar"; without the online link."""
    with translation.override(language or translation.get_language()):
        event = _events().get(pk=event.pk)
        calendar = _new_calendar(event.title)
        calendar.add_component(
            _event_component(
                event, stamp=timezone.now(), status=_event_status(event), online_link=False
            )
        )
        return _finish(calendar, [event])


def _person_registrations(person):
    sessions = Session.objects.select_related("room", "track").prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.select_related("person"))
    )
    return (
        Registration.objects.filter(person=person)
        .exclude(event__status=Event.Status.DRAFT)
        .filter(
            Q(status__in=Registration.ACTIVE)
            # Kept after the organisers cancelled the event, so clients show it cancelled.
            | Q(status=Status.CANCELLED, event__status=Event.Status.CANCELLED)
        )
        .select_related("event__site__park")
        .prefetch_related(
            Prefetch("event__sessions", queryset=sessions),
            "session_seats",
        )
        .order_by("event__starts_at", "event_id")
    )


def person_agenda(registration: Registration) -> list[Session]:
    """The sessions a confirmed person attends: those open to everyone registered and
    those with their own places in which they have a seat."""
    if registration.status != Status.CONFIRMED:
        return []
    seats = {seat.session_id for seat in registration.session_seats.all()}
    return [
        session
        for session in registration.event.sessions.all()
        if session.capacity is None or session.pk in seats
    ]


def person_calendar(person, *, language: str | None = None) -> bytes:
    """Everything a person registered for: each event as a whole and their sessions."""
    language = language or translation.get_language()
    with translation.override(language):
        calendar = _new_calendar(_("Körpü: %(name)s") % {"name": person.full_name}, feed=True)
        stamp = timezone.now()
        events = []
        for registration in _person_registrations(person):
            event = registration.event
            events.append(event)
            confirmed = registration.status == Status.CONFIRMED
            status = _event_status(event, registration)
            calendar.add_component(
                _event_component(event, stamp=stamp, status=status, online_link=confirmed)
            )
            for session in person_agenda(registration):
                calendar.add_component(
                    _session_component(
                        session, event, stamp=stamp, status=status, online_link=confirmed
                    )
                )
        return _finish(calendar, events)


def organisation_events(organisation):
    """The published (or since cancelled) public events an organisation organises."""
    return (
        _events()
        .filter(
            organisers=organisation,
            visibility=Event.Visibility.PUBLIC,
            status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
        )
        .order_by("starts_at", "id")
        .distinct()
    )


def organisation_feed(organisation, *, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language()):
        calendar = _new_calendar(
            _("%(organisation)s: events") % {"organisation": organisation.name}, feed=True
        )
        stamp = timezone.now()
        events = list(organisation_events(organisation))
        for event in events:
            calendar.add_component(
                _event_component(event, stamp=stamp, status=_event_status(event), online_link=False)
            )
        return _finish(calendar, events)
