"""Reads of the park's facilities that the pages and the API share: which facilities and
resources someone sees, the day and week calendar of a resource and of a person, the free
times of a resource, find-a-time across several resources, and the lists of someone's
bookings, waiting-list entries and the bookings awaiting approval.

What holds time is what :mod:`korpu.facilities.services` counts when it books: pending and
approved bookings and waiting-list offers still open. A resource is free where it is open
(its opening hours, in the park's time zone), in service, not closed (a maintenance
window, blackout or holiday of the resource or of its whole facility), where fewer than
its capacity of holds overlap, and where the resources booked together with it are free
too.

Every calendar and search reads a fixed number of queries however long the resource's
history is: bookings are read by the ``(resource, starts_at)`` index within the range
asked for, bounded below by :data:`LONGEST_BOOKING` (a booking always lies within one
day's opening hours; services refuse anything else).

All arithmetic on times is done in UTC, so a day with a daylight-saving change has its
real length; results are given in the resource's (or the asked) time zone.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common.i18n import capitalise
from korpu.directory.rules import MANAGING_ROLES, is_signed_in, organisation_ids_of

from . import rules as perms
from .models import Booking, Closure, Facility, Resource, WaitingEntry
from .services import opening_window, zone_of

UTC = datetime.UTC
HOLDING = Booking.HOLDING
# Every booking lies within one day's opening hours (at most 25 hours on the day clocks
# go back); reading from this far before a range finds all bookings that reach into it.
LONGEST_BOOKING = datetime.timedelta(days=2)
# Find-a-time proposes starts this far apart on resources booked in free times.
DEFAULT_STEP = datetime.timedelta(minutes=30)

Interval = tuple[datetime.datetime, datetime.datetime]

BOOKING = "booking"
PENDING = "pending"
MINE = "mine"
CLOSURE = "closure"
OFFER = "offer"
KINDS = (BOOKING, PENDING, MINE, CLOSURE, OFFER)


@dataclass(frozen=True)
class CalendarEntry:
    """Something on a calendar day, cut to the day (aware, in the calendar's zone).

    ``kind``: ``booking`` (someone's booking), ``pending`` (awaiting approval), ``mine``
    (the viewer's own booking, whatever its status), ``closure`` (maintenance, blackout,
    holiday) or ``offer`` (a freed time offered to someone on the waiting list). ``label``
    names who booked only for the facility's managers; others read "Booked"."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    kind: str
    label: str
    booking_id: int | None = None
    resource_id: int | None = None
    # The booking's status or the closure's kind.
    status: str = ""
    # The closure's reason, or a booking's purpose for those who may see who booked.
    detail: str = ""
    # The whole entry's times when it runs into the day before or after.
    whole_starts_at: datetime.datetime | None = None
    whole_ends_at: datetime.datetime | None = None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class CalendarDay:
    """One local day: the opening hours (None when closed that day), what is on it, and
    the free times (from now on; where capacity is left)."""

    date: datetime.date
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    entries: list[CalendarEntry] = field(default_factory=list)
    free: list[Interval] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.opens_at is not None


# --- who sees what ----------------------------------------------------------------------------
def visible_facilities(user) -> QuerySet[Facility]:
    """Facilities the user may see: everything for anyone signed in; the public
    facilities of public parks for visitors (as ``rules.can_view_facility``)."""
    facilities = Facility.objects.select_related("park")
    if is_signed_in(user):
        return facilities.all()
    return facilities.filter(is_public=True, park__is_public=True)


def managed_facilities(user) -> QuerySet[Facility]:
    """Facilities the user runs: as one of their managers, as a manager of the park's
    operator, or as staff (as ``rules.can_manage_facility``)."""
    facilities = Facility.objects.select_related("park")
    if not is_signed_in(user):
        return facilities.none()
    if user.is_staff:
        return facilities.all()
    return facilities.filter(
        Q(managers=user) | Q(park__operator__in=organisation_ids_of(user, MANAGING_ROLES))
    ).distinct()


def visible_resources(
    user, *, park=None, facility=None, kind=None, text=None
) -> QuerySet[Resource]:
    """Resources of the facilities the user sees, without retired ones (their managers
    still see them), optionally of one park, facility or kind, or matching a text."""
    resources = Resource.objects.filter(
        facility__in=visible_facilities(user).values("pk")
    ).select_related("facility__park", "required_qualification")
    retired = Q(status=Resource.Status.RETIRED)
    if is_signed_in(user):
        managed = managed_facilities(user).values("pk")
        resources = resources.exclude(retired & ~Q(facility__in=managed))
    else:
        resources = resources.exclude(retired)
    if park is not None:
        resources = resources.filter(facility__park=park)
    if facility is not None:
        resources = resources.filter(facility=facility)
    if kind:
        resources = resources.filter(kind=kind)
    text = (text or "").strip()
    if text:
        resources = resources.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(manufacturer__icontains=text)
            | Q(model__icontains=text)
            | Q(facility__name__icontains=text)
        )
    return resources.order_by("facility__park__name", "facility__name", "name")


# --- reading what holds time -------------------------------------------------------------------
@dataclass
class _Holds:
    """What one range of time holds on some resources: read in three queries, then
    looked up by resource."""

    bookings: list
    offers: list
    closures: list

    def __post_init__(self):
        self._bookings, self._offers = defaultdict(list), defaultdict(list)
        for booking in self.bookings:
            self._bookings[booking.resource_id].append(booking)
        for offer in self.offers:
            self._offers[offer.resource_id].append(offer)

    def bookings_of(self, resource_id) -> list:
        return self._bookings.get(resource_id, [])

    def offers_of(self, resource_id) -> list:
        return self._offers.get(resource_id, [])

    def closures_of(self, resource: Resource) -> list:
        return [
            c
            for c in self.closures
            if c.resource_id == resource.pk
            or (c.resource_id is None and c.facility_id == resource.facility_id)
        ]


BOOKING_FIELDS = (
    "id",
    "resource_id",
    "person_id",
    "linked_to_id",
    "status",
    "starts_at",
    "ends_at",
)
OFFER_FIELDS = ("id", "resource_id", "person_id", "status", "starts_at", "ends_at")


def _read_holds(resources, begin, end, *, now, rows=False, people=False) -> _Holds:
    """Bookings, open offers and closures on the resources reaching into [begin, end).
    Light rows (named tuples) for free times; with ``rows`` model instances for entries
    (with their people when ``people``)."""
    ids = sorted({r.pk for r in resources})
    facility_ids = sorted({r.facility_id for r in resources})
    bookings = Booking.objects.filter(
        resource_id__in=ids,
        status__in=HOLDING,
        starts_at__gte=begin - LONGEST_BOOKING,
        starts_at__lt=end,
        ends_at__gt=begin,
    ).order_by("starts_at", "id")
    offers = WaitingEntry.objects.filter(
        resource_id__in=ids,
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at__gt=now,
        starts_at__lt=end,
        ends_at__gt=begin,
    ).order_by("starts_at", "id")
    if rows and people:
        bookings = bookings.select_related("person")
        offers = offers.select_related("person")
    elif not rows:
        bookings = bookings.values_list(*BOOKING_FIELDS, named=True)
        offers = offers.values_list(*OFFER_FIELDS, named=True)
    closures = Closure.objects.filter(
        Q(resource_id__in=ids) | Q(resource__isnull=True, facility_id__in=facility_ids),
        starts_at__lt=end,
        ends_at__gt=begin,
    ).order_by("starts_at", "id")
    return _Holds(list(bookings), list(offers), list(closures))


def _with_parks(resources: Iterable[Resource]) -> list[Resource]:
    """The resources with their facility and park loaded (one query unless they are)."""
    resources = list(resources)

    def loaded(resource) -> bool:
        cache = resource._state.fields_cache
        return "facility" in cache and "park" in resource.facility._state.fields_cache

    if all(loaded(resource) for resource in resources):
        return resources
    fresh = Resource.objects.select_related("facility__park").in_bulk(
        [resource.pk for resource in resources]
    )
    return [fresh[resource.pk] for resource in resources if resource.pk in fresh]


def _with_linked(resources: Iterable[Resource]) -> tuple[list[Resource], dict[int, list[int]]]:
    """The resources, with the resources booked together with them (one query each for
    the links and the linked resources), and each resource's linked ids."""
    resources = list(resources)
    known = {r.pk: r for r in resources}
    links = defaultdict(list)
    through = Resource.linked_resources.through
    for source, target in through.objects.filter(from_resource_id__in=list(known)).values_list(
        "from_resource_id", "to_resource_id"
    ):
        links[source].append(target)
    missing = {pk for targets in links.values() for pk in targets} - set(known)
    if missing:
        for item in Resource.objects.filter(pk__in=missing).select_related("facility__park"):
            known[item.pk] = item
    return list(known.values()), dict(links)


# --- interval arithmetic (UTC) -------------------------------------------------------------
def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(UTC)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A naive time is read in the active time zone."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list] = []
    for begin, end in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(begin, end) for begin, end in merged]


