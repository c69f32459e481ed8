"""The yearly partnership report: a PDF of a memorandum's year (cover, summary, the
commitments with their targets and results, charts, every indicator), built by the task
worker while the partners' admins watch its progress.

- :func:`build_pdf` draws the report: a pure function of the platform's data, written in
  the language asked for (fpdf2, the DejaVu fonts of :mod:`korpu.common` so that
  ə ğ ş ı İ print). Charts are drawn with fpdf2's lines, rectangles and circles.
- :func:`request_report` queues a report (checks, a row, an audit entry, the task on
  commit); :func:`run_report` is the task's work: it writes the progress to the row and
  stores the PDF with the other private uploads.

The figures are those of :func:`korpu.insights.kpis.partnership_kpis`: the year's figures
(and its breakdowns by country, gender, age and kind) and, for comparison, every year
from the first of the dashboard's range up to the report's year.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from fpdf import FPDF
from fpdf.fonts import FontFace

import korpu.common
from korpu.common import audit
from korpu.common.charts import nice_ticks, percent_text
from korpu.common.progress import progress_writer
from korpu.directory.models import Partnership

from . import kpis
from .formatting import figure
from .models import YearlyReport

FONT_DIR = Path(korpu.common.__file__).resolve().parent / "fonts"
FONT = "DejaVu"

BRAND = (11, 95, 115)
BRAND_LIGHT = (230, 240, 243)
INK = (20, 33, 43)
MUTED = (91, 107, 119)
GRID = (223, 229, 234)
OK = (30, 120, 70)
SHORT = (170, 95, 20)
TARGET = (190, 90, 40)

MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN  # A4 portrait
GAP = 6.0
HALF = (WIDTH - GAP) / 2
LINE_CHART_HEIGHT = 58.0
BAR_ROW = 6.2

# The indicators of the summary's key figures and, after the commitments', of the charts.
KEY_CODES = (
    "programmes_exchanged",
    "applications",
    "joint_events",
    "participants",
    "meetings_held",
    "deals_signed",
    "resident_companies",
    "devices_produced",
)
CHART_CODES = (
    "programmes_exchanged",
    "applications",
    "joint_events",
    "participants",
    "certificates",
    "meetings_held",
    "technology_profiles",
    "deals_signed",
    "resident_companies",
    "jobs",
    "lab_hours",
    "devices_produced",
)
FUNNELS = (
    (("applications", "admissions"), gettext_lazy("From applications to admissions")),
    (
        ("meeting_requests", "meetings_held", "cooperation_possible"),
        gettext_lazy("From meeting requests to cooperation"),
    ),
)

Progress = Callable[[float, str], None]


def _no_progress(fraction: float, phase: str) -> None:
    pass


# --- figures in the reader's language -----------------------------------------------------------
def change(now, before, kind: str = "count") -> str:
    """The change from last year, signed ("+3", "−2", "±0"); "—" when either is missing."""
    if now is None or before is None:
        return "—"
    difference = Decimal(now) - Decimal(before)
    if not difference:
        return "±0"
    sign = "+" if difference > 0 else "−"
    return sign + figure(abs(difference), "hours" if kind == "percent" else kind)


def share_of_target(value, target) -> str:
    if not target or value is None:
        return "—"
    return percent_text(float(value) / target)


def _tick(value: float) -> str:
    places = 0 if value == int(value) else 1
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- the document -----------------------------------------------------------------------------
class _Document(FPDF):
    """A4 portrait pages with a running head (from page 2) and "page X of Y" below."""

    def __init__(self, *, running_head: str, compress: bool):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_compression(compress)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 20, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()
        self.set_creator("Körpü")
        self.running_head = running_head

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 9)
        self.cell(WIDTH, 4, self.fit(self.running_head, WIDTH))
        self.set_draw_color(*GRID)
        self.set_line_width(0.2)
        self.line(MARGIN, 14, MARGIN + WIDTH, 14)
        self.set_xy(MARGIN, 20)

    def footer(self):
        self.set_xy(MARGIN, -12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        # The alias is replaced by the number of pages when the document is written.
        text = _("Page %(number)s of %(total)s") % {"number": self.page_no(), "total": "{nb}"}
        self.cell(WIDTH, 4, text, align="C")

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with "…" to fit on one line of ``width`` in the current font."""
        text = str(text)
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def room(self, height: float) -> None:
        """A new page unless ``height`` fits below the current position."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str) -> None:
        self.room(30)
        self.set_x(MARGIN)
        self.set_font(FONT, "B", 15)
        self.set_text_color(*BRAND)
        self.multi_cell(WIDTH, 7, text, align="L", new_x="LMARGIN")
        self.ln(2.5)

    def subheading(self, text: str) -> None:
        self.room(20)
        self.set_x(MARGIN)
        self.set_font(FONT, "B", 11)
        self.set_text_color(*INK)
        self.multi_cell(WIDTH, 5.5, text, align="L", new_x="LMARGIN")
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float = 9.5, color=INK, width: float = WIDTH) -> None:
        self.set_x(MARGIN)
        self.set_font(FONT, "", size)
        self.set_text_color(*color)
        self.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN")
        self.ln(1.5)

    def title_lines(self, text: str, *, x: float, y: float, width: float, size: float) -> float:
        """A chart's title on at most two lines; returns the y below it."""
        self.set_font(FONT, "B", size)
        self.set_text_color(*INK)
        lines = self.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES")
        if len(lines) > 2:
            lines = [lines[0], self.fit(" ".join(lines[1:]), width)]
        for index, line in enumerate(lines):
            self.set_xy(x, y + index * size * 0.45)
            self.cell(width, size * 0.45, line)
        return y + len(lines) * size * 0.45


