"""The labs pages: who may open them (visitors on a public facility, signed-in people,
the facility's managers; 404 for what one may not see, 403 for a manager's page seen by
someone else), the resource page with its rules, week calendar and booking form, booking
once and weekly (refusals shown with nothing changed, the training to take, the waiting
list, skipped weeks), find-a-time, my bookings (cancel, check in and out, offers), the
calendar files, and the managers' approvals, closures, incidents, resource status and
qualifications. Bad input (garbage dates, other people's bookings, unknown addresses)
never gives a 500."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from korpu.directory.models import QualificationGrant
from korpu.facilities import services
from korpu.facilities.models import (
    Booking,
    BookingSeries,
    Closure,
    Incident,
    Resource,
    WaitingEntry,
)
from korpu.facilities.views.common import feed_token
from tests import factories as directory
from tests.events.factories import EventFactory
from tests.facilities.factories import (
    BookingFactory,
    FacilityFactory,
    QualificationFactory,
    QualificationGrantFactory,
    ResourceFactory,
    facility_manager,
    future,
)

pytestmark = pytest.mark.django_db
BAKU = ZoneInfo("Asia/Baku")
HOUR = datetime.timedelta(hours=1)


def url(name, *args):
    return reverse(f"facilities:{name}", args=args)


def text_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def followed_messages(client, response) -> list[str]:
    """The messages shown on the page a redirect leads to."""
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


@pytest.fixture
def resource():
    return ResourceFactory(
        name="Laser cutter",
        facility__name="Prototyping workshop",
        description="A 100 W CO2 laser cutter.",
        price_resident=10,
        price_external=25,
    )


@pytest.fixture
def company():
    return directory.OrganisationFactory(name="Anar Robotics", country="AZ")


@pytest.fixture
def member(company):
    person = directory.PersonFactory(first_name="Leyla", last_name="Hüseynova")
    directory.MembershipFactory(person=person, organisation=company)
    return person


@pytest.fixture
def manager(resource):
    return facility_manager(resource.facility)


def book_data(start, end=None, **extra) -> dict:
    """The booking form's fields for a local time (Asia/Baku)."""
    end = end or start + HOUR
    start, end = start.astimezone(BAKU), end.astimezone(BAKU)
    data = {
        "date": start.date().isoformat(),
        "starts": start.strftime("%H:%M"),
        "ends": end.strftime("%H:%M"),
        "repeat": "once",
        "skip_conflicts": "on",
        "purpose": "Cutting prototypes",
    }
    data.update(extra)
    return data


# --- the list and the facility page ---------------------------------------------------------------
def test_the_list_shows_public_resources_to_visitors_and_hides_private_facilities(client, resource):
    hidden = ResourceFactory(name="Clean bench", facility__is_public=False)
    response = client.get(url("index"))
    assert response.status_code == 200
    body = text_of(response)
    assert "Laser cutter" in body and "Prototyping workshop" in body
    assert "Clean bench" not in body
    assert "10.00 AZN" in body and "25.00 AZN" in body  # price by category

    client.force_login(directory.PersonFactory())
    assert "Clean bench" in text_of(client.get(url("index")))
    assert client.get(url("facility", hidden.facility.slug)).status_code == 200


def test_the_list_filters_by_text_kind_and_park_and_ignores_garbage(client, resource):
    room = ResourceFactory(name="Meeting room A", kind=Resource.Kind.MEETING_ROOM)
    body = text_of(client.get(url("index"), {"q": "laser"}))
    assert "Laser cutter" in body and "Meeting room A" not in body
    body = text_of(client.get(url("index"), {"kind": "meeting_room"}))
    assert "Meeting room A" in body and "Laser cutter" not in body
    body = text_of(client.get(url("index"), {"park": room.facility.park.slug}))
    assert "Meeting room A" in body and "Laser cutter" not in body
    response = client.get(url("index"), {"park": "no-such-park", "kind": "rocket", "page": "x"})
    assert response.status_code == 200
    assert "Laser cutter" in text_of(response) and "Meeting room A" in text_of(response)


def test_the_list_answers_htmx_with_the_results_only(client, resource):
    response = client.get(url("index"), {"q": "laser"}, headers={"HX-Request": "true"})
    body = text_of(response)
    assert response.status_code == 200
    assert 'id="results"' in body and "<html" not in body and "Laser cutter" in body


def test_the_facility_page_for_visitors_members_and_managers(client, resource, manager):
    facility = resource.facility
    response = client.get(url("facility", facility.slug))
    assert response.status_code == 200
    body = text_of(response)
    assert "Laser cutter" in body
    assert url("approvals", facility.slug) not in body  # no managers' tabs for a visitor

    client.force_login(manager)
    body = text_of(client.get(url("facility", facility.slug)))
    for name in ("approvals", "closures", "incidents", "qualifications", "manage_resources"):
        assert url(name, facility.slug) in body


