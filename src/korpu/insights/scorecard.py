"""The technopark scorecard: parks compared across years on the dimensions of a technology
development zone performance index, from the residents' reports and the platform's data.

**Figures** (:data:`FIGURES`) are the raw numbers of a park in a calendar year:

- from the residents' reports (:mod:`korpu.insights.queries` rules: submitted reports
  count, locked periods with their frozen copies, headcounts at the latest report of the
  year, flows added up): staff, R&D staff, revenue, R&D revenue, exports, patents,
  utility models, trademarks, investment received, and the number of companies whose
  reports count (``reporting_companies``);
- from the platform: resident companies (resident at some time of the year), new
  residents, graduates, graduates of the three previous years and those of them still
  operating, and the records of companies while they were resident in the park
  (technology profiles published, expressions of interest received on them, deals
  signed, brokerage meetings held and those with a participant from another country),
  the park's R&D and production projects started (with a university or research
  institute among the partners, with a partner from another country) and its lab hours.

**Indicators** (:data:`INDICATORS`) turn the figures into intensities, so a park of 30
companies and one of 300, or a park reporting in liras and one in manats, compare: a
share (R&D revenue as a percentage of revenue) or a rate per company. Money is only ever
divided by money of the same park and year, so no currency conversion is needed.

**Scores.** Each indicator is scored 0–100 against the best value in the comparison set
(the parks × years shown): ``score = 100 × value / best``. The best scores 100, a park
with none of it 0, and a park half as intense as the best 50. (Dividing by the best
rather than stretching between the lowest and the highest keeps differences in
proportion, and adding a weak park to the comparison does not change the others'
scores.) When every value is 0, every score is 0. A dimension's score is the mean of its
indicators' scores, the overall score the weighted mean of the dimensions' scores
(:data:`DIMENSIONS` with their weights, which add up to 100).

**Missing data** is never a zero. An indicator has no value (``None``, "no data") when
its figures are missing: a park without a reporting scheme, a year without periods or
without any counted report, an indicator the park does not ask for, a share of a revenue
of 0, a rate per resident in a year without residents, a share of projects in a year
without projects. Values missing are left out of the best, of the dimension's mean and
(a dimension without any value) of the overall score, whose weights are then those of
the dimensions that have a score; the page says how many dimensions an overall covers.

**Who sees what** (:func:`access_for`): staff and the admins of an innovation agency see
every park with its figures. A park's managers compare their parks with the public parks:
their own parks in full, the other parks' dimension and overall scores only (neither the
figures nor the indicators' values and scores, nor which park holds the best value of an
indicator). Anyone else sees nothing: the scorecard ranks parks on their residents'
confidential figures.

Queries: a fixed number (fifteen) whatever the number of parks, years, companies or
records; the figures are grouped in the database or read as a few columns per row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, NullIf, TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from korpu.common.i18n import translated_order
from korpu.directory.models import Organisation, Park, Partnership, Residency
from korpu.directory.rules import (
    MANAGING_ROLES,
    is_agency_admin,
    is_signed_in,
    organisation_ids_of,
)
from korpu.facilities.models import Booking, Project
from korpu.matchmaking.models import Meeting, MeetingFeedback, Participation
from korpu.transfer.models import Deal, ExpressionOfInterest
from korpu.transfer.models import Profile as TechnologyProfile

from .models import BY_CODE, CODES, Report, ReportingPeriod, ReportingScheme, in_catalogue_order

MAX_YEARS = 10
FIRST_YEAR = 1990
COHORT_YEARS = 3  # graduates of this many previous years make the survival cohort
RESIDENT_STATUSES = (Residency.Status.ACTIVE, Residency.Status.GRADUATED, Residency.Status.LEFT)
UNIVERSITY_KINDS = (Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE)
PUBLISHED_ONCE = (
    TechnologyProfile.Status.PUBLISHED,
    TechnologyProfile.Status.EXPIRED,
    TechnologyProfile.Status.ARCHIVED,
)

FULL = "full"  # figures, indicators and scores
SCORES = "scores"  # dimension and overall scores only


# --- the catalogue ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    source: str  # "reports" or "platform"
    money: bool = False


FIGURES: tuple[Figure, ...] = (
    Figure("reporting_companies", gettext_lazy("Companies reporting"), "reports"),
    *(
        Figure(indicator.code, indicator.label, "reports", money=indicator.money)
        for indicator in BY_CODE.values()
    ),
    Figure("residents", gettext_lazy("Resident companies"), "platform"),
    Figure("new_residents", gettext_lazy("New residents"), "platform"),
    Figure("graduates", gettext_lazy("Companies graduated"), "platform"),
    Figure(
        "graduate_cohort",
        gettext_lazy("Graduates of the three previous years"),
        "platform",
    ),
    Figure(
        "graduates_operating",
        gettext_lazy("Of them, still operating"),
        "platform",
    ),
    Figure("lab_hours", gettext_lazy("Lab hours booked"), "platform"),
    Figure("projects", gettext_lazy("R&D and production projects started"), "platform"),
    Figure(
        "projects_university",
        gettext_lazy("Projects with a university or research institute"),
        "platform",
    ),
    Figure(
        "projects_international",
        gettext_lazy("Projects with a partner from another country"),
        "platform",
    ),
    Figure("profiles", gettext_lazy("Technology profiles published by residents"), "platform"),
    Figure("interests", gettext_lazy("Expressions of interest in residents' profiles"), "platform"),
    Figure("deals", gettext_lazy("Technology-transfer deals signed by residents"), "platform"),
    Figure("meetings", gettext_lazy("Brokerage meetings held by residents"), "platform"),
    Figure(
        "meetings_international",
        gettext_lazy("Of them, with a participant from another country"),
        "platform",
    ),
)
FIGURES_BY_CODE = {figure.code: figure for figure in FIGURES}
REPORT_FIGURES = ("reporting_companies", *CODES)


@dataclass(frozen=True)
class Indicator:
    """``numerator`` figures (added up: those given; none given is no value) divided by
    the ``denominator`` figure, times ``factor`` (100 for a percentage)."""

    code: str
    dimension: str
    label: Promise
    numerator: tuple[str, ...]
    denominator: str
    percent: bool = False

    @property
    def factor(self) -> Decimal:
        return Decimal(100) if self.percent else Decimal(1)

    def value(self, figures: dict) -> Decimal | None:
        given = [figures.get(code) for code in self.numerator]
        given = [value for value in given if value is not None]
        below = figures.get(self.denominator)
        if not given or not below:  # no figure, or nothing to divide by
            return None
        return Decimal(sum(given)) * self.factor / Decimal(below)


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    weight: int  # percent of the overall score; the weights add up to 100


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("rd", gettext_lazy("R&D and innovation capacity"), 25),
    Dimension("performance", gettext_lazy("Company performance and exports"), 20),
    Dimension("incubation", gettext_lazy("Entrepreneurship and incubation"), 20),
    Dimension("transfer", gettext_lazy("Technology transfer"), 15),
    Dimension(
        "collaboration",
        gettext_lazy("University–industry and international collaboration"),
        20,
    ),
)
DIMENSIONS_BY_CODE = {dimension.code: dimension for dimension in DIMENSIONS}
assert sum(dimension.weight for dimension in DIMENSIONS) == 100

PER_COMPANY = pgettext_lazy("unit of an indicator", "per company")
PERCENT = pgettext_lazy("unit of an indicator", "%")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "rd_staff_share",
        "rd",
        gettext_lazy("R&D staff, share of staff"),
        ("rd_staff",),
        "staff",
        percent=True,
    ),
    Indicator(
        "rd_revenue_share",
        "rd",
        gettext_lazy("R&D revenue, share of revenue"),
        ("rd_revenue",),
        "revenue",
        percent=True,
    ),
    Indicator(
        "patent_applications_per_company",
        "rd",
        gettext_lazy("Patent applications per reporting company"),
        ("patents_applied",),
        "reporting_companies",
    ),
    Indicator(
        "ip_registrations_per_company",
        "rd",
        gettext_lazy("Patents granted, utility models and trademarks per reporting company"),
        ("patents_granted", "utility_models", "trademarks"),
        "reporting_companies",
    ),
    Indicator(
        "projects_per_resident",
        "rd",
        gettext_lazy("R&D and production projects started per resident company"),
        ("projects",),
        "residents",
    ),
    Indicator(
        "lab_hours_per_resident",
        "rd",
        gettext_lazy("Lab hours booked per resident company"),
        ("lab_hours",),
        "residents",
    ),
    Indicator(
        "export_share",
        "performance",
        gettext_lazy("Exports, share of revenue"),
        ("exports",),
        "revenue",
        percent=True,
    ),
    Indicator(
        "staff_per_company",
        "performance",
        gettext_lazy("Jobs per reporting company"),
        ("staff",),
        "reporting_companies",
    ),
    Indicator(
        "investment_share",
        "performance",
        gettext_lazy("Investment received, relative to revenue"),
        ("investment_received",),
        "revenue",
        percent=True,
    ),
    Indicator(
        "intake_rate",
        "incubation",
        gettext_lazy("New residents, share of resident companies"),
        ("new_residents",),
        "residents",
        percent=True,
    ),
    Indicator(
        "graduation_rate",
        "incubation",
        gettext_lazy("Graduates, share of resident companies"),
        ("graduates",),
        "residents",
        percent=True,
    ),
    Indicator(
        "graduate_survival",
        "incubation",
        gettext_lazy("Graduates of the three previous years still operating"),
        ("graduates_operating",),
        "graduate_cohort",
        percent=True,
    ),
    Indicator(
        "profiles_per_resident",
        "transfer",
        gettext_lazy("Technology profiles published per resident company"),
        ("profiles",),
        "residents",
    ),
    Indicator(
        "interests_per_resident",
        "transfer",
        gettext_lazy("Expressions of interest received per resident company"),
        ("interests",),
        "residents",
    ),
    Indicator(
        "deals_per_resident",
        "transfer",
        gettext_lazy("Technology-transfer deals signed per resident company"),
        ("deals",),
        "residents",
    ),
    Indicator(
        "university_project_share",
        "collaboration",
        gettext_lazy("Projects with a university or research institute, share of projects"),
        ("projects_university",),
        "projects",
        percent=True,
    ),
    Indicator(
        "international_project_share",
        "collaboration",
        gettext_lazy("Projects with a partner from another country, share of projects"),
        ("projects_international",),
        "projects",
        percent=True,
    ),
    Indicator(
        "meetings_per_resident",
        "collaboration",
        gettext_lazy("Brokerage meetings held per resident company"),
        ("meetings",),
        "residents",
    ),
    Indicator(
        "international_meeting_share",
        "collaboration",
        gettext_lazy("Brokerage meetings with a participant from another country, share"),
        ("meetings_international",),
        "meetings",
        percent=True,
    ),
)
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def unit(indicator: Indicator) -> str:
    return str(PERCENT if indicator.percent else PER_COMPANY)


def indicators_of(dimension: str) -> list[Indicator]:
    return [indicator for indicator in INDICATORS if indicator.dimension == dimension]


# --- who sees what ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Access:
    """The parks a viewer compares (``parks``) and those they see in full (``full_ids``)."""

    parks: QuerySet[Park]
    full_ids: frozenset[int]
    everything: bool

    def level(self, park_id: int) -> str:
        return FULL if park_id in self.full_ids else SCORES


def access_for(user) -> Access | None:
    """Staff: every park in full. An agency admin (who sees across the partnerships the
    agency is party to): in full the parks operated by the partnerships' parties or
    established under them, and the public parks' scores. A park manager: their parks in
    full and the public parks' scores. Anyone else: None."""
    if not is_signed_in(user):
        return None
    ordered = Park.objects.order_by(translated_order("name"), "pk")
    if user.is_staff:
        return Access(ordered, frozenset(Park.objects.values_list("pk", flat=True)), True)
    in_full = Q(operator__in=organisation_ids_of(user, MANAGING_ROLES))
    if is_agency_admin(user):
        partnerships = Partnership.objects.filter(
            parties__kind=Organisation.Kind.AGENCY,
            parties__in=organisation_ids_of(user, ("admin",)),
        )
        in_full |= Q(operator__partnerships__in=partnerships) | Q(established_by__in=partnerships)
    own = set(Park.objects.filter(in_full).values_list("pk", flat=True))
    if not own:
        return None
    return Access(ordered.filter(Q(pk__in=own) | Q(is_public=True)), frozenset(own), False)