def _full(intervals: Iterable[Interval], capacity: int) -> list[Interval]:
    """Where at least ``capacity`` of the intervals overlap (back-to-back ones do not)."""
    edges = []
    for begin, end in intervals:
        if begin < end:
            edges.append((begin, 1))
            edges.append((end, -1))
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    full, current, since = [], 0, None
    for moment, step in edges:
        current += step
        if current >= capacity and since is None:
            since = moment
        elif current < capacity and since is not None:
            if since < moment:
                full.append((since, moment))
            since = None
    return _merge(full)


def _subtract(window: Interval, blocked: list[Interval]) -> list[Interval]:
    """The window minus the (merged, sorted) blocked intervals."""
    begin, end = window
    free = []
    for block_begin, block_end in blocked:
        if block_end <= begin:
            continue
        if block_begin >= end:
            break
        if block_begin > begin:
            free.append((begin, block_begin))
        begin = max(begin, block_end)
        if begin >= end:
            break
    if begin < end:
        free.append((begin, end))
    return free


def _blocked(resource: Resource, holds: _Holds) -> list[Interval] | None:
    """When the resource itself cannot take one more booking (None: never, being out
    of service)."""
    if resource.status != Resource.Status.IN_SERVICE:
        return None
    taken = [(_utc(b.starts_at), _utc(b.ends_at)) for b in holds.bookings_of(resource.pk)]
    taken += [(_utc(o.starts_at), _utc(o.ends_at)) for o in holds.offers_of(resource.pk)]
    closed = [(_utc(c.starts_at), _utc(c.ends_at)) for c in holds.closures_of(resource)]
    return _merge(_full(taken, resource.capacity) + closed)