def test_unknown_and_private_addresses_answer_404(client, resource):
    private = FacilityFactory(is_public=False)
    assert client.get(url("facility", "no-such-lab")).status_code == 404
    assert client.get(url("resource", "no-such-thing")).status_code == 404
    assert client.get(url("facility", private.slug)).status_code == 404
    hidden = ResourceFactory(facility=private)
    assert client.get(url("resource", hidden.slug)).status_code == 404
    assert client.get(url("resource_ics", hidden.slug)).status_code == 404
    retired = ResourceFactory(status=Resource.Status.RETIRED)
    assert client.get(url("resource", retired.slug)).status_code == 404
    client.force_login(facility_manager(retired.facility))
    assert client.get(url("resource", retired.slug)).status_code == 200


# --- the resource page -------------------------------------------------------------------------
def test_a_visitor_sees_details_rules_prices_and_the_calendar_but_no_form(client, resource):
    resource.min_notice_minutes = 120
    resource.max_hours_per_week_person = 6
    resource.requires_approval = True
    resource.save()
    response = client.get(url("resource", resource.slug))
    assert response.status_code == 200
    body = text_of(response)
    assert "A 100 W CO2 laser cutter." in body
    assert services.opening_hours_text(resource) in body
    assert "Book at least 2 hours ahead." in body
    assert "At most 6 hours a week per person." in body
    assert "The facility managers approve each booking." in body
    assert 'data-testid="booking-form"' not in body
    assert "Sign in to book" in body
    assert len(response.context["columns"]) == 7
    # Free times send a visitor to sign in first, then back to the proposed time.
    free = re.findall(r'<a class="cal-item cal-free" href="([^"]+)"', body)
    assert free and all(link.startswith(reverse("account_login")) for link in free)


def test_the_calendar_shows_bookings_closures_and_mine_and_names_people_only_to_managers(
    client, resource, member, manager
):
    other = directory.PersonFactory(first_name="Kamran", last_name="Əliyev")
    start = future(2, 10)
    monday = start.date() - datetime.timedelta(days=start.weekday())
    BookingFactory(resource=resource, person=other, starts_at=start, ends_at=start + HOUR)
    BookingFactory(
        resource=resource, person=member, starts_at=start + 2 * HOUR, ends_at=start + 3 * HOUR
    )
    Closure.objects.create(
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=start + 5 * HOUR,
        ends_at=start + 6 * HOUR,
        reason="Lens cleaning",
    )
    address = url("resource", resource.slug) + f"?week={monday.isoformat()}"
    client.force_login(member)
    body = text_of(client.get(address))
    kinds = re.findall(r'data-kind="(\w+)"', body)
    assert sorted(kinds) == ["booking", "closure", "mine"]
    assert "Lens cleaning" in body
    assert "Kamran" not in body

    client.force_login(manager)
    body = text_of(client.get(address))
    assert "Kamran" in body and "Hüseynova" in body


def test_the_resource_page_reads_as_many_queries_however_busy_the_week(
    client, resource, member, manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    day = future(2, 8)
    monday = day.date() - datetime.timedelta(days=day.weekday())
    address = url("resource", resource.slug) + f"?week={monday.isoformat()}"
    BookingFactory(resource=resource, starts_at=day, ends_at=day + HOUR)

    def count(person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    quiet = count(member), count(manager)
    for n in range(1, 12):
        start = day + datetime.timedelta(days=n % 5, hours=n % 10)
        BookingFactory(resource=resource, starts_at=start, ends_at=start + HOUR / 2)
    assert (count(member), count(manager)) == quiet


def test_week_navigation_garbage_and_htmx(client, resource, member):
    client.force_login(member)
    for week in ("garbage", "2024-02-30", "99999-01-01", ""):
        response = client.get(url("resource", resource.slug), {"week": week, "day": "nope"})
        assert response.status_code == 200
    response = client.get(
        url("resource", resource.slug),
        {"week": "2031-05-14"},
        headers={"HX-Request": "true", "HX-Target": "calendar"},
    )
    body = text_of(response)
    assert response.status_code == 200
    assert 'id="calendar"' in body and "<html" not in body and 'id="book"' not in body
    assert response.context["monday"] == datetime.date(2031, 5, 12)


def test_a_free_time_prefills_the_form(client, resource, member):
    client.force_login(member)
    start = future(3, 14)
    response = client.get(
        url("resource", resource.slug),
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + HOUR).strftime("%Y-%m-%dT%H:%M"),
        },
        headers={"HX-Request": "true", "HX-Target": "book"},
    )
    body = text_of(response)
    assert 'id="book"' in body and "<html" not in body
    form = response.context["form"]
    assert (form["date"].value(), form["starts"].value(), form["ends"].value()) == (
        start.date(),
        datetime.time(14, 0),
        datetime.time(15, 0),
    )
    # A garbage start is ignored, not an error.
    response = client.get(url("resource", resource.slug), {"start": "yesterday", "end": "x"})
    assert response.status_code == 200


