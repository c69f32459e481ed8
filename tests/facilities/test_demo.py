"""The park's labs demo (:func:`korpu.facilities.demo.load_facilities_demo`): what it holds
(about 30 resources in three languages, qualifications with upcoming trainings, a month of
bookings with usage, an incident, two joint projects with devices produced), that it keeps
the rules the services enforce (never more bookings at once than a resource takes), and
that loading it again changes nothing.

The directory, programmes and events demos and this one are loaded once for the module,
inside a transaction rolled back at its end; each test runs in a savepoint of it.
"""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from korpu.directory.demo import load_demo
from korpu.directory.models import Park, Partnership, Person, Qualification, Residency
from korpu.events.demo import LASER_QUALIFICATION, load_events_demo
from korpu.events.models import Event
from korpu.facilities import demo, rules, services
from korpu.facilities.models import (
    Booking,
    BookingSeries,
    Closure,
    Facility,
    Incident,
    Output,
    Project,
    Resource,
    WaitingEntry,
)
from korpu.programs.demo import load_programmes_demo

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
Status = Booking.Status
HOLDING = (Status.PENDING, Status.APPROVED)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_programmes_demo()
        load_events_demo()
        mail.outbox = []
        result = demo.load_facilities_demo()
        # The mails the services wrote while loading (Django's test set-up delivers them to
        # its local outbox at this scope).
        result.mails = [(list(message.to), message.body) for message in mail.outbox]
        yield result
        transaction.set_rollback(True)


def resources():
    return Resource.objects.filter(facility__park__slug=demo.PARK).select_related(
        "facility__park", "required_qualification"
    )


def bookings():
    return Booking.objects.filter(resource__facility__park__slug=demo.PARK).select_related(
        "resource__facility__park", "person", "organisation", "project"
    )


def anchor() -> dt.date:
    first = resources().order_by("created_at").first()
    return timezone.localtime(first.created_at, BAKU).date()


def person(email: str) -> Person:
    return Person.objects.get(email=email)


def dump() -> dict[str, list[tuple]]:
    """The demo's rows, for comparing two loads."""
    return {
        "resources": list(resources().order_by("pk").values_list()),
        "facilities": list(Facility.objects.order_by("pk").values_list()),
        "bookings": list(bookings().order_by("pk").values_list()),
        "projects": list(Project.objects.order_by("pk").values_list()),
        "outputs": list(Output.objects.order_by("pk").values_list()),
        "closures": list(Closure.objects.order_by("pk").values_list()),
        "incidents": list(Incident.objects.order_by("pk").values_list()),
        "waiting": list(WaitingEntry.objects.order_by("pk").values_list()),
        "trainings": list(Event.objects.order_by("pk").values_list()),
    }


# --- facilities and resources -------------------------------------------------------------
def test_about_30_resources_in_six_facilities_named_in_three_languages(loaded):
    facilities = Facility.objects.filter(park__slug=demo.PARK)
    assert {f.kind for f in facilities} == set(Facility.Kind.values)
    assert all(f.site.name == demo.SITE for f in facilities)
    items = list(resources())
    assert 28 <= len(items) <= 34
    assert len({r.slug for r in items}) == len(items)
    for item in [*facilities, *items]:
        for field_name in ("name", "description"):
            texts = [getattr(item, f"{field_name}_{lang}") for lang in ("en", "az", "tr")]
            assert all(texts), (item.slug, field_name)
        assert item.name_az != item.name_en or item.name_tr != item.name_en, item.slug
    instruments = [r for r in items if r.kind in (Resource.Kind.INSTRUMENT, Resource.Kind.MACHINE)]
    assert all(r.manufacturer and r.model for r in instruments)
    for item in [*facilities, *items]:
        item.full_clean()


