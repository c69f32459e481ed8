"""The facilities API: facilities and resources (public where the park chooses), a
resource's rules and availability, one's own bookings (make, list, cancel) and the
monthly usage for facility managers; refusals as 422 or 409 with translated messages and
nothing written."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory import services as directory_services
from korpu.facilities import services
from korpu.facilities.models import Booking, Closure, Resource
from tests import factories
from tests.events.factories import EventFactory

from .factories import (
    BookingFactory,
    FacilityFactory,
    ProjectFactory,
    QualificationFactory,
    QualificationGrantFactory,
    ResourceFactory,
    facility_manager,
    future,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/facilities"
BAKU = ZoneInfo("Asia/Baku")

PAST = "This time has already begun or passed; choose a time in the future."
REQUIRED = "This field is required."
NO_ZONE = "Give the start and the end with a time zone."


def token_client(person, **headers) -> Client:
    _token, key = directory_services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}", **headers})


def translation_of(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


def at(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def error(response) -> dict:
    return response.json()["error"]


def book(client, resource, start, end, **extra):
    body = {"resource": resource.pk, "starts_at": iso(start), "ends_at": iso(end), **extra}
    return client.post(f"{API}/bookings", body, content_type="application/json")


def written() -> tuple[int, int, int]:
    """What a refused request must leave alone: bookings, audit entries, mails."""
    return Booking.objects.count(), AuditEntry.objects.count(), OutboxMessage.objects.count()


@pytest.fixture
def lab():
    """A public lab with an instrument, a room it stands in (booked together with it), a
    private lab of another park and a retired instrument."""
    public = FacilityFactory(slug="photonics", name="Photonics lab")
    instrument = ResourceFactory(
        facility=public,
        slug="laser",
        name="Laser cutter",
        kind=Resource.Kind.MACHINE,
        price_external=Decimal("10.00"),
        price_resident=Decimal("4.00"),
    )
    room = ResourceFactory(facility=public, slug="room-1", name="Room 1", kind=Resource.Kind.ROOM)
    instrument.linked_resources.add(room)
    retired = ResourceFactory(
        facility=public, slug="old", name="Old scope", status=Resource.Status.RETIRED
    )
    private = FacilityFactory(slug="secret", name="Secret lab", is_public=False)
    hidden = ResourceFactory(facility=private, slug="hidden", name="Hidden press")
    return {
        "public": public,
        "instrument": instrument,
        "room": room,
        "retired": retired,
        "private": private,
        "hidden": hidden,
    }


# --- facilities and resources -----------------------------------------------------------------
def test_visitors_see_public_facilities_people_signed_in_all(lab):
    anonymous = Client().get(API)
    assert anonymous.status_code == 200
    assert [(f["slug"], f["resources"]) for f in anonymous.json()["items"]] == [("photonics", 2)]
    signed_in = token_client(factories.PersonFactory()).get(API)
    assert sorted(f["slug"] for f in signed_in.json()["items"]) == ["photonics", "secret"]
    park = lab["private"].park.slug
    only = token_client(factories.PersonFactory()).get(API, {"park": park})
    assert [f["slug"] for f in only.json()["items"]] == ["secret"]


def test_resources_public_where_the_park_chooses(lab):
    anonymous = Client().get(f"{API}/resources")
    assert anonymous.status_code == 200
    body = anonymous.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert [r["slug"] for r in body["items"]] == ["laser", "room-1"]
    person = token_client(factories.PersonFactory())
    assert sorted(r["slug"] for r in person.get(f"{API}/resources").json()["items"]) == [
        "hidden",
        "laser",
        "room-1",
    ]
    # The managers of a facility still see its retired resources.
    manager = token_client(facility_manager(lab["public"]))
    assert [
        r["slug"] for r in manager.get(f"{API}/resources?facility=photonics").json()["items"]
    ] == [
        "laser",
        "old",
        "room-1",
    ]


def test_resource_filters(lab):
    client = token_client(factories.PersonFactory())

    def slugs(**params):
        response = client.get(f"{API}/resources", params)
        assert response.status_code == 200
        return [r["slug"] for r in response.json()["items"]]

    assert slugs(facility="photonics") == ["laser", "room-1"]
    assert slugs(park=lab["private"].park.slug) == ["hidden"]
    assert slugs(kind="room") == ["room-1"]
    assert slugs(q="laser") == ["laser"]
    assert sorted(slugs(kind="")) == ["hidden", "laser", "room-1"]  # empty: no filter
    bad = client.get(f"{API}/resources", {"kind": "spaceship"})
    assert bad.status_code == 422
    assert error(bad)["details"][0]["field"] == "kind"


def test_one_resource_with_its_rules(lab):
    qualification = QualificationFactory(name="Laser safety")
    training = EventFactory(title="Laser safety course", grants_qualification=qualification)
    resource = lab["instrument"]
    resource.required_qualification = qualification
    resource.slot_minutes = 30
    resource.open_weekdays = [0, 1, 2, 3, 4]
    resource.max_hours_per_week_person = 6
    resource.save()
    response = Client().get(f"{API}/resources/{resource.pk}")
    assert response.status_code == 200
    body = response.json()
    rules = {
        key: body[key]
        for key in (
            "slug",
            "name",
            "kind",
            "status",
            "capacity",
            "slot_minutes",
            "opens_at",
            "closes_at",
            "open_weekdays",
            "min_minutes",
            "max_minutes",
            "min_notice_minutes",
            "max_days_ahead",
            "max_hours_per_week_person",
            "max_hours_per_week_company",
            "requires_approval",
            "is_bookable",
            "time_zone",
            "prices",
            "linked_resources",
            "qualification",
        )
    }
    assert rules == {
        "slug": "laser",
        "name": "Laser cutter",
        "kind": "machine",
        "status": "in_service",
        "capacity": 1,
        "slot_minutes": 30,
        "opens_at": "08:00:00",
        "closes_at": "20:00:00",
        "open_weekdays": [0, 1, 2, 3, 4],
        "min_minutes": 30,
        "max_minutes": 480,
        "min_notice_minutes": 0,
        "max_days_ahead": 60,
        "max_hours_per_week_person": 6,
        "max_hours_per_week_company": None,
        "requires_approval": False,
        "is_bookable": True,
        "time_zone": "Asia/Baku",
        "prices": {"resident": "4.00", "partner": None, "external": "10.00", "currency": "AZN"},
        "linked_resources": [{"id": lab["room"].pk, "slug": "room-1", "name": "Room 1"}],
        "qualification": "Laser safety",
    }
    needed = body["required_qualification"]
    assert (needed["name"], needed["next_training"]["id"], needed["next_training"]["title"]) == (
        "Laser safety",
        training.pk,
        "Laser safety course",
    )
    assert body["opening_hours"] == services.opening_hours_text(resource)
    assert body["translations"]["en"]["name"] == "Laser cutter"


def test_private_and_unknown_resources_answer_404_to_visitors(lab):
    hidden = lab["hidden"]
    for path in (f"resources/{hidden.pk}", f"resources/{hidden.pk}/availability"):
        response = Client().get(f"{API}/{path}")
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"
        assert token_client(factories.PersonFactory()).get(f"{API}/{path}").status_code == 200
    assert Client().get(f"{API}/resources/999999").status_code == 404
    retired = lab["retired"]
    assert (
        token_client(factories.PersonFactory()).get(f"{API}/resources/{retired.pk}").status_code
        == 404
    )


def test_one_resource_is_visible_exactly_when_it_is_listed(lab):
    people = {
        "visitor": Client(),
        "signed in": token_client(factories.PersonFactory()),
        "manager": token_client(facility_manager(lab["public"])),
    }
    every = sorted(Resource.objects.values_list("pk", flat=True))
    for who, client in people.items():
        listed = sorted(r["id"] for r in client.get(f"{API}/resources").json()["items"])
        one_by_one = [pk for pk in every if client.get(f"{API}/resources/{pk}").status_code == 200]
        assert (who, one_by_one) == (who, listed)
    assert lab["retired"].pk in listed  # the last one: the manager


def test_a_wrong_token_is_401_not_anonymous(lab):
    client = Client(headers={"Authorization": "Bearer kp_nope.nope"})
    response = client.get(f"{API}/resources")
    assert response.status_code == 401
    assert error(response)["code"] == "unauthorized"


# --- availability ----------------------------------------------------------------------------
def _day_with_a_booking_and_a_closure(lab):
    resource = lab["instrument"]
    owner = factories.PersonFactory(first_name="Aysel", last_name="Mammadova")
    start = future(2, 10)
    booking = services.book(
        actor=owner,
        resource=resource,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        purpose="Cutting a prototype",
    )
    Closure.objects.create(
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 14),
        ends_at=future(2, 16),
        reason="Calibration",
    )
    return resource, owner, booking, start.date()


def _availability(client, resource, day: datetime.date, **params):
    query = {"from": day.isoformat(), "to": (day + datetime.timedelta(days=1)).isoformat()}
    return client.get(f"{API}/resources/{resource.pk}/availability", {**query, **params})


def _intervals(items) -> list[tuple]:
    return [(at(i["starts_at"]), at(i["ends_at"])) for i in items]


def test_availability_free_and_busy_intervals_including_closures(lab):
    resource, _owner, booking, day = _day_with_a_booking_and_a_closure(lab)
    response = _availability(Client(), resource, day)
    assert response.status_code == 200
    body = response.json()

    def local(hour):
        return datetime.datetime.combine(day, datetime.time(hour), BAKU)

    assert (at(body["starts_at"]), at(body["ends_at"])) == (
        local(0),
        local(0) + datetime.timedelta(days=1),
    )
    assert body["time_zone"] == "Asia/Baku"
    assert _intervals(body["free"]) == [
        (local(8), local(10)),
        (local(11), local(14)),
        (local(16), local(20)),
    ]
    assert body["free"][0]["starts_at"].endswith("+04:00")
    busy = [
        {**b, "starts_at": at(b["starts_at"]), "ends_at": at(b["ends_at"])} for b in body["busy"]
    ]
    assert "Calibration" in busy[1]["label"]
    assert busy == [
        {
            "starts_at": local(10),
            "ends_at": local(11),
            "kind": "booking",
            "status": "approved",
            "label": "Booked",
            "detail": "",
            "booking": booking.pk,
        },
        {
            "starts_at": local(14),
            "ends_at": local(16),
            "kind": "closure",
            "status": "maintenance",
            "label": busy[1]["label"],
            "detail": "Calibration",
            "booking": None,
        },
    ]


def test_availability_names_who_booked_only_to_the_person_and_the_managers(lab):
    resource, owner, _booking, day = _day_with_a_booking_and_a_closure(lab)

    def first_busy(client):
        return {
            k: v
            for k, v in _availability(client, resource, day).json()["busy"][0].items()
            if k in ("kind", "label", "detail")
        }

    assert first_busy(token_client(owner)) == {
        "kind": "mine",
        "label": "Your booking",
        "detail": "Cutting a prototype",
    }
    assert first_busy(token_client(facility_manager(resource.facility))) == {
        "kind": "booking",
        "label": "Aysel Mammadova",
        "detail": "Cutting a prototype",
    }
    assert first_busy(token_client(factories.PersonFactory())) == {
        "kind": "booking",
        "label": "Booked",
        "detail": "",
    }


def test_availability_the_room_booked_with_an_instrument_is_busy_too(lab):
    _resource, _owner, _booking, day = _day_with_a_booking_and_a_closure(lab)
    room = _availability(Client(), lab["room"], day).json()
    local = lambda hour: datetime.datetime.combine(day, datetime.time(hour), BAKU)  # noqa: E731
    assert _intervals(room["free"]) == [(local(8), local(10)), (local(11), local(20))]
    assert [(b["kind"], at(b["starts_at"])) for b in room["busy"]] == [("booking", local(10))]


def _next_spring_forward(zone: ZoneInfo) -> datetime.date:
    """The next local day at least a week ahead whose length is 23 hours."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    for _ in range(400):
        begin = datetime.datetime.combine(day, datetime.time(0), zone).astimezone(datetime.UTC)
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), zone)
        if end.astimezone(datetime.UTC) - begin == datetime.timedelta(hours=23):
            return day
        day += datetime.timedelta(days=1)
    raise AssertionError("no daylight-saving change within 400 days")