def _day_items(response, day):
    (column,) = [c for c in response.context["columns"] if c.day.date == day]
    return [item for item in column.items if item.kind == "free"]


def test_free_times_follow_the_slots_and_book_as_proposed(client, member):
    resource = ResourceFactory(name="Oscilloscope", slot_minutes=60, min_minutes=60)
    day = future(3, 8)
    Closure.objects.create(
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=day,
        ends_at=day + datetime.timedelta(hours=2, minutes=15),
    )
    client.force_login(member)
    response = client.get(url("resource", resource.slug), {"day": day.date().isoformat()})
    free = _day_items(response, day.date())
    # Free from 10:15, but bookable from the 11:00 slot: one choice per slot until 20:00.
    assert [item.starts_at for item in free] == [day + n * HOUR for n in range(3, 12)]
    form = client.get(free[0].url).context["form"]
    data = {name: form[name].value() for name in ("date", "starts", "ends", "repeat")}
    response = client.post(url("resource", resource.slug), data)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (day + 3 * HOUR, day + 4 * HOUR)


def test_a_free_time_starting_at_an_odd_minute_is_proposed_from_the_next_quarter(
    client, resource, member
):
    day = future(3, 8)
    BookingFactory(
        resource=resource, starts_at=day, ends_at=day + datetime.timedelta(hours=2, minutes=20)
    )
    client.force_login(member)
    response = client.get(url("resource", resource.slug), {"day": day.date().isoformat()})
    (free,) = _day_items(response, day.date())
    assert free.starts_at == day + datetime.timedelta(hours=2, minutes=20)
    assert f"start={day.date().isoformat()}T10%3A30" in free.url
    assert f"end={day.date().isoformat()}T11%3A30" in free.url


def test_the_manual_is_for_signed_in_people_and_the_photo_for_anyone(
    client, resource, member, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    resource.manual.save("manual.pdf", ContentFile(b"%PDF-1.4 manual"), save=True)
    response = client.get(url("resource_manual", resource.slug))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert "Sign in to download the manual." in text_of(client.get(url("resource", resource.slug)))
    assert client.get(url("resource_photo", resource.slug)).status_code == 404  # none uploaded

    client.force_login(member)
    assert url("resource_manual", resource.slug) in text_of(
        client.get(url("resource", resource.slug))
    )
    response = client.get(url("resource_manual", resource.slug))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 manual"
    assert "attachment" in response["Content-Disposition"]


# --- booking --------------------------------------------------------------------------------------
def test_booking_once_charged_to_ones_company(client, resource, member, company):
    client.force_login(member)
    start = future(2, 10)
    response = client.post(
        url("resource", resource.slug), book_data(start, organisation=company.pk)
    )
    booking = Booking.objects.get(resource=resource)
    assert (booking.person, booking.organisation, booking.starts_at, booking.ends_at) == (
        member,
        company,
        start,
        start + HOUR,
    )
    assert booking.purpose == "Cutting prototypes"
    shown = followed_messages(client, response)
    assert len(shown) == 1 and shown[0].startswith("Booked: Laser cutter")


def test_anonymous_post_goes_to_sign_in_and_books_nothing(client, resource):
    response = client.post(url("resource", resource.slug), book_data(future(2, 10)))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2020-01-01", "starts": "10:00", "ends": "11:00"}, "already begun or passed"),
        ({"starts": "06:00", "ends": "07:00"}, "the booking must fit within them"),
        ({"starts": "10:00", "ends": "10:10"}, "lasts at least 30 minutes"),
        ({"starts": "11:00", "ends": "10:00"}, "The end must be after the start."),
        ({"date": "31/31/2031", "starts": "25:00", "ends": "xx"}, "Enter a valid date."),
        ({"date": "0001-01-01"}, "Choose a date between 2000 and 2999."),
        ({"repeat": "weekly", "until": "9999-12-31"}, "Choose a date between 2000 and 2999."),
    ],
)
def test_refusals_are_shown_on_the_form_and_nothing_is_booked(
    client, resource, member, data, message
):
    client.force_login(member)
    response = client.post(url("resource", resource.slug), {**book_data(future(2, 10)), **data})
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Booking.objects.exists()