# --- input -----------------------------------------------------------------------------------
class BadInput(ValueError):
    """Input the scorecard cannot use; ``str()`` is a message for the person."""


def default_years(today: datetime.date | None = None) -> list[int]:
    """The last five years, this one included."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year - 4, this_year + 1))


def parse_years(raw, today: datetime.date | None = None) -> list[int]:
    """Years from ``"2023"``, ``"2021-2024"`` or lists of those (comma-separated or
    repeated), sorted; empty input gives :func:`default_years`. :class:`BadInput` for
    anything else, years before 1990 or after this year, or more than ten years."""
    this_year = (today or timezone.localdate()).year
    parts = raw if isinstance(raw, list | tuple) else [raw]
    tokens = [t.strip() for part in parts if part for t in str(part).split(",") if t.strip()]
    if not tokens:
        return default_years(today)
    years: set[int] = set()
    for token in tokens:
        first, sep, last = token.partition("-")
        try:
            low, high = int(first), int(last if sep else first)
        except ValueError:
            raise BadInput(
                _("“%(value)s” is not a year: write years such as 2024 or 2021-2024.")
                % {"value": token}
            ) from None
        if low > high:
            low, high = high, low
        if low < FIRST_YEAR or high > this_year:
            raise BadInput(
                _("Choose years from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            )
        if high - low >= MAX_YEARS:
            raise BadInput(_("Choose at most %(count)s years.") % {"count": MAX_YEARS})
        years.update(range(low, high + 1))
    if len(years) > MAX_YEARS:
        raise BadInput(_("Choose at most %(count)s years.") % {"count": MAX_YEARS})
    return sorted(years)


def choose_parks(access: Access, raw) -> list[Park]:
    """The parks named by slug (comma-separated or repeated) among those the viewer
    compares, in the listing's order; all of them without any. :class:`LookupError`
    (its message names the slugs) for a park unknown or not compared."""
    parts = raw if isinstance(raw, list | tuple) else [raw]
    slugs = {t.strip() for part in parts if part for t in str(part).split(",") if t.strip()}
    if not slugs:
        return list(access.parks)
    parks = list(access.parks.filter(slug__in=slugs))
    unknown = sorted(slugs - {park.slug for park in parks})
    if unknown:
        raise LookupError(_("No such park: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    return parks


# --- figures ---------------------------------------------------------------------------------
def _report_figures(park_ids: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    """The parks' yearly figures from the residents' reports, for park-years with
    periods: the rules of :func:`korpu.insights.queries.park_indicator_totals`, for
    every park and year at once (two queries)."""
    periods = {
        period.pk: period
        for period in ReportingPeriod.objects.filter(
            park_id__in=park_ids, starts_on__year__in=years
        )
    }
    asked: dict[tuple[int, int], set[str]] = defaultdict(set)
    for period in periods.values():
        asked[(period.park_id, period.starts_on.year)].update(period.indicator_codes)
    totals: dict[tuple[int, int], dict] = {
        key: {
            "reporting_companies": 0,
            **{code: BY_CODE[code].zero() for code in in_catalogue_order(codes)},
        }
        for key, codes in asked.items()
    }
    if not periods:
        return totals
    reporters: dict[tuple[int, int], set[int]] = defaultdict(set)
    latest: dict[tuple, tuple[datetime.date, Decimal | int]] = {}
    rows = Report.objects.filter(period_id__in=list(periods)).values(
        "company_id", "period_id", "status", "snapshot", *CODES
    )
    for row in rows.iterator(chunk_size=2000):
        period = periods[row["period_id"]]
        if period.is_locked:
            if row["snapshot"] is None:
                continue
            raw_values = row["snapshot"].get("values", {})
        elif row["status"] == Report.Status.SUBMITTED:
            raw_values = {code: row[code] for code in period.indicator_codes}
        else:
            continue
        key = (period.park_id, period.starts_on.year)
        reporters[key].add(row["company_id"])
        for code in totals[key]:
            indicator = BY_CODE.get(code)
            if indicator is None:
                continue
            value = indicator.parse(raw_values.get(code))
            if value is None:
                continue
            if indicator.stock:  # a headcount: the company's latest report of the year
                seen = latest.get((key, row["company_id"], code))
                if seen is None or seen[0] < period.starts_on:
                    latest[(key, row["company_id"], code)] = (period.starts_on, value)
            else:
                totals[key][code] += value
    for (key, _company, code), (_start, value) in latest.items():
        totals[key][code] += value
    for key, companies in reporters.items():
        totals[key]["reporting_companies"] = len(companies)
    return totals


def _span(year_start: datetime.date, year_end: datetime.date) -> Q:
    """A residency that covered some day between the two."""
    return Q(start_date__lte=year_end) & (Q(end_date__isnull=True) | Q(end_date__gte=year_start))


def _residency_figures(park_ids, years) -> dict[tuple[int, int], dict]:
    """Residents, new residents, graduates and the graduates' survival (one query for
    the residencies, four for the signs of life of the graduates)."""
    first, last = years[0], years[-1]
    residencies = list(
        Residency.objects.filter(
            park_id__in=park_ids, status__in=RESIDENT_STATUSES, start_date__isnull=False
        )
        .filter(_span(datetime.date(first - COHORT_YEARS, 1, 1), datetime.date(last, 12, 31)))
        .values("park_id", "company_id", "status", "start_date", "end_date")
    )
    by_park = defaultdict(list)
    for residency in residencies:
        by_park[residency["park_id"]].append(residency)
    alive = _graduates_alive(park_ids, years)
    figures: dict[tuple[int, int], dict] = {}
    for park_id in park_ids:
        for year in years:
            residents, new, graduated, cohort, operating = set(), set(), set(), set(), set()
            for r in by_park[park_id]:
                start, end = r["start_date"], r["end_date"]
                if start.year <= year and (end is None or end.year >= year):
                    residents.add(r["company_id"])
                    if start.year == year:
                        new.add(r["company_id"])
                if r["status"] == Residency.Status.GRADUATED and end is not None:
                    if end.year == year:
                        graduated.add(r["company_id"])
                    if year - COHORT_YEARS <= end.year < year:
                        cohort.add(r["company_id"])
                        if (r["company_id"], year) in alive:
                            operating.add(r["company_id"])
            figures[(park_id, year)] = {
                "residents": len(residents),
                "new_residents": len(new),
                "graduates": len(graduated),
                "graduate_cohort": len(cohort),
                "graduates_operating": len(operating),
            }
    return figures


def _graduates_alive(park_ids, years) -> set[tuple[int, int]]:
    """(company, year) pairs of the parks' graduates showing a sign of life in the year:
    resident in a park, a technology profile published, a deal signed or a lab booked.
    (The platform does not know when a company closes; a company that does none of
    this in a year is not counted as operating.)"""
    graduates = Residency.objects.filter(
        park_id__in=park_ids, status=Residency.Status.GRADUATED
    ).values("company_id")
    alive: set[tuple[int, int]] = set()
    for row in Residency.objects.filter(
        company_id__in=graduates, status__in=RESIDENT_STATUSES, start_date__isnull=False
    ).values("company_id", "start_date", "end_date"):
        for year in years:
            if row["start_date"].year <= year and (
                row["end_date"] is None or row["end_date"].year > year
            ):
                alive.add((row["company_id"], year))
    signs = (
        TechnologyProfile.objects.filter(
            owner_id__in=graduates, published_at__year__in=years
        ).values_list("owner_id", ExtractYear("published_at")),
        Deal.objects.filter(
            profile__owner_id__in=graduates,
            status__in=Deal.SIGNED_STATUSES,
            signed_on__year__in=years,
        ).values_list("profile__owner_id", ExtractYear("signed_on")),
        Booking.objects.filter(
            organisation_id__in=graduates,
            status=Booking.Status.APPROVED,
            starts_at__year__in=years,
        ).values_list("organisation_id", ExtractYear("starts_at")),
    )
    for queryset in signs:
        alive.update(queryset.distinct())
    return alive


def _while_resident(prefix: str, day) -> Q:
    """The company at ``prefix`` was resident in a park on ``day`` (an expression)."""
    return Q(
        **{
            f"{prefix}__residencies__status__in": RESIDENT_STATUSES,
            f"{prefix}__residencies__start_date__lte": day,
        }
    ) & (
        Q(**{f"{prefix}__residencies__end_date__isnull": True})
        | Q(**{f"{prefix}__residencies__end_date__gte": day})
    )


def _grouped(queryset, park: str, year_of, name: str, figures, count="pk") -> None:
    rows = (
        queryset.annotate(_park=F(park), _year=ExtractYear(year_of))
        .values("_park", "_year")
        .annotate(_n=Count(count, distinct=True))
        .order_by()
    )
    for row in rows:
        key = (row["_park"], row["_year"])
        if key in figures:
            figures[key][name] += row["_n"]


def _first_country(*paths: str):
    return Coalesce(
        *[NullIf(F(path), Value("")) for path in paths], Value(""), output_field=CharField()
    )


def _platform_figures(park_ids, years) -> dict[tuple[int, int], dict]:
    figures = _residency_figures(park_ids, years)
    for values in figures.values():
        values.update(
            dict.fromkeys(
                (
                    "lab_hours",
                    "projects",
                    "projects_university",
                    "projects_international",
                    "profiles",
                    "interests",
                    "deals",
                    "meetings",
                    "meetings_international",
                ),
                0,
            )
        )
    now = timezone.now()

    # Technology transfer: records of companies while they were resident in the park.
    published = TruncDate("published_at")
    profiles = TechnologyProfile.objects.filter(
        _while_resident("owner", published),
        owner__residencies__park_id__in=park_ids,
        status__in=PUBLISHED_ONCE,
        published_at__year__in=years,
    )
    _grouped(profiles, "owner__residencies__park_id", "published_at", "profiles", figures)
    interests = ExpressionOfInterest.objects.filter(
        _while_resident("profile__owner", TruncDate("created_at")),
        profile__owner__residencies__park_id__in=park_ids,
        profile__status__in=PUBLISHED_ONCE,
        created_at__year__in=years,
    ).exclude(status=ExpressionOfInterest.Status.WITHDRAWN)
    _grouped(interests, "profile__owner__residencies__park_id", "created_at", "interests", figures)
    deals = Deal.objects.filter(
        _while_resident("profile__owner", F("signed_on")),
        profile__owner__residencies__park_id__in=park_ids,
        status__in=Deal.SIGNED_STATUSES,
        signed_on__year__in=years,
    )
    _grouped(deals, "profile__owner__residencies__park_id", "signed_on", "deals", figures)

    # Brokerage meetings held (confirmed, past, not reported as missed) with a resident.
    missed = MeetingFeedback.objects.filter(
        meeting=OuterRef("meeting_id"), outcome=MeetingFeedback.Outcome.DID_NOT_TAKE_PLACE
    )
    country = ("profile__country", "profile__organisation__country", "profile__person__country")
    other_country = (
        Participation.objects.annotate(_c=_first_country(*country))
        .filter(meeting=OuterRef("meeting_id"))
        .exclude(_c="")
        .exclude(_c=OuterRef("_own"))
    )
    participations = (
        Participation.objects.filter(
            _while_resident("profile__organisation", TruncDate("meeting__slot__starts_at")),
            profile__organisation__residencies__park_id__in=park_ids,
            meeting__status=Meeting.Status.CONFIRMED,
            meeting__slot__starts_at__lte=now,
            meeting__slot__starts_at__year__in=years,
        )
        .exclude(Exists(missed))
        .annotate(_own=_first_country(*country))
        .annotate(_mixed=Exists(other_country))
    )
    _grouped(
        participations,
        "profile__organisation__residencies__park_id",
        "meeting__slot__starts_at",
        "meetings",
        figures,
        count="meeting_id",
    )
    # International: the meeting's participants are from more than one country.
    _grouped(
        participations.filter(_mixed=True),
        "profile__organisation__residencies__park_id",
        "meeting__slot__starts_at",
        "meetings_international",
        figures,
        count="meeting_id",
    )

    # The park's projects and labs.
    partners = Project.partners.through.objects.filter(project_id=OuterRef("pk"))
    projects = Project.objects.filter(park_id__in=park_ids, starts_on__year__in=years).annotate(
        _university=Exists(partners.filter(organisation__kind__in=UNIVERSITY_KINDS))
        | Q(lead__kind__in=UNIVERSITY_KINDS),
        _foreign=Exists(partners.exclude(organisation__country=OuterRef("park__country")))
        | ~Q(lead__country=F("park__country")),
    )
    for row in (
        projects.values("park_id", "starts_on__year", "_university", "_foreign")
        .annotate(_n=Count("pk"))
        .order_by()
    ):
        key = (row["park_id"], row["starts_on__year"])
        if key not in figures:
            continue
        figures[key]["projects"] += row["_n"]
        if row["_university"]:
            figures[key]["projects_university"] += row["_n"]
        if row["_foreign"]:
            figures[key]["projects_international"] += row["_n"]
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    for row in (
        Booking.objects.filter(
            resource__facility__park_id__in=park_ids,
            status=Booking.Status.APPROVED,
            ends_at__lte=now,
            starts_at__year__in=years,
        )
        .annotate(_year=ExtractYear("starts_at"))
        .values("resource__facility__park_id", "_year")
        .annotate(_d=Sum(duration))
        .order_by()
    ):
        key = (row["resource__facility__park_id"], row["_year"])
        if key in figures:
            figures[key]["lab_hours"] += _hours(row["_d"])
    return figures


def _hours(value) -> Decimal:
    if value is None:
        return Decimal("0.0")
    # A timedelta, or microseconds on some backends.
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else value / 1e6
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- scores ----------------------------------------------------------------------------------
ONE_DECIMAL = Decimal("0.1")
RATIO_PLACES = Decimal("0.01")


def _round(value: Decimal | None, places=ONE_DECIMAL) -> Decimal | None:
    return None if value is None else value.quantize(places, ROUND_HALF_UP)


@dataclass
class Cell:
    """A park in a year: its figures, indicators' values and scores, dimension scores
    and overall score (``None``: no data)."""

    park: Park
    year: int
    level: str
    currency: str
    figures: dict[str, Decimal | int | None] = field(default_factory=dict)
    values: dict[str, Decimal | None] = field(default_factory=dict)  # rounded for display
    scores: dict[str, Decimal | None] = field(default_factory=dict)
    dimensions: dict[str, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None
    covered: list[str] = field(default_factory=list)  # dimensions in the overall score

    @property
    def full(self) -> bool:
        return self.level == FULL

    @property
    def has_reports(self) -> bool:
        return bool(self.figures.get("reporting_companies"))


@dataclass
class Best:
    value: Decimal | None
    park_id: int | None
    year: int | None


@dataclass
class Scorecard:
    parks: list[Park]
    years: list[int]
    cells: dict[tuple[int, int], Cell]
    best: dict[str, Best]
    access: Access

    def cell(self, park: Park, year: int) -> Cell:
        return self.cells[(park.pk, year)]

    def rows(self):
        """(park, [cells by year]) in the parks' order."""
        return [(park, [self.cells[(park.pk, year)] for year in self.years]) for park in self.parks]

    def best_visible(self, code: str) -> Best | None:
        """The best value of an indicator, for a viewer who sees the park it belongs to."""
        best = self.best[code]
        if best.park_id is None or best.park_id not in self.access.full_ids:
            return None
        return best


