"""Reads of resident reporting: who is expected, a period's rows and totals, a company's
history, the park's yearly figures for the scorecard, and the counts of the periods list."""

import datetime
from decimal import Decimal

import pytest

from korpu.directory.models import Residency
from korpu.insights import queries, reporting
from korpu.insights.models import CODES, Report
from tests.insights.conftest import FULL, at, make_resident, set_up_scheme

pytestmark = pytest.mark.django_db


def submit(period, company, person, **values):
    return reporting.save_report(
        actor=person, period=period, company=company, values=dict(FULL, **values), submit=True
    )


def test_expected_companies(q2, park):
    early, _ = make_resident(park, start=datetime.date(2026, 6, 30))
    late, _ = make_resident(park, start=datetime.date(2026, 7, 1))
    undated, _ = make_resident(park, start=None)
    gone, _ = make_resident(park)
    Residency.objects.filter(company=gone).update(status=Residency.Status.LEFT)
    applied, _ = make_resident(park)
    Residency.objects.filter(company=applied).update(status=Residency.Status.APPLIED)
    assert set(queries.expected_companies(q2)) == {early, undated}


def test_period_rows_and_totals_of_an_open_period(q2, park):
    alpha, alpha_person = make_resident(park, name="Alpha")
    beta, beta_person = make_resident(park, name="Beta")
    gamma, gamma_person = make_resident(park, name="Gamma")
    make_resident(park, name="Delta")
    submit(q2, alpha, alpha_person)
    submit(q2, beta, beta_person, staff=20, rd_staff=5, revenue="3000.25")
    reporting.save_report(
        actor=gamma_person, period=q2, company=gamma, values={"staff": 99}, submit=False
    )
    rows = queries.period_rows(q2)
    assert [(row.name, row.status) for row in rows] == [
        ("Alpha", "submitted"),
        ("Beta", "submitted"),
        ("Delta", "missing"),
        ("Gamma", "draft"),
    ]
    assert rows[3].values == {}  # a draft's figures are not shown as reported
    totals = {t.indicator.code: (t.total, t.count) for t in queries.period_totals(q2)}
    assert totals == {
        "staff": (30, 2),
        "rd_staff": (9, 2),
        "software_staff": (6, 2),
        "revenue": (Decimal("4000.25"), 2),
        "rd_revenue": (Decimal("800.00"), 2),
        "exports": (Decimal("501.00"), 2),
        "patents_applied": (2, 2),
        "patents_granted": (0, 2),
        "utility_models": (0, 2),
        "trademarks": (4, 2),
        "investment_received": (Decimal("10000.00"), 2),
    }


def test_a_figure_left_out_is_not_counted(manager, park):
    set_up_scheme(manager, park, indicators=["staff", "revenue"])
    q2 = park.reporting_periods.get(code="2026-Q2")
    alpha, alpha_person = make_resident(park, name="Alpha")
    reporting.save_report(
        actor=alpha_person, period=q2, company=alpha, values={"staff": 3, "revenue": 5}, submit=True
    )
    # The park added an indicator later on, outside the services: the report lacks it.
    q2.indicators = ["staff", "revenue", "exports"]
    q2.save()
    totals = {t.indicator.code: (t.total, t.count) for t in queries.period_totals(q2)}
    assert totals == {"staff": (3, 1), "revenue": (Decimal("5.00"), 1), "exports": (Decimal(0), 0)}


def test_a_company_that_reported_and_left_still_shows(q2, park):
    company, person = make_resident(park, name="Leaver")
    submit(q2, company, person)
    Residency.objects.filter(company=company).update(status=Residency.Status.LEFT)
    assert [(row.name, row.status) for row in queries.period_rows(q2)] == [("Leaver", "submitted")]


def test_company_history_oldest_first_with_drafts_marked(q1, q2, resident):
    company, person = resident
    submit(q1, company, person, staff=8, rd_staff=2)
    reporting.save_report(
        actor=person, period=q2, company=company, values={"staff": 9}, submit=False
    )
    history = queries.company_history(company, q1.park)
    assert [(row.period.code, row.status, row.values["staff"]) for row in history] == [
        ("2026-Q1", "submitted", 8),
        ("2026-Q2", "draft", 9),
    ]


