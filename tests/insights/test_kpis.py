"""The KPI engine: every indicator's exact figure on known records, the public summary,
small-group suppression, the commitments' mapping and a bounded number of queries.

The world (built by :func:`build_world`): a memorandum signed in 2022 between an agency
in Azerbaijan and a technopark in Türkiye, an outsider organisation in Türkiye, and two
years of activity (2023, 2024) around them, with records that must *not* count next to
each of those that must.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from korpu.directory.models import Organisation, Residency
from korpu.events.models import (
    Certificate,
    CheckIn,
    Event,
    Idea,
    Judge,
    JudgeAssignment,
    Registration,
    Submission,
)
from korpu.facilities.models import Booking, Output
from korpu.insights import kpis, reporting
from korpu.matchmaking.models import MeetingFeedback, MeetingRequest
from korpu.programs.models import Application, Placement, Programme
from korpu.transfer.models import Deal, ExpressionOfInterest
from korpu.transfer.models import Profile as TechnologyProfile
from tests.events.factories import CampusFactory, EventFactory, RegistrationFactory, TeamFactory
from tests.facilities.factories import (
    BookingFactory,
    FacilityFactory,
    ProjectFactory,
    ResourceFactory,
)
from tests.factories import (
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParkFactory,
    PartnershipFactory,
    PersonFactory,
    ResidencyFactory,
    SectorFactory,
)
from tests.insights.conftest import FULL
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    add_slots,
    meeting,
)
from tests.matchmaking.factories import ProfileFactory as BrokerageProfileFactory
from tests.programs.factories import ApplicationFactory, CallFactory, ProgrammeFactory
from tests.transfer.factories import InterestFactory
from tests.transfer.factories import ProfileFactory as TechnologyProfileFactory

YEARS = [2023, 2024]
CONSENT = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def person(country="AZ", gender="", birth_year=None):
    consent = CONSENT if gender or birth_year else None
    return PersonFactory(
        country=country, gender=gender, birth_year=birth_year, statistics_consent_at=consent
    )


def event(kind, starts, organisers, **fields):
    factory = CampusFactory if kind == "campus" else EventFactory
    return factory(
        kind=kind,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        organisers=organisers,
        **fields,
    )


class World:
    """Names for the records the tests look at."""


def add_commitments(world: World, *, measured_only: bool = False) -> World:
    """The memorandum's commitments the dashboard tests read: "Organise joint events" (two
    a year, measured by joint_events) and, unless ``measured_only``, "Open parks in
    Karabakh" (no indicator measures it)."""
    CommitmentFactory(
        partnership=world.partnership,
        code="joint-events",
        position=1,
        text="Organise joint events",
        target_per_year=2,
        target_unit="events",
    )
    if not measured_only:
        CommitmentFactory(
            partnership=world.partnership,
            code="karabakh-parks",
            position=2,
            text="Open parks in Karabakh",
        )
    return world


