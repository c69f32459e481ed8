"""Charts drawn on the server as inline SVG: line charts and horizontal bar charts.

No JavaScript and no ``style`` attributes (the Content Security Policy forbids inline
styles): shapes carry SVG presentation attributes (``stroke``, ``fill``, ``font-size``)
and CSS classes. Each chart is an image for assistive technology (``role="img"`` with
an ``aria-label`` that reads out the figures), each point has a ``<title>`` tooltip, and
every piece of text that came from data is escaped. Pages put a table of the same
figures underneath.

:func:`line_chart` and :func:`bar_chart` are pure functions: figures in, an SVG string
out.
"""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from babel import UnknownLocaleError
from babel.numbers import format_percent
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

Number = int | float | Decimal

# Colours of the house palette (korpu.css): the CSS classes may restyle them.
INK_MUTED = "#5b6b77"
GRID = "#dfe5ea"
BRAND = "#0b5f73"


def compact_number(value: float) -> str:
    """A short axis label: 950, 1.5k, 12k, 2.4M."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            scaled = value / limit
            text = f"{scaled:.1f}" if abs(scaled) < 10 else f"{scaled:.0f}"
            return text.removesuffix(".0") + suffix
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_ticks(
    low: float, high: float, count: int = 4, *, whole_numbers: bool = False
) -> list[float]:
    """Round tick values from ``low`` (or below) to ``high`` (or above), about ``count``
    intervals: steps of 1, 2, 2.5 or 5 times a power of ten (at least 1 for counts of
    things, ``whole_numbers``)."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1)
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole_numbers:
        step = max(1, math.ceil(step))
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high and len(ticks) < 50:
        ticks.append(round(first + len(ticks) * step, 10))
    return ticks


def _a(value: str) -> str:
    return escape(str(value), quote=True)


