"""A brokerage day in a real Chromium: two companies meet at a joint conference.

Emre (Gebze Otomasyon, interface in Turkish) and Nigar (Anar Robotics, interface in
Azerbaijani) publish their profiles; Emre finds Nigar among the participants and asks
for a meeting, Nigar accepts it under "my requests". The organiser (in English) runs
"schedule all" (the real scheduler, as a task) and publishes the final schedule. Each of
them sees the meeting on their agenda with its table and time; after the meeting (the
day's slots moved into the past) each gives feedback. Interface strings are compared with
what the catalogues say at run time, so the test holds before and after translation.
"""

import datetime
import re
from urllib.parse import quote, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from korpu.events.models import Event, Registration
from korpu.matchmaking import services
from korpu.matchmaking.models import (
    BrokerageDay,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Profile,
    ScheduleRun,
    Slot,
)
from tests import factories as directory
from tests.browser.test_pages import OVERFLOW_JS
from tests.events.factories import EventFactory, RegistrationFactory, organiser_manager

pytestmark = pytest.mark.browser

# The scheduler runs inside the request in tests (immediate tasks).
RUN_TIMEOUT_MS = 30_000


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def expect_path(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$"))


def sign_in(page: Page, base: str, language: str, email: str, then: str) -> None:
    """Through the real sign-in form, in ``language``, landing on ``then``."""
    page.goto(f"{base}/{language}/accounts/login/?next={quote(then)}")
    form = page.locator("form[action$='/accounts/login/']")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(directory.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect_path(page, then)
    expect(page.locator("html")).to_have_attribute("lang", language)


def verified(person):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def conference(transactional_db):
    """A joint conference a week ahead with a brokerage day: one afternoon of 20-minute
    meetings at four tables."""
    event = EventFactory(
        slug="gosb-baku-forum",
        kind=Event.Kind.CONFERENCE,
        title_en="GOSB–Baku technology forum",
        title_az="GOSB–Bakı texnologiya forumu",
        title_tr="GOSB–Bakü teknoloji forumu",
        languages=["az", "tr", "en"],
        capacity=None,
    )
    boss = verified(organiser_manager(event))
    day = services.create_brokerage_day(event=event, actor=boss, slot_minutes=20)
    date = timezone.localtime(event.starts_at, event.zone).date()
    services.add_grid_session(
        day=day,
        actor=boss,
        date=date,
        starts=datetime.time(14, 0),
        ends=datetime.time(16, 0),
        breaks=[(datetime.time(15, 0), datetime.time(15, 20), "Çay / Kahve")],
    )
    services.generate_slots(day=day, actor=boss)
    for number in range(1, 5):
        services.add_location(day=day, actor=boss, name=f"Masa {number}")
    return {"event": event, "day": day, "boss": boss}


def person_of(company_name: str, country: str, language: str, **names):
    person = verified(
        directory.PersonFactory(preferred_language=language, country=country, **names)
    )
    company = directory.OrganisationFactory(name=company_name, country=country, kind="sme")
    directory.MembershipFactory(person=person, organisation=company)
    return person, company


def fill_profile(page: Page, base: str, language: str, slug: str, offer: str, seek: str, shot):
    page.goto(base + url_in(language, "matchmaking:profile_edit", slug))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("select[name=organisation]").select_option(index=1)
    shot(page, f"brokerage-profile-{language}")
    page.locator("textarea[name=offer]").fill(offer)
    page.locator("textarea[name=seek]").fill(seek)
    page.locator("select[name=languages]").select_option([language, "en"])
    # Free the whole afternoon but the first slot.
    boxes = page.locator("input[name=availability]")
    assert boxes.count() == 5
    for index in range(1, 5):
        boxes.nth(index).check()
    with page.expect_navigation():
        page.locator("form.profile-form button[type=submit]").click()
    expect(page.locator(".message-success")).to_have_count(1)


def test_two_companies_meet_at_a_brokerage_day(browsers, live_server, conference, shot):
    base = live_server.url
    event, day, boss = conference["event"], conference["day"], conference["boss"]
    slug = event.slug
    emre, gebze = person_of("Gebze Otomasyon", "TR", "tr", first_name="Emre", last_name="Şahin")
    nigar, anar = person_of("Anar Robotics", "AZ", "az", first_name="Nigar", last_name="Əliyeva")
    for person in (emre, nigar):
        RegistrationFactory(event=event, person=person, status=Registration.Status.CONFIRMED)

    # Both publish their profiles, each in their own language.
    nigar_page = browsers("nigar", "az-AZ")
    sign_in(nigar_page, base, "az", nigar.email, url_in("az", "matchmaking:day", slug))
    expect(nigar_page.locator("h1")).to_have_text(translated("az", "Brokerage day"))
    shot(nigar_page, "brokerage-day-az")
    fill_profile(
        nigar_page,
        base,
        "az",
        slug,
        shot=shot,
        offer="Sənaye robotları və maşın görmə sistemləri",
        seek="Türkiyədə distribyutorlar",
    )
    emre_page = browsers("emre", "tr-TR")
    sign_in(emre_page, base, "tr", emre.email, url_in("tr", "matchmaking:day", slug))
    fill_profile(
        emre_page,
        base,
        "tr",
        slug,
        shot=shot,
        offer="Endüstriyel otomasyon için distribütörlük ağı",
        seek="Robotlar ve makine görme tedarikçileri",
    )
    nigar_profile = Profile.objects.get(person=nigar)
    emre_profile = Profile.objects.get(person=emre)
    assert (nigar_profile.organisation, nigar_profile.country) == (anar, "AZ")
    assert (emre_profile.organisation, emre_profile.published) == (gebze, True)
    assert nigar_profile.availability.count() == 4

    # Emre looks for participants from Azerbaijan and asks Nigar for a meeting.
    emre_page.goto(base + url_in("tr", "matchmaking:participants", slug))
    emre_page.locator("select[name=country]").select_option("AZ")
    cards = emre_page.locator("[data-testid=profile-card]")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Anar Robotics")
    shot(emre_page, "brokerage-participants-tr")
    cards.first.get_by_role("link", name="Anar Robotics").click()
    expect_path(emre_page, url_in("tr", "matchmaking:participant", slug, nigar_profile.pk))
    expect(emre_page.locator("[data-testid=profile]")).to_contain_text("Sənaye robotları")
    shot(emre_page, "brokerage-participant-tr")
    emre_page.locator("textarea[name=message]").fill(
        "Merhaba Nigar Hanım, robotlarınızın Türkiye dağıtımını konuşalım."
    )
    with emre_page.expect_navigation():
        emre_page.locator("[data-testid=request-meeting]").click()
    expect(emre_page.locator(".message-success")).to_have_count(1)
    request = MeetingRequest.objects.get()
    assert (request.requester, request.invitee, request.status) == (
        emre_profile,
        nigar_profile,
        "pending",
    )

    # Nigar sees the request waiting for her answer and accepts it.
    nigar_page.goto(base + url_in("az", "matchmaking:day", slug))
    expect(nigar_page.locator("[data-testid=nav-requests] .count-badge")).to_have_text("1")
    nigar_page.locator("[data-testid=nav-requests]").click()
    received = nigar_page.locator("[data-testid=request-received]")
    expect(received).to_have_count(1)
    expect(received).to_contain_text("Gebze Otomasyon")
    expect(received).to_contain_text("robotlarınızın Türkiye dağıtımını")
    shot(nigar_page, "brokerage-requests-az")
    with nigar_page.expect_navigation():
        received.locator("[data-testid=accept]").click()
    expect(received.locator("[data-testid=request-status]")).to_have_text(
        translated("az", "accepted")
    )
    agreed = Meeting.objects.get(request=request)
    assert agreed.slot is None

    # The organiser schedules all and publishes the final schedule.
    boss_page = browsers("organiser", "en-GB")
    schedule_path = url_in("en", "matchmaking:manage_schedule", slug)
    sign_in(boss_page, base, "en", boss.email, schedule_path)
    expect(boss_page.locator("[data-testid=unscheduled] li")).to_have_count(1)
    boss_page.locator("input[name=time_limit]").fill("5")
    with boss_page.expect_navigation(timeout=RUN_TIMEOUT_MS):
        boss_page.locator("[data-testid=schedule-all]").click()
    expect(boss_page.locator("[data-testid=run-status]")).to_have_text(
        translated("en", "done"), timeout=RUN_TIMEOUT_MS
    )
    expect(boss_page.locator("[data-testid=run-figures]")).to_contain_text("1 of 1")
    expect(boss_page.locator("[data-testid=grid-meeting]")).to_have_count(1)
    shot(boss_page, "brokerage-schedule-en")
    run = ScheduleRun.objects.get()
    assert (run.status, run.stats["scheduled"], run.stats["upper_bound"]) == ("done", 1, 1)
    agreed.refresh_from_db()
    assert agreed.slot is not None and agreed.location is not None
    # Nigar is not free in the first slot: the scheduler respected it.
    assert agreed.slot != Slot.objects.filter(brokerage_day=day).order_by("starts_at").first()
    # Choosing the meeting on the grid marks the cells where it could go (HTMX).
    boss_page.locator("[data-testid=grid-meeting]").click()
    expect(boss_page.locator("[data-testid=chosen-meeting]")).to_be_visible()
    expect(boss_page.locator("td.cell-feasible")).to_have_count(
        len(services.feasible_cells(agreed))
    )
    assert boss_page.locator("td.cell-feasible").count() > 0
    shot(boss_page, "brokerage-grid-editor-en")
    # The organisers' other pages show the same day.
    boss_page.goto(base + url_in("en", "matchmaking:manage_meetings", slug))
    expect(boss_page.locator("[data-testid=meeting-row]")).to_have_count(1)
    shot(boss_page, "brokerage-meetings-en")
    boss_page.goto(base + url_in("en", "matchmaking:manage_grid", slug))
    expect(boss_page.locator("[data-testid=locations] tbody tr")).to_have_count(4)
    shot(boss_page, "brokerage-grid-en")
    boss_page.goto(base + schedule_path)
    with boss_page.expect_navigation():
        boss_page.locator("[data-testid=publish-final]").click()
    expect(boss_page.locator("[data-testid=schedule-status]")).to_have_text(
        translated("en", "final")
    )
    assert BrokerageDay.objects.get(pk=day.pk).schedule_status == "final"

    # Each sees the meeting on their agenda, with its table and time, in their language.
    start = timezone.localtime(agreed.slot.starts_at, event.zone)
    for who, page, language, other in (
        ("nigar", nigar_page, "az", "Gebze Otomasyon"),
        ("emre", emre_page, "tr", "Anar Robotics"),
    ):
        page.goto(base + url_in(language, "matchmaking:agenda", slug))
        item = page.locator("[data-testid=agenda-item]")
        expect(item).to_have_count(1)
        expect(item).to_contain_text(other)
        expect(item.locator("[data-testid=agenda-place]")).to_contain_text(agreed.location.name)
        with translation.override(language):
            shown = formats.time_format(start, "TIME_FORMAT")
        expect(item.locator("[data-testid=agenda-time]")).to_contain_text(shown)
        shot(page, f"brokerage-agenda-{language}")
        pdf = page.request.get(base + url_in(language, "matchmaking:agenda_pdf", slug))
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF"), who

    # At the event, Emre opens his agenda on his phone: nothing sticks out of the screen.
    phone = browsers("emre-phone", "tr-TR", viewport={"width": 390, "height": 844})
    agenda_path = url_in("tr", "matchmaking:agenda", slug)
    sign_in(phone, base, "tr", emre.email, agenda_path)
    expect(phone.locator("[data-testid=agenda-place]")).to_contain_text(agreed.location.name)
    for path in (agenda_path, url_in("tr", "matchmaking:requests", slug)):
        phone.goto(base + path)
        assert phone.evaluate(OVERFLOW_JS) == [], path
    shot(phone, "brokerage-agenda-phone-tr")

    # The meeting has taken place: the day's slots are now in the past.
    shift = agreed.slot.ends_at - timezone.now() + datetime.timedelta(hours=1)
    for slot in Slot.objects.filter(brokerage_day=day):
        Slot.objects.filter(pk=slot.pk).update(
            starts_at=slot.starts_at - shift, ends_at=slot.ends_at - shift
        )

    for page, language, outcome, comment in (
        (nigar_page, "az", "cooperation_possible", "Pilot layihə razılaşdırıldı."),
        (emre_page, "tr", "informative", "Faydalı bir görüşme oldu."),
    ):
        page.goto(base + url_in(language, "matchmaking:agenda", slug))
        page.locator("[data-testid=give-feedback]").click()
        expect_path(page, url_in(language, "matchmaking:feedback", slug, agreed.pk))
        page.locator(f"input[name=outcome][value={outcome}]").check()
        page.locator("textarea[name=comment]").fill(comment)
        with page.expect_navigation():
            page.locator("[data-testid=send-feedback]").click()
        expect(page.locator("[data-testid=my-feedback]")).to_have_count(1)

    feedback = {
        f.profile_id: (f.outcome, f.comment) for f in MeetingFeedback.objects.filter(meeting=agreed)
    }
    assert feedback == {
        nigar_profile.pk: ("cooperation_possible", "Pilot layihə razılaşdırıldı."),
        emre_profile.pk: ("informative", "Faydalı bir görüşme oldu."),
    }
    boss_page.goto(base + url_in("en", "matchmaking:statistics", slug))
    expect(boss_page.locator("[data-testid=statistics-summary]")).to_contain_text("1")
    shot(boss_page, "brokerage-statistics-en")
    assert browsers.errors == []
    assert urlsplit(boss_page.url).path == url_in("en", "matchmaking:statistics", slug)


def test_schedule_all_progress_is_polled_until_the_worker_is_done(
    browsers, live_server, conference, settings
):
    """With a real queue (nothing runs inside the request), the page shows the queued run
    with its progress bar and polls it; once the worker has run it, the page reloads itself
    and shows the figures and the schedule."""
    from korpu.matchmaking.tasks import run_schedule

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    day, boss = conference["day"], conference["boss"]
    people = [services_profile(day) for _ in range(3)]
    for first, second in ((0, 1), (0, 2), (1, 2)):
        services.create_meeting(day=day, profiles=[people[first], people[second]], actor=boss)

    page = browsers("organiser", "en-GB")
    schedule_path = url_in("en", "matchmaking:manage_schedule", day.event.slug)
    sign_in(page, live_server.url, "en", boss.email, schedule_path)
    page.locator("input[name=time_limit]").fill("3")
    with page.expect_navigation():
        page.locator("[data-testid=schedule-all]").click()
    run = ScheduleRun.objects.get()
    assert run.status == "queued"
    expect(page.locator("[data-testid=run-status]")).to_have_text(translated("en", "queued"))
    expect(page.locator("#run progress")).to_be_visible()
    # The page asks for the run's progress by itself.
    polls = re.compile(rf".*/schedule/runs/{run.pk}/\?polling=1$")
    with page.expect_request(polls):
        pass
    # Hold the polls while the worker writes (the test database is one shared connection).
    held = []
    page.route(polls, lambda route: (held.append(route.request.url), route.abort()))
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page stopped polling"
    run_schedule.call(run.pk)
    run.refresh_from_db()
    assert (run.status, run.stats["scheduled"]) == ("done", 3)
    page.unroute(polls)
    expect(page.locator("[data-testid=run-status]")).to_have_text(
        translated("en", "done"), timeout=RUN_TIMEOUT_MS
    )
    expect(page.locator("[data-testid=run-figures]")).to_contain_text("3 of 3")
    expect(page.locator("[data-testid=grid-meeting]")).to_have_count(3)
    assert browsers.errors == []


def services_profile(day):
    person = directory.PersonFactory()
    RegistrationFactory(event=day.event, person=person, status=Registration.Status.CONFIRMED)
    return services.create_profile(
        day=day, person=person, actor=person, offer="Sensors", published=True
    )
