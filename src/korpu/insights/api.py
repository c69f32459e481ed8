"""The insights API under ``/api/v1/insights/``: a partnership's and a park's KPIs as
JSON, for the partners' own BI tools.

The same rules as the pages (:mod:`korpu.insights.kpis`): staff and the parties' admins
(a park's managers) get every indicator over all the records; anyone else gets the public
summary of a public partnership (park), and a private one answers 404 (403 to a member of
a party who is not an admin). ``from`` and ``to`` choose the years (at most ten).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from korpu.directory.api import invalid_input, viewer
from korpu.directory.models import Park, Partnership
from korpu.directory.rules import can_view_partnership

from . import kpis

router = Router(tags=["insights"])


class YearFilters(Schema):
    from_year: int | None = Field(None, alias="from", ge=1900, le=9999, description="First year.")
    to_year: int | None = Field(None, alias="to", ge=1900, le=9999, description="Last year.")


class YearValue(Schema):
    year: int
    value: float | int | None
    target: int | None = None
    progress: int | None = Field(None, description="The value as a percentage of the target.")


class CountryValue(Schema):
    country: str = Field(description="ISO 3166 code; empty when not given.")
    value: float | int | None
    by_year: list[YearValue]


class BreakdownRow(Schema):
    key: str
    label: str
    value: int | float | None = Field(description="null: fewer than 5 (masked).")


class BreakdownOut(Schema):
    name: str
    title: str
    suppressed: bool = Field(description="Fewer than 5 people: not broken down.")
    rows: list[BreakdownRow]


class CommitmentRef(Schema):
    code: str
    text: str
    target_per_year: int | None
    target_unit: str


class KpiOut(Schema):
    code: str = Field(description="Stable indicator code; empty when not measured yet.")
    label: str
    unit: str
    group: str
    kind: str = Field(description="count, hours or percent.")
    measured: bool
    commitment: CommitmentRef | None
    total: float | int | None
    by_year: list[YearValue]
    by_country: list[CountryValue]
    breakdowns: list[BreakdownOut]
    records_url: str = Field(description="The page listing the records behind the figure.")


class PartnershipKpisOut(Schema):
    partnership: dict
    level: str = Field(description="full, or public (the public summary).")
    years: list[int]
    computed_at: datetime.datetime | None = Field(
        None,
        description="When the figures were computed (they are kept for a short while; "
        "see KORPU_INSIGHTS_CACHE_SECONDS).",
    )
    indicators: list[KpiOut]


class ParkKpisOut(Schema):
    park: dict
    level: str
    years: list[int]
    computed_at: datetime.datetime | None = Field(
        None,
        description="When the figures were computed (they are kept for a short while; "
        "see KORPU_INSIGHTS_CACHE_SECONDS).",
    )
    indicators: list[KpiOut]


def _number(value):
    if value is None or isinstance(value, int):
        return value
    return float(value)


def kpi_out(result: kpis.KpiResult) -> dict:
    commitment = result.commitment
    progress = result.progress_by_year
    return {
        "code": result.code,
        "label": result.label,
        "unit": result.unit,
        "group": result.group,
        "kind": result.kind,
        "measured": result.measured,
        "commitment": None
        if commitment is None
        else {
            "code": commitment.code,
            "text": commitment.text,
            "target_per_year": commitment.target_per_year,
            "target_unit": commitment.target_unit,
        },
        "total": _number(result.total) if result.measured else None,
        "by_year": [
            {
                "year": year,
                "value": _number(result.by_year.get(year)) if result.measured else None,
                "target": result.target,
                "progress": progress.get(year),
            }
            for year in result.years
        ],
        "by_country": [
            {
                "country": code,
                "value": _number(result.by_country[code]),
                "by_year": [
                    {"year": year, "value": _number(result.by_year_country.get((year, code)))}
                    for year in result.years
                ],
            }
            for code in result.countries
        ],
        "breakdowns": [
            {
                "name": b.name,
                "title": b.title,
                "suppressed": b.suppressed,
                "rows": [
                    {"key": key, "label": label, "value": _number(value)}
                    for key, label, value in b.rows
                ],
            }
            for b in result.breakdowns
        ],
        "records_url": result.records_url if result.has_records else "",
    }


def _years(filters: YearFilters, default: list[int]) -> list[int]:
    if filters.from_year is None and filters.to_year is None:
        return default
    first = filters.from_year or default[0]
    last = filters.to_year or default[-1]
    try:
        return kpis.check_years([first, last])
    except ValueError:
        raise invalid_input(
            (
                ("query", "to"),
                _("Choose years at most %(count)s years apart.") % {"count": kpis.MAX_YEARS},
            )
        ) from None


@router.get(
    "/insights/partnerships/{slug}/kpis",
    response=PartnershipKpisOut,
    summary="A partnership's KPIs",
)
def partnership_kpis(request, slug: str, filters: Query[YearFilters]):
    """Every indicator of the memorandum the caller may see: first one per commitment
    (with its yearly target and progress), then the others; by year and by country."""
    user = viewer(request)
    partnership = get_object_or_404(Partnership, slug=slug)
    level = kpis.access_level(user, partnership)
    if level is None:
        if can_view_partnership(user, partnership):
            raise PermissionDenied
        raise Http404
    years = _years(filters, kpis.default_years(partnership))
    results = kpis.partnership_kpis(partnership, user, years, level=level)
    return {
        "partnership": {"slug": partnership.slug, "title": partnership.title},
        "level": level,
        "years": years,
        "computed_at": min((r.computed_at for r in results if r.computed_at), default=None),
        "indicators": [kpi_out(result) for result in results],
    }


@router.get("/insights/parks/{slug}/kpis", response=ParkKpisOut, summary="A park's KPIs")
def park_kpis(request, slug: str, filters: Query[YearFilters]):
    """Residents, graduates, jobs, labs utilisation, projects and devices produced, by
    year and by country (of the company concerned)."""
    user = viewer(request)
    park = get_object_or_404(Park, slug=slug)
    level = kpis.park_access_level(user, park)
    if level is None:
        raise Http404
    years = _years(filters, kpis.default_years())
    results = kpis.park_kpis(park, user, years, level=level)
    return {
        "park": {"slug": park.slug, "name": park.name},
        "level": level,
        "years": years,
        "computed_at": min((r.computed_at for r in results if r.computed_at), default=None),
        "indicators": [kpi_out(result) for result in results],
    }


# --- the technopark scorecard ------------------------------------------------------------------
class ScorecardFilters(Schema):
    years: str | None = Field(
        None,
        description="Years: 2024, 2021-2024 or 2021,2023 (at most ten; default the last five).",
    )
    parks: str | None = Field(
        None, description="Park slugs, comma-separated (default every park compared)."
    )


class ScorecardIndicatorOut(Schema):
    code: str
    label: str
    unit: str
    best: float | None = Field(
        description="The best value compared (null when it is another park's or none has data)."
    )


class ScorecardDimensionOut(Schema):
    code: str
    label: str
    weight: int = Field(description="Percent of the overall score.")
    indicators: list[ScorecardIndicatorOut]


class ScorecardIndicatorValue(Schema):
    value: float | None = Field(description="null: no data.")
    score: float | None = Field(description="0–100; null: no data.")


class ScorecardYearOut(Schema):
    year: int
    overall: float | None = Field(description="0–100; null: no data.")
    dimensions: dict[str, float | None]
    covered: list[str] = Field(description="The dimensions with a score (in the overall).")
    currency: str | None = Field(description="Of the money figures; null when not shown.")
    indicators: dict[str, ScorecardIndicatorValue] | None = Field(
        description="null: the caller sees only this park's scores."
    )
    figures: dict[str, float | int | None] | None = Field(
        description="The raw figures (null values: no data); null: not shown to the caller."
    )


class ScorecardParkOut(Schema):
    slug: str
    name: str
    country: str
    level: str = Field(description="full, or scores (dimension and overall scores only).")
    years: list[ScorecardYearOut]


class ScorecardOut(Schema):
    years: list[int]
    weights: dict[str, int]
    dimensions: list[ScorecardDimensionOut]
    parks: list[ScorecardParkOut]


@router.get("/insights/scorecard", response=ScorecardOut, summary="The technopark scorecard")
def scorecard(request, filters: Query[ScorecardFilters]):
    """Parks × years scored 0–100 on the dimensions of a technology development zone
    performance index. Staff see every park in full; an agency's admins the parks of the
    partnerships it is party to, and a park's managers their parks, in full, and the
    public parks' scores; anyone else gets 403."""
    from korpu.api import error_response  # the project's error body, with a message

    from . import scorecard as sc

    user = viewer(request)
    access = sc.access_for(user)
    if access is None:
        if not user.is_authenticated:
            return error_response(request, 401)
        raise PermissionDenied
    try:
        years = sc.parse_years(filters.years or "")
    except sc.BadInput as bad:
        raise invalid_input((("query", "years"), str(bad))) from None
    try:
        parks = sc.choose_parks(access, filters.parks or "")
    except LookupError as unknown:
        return error_response(request, 404, message=str(unknown.args[0]))
    return sc.as_json(sc.build(access, parks, years))