def test_booking_rules_vary_as_in_a_real_park(loaded):
    by_slug = {r.slug: r for r in resources()}
    assert sum(r.slot_minutes is not None for r in by_slug.values()) >= 10
    assert sum(r.slot_minutes is None for r in by_slug.values()) >= 10
    assert {"htp-sem", "htp-mask-aligner", "htp-clean-room-bay-1"} <= {
        slug for slug, r in by_slug.items() if r.requires_approval
    }
    assert sum(r.max_hours_per_week_person is not None for r in by_slug.values()) >= 5
    assert sum(r.no_show_minutes is not None for r in by_slug.values()) >= 5
    priced = [r for r in by_slug.values() if not r.is_free_of_charge]
    assert len(priced) >= 20 and all(r.currency == "AZN" for r in priced)
    assert all(
        r.price_resident <= r.price_partner <= r.price_external
        for r in priced
        if r.price_resident is not None
    )
    linked = {r.slug: {o.slug for o in r.linked_resources.all()} for r in by_slug.values()}
    assert linked["htp-mask-aligner"] == {"htp-clean-room-bay-1"}
    assert linked["htp-sem"] == {"htp-sem-room"}
    assert by_slug["htp-coworking"].capacity == 20
    rooms = [r for r in by_slug.values() if r.kind == Resource.Kind.MEETING_ROOM]
    assert len(rooms) == 3 and all(r.capacity == 1 for r in rooms)
    assert not by_slug["htp-sem-room"].is_bookable


# --- qualifications and trainings -----------------------------------------------------------
def test_every_qualification_needed_has_an_upcoming_training(loaded):
    needed = {r.required_qualification for r in resources() if r.required_qualification}
    assert {q.name_en for q in needed} == {
        "SEM operator",
        "Clean room gowning and safety",
        "CNC machining safety",
        LASER_QUALIFICATION["en"],
    }
    for qualification in needed:
        assert qualification.name_az and qualification.name_tr
        training = services.next_training(qualification)
        assert training is not None, qualification
        assert training.kind == Event.Kind.TRAINING and training.starts_at > timezone.now()
        assert training.certificate_min_attendance and training.sessions.count() >= 2
        assert training.site.park.slug == demo.PARK
        assert training.registration_is_open()
        training.full_clean()
    laser = Resource.objects.get(slug="htp-laser-cutter")
    assert laser.required_qualification.name_en == LASER_QUALIFICATION["en"]


