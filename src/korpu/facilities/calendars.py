"""iCalendar (RFC 5545) files of the park's resources: a person's bookings and a
resource's bookings and closures.

A weekly booking is ONE recurring event (``RRULE:FREQ=WEEKLY;UNTIL=…``) from its first
remaining occurrence to its last, with an ``EXDATE`` for each week in between that is not
booked (skipped when it was made, or cancelled, declined or released since). When some
occurrences are awaiting approval and others are confirmed, the odd ones out are
overrides (``RECURRENCE-ID``) with their own status. Times are in the park's time zone
(``TZID`` with a ``VTIMEZONE``), so a weekly booking stays at the same wall-clock time on
both sides of a daylight-saving change, as the bookings themselves do.

Every component has a stable UID (``facility-booking-<id>@korpu``,
``facility-series-<id>@korpu``, ``facility-closure-<id>@korpu``), so re-importing or
subscribing updates entries instead of duplicating them. Who booked is named only to the
facility's managers; anyone else reads "Booked" (the viewer's own bookings: "Your
booking"). The file building blocks are the events module's
(:mod:`korpu.events.calendars`).
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from korpu.common.i18n import capitalise
from korpu.directory.rules import is_signed_in
from korpu.events.calendars import UID_DOMAIN, _absolute, _new_calendar

from . import rules as perms
from .models import Booking, BookingSeries, Closure, Resource
from .services import zone_of

PRODID = "-//Körpü//Facilities//EN"
HOLDING = Booking.HOLDING
# A resource's calendar reaches this far back (its whole history would only weigh on
# the clients that subscribe to it).
RESOURCE_HISTORY = datetime.timedelta(days=90)
STATUS = {Booking.Status.APPROVED: "CONFIRMED", Booking.Status.PENDING: "TENTATIVE"}


# --- building blocks ----------------------------------------------------------------------
def _calendar(name: str):
    calendar = _new_calendar(name, feed=True)
    calendar["PRODID"] = PRODID
    return calendar


def _finish(calendar, moments) -> bytes:
    """Add the time zones the entries use, with rules covering their dates."""
    moments = list(moments)
    if moments:
        first = min(moments).date() - datetime.timedelta(days=366)
        last = max(moments).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _local(moment, resource):
    return timezone.localtime(moment, zone_of(resource))


def _where(resource: Resource) -> str:
    facility = resource.facility
    parts = [resource.name, resource.location or facility.location, facility.name]
    parts.append(facility.park.name)
    return ", ".join(part for part in parts if part)


def _summary(booking: Booking, *, viewer_id, manager: bool) -> str:
    if viewer_id is not None and booking.person_id == viewer_id:
        return _("Your booking")
    if manager:
        return booking.person.full_name
    return _("Booked")


def _description(booking: Booking, *, shown: bool, personal: bool = False) -> str:
    """What was booked for whom; only for those who may see who booked (in the person's
    own calendar without their name)."""
    if not shown:
        return ""
    lines = [
        booking.purpose,
        "" if personal else _("Booked by: %(name)s") % {"name": booking.person.full_name},
        _("Charged to: %(organisation)s") % {"organisation": booking.organisation.name}
        if booking.organisation_id
        else "",
        _("Project: %(project)s") % {"project": booking.project.title}
        if booking.project_id
        else "",
    ]
    linked = [item.resource.name for item in booking.linked_bookings.all()]
    if linked:
        lines.append(_("Booked together with: %(names)s") % {"names": ", ".join(linked)})
    if booking.status == Booking.Status.PENDING:
        lines.append(_("Awaiting approval."))
    return "\n".join(line for line in lines if line)


def _booking_component(
    booking: Booking, *, uid: str, stamp, summary: str, description: str, status: str
) -> VEvent:
    resource = booking.resource
    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", _local(booking.starts_at, resource))
    component.add("dtend", _local(booking.ends_at, resource))
    component.add("summary", summary)
    if description:
        component.add("description", description)
    component.add("location", _where(resource))
    component.add("url", _absolute(resource.get_absolute_url()))
    component.add("status", status)
    component.add("transp", "OPAQUE")
    return component


def _series_starts(series: BookingSeries) -> list[datetime.datetime]:
    """The local start of every week the series was asked for (as services made them)."""
    zone = zone_of(series.resource)
    first = timezone.localtime(series.first_starts_at, zone)
    weeks = max(0, (series.until - first.date()).days // 7 + 1)
    return [
        datetime.datetime.combine(first.date() + datetime.timedelta(weeks=n), first.time(), zone)
        for n in range(weeks)
    ]


def _series_components(series, bookings, *, uid, stamp, texts) -> list[VEvent]:
    """One recurring event for the series' holding occurrences on one resource (with its
    overrides), plus single events for occurrences off the weekly rule."""
    holding = sorted((b for b in bookings if b.status in HOLDING), key=lambda b: b.starts_at)
    if not holding:
        return []
    # Exceptions are written in the zone of the entry's start (the resource's park).
    zone = zone_of(holding[0].resource)
    expected = {
        start.astimezone(datetime.UTC): timezone.localtime(start, zone)
        for start in _series_starts(series)
    }
    on_rule = [b for b in holding if b.starts_at in expected]
    off_rule = [b for b in holding if b.starts_at not in expected]
    components = []
    for booking in off_rule:
        summary, description = texts(booking)
        components.append(
            _booking_component(
                booking,
                uid=f"facility-booking-{booking.pk}@{UID_DOMAIN}",
                stamp=stamp,
                summary=summary,
                description=description,
                status=STATUS[booking.status],
            )
        )
    if not on_rule:
        return components
    first, last = on_rule[0], on_rule[-1]
    statuses = Counter(b.status for b in on_rule)
    status = statuses.most_common(1)[0][0]
    summary, description = texts(first)
    master = _booking_component(
        first,
        uid=uid,
        stamp=stamp,
        summary=summary,
        description=description,
        status=STATUS[status],
    )
    if len(on_rule) > 1:
        master.add("rrule", {"freq": "WEEKLY", "until": last.starts_at.astimezone(datetime.UTC)})
        booked = {b.starts_at for b in on_rule}
        missing = [
            local_start
            for moment, local_start in sorted(expected.items())
            if first.starts_at < moment < last.starts_at and moment not in booked
        ]
        if missing:
            master.add("exdate", missing)
    components.insert(0, master)
    for booking in on_rule:
        if booking.status == status:
            continue
        summary, description = texts(booking)
        override = _booking_component(
            booking,
            uid=uid,
            stamp=stamp,
            summary=summary,
            description=description,
            status=STATUS[booking.status],
        )
        override.add("recurrence-id", timezone.localtime(booking.starts_at, zone))
        components.append(override)
    return components


def _add_bookings(calendar, bookings, *, stamp, texts, resource=None) -> list:
    """Single bookings as events, each series as one recurring event; returns the
    moments the entries span (for the time zone rules)."""
    moments = []
    by_series = defaultdict(list)
    series = {}
    for booking in bookings:
        moments += [booking.starts_at, booking.ends_at]
        if booking.series_id is None:
            summary, description = texts(booking)
            calendar.add_component(
                _booking_component(
                    booking,
                    uid=f"facility-booking-{booking.pk}@{UID_DOMAIN}",
                    stamp=stamp,
                    summary=summary,
                    description=description,
                    status=STATUS[booking.status],
                )
            )
        else:
            by_series[booking.series_id].append(booking)
            series[booking.series_id] = booking.series
    for series_id, group in sorted(by_series.items()):
        item = series[series_id]
        uid = f"facility-series-{series_id}@{UID_DOMAIN}"
        if resource is not None and item.resource_id != resource.pk:
            uid = f"facility-series-{series_id}-{resource.pk}@{UID_DOMAIN}"
        for component in _series_components(item, group, uid=uid, stamp=stamp, texts=texts):
            calendar.add_component(component)
    return moments


def _bookings():
    return Booking.objects.select_related(
        "resource__facility__park",
        "series__resource__facility__park",
        "person",
        "organisation",
        "project",
    ).prefetch_related("linked_bookings__resource")


# --- the calendars -------------------------------------------------------------------------
def person_calendar(person, *, language: str | None = None) -> bytes:
    """Everything the person has booked that holds its time (pending or approved), each
    weekly booking as one recurring event. Resources booked together with another are
    named in the description of the booking they were made with."""
    with translation.override(language or translation.get_language()):
        calendar = _calendar(_("Körpü bookings: %(name)s") % {"name": person.full_name})
        stamp = timezone.now()
        bookings = (
            _bookings()
            .filter(person=person, linked_to__isnull=True, status__in=HOLDING)
            .order_by("starts_at", "id")
        )

        def texts(booking):
            return booking.resource.name, _description(booking, shown=True, personal=True)

        moments = _add_bookings(calendar, bookings, stamp=stamp, texts=texts)
        return _finish(calendar, moments)


def resource_calendar(resource: Resource, viewer, *, language: str | None = None) -> bytes:
    """The resource's bookings from :data:`RESOURCE_HISTORY` ago on (each weekly booking
    as one recurring event) and its closures and its facility's. The facility's managers
    see who booked and why; anyone else reads "Booked" (or "Your booking")."""
    resource = Resource.objects.select_related("facility__park").get(pk=resource.pk)
    manager = bool(viewer is not None and perms.can_manage_resource(viewer, resource))
    viewer_id = viewer.pk if is_signed_in(viewer) else None
    with translation.override(language or translation.get_language()):
        calendar = _calendar(
            _("%(resource)s, %(facility)s")
            % {"resource": resource.name, "facility": resource.facility.name}
        )
        stamp = timezone.now()
        since = stamp - RESOURCE_HISTORY
        in_range = Booking.objects.filter(resource=resource, status__in=HOLDING, ends_at__gt=since)
        series_ids = in_range.filter(series__isnull=False).values("series_id")
        # A weekly booking reaching into the range comes whole, so its rule stays one.
        bookings = (
            _bookings()
            .filter(resource=resource, status__in=HOLDING)
            .filter(Q(ends_at__gt=since) | Q(series_id__in=series_ids))
            .order_by("starts_at", "id")
        )

        def texts(booking):
            own = viewer_id is not None and booking.person_id == viewer_id
            summary = _summary(booking, viewer_id=viewer_id, manager=manager)
            return summary, _description(booking, shown=manager or own)

        moments = _add_bookings(calendar, bookings, stamp=stamp, texts=texts, resource=resource)
        closures = Closure.objects.filter(
            Q(resource=resource) | Q(resource__isnull=True, facility_id=resource.facility_id),
            ends_at__gt=since,
        ).order_by("starts_at", "id")
        for closure in closures:
            moments += [closure.starts_at, closure.ends_at]
            calendar.add_component(_closure_component(closure, resource, stamp=stamp))
        return _finish(calendar, moments)


def _closure_component(closure: Closure, resource: Resource, *, stamp) -> VEvent:
    component = VEvent()
    component.add("uid", f"facility-closure-{closure.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("dtstart", _local(closure.starts_at, resource))
    component.add("dtend", _local(closure.ends_at, resource))
    what = capitalise(str(closure.get_kind_display()))
    if closure.resource_id is None:
        summary = _("%(kind)s: the whole facility") % {"kind": what}
    else:
        summary = what
    if closure.reason:
        summary = f"{summary} ({closure.reason})"
    component.add("summary", summary)
    component.add("location", _where(resource))
    component.add("categories", [what])
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component