def build(access: Access, parks: list[Park], years: list[int]) -> Scorecard:
    """The scorecard of ``parks`` × ``years`` for a viewer with ``access``."""
    park_ids = [park.pk for park in parks]
    currencies = dict(
        ReportingScheme.objects.filter(park_id__in=park_ids).values_list("park_id", "currency")
    )
    reports = _report_figures(park_ids, years) if park_ids else {}
    platform = _platform_figures(park_ids, years) if park_ids else {}
    cells: dict[tuple[int, int], Cell] = {}
    exact: dict[tuple[int, int], dict[str, Decimal | None]] = {}
    for park in parks:
        for year in years:
            key = (park.pk, year)
            figures: dict = dict.fromkeys(REPORT_FIGURES)
            if reports.get(key, {}).get("reporting_companies"):
                figures.update(reports[key])  # no counted report: no report figures at all
            figures.update(platform[key])
            cells[key] = Cell(
                park=park,
                year=year,
                level=access.level(park.pk),
                currency=currencies.get(park.pk, ""),
                figures=figures,
            )
            exact[key] = {ind.code: ind.value(figures) for ind in INDICATORS}

    best: dict[str, Best] = {}
    for indicator in INDICATORS:
        top = Best(None, None, None)
        for key, values in exact.items():
            value = values[indicator.code]
            if value is not None and (top.value is None or value > top.value):
                top = Best(value, *key)
        best[indicator.code] = Best(_round(top.value, RATIO_PLACES), top.park_id, top.year)
        for key, values in exact.items():
            value = values[indicator.code]
            cell = cells[key]
            cell.values[indicator.code] = _round(value, RATIO_PLACES)
            if value is None:
                cell.scores[indicator.code] = None
            elif not top.value:
                cell.scores[indicator.code] = Decimal("0.0")
            else:
                cell.scores[indicator.code] = _round(value * 100 / top.value)

    for cell in cells.values():
        weighted, weights = Decimal(0), 0
        for dimension in DIMENSIONS:
            scores = [
                cell.scores[ind.code]
                for ind in indicators_of(dimension.code)
                if cell.scores[ind.code] is not None
            ]
            score = _round(sum(scores, Decimal(0)) / len(scores)) if scores else None
            cell.dimensions[dimension.code] = score
            if score is not None:
                weighted += score * dimension.weight
                weights += dimension.weight
                cell.covered.append(dimension.code)
        cell.overall = _round(weighted / weights) if weights else None
    return Scorecard(parks=parks, years=years, cells=cells, best=best, access=access)


