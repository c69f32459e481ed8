"""Services of cohorts, office hours, milestones, monthly figures and placements
(korpu.programs.cohorts), the SVG chart helper, and the booking locks on PostgreSQL."""

import datetime
import threading
import time
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import formats, timezone, translation

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.programs import charts
from korpu.programs import cohorts as services
from korpu.programs.models import (
    CohortSession,
    Mentor,
    MetricReport,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
)
from tests import factories
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


# --- helpers ------------------------------------------------------------------------------
def manager_of(programme):
    return factories.MembershipFactory(organisation=programme.owner, role="manager").person


def company_member(cohort, **person):
    """A company in the cohort and one of its people."""
    membership = factories.MembershipFactory(person=factories.PersonFactory(**person))
    member = pf.CohortMemberFactory(cohort=cohort, company=membership.organisation)
    return member, membership.person


def slot_for(mentor, *, in_hours=72, hours=1, location="Room 4"):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=in_hours)
    return OfficeHourSlot.objects.create(
        mentor=mentor,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        location=location,
    )


def refused(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.messages


def refused_fields(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def mails() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in OutboxMessage.objects.order_by("pk")]


@pytest.fixture
def cohort(db):
    return pf.CohortFactory(programme__time_zone="Europe/Istanbul", name="Spring 2030")


@pytest.fixture
def manager(cohort):
    return manager_of(cohort.programme)


@pytest.fixture
def mentor(cohort):
    person = factories.PersonFactory(
        first_name="Murat", last_name="Kaya", email="murat@mentor.example"
    )
    return pf.MentorFactory(cohort=cohort, person=person, topics="fundraising")


@pytest.fixture
def member(cohort):
    return company_member(cohort, first_name="Leyla", last_name="Aliyeva", email="leyla@acme.az")


# --- sessions and mentors --------------------------------------------------------------------


def test_manager_adds_and_changes_a_session_with_audit(cohort, manager):
    starts = datetime.datetime(2030, 5, 1, 7, 0, tzinfo=datetime.UTC)
    session = services.save_session(
        actor=manager,
        cohort=cohort,
        title=" Pitch training ",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location="Hall A",
    )
    services.save_session(
        actor=manager,
        cohort=cohort,
        session=session,
        title="Pitch training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        location="Hall B",
    )
    session.refresh_from_db()
    assert (session.title, session.ends_at, session.location) == (
        "Pitch training",
        starts + datetime.timedelta(hours=3),
        "Hall B",
    )
    change = AuditEntry.objects.get(action="cohort.session.change")
    assert change.changes == {
        "ends_at": [
            str(starts + datetime.timedelta(hours=2)),
            str(starts + datetime.timedelta(hours=3)),
        ],
        "location": ["Hall A", "Hall B"],
    }


def test_session_must_end_after_it_starts_and_only_managers_plan(cohort, manager, member):
    starts = timezone.now()
    assert refused_fields(
        services.save_session,
        actor=manager,
        cohort=cohort,
        title="Demo day",
        starts_at=starts,
        ends_at=starts,
    ) == {"ends_at": ["The end must be after the start."]}
    with pytest.raises(PermissionDenied):
        services.save_session(
            actor=member[1],
            cohort=cohort,
            title="Demo day",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
    assert CohortSession.objects.count() == 0


def test_mentor_is_added_by_email_and_told(cohort, manager):
    person = factories.PersonFactory(email="ayse@mentor.example", preferred_language="tr")
    mentor = services.add_mentor(
        actor=manager, cohort=cohort, email=" AYSE@mentor.example ", topics="export"
    )
    assert (mentor.person, mentor.topics) == (person, "export")
    assert [m[0] for m in mails()] == [["ayse@mentor.example"]]
    assert refused_fields(
        services.add_mentor, actor=manager, cohort=cohort, email="ayse@mentor.example"
    ) == {"email": [f"{person.full_name} already mentors this cohort."]}
    assert refused_fields(
        services.add_mentor, actor=manager, cohort=cohort, email="nobody@example.org"
    ) == {"email": ["Nobody has an account with this e-mail address. Ask them to sign up first."]}
    assert Mentor.objects.count() == 1


def test_mentor_with_meetings_ahead_cannot_be_removed(cohort, manager, mentor, member):
    services.book_slot(actor=member[1], slot=slot_for(mentor), member=member[0], topic="Seed")
    assert refused(services.remove_mentor, actor=manager, mentor=mentor) == [
        "Murat Kaya still has 1 meeting(s) booked. Cancel them first, so the members are told."
    ]
    OfficeHourBooking.objects.all().delete()
    services.remove_mentor(actor=manager, mentor=mentor)
    assert Mentor.objects.count() == 0


# --- office hours ---------------------------------------------------------------------------
def test_weekly_slots_keep_the_local_time_of_the_programme(mentor):
    istanbul = services.programme_zone(mentor.cohort.programme)
    start = (timezone.now() + datetime.timedelta(days=2)).astimezone(istanbul)
    start = start.replace(hour=10, minute=0, second=0, microsecond=0)
    slots = services.publish_slots(
        actor=mentor.person,
        mentor=mentor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        location="https://meet.example/murat",
        repeat_weeks=2,
    )
    assert [
        (s.starts_at.astimezone(istanbul).strftime("%H:%M"), (s.starts_at - start).days)
        for s in slots
    ] == [("10:00", 0), ("10:00", 7), ("10:00", 14)]
    assert [s.hours for s in slots] == [Decimal("0.75")] * 3
    entry = AuditEntry.objects.get(action="office_hours.publish")
    assert entry.changes == {"slots": [None, [s.starts_at.isoformat() for s in slots]]}


def test_publishing_refuses_overlaps_the_past_long_slots_and_other_people(mentor, member):
    existing = slot_for(mentor, in_hours=48)
    other_cohort = pf.MentorFactory(person=mentor.person)  # the same person elsewhere
    half_way = existing.starts_at + datetime.timedelta(minutes=30)
    local = existing.starts_at.astimezone(services.programme_zone(mentor.cohort.programme))
    assert refused(
        services.publish_slots,
        actor=mentor.person,
        mentor=other_cohort,
        starts_at=half_way,
        ends_at=half_way + datetime.timedelta(hours=1),
    ) == [f"You already offer a slot at {local:%Y-%m-%d %H:%M} that overlaps this one."]
    past = timezone.now() - datetime.timedelta(hours=1)
    assert refused_fields(
        services.publish_slots,
        actor=mentor.person,
        mentor=mentor,
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=1),
    ) == {"starts_at": ["Offer a time in the future."]}
    soon = timezone.now() + datetime.timedelta(days=10)
    assert refused_fields(
        services.publish_slots,
        actor=mentor.person,
        mentor=mentor,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=9),
    ) == {"ends_at": ["A slot lasts at most 8 hours."]}
    with pytest.raises(PermissionDenied):
        services.publish_slots(
            actor=member[1],
            mentor=mentor,
            starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=1),
        )
    assert OfficeHourSlot.objects.count() == 1