def test_availability_on_a_daylight_saving_day(lab):
    berlin = ZoneInfo("Europe/Berlin")
    facility = FacilityFactory(park__time_zone="Europe/Berlin", park__country="DE")
    resource = ResourceFactory(
        facility=facility, opens_at=datetime.time(0), closes_at=datetime.time(0)
    )
    day = _next_spring_forward(berlin)
    body = _availability(Client(), resource, day).json()
    midnight = datetime.datetime.combine(day, datetime.time(0), berlin)
    next_midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0), berlin
    )
    assert _intervals(body["free"]) == [(midnight, next_midnight)]
    assert (body["free"][0]["starts_at"][-6:], body["free"][0]["ends_at"][-6:]) == (
        "+01:00",
        "+02:00",
    )
    assert at(body["free"][0]["ends_at"]) - at(body["free"][0]["starts_at"]) == datetime.timedelta(
        hours=23
    )


def test_availability_shows_a_closure_over_several_days_once_whole(lab):
    resource = lab["instrument"]
    closed_from, closed_until = future(3, 18), future(6, 10)
    Closure.objects.create(
        facility=resource.facility,
        kind=Closure.Kind.HOLIDAY,
        starts_at=closed_from,
        ends_at=closed_until,
    )
    for first_day in (2, 4):  # from before it, and from its middle
        day = future(first_day, 0).date()
        response = Client().get(
            f"{API}/resources/{resource.pk}/availability",
            {"from": day.isoformat(), "to": (day + datetime.timedelta(days=5)).isoformat()},
        )
        body = response.json()
        assert [(b["kind"], at(b["starts_at"]), at(b["ends_at"])) for b in body["busy"]] == [
            ("closure", closed_from, closed_until)
        ]
        free_days = {at(item["starts_at"]).date() for item in body["free"]}
        assert not any(closed_from.date() < d < closed_until.date() for d in free_days)


