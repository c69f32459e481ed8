"""The technopark scorecard: parks × years with their dimension and overall scores, a chart
per dimension, a park-year's figures and how each score was computed, and the table as
CSV or XLSX.

Who sees what is :func:`korpu.insights.scorecard.access_for`: staff and agency admins
every park in full, a park's managers their parks in full and the public parks' scores,
anyone else nothing (403; the sign-in page for a visitor).

Filters (``?from=&to=`` years, or ``?years=2021-2024``; ``?parks=slug`` repeated or
comma-separated): bad years say so and answer 400 with the default years shown; a park
unknown or not compared answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, line_chart
from korpu.events.exports import FORMATS, download

from .. import scorecard as sc


def score_text(value) -> str:
    """A score or a value as the reader's language writes it; "no data" for none."""
    if value is None:
        return _("no data")
    return number_format(value, decimal_pos=1, use_l10n=True)


def amount_text(value, places: int = 2) -> str:
    if value is None:
        return _("no data")
    if isinstance(value, int):
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _raw_years(request):
    """The years asked for: ``years`` (repeated or a list), else ``from``–``to``."""
    years = request.GET.getlist("years")
    if years:
        return years
    first, last = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    if first or last:
        return [f"{first or last}-{last or first}"]
    return []


def _scorecard(request) -> tuple[sc.Scorecard, int]:
    """The scorecard the request asks for and the status to answer with."""
    access = sc.access_for(request.user)
    if access is None:
        raise PermissionDenied
    status = 200
    try:
        years = sc.parse_years(_raw_years(request))
    except sc.BadInput as bad:
        messages.error(request, str(bad))
        years, status = sc.default_years(), 400
    try:
        parks = sc.choose_parks(access, request.GET.getlist("parks"))
    except LookupError as unknown:
        raise Http404(str(unknown.args[0])) from unknown
    return sc.build(access, parks, years), status


def _query(card: sc.Scorecard, chosen_parks: list[str]) -> str:
    pairs = [("years", f"{card.years[0]}-{card.years[-1]}")]
    if len(card.years) != card.years[-1] - card.years[0] + 1:
        pairs = [("years", ",".join(str(year) for year in card.years))]
    pairs += [("parks", slug) for slug in chosen_parks]
    return urlencode(pairs)


def _charts(card: sc.Scorecard) -> list[dict]:
    """Per dimension (the overall score first): a trend per park over the years, or with
    one year a bar per park. Park-years without data are gaps, never zeros."""
    sections = [(_("Overall score"), lambda cell: cell.overall)]
    sections += [
        (str(dimension.label), lambda cell, code=dimension.code: cell.dimensions[code])
        for dimension in sc.DIMENSIONS
    ]
    charts = []
    for title, score_of in sections:
        if len(card.years) > 1:
            drawn = [
                line_chart(
                    [(str(cell.year), score_of(cell)) for cell in cells],
                    title=f"{park.name}: {title}",
                    empty_text=_("No data"),
                    format_value=score_text,
                    width=320,
                    height=200,
                )
                for park, cells in card.rows()
            ]
        else:
            scored = [(park.name, score_of(cells[0])) for park, cells in card.rows()]
            drawn = [
                bar_chart(
                    [(name, score) for name, score in scored if score is not None],
                    title=f"{title}, {card.years[0]}",
                    total=100,
                    empty_text=_("No data"),
                    format_value=score_text,
                )
            ]
        charts.append({"title": title, "charts": drawn})
    return charts


@require_GET
@login_required
def scorecard(request):
    card, status = _scorecard(request)
    chosen = [park.slug for park in card.parks] if request.GET.getlist("parks") else []
    query = _query(card, chosen)
    rows = [
        {
            "park": park,
            "full": card.access.level(park.pk) == sc.FULL,
            "cells": [
                {
                    "cell": cell,
                    "overall": score_text(cell.overall),
                    "dimensions": [score_text(cell.dimensions[d.code]) for d in sc.DIMENSIONS],
                    "covered": len(cell.covered),
                }
                for cell in cells
            ],
        }
        for park, cells in card.rows()
    ]
    return render(
        request,
        "insights/scorecard/index.html",
        {
            "card": card,
            "rows": rows,
            "dimensions": sc.DIMENSIONS,
            "dimension_count": len(sc.DIMENSIONS),
            "indicators": [(d, sc.indicators_of(d.code)) for d in sc.DIMENSIONS],
            "all_parks": list(card.access.parks),
            "chosen": set(chosen),
            "charts": _charts(card),
            "query": query,
            "formats": FORMATS,
            "everything": card.access.everything,
        },
        status=status,
    )


@require_GET
@login_required
def park_year(request, park, year):
    """A park's figures in a year and, for each indicator, how its score was computed."""
    card, status = _scorecard(request)
    cell = card.cells.get(next(((p.pk, year) for p in card.parks if p.slug == park), None))
    if cell is None:
        raise Http404(_("This park and year are not in the scorecard shown."))
    if not cell.full:
        raise PermissionDenied
    steps = []
    for dimension, score, items in sc.explain(card, cell):
        steps.append(
            {
                "dimension": dimension,
                "score": score_text(score),
                "steps": [
                    {
                        "step": step,
                        "unit": sc.unit(step.indicator),
                        "numerator": [
                            (figure, amount_text(value)) for figure, value in step.numerator
                        ],
                        "denominator": (step.denominator[0], amount_text(step.denominator[1])),
                        "value": amount_text(step.value),
                        "best": amount_text(step.best.value) if step.best else None,
                        "best_park": next(
                            (p.name for p in card.parks if step.best and p.pk == step.best.park_id),
                            "",
                        ),
                        "score": score_text(step.score),
                    }
                    for step in items
                ],
            }
        )
    figures = [
        {
            "figure": figure,
            "value": amount_text(cell.figures.get(figure.code)),
            "currency": cell.currency if figure.money else "",
        }
        for figure in sc.FIGURES
    ]
    chosen = [p.slug for p in card.parks] if request.GET.getlist("parks") else []
    return render(
        request,
        "insights/scorecard/park_year.html",
        {
            "card": card,
            "cell": cell,
            "overall": score_text(cell.overall),
            "covered": [sc.DIMENSIONS_BY_CODE[code] for code in cell.covered],
            "dimension_count": len(sc.DIMENSIONS),
            "explained": steps,
            "report_figures": [f for f in figures if f["figure"].source == "reports"],
            "platform_figures": [f for f in figures if f["figure"].source == "platform"],
            "query": _query(card, chosen),
        },
        status=status,
    )


@require_GET
@login_required
def export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    card, status = _scorecard(request)
    if status != 200:
        return render(request, "insights/scorecard/bad_input.html", status=status)
    return download(
        sc.export_rows(card),
        filename=f"scorecard-{card.years[0]}-{card.years[-1]}.{fmt}",
        fmt=fmt,
        sheet=_("Scorecard"),
    )


urlpatterns = [
    path("scorecard/", scorecard, name="scorecard"),
    path("scorecard/export.<str:fmt>", export, name="scorecard_export"),
    path("scorecard/<slug:park>/<int:year>/", park_year, name="scorecard_park_year"),
]
