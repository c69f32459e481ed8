"""Every write of resident reporting: a park's reporting scheme, opening periods, saving
and submitting reports, locking a period, and reminders (mailed by the park managers or
by ``korpu insights_tick``).

Keyword-only functions; one transaction each; an audit entry for every change; mail is
written to the outbox in the same transaction, so a change that rolls back mails nobody.
A refused change raises ``ValidationError`` with a translated message and a code and
writes nothing; acting without the right raises ``PermissionDenied``.

Order of locks: the period row first (:func:`save_report` and :func:`lock_period` both
take it), so a report can never be submitted into a period that is being locked, and a
lock never misses a report submitted at the same moment.
"""

import datetime
import logging
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.directory.models import Membership, Organisation, Park, Person
from korpu.directory.rules import MANAGING_ROLES

from . import queries
from . import rules as perms
from .models import (
    BY_CODE,
    CODES,
    MAX_COUNT,
    MAX_MONEY,
    MONEY_PLACES,
    Currency,
    Frequency,
    Reminder,
    Report,
    ReportingPeriod,
    ReportingScheme,
    in_catalogue_order,
    period_bounds,
    period_code,
)

logger = logging.getLogger(__name__)

Status = Report.Status
Kind = Reminder.Kind
EARLIEST_START = datetime.date(2000, 1, 1)
# An automatic reminder goes out on its day or, if ``insights_tick`` did not run that
# day, within this many days after; later it is skipped (opening five years of past
# periods must not mail sixty reminders about each of them).
REMINDER_WINDOW = datetime.timedelta(days=7)
SCHEME_FIELDS = (
    "frequency",
    "indicators",
    "currency",
    "starts_on",
    "due_days",
    "remind_days_before",
    "remind_days_after",
    "is_active",
)
# Fields fixed once a period has opened: reports already made depend on them.
FIXED_FIELDS = ("frequency", "currency", "starts_on")
REPORT_FIELDS = ("status", *CODES)
# The control switch of the concurrency tests: with it off the race is shown to happen.
PERIOD_LOCK = True


def _lock_period(pk: int) -> ReportingPeriod:
    """The period, its row locked until the transaction ends (not its park's row)."""
    query = ReportingPeriod.objects.select_related("park").filter(pk=pk)
    if PERIOD_LOCK:
        query = query.select_for_update(of=("self",))
    return query.get()


def _refuse(message: str, code: str, field: str | None = None, params=None):
    error = ValidationError(message, code=code, params=params)
    raise ValidationError({field: error}) if field else error


def _number(value) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


# Messages when a part is larger than the whole it belongs to (``Indicator.part_of``).
def _exceeds_message(code: str) -> str:
    return {
        "rd_staff": _("The R&D staff cannot be more than the staff (%(total)s)."),
        "software_staff": _("The software staff cannot be more than the staff (%(total)s)."),
        "rd_revenue": _("The R&D revenue cannot be more than the revenue (%(total)s)."),
        "exports": _("The exports cannot be more than the revenue (%(total)s)."),
    }[code]


# --- figures -------------------------------------------------------------------------------------
def _parse(code: str, raw) -> Decimal | int | None:
    """One figure as a number, or a ValidationError with a clear message."""
    indicator = BY_CODE[code]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a number."), code="invalid")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        message = _("Enter an amount, e.g. 1250.50.") if indicator.money else _("Enter a number.")
        raise ValidationError(message, code="invalid")
    if number < 0:
        raise ValidationError(_("A figure cannot be negative: enter 0 or more."), code="negative")
    if indicator.money:
        if number > MAX_MONEY:
            raise ValidationError(_("This amount is too large."), code="too_large")
        if number.as_tuple().exponent < -MONEY_PLACES and number != number.quantize(
            Decimal("0.01")
        ):
            raise ValidationError(_("Use at most two decimal places."), code="decimals")
        return number.quantize(Decimal("0.01"))
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."), code="not_whole")
    if number > MAX_COUNT:
        raise ValidationError(_("This number is too large."), code="too_large")
    return int(number)