def build_world() -> World:
    w = World()
    w.agency = OrganisationFactory(kind="agency", country="AZ", name="Agency")
    w.technopark = OrganisationFactory(kind="technopark", country="TR", name="Technopark")
    w.outsider = OrganisationFactory(kind="technopark", country="TR", name="Outsider")
    w.partnership = PartnershipFactory(
        parties=[w.agency, w.technopark], signed_on=datetime.date(2022, 1, 1), is_public=True
    )
    w.admin = MembershipFactory(organisation=w.agency, role="admin").person

    # Programmes: A (technopark's, opened to the agency), B (under the partnership), C not.
    w.prog_a = ProgrammeFactory(owner=w.technopark, kind=Programme.Kind.ACCELERATION)
    w.prog_a.partners.set([w.agency])
    w.prog_b = ProgrammeFactory(
        owner=w.agency, kind=Programme.Kind.TECHNOLOGY_TRANSFER, partnership=w.partnership
    )
    prog_c = ProgrammeFactory(owner=w.outsider)
    prog_c.partners.set([w.agency])  # opened to a party, but run by an outsider
    CallFactory(programme=w.prog_a, opens_at=at(2023, 3, 1), closes_at=at(2023, 4, 1))
    w.call_a24 = CallFactory(programme=w.prog_a, opens_at=at(2024, 3, 1), closes_at=at(2024, 4, 1))
    CallFactory(
        programme=w.prog_a, opens_at=at(2024, 6, 1), closes_at=at(2024, 7, 1), is_published=False
    )
    CallFactory(programme=w.prog_b, opens_at=at(2024, 5, 1), closes_at=at(2024, 6, 1))
    CallFactory(programme=prog_c, opens_at=at(2024, 5, 1), closes_at=at(2024, 6, 1))

    # Applications to the technopark's 2024 call.
    az_company = OrganisationFactory(country="AZ")
    ApplicationFactory(
        call=w.call_a24,
        company=az_company,
        submitted_at=at(2024, 3, 10),
        status=Application.Status.ACCEPTED,
        decided_at=at(2024, 4, 1),
    )
    ApplicationFactory(
        call=w.call_a24, company=OrganisationFactory(country="TR"), submitted_at=at(2024, 3, 11)
    )  # same country as the programme
    ApplicationFactory(
        call=w.call_a24,
        company=None,
        applicant=person("AZ"),
        submitted_at=at(2024, 3, 12),
        status=Application.Status.REJECTED,
        decided_at=at(2024, 4, 1),
    )
    ApplicationFactory(
        call=w.call_a24,
        company=OrganisationFactory(country="AZ"),
        status=Application.Status.DRAFT,
        submitted_at=None,
    )
    ApplicationFactory(
        call=w.call_a24,
        company=OrganisationFactory(country="AZ"),
        status=Application.Status.WITHDRAWN,
        submitted_at=at(2024, 3, 13),
    )

    # Events.
    both = [w.agency, w.technopark]
    w.e1 = event("seminar", at(2023, 6, 1), both)
    w.e2 = event("training", at(2024, 2, 1), [w.outsider], partnership=w.partnership)
    event("conference", at(2024, 9, 1), [w.agency])  # one party only
    w.e4 = event("campus", at(2024, 7, 1), both)
    event("seminar", at(2024, 5, 1), both, status=Event.Status.DRAFT)
    w.e7 = event("conference", at(2024, 10, 1), both, capacity=None)
    event("seminar", at(2024, 11, 1), both, visibility=Event.Visibility.INVITATION_ONLY)

    # Participants of e1: 5 young women from AZ, 2 men from TR, 1 without consent (AZ).
    young = [RegistrationFactory(event=w.e1, person=person("AZ", "female", 2000)) for _ in range(5)]
    men = [RegistrationFactory(event=w.e1, person=person("TR", "male", 1980)) for _ in range(2)]
    RegistrationFactory(event=w.e1, person=person("AZ"))
    RegistrationFactory(event=w.e1, person=person("AZ"), status=Registration.Status.CANCELLED)
    e2_regs = [RegistrationFactory(event=w.e2, person=person("TR")) for _ in range(2)]
    for registration in [*young, men[0], e2_regs[0]]:
        CheckIn.objects.create(registration=registration, checked_in_at=at(2023, 6, 1))
    for index, registration in enumerate(young[:3]):
        Certificate.objects.create(
            registration=registration,
            issued_at=at(2023, 6, 2),
            attendance_percent=100,
            revoked_at=at(2023, 7, 1) if index == 2 else None,
        )

    # Campus e4: ideas, teams, judged projects.
    az_author, tr_author = person("AZ"), person("TR")
    for author, status in (
        (az_author, "submitted"),
        (az_author, "submitted"),
        (tr_author, "chosen"),
    ):
        Idea.objects.create(
            event=w.e4, author=author, title="Idea", problem="p", solution="s", status=status
        )
    team1 = TeamFactory(event=w.e4, created_by=az_author)
    team2 = TeamFactory(event=w.e4, created_by=tr_author)
    judge = Judge.objects.create(event=w.e4, person=person("TR"))
    s1 = Submission.objects.create(team=team1, title="One", description="d")
    s2 = Submission.objects.create(team=team2, title="Two", description="d")
    JudgeAssignment.objects.create(judge=judge, submission=s1, submitted_at=at(2024, 7, 2))
    JudgeAssignment.objects.create(judge=judge, submission=s2)

    # Brokerage at the joint conference e7.
    day = BrokerageDayFactory(event=w.e7)
    slots = add_slots(day, count=4)
    location = LocationFactory(brokerage_day=day, capacity=4)
    p1 = BrokerageProfileFactory(brokerage_day=day, country="AZ", registered=False)
    p2 = BrokerageProfileFactory(brokerage_day=day, country="TR", registered=False)
    p3 = BrokerageProfileFactory(
        brokerage_day=day, country="", registered=False, organisation=w.technopark
    )
    for requester, invitee, status in (
        (p1, p2, "accepted"),
        (p1, p3, "declined"),
        (p3, p1, "pending"),
    ):
        MeetingRequest.objects.create(
            brokerage_day=day, requester=requester, invitee=invitee, status=status
        )
    MeetingRequest.objects.update(created_at=at(2024, 9, 20))
    m1 = meeting(p1, p2, slot=slots[0], location=location)
    m2 = meeting(p1, p3, slot=slots[1], location=location)
    meeting(p2, p3, status="cancelled")
    meeting(p2, p3)
    MeetingFeedback.objects.create(meeting=m1, profile=p1, outcome="cooperation_possible")
    MeetingFeedback.objects.create(meeting=m1, profile=p2, outcome="informative")
    MeetingFeedback.objects.create(meeting=m2, profile=p1, outcome="did_not_take_place")

    # Parks and residents: the technopark's park is the community's.
    w.park = ParkFactory(operator=w.technopark, country="TR")
    other_park = ParkFactory(operator=w.outsider)
    w.r1 = OrganisationFactory(country="TR", name="Resident One")
    w.r2 = OrganisationFactory(country="AZ", name="Resident Two")
    r3 = OrganisationFactory(country="TR", name="Graduate")
    ResidencyFactory(company=w.r1, park=w.park, start_date=datetime.date(2022, 5, 1))
    ResidencyFactory(company=w.r2, park=w.park, start_date=datetime.date(2024, 3, 1))
    ResidencyFactory(
        company=r3,
        park=w.park,
        status=Residency.Status.GRADUATED,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2023, 6, 30),
    )
    ResidencyFactory(
        company=OrganisationFactory(), park=other_park, start_date=datetime.date(2022, 1, 1)
    )
    ResidencyFactory(
        company=OrganisationFactory(), park=w.park, status=Residency.Status.APPLIED, start_date=None
    )

    # Technology transfer.
    prof1 = TechnologyProfileFactory(owner=w.r1, published=True, published_at=at(2023, 5, 1))
    TechnologyProfileFactory(
        owner=w.agency,
        published=True,
        published_at=at(2024, 1, 10),
        type=TechnologyProfile.Type.TECHNOLOGY_REQUEST,
    )
    prof3 = TechnologyProfileFactory(owner=w.outsider, published=True, published_at=at(2024, 2, 1))
    TechnologyProfileFactory(owner=w.r1)  # a draft
    eoi = InterestFactory(profile=prof1, company=OrganisationFactory(country="AZ"))
    InterestFactory(
        profile=prof1,
        company=OrganisationFactory(country="TR"),
        status=ExpressionOfInterest.Status.WITHDRAWN,
    )
    eoi3 = InterestFactory(profile=prof3)
    ExpressionOfInterest.objects.update(created_at=at(2024, 2, 1))
    signed = Deal.objects.create(
        profile=prof1,
        interest=eoi,
        title="Licence",
        agreement_type="licence",
        status="signed",
        signed_on=datetime.date(2024, 6, 1),
    )
    signed.parties.set([w.r1, eoi.company])
    Deal.objects.create(
        profile=prof3,
        interest=eoi3,
        title="Other",
        agreement_type="licence",
        status="signed",
        signed_on=datetime.date(2024, 6, 1),
    )

    # Labs.
    resource = ResourceFactory(facility=FacilityFactory(park=w.park))
    BookingFactory(
        resource=resource,
        organisation=w.r2,
        person=person("TR"),
        starts_at=at(2024, 3, 5, 10),
        ends_at=at(2024, 3, 5, 12) + datetime.timedelta(minutes=30),
    )
    BookingFactory(
        resource=resource,
        person=person("TR"),
        starts_at=at(2023, 7, 1, 10),
        ends_at=at(2023, 7, 1, 11),
    )
    BookingFactory(
        resource=resource,
        person=person("TR"),
        starts_at=at(2023, 7, 2, 10),
        ends_at=at(2023, 7, 2, 11),
        status=Booking.Status.CANCELLED,
    )
    BookingFactory(
        resource=ResourceFactory(facility=FacilityFactory(park=other_park)),
        starts_at=at(2023, 7, 1, 10),
        ends_at=at(2023, 7, 1, 11),
    )

    # Projects and devices.
    proj1 = ProjectFactory(
        park=w.park, lead=w.r1, kind="production", starts_on=datetime.date(2023, 2, 1)
    )
    proj2 = ProjectFactory(
        park=w.park, lead=w.r2, starts_on=datetime.date(2024, 1, 1), is_public=False
    )
    ProjectFactory(park=other_park, starts_on=datetime.date(2024, 1, 1))
    Output.objects.create(
        project=proj1, kind="device", title="Sensor", quantity=10, date=datetime.date(2024, 5, 1)
    )
    Output.objects.create(
        project=proj2, kind="device", title="Board", quantity=5, date=datetime.date(2024, 6, 1)
    )
    Output.objects.create(
        project=proj1, kind="prototype", title="Proto", quantity=1, date=datetime.date(2024, 6, 1)
    )

    # Placements.
    Placement.objects.create(
        programme=w.prog_a,
        specialist=person("AZ", "female", 2001),
        host=w.technopark,
        starts_on=datetime.date(2024, 2, 1),
        ends_on=datetime.date(2024, 5, 1),
        status="ongoing",
    )
    Placement.objects.create(
        programme=w.prog_a,
        specialist=person("AZ"),
        host=w.technopark,
        starts_on=datetime.date(2024, 2, 1),
        ends_on=datetime.date(2024, 5, 1),
        status="cancelled",
    )
    Placement.objects.create(
        programme=prog_c,
        specialist=person("AZ"),
        host=w.outsider,
        starts_on=datetime.date(2024, 2, 1),
        ends_on=datetime.date(2024, 5, 1),
    )
    return w


