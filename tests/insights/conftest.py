"""Shared set-up of the resident-reporting tests: a park in Istanbul with a manager, a
quarterly scheme from 2026 opened on a fixed day (15 July 2026, so Q1 and Q2 2026 are
open), and resident companies with a member each."""

import datetime
from decimal import Decimal

import pytest

from korpu.directory.models import Membership
from korpu.insights import reporting
from korpu.insights.models import CODES
from tests.factories import MembershipFactory, OrganisationFactory, ParkFactory, ResidencyFactory

NOW = datetime.datetime(2026, 7, 15, 9, 0, tzinfo=datetime.UTC)
START = datetime.date(2026, 1, 1)

FULL = {
    "staff": 10,
    "rd_staff": 4,
    "software_staff": 3,
    "revenue": Decimal("1000.00"),
    "rd_revenue": Decimal("400.00"),
    "exports": Decimal("250.50"),
    "patents_applied": 1,
    "patents_granted": 0,
    "utility_models": 0,
    "trademarks": 2,
    "investment_received": Decimal("5000.00"),
}


def at(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def make_resident(park, *, name=None, role=Membership.Role.MEMBER, start=datetime.date(2025, 1, 1)):
    """A company with an active residency in the park since ``start``, and one member."""
    company = OrganisationFactory(**({"name": name} if name else {}))
    ResidencyFactory(company=company, park=park, start_date=start)
    person = MembershipFactory(organisation=company, role=role).person
    return company, person


def set_up_scheme(manager, park, **changes):
    fields = {
        "frequency": "quarterly",
        "indicators": list(CODES),
        "currency": "TRY",
        "starts_on": START,
        "due_days": 30,
        "remind_days_before": 7,
        "remind_days_after": 3,
        "now": NOW,
    }
    fields.update(changes)
    return reporting.save_scheme(actor=manager, park=park, **fields)


@pytest.fixture
def park(db):
    return ParkFactory(name="Gebze Teknopark", slug="gebze")


@pytest.fixture
def manager(park):
    return MembershipFactory(organisation=park.operator, role=Membership.Role.MANAGER).person


@pytest.fixture
def scheme(manager, park):
    return set_up_scheme(manager, park)


@pytest.fixture
def q1(scheme):
    return scheme.park.reporting_periods.get(code="2026-Q1")


@pytest.fixture
def q2(scheme):
    return scheme.park.reporting_periods.get(code="2026-Q2")


@pytest.fixture
def resident(park):
    return make_resident(park, name="Anatolia Robotics")
