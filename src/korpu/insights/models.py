"""Resident reporting: what a park asks its resident companies to report, the periods the
reports are for, the reports and the reminders.

A technology development zone asks its residents for the same figures every month,
quarter or year (staff, R&D staff, revenue, exports, patents…). The figures come from a
fixed catalogue (:data:`INDICATORS`) with stable codes, so parks and years compare.

- :class:`ReportingScheme`: one per park: how often, which indicators, the currency of
  the money figures, when reports are due and when to remind.
- :class:`ReportingPeriod`: one month, quarter or year of a park (code ``2026-07``,
  ``2026-Q3`` or ``2026``), opened when it ends, with its due date and its own copy of
  the indicators and the currency (a later change of the scheme does not change what an
  open period asked for). A park manager locks it: every submitted report is then
  frozen (:attr:`Report.snapshot`) and reads of a locked period use that frozen copy.
- :class:`Report`: a company's figures for a period, one column per indicator; a draft
  until submitted.
- :class:`Reminder`: a reminder mailed to a company about a period; each kind at most
  once per period and company.

Workflows (saving, submitting, locking, reminding) are in :mod:`korpu.insights.reporting`.

- :class:`YearlyReport`: a partnership's yearly report as a PDF, built by a task
  (:mod:`korpu.insights.yearly_report`) whose progress its page shows.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.directory.models import Organisation, Park, Partnership

from . import rules as perms

MONEY_DIGITS = 16
MONEY_PLACES = 2
MAX_MONEY = Decimal(10 ** (MONEY_DIGITS - MONEY_PLACES)) - Decimal("0.01")
MAX_COUNT = 2_000_000_000


# --- the catalogue --------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    """One figure residents may be asked for.

    ``money`` figures are amounts in the period's currency, the others whole numbers.
    ``stock`` figures are a level at the end of the period (a headcount): over a year
    they are read at the latest period, not added up. ``part_of`` names the figure this
    one is a part of and may not exceed.
    """

    code: str
    label: Promise
    help_text: Promise
    money: bool = False
    stock: bool = False
    part_of: str = ""

    def zero(self) -> Decimal | int:
        return Decimal("0.00") if self.money else 0

    def parse(self, raw) -> Decimal | int | None:
        """A stored value (a column or a snapshot's JSON) as a number."""
        if raw is None or raw == "":
            return None
        return Decimal(str(raw)).quantize(Decimal("0.01")) if self.money else int(raw)

    def dump(self, value) -> str | int | None:
        """A value for JSON: money as a string with two decimals, counts as integers."""
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal("0.01"))) if self.money else int(value)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "staff",
        _("Staff"),
        _("People employed by the company in the park on the last day of the period."),
        stock=True,
    ),
    Indicator(
        "rd_staff",
        _("R&D staff"),
        _("Of the staff, the people working on research and development."),
        stock=True,
        part_of="staff",
    ),
    Indicator(
        "software_staff",
        _("Software staff"),
        _("Of the staff, the people developing software."),
        stock=True,
        part_of="staff",
    ),
    Indicator(
        "revenue",
        _("Revenue"),
        _("Net sales in the period (without VAT)."),
        money=True,
    ),
    Indicator(
        "rd_revenue",
        _("R&D revenue"),
        _("Of the revenue, the income from R&D, software and design work done in the park."),
        money=True,
        part_of="revenue",
    ),
    Indicator(
        "exports",
        pgettext_lazy("sales to customers abroad", "Exports"),
        _("Of the revenue, the sales to customers abroad."),
        money=True,
        part_of="revenue",
    ),
    Indicator(
        "patents_applied",
        _("Patent applications"),
        _("Patent applications filed in the period, at home or abroad."),
    ),
    Indicator(
        "patents_granted",
        _("Patents granted"),
        _("Patents granted to the company in the period."),
    ),
    Indicator(
        "utility_models",
        _("Utility models"),
        _("Utility model registrations received in the period."),
    ),
    Indicator(
        "trademarks",
        _("Trademarks"),
        _("Trademark registrations received in the period."),
    ),
    Indicator(
        "investment_received",
        _("Investment received"),
        _("Equity investment, grants and loans for R&D received in the period."),
        money=True,
    ),
)
BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}
CODES: tuple[str, ...] = tuple(BY_CODE)


def indicator_choices() -> list[tuple[str, Promise]]:
    return [(indicator.code, indicator.label) for indicator in INDICATORS]


def in_catalogue_order(codes) -> list[str]:
    wanted = set(codes)
    return [code for code in CODES if code in wanted]


# --- periods -----------------------------------------------------------------------------------
class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