def test_member_books_a_free_slot_and_both_sides_are_mailed(mentor, member):
    company, leyla = member
    slot = slot_for(mentor)
    booking = services.book_slot(actor=leyla, slot=slot, member=company, topic=" Seed round ")
    assert (booking.slot, booking.member, booking.booked_by, booking.topic) == (
        slot,
        company,
        leyla,
        "Seed round",
    )
    local = slot.starts_at.astimezone(services.programme_zone(mentor.cohort.programme))
    with translation.override("en"):
        when = formats.date_format(local, "DATETIME_FORMAT")
    assert [m[0] for m in mails()] == [["murat@mentor.example"], ["leyla@acme.az"]]
    bodies = [m.body for m in OutboxMessage.objects.order_by("pk")]
    assert [f"{when} – " in body and "(Europe/Istanbul)" in body for body in bodies] == [True] * 2
    assert ["Topic: Seed round" in body for body in bodies] == [True] * 2
    entry = AuditEntry.objects.get(action="office_hours.book")
    assert (entry.actor, entry.changes) == (
        leyla,
        {"slot": [None, slot.pk], "member": [None, company.pk], "topic": [None, "Seed round"]},
    )


def test_a_booked_slot_cannot_be_booked_again(cohort, mentor, member):
    slot = slot_for(mentor)
    services.book_slot(actor=member[1], slot=slot, member=member[0], topic="Seed")
    other, other_person = company_member(cohort)
    assert refused(
        services.book_slot, actor=other_person, slot=slot, member=other, topic="Hiring"
    ) == ["Someone else has just booked this slot. Please choose another one."]
    assert list(OfficeHourBooking.objects.values_list("member", flat=True)) == [member[0].pk]