def scorecard_for(user, *, parks=None, years=None) -> Scorecard:
    """The scorecard the user may see. ``PermissionError`` for someone who may see
    none; :class:`BadInput` for bad years; ``LookupError`` for a park not found."""
    access = access_for(user)
    if access is None:
        raise PermissionError
    chosen_years = parse_years(years)
    chosen_parks = choose_parks(access, parks)
    return build(access, chosen_parks, chosen_years)


# --- how a score was computed ----------------------------------------------------------------
@dataclass
class Step:
    indicator: Indicator
    numerator: list[tuple[Figure, Decimal | int | None]]
    denominator: tuple[Figure, Decimal | int | None]
    value: Decimal | None
    best: Best | None  # None: the best is another park's (not shown)
    score: Decimal | None


def explain(scorecard: Scorecard, cell: Cell) -> list[tuple[Dimension, Decimal | None, list[Step]]]:
    """For a park-year seen in full: per dimension, its score and each indicator's
    figures, value, the best value it is measured against and its score."""
    if not cell.full:
        raise PermissionError
    explained = []
    for dimension in DIMENSIONS:
        steps = [
            Step(
                indicator=ind,
                numerator=[(FIGURES_BY_CODE[c], cell.figures.get(c)) for c in ind.numerator],
                denominator=(FIGURES_BY_CODE[ind.denominator], cell.figures.get(ind.denominator)),
                value=cell.values[ind.code],
                best=scorecard.best_visible(ind.code),
                score=cell.scores[ind.code],
            )
            for ind in indicators_of(dimension.code)
        ]
        explained.append((dimension, cell.dimensions[dimension.code], steps))
    return explained


