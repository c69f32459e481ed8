"""Calendar files of bookings (parsed back with the icalendar library; recurrences expanded
with dateutil): a weekly booking is one recurring event with its exceptions, in the park's
time zone across daylight-saving changes; a resource's file hides who booked from all but
its managers and shows closures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar

from korpu.facilities import calendars, services
from korpu.facilities.models import Booking, Closure
from tests.factories import PersonFactory

from .factories import BookingFactory, FacilityFactory, ResourceFactory, facility_manager

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
H = datetime.timedelta(hours=1)
WEEK = datetime.timedelta(weeks=1)


def at(day: datetime.date, hour: int, zone=BERLIN) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), zone)


def soon(days: int = 2) -> datetime.date:
    return timezone.localtime(timezone.now(), BERLIN).date() + datetime.timedelta(days=days)


@pytest.fixture
def resource():
    facility = FacilityFactory(
        name="Photonics lab",
        park__name="Berlin Adlershof",
        park__time_zone="Europe/Berlin",
        park__country="DE",
        park__city="Berlin",
    )
    return ResourceFactory(facility=facility, name="Laser cutter", max_days_ahead=400)


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def expand(vevent) -> list[datetime.datetime]:
    """The starts a calendar client shows for an event (RRULE minus EXDATE)."""
    start = vevent.decoded("DTSTART")
    if "RRULE" not in vevent:
        return [start]
    rule = rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start)
    excluded = set(exdates(vevent))
    return [moment for moment in rule if moment not in excluded]


def exdates(vevent) -> list[datetime.datetime]:
    values = vevent.get("EXDATE", [])
    values = values if isinstance(values, list) else [values]
    return [item.dt for value in values for item in value.dts]


def test_weekly_booking_is_one_recurring_event_with_skipped_and_cancelled_weeks(resource):
    person = PersonFactory(first_name="Leyla")
    first = soon(2)
    until = first + 51 * WEEK  # a year: across both daylight-saving changes
    # Week 3 is taken by someone else, so it is skipped; week 5 is cancelled later.
    BookingFactory(
        resource=resource, starts_at=at(first + 3 * WEEK, 10), ends_at=at(first + 3 * WEEK, 11)
    )
    result = services.book_weekly(
        actor=person,
        resource=resource,
        starts_at=at(first, 10),
        ends_at=at(first, 11),
        until=until,
        purpose="Cutting masks",
    )
    assert [item["starts_at"] for item in result.skipped] == [at(first + 3 * WEEK, 10)]
    cancelled = next(b for b in result.bookings if b.starts_at == at(first + 5 * WEEK, 10))
    services.cancel(actor=person, booking=cancelled)

    calendar = parse(calendars.person_calendar(person))
    [vevent] = calendar.events
    assert str(vevent["UID"]) == f"facility-series-{result.series.pk}@korpu"
    assert (str(vevent["SUMMARY"]), str(vevent["STATUS"])) == ("Laser cutter", "CONFIRMED")
    assert "Cutting masks" in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "Laser cutter, Photonics lab, Berlin Adlershof"
    start = vevent.decoded("DTSTART")
    assert (start, vevent["DTSTART"].params["TZID"]) == (at(first, 10), "Europe/Berlin")
    assert vevent.decoded("DTEND") - start == H
    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["UNTIL"] == [at(until, 10).astimezone(datetime.UTC)]
    assert exdates(vevent) == [at(first + 3 * WEEK, 10), at(first + 5 * WEEK, 10)]
    assert vevent["EXDATE"].params["TZID"] == "Europe/Berlin"
    # What a client shows is exactly what is booked: 50 weeks at 10:00 Berlin time,
    # in winter (UTC+1) and in summer (UTC+2).
    holding = Booking.objects.filter(series=result.series, status__in=Booking.HOLDING)
    shown = expand(vevent)
    assert shown == sorted(booking.starts_at for booking in holding)
    assert len(shown) == 50
    assert {moment.astimezone(BERLIN).hour for moment in shown} == {10}
    assert {moment.astimezone(BERLIN).utcoffset() for moment in shown} == {H, 2 * H}
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_series_starts_at_its_first_booked_week_and_ends_at_its_last(resource):
    person = PersonFactory()
    first = soon(2)
    for week in (0, 4):  # the first and the last weeks are taken
        BookingFactory(
            resource=resource,
            starts_at=at(first + week * WEEK, 9),
            ends_at=at(first + week * WEEK, 10),
        )
    result = services.book_weekly(
        actor=person,
        resource=resource,
        starts_at=at(first, 9),
        ends_at=at(first, 10),
        until=first + 4 * WEEK,
    )
    assert len(result.skipped) == 2
    [vevent] = parse(calendars.person_calendar(person)).events
    assert vevent.decoded("DTSTART") == at(first + WEEK, 9)
    assert vevent["RRULE"]["UNTIL"] == [at(first + 3 * WEEK, 9).astimezone(datetime.UTC)]
    assert "EXDATE" not in vevent
    assert expand(vevent) == [at(first + n * WEEK, 9) for n in (1, 2, 3)]


def test_occurrences_awaiting_approval_are_overrides_of_the_confirmed_series(resource):
    resource.requires_approval = True
    resource.save()
    person, manager = PersonFactory(), facility_manager(resource.facility)
    first = soon(3)
    result = services.book_weekly(
        actor=person,
        resource=resource,
        starts_at=at(first, 14),
        ends_at=at(first, 16),
        until=first + 3 * WEEK,
    )
    for booking in result.bookings[:3]:
        services.decide(actor=manager, booking=booking, approve=True)
    calendar = parse(calendars.person_calendar(person))
    master, override = calendar.events
    assert str(master["STATUS"]) == "CONFIRMED"
    assert (str(override["UID"]), str(override["STATUS"])) == (str(master["UID"]), "TENTATIVE")
    assert override.decoded("RECURRENCE-ID") == at(first + 3 * WEEK, 14)
    assert override["RECURRENCE-ID"].params["TZID"] == "Europe/Berlin"
    assert expand(master) == [at(first + n * WEEK, 14) for n in range(4)]


def test_person_calendar_single_bookings_linked_resources_and_nothing_released(resource):
    person = PersonFactory()
    room = ResourceFactory(facility=resource.facility, name="Clean room")
    resource.linked_resources.add(room)
    booking = services.book(
        actor=person, resource=resource, starts_at=at(soon(2), 8), ends_at=at(soon(2), 10)
    )
    gone = services.book(
        actor=person, resource=resource, starts_at=at(soon(3), 8), ends_at=at(soon(3), 10)
    )
    services.cancel(actor=person, booking=gone)
    # A whole series cancelled leaves nothing either.
    series = services.book_weekly(
        actor=person,
        resource=room,
        starts_at=at(soon(4), 12),
        ends_at=at(soon(4), 13),
        until=soon(4) + WEEK,
    )
    for item in series.bookings:
        services.cancel(actor=person, booking=item)
    [vevent] = parse(calendars.person_calendar(person)).events
    assert str(vevent["UID"]) == f"facility-booking-{booking.pk}@korpu"
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (at(soon(2), 8), at(soon(2), 10))
    assert "RRULE" not in vevent
    assert "Booked together with: Clean room" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]).endswith(f"/labs/resources/{resource.slug}/")


def test_resource_calendar_names_who_booked_only_to_managers_and_the_person(resource):
    owner = PersonFactory(first_name="Kamran", last_name="Quliyev")
    first = soon(2)
    single = services.book(
        actor=owner,
        resource=resource,
        starts_at=at(first, 9),
        ends_at=at(first, 10),
        purpose="Secret prototype",
    )
    weekly = services.book_weekly(
        actor=owner,
        resource=resource,
        starts_at=at(first, 15),
        ends_at=at(first, 16),
        until=first + 2 * WEEK,
    )

    def entries(viewer):
        calendar = parse(calendars.resource_calendar(resource, viewer))
        return sorted(
            (str(e["UID"]), str(e["SUMMARY"]), str(e.get("DESCRIPTION", "")))
            for e in calendar.events
        )

    booking_uid = f"facility-booking-{single.pk}@korpu"
    series_uid = f"facility-series-{weekly.series.pk}@korpu"
    assert entries(PersonFactory()) == [(booking_uid, "Booked", ""), (series_uid, "Booked", "")]
    assert entries(None) == entries(PersonFactory())
    manager_view = entries(facility_manager(resource.facility))
    assert [summary for _uid, summary, _text in manager_view] == ["Kamran Quliyev"] * 2
    assert "Secret prototype" in manager_view[0][2]
    assert [summary for _uid, summary, _text in entries(owner)] == ["Your booking"] * 2
    [series] = [
        e for e in parse(calendars.resource_calendar(resource, None)).events if "RRULE" in e
    ]
    assert expand(series) == [at(first + n * WEEK, 15) for n in range(3)]


def test_resource_calendar_shows_closures_of_the_resource_and_its_facility(resource):
    other = ResourceFactory(facility=resource.facility)
    first = soon(5)
    own = Closure.objects.create(
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=at(first, 8),
        ends_at=at(first + datetime.timedelta(days=2), 12),
        reason="Laser alignment",
    )
    whole = Closure.objects.create(
        facility=resource.facility,
        kind=Closure.Kind.HOLIDAY,
        starts_at=at(first + WEEK, 0),
        ends_at=at(first + WEEK + datetime.timedelta(days=1), 0),
    )
    Closure.objects.create(
        facility=resource.facility, resource=other, starts_at=at(first, 8), ends_at=at(first, 9)
    )
    calendar = parse(calendars.resource_calendar(resource, None))
    closures = [
        (str(e["UID"]), str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND"))
        for e in calendar.events
    ]
    assert closures == [
        (
            f"facility-closure-{own.pk}@korpu",
            "Maintenance (Laser alignment)",
            own.starts_at,
            own.ends_at,
        ),
        (
            f"facility-closure-{whole.pk}@korpu",
            "Holiday: the whole facility",
            whole.starts_at,
            whole.ends_at,
        ),
    ]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Berlin" for e in calendar.events)


def test_resource_calendar_leaves_out_old_history(resource):
    old = BookingFactory(
        resource=resource,
        starts_at=timezone.now() - calendars.RESOURCE_HISTORY - 2 * H,
        ends_at=timezone.now() - calendars.RESOURCE_HISTORY - H,
    )
    recent = BookingFactory(
        resource=resource, starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H
    )
    uids = [str(e["UID"]) for e in parse(calendars.resource_calendar(resource, None)).events]
    assert uids == [f"facility-booking-{recent.pk}@korpu"]
    assert old.pk != recent.pk