def test_booking_rules(cohort, mentor, member):
    company, leyla = member
    assert refused_fields(
        services.book_slot, actor=leyla, slot=slot_for(mentor), member=company, topic="  "
    ) == {"topic": ["Say what you would like to discuss."]}
    started = slot_for(mentor, in_hours=-1, hours=2)
    assert refused(services.book_slot, actor=leyla, slot=started, member=company, topic="Seed") == [
        "This slot has already started."
    ]
    elsewhere = slot_for(pf.MentorFactory(), in_hours=200)
    assert refused(
        services.book_slot, actor=leyla, slot=elsewhere, member=company, topic="Seed"
    ) == ["This slot belongs to another cohort."]
    own_member, _ = company_member(cohort)
    factories.MembershipFactory(organisation=own_member.company, person=mentor.person)
    assert refused(
        services.book_slot,
        actor=mentor.person,
        slot=slot_for(mentor, in_hours=300),
        member=own_member,
        topic="Self",
    ) == ["You cannot book your own office hours."]
    with pytest.raises(PermissionDenied):  # not one of the company's people
        services.book_slot(
            actor=factories.PersonFactory(),
            slot=slot_for(mentor, in_hours=400),
            member=company,
            topic="Seed",
        )
    assert OfficeHourBooking.objects.count() == 0


def test_a_member_cannot_be_in_two_meetings_at_once(cohort, mentor, member):
    first = slot_for(mentor, in_hours=72)
    second_mentor = pf.MentorFactory(cohort=cohort)
    clash = OfficeHourSlot.objects.create(
        mentor=second_mentor,
        starts_at=first.starts_at + datetime.timedelta(minutes=30),
        ends_at=first.ends_at + datetime.timedelta(minutes=30),
    )
    services.book_slot(actor=member[1], slot=first, member=member[0], topic="Seed")
    assert refused(
        services.book_slot, actor=member[1], slot=clash, member=member[0], topic="Hiring"
    ) == [f"{member[0].name} already has a meeting at this time."]


def test_the_cohort_caps_mentoring_hours_per_member(cohort, mentor, member):
    cohort.max_mentor_hours_per_member = Decimal("1.5")
    cohort.save()
    company, leyla = member
    services.book_slot(actor=leyla, slot=slot_for(mentor, in_hours=50), member=company, topic="A")
    assert refused(
        services.book_slot,
        actor=leyla,
        slot=slot_for(mentor, in_hours=60),
        member=company,
        topic="B",
    ) == [
        f"This meeting would take {company.name} over the cohort's limit of 1.5 hours of "
        "mentoring (1 hours booked already)."
    ]
    # Exactly up to the cap is fine; colleagues of the company share the allowance.
    colleague = factories.MembershipFactory(organisation=company.company).person
    services.book_slot(
        actor=colleague, slot=slot_for(mentor, in_hours=70, hours=0.5), member=company, topic="C"
    )
    assert services.booked_hours(company.pk) == Decimal("1.5")
    assert refused(
        services.book_slot,
        actor=colleague,
        slot=slot_for(mentor, in_hours=80, hours=0.25),
        member=company,
        topic="D",
    ) == [
        f"This meeting would take {company.name} over the cohort's limit of 1.5 hours of "
        "mentoring (1.5 hours booked already)."
    ]