@pytest.fixture
def world(db):
    return build_world()


def results_of(world, viewer=None, level=None):
    viewer = viewer or world.admin
    return {
        r.code: r
        for r in kpis.partnership_kpis(world.partnership, viewer, YEARS, level=level)
        if r.commitment is None
    }


def figures(result):
    return {
        "by_year": result.by_year,
        "by_country": result.by_country,
        "total": result.total,
    }


# Expected figures: by year, by country, total.
EXPECTED = {
    "programmes_exchanged": ({2023: 1, 2024: 2}, {"TR": 1, "AZ": 1}, 2),
    "programmes_acceleration": ({2023: 1, 2024: 1}, {"TR": 1}, 1),
    "programmes_technology_transfer": ({2023: 0, 2024: 1}, {"AZ": 1}, 1),
    "calls_opened": ({2023: 1, 2024: 2}, {"TR": 2, "AZ": 1}, 3),
    "applications": ({2023: 0, 2024: 2}, {"AZ": 2}, 2),
    "admissions": ({2023: 0, 2024: 1}, {"AZ": 1}, 1),
    "specialists_placed": ({2023: 0, 2024: 1}, {"AZ": 1}, 1),
    "joint_events": ({2023: 1, 2024: 3}, {"AZ": 3, "TR": 4}, 4),
    "events_seminar": ({2023: 1, 2024: 1}, {"AZ": 2, "TR": 2}, 2),
    "events_training": ({2023: 0, 2024: 1}, {"TR": 1}, 1),
    "events_conference": ({2023: 0, 2024: 1}, {"AZ": 1, "TR": 1}, 1),
    "events_campus": ({2023: 0, 2024: 1}, {"AZ": 1, "TR": 1}, 1),
    "participants": ({2023: 8, 2024: 2}, {"AZ": 6, "TR": 4}, 10),
    "attendance_rate": (
        {2023: Decimal("75.0"), 2024: Decimal("50.0")},
        {"AZ": Decimal("83.3"), "TR": Decimal("50.0")},
        Decimal("70.0"),
    ),
    "certificates": ({2023: 2, 2024: 0}, {"AZ": 2}, 2),
    "campus_ideas": ({2023: 0, 2024: 3}, {"AZ": 2, "TR": 1}, 3),
    "campus_ideas_implemented": ({2023: 0, 2024: 1}, {"TR": 1}, 1),
    "campus_teams": ({2023: 0, 2024: 2}, {"AZ": 1, "TR": 1}, 2),
    "campus_projects_judged": ({2023: 0, 2024: 1}, {"AZ": 1}, 1),
    "meeting_requests": ({2023: 0, 2024: 3}, {"AZ": 2, "TR": 1}, 3),
    "meetings_held": ({2023: 0, 2024: 1}, {"AZ": 1, "TR": 1}, 1),
    "cooperation_possible": ({2023: 0, 2024: 1}, {"AZ": 1, "TR": 1}, 1),
    "technology_profiles": ({2023: 1, 2024: 1}, {"TR": 1, "AZ": 1}, 2),
    "expressions_of_interest": ({2023: 0, 2024: 1}, {"AZ": 1}, 1),
    "deals_signed": ({2023: 0, 2024: 1}, {"TR": 1}, 1),
    "resident_companies": ({2023: 2, 2024: 2}, {"TR": 2, "AZ": 1}, 3),
    "graduates": ({2023: 1, 2024: 0}, {"TR": 1}, 1),
    "jobs": ({2023: 0, 2024: 0}, {}, 0),
    "lab_hours": (
        {2023: Decimal("1.0"), 2024: Decimal("2.5")},
        {"TR": Decimal("1.0"), "AZ": Decimal("2.5")},
        Decimal("3.5"),
    ),
    "park_projects": ({2023: 1, 2024: 1}, {"TR": 1, "AZ": 1}, 2),
    "devices_produced": ({2023: 0, 2024: 15}, {"TR": 10, "AZ": 5}, 15),
}


