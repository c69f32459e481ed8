"""The facilities' writes: booking rules and their refusals (nothing written when
refused), approval, linked resources, weekly series, daylight-saving edges, the waiting
list, no-shows, check-in, closures, incidents, qualifications, prices, permissions.

Times are built in the park's zone (Asia/Baku unless a test says Europe/Berlin, which has
daylight saving). Mail is read from the outbox the services write to."""

import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import formats, timezone, translation

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import QualificationGrant
from korpu.facilities import services
from korpu.facilities.models import (
    Booking,
    BookingSeries,
    Closure,
    Incident,
    Project,
    Resource,
    WaitingEntry,
)
from tests.events.factories import EventFactory
from tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ResidencyFactory,
)

from .factories import (
    BookingFactory,
    ClosureFactory,
    ProjectFactory,
    ProjectMemberFactory,
    QualificationFactory,
    QualificationGrantFactory,
    ResourceFactory,
    berlin_dst_change,
    facility_manager,
    future,
    member_of,
)

pytestmark = pytest.mark.django_db
S = Booking.Status
W = WaitingEntry.Status
HOUR = datetime.timedelta(hours=1)
BAKU = ZoneInfo("Asia/Baku")
BERLIN = ZoneInfo("Europe/Berlin")


# --- helpers ----------------------------------------------------------------------------------
def state():
    """Everything a refused change must leave as it was."""
    return {
        "bookings": list(Booking.objects.order_by("pk").values_list("pk", "status")),
        "series": BookingSeries.objects.count(),
        "waiting": list(WaitingEntry.objects.order_by("pk").values_list("pk", "status")),
        "closures": Closure.objects.count(),
        "incidents": list(Incident.objects.order_by("pk").values_list("pk", "status")),
        "resources": list(Resource.objects.order_by("pk").values_list("pk", "status")),
        "grants": list(QualificationGrant.objects.order_by("pk").values_list("pk", "revoked_at")),
        "mail": OutboxMessage.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def refusal(service, **kwargs) -> tuple[str, str]:
    """Call a service that must refuse; check that it wrote nothing; give (code, message)."""
    before = state()
    with pytest.raises(ValidationError) as caught:
        service(**kwargs)
    assert state() == before
    return caught.value.error_list[0].code, caught.value.messages[0]


def denied(service, **kwargs) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        service(**kwargs)
    assert state() == before


def mails() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in OutboxMessage.objects.order_by("pk")]


def when(moment, zone=BAKU) -> str:
    return formats.date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")


def book(actor, resource, start, hours=1.0, **extra):
    end = start + datetime.timedelta(hours=hours)
    return services.book(actor=actor, resource=resource, starts_at=start, ends_at=end, **extra)


def asking(actor, resource, start, hours=1.0, **extra) -> dict:
    """The keyword arguments of a booking request (for ``refusal``)."""
    return {
        "actor": actor,
        "resource": resource,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        **extra,
    }


def next_monday(weeks_ahead: int = 1) -> datetime.date:
    today = timezone.localtime(timezone.now(), BAKU).date()
    return today + datetime.timedelta(days=7 * weeks_ahead - today.weekday())


def at(day: datetime.date, hour: int, minute: int = 0, zone=BAKU) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), zone)


@pytest.fixture
def resource():
    return ResourceFactory()


@pytest.fixture
def manager(resource):
    return facility_manager(resource.facility)


# --- a plain booking ---------------------------------------------------------------------------
def test_booking_is_confirmed_audited_and_mailed(resource, person):
    start = future(2, 10)
    booking = book(person, resource, start, purpose="  XRD scan of thin films  ")
    assert (
        booking.person,
        booking.status,
        booking.starts_at,
        booking.ends_at,
        booking.purpose,
        booking.price_category,
        booking.cost,
    ) == (person, S.APPROVED, start, start + HOUR, "XRD scan of thin films", "external", None)
    assert mails() == [([person.email], f"Booked: {resource.name}, {when(start)}")]
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (
        person,
        "facilities.booking.create",
        str(booking.pk),
    )


# --- every refusal, and nothing written ----------------------------------------------------------
def test_end_before_start_is_refused(resource, person):
    start = future(2, 10)
    assert refusal(
        services.book, actor=person, resource=resource, starts_at=start, ends_at=start
    ) == ("invalid_time", "The end must be after the start.")


def test_times_without_a_zone_are_refused(resource, person):
    naive = datetime.datetime(2030, 1, 1, 10)
    assert refusal(
        services.book, actor=person, resource=resource, starts_at=naive, ends_at=naive + HOUR
    ) == ("invalid_time", "Give the start and the end as dates with times and a time zone.")


def test_past_time_is_refused(resource, person):
    assert refusal(services.book, **asking(person, resource, future(-1, 10))) == (
        "past",
        "This time has already begun or passed; choose a time in the future.",
    )


def test_short_notice_is_refused(person):
    resource = ResourceFactory(min_notice_minutes=3 * 24 * 60)
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "notice",
        f"{resource.name} must be booked at least 4320 minutes ahead.",
    )


def test_too_far_ahead_is_refused(person):
    resource = ResourceFactory(max_days_ahead=10)
    assert refusal(services.book, **asking(person, resource, future(11, 10))) == (
        "too_far_ahead",
        f"{resource.name} can be booked at most 10 days ahead.",
    )


def test_too_short_and_too_long_are_refused(person):
    resource = ResourceFactory(min_minutes=30, max_minutes=120)
    assert refusal(services.book, **asking(person, resource, future(2, 10), hours=0.25)) == (
        "too_short",
        f"A booking of {resource.name} lasts at least 30 minutes.",
    )
    assert refusal(services.book, **asking(person, resource, future(2, 10), hours=3)) == (
        "too_long",
        f"A booking of {resource.name} lasts at most 120 minutes.",
    )


def test_outside_opening_hours_is_refused(person):
    resource = ResourceFactory(opens_at=datetime.time(8), closes_at=datetime.time(18))
    expected = (
        "outside_hours",
        f"{resource.name} is open every day, 8 a.m.–6 p.m.; the booking must fit within them.",
    )
    assert refusal(services.book, **asking(person, resource, future(2, 17, 30))) == expected
    assert refusal(services.book, **asking(person, resource, future(2, 7, 30))) == expected