def test_member_cancels_a_day_ahead_and_the_slot_is_free_again(cohort, mentor, member):
    company, leyla = member
    slot = slot_for(mentor, in_hours=25)
    booking = services.book_slot(actor=leyla, slot=slot, member=company, topic="Seed")
    OutboxMessage.objects.all().delete()
    services.cancel_booking(actor=leyla, booking=booking)
    assert OfficeHourBooking.objects.count() == 0
    assert sorted(m[0][0] for m in mails()) == ["leyla@acme.az", "murat@mentor.example"]
    assert AuditEntry.objects.filter(action="office_hours.cancel", actor=leyla).count() == 1
    other, other_person = company_member(cohort)
    services.book_slot(actor=other_person, slot=slot, member=other, topic="Hiring")


def test_member_cannot_cancel_within_24_hours_but_the_mentor_can(mentor, member):
    company, leyla = member
    booking = services.book_slot(
        actor=leyla, slot=slot_for(mentor, in_hours=23), member=company, topic="Seed"
    )
    assert refused(services.cancel_booking, actor=leyla, booking=booking) == [
        "Bookings can be cancelled up to 24 hours before the meeting. Please write to the "
        "mentor instead."
    ]
    with pytest.raises(PermissionDenied):
        services.cancel_booking(actor=factories.PersonFactory(), booking=booking)
    services.cancel_booking(actor=mentor.person, booking=booking)
    assert OfficeHourBooking.objects.count() == 0
    assert refused(services.cancel_booking, actor=mentor.person, booking=booking) == [
        "This booking was already cancelled."
    ]


def test_a_started_meeting_cannot_be_cancelled(mentor, member):
    slot = slot_for(mentor, in_hours=48)
    booking = services.book_slot(actor=member[1], slot=slot, member=member[0], topic="Seed")
    OfficeHourSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert refused(services.cancel_booking, actor=mentor.person, booking=booking) == [
        "This meeting has already started; it can no longer be cancelled."
    ]


def test_only_the_mentor_withdraws_a_slot_and_only_a_free_one(mentor, member):
    booked, free = slot_for(mentor, in_hours=30), slot_for(mentor, in_hours=40)
    services.book_slot(actor=member[1], slot=booked, member=member[0], topic="Seed")
    assert refused(services.delete_slot, actor=mentor.person, slot=booked) == [
        "This slot is booked: cancel the booking first."
    ]
    with pytest.raises(PermissionDenied):
        services.delete_slot(actor=member[1], slot=free)
    services.delete_slot(actor=mentor.person, slot=free)
    assert list(OfficeHourSlot.objects.all()) == [booked]


# --- milestones -----------------------------------------------------------------------------
def test_manager_sets_milestones_and_the_company_reports_progress(cohort, manager, member):
    company, leyla = member
    due = datetime.date(2030, 6, 30)
    milestone = services.add_milestone(actor=manager, member=company, title="MVP", due_on=due)
    with pytest.raises(PermissionDenied):
        services.add_milestone(actor=leyla, member=company, title="Mine", due_on=due)
    assert refused_fields(
        services.report_milestone_progress, actor=leyla, milestone=milestone, status="done"
    ) == {"evidence": ["Say what shows it is done, or give a link."]}
    assert refused_fields(
        services.report_milestone_progress,
        actor=leyla,
        milestone=milestone,
        status="nonsense",
        evidence_url="javascript:alert(1)",
    ) == {
        "status": ["Choose a status."],
        "evidence_url": ["Enter a web address starting with https://."],
    }
    services.report_milestone_progress(
        actor=leyla,
        milestone=milestone,
        status="done",
        evidence="Shipped to 3 pilot customers.",
        evidence_url="https://acme.az/release",
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence, milestone.evidence_url) == (
        "done",
        "Shipped to 3 pilot customers.",
        "https://acme.az/release",
    )
    with pytest.raises(PermissionDenied):  # a mentor or manager does not report for them
        services.report_milestone_progress(
            actor=manager, milestone=milestone, status="missed", evidence="x"
        )
    assert AuditEntry.objects.get(action="cohort.milestone.progress").changes == {
        "status": ["planned", "done"],
        "evidence": ["", "Shipped to 3 pilot customers."],
        "evidence_url": ["", "https://acme.az/release"],
    }