# --- charts -----------------------------------------------------------------------------------
def chart_frame(pdf, title: str, x: float, y: float, width: float, height: float) -> float:
    """A chart's box and title; returns where the title ends."""
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, width, height)
    return pdf.title_lines(title, x=x + 3, y=y + 3, width=width - 6, size=8.5)


def no_data(pdf, x: float, y: float, width: float, height: float) -> None:
    """Write "No data yet" in the middle of an empty chart's box."""
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x, y + height / 2)
    pdf.cell(width, 4, _("No data yet"), align="C")


def line_chart(
    pdf: _Document,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    title: str,
    points: list[tuple[str, object]],
    kind: str = "count",
    target: int | None = None,
) -> None:
    """The trend over the years: a line with a dot and its figure per year, the last
    year stressed, the yearly target as a dashed line."""
    below = chart_frame(pdf, title, x, y, width, height)
    values = [float(value) for _label, value in points if value is not None]
    if not values:
        no_data(pdf, x, y, width, height)
        return
    left, right = x + 14, x + width - 6
    top, bottom = below + 7, y + height - 8
    high = max([*values, float(target or 0)])
    ticks = nice_ticks(0, high or 1, 4, whole_numbers=kind == "count")
    scale = (bottom - top) / (ticks[-1] or 1)

    def at(value) -> float:
        return bottom - float(value) * scale

    pdf.set_font(FONT, "", 6.5)
    for tick in ticks:
        pdf.set_draw_color(*GRID)
        pdf.set_line_width(0.15)
        pdf.line(left, at(tick), right, at(tick))
        pdf.set_text_color(*MUTED)
        pdf.set_xy(x + 1, at(tick) - 1.5)
        pdf.cell(left - x - 2.5, 3, _tick(tick), align="R")
    count = len(points)
    step = (right - left) / (count - 1) if count > 1 else 0
    xs = [left + index * step for index in range(count)] if count > 1 else [(left + right) / 2]
    if target:
        pdf.set_draw_color(*TARGET)
        pdf.set_line_width(0.35)
        pdf.set_dash_pattern(dash=1.2, gap=1)
        pdf.line(left, at(target), right, at(target))
        # Its legend above the plot, right-aligned: never over the line of figures.
        label = _("target %(target)s a year") % {"target": figure(target)}
        pdf.set_font(FONT, "", 6.5)
        label_width = pdf.get_string_width(label)
        pdf.line(right - label_width - 8, below + 2.2, right - label_width - 2, below + 2.2)
        pdf.set_dash_pattern()
        pdf.set_text_color(*TARGET)
        pdf.set_xy(right - label_width - 1, below + 0.7)
        pdf.cell(label_width + 1, 3, label, align="R")
    dots = [(xs[index], at(value)) for index, (_l, value) in enumerate(points) if value is not None]
    pdf.set_draw_color(*BRAND)
    pdf.set_fill_color(*BRAND)
    pdf.set_line_width(0.6)
    if len(dots) > 1:
        pdf.polyline(dots)
    for index, (label, value) in enumerate(points):
        last = index == count - 1
        pdf.set_text_color(*(INK if last else MUTED))
        pdf.set_font(FONT, "B" if last else "", 6.5)
        pdf.set_xy(xs[index] - 10, bottom + 1.5)
        pdf.cell(20, 3, label, align="C")
        if value is None:
            continue
        pdf.circle(xs[index], at(value), 1.3 if last else 0.9, style="F")
        pdf.set_text_color(*(BRAND if last else INK))
        pdf.set_xy(xs[index] - 12, at(value) - 4.6)
        pdf.cell(24, 3, figure(value, kind), align="C")