# --- rows for exports and the API ------------------------------------------------------------
def export_rows(scorecard: Scorecard):
    """The scorecard as a table: a row per park and year with the overall and dimension
    scores, then (parks seen in full) each indicator's value and score and the figures;
    "no data" where there is none, blank where the viewer may not see it."""
    no_data = _("no data")
    hidden = ""

    def show(value, visible=True):
        if not visible:
            return hidden
        return no_data if value is None else value

    yield [
        _("Park"),
        _("Country"),
        _("Year"),
        _("Currency"),
        _("Overall score"),
        *(str(d.label) for d in DIMENSIONS),
        *(f"{ind.label} ({unit(ind)})" for ind in INDICATORS),
        *(_("Score: %(indicator)s") % {"indicator": ind.label} for ind in INDICATORS),
        *(str(figure.label) for figure in FIGURES),
    ]
    for park, cells in scorecard.rows():
        for cell in cells:
            yield [
                park.name,
                park.country,
                cell.year,
                cell.currency if cell.full else hidden,
                show(cell.overall),
                *(show(cell.dimensions[d.code]) for d in DIMENSIONS),
                *(show(cell.values[ind.code], cell.full) for ind in INDICATORS),
                *(show(cell.scores[ind.code], cell.full) for ind in INDICATORS),
                *(show(cell.figures.get(f.code), cell.full) for f in FIGURES),
            ]