def test_overdue_means_past_due_and_not_finished():
    today = datetime.date(2030, 5, 10)
    cases = [
        (datetime.date(2030, 5, 9), "planned"),
        (datetime.date(2030, 5, 9), "in_progress"),
        (datetime.date(2030, 5, 9), "done"),
        (datetime.date(2030, 5, 9), "missed"),
        (datetime.date(2030, 5, 10), "planned"),
    ]
    assert [
        services.is_overdue(Milestone(due_on=due, status=status), today) for due, status in cases
    ] == [True, True, False, False, False]


# --- monthly figures ------------------------------------------------------------------------
def test_one_report_per_month_a_second_one_updates_it(member):
    company, leyla = member
    this_month = services.month_start(services.local_today(company.cohort.programme))
    report, created = services.save_metric_report(
        actor=leyla, member=company, period=this_month.replace(day=1), employees=5, revenue="1000"
    )
    assert created is True
    again, created = services.save_metric_report(
        actor=leyla,
        member=company,
        period=this_month,
        employees=6,
        revenue="1200.50",
        customers=3,
    )
    assert (created, again.pk) == (False, report.pk)
    assert list(
        MetricReport.objects.values_list(
            "period", "employees", "revenue", "funding_raised", "customers"
        )
    ) == [(this_month, 6, Decimal("1200.50"), None, 3)]
    assert AuditEntry.objects.get(action="cohort.metrics.change").changes == {
        "customers": [None, 3],
        "employees": [5, 6],
        "revenue": ["1000.00", "1200.50"],
    }


def test_figures_are_validated_and_nothing_half_saved(member):
    company, leyla = member
    today = services.local_today(company.cohort.programme)
    next_month = (services.month_start(today) + datetime.timedelta(days=32)).replace(day=1)
    assert refused_fields(
        services.save_metric_report,
        actor=leyla,
        member=company,
        period=next_month,
        employees=-1,
        revenue="-5",
        funding_raised="lots",
        customers="1e99",
    ) == {
        "period": ["You can only report a month that has begun."],
        "employees": ["Enter zero or more."],
        "revenue": ["Enter zero or more."],
        "funding_raised": ["Enter an amount."],
        "customers": ["Enter a whole number."],
    }
    assert refused(services.save_metric_report, actor=leyla, member=company, period=today) == [
        "Enter at least one figure."
    ]
    assert refused_fields(
        services.save_metric_report, actor=leyla, member=company, period=None, employees=1
    ) == {"period": ["Choose the month."]}
    assert refused_fields(
        services.save_metric_report,
        actor=leyla,
        member=company,
        period=today,
        revenue="1000000000000",
    ) == {"revenue": ["This amount is too large."]}
    with pytest.raises(PermissionDenied):
        services.save_metric_report(
            actor=factories.PersonFactory(), member=company, period=today, employees=1
        )
    assert MetricReport.objects.count() == 0


def test_history_fills_missing_months_with_gaps(member):
    company, _ = member
    MetricReport.objects.create(member=company, period=datetime.date(2029, 11, 1), employees=4)
    MetricReport.objects.create(
        member=company, period=datetime.date(2030, 1, 1), employees=6, customers=2
    )
    assert [
        (row["period"], row["employees"], row["customers"])
        for row in services.metric_history(company)
    ] == [
        (datetime.date(2029, 11, 1), 4, None),
        (datetime.date(2029, 12, 1), None, None),
        (datetime.date(2030, 1, 1), 6, 2),
    ]