def bar_chart_height(rows: int) -> float:
    return 12 + max(rows, 1) * BAR_ROW + 2


def bar_chart(
    pdf: _Document,
    *,
    x: float,
    y: float,
    width: float,
    title: str,
    rows: list[tuple[str, object]],
    kind: str = "count",
    total=None,
    masked: str = "",
    height: float | None = None,
) -> None:
    """Horizontal bars, one per row; with ``total`` (a funnel's first step) each bar also
    says its share of it. A value of None is a masked cell: no bar, ``masked`` instead."""
    height = height or bar_chart_height(len(rows))
    below = chart_frame(pdf, title, x, y, width, height)
    values = [float(value) for _label, value in rows if value is not None]
    if not rows:
        no_data(pdf, x, y, width, height)
        return
    label_width = width * 0.36
    value_width = 26 if total else 16
    bar_left = x + 3 + label_width + 1
    bar_width = width - 3 - label_width - 1 - value_width - 3
    largest = float(total or 0) or max(values) or 1
    top = max(below + 2, y + 11)
    for index, (label, value) in enumerate(rows):
        row_y = top + index * BAR_ROW
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*INK)
        pdf.set_xy(x + 3, row_y)
        pdf.cell(label_width, BAR_ROW - 1.5, pdf.fit(label, label_width))
        pdf.set_fill_color(*BRAND_LIGHT)
        pdf.rect(bar_left, row_y + 0.6, bar_width, BAR_ROW - 2.7, style="F")
        if value is None:
            pdf.set_text_color(*MUTED)
            pdf.set_xy(bar_left + 1, row_y)
            pdf.cell(bar_width, BAR_ROW - 1.5, masked)
            continue
        length = bar_width * min(float(value) / largest, 1.0)
        if length > 0:
            pdf.set_fill_color(*BRAND)
            pdf.rect(bar_left, row_y + 0.6, length, BAR_ROW - 2.7, style="F")
        text = figure(value, kind)
        if total:
            text += f" ({percent_text(float(value) / float(total))})"
        pdf.set_font(FONT, "B", 7)
        pdf.set_xy(bar_left + bar_width + 1, row_y)
        pdf.cell(value_width, BAR_ROW - 1.5, text, align="R")


TABLE_STYLE = {
    "headings_style": FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BRAND),
    "borders_layout": "HORIZONTAL_LINES",
    "cell_fill_mode": "ROWS",
    "cell_fill_color": (246, 249, 250),
    "repeat_headings": 1,
}


def _table_pen(pdf: _Document) -> None:
    """The font and colours a table starts from (nothing left over from a chart)."""
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*GRID)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)


