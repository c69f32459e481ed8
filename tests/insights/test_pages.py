"""Resident reporting pages: the managers' set-up, periods, period page (who reported,
totals, reminders, locking) and exports parsed back; the residents' form (draft,
submit, errors, change, locked) and history with its chart."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.insights import reporting
from korpu.insights.models import CODES, Reminder, Report, ReportingPeriod, ReportingScheme
from tests.insights.conftest import FULL, make_resident

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"insights:{name}", args=args)


def form_data(values=None, action="submit"):
    data = {code: "" if value is None else str(value) for code, value in (values or {}).items()}
    data["action"] = action
    return data


# --- the managers' pages
def test_setting_up_reporting(client, manager, park):
    client.force_login(manager)
    response = client.get(url("park_reporting", park.slug))
    assert response.status_code == 302
    assert response["Location"] == url("reporting_setup", park.slug)
    page = client.get(url("reporting_setup", park.slug))
    assert page.status_code == 200
    assert page.context["form"]["currency"].value() == "TRY"  # a Turkish park
    response = client.post(
        url("reporting_setup", park.slug),
        {
            "frequency": "quarterly",
            "indicators": ["staff", "revenue", "exports"],
            "currency": "TRY",
            "starts_on": "2026-01-01",
            "due_days": "30",
            "remind_days_before": "7",
            "remind_days_after": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    scheme = ReportingScheme.objects.get(park=park)
    assert (scheme.indicators, scheme.remind_days_after) == (["staff", "revenue", "exports"], None)
    assert park.reporting_periods.filter(code="2026-Q1").exists()
    periods = client.get(url("park_reporting", park.slug))
    assert periods.status_code == 200
    assert "Q1 2026" in periods.content.decode()


def test_a_bad_set_up_comes_back_with_messages(client, manager, park):
    client.force_login(manager)
    response = client.post(
        url("reporting_setup", park.slug),
        {"frequency": "quarterly", "currency": "TRY", "starts_on": "1990-01-01", "due_days": "500"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["indicators"] == ["Choose at least one indicator."]
    assert errors["due_days"] == ["Ensure this value is less than or equal to 180."]
    assert ReportingScheme.objects.count() == 0


def test_fixed_fields_are_shown_disabled_once_periods_opened(client, manager, scheme, park):
    client.force_login(manager)
    page = client.get(url("reporting_setup", park.slug))
    form = page.context["form"]
    assert [name for name in form.fields if form.fields[name].disabled] == [
        "frequency",
        "currency",
        "starts_on",
    ]
    # Posting other values for them changes nothing (disabled fields keep their value).
    response = client.post(
        url("reporting_setup", park.slug),
        {
            "frequency": "monthly",
            "currency": "EUR",
            "starts_on": "2020-01-01",
            "indicators": ["staff"],
            "due_days": "10",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.frequency, scheme.currency, scheme.indicators, scheme.due_days) == (
        "quarterly",
        "TRY",
        ["staff"],
        10,
    )


@pytest.fixture
def reported(q2, park):
    alpha, alpha_member = make_resident(park, name="Alpha")
    beta, beta_member = make_resident(park, name="Beta")
    gamma, gamma_member = make_resident(park, name="Gamma")
    reporting.save_report(actor=alpha_member, period=q2, company=alpha, values=FULL, submit=True)
    reporting.save_report(
        actor=beta_member,
        period=q2,
        company=beta,
        values=dict(FULL, staff=20, revenue="1234567.89"),
        submit=True,
    )
    reporting.save_report(
        actor=gamma_member, period=q2, company=gamma, values={"staff": 2}, submit=False
    )
    make_resident(park, name="Delta")
    return q2


def test_the_period_page(client, manager, reported, park):
    client.force_login(manager)
    response = client.get(url("period", park.slug, "2026-Q2"))
    assert response.status_code == 200
    assert response.context["counts"] == {"expected": 4, "submitted": 2, "drafts": 1, "missing": 2}
    totals = {
        item["total"].indicator.code: (item["figure"], item["total"].count)
        for item in response.context["totals"]
    }
    assert totals["staff"] == ("30", 2)
    assert totals["revenue"] == ("1,235,567.89", 2)
    table = response.context["table"]
    assert [(i["row"].name, i["row"].status, i["remindable"]) for i in table] == [
        ("Alpha", "submitted", False),
        ("Beta", "submitted", False),
        ("Delta", "missing", True),
        ("Gamma", "draft", True),
    ]
    html = response.content.decode()
    assert "Lock Q2 2026" in html
    assert "Remind everyone who has not reported" in html


def test_the_period_page_in_turkish_groups_numbers_the_turkish_way(client, manager, reported, park):
    client.force_login(manager)
    response = client.get(url("period", park.slug, "2026-Q2", language="tr"))
    totals = {item["total"].indicator.code: item["figure"] for item in response.context["totals"]}
    assert totals["revenue"] == "1.235.567,89"


def test_reminding_and_locking_from_the_period_page(client, manager, reported, park):
    client.force_login(manager)
    delta_id = next(
        i["row"].company_id
        for i in client.get(url("period", park.slug, "2026-Q2")).context["table"]
        if i["row"].name == "Delta"
    )
    response = client.post(url("remind", park.slug, "2026-Q2"), {"company": delta_id}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["A reminder was sent to Delta."]
    again = client.post(url("remind", park.slug, "2026-Q2"), {"company": delta_id}, follow=True)
    assert "already sent" in [str(m) for m in again.context["messages"]][0]
    everyone = client.post(url("remind", park.slug, "2026-Q2"), {"company": "all"}, follow=True)
    assert [str(m) for m in everyone.context["messages"]] == ["Reminders sent to 1 companies."]
    assert Reminder.objects.count() == 2
    assert OutboxMessage.objects.count() == 2

    response = client.post(url("lock_period", park.slug, "2026-Q2"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Q2 2026 is locked: its reports are frozen as they are now."
    ]
    assert ReportingPeriod.objects.get(code="2026-Q2", park=park).status == "locked"
    html = response.content.decode()
    assert "Lock Q2 2026" not in html
    assert "Send a reminder" not in html
    again = client.post(url("lock_period", park.slug, "2026-Q2"), follow=True)
    assert [str(m) for m in again.context["messages"]] == ["This period is already locked."]


def test_a_malformed_or_unknown_reminder_target(client, manager, reported, park):
    client.force_login(manager)
    assert client.post(url("remind", park.slug, "2026-Q2"), {"company": "x"}).status_code == 404
    assert (
        client.post(url("remind", park.slug, "2026-Q2"), {"company": "999999"}).status_code == 404
    )
    assert client.get(url("period", park.slug, "2031-Q9")).status_code == 404
    assert client.get(url("export_period", park.slug, "2026-Q2", "pdf")).status_code == 404
    assert Reminder.objects.count() == 0


def test_opening_periods_by_hand(client, manager, scheme, park):
    client.force_login(manager)
    ReportingScheme.objects.filter(park=park).update(is_active=False)
    paused = client.post(url("open_periods", park.slug), follow=True)
    assert [str(m) for m in paused.context["messages"]] == [
        "Reporting is paused: no period is opened."
    ]
    assert not park.reporting_periods.filter(code="2026-Q3").exists()
    ReportingScheme.objects.filter(park=park).update(is_active=True)
    response = client.post(url("open_periods", park.slug), follow=True)
    # Q3 2026 has ended by the time this test runs (after 30 September 2026).
    assert response.status_code == 200
    assert park.reporting_periods.filter(code="2026-Q3").exists()


# --- exports, parsed back
def test_period_export_csv(client, manager, reported, park):
    client.force_login(manager)
    response = client.get(url("export_period", park.slug, "2026-Q2", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gebze-reports-2026-Q2.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Company", "Status", "Submitted (Europe/Istanbul)", "Staff", "R&D staff"]
    assert rows[0][6] == "Revenue (TRY)"
    assert [row[:4] for row in rows[1:5]] == [
        ["Alpha", "submitted", rows[1][2], "10"],
        ["Beta", "submitted", rows[2][2], "20"],
        ["Delta", "not reported", "", ""],
        ["Gamma", "draft", "", ""],
    ]
    assert rows[1][6] == "1000.00"
    assert rows[5][:4] == ["Total", "", "", "30"]
    assert rows[5][6] == "1235567.89"
    assert rows[6][3:] == ["2"] * len(CODES)


def test_period_export_xlsx(client, manager, reported, park):
    client.force_login(manager)
    response = client.get(url("export_period", park.slug, "2026-Q2", "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    width = 3 + len(CODES)
    rows = [
        row + (None,) * (width - len(row)) for row in workbook.active.iter_rows(values_only=True)
    ]
    assert rows[0][0] == "Company"
    assert [(row[0], row[1], row[3], row[6]) for row in rows[1:]] == [
        ("Alpha", "submitted", 10, 1000),
        ("Beta", "submitted", 20, 1234567.89),
        ("Delta", "not reported", None, None),
        ("Gamma", "draft", None, None),
        ("Total", None, 30, 1235567.89),
        ("Companies reporting", None, 2, 2),
    ]


def test_park_export_lists_every_period(client, manager, reported, park):
    client.force_login(manager)
    response = client.get(url("export_park", park.slug, "csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == [
        "Period",
        "Period status",
        "Company",
        "Status",
        "Submitted (Europe/Istanbul)",
    ]
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [
        ("2026-Q2", "Alpha", "submitted"),
        ("2026-Q2", "Beta", "submitted"),
        ("2026-Q2", "Delta", "not reported"),
        ("2026-Q2", "Gamma", "draft"),
        ("2026-Q1", "Alpha", "not reported"),
        ("2026-Q1", "Beta", "not reported"),
        ("2026-Q1", "Delta", "not reported"),
        ("2026-Q1", "Gamma", "not reported"),
    ]


def test_export_in_turkish_names_the_columns_in_turkish(client, manager, reported, park):
    client.force_login(manager)
    english = client.get(url("export_period", park.slug, "2026-Q2", "csv"))
    turkish = client.get(url("export_period", park.slug, "2026-Q2", "csv", language="tr"))
    english_rows = list(
        csv.reader(io.StringIO(b"".join(english.streaming_content).decode("utf-8-sig")))
    )
    turkish_rows = list(
        csv.reader(io.StringIO(b"".join(turkish.streaming_content).decode("utf-8-sig")))
    )
    # Same figures whatever the language.
    assert [row[3:] for row in english_rows[1:]] == [row[3:] for row in turkish_rows[1:]]


# --- the residents' pages -----------------------------------------------------------------------
def test_filling_in_a_report(client, q2, resident, park):
    company, member = resident
    client.force_login(member)
    index = client.get(url("reporting"))
    assert [i["residency"].company for i in index.context["companies"]] == [company]
    assert [p.code for p in index.context["companies"][0]["waiting"]] == ["2026-Q2", "2026-Q1"]
    form_url = url("report_form", park.slug, company.slug, "2026-Q2")
    page = client.get(form_url)
    assert page.status_code == 200
    assert list(page.context["form"].fields) == list(CODES)
    assert page.context["form"].fields["revenue"].label == "Revenue (TRY)"
    assert page.context["form"].fields["rd_staff"].help_text == (
        "Of the staff, the people working on research and development."
    )

    draft = client.post(form_url, form_data({"staff": 7}, action="draft"))
    assert draft.status_code == 302
    assert Report.objects.get().status == "draft"

    bad = client.post(form_url, form_data(dict(FULL, rd_staff=12, exports="2000")))
    assert bad.status_code == 400
    assert bad.context["form"].errors == {
        "rd_staff": ["The R&D staff cannot be more than the staff (10)."],
        "exports": ["The exports cannot be more than the revenue (1,000.00)."],
    }
    assert Report.objects.get().staff == 7

    done = client.post(form_url, form_data(FULL))
    assert done.status_code == 302
    assert done["Location"] == url("company_reports", park.slug, company.slug)
    report = Report.objects.get()
    assert (report.status, report.live_values()) == ("submitted", FULL)


def test_form_errors_of_types_and_signs(client, q2, resident, park):
    company, member = resident
    client.force_login(member)
    form_url = url("report_form", park.slug, company.slug, "2026-Q2")
    response = client.post(
        form_url, form_data({"staff": "-3", "revenue": "abc", "exports": "1.234"}, action="draft")
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "staff": ["A figure cannot be negative: enter 0 or more."],
        "revenue": ["Enter an amount, e.g. 1250.50."],
        "exports": ["Use at most two decimal places."],
    }
    incomplete = client.post(form_url, form_data({"staff": "3"}))
    assert incomplete.status_code == 400
    assert incomplete.context["form"].errors["revenue"] == [
        "Enter this figure (0 if there was none): the park asks for it."
    ]
    assert Report.objects.count() == 0


def test_turkish_decimal_comma_is_understood(client, q2, resident, park):
    company, member = resident
    client.force_login(member)
    form_url = url("report_form", park.slug, company.slug, "2026-Q2", language="tr")
    values = dict(FULL, revenue="1500,75", rd_revenue="100,5", exports="0")
    response = client.post(form_url, form_data(values))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.revenue, report.rd_revenue) == (Decimal("1500.75"), Decimal("100.50"))


def test_changing_a_submitted_report_and_the_locked_view(client, q2, resident, park, manager):
    company, member = resident
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    client.force_login(member)
    form_url = url("report_form", park.slug, company.slug, "2026-Q2")
    page = client.get(form_url)
    assert 'value="submit"' in page.content.decode()
    assert 'value="draft"' not in page.content.decode()
    assert client.post(form_url, form_data(dict(FULL, staff=11))).status_code == 302
    assert Report.objects.get().staff == 11

    reporting.lock_period(actor=manager, period=q2)
    locked = client.get(form_url)
    assert locked.status_code == 200
    assert locked.context["may_edit"] is False
    assert [item["figure"] for item in locked.context["readonly"]][:1] == ["11"]
    late = client.post(form_url, form_data(dict(FULL, staff=12)), follow=True)
    assert late.redirect_chain == [(form_url, 302)]
    assert [str(m) for m in late.context["messages"]] == [
        "The period Q2 2026 is locked: its reports can no longer change."
    ]
    assert Report.objects.get().staff == 11


def test_history_table_and_chart(client, q1, q2, resident, park):
    company, member = resident
    reporting.save_report(
        actor=member, period=q1, company=company, values=dict(FULL, revenue="800"), submit=True
    )
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    client.force_login(member)
    page = client.get(url("company_reports", park.slug, company.slug) + "?indicator=revenue")
    assert page.status_code == 200
    assert [item["row"].period.code for item in page.context["history"]] == ["2026-Q2", "2026-Q1"]
    assert page.context["chosen"].code == "revenue"
    chart = str(page.context["chart"])
    assert chart.startswith("<svg")
    assert 'aria-label="Revenue (TRY): Q1 2026 800.00; Q2 2026 1,000.00"' in chart
    fallback = client.get(url("company_reports", park.slug, company.slug) + "?indicator=<script>")
    assert fallback.context["chosen"].code == "staff"


def test_a_period_the_company_does_not_report_for_is_not_found(client, q2, park):
    newcomer, member = make_resident(park, start=datetime.date(2026, 8, 1))
    client.force_login(member)
    assert client.get(url("report_form", park.slug, newcomer.slug, "2026-Q2")).status_code == 404
    assert client.get(url("company_reports", park.slug, newcomer.slug)).status_code == 200


def test_every_write_from_the_pages_is_audited(client, q2, resident, park):
    company, member = resident
    client.force_login(member)
    client.post(url("report_form", park.slug, company.slug, "2026-Q2"), form_data(FULL))
    entry = AuditEntry.objects.get(action="insights.report.submit")
    assert entry.actor == member
    assert entry.changes["staff"] == [None, 10]


def test_page_queries_do_not_grow_with_the_companies(client, manager, q2, park):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(pages):
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    client.force_login(manager)
    pages = [url("period", park.slug, "2026-Q2"), url("park_reporting", park.slug)]
    for n in range(3):
        company, person = make_resident(park, name=f"First {n}")
        reporting.save_report(actor=person, period=q2, company=company, values=FULL, submit=True)
    few = queries_for(pages)
    for n in range(10):
        company, person = make_resident(park, name=f"More {n}")
        reporting.save_report(actor=person, period=q2, company=company, values=FULL, submit=True)
        if n % 2:
            reporting.send_reminder(actor=manager, period=q2, company=make_resident(park)[0])
    assert queries_for(pages) == few
