"""Real-browser tests: Playwright's sync API driving Debian's Chromium against
pytest-django's ``live_server``.

Never downloads a browser. Chromium is ``/usr/bin/chromium`` unless ``KORPU_CHROMIUM``
says otherwise; without it the tests are skipped, unless ``KORPU_REQUIRE_BROWSER=1``
(CI) makes that a failure. A failing test leaves a screenshot and the page's HTML in
``var/browser-failures/``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from korpu.directory.models import Organisation, Residency
from tests import factories

BROWSER_DIR = Path(__file__).resolve().parent
REPO_ROOT = BROWSER_DIR.parents[1]
FAILURES_DIR = REPO_ROOT / "var" / "browser-failures"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_TIMEOUT_MS = 10_000
# The desktop window of the journeys with several people, each at their own browser.
JOURNEY_VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test (``-m browser`` / ``-m "not browser"``)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so the ``page`` fixture knows a test failed."""
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


def _no_browser(reason: str):
    if os.environ.get("KORPU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KORPU_REQUIRE_BROWSER=1 makes a missing browser a failure)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    configured = os.environ.get("KORPU_CHROMIUM") or DEFAULT_CHROMIUM
    if os.path.isfile(configured) and os.access(configured, os.X_OK):
        return configured
    return shutil.which(configured)


@pytest.fixture(scope="package")
def chromium():
    """One Chromium for all the browser tests (Playwright's sync API).

    Package scope: Playwright and its event loop stop after the last test in
    tests/browser, so the rest of a whole-suite run does not see a running loop.
    """
    executable = chromium_path()
    if executable is None:
        _no_browser(
            f"Chromium not found at {os.environ.get('KORPU_CHROMIUM') or DEFAULT_CHROMIUM} "
            "(install Debian's chromium or set KORPU_CHROMIUM)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - part of the dev extras
        _no_browser("the Python package playwright is not installed")

    # While Playwright runs, its sync API keeps an asyncio event loop "running" in the
    # main thread, and Django would refuse the ORM calls of test bodies and fixtures
    # (factories, database flushes) with SynchronousOnlyOperation. Those calls are
    # synchronous and sequential; the live server answers from its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        playwright.stop()
        _restore_env("DJANGO_ALLOW_ASYNC_UNSAFE", previous)
        _no_browser(f"Chromium at {executable} did not start: {error}")
    yield browser
    browser.close()
    playwright.stop()
    _restore_env("DJANGO_ALLOW_ASYNC_UNSAFE", previous)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@pytest.fixture
def browser_context_args():
    """Override in a test module (or parametrize) to change the viewport, locale, ..."""
    return {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def context(chromium, browser_context_args):
    context = chromium.new_context(**browser_context_args)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(request, context, live_server):
    """A fresh page in a fresh context; on failure its screenshot and HTML are kept."""
    from playwright.sync_api import expect

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    server_errors = []
    page.on(
        "response",
        lambda response: (
            server_errors.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 500
            else None
        ),
    )
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        for line in server_errors:
            print(f"server error during the test: {line} (traceback in the captured log)")
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=FAILURES_DIR / f"{stem}.png", full_page=True)
            (FAILURES_DIR / f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the real failure
            print(f"could not save the failure screenshot: {error}")
        else:
            print(f"failure screenshot: {FAILURES_DIR / stem}.png (URL {page.url})")
    page.close()


@pytest.fixture
def shot():
    """Save a screenshot for a human to look at when KORPU_BROWSER_SHOTS names a folder."""
    folder = os.environ.get("KORPU_BROWSER_SHOTS")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def ecosystem(db):
    """Three sectors, a park with residents in different sectors, companies outside it."""
    software = factories.SectorFactory(
        slug="software", name_en="Software", name_az="Proqram təminatı", name_tr="Yazılım"
    )
    agritech = factories.SectorFactory(
        slug="agritech",
        name_en="Agritech",
        name_az="Aqrotexnologiyalar",
        name_tr="Tarım teknolojileri",
    )
    energy = factories.SectorFactory(
        slug="energy", name_en="Energy", name_az="Enerji", name_tr="Enerji"
    )
    company = factories.OrganisationFactory
    anar = company(name="Anar Robotics", sectors=[software, energy])
    baki = company(name="Baki Data Labs", country="AZ", city="Baku", sectors=[software])
    caspian = company(name="Caspian Agro Sensors", sectors=[agritech])
    company(name="Ege Soft", sectors=[software])  # in the sector, resident nowhere
    company(name="Dunya Solar", sectors=[energy])
    applicant = company(name="Fresh Applicant", sectors=[software])
    park = factories.ParkFactory(
        slug="gosb-teknopark",
        name="GOSB Teknopark",
        operator=company(name="GOSB Teknopark Operator", kind=Organisation.Kind.TECHNOPARK),
        description="Technology companies in Gebze.",
        opened_year=2005,
    )
    for resident in (anar, baki, caspian):
        factories.ResidencyFactory(park=park, company=resident)
    # Not yet a resident: a visitor must not see it in the park's list.
    factories.ResidencyFactory(park=park, company=applicant, status=Residency.Status.APPLIED)
    partnership = factories.PartnershipFactory(
        slug="memorandum-2020",
        title="Memorandum on cultural and scientific cooperation",
        parties=[park.operator, baki],
    )
    return {"park": park, "software": software, "partnership": partnership, "company": anar}


@pytest.fixture
def browsers(request, chromium, live_server):
    """One browser (own cookies) per person: ``browsers(name, locale)``; on failure each
    page leaves a screenshot and its HTML in var/browser-failures/."""
    opened = []
    errors = []

    def open_page(name: str, locale: str, viewport=JOURNEY_VIEWPORT):
        context = chromium.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        page.on(
            "response",
            lambda r: errors.append(f"{name}: {r.status} {r.url}") if r.status >= 500 else None,
        )
        opened.append((name, context, page))
        return page

    open_page.errors = errors
    yield open_page
    report = getattr(request.node, "_report_call", None)
    for name, context, page in opened:
        if report is not None and report.failed:
            FAILURES_DIR.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-140:] + f"-{name}"
            try:
                page.screenshot(path=FAILURES_DIR / f"{stem}.png", full_page=True)
                (FAILURES_DIR / f"{stem}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a crashed page must not hide the real failure
                print(f"could not save the failure screenshot of {name}: {error}")
        context.close()
