"""The memorandum dashboard: a partnership's commitments with their live indicators,
targets and progress by year and by partner country, charts, funnels, the records behind
every figure, and the KPI table as CSV or XLSX.

Who sees it (:func:`korpu.insights.kpis.access_level`): staff and the parties' admins see
everything; anyone else sees the public summary of a public partnership. A partnership
nobody may see answers 404 (403 to a member of a party who is not an admin).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, line_chart
from korpu.common.views import paginate
from korpu.directory.models import Partnership
from korpu.directory.rules import can_view_partnership
from korpu.events.exports import download

from .. import kpis
from ..formatting import figure

FORMATS = ("csv", "xlsx")


def _partnership_and_level(request, slug: str):
    partnership = get_object_or_404(Partnership, slug=slug)
    level = kpis.access_level(request.user, partnership)
    if level is None:
        if can_view_partnership(request.user, partnership):
            raise PermissionDenied
        raise Http404
    return partnership, level


def _years(request, partnership) -> list[int]:
    """``?from=&to=`` (years), else the default range; a bad range says so and falls back."""
    first, last = request.GET.get("from"), request.GET.get("to")
    if not first and not last:
        return kpis.default_years(partnership)
    default = kpis.default_years(partnership)
    try:
        return kpis.check_years([int(first or default[0]), int(last or default[-1])])
    except (TypeError, ValueError):
        messages.error(
            request,
            _("Choose years from 1900 on, at most %(count)s years apart.")
            % {"count": kpis.MAX_YEARS},
        )
        return default


# --- the dashboard -----------------------------------------------------------------------------
def _card(result: kpis.KpiResult, partnership) -> dict:
    """What the page shows of one result: figures, links and charts."""
    if not result.measured:
        return {"result": result}
    title = result.title
    progress = result.progress_by_year
    years = [
        {
            "year": year,
            "value": figure(result.by_year.get(year), result.kind),
            "url": kpis.records_url(partnership, result.code, year=year)
            if result.has_records
            else "",
            "progress": progress.get(year),
        }
        for year in result.years
    ]
    countries = [
        {
            "code": code,
            "name": kpis.country_label(code),
            "value": figure(result.by_country[code], result.kind),
            "url": kpis.records_url(partnership, result.code, country=code)
            if result.has_records and code
            else "",
            "by_year": [
                {
                    "year": year,
                    "value": figure(
                        result.by_year_country.get((year, code), result.zero), result.kind
                    ),
                    "url": kpis.records_url(partnership, result.code, year=year, country=code)
                    if result.has_records and code
                    else "",
                }
                for year in result.years
            ],
        }
        for code in result.countries
    ]
    points = [(str(year), result.by_year.get(year)) for year in result.years]
    chart = line_chart(
        points,
        title=title,
        empty_text=_("No data yet"),
        format_value=lambda v: figure(v, result.kind),
        whole_numbers=result.kind == "count",
    )
    country_chart = (
        bar_chart(
            [(kpis.country_label(code), result.by_country[code]) for code in result.countries],
            title=_("%(indicator)s by country") % {"indicator": title},
            empty_text=_("No data yet"),
            format_value=lambda v: figure(v, result.kind),
        )
        if result.kind != "percent" and result.by_country
        else ""
    )
    target_chart = ""
    if result.target:
        target_chart = bar_chart(
            [(str(year), result.by_year.get(year) or 0) for year in result.years],
            title=_("%(indicator)s against a target of %(target)s a year")
            % {"indicator": title, "target": result.target},
            total=result.target,
            empty_text=_("No data yet"),
            format_value=lambda v: figure(v, result.kind),
        )
    return {
        "result": result,
        "total": figure(result.total, result.kind),
        "years": years,
        "countries": countries,
        "chart": chart,
        "country_chart": country_chart,
        "target_chart": target_chart,
        "breakdowns": [_breakdown(result, breakdown) for breakdown in result.breakdowns],
    }


def _breakdown(result: kpis.KpiResult, breakdown: kpis.Breakdown) -> dict:
    """A breakdown with its bar chart, drawn when no row is masked (a masked row has no
    figure to draw). Shares are of the indicator's figure: by sector, a company in
    several sectors counts in each, so they may add up to more than 100 %."""
    values = [value for _key, _label, value in breakdown.rows]
    chart = ""
    drawable = result.kind != "percent" and not breakdown.suppressed  # rates do not add up
    if drawable and values and None not in values and any(values):
        chart = bar_chart(
            [(label, value) for _key, label, value in breakdown.rows],
            title=f"{result.label}: {breakdown.title}",
            total=result.total if breakdown.name == "sector" else None,
            empty_text=_("No data yet"),
            format_value=lambda v: figure(v, result.kind),
        )
    return {
        "name": breakdown.name,
        "title": breakdown.title,
        "suppressed": breakdown.suppressed,
        "rows": breakdown.rows,
        "chart": chart,
    }


def _funnel(results: dict, codes, title) -> str:
    if not all(code in results for code in codes):
        return ""
    return bar_chart(
        [(results[code].label, results[code].total) for code in codes],
        title=title,
        total=results[codes[0]].total or None,
        empty_text=_("No data yet"),
    )


@require_GET
def partnership_dashboard(request, slug):
    partnership, level = _partnership_and_level(request, slug)
    years = _years(request, partnership)
    # The partners' admins may skip the figures kept in the cache (the page says how old
    # they are); the public summary is always served from it.
    fresh = level == kpis.FULL and request.GET.get("fresh") == "1"
    results = kpis.partnership_kpis(partnership, request.user, years, level=level, fresh=fresh)
    computed_at = min((r.computed_at for r in results if r.computed_at), default=None)
    commitments = [r for r in results if r.commitment is not None]
    indicators = [r for r in results if r.commitment is None]
    by_code = {r.code: r for r in indicators}
    groups = [
        (str(label), [_card(r, partnership) for r in indicators if r.group == group])
        for group, label in kpis.GROUPS.items()
    ]
    funnels = [
        chart
        for chart in (
            _funnel(
                by_code,
                ("applications", "admissions"),
                _("From applications to admissions"),
            ),
            _funnel(
                by_code,
                ("meeting_requests", "meetings_held", "cooperation_possible"),
                _("From meeting requests to cooperation"),
            ),
        )
        if chart
    ]
    return render(
        request,
        "insights/dashboard/partnership.html",
        {
            "partnership": partnership,
            "level": level,
            "public_summary": level == kpis.PUBLIC,
            "years": years,
            "computed_at": computed_at,
            "commitments": [_card(r, partnership) for r in commitments],
            "groups": [(label, cards) for label, cards in groups if cards],
            "funnels": funnels,
            "min_group": kpis.MIN_GROUP,
            "formats": FORMATS,
        },
    )


# --- export ------------------------------------------------------------------------------------
def kpi_rows(results: list[kpis.KpiResult]):
    """The KPI table: one row per indicator and country (the first one for all countries)."""
    years = results[0].years if results else []
    yield [
        _("Code"),
        _("Commitment"),
        _("Indicator"),
        _("Unit"),
        _("Country"),
        _("Target per year"),
        *[str(year) for year in years],
        _("Total"),
    ]
    for result in results:
        commitment = result.commitment.text if result.commitment is not None else ""
        head = [result.code, commitment, result.label, result.unit]
        if not result.measured:
            yield [*head, "", result.target or "", *[""] * len(years), _("not measured yet")]
            continue
        yield [
            *head,
            _("all"),
            result.target or "",
            *[result.by_year.get(year) for year in years],
            result.total,
        ]
        for code in result.countries:
            yield [
                *head,
                kpis.country_label(code),
                "",
                *[result.by_year_country.get((year, code)) for year in years],
                result.by_country[code],
            ]


@require_GET
def export_kpis(request, slug, fmt):
    if fmt not in FORMATS:
        raise Http404
    partnership, level = _partnership_and_level(request, slug)
    years = _years(request, partnership)
    results = kpis.partnership_kpis(partnership, request.user, years, level=level)
    return download(
        kpi_rows(results),
        filename=f"kpis-{partnership.slug}-{years[0]}-{years[-1]}.{fmt}",
        fmt=fmt,
        sheet=_("Indicators"),
    )


# --- the records behind a figure -------------------------------------------------------------
def _name(person, level) -> str:
    """A person's name where they are listed in the directory; else only "a participant"."""
    if person is None:
        return ""
    if person.is_public and level == kpis.FULL:
        return person.full_name
    return _("(not listed)")