def check_values(
    values: Mapping[str, object], indicators, *, complete: bool
) -> dict[str, Decimal | int | None]:
    """The figures for the period's ``indicators``, checked: numbers of zero or more,
    whole numbers for counts, at most two decimals for money, a part never larger than
    its whole (R&D staff ≤ staff, R&D revenue ≤ revenue, exports ≤ revenue…), and with
    ``complete`` (submitting) every indicator given. Raises one ``ValidationError`` with
    a message per field; returns ``{code: value or None}`` for every indicator asked."""
    asked = in_catalogue_order(indicators)
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Decimal | int | None] = {}
    for code, raw in values.items():
        if code not in asked and raw not in (None, ""):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _("“%(code)s” is not asked for in this period."),
                    code="not_asked",
                    params={"code": code},
                )
            )
    for code in asked:
        try:
            cleaned[code] = _parse(code, values.get(code))
        except ValidationError as error:
            errors.setdefault(code, []).append(error)
            cleaned[code] = None
            continue
        if complete and cleaned[code] is None:
            errors.setdefault(code, []).append(
                ValidationError(
                    _("Enter this figure (0 if there was none): the park asks for it."),
                    code="required",
                )
            )
    for code in asked:
        whole = BY_CODE[code].part_of
        part_value, whole_value = cleaned.get(code), cleaned.get(whole)
        if (
            whole
            and part_value is not None
            and whole_value is not None
            and part_value > whole_value
        ):
            errors.setdefault(code, []).append(
                ValidationError(
                    _exceeds_message(code),
                    code="exceeds",
                    params={"total": _number(whole_value)},
                )
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- the scheme ----------------------------------------------------------------------------------
def _check_scheme(park: Park, fields: dict, scheme: ReportingScheme | None, today) -> dict:
    errors: dict[str, ValidationError] = {}
    if fields["frequency"] not in Frequency.values:
        errors["frequency"] = ValidationError(_("Choose from the list."), code="invalid_choice")
    if fields["currency"] not in Currency.values:
        errors["currency"] = ValidationError(_("Choose from the list."), code="invalid_choice")
    indicators = list(fields["indicators"] or [])
    if any(code not in BY_CODE for code in indicators):
        errors["indicators"] = ValidationError(_("Choose from the list."), code="invalid_choice")
    elif not indicators:
        errors["indicators"] = ValidationError(_("Choose at least one indicator."), code="required")
    fields["indicators"] = in_catalogue_order(indicators)
    starts_on = fields["starts_on"]
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = ValidationError(_("Enter a date."), code="required")
    elif starts_on < EARLIEST_START or starts_on > today + datetime.timedelta(days=366):
        errors["starts_on"] = ValidationError(
            _("Enter a day from %(first)s to a year from now."),
            code="out_of_range",
            params={"first": EARLIEST_START.isoformat()},
        )
    limits = {"due_days": 180, "remind_days_before": 60, "remind_days_after": 90}
    for name, limit in limits.items():
        value = fields[name]
        if value is None and name != "due_days":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
            errors[name] = ValidationError(
                _("Enter a number of days from 0 to %(limit)s."),
                code="out_of_range",
                params={"limit": limit},
            )
    fields["is_active"] = bool(fields["is_active"])
    if scheme is not None and ReportingPeriod.objects.filter(park=park).exists():
        for name in FIXED_FIELDS:
            if name not in errors and fields[name] != getattr(scheme, name):
                errors[name] = ValidationError(
                    _("This cannot change once periods have opened: reports already made use it."),
                    code="fixed",
                )
    if errors:
        raise ValidationError(errors)
    return fields


def save_scheme(
    *,
    actor,
    park: Park,
    frequency: str,
    indicators,
    currency: str,
    starts_on: datetime.date,
    due_days: int = 30,
    remind_days_before: int | None = 7,
    remind_days_after: int | None = 3,
    is_active: bool = True,
    now: datetime.datetime | None = None,
) -> ReportingScheme:
    """Set up or change the park's reporting, then open the periods that have ended.

    Indicators, due days and reminders may change at any time: open periods keep the
    indicators and due date they were opened with, new periods take the new ones. The
    frequency, currency and first day are fixed once a period has opened.
    """
    if not perms.can_manage_reporting(actor, park):
        raise PermissionDenied(_("Only the park's managers set up its reporting."))
    today = queries.park_today(park, now)
    fields = {
        "frequency": frequency,
        "indicators": indicators,
        "currency": currency,
        "starts_on": starts_on,
        "due_days": due_days,
        "remind_days_before": remind_days_before,
        "remind_days_after": remind_days_after,
        "is_active": is_active,
    }
    with transaction.atomic():
        scheme = ReportingScheme.objects.select_for_update().filter(park=park).first()
        fields = _check_scheme(park, fields, scheme, today)
        before = audit.snapshot(scheme, SCHEME_FIELDS) if scheme else {}
        if scheme is None:
            scheme = ReportingScheme(park=park)
        for name, value in fields.items():
            setattr(scheme, name, value)
        scheme.save()
        audit.record(
            actor=actor,
            action="insights.scheme.change" if before else "insights.scheme.create",
            obj=scheme,
            changes=audit.diff(before, audit.snapshot(scheme, SCHEME_FIELDS)),
        )
        open_periods(park=park, actor=actor, now=now)
    return scheme


# --- periods -----------------------------------------------------------------------------------
def open_periods(*, park: Park, actor=None, now: datetime.datetime | None = None):
    """Open every period of the park's active scheme that has ended by today (in the
    park's time zone) and is not open yet, each with its due date and a copy of the
    scheme's indicators and currency. Returns the new periods, oldest first."""
    if actor is not None and not perms.can_manage_reporting(actor, park):
        raise PermissionDenied(_("Only the park's managers open reporting periods."))
    today = queries.park_today(park, now)
    created: list[ReportingPeriod] = []
    with transaction.atomic():
        scheme = ReportingScheme.objects.select_for_update().filter(park=park).first()
        if scheme is None or not scheme.is_active:
            return created
        existing = set(
            ReportingPeriod.objects.filter(park=park).values_list("starts_on", flat=True)
        )
        start, end = period_bounds(scheme.frequency, scheme.starts_on)
        while end < today:
            if start not in existing:
                created.append(
                    ReportingPeriod.objects.create(
                        park=park,
                        code=period_code(scheme.frequency, start),
                        frequency=scheme.frequency,
                        starts_on=start,
                        ends_on=end,
                        due_on=end + datetime.timedelta(days=scheme.due_days),
                        indicators=list(scheme.indicators),
                        currency=scheme.currency,
                    )
                )
            start, end = period_bounds(scheme.frequency, end + datetime.timedelta(days=1))
        if created:
            audit.record(
                actor=actor,
                action="insights.periods.open",
                obj=scheme,
                changes={"periods": [None, [period.code for period in created]]},
            )
    return created


def lock_period(
    *, actor, period: ReportingPeriod, now: datetime.datetime | None = None
) -> ReportingPeriod:
    """Lock an ended period: every submitted report's figures are frozen (with the time,
    the submission time, the company's name and the currency) and reads of the period
    use the frozen copy from then on; the companies expected but not reported are frozen
    with the period. Reports of a locked period can no longer change. Final."""
    if not perms.can_manage_reporting(actor, period.park):
        raise PermissionDenied(_("Only the park's managers lock its periods."))
    now = now or timezone.now()
    with transaction.atomic():
        period = _lock_period(period.pk)
        if period.is_locked:
            _refuse(_("This period is already locked."), "locked")
        if queries.park_today(period.park, now) <= period.ends_on:
            _refuse(_("A period can be locked once it has ended."), "not_ended")
        taken_at = now.isoformat()
        reports = list(
            Report.objects.select_for_update(of=("self",))
            .filter(period=period, status=Status.SUBMITTED)
            .select_related("company")
        )
        for report in reports:
            report.snapshot = {
                "taken_at": taken_at,
                "submitted_at": report.submitted_at.isoformat(),
                "company": queries.company_names(report.company),
                "currency": period.currency,
                "values": {
                    indicator.code: indicator.dump(getattr(report, indicator.code))
                    for indicator in period.indicator_list
                },
            }
        Report.objects.bulk_update(reports, ["snapshot"])
        reported = {report.company_id for report in reports}
        drafts = set(
            Report.objects.filter(period=period, status=Status.DRAFT).values_list(
                "company_id", flat=True
            )
        )
        expected = list(queries.expected_companies(period).order_by("pk"))
        not_reported = [
            {
                "id": company.pk,
                "name": queries.company_names(company),
                "draft": company.pk in drafts,
            }
            for company in expected
            if company.pk not in reported
        ]
        period.status = ReportingPeriod.Status.LOCKED
        period.locked_at = now
        period.locked_by = actor
        period.snapshot = {
            "taken_at": taken_at,
            "indicators": period.indicator_codes,
            "expected": len(reported | {company.pk for company in expected}),
            "not_reported": not_reported,
        }
        period.save(update_fields=["status", "locked_at", "locked_by", "snapshot"])
        audit.record(
            actor=actor,
            action="insights.period.lock",
            obj=period,
            changes={
                "status": ["open", "locked"],
                "reports_frozen": [None, len(reports)],
                "not_reported": [None, len(not_reported)],
            },
        )
    return period


# --- reports ---------------------------------------------------------------------------------
def save_report(
    *,
    actor,
    period: ReportingPeriod,
    company: Organisation,
    values: Mapping[str, object],
    submit: bool,
) -> Report:
    """Save a company's figures for a period: as a draft (figures may be missing), or
    submitted (every indicator given). A submitted report may be changed, and stays
    submitted, until the period is locked."""
    residency = queries.residency_of(company, period.park)
    if not perms.can_report(actor, residency):
        raise PermissionDenied(
            _("Only the members of a company resident in the park report for it.")
        )
    with transaction.atomic():
        period = _lock_period(period.pk)
        if period.is_locked:
            _refuse(
                _("The period %(period)s is locked: its reports can no longer change."),
                "locked",
                params={"period": period.label},
            )
        cleaned = check_values(values, period.indicators, complete=submit)
        report = Report.objects.select_for_update().filter(period=period, company=company).first()
        before = audit.snapshot(report, REPORT_FIELDS) if report else {}
        was_submitted = report is not None and report.status == Status.SUBMITTED
        if was_submitted and not submit:
            _refuse(
                _("This report has been submitted: a change is saved as a new submission."),
                "submitted",
            )
        if report is None:
            report = Report(period=period, company=company)
        report.period = period
        for code in CODES:
            setattr(report, code, cleaned.get(code))
        report.updated_by = actor
        if submit:
            report.status = Status.SUBMITTED
            report.submitted_at = timezone.now()
            report.submitted_by = actor
        report.save()
        if was_submitted:
            action = "insights.report.change"
        elif submit:
            action = "insights.report.submit"
        else:
            action = "insights.report.draft"
        audit.record(
            actor=actor,
            action=action,
            obj=report,
            changes=audit.diff(before, audit.snapshot(report, REPORT_FIELDS)),
        )
    return report


# --- reminders -----------------------------------------------------------------------------------
def _language(person: Person) -> str:
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


def recipients_of(company: Organisation) -> list[Person]:
    """Who is reminded: the company's managers and admins, or all its members when it
    has none (active accounts only)."""
    members = (
        Membership.objects.filter(organisation=company, person__is_active=True)
        .select_related("person")
        .order_by("person__email")
    )
    managing = [m.person for m in members if m.role in MANAGING_ROLES]
    return managing or [m.person for m in members]


def _form_link(period: ReportingPeriod, company: Organisation, language: str) -> str:
    with translation.override(language):
        path = reverse("insights:report_form", args=[period.park.slug, company.slug, period.code])
    return settings.KORPU_SITE_URL + path


def _remind(
    *, period: ReportingPeriod, company: Organisation, kind: str, actor, today
) -> Reminder | None:
    """Record the reminder and mail it (inside the caller's transaction); None when the
    company has nobody to mail or was already reminded this way about the period."""
    people = recipients_of(company)
    if not people:
        return None
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                period=period, company=company, kind=kind, sent_by=actor, recipients=len(people)
            )
    except IntegrityError:
        return None
    for person in people:
        language = _language(person)
        send_templated_mail(
            to=person.email,
            template="insights/email/report_reminder",
            context={
                "person": person,
                "company": company,
                "park": period.park,
                "period": period,
                "kind": kind,
                "overdue": today > period.due_on,
                "link": _form_link(period, company, language),
                "site_url": settings.KORPU_SITE_URL,
            },
            language=language,
        )
    audit.record(
        actor=actor,
        action="insights.reminder.send",
        obj=reminder,
        changes={"kind": [None, kind], "recipients": [None, len(people)]},
    )
    return reminder


