"""Quality of technology-transfer matching on the evaluation set (issue 6).

    .venv/bin/python bench/profile_match/evaluate.py
    .venv/bin/python bench/profile_match/evaluate.py --modes bm25,combined --json out.json
    .venv/bin/python bench/profile_match/evaluate.py --misses dev      # what combined misses

Loads bench/profile_match/eval/part*.json (or the files given), puts ALL offers (type TO, the
paired ones and the near-miss distractors of every part) into one ``ProfileIndex`` and asks
``matches(request, mode=...)`` for every request (type TR) in each mode: bm25 (the
baseline), lexical, embedding, combined. The rank of the request's paired offer gives

    recall@k  share of requests whose offer is among the first k (k = 1, 5, 10)
    MRR       mean of 1/rank over the full ranking (an offer not returned at all counts 0)

for the dev split, the test split and all requests, and broken down by same-language vs
cross-language pairs and by (request language -> offer language). Split (fixed by the
contract, so tuning on dev cannot see test): a request is "dev" when
``int(sha1(id).hexdigest(), 16) % 3 == 0``, else "test".

As a reference computed by the bench itself (no solver, no text), offers are also ranked
by the Jaccard overlap of the picked keyword codes alone (ties broken against the pair).

``--distractors N`` puts N generated profiles (generate.py, seed 1; about 30% of them offers)
into the index as well, to see the quality among ~100,000 profiles, where the solver may
not embed every word; MRR then looks at the first 100 only.

A grouped bar chart of recall@10 per mode and language pair goes to
bench/out/profile_match/recall10.svg (``--svg`` to change). ``--json`` writes every figure and
the rank of every pair per mode. Exit status 2 on an unreadable or inconsistent evaluation set.
Takes /tmp/korpu-bench.lock (``--no-lock`` when the caller holds it, as run.py does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pmcommon import (  # noqa: E402
    EVAL_DIR,
    LANGUAGES,
    MODES,
    OUT,
    SOLVER,
    make_profile,
    solver,
    take_lock,
)

KS = (1, 5, 10)
SPLITS = ("dev", "test", "all")
ARROW = "→"


class EvalSetError(ValueError):
    """The evaluation files are unreadable or inconsistent (one line, for the user)."""


def split_of(request_id: str) -> str:
    """ "dev" or "test": the contract's fixed rule."""
    return "dev" if int(hashlib.sha1(request_id.encode()).hexdigest(), 16) % 3 == 0 else "test"


@dataclass
class EvalSet:
    offers: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)  # profile id -> file name
    files: list[str] = field(default_factory=list)
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # for --misses

    def offer(self, offer_id: str) -> dict:
        return self._offers[offer_id]

    def index(self) -> None:
        self._offers = {o["id"]: o for o in self.offers}
        self._requests = {r["id"]: r for r in self.requests}

    def request(self, request_id: str) -> dict:
        return self._requests[request_id]


def _check_profile(record, where: str) -> None:
    if not isinstance(record, dict):
        raise EvalSetError(f"{where}: a profile must be a JSON object")
    for key in ("id", "type", "title", "language"):
        if not isinstance(record.get(key), str) or not record[key]:
            raise EvalSetError(f"{where}: profile {record.get('id')!r} has no {key!r}")
    if record["language"] not in LANGUAGES:
        raise EvalSetError(f"{where}: profile {record['id']}: language {record['language']!r}")
    if not isinstance(record.get("keywords", []), list):
        raise EvalSetError(f"{where}: profile {record['id']}: keywords must be a list")


