"""Reports of a locked period do not change when the data behind them changes later: the
figures, the status, the company's name, the residents, the period's indicators."""

from decimal import Decimal

import pytest

from korpu.directory.models import Organisation, Residency
from korpu.events.exports import csv_stream
from korpu.insights import queries, reporting, reporting_exports
from korpu.insights.models import Report
from tests.insights.conftest import FULL, make_resident

pytestmark = pytest.mark.django_db


def readings(period, company, park):
    """Everything that reads the period: rows, totals, history, the year's figures and
    the CSV export."""
    period.refresh_from_db()
    rows = [(r.company_id, r.name, r.status, r.values) for r in queries.period_rows(period)]
    totals = [(t.indicator.code, t.total, t.count) for t in queries.period_totals(period)]
    history = [(h.period.code, h.status, h.values) for h in queries.company_history(company, park)]
    export = "".join(csv_stream(reporting_exports.period_rows(period, language="en")))
    return rows, totals, history, queries.park_indicator_totals(park, 2026), export


@pytest.fixture
def locked(q2, resident, park, manager):
    company, member = resident
    other, other_member = make_resident(park, name="Bosphorus Bio")
    silent, _ = make_resident(park, name="Caspian Code")
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    reporting.save_report(
        actor=other_member,
        period=q2,
        company=other,
        values=dict(FULL, staff=30, revenue="9000"),
        submit=True,
    )
    reporting.lock_period(actor=manager, period=q2)
    return q2, company, other, silent


def test_changing_the_data_after_locking_changes_no_reading(locked, park):
    period, company, other, silent = locked
    before = readings(period, company, park)
    assert before[1][0] == ("staff", 40, 2)
    assert before[1][3] == ("revenue", Decimal("10000.00"), 2)

    # Figures edited and a status changed behind the services' back (admin, database).
    Report.objects.filter(company=company).update(
        staff=99, rd_staff=1, revenue=Decimal("1E6"), exports=Decimal("7")
    )
    Report.objects.filter(company=other).update(status="draft")
    # The companies are renamed, one leaves the park, a newcomer arrives.
    Organisation.objects.filter(pk=company.pk).update(name="Renamed", name_en="Renamed")
    Organisation.objects.filter(pk=silent.pk).update(name="Also renamed", name_en="Also renamed")
    Residency.objects.filter(company=other).update(status=Residency.Status.LEFT)
    make_resident(park, name="Newcomer")
    # A report appears for the silent company after locking.
    Report.objects.create(
        period=period, company=silent, status="submitted", submitted_at=period.locked_at, staff=5
    )
    # The period's indicators are changed.
    type(period).objects.filter(pk=period.pk).update(indicators=["staff"])

    assert readings(period, company, park) == before


def test_the_rows_of_a_locked_period(locked):
    period, company, other, silent = locked
    rows = queries.period_rows(period)
    assert [(r.name, r.status, r.values.get("staff")) for r in rows] == [
        ("Anatolia Robotics", "submitted", 10),
        ("Bosphorus Bio", "submitted", 30),
        ("Caspian Code", "missing", None),
    ]


def test_a_draft_in_a_locked_period_stays_unreported(q2, park, manager):
    company, member = make_resident(park, name="Drafty")
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=False)
    reporting.lock_period(actor=manager, period=q2)
    [row] = queries.period_rows(q2)
    assert (row.name, row.status, row.values) == ("Drafty", "draft", {})
    assert [t.count for t in queries.period_totals(q2)] == [0] * len(FULL)
    assert queries.park_indicator_totals(park, 2026)["staff"] == 0