def _local_dates(begin, end, zone) -> list[datetime.date]:
    first = timezone.localtime(begin, zone).date()
    last = timezone.localtime(end, zone).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _utc_window(resource: Resource, day: datetime.date) -> Interval | None:
    window = opening_window(resource, day)
    if window is None:
        return None
    return _utc(window[0]), _utc(window[1])


@dataclass
class _Free:
    """A free interval and the opening time of the day it belongs to (slots count from it)."""

    begin: datetime.datetime
    end: datetime.datetime
    opens: datetime.datetime


def _free_of(resource, linked, holds, begin, end) -> list[_Free]:
    """The free times of a resource within [begin, end), per opening window."""
    blocked = _blocked(resource, holds)
    if blocked is None:
        return []
    for item in linked:
        more = _blocked(item, holds)
        if more is None:
            return []
        blocked = _merge(blocked + more)
    free = []
    for day in _local_dates(begin, end, zone_of(resource)):
        window = _utc_window(resource, day)
        if window is None:
            continue
        clipped = (max(window[0], begin), min(window[1], end))
        if clipped[0] >= clipped[1]:
            continue
        free += [_Free(a, b, window[0]) for a, b in _subtract(clipped, blocked)]
    return free


# --- free times and find-a-time -----------------------------------------------------------------
def free_intervals(resource: Resource, starts_at, ends_at, *, now=None) -> list[Interval]:
    """The times within [start, end) when one more booking of the resource fits: open,
    in service, not closed, capacity left, and the resources booked with it free too.
    Past times are included (pass ``starts_at=now`` for bookable times only). Each
    interval lies within one day's opening hours; aware, in the park's time zone."""
    begin, end = _utc(_aware(starts_at)), _utc(_aware(ends_at))
    if begin >= end:
        return []
    now = now or timezone.now()
    [resource] = _with_parks([resource])
    everything, links = _with_linked([resource])
    by_id = {r.pk: r for r in everything}
    holds = _read_holds(everything, begin, end, now=now)
    linked = [by_id[pk] for pk in links.get(resource.pk, [])]
    zone = zone_of(resource)
    return [
        (timezone.localtime(item.begin, zone), timezone.localtime(item.end, zone))
        for item in _free_of(resource, linked, holds, begin, end)
    ]


