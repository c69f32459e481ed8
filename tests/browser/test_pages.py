"""Pages on a phone, and pages that need nothing but the app (no CDN, no other host)."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests import factories

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}

# Finds what sticks out to the right of the viewport, to name it when a page overflows.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + [...element.classList].join(".") : "");
      wide.push(name + " (right edge " + Math.round(box.right) + "px)");
    }
  }
  return ["scrollWidth " + document.documentElement.scrollWidth + " > " + width].concat(
    wide.slice(0, 5));
}"""


def public_paths(ecosystem) -> list[str]:
    """Every kind of public page (the language prefix is added by the caller)."""
    return [
        "/",
        "/organisations/",
        f"/organisations/{ecosystem['company'].slug}/",
        "/people/",
        "/parks/",
        f"/parks/{ecosystem['park'].slug}/",
        "/partnerships/",
        f"/partnerships/{ecosystem['partnership'].slug}/",
        "/accounts/signup/",
        "/accounts/login/",
    ]


@pytest.mark.parametrize("browser_context_args", [PHONE])
def test_phone_menu_opens_the_navigation(page: Page, live_server, ecosystem, shot):
    page.goto(live_server.url + "/en/")
    nav = page.locator("header .site-nav")
    toggle = page.locator("header label[for=nav-toggle]")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_visible()

    toggle.tap()
    expect(nav).to_be_visible()
    shot(page, "phone-menu")
    expect(nav.locator("a")).to_have_text(
        [
            "Organisations",
            "People",
            "Parks",
            "Programmes",
            "Events",
            "Marketplace",
            "Labs",
            "Partnerships",
            "API",
        ]
    )
    for link in nav.locator("a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box

    nav.locator("a", has_text="Parks").tap()
    expect(page).to_have_url(live_server.url + "/en/parks/")
    expect(page.locator("main h1")).to_be_visible()


@pytest.mark.parametrize("browser_context_args", [PHONE])
def test_phone_pages_do_not_overflow_sideways(page: Page, live_server, ecosystem):
    member = factories.PersonFactory(first_name="Leyla", last_name="Hüseynova")
    factories.MembershipFactory(person=member, organisation=ecosystem["company"])
    overflowing = {}
    for language in ("en", "az", "tr"):
        for path in public_paths(ecosystem):
            url = f"/{language}{path}"
            page.goto(live_server.url + url)
            problems = page.evaluate(OVERFLOW_JS)
            if problems:
                overflowing[url] = problems
    # Signed in: the account menu joins the header.
    page.goto(live_server.url + "/en/accounts/login/")
    form = page.locator("form[action$='/accounts/login/']")
    form.locator("input[name=login]").fill(member.email)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    for url in ("/en/dashboard/", "/en/profile/", f"/en/people/{member.pk}/"):
        page.goto(live_server.url + url)
        problems = page.evaluate(OVERFLOW_JS)
        if problems:
            overflowing[url] = problems
    assert overflowing == {}


def test_pages_load_nothing_from_other_hosts(page: Page, live_server, ecosystem):
    """Every asset is served by the app: the platform works on a closed network."""
    origin = urlsplit(live_server.url).netloc
    foreign, failed, errors = [], [], []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).netloc != origin
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    # An aborted request is one our next navigation cut short (a favicon, say); the
    # responses above still catch everything the server refused.
    page.on(
        "requestfailed",
        lambda request: (
            failed.append(f"{request.failure} {request.url}")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )

    factories.PersonFactory(first_name="Leyla", last_name="Hüseynova")
    for path in public_paths(ecosystem):
        page.goto(f"{live_server.url}/en{path}")
        expect(page.locator("main h1").first).to_be_visible()
    # The HTMX filters fetch fragments from the same app.
    page.goto(live_server.url + "/en/organisations/")
    page.locator("select[name=sector]").select_option("software")
    expect(page).to_have_url(re.compile(r"[?&]sector=software(&|$)"))
    expect(page.locator("[data-testid=organisation-card]")).to_have_count(4)
    page.goto(f"{live_server.url}/en/parks/{ecosystem['park'].slug}/")
    page.locator("#status-filter").select_option("active")
    expect(page).to_have_url(re.compile(r"[?&]status=active(&|$)"))
    expect(page.locator("[data-testid=resident-row]")).to_have_count(3)
    # The API documentation linked from the header (Swagger UI is often taken from a CDN).
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_load_state("networkidle")

    assert (foreign, failed, errors) == ([], [], [])
