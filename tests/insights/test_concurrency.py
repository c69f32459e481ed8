"""Submitting while the period is being locked, on PostgreSQL.

:func:`korpu.insights.reporting.lock_period` freezes the submitted reports it reads;
:func:`~korpu.insights.reporting.save_report` must not slip a submission in between
that read and the lock's commit, or the locked period would hold a submitted report
without its frozen copy (a report the period's figures silently leave out, and whose
figures could still change). Both take the period's row lock first.

The lock is slowed down between reading the reports and committing, and residents
submit at that moment from their own threads and connections. With the row lock every
submission either came before the lock (and is frozen) or is refused as "locked". The
control test switches the row lock off: submissions then land in the locked period
without a frozen copy, which proves the first test would catch a missing lock.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from korpu.insights import queries, reporting
from korpu.insights.models import Report, ReportingPeriod
from tests.insights.conftest import FULL, make_resident

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBMITTERS = 6
WINDOW = 0.6  # seconds between the lock reading the reports and committing


@pytest.fixture
def slow_lock(monkeypatch):
    expected = queries.expected_companies

    def slowly(period):
        time.sleep(WINDOW)
        return expected(period)

    monkeypatch.setattr(queries, "expected_companies", slowly)


def _race(park, manager, q2) -> dict[str, int]:
    early, early_member = make_resident(park, name="Early")
    reporting.save_report(actor=early_member, period=q2, company=early, values=FULL, submit=True)
    residents = [make_resident(park, name=f"Resident {n}") for n in range(SUBMITTERS)]
    outcomes: list[str] = []
    barrier = threading.Barrier(SUBMITTERS)

    def lock():
        try:
            reporting.lock_period(actor=manager, period=q2)
        finally:
            connections.close_all()

    def submit(company, person):
        try:
            barrier.wait(timeout=10)
            reporting.save_report(
                actor=person, period=q2, company=company, values=FULL, submit=True
            )
            outcomes.append("submitted")
        except ValidationError as refused:
            outcomes.append(refused.code)
        finally:
            connections.close_all()

    locker = threading.Thread(target=lock)
    locker.start()
    time.sleep(WINDOW / 4)  # the lock has read the reports and waits
    threads = [threading.Thread(target=submit, args=resident) for resident in residents]
    for thread in threads:
        thread.start()
    for thread in [locker, *threads]:
        thread.join(timeout=30)
    period = ReportingPeriod.objects.get(pk=q2.pk)
    submitted = Report.objects.filter(period=period, status="submitted")
    return {
        "locked": int(period.is_locked),
        "refused": outcomes.count("locked"),
        "accepted": outcomes.count("submitted"),
        "frozen": submitted.filter(snapshot__isnull=False).count(),
        "unfrozen": submitted.filter(snapshot__isnull=True).count(),
    }


def test_no_submission_slips_past_the_lock(park, manager, q2, slow_lock):
    result = _race(park, manager, q2)
    assert result["locked"] == 1
    assert result["unfrozen"] == 0
    assert result["refused"] + result["accepted"] == SUBMITTERS
    assert result["frozen"] == 1 + result["accepted"]


def test_control_without_the_row_lock_submissions_slip_past(
    park, manager, q2, slow_lock, monkeypatch
):
    monkeypatch.setattr(reporting, "PERIOD_LOCK", False)
    result = _race(park, manager, q2)
    assert result["locked"] == 1
    assert result["unfrozen"] > 0
