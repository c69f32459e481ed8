"""Events in a real Chromium: a training's waiting list, QR check-in and certificate, and
a campus team's project scored by a judge.

A young specialist registers for a full training with the interface in Azerbaijani and is
waitlisted; when a participant cancels she is promoted; the organiser's phone camera
(Chromium's fake camera, fed a video of her ticket's QR code) checks her in, a second
scan says "already checked in"; the organiser issues certificates and she downloads hers,
whose public verification page confirms it. Interface strings are compared with what the
catalogues say at run time, so the test holds before and after the translators finish.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
import segno
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import Page, expect

from korpu.events import campus, services
from korpu.events.models import Certificate, CheckIn, Registration
from tests import factories as directory
from tests.browser.conftest import CHROMIUM_ARGS, DEFAULT_TIMEOUT_MS
from tests.events.factories import (
    CampusFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)

VIEWPORT = {"width": 1280, "height": 900}


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def verified(person):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def sign_in(page: Page, base: str, language: str, email: str, then: str) -> None:
    """Through the real sign-in form, landing on ``then``."""
    page.goto(f"{base}/{language}/accounts/login/?next={then}")
    form = page.locator("form[action$='/accounts/login/']")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(directory.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(then), page.url


def qr_video(path: Path, text: str) -> Path:
    """A few frames of a camera looking at the QR code of ``text`` (Y4M for Chromium)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    frame = Image.new("L", (640, 480), 200)
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    y, cb, cr = frame.convert("RGB").convert("YCbCr").split()
    cb, cr = cb.resize((320, 240)), cr.resize((320, 240))
    with path.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            out.write(b"FRAME\n" + y.tobytes() + cb.tobytes() + cr.tobytes())
    return path


@pytest.fixture
def browser_context_args():
    return {"viewport": VIEWPORT, "locale": "az-AZ"}


def test_training_waitlist_promotion_qr_check_in_and_certificate(
    page, chromium, live_server, transactional_db, tmp_path
):
    base = live_server.url
    # A one-day training that began an hour ago; late registration stays open all day.
    start = timezone.now() - datetime.timedelta(hours=1)
    training = EventFactory(
        slug="kiber-telim",
        title_en="Cyber security training",
        title_az="Kibertəhlükəsizlik təlimi",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        registration_closes_at=start + datetime.timedelta(hours=7),
        cancellation_deadline=start + datetime.timedelta(hours=7),
        capacity=1,
        certificate_min_attendance=100,
    )
    SessionFactory(event=training, title="Threat models", starts_at=start)
    organiser = verified(organiser_manager(training))
    early = RegistrationFactory(event=training)
    nigar = verified(
        directory.PersonFactory(first_name="Nigar", last_name="Əliyeva", preferred_language="az")
    )

    # Nigar registers in Azerbaijani: the training is full, she is first on the waiting list.
    event_path = url_in("az", "events:event", training.slug)
    sign_in(page, base, "az", nigar.email, event_path)
    expect(page.locator("h1")).to_have_text("Kibertəhlükəsizlik təlimi")
    page.goto(base + url_in("az", "events:register", training.slug))
    page.locator("form.register-form button[type=submit]").click()
    registration = Registration.objects.get(event=training, person=nigar)
    assert (registration.status, services.waitlist_position(registration)) == ("waitlisted", 1)
    waitlisted = translated(
        "az",
        "The event is full: you are on the waiting list, position %(position)s. "
        "We will write to you as soon as a place frees up.",
    )
    expect(page.locator(".messages")).to_contain_text(waitlisted % {"position": 1})

    # The early participant cancels; Nigar is promoted and her ticket appears.
    services.cancel_registration(registration=early, actor=early.person)
    page.goto(base + url_in("az", "events:registration", training.slug))
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    expect(page.locator("svg").first).to_be_visible()
    expect(page.get_by_text(registration.ticket_code)).to_be_visible()

    # At the door: the organiser's phone camera sees her QR code.
    video = qr_video(tmp_path / "ticket.y4m", registration.ticket_code)
    door = _camera_browser(chromium, video)
    try:
        context = door.new_context(viewport={"width": 420, "height": 900}, locale="en-GB")
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.grant_permissions(["camera"])
        phone = context.new_page()
        checkin_path = url_in("en", "events:checkin", training.slug)
        sign_in(phone, base, "en", organiser.email, checkin_path)
        phone.locator("#checkin-start").click()
        result = phone.locator("#checkin-result")
        expect(result).to_have_attribute("data-status", "ok", timeout=20_000)
        expect(result).to_contain_text("Nigar")
        # The same ticket typed again is recognised as already checked in.
        phone.locator("#checkin-stop").click()
        phone.locator("#id_code").fill(registration.ticket_code)
        phone.locator("#checkin-typed button[type=submit]").click()
        expect(result).to_have_attribute("data-status", "duplicate")
        assert CheckIn.objects.filter(registration=registration).count() == 1

        # She attended the session too; the organiser issues the certificates.
        session = training.sessions.get()
        phone.goto(base + checkin_path + f"?session={session.pk}")
        phone.locator("#id_code").fill(registration.ticket_code)
        phone.locator("#checkin-typed button[type=submit]").click()
        expect(result).to_have_attribute("data-status", "ok")
        phone.goto(base + url_in("en", "events:certificates", training.slug))
        with phone.expect_navigation():
            phone.locator("form.form-actions button[type=submit]").click()
        context.close()
    finally:
        door.close()

    certificate = Certificate.objects.get(registration=registration)
    # Nigar downloads her certificate and opens its public verification page.
    page.goto(base + url_in("az", "events:registration", training.slug))
    pdf = page.request.get(base + url_in("az", "events:certificate", training.slug))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.locator(
        f"a[href$='{url_in('az', 'events:verify_certificate', certificate.code)}']"
    ).click()
    expect(page.locator("main")).to_contain_text("Nigar Əliyeva")
    expect(page.locator("main")).to_contain_text("Kibertəhlükəsizlik təlimi")
    expect(page.locator("main")).to_contain_text(certificate.code)