def test_booking_without_the_qualification_names_the_next_training(loaded):
    sem = Resource.objects.get(slug="htp-sem")
    newcomer = person("ramil.zeynalov@sumqayit-polimer.example")
    day = anchor() + dt.timedelta(days=20)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(10), BAKU)
    with pytest.raises(ValidationError) as refused:
        services.book(
            actor=newcomer, resource=sem, starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
    assert refused.value.error_list[0].code == "qualification"
    training = services.next_training(sem.required_qualification)
    assert training.title in refused.value.messages[0]


def test_people_who_book_gated_resources_hold_the_qualification(loaded):
    gated = [b for b in bookings() if b.resource.required_qualification_id]
    assert len(gated) >= 40
    for booking in gated:
        assert services.holds_qualification(
            booking.person, booking.resource.required_qualification, booking.starts_at
        ), booking


# --- a month of bookings --------------------------------------------------------------------
def test_a_month_of_bookings_around_the_day_loaded(loaded):
    day = anchor()
    now = timezone.now()
    main = [b for b in bookings() if b.linked_to_id is None]
    days = {timezone.localtime(b.starts_at, BAKU).date() for b in main}
    assert min(days) <= day - dt.timedelta(days=18)
    assert max(days) >= day + dt.timedelta(days=8)
    assert max(days) <= day + dt.timedelta(days=40)  # the weekly booking runs on
    past = [b for b in main if b.starts_at < now]
    future = [b for b in main if b.starts_at >= now]
    assert len(past) >= 200 and len(future) >= 30
    statuses = Counter(b.status for b in main)
    assert statuses[Status.NO_SHOW] >= 2
    assert statuses[Status.CANCELLED] >= 3
    assert statuses[Status.DECLINED] >= 1
    assert statuses[Status.PENDING] >= 2
    assert all(b.status != Status.PENDING for b in past)


def test_past_bookings_have_their_usage(loaded):
    now = timezone.now()
    used = [
        b
        for b in bookings()
        if b.linked_to_id is None and b.status == Status.APPROVED and b.ends_at <= now
    ]
    assert len(used) >= 150
    for booking in used:
        assert booking.checked_in_at and booking.checked_out_at, booking
        assert booking.starts_at - services.CHECK_IN_EARLY <= booking.checked_in_at
        assert booking.checked_in_at < booking.ends_at
        assert booking.checked_in_at < booking.checked_out_at <= now
        if booking.resource.no_show_minutes:
            assert booking.checked_in_at < booking.starts_at + dt.timedelta(
                minutes=booking.resource.no_show_minutes
            )
    no_shows = [b for b in bookings() if b.status == Status.NO_SHOW and b.linked_to_id is None]
    assert all(b.resource.no_show_minutes and b.checked_in_at is None for b in no_shows)
    assert all(
        b.cancelled_at == b.starts_at + dt.timedelta(minutes=b.resource.no_show_minutes)
        for b in no_shows
    )
    assert not any(b.checked_in_at for b in bookings() if b.starts_at > now)


def test_bookings_keep_the_resources_rules(loaded):
    for booking in bookings().filter(linked_to__isnull=True):
        resource = booking.resource
        start = timezone.localtime(booking.starts_at, BAKU)
        window = services.opening_window(resource, start.date())
        assert window and window[0] <= booking.starts_at and booking.ends_at <= window[1], booking
        minutes = (booking.ends_at - booking.starts_at).total_seconds() / 60
        assert resource.min_minutes <= minutes <= resource.max_minutes, booking
        if resource.slot_minutes:
            offset = (booking.starts_at - window[0]).total_seconds() / 60
            assert offset % resource.slot_minutes == 0 and minutes % resource.slot_minutes == 0
        assert resource.is_bookable
        expected = services.price_category(booking.organisation, resource)
        assert booking.price_category == expected, booking
        assert booking.hourly_price == services.hourly_price(resource, expected)
        if booking.organisation_id:
            assert booking.person.memberships.filter(organisation=booking.organisation).exists()


def test_never_more_bookings_at_once_than_a_resource_takes(loaded):
    held = {}
    for booking in bookings().filter(status__in=HOLDING):
        held.setdefault(booking.resource, []).append((booking.starts_at, booking.ends_at))
    assert len(held) >= 25
    for resource, intervals in held.items():
        start = min(b for b, _e in intervals)
        end = max(e for _b, e in intervals)
        assert services.peak_overlap(intervals, start, end) <= resource.capacity, resource.slug
    # The co-working area and the workbenches do take several people at once.
    desks = held[Resource.objects.get(slug="htp-coworking")]
    assert services.peak_overlap(desks, min(desks)[0], max(e for _b, e in desks)) > 1


def test_linked_resources_are_booked_together(loaded):
    for booking in bookings().filter(
        resource__slug__in=["htp-mask-aligner", "htp-sem", "htp-pick-and-place"],
        linked_to__isnull=True,
    ):
        linked = list(booking.linked_bookings.all())
        assert len(linked) == 1, booking
        assert (linked[0].starts_at, linked[0].ends_at, linked[0].status) == (
            booking.starts_at,
            booking.ends_at,
            booking.status,
        )
    assert not bookings().filter(resource__slug="htp-sem-room", linked_to__isnull=True).exists()


def test_price_categories_follow_residency_and_partnership(loaded):
    categories = {
        (b.organisation.slug if b.organisation else None, b.price_category) for b in bookings()
    }
    assert ("pusula-robotik", "resident") in categories
    assert ("odlar-robotics", "resident") in categories
    assert ("gebze-technical-university", "partner") in categories
    assert ("azerbaijan-technical-university", "partner") in categories
    assert ("kuzey-muhendislik", "external") in categories
    assert (None, "external") in categories
    assert Counter(c for _o, c in categories).keys() == {"resident", "partner", "external"}


def test_pending_approvals_and_a_weekly_series_skipping_maintenance(loaded):
    pending = bookings().filter(status=Status.PENDING, linked_to__isnull=True)
    assert pending.count() >= 2
    assert all(b.resource.requires_approval for b in pending)
    approved_ahead = bookings().filter(
        status=Status.APPROVED, starts_at__gt=timezone.now(), resource__requires_approval=True
    )
    assert approved_ahead.exclude(decided_by=None).exists()

    series = BookingSeries.objects.get(resource__slug="htp-xrd")
    assert series.bookings.count() >= 3
    assert [item["code"] for item in series.skipped] == ["closed"]
    maintenance = Closure.objects.get(resource__slug="htp-xrd", kind=Closure.Kind.MAINTENANCE)
    day = anchor()
    next_monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=7)
    assert timezone.localtime(maintenance.starts_at, BAKU).date() == next_monday
    skipped = dt.datetime.fromisoformat(series.skipped[0]["starts_at"])
    assert maintenance.starts_at <= skipped < maintenance.ends_at
    assert (
        not bookings()
        .filter(
            resource__slug="htp-xrd",
            status__in=HOLDING,
            starts_at__lt=maintenance.ends_at,
            ends_at__gt=maintenance.starts_at,
        )
        .exists()
    )
    # The clean room closes for a day; nothing is booked in it then.
    recertification = Closure.objects.get(facility__slug="htp-clean-room", resource=None)
    assert (
        not bookings()
        .filter(
            resource__facility__slug="htp-clean-room",
            status__in=HOLDING,
            starts_at__lt=recertification.ends_at,
            ends_at__gt=recertification.starts_at,
        )
        .exists()
    )