def describe(record, level) -> dict:
    """Title, link and detail of one record of any indicator."""
    from korpu.directory.models import Residency
    from korpu.events.models import Certificate, Event, Idea, Registration, Submission, Team
    from korpu.facilities.models import Booking, Output, Project
    from korpu.matchmaking.models import Meeting, MeetingRequest
    from korpu.programs.models import Application, Call, Placement, Programme
    from korpu.transfer.models import Deal, ExpressionOfInterest
    from korpu.transfer.models import Profile as TechnologyProfile

    match record:
        case Programme():
            return {
                "title": record.title,
                "url": record.get_absolute_url(),
                "detail": f"{record.get_kind_display()} · {record.owner.name}",
            }
        case Call():
            return {
                "title": str(record),
                "url": record.get_absolute_url(),
                "detail": record.opens_at.date(),
            }
        case Application():
            return {
                "title": record.title,
                "url": "",
                "detail": f"{record.applicant_name} · {record.call}",
            }
        case Placement():
            return {
                "title": _name(record.specialist, level),
                "url": "",
                "detail": f"{record.host.name} · {record.programme.title}",
            }
        case Event():
            return {
                "title": record.title,
                "url": record.get_absolute_url(),
                "detail": record.get_kind_display(),
            }
        case Registration():
            attended = getattr(record, "attended", None)
            detail = record.event.title
            if attended is not None:
                detail += " · " + (_("attended") if attended else _("did not attend"))
            return {"title": _name(record.person, level), "url": "", "detail": detail}
        case Certificate():
            return {
                "title": _name(record.registration.person, level),
                "url": "",
                "detail": record.registration.event.title,
            }
        case Idea():
            return {"title": record.title, "url": "", "detail": record.event.title}
        case Team():
            return {"title": record.name, "url": "", "detail": record.event.title}
        case Submission():
            return {"title": record.title, "url": "", "detail": record.team.event.title}
        case MeetingRequest():
            return {
                "title": f"{record.requester.display_name} → {record.invitee.display_name}",
                "url": "",
                "detail": record.get_status_display(),
            }
        case Meeting():
            return {
                "title": _("Meeting %(number)s") % {"number": record.pk},
                "url": "",
                "detail": str(record.brokerage_day),
            }
        case TechnologyProfile():
            return {
                "title": f"{record.reference or ''} · {record.title}",
                "url": record.get_absolute_url(),
                "detail": record.get_type_display(),
            }
        case ExpressionOfInterest():
            return {
                "title": record.company.name,
                "url": "",
                "detail": record.profile.reference or record.profile.title,
            }
        case Deal():
            return {"title": record.title, "url": "", "detail": record.get_agreement_type_display()}
        case Residency():
            return {
                "title": record.company.name,
                "url": "",
                "detail": f"{record.park.name} · {record.get_status_display()}",
            }
        case Booking():
            who = (
                record.organisation.name if record.organisation_id else _name(record.person, level)
            )
            return {"title": record.resource.name, "url": "", "detail": who}
        case Project():
            return {
                "title": record.title,
                "url": record.get_absolute_url(),
                "detail": record.get_kind_display(),
            }
        case Output():
            return {
                "title": record.title,
                "url": "",
                "detail": f"{record.quantity} · {record.project.title}",
            }
    return {"title": str(record), "url": "", "detail": ""}


