"""The server-side SVG charts: bar charts, percentages per language, the moved line chart."""

import xml.etree.ElementTree as ET

from korpu.common import charts
from korpu.programs import charts as programme_charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root, css_class: str) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == css_class]


def test_bar_chart_reads_out_counts_and_shares():
    svg = charts.bar_chart([("Azerbaijan", 6), ("Türkiye", 3), ("Georgia", 1)], title="Country")
    root = parse(svg)
    assert (root.get("role"), root.get("aria-label")) == (
        "img",
        "Country: Azerbaijan 6 (60%); Türkiye 3 (30%); Georgia 1 (10%)",
    )
    assert texts(root, "chart-label") == ["Azerbaijan", "Türkiye", "Georgia"]
    assert texts(root, "chart-value") == ["6 (60%)", "3 (30%)", "1 (10%)"]
    bars = root.findall(f".//{SVG}rect[@class='chart-bar']")
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "Azerbaijan: 6 (60%)",
        "Türkiye: 3 (30%)",
        "Georgia: 1 (10%)",
    ]
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == 480 - 150 - 96  # the largest count fills the plot
    assert widths[1] == widths[0] / 2
    assert "style" not in svg and "<script" not in svg


def test_bar_chart_shares_of_a_given_total_and_in_turkish():
    # Several choices per person: shares of the 4 respondents, not of the 6 ticks.
    root = parse(charts.bar_chart([("AI", 4), ("IoT", 2)], title="Topics", total=4))
    assert root.get("aria-label") == "Topics: AI 4 (100%); IoT 2 (50%)"
    from django.utils import translation

    with translation.override("tr"):
        root = parse(charts.bar_chart([("Evet", 1), ("Hayır", 3)], title="Katılır mısınız?"))
    assert root.get("aria-label") == "Katılır mısınız?: Evet 1 (%25); Hayır 3 (%75)"


def test_bar_chart_escapes_and_shortens_long_labels():
    evil = "<script>alert('x')</script> & a very long label that goes on"
    svg = charts.bar_chart([(evil, 2)], title=f"T {evil}", format_value=lambda v: f"{v} <b>")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == f"T {evil}: {evil} 2 <b> (100%)"
    [label] = texts(root, "chart-label")
    assert label.endswith("…") and len(label) == 20 and evil.startswith(label[:-1])
    assert root.find(f".//{SVG}rect[@class='chart-bar']/{SVG}title").text == f"{evil}: 2 <b> (100%)"


def test_empty_bar_chart_says_so():
    for rows in ([], [("A", 0), ("B", 0)]):
        root = parse(charts.bar_chart(rows, title="Gender", empty_text="No answers yet"))
        assert root.get("aria-label") == "Gender: No answers yet"
        assert [t.text for t in root.iter(f"{SVG}text")] == ["No answers yet"]
        assert root.findall(f".//{SVG}rect[@class='chart-bar']") == []


def test_zero_bars_are_drawn_flat():
    root = parse(charts.bar_chart([("Yes", 3), ("No", 0)], title="Again?"))
    assert [b.get("width") for b in root.findall(f".//{SVG}rect[@class='chart-bar']")] == [
        "234",
        "0",
    ]
    assert root.get("aria-label") == "Again?: Yes 3 (100%); No 0 (0%)"


def test_percentages_follow_the_language():
    assert [charts.percent_text(0.456, code) for code in ("en", "az", "tr")] == [
        "46%",
        "46%",
        "%46",
    ]
    assert charts.percent_text(1 / 3, "xx-unknown") == "33%"


def test_line_chart_moved_and_still_importable_from_programmes():
    assert programme_charts.line_chart is charts.line_chart
    assert programme_charts.nice_ticks is charts.nice_ticks
    root = parse(charts.line_chart([("Jan", 1), ("Feb", 3)], title="People", whole_numbers=True))
    assert root.get("aria-label") == "People: Jan 1; Feb 3"
    assert texts(root, "chart-tick") == ["0", "1", "2", "3"]
