import os

import pytest
from django.conf import settings as django_settings

from tests import factories


@pytest.fixture(autouse=True)
def _mail_through_outbox(settings):
    """Django's test set-up swaps in locmem mail; put the outbox back so tests see
    exactly what production does (delivery then lands in ``django.core.mail.outbox``)."""
    settings.MAILERS = {
        "default": {"BACKEND": "korpu.common.mail.OutboxEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture(autouse=True)
def _english_between_tests():
    """The test client leaves the last request's language active in the thread, and
    modeltranslation writes ``name=`` into the active language's column: start each test
    in English so results never depend on test order."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    return factories.PersonFactory()


@pytest.fixture
def company(db):
    return factories.OrganisationFactory()


def on_postgres() -> bool:
    return django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_runtest_setup(item):
    """PostgreSQL-only tests (row locks, concurrency) run in the PostgreSQL pass. Without
    PostgreSQL they are skipped, unless KORPU_REQUIRE_POSTGRES=1 (CI) makes that a failure."""
    if item.get_closest_marker("postgres") and not on_postgres():
        if os.environ.get("KORPU_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (KORPU_REQUIRE_POSTGRES=1) but DATABASE_URL is not")
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
