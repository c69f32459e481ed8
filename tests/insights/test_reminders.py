"""Reminders about due reports: automatic ones (``insights_tick``) before and after the
due date, once per kind, period and company; the park managers' reminder button."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import Membership
from korpu.insights import reporting
from korpu.insights.models import Reminder, ReportingPeriod, ReportingScheme
from tests.factories import MembershipFactory, PersonFactory
from tests.insights.conftest import FULL, at, make_resident, set_up_scheme

pytestmark = pytest.mark.django_db

# Q2 2026 is due on 30 July (30 days after 30 June); reminders 7 days before, 3 after.


@pytest.fixture
def residents(scheme, park):
    alpha, alpha_member = make_resident(park, name="Alpha")
    beta, beta_member = make_resident(park, name="Beta")
    beta_boss = MembershipFactory(
        organisation=beta, role=Membership.Role.MANAGER, person__preferred_language="tr"
    ).person
    done, done_member = make_resident(park, name="Done")
    q2 = park.reporting_periods.get(code="2026-Q2")
    reporting.save_report(actor=done_member, period=q2, company=done, values=FULL, submit=True)
    return {"alpha": (alpha, alpha_member), "beta": (beta, beta_boss), "done": done, "q2": q2}


def sent_to() -> list[str]:
    return sorted(address for message in OutboxMessage.objects.all() for address in message.to)


def test_due_soon_reminders_go_once_to_those_who_have_not_submitted(residents):
    alpha, alpha_member = residents["alpha"]
    beta, beta_boss = residents["beta"]
    assert reporting.send_due_reminders(now=at(2026, 7, 22)) == 0
    assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 2
    # Beta has a manager: only the manager is reminded; Alpha has members only.
    assert sent_to() == sorted([alpha_member.email, beta_boss.email])
    assert reporting.send_due_reminders(now=at(2026, 7, 24)) == 0
    assert reporting.send_due_reminders(now=at(2026, 7, 30)) == 0
    assert list(
        Reminder.objects.order_by("company__name").values_list(
            "company__name", "kind", "recipients"
        )
    ) == [("Alpha", "due_soon", 1), ("Beta", "due_soon", 1)]
    assert AuditEntry.objects.filter(action="insights.reminder.send").count() == 2


def test_the_reminder_mail(residents):
    alpha, alpha_member = residents["alpha"]
    reporting.send_due_reminders(now=at(2026, 7, 23))
    message = OutboxMessage.objects.get(to=[alpha_member.email])
    assert message.subject == "Report due on July 30, 2026: Q2 2026 for Gebze Teknopark"
    assert (
        "The report of Alpha to Gebze Teknopark for Q2 2026 is due on July 30, 2026."
        in message.body
    )
    assert "- Revenue (TRY)\n" in message.body
    assert f"http://127.0.0.1:8000/en/insights/reporting/gebze/companies/{alpha.slug}/2026-Q2/" in (
        message.body
    )
    beta, beta_boss = residents["beta"]
    turkish = OutboxMessage.objects.get(to=[beta_boss.email])
    assert f"/tr/insights/reporting/gebze/companies/{beta.slug}/2026-Q2/" in turkish.body


def test_overdue_reminders(residents):
    alpha, alpha_member = residents["alpha"]
    assert reporting.send_due_reminders(now=at(2026, 8, 1)) == 0
    assert reporting.send_due_reminders(now=at(2026, 8, 2)) == 2
    assert reporting.send_due_reminders(now=at(2026, 8, 3)) == 0
    message = OutboxMessage.objects.get(to=[alpha_member.email])
    assert message.subject == "Report overdue: Q2 2026 for Gebze Teknopark"
    assert "was due on July 30, 2026 and has not been submitted yet." in message.body


def test_a_missed_day_is_caught_up_within_the_window_only(residents, park):
    late, late_member = make_resident(park, name="Late")
    # The tick did not run on 2 August; on the 9th it still sends, on the 10th no more.
    assert reporting.send_due_reminders(now=at(2026, 8, 9)) == 3
    OutboxMessage.objects.all().delete()
    Reminder.objects.all().delete()
    assert reporting.send_due_reminders(now=at(2026, 8, 10)) == 0
    assert OutboxMessage.objects.count() == 0


def test_no_reminders_for_locked_periods_or_paused_schemes(residents, manager, park):
    q2 = residents["q2"]
    ReportingScheme.objects.filter(park=park).update(is_active=False)
    assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 0
    ReportingScheme.objects.filter(park=park).update(is_active=True)
    reporting.lock_period(actor=manager, period=q2, now=at(2026, 7, 20))
    assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 0
    assert OutboxMessage.objects.count() == 0


def test_an_empty_reminder_setting_sends_none(manager, park):
    set_up_scheme(manager, park, remind_days_before=None, remind_days_after=None)
    make_resident(park)
    for day in range(15, 32):
        assert reporting.send_due_reminders(now=at(2026, 7, day)) == 0


def test_a_company_without_members_is_skipped(scheme, park):
    from tests.factories import OrganisationFactory, ResidencyFactory

    ResidencyFactory(company=OrganisationFactory(), park=park, start_date=datetime.date(2025, 1, 1))
    assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 0
    assert Reminder.objects.count() == 0


# --- the managers' button
def test_a_manager_reminds_a_company_once_per_period(residents, manager):
    alpha, alpha_member = residents["alpha"]
    q2 = residents["q2"]
    reminder = reporting.send_reminder(actor=manager, period=q2, company=alpha)
    assert (reminder.kind, reminder.sent_by, reminder.recipients) == ("manual", manager, 1)
    message = OutboxMessage.objects.get()
    assert message.to == [alpha_member.email]
    assert "The park's managers ask you to submit it." in message.body
    with pytest.raises(ValidationError) as again:
        reporting.send_reminder(actor=manager, period=q2, company=alpha)
    assert again.value.code == "already_sent"
    assert OutboxMessage.objects.count() == 1
    # The automatic reminders are a different kind: they still go.
    assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 2


def test_the_button_refuses_what_makes_no_sense(residents, manager, park):
    q2 = residents["q2"]
    with pytest.raises(ValidationError) as submitted:
        reporting.send_reminder(actor=manager, period=q2, company=residents["done"])
    assert submitted.value.code == "submitted"
    stranger, _ = make_resident(park, start=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError) as not_expected:
        reporting.send_reminder(actor=manager, period=q2, company=stranger)
    assert not_expected.value.code == "not_expected"
    reporting.lock_period(actor=manager, period=q2)
    with pytest.raises(ValidationError) as locked:
        reporting.send_reminder(actor=manager, period=q2, company=residents["alpha"][0])
    assert locked.value.code == "locked"
    assert OutboxMessage.objects.count() == 0
    assert Reminder.objects.count() == 0


def test_only_managers_remind(residents):
    alpha, alpha_member = residents["alpha"]
    for person in (alpha_member, PersonFactory()):
        with pytest.raises(PermissionDenied):
            reporting.send_reminder(actor=person, period=residents["q2"], company=alpha)
        with pytest.raises(PermissionDenied):
            reporting.remind_all(actor=person, period=residents["q2"])
    assert Reminder.objects.count() == 0


def test_remind_everyone_skips_those_reminded_and_those_done(residents, manager):
    q2 = residents["q2"]
    reporting.send_reminder(actor=manager, period=q2, company=residents["alpha"][0])
    assert reporting.remind_all(actor=manager, period=q2) == 1
    assert reporting.remind_all(actor=manager, period=q2) == 0
    assert sorted(Reminder.objects.values_list("company__name", flat=True)) == ["Alpha", "Beta"]


# --- the command
def test_insights_tick_opens_ended_periods(manager, park, capsys):
    today = timezone.localdate()
    set_up_scheme(
        manager,
        park,
        frequency="monthly",
        starts_on=today - datetime.timedelta(days=70),
        now=None,
    )
    opened = ReportingPeriod.objects.filter(park=park).count()
    assert opened >= 2
    call_command("insights_tick")
    assert capsys.readouterr().out == "insights: 0 reporting periods opened, 0 reminders sent\n"
    ReportingPeriod.objects.filter(park=park).order_by("-starts_on").first().delete()
    call_command("insights_tick")
    assert capsys.readouterr().out == "insights: 1 reporting periods opened, 0 reminders sent\n"
    assert ReportingPeriod.objects.filter(park=park).count() == opened
