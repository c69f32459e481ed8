"""The insights benchmark's generator (bench/insights_dashboard/generate.py) at 1% of its
size: the counts it promises, every indicator of the memorandum with something to show,
bookings that never overlap, and the dashboard's query count the same for a world twice
as big (what the benchmark reports at full size)."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from korpu.facilities.models import Booking
from korpu.insights import kpis
from korpu.insights.models import ReportingPeriod
from korpu.programs.models import Application

BENCH = Path(__file__).resolve().parents[2] / "bench" / "insights_dashboard" / "generate.py"
NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


def _load():
    spec = importlib.util.spec_from_file_location("insights_bench_generate", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load()


@pytest.fixture
def world(db):
    return generate.generate(prefix="t", scale=0.01, seed=3, now=NOW)


def test_counts_at_one_percent(world):
    counts = world.counts
    assert counts["companies"] == 8  # at least 8 (300 × 1% = 3)
    assert counts["applications"] == 100
    assert counts["registrations"] == 500
    assert counts["bookings"] == 1000
    assert Application.objects.filter(call__programme__owner__in=world.parties).count() <= 100
    assert world.years == [2022, 2023, 2024, 2025, 2026]
    assert world.partnership.signed_on == datetime.date(2020, 6, 1)
    assert ReportingPeriod.objects.filter(park__in=world.parks.values(), status="locked").exists()


def test_every_indicator_has_something_to_show(world, monkeypatch):
    monkeypatch.setattr(kpis.timezone, "now", lambda: NOW)
    results = kpis.partnership_kpis(world.partnership, world.admin, world.years)
    measured = {r.code: r for r in results if r.commitment is None}
    assert set(measured) == {i.code for i in kpis.indicators_for(kpis.FULL)}
    empty = [code for code, r in measured.items() if not r.total]
    # Ideas taken to implementation are 15% of a handful at this size: may be none.
    assert set(empty) <= {"campus_ideas_implemented"}, empty
    commitments = [r for r in results if r.commitment is not None]
    assert len(commitments) == len(generate.COMMITMENTS)
    assert [r.measured for r in commitments].count(False) == 1  # the Karabakh parks


def test_bookings_of_a_resource_never_overlap(world):
    last = {}
    for booking in Booking.objects.order_by("resource_id", "starts_at"):
        if booking.resource_id in last:
            assert booking.starts_at >= last[booking.resource_id]
        last[booking.resource_id] = booking.ends_at


def test_dashboard_queries_do_not_grow_with_the_records(db, client):
    counts = []
    for prefix, scale in (("one", 0.01), ("two", 0.02)):
        world = generate.generate(prefix=prefix, scale=scale, seed=5, now=NOW)
        client.force_login(world.admin)
        url = reverse("insights:partnership", args=[world.partnership.slug])
        client.get(url + "?from=2022&to=2026")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + "?from=2022&to=2026").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