def load_eval(paths: Iterable[Path]) -> EvalSet:
    """All parts together; ids must be unique across parts and every pair must resolve."""
    data = EvalSet()
    seen: set[str] = set()
    for path in paths:
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise EvalSetError(f"cannot read {path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise EvalSetError(f"{path}: invalid JSON: {exc}") from None
        name = Path(path).name
        if not isinstance(doc, dict) or not {"offers", "requests", "pairs"} <= doc.keys():
            raise EvalSetError(f"{name}: expected an object with offers, requests and pairs")
        data.files.append(name)
        for kind, expected in (("offers", "TO"), ("requests", "TR")):
            if not isinstance(doc[kind], list):
                raise EvalSetError(f"{name}: {kind} must be a list of profiles")
            for record in doc[kind]:
                _check_profile(record, name)
                if record["type"] != expected:
                    raise EvalSetError(
                        f"{name}: {kind} must have type {expected}; {record['id']} is "
                        f"{record['type']}"
                    )
                if record["id"] in seen:
                    raise EvalSetError(f"{name}: profile id {record['id']} appears twice")
                seen.add(record["id"])
                data.part_of[record["id"]] = name
                getattr(data, kind).append(record)
        if not isinstance(doc["pairs"], dict):
            raise EvalSetError(f"{name}: pairs must be an object request id -> offer id")
        for request_id, offer_id in doc["pairs"].items():
            if request_id in data.pairs:
                raise EvalSetError(f"{name}: request {request_id} is paired twice")
            data.pairs[request_id] = offer_id
    data.index()
    for request_id, offer_id in data.pairs.items():
        if request_id not in data._requests:
            raise EvalSetError(f"{data.part_of.get(request_id, '?')}: no request {request_id}")
        if offer_id not in data._offers:
            raise EvalSetError(
                f"{data.part_of[request_id]}: request {request_id} is paired with unknown "
                f"offer {offer_id}"
            )
    return data


def rank_of(target: str, ranked: Sequence[str]) -> int | None:
    """1-based position of ``target`` in ``ranked``; None when absent."""
    try:
        return list(ranked).index(target) + 1
    except ValueError:
        return None


def metrics(ranks: Sequence[int | None], ks: Sequence[int] = KS) -> dict:
    """recall@k for each k and MRR of a list of ranks (None = not found, counts 0)."""
    n = len(ranks)
    out: dict = {"n": n}
    for k in ks:
        hits = sum(1 for r in ranks if r is not None and r <= k)
        out[f"hits@{k}"] = hits
        out[f"recall@{k}"] = hits / n if n else None
    out["mrr"] = sum(1 / r for r in ranks if r is not None) / n if n else None
    return out


def pair_group(request_language: str, offer_language: str) -> str:
    return f"{request_language}{ARROW}{offer_language}"


def groups_of(request: dict, offer: dict) -> list[str]:
    """The breakdown groups one pair counts in."""
    rl, ol = request["language"], offer["language"]
    return ["all", "same-language" if rl == ol else "cross-language", pair_group(rl, ol)]


def group_names() -> list[str]:
    return ["all", "same-language", "cross-language"] + [
        pair_group(a, b) for a in LANGUAGES for b in LANGUAGES
    ]


def summarise(data: EvalSet, ranks: dict[str, int | None]) -> dict:
    """{split: {group: metrics}} for the ranks of one mode (request id -> rank)."""
    buckets: dict[str, dict[str, list]] = {s: {g: [] for g in group_names()} for s in SPLITS}
    for request_id, offer_id in data.pairs.items():
        request, offer = data.request(request_id), data.offer(offer_id)
        for split in (split_of(request_id), "all"):
            for group in groups_of(request, offer):
                buckets[split][group].append(ranks.get(request_id))
    return {s: {g: metrics(r) for g, r in groups.items() if r} for s, groups in buckets.items()}


def evaluate(
    data: EvalSet, rank_fn: Callable[[str, dict], list[str]], modes: Sequence[str]
) -> tuple[dict, dict, dict]:
    """(summary per mode, ranks per mode, seconds per mode); ``rank_fn(mode, request)``
    returns offer ids, best first."""
    summary, ranks, seconds = {}, {}, {}
    for mode in modes:
        start = time.perf_counter()
        ranks[mode] = {
            request_id: rank_of(offer_id, rank_fn(mode, data.request(request_id)))
            for request_id, offer_id in data.pairs.items()
        }
        seconds[mode] = time.perf_counter() - start
        summary[mode] = summarise(data, ranks[mode])
    return summary, ranks, seconds


def keyword_ranking(data: EvalSet) -> Callable[[str, dict], list[str]]:
    """A reference computed by the bench, not the solver: offers ranked by the Jaccard
    overlap of their picked keyword codes with the request's, ties broken AGAINST the
    paired offer (it comes last among equals), so the figure is not inflated by luck."""

    def ranked(_mode: str, request: dict) -> list[str]:
        mine, target = set(request.get("keywords") or ()), data.pairs.get(request["id"])
        scored = []
        for offer in data.offers:
            theirs = set(offer.get("keywords") or ())
            jaccard = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
            scored.append((-jaccard, offer["id"] == target, offer["id"]))
        return [oid for *_, oid in sorted(scored)]

    return ranked


def counts(data: EvalSet) -> dict:
    paired = set(data.pairs.values())
    pair_langs = Counter(
        pair_group(data.request(r)["language"], data.offer(o)["language"])
        for r, o in data.pairs.items()
    )
    languages = sorted({p["language"] for p in data.offers + data.requests})
    return {
        "files": data.files,
        "offers": len(data.offers),
        "paired_offers": len(paired),
        "distractor_offers": len(data.offers) - len(paired),
        "requests": len(data.requests),
        "pairs": len(data.pairs),
        "dev_pairs": sum(1 for r in data.pairs if split_of(r) == "dev"),
        "test_pairs": sum(1 for r in data.pairs if split_of(r) == "test"),
        "same_language_pairs": sum(v for k, v in pair_langs.items() if k[0:2] == k[-2:]),
        "cross_language_pairs": sum(v for k, v in pair_langs.items() if k[0:2] != k[-2:]),
        "languages": languages,
        "offers_by_language": dict(Counter(o["language"] for o in data.offers)),
        "requests_by_language": dict(Counter(r["language"] for r in data.requests)),
        "pairs_by_language_pair": {g: pair_langs[g] for g in group_names()[3:] if pair_langs[g]},
    }


# --------------------------------------------------------------------------- the chart
# The chart is a list of shapes, written out as SVG (for the browser) and as PNG through
# Pillow (a dependency of the project; the font is the DejaVu Sans shipped in korpu/common).

COLOURS = {"bm25": "#9aa7b0", "lexical": "#d08c2b", "embedding": "#6a4fa3", "combined": "#0b5f73"}
INK, MUTED, GRID, TARGET = "#2b3640", "#5b6b77", "#dfe5ea", "#c0392b"
FONTS = HERE.parents[1] / "src" / "korpu" / "common" / "fonts"


@dataclass
class Chart:
    width: int
    height: int
    label: str  # read out by assistive technology
    shapes: list[tuple] = field(default_factory=list)

    def rect(self, x, y, w, h, fill, tip=""):
        self.shapes.append(("rect", x, y, w, h, fill, tip))

    def line(self, x1, y1, x2, y2, colour, dashed=False):
        self.shapes.append(("line", x1, y1, x2, y2, colour, dashed))

    def text(self, x, y, text, size=11, colour=INK, anchor="start", bold=False):
        self.shapes.append(("text", x, y, text, size, colour, anchor, bold))


def recall_chart(
    series: dict[str, dict[str, float | None]],
    groups: Sequence[tuple[str, int]],
    *,
    title: str,
    metric: str = "recall@10",
    target: float | None = 0.9,
) -> Chart:
    """A grouped bar chart: one group per (label, n), one bar per mode, a 0..1 axis."""
    modes = list(series)
    bar, gap = 14, 18
    left, right, above, below = 52, 16, 64, 56
    group_w = len(modes) * (bar + 1) + gap
    width = left + right + max(1, len(groups)) * group_w
    height = 320
    plot_h = height - above - below

    def y(value: float) -> float:
        return above + plot_h * (1 - value)

    spoken = "; ".join(
        f"{label}: " + ", ".join(f"{m} {_fmt(series[m].get(label))}" for m in modes)
        for label, _n in groups
    )
    chart = Chart(width, height, f"{title}: {spoken}")
    chart.rect(0, 0, width, height, "#ffffff")
    chart.text(left, 20, title, size=13, bold=True)
    x = left
    for mode in modes:
        chart.rect(x, 32, 12, 12, COLOURS.get(mode, "#555555"))
        chart.text(x + 16, 42, mode, size=11)
        x += 16 + round(6.6 * len(mode)) + 16
    chart.text(4, above - 10, metric, size=10, colour=MUTED)
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        chart.line(left, y(tick), width - right, y(tick), GRID)
        chart.text(left - 6, y(tick) + 4, f"{tick:.1f}", size=10, colour=MUTED, anchor="end")
    for index, (label, n) in enumerate(groups):
        gx = left + index * group_w + gap / 2
        for j, mode in enumerate(modes):
            value = series[mode].get(label)
            if value is None:
                continue
            chart.rect(
                gx + j * (bar + 1),
                y(value) - (value == 0),
                bar,
                max(plot_h * value, 1),
                COLOURS.get(mode, "#555555"),
                f"{label}, {mode}: {metric} {_fmt(value)} (n={n})",
            )  # fmt: skip  (a value of 0 still shows as a thin bar: measured, not missing)
        centre = gx + len(modes) * (bar + 1) / 2
        chart.text(centre, above + plot_h + 16, label, size=11, anchor="middle")
        chart.text(centre, above + plot_h + 30, f"n={n}", size=10, colour=MUTED, anchor="middle")
    split_after = sum(1 for label, _n in groups if ARROW not in label)
    if 0 < split_after < len(groups):  # totals | language pairs
        x = left + split_after * group_w
        chart.line(x, above - 4, x, above + plot_h + 34, GRID)
    if target is not None:
        chart.line(left, y(target), width - right, y(target), TARGET, dashed=True)
    chart.line(left, above + plot_h, width - right, above + plot_h, INK)
    note = "request language → offer language"
    if target is not None:
        note += f"; dashed line: the target {target:g} (for combined, all requests)"
    chart.text(left, height - 8, note, size=10, colour=MUTED)
    return chart


def to_svg(chart: Chart) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" '
        f'aria-label="{escape(chart.label, quote=True)}" font-family="DejaVu Sans, sans-serif">'
    ]
    for shape in chart.shapes:
        kind = shape[0]
        if kind == "rect":
            _, x, y, w, h, fill, tip = shape
            body = f"<title>{escape(tip)}</title></rect>" if tip else "</rect>"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{max(h, 0):.1f}" '
                f'fill="{fill}">{body}'
            )
        elif kind == "line":
            _, x1, y1, x2, y2, colour, dashed = shape
            dash = ' stroke-dasharray="5 4"' if dashed else ""
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{colour}"{dash}/>'
            )
        else:
            _, x, y, text, size, colour, anchor, bold = shape
            weight = ' font-weight="bold"' if bold else ""
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" '
                f'text-anchor="{anchor}"{weight}>{escape(text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def to_png(chart: Chart, path: Path, scale: int = 2) -> None:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    fonts: dict = {}

    def font(size: int, bold: bool):
        key = (size, bold)
        if key not in fonts:
            name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
            try:
                fonts[key] = ImageFont.truetype(str(FONTS / name), size * scale)
            except OSError:
                fonts[key] = ImageFont.load_default()
        return fonts[key]

    for shape in chart.shapes:
        kind = shape[0]
        if kind == "rect":
            _, x, y, w, h, fill, _tip = shape
            if h > 0 and w > 0:
                draw.rectangle(
                    [x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1], fill=fill
                )
        elif kind == "line":
            _, x1, y1, x2, y2, colour, dashed = shape
            if not dashed:
                draw.line(
                    [x1 * scale, y1 * scale, x2 * scale, y2 * scale], fill=colour, width=scale
                )
                continue
            length = max(abs(x2 - x1), abs(y2 - y1))
            step = 0.0
            while step < length:
                a, b = step / length, min(step + 5, length) / length
                draw.line(
                    [(x1 + (x2 - x1) * a) * scale, (y1 + (y2 - y1) * a) * scale,
                     (x1 + (x2 - x1) * b) * scale, (y1 + (y2 - y1) * b) * scale],
                    fill=colour, width=scale,
                )  # fmt: skip
                step += 9
        else:
            _, x, y, text, size, colour, anchor, bold = shape
            anchors = {"start": "ls", "middle": "ms", "end": "rs"}
            draw.text(
                (x * scale, y * scale), text, fill=colour, font=font(size, bold),
                anchor=anchors[anchor],
            )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


