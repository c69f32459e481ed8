"""The KPIs kept in the cache: the same figures for a while, anew on asking, per
language and level; the yearly report never uses them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from korpu.insights import kpis
from tests.insights.test_kpis import at, build_world
from tests.programs.factories import CallFactory

YEARS = [2023, 2024]


@pytest.fixture
def world(db, settings):
    settings.KORPU_INSIGHTS_CACHE_SECONDS = 120
    cache.clear()
    yield build_world()
    cache.clear()


def calls_opened(world, **options):
    results = kpis.partnership_kpis(world.partnership, world.admin, YEARS, **options)
    return next(r for r in results if r.code == "calls_opened")


def open_another_call(world):
    CallFactory(programme=world.prog_a, opens_at=at(2024, 8, 1), closes_at=at(2024, 9, 1))


def test_figures_are_kept_until_asked_anew(world):
    first = calls_opened(world)
    open_another_call(world)
    kept = calls_opened(world)
    assert (kept.by_year, kept.computed_at) == (first.by_year, first.computed_at)
    fresh = calls_opened(world, fresh=True)
    assert fresh.by_year[2024] == first.by_year[2024] + 1
    assert fresh.computed_at > first.computed_at
    assert calls_opened(world).by_year == fresh.by_year  # the cache now holds the new ones


def test_a_kept_dashboard_costs_only_the_commitments(world):
    with CaptureQueriesContext(connection) as cold:
        kpis.partnership_kpis(world.partnership, world.admin, YEARS, level=kpis.FULL)
    with CaptureQueriesContext(connection) as warm:
        kpis.partnership_kpis(world.partnership, world.admin, YEARS, level=kpis.FULL)
    assert len(cold) > 20
    assert len(warm) == 2  # the parties (for the scope) and the commitments


def test_languages_levels_and_years_are_kept_apart(world):
    with translation.override("az"):
        az = calls_opened(world)
    with translation.override("en"):
        en = calls_opened(world)
    assert az.label != en.label
    assert az.records_url.startswith("/az/") and en.records_url.startswith("/en/")
    open_another_call(world)
    # The public summary is kept apart from the full figures (computed over public
    # records only), so it sees the new call at once.
    public = kpis.partnership_kpis(world.partnership, None, YEARS, level=kpis.PUBLIC)
    assert next(r for r in public if r.code == "calls_opened").by_year[2024] == (
        en.by_year[2024] + 1
    )
    other_years = kpis.partnership_kpis(world.partnership, world.admin, [2024])
    assert next(r for r in other_years if r.code == "calls_opened").by_year[2024] == (
        en.by_year[2024] + 1
    )


def test_the_dashboard_says_how_old_its_figures_are_and_admins_recompute(client, world):
    client.force_login(world.admin)
    address = reverse("insights:partnership", args=[world.partnership.slug])
    page = client.get(address, {"from": 2023, "to": 2024}).content.decode()
    assert 'data-testid="computed-at"' in page
    assert 'data-testid="recompute"' in page
    records = reverse("insights:records", args=[world.partnership.slug, "calls_opened"])

    def shown(page):
        # The card links the 2024 figure to its records; the figure is the link's text.
        marker = f'href="{records}?year=2024"'
        return page.split(marker, 1)[1].split(">", 1)[1].split("<", 1)[0].strip()

    before = shown(page)
    open_another_call(world)
    assert shown(client.get(address, {"from": 2023, "to": 2024}).content.decode()) == before
    again = client.get(address, {"from": 2023, "to": 2024, "fresh": "1"}).content.decode()
    assert int(shown(again)) == int(before) + 1


def test_visitors_cannot_make_it_recompute(client, world):
    address = reverse("insights:partnership", args=[world.partnership.slug])
    client.get(address, {"from": 2023, "to": 2024})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address, {"from": 2023, "to": 2024, "fresh": "1"}).content.decode()
    assert 'data-testid="recompute"' not in page
    assert len(queries) < 10


def test_the_yearly_report_computes_anew(world, monkeypatch):
    calls_opened(world)  # the cache holds the figures before the new call
    open_another_call(world)
    seen = []
    original = kpis.compute

    def spy(indicator, scope):
        seen.append(indicator.code)
        return original(indicator, scope)

    monkeypatch.setattr(kpis, "compute", spy)
    from korpu.insights import yearly_report

    yearly_report.build_pdf(world.partnership, 2024, "en")
    assert "calls_opened" in seen
