"""A new visitor's journey through Körpü in a real Chromium.

Opens the home page, switches to Azerbaijani and Turkish, signs up, confirms the
e-mail address from the mail the outbox delivered, signs in, filters the directory
by sector and opens a park to see its residents.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from korpu.directory.models import Person

PASSWORD = "Bridge-over-the-Caspian-2020"


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def expect_path(page: Page, path: str) -> None:
    """Wait (briefly) until the page is at ``path`` on the live server, any query."""
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$"))


def switch_language(page: Page, code: str) -> None:
    with page.expect_navigation():
        page.locator(f"header button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert path_of(page).startswith(f"/{code}/")


def assert_interface_in(page: Page, language: str) -> None:
    """The header and the home page speak ``language`` (as the catalogues say it)."""
    nav = page.locator("header .site-nav a")
    expect(nav.nth(0)).to_have_text(translated(language, "Organisations"))
    expect(nav.nth(2)).to_have_text(translated(language, "Parks"))
    expect(page.locator("header .header-tools a.button").last).to_have_text(
        translated(language, "Sign up")
    )
    expect(page.locator("main h1")).to_have_text(
        translated(language, "One bridge for a cross-border innovation cooperation")
    )


def test_new_visitor_journey(page: Page, live_server, ecosystem, shot):
    # Problems that must fail the test, but only once the whole journey has been walked,
    # so one gap (say, a catalogue still being translated) does not hide the others.
    gaps = []

    # 1. The home page, in the browser's language.
    page.goto(live_server.url + "/")
    expect_path(page, "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_interface_in(page, "en")

    # 2. Azerbaijani, then Turkish, from the header's language switcher.
    switch_language(page, "az")
    expect_path(page, "/az/")
    assert_interface_in(page, "az")
    shot(page, "home-az")
    switch_language(page, "tr")
    expect_path(page, "/tr/")
    assert_interface_in(page, "tr")
    for language in ("az", "tr"):
        if translated(language, "Organisations") == "Organisations":
            gaps.append(f"the {language} catalogue does not translate the interface yet")
    # Content entered per language follows the interface language.
    page.locator("header .site-nav a").nth(0).click()
    expect_path(page, "/tr/organisations/")
    expect(page.locator("select[name=sector] option[value=software]")).to_have_text("Yazılım")
    # The choice is remembered: the bare address now opens the Turkish site.
    page.goto(live_server.url + "/")
    expect_path(page, "/tr/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    switch_language(page, "en")
    expect_path(page, "/en/")

    # 3. Sign up from the header, confirm the address from the mail, sign in.
    page.locator("header a", has_text="Sign up").click()
    expect_path(page, "/en/accounts/signup/")
    # allauth's page in our layout: header, language switcher, styles.
    expect(page.locator("header.site-header button[name=language]")).to_have_count(3)
    signup = page.locator("form[action$='/accounts/signup/']")
    signup.locator("input[name=email]").fill("aysel@example.az")
    signup.locator("input[name=first_name]").fill("Aysel")
    signup.locator("input[name=last_name]").fill("Məmmədova")
    signup.locator("input[name=password1]").fill(PASSWORD)
    signup.locator("input[name=password2]").fill(PASSWORD)
    signup.locator("input[name=accept_privacy]").check()
    with page.expect_navigation():
        signup.locator("button[type=submit]").click()
    expect_path(page, "/en/accounts/confirm-email/")
    person = Person.objects.get(email="aysel@example.az")
    assert (person.first_name, person.last_name, person.preferred_language) == (
        "Aysel",
        "Məmmədova",
        "en",
    )

    assert [message.to for message in mail.outbox] == [["aysel@example.az"]]
    body = mail.outbox[0].body
    match = re.search(r"https?://\S+/en/accounts/confirm-email/\S+/", body)
    assert match, body
    confirm_url = match.group(0)
    assert confirm_url.startswith(live_server.url)
    page.goto(confirm_url)
    with page.expect_navigation():
        page.locator("form[action*='/accounts/confirm-email/'] button[type=submit]").click()
    assert person.emailaddress_set.get().verified

    # Confirmed, not signed in: allauth sends the visitor to the sign-in page.
    expect_path(page, "/en/accounts/login/")
    expect(page.locator(".messages")).to_contain_text("aysel@example.az")
    login = page.locator("form[action$='/accounts/login/']")
    login.locator("input[name=login]").fill("aysel@example.az")
    login.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        login.locator("button[type=submit]").click()
    expect_path(page, "/en/dashboard/")
    expect(page.locator("header .account-menu summary")).to_have_text("Aysel Məmmədova")

    # 4. Find companies by sector (HTMX swaps the results in place).
    page.locator("header .site-nav a", has_text="Organisations").click()
    expect_path(page, "/en/organisations/")
    cards = page.locator("[data-testid=organisation-card] h3")
    expect(cards).to_have_count(7)
    page.evaluate("window.keptAcrossTheSwap = true")
    page.locator("select[name=sector]").select_option(label="Software")
    expect(page).to_have_url(re.compile(r"[?&]sector=software(&|$)"))
    expect(cards).to_have_text(["Anar Robotics", "Baki Data Labs", "Ege Soft", "Fresh Applicant"])
    assert page.evaluate("window.keptAcrossTheSwap") is True  # no full page load

    # 5. A park and its residents.
    page.locator("header .site-nav a", has_text="Parks").click()
    expect_path(page, "/en/parks/")
    expect(page.locator("[data-testid=park-card] h3")).to_have_text(["GOSB Teknopark"])
    page.locator("[data-testid=park-card] a", has_text="GOSB Teknopark").click()
    expect_path(page, "/en/parks/gosb-teknopark/")
    expect(page.locator("main h1")).to_have_text("GOSB Teknopark")
    expect(page.locator("[data-testid=resident-row] td:first-child")).to_have_text(
        ["Anar Robotics", "Baki Data Labs", "Caspian Agro Sensors"]
    )
    shot(page, "park")

    assert gaps == [], "the journey works but:\n- " + "\n- ".join(gaps)


@pytest.mark.parametrize(
    "browser_context_args",
    [{"viewport": {"width": 1280, "height": 900}, "java_script_enabled": False}],
)
def test_directory_filter_works_without_javascript(page: Page, live_server, ecosystem):
    page.goto(live_server.url + "/en/organisations/")
    page.locator("select[name=sector]").select_option(label="Agritech")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert "sector=agritech" in page.url
    expect(page.locator("[data-testid=organisation-card] h3")).to_have_text(
        ["Caspian Agro Sensors"]
    )
