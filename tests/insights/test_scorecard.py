"""The technopark scorecard: every indicator's exact value and score on known records (two
parks, two years), missing data, who sees what, the pages, the exports, the API, bad input
and a number of queries that does not grow with the number of companies.

The world (:func:`build_world`):

- **Alpha** (Türkiye, not public) asks its residents for reports: 2023 is a locked yearly
  period (its frozen copies count, not the figures edited since), 2024 two open quarters
  (submitted reports count, a draft does not; headcounts at the latest quarter).
  Residents c1 (since 2022), c2 (since March 2024) and g1 (graduated in June 2023; in
  2024 it publishes a profile, so it still operates). Projects, lab bookings, a profile
  of c1 with interest and a deal, brokerage meetings in 2024.
- **Baku** (Azerbaijan, public) has no reporting scheme: its report-based indicators have
  no data. Residents b1, b2 (2023) and b3 (2024), a project with a research institute
  from Türkiye, a profile of b1 with two expressions of interest.
- **Closed** (not public) has nothing: no data everywhere.
"""

import csv
import datetime
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from korpu.directory.models import Residency
from korpu.facilities.models import Booking
from korpu.insights import scorecard as sc
from korpu.insights.models import CODES, Report, ReportingPeriod, ReportingScheme
from korpu.matchmaking.models import MeetingFeedback
from korpu.transfer.models import Deal, ExpressionOfInterest
from tests.facilities.factories import (
    BookingFactory,
    FacilityFactory,
    ProjectFactory,
    ResourceFactory,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ParkFactory,
    PartnershipFactory,
    PersonFactory,
    ResidencyFactory,
)
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    ConferenceFactory,
    LocationFactory,
    add_slots,
    meeting,
)
from tests.matchmaking.factories import ProfileFactory as BrokerageProfileFactory
from tests.transfer.factories import InterestFactory
from tests.transfer.factories import ProfileFactory as TechnologyProfileFactory

YEARS = [2023, 2024]
D = Decimal


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def period(park, code, start, end, *, locked=False):
    return ReportingPeriod.objects.create(
        park=park,
        code=code,
        frequency="yearly" if len(code) == 4 else "quarterly",
        starts_on=start,
        ends_on=end,
        due_on=end + datetime.timedelta(days=30),
        indicators=list(CODES),
        currency="TRY",
        status="locked" if locked else "open",
        locked_at=at(end.year + 1, 2, 1) if locked else None,
        snapshot={"indicators": list(CODES), "not_reported": []} if locked else None,
    )


def report(period, company, *, status="submitted", snapshot=None, **values):
    return Report.objects.create(
        period=period,
        company=company,
        status=status,
        submitted_at=at(period.ends_on.year, period.ends_on.month, 28)
        if status == "submitted"
        else None,
        snapshot=snapshot,
        **values,
    )


class World:
    pass


