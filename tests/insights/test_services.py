"""Resident reporting services: the scheme, opening periods, saving and submitting
reports with their checks, locking. Every refusal writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from korpu.common.models import AuditEntry
from korpu.directory.models import Residency
from korpu.insights import reporting
from korpu.insights.models import CODES, Report, ReportingPeriod, ReportingScheme
from tests.factories import PersonFactory
from tests.insights.conftest import FULL, NOW, at, make_resident, set_up_scheme

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- the scheme
def test_setting_up_opens_the_ended_periods_with_due_dates(manager, park):
    scheme = set_up_scheme(manager, park, indicators=["revenue", "staff"], due_days=20)
    assert scheme.indicators == ["staff", "revenue"]  # catalogue order
    periods = list(ReportingPeriod.objects.filter(park=park).order_by("starts_on"))
    assert [
        (p.code, p.starts_on, p.ends_on, p.due_on, p.indicators, p.currency, p.status)
        for p in periods
    ] == [
        (
            "2026-Q1",
            datetime.date(2026, 1, 1),
            datetime.date(2026, 3, 31),
            datetime.date(2026, 4, 20),
            ["staff", "revenue"],
            "TRY",
            "open",
        ),
        (
            "2026-Q2",
            datetime.date(2026, 4, 1),
            datetime.date(2026, 6, 30),
            datetime.date(2026, 7, 20),
            ["staff", "revenue"],
            "TRY",
            "open",
        ),
    ]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "changes"))
    assert actions[0][0] == "insights.scheme.create"
    assert actions[1] == ("insights.periods.open", {"periods": [None, ["2026-Q1", "2026-Q2"]]})


def test_monthly_and_yearly_periods(manager, park):
    set_up_scheme(manager, park, frequency="monthly", starts_on=datetime.date(2026, 5, 20))
    assert list(park.reporting_periods.order_by("starts_on").values_list("code", "ends_on")) == [
        ("2026-05", datetime.date(2026, 5, 31)),
        ("2026-06", datetime.date(2026, 6, 30)),
    ]


def test_yearly_scheme_opens_a_year_once_it_has_ended(manager, park):
    set_up_scheme(manager, park, frequency="yearly", starts_on=datetime.date(2024, 6, 1))
    assert list(park.reporting_periods.order_by("starts_on").values_list("code", flat=True)) == [
        "2024",
        "2025",
    ]


def test_the_park_time_zone_decides_when_a_period_has_ended(manager, park):
    # 30 June 22:00 UTC is already 1 July in Istanbul (UTC+3): Q2 has ended there.
    set_up_scheme(manager, park, now=at(2026, 6, 30, 22))
    assert list(park.reporting_periods.values_list("code", flat=True).order_by("code")) == [
        "2026-Q1",
        "2026-Q2",
    ]


def test_opening_periods_again_adds_only_new_ones(scheme, park):
    assert reporting.open_periods(park=park, now=NOW) == []
    created = reporting.open_periods(park=park, now=at(2026, 10, 2))
    assert [p.code for p in created] == ["2026-Q3"]
    assert park.reporting_periods.count() == 3


def test_a_paused_scheme_opens_nothing(manager, park):
    set_up_scheme(manager, park, is_active=False)
    assert park.reporting_periods.count() == 0


def test_changed_indicators_apply_to_new_periods_only(scheme, manager, park, q2):
    set_up_scheme(manager, park, indicators=["staff"], now=at(2026, 10, 5))
    q2.refresh_from_db()
    assert q2.indicators == list(CODES)
    assert park.reporting_periods.get(code="2026-Q3").indicators == ["staff"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"indicators": []}, {"indicators": ["required"]}),
        ({"indicators": ["staff", "bitcoin"]}, {"indicators": ["invalid_choice"]}),
        ({"currency": "GBP"}, {"currency": ["invalid_choice"]}),
        ({"frequency": "weekly"}, {"frequency": ["invalid_choice"]}),
        ({"starts_on": datetime.date(1999, 12, 31)}, {"starts_on": ["out_of_range"]}),
        ({"starts_on": datetime.date(2028, 1, 1)}, {"starts_on": ["out_of_range"]}),
        ({"due_days": 181}, {"due_days": ["out_of_range"]}),
        ({"remind_days_before": -1}, {"remind_days_before": ["out_of_range"]}),
    ],
)
def test_a_bad_scheme_is_refused_and_nothing_is_written(manager, park, changes, expected):
    with pytest.raises(ValidationError) as refused:
        set_up_scheme(manager, park, **changes)
    assert codes(refused.value) == expected
    assert ReportingScheme.objects.count() == 0
    assert ReportingPeriod.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_frequency_currency_and_start_are_fixed_once_periods_opened(scheme, manager, park):
    with pytest.raises(ValidationError) as refused:
        set_up_scheme(
            manager,
            park,
            frequency="monthly",
            currency="EUR",
            starts_on=datetime.date(2025, 1, 1),
        )
    assert codes(refused.value) == {
        "frequency": ["fixed"],
        "currency": ["fixed"],
        "starts_on": ["fixed"],
    }
    scheme.refresh_from_db()
    assert (scheme.frequency, scheme.currency) == ("quarterly", "TRY")


def test_only_park_managers_set_up_reporting(park, resident):
    _company, member = resident
    for person in (member, PersonFactory()):
        with pytest.raises(PermissionDenied):
            set_up_scheme(person, park)
    assert ReportingScheme.objects.count() == 0


def test_staff_may_set_up_reporting(park):
    staff = PersonFactory(is_staff=True)
    assert set_up_scheme(staff, park).park == park


# --- reports ------------------------------------------------------------------------------------
def test_a_draft_may_be_partial_and_is_then_submitted(q2, resident):
    company, member = resident
    draft = reporting.save_report(
        actor=member, period=q2, company=company, values={"staff": 10}, submit=False
    )
    assert (draft.status, draft.staff, draft.revenue, draft.submitted_at) == (
        "draft",
        10,
        None,
        None,
    )
    report = reporting.save_report(
        actor=member, period=q2, company=company, values=FULL, submit=True
    )
    assert report.pk == draft.pk
    assert report.status == "submitted"
    assert report.submitted_by == member
    assert report.live_values() == FULL
    assert list(
        AuditEntry.objects.filter(action__startswith="insights.report")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["insights.report.draft", "insights.report.submit"]


def test_submitting_needs_every_indicator(q2, resident):
    company, member = resident
    with pytest.raises(ValidationError) as refused:
        reporting.save_report(
            actor=member, period=q2, company=company, values={"staff": 3}, submit=True
        )
    assert codes(refused.value) == {code: ["required"] for code in CODES if code != "staff"}
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"staff": -1}, {"staff": ["negative"]}),
        ({"revenue": "-0.01"}, {"revenue": ["negative"]}),
        ({"staff": 5, "rd_staff": 6}, {"rd_staff": ["exceeds"]}),
        ({"staff": 5, "software_staff": 6}, {"software_staff": ["exceeds"]}),
        ({"revenue": "100", "rd_revenue": "100.01"}, {"rd_revenue": ["exceeds"]}),
        ({"revenue": "100", "exports": "150"}, {"exports": ["exceeds"]}),
        ({"staff": "2.5"}, {"staff": ["not_whole"]}),
        ({"revenue": "10.005"}, {"revenue": ["decimals"]}),
        ({"revenue": "ten"}, {"revenue": ["invalid"]}),
        ({"revenue": "NaN"}, {"revenue": ["invalid"]}),
        ({"revenue": "1e30"}, {"revenue": ["too_large"]}),
        ({"patents_applied": 3_000_000_000}, {"patents_applied": ["too_large"]}),
        ({"bitcoin": 3}, {"__all__": ["not_asked"]}),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(q2, resident, values, expected):
    company, member = resident
    with pytest.raises(ValidationError) as refused:
        reporting.save_report(actor=member, period=q2, company=company, values=values, submit=False)
    assert codes(refused.value) == expected
    assert Report.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="insights.report").exists()


def test_messages_are_clear_and_translated(q2, resident):
    company, member = resident
    values = {"staff": 5, "rd_staff": 6, "revenue": "1000", "exports": "1500.5"}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        reporting.save_report(actor=member, period=q2, company=company, values=values, submit=False)
    assert refused.value.message_dict == {
        "rd_staff": ["The R&D staff cannot be more than the staff (5)."],
        "exports": ["The exports cannot be more than the revenue (1,000.00)."],
    }
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        reporting.save_report(
            actor=member, period=q2, company=company, values={"staff": -2}, submit=False
        )
    assert refused.value.message_dict == {
        "staff": ["A figure cannot be negative: enter 0 or more."]
    }


def test_a_part_equal_to_its_whole_and_zeros_are_fine(q2, resident):
    company, member = resident
    values = dict(FULL, staff=4, rd_staff=4, software_staff=0, revenue="0", rd_revenue="0")
    values.update(exports="0", investment_received="0.00")
    report = reporting.save_report(
        actor=member, period=q2, company=company, values=values, submit=True
    )
    assert (report.staff, report.rd_staff, report.revenue, report.exports) == (
        4,
        4,
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_the_period_asks_only_for_its_indicators(manager, park, resident):
    set_up_scheme(manager, park, indicators=["staff", "revenue"])
    period = park.reporting_periods.get(code="2026-Q2")
    company, member = resident
    report = reporting.save_report(
        actor=member,
        period=period,
        company=company,
        values={"staff": 3, "revenue": "12.5", "exports": None},
        submit=True,
    )
    assert report.live_values() == {"staff": 3, "revenue": Decimal("12.50")}


def test_a_submitted_report_is_changed_and_stays_submitted(q2, resident):
    company, member = resident
    first = reporting.save_report(
        actor=member, period=q2, company=company, values=FULL, submit=True
    )
    changed = reporting.save_report(
        actor=member, period=q2, company=company, values=dict(FULL, staff=12), submit=True
    )
    assert (changed.pk, changed.status, changed.staff) == (first.pk, "submitted", 12)
    entry = AuditEntry.objects.filter(action="insights.report.change").get()
    assert entry.changes == {"staff": [10, 12]}
    with pytest.raises(ValidationError) as refused:
        reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=False)
    assert refused.value.code == "submitted"
    assert Report.objects.get().staff == 12


def test_only_members_of_an_active_resident_report(q2, resident, manager, park):
    company, member = resident
    outsider = PersonFactory()
    other_company, other_member = make_resident(park)
    for person in (outsider, manager, other_member):
        with pytest.raises(PermissionDenied):
            reporting.save_report(
                actor=person, period=q2, company=company, values=FULL, submit=True
            )
    Residency.objects.filter(company=company).update(status=Residency.Status.LEFT)
    with pytest.raises(PermissionDenied):
        reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    assert Report.objects.count() == 0


# --- locking --------------------------------------------------------------------------------------
def test_locking_freezes_submitted_reports_and_names_the_missing(q2, resident, manager, park):
    company, member = resident
    late, late_member = make_resident(park, name="Late Labs")
    silent, _silent_member = make_resident(park, name="Silent Systems")
    report = reporting.save_report(
        actor=member, period=q2, company=company, values=FULL, submit=True
    )
    reporting.save_report(
        actor=late_member, period=q2, company=late, values={"staff": 1}, submit=False
    )
    locked_at = at(2026, 8, 1)
    period = reporting.lock_period(actor=manager, period=q2, now=locked_at)
    assert (period.status, period.locked_at, period.locked_by) == ("locked", locked_at, manager)
    report.refresh_from_db()
    assert report.snapshot == {
        "taken_at": locked_at.isoformat(),
        "submitted_at": report.submitted_at.isoformat(),
        "company": {"en": "Anatolia Robotics"},
        "currency": "TRY",
        "values": {
            "staff": 10,
            "rd_staff": 4,
            "software_staff": 3,
            "revenue": "1000.00",
            "rd_revenue": "400.00",
            "exports": "250.50",
            "patents_applied": 1,
            "patents_granted": 0,
            "utility_models": 0,
            "trademarks": 2,
            "investment_received": "5000.00",
        },
    }
    assert period.snapshot == {
        "taken_at": locked_at.isoformat(),
        "indicators": list(CODES),
        "expected": 3,
        "not_reported": [
            {"id": late.pk, "name": {"en": "Late Labs"}, "draft": True},
            {"id": silent.pk, "name": {"en": "Silent Systems"}, "draft": False},
        ],
    }
    assert Report.objects.get(company=late).snapshot is None
    entry = AuditEntry.objects.get(action="insights.period.lock")
    assert entry.changes == {
        "status": ["open", "locked"],
        "reports_frozen": [None, 1],
        "not_reported": [None, 2],
    }


def test_a_locked_period_takes_no_more_reports(q2, resident, manager):
    company, member = resident
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    reporting.lock_period(actor=manager, period=q2)
    for submit in (True, False):
        with pytest.raises(ValidationError) as refused:
            reporting.save_report(
                actor=member, period=q2, company=company, values=dict(FULL, staff=99), submit=submit
            )
        assert refused.value.code == "locked"
    assert Report.objects.get().staff == 10
    with pytest.raises(ValidationError) as again:
        reporting.lock_period(actor=manager, period=q2)
    assert again.value.code == "locked"


def test_a_period_is_locked_only_after_it_ended(q2, manager):
    with pytest.raises(ValidationError) as refused:
        reporting.lock_period(actor=manager, period=q2, now=at(2026, 6, 30, 12))
    assert refused.value.code == "not_ended"
    q2.refresh_from_db()
    assert q2.status == "open"


def test_only_park_managers_lock(q2, resident):
    _company, member = resident
    with pytest.raises(PermissionDenied):
        reporting.lock_period(actor=member, period=q2)
    q2.refresh_from_db()
    assert (q2.status, q2.snapshot) == ("open", None)