def test_every_indicator_has_an_expected_figure():
    assert set(EXPECTED) == set(kpis.REGISTRY)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_indicator_figure(world, code):
    by_year, by_country, total = EXPECTED[code]
    assert figures(results_of(world)[code]) == {
        "by_year": by_year,
        "by_country": by_country,
        "total": total,
    }


COUNTED = sorted(
    code
    for code, indicator in kpis.REGISTRY.items()
    if indicator.has_records and indicator.kind != "percent"
)


@pytest.mark.parametrize("code", COUNTED)
def test_records_behind_each_yearly_figure_match_it(world, code):
    """The click-through of a year lists exactly the records its figure counts."""
    result = results_of(world)[code]
    for year in YEARS:
        records = kpis.partnership_records(world.partnership, world.admin, code, year=year)
        if code == "devices_produced":
            assert sum(r.quantity for r in records) == result.by_year[year]
        elif code == "lab_hours":
            seconds = sum((r.ends_at - r.starts_at).total_seconds() for r in records)
            assert Decimal(seconds / 3600).quantize(Decimal("0.1")) == result.by_year[year]
        else:
            assert records.count() == result.by_year[year]


def test_records_of_a_year_and_country(world):
    records = kpis.partnership_records(
        world.partnership, world.admin, "participants", year=2023, country="TR"
    )
    assert sorted(r.person.country for r in records) == ["TR", "TR"]
    attendance = kpis.partnership_records(
        world.partnership, world.admin, "attendance_rate", year=2024
    )
    assert sorted(r.attended for r in attendance) == [False, True]
    with pytest.raises(LookupError):
        kpis.partnership_records(world.partnership, world.admin, "jobs")
    with pytest.raises(LookupError):
        kpis.partnership_records(world.partnership, PersonFactory(), "applications")