def build_world() -> World:
    w = World()
    w.alpha = ParkFactory(name="Alpha", slug="alpha", country="TR", is_public=False)
    w.baku = ParkFactory(
        name="Baku", slug="baku", country="AZ", time_zone="Asia/Baku", is_public=True
    )
    w.closed = ParkFactory(name="Closed", slug="closed", is_public=False)
    w.manager = MembershipFactory(organisation=w.alpha.operator, role="manager").person
    w.baku_manager = MembershipFactory(organisation=w.baku.operator, role="manager").person

    # Residents.
    w.c1 = OrganisationFactory(name="C1", country="TR")
    w.c2 = OrganisationFactory(name="C2", country="TR")
    w.g1 = OrganisationFactory(name="G1", country="TR")
    ResidencyFactory(company=w.c1, park=w.alpha, start_date=datetime.date(2022, 1, 1))
    ResidencyFactory(company=w.c2, park=w.alpha, start_date=datetime.date(2024, 3, 1))
    ResidencyFactory(
        company=w.g1,
        park=w.alpha,
        status=Residency.Status.GRADUATED,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2023, 6, 30),
    )
    ResidencyFactory(  # applied, never resident: counts nowhere
        company=OrganisationFactory(), park=w.alpha, status="applied", start_date=None
    )
    w.b1 = OrganisationFactory(name="B1", country="AZ")
    for company, start in (
        (w.b1, datetime.date(2023, 1, 1)),
        (OrganisationFactory(country="AZ"), datetime.date(2023, 6, 1)),
        (OrganisationFactory(country="TR"), datetime.date(2024, 1, 1)),
    ):
        ResidencyFactory(company=company, park=w.baku, start_date=start)

    # Alpha's reports.
    ReportingScheme.objects.create(
        park=w.alpha,
        frequency="quarterly",
        indicators=list(CODES),
        currency="TRY",
        starts_on=datetime.date(2023, 1, 1),
    )
    y2023 = period(
        w.alpha, "2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), locked=True
    )
    frozen = {
        "staff": 10,
        "rd_staff": 4,
        "software_staff": 2,
        "revenue": "1000.00",
        "rd_revenue": "400.00",
        "exports": "200.00",
        "patents_applied": 1,
        "patents_granted": 0,
        "utility_models": 1,
        "trademarks": 1,
        "investment_received": "100.00",
    }
    # Edited after locking (behind the services' back): the frozen copy counts.
    report(y2023, w.c1, snapshot={"values": frozen}, staff=99, revenue=D("99999"))
    report(y2023, w.g1, status="draft", staff=50)
    q1 = period(w.alpha, "2024-Q1", datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    q2 = period(w.alpha, "2024-Q2", datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    report(
        q1,
        w.c1,
        staff=10,
        rd_staff=5,
        revenue=D("500"),
        rd_revenue=D("100"),
        exports=D("250"),
        patents_applied=1,
    )
    report(
        q2,
        w.c1,
        staff=12,
        rd_staff=6,
        revenue=D("500"),
        rd_revenue=D("200"),
        exports=D("250"),
        patents_applied=0,
        trademarks=1,
        investment_received=D("0"),
    )
    report(q1, w.c2, status="draft", staff=100, revenue=D("100000"))
    report(
        q2,
        w.c2,
        staff=8,
        rd_staff=2,
        revenue=D("1000"),
        rd_revenue=D("300"),
        exports=D("0"),
        patents_applied=1,
    )

    # Projects.
    university = OrganisationFactory(kind="university", country="TR")
    institute = OrganisationFactory(kind="research_institute", country="TR")
    ProjectFactory(park=w.alpha, lead=w.c1, starts_on=datetime.date(2023, 2, 1)).partners.set(
        [university]
    )
    ProjectFactory(park=w.alpha, lead=w.c2, starts_on=datetime.date(2024, 4, 1)).partners.set(
        [OrganisationFactory(country="AZ")]
    )
    ProjectFactory(park=w.alpha, lead=w.c1, starts_on=datetime.date(2024, 5, 1))
    ProjectFactory(park=w.baku, lead=w.b1, starts_on=datetime.date(2024, 2, 1)).partners.set(
        [institute]
    )
    ProjectFactory(park=w.closed, starts_on=None)  # not started: counts nowhere

    # Technology transfer.
    prof1 = TechnologyProfileFactory(owner=w.c1, published=True, published_at=at(2023, 5, 1))
    # Published before c2 became a resident: not the park's.
    TechnologyProfileFactory(owner=w.c2, published=True, published_at=at(2024, 2, 1))
    # The graduate's profile: not the park's, but a sign the graduate still operates.
    TechnologyProfileFactory(owner=w.g1, published=True, published_at=at(2024, 4, 1))
    TechnologyProfileFactory(owner=w.c1)  # a draft
    prof_b = TechnologyProfileFactory(owner=w.b1, published=True, published_at=at(2024, 3, 1))
    eoi = InterestFactory(profile=prof1)
    InterestFactory(profile=prof1, status=ExpressionOfInterest.Status.WITHDRAWN)
    InterestFactory(profile=prof_b)
    InterestFactory(profile=prof_b)
    ExpressionOfInterest.objects.update(created_at=at(2024, 2, 1))
    Deal.objects.create(
        profile=prof1,
        interest=eoi,
        title="Licence",
        agreement_type="licence",
        status="signed",
        signed_on=datetime.date(2024, 6, 1),
    )

    # Labs: 1 hour in 2023, 2.5 hours in 2024 (a cancelled booking does not count).
    resource = ResourceFactory(facility=FacilityFactory(park=w.alpha))
    BookingFactory(resource=resource, starts_at=at(2023, 7, 1, 10), ends_at=at(2023, 7, 1, 11))
    BookingFactory(
        resource=resource,
        organisation=w.c1,
        starts_at=at(2024, 3, 5, 10),
        ends_at=at(2024, 3, 5, 12) + datetime.timedelta(minutes=30),
    )
    BookingFactory(
        resource=resource,
        starts_at=at(2024, 3, 6, 10),
        ends_at=at(2024, 3, 6, 11),
        status=Booking.Status.CANCELLED,
    )

    # Brokerage in May 2024: c1 meets a person from Azerbaijan, and c2 (both Türkiye).
    day = BrokerageDayFactory(
        event=ConferenceFactory(starts_at=at(2024, 5, 10, 8), ends_at=at(2024, 5, 10, 18))
    )
    slots = add_slots(day, count=3)
    table = LocationFactory(brokerage_day=day, capacity=4)
    pc1 = BrokerageProfileFactory(
        brokerage_day=day, organisation=w.c1, country="TR", registered=False
    )
    pc2 = BrokerageProfileFactory(
        brokerage_day=day, organisation=w.c2, country="TR", registered=False
    )
    visitor = BrokerageProfileFactory(brokerage_day=day, country="AZ", registered=False)
    meeting(pc1, visitor, slot=slots[0], location=table)
    meeting(pc1, pc2, slot=slots[1], location=table)
    missed = meeting(pc2, visitor, slot=slots[2], location=table)
    MeetingFeedback.objects.create(meeting=missed, profile=pc2, outcome="did_not_take_place")
    meeting(pc2, visitor, status="cancelled")
    return w


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def staff(db):
    return PersonFactory(is_staff=True)


def full_card(world, user):
    return sc.build(sc.access_for(user), [world.alpha, world.baku], YEARS)


# --- figures, values and scores --------------------------------------------------------------
def test_figures(world, staff):
    card = full_card(world, staff)
    alpha23 = card.cell(world.alpha, 2023).figures
    alpha24 = card.cell(world.alpha, 2024).figures
    baku23 = card.cell(world.baku, 2023).figures
    baku24 = card.cell(world.baku, 2024).figures
    assert {code: alpha23[code] for code in sc.REPORT_FIGURES} == {
        "reporting_companies": 1,
        "staff": 10,
        "rd_staff": 4,
        "software_staff": 2,
        "revenue": D("1000.00"),
        "rd_revenue": D("400.00"),
        "exports": D("200.00"),
        "patents_applied": 1,
        "patents_granted": 0,
        "utility_models": 1,
        "trademarks": 1,
        "investment_received": D("100.00"),
    }
    assert {code: alpha24[code] for code in sc.REPORT_FIGURES} == {
        "reporting_companies": 2,
        "staff": 20,  # c1's latest quarter (12) and c2's (8)
        "rd_staff": 8,
        "software_staff": 0,
        "revenue": D("2000.00"),
        "rd_revenue": D("600.00"),
        "exports": D("500.00"),
        "patents_applied": 2,
        "patents_granted": 0,
        "utility_models": 0,
        "trademarks": 1,
        "investment_received": D("0.00"),
    }
    assert all(baku23[code] is None for code in sc.REPORT_FIGURES)
    platform = [f.code for f in sc.FIGURES if f.source == "platform"]
    assert [alpha23[c] for c in platform] == [2, 0, 1, 0, 0, D("1.0"), 1, 1, 0, 1, 0, 0, 0, 0]
    assert [alpha24[c] for c in platform] == [2, 1, 0, 1, 1, D("2.5"), 2, 0, 1, 0, 1, 1, 2, 1]
    assert [baku23[c] for c in platform] == [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert [baku24[c] for c in platform] == [3, 1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 0, 0]
    assert card.cell(world.alpha, 2023).currency == "TRY"
    assert card.cell(world.baku, 2023).currency == ""


# (value, score) per indicator for Alpha 2023, Alpha 2024, Baku 2023, Baku 2024.
EXPECTED = {
    "rd_staff_share": [("40.00", "100.0"), ("40.00", "100.0"), None, None],
    "rd_revenue_share": [("40.00", "100.0"), ("30.00", "75.0"), None, None],
    "patent_applications_per_company": [("1.00", "100.0"), ("1.00", "100.0"), None, None],
    "ip_registrations_per_company": [("2.00", "100.0"), ("0.50", "25.0"), None, None],
    "projects_per_resident": [
        ("0.50", "50.0"),
        ("1.00", "100.0"),
        ("0.00", "0.0"),
        ("0.33", "33.3"),
    ],
    "lab_hours_per_resident": [
        ("0.50", "40.0"),
        ("1.25", "100.0"),
        ("0.00", "0.0"),
        ("0.00", "0.0"),
    ],
    "export_share": [("20.00", "80.0"), ("25.00", "100.0"), None, None],
    "staff_per_company": [("10.00", "100.0"), ("10.00", "100.0"), None, None],
    "investment_share": [("10.00", "100.0"), ("0.00", "0.0"), None, None],
    "intake_rate": [("0.00", "0.0"), ("50.00", "50.0"), ("100.00", "100.0"), ("33.33", "33.3")],
    "graduation_rate": [("50.00", "100.0"), ("0.00", "0.0"), ("0.00", "0.0"), ("0.00", "0.0")],
    "graduate_survival": [None, ("100.00", "100.0"), None, None],
    "profiles_per_resident": [
        ("0.50", "100.0"),
        ("0.00", "0.0"),
        ("0.00", "0.0"),
        ("0.33", "66.7"),
    ],
    "interests_per_resident": [
        ("0.00", "0.0"),
        ("0.50", "75.0"),
        ("0.00", "0.0"),
        ("0.67", "100.0"),
    ],
    "deals_per_resident": [("0.00", "0.0"), ("0.50", "100.0"), ("0.00", "0.0"), ("0.00", "0.0")],
    "university_project_share": [("100.00", "100.0"), ("0.00", "0.0"), None, ("100.00", "100.0")],
    "international_project_share": [
        ("0.00", "0.0"),
        ("50.00", "50.0"),
        None,
        ("100.00", "100.0"),
    ],
    "meetings_per_resident": [
        ("0.00", "0.0"),
        ("1.00", "100.0"),
        ("0.00", "0.0"),
        ("0.00", "0.0"),
    ],
    "international_meeting_share": [None, ("50.00", "100.0"), None, None],
}


def test_every_indicator_value_and_score(world, staff):
    card = full_card(world, staff)
    cells = [
        card.cell(world.alpha, 2023),
        card.cell(world.alpha, 2024),
        card.cell(world.baku, 2023),
        card.cell(world.baku, 2024),
    ]
    assert set(EXPECTED) == set(sc.INDICATORS_BY_CODE)
    got = {
        code: [
            None if cell.values[code] is None else (str(cell.values[code]), str(cell.scores[code]))
            for cell in cells
        ]
        for code in EXPECTED
    }
    assert got == EXPECTED
    # No data is never a score of 0.
    assert all(
        (cell.values[code] is None) == (cell.scores[code] is None)
        for cell in cells
        for code in EXPECTED
    )


def test_dimension_and_overall_scores(world, staff):
    card = full_card(world, staff)
    dims = {
        (park.slug, cell.year): [cell.dimensions[d.code] for d in sc.DIMENSIONS] + [cell.overall]
        for park, cells in card.rows()
        for cell in cells
    }
    assert dims == {
        # rd, performance, incubation, transfer, collaboration, overall (weights 25/20/20/15/20)
        ("alpha", 2023): [D("81.7"), D("93.3"), D("50.0"), D("33.3"), D("33.3"), D("60.7")],
        ("alpha", 2024): [D("83.3"), D("66.7"), D("50.0"), D("58.3"), D("62.5"), D("65.4")],
        # No reports: no performance dimension; the overall weighs the other four (80).
        ("baku", 2023): [D("0.0"), None, D("50.0"), D("0.0"), D("0.0"), D("12.5")],
        ("baku", 2024): [D("16.7"), None, D("16.7"), D("55.6"), D("66.7"), D("36.5")],
    }
    assert card.cell(world.baku, 2024).covered == ["rd", "incubation", "transfer", "collaboration"]
    assert sum(d.weight for d in sc.DIMENSIONS) == 100


def test_a_park_without_anything_has_no_data_and_changes_no_score(world, staff):
    with_closed = sc.build(sc.access_for(staff), [world.alpha, world.baku, world.closed], YEARS)
    without = full_card(world, staff)
    closed = with_closed.cell(world.closed, 2024)
    assert closed.overall is None
    assert set(closed.dimensions.values()) == {None}
    assert set(closed.values.values()) == {None}
    assert with_closed.cell(world.alpha, 2024).scores == without.cell(world.alpha, 2024).scores


def test_normalisation_follows_the_comparison_set(world, staff):
    """Alpha alone: its best year scores 100 where Baku was ahead."""
    card = sc.build(sc.access_for(staff), [world.alpha], YEARS)
    alpha24 = card.cell(world.alpha, 2024)
    assert alpha24.scores["intake_rate"] == D("100.0")  # Baku 2023 (100 %) was the best
    assert alpha24.scores["interests_per_resident"] == D("100.0")


def test_all_zero_scores_zero(world, staff):
    card = sc.build(sc.access_for(staff), [world.baku], [2023])
    cell = card.cell(world.baku, 2023)
    assert cell.values["deals_per_resident"] == D("0.00")
    assert cell.scores["deals_per_resident"] == D("0.0")


def test_explain(world, staff):
    card = full_card(world, staff)
    explained = {
        d.code: (score, steps) for d, score, steps in sc.explain(card, card.cell(world.alpha, 2024))
    }
    score, steps = explained["rd"]
    assert score == D("83.3")
    revenue_share = next(s for s in steps if s.indicator.code == "rd_revenue_share")
    assert [(f.code, v) for f, v in revenue_share.numerator] == [("rd_revenue", D("600.00"))]
    assert (revenue_share.denominator[0].code, revenue_share.denominator[1]) == (
        "revenue",
        D("2000.00"),
    )
    assert (revenue_share.value, revenue_share.score) == (D("30.00"), D("75.0"))
    assert (revenue_share.best.value, revenue_share.best.park_id, revenue_share.best.year) == (
        D("40.00"),
        world.alpha.pk,
        2023,
    )


# --- who sees what ---------------------------------------------------------------------------
def test_access(world, staff):
    access = sc.access_for(staff)
    assert access.everything
    assert [p.slug for p in access.parks] == ["alpha", "baku", "closed"]
    # An agency admin sees in full the parks of the partnerships the agency is party to,
    # and the public parks' scores; without a partnership, nothing.
    agency = MembershipFactory(organisation__kind="agency", role="admin")
    assert sc.access_for(agency.person) is None
    PartnershipFactory(parties=[agency.organisation, world.alpha.operator])
    partner = sc.access_for(agency.person)
    assert not partner.everything
    assert [p.slug for p in partner.parks] == ["alpha", "baku"]
    assert (partner.level(world.alpha.pk), partner.level(world.baku.pk)) == (sc.FULL, sc.SCORES)
    manager = sc.access_for(world.manager)
    assert not manager.everything
    assert [p.slug for p in manager.parks] == ["alpha", "baku"]  # own + public
    assert manager.level(world.alpha.pk) == sc.FULL
    assert manager.level(world.baku.pk) == sc.SCORES
    assert sc.access_for(PersonFactory()) is None
    resident_member = MembershipFactory(organisation=world.c1, role="admin").person
    assert sc.access_for(resident_member) is None


def test_manager_sees_the_best_only_when_it_is_their_own(world):
    card = full_card(world, world.manager)
    assert card.best_visible("rd_revenue_share").park_id == world.alpha.pk
    assert card.best_visible("intake_rate") is None  # Baku's
    with pytest.raises(PermissionError):
        sc.explain(card, card.cell(world.baku, 2024))


# --- input -----------------------------------------------------------------------------------
TODAY = datetime.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("raw", "years"),
    [
        ("", [2022, 2023, 2024, 2025, 2026]),
        ("2024", [2024]),
        ("2021-2023", [2021, 2022, 2023]),
        ("2023,2021", [2021, 2023]),
        (["2020", "2022-2023"], [2020, 2022, 2023]),
    ],
)
def test_parse_years(raw, years):
    assert sc.parse_years(raw, today=TODAY) == years


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "“abc” is not a year: write years such as 2024 or 2021-2024."),
        ("2027", "Choose years from 1990 to 2026."),
        ("1989", "Choose years from 1990 to 2026."),
        ("2000-2015", "Choose at most 10 years."),
        ("2000,2002,2004,2006,2008,2010,2012,2014,2016,2018,2020", "Choose at most 10 years."),
    ],
)
def test_bad_years(raw, message):
    with pytest.raises(sc.BadInput) as bad:
        sc.parse_years(raw, today=TODAY)
    assert str(bad.value) == message


