"""A programme's whole round in a real Chromium, three people at three browsers.

GOSB Teknopark (Türkiye) runs an acceleration programme opened to the Innovation Agency
of Azerbaijan. A member of a company resident in the park applies to the open call with
the interface in Turkish; the park's manager runs the automatic reviewer assignment and
publishes it; a reviewer working in Azerbaijani declares a conflict of interest on one
application and scores the other; the manager sees the score in the ranked table and
accepts the application; the applicant sees the decision, and the decision mail went out.

Everyone signs in through the real sign-in form. Texts people enter per language
(programme, call, questions, criteria) are given in English, Turkish and Azerbaijani, so
each page must show the reader's language. Interface strings are compared with what the
catalogues say at run time (``translated``), so the test holds before and after the
translators finish.
"""

import re
from decimal import Decimal
from urllib.parse import quote, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from korpu.directory.models import Organisation
from korpu.programs.models import (
    Application,
    Assignment,
    AssignmentRun,
    Conflict,
    Question,
    Review,
)
from tests import factories as directory
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, FAILURES_DIR
from tests.programs import factories

VIEWPORT = {"width": 1280, "height": 900}
# The solver's run happens inside the request in tests (immediate tasks); give the page a
# little more than the default if a slow machine makes it poll.
RUN_TIMEOUT_MS = 20_000
# Turkish writes suffixes of names after an apostrophe; the title and the decision message
# carry one, as real ones do.
TITLE = "Gebze'deki küçük fabrikalar için makine görüşlü robotlar"