def test_breakdowns_by_kind_and_type(world):
    results = results_of(world)
    kinds = {b.name: b.rows for b in results["joint_events"].breakdowns}["kind"]
    assert kinds == [
        ("seminar", "seminar", 2),
        ("training", "training", 1),
        ("conference", "conference", 1),
    ]
    types = {b.name: b.rows for b in results["deals_signed"].breakdowns}["type"]
    assert ("licence", "licence agreement", 1) in types
    assert sum(value for _key, _label, value in types) == 1


def test_gender_and_age_mask_small_cells(world):
    breakdowns = {b.name: b for b in results_of(world)["participants"].breakdowns}
    # 10 people: 5 women, 2 men, 3 not given -> the two small cells are masked.
    assert breakdowns["gender"].suppressed is False
    assert breakdowns["gender"].rows == [
        ("female", "female", 5),
        ("male", "male", None),
        ("other", "other", 0),
        ("undisclosed", "prefer not to say", 0),
        ("unknown", "not given", None),
    ]
    assert breakdowns["age"].rows == [
        ("youth", "under 30", 5),
        ("adult", "30 and over", None),
        ("unknown", "not given", None),
    ]


def test_fewer_than_five_people_are_not_broken_down(world):
    results = results_of(world)
    for code in ("certificates", "specialists_placed"):
        breakdowns = results[code].breakdowns
        assert [(b.name, b.suppressed, b.rows) for b in breakdowns] == [
            ("gender", True, []),
            ("age", True, []),
        ]