def test_a_closed_weekday_is_refused(person):
    monday = next_monday()
    resource = ResourceFactory(open_weekdays=[0, 1, 2, 3, 4])
    assert refusal(
        services.book, **asking(person, resource, at(monday + datetime.timedelta(days=5), 10))
    ) == (
        "outside_hours",
        f"{resource.name} is open Mon–Fri, 8 a.m.–8 p.m.; the booking must fit within them.",
    )
    assert book(person, resource, at(monday, 10)).status == S.APPROVED


def test_opening_hours_text_names_runs_of_days():
    def text(days):
        return services.opening_hours_text(ResourceFactory.build(open_weekdays=days))

    assert [text([]), text([0, 1, 2, 3, 4]), text([0, 2, 4]), text([0, 1, 5, 6])] == [
        "every day, 8 a.m.–8 p.m.",
        "Mon–Fri, 8 a.m.–8 p.m.",
        "Mon, Wed, Fri, 8 a.m.–8 p.m.",
        "Mon, Tue, Sat, Sun, 8 a.m.–8 p.m.",
    ]


def test_slots_must_be_kept(person):
    resource = ResourceFactory(slot_minutes=60)
    message = (
        f"{resource.name} is booked in slots of 60 minutes counted from 8 a.m.; choose a "
        "start and an end on them."
    )
    assert refusal(services.book, **asking(person, resource, future(2, 10, 30))) == (
        "slot",
        message,
    )
    assert refusal(services.book, **asking(person, resource, future(2, 10), hours=1.5)) == (
        "slot",
        message,
    )
    assert book(person, resource, future(2, 10), hours=2).status == S.APPROVED


def test_out_of_service_is_refused(person):
    resource = ResourceFactory(status=Resource.Status.OUT_OF_SERVICE)
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "out_of_service",
        f"{resource.name} is out of service and cannot be booked.",
    )


def test_maintenance_window_is_refused(resource, person):
    closure = ClosureFactory(resource=resource, starts_at=future(2, 8), ends_at=future(2, 12))
    assert refusal(services.book, **asking(person, resource, future(2, 11))) == (
        "closed",
        f"{resource.name} is closed then (maintenance, {when(closure.starts_at)} – "
        f"{when(closure.ends_at)}).",
    )
    assert book(person, resource, future(2, 12)).status == S.APPROVED


def test_a_closure_of_the_whole_facility_is_refused(resource, person):
    ClosureFactory(
        resource=None,
        facility=resource.facility,
        kind=Closure.Kind.HOLIDAY,
        starts_at=future(2, 0),
        ends_at=future(3, 0),
    )
    assert refusal(services.book, **asking(person, resource, future(2, 10)))[0] == "closed"


def test_not_bookable_online_is_refused_but_managers_book_it(person):
    resource = ResourceFactory(is_bookable=False)
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "not_bookable",
        f"{resource.name} is booked by the facility managers; contact them.",
    )
    manager = facility_manager(resource.facility)
    booking = book(manager, resource, future(2, 10), person=person)
    assert (booking.person, booking.status) == (person, S.APPROVED)


def test_a_long_purpose_is_refused(resource, person):
    assert refusal(services.book, **asking(person, resource, future(2, 10), purpose="x" * 301)) == (
        "too_long_text",
        "Keep the purpose under 300 characters.",
    )


# --- qualifications ----------------------------------------------------------------------------
def test_no_qualification_names_the_training_and_its_next_session(person):
    licence = QualificationFactory(name="Laser cutter safety")
    resource = ResourceFactory(required_qualification=licence)
    training = EventFactory(
        title="Laser cutter induction",
        grants_qualification=licence,
        starts_at=future(9, 10),
        time_zone="Asia/Baku",
    )
    EventFactory(title="Later induction", grants_qualification=licence, starts_at=future(20, 10))
    EventFactory(
        title="Draft induction",
        grants_qualification=licence,
        starts_at=future(5, 10),
        status="draft",
    )
    session = formats.date_format(timezone.localtime(training.starts_at, BAKU), "DATE_FORMAT")
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "qualification",
        f"Booking {resource.name} needs the “Laser cutter safety” qualification. Take the "
        f"training “Laser cutter induction” (next session {session}); its certificate "
        "grants it.",
    )


def test_no_qualification_and_no_training_says_whom_to_ask(person):
    resource = ResourceFactory(required_qualification=QualificationFactory(name="SEM operator"))
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "qualification",
        f"Booking {resource.name} needs the “SEM operator” qualification. Ask the facility "
        "managers when the next training takes place.",
    )


def test_qualification_expiring_before_the_booking_is_refused(person):
    licence = QualificationFactory(name="SEM operator")
    resource = ResourceFactory(required_qualification=licence)
    expiry = future(3, 9)
    QualificationGrantFactory(person=person, qualification=licence, expires_at=expiry)
    assert book(person, resource, future(2, 10)).status == S.APPROVED
    expires_on = formats.date_format(timezone.localtime(expiry, BAKU))
    assert refusal(services.book, **asking(person, resource, future(4, 10))) == (
        "qualification",
        f"Booking {resource.name} needs the “SEM operator” qualification; yours is no longer "
        f"valid then (it expires {expires_on}). Ask the facility managers when the next "
        "training takes place.",
    )


def test_revoked_qualification_is_refused(person):
    licence = QualificationFactory(name="SEM operator")
    resource = ResourceFactory(required_qualification=licence)
    QualificationGrantFactory(person=person, qualification=licence, revoked_at=timezone.now())
    assert refusal(services.book, **asking(person, resource, future(2, 10))) == (
        "qualification",
        f"Booking {resource.name} needs the “SEM operator” qualification; yours has been "
        "revoked. Ask the facility managers when the next training takes place.",
    )


