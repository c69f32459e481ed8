"""Usage reports for facility managers: a month of a facility (per company, per project,
per resource, with a chart of utilisation per resource and of booked hours per month)
and a month of one resource (its bookings, per company, utilisation over a year), with
CSV and XLSX downloads of every table.

The month comes from ``?month=YYYY-MM`` (the current month in the park's time zone when
missing); a malformed or far-off month is said so on the page, which then shows the
current month. Someone who cannot see the facility gets 404; someone who sees it but
does not run it, 403.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, line_chart, percent_text
from korpu.common.views import require_perm

from .. import queries, usage
from .. import rules as perms
from ..models import Facility, Incident, Resource

MONTHS_SHOWN = 12


def _facility(request, slug) -> Facility:
    facility = get_object_or_404(Facility.objects.select_related("park"), slug=slug)
    if not perms.can_view_facility(request.user, facility):
        raise Http404
    require_perm(request, "facilities.change_facility", facility)
    return facility


def _resource(request, slug) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("facility__park"), slug=slug)
    if not perms.can_view_resource(request.user, resource):
        raise Http404
    require_perm(request, "facilities.change_resource", resource)
    return resource


def _tab_counts(facility: Facility) -> dict:
    """The numbers on the facility managers' tabs."""
    return {
        "pending": queries.pending_approvals(facility).count(),
        "open_incidents": Incident.objects.filter(
            resource__facility=facility, status=Incident.Status.OPEN
        ).count(),
    }


def _month(request, facility: Facility) -> tuple[datetime.date, str]:
    """The month asked for and, when it could not be read, what to tell the user."""
    zone = usage.zone_of_facility(facility)
    current = usage.current_month(zone)
    raw = request.GET.get("month")
    if not raw:
        return current, ""
    month = usage.parse_month(raw)
    if month is None:
        return current, _("“%(value)s” is not a month (year and month, such as %(example)s).") % {
            "value": raw[:20],
            "example": f"{current:%Y-%m}",
        }
    if not usage.month_in_range(month, zone):
        return current, _("Reports cover %(first)s to %(last)s.") % {
            "first": usage.FIRST_YEAR,
            "last": current.year + 1,
        }
    return month, ""


def _hours(value) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def _percent(value) -> str:
    return percent_text(float(value))


def _month_nav(month: datetime.date) -> dict:
    return {
        "month_value": f"{month:%Y-%m}",
        "previous_month": f"{usage.add_months(month, -1):%Y-%m}",
        "next_month": f"{usage.add_months(month, 1):%Y-%m}",
        "month_label": usage.month_label(month),
    }


def _utilisation_chart(rows, title: str):
    """Bars of the booked share of each resource's open hours; the chart writes each
    share after a word (its figure would repeat the share)."""
    booked = _("booked")
    return bar_chart(
        [(str(r.label), r.utilisation) for r in rows if r.utilisation is not None],
        title=title,
        total=1,
        empty_text=_("No open hours this month"),
        format_value=lambda value: booked,
    )


def _months_chart(months, title: str, *, utilisation: bool):
    if utilisation:
        points = [
            (row.label, None if row.usage.utilisation is None else row.usage.utilisation * 100)
            for row in months
        ]
        return line_chart(
            points,
            title=title,
            empty_text=_("No open hours in these months"),
            format_value=lambda value: percent_text(float(value) / 100),
            format_tick=lambda tick: percent_text(tick / 100),
        )
    return line_chart(
        [(row.label, row.usage.booked_hours) for row in months],
        title=title,
        empty_text=_("No bookings in these months"),
        format_value=_hours,
    )


@require_GET
@login_required
def facility_usage(request, slug):
    facility = _facility(request, slug)
    month, month_error = _month(request, facility)
    report = usage.facility_usage(facility, month=month)
    months = usage.monthly_usage(facility, last=month, months=MONTHS_SHOWN)
    utilisation_title = _("Utilisation per resource, %(month)s") % {"month": report.month_label}
    months_title = _("Booked hours per month")
    context = {
        "facility": facility,
        "current": "usage",
        **_tab_counts(facility),
        "report": report,
        "months": months,
        "month_error": month_error,
        "charts": [
            {
                "id": "utilisation",
                "title": utilisation_title,
                "svg": _utilisation_chart(report.resources, utilisation_title),
                "note": _("Booked hours as a share of the open hours (times capacity)."),
            },
            {
                "id": "months",
                "title": months_title,
                "svg": _months_chart(months, months_title, utilisation=False),
                "note": _("The twelve months up to the month shown."),
            },
        ],
        "exports": usage.EXPORTS,
        **_month_nav(report.month),
    }
    return render(request, "facilities/usage/facility.html", context)


@require_GET
@login_required
def resource_usage(request, slug):
    resource = _resource(request, slug)
    facility = resource.facility
    month, month_error = _month(request, facility)
    report = usage.resource_usage(resource, month=month)
    months = usage.monthly_usage(facility, last=month, months=MONTHS_SHOWN, resource=resource)
    months_title = _("Utilisation per month")
    companies_title = _("Booked hours per company, %(month)s") % {"month": report.month_label}
    context = {
        "facility": facility,
        "resource": resource,
        "report": report,
        "row": report.resources[0],
        "months": months,
        "month_error": month_error,
        "charts": [
            {
                "id": "months",
                "title": months_title,
                "svg": _months_chart(months, months_title, utilisation=True),
                "note": _("Booked hours as a share of the open hours (times capacity)."),
            },
            {
                "id": "companies",
                "title": companies_title,
                "svg": bar_chart(
                    [(str(row.label), row.booked_hours) for row in report.companies],
                    title=companies_title,
                    empty_text=_("No bookings this month"),
                    format_value=_hours,
                ),
            },
        ],
        "exports": usage.EXPORTS,
        **_month_nav(report.month),
    }
    return render(request, "facilities/usage/resource.html", context)


def _download(request, report, what: str, fmt: str, *, resource=None):
    if fmt not in usage.FORMATS or what not in usage.EXPORTS:
        raise Http404
    rows = usage.report_rows(report, what, language=translation.get_language() or "en")
    return usage.download(
        rows,
        filename=usage.export_name(report, what, fmt, resource=resource),
        fmt=fmt,
        sheet=what,
    )


@require_GET
@login_required
def facility_usage_export(request, slug, what, fmt):
    facility = _facility(request, slug)
    month, _error = _month(request, facility)
    if fmt not in usage.FORMATS or what not in usage.EXPORTS:
        raise Http404
    return _download(request, usage.facility_usage(facility, month=month), what, fmt)


@require_GET
@login_required
def resource_usage_export(request, slug, what, fmt):
    resource = _resource(request, slug)
    month, _error = _month(request, resource.facility)
    if fmt not in usage.FORMATS or what not in usage.EXPORTS:
        raise Http404
    report = usage.resource_usage(resource, month=month)
    return _download(request, report, what, fmt, resource=resource)


urlpatterns = [
    path("<slug:slug>/usage/", facility_usage, name="usage"),
    path("<slug:slug>/usage/<str:what>.<str:fmt>", facility_usage_export, name="usage_export"),
    path("resources/<slug:slug>/usage/", resource_usage, name="resource_usage"),
    path(
        "resources/<slug:slug>/usage/<str:what>.<str:fmt>",
        resource_usage_export,
        name="resource_usage_export",
    ),
]
