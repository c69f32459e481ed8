"""Reads of resident reporting, shared by the pages, the exports, ``insights_tick`` and the
park scorecard.

Which figures count: a report counts once it is submitted. Once its period is locked,
what counts is the frozen copy written at locking (:attr:`Report.snapshot`): a report
submitted or changed after that (only possible behind the services' back, e.g. in the
database) changes nothing, nor does renaming the company. A draft never counts.

Who is expected to report for a period: every company with an *active* residency in the
park that started by the period's last day (or has no start date). At locking, the
companies expected but not reported are written into the period's snapshot.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from korpu.common.i18n import translated_order
from korpu.directory.models import Organisation, Park, Residency
from korpu.directory.rules import MANAGING_ROLES, is_signed_in, organisation_ids_of

from .models import (
    BY_CODE,
    CODES,
    Indicator,
    Reminder,
    Report,
    ReportingPeriod,
    ReportingScheme,
    in_catalogue_order,
)

ACTIVE = Residency.Status.ACTIVE
SUBMITTED = Report.Status.SUBMITTED
LANGUAGES = ("en", "az", "tr")


# --- time ----------------------------------------------------------------------------------------
def park_zone(park: Park) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(park.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def park_today(park: Park, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the park's time zone (periods and due dates are the park's days)."""
    return timezone.localtime(now or timezone.now(), park_zone(park)).date()


# --- names frozen at locking -------------------------------------------------------------------
def company_names(company: Organisation) -> dict[str, str]:
    """The company's name in each language it has one in (for a snapshot)."""
    names = {lang: getattr(company, f"name_{lang}", "") or "" for lang in LANGUAGES}
    names = {lang: name for lang, name in names.items() if name}
    return names or {"en": company.name}


def pick_name(names) -> str:
    """A name from :func:`company_names` in the active language, else its fallbacks."""
    if isinstance(names, str):
        return names
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    for lang in (language, *fallbacks.get(language, fallbacks["default"])):
        if names.get(lang):
            return names[lang]
    return next(iter(names.values()), "")


# --- finding things ----------------------------------------------------------------------------
def scheme_of(park: Park) -> ReportingScheme | None:
    return ReportingScheme.objects.filter(park=park).first()


def managed_parks(user) -> QuerySet[Park]:
    """Parks whose reporting the user runs: operated by an organisation they manage
    (every park for staff)."""
    if not is_signed_in(user):
        return Park.objects.none()
    parks = Park.objects.all()
    if not user.is_staff:
        parks = parks.filter(operator__in=organisation_ids_of(user, MANAGING_ROLES)).distinct()
    return parks.select_related("reporting_scheme").order_by(translated_order("name"), "pk")


def reporting_residencies(user) -> QuerySet[Residency]:
    """The active residencies of the user's companies in parks that ask for reports."""
    if not is_signed_in(user):
        return Residency.objects.none()
    return (
        Residency.objects.filter(
            company__in=organisation_ids_of(user),
            status=ACTIVE,
            park__reporting_scheme__isnull=False,
        )
        .select_related("company", "park__reporting_scheme")
        .order_by(translated_order("park__name"), translated_order("company__name"), "pk")
        .distinct()
    )


def residency_of(company: Organisation, park: Park) -> Residency | None:
    """The company's residency in the park: the current one, else the latest."""
    residencies = Residency.objects.filter(company=company, park=park).select_related(
        "company", "park"
    )
    current = residencies.filter(status__in=Residency.CURRENT).order_by("-pk").first()
    return current or residencies.order_by("-start_date", "-pk").first()


def period_by_code(park: Park, code: str) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(park=park, code=code).select_related("park").first()


def _expected_residencies(park_id, ends_on) -> QuerySet[Residency]:
    return Residency.objects.filter(park_id=park_id, status=ACTIVE).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=ends_on)
    )


def expected_companies(period: ReportingPeriod) -> QuerySet[Organisation]:
    """Companies expected to report for the period (see the module's note)."""
    return Organisation.objects.filter(
        pk__in=_expected_residencies(period.park_id, period.ends_on).values("company_id")
    )