def test_granting_and_revoking_in_bulk(person):
    licence = QualificationFactory(name="SEM operator", valid_for_months=12)
    resource = ResourceFactory(required_qualification=licence)
    manager = facility_manager(resource.facility)
    others = [PersonFactory(), PersonFactory()]
    holder = PersonFactory()
    QualificationGrantFactory(person=holder, qualification=licence)

    grants = services.grant_qualification(
        actor=manager, qualification=licence, people=[person, *others, holder]
    )
    assert [(grant.person, grant.granted_by) for grant in grants] == [
        (person, manager),
        (others[0], manager),
        (others[1], manager),
    ]
    expected_expiry = grants[0].granted_at.replace(year=grants[0].granted_at.year + 1)
    assert {grant.expires_at for grant in grants} == {expected_expiry}
    assert book(person, resource, future(2, 10)).person == person

    assert refusal(
        services.revoke_qualifications, actor=manager, qualification=licence, people=others
    ) == ("reason_needed", "Say why the qualification is revoked.")
    count = services.revoke_qualifications(
        actor=manager, qualification=licence, people=others, reason="Unsafe handling"
    )
    assert count == 2
    assert [services.holds_qualification(p, licence, future(2, 10)) for p in others] == [
        False,
        False,
    ]
    assert services.holds_qualification(person, licence, future(2, 10))
    assert refusal(services.book, **asking(others[0], resource, future(3, 10)))[0] == (
        "qualification"
    )


def test_only_managers_of_facilities_needing_it_grant_a_qualification(person):
    licence = QualificationFactory()
    resource = ResourceFactory(required_qualification=licence)
    other_manager = facility_manager(ResourceFactory().facility)
    for actor in (person, other_manager):
        denied(services.grant_qualification, actor=actor, qualification=licence, people=[person])
        denied(
            services.revoke_qualifications,
            actor=actor,
            qualification=licence,
            people=None,
            reason="x",
        )
    assert (services.may_grant(facility_manager(resource.facility), licence)) is True


# --- capacity, overlaps, limits ----------------------------------------------------------------
def test_taken_time_is_refused_and_back_to_back_is_fine(resource, person):
    other = PersonFactory()
    book(other, resource, future(2, 10))
    assert refusal(services.book, **asking(person, resource, future(2, 10, 30))) == (
        "taken",
        f"{resource.name} is already booked at this time.",
    )
    before = book(person, resource, future(2, 9))
    after = book(person, resource, future(2, 11))
    assert [(b.starts_at, b.ends_at) for b in (before, after)] == [
        (future(2, 9), future(2, 10)),
        (future(2, 11), future(2, 12)),
    ]


def test_capacity_counts_the_peak_overlap_not_the_bookings(person):
    desks = ResourceFactory(capacity=2, kind=Resource.Kind.DESK)
    a, b, c, d = (PersonFactory() for _ in range(4))
    book(a, desks, future(2, 10))  # 10-11
    book(b, desks, future(2, 11))  # 11-12
    # 10:30-11:30 overlaps both but never two at once: one desk is always free.
    book(c, desks, future(2, 10, 30))
    # Now 10:30-11:00 and 11:00-11:30 hold two each.
    assert refusal(services.book, **asking(d, desks, future(2, 10, 45), hours=0.5)) == (
        "taken",
        f"{desks.name} is already booked at this time.",
    )
    assert book(d, desks, future(2, 11, 30), hours=0.5).status == S.APPROVED


def test_peak_overlap():
    t = future(2, 10)

    def span(a, b):
        return (t + datetime.timedelta(minutes=a), t + datetime.timedelta(minutes=b))

    intervals = [span(0, 60), span(60, 120), span(30, 90), span(100, 200)]
    assert [
        services.peak_overlap(intervals, *span(0, 200)),
        services.peak_overlap(intervals, *span(0, 30)),
        services.peak_overlap(intervals, *span(95, 99)),
        services.peak_overlap(intervals, *span(120, 300)),
        services.peak_overlap([], *span(0, 10)),
    ] == [2, 1, 1, 1, 0]


def test_the_same_person_twice_at_once_is_refused(person):
    desks = ResourceFactory(capacity=5)
    book(person, desks, future(2, 10))
    assert refusal(services.book, **asking(person, desks, future(2, 10, 30))) == (
        "already_booked",
        f"You have already booked {desks.name} at this time.",
    )


def test_weekly_hours_per_person(person):
    resource = ResourceFactory(max_hours_per_week_person=3)
    monday = next_monday()
    book(person, resource, at(monday, 10), hours=2)
    assert refusal(
        services.book, **asking(person, resource, at(monday + datetime.timedelta(days=2), 10), 2)
    ) == (
        "week_limit",
        f"{resource.name} may be booked for at most 3 hours a week per person; you have 2.0 "
        "hours that week.",
    )
    # An hour more fits, and the next week starts afresh; others are not counted.
    book(person, resource, at(monday + datetime.timedelta(days=2), 10), hours=1)
    book(person, resource, at(monday + datetime.timedelta(days=7), 10), hours=3)
    book(PersonFactory(), resource, at(monday, 14), hours=3)


def test_weekly_hours_per_company(person):
    resource = ResourceFactory(max_hours_per_week_company=3, capacity=2)
    company = OrganisationFactory(name="Gebze Optik")
    first, second = member_of(company), member_of(company)
    monday = next_monday()
    book(first, resource, at(monday, 10), hours=2, organisation=company)
    assert refusal(
        services.book, **asking(second, resource, at(monday, 13), 2, organisation=company)
    ) == (
        "week_limit",
        f"{resource.name} may be booked for at most 3 hours a week per company; Gebze Optik "
        "has 2.0 hours that week.",
    )
    # Not charged to the company, it is the person's own time.
    assert book(second, resource, at(monday, 13), hours=2).organisation is None


def test_payer_must_be_ones_organisation(resource, person):
    stranger_company = OrganisationFactory()
    assert refusal(
        services.book, **asking(person, resource, future(2, 10), organisation=stranger_company)
    ) == ("payer", "You can only charge bookings to an organisation you belong to.")


