"""Reads shared by the pages and the API: visibility, the week calendars, free times and
find-a-time (closures, capacity, slots, weekends, daylight-saving days), and the lists."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from korpu.facilities import queries
from korpu.facilities.models import Booking, Closure, Resource, WaitingEntry
from tests.factories import PersonFactory

from .factories import BookingFactory, FacilityFactory, ResourceFactory, facility_manager, future

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
BAKU = ZoneInfo("Asia/Baku")
H = datetime.timedelta(hours=1)
# A Monday well ahead, and the Sundays Berlin's clocks change in 2030.
MONDAY = datetime.date(2030, 3, 25)
SPRING_FORWARD = datetime.date(2030, 3, 31)
FALL_BACK = datetime.date(2030, 10, 27)
# "Now" for the tests that look at a fixed week: the Friday before it.
NOW = datetime.datetime(2030, 3, 22, 12, 0, tzinfo=BERLIN)


def at(day: datetime.date, hour: int, minute: int = 0, zone=BERLIN) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), zone)


def berlin_resource(**fields) -> Resource:
    facility = fields.pop("facility", None) or FacilityFactory(
        park__time_zone="Europe/Berlin", park__city="Berlin", park__country="DE"
    )
    return ResourceFactory(facility=facility, **fields)


def spans(intervals) -> list[tuple[str, str]]:
    """Intervals as local "YYYY-MM-DD HH:MM" pairs (their own zone)."""
    return [(f"{a:%Y-%m-%d %H:%M}", f"{b:%Y-%m-%d %H:%M}") for a, b in intervals]


def elapsed(begin, end) -> datetime.timedelta:
    """Real time between two moments (subtracting two times of one zone object would
    give the wall-clock difference)."""
    return end.astimezone(datetime.UTC) - begin.astimezone(datetime.UTC)


def hours(intervals) -> list[float]:
    return [elapsed(a, b).total_seconds() / 3600 for a, b in intervals]


# --- who sees what ----------------------------------------------------------------------------
def test_visible_and_managed_facilities():
    public = FacilityFactory(name="Open lab")
    private = FacilityFactory(name="Closed lab", is_public=False)
    hidden_park = FacilityFactory(name="Lab of a hidden park", park__is_public=False)
    manager = facility_manager(private)
    direct = PersonFactory()
    public.managers.add(direct)
    staff = PersonFactory(is_staff=True)
    visitor_sees = set(queries.visible_facilities(None).values_list("name", flat=True))
    assert visitor_sees == {"Open lab"}
    signed_in_sees = set(queries.visible_facilities(PersonFactory()).values_list("name", flat=True))
    assert signed_in_sees == {"Open lab", "Closed lab", "Lab of a hidden park"}
    assert list(queries.managed_facilities(manager)) == [private]
    assert list(queries.managed_facilities(direct)) == [public]
    assert set(queries.managed_facilities(staff)) == {public, private, hidden_park}
    assert list(queries.managed_facilities(PersonFactory())) == []
    assert list(queries.managed_facilities(None)) == []


def test_visible_resources_filter_and_hide_retired_from_all_but_managers():
    lab = FacilityFactory()
    other = FacilityFactory(park=lab.park)
    microscope = ResourceFactory(facility=lab, name="Electron microscope", manufacturer="Zeiss")
    ResourceFactory(facility=lab, name="Old lathe", status=Resource.Status.RETIRED)
    room = ResourceFactory(facility=other, name="Meeting room", kind=Resource.Kind.MEETING_ROOM)
    ResourceFactory(facility=FacilityFactory(is_public=False), name="Private press")
    manager = facility_manager(lab)
    names = lambda resources: sorted(r.name for r in resources)  # noqa: E731
    assert names(queries.visible_resources(None)) == ["Electron microscope", "Meeting room"]
    assert names(queries.visible_resources(manager, facility=lab)) == [
        "Electron microscope",
        "Old lathe",
    ]
    assert names(queries.visible_resources(PersonFactory(), facility=lab)) == [
        "Electron microscope"
    ]
    assert list(queries.visible_resources(None, kind="meeting_room")) == [room]
    assert list(queries.visible_resources(None, text="zeiss")) == [microscope]
    assert list(queries.visible_resources(None, park=lab.park, text="room")) == [room]


# --- the week calendar -----------------------------------------------------------------------
def test_week_shows_who_booked_only_to_managers_and_the_person():
    resource = berlin_resource(name="Spectrometer")
    alice = PersonFactory(first_name="Alice", last_name="Aliyeva")
    bob = PersonFactory(first_name="Bob", last_name="Demir")
    BookingFactory(resource=resource, person=alice, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 11))
    BookingFactory(
        resource=resource,
        person=bob,
        starts_at=at(MONDAY, 13),
        ends_at=at(MONDAY, 14),
        status=Booking.Status.PENDING,
        purpose="Calibration",
    )
    manager = facility_manager(resource.facility)

    def monday(viewer):
        day = queries.resource_week(resource, week_start=MONDAY, viewer=viewer, now=NOW)[0]
        return [(e.kind, e.label, e.detail) for e in day.entries]

    assert monday(manager) == [
        ("booking", "Alice Aliyeva", ""),
        ("pending", "Bob Demir", "Calibration"),
    ]
    assert monday(alice) == [("mine", "Your booking", ""), ("pending", "Awaiting approval", "")]
    assert monday(bob) == [
        ("booking", "Booked", ""),
        ("mine", "Your booking (awaiting approval)", "Calibration"),
    ]
    assert monday(None) == [("booking", "Booked", ""), ("pending", "Awaiting approval", "")]
    assert monday(PersonFactory()) == monday(None)


def test_week_days_hours_free_times_and_local_times():
    resource = berlin_resource(opens_at=datetime.time(8), closes_at=datetime.time(18))
    BookingFactory(resource=resource, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 11))
    BookingFactory(
        resource=resource,
        starts_at=at(MONDAY, 12),
        ends_at=at(MONDAY, 13),
        status=Booking.Status.CANCELLED,
    )
    week = queries.resource_week(resource, week_start=MONDAY, viewer=None, now=NOW)
    assert [day.date for day in week] == [MONDAY + datetime.timedelta(days=n) for n in range(7)]
    monday = week[0]
    assert (monday.opens_at, monday.closes_at) == (at(MONDAY, 8), at(MONDAY, 18))
    assert spans(monday.free) == [
        ("2030-03-25 08:00", "2030-03-25 09:00"),
        ("2030-03-25 11:00", "2030-03-25 18:00"),
    ]
    [entry] = monday.entries
    assert (entry.starts_at, entry.ends_at, entry.minutes) == (at(MONDAY, 9), at(MONDAY, 11), 120)
    assert entry.starts_at.tzinfo == BERLIN
    assert spans(week[1].free) == [("2030-03-26 08:00", "2030-03-26 18:00")]


def test_week_free_times_start_now():
    resource = ResourceFactory()
    today = timezone.localtime(timezone.now(), BAKU).date()
    now = datetime.datetime.combine(today, datetime.time(12, 30), BAKU)
    [day] = queries.resource_week(resource, week_start=today, viewer=None, days=1, now=now)
    assert spans(day.free) == [(f"{today} 12:30", f"{today} 20:00")]
    assert day.opens_at == datetime.datetime.combine(today, datetime.time(8), BAKU)


def test_closure_spanning_days_is_shown_on_each_day_and_not_free():
    resource = berlin_resource()
    facility_wide = Closure.objects.create(
        facility=resource.facility,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=at(MONDAY, 16),
        ends_at=at(MONDAY + datetime.timedelta(days=2), 10),
        reason="Air handling",
    )
    Closure.objects.create(
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.BLACKOUT,
        starts_at=at(MONDAY + datetime.timedelta(days=3), 12),
        ends_at=at(MONDAY + datetime.timedelta(days=3), 13),
    )
    # Another resource's closure in the same facility does not close this one.
    Closure.objects.create(
        facility=resource.facility,
        resource=ResourceFactory(facility=resource.facility),
        starts_at=at(MONDAY + datetime.timedelta(days=4), 8),
        ends_at=at(MONDAY + datetime.timedelta(days=4), 20),
    )
    week = queries.resource_week(resource, week_start=MONDAY, viewer=None, now=NOW)
    closures = [
        (f"{e.starts_at:%a %H:%M}", f"{e.ends_at:%a %H:%M}", e.label, e.status)
        for day in week
        for e in day.entries
    ]
    assert closures == [
        ("Mon 16:00", "Tue 00:00", "Maintenance: Air handling", "maintenance"),
        ("Tue 00:00", "Wed 00:00", "Maintenance: Air handling", "maintenance"),
        ("Wed 00:00", "Wed 10:00", "Maintenance: Air handling", "maintenance"),
        ("Thu 12:00", "Thu 13:00", "Closed", "blackout"),
    ]
    assert {day.entries[0].whole_starts_at for day in week[:3]} == {facility_wide.starts_at}
    assert week[3].entries[0].whole_starts_at is None
    assert [spans(day.free) for day in week[:5]] == [
        [("2030-03-25 08:00", "2030-03-25 16:00")],
        [],
        [("2030-03-27 10:00", "2030-03-27 20:00")],
        [("2030-03-28 08:00", "2030-03-28 12:00"), ("2030-03-28 13:00", "2030-03-28 20:00")],
        [("2030-03-29 08:00", "2030-03-29 20:00")],
    ]


def test_resource_closed_on_weekends_has_no_hours_or_free_time():
    resource = berlin_resource(open_weekdays=[0, 1, 2, 3, 4])
    week = queries.resource_week(resource, week_start=MONDAY, viewer=None, now=NOW)
    assert [day.is_open for day in week] == [True] * 5 + [False] * 2
    assert [len(day.free) for day in week] == [1] * 5 + [0, 0]


def test_capacity_left_is_free_and_a_full_time_is_not():
    desks = berlin_resource(capacity=2, kind=Resource.Kind.DESK)
    BookingFactory(resource=desks, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 12))
    BookingFactory(resource=desks, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 11))
    BookingFactory(resource=desks, starts_at=at(MONDAY, 11), ends_at=at(MONDAY, 13))
    free = queries.free_intervals(desks, at(MONDAY, 0), at(MONDAY, 23))
    # Two overlap 10–11 and 11–12; 9–10 and 12–13 have one place left.
    assert spans(free) == [
        ("2030-03-25 08:00", "2030-03-25 10:00"),
        ("2030-03-25 12:00", "2030-03-25 20:00"),
    ]
    [day] = queries.resource_week(desks, week_start=MONDAY, viewer=None, days=1, now=NOW)
    assert len(day.entries) == 3
    assert day.free == free


def test_open_offer_holds_time_and_an_expired_one_does_not():
    resource = berlin_resource()
    waiting, other = PersonFactory(first_name="Wanda", last_name="Weiss"), PersonFactory()
    WaitingEntry.objects.create(
        resource=resource,
        person=waiting,
        starts_at=at(MONDAY, 10),
        ends_at=at(MONDAY, 11),
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at=NOW + 2 * H,
    )
    WaitingEntry.objects.create(
        resource=resource,
        person=other,
        starts_at=at(MONDAY, 14),
        ends_at=at(MONDAY, 15),
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at=NOW - H,
    )
    free = queries.free_intervals(resource, at(MONDAY, 0), at(MONDAY, 23), now=NOW)
    assert spans(free) == [
        ("2030-03-25 08:00", "2030-03-25 10:00"),
        ("2030-03-25 11:00", "2030-03-25 20:00"),
    ]

    def labels(viewer):
        day = queries.resource_week(resource, week_start=MONDAY, viewer=viewer, days=1, now=NOW)
        return [(e.kind, e.label) for e in day[0].entries]

    assert labels(waiting) == [("offer", "Offered to you")]
    assert labels(None) == [("offer", "Held for the waiting list")]
    assert labels(facility_manager(resource.facility)) == [("offer", "Offered to Wanda Weiss")]


def test_linked_resource_taken_or_closed_blocks_and_is_shown():
    microscope = berlin_resource(name="Microscope")
    room = berlin_resource(name="Clean room", facility=microscope.facility)
    microscope.linked_resources.add(room)
    # Booked together: one entry on the microscope, not twice.
    main = BookingFactory(resource=microscope, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 9))
    BookingFactory(
        resource=room,
        person=main.person,
        linked_to=main,
        starts_at=main.starts_at,
        ends_at=main.ends_at,
    )
    # The room alone, by someone else.
    BookingFactory(resource=room, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 12))
    Closure.objects.create(
        facility=room.facility,
        resource=room,
        starts_at=at(MONDAY, 15),
        ends_at=at(MONDAY, 16),
        reason="Filters",
    )
    [day] = queries.resource_week(microscope, week_start=MONDAY, viewer=None, days=1, now=NOW)
    assert [(f"{e.starts_at:%H:%M}", e.kind, e.label) for e in day.entries] == [
        ("08:00", "booking", "Booked"),
        ("10:00", "booking", "Clean room (booked with it) is taken"),
        ("15:00", "closure", "Clean room · Maintenance: Filters"),
    ]
    assert spans(day.free) == [
        ("2030-03-25 09:00", "2030-03-25 10:00"),
        ("2030-03-25 12:00", "2030-03-25 15:00"),
        ("2030-03-25 16:00", "2030-03-25 20:00"),
    ]


def test_out_of_service_resource_shows_bookings_but_no_free_time():
    resource = berlin_resource(status=Resource.Status.OUT_OF_SERVICE)
    BookingFactory(resource=resource, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10))
    [day] = queries.resource_week(resource, week_start=MONDAY, viewer=None, days=1, now=NOW)
    assert (len(day.entries), day.free) == (1, [])
    assert queries.free_intervals(resource, at(MONDAY, 0), at(MONDAY, 23)) == []


def test_dst_days_in_berlin_have_their_real_length():
    resource = berlin_resource(opens_at=datetime.time(0), closes_at=datetime.time(0))
    spring = queries.free_intervals(
        resource, at(SPRING_FORWARD, 0), at(SPRING_FORWARD + datetime.timedelta(days=1), 0)
    )
    autumn = queries.free_intervals(
        resource, at(FALL_BACK, 0), at(FALL_BACK + datetime.timedelta(days=1), 0)
    )
    assert (hours(spring), hours(autumn)) == ([23.0], [25.0])
    week = queries.resource_week(
        resource, week_start=SPRING_FORWARD - datetime.timedelta(days=6), viewer=None, now=NOW
    )
    sunday = week[-1]
    assert sunday.date == SPRING_FORWARD
    assert (elapsed(sunday.opens_at, sunday.closes_at), hours(sunday.free)) == (
        datetime.timedelta(hours=23),
        [23.0],
    )
    # A booking across the change: 01:00 CET to 04:00 CEST is two hours.
    BookingFactory(
        resource=resource, starts_at=at(SPRING_FORWARD, 1), ends_at=at(SPRING_FORWARD, 4)
    )
    free = queries.free_intervals(
        resource, at(SPRING_FORWARD, 0), at(SPRING_FORWARD + datetime.timedelta(days=1), 0)
    )
    assert spans(free) == [
        ("2030-03-31 00:00", "2030-03-31 01:00"),
        ("2030-03-31 04:00", "2030-04-01 00:00"),
    ]
    assert hours(free) == [1.0, 20.0]


def test_person_week_lists_their_bookings_across_resources():
    person = PersonFactory()
    baku_lab = ResourceFactory(name="Baku printer")
    berlin_lab = berlin_resource(name="Berlin oven")
    BookingFactory(
        resource=baku_lab,
        person=person,
        starts_at=at(MONDAY, 10, zone=BAKU),
        ends_at=at(MONDAY, 11, zone=BAKU),
    )
    BookingFactory(
        resource=berlin_lab,
        person=person,
        starts_at=at(MONDAY + datetime.timedelta(days=1), 9),
        ends_at=at(MONDAY + datetime.timedelta(days=1), 10),
        status=Booking.Status.PENDING,
    )
    BookingFactory(
        resource=berlin_lab,
        person=person,
        starts_at=at(MONDAY, 15),
        ends_at=at(MONDAY, 16),
        status=Booking.Status.CANCELLED,
    )
    BookingFactory(resource=berlin_lab, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10))
    week = queries.person_week(person, week_start=MONDAY, zone=BERLIN, now=NOW)
    entries = [
        (f"{e.starts_at:%a %H:%M}", e.kind, e.label, e.status) for day in week for e in day.entries
    ]
    assert entries == [
        ("Mon 07:00", "mine", "Baku printer", "approved"),
        ("Tue 09:00", "mine", "Berlin oven", "pending"),
    ]
    assert all(day.opens_at is None and day.free == [] for day in week)


# --- constant queries -----------------------------------------------------------------------
def _fresh(resource) -> Resource:
    """The resource as a page reads it for each request."""
    return Resource.objects.select_related("facility__park").get(pk=resource.pk)


def _week_queries(resource, viewer) -> int:
    resource = _fresh(resource)
    with CaptureQueriesContext(connection) as captured:
        queries.resource_week(resource, week_start=MONDAY, viewer=viewer, now=NOW)
    return len(captured)


def _history(resource, weeks: int, per_day: int) -> None:
    people = [PersonFactory() for _ in range(3)]
    rows = []
    for week in range(weeks):
        for day in range(5):
            date = MONDAY - datetime.timedelta(weeks=week + 1) + datetime.timedelta(days=day)
            for n in range(per_day):
                rows.append(
                    Booking(
                        resource=resource,
                        person=people[n % 3],
                        starts_at=at(date, 8 + n),
                        ends_at=at(date, 9 + n),
                    )
                )
    Booking.objects.bulk_create(rows)


@pytest.mark.parametrize("as_manager", [False, True])
def test_week_calendar_queries_do_not_grow_with_history(django_assert_num_queries, as_manager):
    resource = berlin_resource()
    resource.linked_resources.add(berlin_resource(facility=resource.facility))
    viewer = facility_manager(resource.facility) if as_manager else PersonFactory()
    BookingFactory(resource=resource, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 10))
    baseline = _week_queries(resource, viewer)
    _history(resource, weeks=40, per_day=8)  # 1,600 bookings before the week
    for day in range(5):  # and the week full of them, some the viewer's own
        date = MONDAY + datetime.timedelta(days=day)
        for hour in range(8, 20):
            BookingFactory(
                resource=resource,
                person=viewer if hour % 4 == 0 else PersonFactory(),
                starts_at=at(date, hour),
                ends_at=at(date, hour, 59),
                purpose="Measurements",
            )
    WaitingEntry.objects.create(
        resource=resource,
        person=viewer,
        starts_at=at(MONDAY, 20),
        ends_at=at(MONDAY, 21),
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at=NOW + H,
    )
    Closure.objects.create(
        facility=resource.facility, starts_at=at(MONDAY, 20), ends_at=at(MONDAY, 22)
    )
    resource = _fresh(resource)
    with django_assert_num_queries(baseline):
        week = queries.resource_week(resource, week_start=MONDAY, viewer=viewer, now=NOW)
    kinds = [entry.kind for day in week for entry in day.entries]
    assert (kinds.count("mine"), len(kinds)) == (5 * 3, 5 * 12 + 1 + 1 + 1)
    assert {e.detail for day in week for e in day.entries if e.kind == "mine"} == {"Measurements"}
    assert Booking.objects.filter(resource=resource).count() == 1600 + 60 + 1


def test_find_a_time_queries_do_not_grow_with_history_or_resources():
    facility = FacilityFactory(park__time_zone="Europe/Berlin")
    resources = [berlin_resource(facility=facility) for _ in range(6)]
    search = {"duration": H, "earliest": at(MONDAY, 0), "latest": at(MONDAY, 23), "now": NOW}

    def count(items) -> int:
        # As the pages and the API pass them: a plain queryset.
        items = Resource.objects.filter(pk__in=[r.pk for r in items]).order_by("pk")
        with CaptureQueriesContext(connection) as captured:
            assert queries.find_a_time(items, **search)
        return len(captured)

    resources[0].linked_resources.add(berlin_resource(facility=facility))
    few = count(resources[:2])
    for resource in resources:
        _history(resource, weeks=10, per_day=4)
        BookingFactory(resource=resource, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 9))
    resources[3].linked_resources.add(berlin_resource(facility=facility))
    assert count(resources) == few


# --- find a time ---------------------------------------------------------------------------------
def test_find_a_time_where_all_are_free():
    first = berlin_resource()
    second = berlin_resource(facility=first.facility)
    BookingFactory(resource=first, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 9, 30))
    BookingFactory(resource=second, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 11))
    starts = queries.find_a_time(
        [first, second], duration=H, earliest=at(MONDAY, 0), latest=at(MONDAY, 14), now=NOW
    )
    assert [f"{s:%H:%M}" for s in starts] == ["11:00", "11:30", "12:00", "12:30", "13:00"]
    assert starts[0].tzinfo == BERLIN
    # Every start is really free on both.
    for start in starts:
        for resource in (first, second):
            assert any(
                a <= start and start + H <= b
                for a, b in queries.free_intervals(resource, at(MONDAY, 0), at(MONDAY, 23))
            )


def test_find_a_time_starts_a_free_time_off_the_grid_and_honours_step_and_limit():
    resource = berlin_resource()
    BookingFactory(resource=resource, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 9, 20))
    search = {"duration": H, "earliest": at(MONDAY, 0), "latest": at(MONDAY, 20), "now": NOW}
    starts = queries.find_a_time([resource], limit=3, **search)
    assert [f"{s:%H:%M}" for s in starts] == ["09:20", "09:30", "10:00"]
    starts = queries.find_a_time([resource], limit=4, step=2 * H, **search)
    assert [f"{s:%H:%M}" for s in starts] == ["09:20", "10:00", "12:00", "14:00"]


def test_find_a_time_skips_closures_weekends_and_full_times():
    desks = berlin_resource(capacity=2, open_weekdays=[0, 1, 2, 3, 4])
    lab = berlin_resource(facility=desks.facility)
    Closure.objects.create(  # the whole facility, Monday noon to Tuesday evening
        facility=desks.facility,
        kind=Closure.Kind.HOLIDAY,
        starts_at=at(MONDAY, 12),
        ends_at=at(MONDAY + datetime.timedelta(days=1), 18),
    )
    wednesday = MONDAY + datetime.timedelta(days=2)
    for _ in range(2):
        BookingFactory(resource=desks, starts_at=at(wednesday, 8), ends_at=at(wednesday, 20))
    thursday = MONDAY + datetime.timedelta(days=3)
    BookingFactory(resource=desks, starts_at=at(thursday, 8), ends_at=at(thursday, 20))
    starts = queries.find_a_time(
        [desks, lab],
        duration=4 * H,
        earliest=at(MONDAY, 0),
        latest=at(MONDAY + datetime.timedelta(days=7), 0),
        step=4 * H,
        limit=20,
        now=NOW,
    )
    assert [f"{s:%a %H:%M}" for s in starts] == [
        "Mon 08:00",
        # Tuesday 18–20 is too short; Wednesday both desks are taken; no weekend.
        "Thu 08:00",
        "Thu 12:00",
        "Thu 16:00",
        "Fri 08:00",
        "Fri 12:00",
        "Fri 16:00",
    ]


def test_find_a_time_aligns_to_every_resources_slots():
    thirty = berlin_resource(slot_minutes=30)
    forty_five = berlin_resource(slot_minutes=45, facility=thirty.facility)
    search = {"earliest": at(MONDAY, 0), "latest": at(MONDAY, 14), "now": NOW}
    starts = queries.find_a_time(
        [thirty, forty_five], duration=datetime.timedelta(minutes=90), **search
    )
    assert [f"{s:%H:%M}" for s in starts] == ["08:00", "09:30", "11:00", "12:30"]
    # A length that is not a whole number of some resource's slots gives nothing.
    assert queries.find_a_time([thirty, forty_five], duration=H, **search) == []
    # Slots count from the opening time, after a booking too.
    BookingFactory(resource=thirty, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 9))
    starts = queries.find_a_time([thirty], duration=H, limit=3, **search)
    assert [f"{s:%H:%M}" for s in starts] == ["09:00", "09:30", "10:00"]


def test_find_a_time_on_dst_day_counts_slots_in_real_time():
    resource = berlin_resource(
        slot_minutes=60, opens_at=datetime.time(0), closes_at=datetime.time(0), max_days_ahead=60
    )
    starts = queries.find_a_time(
        [resource],
        duration=H,
        earliest=at(SPRING_FORWARD, 0),
        latest=at(SPRING_FORWARD + datetime.timedelta(days=1), 0),
        limit=50,
        now=NOW,
    )
    assert len(starts) == 23
    assert [f"{s:%H:%M}" for s in starts[:4]] == ["00:00", "01:00", "03:00", "04:00"]
    assert [s.utcoffset() for s in starts[1:3]] == [H, 2 * H]


def test_find_a_time_respects_notice_days_ahead_and_length_rules():
    resource = berlin_resource(
        min_notice_minutes=24 * 60, max_days_ahead=3, min_minutes=60, max_minutes=120
    )
    search = {"earliest": NOW, "latest": NOW + 10 * 24 * H, "limit": 100, "now": NOW}
    starts = queries.find_a_time([resource], duration=H, **search)
    assert starts[0] == at(datetime.date(2030, 3, 23), 12)
    assert starts[-1] <= NOW + datetime.timedelta(days=3)
    assert queries.find_a_time([resource], duration=3 * H, **search) == []
    assert queries.find_a_time([resource], duration=datetime.timedelta(minutes=30), **search) == []
    unchecked = queries.find_a_time([resource], duration=3 * H, check_rules=False, **search)
    assert unchecked[0] == at(datetime.date(2030, 3, 22), 12)


def test_find_a_time_never_raises_and_never_proposes_the_past():
    resource = berlin_resource(status=Resource.Status.OUT_OF_SERVICE)
    other = berlin_resource()
    assert (
        queries.find_a_time(
            [resource, other], duration=H, earliest=NOW, latest=NOW + 9 * H, now=NOW
        )
        == []
    )
    assert queries.find_a_time([other], duration=H, earliest=NOW, latest=NOW - H, now=NOW) == []
    assert queries.find_a_time([], duration=H, earliest=NOW, latest=NOW + 9 * H, now=NOW) == []
    assert (
        queries.find_a_time([other], duration=-H, earliest=NOW, latest=NOW + 9 * H, now=NOW) == []
    )
    starts = queries.find_a_time(
        [other], duration=H, earliest=NOW - 48 * H, latest=NOW + 3 * H, now=NOW
    )
    assert [f"{s:%d %H:%M}" for s in starts] == [
        "22 12:00",
        "22 12:30",
        "22 13:00",
        "22 13:30",
        "22 14:00",
    ]


def test_find_a_time_with_open_offer_and_linked_resource():
    microscope = berlin_resource()
    room = berlin_resource(facility=microscope.facility)
    microscope.linked_resources.add(room)
    BookingFactory(resource=room, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 10))
    WaitingEntry.objects.create(
        resource=microscope,
        person=PersonFactory(),
        starts_at=at(MONDAY, 10),
        ends_at=at(MONDAY, 11),
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at=NOW + H,
    )
    starts = queries.find_a_time(
        [microscope], duration=H, earliest=at(MONDAY, 0), latest=at(MONDAY, 13), now=NOW
    )
    assert [f"{s:%H:%M}" for s in starts] == ["11:00", "11:30", "12:00"]


# --- lists -----------------------------------------------------------------------------------
def test_lists_of_bookings_waiting_and_approvals():
    person = PersonFactory()
    resource = ResourceFactory()
    soon = BookingFactory(resource=resource, person=person, starts_at=future(1, 9))
    later = BookingFactory(
        resource=resource, person=person, starts_at=future(3, 9), status=Booking.Status.PENDING
    )
    cancelled = BookingFactory(
        resource=resource, person=person, starts_at=future(2, 9), status=Booking.Status.CANCELLED
    )
    done = BookingFactory(resource=resource, person=person, starts_at=future(-2, 9))
    linked = BookingFactory(
        resource=ResourceFactory(facility=resource.facility),
        person=person,
        linked_to=soon,
        starts_at=soon.starts_at,
    )
    BookingFactory(resource=resource, starts_at=future(4, 9), status=Booking.Status.PENDING)
    assert list(queries.upcoming_bookings(person)) == [soon, later]
    assert list(queries.upcoming_bookings(person)[0].linked_bookings.all()) == [linked]
    assert list(queries.past_bookings(person)) == [cancelled, done]
    pending = queries.pending_approvals(resource.facility)
    assert [b.starts_at for b in pending] == [future(3, 9), future(4, 9)]
    assert list(queries.pending_approvals(FacilityFactory())) == []
    waiting = WaitingEntry.objects.create(
        resource=resource, person=person, starts_at=future(1, 9), ends_at=future(1, 10)
    )
    WaitingEntry.objects.create(
        resource=resource,
        person=person,
        starts_at=future(1, 11),
        ends_at=future(1, 12),
        status=WaitingEntry.Status.CANCELLED,
    )
    WaitingEntry.objects.create(
        resource=resource, person=person, starts_at=future(-1, 9), ends_at=future(-1, 10)
    )
    assert list(queries.waiting_entries(person)) == [waiting]