def _camera_browser(chromium, video: Path):
    """A second Chromium whose camera films ``video`` (the shared one has no camera)."""
    from tests.browser.conftest import chromium_path

    return chromium.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def test_campus_team_hands_in_a_project_that_a_judge_scores(
    page, chromium, live_server, transactional_db
):
    base = live_server.url
    camp = CampusFactory(
        slug="shusha-campus",
        title_en="Karabakh youth campus",
        title_az="Qarabağ gənclər kampusu",
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        registration_closes_at=timezone.now() + datetime.timedelta(days=1),
        submissions_close_at=timezone.now() + datetime.timedelta(days=1),
    )
    organiser = organiser_manager(camp)
    leyla = verified(directory.PersonFactory(first_name="Leyla", last_name="Hüseynova"))
    RegistrationFactory(event=camp, person=leyla)
    judge_person = verified(directory.PersonFactory(first_name="Murat", last_name="Demir"))
    campus.save_criterion(
        actor=organiser, event=camp, data={"label": "Impact", "weight": 1, "max_score": 10}
    )
    judge = campus.add_judge(actor=organiser, event=camp, email=judge_person.email)

    # Leyla creates a team and hands in the project (interface in Azerbaijani).
    sign_in(page, base, "az", leyla.email, url_in("az", "events:campus_team_new", camp.slug))
    page.locator("#id_name").fill("Şuşa Sensorları")
    page.locator("#id_max_size").fill("4")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    page.goto(base + url_in("az", "events:campus_project_edit", camp.slug))
    page.locator("#id_title").fill("Torpaq nəmliyi sensoru")
    page.locator("#id_description").fill("Aşağı qiymətli LoRa sensoru ilə suvarma planı.")
    page.locator("#id_links").fill("https://example.org/shusha-sensors")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    submission = camp.teams.get(name="Şuşa Sensorları").submission
    campus.assign_judge(actor=organiser, submission=submission, judge=judge)

    # The judge scores it in English.
    judge_page = page.context.browser.new_context(viewport=VIEWPORT, locale="en-GB").new_page()
    score_path = url_in("en", "events:campus_my_judging", camp.slug)
    sign_in(judge_page, base, "en", judge_person.email, score_path)
    judge_page.get_by_role("link", name="Torpaq nəmliyi sensoru").click()
    criterion = camp.judging_criteria.get()
    judge_page.locator(f"[name={campus.score_field(criterion)}]").fill("8")
    judge_page.locator("textarea[name=comment]").fill("Clear plan; test it on two farms.")
    with judge_page.expect_navigation():
        judge_page.locator("main form button[type=submit]").click()
    assignment = submission.judge_assignments.get()
    assert assignment.scores == {str(criterion.pk): 8}
    assert assignment.submitted_at is not None
    assert re.search(r"Torpaq", judge_page.content())
    judge_page.context.close()