def test_project_must_be_ones_own_and_active(resource, person):
    project = ProjectFactory(park=resource.facility.park)
    assert refusal(services.book, **asking(person, resource, future(2, 10), project=project)) == (
        "project",
        "You can only charge bookings to a project you work on.",
    )
    ProjectMemberFactory(project=project, person=person)
    assert book(person, resource, future(2, 10), project=project).project == project
    project.status = Project.Status.COMPLETED
    project.save()
    assert refusal(services.book, **asking(person, resource, future(2, 12), project=project)) == (
        "project",
        f"The project “{project.title}” is completed; bookings can no longer be charged to it.",
    )
    # Members of the lead organisation may charge it too.
    lead_member = member_of(ProjectFactory(park=resource.facility.park).lead)
    led = lead_member.memberships.get().organisation.led_park_projects.get()
    assert book(lead_member, resource, future(2, 14), project=led).project == led


# --- permissions -------------------------------------------------------------------------------
def test_booking_for_someone_else_needs_a_manager(resource, person, manager):
    other = PersonFactory()
    denied(services.book, **asking(other, resource, future(2, 10), person=person))
    # A manager books for them, even at short notice.
    resource.min_notice_minutes = 48 * 60
    resource.save()
    booking = book(manager, resource, future(1, 10), person=person)
    assert (booking.person, booking.status) == (person, S.APPROVED)
    assert mails() == [([person.email], f"Booked: {resource.name}, {when(future(1, 10))}")]


def test_someone_elses_booking_is_out_of_reach(resource, person):
    booking = book(person, resource, future(2, 10))
    other = PersonFactory()
    denied(services.cancel, actor=other, booking=booking)
    denied(services.check_in, actor=other, booking=booking, at=future(2, 10))
    denied(services.check_out, actor=other, booking=booking)
    denied(services.decide, actor=other, booking=booking, approve=True)
    denied(services.decide, actor=person, booking=booking, approve=True)


def test_anonymous_cannot_book(resource):
    from django.contrib.auth.models import AnonymousUser

    denied(services.book, **asking(AnonymousUser(), resource, future(2, 10)))


# --- cancellation ------------------------------------------------------------------------------
def test_person_cancels_before_the_start_managers_also_after(resource, person, manager):
    booking = book(person, resource, future(2, 10))
    cancelled = services.cancel(actor=person, booking=booking, reason="plans changed")
    assert (cancelled.status, cancelled.cancelled_at is not None) == (S.CANCELLED, True)
    assert refusal(services.cancel, actor=person, booking=booking) == (
        "not_active",
        "This booking is not active.",
    )
    # A cancelled time is free again.
    again = book(person, resource, future(2, 10))
    OutboxMessage.objects.all().delete()
    services.cancel(actor=manager, booking=again, reason="Visiting delegation")
    [message] = OutboxMessage.objects.all()
    assert (message.to, message.subject) == (
        [person.email],
        f"Cancelled: {resource.name}, {when(future(2, 10))}",
    )
    assert "Reason: Visiting delegation" in message.body.splitlines()


def test_a_booking_under_way_is_cancelled_only_by_managers(resource, person, manager):
    booking = book(person, resource, future(2, 10))
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=timezone.now() - HOUR, ends_at=timezone.now() + HOUR
    )
    assert refusal(services.cancel, actor=person, booking=booking) == (
        "started",
        "A booking that has begun cannot be cancelled.",
    )
    assert services.cancel(actor=manager, booking=booking).status == S.CANCELLED


def test_mail_to_someone_speaking_turkish_gives_dates_and_links_in_turkish(
    resource, person, manager
):
    person.preferred_language = "tr"
    person.save()
    booking = book(person, resource, future(2, 10))
    OutboxMessage.objects.all().delete()
    services.cancel(actor=manager, booking=booking)
    [message] = OutboxMessage.objects.all()
    with translation.override("tr"):
        date_tr = formats.date_format(
            timezone.localtime(booking.starts_at, BAKU), "DATETIME_FORMAT"
        )
    assert date_tr != when(booking.starts_at)
    assert message.subject.endswith(date_tr)
    assert f"{settings.KORPU_SITE_URL}/tr/labs/my/" in message.body.splitlines()


# --- approval ----------------------------------------------------------------------------------
@pytest.fixture
def approved_resource():
    return ResourceFactory(requires_approval=True)


def test_pending_booking_holds_the_time_until_approved(approved_resource, person):
    resource = approved_resource
    manager = facility_manager(resource.facility)
    start = future(2, 10)
    booking = book(person, resource, start, purpose="Thin film deposition")
    assert booking.status == S.PENDING
    assert mails() == [
        ([person.email], f"Awaiting approval: {resource.name}, {when(start)}"),
        ([manager.email], f"To approve: {resource.name}, {when(start)}"),
    ]
    assert refusal(services.book, **asking(PersonFactory(), resource, start))[0] == "taken"

    OutboxMessage.objects.all().delete()
    decided = services.decide(actor=manager, booking=booking, approve=True, note="Bring samples")
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        S.APPROVED,
        manager,
        "Bring samples",
    )
    assert mails() == [([person.email], f"Approved: {resource.name}, {when(start)}")]
    assert refusal(services.decide, actor=manager, booking=booking, approve=False, note="x") == (
        "not_pending",
        "This booking is no longer awaiting approval.",
    )


def test_managers_book_without_approval(approved_resource, person):
    manager = facility_manager(approved_resource.facility)
    assert book(manager, approved_resource, future(2, 10), person=person).status == S.APPROVED