def _number(value):
    if value is None or isinstance(value, int):
        return value
    return float(value)


def _best_value(scorecard: Scorecard, code: str):
    best = scorecard.best_visible(code)
    return None if best is None else _number(best.value)


def as_json(scorecard: Scorecard) -> dict:
    return {
        "years": scorecard.years,
        "weights": {d.code: d.weight for d in DIMENSIONS},
        "dimensions": [
            {
                "code": d.code,
                "label": str(d.label),
                "weight": d.weight,
                "indicators": [
                    {
                        "code": ind.code,
                        "label": str(ind.label),
                        "unit": unit(ind),
                        "best": _best_value(scorecard, ind.code),
                    }
                    for ind in indicators_of(d.code)
                ],
            }
            for d in DIMENSIONS
        ],
        "parks": [
            {
                "slug": park.slug,
                "name": park.name,
                "country": park.country,
                "level": scorecard.access.level(park.pk),
                "years": [
                    {
                        "year": cell.year,
                        "overall": _number(cell.overall),
                        "dimensions": {
                            d.code: _number(cell.dimensions[d.code]) for d in DIMENSIONS
                        },
                        "covered": cell.covered,
                        "currency": cell.currency if cell.full else None,
                        "indicators": {
                            ind.code: {
                                "value": _number(cell.values[ind.code]),
                                "score": _number(cell.scores[ind.code]),
                            }
                            for ind in INDICATORS
                        }
                        if cell.full
                        else None,
                        "figures": {f.code: _number(cell.figures.get(f.code)) for f in FIGURES}
                        if cell.full
                        else None,
                    }
                    for cell in cells
                ],
            }
            for park, cells in scorecard.rows()
        ],
    }