def test_availability_takes_times_with_offsets_and_defaults_to_a_week(lab):
    resource = lab["instrument"]
    start = future(3, 9)
    response = Client().get(
        f"{API}/resources/{resource.pk}/availability",
        {"from": iso(start), "to": iso(start + datetime.timedelta(hours=2))},
    )
    assert _intervals(response.json()["free"]) == [(start, start + datetime.timedelta(hours=2))]
    week = Client().get(f"{API}/resources/{resource.pk}/availability").json()
    assert at(week["ends_at"]) - at(week["starts_at"]) == datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "tomorrow"}, "from", "Enter a date and time like 2026-05-04T09:00+04:00."),
        ({"from": "2030-01-02", "to": "2030-01-01"}, "to", "The end must be after the start."),
        ({"from": "2030-01-01", "to": "2030-03-01"}, "to", "Ask for at most 31 days at a time."),
        ({"to": "x" * 41}, "to", "Ensure this value has at most 40 characters."),
        ({"from": "9999-12-31"}, "from", "Enter a date and time like 2026-05-04T09:00+04:00."),
        (
            {"from": "0001-01-01T00:00+14:00"},
            "from",
            "Enter a date and time like 2026-05-04T09:00+04:00.",
        ),
    ],
)
def test_availability_bad_periods_are_422(lab, params, field, message):
    response = Client().get(f"{API}/resources/{lab['instrument'].pk}/availability", params)
    assert response.status_code == 422
    assert [(d["location"], d["field"], d["message"]) for d in error(response)["details"]] == [
        ("query", field, message)
    ]