def test_declining_needs_a_reason_frees_the_time_and_offers_it(approved_resource, person):
    resource = approved_resource
    manager = facility_manager(resource.facility)
    start = future(2, 10)
    booking = book(person, resource, start)
    waiting = PersonFactory()
    entry = services.join_waiting_list(
        actor=waiting, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    assert refusal(services.decide, actor=manager, booking=booking, approve=False) == (
        "reason_needed",
        "Say why the booking is declined.",
    )
    OutboxMessage.objects.all().delete()
    declined = services.decide(
        actor=manager, booking=booking, approve=False, note="Instrument reserved for calibration"
    )
    entry.refresh_from_db()
    assert (declined.status, entry.status) == (S.DECLINED, W.OFFERED)
    assert mails() == [
        ([person.email], f"Declined: {resource.name}, {when(start)}"),
        ([waiting.email], f"A time you waited for is free: {resource.name}, {when(start)}"),
    ]


# --- linked resources --------------------------------------------------------------------------
@pytest.fixture
def instrument_in_room():
    instrument = ResourceFactory(name="Laser cutter")
    room = ResourceFactory(
        facility=instrument.facility, name="Workshop room", kind=Resource.Kind.ROOM
    )
    instrument.linked_resources.add(room)
    return instrument, room


def test_linked_resources_are_booked_together_and_cancelled_together(instrument_in_room, person):
    instrument, room = instrument_in_room
    start = future(2, 10)
    booking = book(person, instrument, start)
    [with_it] = booking.linked_bookings.all()
    assert (with_it.resource, with_it.person, with_it.starts_at, with_it.status) == (
        room,
        person,
        start,
        S.APPROVED,
    )
    assert refusal(services.book, **asking(PersonFactory(), room, start))[0] == "taken"
    # Cancelling either cancels both.
    services.cancel(actor=person, booking=with_it)
    assert list(Booking.objects.order_by("pk").values_list("status", flat=True)) == [
        S.CANCELLED,
        S.CANCELLED,
    ]


def test_booking_is_refused_when_the_linked_resource_is_taken(instrument_in_room, person):
    instrument, room = instrument_in_room
    start = future(2, 10)
    book(PersonFactory(), room, start)
    assert refusal(services.book, **asking(person, instrument, start)) == (
        "taken",
        "Workshop room is already booked at this time.",
    )


def test_check_in_covers_the_linked_booking(instrument_in_room, person):
    instrument, _room = instrument_in_room
    booking = book(person, instrument, future(2, 10))
    services.check_in(actor=person, booking=booking, at=future(2, 10, 5))
    assert list(Booking.objects.values_list("checked_in_at", flat=True)) == [
        future(2, 10, 5),
        future(2, 10, 5),
    ]


# --- weekly bookings ---------------------------------------------------------------------------
def test_weekly_booking_skips_a_maintenance_week_and_reports_it(resource, person):
    first = future(2, 10)
    third = first + datetime.timedelta(weeks=2)
    ClosureFactory(resource=resource, starts_at=third - HOUR, ends_at=third + 3 * HOUR)
    result = services.book_weekly(
        actor=person,
        resource=resource,
        starts_at=first,
        ends_at=first + HOUR,
        until=(first + datetime.timedelta(weeks=3)).date(),
    )
    assert [b.starts_at for b in result.bookings] == [
        first,
        first + datetime.timedelta(weeks=1),
        first + datetime.timedelta(weeks=3),
    ]
    assert {b.series for b in result.bookings} == {result.series}
    reason = (
        f"{resource.name} is closed then (maintenance, {when(third - HOUR)} – "
        f"{when(third + 3 * HOUR)})."
    )
    assert result.skipped == [{"starts_at": third, "reason": reason, "code": "closed"}]
    result.series.refresh_from_db()
    assert result.series.skipped == [
        {
            "starts_at": f"{third:%Y-%m-%dT%H:%M:%S}+04:00",
            "reason": reason,
            "code": "closed",
        }
    ]
    [message] = OutboxMessage.objects.all()
    assert (message.to, message.subject) == (
        [person.email],
        f"Weekly booking of {resource.name}: 3 weeks booked",
    )
    assert f"- {when(third)}: {reason}" in message.body.splitlines()


def test_weekly_booking_without_skipping_refuses_all(resource, person):
    first = future(2, 10)
    book(PersonFactory(), resource, first + datetime.timedelta(weeks=1))
    code, message = refusal(
        services.book_weekly,
        actor=person,
        resource=resource,
        starts_at=first,
        ends_at=first + HOUR,
        until=(first + datetime.timedelta(weeks=2)).date(),
        skip_conflicts=False,
    )
    second = when(first + datetime.timedelta(weeks=1))
    assert (code, message) == (
        "taken",
        f"1 week is not available: {second}: {resource.name} is already booked at this time.",
    )


def test_weekly_booking_refuses_a_rule_every_week_breaks(person):
    resource = ResourceFactory(required_qualification=QualificationFactory())
    first = future(2, 10)
    code, _message = refusal(
        services.book_weekly,
        actor=person,
        resource=resource,
        starts_at=first,
        ends_at=first + HOUR,
        until=(first + datetime.timedelta(weeks=2)).date(),
    )
    assert code == "qualification"


def test_weekly_booking_over_a_year_is_refused(resource, person):
    first = future(2, 10)
    assert refusal(
        services.book_weekly,
        actor=person,
        resource=resource,
        starts_at=first,
        ends_at=first + HOUR,
        until=(first + datetime.timedelta(weeks=60)).date(),
    ) == ("invalid_until", "A weekly booking runs for at most 52 weeks.")


# --- daylight saving (Europe/Berlin) -----------------------------------------------------------
@pytest.fixture
def berlin_lab():
    return ResourceFactory(facility__park__time_zone="Europe/Berlin", max_days_ahead=366)


def test_weekly_series_keeps_the_local_time_across_a_clock_change(berlin_lab, person):
    change = berlin_dst_change()
    first = at(change - datetime.timedelta(days=7), 10, zone=BERLIN)
    result = services.book_weekly(
        actor=person,
        resource=berlin_lab,
        starts_at=first,
        ends_at=first + HOUR,
        until=change + datetime.timedelta(days=7),
    )
    local = [timezone.localtime(b.starts_at, BERLIN) for b in result.bookings]
    assert [(t.date(), t.time()) for t in local] == [
        (change - datetime.timedelta(days=7), datetime.time(10)),
        (change, datetime.time(10)),
        (change + datetime.timedelta(days=7), datetime.time(10)),
    ]
    assert [b.ends_at - b.starts_at for b in result.bookings] == [HOUR, HOUR, HOUR]
    utc_hours = [b.starts_at.astimezone(datetime.UTC).hour for b in result.bookings]
    assert utc_hours[0] != utc_hours[1] == utc_hours[2]


def test_opening_hours_are_local_on_both_sides_of_a_clock_change(berlin_lab, person):
    change = berlin_dst_change()
    before, after = change - datetime.timedelta(days=1), change + datetime.timedelta(days=1)
    windows = [services.opening_window(berlin_lab, day) for day in (before, after)]
    assert [(w[0].time(), w[1].time()) for w in windows] == [
        (datetime.time(8), datetime.time(20)),
        (datetime.time(8), datetime.time(20)),
    ]
    opening_before_utc = windows[0][0].astimezone(datetime.UTC)
    opening_after_utc = windows[1][0].astimezone(datetime.UTC)
    assert opening_before_utc.hour != opening_after_utc.hour
    # 08:00 local is bookable on both days, given in UTC.
    for opening in (opening_before_utc, opening_after_utc):
        assert book(person, berlin_lab, opening).starts_at == opening
    # The UTC time of the earlier opening, a day after the change, is 07:00 or 09:00 local:
    # refused before opening when the clocks went back, accepted when they went forward.
    same_utc_later = datetime.datetime.combine(
        after + datetime.timedelta(days=1), opening_before_utc.time(), datetime.UTC
    )
    local_hour = timezone.localtime(same_utc_later, BERLIN).hour
    if local_hour == 7:
        assert refusal(services.book, **asking(person, berlin_lab, same_utc_later))[0] == (
            "outside_hours"
        )
    else:
        assert (local_hour, book(person, berlin_lab, same_utc_later).status) == (9, S.APPROVED)


def test_a_booking_across_the_clock_change_night_counts_real_hours(person):
    """Open round the clock: the night the clocks change is 23 or 25 hours from 00:00
    to 24:00 local; the longest booking is measured in real time."""
    change = berlin_dst_change()
    lab = ResourceFactory(
        facility__park__time_zone="Europe/Berlin",
        max_days_ahead=366,
        opens_at=datetime.time(0),
        closes_at=datetime.time(0),
        max_minutes=24 * 60,
    )
    start = at(change, 0, zone=BERLIN)
    end = at(change + datetime.timedelta(days=1), 0, zone=BERLIN)
    real = end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)
    assert real in (datetime.timedelta(hours=23), datetime.timedelta(hours=25))
    if real > datetime.timedelta(hours=24):
        assert refusal(services.book, actor=person, resource=lab, starts_at=start, ends_at=end) == (
            "too_long",
            f"A booking of {lab.name} lasts at most 1440 minutes.",
        )
    else:
        booking = services.book(actor=person, resource=lab, starts_at=start, ends_at=end)
        assert booking.hours == Decimal(23)