def test_choose_parks(world):
    access = sc.access_for(world.manager)
    assert [p.slug for p in sc.choose_parks(access, "baku,alpha")] == ["alpha", "baku"]
    with pytest.raises(LookupError) as unknown:
        sc.choose_parks(access, ["alpha", "closed", "nowhere"])  # closed: not compared
    assert unknown.value.args[0] == "No such park: closed, nowhere."


# --- queries ---------------------------------------------------------------------------------
def _more_companies(world, count):
    q2 = ReportingPeriod.objects.get(park=world.alpha, code="2024-Q2")
    for _ in range(count):
        company = OrganisationFactory()
        ResidencyFactory(company=company, park=world.alpha, start_date=datetime.date(2023, 3, 1))
        report(q2, company, staff=3, revenue=D("10"))
        TechnologyProfileFactory(owner=company, published=True, published_at=at(2024, 2, 1))


def test_queries_do_not_grow_with_companies(world, staff):
    access = sc.access_for(staff)
    parks = list(access.parks)
    with CaptureQueriesContext(connection) as few:
        sc.build(access, parks, YEARS)
    _more_companies(world, 12)
    with CaptureQueriesContext(connection) as many:
        card = sc.build(access, parks, YEARS)
    assert card.cell(world.alpha, 2024).figures["reporting_companies"] == 14
    assert card.cell(world.alpha, 2024).figures["profiles"] == 12
    print(f"scorecard queries: {len(few)} with 2 reporting companies, {len(many)} with 14")
    assert len(many) == len(few) <= 20