def test_availability_messages_in_the_language_asked_for(lab):
    path = f"{API}/resources/{lab['instrument'].pk}/availability?from=2030-01-02&to=2030-01-01"
    for response in (
        Client().get(f"{path}&lang=az"),
        Client(headers={"Accept-Language": "az"}).get(path),
    ):
        assert response.status_code == 422
        assert error(response)["details"][0]["message"] == translation_of(
            "The end must be after the start.", "az"
        )
        assert error(response)["message"] == translation_of(
            "Some values in the request are not valid.", "az"
        )
        assert error(response)["message"] != "Some values in the request are not valid."


# --- making a booking ---------------------------------------------------------------------------
def test_book_with_a_token_books_the_linked_room_and_prices_it(lab):
    person = factories.PersonFactory()
    company = factories.OrganisationFactory(slug="acme")
    factories.MembershipFactory(person=person, organisation=company)
    factories.ResidencyFactory(company=company, park=lab["public"].park)
    project = ProjectFactory(slug="lidar", title="Lidar", park=lab["public"].park, lead=company)
    start = future(2, 10)
    response = book(
        token_client(person),
        lab["instrument"],
        start,
        start + datetime.timedelta(minutes=90),
        organisation="acme",
        project="lidar",
        purpose="Prototype housing",
    )
    assert response.status_code == 201
    body = response.json()
    booking = Booking.objects.get(pk=body["id"], linked_to__isnull=True)
    room_booking = Booking.objects.get(linked_to=booking)
    assert (booking.person, booking.organisation, booking.project) == (person, company, project)
    assert room_booking.resource == lab["room"]
    assert {
        k: body[k]
        for k in (
            "status",
            "purpose",
            "organisation",
            "project",
            "price_category",
            "hourly_price",
            "currency",
            "cost",
            "time_zone",
            "linked",
        )
    } == {
        "status": "approved",
        "purpose": "Prototype housing",
        "organisation": {"slug": "acme", "name": company.name},
        "project": {"slug": "lidar", "title": "Lidar"},
        "price_category": "resident",
        "hourly_price": "4.00",
        "currency": "AZN",
        "cost": "6.00",
        "time_zone": "Asia/Baku",
        "linked": [
            {
                "id": room_booking.pk,
                "resource": {"id": lab["room"].pk, "slug": "room-1", "name": "Room 1"},
                "status": "approved",
            }
        ],
    }
    assert (at(body["starts_at"]), body["starts_at"][-6:]) == (start, "+04:00")
    assert at(body["ends_at"]) == start + datetime.timedelta(minutes=90)


def test_book_times_in_any_offset_are_the_same_moment(lab):
    start = future(2, 10).astimezone(datetime.UTC)
    response = book(
        token_client(factories.PersonFactory()),
        lab["instrument"],
        start,
        start + datetime.timedelta(hours=1),
    )
    assert response.status_code == 201
    assert at(response.json()["starts_at"]) == start
    assert Booking.objects.get(pk=response.json()["id"]).starts_at == start