# --- helpers ---------------------------------------------------------------------------
def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def url_in(language: str, name: str, *args) -> str:
    """The path of a named page in ``language`` (``/tr/programmes/...``)."""
    with translation.override(language):
        return reverse(name, args=args)


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def expect_path(page: Page, path: str) -> None:
    """Wait (briefly) until the page is at ``path``, whatever the query and fragment."""
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}(\?[^#]*)?(#.*)?$"))


def sign_in(page: Page, base: str, language: str, email: str, then: str) -> None:
    """Through the real sign-in form, in ``language``, landing on ``then``."""
    page.goto(f"{base}/{language}/accounts/login/?next={quote(then)}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    form = page.locator("form[action$='/accounts/login/']")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(directory.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect_path(page, then)
    expect(page.locator("html")).to_have_attribute("lang", language)


def messages_of(page: Page):
    return page.locator(".messages .message")


# --- fixtures ----------------------------------------------------------------------------
@pytest.fixture
def browser_context_args():
    """The applicant's browser (the ``page`` fixture) is set to Turkish."""
    return {"viewport": VIEWPORT, "locale": "tr-TR"}


@pytest.fixture
def other_browser(request, chromium, live_server):
    """More people at their own browsers (own cookies): ``other_browser(name, locale)``.

    Like the ``page`` fixture: server errors are collected, and on failure each page
    leaves a screenshot and its HTML in var/browser-failures/.
    """
    opened = []
    server_errors = []

    def open_page(name: str, locale: str) -> Page:
        context = chromium.new_context(viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        page.on(
            "response",
            lambda response: (
                server_errors.append(
                    f"{name}: {response.status} {response.request.method} {response.url}"
                )
                if response.status >= 500
                else None
            ),
        )
        opened.append((name, context, page))
        return page

    open_page.server_errors = server_errors
    yield open_page
    report = getattr(request.node, "_report_call", None)
    failed = report is not None and report.failed
    for name, context, page in opened:
        if failed:
            FAILURES_DIR.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-140:] + f"-{name}"
            try:
                page.screenshot(path=FAILURES_DIR / f"{stem}.png", full_page=True)
                (FAILURES_DIR / f"{stem}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a crashed page must not hide the real failure
                print(f"could not save the failure screenshot of {name}: {error}")
            else:
                print(f"failure screenshot: {FAILURES_DIR / stem}.png (URL {page.url})")
        context.close()


def verified(person):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def world(transactional_db):
    """The park, the partner agency, the programme and its open call, the reviewer pool,
    three applications already submitted by other companies, the manager, the applicant."""
    company = directory.OrganisationFactory
    person = directory.PersonFactory
    operator = company(
        name="GOSB Teknopark Operator", kind=Organisation.Kind.TECHNOPARK, country="TR"
    )
    agency = company(
        name="Innovation Agency of Azerbaijan",
        kind=Organisation.Kind.AGENCY,
        country="AZ",
        city="Baku",
    )
    park = directory.ParkFactory(slug="gosb-teknopark", name="GOSB Teknopark", operator=operator)
    partnership = directory.PartnershipFactory(
        slug="memorandum-2020",
        title="Memorandum on cultural and scientific cooperation",
        parties=[operator, agency],
    )
    programme = factories.ProgrammeFactory(
        slug="gosb-accelerator",
        title="GOSB Accelerator",
        title_tr="GOSB Hızlandırma Programı",
        title_az="GOSB Sürətləndirmə Proqramı",
        owner=operator,
        partnership=partnership,
        time_zone="Europe/Istanbul",
    )
    programme.partners.set([agency])
    call = factories.CallFactory(
        programme=programme,
        slug="spring-2025",
        title="Spring call",
        title_tr="Bahar çağrısı",
        title_az="Yaz çağırışı",
        resident_of=park,
        reviews_per_application=2,
    )
    problem = factories.QuestionFactory(
        call=call,
        position=1,
        kind=Question.Kind.LONG_TEXT,
        label="Which problem do you solve?",
        label_tr="Hangi sorunu çözüyorsunuz?",
        label_az="Hansı problemi həll edirsiniz?",
    )
    maturity = factories.QuestionFactory(
        call=call,
        position=2,
        kind=Question.Kind.CHOICE,
        label="How far is your product?",
        label_tr="Ürününüz ne aşamada?",
        label_az="Məhsulunuz hansı mərhələdədir?",
        choices=["Fikir", "Prototip", "Satışta"],
    )
    website = factories.QuestionFactory(
        call=call,
        position=3,
        kind=Question.Kind.URL,
        label="Website",
        label_tr="Web sitesi",
        label_az="Veb sayt",
        required=False,
    )
    stage = factories.ReviewStageFactory(
        call=call, name="Expert review", name_tr="Uzman değerlendirmesi", name_az="Ekspert rəyi"
    )
    criteria = [
        factories.CriterionFactory(
            stage=stage,
            position=1,
            label="Innovation",
            label_tr="Yenilikçilik",
            label_az="İnnovativlik",
            max_score=10,
        ),
        factories.CriterionFactory(
            stage=stage,
            position=2,
            label="Team",
            label_tr="Ekip",
            label_az="Komanda",
            max_score=5,
            weight=Decimal("2"),
        ),
    ]

    # The reviewer pool: each reviewer has a mail domain of their own (a shared, non-public
    # domain with an applicant would be detected as a conflict of interest).
    aynur = verified(
        person(
            email="aynur.aliyeva@innovation.gov.az",
            first_name="Aynur",
            last_name="Əliyeva",
            country="AZ",
            preferred_language="az",
            expertise=(
                "robotics, industrial robots, cobots, machine vision, robot, görüntü işleme, "
                "kamera, agricultural drones, dronlar, tarla, precision farming"
            ),
        )
    )
    directory.MembershipFactory(person=aynur, organisation=agency)
    mehmet = person(
        email="mehmet.demir@enerji-danismanlik.com.tr",
        first_name="Mehmet",
        last_name="Demir",
        country="TR",
        preferred_language="tr",
        expertise="batteries, energy storage, battery passport, batarya, enerji depolama",
    )
    leyla = person(
        email="leyla.karimova@fintech-lab.az",
        first_name="Leyla",
        last_name="Kərimova",
        country="AZ",
        preferred_language="az",
        expertise="fintech, payments, fraud detection, ödeme, dolandırıcılık, bankacılık",
    )
    # 4 applications x 2 reviews = 8 = 2 (Aynur) + 3 + 3: the pool is exactly full.
    factories.CallReviewerFactory(call=call, reviewer=aynur, min_load=2, max_load=2)
    factories.CallReviewerFactory(call=call, reviewer=mehmet, min_load=0, max_load=3)
    factories.CallReviewerFactory(call=call, reviewer=leyla, min_load=0, max_load=3)

    others = []
    for name, title, summary in [
        (
            "Caspian Agro Sensors",
            "Tarla dronları ile ürün izleme",
            "Agricultural drones with multispectral cameras watch the fields; "
            "precision farming for small farms (dronlar, tarla).",
        ),
        (
            "Marmara Batarya",
            "Batarya pasaportu",
            "A battery passport for energy storage systems: traceable batteries, "
            "enerji depolama, batarya geri dönüşümü.",
        ),
        (
            "Anadolu Ödeme",
            "Ödemelerde dolandırıcılık tespiti",
            "Fraud detection for instant payments at small banks: fintech, ödeme, "
            "dolandırıcılık, bankacılık.",
        ),
    ]:
        other = company(name=name, kind=Organisation.Kind.STARTUP)
        directory.ResidencyFactory(park=park, company=other)
        others.append(
            factories.ApplicationFactory(call=call, company=other, title=title, summary=summary)
        )

    manager = verified(
        person(
            email="selin.kaya@gosbteknopark.com.tr",
            first_name="Selin",
            last_name="Kaya",
            country="TR",
            preferred_language="en",
        )
    )
    directory.MembershipFactory(person=manager, organisation=operator, role="manager")

    robotics = company(name="Ege Robotik", kind=Organisation.Kind.STARTUP, country="TR")
    directory.ResidencyFactory(park=park, company=robotics)
    applicant = verified(
        person(
            email="zeynep.yildiz@egerobotik.com.tr",
            first_name="Zeynep",
            last_name="Yıldız",
            country="TR",
            preferred_language="tr",
        )
    )
    directory.MembershipFactory(person=applicant, organisation=robotics, role="member")
    return {
        "programme": programme,
        "call": call,
        "questions": {"problem": problem, "maturity": maturity, "website": website},
        "stage": stage,
        "criteria": criteria,
        "aynur": aynur,
        "pool": [mehmet, leyla],
        "manager": manager,
        "applicant": applicant,
        "company": robotics,
        "others": others,
    }


# --- the journey ---------------------------------------------------------------------------
def test_programme_round_applicant_reviewer_manager(
    page: Page, other_browser, live_server, world, shot
):
    base = live_server.url
    call, stage, criteria = world["call"], world["stage"], world["criteria"]
    questions = world["questions"]
    agri, battery, payments = world["others"]
    applicant, manager, aynur = world["applicant"], world["manager"], world["aynur"]
    slugs = (call.programme.slug, call.slug)
    server_errors = other_browser.server_errors  # the manager's and the reviewer's pages
    page.on(
        "response",
        lambda response: (
            server_errors.append(f"applicant: {response.status} {response.request.url}")
            if response.status >= 500
            else None
        ),
    )

    # 1. The applicant, in Turkish: programme -> call -> start -> draft -> submit. --------------
    programme_path = url_in("tr", "programs:programme", call.programme.slug)
    sign_in(page, base, "tr", applicant.email, programme_path)
    expect(page.locator("main h1")).to_have_text("GOSB Hızlandırma Programı")
    expect(page.locator("#open-calls [data-testid=call-item] h3")).to_have_text(["Bahar çağrısı"])
    page.locator("#open-calls [data-testid=call-item] h3 a").click()
    expect_path(page, url_in("tr", "programs:call", *slugs))
    expect(page.locator("main h1")).to_have_text("Bahar çağrısı")
    expect(page.locator("#questions .question-list strong")).to_have_text(
        ["Hangi sorunu çözüyorsunuz?", "Ürününüz ne aşamada?", "Web sitesi"]
    )
    start = page.locator("#apply form.start-form")
    expect(start.locator("select[name=company] option")).to_have_text(["Ege Robotik"])
    start.locator("input[name=title]").fill("Küçük fabrikalar için robot")
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    application = Application.objects.get(call=call, company=world["company"])
    assert (application.status, application.applicant, application.title) == (
        Application.Status.DRAFT,
        applicant,
        "Küçük fabrikalar için robot",
    )
    edit_path = url_in("tr", "programs:application_edit", application.pk)
    expect_path(page, edit_path)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(messages_of(page)).to_have_text(
        [
            translated(
                "tr",
                "Your application was started. Save it as often as you like before submitting.",
            )
        ]
    )
    expect(page.locator(f"label[for=id_q{questions['problem'].pk}]")).to_contain_text(
        "Hangi sorunu çözüyorsunuz?"
    )
    problem_text = (
        "Küçük fabrikalar işbirlikçi robot (cobot) kullanamıyor: kurulum pahalı. "
        "Makine görüşlü robot hücremiz kamera ile parçaları tanıyor; görüntü işleme "
        "sayesinde programlama gerekmiyor."
    )
    form = page.locator("form.application-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=summary]").fill(
        "Makine görüşlü işbirlikçi robot hücresi: kurulumu bir günde, programlama gerekmez."
    )
    form.locator(f"textarea[name=q{questions['problem'].pk}]").fill(problem_text)
    with page.expect_navigation():
        form.locator("button[name=action][value=save]").click()
    expect_path(page, edit_path)
    expect(messages_of(page)).to_have_text([translated("tr", "Your draft was saved.")])
    application.refresh_from_db()
    assert (application.status, application.version) == (Application.Status.DRAFT, 2)
    # Questions left empty are stored as empty answers.
    assert dict(application.answers.values_list("question_id", "value")) == {
        questions["problem"].pk: problem_text,
        questions["maturity"].pk: None,
        questions["website"].pk: None,
    }
    # The draft kept what was typed; now the rest, and submit.
    expect(form.locator(f"textarea[name=q{questions['problem'].pk}]")).to_have_value(problem_text)
    form.locator(f"select[name=q{questions['maturity'].pk}]").select_option("Prototip")
    form.locator(f"input[name=q{questions['website'].pk}]").fill("https://egerobotik.com.tr")
    with page.expect_navigation():
        form.locator("button[name=action][value=submit]").click()
    detail_path = url_in("tr", "programs:application", application.pk)
    expect_path(page, detail_path)
    expect(messages_of(page)).to_have_text(
        [translated("tr", "Your application was submitted. We sent a confirmation by e-mail.")]
    )
    expect(page.locator("[data-testid=status]")).to_have_text(translated("tr", "submitted"))
    expect(page.locator("main h1")).to_have_text(TITLE)
    application.refresh_from_db()
    assert (application.status, application.title) == (
        Application.Status.SUBMITTED,
        TITLE,
    )
    assert application.submitted_at is not None
    assert dict(application.answers.values_list("question_id", "value")) == {
        questions["problem"].pk: problem_text,
        questions["maturity"].pk: "Prototip",
        questions["website"].pk: "https://egerobotik.com.tr",
    }
    # Distinct mail domains: submitting found no conflict of interest in the pool.
    assert list(Conflict.objects.filter(application=application)) == []
    shot(page, "programme-1-submitted-tr")

    # 2. The manager, in English: dashboard -> assignment -> automatic run -> publish. -------
    boss = other_browser("manager", "en-GB")
    call_path = url_in("en", "programs:call", *slugs)
    sign_in(boss, base, "en", manager.email, call_path)
    boss.locator("a.button", has_text="Manage this call").click()
    dashboard_path = url_in("en", "programs:manage_call", *slugs)
    expect_path(boss, dashboard_path)
    # Nothing scored yet: the submitted applications in the order they came.
    expect(boss.locator("[data-testid=ranked-row] td:nth-child(3)")).to_have_text(
        [agri.title, battery.title, payments.title, application.title]
    )
    assignment_path = url_in("en", "programs:manage_assignment", *slugs, stage.pk)
    boss.locator(f".review-progress a[href='{assignment_path}']").click()
    expect_path(boss, assignment_path)
    expect(boss.locator("[data-testid=check-problems]")).to_have_count(0)
    expect(boss.locator("[data-testid=proposal]")).to_have_count(4)
    boss.locator("form.run-form input[name=mode][value=sum]").check()
    with boss.expect_navigation():
        boss.locator("form.run-form button[type=submit]").click()
    expect_path(boss, assignment_path)
    # The run is a task. In tests it runs as soon as the request commits, so the page
    # usually shows it finished; were it still running, the page polls (HTMX) and reloads.
    run_box = boss.locator("[data-testid=run]")
    expect(run_box.locator(".badge-run-done")).to_have_text("done", timeout=RUN_TIMEOUT_MS)
    expect(run_box.locator("dl.facts dd").first).to_have_text("8")
    proposals = boss.locator("[data-testid=proposal] .proposal-head .badge")
    expect(proposals).to_have_text(["2 of 2 reviewers"] * 4)
    run = AssignmentRun.objects.get(stage=stage)
    assert (run.status, run.assignments_made, run.requested_by) == ("done", 8, manager)
    pairs = set(Assignment.objects.filter(stage=stage).values_list("application_id", "reviewer_id"))
    assert len(pairs) == 8
    aynurs = sorted(a for a, r in pairs if r == aynur.pk)
    # Her expertise (robots, machine vision, drones) matches these two best.
    assert aynurs == sorted([application.pk, agri.pk]), (
        f"the automatic assignment gave Aynur {aynurs}, expected the robotics application "
        f"{application.pk} and the drones application {agri.pk}"
    )
    shot(boss, "programme-2-proposal-en")
    expect(boss.locator("form[action$='/publish/'] button[type=submit]")).to_have_text(
        "Publish and notify the reviewers"
    )
    with boss.expect_navigation():
        boss.locator("form[action$='/publish/'] button[type=submit]").click()
    expect_path(boss, assignment_path)
    expect(messages_of(boss)).to_have_text(
        ["8 assignments were published; the reviewers were notified."]
    )
    assert Assignment.objects.filter(stage=stage, published_at__isnull=True).count() == 0

    # 3. The reviewer, in Azerbaijani: declare a conflict on one, score the other. ----------
    reviewer = other_browser("reviewer", "az-AZ")
    my_reviews_path = url_in("az", "programs:my_reviews")
    sign_in(reviewer, base, "az", aynur.email, my_reviews_path)
    rows = reviewer.locator("[data-testid=assignment-row]")
    mine = {a.application_id: a for a in Assignment.objects.filter(stage=stage, reviewer=aynur)}
    expect(rows.locator("td:first-child")).to_have_text(
        [a.application.title for a in sorted(mine.values(), key=lambda a: a.pk)]
    )
    expect(reviewer.locator("main h2")).to_have_text(["GOSB Sürətləndirmə Proqramı · Yaz çağırışı"])
    expect(reviewer.locator("main h3")).to_contain_text(["Ekspert rəyi"])
    reviewer.locator("[data-testid=assignment-row]", has_text=agri.title).locator(
        "a[href$='/conflict/']"
    ).click()
    expect_path(reviewer, url_in("az", "programs:declare_conflict", mine[agri.pk].pk))
    note = "Keçən il bu şirkətə məsləhətçi kimi xidmət göstərmişəm."
    reviewer.locator("textarea[name=note]").fill(note)
    with reviewer.expect_navigation():
        reviewer.locator("main form button[type=submit]").click()
    expect_path(reviewer, my_reviews_path)
    expect(messages_of(reviewer)).to_have_text(
        [
            translated("az", "Thank you for telling us. “%(title)s” was taken off your list.")
            % {"title": agri.title}
        ]
    )
    expect(rows.locator("td:first-child")).to_have_text([application.title])
    conflict = Conflict.objects.get(application=agri, reviewer=aynur)
    assert (conflict.source, conflict.note, conflict.overridden_by) == (
        Conflict.Source.DECLARED,
        note,
        None,
    )
    assert not Assignment.objects.filter(application=agri, reviewer=aynur).exists()

    review_path = url_in("az", "programs:review", mine[application.pk].pk)
    rows.first.locator("td:first-child a").click()
    expect_path(reviewer, review_path)
    expect(reviewer.locator("main h1")).to_have_text(application.title)
    expect(reviewer.locator(".criterion label")).to_have_text(["İnnovativlik", "Komanda"])
    expect(reviewer.locator(".answer h3")).to_have_text(
        ["Hansı problemi həll edirsiniz?", "Məhsulunuz hansı mərhələdədir?", "Veb sayt"]
    )
    rubric = reviewer.locator("section[aria-labelledby=rubric-heading]")
    rubric.locator(f"input[name=c{criteria[0].pk}]").fill("8")
    rubric.locator(f"input[name=c{criteria[1].pk}]").fill("4")
    rubric.locator("textarea[name=comment]").fill("Güclü komanda, aydın bazar.")
    with reviewer.expect_navigation():
        rubric.locator("button[name=action][value=submit]").click()
    expect_path(reviewer, review_path)
    expect(messages_of(reviewer)).to_have_text(
        [translated("az", "Your review was submitted. Thank you! You now see the others.")]
    )
    expect(rubric.locator("p .badge")).to_have_text(translated("az", "submitted"))
    with translation.override("az"):
        eighty = floatformat(80.0, 1)
    expect(rubric.locator("form p strong")).to_have_text(eighty)
    expect(reviewer.locator("[data-testid=other-reviews]")).to_be_visible()
    review = Review.objects.get(assignment=mine[application.pk])
    assert (review.scores, review.comment) == (
        {str(criteria[0].pk): 8, str(criteria[1].pk): 4},
        "Güclü komanda, aydın bazar.",
    )
    assert review.submitted_at is not None
    reviewer.locator(f"main .page-head a[href='{my_reviews_path}']").click()
    expect_path(reviewer, my_reviews_path)
    expect(rows.locator("td:nth-child(3) .badge")).to_have_text([translated("az", "submitted")])
    shot(reviewer, "programme-3-my-reviews-az")

    # 4. The manager: the ranked table shows the score; accept the application. -------------
    boss.goto(base + dashboard_path)
    ranked = boss.locator("[data-testid=ranked-row]")
    expect(ranked.locator("td:nth-child(3)")).to_have_text(
        [application.title, agri.title, battery.title, payments.title]
    )
    expect(ranked.locator("td:nth-child(5)")).to_have_text(["80.0", "–", "–", "–"])
    # Aynur's conflict took her off the drones application: one reviewer left there.
    expect(ranked.locator("td:nth-child(7)")).to_have_text(["1 / 2", "0 / 1", "0 / 2", "0 / 2"])
    top = ranked.first
    top.locator("details.decide summary").click()
    message = "Tebrikler! Eylül kohortunda görüşmek üzere; ilk oturum 2 Eylül'de."
    top.locator("textarea[name=note]").fill(message)
    with boss.expect_navigation():
        top.locator("button[name=outcome][value=accepted]").click()
    expect_path(boss, dashboard_path)
    expect(messages_of(boss)).to_have_text(
        ["1 application is now “accepted”; the applicants were notified."]
    )
    expect(ranked.first.locator("td:nth-child(6) .badge")).to_have_text("accepted")
    application.refresh_from_db()
    assert (application.status, application.decision_note) == (
        Application.Status.ACCEPTED,
        message,
    )
    shot(boss, "programme-4-decided-en")

    # 5. The applicant, in Turkish, sees the decision; the mail went out. -------------------
    page.goto(base + url_in("tr", "programs:my_applications"))
    row = page.locator("[data-testid=application-row]")
    expect(row.locator("td:nth-child(4) .badge")).to_have_text([translated("tr", "accepted")])
    row.locator("td:first-child a").click()
    expect_path(page, detail_path)
    expect(page.locator("[data-testid=status]")).to_have_text(translated("tr", "accepted"))
    expect(page.locator("#decision h2")).to_have_text(translated("tr", "Accepted"))
    expect(page.locator("#decision")).to_contain_text(message)
    shot(page, "programme-5-accepted-tr")

    assert server_errors == []
    # The applicant got two mails (received, decision), each reviewer one (assigned).
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [applicant.email] * 2 + [aynur.email, *(p.email for p in world["pool"])]
    )
    to_applicant = [m for m in mail.outbox if m.to == [applicant.email]]
    with translation.override("tr"):
        subjects = [
            translation.gettext("Application received: %(title)s") % {"title": TITLE},
            translation.gettext("Decision on your application: %(title)s") % {"title": TITLE},
        ]
    # Plain-text mails: the title and the manager's message as they were typed (not
    # HTML-escaped: "Gebze'deki", never "Gebze&#x27;deki").
    assert [m.subject for m in to_applicant] == subjects
    decision_mail = to_applicant[1].body
    assert (TITLE in decision_mail, message in decision_mail) == (True, True), decision_mail