def test_waiting_list(loaded):
    entries = WaitingEntry.objects.filter(resource__facility__park__slug=demo.PARK)
    assert {(e.person.email, e.resource.slug, e.status) for e in entries} == {
        ("company.member@korpu.example", "htp-laser-cutter", WaitingEntry.Status.WAITING),
        ("kubra.dogan@mail.example", "htp-resin-printer", WaitingEntry.Status.OFFERED),
    }
    waiting = entries.get(status=WaitingEntry.Status.WAITING)
    assert (
        bookings()
        .filter(
            resource=waiting.resource,
            status=Status.APPROVED,
            starts_at__lte=waiting.starts_at,
            ends_at__gte=waiting.ends_at,
        )
        .exists()
    )
    offered = entries.get(status=WaitingEntry.Status.OFFERED)
    assert offered.offer_expires_at > timezone.now()
    assert (
        bookings()
        .filter(resource=offered.resource, status=Status.CANCELLED, starts_at=offered.starts_at)
        .exists()
    )


def test_the_incidents(loaded):
    incidents = Incident.objects.filter(resource__facility__park__slug=demo.PARK)
    high = incidents.get(severity=Incident.Severity.HIGH)
    assert (high.status, high.took_out_of_service) == (Incident.Status.OPEN, True)
    assert high.resource.slug == "htp-cnc-mill"
    assert high.resource.status == Resource.Status.OUT_OF_SERVICE
    assert high.booking.person == high.reported_by
    assert high.booking.starts_at <= high.reported_at <= high.booking.checked_out_at
    low = incidents.get(severity=Incident.Severity.LOW)
    assert low.status == Incident.Status.RESOLVED and not low.took_out_of_service
    assert low.reported_at < low.resolved_at < timezone.now()
    assert low.resource.status == Resource.Status.IN_SERVICE
    # The people with upcoming bookings of the mill were told.
    upcoming = {
        b.person.email
        for b in bookings().filter(resource=high.resource, status__in=HOLDING)
        if b.ends_at > timezone.now()
    }
    assert upcoming
    told = {address for to, body in loaded.mails if high.title in body for address in to}
    assert upcoming <= told