def find_a_time(
    resources,
    *,
    duration: datetime.timedelta,
    earliest,
    latest,
    limit: int = 10,
    step: datetime.timedelta | None = None,
    check_rules: bool = True,
    now=None,
) -> list[datetime.datetime]:
    """Starts at which every one of the resources is free for ``duration``, with the whole
    booking within [earliest, latest], in time order, at most ``limit``; aware, in the
    first resource's time zone.

    Starts lie on each resource's slots (counted from its opening time) when it has them,
    otherwise at the beginning of a free time and then every ``step`` (30 minutes) from
    local midnight. Past times are never proposed. With ``check_rules`` the resources'
    notice, days-ahead and length rules apply too (a length some resource does not take
    gives no starts). Never raises for closures, out-of-service resources or empty
    ranges: they just give no starts."""
    now = _aware(now or timezone.now())
    resources = _with_parks(resources)
    if not resources or limit <= 0 or duration <= datetime.timedelta(0):
        return []
    begin, end = _utc(max(_aware(earliest), now)), _utc(_aware(latest))
    minutes = duration.total_seconds() / 60
    slotted = []
    for resource in resources:
        if resource.slot_minutes:
            if minutes % resource.slot_minutes:
                return []
            slotted.append(resource)
        if check_rules:
            if not resource.min_minutes <= minutes <= resource.max_minutes:
                return []
            begin = max(begin, _utc(now) + datetime.timedelta(minutes=resource.min_notice_minutes))
            # The latest start allowed, plus the booking's length.
            end = min(end, _utc(now) + datetime.timedelta(days=resource.max_days_ahead) + duration)
    if end - begin < duration:
        return []
    everything, links = _with_linked(resources)
    by_id = {r.pk: r for r in everything}
    holds = _read_holds(everything, begin, end, now=now)
    # The pieces of time free on every resource so far, each with the free interval of
    # every resource it lies in (whose ``opens`` anchors that resource's slots).
    pieces: list[tuple] | None = None
    for resource in resources:
        linked = [by_id[pk] for pk in links.get(resource.pk, [])]
        free = [
            f for f in _free_of(resource, linked, holds, begin, end) if f.end - f.begin >= duration
        ]
        if pieces is None:
            pieces = [(f.begin, f.end, {resource.pk: f}) for f in free]
        else:
            pieces = _intersect(pieces, free, resource.pk, duration)
        if not pieces:
            return []
    zone = zone_of(resources[0])
    step = step if step and step > datetime.timedelta(0) else DEFAULT_STEP
    starts: list[datetime.datetime] = []
    for piece_begin, piece_end, anchors in pieces:
        for start in _candidates(piece_begin, piece_end - duration, slotted, anchors, step, zone):
            starts.append(timezone.localtime(start, zone))
            if len(starts) >= limit:
                return starts
    return starts


def _intersect(pieces: list[tuple], free: list[_Free], resource_id, duration) -> list[tuple]:
    """The parts of the pieces that are also in the free intervals, long enough."""
    result, i, j = [], 0, 0
    while i < len(pieces) and j < len(free):
        piece_begin, piece_end, anchors = pieces[i]
        other = free[j]
        begin, end = max(piece_begin, other.begin), min(piece_end, other.end)
        if end - begin >= duration:
            result.append((begin, end, {**anchors, resource_id: other}))
        if piece_end <= other.end:
            i += 1
        else:
            j += 1
    return result