def periods_of(park: Park) -> QuerySet[ReportingPeriod]:
    """The park's periods, newest first, with ``submitted_count``, ``draft_count`` and
    ``missing_count`` (expected companies without a submitted report; for a locked period
    the number frozen at locking, see :func:`missing_count`)."""
    submitted = Report.objects.filter(
        period=OuterRef(OuterRef("pk")), company=OuterRef("company"), status=SUBMITTED
    )
    missing = (
        Residency.objects.filter(park=OuterRef("park"), status=ACTIVE)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("ends_on")))
        .exclude(Exists(submitted))
        .order_by()
        .values("park")
        .annotate(n=Count("company", distinct=True))
        .values("n")
    )
    return (
        ReportingPeriod.objects.filter(park=park)
        .annotate(
            submitted_count=Count("reports", filter=Q(reports__status=SUBMITTED)),
            draft_count=Count("reports", filter=Q(reports__status=Report.Status.DRAFT)),
            live_missing=Coalesce(Subquery(missing, output_field=IntegerField()), 0),
            frozen_count=Count("reports", filter=Q(reports__snapshot__isnull=False)),
        )
        .order_by("-starts_on")
    )


def missing_count(period: ReportingPeriod) -> int:
    """Companies expected but not reported (from :func:`periods_of`'s annotations)."""
    if period.is_locked and period.snapshot is not None:
        return len(period.snapshot.get("not_reported", []))
    return period.live_missing


def reported_count(period: ReportingPeriod) -> int:
    return period.frozen_count if period.is_locked else period.submitted_count


# --- one period --------------------------------------------------------------------------------
@dataclass
class CompanyRow:
    """One company in a period's table."""

    company_id: int
    slug: str
    name: str
    status: str  # "submitted", "draft" or "missing"
    report: Report | None = None
    submitted_at: datetime.datetime | None = None
    values: dict[str, Decimal | int | None] = field(default_factory=dict)
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        return self.status == SUBMITTED


def _when(raw) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(raw) if raw else None


def period_rows(period: ReportingPeriod) -> list[CompanyRow]:
    """Every company of the period: expected ones and those with a report, by name.

    In an open period a submitted report counts with its current figures; in a locked
    one only the frozen copies count, and the companies not reported are those frozen
    with the period.
    """
    reports = {
        report.company_id: report
        for report in Report.objects.filter(period=period).select_related("company")
    }
    for report in reports.values():
        report.period = period  # its figures are read per the period's indicators
    reminders: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in Reminder.objects.filter(period=period).order_by("sent_at"):
        reminders[reminder.company_id].append(reminder)

    rows: list[CompanyRow] = []
    if period.is_locked:
        frozen = period.snapshot or {}
        companies = {
            c.pk: c
            for c in Organisation.objects.filter(
                pk__in=[entry["id"] for entry in frozen.get("not_reported", [])]
            )
        }
        for report in reports.values():
            if report.snapshot is None:
                continue
            rows.append(
                CompanyRow(
                    company_id=report.company_id,
                    slug=report.company.slug,
                    name=pick_name(report.snapshot.get("company") or report.company.name),
                    status=SUBMITTED,
                    report=report,
                    submitted_at=_when(report.snapshot.get("submitted_at")),
                    values=report.values(),
                )
            )
        for entry in frozen.get("not_reported", []):
            report = reports.get(entry["id"])
            company = companies.get(entry["id"])
            rows.append(
                CompanyRow(
                    company_id=entry["id"],
                    slug=company.slug if company else "",
                    name=pick_name(entry.get("name") or ""),
                    status="draft" if entry.get("draft") else "missing",
                    report=report,
                )
            )
    else:
        expected = {c.pk: c for c in expected_companies(period)}
        for report in reports.values():
            expected.setdefault(report.company_id, report.company)
        for company_id, company in expected.items():
            report = reports.get(company_id)
            status = report.status if report is not None else "missing"
            rows.append(
                CompanyRow(
                    company_id=company_id,
                    slug=company.slug,
                    name=company.name,
                    status=status,
                    report=report,
                    submitted_at=report.submitted_at if status == SUBMITTED else None,
                    values=report.live_values() if status == SUBMITTED else {},
                )
            )
    for row in rows:
        row.reminders = reminders.get(row.company_id, [])
    rows.sort(key=lambda row: (row.name.casefold(), row.company_id))
    return rows


@dataclass(frozen=True)
class Total:
    indicator: Indicator
    total: Decimal | int
    count: int  # companies whose submitted report gives this figure


def period_totals(period: ReportingPeriod, rows: list[CompanyRow] | None = None) -> list[Total]:
    """Per indicator of the period: the sum over the submitted reports and how many
    companies reported it."""
    rows = period_rows(period) if rows is None else rows
    totals = []
    for indicator in period.indicator_list:
        given = [row.values.get(indicator.code) for row in rows if row.reported]
        given = [value for value in given if value is not None]
        totals.append(Total(indicator, sum(given, indicator.zero()), len(given)))
    return totals