def _f(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def percent_text(share: float, language: str | None = None) -> str:
    """A share (0.456) as a percentage the way the language writes it: 46% in English
    and Azerbaijani, %46 in Turkish (CLDR)."""
    language = (language or get_language() or "en").split("-")[0]
    try:
        return format_percent(share, locale=language)
    except (ValueError, LookupError, UnknownLocaleError):
        return format_percent(share, locale="en")


def _frame(open_tag: str, title: str, empty_text: str, width: int, height: int) -> SafeString:
    return mark_safe(
        f'{open_tag}aria-label="{_a(f"{title}: {empty_text}")}">'
        f'<rect class="chart-frame" x="0.5" y="0.5" width="{width - 1}" '
        f'height="{height - 1}" fill="none" stroke="{GRID}"/>'
        f'<text class="chart-empty" x="{width / 2:g}" y="{height / 2:g}" '
        f'text-anchor="middle" font-size="13" fill="{INK_MUTED}">{_a(empty_text)}</text>'
        "</svg>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def line_chart(
    points: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    empty_text: str = "No data",
    format_value: Callable[[Number], str] | None = None,
    format_tick: Callable[[float], str] = compact_number,
    whole_numbers: bool = False,
    width: int = 480,
    height: int = 240,
    css_class: str = "chart",
) -> SafeString:
    """An SVG line chart of ``points`` (``(label, value)`` pairs in order; a ``None``
    value leaves a gap in the line).

    ``format_value`` writes a value for the tooltips and the spoken label (default:
    :func:`compact_number`), ``format_tick`` the y-axis labels; ``whole_numbers`` keeps
    the y-axis ticks whole (people, customers). With no values the chart says
    ``empty_text``.
    """
    format_value = format_value or (lambda v: compact_number(float(v)))
    known = [(label, value) for label, value in points if value is not None]
    open_tag = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_a(css_class)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
    )
    if not known:
        return _frame(open_tag, title, empty_text, width, height)

    spoken = "; ".join(f"{label} {format_value(value)}" for label, value in known)
    values = [float(value) for _label, value in known]
    ticks = nice_ticks(min(0.0, min(values)), max(values), whole_numbers=whole_numbers)
    bottom, top = ticks[0], ticks[-1]

    left, right, above, below = 56, 28, 14, 40
    plot_w, plot_h = width - left - right, height - above - below
    count = len(points)

    def x_at(index: int) -> float:
        if count == 1:
            return left + plot_w / 2
        return left + index * plot_w / (count - 1)

    def y_at(value: float) -> float:
        return above + plot_h - (value - bottom) / (top - bottom) * plot_h

    parts = [f'{open_tag}aria-label="{_a(f"{title}: {spoken}")}">']

    # Horizontal grid lines with the y-axis labels.
    parts.append(f'<g class="chart-grid" stroke="{GRID}" stroke-width="1">')
    for tick in ticks:
        y = _f(y_at(tick))
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}"/>')
    parts.append("</g>")
    parts.append(
        f'<g class="chart-axis" font-size="12" fill="{INK_MUTED}">'
        f'<line x1="{left}" y1="{above}" x2="{left}" y2="{above + plot_h}" stroke="{INK_MUTED}"/>'
        f'<line x1="{left}" y1="{above + plot_h}" x2="{width - right}" y2="{above + plot_h}" '
        f'stroke="{INK_MUTED}"/>'
    )
    for tick in ticks:
        parts.append(
            f'<text class="chart-tick" x="{left - 6}" y="{_f(y_at(tick) + 4)}" '
            f'text-anchor="end">{_a(format_tick(tick))}</text>'
        )
    # X labels: thinned so they do not overlap; the last one always shows.
    every = max(1, math.ceil(count / max(1, plot_w // 64)))
    for index, (label, _value) in enumerate(points):
        if index % every and index != count - 1:
            continue
        if index != count - 1 and count - 1 - index < every:
            continue  # too close to the last label
        parts.append(
            f'<text class="chart-label" x="{_f(x_at(index))}" y="{height - below + 18}" '
            f'text-anchor="middle">{_a(label)}</text>'
        )
    parts.append("</g>")

    # The line, broken where a value is missing.
    path, pen_down = [], False
    for index, (_label, value) in enumerate(points):
        if value is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{_f(x_at(index))} {_f(y_at(float(value)))}")
        pen_down = True
    parts.append(
        f'<path class="chart-line" d="{" ".join(path)}" fill="none" stroke="{BRAND}" '
        'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
    )
    parts.append(f'<g class="chart-points" fill="{BRAND}">')
    for index, (label, value) in enumerate(points):
        if value is None:
            continue
        parts.append(
            f'<circle class="chart-point" cx="{_f(x_at(index))}" cy="{_f(y_at(float(value)))}" '
            f'r="4"><title>{_a(f"{label}: {format_value(value)}")}</title></circle>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))


def bar_chart(
    rows: Sequence[tuple[str, Number]],
    *,
    title: str,
    total: Number | None = None,
    empty_text: str = "No data",
    format_value: Callable[[Number], str] | None = None,
    width: int = 480,
    label_width: int = 150,
    bar_height: int = 20,
    gap: int = 8,
    css_class: str = "chart chart-bars",
) -> SafeString:
    """A horizontal bar chart of ``rows`` (``(label, count)`` pairs, drawn in the order
    given), each bar followed by its count and its share of ``total``.

    ``total`` defaults to the sum of the counts; pass the number of respondents for
    questions where one person may pick several answers. Long labels are shortened on
    the chart (the tooltip and the spoken label keep them whole). With nothing to count
    the chart says ``empty_text``.
    """
    format_value = format_value or (lambda v: compact_number(float(v)))
    rows = [(str(label), value or 0) for label, value in rows]
    total = float(sum(float(v) for _label, v in rows) if total is None else total)
    above, below, right = 8, 8, 96
    height = max(above + below + len(rows) * (bar_height + gap) - gap, 60)
    open_tag = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_a(css_class)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
    )
    if not rows or total <= 0:
        return _frame(open_tag, title, empty_text, width, height)

    def share(value) -> str:
        return percent_text(float(value) / total)

    def figure(value) -> str:
        return f"{format_value(value)} ({share(value)})"

    spoken = "; ".join(f"{label} {figure(value)}" for label, value in rows)
    largest = max(float(v) for _label, v in rows) or 1.0
    plot_w = width - label_width - right
    parts = [
        f'{open_tag}aria-label="{_a(f"{title}: {spoken}")}">',
        f'<g class="chart-axis" font-size="12" fill="{INK_MUTED}">',
        f'<line x1="{label_width}" y1="{above - 4}" x2="{label_width}" '
        f'y2="{height - below + 4}" stroke="{INK_MUTED}"/>',
    ]
    bars = [f'<g class="chart-bars-group" fill="{BRAND}">']
    max_chars = max(4, (label_width - 8) // 7)
    for index, (label, value) in enumerate(rows):
        y = above + index * (bar_height + gap)
        middle = _f(y + bar_height / 2 + 4)
        length = float(value) / largest * plot_w
        parts.append(
            f'<text class="chart-label" x="{label_width - 8}" y="{middle}" '
            f'text-anchor="end">{_a(_shorten(label, max_chars))}</text>'
            f'<text class="chart-value" x="{_f(label_width + length + 6)}" y="{middle}" '
            f'text-anchor="start">{_a(figure(value))}</text>'
        )
        bars.append(
            f'<rect class="chart-bar" x="{label_width}" y="{y}" width="{_f(length)}" '
            f'height="{bar_height}"><title>{_a(f"{label}: {figure(value)}")}</title></rect>'
        )
    parts.append("</g>")
    parts.extend(bars)
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
