"""Usage and cost reports of the park's resources, for facility managers and projects.

What counts
    A booking counts in the month (local time of the park) in which it starts. Approved
    bookings are *held*: their booked hours and their cost count. Bookings released
    because nobody checked in are counted as no-shows (neither hours nor cost); pending,
    declined and cancelled bookings do not count. A booking of a linked resource (the
    room an instrument stands in) is a booking of that resource: it counts for the room,
    and for the company and project it is charged to, so every table adds up to the same
    totals (hours are resource-hours).

Used hours
    From the usage log: check-in to check-out (to the booked end when nobody checked
    out, to now while it runs). A linked booking is used when the booking it was made
    with was checked in.

Cost
    What the booking's price rule says (:attr:`Booking.cost`: price per hour of the
    booker's category × booked hours); free bookings cost nothing. Costs are kept per
    currency and never added across currencies.

Utilisation of a resource
    Booked hours ÷ (open hours × capacity) in the period, where open hours are the
    opening hours of each day (``services.opening_window``) minus maintenance windows
    and closures of the resource or of its whole facility. Used share likewise with the
    used hours.

Exports (CSV and XLSX, through the events module's download helper) and the rows they
are written from are here too; the pages draw the charts with :mod:`korpu.common.charts`.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.numbers import format_percent
from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from korpu.common.charts import percent_text
from korpu.events.exports import FORMATS, csv_stream, download, xlsx_file

from . import services
from .models import Booking, Closure, Facility, Project, Resource

__all__ = [
    "FORMATS",
    "csv_stream",
    "download",
    "xlsx_file",
    "facility_usage",
    "resource_usage",
    "project_usage",
    "monthly_usage",
    "report_rows",
]

UTC = datetime.UTC
COUNTED = (Booking.Status.APPROVED, Booking.Status.NO_SHOW)
HOUR = Decimal(3600)
CENT = Decimal("0.01")
# What the figures read of a booking (a year of a busy lab is thousands of rows).
FIGURE_FIELDS = (
    "status",
    "starts_at",
    "ends_at",
    "hourly_price",
    "currency",
    "checked_in_at",
    "checked_out_at",
    "resource",
    "resource__currency",
    "linked_to",
    "linked_to__checked_in_at",
    "linked_to__checked_out_at",
)
# Months a report may show: from this year to next year.
FIRST_YEAR = 2000
EXPORTS = ("companies", "projects", "resources", "bookings")


# --- months --------------------------------------------------------------------------------------
def zone_of_facility(facility: Facility) -> ZoneInfo:
    return ZoneInfo(facility.park.time_zone or settings.TIME_ZONE)


def current_month(zone: ZoneInfo) -> datetime.date:
    return timezone.localdate(timezone=zone).replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str | None) -> datetime.date | None:
    """``2025-03`` → 1 March 2025; anything else → None."""
    try:
        year, month = (text or "").strip().split("-")
        value = datetime.date(int(year), int(month), 1)
    except ValueError:
        return None
    return value


def month_in_range(month: datetime.date, zone: ZoneInfo) -> bool:
    return FIRST_YEAR <= month.year <= current_month(zone).year + 1


def month_bounds(
    month: datetime.date, zone: ZoneInfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """The month's first and the next month's first local midnight, in UTC (times are
    subtracted in UTC: two times of one zone subtract as wall-clock times in Python, which
    is wrong across a daylight-saving change)."""
    start = datetime.datetime.combine(month, datetime.time(0), zone)
    end = datetime.datetime.combine(add_months(month, 1), datetime.time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def share_text(value: float | None) -> str:
    """A share as a percentage with one decimal, written the way the active language
    writes percentages (1.5% in English, %1,5 in Turkish); a dash when there is none."""
    if value is None:
        return "—"
    language = (translation.get_language() or "en").split("-")[0]
    try:
        locale = Locale.parse(language)
        pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
        return format_percent(value, format=pattern, locale=locale)
    except (ValueError, LookupError, UnknownLocaleError):
        return percent_text(value)


# --- figures -------------------------------------------------------------------------------------
def hours(seconds: float) -> Decimal:
    return (Decimal(round(seconds)) / HOUR).quantize(CENT)


@dataclass
class Usage:
    """The figures of a group of bookings (a company, a project, a resource, a month)."""

    label: str = ""
    obj: object = None
    country: str = ""
    bookings: int = 0
    no_shows: int = 0
    booked_seconds: int = 0
    used_seconds: int = 0
    costs: dict = field(default_factory=dict)  # currency → Decimal
    cost_values: list = field(default_factory=list)  # in the report's currency order

    def add(self, booking: Booking, used_seconds: int) -> None:
        if booking.status == Booking.Status.NO_SHOW:
            self.no_shows += 1
            return
        self.bookings += 1
        self.booked_seconds += int((booking.ends_at - booking.starts_at).total_seconds())
        self.used_seconds += used_seconds
        cost = booking.cost
        if cost is not None:
            currency = booking.currency or booking.resource.currency
            self.costs[currency] = self.costs.get(currency, Decimal(0)) + cost

    @property
    def booked_hours(self) -> Decimal:
        return hours(self.booked_seconds)

    @property
    def used_hours(self) -> Decimal:
        return hours(self.used_seconds)

    def order_costs(self, currencies: list[str]) -> None:
        self.cost_values = [self.costs.get(currency) for currency in currencies]


@dataclass
class ResourceUsage(Usage):
    capacity: int = 1
    open_seconds: int = 0

    @property
    def open_hours(self) -> Decimal:
        return hours(self.open_seconds)

    @property
    def utilisation(self) -> float | None:
        """Booked share of the open capacity (None when it was never open)."""
        room = self.open_seconds * self.capacity
        return self.booked_seconds / room if room else None

    @property
    def used_share(self) -> float | None:
        room = self.open_seconds * self.capacity
        return self.used_seconds / room if room else None

    @property
    def utilisation_text(self) -> str:
        return share_text(self.utilisation)

    @property
    def used_share_text(self) -> str:
        return share_text(self.used_share)


def used_seconds(booking: Booking, now: datetime.datetime) -> int:
    """Seconds of use the log shows for a booking (its main booking's log for a linked
    one): check-in to check-out, or to the booked end (to now while it runs)."""
    log = booking.linked_to if booking.linked_to_id else booking
    if log.checked_in_at is None or booking.status != Booking.Status.APPROVED:
        return 0
    end = log.checked_out_at or min(booking.ends_at, max(now, log.checked_in_at))
    begin = log.checked_in_at
    if booking.linked_to_id:  # the linked resource is used within its own booked time
        begin, end = max(begin, booking.starts_at), min(end, booking.ends_at)
    return max(0, int((end - begin).total_seconds()))


# --- open hours --------------------------------------------------------------------------------
def _merge(intervals):
    merged = []
    for begin, end in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return merged


def _closures(resources, start, end) -> dict[int, list]:
    """Closure intervals per resource (its own and its facility's) overlapping the period."""
    resources = list(resources)
    rows = Closure.objects.filter(
        Q(resource__in=resources)
        | Q(resource__isnull=True, facility__in={r.facility_id for r in resources}),
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("facility_id", "resource_id", "starts_at", "ends_at")
    result = {resource.pk: [] for resource in resources}
    for facility_id, resource_id, begin, finish in rows:
        for resource in resources:
            if resource_id == resource.pk or (
                resource_id is None and facility_id == resource.facility_id
            ):
                result[resource.pk].append((begin, finish))
    return result


def open_seconds(resource: Resource, start, end, closures) -> int:
    """Seconds the resource was open for booking in [start, end): the opening hours of
    each local day, minus the closures (merged; an overlap is subtracted once)."""
    zone = services.zone_of(resource)
    first = timezone.localtime(start, zone).date() - datetime.timedelta(days=1)
    last = timezone.localtime(end, zone).date()
    blocked = _merge(closures)
    total = 0
    day = first
    while day <= last:
        window = services.opening_window(resource, day)
        day += datetime.timedelta(days=1)
        if window is None:
            continue
        begin = max(window[0].astimezone(UTC), start.astimezone(UTC))
        finish = min(window[1].astimezone(UTC), end.astimezone(UTC))
        if begin >= finish:
            continue
        seconds = (finish - begin).total_seconds()
        for closed_from, closed_until in blocked:
            overlap = (min(finish, closed_until) - max(begin, closed_from)).total_seconds()
            if overlap > 0:
                seconds -= overlap
        total += max(0, int(seconds))
    return total


# --- the reports ---------------------------------------------------------------------------------
@dataclass
class UsageReport:
    """A month's usage of a facility's resources (or of one resource)."""

    facility: Facility
    month: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    zone: ZoneInfo
    companies: list[Usage]
    projects: list[Usage]
    resources: list[ResourceUsage]
    totals: Usage
    currencies: list[str]
    bookings: list[Booking] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def open_seconds(self) -> int:
        return sum(row.open_seconds * row.capacity for row in self.resources)

    @property
    def utilisation(self) -> float | None:
        room = self.open_seconds
        return self.totals.booked_seconds / room if room else None

    @property
    def utilisation_text(self) -> str:
        return share_text(self.utilisation)


def _counted_bookings(resources, start, end):
    return (
        Booking.objects.filter(
            resource__in=resources, status__in=COUNTED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("resource", "organisation", "project__lead", "person", "linked_to")
        .order_by("starts_at", "pk")
    )


def _sorted(groups: dict) -> list[Usage]:
    named = sorted(
        (row for key, row in groups.items() if key is not None),
        key=lambda row: str(row.label).casefold(),
    )
    return named + ([groups[None]] if None in groups else [])


def _report(facility: Facility, resources: list[Resource], month: datetime.date) -> UsageReport:
    zone = zone_of_facility(facility)
    start, end = month_bounds(month, zone)
    now = timezone.now()
    closures = _closures(resources, start, end)
    by_resource = {
        resource.pk: ResourceUsage(
            label=str(resource),
            obj=resource,
            capacity=resource.capacity,
            open_seconds=open_seconds(resource, start, end, closures[resource.pk]),
        )
        for resource in resources
    }
    companies, projects, totals = {}, {}, Usage(label=_("Total"))
    bookings = list(_counted_bookings(resources, start, end))
    for booking in bookings:
        used = used_seconds(booking, now)
        organisation, project = booking.organisation, booking.project
        if organisation is None:
            company = companies.setdefault(None, Usage(label=_("not charged to a company")))
        else:
            company = companies.setdefault(
                organisation.pk,
                Usage(label=organisation.name, obj=organisation, country=organisation.country),
            )
        if project is None:
            project_row = projects.setdefault(None, Usage(label=_("not charged to a project")))
        else:
            project_row = projects.setdefault(project.pk, Usage(label=str(project), obj=project))
        for row in (by_resource[booking.resource_id], company, project_row, totals):
            row.add(booking, used)
    currencies = sorted(totals.costs)
    report = UsageReport(
        facility=facility,
        month=month,
        starts_at=start,
        ends_at=end,
        zone=zone,
        companies=_sorted(companies),
        projects=_sorted(projects),
        resources=list(by_resource.values()),
        totals=totals,
        currencies=currencies,
        bookings=bookings,
    )
    for row in [*report.companies, *report.projects, *report.resources, totals]:
        row.order_costs(currencies)
    return report


def facility_usage(facility: Facility, *, month: datetime.date) -> UsageReport:
    """A month's usage of every resource of the facility, per company, per project and
    per resource."""
    resources = list(facility.resources.select_related("facility__park").order_by("name", "pk"))
    return _report(facility, resources, month.replace(day=1))


def resource_usage(resource: Resource, *, month: datetime.date) -> UsageReport:
    """A month's usage of one resource (its bookings listed in ``report.bookings``)."""
    return _report(resource.facility, [resource], month.replace(day=1))


@dataclass
class MonthUsage:
    month: datetime.date
    usage: ResourceUsage

    @property
    def label(self) -> str:
        return formats.date_format(self.month, "YEAR_MONTH_FORMAT")


def monthly_usage(
    facility: Facility, *, last: datetime.date, months: int = 12, resource=None
) -> list[MonthUsage]:
    """Booked and used hours and utilisation per month for the ``months`` months ending
    with ``last`` (of the facility's resources, or of one resource). One query for the
    bookings, one for the closures."""
    zone = zone_of_facility(facility)
    resources = (
        [resource]
        if resource is not None
        else list(facility.resources.select_related("facility__park").order_by("pk"))
    )
    first = add_months(last.replace(day=1), -(months - 1))
    start, _end = month_bounds(first, zone)
    _start, end = month_bounds(last.replace(day=1), zone)
    now = timezone.now()
    rows = []
    index = {}
    closures = _closures(resources, start, end)
    for number in range(months):
        month = add_months(first, number)
        begin, finish = month_bounds(month, zone)
        usage = ResourceUsage(label=month_label(month), capacity=1)
        usage.open_seconds = sum(
            open_seconds(item, begin, finish, closures[item.pk]) * item.capacity
            for item in resources
        )
        index[(month.year, month.month)] = usage
        rows.append(MonthUsage(month=month, usage=usage))
    bookings = (
        _counted_bookings(resources, start, end)
        .select_related(None)
        .select_related("resource", "linked_to")
        .only(*FIGURE_FIELDS)
    )
    for booking in bookings:
        moment = timezone.localtime(booking.starts_at, zone)
        index[(moment.year, moment.month)].add(booking, used_seconds(booking, now))
    return rows


# --- a project's bookings ----------------------------------------------------------------------
@dataclass
class ProjectUsage:
    totals: Usage
    resources: list[Usage]
    currencies: list[str]
    recent: list[Booking]
    upcoming: int


def project_usage(project: Project, *, recent: int = 20) -> ProjectUsage:
    """The bookings charged to a project: totals and per resource (every month so far),
    the latest ``recent`` bookings of any status, and how many approved ones are to come."""
    now = timezone.now()
    totals = Usage(label=_("Total"))
    per_resource = {}
    counted = (
        Booking.objects.filter(project=project, status__in=COUNTED, starts_at__lte=now)
        .select_related("resource", "linked_to")
        .order_by("starts_at", "pk")
    )
    for booking in counted:
        row = per_resource.setdefault(
            booking.resource_id, Usage(label=str(booking.resource), obj=booking.resource)
        )
        used = used_seconds(booking, now)
        row.add(booking, used)
        totals.add(booking, used)
    currencies = sorted(totals.costs)
    rows = sorted(per_resource.values(), key=lambda row: str(row.label).casefold())
    for row in [*rows, totals]:
        row.order_costs(currencies)
    latest = list(
        Booking.objects.filter(project=project)
        .select_related("resource", "person", "organisation")
        .order_by("-starts_at", "-pk")[:recent]
    )
    upcoming = Booking.objects.filter(
        project=project, status__in=Booking.HOLDING, starts_at__gt=now
    ).count()
    return ProjectUsage(
        totals=totals, resources=rows, currencies=currencies, recent=latest, upcoming=upcoming
    )


# --- export rows ---------------------------------------------------------------------------------
def _share(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _cost_headings(currencies) -> list[str]:
    return [_("Cost (%(currency)s)") % {"currency": currency} for currency in currencies]


def _figures(row: Usage) -> list:
    return [row.bookings, row.booked_hours, row.used_hours, row.no_shows, *row.cost_values]


def _figure_headings(currencies) -> list[str]:
    return [
        _("Bookings"),
        _("Booked hours"),
        _("Used hours"),
        _("No-shows"),
        *_cost_headings(currencies),
    ]


def _local(value, zone):
    if value is None:
        return None
    return timezone.localtime(value, zone).replace(tzinfo=None, microsecond=0)


def company_rows(report: UsageReport) -> Iterator[list]:
    yield [_("Company"), _("Country"), *_figure_headings(report.currencies)]
    for row in report.companies:
        yield [str(row.label), row.country, *_figures(row)]
    yield [_("Total"), "", *_figures(report.totals)]


def project_rows(report: UsageReport) -> Iterator[list]:
    yield [_("Project"), _("Lead organisation"), *_figure_headings(report.currencies)]
    for row in report.projects:
        lead = row.obj.lead.name if row.obj is not None else ""
        yield [str(row.label), lead, *_figures(row)]
    yield [_("Total"), "", *_figures(report.totals)]


def resource_rows(report: UsageReport) -> Iterator[list]:
    yield [
        _("Resource"),
        _("Capacity"),
        _("Open hours"),
        _("Booked hours"),
        _("Utilisation (%)"),
        _("Used hours"),
        _("Used (%)"),
        _("Bookings"),
        _("No-shows"),
        *_cost_headings(report.currencies),
    ]
    for row in report.resources:
        yield [
            str(row.label),
            row.capacity,
            row.open_hours,
            row.booked_hours,
            _share(row.utilisation),
            row.used_hours,
            _share(row.used_share),
            row.bookings,
            row.no_shows,
            *row.cost_values,
        ]


def booking_rows(report: UsageReport) -> Iterator[list]:
    zone_name = str(report.zone)
    yield [
        _("Booking"),
        _("Resource"),
        _("Starts (%(zone)s)") % {"zone": zone_name},
        _("Ends (%(zone)s)") % {"zone": zone_name},
        _("Status"),
        _("Booked by"),
        _("Company"),
        _("Project"),
        _("Booked hours"),
        _("Checked in"),
        _("Checked out"),
        _("Used hours"),
        _("Price category"),
        _("Price per hour"),
        _("Cost"),
        _("Currency"),
    ]
    now = timezone.now()
    for booking in report.bookings:
        counted = booking.status == Booking.Status.APPROVED
        log = booking.linked_to if booking.linked_to_id else booking
        yield [
            booking.pk,
            str(booking.resource),
            _local(booking.starts_at, report.zone),
            _local(booking.ends_at, report.zone),
            booking.get_status_display(),
            booking.person.full_name,
            booking.organisation.name if booking.organisation_id else "",
            str(booking.project) if booking.project_id else "",
            hours((booking.ends_at - booking.starts_at).total_seconds()) if counted else None,
            _local(log.checked_in_at, report.zone),
            _local(log.checked_out_at, report.zone),
            hours(used_seconds(booking, now)) if counted else None,
            booking.get_price_category_display(),
            booking.hourly_price,
            booking.cost if counted else None,
            booking.currency,
        ]


ROWS = {
    "companies": company_rows,
    "projects": project_rows,
    "resources": resource_rows,
    "bookings": booking_rows,
}


def report_rows(report: UsageReport, what: str, *, language: str) -> list[list]:
    """The rows of one table of the report, headings in ``language``."""
    with translation.override(language):
        return list(ROWS[what](report))


def export_name(report: UsageReport, what: str, fmt: str, *, resource=None) -> str:
    base = resource.slug if resource is not None else report.facility.slug
    return f"{base}-usage-{report.month:%Y-%m}-{what}.{fmt}"