# --- the waiting list --------------------------------------------------------------------------
def test_waiting_is_only_for_a_taken_time(resource, person):
    start = future(2, 10)
    assert refusal(
        services.join_waiting_list,
        actor=person,
        resource=resource,
        starts_at=start,
        ends_at=start + HOUR,
    ) == ("free", "This time is free: book it directly.")
    book(PersonFactory(), resource, start)
    services.join_waiting_list(
        actor=person, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    assert refusal(
        services.join_waiting_list,
        actor=person,
        resource=resource,
        starts_at=start,
        ends_at=start + HOUR,
    ) == ("already_waiting", "You are already waiting for this time.")
    # Other refusals come first: no waiting for a closed time.
    ClosureFactory(resource=resource, starts_at=future(3, 8), ends_at=future(3, 20))
    assert (
        refusal(
            services.join_waiting_list,
            actor=person,
            resource=resource,
            starts_at=future(3, 10),
            ends_at=future(3, 11),
        )[0]
        == "closed"
    )


def test_freed_time_goes_to_the_first_in_line_one_at_a_time(resource):
    holder, first, second, third = (PersonFactory() for _ in range(4))
    start = future(2, 10)
    booking = book(holder, resource, start)
    entries = [
        services.join_waiting_list(
            actor=p, resource=resource, starts_at=start, ends_at=start + HOUR
        )
        for p in (first, second, third)
    ]
    OutboxMessage.objects.all().delete()
    services.cancel(actor=holder, booking=booking)
    for entry in entries:
        entry.refresh_from_db()
    assert [e.status for e in entries] == [W.OFFERED, W.WAITING, W.WAITING]
    assert mails() == [
        ([first.email], f"A time you waited for is free: {resource.name}, {when(start)}")
    ]
    # The offer holds the time against others.
    assert refusal(services.book, **asking(PersonFactory(), resource, start))[0] == "taken"
    # Not taken in time: the offer passes to the next in line.
    assert (
        services.expire_offers(now=entries[0].offer_expires_at + datetime.timedelta(seconds=1)) == 1
    )
    for entry in entries:
        entry.refresh_from_db()
    assert [e.status for e in entries] == [W.EXPIRED, W.OFFERED, W.WAITING]
    assert refusal(services.take_offer, actor=first, entry=entries[0]) == (
        "offer_closed",
        "This offer is no longer open.",
    )
    denied(services.take_offer, actor=third, entry=entries[1])
    # The second declines: the third is offered it, and takes it.
    services.leave_waiting_list(actor=second, entry=entries[1])
    entries[2].refresh_from_db()
    assert entries[2].status == W.OFFERED
    taken = services.take_offer(actor=third, entry=entries[2])
    entries[2].refresh_from_db()
    assert (taken.person, taken.starts_at, taken.status, entries[2].status, entries[2].booking) == (
        third,
        start,
        S.APPROVED,
        W.BOOKED,
        taken,
    )


def test_an_offer_closes_when_the_notice_begins(person):
    resource = ResourceFactory(min_notice_minutes=60)
    start = future(2, 10)
    booking = book(PersonFactory(), resource, start)
    entry = services.join_waiting_list(
        actor=person, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    freed_at = start - 3 * HOUR
    span = {"resource": resource, "starts_at": start, "ends_at": start + HOUR, "now": freed_at}
    # While the booking holds the time, nothing is offered.
    assert services.offer_freed_time(**span) == []
    Booking.objects.filter(pk=booking.pk).update(status=S.CANCELLED)
    # Freed three hours before the start: offered until an hour before it (the notice).
    offered = services.offer_freed_time(**span)
    assert [(e.pk, e.status, e.offer_expires_at) for e in offered] == [
        (entry.pk, W.OFFERED, start - HOUR)
    ]
    # Freed within the notice: too late to offer.
    WaitingEntry.objects.filter(pk=entry.pk).update(status=W.WAITING)
    assert services.offer_freed_time(**{**span, "now": start - HOUR / 2}) == []


def test_a_waiting_entry_is_not_offered_a_closed_time(resource, person, manager):
    start = future(2, 10)
    holder = PersonFactory()
    book(holder, resource, start)
    entry = services.join_waiting_list(
        actor=person, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    closure, cancelled = services.add_closure(
        actor=manager,
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 8),
        ends_at=future(2, 12),
    )
    entry.refresh_from_db()
    assert ([b.person for b in cancelled], entry.status) == ([holder], W.WAITING)
    # Reopened: the time is offered to the one waiting.
    services.remove_closure(actor=manager, closure=closure)
    entry.refresh_from_db()
    assert entry.status == W.OFFERED


def test_leaving_the_waiting_list(resource, person):
    start = future(2, 10)
    book(PersonFactory(), resource, start)
    entry = services.join_waiting_list(
        actor=person, resource=resource, starts_at=start, ends_at=start + HOUR
    )
    denied(services.leave_waiting_list, actor=PersonFactory(), entry=entry)
    assert services.leave_waiting_list(actor=person, entry=entry).status == W.CANCELLED
    assert refusal(services.leave_waiting_list, actor=person, entry=entry) == (
        "not_waiting",
        "You are no longer on this waiting list.",
    )


# --- check-in, check-out, no-shows -------------------------------------------------------------
def test_check_in_window_and_check_out(resource, person):
    start = future(2, 10)
    booking = book(person, resource, start, hours=2)
    message = (
        f"Check-in opens 15 minutes before the start ({when(start)}) and closes at the end of "
        "the booking."
    )
    for too_early_or_late in (start - datetime.timedelta(minutes=16), start + 2 * HOUR):
        assert refusal(services.check_in, actor=person, booking=booking, at=too_early_or_late) == (
            "check_in_time",
            message,
        )
    assert refusal(services.check_out, actor=person, booking=booking, at=start) == (
        "not_checked_in",
        "Check in first.",
    )
    services.check_in(actor=person, booking=booking, at=start - datetime.timedelta(minutes=10))
    assert refusal(services.check_in, actor=person, booking=booking, at=start) == (
        "already_checked_in",
        "You have already checked in to this booking.",
    )
    out = services.check_out(
        actor=person, booking=booking, at=start + datetime.timedelta(minutes=80)
    )
    assert (out.checked_in_at, out.checked_out_at, out.used_hours) == (
        start - datetime.timedelta(minutes=10),
        start + datetime.timedelta(minutes=80),
        Decimal("1.5"),
    )
    assert refusal(services.check_out, actor=person, booking=booking) == (
        "already_checked_out",
        "You have already checked out of this booking.",
    )


def test_no_show_is_released_and_the_rest_offered(person):
    resource = ResourceFactory(no_show_minutes=15)
    start = future(2, 10)
    booking = book(person, resource, start, hours=2)
    waiting = PersonFactory()
    entry = services.join_waiting_list(
        actor=waiting, resource=resource, starts_at=start + HOUR, ends_at=start + 2 * HOUR
    )
    assert services.release_no_shows(now=start + datetime.timedelta(minutes=14)) == 0
    OutboxMessage.objects.all().delete()
    assert services.release_no_shows(now=start + datetime.timedelta(minutes=16)) == 1
    booking.refresh_from_db()
    entry.refresh_from_db()
    assert (booking.status, entry.status, entry.offer_expires_at) == (
        S.NO_SHOW,
        W.OFFERED,
        start + HOUR,
    )
    assert mails() == [
        (
            [waiting.email],
            f"A time you waited for is free: {resource.name}, {when(start + HOUR)}",
        ),
        ([person.email], f"Released: {resource.name}, {when(start)}"),
    ]
    assert services.release_no_shows(now=start + datetime.timedelta(minutes=30)) == 0


def test_checked_in_and_ended_bookings_are_not_released(person):
    resource = ResourceFactory(no_show_minutes=15)
    checked_in = book(person, resource, future(2, 10))
    services.check_in(actor=person, booking=checked_in, at=future(2, 10, 5))
    book(person, resource, future(3, 10))
    assert services.release_no_shows(now=future(2, 10, 30)) == 0
    assert services.release_no_shows(now=future(3, 11, 30)) == 0
    assert [b.status for b in Booking.objects.order_by("pk")] == [S.APPROVED, S.APPROVED]


def test_reminders_go_once_a_day_ahead(resource, person):
    start = future(3, 10)
    booking = book(person, resource, start)
    late = book(person, resource, future(3, 14))
    Booking.objects.filter(pk=late.pk).update(created_at=late.starts_at - 2 * HOUR)
    OutboxMessage.objects.all().delete()
    assert services.send_reminders(now=start - 25 * HOUR) == 0
    assert services.send_reminders(now=start - 20 * HOUR) == 1
    assert services.send_reminders(now=start - 19 * HOUR) == 0
    assert mails() == [([person.email], f"Reminder: {resource.name}, {when(booking.starts_at)}")]


def test_tick_command_releases_no_shows_now():
    now = timezone.now()
    missed = BookingFactory(
        resource=ResourceFactory(no_show_minutes=15),
        starts_at=now - datetime.timedelta(minutes=20),
        ends_at=now + datetime.timedelta(minutes=40),
    )
    out = StringIO()
    call_command("facilities_tick", stdout=out)
    missed.refresh_from_db()
    assert (out.getvalue(), missed.status) == (
        "facilities: 1 no-shows released, 0 offers expired, 0 reminders sent\n",
        S.NO_SHOW,
    )


# --- closures ----------------------------------------------------------------------------------
def test_closure_cancels_overlapping_bookings_and_tells_their_people(resource, person, manager):
    inside = book(person, resource, future(2, 10))
    outside = book(person, resource, future(2, 15))
    other = ResourceFactory(facility=resource.facility)
    elsewhere = book(person, other, future(2, 10))
    OutboxMessage.objects.all().delete()
    closure, cancelled = services.add_closure(
        actor=manager,
        facility=resource.facility,
        resource=resource,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 8),
        ends_at=future(2, 14),
        reason="Laser alignment",
    )
    assert (closure.resource, cancelled) == (resource, [inside])
    assert [
        b.status
        for b in Booking.objects.filter(pk__in=[inside.pk, outside.pk, elsewhere.pk]).order_by("pk")
    ] == [
        S.CANCELLED,
        S.APPROVED,
        S.APPROVED,
    ]
    [message] = OutboxMessage.objects.all()
    assert (message.to, message.subject) == (
        [person.email],
        f"Cancelled: {resource.name}, {when(future(2, 10))}",
    )
    assert "Reason: Maintenance: Laser alignment" in message.body.splitlines()
    assert AuditEntry.objects.filter(action="facilities.closure.create").get().changes[
        "cancelled_bookings"
    ] == [None, [inside.pk]]


def test_closing_a_linked_room_cancels_the_instrument_booking(instrument_in_room, person):
    instrument, room = instrument_in_room
    manager = facility_manager(room.facility)
    booking = book(person, instrument, future(2, 10))
    _closure, cancelled = services.add_closure(
        actor=manager,
        facility=room.facility,
        resource=room,
        kind=Closure.Kind.BLACKOUT,
        starts_at=future(2, 8),
        ends_at=future(2, 12),
    )
    assert cancelled == [booking]
    assert list(Booking.objects.values_list("status", flat=True)) == [S.CANCELLED, S.CANCELLED]


def test_closures_are_for_managers_and_need_sane_times(resource, person, manager):
    denied(
        services.add_closure,
        actor=person,
        facility=resource.facility,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 8),
        ends_at=future(2, 12),
    )
    assert refusal(
        services.add_closure,
        actor=manager,
        facility=resource.facility,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 12),
        ends_at=future(2, 8),
    ) == ("invalid_time", "The end must be after the start.")
    assert refusal(
        services.add_closure,
        actor=manager,
        facility=resource.facility,
        resource=ResourceFactory(),
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(2, 8),
        ends_at=future(2, 12),
    ) == ("invalid", "This resource belongs to another facility.")