def test_a_resource_that_needs_approval_answers_pending(lab):
    resource = lab["room"]
    resource.requires_approval = True
    resource.save()
    start = future(3, 9)
    response = book(
        token_client(factories.PersonFactory()),
        resource,
        start,
        start + datetime.timedelta(hours=1),
    )
    assert (response.status_code, response.json()["status"]) == (201, "pending")


def test_anonymous_and_csrf_less_sessions_may_not_book(lab):
    before = written()
    start = future(2, 10)
    anonymous = book(Client(), lab["instrument"], start, start + datetime.timedelta(hours=1))
    assert anonymous.status_code == 401
    session = Client(enforce_csrf_checks=True)
    session.force_login(factories.PersonFactory())
    no_csrf = book(session, lab["instrument"], start, start + datetime.timedelta(hours=1))
    assert no_csrf.status_code == 403
    assert written() == before


@pytest.fixture
def taken(lab):
    """The instrument booked 10–11 the day after tomorrow by someone."""
    start = future(2, 10)
    holder = factories.PersonFactory()
    booking = services.book(
        actor=holder,
        resource=lab["instrument"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    return holder, booking, start


def test_a_taken_time_is_409_and_your_own_twice_409_already_booked(lab, taken):
    holder, _booking, start = taken
    other_client, holder_client = token_client(factories.PersonFactory()), token_client(holder)
    room_client = token_client(factories.PersonFactory())
    before = written()
    other = book(
        other_client,
        lab["instrument"],
        start + datetime.timedelta(minutes=30),
        start + datetime.timedelta(minutes=90),
    )
    assert other.status_code == 409
    assert (error(other)["code"], error(other)["message"]) == (
        "taken",
        "Laser cutter is already booked at this time.",
    )
    twice = book(holder_client, lab["instrument"], start, start + datetime.timedelta(hours=1))
    assert twice.status_code == 409
    assert error(twice)["code"] == "already_booked"
    # The room booked with the instrument is taken for the same time.
    room = book(
        room_client,
        lab["room"],
        start,
        start + datetime.timedelta(hours=1),
    )
    assert (room.status_code, error(room)["code"]) == (409, "taken")
    assert written() == before


def _refusal(response) -> tuple[int, str]:
    body = error(response)
    return response.status_code, body["details"][0]["code"] if body["details"] else body["code"]


def test_rules_refuse_with_422_and_their_code_and_nothing_is_written(lab):
    resource = lab["instrument"]
    resource.max_minutes = 120
    resource.save()
    Closure.objects.create(
        facility=resource.facility,
        kind=Closure.Kind.BLACKOUT,
        starts_at=future(4, 0),
        ends_at=future(5, 0),
        reason="Power works",
    )
    client = token_client(factories.PersonFactory())
    hour = datetime.timedelta(hours=1)
    cases = {
        "past": (future(-1, 10), future(-1, 11)),
        "outside_hours": (future(2, 19), future(2, 21)),
        "too_long": (future(2, 9), future(2, 12)),
        "too_short": (future(2, 9), future(2, 9, 10)),
        "too_far_ahead": (future(90, 10), future(90, 11)),
        "invalid_time": (future(2, 11), future(2, 10)),
        "closed": (future(4, 10), future(4, 10) + hour),
    }
    before = written()
    answers = {code: _refusal(book(client, resource, *times)) for code, times in cases.items()}
    assert answers == {code: (422, code) for code in cases}
    assert written() == before


def test_the_qualification_refusal_names_the_training(lab):
    qualification = QualificationFactory(name="Laser safety")
    training = EventFactory(title="Laser safety course", grants_qualification=qualification)
    resource = lab["instrument"]
    resource.required_qualification = qualification
    resource.save()
    person = factories.PersonFactory()
    client = token_client(person)
    start = future(2, 10)
    before = written()
    response = book(client, resource, start, start + datetime.timedelta(hours=1))
    assert _refusal(response) == (422, "qualification")
    assert "Laser safety course" in error(response)["message"]
    assert training.title in error(response)["details"][0]["message"]
    assert written() == before
    QualificationGrantFactory(person=person, qualification=qualification)
    again = book(client, resource, start, start + datetime.timedelta(hours=1))
    assert again.status_code == 201


def test_what_is_charged_must_be_yours(lab):
    person = factories.PersonFactory()
    factories.OrganisationFactory(slug="not-mine")
    ProjectFactory(slug="their-project")
    ProjectFactory(slug="private-project", is_public=False)
    client = token_client(person)
    start, end = future(2, 10), future(2, 11)
    before = written()
    not_member = book(client, lab["instrument"], start, end, organisation="not-mine")
    assert _refusal(not_member) == (422, "payer")
    not_on_project = book(client, lab["instrument"], start, end, project="their-project")
    assert _refusal(not_on_project) == (422, "project")
    for field, slug in (
        ("organisation", "nowhere"),
        ("project", "nowhere"),
        ("project", "private-project"),
    ):
        response = book(client, lab["instrument"], start, end, **{field: slug})
        assert response.status_code == 422
        assert [d["field"] for d in error(response)["details"]] == [f"payload.{field}"]
    assert written() == before


def test_bad_bodies_are_422_field_by_field(lab):
    client = token_client(factories.PersonFactory())
    before = written()
    naive = client.post(
        f"{API}/bookings",
        {
            "resource": lab["instrument"].pk,
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
        },
        content_type="application/json",
    )
    assert naive.status_code == 422
    assert [(d["field"], d["message"]) for d in error(naive)["details"]] == [
        ("payload.starts_at", NO_ZONE)
    ]
    garbled = client.post(
        f"{API}/bookings",
        {"resource": lab["instrument"].pk, "starts_at": "soon", "ends_at": "later"},
        content_type="application/json",
    )
    assert [d["field"] for d in error(garbled)["details"]] == ["payload.starts_at"]
    missing = client.post(
        f"{API}/bookings", {"resource": lab["instrument"].pk}, content_type="application/json"
    )
    assert sorted((d["field"], d["message"]) for d in error(missing)["details"]) == [
        ("payload.ends_at", REQUIRED),
        ("payload.starts_at", REQUIRED),
    ]
    start, end = future(2, 10), future(2, 11)
    for resource_id in (999999, lab["retired"].pk):
        unknown = client.post(
            f"{API}/bookings",
            {"resource": resource_id, "starts_at": iso(start), "ends_at": iso(end)},
            content_type="application/json",
        )
        assert unknown.status_code == 422
        assert [d["field"] for d in error(unknown)["details"]] == ["payload.resource"]
    for start_text, end_text in (
        ("0001-01-01T00:00+14:00", "0001-01-01T01:00+14:00"),
        ("9999-12-31T22:00-12:00", "9999-12-31T23:00-12:00"),
    ):
        far = client.post(
            f"{API}/bookings",
            {"resource": lab["instrument"].pk, "starts_at": start_text, "ends_at": end_text},
            content_type="application/json",
        )
        assert far.status_code == 422
        assert [d["field"] for d in error(far)["details"]] == ["payload.starts_at"]
    not_object = client.post(f"{API}/bookings", [1, 2], content_type="application/json")
    assert not_object.status_code == 422
    too_long = book(client, lab["instrument"], start, end, purpose="x" * 301)
    assert too_long.status_code == 422
    assert written() == before


def test_refusals_in_the_language_asked_for(lab):
    person = factories.PersonFactory()
    start, end = future(-1, 10), future(-1, 11)
    clients = (
        (token_client(person), f"{API}/bookings?lang=az"),
        (token_client(person, **{"Accept-Language": "az"}), f"{API}/bookings"),
        (token_client(person), f"{API}/bookings?lang=tr"),
    )
    before = written()
    for client, path in clients:
        body = {"resource": lab["instrument"].pk, "starts_at": iso(start), "ends_at": iso(end)}
        response = client.post(path, body, content_type="application/json")
        language = "tr" if "lang=tr" in path else "az"
        assert response.status_code == 422
        assert error(response)["message"] == translation_of(PAST, language)
        missing = client.post(
            path, {"resource": lab["instrument"].pk}, content_type="application/json"
        )
        messages = {d["message"] for d in error(missing)["details"]}
        assert messages == {translation_of(REQUIRED, language)}
        assert messages != {REQUIRED}  # the catalogue really translates it
    assert written() == before


# --- my bookings ---------------------------------------------------------------------------------
def test_my_bookings_upcoming_past_and_filters(lab, taken):
    holder, booking, _start = taken
    earlier = BookingFactory(
        resource=lab["room"],
        person=holder,
        starts_at=future(-3, 10),
        ends_at=future(-3, 11),
    )
    cancelled = BookingFactory(
        resource=lab["room"],
        person=holder,
        starts_at=future(5, 10),
        ends_at=future(5, 11),
        status=Booking.Status.CANCELLED,
    )
    BookingFactory(resource=lab["room"], starts_at=future(6, 10), ends_at=future(6, 11))
    client = token_client(holder)

    def ids(**params):
        response = client.get(f"{API}/bookings", params)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    # The room's booking made with the instrument is inside it, not a second item.
    assert ids() == [booking.pk, cancelled.pk]
    assert ids(when="past") == [earlier.pk]
    assert ids(when="all") == [earlier.pk, booking.pk, cancelled.pk]
    assert ids(status="cancelled") == [cancelled.pk]
    assert ids(when="all", resource=lab["room"].pk) == [earlier.pk, cancelled.pk]
    assert client.get(f"{API}/bookings", {"when": "someday"}).status_code == 422
    assert Client().get(f"{API}/bookings").status_code == 401


def test_one_booking_for_its_person_and_the_managers_only(lab, taken):
    holder, booking, _start = taken
    path = f"{API}/bookings/{booking.pk}"
    assert token_client(holder).get(path).json()["id"] == booking.pk
    assert token_client(facility_manager(lab["public"])).get(path).status_code == 200
    assert token_client(factories.PersonFactory()).get(path).status_code == 404
    assert Client().get(path).status_code == 401


def test_cancel_my_booking_frees_the_time(lab, taken):
    holder, booking, start = taken
    response = token_client(holder).delete(f"{API}/bookings/{booking.pk}")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert [item["status"] for item in response.json()["linked"]] == ["cancelled"]
    assert set(Booking.objects.filter(person=holder).values_list("status", flat=True)) == {
        "cancelled"
    }
    again = token_client(factories.PersonFactory())
    assert (
        book(again, lab["instrument"], start, start + datetime.timedelta(hours=1)).status_code
        == 201
    )


def test_cancelling_the_room_booked_with_an_instrument_cancels_both(lab, taken):
    holder, booking, _start = taken
    linked = Booking.objects.get(linked_to=booking)
    response = token_client(holder).delete(f"{API}/bookings/{linked.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], [item["status"] for item in body["linked"]]) == (
        booking.pk,
        "cancelled",
        ["cancelled"],
    )


def test_cancel_refusals(lab, taken):
    holder, booking, _start = taken
    begun = BookingFactory(
        resource=lab["room"],
        person=holder,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(minutes=55),
    )
    mine, someone = token_client(holder), token_client(factories.PersonFactory())
    before = written()
    assert someone.delete(f"{API}/bookings/{booking.pk}").status_code == 404
    assert _refusal(mine.delete(f"{API}/bookings/{begun.pk}")) == (422, "started")
    assert Client().delete(f"{API}/bookings/{booking.pk}").status_code == 401
    assert mine.delete(f"{API}/bookings/999999").status_code == 404
    assert written() == before
    assert mine.delete(f"{API}/bookings/{booking.pk}").status_code == 200
    after = written()
    assert _refusal(mine.delete(f"{API}/bookings/{booking.pk}")) == (422, "not_active")
    assert written() == after


def test_a_manager_cancels_someone_elses_booking_with_a_reason(lab, taken):
    holder, booking, _start = taken
    manager = facility_manager(lab["public"])
    mails = OutboxMessage.objects.count()
    response = token_client(manager).delete(
        f"{API}/bookings/{booking.pk}?reason=Laser+tube+replaced"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    told = OutboxMessage.objects.order_by("pk")[mails:]
    assert [message.to for message in told] == [[holder.email]]
    assert "Laser tube replaced" in told[0].body


# --- usage -------------------------------------------------------------------------------------
def _usage_month(lab):
    """November 2026 of the photonics lab: a booking of the instrument charged to a company
    (checked in 10:05, out 11:30) with the room booked together with it, and a no-show;
    besides them a cancelled booking, another facility's booking and one on 1 December
    at midnight in Baku (still 30 November in UTC), which do not count."""
    resource = lab["instrument"]
    user = factories.PersonFactory(first_name="Kamal", last_name="Aliyev")
    company = factories.OrganisationFactory(slug="usage-co")

    def booked(when, hours, **extra):
        return BookingFactory(
            resource=extra.pop("resource", resource),
            person=user,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=hours),
            hourly_price=extra.pop("hourly_price", Decimal("10.00")),
            currency="AZN",
            **extra,
        )

    def baku(day, hour, minute=0, month=11):
        return datetime.datetime(2026, month, day, hour, minute, tzinfo=BAKU)

    used = booked(
        baku(3, 10),
        2,
        organisation=company,
        checked_in_at=baku(3, 10, 5),
        checked_out_at=baku(3, 11, 30),
    )
    room = booked(
        baku(3, 10),
        2,
        resource=lab["room"],
        organisation=company,
        linked_to=used,
        hourly_price=None,
    )
    no_show = booked(baku(10, 9), 1, status=Booking.Status.NO_SHOW)
    booked(baku(11, 9), 1, status=Booking.Status.CANCELLED)
    booked(baku(12, 9), 1, resource=lab["hidden"])
    booked(baku(1, 0, month=12), 1)
    return used, room, no_show, user, company


def _figures(bookings, no_shows, booked, used, cost):
    return {
        "bookings": bookings,
        "no_shows": no_shows,
        "booked_hours": booked,
        "used_hours": used,
        "cost": [{"currency": "AZN", "amount": cost}] if cost else [],
    }


def test_usage_for_managers(lab):
    used, room, no_show, user, company = _usage_month(lab)
    response = token_client(facility_manager(lab["public"])).get(
        f"{API}/photonics/usage", {"month": "2026-11"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["month"], body["facility"]["slug"], body["time_zone"]) == (
        "2026-11",
        "photonics",
        "Asia/Baku",
    )
    assert (at(body["starts_at"]), at(body["ends_at"])) == (
        datetime.datetime(2026, 11, 1, tzinfo=BAKU),
        datetime.datetime(2026, 12, 1, tzinfo=BAKU),
    )
    # 85 minutes used on each of the two resources booked together: 2 × 1.42 hours.
    assert body["totals"] == _figures(2, 1, 4.0, 2.83, "20.00")
    by_resource = {row["resource"]["slug"]: row for row in body["resources"]}
    figures = ("bookings", "no_shows", "booked_hours", "used_hours", "cost")
    assert {slug: {key: row[key] for key in figures} for slug, row in by_resource.items()} == {
        "laser": _figures(1, 1, 2.0, 1.42, "20.00"),
        "room-1": _figures(1, 0, 2.0, 1.42, None),
        "old": _figures(0, 0, 0.0, 0.0, None),
    }
    # Open 08:00–20:00 every day of November: 360 hours.
    assert (by_resource["laser"]["open_hours"], by_resource["laser"]["utilisation"]) == (
        360.0,
        round(2 / 360, 4),
    )
    assert [
        (row["organisation"] and row["organisation"]["slug"], row["bookings"], row["no_shows"])
        for row in body["companies"]
    ] == [("usage-co", 2, 0), (None, 0, 1)]
    assert [(row["project"], row["bookings"], row["no_shows"]) for row in body["projects"]] == [
        (None, 2, 1)
    ]
    rows = body["bookings"]
    assert [row["id"] for row in rows] == [used.pk, room.pk, no_show.pk]
    keys = (
        "linked_to",
        "person",
        "organisation",
        "status",
        "booked_hours",
        "used_hours",
        "hourly_price",
        "cost",
    )
    assert [{k: row[k] for k in keys} for row in rows] == [
        {
            "linked_to": None,
            "person": {"id": user.pk, "name": "Kamal Aliyev"},
            "organisation": {"slug": "usage-co", "name": company.name},
            "status": "approved",
            "booked_hours": 2.0,
            "used_hours": 1.42,
            "hourly_price": "10.00",
            "cost": "20.00",
        },
        {
            "linked_to": used.pk,
            "person": {"id": user.pk, "name": "Kamal Aliyev"},
            "organisation": {"slug": "usage-co", "name": company.name},
            "status": "approved",
            "booked_hours": 2.0,
            "used_hours": 1.42,
            "hourly_price": None,
            "cost": None,
        },
        {
            "linked_to": None,
            "person": {"id": user.pk, "name": "Kamal Aliyev"},
            "organisation": None,
            "status": "no_show",
            "booked_hours": None,
            "used_hours": None,
            "hourly_price": "10.00",
            "cost": None,
        },
    ]
    # The room's use is read from the instrument's log.
    for row in rows[:2]:
        assert (at(row["checked_in_at"]), at(row["checked_out_at"])) == (
            used.checked_in_at,
            used.checked_out_at,
        )
    assert (rows[2]["checked_in_at"], rows[2]["checked_out_at"]) == (None, None)


def test_usage_is_for_managers_only(lab):
    _usage_month(lab)
    path = f"{API}/photonics/usage?month=2026-11"
    assert Client().get(path).status_code == 401
    outsider = token_client(factories.PersonFactory()).get(path)
    assert (outsider.status_code, error(outsider)["code"]) == (403, "forbidden")
    assert token_client(factories.PersonFactory()).get(f"{API}/nowhere/usage").status_code == 404
    manager = token_client(facility_manager(lab["public"]))
    for month in ("2026-13", "26-01", "1999-12", "2999-01"):
        bad = manager.get(f"{API}/photonics/usage?month={month}")
        assert bad.status_code == 422
        assert [d["field"] for d in error(bad)["details"]] == ["month"]
    empty = manager.get(f"{API}/photonics/usage?month=2025-01").json()
    assert (empty["bookings"], empty["totals"]["bookings"], empty["totals"]["cost"]) == ([], 0, [])
