"""The insights demo (:func:`korpu.insights.demo.load_insights_demo`): five years of history
behind the 2020 memorandum's dashboard (every main commitment has a figure in every year
and for both countries), the residents' reports of three parks with locked (snapshotted)
periods and an open one the demo resident can fill in, and that loading it again changes
nothing.

Every module's demo is loaded once for the module, inside a transaction rolled back at its
end; each test runs in a savepoint of it.
"""

import importlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from korpu.directory.demo import GOSB_PARK_SLUG, MEMORANDUM_SLUG, SHOWCASE_COMPANY_SLUG, load_demo
from korpu.directory.models import Organisation, Park, Partnership, Person
from korpu.events.demo import load_events_demo
from korpu.facilities.demo import load_facilities_demo
from korpu.insights import demo, kpis, queries, reporting, rules
from korpu.insights.models import Report, ReportingPeriod, ReportingScheme
from korpu.matchmaking.demo import load_matchmaking_demo
from korpu.programs.demo import load_programmes_demo
from korpu.transfer.demo import load_transfer_demo

pytestmark = pytest.mark.django_db

HISTORY = [2021, 2022, 2023, 2024, 2025]
# The indicators of the memorandum's commitments: a figure every year, from both countries.
COMMITMENTS = [
    "programmes_acceleration",
    "programmes_technology_transfer",
    "specialists_placed",
    "joint_events",
    "park_projects",
    "events_campus",
]
# The other indicators: a figure every year (from either country).
EVERY_YEAR = [
    "programmes_exchanged",
    "calls_opened",
    "applications",
    "admissions",
    "events_seminar",
    "events_training",
    "events_conference",
    "participants",
    "attendance_rate",
    "certificates",
    "campus_ideas",
    "campus_ideas_implemented",
    "campus_teams",
    "campus_projects_judged",
    "meeting_requests",
    "meetings_held",
    "cooperation_possible",
    "technology_profiles",
    "expressions_of_interest",
    "resident_companies",
    "graduates",
    "jobs",
    "lab_hours",
    "devices_produced",
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_programmes_demo()
        load_events_demo()
        load_matchmaking_demo()
        load_facilities_demo()
        load_transfer_demo()
        yield demo.load_insights_demo()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def dashboard(loaded, django_db_blocker):
    with django_db_blocker.unblock():
        return _dashboard()


def _dashboard():
    partnership = Partnership.objects.get(slug=MEMORANDUM_SLUG)
    staff = Person.objects.get(email="admin@korpu.example")
    years = kpis.default_years(partnership)
    assert years[0] == 2020  # from the year the memorandum was signed
    return {r.code: r for r in kpis.partnership_kpis(partnership, staff, years) if r.code}


def counts():
    from korpu.events.models import Registration
    from korpu.facilities.models import Booking
    from korpu.matchmaking.models import Meeting
    from korpu.programs.models import Application

    return {
        model.__name__: model.objects.count()
        for model in (Registration, Application, Meeting, Booking, Report, Person, Organisation)
    }


# --- loading ----------------------------------------------------------------------------
def test_second_load_changes_nothing_and_is_quick(loaded):
    assert loaded.created > 10_000 and loaded.seconds < 60
    before = counts()
    again = demo.load_insights_demo()
    assert (again.created, again.updated) == (0, 0)
    assert (
        again.tallies["past joint events"].unchanged == loaded.tallies["past joint events"].created
    )
    assert again.tallies["reporting schemes"].unchanged == 3
    assert counts() == before


def test_history_is_the_same_every_time(loaded):
    """Seeded: the plan and the figures do not depend on the run."""
    loader = demo._Loader.__new__(demo._Loader)
    company = Organisation.objects.get(slug=SHOWCASE_COMPANY_SLUG)
    period = ReportingPeriod.objects.filter(park__slug=GOSB_PARK_SLUG).first()
    assert loader.figures(company, period, "TRY") == loader.figures(company, period, "TRY")
    stored = Report.objects.filter(period=period, company=company).first()
    if stored is not None and stored.status == Report.Status.SUBMITTED:
        assert stored.staff == loader.figures(company, period, "TRY")["staff"]


# --- the memorandum's dashboard -----------------------------------------------------------
@pytest.mark.parametrize("code", COMMITMENTS)
def test_every_commitment_has_figures_every_year_from_both_countries(dashboard, code):
    result = dashboard[code]
    for year in HISTORY:
        assert result.by_year[year] > 0, (code, year)
        for country in ("AZ", "TR"):
            assert result.value(year, country) > 0, (code, year, country)


@pytest.mark.parametrize("code", EVERY_YEAR)
def test_every_indicator_has_a_figure_every_year(dashboard, code):
    result = dashboard[code]
    for year in HISTORY:
        assert result.by_year[year], (code, year)
    assert set(result.by_country) >= {"AZ", "TR"}


def test_activity_grows_over_the_years(dashboard):
    for code in ("joint_events", "specialists_placed", "participants", "meetings_held", "jobs"):
        by_year = dashboard[code].by_year
        assert by_year[2025] > by_year[2021], code
    deals = dashboard["deals_signed"]
    assert all(deals.by_year[year] for year in HISTORY[1:])


def test_participants_break_down_by_gender_and_age(dashboard):
    breakdowns = {b.name: b for b in dashboard["participants"].breakdowns}
    ages = {key: value for key, _label, value in breakdowns["age"].rows}
    genders = {key: value for key, _label, value in breakdowns["gender"].rows}
    assert not breakdowns["age"].suppressed and ages["youth"] > ages["adult"] > 0
    assert genders["female"] > 100 and genders["male"] > 100


def test_placements_are_young_specialists_hosted_across_the_border(loaded):
    from korpu.programs.models import Placement

    placements = Placement.objects.filter(programme__slug=demo.PLACEMENT_PROGRAMME)
    assert placements.count() > 100
    for placement in placements.select_related("specialist", "host"):
        assert placement.specialist.country != placement.host.country
        assert placement.starts_on.year - placement.specialist.birth_year < 30


# --- resident reporting ------------------------------------------------------------------
def test_three_parks_ask_for_reports_with_older_periods_locked(loaded):
    schemes = {s.park.slug: s for s in ReportingScheme.objects.select_related("park")}
    assert schemes[GOSB_PARK_SLUG].frequency == "quarterly"
    assert schemes[GOSB_PARK_SLUG].currency == "TRY"
    assert schemes[demo.HTP].frequency == "quarterly"
    assert schemes[demo.BAKU_CENTRE].frequency == "yearly"
    for slug in schemes:
        periods = list(ReportingPeriod.objects.filter(park__slug=slug).order_by("starts_on"))
        assert periods[0].starts_on.year == 2021
        assert all(p.is_locked and p.snapshot for p in periods[:-1]), slug
        assert not periods[-1].is_locked  # the latest is open


def test_locked_periods_are_snapshotted_and_keep_their_figures(loaded):
    gosb = Park.objects.get(slug=GOSB_PARK_SLUG)
    locked = ReportingPeriod.objects.filter(park=gosb, status="locked")
    submitted = Report.objects.filter(period__in=locked, status=Report.Status.SUBMITTED)
    assert submitted.count() > 1500
    assert not submitted.filter(snapshot__isnull=True).exists()
    before = queries.park_indicator_totals(gosb, 2024)
    assert before["staff"] > 1000 and before["exports"] <= before["revenue"]
    submitted.filter(period__starts_on__year=2024).update(
        staff=1, rd_staff=0, software_staff=0, revenue=1, rd_revenue=0, exports=0
    )
    assert queries.park_indicator_totals(gosb, 2024) == before


def test_most_residents_report_and_some_are_late_in_the_open_period(loaded):
    gosb = Park.objects.get(slug=GOSB_PARK_SLUG)
    periods = list(queries.periods_of(gosb))
    open_period, last_locked = periods[0], periods[1]
    assert not open_period.is_locked
    assert queries.reported_count(last_locked) > 8 * queries.missing_count(last_locked) > 0
    rows = queries.period_rows(open_period)
    statuses = {row.status for row in rows}
    assert statuses == {"submitted", "draft", "missing"}
    missing = [row for row in rows if row.status == "missing"]
    assert 5 < len(missing) < len(rows) / 2
    assert SHOWCASE_COMPANY_SLUG in {row.slug for row in missing}


def test_reported_figures_are_plausible(loaded):
    for report in Report.objects.filter(status=Report.Status.SUBMITTED)[:500]:
        values = report.live_values()
        assert values["staff"] > 0 and values["revenue"] > 0
        assert values.get("rd_staff") is None or values["rd_staff"] <= values["staff"]
        assert values.get("exports") is None or values["exports"] <= values["revenue"]


def test_the_demo_resident_fills_the_open_quarter_in_turkish(loaded):
    gosb = Park.objects.get(slug=GOSB_PARK_SLUG)
    company = Organisation.objects.get(slug=SHOWCASE_COMPANY_SLUG)
    resident = Person.objects.get(email=demo.DEMO_RESIDENT)
    assert resident.preferred_language == "tr"
    assert rules.can_report(resident, queries.residency_of(company, gosb))
    ((period, report),) = queries.open_periods_for(company, gosb)
    assert report is None and period.code.endswith(("Q1", "Q2", "Q3", "Q4"))
    assert len(queries.company_history(company, gosb)) >= 20  # its earlier reports
    values = {
        "staff": 52,
        "rd_staff": 30,
        "software_staff": 12,
        "revenue": "41000000",
        "rd_revenue": "22000000",
        "exports": "6500000",
        "patents_applied": 1,
        "patents_granted": 0,
        "utility_models": 0,
        "trademarks": 1,
        "investment_received": "0",
    }
    saved = reporting.save_report(
        actor=resident, period=period, company=company, values=values, submit=True
    )
    assert saved.status == Report.Status.SUBMITTED and saved.revenue == Decimal("41000000.00")


# --- the command ------------------------------------------------------------------------
def test_load_demo_lives_in_insights_and_prints_the_resident_account(loaded, settings):
    importlib.import_module("korpu.insights.management.commands.load_demo")
    with pytest.raises(ImportError):
        importlib.import_module("korpu.matchmaking.management.commands.load_demo")
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert "already up to date" in lines[0] and "0 rows created, 0 updated" in lines[0]
    labels = [line.split("  ")[1].strip() for line in lines[2 : lines.index("")]]
    assert labels.index("bookings") < labels.index("deals") < labels.index("resident reports")
    assert any("Technology-transfer demo by status" in line for line in lines)
    assert any(line.startswith("Resident reporting:") and "Pusula" in line for line in lines)
    account = next(line for line in lines if line.split()[:1] == [demo.DEMO_RESIDENT])
    assert "Pusula Robotik" in account
    assert lines[-1].split()[0] == "specialist@korpu.example"


def test_last_years_report_is_ready_to_download(loaded, client):
    from django.urls import reverse

    from korpu.insights.models import YearlyReport
    from tests.events.test_tickets import pdf_text

    partnership = Partnership.objects.get(slug=MEMORANDUM_SLUG)
    report = YearlyReport.objects.get(partnership=partnership, status="done")
    assert (report.year, report.language, report.pages > 1) == (
        kpis.default_years(partnership)[-2],
        "en",
        True,
    )
    client.force_login(Person.objects.get(email=demo.DEMO_AGENCY_ADMIN))
    response = client.get(
        reverse("insights:yearly_report_download", args=[partnership.slug, report.pk])
    )
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and data.startswith(b"%PDF")
    assert partnership.title in pdf_text(data)