# --- incidents ---------------------------------------------------------------------------------
def test_high_severity_incident_takes_the_resource_out_and_tells_those_booked(
    resource, person, manager
):
    colleague = PersonFactory()
    resource.facility.managers.add(colleague)
    book(person, resource, future(2, 10))
    book(person, resource, future(3, 10))
    OutboxMessage.objects.all().delete()
    incident = services.report_incident(
        actor=manager, resource=resource, severity="high", title="Coolant leak"
    )
    resource.refresh_from_db()
    assert (incident.took_out_of_service, resource.status) == (
        True,
        Resource.Status.OUT_OF_SERVICE,
    )
    assert mails() == [
        ([person.email], f"Out of service: {resource.name}"),
        ([colleague.email], f"Incident (high): {resource.name}"),
    ]
    assert refusal(services.book, **asking(PersonFactory(), resource, future(4, 10)))[0] == (
        "out_of_service"
    )
    assert refusal(services.resolve_incident, actor=manager, incident=incident, resolution=" ") == (
        "invalid",
        "Say what was done.",
    )
    services.resolve_incident(actor=manager, incident=incident, resolution="Seal replaced")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.IN_SERVICE
    assert book(PersonFactory(), resource, future(4, 10)).status == S.APPROVED


def test_resource_stays_out_while_another_high_incident_is_open(resource, manager):
    first = services.report_incident(actor=manager, resource=resource, severity="high", title="A")
    second = services.report_incident(actor=manager, resource=resource, severity="high", title="B")
    services.resolve_incident(actor=manager, incident=first, resolution="fixed A")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.OUT_OF_SERVICE
    services.resolve_incident(actor=manager, incident=second, resolution="fixed B")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.IN_SERVICE