def send_reminder(*, actor, period: ReportingPeriod, company: Organisation, now=None) -> Reminder:
    """A park manager reminds a company that has not submitted its report (once per
    period and company)."""
    if not perms.can_manage_reporting(actor, period.park):
        raise PermissionDenied(_("Only the park's managers send reminders."))
    with transaction.atomic():
        period = _lock_period(period.pk)
        if period.is_locked:
            _refuse(_("This period is locked: there is nothing left to remind about."), "locked")
        if not queries.expected_companies(period).filter(pk=company.pk).exists():
            _refuse(_("This company is not expected to report for this period."), "not_expected")
        if Report.objects.filter(period=period, company=company, status=Status.SUBMITTED).exists():
            _refuse(_("This company has already submitted its report."), "submitted")
        earlier = Reminder.objects.filter(period=period, company=company, kind=Kind.MANUAL).first()
        if earlier is not None:
            _refuse(
                _("A reminder about this period was already sent to this company on %(date)s."),
                "already_sent",
                params={"date": timezone.localtime(earlier.sent_at).date().isoformat()},
            )
        if not recipients_of(company):
            _refuse(_("Nobody at this company can receive mail: it has no members."), "nobody")
        reminder = _remind(
            period=period,
            company=company,
            kind=Kind.MANUAL,
            actor=actor,
            today=queries.park_today(period.park, now),
        )
        if reminder is None:  # sent at the same moment by another manager
            _refuse(
                _("A reminder about this period was already sent to this company."), "already_sent"
            )
    return reminder