SHORT = {"same-language": "same", "cross-language": "cross"}


def chart_groups(summary: dict, split: str = "all") -> list[tuple[str, int]]:
    first = next(iter(summary.values()))[split]
    return [(g, first[g]["n"]) for g in group_names() if g in first]


def write_chart(summary: dict, path: Path, split: str = "all", distractors: int = 0) -> None:
    groups = chart_groups(summary, split)
    series = {
        mode: {SHORT.get(g, g): per[split][g]["recall@10"] for g, _n in groups}
        for mode, per in summary.items()
    }
    groups = [(SHORT.get(g, g), n) for g, n in groups]
    title = f"Technology-transfer matching: recall@10 per mode and language pair ({split}"
    title += f"; {distractors:,} generated profiles in the index too)" if distractors else ")"
    target = None if distractors else 0.9  # the target is set on the evaluation set alone
    chart = recall_chart(series, groups, title=title, target=target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_svg(chart), encoding="utf-8")
    to_png(chart, path.with_suffix(".png"))


# --------------------------------------------------------------------------- printing


def print_report(
    data: EvalSet,
    summary: dict,
    seconds: dict,
    build: float,
    reference: dict | None = None,
    extra: int = 0,
) -> None:
    c = counts(data)
    by = " ".join(f"{k} {v}" for k, v in sorted(c["offers_by_language"].items()))
    rby = " ".join(f"{k} {v}" for k, v in sorted(c["requests_by_language"].items()))
    print(
        f"evaluation set: {len(c['files'])} parts ({', '.join(c['files'])}); "
        f"{c['offers']} offers ({c['paired_offers']} paired, {c['distractor_offers']} "
        f"distractors; {by}), {c['requests']} requests ({rby}), {c['pairs']} pairs "
        f"(dev {c['dev_pairs']}, test {c['test_pairs']}; same-language "
        f"{c['same_language_pairs']}, cross-language {c['cross_language_pairs']}), "
        f"languages {', '.join(c['languages'])}, "
        f"{len(c['pairs_by_language_pair'])} language pairs"
    )
    more = f" and {extra} generated profiles" if extra else ""
    print(f"index of {c['offers']} offers{more} built in {build:.1f} s; ranking every request:")
    print(", ".join(f"{m} {s:.1f} s" for m, s in seconds.items()))
    print()
    head = f"{'mode':<10} {'split':<5} {'n':>4}  {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}"
    print(head + f"   {'R@10 same':>9} {'R@10 cross':>10}")
    for mode, per in summary.items():
        for split in SPLITS:
            g = per[split]
            m = g["all"]
            same = g.get("same-language", {}).get("recall@10")
            cross = g.get("cross-language", {}).get("recall@10")
            print(
                f"{mode:<10} {split:<5} {m['n']:>4}  {_fmt(m['recall@1']):>6} "
                f"{_fmt(m['recall@5']):>6} {_fmt(m['recall@10']):>6} {_fmt(m['mrr']):>6}"
                f"   {_fmt(same):>9} {_fmt(cross):>10}"
            )
    if reference:
        print(
            "reference, no text at all: the evaluation's offers ranked by the Jaccard overlap "
            "of the picked keyword codes (ties against the pair):"
        )
        for split in SPLITS:
            m = reference[split]["all"]
            print(
                f"{'keywords':<10} {split:<5} {m['n']:>4}  {_fmt(m['recall@1']):>6} "
                f"{_fmt(m['recall@5']):>6} {_fmt(m['recall@10']):>6} {_fmt(m['mrr']):>6}"
            )
    for metric in ("recall@10", "mrr"):
        print(f"\n{metric} by language pair (request {ARROW} offer), all requests:")
        print(f"{'group':<15} {'n':>4}  " + " ".join(f"{m:>9}" for m in summary))
        first = next(iter(summary.values()))["all"]
        for group in group_names():
            if group not in first:
                continue
            row = " ".join(f"{_fmt(summary[m]['all'][group][metric]):>9}" for m in summary)
            print(f"{group:<15} {first[group]['n']:>4}  {row}")


