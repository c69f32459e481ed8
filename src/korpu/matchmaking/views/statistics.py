"""The organisers' statistics of a brokerage day (requested, accepted, scheduled and
realised meetings, feedback outcomes, by country and by sector) with server-drawn SVG
charts, and the CSV/XLSX exports of the figures and of the meetings."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, percent_text

from .. import exports, queries
from ..models import MeetingRequest
from .common import organiser_page
from .manage import manage_context

TOP_GROUPS = 10


def _count(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _share(part, whole) -> str:
    return percent_text(part / whole) if whole else "—"


def _top(rows, key: str, label: str, other: str) -> list[tuple[str, int]]:
    pairs = [(row[label] or _("unknown"), row[key]) for row in rows if row[key]]
    pairs.sort(key=lambda pair: -pair[1])
    if len(pairs) > TOP_GROUPS:
        pairs = pairs[:TOP_GROUPS] + [(other, sum(count for _l, count in pairs[TOP_GROUPS:]))]
    return pairs


@require_GET
@organiser_page
def statistics(request, day):
    figures = queries.brokerage_statistics(day)
    totals = figures["totals"]
    empty = _("No meetings yet")
    funnel_title = _("From request to cooperation")
    funnel = [
        (_("Meeting requests"), totals["requested"]),
        (_("Meetings agreed"), totals["accepted"]),
        (_("Meetings scheduled"), totals["scheduled"]),
        (_("Meetings realised"), totals["realised"]),
        (_("Cooperation possible"), totals["cooperation_possible"]),
    ]
    statuses = dict(MeetingRequest.Status.choices)
    requests_title = _("Meeting requests by answer")
    request_rows = [
        (str(statuses[status]), count) for status, count in figures["requests_by_status"].items()
    ]
    outcomes_title = _("Feedback after the meetings")
    outcome_rows = [(row["label"], row["count"]) for row in figures["outcomes"]]
    country_title = _("Meetings agreed by country")
    sector_title = _("Meetings agreed by sector")
    charts = [
        {
            "id": "funnel",
            "title": funnel_title,
            "svg": bar_chart(
                funnel,
                title=funnel_title,
                total=totals["requested"] or None,
                empty_text=empty,
                format_value=_count,
            ),
            "note": _("Shares are of the meeting requests."),
        },
        {
            "id": "requests",
            "title": requests_title,
            "svg": bar_chart(
                request_rows,
                title=requests_title,
                empty_text=_("No requests yet"),
                format_value=_count,
            ),
        },
        {
            "id": "outcomes",
            "title": outcomes_title,
            "svg": bar_chart(
                outcome_rows,
                title=outcomes_title,
                empty_text=_("No feedback yet"),
                format_value=_count,
            ),
            "note": _("Each participant answers for each of their meetings."),
        },
        {
            "id": "countries",
            "title": country_title,
            "svg": bar_chart(
                _top(figures["by_country"], "accepted", "country_name", _("other countries")),
                title=country_title,
                total=totals["accepted"] or None,
                empty_text=empty,
                format_value=_count,
            ),
            "note": _("A meeting counts once for each country among its participants."),
        },
        {
            "id": "sectors",
            "title": sector_title,
            "svg": bar_chart(
                _top(figures["by_sector"], "accepted", "sector_name", _("other sectors")),
                title=sector_title,
                total=totals["accepted"] or None,
                empty_text=empty,
                format_value=_count,
            ),
            "note": _("A meeting counts once for each sector among its participants."),
        },
    ]
    context = manage_context(
        day,
        "statistics",
        figures=figures,
        totals=totals,
        charts=charts,
        funnel=[
            {"label": label, "count": count, "share": _share(count, totals["requested"])}
            for label, count in funnel
        ],
        realised_share=_share(totals["realised"], totals["scheduled"]),
        acceptance_share=_share(totals["accepted"], totals["requested"]),
        outcome_total=sum(count for _label, count in outcome_rows),
    )
    return render(request, "matchmaking/manage/statistics.html", context)


EXPORTS = {
    "statistics": (exports.statistics_rows, "statistics"),
    "meetings": (exports.meeting_rows, "meetings"),
}


def _export(request, day, fmt: str, what: str):
    if fmt not in exports.FORMATS:
        raise Http404
    rows_of, name = EXPORTS[what]
    rows = rows_of(day, language=translation.get_language() or "en")
    filename = f"{day.event.slug}-brokerage-{name}.{fmt}"
    return exports.download(rows, filename=filename, fmt=fmt, sheet=name)


@require_GET
@organiser_page
def export_statistics(request, day, fmt):
    return _export(request, day, fmt, "statistics")


@require_GET
@organiser_page
def export_meetings(request, day, fmt):
    return _export(request, day, fmt, "meetings")


_manage = "<slug:slug>/brokerage/manage/"

urlpatterns = [
    path(_manage + "statistics/", statistics, name="statistics"),
    path(_manage + "export/statistics.<str:fmt>", export_statistics, name="export_statistics"),
    path(_manage + "export/meetings.<str:fmt>", export_meetings, name="export_meetings"),
]