def test_low_incident_keeps_the_resource_and_only_bookers_may_report(resource, person, manager):
    denied(services.report_incident, actor=person, resource=resource, severity="low", title="x")
    booking = book(person, resource, future(2, 10))
    incident = services.report_incident(
        actor=person, resource=resource, severity="low", title="Loose knob", booking=booking
    )
    resource.refresh_from_db()
    assert (incident.took_out_of_service, resource.status, incident.reported_by) == (
        False,
        Resource.Status.IN_SERVICE,
        person,
    )
    assert refusal(
        services.report_incident, actor=person, resource=resource, severity="severe", title="x"
    ) == ("invalid", "Choose the severity.")
    denied(services.resolve_incident, actor=person, incident=incident, resolution="done")


# --- prices ------------------------------------------------------------------------------------
def test_price_category_and_cost(person):
    resource = ResourceFactory(
        price_resident=Decimal("10.00"),
        price_partner=Decimal("20.00"),
        price_external=Decimal("30.00"),
    )
    park = resource.facility.park
    resident = OrganisationFactory()
    ResidencyFactory(company=resident, park=park)
    partner = OrganisationFactory()
    PartnershipFactory(parties=[park.operator, partner])
    external = OrganisationFactory()
    assert [
        services.price_category(org, resource) for org in (resident, partner, external, None)
    ] == ["resident", "partner", "external", "external"]
    results = []
    for hour, org in zip((8, 10, 12), (resident, partner, external), strict=True):
        booker = member_of(org)
        booking = book(booker, resource, future(2, hour), hours=1.5, organisation=org)
        results.append((booking.price_category, booking.hourly_price, booking.cost))
    assert results == [
        ("resident", Decimal("10.00"), Decimal("15.00")),
        ("partner", Decimal("20.00"), Decimal("30.00")),
        ("external", Decimal("30.00"), Decimal("45.00")),
    ]


def test_set_resource_status_is_for_managers(resource, person, manager):
    denied(services.set_resource_status, actor=person, resource=resource, status="retired")
    assert refusal(
        services.set_resource_status, actor=manager, resource=resource, status="broken"
    ) == ("invalid", "Choose a status.")
    assert (
        services.set_resource_status(actor=manager, resource=resource, status="retired").status
        == "retired"
    )