def print_misses(data: EvalSet, ranks: dict, split: str, mode: str, top_of) -> None:
    print(f"\nmisses of {mode} (paired offer not in the top 10), split {split}:")
    for request_id, offer_id in sorted(data.pairs.items()):
        if split != "all" and split_of(request_id) != split:
            continue
        rank = ranks[mode][request_id]
        if rank is not None and rank <= 10:
            continue
        request, offer = data.request(request_id), data.offer(offer_id)
        print(
            f"- {request_id} ({request['language']}) {request['title']!r} -> {offer_id} "
            f"({offer['language']}) {offer['title']!r}: rank {rank}"
        )
        for other in top_of(mode, request)[:3]:
            language, title = data.titles.get(other, ("?", "?"))
            print(f"    got {other} ({language}) {title!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", type=Path, help="default: eval/part*.json")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--solver", default=SOLVER, help="module with the contract's API")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--svg", type=Path, default=OUT / "profile_match" / "recall10.svg")
    parser.add_argument("--misses", choices=SPLITS, help="list the requests combined misses")
    parser.add_argument("--misses-mode", default="combined")
    parser.add_argument("--no-lock", action="store_true", help="the caller holds the lock")
    parser.add_argument(
        "--distractors",
        type=int,
        default=0,
        help="also index this many generated profiles (generate.py, seed 1): quality at scale",
    )
    args = parser.parse_args(argv)
    if args.distractors and args.svg == parser.get_default("svg"):
        args.svg = args.svg.with_name(f"recall10-with-{args.distractors}.svg")

    paths = args.parts or sorted(EVAL_DIR.glob("part*.json"))
    if not paths:
        print(f"no evaluation files in {EVAL_DIR}", file=sys.stderr)
        return 2
    try:
        data = load_eval(paths)
    except EvalSetError as exc:
        print(f"evaluation set: {exc}", file=sys.stderr)
        return 2
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    # Embedding the words of 486 profiles takes minutes of both CPUs: not beside a benchmark.
    lock = take_lock(not args.no_lock)  # noqa: F841 - held until exit
    module = solver(args.solver)
    extra: list[dict] = []
    if args.distractors:
        import generate

        extra = generate.generate(args.distractors, 1)
        clash = {p["id"] for p in extra} & data.part_of.keys()
        if clash:
            print(f"generated ids clash with the evaluation set: {sorted(clash)[:3]}")
            return 2
        print(
            f"with {len(extra)} generated profiles in the index too "
            f"({sum(p['type'] == 'TO' for p in extra)} of them offers, type TO)"
        )
    start = time.perf_counter()
    index = module.ProfileIndex()
    index.add([make_profile(module, o) for o in data.offers + extra])
    build = time.perf_counter() - start
    profiles = {r["id"]: make_profile(module, r) for r in data.requests}
    # The full ranking of the evaluation's offers; with distractors, the first 100 (MRR then
    # counts a pair beyond 100 as 0).
    everything = 100 if extra else len(data.offers)
    data.titles = {p["id"]: (p["language"], p["title"]) for p in data.offers + extra}

    def ranked(mode: str, request: dict) -> list[str]:
        found = index.matches(profiles[request["id"]], top=everything, mode=mode)
        return [m.profile_id for m in found]

    summary, ranks, seconds = evaluate(data, ranked, modes)
    reference, _, _ = evaluate(data, keyword_ranking(data), ["keywords"])
    print_report(data, summary, seconds, build, reference["keywords"], len(extra))
    if args.misses:
        print_misses(data, ranks, args.misses, args.misses_mode, ranked)
    write_chart(summary, args.svg, distractors=len(extra))
    print(f"\nchart: {args.svg} and {args.svg.with_suffix('.png')}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "evaluated": counts(data),
            "split_rule": "dev if int(sha1(request id).hexdigest(), 16) % 3 == 0 else test",
            "solver": args.solver,
            "distractors": len(extra),
            "ranked_depth": everything,
            "index_seconds": build,
            "rank_seconds": seconds,
            "modes": summary,
            "reference_keywords": reference["keywords"],
            "ranks": ranks,
            "chart": str(args.svg),
        }
        args.json.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"figures: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