def test_one_small_cell_is_masked_with_the_next_smallest():
    rows = kpis.protect(
        "gender", "By gender", {"a": "A", "b": "B", "c": "C"}, {"a": 9, "b": 6, "c": 2}, 17
    ).rows
    assert rows == [("a", "A", 9), ("b", "B", None), ("c", "C", None)]


def test_public_summary_counts_public_records_only(world):
    visitor = PersonFactory()
    results = results_of(world, visitor)
    assert kpis.access_level(visitor, world.partnership) == kpis.PUBLIC
    assert sorted(results) == sorted(c for c, i in kpis.REGISTRY.items() if i.public)
    # proj2 is private: only proj1 (2023) and only its devices count.
    assert results["park_projects"].by_year == {2023: 1, 2024: 0}
    assert results["devices_produced"].total == 10
    assert results["participants"].total == 10
    # The invitation-only seminar of 2024 is not in the public summary.
    assert results["joint_events"].by_year == {2023: 1, 2024: 2}


def test_private_partnership_has_no_public_summary(world):
    world.partnership.is_public = False
    world.partnership.save()
    with pytest.raises(PermissionError):
        kpis.partnership_kpis(world.partnership, PersonFactory(), YEARS)
    member = MembershipFactory(organisation=world.technopark, role="member").person
    assert kpis.access_level(member, world.partnership) is None


def test_commitments_come_first_with_targets_and_progress(world):
    CommitmentFactory(
        partnership=world.partnership,
        code="joint-events",
        position=1,
        target_per_year=2,
        target_unit="events",
    )
    CommitmentFactory(
        partnership=world.partnership,
        code="karabakh-parks",
        position=2,
        text="Open parks in Karabakh",
    )
    results = kpis.partnership_kpis(world.partnership, world.admin, YEARS)
    first, second = results[0], results[1]
    assert (first.code, first.target, first.by_year, first.progress_by_year) == (
        "joint_events",
        2,
        {2023: 1, 2024: 3},
        {2023: 50, 2024: 150},
    )
    assert (second.measured, second.title) == (False, "Open parks in Karabakh")
    assert results[2].commitment is None