# --- placements -----------------------------------------------------------------------------
@pytest.fixture
def exchange(db):
    programme = pf.ProgrammeFactory(kind="specialist_exchange")
    host = factories.OrganisationFactory(name="Host Lab", country="AZ")
    host_mentor = factories.MembershipFactory(
        organisation=host, person__email="rashad@host.az"
    ).person
    specialist = factories.PersonFactory(email="elif@young.example", country="TR")
    return {
        "programme": programme,
        "manager": manager_of(programme),
        "host": host,
        "host_mentor": host_mentor,
        "host_manager": factories.MembershipFactory(organisation=host, role="manager").person,
        "specialist": specialist,
    }


def place(exchange, **changes):
    data = {
        "actor": exchange["manager"],
        "programme": exchange["programme"],
        "specialist_email": "elif@young.example",
        "host": exchange["host"],
        "host_mentor_email": "rashad@host.az",
        "starts_on": datetime.date(2030, 9, 1),
        "ends_on": datetime.date(2030, 11, 30),
        "learning_goals": "Clean-room work",
    }
    data.update(changes)
    return data


def test_manager_creates_a_placement_and_both_are_told(exchange):
    placement = services.create_placement(**place(exchange))
    assert (
        placement.specialist,
        placement.host_mentor,
        placement.status,
        placement.learning_goals,
    ) == (exchange["specialist"], exchange["host_mentor"], "planned", "Clean-room work")
    assert [m[0] for m in mails()] == [["elif@young.example"], ["rashad@host.az"]]
    assert AuditEntry.objects.filter(action="placement.create").count() == 1


def test_placement_plans_are_validated(exchange):
    assert refused_fields(
        services.create_placement, **place(exchange, specialist_email="ghost@example.org")
    ) == {
        "specialist_email": [
            "Nobody has an account with this e-mail address. Ask them to sign up first."
        ]
    }
    outsider = factories.PersonFactory(email="someone@else.example")
    assert refused_fields(
        services.create_placement,
        **place(
            exchange,
            host_mentor_email=outsider.email,
            ends_on=datetime.date(2030, 8, 1),
        ),
    ) == {
        "host_mentor_email": ["The host mentor must be a member of Host Lab."],
        "ends_on": ["The end must not be before the start."],
    }
    services.create_placement(**place(exchange))
    assert refused_fields(
        services.create_placement,
        **place(exchange, starts_on=datetime.date(2030, 11, 1), ends_on=datetime.date(2031, 1, 1)),
    ) == {
        "starts_on": [f"{exchange['specialist'].full_name} is already placed during these dates."]
    }
    with pytest.raises(PermissionDenied):
        services.create_placement(**place(exchange, actor=exchange["host_manager"]))
    assert Placement.objects.count() == 1


def test_status_moves_forward_only(exchange):
    placement = services.create_placement(**place(exchange))
    assert refused(
        services.change_placement_status,
        actor=exchange["manager"],
        placement=placement,
        status="completed",
    ) == ["A placement that is planned cannot become completed."]
    with pytest.raises(PermissionDenied):
        services.change_placement_status(
            actor=exchange["specialist"], placement=placement, status="ongoing"
        )
    OutboxMessage.objects.all().delete()
    for status in ("ongoing", "completed"):
        services.change_placement_status(
            actor=exchange["manager"], placement=placement, status=status
        )
    placement.refresh_from_db()
    assert placement.status == "completed"
    assert [m[0] for m in mails()] == [["elif@young.example"], ["rashad@host.az"]] * 2
    assert refused(
        services.change_placement_status,
        actor=exchange["manager"],
        placement=placement,
        status="cancelled",
    ) == ["A placement that is completed cannot become cancelled."]


