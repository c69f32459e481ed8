"""Benchmark the B2B meeting scheduler on planted instances (issue 5, "Performance").

    .venv/bin/python bench/meeting_schedule/run.py                      # een, bio, ibtm; seed 1
    .venv/bin/python bench/meeting_schedule/run.py --sizes een --seeds 1,2,3 --runs 3
    .venv/bin/python bench/meeting_schedule/run.py --sizes bio --time-limit bio=30

For every size and generator seed: generate the instance and its planted schedule
(generate.py; the optimum is the total weight), check the planted schedule (verify.py), run
the scheduler as a subprocess

    .venv/bin/python -m korpu.solvers.meeting_schedule INSTANCE -o OUT --time-limit T --seed S

measuring its wall time and peak RSS (through GNU time, see timed()), check its solution with
verify.py (which shares no code with the scheduler), run the first-fit greedy (greedy.py) on
the same instance and check that too, then print one row per run and whether the targets
are met:

    een   optimum (weight = planted total) in < 2 s       bio   >= 99.9% of it in < 20 s
    ibtm  >= 99.9% in < 60 s                               idle slots <= 1/3 of greedy's
    peak RSS < 4 GiB                                       re-scheduling at BIO size < 1 s

Re-scheduling (when bio is among the sizes; ``--no-reschedule`` skips it): the scheduler's
BIO solution with every scheduled meeting locked at its slot and location, and (a) one
scheduled meeting cancelled (removed from the instance), (b) one scheduled meeting to be moved
(unlocked, and one of its participants made unavailable in its current slot). Each is solved
as a subprocess (wall time, Python start-up and JSON included) and in a fresh Python process
that times ``solve()`` alone; both results are verified.

The run takes /tmp/korpu-bench.lock (fcntl.flock) first, so benchmarks never overlap (when
started under ``flock /tmp/korpu-bench.lock ...`` it sees the inherited lock and goes on).
Files go to bench/out/meeting_schedule/ (git-ignored); the figures also to results.json there.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import PRESETS, generate, options, write  # noqa: E402

ROOT = HERE.parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
LOCK = Path("/tmp/korpu-bench.lock")
SOLVER = "korpu.solvers.meeting_schedule"
DEFAULT_LIMITS = {"een": 2.0, "bio": 20.0, "ibtm": 60.0}
TARGETS = {  # size: (minimum % of the optimum, wall-clock seconds)
    "een": (100.0, 2.0),
    "bio": (99.9, 20.0),
    "ibtm": (99.9, 60.0),
}
IDLE_RATIO = 1 / 3
MEMORY_MIB = 4096
RESCHEDULE_SECONDS = 1.0

GNU_TIME = Path("/usr/bin/time")
LAUNCHER = r"""
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_maxrss} {usage.ru_utime} {usage.ru_stime}\n")
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""

IN_PROCESS = r"""
import json, sys, time
t0 = time.perf_counter()
import importlib
mod = importlib.import_module(sys.argv[1])
t1 = time.perf_counter()
with open(sys.argv[2], encoding="utf-8") as f:
    inst = json.load(f)
t2 = time.perf_counter()
sol = mod.solve(inst, time_limit=float(sys.argv[3]), seed=int(sys.argv[4]))
t3 = time.perf_counter()
with open(sys.argv[5], "w", encoding="utf-8") as f:
    json.dump(sol, f)
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "solve": t3 - t2}))
"""