def _candidates(first, last, slotted, anchors, step, zone):
    """Starts in [first, last] on every slotted resource's slots (or on the step grid)."""
    if slotted:
        lead = slotted[0]
        slot = datetime.timedelta(minutes=lead.slot_minutes)
        opens = anchors[lead.pk].opens
        start = opens + slot * -(-(first - opens) // slot) if first > opens else opens
        while start <= last:
            if all(
                (start - anchors[item.pk].opens) % datetime.timedelta(minutes=item.slot_minutes)
                == datetime.timedelta(0)
                for item in slotted[1:]
            ):
                yield start
            start += slot
        return
    yield first
    midnight = _utc(
        datetime.datetime.combine(timezone.localtime(first, zone).date(), datetime.time(0), zone)
    )
    start = midnight + step * ((first - midnight) // step + 1)
    while start <= last:
        yield start
        start += step


# --- calendars -------------------------------------------------------------------------------
def _day_bounds(day: datetime.date, zone: ZoneInfo) -> Interval:
    begin = datetime.datetime.combine(day, datetime.time(0), zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), zone)
    return _utc(begin), _utc(end)


def _cut(entry: CalendarEntry, day: Interval, zone) -> CalendarEntry | None:
    begin, end = max(_utc(entry.starts_at), day[0]), min(_utc(entry.ends_at), day[1])
    if begin >= end:
        return None
    whole = begin != _utc(entry.starts_at) or end != _utc(entry.ends_at)
    return CalendarEntry(
        starts_at=timezone.localtime(begin, zone),
        ends_at=timezone.localtime(end, zone),
        kind=entry.kind,
        label=entry.label,
        booking_id=entry.booking_id,
        resource_id=entry.resource_id,
        status=entry.status,
        detail=entry.detail,
        whole_starts_at=timezone.localtime(entry.starts_at, zone) if whole else None,
        whole_ends_at=timezone.localtime(entry.ends_at, zone) if whole else None,
    )


def _closure_entry(closure: Closure) -> CalendarEntry:
    kind = capitalise(str(closure.get_kind_display()))
    return CalendarEntry(
        starts_at=closure.starts_at,
        ends_at=closure.ends_at,
        kind=CLOSURE,
        label=f"{kind}: {closure.reason}" if closure.reason else kind,
        resource_id=closure.resource_id,
        status=closure.kind,
        detail=closure.reason,
    )


def _booking_entry(booking: Booking, *, viewer_id, manager: bool, label=None) -> CalendarEntry:
    pending = booking.status == Booking.Status.PENDING
    if viewer_id is not None and booking.person_id == viewer_id:
        kind = MINE
        text = _("Your booking (awaiting approval)") if pending else _("Your booking")
    else:
        kind = PENDING if pending else BOOKING
        if manager:
            text = booking.person.full_name
        else:
            text = _("Awaiting approval") if pending else _("Booked")
    return CalendarEntry(
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        kind=kind,
        label=label or text,
        booking_id=booking.pk,
        resource_id=booking.resource_id,
        status=booking.status,
        detail=booking.purpose if (manager or kind == MINE) else "",
    )


def _offer_entry(entry: WaitingEntry, *, viewer_id, manager: bool, label=None) -> CalendarEntry:
    if viewer_id is not None and entry.person_id == viewer_id:
        text = _("Offered to you")
    elif manager:
        text = _("Offered to %(name)s") % {"name": entry.person.full_name}
    else:
        text = _("Held for the waiting list")
    return CalendarEntry(
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        kind=OFFER,
        label=label or text,
        resource_id=entry.resource_id,
        status=entry.status,
    )


def _days(week_start: datetime.date, count: int = 7) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=n) for n in range(count)]


def _sort_key(entry: CalendarEntry):
    return (entry.starts_at, KINDS.index(entry.kind), entry.ends_at)


