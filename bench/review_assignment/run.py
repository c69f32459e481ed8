"""Benchmark `korpu assign-reviewers` end to end (reading, solving, writing).

    .venv/bin/python bench/review_assignment/run.py                  # N=10,000 default instance
    .venv/bin/python bench/review_assignment/run.py --instance my.json --runs 3

Generates the instance with generate.py (unless --instance is given) plus a copy with
"mode": "fair", then runs the console command as a subprocess several times per mode and
prints, per run, the wall-clock time and the peak resident memory of that process (from
GNU time), then the median, spread, status and objective read back from the solution file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KORPU = Path(sys.executable).parent / "korpu"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        ram = "unknown RAM"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}"


GNU_TIME = Path("/usr/bin/time")


def timed(cmd: list[str], env: dict) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MiB, exit code and output of
    one run of cmd.

    The peak RSS comes from GNU time, not from os.wait4: a child's ru_maxrss starts at the
    RSS of the process that forked it, and this runner holds the generated instance in
    memory, which would be counted as the command's. Without GNU time, the children's
    high-water mark is printed, an upper bound.
    """
    usage_file = Path(tempfile.mkstemp(prefix="korpu-bench-usage-")[1])
    full = (
        [str(GNU_TIME), "-o", str(usage_file), "-f", "%M %U %S", *cmd] if GNU_TIME.exists() else cmd
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(full, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        stdout_bytes, stderr_bytes = proc.communicate()
        seconds = time.perf_counter() - start
        status = proc.returncode
        if GNU_TIME.exists():
            rss_kib, user, system = usage_file.read_text().split("\n")[-2].split()
            rss_mib, cpu = int(rss_kib) / 1024, float(user) + float(system)
        else:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            rss_mib = usage.ru_maxrss / 1024  # an upper bound: see above
            cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    finally:
        usage_file.unlink(missing_ok=True)
    stdout, stderr = stdout_bytes.decode(), stderr_bytes.decode()
    return seconds, cpu, rss_mib, status, (stderr or stdout).strip()


def bench(label: str, cmd: list[str], solution: Path, runs: int, env: dict) -> None:
    print(f"\n== {label}: {shlex.join(cmd)}")
    times, cpus, peaks = [], [], []
    for i in range(runs):
        load = os.getloadavg()[0]
        seconds, cpu, peak, code, text = timed(cmd, env)
        if code != 0:
            print(f"run {i + 1}: exit code {code}: {text}")
            return
        times.append(seconds)
        cpus.append(cpu)
        peaks.append(peak)
        print(
            f"run {i + 1}: {seconds:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak:.0f} MiB "
            f"(1-min load average before the run: {load:.2f})"
        )
    result = json.loads(solution.read_text())
    print(
        f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, "
        f"{runs} runs); CPU median {statistics.median(cpus):.2f} s; "
        f"peak RSS max {max(peaks):.0f} MiB"
    )
    print(
        f"status {result['status']}, objective {result['objective']}, "
        f"assignments {len(result['assignments'])}, "
        f"min_application_score {result['min_application_score']}, "
        f"bound {result['bound']}, objective_bound {result['objective_bound']}"
    )
    if result["reason"]:
        print(f"reason: {result['reason']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", type=Path, help="use this instance instead of generating")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=5_000)
    parser.add_argument("-k", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs in sum mode")
    parser.add_argument("--fair-runs", type=int, default=3, help="runs in fair mode (0: skip)")
    parser.add_argument("--time-limit", type=float, default=50.0, help="fair mode limit")
    args = parser.parse_args()

    args.out_dir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    if args.instance:
        instance_path = args.instance
        data = json.loads(instance_path.read_text())
    else:
        instance_path = args.out_dir / (
            f"ra-{args.applications}x{args.reviewers}-k{args.k}-s{args.seed}.json"
        )
        start = time.perf_counter()
        data = generate(
            applications=args.applications, reviewers=args.reviewers, k=args.k, seed=args.seed
        )
        instance_path.write_text(json.dumps(data, separators=(",", ":")))
        print(f"generated {instance_path} in {time.perf_counter() - start:.1f} s")
    print(
        f"instance: {len(data['applications'])} applications, {len(data['reviewers'])} "
        f"reviewers, {len(data['affinity'])} affinity pairs, "
        f"{len(data.get('conflicts', []))} conflicts, "
        f"{sum(a['reviews'] for a in data['applications'])} reviews needed, "
        f"capacity {sum(r['max'] for r in data['reviewers'])}, "
        f"{instance_path.stat().st_size / 2**20:.1f} MiB"
    )
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only")
    env.setdefault("KORPU_DATA_DIR", str(args.out_dir))

    data.pop("mode", None)
    sum_path = args.out_dir / "instance-sum.json"
    sum_path.write_text(json.dumps(data, separators=(",", ":")))
    solution = args.out_dir / "solution-sum.json"
    bench(
        "sum mode",
        [str(KORPU), "assign-reviewers", str(sum_path), "-o", str(solution)],
        solution,
        args.runs,
        env,
    )

    if args.fair_runs:
        data["mode"] = "fair"
        fair_path = args.out_dir / "instance-fair.json"
        fair_path.write_text(json.dumps(data, separators=(",", ":")))
        solution = args.out_dir / "solution-fair.json"
        cmd = [
            str(KORPU),
            "assign-reviewers",
            str(fair_path),
            "-o",
            str(solution),
            "--time-limit",
            f"{args.time_limit:g}",
        ]
        bench("fair mode", cmd, solution, args.fair_runs, env)


if __name__ == "__main__":
    main()
