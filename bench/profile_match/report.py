"""Markdown tables of a run.py result, for bench/RESULTS.md (copied, never typed by hand).

.venv/bin/python bench/profile_match/report.py [bench/out/profile_match.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pmcommon import OUT  # noqa: E402

ARROW = "→"


def f3(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def hits(m: dict, k: int = 10) -> str:
    return f"{f3(m[f'recall@{k}'])} ({m[f'hits@{k}']}/{m['n']})"


def quality_tables(q: dict) -> list[str]:
    out = [
        "| mode | split | n | recall@1 | recall@5 | recall@10 | MRR | recall@10 same language "
        "| recall@10 cross-language |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for mode, per in q["modes"].items():
        for split in ("dev", "test", "all"):
            g = per[split]
            m = g["all"]
            same, cross = g.get("same-language"), g.get("cross-language")
            bold = "**" if mode == "combined" else ""
            out.append(
                f"| {mode} | {split} | {m['n']} | {f3(m['recall@1'])} | {f3(m['recall@5'])} | "
                f"{bold}{hits(m)}{bold} | {f3(m['mrr'])} | {hits(same) if same else '–'} | "
                f"{hits(cross) if cross else '–'} |"
            )
    if q.get("reference_keywords"):
        for split in ("dev", "test", "all"):
            m = q["reference_keywords"][split]["all"]
            out.append(
                f"| *keywords alone (reference)* | {split} | {m['n']} | {f3(m['recall@1'])} | "
                f"{f3(m['recall@5'])} | {hits(m)} | {f3(m['mrr'])} | | |"
            )
    modes = list(q["modes"])
    first = q["modes"][modes[0]]["all"]
    out += [
        "",
        "recall@10 (MRR) by language pair, request → offer, all requests:",
        "",
        "| pair | n | " + " | ".join(modes) + " |",
        "|---|---|" + "---|" * len(modes),
    ]
    for group, m in first.items():
        if ARROW not in group:
            continue
        cells = " | ".join(
            f"{f3(q['modes'][mode]['all'][group]['recall@10'])} "
            f"({f3(q['modes'][mode]['all'][group]['mrr'])})"
            for mode in modes
        )
        out.append(f"| {group} | {m['n']} | {cells} |")
    return out


def speed_tables(s: dict) -> list[str]:
    out = [
        "| run | index (constructor + add) | index CPU | matches median / p95 / p99 / max "
        "| search median / p95 / p99 / max | peak RSS | wrong answers | load before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(s["runs"], 1):
        if r.get("timeout"):
            out.append(f"| {i} | > {r['timeout']:g} s (stopped) | | | | | | |")
            continue
        if r.get("failed"):
            out.append(f"| {i} | failed (exit {r['exit']}) | | | | | | |")
            continue
        m, q = r["matches"], r["search"]
        rss = r.get("gnu_time", {}).get("peak_rss_mib", r.get("peak_at_end_mib") or 0)
        out.append(
            f"| {i} | {r['index_seconds']:.1f} s ({r['constructor_seconds']:.1f} + "
            f"{r['add_seconds']:.1f}) | {r['index_cpu_seconds']:.1f} s | "
            f"{m['median_ms']:.1f} / {m['p95_ms']:.1f} / {m['p99_ms']:.1f} / {m['max_ms']:.1f} ms"
            f" | {q['median_ms']:.1f} / {q['p95_ms']:.1f} / {q['p99_ms']:.1f} / "
            f"{q['max_ms']:.1f} ms | {rss:.0f} MiB | {r['problem_count']} | "
            f"{r['load_before'][0]:.2f} |"
        )
    if "median" in s:
        med = s["median"]
        out += [
            "",
            f"Median of {len([r for r in s['runs'] if not r.get('failed')])} run(s): index "
            f"{med['index_seconds']:.1f} s, matches p95 {med['matches_p95_ms']:.1f} ms "
            f"(median {med['matches_median_ms']:.1f} ms), search p95 "
            f"{med['search_p95_ms']:.1f} ms, peak RSS {med['peak_rss_mib']:.0f} MiB.",
        ]
    covered = [r["word_coverage"] for r in s["runs"] if r.get("word_coverage")]
    if covered:
        c = covered[-1]
        out.append(
            f"Words with an embedding after indexing (last run): {c['embedded_words']:,} of "
            f"{c['distinct_words']:,} distinct content words, {c['token_share']:.1%} of their "
            f"{c['tokens']:,} tokens (numbers and the solver's stopwords aside)."
        )
    timings = [r.get("solver_timings") for r in s["runs"] if r.get("solver_timings")]
    if timings:
        out.append(
            "Solver's own timings (last run): "
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings[-1].items())
            + "."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else OUT / "profile_match.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    m = doc.get("machine", {})
    print(
        f"Machine: {m.get('nproc')} CPUs ({m.get('cpu')}), {m.get('ram')}, Python "
        f"{m.get('python')}, NumPy {m.get('numpy')}, SciPy {m.get('scipy')}; load average "
        f"{' / '.join(f'{x:.2f}' for x in m.get('load_average', []))} at the start "
        f"({doc.get('started')} to {doc.get('finished')})."
    )
    print("\nCommands:\n")
    for cmd in doc.get("commands", []):
        print(f"    {cmd}")
    if "quality" in doc:
        c = doc["quality"]["evaluated"]
        print(
            f"\nEvaluation set: {c['pairs']} pairs ({c['dev_pairs']} dev, {c['test_pairs']} "
            f"test; {c['same_language_pairs']} same-language, {c['cross_language_pairs']} "
            f"cross-language), {c['offers']} offers ({c['distractor_offers']} distractors), "
            f"languages {', '.join(c['languages'])}.\n"
        )
        print("\n".join(quality_tables(doc["quality"])))
    if "quality_at_scale" in doc:
        q = doc["quality_at_scale"]
        print(
            f"\nThe same with {q['distractors']:,} generated profiles in the index too (MRR over "
            f"the first {q['ranked_depth']}):\n"
        )
        print("\n".join(quality_tables(q)))
    if "speed" in doc:
        s = doc["speed"]
        print(f"\nSpeed: N = {s['n']}, word cache {s['word_cache']}.\n")
        print("\n".join(speed_tables(s)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