# --- one company -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryRow:
    period: ReportingPeriod
    report: Report
    status: str  # "submitted" or "draft"
    submitted_at: datetime.datetime | None
    values: dict[str, Decimal | int | None]

    @property
    def reported(self) -> bool:
        return self.status == SUBMITTED


def _history_row(period: ReportingPeriod, report: Report) -> HistoryRow:
    if period.is_locked:
        if report.snapshot is not None:
            return HistoryRow(
                period,
                report,
                SUBMITTED,
                _when(report.snapshot.get("submitted_at")),
                report.values(),
            )
        return HistoryRow(period, report, Report.Status.DRAFT, None, report.live_values())
    return HistoryRow(
        period,
        report,
        report.status,
        report.submitted_at if report.status == SUBMITTED else None,
        report.live_values(),
    )


def company_history(company: Organisation, park: Park) -> list[HistoryRow]:
    """The company's reports to the park, oldest period first (drafts included, marked
    as such; a draft left in a locked period stays a draft)."""
    reports = (
        Report.objects.filter(company=company, period__park=park)
        .select_related("period__park")
        .order_by("period__starts_on")
    )
    return [_history_row(report.period, report) for report in reports]


def open_periods_for(
    company: Organisation, park: Park
) -> list[tuple[ReportingPeriod, Report | None]]:
    """The park's open periods the company reports for (expected, or already started a
    report), newest first, each with the company's report if there is one."""
    started = Report.objects.filter(company=company, period__park=park, period__status="open")
    reports = {report.period_id: report for report in started}
    residency = (
        Residency.objects.filter(company=company, park=park, status=ACTIVE).order_by("-pk").first()
    )
    periods = ReportingPeriod.objects.filter(park=park, status=ReportingPeriod.Status.OPEN)
    condition = Q(pk__in=list(reports))
    if residency is not None:
        condition |= (
            Q(ends_on__gte=residency.start_date) if residency.start_date else Q(pk__isnull=False)
        )
    return [(period, reports.get(period.pk)) for period in periods.filter(condition)]


# --- the park scorecard ----------------------------------------------------------------------
def reporting_currency(park: Park) -> str | None:
    """The currency of the park's money figures (fixed once periods have opened), or
    None when the park asks for no reports."""
    return ReportingScheme.objects.filter(park=park).values_list("currency", flat=True).first()


def park_indicator_totals(park: Park, year: int) -> dict[str, Decimal | int]:
    """The park's figures for a calendar year from its residents' submitted reports.

    Periods of the year are those that start in it; locked periods count with their
    frozen copies. Figures of what happened in a period (revenue, exports, patents,
    investment…) are added up over the periods and the companies. Headcounts (staff,
    R&D staff, software staff: ``Indicator.stock``) are levels, not flows: adding up
    four quarters would count every person four times, so each company counts with its
    latest report of the year that gives the figure, and those are added up.

    Every indicator asked for in a period of the year has an entry (zero when nobody
    reported it); money is a ``Decimal`` in the scheme's currency, counts an ``int``.
    A year without periods gives ``{}``.
    """
    periods = {
        period.pk: period
        for period in ReportingPeriod.objects.filter(park=park, starts_on__year=year)
    }
    if not periods:
        return {}
    codes = in_catalogue_order({code for p in periods.values() for code in p.indicator_codes})
    totals: dict[str, Decimal | int] = {code: BY_CODE[code].zero() for code in codes}
    # company -> code -> (period start, value) of the latest period giving the figure.
    latest: dict[int, dict[str, tuple[datetime.date, Decimal | int]]] = defaultdict(dict)
    rows = Report.objects.filter(period__in=list(periods)).values(
        "company_id", "period_id", "status", "snapshot", *CODES
    )
    for row in rows:
        period = periods[row["period_id"]]
        if period.is_locked:
            if row["snapshot"] is None:
                continue
            raw_values = row["snapshot"].get("values", {})
        elif row["status"] == SUBMITTED:
            raw_values = {code: row[code] for code in period.indicator_codes}
        else:
            continue
        for code in codes:
            indicator = BY_CODE[code]
            value = indicator.parse(raw_values.get(code))
            if value is None:
                continue
            if indicator.stock:
                seen = latest[row["company_id"]].get(code)
                if seen is None or seen[0] < period.starts_on:
                    latest[row["company_id"]][code] = (period.starts_on, value)
            else:
                totals[code] += value
    for by_code in latest.values():
        for code, (_start, value) in by_code.items():
            totals[code] += value
    return totals