# --- pages -----------------------------------------------------------------------------------
URL = "/en/insights/scorecard/"


def test_page_for_staff(client, world, staff):
    client.force_login(staff)
    response = client.get(URL + "?from=2023&to=2024&parks=alpha&parks=baku")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="row-alpha-2023"' in page
    assert 'data-testid="row-baku-2024"' in page
    assert 'data-testid="row-closed-2024"' not in page
    assert "60.7" in page and "36.5" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 12
    assert 'data-testid="weight-rd"' in page and "25 %" in page
    assert reverse("insights:scorecard_park_year", args=["baku", 2023]) in page


def test_page_for_a_manager(client, world):
    client.force_login(world.manager)
    response = client.get(URL + "?years=2023-2024")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="scores-only"' in page
    assert 'data-testid="row-closed-2024"' not in page
    assert reverse("insights:scorecard_park_year", args=["alpha", 2024]) in page
    assert reverse("insights:scorecard_park_year", args=["baku", 2024]) not in page
    detail = reverse("insights:scorecard_park_year", args=["baku", 2024]) + "?years=2023-2024"
    assert client.get(detail).status_code == 403


def test_park_year_page(client, world):
    client.force_login(world.manager)
    address = reverse("insights:scorecard_park_year", args=["alpha", 2024])
    response = client.get(address + "?years=2023-2024")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="overall">65.4<' in page
    assert "= 100 × 30.00 ÷ 40.00" in page  # R&D revenue share against Alpha 2023
    assert "another park's value, not shown" in page  # the intake's best is Baku's
    assert "2,000.00" in page  # revenue