def test_jobs_come_from_resident_reports(scheme, q1, resident):
    company, member = resident
    reporting.save_report(actor=member, period=q1, company=company, values=FULL, submit=True)
    partnership = PartnershipFactory(parties=[scheme.park.operator])
    jobs = {r.code: r for r in kpis.partnership_kpis(partnership, None, [2026], level=kpis.FULL)}
    assert figures(jobs["jobs"]) == {"by_year": {2026: 10}, "by_country": {"TR": 10}, "total": 10}


def test_park_kpis(world):
    results = {r.code: r for r in kpis.park_kpis(world.park, world.admin, YEARS)}
    public = [code for code in kpis.PARK_CODES if kpis.REGISTRY[code].public]
    assert sorted(results) == sorted(public)
    # A visitor: public indicators over public records.
    assert results["park_projects"].by_year == {2023: 1, 2024: 0}
    manager = MembershipFactory(organisation=world.technopark, role="manager").person
    full = {r.code: r for r in kpis.park_kpis(world.park, manager, YEARS)}
    assert sorted(full) == sorted(kpis.PARK_CODES)
    assert full["park_projects"].by_year == {2023: 1, 2024: 1}
    assert full["lab_hours"].total == Decimal("3.5")


def _count_queries(world) -> int:
    with CaptureQueriesContext(connection) as captured:
        kpis.partnership_kpis(world.partnership, world.admin, YEARS)
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(80):
        kpis.partnership_kpis(world.partnership, world.admin, YEARS)
    before = _count_queries(world)
    # Much more of everything.
    for _ in range(3):
        extra = event("seminar", at(2024, 3, 1), [world.agency, world.technopark])
        for _ in range(10):
            RegistrationFactory(event=extra, person=person("AZ", "male", 1999))
        ResidencyFactory(park=world.park, start_date=datetime.date(2023, 1, 1))
        TechnologyProfileFactory(owner=world.r1, published=True, published_at=at(2024, 4, 1))
        BookingFactory(
            resource=Booking.objects.first().resource,
            person=person("TR"),
            starts_at=at(2024, 4, 1, 9),
            ends_at=at(2024, 4, 1, 10),
        )
    assert _count_queries(world) == before
    assert results_of(world)["participants"].total == 40


def test_years_are_checked():
    with pytest.raises(ValueError):
        kpis.check_years([2010, 2024])
    assert kpis.check_years([2024, 2022]) == [2022, 2023, 2024]
    assert kpis.default_years(None, datetime.date(2026, 5, 1)) == [2022, 2023, 2024, 2025, 2026]


def test_unknown_organisations_country_is_not_given(world):
    Organisation.objects.filter(pk=world.r1.pk).update(country="")
    assert kpis.country_label("") == "not given"
    assert results_of(world)["deals_signed"].by_country == {"": 1}


def test_breakdowns_by_sector(world):
    ict = SectorFactory(slug="ict", name="ICT", name_az="İKT")
    health = SectorFactory(slug="health", name="Health", name_az="Səhiyyə")
    energy = SectorFactory(slug="energy", name="Energy")
    world.r1.sectors.set([ict])
    world.agency.sectors.set([ict, health])
    world.outsider.sectors.set([energy])  # its profile and deal do not count
    admitted = Application.objects.get(call=world.call_a24, status=Application.Status.ACCEPTED)
    admitted.company.sectors.set([health])  # the individual applicant has no sectors

    def sectors(results, code):
        return {b.name: b.rows for b in results[code].breakdowns}["sector"]

    results = results_of(world)
    assert sectors(results, "applications") == [("health", "Health", 1)]
    assert sectors(results, "admissions") == [("health", "Health", 1)]
    # A company in two sectors counts in each: 3 rows for 2 profiles.
    assert sectors(results, "technology_profiles") == [("ict", "ICT", 2), ("health", "Health", 1)]
    assert sectors(results, "deals_signed") == [("ict", "ICT", 1)]
    with translation.override("az"):
        assert sectors(results_of(world), "deals_signed") == [("ict", "İKT", 1)]
