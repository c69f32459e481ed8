"""The registration rush: 2,000 attempts from 200 concurrent clients for 500 places,
over HTTP through gunicorn, on PostgreSQL.

    .venv/bin/python bench/event_registration/run.py                       # 3 runs, sync workers
    .venv/bin/python bench/event_registration/run.py --worker-class both   # sync and gthread
    .venv/bin/python bench/event_registration/run.py --runs 1 --client httpx

It (1) recreates the database ``korpu_bench`` and migrates it with ``korpu migrate``,
(2) bulk-creates 2,000 people, each with a personal API token, (3) starts gunicorn with
the operators' production settings (DEBUG off, DATABASE_CONN_MAX_AGE=60) on 127.0.0.1,
(4) per run creates a fresh event with 500 places and fires one
``POST /api/v1/events/{id}/registrations`` per person, 200 in flight at all times, and
(5) checks from the database: exactly 500 confirmed and 1,500 waitlisted, the waiting list
in the order the requests took the event lock (registration ids are assigned under it),
every waitlisted person told a distinct position 1..1,500 matching that list, no 5xx and
no other error. Prints per run and the median of the runs; PASS needs every check and at
least 150 registrations per second. Exit status 0 only on PASS.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402

import common  # noqa: E402

TARGET_RATE = 150.0


def new_event(places: int, slug: str):
    from django.utils import timezone

    from korpu.directory.models import Organisation
    from korpu.events.models import Event

    organiser, _created = Organisation.objects.get_or_create(
        slug="bench-park",
        defaults={
            "name": "Bench Technopark",
            "kind": Organisation.Kind.TECHNOPARK,
            "country": "AZ",
        },
    )
    start = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        slug=slug,
        title=f"Registration rush {slug}",
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.PUBLISHED,
        visibility=Event.Visibility.PUBLIC,
        time_zone="Asia/Baku",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=places,
        languages=["en", "az"],
    )
    event.organisers.set([organiser])
    return event


def registrations_path(event_id: int) -> str:
    return f"/api/v1/events/{event_id}/registrations"


def build_requests(event_id: int, keys: list[str]):
    path = registrations_path(event_id)

    def build(index: int) -> load.Request:
        return ("POST", path, {"Authorization": f"Bearer {keys[index]}"}, {})

    return build


def check(event, rush: load.Rush, attempts: int, places: int) -> dict:
    """Everything that must hold after the rush, from the database and the answers."""
    from korpu.events import services
    from korpu.events.models import Registration

    rows = list(
        Registration.objects.filter(event=event)
        .order_by("id")
        .values_list("id", "status", "waitlisted_at", "person_id")
    )
    statuses = Counter(status for _id, status, _at, _person in rows)
    confirmed_ids = [pk for pk, status, _at, _p in rows if status == "confirmed"]
    waiting_by_id = [pk for pk, status, _at, _p in rows if status == "waitlisted"]
    waiting_served = list(services.waiting_list(event).values_list("id", flat=True))
    answered = [r for r in rush.results if r.status == 201 and isinstance(r.body, dict)]
    told = {
        r.body["id"]: r.body.get("position") for r in answered if r.body["status"] == "waitlisted"
    }
    http = Counter(r.status for r in rush.results)
    errors = [r for r in rush.results if r.status != 201]
    waiting_target = attempts - places
    checks = {
        "every attempt answered": len(rush.results) == attempts,
        f"exactly {places} confirmed": statuses.get("confirmed", 0) == places,
        f"{waiting_target} waitlisted": statuses.get("waitlisted", 0) == waiting_target
        and len(rows) == attempts,
        "one registration per person": len({p for *_x, p in rows}) == len(rows),
        "confirmed before waitlisted (lock order)": not confirmed_ids
        or not waiting_by_id
        or max(confirmed_ids) < min(waiting_by_id),
        "waiting list served in lock order": waiting_served == waiting_by_id,
        "positions told 1..N, matching the list": [told.get(pk) for pk in waiting_served]
        == list(range(1, len(waiting_served) + 1)),
        "zero 5xx": sum(n for status, n in http.items() if status >= 500) == 0,
        "zero other errors": not errors,
    }
    return {
        "checks": checks,
        "db_statuses": dict(statuses),
        "http_statuses": {str(k): v for k, v in sorted(http.items())},
        "errors": [f"#{r.index}: {r.status} {r.error or r.body}"[:300] for r in errors[:5]],
    }


def summarise(rush: load.Rush, verdict: dict) -> dict:
    latencies = [r.seconds * 1000 for r in rush.results]
    answered = sorted(r.answered for r in rush.results)
    n = len(answered)
    # "Sustained": the rate between the 10th and the 90th percentile of completions,
    # leaving out the start (connections opening) and the tail (the last few in flight).
    lo, hi = answered[n // 10], answered[(9 * n) // 10 - 1]
    sustained = (((9 * n) // 10 - 1) - n // 10) / (hi - lo) if hi > lo else float("nan")
    rate = n / rush.wall
    return {
        "attempts": n,
        "concurrency": rush.concurrency,
        "client": rush.client,
        "wall_s": round(rush.wall, 3),
        "rate_per_s": round(rate, 1),
        "sustained_rate_per_s": round(sustained, 1),
        "latency_ms": {
            "p50": round(common.percentile(latencies, 0.50), 1),
            "p95": round(common.percentile(latencies, 0.95), 1),
            "p99": round(common.percentile(latencies, 0.99), 1),
            "max": round(max(latencies), 1) if latencies else None,
        },
        "client_cpu_s": round(rush.client_cpu, 2),
        "client_cpu_share_of_one_core": round(rush.client_cpu / rush.wall, 3),
        **verdict,
        "pass": all(verdict["checks"].values()) and rate >= TARGET_RATE,
    }


def print_run(label: str, summary: dict) -> None:
    lat = summary["latency_ms"]
    print(
        f"{label}: {summary['attempts']} attempts, {summary['concurrency']} concurrent "
        f"({summary['client']} client), {summary['wall_s']:.2f} s wall, "
        f"{summary['rate_per_s']:.1f} reg/s (sustained {summary['sustained_rate_per_s']:.1f}), "
        f"latency p50 {lat['p50']:.0f} / p95 {lat['p95']:.0f} / p99 {lat['p99']:.0f} / "
        f"max {lat['max']:.0f} ms"
    )
    cpu = summary["cpu_ms_per_request"]
    print(
        f"  HTTP {summary['http_statuses']}, DB {summary['db_statuses']}, "
        f"client CPU {summary['client_cpu_s']:.2f} s "
        f"({100 * summary['client_cpu_share_of_one_core']:.0f}% of one core); "
        f"CPU per request: gunicorn {cpu['server']:.1f} ms, PostgreSQL {cpu['postgres']:.1f} ms, "
        f"whole machine {cpu['all']:.1f} ms; load average before {summary['load_average_before']}"
    )
    for name, ok in summary["checks"].items():
        print(f"  [{'ok' if ok else 'FAIL'}] {name}")
    for error in summary["errors"]:
        print(f"  error {error}")
    print(f"  => {'PASS' if summary['pass'] else 'FAIL'}")


def main() -> int:
    cpus = common.cpus()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--worker-class", choices=["sync", "gthread", "both"], default="sync")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="default 2*CPUs+1")
    parser.add_argument("--gthread-workers", type=int, default=cpus, help="default CPUs")
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument("--database", default="korpu_bench")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database and people of the last run (each run still gets a new event)",
    )
    parser.add_argument("--max-seconds", type=float, default=300, help="bound on one rush")
    parser.add_argument(
        "--what-if",
        action="append",
        default=[],
        choices=[
            "no-enqueue",
            "no-mail",
            "no-audit",
            "server-binding",
            "cprofile",
            "no-token-update",
        ],
        help="measure a change to the request path (see whatif_wsgi.py); never for the record",
    )
    args = parser.parse_args()
    if not 0 < args.places <= args.attempts:
        parser.error("need 0 < places <= attempts")

    env = common.environment(args.database, common.OUT / "bench-data")
    print(f"machine: {common.machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"database: {env['DATABASE_URL']}")
    started = time.perf_counter()
    saved = common.OUT / f"{args.database}-keys.json"
    if args.reuse_database and saved.exists():
        common.setup_django(env)
        keys, warm_keys = json.loads(saved.read_text())
        keys = keys[: args.attempts]
        print("database reused (new events, same people)")
    else:
        common.fresh_database(args.database, env)
        common.setup_django(env)
        keys = common.seed_people(args.attempts, "rush")
        warm_keys = common.seed_people(40, "warm")
        common.OUT.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps([keys, warm_keys]))
    if len(keys) < args.attempts:
        parser.error(f"the reused database has only {len(keys)} people")
    from django.utils import timezone

    from korpu.directory.models import ApiToken

    # Each key's first use records last_used_at, as in a real rush (unless asked not to).
    used = (
        timezone.now() + datetime.timedelta(days=1) if "no-token-update" in args.what_if else None
    )
    ApiToken.objects.update(last_used_at=used)
    if args.what_if:
        env["BENCH_WHAT_IF"] = ",".join(args.what_if)
        print(f"WHAT-IF run, not the code as it is: {', '.join(args.what_if)}")
    print(f"prepared in {time.perf_counter() - started:.1f} s: {args.attempts} people with tokens")

    classes = ["sync", "gthread"] if args.worker_class == "both" else [args.worker_class]
    report = {
        "machine": common.machine(),
        "argv": sys.argv[1:],
        "what_if": args.what_if,
        "setups": {},
    }
    for worker_class in classes:
        workers = args.workers if worker_class == "sync" else args.gthread_workers
        label = f"{worker_class} x{workers}" + (
            f" ({args.threads} threads)" if worker_class == "gthread" else ""
        )
        print(f"\n== gunicorn {label}")
        runs = []
        with common.gunicorn(
            env,
            worker_class=worker_class,
            workers=workers,
            threads=args.threads,
            app="whatif_wsgi:application" if args.what_if else "korpu.wsgi",
        ) as (base, server_pid):
            for number in range(1, args.runs + 1):
                warm = new_event(20, f"warm-{worker_class}-{number}-{time.time_ns()}")
                load.rush(base, build_requests(warm.pk, warm_keys), count=40, concurrency=10)
                event = new_event(args.places, f"rush-{worker_class}-{number}-{time.time_ns()}")
                load_before = os.getloadavg()[0]
                cpu_before = common.cpu_sample(server_pid)
                result = load.rush(
                    base,
                    build_requests(event.pk, keys),
                    count=args.attempts,
                    concurrency=args.concurrency,
                    client=args.client,
                    max_seconds=args.max_seconds,
                )
                cpu_after = common.cpu_sample(server_pid)
                summary = summarise(result, check(event, result, args.attempts, args.places))
                summary["load_average_before"] = round(load_before, 2)
                summary["cpu_ms_per_request"] = {
                    key: round(1000 * seconds / args.attempts, 2)
                    for key, seconds in common.cpu_used(cpu_before, cpu_after).items()
                }
                print_run(f"run {number}", summary)
                runs.append(summary)
        median = statistics.median(run["rate_per_s"] for run in runs)
        middle = sorted(runs, key=lambda run: run["rate_per_s"])[len(runs) // 2]
        everything = all(run["pass"] for run in runs)
        print(
            f"median of {len(runs)}: {median:.1f} reg/s; latency p50/p95/p99 of that run "
            f"{middle['latency_ms']['p50']:.0f}/{middle['latency_ms']['p95']:.0f}/"
            f"{middle['latency_ms']['p99']:.0f} ms; "
            f"{'PASS' if everything and median >= TARGET_RATE else 'FAIL'} "
            f"(target >= {TARGET_RATE:.0f} reg/s, exactly {args.places} confirmed, "
            f"{args.attempts - args.places} waitlisted in order, 0 5xx)"
        )
        report["setups"][label] = {"runs": runs, "median_rate_per_s": median, "pass": everything}

    common.OUT.mkdir(parents=True, exist_ok=True)
    out = common.OUT / (
        "event_registration-what-if.json" if args.what_if else "event_registration.json"
    )
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nfull figures: {out.relative_to(common.ROOT)}")
    ok = all(
        setup["pass"] and setup["median_rate_per_s"] >= TARGET_RATE
        for setup in report["setups"].values()
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