# --- the report's parts ------------------------------------------------------------------------
class _Report:
    """The figures of one report and the drawing of its parts."""

    def __init__(self, partnership, year, years, history, this_year, level, compress):
        self.partnership = partnership
        self.year = year
        self.years = years
        self.level = level
        self.commitments = [
            (result, year_result)
            for result, year_result in zip(
                [r for r in history if r.commitment is not None],
                [r for r in this_year if r.commitment is not None],
                strict=True,
            )
        ]
        self.history = {r.code: r for r in history if r.commitment is None}
        self.now = {r.code: r for r in this_year if r.commitment is None}
        head = _("%(partnership)s · yearly report %(year)s") % {
            "partnership": partnership.title,
            "year": year,
        }
        self.pdf = _Document(running_head=head, compress=compress)
        self.pdf.set_title(head)
        self.pdf.set_lang(translation.get_language())

    # The year's figure and last year's of an indicator.
    def value(self, result: kpis.KpiResult):
        return result.by_year.get(self.year, result.zero)

    def last_year(self, result: kpis.KpiResult):
        if self.year - 1 not in result.by_year:
            return None
        return result.by_year[self.year - 1]

    def countries(self, result: kpis.KpiResult) -> list[tuple[str, object]]:
        """(country, figure) of a result; "not given" last."""
        codes = sorted(result.countries, key=lambda code: (not code, code))
        return [(kpis.country_label(code), result.by_country[code]) for code in codes]

    # --- cover ---------------------------------------------------------------------------
    def cover(self) -> None:
        pdf = self.pdf
        partnership = self.partnership
        pdf.add_page()
        pdf.set_fill_color(*BRAND)
        pdf.rect(0, 0, 210, 78, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FONT, "B", 11)
        pdf.set_xy(MARGIN, 16)
        pdf.cell(WIDTH, 5, "Körpü")
        pdf.set_font(FONT, "", 13)
        pdf.set_xy(MARGIN, 34)
        pdf.cell(WIDTH, 6, _("Yearly report of the memorandum"))
        pdf.set_font(FONT, "B", 40)
        pdf.set_xy(MARGIN, 44)
        pdf.cell(WIDTH, 18, str(self.year))

        pdf.set_xy(MARGIN, 92)
        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "B", 22)
        pdf.multi_cell(WIDTH, 10, partnership.title, align="L", new_x="LMARGIN")
        pdf.ln(3)
        facts = []
        if partnership.signed_on:
            facts.append(_("Signed on %(date)s") % {"date": _date(partnership.signed_on)})
        if partnership.signed_at_place:
            facts.append(partnership.signed_at_place)
        if facts:
            pdf.paragraph(" · ".join(facts), size=10.5, color=MUTED)
        if partnership.summary:
            summary = partnership.summary.strip()
            if len(summary) > 700:
                summary = summary[:699].rstrip() + "…"
            pdf.paragraph(summary, size=10)
        pdf.ln(3)
        pdf.subheading(_("Parties"))
        for link in partnership.party_links.select_related("organisation").order_by(
            "organisation__name"
        ):
            organisation = link.organisation
            detail = ", ".join(
                part
                for part in (
                    kpis.country_label(organisation.country) if organisation.country else "",
                    link.get_role_display(),
                )
                if part
            )
            pdf.paragraph(f"•  {organisation.name} ({detail})", size=10)

        pdf.set_xy(MARGIN, 240)
        pdf.set_draw_color(*GRID)
        pdf.line(MARGIN, 238, MARGIN + WIDTH, 238)
        pdf.paragraph(
            _("Figures of %(year)s, compared with the years since %(first)s.")
            % {"year": self.year, "first": self.years[0]},
            size=9,
            color=MUTED,
        )
        pdf.paragraph(
            _("Generated on %(date)s from the platform's records.")
            % {"date": _date(timezone.localdate())},
            size=9,
            color=MUTED,
        )
        if self.level == kpis.PUBLIC:
            pdf.paragraph(
                _("Public summary: only public figures, computed over public records."),
                size=9,
                color=MUTED,
            )

    # --- summary -------------------------------------------------------------------------
    def summary(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.heading(_("Summary"))
        with_target = [
            (result, now) for result, now in self.commitments if result.measured and result.target
        ]
        met = sum(1 for result, now in with_target if (self.value(result) or 0) >= result.target)
        unmeasured = sum(1 for result, _now in self.commitments if not result.measured)
        sentences = []
        if not self.commitments:
            sentences.append(_("This memorandum has no commitments recorded."))
        if with_target:
            sentences.append(
                ngettext(
                    "In %(year)s the partners met the yearly target of %(met)s of "
                    "%(count)s commitment with a target.",
                    "In %(year)s the partners met the yearly target of %(met)s of "
                    "%(count)s commitments with a target.",
                    len(with_target),
                )
                % {"year": self.year, "met": met, "count": len(with_target)}
            )
        if unmeasured:
            sentences.append(
                ngettext(
                    "%(count)s commitment is not measured by the platform yet.",
                    "%(count)s commitments are not measured by the platform yet.",
                    unmeasured,
                )
                % {"count": unmeasured}
            )
        if sentences:
            pdf.paragraph(" ".join(sentences), size=10)
        pdf.ln(2)
        self.key_figures()

    def key_figures(self) -> None:
        pdf = self.pdf
        results = [self.history[code] for code in KEY_CODES if code in self.history]
        columns = 4
        width = (WIDTH - (columns - 1) * 3) / columns
        height = 25
        for index, result in enumerate(results):
            column = index % columns
            if column == 0:
                pdf.room(height + 3)
                top = pdf.get_y()
            left = MARGIN + column * (width + 3)
            pdf.set_fill_color(*BRAND_LIGHT)
            pdf.rect(left, top, width, height, style="F")
            pdf.title_lines(result.label, x=left + 2.5, y=top + 2.5, width=width - 5, size=7)
            pdf.set_font(FONT, "B", 15)
            pdf.set_text_color(*BRAND)
            pdf.set_xy(left + 2.5, top + 10.5)
            pdf.cell(width - 5, 7, figure(self.value(result), result.kind))
            before = self.last_year(result)
            if before is not None:
                pdf.set_font(FONT, "", 6.5)
                pdf.set_text_color(*MUTED)
                pdf.set_xy(left + 2.5, top + 18.5)
                pdf.cell(
                    width - 5,
                    3,
                    _("%(year)s: %(value)s")
                    % {"year": self.year - 1, "value": figure(before, result.kind)},
                )
            if column == columns - 1 or index == len(results) - 1:
                pdf.set_xy(MARGIN, top + height + 3)
        pdf.ln(4)

    # --- commitments ---------------------------------------------------------------------
    def commitments_table(self) -> None:
        pdf = self.pdf
        pdf.heading(_("Commitments"))
        if not self.commitments:
            pdf.paragraph(_("This memorandum has no commitments recorded."))
            return
        previous = [year for year in self.years if year < self.year]
        _table_pen(pdf)
        with pdf.table(
            col_widths=(48, 21, 16, 16, 40, 39),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT"),
            line_height=3.8,
            padding=1.2,
            **TABLE_STYLE,
        ) as table:
            row = table.row()
            for text in (
                _("Commitment"),
                _("Target %(year)s") % {"year": self.year},
                _("Result %(year)s") % {"year": self.year},
                _("% of target"),
                _("By partner country"),
                _("Previous years"),
            ):
                row.cell(text)
            for result, now in self.commitments:
                row = table.row()
                text = result.title
                if result.measured and result.label != result.title:
                    text += "\n" + _("Measured by: %(indicator)s") % {"indicator": result.label}
                row.cell(text)
                unit = f"\n{result.unit}" if result.unit else ""
                row.cell(f"{figure(result.target)}{unit}" if result.target else "—")
                if not result.measured:
                    row.cell(_("not measured yet"), colspan=2, style=FontFace(color=MUTED))
                    row.cell("—")
                    row.cell("—")
                    continue
                value = self.value(result)
                row.cell(figure(value, result.kind), style=FontFace(emphasis="BOLD"))
                colour = (
                    None if not result.target else OK if (value or 0) >= result.target else SHORT
                )
                row.cell(
                    share_of_target(value, result.target),
                    style=FontFace(emphasis="BOLD", color=colour) if colour else None,
                )
                countries = self.countries(now)
                row.cell(
                    "\n".join(f"{name}: {figure(v, now.kind)}" for name, v in countries) or "—"
                )
                row.cell(
                    "\n".join(
                        f"{year}: {figure(result.by_year.get(year), result.kind)}"
                        for year in previous
                    )
                    or "—"
                )
        pdf.ln(4)

    # --- charts --------------------------------------------------------------------------
    def charted(self) -> list[tuple[str, kpis.KpiResult, kpis.KpiResult, int | None]]:
        """(title, over the years, this year, target) of each chart row: the measured
        commitments first, then the main indicators not charted yet."""
        rows, seen = [], set()
        for result, now in self.commitments:
            if result.measured:
                seen.add(result.code)
                rows.append((result.title, result, now, result.target))
        for code in CHART_CODES:
            if code in self.history and code not in seen:
                seen.add(code)
                rows.append((self.history[code].label, self.history[code], self.now[code], None))
        return rows

    def trend_charts(self, progress: Progress, start: float, end: float) -> None:
        pdf = self.pdf
        rows = self.charted()
        pdf.add_page()
        pdf.heading(_("Trends and partner countries"))
        pdf.paragraph(
            _(
                "Left: each indicator from %(first)s to %(year)s, with the yearly target where "
                "there is one. Right: the figure of %(year)s by partner country."
            )
            % {"first": self.years[0], "year": self.year},
            size=8.5,
            color=MUTED,
        )
        for index, (title, result, now, target) in enumerate(rows):
            countries = self.countries(now) if now.kind != "percent" else []
            height = max(LINE_CHART_HEIGHT, bar_chart_height(len(countries)))
            pdf.room(height + 4)
            top = pdf.get_y()
            # Hours and percentages say their unit in the label already.
            unit = f" ({result.unit})" if result.unit and result.kind == "count" else ""
            line_chart(
                pdf,
                x=MARGIN,
                y=top,
                width=HALF,
                height=height,
                title=title + unit,
                points=[(str(year), result.by_year.get(year, result.zero)) for year in self.years],
                kind=result.kind,
                target=target,
            )
            bar_chart(
                pdf,
                x=MARGIN + HALF + GAP,
                y=top,
                width=HALF,
                title=_("%(indicator)s by country, %(year)s")
                % {"indicator": result.label, "year": self.year},
                rows=countries,
                kind=now.kind,
                height=height,
            )
            pdf.set_xy(MARGIN, top + height + 4)
            progress(start + (end - start) * (index + 1) / max(len(rows), 1), "charts")

    def funnels(self) -> None:
        pdf = self.pdf
        charts = []
        for codes, title in FUNNELS:
            if all(code in self.now for code in codes):
                charts.append(
                    (
                        f"{title}, {self.year}",
                        [(self.now[code].label, self.now[code].total) for code in codes],
                    )
                )
        if not charts:
            return
        pdf.heading(_("Funnels"))
        for title, rows in charts:
            height = bar_chart_height(len(rows))
            pdf.room(height + 4)
            top = pdf.get_y()
            bar_chart(
                pdf,
                x=MARGIN,
                y=top,
                width=WIDTH,
                title=title,
                rows=rows,
                total=rows[0][1] or None,
                height=height,
            )
            pdf.set_xy(MARGIN, top + height + 4)
        pdf.ln(2)

    def breakdowns(self) -> None:
        """The year's breakdowns (gender, age group, kind, type) two to a row."""
        pdf = self.pdf
        items = [
            (result, breakdown)
            for result in self.now.values()
            for breakdown in result.breakdowns
            if breakdown.suppressed or breakdown.rows
        ]
        if not items:
            return
        pdf.heading(_("Breakdowns of %(year)s") % {"year": self.year})
        masked = _("fewer than %(n)s") % {"n": kpis.MIN_GROUP}
        suppressed = _(
            "Fewer than %(n)s people: not broken down, so that nobody can be identified."
        ) % {"n": kpis.MIN_GROUP}
        for start in range(0, len(items), 2):
            pair = items[start : start + 2]
            height = max(
                30 if breakdown.suppressed else bar_chart_height(len(breakdown.rows))
                for _result, breakdown in pair
            )
            pdf.room(height + 4)
            top = pdf.get_y()
            for index, (result, breakdown) in enumerate(pair):
                x = MARGIN + index * (HALF + GAP)
                title = f"{result.label}: {breakdown.title}"
                if breakdown.suppressed:
                    pdf.set_draw_color(*GRID)
                    pdf.set_line_width(0.2)
                    pdf.rect(x, top, HALF, height)
                    below = pdf.title_lines(title, x=x + 3, y=top + 3, width=HALF - 6, size=8.5)
                    pdf.set_xy(x + 3, below + 3)
                    pdf.set_font(FONT, "", 7.5)
                    pdf.set_text_color(*MUTED)
                    pdf.multi_cell(HALF - 6, 3.6, suppressed, align="L")
                    continue
                bar_chart(
                    pdf,
                    x=x,
                    y=top,
                    width=HALF,
                    title=title,
                    rows=[(label, value) for _key, label, value in breakdown.rows],
                    masked=masked,
                    height=height,
                )
            pdf.set_xy(MARGIN, top + height + 4)

    # --- all indicators ------------------------------------------------------------------
    def indicators_table(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.heading(_("All indicators"))
        _table_pen(pdf)
        group_style = FontFace(emphasis="BOLD", color=BRAND, fill_color=BRAND_LIGHT)
        with pdf.table(
            col_widths=(66, 19, 19, 17, 59),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
            line_height=3.8,
            padding=1.2,
            **TABLE_STYLE,
        ) as table:
            row = table.row()
            for text in (
                _("Indicator"),
                str(self.year),
                str(self.year - 1),
                _("Change"),
                _("By partner country, %(year)s") % {"year": self.year},
            ):
                row.cell(text)
            for group, label in kpis.GROUPS.items():
                results = [r for r in self.history.values() if r.group == group]
                if not results:
                    continue
                table.row().cell(str(label), colspan=5, style=group_style)
                for result in results:
                    now = self.now[result.code]
                    before = self.last_year(result)
                    row = table.row()
                    unit = result.unit if result.kind == "count" else ""
                    row.cell(f"{result.label} ({unit})" if unit else result.label)
                    row.cell(figure(self.value(result), result.kind))
                    row.cell(figure(before, result.kind) if before is not None else "—")
                    row.cell(change(self.value(result), before, result.kind))
                    countries = self.countries(now)
                    row.cell(
                        "; ".join(f"{name}: {figure(v, now.kind)}" for name, v in countries) or "—"
                    )
        pdf.ln(4)
        pdf.paragraph(
            _(
                "The figures are computed from the platform's records when the report is "
                "generated. Groups of fewer than %(n)s people are not broken down by gender "
                "or age, so that nobody can be identified."
            )
            % {"n": kpis.MIN_GROUP},
            size=8,
            color=MUTED,
        )


# --- building ---------------------------------------------------------------------------------
def report_years(partnership: Partnership, year: int) -> list[int]:
    """The years of a report of ``year``: the dashboard's, up to ``year``. ``ValueError``
    for a year the dashboard does not cover."""
    available = kpis.default_years(partnership)
    if year not in available:
        raise ValueError("year")
    return [each for each in available if each <= year]


def render_pdf(
    partnership: Partnership,
    year: int,
    language: str,
    *,
    level: str = kpis.FULL,
    progress: Progress | None = None,
    compress: bool = True,
) -> tuple[bytes, int]:
    """The report as PDF bytes, and its number of pages. See :func:`build_pdf`."""
    progress = progress or _no_progress
    if language not in dict(settings.LANGUAGES):
        raise ValueError("language")
    year = int(year)
    years = report_years(partnership, year)
    with translation.override(language):
        progress(0.02, "history")
        # Computed anew, not taken from the dashboards' cache: a report is a record.
        history = kpis.partnership_kpis(partnership, None, years, level=level, fresh=True)
        progress(0.35, "year")
        this_year = kpis.partnership_kpis(partnership, None, [year], level=level, fresh=True)
        progress(0.55, "cover")
        report = _Report(partnership, year, years, history, this_year, level, compress)
        report.cover()
        report.summary()
        progress(0.6, "commitments")
        report.commitments_table()
        progress(0.62, "charts")
        report.trend_charts(progress, 0.62, 0.85)
        report.funnels()
        report.breakdowns()
        progress(0.9, "indicators")
        report.indicators_table()
        data = bytes(report.pdf.output())
        return data, report.pdf.pages_count


def build_pdf(
    partnership: Partnership,
    year: int,
    language: str,
    *,
    level: str = kpis.FULL,
    progress: Progress | None = None,
    compress: bool = True,
) -> bytes:
    """The yearly report of ``partnership`` for ``year`` in ``language``, as PDF bytes.

    A pure function of the platform's data: cover, summary, the commitments (target,
    result and share of the target in the year, by partner country, previous years),
    charts (trends up to the year, partner countries, funnels, breakdowns) and every
    indicator. ``progress(fraction, phase)`` is called along the way with a key of
    :data:`korpu.insights.models.YEARLY_REPORT_PHASES`. ``compress=False`` leaves the
    page contents readable (for tests). ``ValueError`` for a year outside
    :func:`korpu.insights.kpis.default_years` or an unknown language.
    """
    return render_pdf(
        partnership, year, language, level=level, progress=progress, compress=compress
    )[0]


# --- queueing and running ---------------------------------------------------------------------
def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def default_year(partnership: Partnership, today=None) -> int:
    """The year a report is usually wanted for: the last one that has ended (this year
    when the memorandum was signed this year)."""
    years = kpis.default_years(partnership, today)
    return years[-2] if len(years) > 1 else years[-1]


def checked_request(partnership: Partnership, year, language) -> tuple[int, str]:
    """``year`` and ``language`` of a request, or ``ValidationError`` saying what is wrong
    with each."""
    years = kpis.default_years(partnership)
    errors = {}
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        year = None
    if year not in years:
        errors["year"] = ValidationError(
            _("Choose a year from %(first)s to %(last)s.") % {"first": years[0], "last": years[-1]},
            code="invalid_year",
        )
    if language not in dict(settings.LANGUAGES):
        errors["language"] = ValidationError(
            _("Choose one of the languages: %(languages)s.")
            % {"languages": ", ".join(str(name) for _code, name in settings.LANGUAGES)},
            code="invalid_language",
        )
    if errors:
        raise ValidationError(errors)
    return year, language


STALE_AFTER = datetime.timedelta(hours=1)


def request_report(*, partnership: Partnership, year, language, actor) -> YearlyReport:
    """Queue the yearly report of ``year`` in ``language``: staff and the admins of a
    party only; one at a time per year and language."""
    from .tasks import build_yearly_report

    if kpis.access_level(actor, partnership) != kpis.FULL:
        raise PermissionDenied(_("Only the partners' admins can have the yearly report built."))
    year, language = checked_request(partnership, year, language)
    with transaction.atomic():
        # One request at a time per partnership: the check below and the insert see the
        # same rows.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        # A report no worker finished within STALE_AFTER (the worker was down or killed)
        # no longer blocks a new one.
        YearlyReport.objects.filter(
            partnership=partnership,
            status__in=(YearlyReport.Status.QUEUED, YearlyReport.Status.RUNNING),
            created_at__lt=timezone.now() - STALE_AFTER,
        ).update(
            status=YearlyReport.Status.FAILED,
            error="not finished within an hour: no task worker ran it",
            finished_at=timezone.now(),
        )
        busy = YearlyReport.objects.filter(
            partnership=partnership,
            year=year,
            language=language,
            status__in=(YearlyReport.Status.QUEUED, YearlyReport.Status.RUNNING),
        )
        if busy.exists():
            _refuse(
                _("This report is already being built: wait until it is ready."),
                "report_in_progress",
            )
        report = YearlyReport.objects.create(
            partnership=partnership, year=year, language=language, requested_by=actor
        )
        audit.record(
            actor=actor,
            action="insights.yearly_report",
            obj=report,
            changes={"year": [None, year], "language": [None, language]},
        )
        transaction.on_commit(lambda: build_yearly_report.enqueue(report.pk))
    return report


def _progress_writer(report: YearlyReport) -> Progress:
    """The build's progress, written to the report the page polls."""
    return progress_writer(YearlyReport.objects.filter(pk=report.pk), message_length=40)


def run_report(report: YearlyReport) -> YearlyReport:
    """Build a queued report: progress on the row, the PDF stored, the row done. An error
    propagates (the task records it as the report's failure)."""
    started = YearlyReport.objects.filter(pk=report.pk, status=YearlyReport.Status.QUEUED).update(
        status=YearlyReport.Status.RUNNING,
        started_at=timezone.now(),
        progress=0.0,
        progress_message="history",
    )
    if not started:  # already run, or running elsewhere
        report.refresh_from_db()
        return report
    write = _progress_writer(report)
    data, pages = render_pdf(
        report.partnership, report.year, report.language, level=kpis.FULL, progress=write
    )
    write(0.95, "saving")
    report.file.save(report.filename, ContentFile(data), save=False)
    YearlyReport.objects.filter(pk=report.pk).update(
        status=YearlyReport.Status.DONE,
        progress=1.0,
        progress_message="done",
        file=report.file.name,
        size=len(data),
        pages=pages,
        error="",
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