def test_specialist_and_host_write_only_their_own_parts(exchange):
    placement = services.create_placement(**place(exchange))
    assert refused(
        services.write_final_report,
        actor=exchange["specialist"],
        placement=placement,
        report="Too early",
    ) == ["This can be written once the placement has started, and not if it was cancelled."]
    services.change_placement_status(
        actor=exchange["manager"], placement=placement, status="ongoing"
    )
    for intruder in ("host_mentor", "manager"):
        with pytest.raises(PermissionDenied):
            services.write_final_report(actor=exchange[intruder], placement=placement, report="x")
    for intruder in ("specialist", "manager"):
        with pytest.raises(PermissionDenied):
            services.write_host_evaluation(
                actor=exchange[intruder], placement=placement, evaluation="x", rating=5
            )
    services.write_final_report(
        actor=exchange["specialist"], placement=placement, report="I learned lithography."
    )
    assert refused_fields(
        services.write_host_evaluation,
        actor=exchange["host_mentor"],
        placement=placement,
        evaluation=" ",
        rating=6,
    ) == {
        "host_evaluation": ["Write the evaluation before saving it."],
        "host_rating": ["Give a rating from 1 to 5."],
    }
    services.write_host_evaluation(
        actor=exchange["host_mentor"], placement=placement, evaluation="Careful.", rating=4
    )
    # A manager of the host organisation may write the host's part too.
    services.write_host_evaluation(
        actor=exchange["host_manager"], placement=placement, evaluation="Very careful.", rating="5"
    )
    placement.refresh_from_db()
    assert (placement.final_report, placement.host_evaluation, placement.host_rating) == (
        "I learned lithography.",
        "Very careful.",
        5,
    )


def test_manager_changes_the_plan_until_it_is_over(exchange):
    placement = services.create_placement(**place(exchange))
    services.update_placement_plan(
        actor=exchange["manager"],
        placement=placement,
        starts_on=datetime.date(2030, 9, 15),
        ends_on=datetime.date(2030, 12, 15),
        host_mentor_email="",
        learning_goals="Metrology",
    )
    placement.refresh_from_db()
    assert (placement.starts_on, placement.host_mentor, placement.learning_goals) == (
        datetime.date(2030, 9, 15),
        None,
        "Metrology",
    )
    services.change_placement_status(
        actor=exchange["manager"], placement=placement, status="cancelled"
    )
    assert refused(
        services.update_placement_plan,
        actor=exchange["manager"],
        placement=placement,
        starts_on=datetime.date(2030, 9, 15),
        ends_on=datetime.date(2030, 12, 15),
    ) == ["A completed or cancelled placement can no longer be changed."]


# --- the SVG chart helper -------------------------------------------------------------------
def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_is_valid_accessible_svg_with_a_tooltip_per_point():
    svg = charts.line_chart(
        [("Jan 2030", 4), ("Feb 2030", Decimal("6.5")), ("Mar 2030", 5)], title="Employees"
    )
    root = parse(svg)
    assert (root.tag, root.get("role"), root.get("aria-label")) == (
        f"{SVG}svg",
        "img",
        "Employees: Jan 2030 4; Feb 2030 6.5; Mar 2030 5",
    )
    points = root.findall(f".//{SVG}circle")
    assert [p.find(f"{SVG}title").text for p in points] == [
        "Jan 2030: 4",
        "Feb 2030: 6.5",
        "Mar 2030: 5",
    ]
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"] == [
        "Jan 2030",
        "Feb 2030",
        "Mar 2030",
    ]
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick"] == [
        "0",
        "2",
        "4",
        "6",
        "8",
    ]
    assert root.find(f".//{SVG}path").get("d").count("M") == 1
    assert "style" not in svg and "<script" not in svg