def test_a_year_without_reports_says_no_data(client, world, staff):
    client.force_login(staff)
    address = reverse("insights:scorecard_park_year", args=["baku", 2023])
    page = client.get(address + "?years=2023-2024").content.decode()
    assert "no counted report this year" in page
    assert "no data" in page


def test_pages_refuse_strangers(client, world):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(PersonFactory())
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403


def test_page_bad_input(client, world, staff):
    client.force_login(staff)
    response = client.get(URL + "?from=2000&to=2030")
    assert response.status_code == 400
    assert "Choose years from 1990 to" in response.content.decode()
    assert client.get(URL + "?parks=nowhere").status_code == 404
    address = reverse("insights:scorecard_park_year", args=["alpha", 2019])
    assert client.get(address + "?years=2023-2024").status_code == 404
    assert client.get(URL + "export.pdf").status_code == 404
    assert client.get(URL + "export.csv?years=abc").status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(client, world, fmt):
    client.force_login(world.manager)
    response = client.get(URL + f"export.{fmt}?years=2023-2024")
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    if fmt == "csv":
        rows = list(csv.reader(StringIO(body.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(BytesIO(body)).active
        rows = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    heading = rows[0]
    assert heading[:5] == ["Park", "Country", "Year", "Currency", "Overall score"]
    by_key = {(row[0], row[2]): dict(zip(heading, row, strict=True)) for row in rows[1:]}
    assert set(by_key) == {("Alpha", "2023"), ("Alpha", "2024"), ("Baku", "2023"), ("Baku", "2024")}
    alpha = by_key[("Alpha", "2024")]
    assert (alpha["Overall score"], alpha["Currency"]) == ("65.4", "TRY")
    assert D(alpha["Revenue"]) == D("2000")
    assert D(alpha["Exports, share of revenue (%)"]) == D("25")
    baku = by_key[("Baku", "2023")]
    assert baku["Company performance and exports"] == "no data"
    assert baku["Overall score"] == "12.5"
    assert baku["Revenue"] == ""  # another park's figures: not shown to a manager


# --- API -------------------------------------------------------------------------------------
API = "/api/v1/insights/scorecard"


def test_api(client, world, staff):
    client.force_login(staff)
    response = client.get(API, {"years": "2023-2024", "parks": "alpha,baku"})
    assert response.status_code == 200
    data = response.json()
    assert data["years"] == YEARS
    assert data["weights"] == {
        "rd": 25,
        "performance": 20,
        "incubation": 20,
        "transfer": 15,
        "collaboration": 20,
    }
    alpha, baku = data["parks"]
    assert (alpha["slug"], alpha["level"], baku["level"]) == ("alpha", "full", "full")
    a24 = alpha["years"][1]
    assert (a24["year"], a24["overall"], a24["currency"]) == (2024, 65.4, "TRY")
    assert a24["indicators"]["rd_revenue_share"] == {"value": 30.0, "score": 75.0}
    assert a24["figures"]["revenue"] == 2000.0
    b23 = baku["years"][0]
    assert b23["dimensions"]["performance"] is None
    assert b23["indicators"]["export_share"] == {"value": None, "score": None}
    assert b23["figures"]["staff"] is None


def test_api_for_a_manager(client, world):
    client.force_login(world.manager)
    data = client.get(API, {"years": "2023-2024"}).json()
    assert [p["slug"] for p in data["parks"]] == ["alpha", "baku"]
    baku = data["parks"][1]
    assert baku["level"] == "scores"
    assert baku["years"][1]["overall"] == 36.5
    assert baku["years"][1]["indicators"] is None and baku["years"][1]["figures"] is None
    intake = next(
        i for d in data["dimensions"] for i in d["indicators"] if i["code"] == "intake_rate"
    )
    assert intake["best"] is None


def test_api_bad_input(client, world, staff):
    assert client.get(API).status_code == 401
    client.force_login(PersonFactory())
    assert client.get(API).status_code == 403
    client.force_login(staff)
    response = client.get(API, {"years": "2015-2030"})
    assert response.status_code == 422
    assert "Choose years from 1990 to" in str(response.json())
    response = client.get(API, {"parks": "alpha,nowhere"})
    assert response.status_code == 404
    assert "No such park: nowhere." in str(response.json())


def test_reporting_pages_link_to_the_scorecard(client, world):
    client.force_login(world.manager)
    for address in (
        reverse("insights:reporting"),
        reverse("insights:park_reporting", args=["alpha"]),
    ):
        page = client.get(address).content.decode()
        assert f'href="{reverse("insights:scorecard")}" data-testid="scorecard-link"' in page


@pytest.mark.parametrize("language", ["az", "tr"])
def test_pages_in_every_language(client, world, staff, language):
    client.force_login(staff)
    response = client.get(f"/{language}/insights/scorecard/?years=2023-2024")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    detail = f"/{language}/insights/scorecard/alpha/2024/?years=2023-2024"
    assert client.get(detail).status_code == 200