RELATED = {
    "Programme": ("owner",),
    "Call": ("programme",),
    "Application": ("company", "applicant", "call__programme"),
    "Placement": ("specialist", "host", "programme"),
    "Registration": ("person", "event"),
    "Certificate": ("registration__person", "registration__event"),
    "Idea": ("event",),
    "Team": ("event",),
    "Submission": ("team__event",),
    "MeetingRequest": (
        "requester__organisation",
        "requester__person",
        "invitee__organisation",
        "invitee__person",
    ),
    "Meeting": ("brokerage_day__event",),
    "ExpressionOfInterest": ("company", "profile"),
    "Residency": ("company", "park"),
    "Booking": ("resource", "organisation", "person"),
    "Output": ("project",),
}


@require_GET
def records(request, slug, code):
    partnership, level = _partnership_and_level(request, slug)
    year = request.GET.get("year") or None
    country = request.GET.get("country") or None
    try:
        year = int(year) if year else None
        if year is not None and not 1900 <= year <= 9999:
            raise ValueError
    except ValueError:
        messages.error(request, _("Enter a year such as 2024."))
        year = None
    if country is not None and (len(country) != 2 or not country.isalpha()):
        messages.error(request, _("Choose a country from the list."))
        country = None
    if country:
        country = country.upper()
    indicator = kpis.REGISTRY.get(code)
    people_hidden = indicator is not None and bool(indicator.people) and level == kpis.PUBLIC
    try:
        queryset = kpis.partnership_records(
            partnership, request.user, code, year=year, country=country, level=level
        )
    except LookupError as unknown:
        raise Http404 from unknown
    related = RELATED.get(queryset.model.__name__)
    if related:
        queryset = queryset.select_related(*related)
    if people_hidden:  # the public summary counts people but never lists them
        queryset = queryset.none()
    page = paginate(request, queryset, per_page=50)
    rows = [describe(record, level) for record in page.object_list]
    return render(
        request,
        "insights/dashboard/records.html",
        {
            "partnership": partnership,
            "indicator": indicator,
            "year": year,
            "country": country,
            "country_name": kpis.country_label(country) if country else "",
            "page": page,
            "rows": rows,
            "people_hidden": people_hidden,
            "count": page.paginator.count,
        },
    )


_partnership = "partnerships/<slug:slug>/"
urlpatterns = [
    path(_partnership, partnership_dashboard, name="partnership"),
    path(_partnership + "kpis.<str:fmt>", export_kpis, name="partnership_export"),
    path(_partnership + "records/<slug:code>/", records, name="records"),
]