def test_chart_escapes_every_label():
    evil = "<script>alert(\"x\")</script> & 'q'"
    svg = charts.line_chart(
        [(evil, 1), ("Feb", 2)], title=f"Rev {evil}", format_value=lambda v: f"{v} <b>"
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == f"Rev {evil}: {evil} 1 <b>; Feb 2 <b>"
    assert root.find(f".//{SVG}circle/{SVG}title").text == f"{evil}: 1 <b>"


def test_empty_series_says_so():
    for points in ([], [("Jan", None), ("Feb", None)]):
        root = parse(charts.line_chart(points, title="Customers", empty_text="No figures yet"))
        assert (root.get("role"), root.get("aria-label")) == ("img", "Customers: No figures yet")
        assert [t.text for t in root.iter(f"{SVG}text")] == ["No figures yet"]
        assert root.findall(f".//{SVG}circle") == root.findall(f".//{SVG}path") == []


def test_missing_months_break_the_line_and_one_point_is_centred():
    root = parse(charts.line_chart([("a", 1), ("b", None), ("c", 3), ("d", 4)], title="x"))
    assert root.find(f".//{SVG}path").get("d").count("M") == 2
    assert len(root.findall(f".//{SVG}circle")) == 3
    single = parse(charts.line_chart([("Jan", 0)], title="x", width=400))
    assert single.find(f".//{SVG}circle").get("cx") == str((56 + (400 - 28)) / 2).removesuffix(".0")


def test_ticks_and_compact_numbers():
    assert charts.nice_ticks(0, 95) == [0, 25, 50, 75, 100]
    assert charts.nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1]
    assert charts.nice_ticks(0, 6.5) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(0, 3, count=6) == [0, 0.5, 1, 1.5, 2, 2.5, 3]  # amounts…
    assert charts.nice_ticks(0, 3, count=6, whole_numbers=True) == [0, 1, 2, 3]  # …not people
    assert charts.nice_ticks(0, 0, whole_numbers=True) == [0, 1]
    assert [charts.compact_number(v) for v in (0, 950, 1500, 12000, 2_400_000, 0.25)] == [
        "0",
        "950",
        "1.5k",
        "12k",
        "2.4M",
        "0.25",
    ]


# --- concurrency on PostgreSQL --------------------------------------------------------------
def _at_once(*calls):
    """Run the calls in threads released together; each returns "booked" or its error."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def slow_count(monkeypatch):
    original = services._booked_hours

    def slow(member_id):
        hours = original(member_id)
        time.sleep(0.3)  # widen the window between the count and the insert
        return hours

    monkeypatch.setattr(services, "_booked_hours", slow)


def _two_slots_and_a_cap():
    cohort = pf.CohortFactory(max_mentor_hours_per_member=Decimal("1"))
    mentor = pf.MentorFactory(cohort=cohort)
    member, person = company_member(cohort)
    first, second = slot_for(mentor, in_hours=30), slot_for(mentor, in_hours=40)
    return member, person, first, second


def _book(person, slot, member):
    return lambda: services.book_slot(actor=person, slot=slot, member=member, topic="Seed")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_booking_the_same_slot_at_once_get_one_booking(slow_count):
    cohort = pf.CohortFactory(max_mentor_hours_per_member=Decimal("5"))
    slot = slot_for(pf.MentorFactory(cohort=cohort))
    (first, first_person), (second, second_person) = company_member(cohort), company_member(cohort)
    outcomes = _at_once(_book(first_person, slot, first), _book(second_person, slot, second))
    assert outcomes == [
        "Someone else has just booked this slot. Please choose another one.",
        "booked",
    ]
    assert OfficeHourBooking.objects.filter(slot=slot).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_once_cannot_both_pass_the_cap(slow_count):
    member, person, first, second = _two_slots_and_a_cap()
    outcomes = _at_once(_book(person, first, member), _book(person, second, member))
    assert outcomes == [
        f"This meeting would take {member.name} over the cohort's limit of 1 hours of "
        "mentoring (1 hours booked already).",
        "booked",
    ]
    assert OfficeHourBooking.objects.filter(member=member).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_member_lock_the_cap_is_overrun(slow_count, monkeypatch):
    """Control: with the member lock switched off the same race books two hours."""
    monkeypatch.setattr(services, "_lock_member", lambda member_id: None)
    member, person, first, second = _two_slots_and_a_cap()
    assert _at_once(_book(person, first, member), _book(person, second, member)) == [
        "booked",
        "booked",
    ]
    assert OfficeHourBooking.objects.filter(member=member).count() == 2