def period_bounds(frequency: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month, quarter or year that contains ``day``."""
    if frequency == Frequency.MONTHLY:
        first_month = last_month = day.month
    elif frequency == Frequency.QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    else:
        first_month, last_month = 1, 12
    last_day = calendar.monthrange(day.year, last_month)[1]
    return (
        datetime.date(day.year, first_month, 1),
        datetime.date(day.year, last_month, last_day),
    )


def period_code(frequency: str, start: datetime.date) -> str:
    """``2026-07`` (month), ``2026-Q3`` (quarter) or ``2026`` (year)."""
    if frequency == Frequency.MONTHLY:
        return f"{start.year}-{start.month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}"


class Currency(models.TextChoices):
    AZN = "AZN", "AZN"
    TRY = "TRY", "TRY"
    EUR = "EUR", "EUR"
    USD = "USD", "USD"


def default_currency(country: str) -> str:
    return {"AZ": Currency.AZN, "TR": Currency.TRY}.get(country, Currency.EUR)


# --- the models -------------------------------------------------------------------------------
class ReportingScheme(RulesModel):
    """What a park asks its residents to report, and how often."""

    park = models.OneToOneField(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="reporting_scheme"
    )
    frequency = models.CharField(
        _("reporting period"), max_length=10, choices=Frequency, default=Frequency.QUARTERLY
    )
    indicators = models.JSONField(
        _("indicators"), default=list, help_text=_("Codes from the catalogue, in its order.")
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency,
        help_text=_("Money figures are reported in this currency."),
    )
    starts_on = models.DateField(
        _("reporting starts"),
        help_text=_("The first period is the one that contains this day."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to report"),
        default=30,
        validators=[MaxValueValidator(180)],
        help_text=_("A period's report is due this many days after the period ends."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder before the due date (days)"),
        null=True,
        blank=True,
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("Leave empty to send no reminder before the due date."),
    )
    remind_days_after = models.PositiveSmallIntegerField(
        _("reminder after the due date (days)"),
        null=True,
        blank=True,
        default=3,
        validators=[MaxValueValidator(90)],
        help_text=_("Leave empty to send no reminder about a late report."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A paused scheme opens no new periods and sends no reminders."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporting scheme")
        verbose_name_plural = _("reporting schemes")
        ordering = ["park__name"]
        rules_permissions = {
            "view": perms.can_manage_reporting,
            "change": perms.can_manage_reporting,
        }

    def __str__(self) -> str:
        return gettext("Resident reporting of %(park)s") % {"park": self.park}

    @property
    def indicator_list(self) -> list[Indicator]:
        return [BY_CODE[code] for code in in_catalogue_order(self.indicators)]

    def clean(self):
        super().clean()
        codes = self.indicators if isinstance(self.indicators, list) else None
        if not codes or any(code not in BY_CODE for code in codes):
            raise ValidationError(
                {
                    "indicators": _("Choose at least one indicator, by its code: %(codes)s.")
                    % {"codes": ", ".join(CODES)}
                }
            )
        self.indicators = in_catalogue_order(codes)


class ReportingPeriod(RulesModel):
    """One month, quarter or year a park's residents report for."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        LOCKED = "locked", _("locked")

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="reporting_periods"
    )
    code = models.CharField(_("period"), max_length=10)
    frequency = models.CharField(_("reporting period"), max_length=10, choices=Frequency)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    due_on = models.DateField(_("due on"))
    indicators = models.JSONField(_("indicators"), default=list)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.OPEN, db_index=True
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Written when the period is locked: {"taken_at": ISO time, "indicators": [codes],
    # "expected": n, "not_reported": [{"id": company id, "name": {language: name},
    # "draft": whether it had a draft}, ...]}.
    snapshot = models.JSONField(_("frozen at locking"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["park", "-starts_on"]
        rules_permissions = {"view": perms.can_view_period, "change": perms.can_lock_period}
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="insights_period_code_per_park"),
            models.UniqueConstraint(
                fields=["park", "starts_on"], name="insights_period_start_per_park"
            ),
            models.CheckConstraint(
                name="insights_period_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(
                name="insights_period_due_after_end", condition=Q(due_on__gte=F("ends_on"))
            ),
            models.CheckConstraint(
                name="insights_period_locked_has_time",
                condition=Q(status="open", locked_at__isnull=True)
                | Q(status="locked", locked_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.park} · {self.code}"

    @property
    def label(self) -> str:
        """The period in the active language: “July 2026”, “Q3 2026”, “2026”."""
        if self.frequency == Frequency.MONTHLY:
            return date_format(self.starts_on, "YEAR_MONTH_FORMAT")
        if self.frequency == Frequency.QUARTERLY:
            return gettext("Q%(quarter)s %(year)s") % {
                "quarter": (self.starts_on.month - 1) // 3 + 1,
                "year": self.starts_on.year,
            }
        return str(self.starts_on.year)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    @property
    def indicator_codes(self) -> list[str]:
        """The codes the period asks for (those frozen at locking once it is locked)."""
        if self.snapshot is not None and "indicators" in self.snapshot:
            return in_catalogue_order(self.snapshot["indicators"])
        return in_catalogue_order(self.indicators)

    @property
    def indicator_list(self) -> list[Indicator]:
        return [BY_CODE[code] for code in self.indicator_codes]


def _money_field(indicator: Indicator) -> models.DecimalField:
    return models.DecimalField(
        indicator.label,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def _count_field(indicator: Indicator) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        indicator.label, null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )


def _not_more_than(part: str, whole: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=f"insights_report_{part}_within_{whole}",
        condition=Q(**{f"{part}__isnull": True})
        | Q(**{f"{whole}__isnull": True})
        | Q(**{f"{part}__lte": F(whole)}),
    )


class Report(RulesModel):
    """A company's figures for one period of a park (columns named by indicator code)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="reports"
    )
    # PROTECT: a park keeps its residents' reports (they are statutory records).
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="resident_reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )

    staff = _count_field(BY_CODE["staff"])
    rd_staff = _count_field(BY_CODE["rd_staff"])
    software_staff = _count_field(BY_CODE["software_staff"])
    revenue = _money_field(BY_CODE["revenue"])
    rd_revenue = _money_field(BY_CODE["rd_revenue"])
    exports = _money_field(BY_CODE["exports"])
    patents_applied = _count_field(BY_CODE["patents_applied"])
    patents_granted = _count_field(BY_CODE["patents_granted"])
    utility_models = _count_field(BY_CODE["utility_models"])
    trademarks = _count_field(BY_CODE["trademarks"])
    investment_received = _money_field(BY_CODE["investment_received"])

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Written when the period is locked: {"taken_at": ISO time, "submitted_at": ISO time,
    # "company": name then, "currency": "TRY", "values": {code: "12.50" | 3 | None}}.
    # Reads of a locked period use it, so later edits change nothing in them.
    snapshot = models.JSONField(_("frozen at locking"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident report")
        verbose_name_plural = _("resident reports")
        ordering = ["period", "company__name"]
        rules_permissions = {"view": perms.can_view_report, "change": perms.can_change_report}
        constraints = [
            models.UniqueConstraint(
                fields=["period", "company"], name="insights_one_report_per_period"
            ),
            models.CheckConstraint(
                name="insights_report_submitted_has_time",
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
            ),
            *(
                models.CheckConstraint(
                    name=f"insights_report_{indicator.code}_not_negative",
                    condition=Q(**{f"{indicator.code}__isnull": True})
                    | Q(**{f"{indicator.code}__gte": 0}),
                )
                for indicator in INDICATORS
                if indicator.money
            ),
            *(
                _not_more_than(indicator.code, indicator.part_of)
                for indicator in INDICATORS
                if indicator.part_of
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.period.code}"

    def live_values(self) -> dict[str, Decimal | int | None]:
        """The figures as they are now, for the period's indicators."""
        return {code: getattr(self, code) for code in self.period.indicator_codes}

    def values(self) -> dict[str, Decimal | int | None]:
        """The figures to read: the frozen copy once the period is locked."""
        if self.snapshot is not None:
            return {
                code: BY_CODE[code].parse(raw)
                for code, raw in self.snapshot.get("values", {}).items()
                if code in BY_CODE
            }
        return self.live_values()


class Reminder(models.Model):
    """A reminder mailed to a company's people about a period's report."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("before the due date")
        OVERDUE = "overdue", _("after the due date")
        MANUAL = "manual", _("sent by the park")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    company = models.ForeignKey(
        Organisation, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "company", "kind"], name="insights_one_reminder_of_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.period.code} · {self.get_kind_display()}"


# --- yearly partnership reports ----------------------------------------------------------------
def yearly_report_path(instance, filename: str) -> str:
    # Under MEDIA_ROOT, outside the web root: served only by the permission-checked view.
    return (
        f"insights/yearly-reports/{instance.partnership_id}/"
        f"{timezone.now():%Y%m%d%H%M%S}-{filename}"
    )


class YearlyReport(models.Model):
    """A partnership's yearly report as a PDF, in one language, built by the task worker
    while the people who asked for it watch its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="yearly_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.QUEUED, db_index=True
    )
    progress = models.FloatField(_("progress"), default=0.0)
    # A key of PROGRESS_PHASES, shown in the viewer's language.
    progress_message = models.CharField(_("progress"), max_length=40, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=yearly_report_path, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="insights_yearly_report_progress_0_to_1",
                condition=Q(progress__gte=0) & Q(progress__lte=1),
            ),
            models.CheckConstraint(
                name="insights_yearly_report_plausible_year",
                condition=Q(year__gte=1900) & Q(year__lte=9999),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.year} · {self.language} · {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(round((self.progress or 0) * 100))

    @property
    def progress_text(self) -> str:
        """What the task is doing, in the viewer's language (stored as the phase's key)."""
        return str(YEARLY_REPORT_PHASES.get(self.progress_message, self.progress_message))

    @property
    def filename(self) -> str:
        """The name the PDF is downloaded under, e.g. ``az-tr-2020-report-2025-az.pdf``."""
        return f"{self.partnership.slug}-report-{self.year}-{self.language}.pdf"

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


# The phases a yearly report goes through, stored by key and shown in the viewer's language.
YEARLY_REPORT_PHASES = {
    "history": _("Computing the indicators over the years…"),
    "year": _("Computing the figures of the year…"),
    "cover": _("Writing the cover and the summary…"),
    "commitments": _("Writing the commitments…"),
    "charts": _("Drawing the charts…"),
    "indicators": _("Writing the table of all indicators…"),
    "saving": _("Saving the PDF…"),
    "done": _("Done"),
}
