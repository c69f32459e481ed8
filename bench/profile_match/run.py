"""The technology-transfer matching benchmark: quality (evaluate.py) and speed (speed.py).

    .venv/bin/python bench/profile_match/run.py                  # N = 100,000, 1 speed run
    .venv/bin/python bench/profile_match/run.py --runs 3
    .venv/bin/python bench/profile_match/run.py --n 20000 --skip-quality

Takes /tmp/korpu-bench.lock for the whole run (or sees it inherited from
``flock /tmp/korpu-bench.lock ...``), then runs, as subprocesses,

    .venv/bin/python bench/profile_match/evaluate.py --no-lock \
        --json bench/out/profile_match/quality.json
    .venv/bin/python bench/profile_match/speed.py --no-lock \
        --json bench/out/profile_match/speed.json

and, as a scale check that is not one of the targets, the evaluation again with the N
generated profiles of the speed test in the index as well
(``evaluate.py --no-lock --distractors N``; ``--skip-scale`` leaves it out), and writes
everything, with the machine, to bench/out/profile_match.json. Targets (issue 6):
combined recall@10 >= 0.9 on all evaluation requests; indexing 100,000 profiles < 300 s;
top-10 matches p95 < 50 ms. Exit status 1 if one is missed (or a step failed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pmcommon import OUT, PYTHON, ROOT, SOLVER, machine, take_lock  # noqa: E402

RECALL_TARGET = 0.9


def shown(cmd: list) -> str:
    """A command as typed from the repository root."""
    parts = []
    for c in cmd:
        try:
            parts.append(str(Path(c).relative_to(ROOT)) if isinstance(c, Path) else str(c))
        except ValueError:
            parts.append(str(c))
    return " ".join(parts)


def step(cmd: list[str]) -> int:
    print(f"\n$ {shown(cmd)}", flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="speed runs (median reported)")
    parser.add_argument("--solver", default=SOLVER)
    parser.add_argument("--timeout", type=float, default=3600, help="per speed run, seconds")
    parser.add_argument("--parts", nargs="*", type=Path, help="evaluation files (default eval/)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-scale", action="store_true", help="no evaluation among N more")
    parser.add_argument("-o", "--out", type=Path, default=OUT / "profile_match.json")
    args = parser.parse_args(argv)

    lock = take_lock()  # noqa: F841 - held until exit
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    info = machine()
    out_dir = OUT / "profile_match"
    quality_json, speed_json = out_dir / "quality.json", out_dir / "speed.json"
    scale_json = out_dir / f"quality-with-{args.n}.json"
    doc: dict = {"started": started, "machine": info, "solver": args.solver, "commands": []}
    ok = True

    if not args.skip_quality:
        cmd = [PYTHON, HERE / "evaluate.py", *(args.parts or ()), "--solver", args.solver]
        cmd += ["--no-lock", "--json", quality_json]
        quality_json.unlink(missing_ok=True)
        code = step(cmd)
        doc["commands"].append(shown(cmd))
        if code != 0 or not quality_json.exists():
            print(f"evaluate.py failed (exit {code})")
            ok = False
        else:
            quality = json.loads(quality_json.read_text(encoding="utf-8"))
            doc["quality"] = quality
            combined = quality["modes"].get("combined", {}).get("all", {}).get("all", {})
            recall = combined.get("recall@10")
            met = recall is not None and recall >= RECALL_TARGET
            doc["quality_target_met"] = met
            ok = ok and met
    if not args.skip_quality and not args.skip_scale:
        # The same requests with n generated profiles in the index as well: not a target of
        # the issue (the pairs are judged against the evaluation set), but what changes when
        # the paired offer has to stand out among ~30,000 other offers on the same topics.
        cmd = [PYTHON, HERE / "evaluate.py", *(args.parts or ()), "--solver", args.solver]
        cmd += ["--no-lock", "--distractors", str(args.n), "--json", scale_json]
        scale_json.unlink(missing_ok=True)
        code = step(cmd)
        doc["commands"].append(shown(cmd))
        if code != 0 or not scale_json.exists():
            print(f"evaluate.py --distractors failed (exit {code})")
            ok = False
        else:
            doc["quality_at_scale"] = json.loads(scale_json.read_text(encoding="utf-8"))
    if not args.skip_speed:
        cmd = [
            PYTHON, HERE / "speed.py", "--no-lock", "--n", str(args.n), "--runs", str(args.runs),
            "--solver", args.solver, "--timeout", f"{args.timeout:g}", "--json", speed_json,
        ]  # fmt: skip
        speed_json.unlink(missing_ok=True)
        code = step(cmd)
        doc["commands"].append(shown(cmd))
        if not speed_json.exists():
            print(f"speed.py failed (exit {code})")
            ok = False
        else:
            doc["speed"] = json.loads(speed_json.read_text(encoding="utf-8"))
            ok = ok and bool(doc["speed"].get("met"))

    print("\n== targets")
    if "quality" in doc:
        c = doc["quality"]["modes"]["combined"]
        print(
            f"combined recall@10: all {c['all']['all']['recall@10']:.3f} (dev "
            f"{c['dev']['all']['recall@10']:.3f}, test {c['test']['all']['recall@10']:.3f}) "
            f">= {RECALL_TARGET}: {'PASS' if doc['quality_target_met'] else 'FAIL'}"
        )
    if "quality_at_scale" in doc:
        c = doc["quality_at_scale"]["modes"]["combined"]
        print(
            f"(not a target) combined recall@10 with {args.n} generated profiles in the index "
            f"too: all {c['all']['all']['recall@10']:.3f} (dev {c['dev']['all']['recall@10']:.3f}"
            f", test {c['test']['all']['recall@10']:.3f})"
        )
    if "speed" in doc and "median" in doc["speed"]:
        med, targets = doc["speed"]["median"], doc["speed"]["targets"]
        print(
            f"index {med['index_seconds']:.1f} s < 300 s: "
            f"{'PASS' if targets['index_under_300_s'] else 'FAIL'}; top-10 matches p95 "
            f"{med['matches_p95_ms']:.1f} ms < 50 ms: "
            f"{'PASS' if targets['matches_p95_under_50_ms'] else 'FAIL'}"
        )
    doc["met"] = ok
    doc["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"figures: {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