def machine() -> dict:
    cpu, ram = "unknown CPU", "unknown RAM"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    except OSError:
        pass
    versions = subprocess.run(
        [str(PYTHON), "-c", "import ortools, numpy; print(ortools.__version__, numpy.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "ortools": versions[0] if versions else "?",
        "numpy": versions[1] if len(versions) > 1 else "?",
    }


def take_lock() -> object | None:
    """Hold /tmp/korpu-bench.lock for the whole run (unless a parent already holds it)."""
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(LOCK):
                print(f"lock {LOCK}: inherited (fd {fd}), held by the parent")
                return None
        except OSError:
            continue
    handle = LOCK.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for {LOCK} (another benchmark is running) ...", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    print(f"lock {LOCK}: taken")
    return handle


def timed(cmd: list[str]) -> dict:
    """Wall seconds, CPU seconds, peak RSS (MiB) and exit code of one subprocess.

    The peak RSS is NOT taken from os.wait4 here: on Linux a child's ru_maxrss starts at the
    RSS of the process that forked it (the high-water mark of the parent's memory is carried
    over at exec), and this runner holds whole instances in memory. The command is started
    through GNU time (or, without it, a small Python launcher) so that the figure belongs to
    the command alone.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        usage_file = Path(tmp) / "usage"
        if GNU_TIME.exists():
            full = [str(GNU_TIME), "-o", str(usage_file), "-f", "%M %U %S", *cmd]
        else:
            full = [str(PYTHON), "-c", LAUNCHER, str(usage_file), *cmd]
        start = time.perf_counter()
        proc = subprocess.run(full, stdout=out, stderr=err, cwd=ROOT)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        try:
            rss_kib, user, system = usage_file.read_text().split("\n")[-2].split()
        except (OSError, IndexError, ValueError):
            rss_kib, user, system = "0", "nan", "nan"
        return {
            "wall": wall,
            "cpu": float(user) + float(system),
            "rss_mib": int(rss_kib) / 1024,
            "code": proc.returncode,
            "out": out.read().decode(errors="replace"),
            "err": err.read().decode(errors="replace"),
        }


def verify(instance: Path, solution: Path, planted: bool = True) -> dict:
    cmd = [str(PYTHON), str(HERE / "verify.py"), str(instance), str(solution), "--json"]
    if not planted:
        cmd.append("--no-planted")
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    lines = res.stdout.strip().splitlines()
    try:
        figures = json.loads(lines[-1])
    except (IndexError, ValueError):
        figures = {"valid": False, "problems": [f"verify.py failed: {res.stderr.strip()}"]}
    figures["report"] = "\n".join(lines[:-1])
    return figures


def solve(module: str, instance: Path, out: Path, limit: float, seed: int) -> dict:
    cmd = [str(PYTHON), "-m", module, str(instance), "-o", str(out)]
    cmd += ["--time-limit", f"{limit:g}", "--seed", str(seed)]
    res = timed(cmd)
    res["cmd"] = " ".join(cmd)
    return res


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}%"


def bench_size(size: str, seed: int, args, rows: list[dict]) -> Path | None:
    """Generate, solve (runs times), verify, greedy; append rows; return the last solution."""
    opts = options(size)
    inst_path = args.out_dir / f"{size}-s{seed}.json"
    t0 = time.perf_counter()
    instance, planted = generate(**opts, locked=args.locked, seed=seed)
    write(instance, planted, inst_path)
    g = planted["generator"]
    print(
        f"\n== {size}, generator seed {seed}: {len(instance['participants'])} participants, "
        f"{len(instance['meetings'])} meetings, {len(instance['slots'])} slots, table capacity "
        f"{g['table_capacity_per_slot']}/slot (planted peak {g['planted_table_peak']}), "
        f"{g['booth_meetings']} booth meetings, {g['locked']} locked, "
        f"optimum {planted['stats']['weight_scheduled']} "
        f"(generated in {time.perf_counter() - t0:.1f} s: {inst_path})"
    )
    del instance
    check = verify(inst_path, inst_path.with_name(inst_path.stem + ".planted.json"))
    print(f"planted schedule: {'valid' if check['valid'] else 'INVALID'}")
    if not check["valid"]:
        print(check["report"])
        return None

    greedy_out = args.out_dir / f"{size}-s{seed}.greedy.json"
    gres = timed([str(PYTHON), str(HERE / "greedy.py"), str(inst_path), "-o", str(greedy_out)])
    greedy = verify(inst_path, greedy_out) if gres["code"] == 0 else {"valid": False}
    print(
        f"greedy: {greedy.get('weight')} ({pct(greedy.get('percent_of_optimum'))}), idle "
        f"{greedy.get('idle_slots')}, valid {greedy['valid']}, {gres['wall']:.2f} s"
    )
    limit = args.limits[size]
    last = None
    for run in range(1, args.runs + 1):
        out = args.out_dir / f"{size}-s{seed}.solution.json"
        load = os.getloadavg()
        res = solve(args.solver, inst_path, out, limit, seed)
        row = {
            "size": size,
            "seed": seed,
            "run": run,
            "load_before": load[0],
            "meetings": check["meetings"],
            "optimum": check["optimum"],
            "time_limit": limit,
            "wall": res["wall"],
            "cpu": res["cpu"],
            "rss_mib": res["rss_mib"],
            "exit": res["code"],
            "greedy_weight": greedy.get("weight"),
            "greedy_pct": greedy.get("percent_of_optimum"),
            "greedy_idle": greedy.get("idle_slots"),
            "greedy_valid": greedy["valid"],
            "cmd": res["cmd"],
        }
        if res["code"] != 0:
            print(f"run {run}: exit code {res['code']}: {res['err'].strip()[-2000:]}")
            row["valid"] = False
            rows.append(row)
            continue
        v = verify(inst_path, out)
        row.update(
            valid=v["valid"],
            problems=v.get("problems"),
            weight=v.get("weight"),
            pct=v.get("percent_of_optimum"),
            upper_bound=v.get("upper_bound"),
            proved_optimal=v.get("proved_optimal"),
            idle=v.get("idle_slots"),
            solver_seconds=v.get("solver_seconds"),
        )
        if row["idle"] is not None and greedy.get("idle_slots"):
            row["idle_ratio"] = row["idle"] / greedy["idle_slots"]
        rows.append(row)
        print(
            f"run {run}: weight {row['weight']} ({pct(row['pct'])}), bound "
            f"{row['upper_bound']}, proved {row['proved_optimal']}, idle {row['idle']}, "
            f"{res['wall']:.2f} s wall ({row['solver_seconds']} s reported, {res['cpu']:.2f} s "
            f"CPU), peak RSS {res['rss_mib']:.0f} MiB, load before {load[0]:.2f}, "
            f"valid {v['valid']}"
        )
        if not v["valid"]:
            print(v["report"])
        last = out
    return inst_path if last else None


def reschedule(inst_path: Path, args) -> list[dict]:
    """Cancel one meeting / move one meeting with everything else locked, at BIO size."""
    seed = int(inst_path.stem.split("-s")[-1])
    instance = json.loads(inst_path.read_text(encoding="utf-8"))
    solution = json.loads(
        inst_path.with_name(inst_path.stem + ".solution.json").read_text(encoding="utf-8")
    )
    where = {e["meeting"]: e for e in solution["scheduled"]}
    slot_ids = [s["id"] for s in instance["slots"]]
    rng = random.Random(seed)
    chosen = sorted(where)
    results = []
    for case in ("cancel", "move"):
        m_id = rng.choice(chosen)
        inst = json.loads(json.dumps(instance))
        for m in inst["meetings"]:
            if m["id"] in where:
                e = where[m["id"]]
                m["locked"] = {"slot": e["slot"], "location": e["location"]}
        old = where[m_id]
        if case == "cancel":
            inst["meetings"] = [m for m in inst["meetings"] if m["id"] != m_id]
            what = f"meeting {m_id} (at {old['slot']}/{old['location']}) cancelled"
        else:
            meeting = next(m for m in inst["meetings"] if m["id"] == m_id)
            del meeting["locked"]
            who = meeting["participants"][0]
            person = next(p for p in inst["participants"] if p["id"] == who)
            person["available"] = [s for s in person.get("available", slot_ids) if s != old["slot"]]
            what = f"meeting {m_id} to move: unlocked, {who} no longer available at {old['slot']}"
        path = args.out_dir / f"{inst_path.stem}.{case}.json"
        path.write_text(json.dumps(inst, separators=(",", ":")), encoding="utf-8")
        out = path.with_name(path.stem + ".solution.json")
        res = solve(args.solver, path, out, args.reschedule_limit, seed)
        row = {
            "case": case,
            "what": what,
            "locked": sum(1 for m in inst["meetings"] if m.get("locked")),
            "free": sum(1 for m in inst["meetings"] if not m.get("locked")),
            "wall": res["wall"],
            "rss_mib": res["rss_mib"],
            "exit": res["code"],
            "cmd": res["cmd"],
        }
        if res["code"] != 0:
            print(f"{case}: exit code {res['code']}: {res['err'].strip()[-2000:]}")
            row["valid"] = False
            results.append(row)
            continue
        v = verify(path, out, planted=False)
        new = json.loads(out.read_text(encoding="utf-8"))
        placed = next((e for e in new["scheduled"] if e["meeting"] == m_id), None)
        in_proc_out = path.with_name(path.stem + ".inproc.json")
        ip = subprocess.run(
            [
                str(PYTHON),
                "-c",
                IN_PROCESS,
                args.solver,
                str(path),
                f"{args.reschedule_limit:g}",
                str(seed),
                str(in_proc_out),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        try:
            times = json.loads(ip.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            times = {"error": ip.stderr.strip()[-500:]}
        v2 = verify(path, in_proc_out, planted=False) if "solve" in times else {"valid": False}
        row.update(
            valid=v["valid"] and v2["valid"],
            problems=(v.get("problems") or []) + (v2.get("problems") or []),
            weight=v.get("weight"),
            before=sum(m.get("weight", 1) for m in instance["meetings"] if m["id"] in where),
            scheduled=v.get("scheduled"),
            solver_seconds=v.get("solver_seconds"),
            solve_in_process=times.get("solve"),
            import_seconds=times.get("import"),
            read_seconds=times.get("read"),
            moved_to=placed and f"{placed['slot']}/{placed['location']}",
        )
        results.append(row)
        print(
            f"{case}: {what}; {row['locked']} locked, {row['free']} free meetings -> "
            f"weight {row['weight']} (before: {row['before']}), "
            + (f"moved to {row['moved_to']}, " if case == "move" else "")
            + f"subprocess {res['wall']:.2f} s wall (reported {row['solver_seconds']} s), "
            f"in-process solve() {fmt(times.get('solve'))} s (import {fmt(times.get('import'))} s, "
            f"JSON {fmt(times.get('read'))} s), peak RSS {res['rss_mib']:.0f} MiB, "
            f"valid {row['valid']}"
        )
        if not row["valid"]:
            print(v.get("report", ""), row["problems"])
    return results


def fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:.3f}"


def table(rows: list[dict]) -> None:
    head = (
        "| size | seed | run | meetings | optimum | weight | % of opt | bound | proved | "
        "idle | greedy idle | ratio | greedy % | wall s | reported s | peak MiB | valid |"
    )
    print("\n" + head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        ratio = r.get("idle_ratio")
        print(
            f"| {r['size']} | {r['seed']} | {r['run']} | {r['meetings']:,} | {r['optimum']:,} | "
            f"{r.get('weight', '-')} | {pct(r.get('pct'))} | {r.get('upper_bound', '-')} | "
            f"{r.get('proved_optimal', '-')} | {r.get('idle', '-')} | {r['greedy_idle']} | "
            f"{'-' if ratio is None else f'{ratio:.3f}'} | {pct(r['greedy_pct'])} | "
            f"{r['wall']:.2f} | {r.get('solver_seconds', '-')} | {r['rss_mib']:.0f} | "
            f"{r.get('valid')} |"
        )


def targets(rows: list[dict], resched: list[dict]) -> bool:
    print("\nTargets:")
    ok_all = True
    for size in dict.fromkeys(r["size"] for r in rows):
        rs = [r for r in rows if r["size"] == size]
        need_pct, need_s = TARGETS.get(size, (99.9, float("inf")))
        valid = all(r.get("valid") for r in rs)
        worst_pct = min((r.get("pct") or 0.0) for r in rs)
        worst_wall = max(r["wall"] for r in rs)
        ratios = [r.get("idle_ratio") for r in rs]
        worst_ratio = max((x for x in ratios if x is not None), default=None)
        peak = max(r["rss_mib"] for r in rs)
        checks = [
            ("all solutions valid", valid),
            (
                f"weight >= {need_pct:g}% of the optimum (worst {worst_pct:.3f}%)",
                worst_pct >= need_pct - 1e-9,
            ),
            (f"wall < {need_s:g} s (worst {worst_wall:.2f} s)", worst_wall < need_s),
            (
                f"idle <= 1/3 of greedy's (worst ratio "
                f"{'-' if worst_ratio is None else f'{worst_ratio:.3f}'})",
                worst_ratio is not None and worst_ratio <= IDLE_RATIO + 1e-12,
            ),
            (f"peak RSS < {MEMORY_MIB} MiB (max {peak:.0f})", peak < MEMORY_MIB),
        ]
        for text, ok in checks:
            ok_all &= ok
            print(f"  {size}: {text}: {'met' if ok else 'NOT MET'}")
    for r in resched:
        checks = [
            ("valid", bool(r.get("valid"))),
            (f"subprocess wall < 1 s ({r['wall']:.2f} s)", r["wall"] < RESCHEDULE_SECONDS),
            (
                f"in-process solve() < 1 s ({fmt(r.get('solve_in_process'))} s)",
                r.get("solve_in_process") is not None
                and r["solve_in_process"] < RESCHEDULE_SECONDS,
            ),
            (f"peak RSS < {MEMORY_MIB} MiB ({r['rss_mib']:.0f})", r["rss_mib"] < MEMORY_MIB),
        ]
        for text, ok in checks:
            ok_all &= ok
            print(f"  re-schedule at BIO size, {r['case']}: {text}: {'met' if ok else 'NOT MET'}")
    return ok_all


def parse_limits(text: str | None) -> dict[str, float]:
    limits = dict(DEFAULT_LIMITS)
    if not text:
        return limits
    if "=" not in text:
        return dict.fromkeys(limits, float(text))
    for part in text.split(","):
        k, v = part.split("=")
        limits[k.strip()] = float(v)
    return limits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="een,bio,ibtm", help="comma list of presets")
    parser.add_argument("--seeds", default="1", help="comma list of generator seeds")
    parser.add_argument("--runs", type=int, default=1, help="solver runs per instance")
    parser.add_argument(
        "--time-limit",
        help="seconds for every size, or per size: een=2,bio=20,ibtm=60 (the defaults)",
    )
    parser.add_argument("--locked", type=int, default=0, help="planted meetings to lock")
    parser.add_argument("--no-reschedule", action="store_true")
    parser.add_argument(
        "--reschedule-limit", type=float, default=10.0, help="time limit of re-scheduling runs"
    )
    parser.add_argument("--solver", default=SOLVER, help="module run with python -m")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "out" / "meeting_schedule")
    args = parser.parse_args(argv)
    args.limits = parse_limits(args.time_limit)
    sizes = [s for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in PRESETS]
    if unknown:
        parser.error(f"unknown sizes {unknown}; known: {sorted(PRESETS)}")
    seeds = [int(s) for s in args.seeds.split(",")]
    args.out_dir.mkdir(parents=True, exist_ok=True)

    lock = take_lock()
    info = machine()
    load = os.getloadavg()
    print(
        f"machine: nproc {info['nproc']}, {info['cpu']}, {info['ram']}, Python "
        f"{info['python']}, OR-Tools {info['ortools']}, NumPy {info['numpy']}"
    )
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"solver: {PYTHON} -m {args.solver}; time limits {args.limits}")

    rows: list[dict] = []
    resched: list[dict] = []
    for size in sizes:
        for seed in seeds:
            inst = bench_size(size, seed, args, rows)
            if size == "bio" and seed == seeds[0] and inst and not args.no_reschedule:
                print("\n== re-scheduling at BIO size (everything else locked)")
                resched = reschedule(inst, args)
    table(rows)
    ok = targets(rows, resched)
    (args.out_dir / "results.json").write_text(
        json.dumps(
            {"machine": info, "load_at_start": load, "rows": rows, "reschedule": resched},
            indent=1,
        )
    )
    print(f"\nfigures written to {args.out_dir / 'results.json'}")
    del lock
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