def test_open_periods_for_a_company(q1, q2, resident, manager, park):
    company, person = resident
    submit(q2, company, person)
    reporting.lock_period(actor=manager, period=q1)
    newcomer, _ = make_resident(park, start=datetime.date(2026, 5, 1))
    assert [
        (p.code, r.status if r else None) for p, r in queries.open_periods_for(company, park)
    ] == [("2026-Q2", "submitted")]
    assert [p.code for p, _r in queries.open_periods_for(newcomer, park)] == ["2026-Q2"]


def test_periods_list_counts(q1, q2, park, manager):
    alpha, alpha_person = make_resident(park, name="Alpha")
    beta, beta_person = make_resident(park, name="Beta")
    make_resident(park, name="Gamma")
    submit(q1, alpha, alpha_person)
    submit(q2, alpha, alpha_person)
    reporting.save_report(actor=beta_person, period=q2, company=beta, values={}, submit=False)
    reporting.lock_period(actor=manager, period=q1)
    # Joined after the lock: the locked period's count stays as frozen.
    make_resident(park, name="Omega")
    counts = {
        p.code: (queries.reported_count(p), p.draft_count, queries.missing_count(p))
        for p in queries.periods_of(park)
    }
    assert counts == {"2026-Q2": (1, 1, 3), "2026-Q1": (1, 0, 2)}


# --- the scorecard's reading
def test_park_indicator_totals_adds_flows_and_takes_the_latest_headcount(manager, park, q1, q2):
    alpha, alpha_person = make_resident(park, name="Alpha")
    beta, beta_person = make_resident(park, name="Beta")
    submit(q1, alpha, alpha_person, staff=10, rd_staff=4, revenue="1000", exports="100")
    submit(q2, alpha, alpha_person, staff=12, rd_staff=5, revenue="2000", exports="300")
    submit(q1, beta, beta_person, staff=7, rd_staff=1, revenue="500.50", exports="0")
    reporting.save_report(  # a draft never counts
        actor=beta_person, period=q2, company=beta, values={"staff": 99}, submit=False
    )
    reporting.lock_period(actor=manager, period=q1)
    totals = queries.park_indicator_totals(park, 2026)
    assert totals == {
        "staff": 12 + 7,  # Alpha's Q2 headcount, Beta's Q1 (its latest)
        "rd_staff": 5 + 1,
        "software_staff": 3 + 3,
        "revenue": Decimal("3500.50"),
        "rd_revenue": Decimal("1200.00"),
        "exports": Decimal("400.00"),
        "patents_applied": 3,
        "patents_granted": 0,
        "utility_models": 0,
        "trademarks": 6,
        "investment_received": Decimal("15000.00"),
    }
    assert [type(totals[code]) for code in ("staff", "revenue")] == [int, Decimal]
    assert queries.reporting_currency(park) == "TRY"
    assert queries.park_indicator_totals(park, 2025) == {}


def test_park_indicator_totals_of_a_year_without_reports_are_zero(scheme, park):
    assert queries.park_indicator_totals(park, 2026) == {
        code: (
            Decimal("0.00")
            if code in {"revenue", "rd_revenue", "exports", "investment_received"}
            else 0
        )
        for code in CODES
    }


def test_park_indicator_totals_cover_the_periods_starting_in_the_year(manager, park):
    set_up_scheme(
        manager,
        park,
        frequency="yearly",
        indicators=["revenue"],
        starts_on=datetime.date(2024, 1, 1),
        now=at(2026, 2, 1),
    )
    company, person = make_resident(park, start=datetime.date(2023, 1, 1))
    for code, revenue in (("2024", "100"), ("2025", "250")):
        reporting.save_report(
            actor=person,
            period=park.reporting_periods.get(code=code),
            company=company,
            values={"revenue": revenue},
            submit=True,
        )
    assert queries.park_indicator_totals(park, 2025) == {"revenue": Decimal("250.00")}
    assert queries.park_indicator_totals(park, 2024) == {"revenue": Decimal("100.00")}


def test_company_history_reads_the_submitted_values(q1, resident):
    company, person = resident
    report = submit(q1, company, person)
    [row] = queries.company_history(company, q1.park)
    assert (row.report, row.reported, row.values) == (report, True, FULL)
    assert Report.objects.count() == 1
