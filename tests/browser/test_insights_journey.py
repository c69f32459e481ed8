"""Insights in a real Chromium (issue 8, "Tests"): a memorandum's results and a resident's
quarterly report.

A memorandum joins an innovation agency in Azerbaijan and the operator of Gebze
Teknopark in Türkiye; one of its commitments is "organise joint events" (two a year).
Last year the two held a joint seminar with participants from both countries; this year
a joint training.

1. Leyla, an admin of the agency (interface in Azerbaijani), opens the memorandum's page,
   follows "results against the commitments" to the dashboard, sees the commitment's
   charts (SVG images with a spoken label), clicks the number of last year's participants
   from Azerbaijan and finds exactly those people behind it. Then she asks for last
   year's report as a PDF: the report is built by a worker (a queued task) while the page
   shows its progress and asks for it every second (the test plays the worker, as in the
   brokerage journey's "schedule all"); once the worker is done she downloads the PDF.
2. Elif, a member of a resident company of Gebze Teknopark (browser in Turkish), opens
   "resident reporting" from her account menu and fills in the report for the open
   quarter: first with more R&D staff than staff (refused in Turkish, nothing saved),
   then correctly; the report is submitted with her figures and shows in the history.
   The agency's dashboard then counts her staff as jobs at resident companies.

Set-up data comes from the factories and the reporting services; every step of the
journeys goes through the real pages. Interface strings are compared with what the
catalogues say at run time, so the test holds before and after the translators finish.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.tasks import TaskContext
from django.tasks.signals import task_enqueued
from django.utils import timezone, translation
from django.utils.formats import number_format
from playwright.sync_api import Page, expect

from korpu.directory.models import Membership, Organisation
from korpu.insights import kpis, queries, reporting
from korpu.insights.models import Report, YearlyReport
from tests import factories as directory
from tests.browser.test_brokerage_journey import (
    expect_path,
    sign_in,
    translated,
    url_in,
    verified,
)
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_tickets import page_count, pdf_text

pytestmark = pytest.mark.browser

# Once the worker (this test) has built the yearly report, the page's next poll shows it;
# generous for a loaded machine.
REPORT_TIMEOUT_MS = 30_000

TITLE_EN = "Memorandum on technology and innovation cooperation"
TITLE_AZ = "Texnologiya və innovasiya sahəsində əməkdaşlıq memorandumu"
JOINT_EVENTS_EN = "Organise joint seminars, trainings and conferences"
JOINT_EVENTS_AZ = "Birgə seminarlar, təlimlər və konfranslar təşkil etmək"
SEMINAR_EN = "Joint seminar on technology transfer"
SEMINAR_AZ = "Texnologiya transferi üzrə birgə seminar"
TRAINING_EN = "Joint training on patent applications"
TRAINING_AZ = "Patent ərizələri üzrə birgə təlim"
AZ_PARTICIPANTS = [("Aysel", "Məmmədova"), ("Rəşad", "Əliyev"), ("Nigar", "Hüseynova")]
TR_PARTICIPANTS = [("Emre", "Yılmaz"), ("Zeynep", "Kaya")]

# Elif's figures for the quarter (the money in Turkish lira, typed the Turkish way).
STAFF, RD_STAFF = 12, 5
REVENUE, RD_REVENUE, EXPORTS = Decimal("2500000"), Decimal("850000.50"), Decimal("400000")
PATENTS = 1
INDICATORS = ["staff", "rd_staff", "revenue", "rd_revenue", "exports", "patents_applied"]


def figure_in(language: str, value, decimals: int = 0) -> str:
    """A figure as the pages print it in ``language`` (grouped)."""
    with translation.override(language):
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def person(first_name: str, last_name: str, country: str, **fields):
    return directory.PersonFactory(
        first_name=first_name, last_name=last_name, country=country, **fields
    )


@pytest.fixture
def memorandum(transactional_db):
    """The memorandum (signed last year) between an agency in Baku and the operator of
    Gebze Teknopark, its commitments, last year's joint seminar (three participants from
    Azerbaijan, two from Türkiye) and a joint training this year; the agency's admin;
    the park's quarterly reporting (one quarter open) and a resident company with a
    member."""
    now = timezone.now()
    this_year = timezone.localdate().year
    last_year = this_year - 1
    agency = directory.OrganisationFactory(
        name="İnnovasiya və Rəqəmsal İnkişaf Agentliyi",
        kind=Organisation.Kind.AGENCY,
        country="AZ",
        city="Baku",
    )
    operator = directory.OrganisationFactory(
        name="Gebze Teknopark A.Ş.", kind=Organisation.Kind.TECHNOPARK, country="TR"
    )
    park = directory.ParkFactory(
        slug="gebze-teknopark", name="Gebze Teknopark", operator=operator, country="TR"
    )
    partnership = directory.PartnershipFactory(
        slug="az-tr-memorandum",
        title=TITLE_EN,
        title_en=TITLE_EN,
        title_az=TITLE_AZ,
        parties=[agency, operator],
        signed_on=datetime.date(last_year, 3, 15),
        is_public=True,
    )
    joint_events = directory.CommitmentFactory(
        partnership=partnership,
        code="joint-events",
        position=1,
        text=JOINT_EVENTS_EN,
        text_en=JOINT_EVENTS_EN,
        text_az=JOINT_EVENTS_AZ,
        target_per_year=2,
        target_unit="events",
        target_unit_en="events",
        target_unit_az="tədbir",
    )

    # Last year's joint seminar: three participants from Azerbaijan, two from Türkiye,
    # and a cancelled registration that counts for nothing.
    seminar_starts = datetime.datetime(last_year, 6, 10, 7, tzinfo=datetime.UTC)
    seminar = EventFactory(
        slug="joint-seminar",
        kind="seminar",
        title=SEMINAR_EN,
        title_en=SEMINAR_EN,
        title_az=SEMINAR_AZ,
        starts_at=seminar_starts,
        ends_at=seminar_starts + datetime.timedelta(hours=6),
        organisers=[agency, operator],
    )
    for first, last in AZ_PARTICIPANTS:
        RegistrationFactory(event=seminar, person=person(first, last, "AZ"))
    for first, last in TR_PARTICIPANTS:
        RegistrationFactory(event=seminar, person=person(first, last, "TR"))
    RegistrationFactory(event=seminar, person=person("Kənan", "Quliyev", "AZ"), status="cancelled")
    # This year's joint training (held a few days ago; on the first days of January it
    # falls in last year).
    training_starts = now - datetime.timedelta(days=3)
    training = EventFactory(
        slug="joint-training",
        kind="training",
        title=TRAINING_EN,
        title_en=TRAINING_EN,
        title_az=TRAINING_AZ,
        starts_at=training_starts,
        ends_at=training_starts + datetime.timedelta(hours=4),
        organisers=[agency, operator],
    )
    RegistrationFactory(event=training, person=person("Orxan", "Nəbiyev", "AZ"))
    events_by_year = {last_year: 1, this_year: 0}
    events_by_year[timezone.localtime(training_starts).year] += 1

    leyla = verified(
        directory.MembershipFactory(
            organisation=agency,
            role=Membership.Role.ADMIN,
            person=person("Leyla", "Həsənova", "AZ", preferred_language="az"),
        ).person
    )

    # The park asks its residents for a quarterly report; the last quarter has ended,
    # so it is open.
    manager = directory.MembershipFactory(
        organisation=operator, role=Membership.Role.MANAGER
    ).person
    today = queries.park_today(park)
    previous_quarter = quarter_start(quarter_start(today) - datetime.timedelta(days=1))
    reporting.save_scheme(
        actor=manager,
        park=park,
        frequency="quarterly",
        indicators=INDICATORS,
        currency="TRY",
        starts_on=previous_quarter,
    )
    period = park.reporting_periods.get()
    company = directory.OrganisationFactory(name="Anadolu Robotik A.Ş.", country="TR")
    directory.ResidencyFactory(
        company=company, park=park, start_date=datetime.date(last_year, 1, 1)
    )
    elif_ = verified(
        directory.MembershipFactory(
            organisation=company,
            person=person("Elif", "Demir", "TR", preferred_language="tr"),
        ).person
    )
    return {
        "partnership": partnership,
        "joint_events": joint_events,
        "events_by_year": events_by_year,
        "seminar": seminar,
        "last_year": last_year,
        "this_year": this_year,
        "leyla": leyla,
        "park": park,
        "period": period,
        "company": company,
        "elif": elif_,
    }


# --- 1. The agency's admin: dashboard, records, yearly report ---------------------------------
def open_dashboard(page: Page, base: str, memorandum) -> None:
    partnership = memorandum["partnership"]
    sign_in(
        page,
        base,
        "az",
        memorandum["leyla"].email,
        url_in("az", "directory:partnership", partnership.slug),
    )
    with page.expect_navigation():
        page.get_by_test_id("results-link").click()
    expect_path(page, url_in("az", "insights:partnership", partnership.slug))


def test_agency_admin_reads_the_dashboard_follows_a_number_and_downloads_the_report(
    browsers, live_server, memorandum, settings, shot
):
    base = live_server.url
    partnership = memorandum["partnership"]
    last_year, this_year = memorandum["last_year"], memorandum["this_year"]
    page = browsers("leyla", "az-AZ")
    open_dashboard(page, base, memorandum)

    # In Azerbaijani: the page's language, its heading and sections.
    expect(page.locator("html")).to_have_attribute("lang", "az")
    expect(page.locator("h1")).to_have_text(
        translated("az", "Results of %(title)s") % {"title": TITLE_AZ}
    )
    main = page.locator("main")
    for heading in ("Commitments", "All indicators"):
        expect(
            main.get_by_role("heading", name=translated("az", heading), exact=True)
        ).to_be_visible()

    # The commitment: its total (two events a year targeted) and its charts, images with
    # a label that reads the figures out.
    card = page.locator(f"#kpi-c{memorandum['joint_events'].pk}")
    expect(card.locator("h3")).to_have_text(JOINT_EVENTS_AZ)
    by_year = memorandum["events_by_year"]
    expect(card.get_by_test_id("total-joint_events")).to_have_text(str(sum(by_year.values())))
    charts = card.locator("svg[role=img]")
    expect(charts).to_have_count(4)  # the trend, against the target, by country, by kind
    spoken = "; ".join(f"{year} {by_year[year]}" for year in (last_year, this_year))
    expect(charts.first).to_have_attribute("aria-label", f"{JOINT_EVENTS_AZ}: {spoken}")
    assert page.locator("main svg[role=img][aria-label]").count() >= 10
    shot(page, "insights-1-dashboard-az")

    # Last year's participants from Azerbaijan: the number, then the people behind it.
    participants = page.get_by_test_id("kpi-participants")
    expect(participants.locator("h3")).to_have_text(
        translated("az", "Participants of joint events")
    )
    records_path = url_in("az", "insights:records", partnership.slug, "participants")
    number = participants.locator(f"a[href='{records_path}?year={last_year}&country=AZ']")
    expect(number).to_have_text(str(len(AZ_PARTICIPANTS)))
    with page.expect_navigation():
        number.click()
    expect_path(page, records_path)
    expect(page.locator("h1")).to_have_text(translated("az", "Participants of joint events"))
    with translation.override("az"):
        counted = translation.ngettext(
            "%(counter)s record", "%(counter)s records", len(AZ_PARTICIPANTS)
        ) % {"counter": len(AZ_PARTICIPANTS)}
        year_text = translation.gettext("Year %(year)s") % {"year": last_year}
        country_text = kpis.country_label("AZ")
    summary = main.locator("p").first
    expect(summary).to_contain_text(year_text)
    expect(summary).to_contain_text(country_text)
    expect(summary).to_contain_text(counted)
    rows = page.get_by_test_id("records").locator("tbody tr")
    expect(rows).to_have_count(len(AZ_PARTICIPANTS))
    names = sorted(rows.locator("th").all_inner_texts())
    assert names == sorted(f"{first} {last}" for first, last in AZ_PARTICIPANTS)
    for detail in rows.locator("td").all_inner_texts():
        assert detail == SEMINAR_AZ
    shot(page, "insights-2-records-az")

    # --- the yearly report: queued, built by the worker, downloaded ----------------------
    queued = []

    def on_enqueued(sender, task_result, **kwargs):
        queued.append(task_result)

    # A real queue: nothing runs inside the request; this test is the worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    task_enqueued.connect(on_enqueued)
    try:
        with page.expect_navigation():
            page.locator("nav.breadcrumbs a").click()
        expect_path(page, url_in("az", "insights:partnership", partnership.slug))
        with page.expect_navigation():
            page.get_by_test_id("yearly-report-link").click()
        expect_path(page, url_in("az", "insights:yearly_reports", partnership.slug))
        form = page.get_by_test_id("yearly-report-form")
        form.get_by_test_id("yearly-report-year").select_option(str(last_year))
        form.get_by_test_id("yearly-report-language").select_option("az")
        shot(page, "insights-3-yearly-report-form-az")
        with page.expect_navigation():
            form.get_by_test_id("yearly-report-submit").click()
        report = YearlyReport.objects.get(partnership=partnership)
        assert (report.year, report.language, report.status) == (last_year, "az", "queued")
        assert report.requested_by == memorandum["leyla"]
        expect_path(page, url_in("az", "insights:yearly_report", partnership.slug, report.pk))
        progress = page.get_by_test_id("yearly-report-progress")
        expect(progress).to_have_attribute("data-status", "queued")
        expect(progress).to_contain_text(translated("az", "queued"))
        expect(progress.locator("progress")).to_be_visible()
        expect(page.get_by_test_id("yearly-report-download")).to_have_count(0)
        jobs = [(result.task.name, list(result.args)) for result in queued]
        assert jobs == [("build_yearly_report", [report.pk])]

        # The page asks for the progress by itself (every second). Hold its requests
        # while the worker writes (on SQLite the test database is one connection), then
        # let them through.
        polls = re.compile(
            re.escape(url_in("az", "insights:yearly_report_progress", partnership.slug, report.pk))
            + "$"
        )
        held, holding = [], [True]

        def hold(route):
            if holding[0]:
                held.append(route)
            else:
                route.continue_()

        page.route(polls, hold)
        for _ in range(30):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page does not ask for the report's progress"
        run_worker(queued)
        holding[0] = False
        for route in held:
            route.continue_()
    finally:
        task_enqueued.disconnect(on_enqueued)
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.pages >= 1

    download_link = page.get_by_test_id("yearly-report-download")
    expect(download_link).to_be_visible(timeout=REPORT_TIMEOUT_MS)
    page.unroute(polls)
    expect(progress).to_have_attribute("data-status", "done")
    expect(progress).to_contain_text(translated("az", "done"))
    shot(page, "insights-4-yearly-report-ready-az")
    with page.expect_download() as downloading:
        download_link.click()
    download = downloading.value
    assert download.suggested_filename == f"{partnership.slug}-report-{last_year}-az.pdf"
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF"), content[:20]
    assert page_count(content) == report.pages
    # In Azerbaijani: the memorandum's title and its commitment as the dashboard shows them.
    text = " ".join(pdf_text(content).split())
    assert TITLE_AZ in text and JOINT_EVENTS_AZ in text
    assert browsers.errors == []


def run_worker(queued: list) -> None:
    """What a worker does: run each queued task (and the tasks they queue) in turn."""
    while queued:
        result = queued.pop(0)
        task = result.task
        if task.takes_context:
            task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            task.call(*result.args, **result.kwargs)


# --- 2. The resident: the quarterly report in Turkish -----------------------------------------
def field_of(form, code: str):
    return form.locator(f".field:has(#id_{code})")


def test_resident_fills_its_quarterly_report_in_turkish(browsers, live_server, memorandum, shot):
    base = live_server.url
    park, company, period = memorandum["park"], memorandum["company"], memorandum["period"]
    with translation.override("tr"):
        period_label = period.label

    # Her browser speaks Turkish: the site answers in Turkish; she signs in from there.
    page = browsers("elif", "tr-TR")
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    sign_in(page, base, "tr", memorandum["elif"].email, url_in("tr", "directory:dashboard"))

    # "Resident reporting" in her account menu: her company, the quarter waiting.
    page.locator("details.account-menu summary").click()
    with page.expect_navigation():
        page.locator("details.account-menu").get_by_role(
            "link", name=translated("tr", "Resident reporting"), exact=True
        ).click()
    expect_path(page, url_in("tr", "insights:reporting"))
    mine = page.get_by_test_id("my-companies").locator("tbody tr")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(company.name)
    expect(mine).to_contain_text(park.name)
    expect(mine.get_by_role("link", name=period_label)).to_be_visible()
    with page.expect_navigation():
        mine.get_by_role("link", name=translated("tr", "Reports and history")).click()
    company_path = url_in("tr", "insights:company_reports", park.slug, company.slug)
    expect_path(page, company_path)
    expect(page.locator("#history-heading")).to_have_text(translated("tr", "History"))
    expect(page.locator("main")).to_contain_text(translated("tr", "No report yet."))
    waiting = page.get_by_test_id("open-periods").locator("tbody tr")
    expect(waiting).to_have_count(1)
    expect(waiting.locator("th")).to_have_text(period_label)
    expect(waiting).to_contain_text(translated("tr", "not started"))
    with page.expect_navigation():
        waiting.get_by_role("link", name=translated("tr", "Fill in")).click()
    form_path = url_in("tr", "insights:report_form", park.slug, company.slug, period.code)
    expect_path(page, form_path)
    expect(page.locator("h1")).to_have_text(
        translated("tr", "Report for %(period)s") % {"period": period_label}
    )
    form = page.get_by_test_id("report-form")
    expect(form.locator("input:not([type=hidden])")).to_have_count(len(INDICATORS))

    # More R&D staff than staff: refused in Turkish, nothing saved, her figures kept.
    figures = {
        "staff": str(STAFF),
        "rd_staff": str(STAFF + 3),
        "revenue": "2500000",
        "rd_revenue": "850000,50",  # a decimal comma, as Turkish writes it
        "exports": "400000",
        "patents_applied": str(PATENTS),
    }
    for code, value in figures.items():
        form.locator(f"#id_{code}").fill(value)
    shot(page, "insights-5-report-form-tr")
    with page.expect_navigation():
        form.get_by_role("button", name=translated("tr", "Submit"), exact=True).click()
    expect_path(page, form_path)
    form = page.get_by_test_id("report-form")
    expect(form.get_by_role("alert")).to_contain_text(
        translated("tr", "Please correct the errors below: nothing was saved.")
    )
    expect(field_of(form, "rd_staff").locator(".errorlist")).to_have_text(
        translated("tr", "The R&D staff cannot be more than the staff (%(total)s).")
        % {"total": STAFF}
    )
    expect(form.locator(".errorlist")).to_have_count(1)
    expect(form.locator("#id_staff")).to_have_value(str(STAFF))
    assert not Report.objects.filter(company=company).exists()
    shot(page, "insights-6-report-refused-tr")

    # Corrected and submitted: back to her reports, the quarter in the history.
    form.locator("#id_rd_staff").fill(str(RD_STAFF))
    with page.expect_navigation():
        form.get_by_role("button", name=translated("tr", "Submit"), exact=True).click()
    expect_path(page, company_path)
    expect(page.locator(".messages")).to_contain_text(
        translated(
            "tr",
            "The report for %(period)s is submitted. You can change it until "
            "the park locks the period.",
        )
        % {"period": period_label}
    )
    history = page.get_by_test_id("history").locator("tbody tr")
    expect(history).to_have_count(1)
    expect(history.locator("th")).to_have_text(period_label)
    expect(history).to_contain_text(translated("tr", "submitted"))
    cells = history.locator("td.num")
    expect(cells).to_have_text(
        [
            figure_in("tr", STAFF),
            figure_in("tr", RD_STAFF),
            figure_in("tr", REVENUE, 2),
            figure_in("tr", RD_REVENUE, 2),
            figure_in("tr", EXPORTS, 2),
            figure_in("tr", PATENTS),
        ]
    )
    expect(page.get_by_test_id("chart").locator("svg[role=img]")).to_have_attribute(
        "aria-label", f"{translated('tr', 'Staff')}: {period_label} {figure_in('tr', STAFF)}"
    )
    shot(page, "insights-7-report-history-tr")

    report = Report.objects.get(company=company, period=period)
    assert report.status == Report.Status.SUBMITTED
    assert report.submitted_by == memorandum["elif"]
    assert report.values() == {
        "staff": STAFF,
        "rd_staff": RD_STAFF,
        "revenue": REVENUE,
        "rd_revenue": RD_REVENUE,
        "exports": EXPORTS,
        "patents_applied": PATENTS,
    }

    # The memorandum's dashboard now counts her company's staff as jobs in the park.
    leyla = browsers("leyla", "az-AZ")
    open_dashboard(leyla, base, memorandum)
    jobs = leyla.get_by_test_id("kpi-jobs")
    expect(jobs.locator(".kpi-total")).to_contain_text(figure_in("az", STAFF))
    assert browsers.errors == []