def resource_week(
    resource: Resource, *, week_start: datetime.date, viewer, days: int = 7, now=None
) -> list[CalendarDay]:
    """The resource's calendar for ``days`` local days from ``week_start``: opening hours,
    bookings, open offers and closures cut to each day, and the free times from now on.
    Who booked is named only to the facility's managers; the viewer's own bookings are
    ``mine``. A fixed number of queries, whatever the resource's history."""
    now = now or timezone.now()
    [resource] = _with_parks([resource])
    zone = zone_of(resource)
    dates = _days(week_start, days)
    begin = _day_bounds(dates[0], zone)[0]
    end = _day_bounds(dates[-1], zone)[1]
    manager = bool(viewer is not None and perms.can_manage_resource(viewer, resource))
    viewer_id = viewer.pk if is_signed_in(viewer) else None
    everything, links = _with_linked([resource])
    by_id = {r.pk: r for r in everything}
    linked = [by_id[pk] for pk in links.get(resource.pk, [])]
    holds = _read_holds(everything, begin, end, now=now, rows=True, people=manager)
    entries = [
        _booking_entry(b, viewer_id=viewer_id, manager=manager)
        for b in holds.bookings_of(resource.pk)
    ]
    entries += [
        _offer_entry(o, viewer_id=viewer_id, manager=manager) for o in holds.offers_of(resource.pk)
    ]
    entries += [_closure_entry(c) for c in holds.closures_of(resource)]
    entries += _linked_entries(resource, linked, holds)
    free = _free_of(resource, linked, holds, max(begin, _utc(now)), end)
    calendar = []
    for day in dates:
        bounds = _day_bounds(day, zone)
        window = opening_window(resource, day)
        calendar.append(
            CalendarDay(
                date=day,
                opens_at=window[0] if window else None,
                closes_at=window[1] if window else None,
                entries=sorted(
                    (cut for e in entries if (cut := _cut(e, bounds, zone)) is not None),
                    key=_sort_key,
                ),
                free=[
                    (timezone.localtime(f.begin, zone), timezone.localtime(f.end, zone))
                    for f in free
                    if bounds[0] <= f.begin < bounds[1]
                ],
            )
        )
    return calendar


def _linked_entries(resource, linked, holds) -> list[CalendarEntry]:
    """When a resource booked together with this one is taken or closed, this one cannot
    be booked either: say so (without saying who booked it)."""
    own = {b.pk for b in holds.bookings_of(resource.pk)}
    closures = {c.pk for c in holds.closures_of(resource)}
    entries = []
    for item in linked:
        ours = _merge(
            (_utc(b.starts_at), _utc(b.ends_at))
            for b in holds.bookings_of(item.pk)
            if b.linked_to_id in own
        )
        taken = [(_utc(b.starts_at), _utc(b.ends_at)) for b in holds.bookings_of(item.pk)]
        taken += [(_utc(o.starts_at), _utc(o.ends_at)) for o in holds.offers_of(item.pk)]
        for full in _full(taken, item.capacity):
            for begin, end in _subtract(full, ours):
                entries.append(
                    CalendarEntry(
                        starts_at=begin,
                        ends_at=end,
                        kind=BOOKING,
                        label=_("%(resource)s (booked with it) is taken") % {"resource": item.name},
                        resource_id=item.pk,
                    )
                )
        for closure in holds.closures_of(item):
            if closure.pk in closures:
                continue
            closures.add(closure.pk)
            entry = _closure_entry(closure)
            entries.append(
                CalendarEntry(**{**entry.__dict__, "label": f"{item.name} · {entry.label}"})
            )
    return entries


def resource_day(resource: Resource, *, day: datetime.date, viewer, now=None) -> CalendarDay:
    """One day of :func:`resource_week`."""
    return resource_week(resource, week_start=day, viewer=viewer, days=1, now=now)[0]


