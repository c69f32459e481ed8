"""The technology-transfer matching benchmark's own tools (bench/profile_match/).

The metrics, the dev/test split and the grouping by language pair are checked against values
worked out by hand; the generator for determinism, its spread over types and languages, its
lengths, keywords and growing vocabulary. Small N only; no solver needed.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "profile_match"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"profile_match_bench_{name}", BENCH / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


evaluate = _load("evaluate")
generate = _load("generate")
speed = _load("speed")
phrases = _load("phrases")
lexicon = sys.modules["lexicon"]  # imported by generate.py from bench/profile_match


# --------------------------------------------------------------------------- metrics


def test_metrics_by_hand():
    m = evaluate.metrics([1, 3, None, 7, 12])
    assert m["n"] == 5
    assert m["hits@1"] == 1 and m["hits@5"] == 2 and m["hits@10"] == 3
    assert m["recall@1"] == pytest.approx(0.2)
    assert m["recall@5"] == pytest.approx(0.4)
    assert m["recall@10"] == pytest.approx(0.6)
    # (1 + 1/3 + 1/7 + 1/12) / 5 = (84 + 28 + 12 + 7) / 84 / 5
    assert m["mrr"] == pytest.approx(131 / 420)


def test_metrics_edges():
    assert evaluate.metrics([]) == {
        "n": 0, "hits@1": 0, "recall@1": None, "hits@5": 0, "recall@5": None,
        "hits@10": 0, "recall@10": None, "mrr": None,
    }  # fmt: skip
    nothing = evaluate.metrics([None, None])
    assert (nothing["recall@10"], nothing["mrr"]) == (0.0, 0.0)
    assert evaluate.metrics([1, 1])["mrr"] == 1.0
    assert evaluate.metrics([10])["recall@10"] == 1.0
    assert evaluate.metrics([11])["recall@10"] == 0.0


def test_rank_of():
    assert evaluate.rank_of("b", ["a", "b", "c"]) == 2
    assert evaluate.rank_of("a", ["a"]) == 1
    assert evaluate.rank_of("z", ["a", "b"]) is None
    assert evaluate.rank_of("z", []) is None


def test_split_rule():
    # int(sha1(id).hexdigest(), 16) % 3, worked out once: 0 -> dev
    assert evaluate.split_of("r6") == "dev"
    assert evaluate.split_of("req-en-5") == "dev"
    for test_id in ("r1", "r2", "r3", "r4", "r5", "TR-001", "tr-az-017"):
        assert evaluate.split_of(test_id) == "test", test_id
    shares = Counter(evaluate.split_of(f"req-{i}") for i in range(3000))
    assert 0.30 < shares["dev"] / 3000 < 0.37


# --------------------------------------------------------------------------- evaluation set


def _profile(pid, ptype, lang, title="t"):
    return {"id": pid, "type": ptype, "title": title, "summary": "", "description": "",
            "keywords": [], "language": lang}  # fmt: skip


def _write_parts(tmp_path: Path) -> list[Path]:
    part1 = {
        "offers": [_profile("o1", "TO", "en"), _profile("o2", "TO", "en"),
                   _profile("d1", "TO", "tr")],
        "requests": [_profile("r6", "TR", "en"), _profile("r1", "TR", "az")],
        "pairs": {"r6": "o1", "r1": "o2"},
    }  # fmt: skip
    part2 = {
        "offers": [_profile("o3", "TO", "az"), _profile("o4", "TO", "en")],
        "requests": [_profile("r2", "TR", "tr"), _profile("r3", "TR", "en")],
        "pairs": {"r2": "o3", "r3": "o4"},
    }
    paths = []
    for i, part in enumerate((part1, part2), 1):
        path = tmp_path / f"part{i}.json"
        path.write_text(json.dumps(part), encoding="utf-8")
        paths.append(path)
    return paths


RANKS = {"r6": 1, "r1": 4, "r2": None, "r3": 12}  # made-up ranks of the paired offers


def test_summary_by_hand(tmp_path):
    data = evaluate.load_eval(_write_parts(tmp_path))
    assert len(data.offers) == 5 and len(data.requests) == 4
    s = evaluate.summarise(data, RANKS)
    every = s["all"]["all"]
    assert every["n"] == 4
    assert (every["recall@1"], every["recall@5"], every["recall@10"]) == (0.25, 0.5, 0.5)
    assert every["mrr"] == pytest.approx((1 + 1 / 4 + 1 / 12) / 4)
    same, cross = s["all"]["same-language"], s["all"]["cross-language"]
    assert (same["n"], same["recall@10"], same["mrr"]) == (2, 0.5, pytest.approx(13 / 24))
    assert (cross["n"], cross["recall@5"], cross["mrr"]) == (2, 0.5, pytest.approx(1 / 8))
    assert s["dev"]["all"]["n"] == 1 and s["dev"]["all"]["recall@1"] == 1.0
    assert s["test"]["all"]["n"] == 3
    assert s["test"]["all"]["recall@5"] == pytest.approx(1 / 3)
    assert s["test"]["all"]["mrr"] == pytest.approx(1 / 9)
    arrow = evaluate.ARROW
    assert s["all"][f"en{arrow}en"]["n"] == 2
    assert s["all"][f"az{arrow}en"]["recall@5"] == 1.0
    assert s["all"][f"tr{arrow}az"]["recall@10"] == 0.0
    assert f"en{arrow}tr" not in s["all"]  # no such pair: no row rather than a made-up 0
    c = evaluate.counts(data)
    assert (c["pairs"], c["dev_pairs"], c["test_pairs"]) == (4, 1, 3)
    assert (c["distractor_offers"], c["same_language_pairs"], c["cross_language_pairs"]) == (
        1, 2, 2,
    )  # fmt: skip


def test_evaluate_ranks_through_rank_function(tmp_path):
    data = evaluate.load_eval(_write_parts(tmp_path))
    everything = [o["id"] for o in data.offers]

    def ranked(mode, request):  # the paired offer at the rank of RANKS, or missing
        target, rank = data.pairs[request["id"]], RANKS[request["id"]]
        others = [o for o in everything if o != target] * 3
        if rank is None:
            return others[:10]
        return others[: rank - 1] + [target] + others[rank - 1 :]

    summary, ranks, seconds = evaluate.evaluate(data, ranked, ["bm25", "combined"])
    assert ranks["bm25"] == RANKS and ranks["combined"] == RANKS
    assert summary["combined"]["all"]["all"]["recall@5"] == 0.5
    assert set(seconds) == {"bm25", "combined"}


def test_keyword_reference_breaks_ties_against_the_pair(tmp_path):
    data = evaluate.load_eval(_write_parts(tmp_path))
    codes = {"r6": ["a", "b"], "o1": ["a"], "o2": ["a"], "d1": ["a", "b"], "o3": ["c"]}
    for p in data.offers + data.requests:
        p["keywords"] = codes.get(p["id"], [])
    ranked = evaluate.keyword_ranking(data)
    # r6 -> o1: d1 matches best (1.0); o1 and o2 tie (0.5) and the pair goes after o2
    assert ranked("keywords", data.request("r6"))[:3] == ["d1", "o2", "o1"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["offers"].append(_profile("o1", "TO", "en")), "appears twice"),
        (lambda p: p["pairs"].update(r6="nope"), "unknown offer nope"),
        (lambda p: p["requests"].append(_profile("x", "TO", "en")), "must have type TR"),
        (lambda p: p["offers"].append(_profile("y", "TO", "de")), "language"),
        (lambda p: p.pop("pairs"), "offers, requests and pairs"),
    ],
)
def test_bad_evaluation_sets(tmp_path, change, message):
    paths = _write_parts(tmp_path)
    part = json.loads(paths[0].read_text())
    change(part)
    paths[0].write_text(json.dumps(part))
    with pytest.raises(evaluate.EvalSetError, match=message):
        evaluate.load_eval(paths)


def test_chart_svg_and_png(tmp_path):
    data = evaluate.load_eval(_write_parts(tmp_path))
    summary = {m: evaluate.summarise(data, RANKS) for m in ("bm25", "combined")}
    path = tmp_path / "out" / "recall10.svg"
    evaluate.write_chart(summary, path)
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    groups = evaluate.chart_groups(summary)  # all, same, cross + the 3 pairs present
    assert len(groups) == 6
    assert len(bars) == 2 * len(groups)
    tips = [b.find(f"{ns}title").text for b in bars]
    assert "all, combined: recall@10 0.500 (n=4)" in tips
    assert "recall@10" in root.get("aria-label")
    from PIL import Image

    with Image.open(path.with_suffix(".png")) as image:
        assert image.size == (2 * int(root.get("width")), 2 * int(root.get("height")))


# --------------------------------------------------------------------------- generator


def test_generator_is_deterministic_and_prefix_stable():
    a = generate.generate(40, seed=1, taxonomy=[])
    assert a == generate.generate(40, seed=1, taxonomy=[])
    assert generate.generate(20, seed=1, taxonomy=[]) == a[:20]
    b = generate.generate(40, seed=2, taxonomy=[])
    assert [p["description"] for p in a] != [p["description"] for p in b]
    assert generate.queries(30, 1) == generate.queries(30, 1)
    assert generate.queries(30, 1) != generate.queries(30, 2)


@pytest.fixture(scope="module")
def sample():
    return generate.generate(2000, seed=5, taxonomy=[])


def test_generator_spread(sample):
    n = len(sample)
    types = Counter(p["type"] for p in sample)
    langs = Counter(p["language"] for p in sample)
    for t, share in generate.TYPE_WEIGHTS.items():
        assert abs(types[t] / n - share) < 0.04, (t, types[t])
    for lang, share in generate.LANG_WEIGHTS.items():
        assert abs(langs[lang] / n - share) < 0.04, (lang, langs[lang])
    assert len({p["id"] for p in sample}) == n
    for p in sample:
        words = sum(generate.words(p[k]) for k in ("title", "summary", "description"))
        assert generate.MIN_WORDS <= words <= generate.MAX_WORDS, (p["id"], words)
    assert len({p["description"] for p in sample}) == n


def test_generator_text_varies_like_text(sample):
    st = generate.stats(sample)
    small = generate.stats(sample[:500])
    assert st["vocabulary"] > 1.3 * small["vocabulary"]  # the vocabulary keeps growing
    assert st["hapaxes"] > 0.25 * st["vocabulary"]  # a long tail of words seen once
    text = " ".join(p["description"] for p in sample)
    assert "%" in text and any(ch.isdigit() for ch in text)
    by_lang = {lang: " ".join(p["description"] for p in sample if p["language"] == lang)
               for lang in ("en", "tr")}  # fmt: skip
    assert re.search(r"%\d", by_lang["tr"]) and not re.search(r"\d%", by_lang["tr"])
    assert re.search(r"\d%", by_lang["en"]) and not re.search(r"%\d", by_lang["en"])
    special = set("əışçğöüİ")
    typed_plain = [
        p for p in sample
        if p["language"] != "en" and not special & set(p["title"] + p["description"])
    ]  # fmt: skip
    assert typed_plain  # some az/tr profiles typed without the special letters


def test_generator_keywords_come_from_the_taxonomy():
    taxonomy = [
        {"code": "tech.energy", "kind": "technology", "en": "Energy"},
        {"code": "tech.energy.solar", "kind": "technology", "en": "Solar energy"},
        {"code": "tech.ict.iot", "kind": "technology", "en": "Internet of Things"},
        {"code": "market.energy", "kind": "market", "en": "Energy sector"},
        {"code": "market.ict", "kind": "market", "en": "ICT sector"},
    ]
    codes = {e["code"] for e in taxonomy}
    profiles = generate.generate(300, seed=3, taxonomy=taxonomy)
    used = Counter()
    for p in profiles:
        assert set(p["keywords"]) <= codes
        assert 1 <= sum(k.startswith("tech.") for k in p["keywords"]) <= 5
        assert sum(k.startswith("market.") for k in p["keywords"]) <= 5
        assert len(set(p["keywords"])) == len(p["keywords"])
        used.update(p["keywords"])
    assert set(used) == codes
    # (an R&D request's title may name its second topic, so those are left out)
    solar = [p for p in profiles if "solar panel" in p["title"].lower() and p["type"] != "RDR"]
    assert solar and all(p["keywords"][0] == "tech.energy.solar" for p in solar)


def test_every_template_fills():
    rng = random.Random(0)
    for lang, templates in phrases.TEMPLATES.items():
        for domain in phrases.DOMAINS:
            slots = generate.Slots(rng, lang, domain)
            for name, items in templates.items():
                for template in items:
                    text = slots.fill(template)
                    assert "{" not in text and text[0] == text[0].upper(), (lang, name)
    for domain in phrases.DOMAINS.values():
        for key in ("terms", "uses", "gains", "field"):
            entries = domain[key] if key != "field" else [domain[key]]
            assert all(len(e) == 3 and all(e) for e in entries)


def test_language_details():
    assert [generate.az_ordinal(y) for y in (2010, 2016, 2023, 2000, 1990, 2019, 2024)] == [
        "2010-cu", "2016-cı", "2023-cü", "2000-ci", "1990-cı", "2019-cu", "2024-cü",
    ]  # fmt: skip
    assert generate.fix_articles("a SME and an start-up in a university") == (
        "an SME and a start-up in a university"
    )
    assert generate.fix_articles("A Istanbul-based firm") == "An Istanbul-based firm"
    assert generate.percent(30, "tr") == "%30" and generate.percent(30, "az") == "30%"
    assert generate.grouped(1250000, "tr") == "1.250.000"
    assert generate.grouped(1250000, "az") == "1 250 000"
    assert generate.capitalise("istixana", "az") == "İstixana"
    assert generate.capitalise("ısı", "tr") == "Isı"


def test_lexicon_inflects_with_vowel_harmony():
    realise = lexicon._realise
    assert realise("kamera", ["ImIz"], "tr") == "kameramız"
    assert realise("ortak", ["(y)I"], "tr") == "ortağı"
    assert realise("sistem", ["(s)I", "nDA"], "tr") == "sisteminde"
    assert realise("test", ["CI"], "tr") == "testçi"
    assert realise("kitap", ["DA"], "tr") == "kitapta"
    assert realise("oda", ["DAki"], "tr") == "odadaki"
    assert realise("torpaq", ["(n)I"], "az") == "torpağı"
    assert realise("kamera", ["(n)I"], "az") == "kameranı"
    assert realise("otaq", ["DAkI"], "az") == "otaqdakı"
    assert realise("məktəb", ["lAr", "DA"], "az") == "məktəblərdə"
    assert realise("su", ["lIK"], "az") == "suluq"


def test_lexicon_is_open_ended():
    for lang in ("en", "az", "tr"):
        words = [lexicon.word(k, lang) for k in range(0, 400_000, 37)]
        assert len(set(words)) > 0.9 * len(words), lang
        assert all(w and " " not in w for w in words)
        assert lexicon.word(12345, lang) == lexicon.word(12345, lang)


# --------------------------------------------------------------------------- speed helpers


def test_percentiles_nearest_rank():
    values = [float(v) for v in range(1, 301)]
    random.Random(1).shuffle(values)
    assert speed.percentile(values, 95) == 285.0
    assert speed.percentile(values, 99) == 297.0
    assert speed.percentile(values, 50) == 150.0
    assert speed.percentile([7.0], 95) == 7.0
    s = speed.latency_summary([0.001, 0.002, 0.010])
    assert s["median_ms"] == pytest.approx(2.0) and s["max_ms"] == pytest.approx(10.0)
    assert s["first_ms"] == pytest.approx(1.0)


def test_parse_gnu_time():
    text = """\tCommand being timed: "python x.py"
\tUser time (seconds): 12.50
\tSystem time (seconds): 1.25
\tPercent of CPU this job got: 180%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:07.52
\tMaximum resident set size (kbytes): 2097152
"""
    assert speed.parse_gnu_time(text) == {
        "user_seconds": 12.5, "system_seconds": 1.25, "cpu_percent": "180%",
        "elapsed": "0:07.52", "peak_rss_mib": 2048.0,
    }  # fmt: skip
