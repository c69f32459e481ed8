"""The catalogue, period arithmetic and the invariants the database keeps on one row."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from korpu.insights.models import (
    BY_CODE,
    CODES,
    INDICATORS,
    Report,
    ReportingPeriod,
    default_currency,
    in_catalogue_order,
    period_bounds,
    period_code,
)
from tests.factories import OrganisationFactory, ParkFactory

D = datetime.date


def test_the_catalogue_has_stable_codes():
    assert CODES == (
        "staff",
        "rd_staff",
        "software_staff",
        "revenue",
        "rd_revenue",
        "exports",
        "patents_applied",
        "patents_granted",
        "utility_models",
        "trademarks",
        "investment_received",
    )
    assert [i.code for i in INDICATORS if i.money] == [
        "revenue",
        "rd_revenue",
        "exports",
        "investment_received",
    ]
    assert [i.code for i in INDICATORS if i.stock] == ["staff", "rd_staff", "software_staff"]
    assert {i.code: i.part_of for i in INDICATORS if i.part_of} == {
        "rd_staff": "staff",
        "software_staff": "staff",
        "rd_revenue": "revenue",
        "exports": "revenue",
    }
    assert in_catalogue_order(["exports", "staff", "exports"]) == ["staff", "exports"]


def test_indicator_values_round_trip_through_json():
    revenue, staff = BY_CODE["revenue"], BY_CODE["staff"]
    assert revenue.dump(Decimal("12.5")) == "12.50"
    assert revenue.parse("12.50") == Decimal("12.50")
    assert staff.dump(7) == 7
    assert staff.parse(7) == 7
    assert (revenue.parse(None), staff.dump(None)) == (None, None)


@pytest.mark.parametrize(
    ("frequency", "day", "bounds", "code"),
    [
        ("monthly", D(2026, 2, 14), (D(2026, 2, 1), D(2026, 2, 28)), "2026-02"),
        ("monthly", D(2028, 2, 29), (D(2028, 2, 1), D(2028, 2, 29)), "2028-02"),
        ("monthly", D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31)), "2026-12"),
        ("quarterly", D(2026, 1, 1), (D(2026, 1, 1), D(2026, 3, 31)), "2026-Q1"),
        ("quarterly", D(2026, 8, 15), (D(2026, 7, 1), D(2026, 9, 30)), "2026-Q3"),
        ("quarterly", D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31)), "2026-Q4"),
        ("yearly", D(2026, 6, 30), (D(2026, 1, 1), D(2026, 12, 31)), "2026"),
    ],
)
def test_period_bounds_and_codes(frequency, day, bounds, code):
    assert period_bounds(frequency, day) == bounds
    assert period_code(frequency, bounds[0]) == code


def test_period_labels_follow_the_language():
    monthly = ReportingPeriod(frequency="monthly", starts_on=D(2026, 7, 1))
    quarterly = ReportingPeriod(frequency="quarterly", starts_on=D(2026, 7, 1))
    yearly = ReportingPeriod(frequency="yearly", starts_on=D(2026, 1, 1))
    with translation.override("en"):
        assert (monthly.label, quarterly.label, yearly.label) == ("July 2026", "Q3 2026", "2026")
    with translation.override("tr"):
        assert monthly.label == "Temmuz 2026"


def test_default_currency_by_country():
    assert [default_currency(c) for c in ("AZ", "TR", "DE")] == ["AZN", "TRY", "EUR"]


@pytest.fixture
def period(db):
    return ReportingPeriod.objects.create(
        park=ParkFactory(),
        code="2026-Q2",
        frequency="quarterly",
        starts_on=D(2026, 4, 1),
        ends_on=D(2026, 6, 30),
        due_on=D(2026, 7, 30),
        indicators=list(CODES),
        currency="TRY",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"staff": 3, "rd_staff": 4},
        {"staff": 3, "software_staff": 4},
        {"revenue": Decimal("10"), "rd_revenue": Decimal("10.01")},
        {"revenue": Decimal("10"), "exports": Decimal("11")},
        {"revenue": Decimal("-1")},
        {"investment_received": Decimal("-0.01")},
        {"staff": -1},
        {"status": "submitted", "submitted_at": None},
    ],
)
def test_the_database_refuses_an_impossible_report(period, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(period=period, company=OrganisationFactory(), **fields)


def test_one_report_per_company_and_period(period):
    company = OrganisationFactory()
    Report.objects.create(period=period, company=company)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(period=period, company=company)


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_on": D(2026, 3, 31)},
        {"due_on": D(2026, 6, 29)},
        {"status": "locked"},
        {"code": "2026-Q2"},
    ],
)
def test_the_database_refuses_an_impossible_period(period, fields):
    values = {
        "park": period.park,
        "code": "2026-Q3",
        "frequency": "quarterly",
        "starts_on": D(2026, 7, 1),
        "ends_on": D(2026, 9, 30),
        "due_on": D(2026, 10, 30),
        "currency": "TRY",
    }
    values.update(fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(**values)