def test_charging_someone_elses_company_is_refused(client, resource, member):
    stranger = directory.OrganisationFactory()
    client.force_login(member)
    response = client.post(
        url("resource", resource.slug), book_data(future(2, 10), organisation=stranger.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Booking.objects.exists()


def test_a_taken_time_offers_the_waiting_list(client, resource, member):
    start = future(2, 10)
    BookingFactory(resource=resource, starts_at=start, ends_at=start + HOUR)
    client.force_login(member)
    response = client.post(url("resource", resource.slug), book_data(start))
    body = text_of(response)
    assert response.status_code == 200
    assert "already booked at this time" in body
    assert response.context["refusal"]["code"] == "taken"
    assert 'data-testid="waiting-list-form"' in body
    assert Booking.objects.count() == 1

    response = client.post(url("join_waiting_list", resource.slug), book_data(start))
    assert response.status_code == 302
    entry = WaitingEntry.objects.get()
    assert (entry.person, entry.starts_at, entry.status) == (member, start, "waiting")
    # Twice is refused with a message, and changes nothing.
    response = client.post(url("join_waiting_list", resource.slug), book_data(start))
    assert any("already waiting" in m for m in followed_messages(client, response))
    assert WaitingEntry.objects.count() == 1


def test_the_waiting_list_refuses_a_free_time(client, resource, member):
    client.force_login(member)
    response = client.post(url("join_waiting_list", resource.slug), book_data(future(2, 10)))
    assert any("free: book it directly" in m for m in followed_messages(client, response))
    assert not WaitingEntry.objects.exists()


def test_a_missing_qualification_names_the_next_training(client, resource, member):
    qualification = QualificationFactory(name="Laser safety")
    resource.required_qualification = qualification
    resource.save()
    training = EventFactory(title="Laser safety course", grants_qualification=qualification)
    client.force_login(member)
    body = text_of(client.get(url("resource", resource.slug)))
    assert 'data-testid="qualification-needed"' in body and training.get_absolute_url() in body

    response = client.post(url("resource", resource.slug), book_data(future(2, 10)))
    body = text_of(response)
    assert response.context["refusal"]["code"] == "qualification"
    assert "Laser safety course" in body
    assert 'data-testid="training-link"' in body and training.get_absolute_url() in body
    assert not Booking.objects.exists()

    QualificationGrantFactory(person=member, qualification=qualification)
    response = client.post(url("resource", resource.slug), book_data(future(2, 10)))
    assert response.status_code == 302 and Booking.objects.count() == 1


def test_a_weekly_booking_reports_the_weeks_it_skipped(client, resource, member):
    start = future(2, 10)
    closed = start + datetime.timedelta(weeks=1)
    Closure.objects.create(
        facility=resource.facility,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=closed - HOUR,
        ends_at=closed + 2 * HOUR,
        reason="Annual service",
    )
    until = (start + datetime.timedelta(weeks=3)).date()
    client.force_login(member)
    response = client.post(
        url("resource", resource.slug),
        book_data(start, repeat="weekly", until=until.isoformat()),
    )
    series = BookingSeries.objects.get()
    assert response.status_code == 302 and f"series={series.pk}" in response["Location"]
    assert Booking.objects.filter(series=series).count() == 3
    page = client.get(response["Location"])
    body = text_of(page)
    assert page.context["series_report"]["booked"] == 3
    assert len(page.context["series_report"]["skipped"]) == 1
    assert "is closed then" in body and 'data-testid="skipped-week"' in body
    assert "3 weeks of Laser cutter are booked" in " ".join(
        str(m) for m in page.context["messages"]
    )
    # Someone else's series id shows nothing.
    client.force_login(directory.PersonFactory())
    page = client.get(response["Location"])
    assert page.context["series_report"] is None


def test_a_weekly_booking_without_skipping_books_nothing_when_a_week_is_taken(
    client, resource, member
):
    start = future(2, 10)
    BookingFactory(
        resource=resource,
        starts_at=start + datetime.timedelta(weeks=1),
        ends_at=start + datetime.timedelta(weeks=1) + HOUR,
    )
    client.force_login(member)
    data = book_data(start, repeat="weekly", until=(start + datetime.timedelta(weeks=2)).date())
    del data["skip_conflicts"]
    response = client.post(url("resource", resource.slug), data)
    assert response.status_code == 200
    assert "not available" in text_of(response)
    assert Booking.objects.filter(person=member).count() == 0
    assert not BookingSeries.objects.exists()
    assert response.context["refusal"]["may_wait"] is False


def test_a_weekly_booking_needs_its_last_week(client, resource, member):
    client.force_login(member)
    response = client.post(
        url("resource", resource.slug), book_data(future(2, 10), repeat="weekly")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
    assert not Booking.objects.exists()


def test_a_time_that_does_not_exist_on_a_dst_day_is_a_form_error(client, member):
    berlin = ResourceFactory(
        facility__park__time_zone="Europe/Berlin",
        opens_at=datetime.time(0, 0),
        closes_at=datetime.time(0, 0),
        max_days_ahead=400,
    )
    # The last Sunday of March: 02:00–03:00 does not exist in Berlin.
    year = timezone.now().year + 1
    day = max(
        datetime.date(year, 3, d) for d in range(25, 32) if datetime.date(year, 3, d).weekday() == 6
    )
    client.force_login(member)
    response = client.post(
        url("resource", berlin.slug),
        {"date": day.isoformat(), "starts": "02:30", "ends": "04:00", "repeat": "once"},
    )
    assert response.status_code == 200
    assert "does not exist or exists twice" in text_of(response)
    assert not Booking.objects.exists()


# --- find a time -------------------------------------------------------------------------------
def test_find_a_time_across_two_resources(client, resource, member):
    room = ResourceFactory(name="Assembly room", facility=resource.facility)
    day = future(3, 8)
    BookingFactory(resource=resource, starts_at=day, ends_at=day + 2 * HOUR)  # 08–10
    BookingFactory(resource=room, starts_at=day + 2 * HOUR, ends_at=day + 3 * HOUR)  # 10–11
    client.force_login(member)
    response = client.get(
        url("find_a_time"),
        {
            "resources": [resource.pk, room.pk],
            "duration": 60,
            "earliest": day.date().isoformat(),
            "latest": day.date().isoformat(),
        },
    )
    assert response.status_code == 200
    proposals = response.context["proposals"]
    assert [p.starts_at for p in proposals[:2]] == [day + 3 * HOUR, day + 3.5 * HOUR]
    body = text_of(response)
    links = dict(proposals[0].links)
    assert links[resource].startswith(resource.get_absolute_url() + "?")
    assert "start=" in links[resource] and links[room].startswith(room.get_absolute_url())
    assert "Book Laser cutter" in body and "Book Assembly room" in body


@pytest.mark.parametrize(
    "params",
    [
        {"resources": ["x"], "duration": "abc", "earliest": "garbage", "latest": "2020-13-45"},
        {"resources": [], "duration": 60, "earliest": "2031-01-10", "latest": "2031-01-01"},
        {"resources": ["999999"], "duration": 60, "earliest": "2031-01-01", "latest": "2031-12-31"},
        {"resources": ["9" * 30], "duration": 60, "earliest": "2031-01-01", "latest": "2031-01-02"},
        {"resources": ["1"], "duration": 60, "earliest": "0001-01-01", "latest": "0001-01-02"},
    ],
)
def test_find_a_time_with_bad_input_says_so(client, resource, params):
    response = client.get(url("find_a_time"), {**params, "earliest": params["earliest"]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["proposals"] is None


def test_find_a_time_preselects_resources_and_answers_htmx(client, resource):
    response = client.get(url("find_a_time"), {"resources": [resource.pk]})
    assert response.status_code == 200
    assert response.context["form"].initial["resources"] == [str(resource.pk)]
    day = future(3, 8).date().isoformat()
    response = client.get(
        url("find_a_time"),
        {"resources": [resource.pk], "duration": 60, "earliest": day, "latest": day},
        headers={"HX-Request": "true"},
    )
    body = text_of(response)
    assert 'id="proposals"' in body and "<html" not in body
    assert len(response.context["proposals"]) == 10


# --- my bookings --------------------------------------------------------------------------------
def test_my_bookings_needs_signing_in(client):
    response = client.get(url("my_bookings"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_my_bookings_lists_upcoming_past_waiting_and_my_week(client, resource, member):
    upcoming = services.book(
        actor=member, resource=resource, starts_at=future(2, 10), ends_at=future(2, 11)
    )
    past = BookingFactory(
        resource=resource,
        person=member,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10) + HOUR,
    )
    taken = future(4, 10)
    BookingFactory(resource=resource, starts_at=taken, ends_at=taken + HOUR)
    services.join_waiting_list(
        actor=member, resource=resource, starts_at=taken, ends_at=taken + HOUR
    )
    client.force_login(member)
    response = client.get(url("my_bookings"), {"week": upcoming.starts_at.date().isoformat()})
    assert response.status_code == 200
    assert [row.booking for row in response.context["upcoming"]] == [upcoming]
    assert list(response.context["past"].object_list) == [past]
    assert [e.starts_at for e in response.context["waiting"]] == [taken]
    entries = [e for day in response.context["week_days"] for e in day.entries]
    assert [(e.kind, e.label) for e in entries] == [("mine", "Laser cutter")]
    body = text_of(response)
    assert url("my_ics") in body and url("personal_feed", feed_token(member)) in body
    for week in ("garbage", "0000-00-00"):
        assert client.get(url("my_bookings"), {"week": week, "page": "x"}).status_code == 200


def test_cancelling_ones_booking_and_not_someone_elses(client, resource, member):
    mine = services.book(
        actor=member, resource=resource, starts_at=future(2, 10), ends_at=future(2, 11)
    )
    theirs = BookingFactory(resource=resource, starts_at=future(3, 10), ends_at=future(3, 11))
    client.force_login(member)
    response = client.post(url("cancel_booking", mine.pk), {"reason": "Plans changed"})
    assert any("is cancelled" in m for m in followed_messages(client, response))
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CANCELLED

    for name in ("cancel_booking", "check_in", "check_out"):
        assert client.post(url(name, theirs.pk)).status_code == 404
        assert client.post(url(name, "abc")).status_code == 404
        assert client.post(url(name, "99999999")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.APPROVED
    # Cancelling twice says why and changes nothing.
    response = client.post(url("cancel_booking", mine.pk))
    assert any("not active" in m for m in followed_messages(client, response))


def test_check_in_and_out_in_the_window(client, resource, member):
    soon = BookingFactory(
        resource=resource,
        person=member,
        starts_at=timezone.now() + datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(minutes=70),
    )
    later = BookingFactory(resource=resource, person=member, starts_at=future(3, 10))
    client.force_login(member)
    rows = {row.booking.pk: row for row in client.get(url("my_bookings")).context["upcoming"]}
    assert (rows[soon.pk].may_check_in, rows[later.pk].may_check_in) == (True, False)

    response = client.post(url("check_in", later.pk))
    assert any("Check-in opens" in m for m in followed_messages(client, response))
    later.refresh_from_db()
    assert later.checked_in_at is None

    client.post(url("check_in", soon.pk))
    soon.refresh_from_db()
    assert soon.checked_in_at is not None
    row = client.get(url("my_bookings")).context["upcoming"][0]
    assert (row.may_check_in, row.may_check_out) == (False, True)
    client.post(url("check_out", soon.pk))
    soon.refresh_from_db()
    assert soon.checked_out_at is not None


def test_taking_and_leaving_an_offer(client, resource, member):
    first = directory.PersonFactory()
    start = future(2, 10)
    booking = services.book(actor=first, resource=resource, starts_at=start, ends_at=start + HOUR)
    entry = services.join_waiting_list(
        actor=member, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    services.cancel(actor=first, booking=booking)
    entry.refresh_from_db()
    assert entry.status == WaitingEntry.Status.OFFERED
    client.force_login(directory.PersonFactory())
    assert client.post(url("take_offer", entry.pk)).status_code == 404  # not theirs
    client.force_login(member)
    body = text_of(client.get(url("my_bookings")))
    assert url("take_offer", entry.pk) in body
    response = client.post(url("take_offer", entry.pk))
    assert any(m.startswith("Booked: Laser cutter") for m in followed_messages(client, response))
    assert Booking.objects.get(status=Booking.Status.APPROVED).person == member
    response = client.post(url("leave_waiting_list", entry.pk))
    assert any("no longer on this waiting list" in m for m in followed_messages(client, response))


# --- calendar files ----------------------------------------------------------------------------
def test_calendar_files_of_a_person_and_a_resource(client, resource, member):
    services.book(actor=member, resource=resource, starts_at=future(2, 10), ends_at=future(2, 11))
    assert client.get(url("my_ics")).status_code == 302
    response = client.get(url("resource_ics", resource.slug))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content
    assert member.last_name.encode() not in response.content  # who booked is not public

    client.force_login(member)
    response = client.get(url("my_ics"))
    assert response.status_code == 200 and b"Laser cutter" in response.content

    client.logout()
    response = client.get(url("personal_feed", feed_token(member)))
    assert response.status_code == 200 and b"Laser cutter" in response.content
    for token in (f"{member.pk}-0000", "garbage", f"{member.pk + 1000}-{'0' * 32}"):
        assert client.get(url("personal_feed", token)).status_code == 404


# --- incidents reported by people who booked ------------------------------------------------------
def test_reporting_an_incident_needs_a_booking(client, resource, member):
    client.force_login(member)
    response = client.get(url("report_incident", resource.slug))
    assert any("Only people who booked" in m for m in followed_messages(client, response))

    start = future(2, 10)
    upcoming_person = directory.PersonFactory()
    BookingFactory(resource=resource, person=upcoming_person, starts_at=start)
    BookingFactory(
        resource=resource,
        person=member,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1) + HOUR,
    )
    assert client.get(url("report_incident", resource.slug)).status_code == 200
    response = client.post(url("report_incident", resource.slug), {"severity": "high", "title": ""})
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert not Incident.objects.exists()
    response = client.post(
        url("report_incident", resource.slug),
        {"severity": "high", "title": "Smoke from the tube", "description": "Stopped it."},
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.took_out_of_service) == (member, True)
    resource.refresh_from_db()
    assert resource.status == Resource.Status.OUT_OF_SERVICE
    body = text_of(client.get(url("resource", resource.slug)))
    assert 'data-testid="booking-form"' not in body and "cannot be booked" in body


# --- the managers' pages ------------------------------------------------------------------
MANAGER_PAGES = ["approvals", "closures", "incidents", "manage_resources", "qualifications"]


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_manager_pages_are_for_managers(client, resource, member, manager, name):
    address = url(name, resource.facility.slug)
    response = client.get(address)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(member)
    assert client.get(address).status_code == 403
    assert client.get(url(name, "no-such-lab")).status_code == 404
    client.force_login(manager)
    assert client.get(address).status_code == 200


def test_a_facility_manager_named_on_the_facility_runs_it(client, resource):
    person = directory.PersonFactory()
    resource.facility.managers.add(person)
    client.force_login(person)
    assert client.get(url("approvals", resource.facility.slug)).status_code == 200


def test_approving_and_declining(client, resource, member, manager):
    resource.requires_approval = True
    resource.save()
    client.force_login(member)
    client.post(url("resource", resource.slug), book_data(future(2, 10)))
    client.post(url("resource", resource.slug), book_data(future(3, 10)))
    first, second = Booking.objects.order_by("starts_at")
    assert first.status == second.status == Booking.Status.PENDING

    client.force_login(manager)
    response = client.get(url("approvals", resource.facility.slug))
    assert list(response.context["bookings"]) == [first, second]
    assert member.email in text_of(response)
    response = client.post(url("decide", resource.facility.slug, first.pk), {"decision": "approve"})
    assert any(m.startswith("Approved") for m in followed_messages(client, response))
    response = client.post(
        url("decide", resource.facility.slug, second.pk), {"decision": "decline", "note": ""}
    )
    assert any("Say why" in m for m in followed_messages(client, response))
    client.post(
        url("decide", resource.facility.slug, second.pk),
        {"decision": "decline", "note": "The machine is reserved for a course."},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Booking.Status.APPROVED, Booking.Status.DECLINED)
    # A booking of another facility, a garbage id or a garbage decision: 404 or a message.
    other = BookingFactory(status=Booking.Status.PENDING)
    assert (
        client.post(
            url("decide", resource.facility.slug, other.pk), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert client.post(url("decide", resource.facility.slug, "x"), {}).status_code == 404
    response = client.post(url("decide", resource.facility.slug, first.pk), {"decision": "maybe"})
    assert response.status_code == 302


def test_a_closure_cancels_bookings_and_lists_them(client, resource, member, manager):
    start = future(2, 10)
    booking = services.book(actor=member, resource=resource, starts_at=start, ends_at=start + HOUR)
    client.force_login(manager)
    local = start.astimezone(BAKU)
    response = client.post(
        url("closures", resource.facility.slug),
        {
            "resource": resource.pk,
            "kind": "maintenance",
            "starts_at": local.replace(hour=8).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": local.replace(hour=12).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Laser tube replacement",
        },
    )
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert closure.starts_at == local.replace(hour=8)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    page = client.get(response["Location"])
    assert [c.cancelled_bookings for c in page.context["upcoming"]] == [[booking]]
    assert member.email in text_of(page)
    assert any("1 booking in that time was cancelled" in m for m in messages_of(page))

    client.post(url("remove_closure", resource.facility.slug, closure.pk))
    assert not Closure.objects.exists()
    assert client.post(url("remove_closure", resource.facility.slug, closure.pk)).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "maintenance", "starts_at": "garbage", "ends_at": "2031-01-01T10:00"},
        {"kind": "maintenance", "starts_at": "2031-01-02T10:00", "ends_at": "2031-01-01T10:00"},
        {"kind": "party", "starts_at": "2031-01-01T10:00", "ends_at": "2031-01-01T12:00"},
        {"kind": "holiday", "starts_at": "0001-01-01T00:00", "ends_at": "0001-01-02T00:00"},
        {
            "kind": "maintenance",
            "resource": "999999",
            "starts_at": "2031-01-01T10:00",
            "ends_at": "2031-01-01T12:00",
        },
    ],
)
def test_a_bad_closure_is_refused_on_the_form(client, resource, manager, data):
    client.force_login(manager)
    response = client.post(url("closures", resource.facility.slug), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Closure.objects.exists()


def test_resolving_an_incident_puts_the_resource_back(client, resource, manager):
    incident = services.report_incident(
        actor=manager, resource=resource, severity="high", title="Broken door"
    )
    resource.refresh_from_db()
    assert resource.status == Resource.Status.OUT_OF_SERVICE
    client.force_login(manager)
    body = text_of(client.get(url("incidents", resource.facility.slug)))
    assert "Broken door" in body
    response = client.post(url("resolve_incident", resource.facility.slug, incident.pk), {})
    assert any("What was done" in m or "required" in m for m in followed_messages(client, response))
    client.post(
        url("resolve_incident", resource.facility.slug, incident.pk),
        {"resolution": "New hinge fitted", "back_in_service": "on"},
    )
    incident.refresh_from_db()
    resource.refresh_from_db()
    assert (incident.status, resource.status) == ("resolved", Resource.Status.IN_SERVICE)
    open_only = client.get(url("incidents", resource.facility.slug))
    assert list(open_only.context["page"].object_list) == []
    everything = client.get(url("incidents", resource.facility.slug), {"show": "all"})
    assert list(everything.context["page"].object_list) == [incident]
    assert "New hinge fitted" in text_of(everything)


def test_setting_a_resources_status(client, resource, manager):
    client.force_login(manager)
    prefix = f"r{resource.pk}-status"
    client.post(url("set_status", resource.facility.slug, resource.pk), {prefix: "out_of_service"})
    resource.refresh_from_db()
    assert resource.status == Resource.Status.OUT_OF_SERVICE
    response = client.post(
        url("set_status", resource.facility.slug, resource.pk), {prefix: "melted"}
    )
    assert any("valid choice" in m for m in followed_messages(client, response))
    resource.refresh_from_db()
    assert resource.status == Resource.Status.OUT_OF_SERVICE
    other = ResourceFactory()
    assert client.post(url("set_status", resource.facility.slug, other.pk), {}).status_code == 404


def test_granting_and_revoking_qualifications(client, resource, manager):
    qualification = QualificationFactory(name="Laser safety")
    resource.required_qualification = qualification
    resource.save()
    anar = directory.PersonFactory(email="anar@example.org")
    elif_ = directory.PersonFactory(email="elif@example.org")
    client.force_login(manager)
    address = url("grant_qualification", resource.facility.slug, qualification.pk)
    prefix = f"g{qualification.pk}"
    response = client.post(address, {f"{prefix}-emails": "anar@example.org, nobody@example.org"})
    assert response.status_code == 400
    assert "nobody@example.org" in text_of(response)
    assert not QualificationGrant.objects.exists()

    response = client.post(address, {f"{prefix}-emails": "ANAR@example.org\nelif@example.org"})
    assert response.status_code == 302
    assert set(QualificationGrant.objects.values_list("person__email", flat=True)) == {
        "anar@example.org",
        "elif@example.org",
    }
    page = client.get(url("qualifications", resource.facility.slug))
    assert "anar@example.org" in text_of(page)

    revoke = url("revoke_qualification", resource.facility.slug, qualification.pk)
    prefix = f"v{qualification.pk}"
    response = client.post(
        revoke, {f"{prefix}-people": [anar.pk, elif_.pk], f"{prefix}-reason": ""}
    )
    assert response.status_code == 400
    assert QualificationGrant.objects.filter(revoked_at__isnull=True).count() == 2
    response = client.post(revoke, {f"{prefix}-people": ["9" * 30], f"{prefix}-reason": "x"})
    assert response.status_code == 400
    assert QualificationGrant.objects.filter(revoked_at__isnull=True).count() == 2
    response = client.post(
        revoke, {f"{prefix}-people": [anar.pk], f"{prefix}-reason": "Safety rule broken"}
    )
    assert response.status_code == 302
    assert list(
        QualificationGrant.objects.filter(revoked_at__isnull=True).values_list(
            "person__email", flat=True
        )
    ) == ["elif@example.org"]
    # A qualification no resource of this facility needs: 404.
    other = QualificationFactory()
    assert (
        client.post(url("grant_qualification", resource.facility.slug, other.pk), {}).status_code
        == 404
    )


def test_the_main_navigation_links_the_labs(client):
    body = text_of(client.get("/en/"))
    assert f'href="{url("index")}"' in body


@pytest.mark.parametrize("language", ["az", "tr"])
def test_the_pages_render_in_every_language(client, resource, member, manager, language):
    services.book(actor=member, resource=resource, starts_at=future(2, 10), ends_at=future(2, 11))
    pages = [
        reverse("facilities:index"),
        reverse("facilities:resource", args=[resource.slug]),
        reverse("facilities:facility", args=[resource.facility.slug]),
        reverse("facilities:find_a_time"),
        reverse("facilities:my_bookings"),
    ]
    client.force_login(member)
    for page in pages:
        address = page.replace("/en/", f"/{language}/", 1)
        response = client.get(address)
        assert response.status_code == 200, address
        assert f'<html lang="{language}">' in text_of(response)
    client.force_login(manager)
    for name in MANAGER_PAGES:
        address = url(name, resource.facility.slug).replace("/en/", f"/{language}/", 1)
        assert client.get(address).status_code == 200, address