def person_week(
    person, *, week_start: datetime.date, zone=None, days: int = 7, now=None
) -> list[CalendarDay]:
    """A person's bookings (pending and approved) and the freed times offered to them,
    across resources, for ``days`` local days from ``week_start`` in ``zone`` (the
    active time zone by default). Entries are labelled with the resource's name; days
    carry no opening hours or free times."""
    now = now or timezone.now()
    zone = zone or timezone.get_current_timezone()
    dates = _days(week_start, days)
    begin = _day_bounds(dates[0], zone)[0]
    end = _day_bounds(dates[-1], zone)[1]
    bookings = (
        Booking.objects.filter(
            person=person,
            status__in=HOLDING,
            starts_at__gte=begin - LONGEST_BOOKING,
            starts_at__lt=end,
            ends_at__gt=begin,
        )
        .select_related("resource")
        .order_by("starts_at", "id")
    )
    offers = WaitingEntry.objects.filter(
        person=person,
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at__gt=now,
        starts_at__lt=end,
        ends_at__gt=begin,
    ).select_related("resource")
    entries = [
        CalendarEntry(
            starts_at=b.starts_at,
            ends_at=b.ends_at,
            kind=MINE,
            label=b.resource.name,
            booking_id=b.pk,
            resource_id=b.resource_id,
            status=b.status,
            detail=b.purpose,
        )
        for b in bookings
    ]
    entries += [
        _offer_entry(
            o,
            viewer_id=person.pk,
            manager=False,
            label=_("%(resource)s (offered to you)") % {"resource": o.resource.name},
        )
        for o in offers
    ]
    calendar = []
    for day in dates:
        bounds = _day_bounds(day, zone)
        calendar.append(
            CalendarDay(
                date=day,
                opens_at=None,
                closes_at=None,
                entries=sorted(
                    (cut for e in entries if (cut := _cut(e, bounds, zone)) is not None),
                    key=_sort_key,
                ),
            )
        )
    return calendar


# --- lists ----------------------------------------------------------------------------------
def _bookings():
    return Booking.objects.select_related(
        "resource__facility__park", "organisation", "project", "series", "person"
    ).prefetch_related("linked_bookings__resource")


def upcoming_bookings(person) -> QuerySet[Booking]:
    """The person's pending and approved bookings not yet over, soonest first (bookings
    of resources booked together with another are reached through ``linked_bookings``)."""
    return (
        _bookings()
        .filter(person=person, status__in=HOLDING, linked_to__isnull=True)
        .filter(ends_at__gt=timezone.now())
        .order_by("starts_at", "id")
    )


def past_bookings(person) -> QuerySet[Booking]:
    """The person's bookings that are over or no longer hold their time (cancelled,
    declined, released as no-shows), latest first."""
    return (
        _bookings()
        .filter(person=person, linked_to__isnull=True)
        .filter(Q(ends_at__lte=timezone.now()) | ~Q(status__in=HOLDING))
        .order_by("-starts_at", "-id")
    )


def pending_approvals(facility: Facility) -> QuerySet[Booking]:
    """Bookings of the facility's resources awaiting a decision, soonest first."""
    return (
        _bookings()
        .filter(resource__facility=facility, status=Booking.Status.PENDING, linked_to__isnull=True)
        .order_by("starts_at", "id")
    )


def waiting_entries(person) -> QuerySet[WaitingEntry]:
    """The person's places on waiting lists (waiting, or offered a freed time) for times
    not yet over, soonest first."""
    return (
        WaitingEntry.objects.filter(
            person=person,
            status__in=[WaitingEntry.Status.WAITING, WaitingEntry.Status.OFFERED],
            ends_at__gt=timezone.now(),
        )
        .select_related("resource__facility__park")
        .order_by("starts_at", "id")
    )


def people_booked(resource: Resource, viewer) -> bool:
    """Whether the viewer may see who booked the resource."""
    return bool(viewer is not None and perms.can_manage_resource(viewer, resource))


__all__ = [
    "BOOKING",
    "CLOSURE",
    "MINE",
    "OFFER",
    "PENDING",
    "CalendarDay",
    "CalendarEntry",
    "find_a_time",
    "free_intervals",
    "managed_facilities",
    "past_bookings",
    "pending_approvals",
    "person_week",
    "resource_day",
    "resource_week",
    "upcoming_bookings",
    "visible_facilities",
    "visible_resources",
    "waiting_entries",
]