def remind_all(*, actor, period: ReportingPeriod, now=None) -> int:
    """Remind every expected company that has not submitted and was not reminded by the
    park yet. Returns how many companies were reminded."""
    if not perms.can_manage_reporting(actor, period.park):
        raise PermissionDenied(_("Only the park's managers send reminders."))
    count = 0
    with transaction.atomic():
        period = _lock_period(period.pk)
        if period.is_locked:
            _refuse(_("This period is locked: there is nothing left to remind about."), "locked")
        today = queries.park_today(period.park, now)
        for company in _not_submitted(period).exclude(
            pk__in=Reminder.objects.filter(period=period, kind=Kind.MANUAL).values("company_id")
        ):
            if _remind(period=period, company=company, kind=Kind.MANUAL, actor=actor, today=today):
                count += 1
    return count


def _not_submitted(period: ReportingPeriod):
    submitted = Report.objects.filter(period=period, status=Status.SUBMITTED)
    return (
        queries.expected_companies(period)
        .exclude(pk__in=submitted.values("company_id"))
        .order_by("pk")
    )


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """The automatic reminders (``insights_tick``): for each open period of an active
    scheme, ``remind_days_before`` days before the due date and ``remind_days_after``
    days after it, each company expected to report that has not submitted gets one
    reminder of each kind (see :data:`REMINDER_WINDOW`). Returns how many were sent."""
    sent = 0
    schemes = ReportingScheme.objects.filter(is_active=True).select_related("park")
    for scheme in schemes:
        today = queries.park_today(scheme.park, now)
        periods = ReportingPeriod.objects.filter(
            park=scheme.park, status=ReportingPeriod.Status.OPEN
        ).select_related("park")
        for period in periods:
            for kind, days in (
                (Kind.DUE_SOON, scheme.remind_days_before),
                (Kind.OVERDUE, scheme.remind_days_after),
            ):
                if days is None:
                    continue
                if kind == Kind.DUE_SOON:
                    first = period.due_on - datetime.timedelta(days=days)
                    last = min(period.due_on, first + REMINDER_WINDOW)
                else:
                    first = period.due_on + datetime.timedelta(days=days)
                    last = first + REMINDER_WINDOW
                if not first <= today <= last:
                    continue
                done = Reminder.objects.filter(period=period, kind=kind).values("company_id")
                for company in _not_submitted(period).exclude(pk__in=done):
                    with transaction.atomic():
                        fresh = _lock_period(period.pk)
                        if fresh.is_locked:
                            break
                        submitted = Report.objects.filter(
                            period=period, company=company, status=Status.SUBMITTED
                        ).exists()
                        if not submitted and _remind(
                            period=period, company=company, kind=kind, actor=None, today=today
                        ):
                            sent += 1
    return sent


def tick(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What ``insights_tick`` does: open the periods that have ended, send the reminders
    that are due."""
    opened = 0
    for scheme in ReportingScheme.objects.filter(is_active=True).select_related("park"):
        opened += len(open_periods(park=scheme.park, now=now))
    return {"opened": opened, "reminded": send_due_reminders(now=now)}
