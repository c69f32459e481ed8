"""The yearly partnership report as PDF: what the PDF says (exact figures of known
records, in en, az and tr), the task that builds it with progress, failures, the pages,
the download and who may use them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from korpu.insights import kpis, yearly_report
from korpu.insights.models import YEARLY_REPORT_PHASES, YearlyReport
from tests.events.test_tickets import page_count, pdf_text
from tests.factories import MembershipFactory, PersonFactory
from tests.insights.test_kpis import add_commitments, build_world

YEAR = 2024


@pytest.fixture
def world(db):
    return add_commitments(build_world())


def lines_of(data: bytes) -> list[str]:
    return [line.strip() for line in pdf_text(data).splitlines() if line.strip()]


def flat(data: bytes) -> str:
    """The text with every run of white space as one space (wrapped lines joined)."""
    return " ".join(pdf_text(data).split())


def assert_in_order(lines: list[str], expected: list[str], start: str) -> None:
    """``expected`` are lines that follow the line ``start`` in this order (others may
    come between them)."""
    position = lines.index(start)
    for text in expected:
        position = lines.index(text, position + 1)


def url(name, w, *args):
    return reverse(f"insights:{name}", args=[w.partnership.slug, *args])


# --- the PDF ----------------------------------------------------------------------------------
def test_the_pdf_has_the_commitments_with_exact_figures(world):
    data = yearly_report.build_pdf(world.partnership, YEAR, "en", compress=False)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    lines = lines_of(data)
    text = flat(data)
    pages = page_count(data)
    assert pages >= 5
    # The cover.
    assert lines[:3] == ["Körpü", "Yearly report of the memorandum", "2024"]
    assert world.partnership.title in lines
    assert "• Agency (Azerbaijan, signatory)" in text
    assert "• Technopark (Türkiye, signatory)" in text
    assert "Figures of 2024, compared with the years since 2022." in text
    # The summary: one commitment with a target (3 joint events against 2: met).
    assert (
        "In 2024 the partners met the yearly target of 1 of 1 commitment with a target. "
        "1 commitment is not measured by the platform yet." in text
    )
    # The commitments: target, result, share of the target, countries, previous years.
    assert_in_order(
        lines,
        ["2", "events", "3", "150%", "Azerbaijan: 2", "Türkiye: 3", "2022: 0", "2023: 1"],
        start="Organise joint events",
    )
    assert_in_order(lines, ["not measured yet"], start="Open parks in Karabakh")
    # Every indicator: 2024, 2023, the change, by country in 2024.
    assert_in_order(
        lines,
        ["2", "8", "−6", "Türkiye: 2"],
        start="Participants of joint events (people)",
    )
    assert_in_order(
        lines, ["2.5", "1.0", "+1.5", "Azerbaijan: 2.5"], start="Labs utilisation (hours booked)"
    )
    assert_in_order(
        lines, ["15", "0", "+15", "Azerbaijan: 5; Türkiye: 10"], start="Devices produced (devices)"
    )
    # Charts: the trend of the commitment with its target, funnels of the year.
    assert "Organise joint events (events)" in lines
    assert "target 2 a year" in lines
    assert_in_order(
        lines,
        ["Applications from the partner country", "2 (100%)", "1 (50%)"],
        start="From applications to admissions, 2024",
    )
    assert_in_order(
        lines,
        ["3 (100%)", "1 (33%)", "1 (33%)"],
        start=("From meeting requests to cooperation, 2024"),
    )
    # Breakdowns of 2024: by kind; fewer than 5 people are not broken down.
    assert "Joint seminars, trainings and conferences held: By kind" in text
    assert "Participants of joint events: By gender" in text
    assert "Fewer than 5 people: not broken down, so that nobody can be identified." in text
    # Page numbers on every page.
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text


def test_the_compressed_pdf_says_the_same(world):
    compressed = yearly_report.build_pdf(world.partnership, YEAR, "en")
    plain = yearly_report.build_pdf(world.partnership, YEAR, "en", compress=False)
    assert len(compressed) < len(plain)
    assert flat(compressed) == flat(plain)


def test_a_year_breaks_down_its_own_people(world):
    """2023 has the 8 participants of the seminar: 5 young women, 2 men, 1 not given."""
    lines = lines_of(yearly_report.build_pdf(world.partnership, 2023, "en", compress=False))
    assert_in_order(
        lines,
        ["female", "5", "male", "fewer than 5", "other", "0"],
        start="Participants of joint events: By gender",
    )
    # 2023 is the report's year: the years before it only.
    assert_in_order(lines, ["2", "events", "1", "50%", "2022: 0"], start="Organise joint events")
    assert "2024" not in lines


@pytest.mark.parametrize(
    ("language", "commitments", "page", "hours"),
    [
        ("az", "Öhdəliklər", "Səhifə 2 / {pages}", "2,5"),
        ("tr", "Taahhütler", "Sayfa 2 / {pages}", "2,5"),
    ],
)
def test_az_and_tr_reports_are_translated(world, language, commitments, page, hours):
    data = yearly_report.build_pdf(world.partnership, YEAR, language, compress=False)
    lines, text = lines_of(data), flat(data)
    with translation.override(language):
        summary = translation.gettext("Summary")
        all_indicators = translation.gettext("All indicators")
        participants = str(kpis.REGISTRY["participants"].label)
        hours_label = str(kpis.REGISTRY["lab_hours"].label)
    assert summary != "Summary" and all_indicators != "All indicators"
    assert commitments in lines and summary in lines and all_indicators in lines
    assert participants in text and participants != "Participants of joint events"
    assert page.format(pages=page_count(data)) in text
    assert f"{hours_label} {hours} 1,0 +1,5" in text
    assert "Commitments" not in lines


def test_progress_goes_through_every_phase_in_order(world):
    calls = []
    yearly_report.build_pdf(
        world.partnership,
        YEAR,
        "en",
        progress=lambda fraction, phase: calls.append((fraction, phase)),
    )
    phases = [phase for _fraction, phase in calls]
    fractions = [fraction for fraction, _phase in calls]
    assert phases[0] == "history" and set(phases) <= set(YEARLY_REPORT_PHASES)
    assert {"year", "cover", "commitments", "charts", "indicators"} <= set(phases)
    assert fractions == sorted(fractions) and fractions[0] > 0 and fractions[-1] < 1


def test_bad_year_or_language_is_refused(world):
    years = kpis.default_years(world.partnership)
    for year in (years[0] - 1, years[-1] + 1):
        with pytest.raises(ValueError):
            yearly_report.build_pdf(world.partnership, year, "en")
    with pytest.raises(ValueError):
        yearly_report.build_pdf(world.partnership, YEAR, "de")
    with pytest.raises(ValidationError) as refused:
        yearly_report.request_report(
            partnership=world.partnership, year="1990", language="en", actor=world.admin
        )
    assert refused.value.message_dict == {
        "year": [f"Choose a year from {years[0]} to {years[-1]}."]
    }
    with pytest.raises(ValidationError) as refused:
        yearly_report.request_report(
            partnership=world.partnership, year=YEAR, language="de", actor=world.admin
        )
    assert refused.value.message_dict == {
        "language": ["Choose one of the languages: English, Azərbaycanca, Türkçe."]
    }
    assert not YearlyReport.objects.exists()


def test_the_default_year_is_the_last_one_ended(world):
    assert yearly_report.default_year(world.partnership, datetime.date(2026, 3, 1)) == 2025
    world.partnership.signed_on = datetime.date(2026, 2, 1)
    assert yearly_report.default_year(world.partnership, datetime.date(2026, 3, 1)) == 2026


def test_phases_are_shown_translated():
    report = YearlyReport(progress_message="charts")
    assert report.progress_text == "Drawing the charts…"
    report.progress_message = "done"
    with translation.override("tr"):
        assert report.progress_text == translation.gettext("Done") != "Done"
    assert YearlyReport(progress_message="unknown").progress_text == "unknown"


# --- the task -------------------------------------------------------------------------------
def test_the_task_builds_the_report_with_progress(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    render = yearly_report.render_pdf

    def watched(*args, progress, **kwargs):
        def report(fraction, phase):
            progress(fraction, phase)
            seen.append(
                YearlyReport.objects.order_by("-pk")
                .values_list("status", "progress_message", "progress")
                .first()
            )

        return render(*args, progress=report, **kwargs)

    monkeypatch.setattr(yearly_report, "render_pdf", watched)
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("yearly_reports", world), {"year": "2024", "language": "az"})
    report = YearlyReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("yearly_report", world, report.pk)
    # The page could watch it: running, phase after phase, further and further.
    assert {status for status, _phase, _progress in seen} == {"running"}
    assert [phase for _status, phase, _progress in seen][:2] == ["history", "year"]
    assert "charts" in [phase for _status, phase, _progress in seen]
    assert [p for _s, _m, p in seen] == sorted(p for _s, _m, p in seen)
    assert (report.status, report.progress, report.progress_message, report.error) == (
        "done",
        1.0,
        "done",
        "",
    )
    assert report.requested_by == world.admin
    assert report.started_at <= report.finished_at
    with report.file.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert (report.size, report.pages) == (len(data), page_count(data))
    assert "Öhdəliklər" in lines_of(data)

    page = client.get(url("yearly_report", world, report.pk)).content.decode()
    assert 'data-testid="yearly-report-download"' in page and "hx-trigger" not in page
    download = client.get(url("yearly_report_download", world, report.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="{world.partnership.slug}-report-2024-az.pdf"'
    )
    assert b"".join(download.streaming_content) == data
    listing = client.get(url("yearly_reports", world)).content.decode()
    assert 'data-testid="yearly-report-file"' in listing
    # The same year and language once more: a second report.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("yearly_reports", world), {"year": "2024", "language": "az"})
    assert YearlyReport.objects.filter(status="done").count() == 2


def test_a_failure_is_recorded_and_shown(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr(yearly_report, "render_pdf", broken)
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("yearly_reports", world), {"year": "2024", "language": "en"})
    report = YearlyReport.objects.get()
    assert (report.status, report.error, bool(report.file)) == (
        "failed",
        "RuntimeError: the fonts are missing",
        False,
    )
    assert report.finished_at is not None
    page = client.get(url("yearly_report", world, report.pk)).content.decode()
    assert "The report could not be built." in page
    assert "RuntimeError: the fonts are missing" in page
    assert 'data-status="failed"' in page
    assert client.get(url("yearly_report_download", world, report.pk)).status_code == 404


def test_one_report_at_a_time_per_year_and_language(world):
    YearlyReport.objects.create(partnership=world.partnership, year=YEAR, language="en")
    with pytest.raises(ValidationError) as refused:
        yearly_report.request_report(
            partnership=world.partnership, year=YEAR, language="en", actor=world.admin
        )
    assert refused.value.code == "report_in_progress"
    assert YearlyReport.objects.count() == 1


def test_a_report_no_worker_finished_in_an_hour_no_longer_blocks(world):
    stuck = YearlyReport.objects.create(
        partnership=world.partnership, year=YEAR, language="en", status="running"
    )
    YearlyReport.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - yearly_report.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    fresh = yearly_report.request_report(
        partnership=world.partnership, year=YEAR, language="en", actor=world.admin
    )
    stuck.refresh_from_db()
    assert (stuck.status, fresh.status) == ("failed", "queued")
    assert "no task worker" in stuck.error


def test_the_task_leaves_a_report_that_is_not_queued_alone(world):
    from korpu.insights.tasks import build_yearly_report

    report = YearlyReport.objects.create(
        partnership=world.partnership, year=YEAR, language="en", status="running", progress=0.3
    )
    assert build_yearly_report.call(report.pk) == "running"
    assert build_yearly_report.call(10**6) == "missing"
    report.refresh_from_db()
    assert (report.status, report.progress, bool(report.file)) == ("running", 0.3, False)


# --- the pages --------------------------------------------------------------------------------
def test_the_page_has_the_form_and_the_dashboard_links_to_it(client, world):
    client.force_login(world.admin)
    dashboard = client.get(url("partnership", world)).content.decode()
    assert 'data-testid="yearly-report-link"' in dashboard
    assert url("yearly_reports", world) in dashboard
    with translation.override("tr"):
        address = url("yearly_reports", world)
    response = client.get(address)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="yearly-report-form"' in page
    # The last year that has ended, in the reader's language.
    last = kpis.default_years(world.partnership)[-2]
    assert f'<option value="{last}" selected>' in page
    assert '<option value="tr" lang="tr" selected>' in page
    # A visitor of the public summary gets no link.
    client.logout()
    assert (
        'data-testid="yearly-report-link"'
        not in client.get(url("partnership", world)).content.decode()
    )


def test_bad_input_on_the_page_is_refused_with_a_message(client, world):
    client.force_login(world.admin)
    years = kpis.default_years(world.partnership)
    response = client.post(url("yearly_reports", world), {"year": "1990", "language": "en"})
    assert response.status_code == 400
    assert f"Choose a year from {years[0]} to {years[-1]}." in response.content.decode()
    response = client.post(url("yearly_reports", world), {"year": "soon", "language": "xx"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a year from" in body and "Choose one of the languages" in body
    with translation.override("az"):
        expected = translation.gettext("Choose a year from %(first)s to %(last)s.") % {
            "first": years[0],
            "last": years[-1],
        }
        address = url("yearly_reports", world)
    response = client.post(address, {"year": "1990", "language": "az"})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not YearlyReport.objects.exists()


def test_progress_is_polled_while_the_task_works(client, world):
    client.force_login(world.admin)
    report = YearlyReport.objects.create(
        partnership=world.partnership,
        year=YEAR,
        language="en",
        status="running",
        progress=0.4,
        progress_message="charts",
    )
    progress = url("yearly_report_progress", world, report.pk)
    assert client.get(progress)["Location"] == url("yearly_report", world, report.pk)
    body = client.get(progress, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith(f'<div id="yearly-report-{report.pk}"')
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body
    assert "Drawing the charts…" in body and 'data-status="running"' in body
    YearlyReport.objects.filter(pk=report.pk).update(status="failed", error="boom")
    body = client.get(progress, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in body and 'data-status="failed"' in body
    other = YearlyReport.objects.create(
        partnership=build_world().partnership, year=YEAR, language="en"
    )
    assert client.get(url("yearly_report_progress", world, other.pk)).status_code == 404
    assert client.get(url("yearly_report", world, 10**6)).status_code == 404


def test_who_may_build_and_download(client, world):
    done = YearlyReport.objects.create(
        partnership=world.partnership, year=YEAR, language="en", status="done"
    )
    done.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    pages = [
        url("yearly_reports", world),
        url("yearly_report", world, done.pk),
        url("yearly_report_download", world, done.pk),
    ]
    # Staff and the parties' admins.
    staff = PersonFactory(is_staff=True)
    for person in (world.admin, staff):
        client.force_login(person)
        assert [client.get(page).status_code for page in pages] == [200, 200, 200]
    # A visitor of the public partnership, a stranger, a mere member of a party: 403.
    member = MembershipFactory(organisation=world.technopark, role="member").person
    for person in (None, PersonFactory(), member):
        client.logout()
        if person is not None:
            client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == 403
        assert client.post(pages[0], {"year": "2024", "language": "en"}).status_code == 403
    with pytest.raises(PermissionDenied):
        yearly_report.request_report(
            partnership=world.partnership, year=YEAR, language="en", actor=PersonFactory()
        )
    # A private partnership: the stranger does not learn it exists; the member is refused.
    world.partnership.is_public = False
    world.partnership.save()
    client.force_login(PersonFactory())
    for page in pages:
        assert client.get(page).status_code == 404
    client.force_login(member)
    assert client.get(pages[2]).status_code == 403
    assert YearlyReport.objects.count() == 1