# --- projects ---------------------------------------------------------------------------------
def test_two_joint_projects_with_devices_produced(loaded):
    projects = Project.objects.filter(park__slug=demo.PARK)
    assert {p.kind for p in projects} == {Project.Kind.RESEARCH, Project.Kind.PRODUCTION}
    for project in projects:
        project.full_clean()
        countries = {project.lead.country} | {o.country for o in project.partners.all()}
        assert countries == {"AZ", "TR"}, project.slug
        assert project.title_az and project.title_tr and project.summary_az
        assert project.memberships.count() >= 4
        assert project.milestones.filter(done_on__isnull=False).exists()
        assert project.milestones.filter(done_on__isnull=True).exists()
        devices = project.outputs.filter(kind=Output.Kind.DEVICE)
        assert sum(o.quantity for o in devices) > 0
        charged = bookings().filter(project=project)
        assert charged.count() >= 20
        used = set(project.resources.values_list("pk", flat=True))
        assert {b.resource_id for b in charged} <= used
        members = set(project.memberships.values_list("person_id", flat=True))
        assert {b.person_id for b in charged} <= members
    kinds = {o.kind for o in Output.objects.filter(project__park__slug=demo.PARK)}
    assert kinds == set(Output.Kind.values)
    production = projects.get(kind=Project.Kind.PRODUCTION)
    assert sum(o.quantity for o in production.outputs.filter(kind="device")) == 360


def test_park_rows_pass_model_validation(loaded):
    park = Park.objects.get(slug=demo.PARK)
    assert park.status == Park.Status.UNDER_CONSTRUCTION  # the directory demo's to say
    residents = Residency.objects.filter(park=park, status=Residency.Status.ACTIVE)
    assert {r.company.slug for r in residents} == set(demo.RESIDENTS)
    agreement = Partnership.objects.get(slug=demo.AGREEMENT)
    assert agreement.parties.filter(slug=park.operator.slug).exists()
    for obj in [*residents, agreement]:
        obj.full_clean()
    for staff in Person.objects.filter(memberships__organisation=park.operator):
        staff.full_clean(exclude=["password"])


# --- demo accounts --------------------------------------------------------------------------
def test_demo_accounts_have_something_to_do(loaded):
    manager = person(demo.PARK_MANAGER)
    assert all(
        rules.can_manage_facility(manager, f) for f in Facility.objects.filter(park__slug=demo.PARK)
    )
    member = person("company.member@korpu.example")
    assert bookings().filter(person=member, starts_at__gt=timezone.now()).exists()
    assert bookings().filter(person=member, checked_out_at__isnull=False).exists()
    specialist = person("specialist@korpu.example")
    assert bookings().filter(person=specialist, resource__slug="htp-coworking").exists()


# --- loading again ------------------------------------------------------------------------------
def test_second_load_changes_nothing(loaded):
    assert loaded.created > 300 and loaded.updated == 0
    before = dump()
    again = demo.load_facilities_demo()
    assert (again.created, again.updated) == (0, 0)
    assert again.tallies["bookings"].unchanged == loaded.tallies["bookings"].created
    assert dump() == before


def test_load_restores_texts_and_leaves_workflow_alone(loaded):
    laser = Resource.objects.get(slug="htp-laser-cutter")
    laser.name_tr = "Başka bir ad"
    laser.max_hours_per_week_person = 99
    laser.save()
    cnc = Resource.objects.get(slug="htp-cnc-mill")
    incident = cnc.incidents.get(severity="high")
    manager = person(demo.staff_email("elshan"))
    services.resolve_incident(actor=manager, incident=incident, resolution="Bearing replaced.")

    result = demo.load_facilities_demo()

    assert (result.created, result.updated) == (0, 1)
    laser.refresh_from_db()
    cnc.refresh_from_db()
    assert (laser.name_tr, laser.max_hours_per_week_person) == ("Lazer kesici", 6)
    assert cnc.status == Resource.Status.IN_SERVICE
    assert not demo.load_facilities_demo().changed


def test_missing_rows_are_named(loaded, monkeypatch):
    Qualification.objects.filter(name_en=LASER_QUALIFICATION["en"]).update(name_en="Renamed")
    with pytest.raises(LookupError, match="Laser cutter safety"):
        demo.load_facilities_demo()
