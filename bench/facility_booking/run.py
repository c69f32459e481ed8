"""The booking rush: 100 concurrent clients all trying to book the same 20 slots of one
instrument, over HTTP through gunicorn, on PostgreSQL.

    flock /tmp/korpu-bench.lock .venv/bin/python bench/facility_booking/run.py   # 3 runs
    .venv/bin/python bench/facility_booking/run.py --runs 1 --reuse-database

It (1) recreates the database ``korpu_bench_booking`` and migrates it with ``korpu
migrate``, (2) bulk-creates 100 people, each with a personal API token, (3) starts gunicorn
with the operators' production settings (DEBUG off, DATABASE_CONN_MAX_AGE=60) on 127.0.0.1,
its output in ``bench/out/facility_booking-server.log`` (Django logs a warning line for every
409), (4) per run creates
a fresh instrument (one person at a time, one-hour slots, open around the clock in
Asia/Baku) and lets every client try the 20 one-hour slots of a day two days ahead in its
own random order with ``POST /api/v1/facilities/bookings`` until it gets one or has been
refused every slot, all 100 clients at once, and (5) checks from the database and the
answers: every slot booked exactly once, by the client told so, nobody with two bookings,
every other answer a clean 409 ``taken``, every client without a booking refused all 20
slots, no 5xx and no other error. Prints per run and the median of the runs: requests per
second, latency p50/p95/p99, the checks. Exit status 0 only when every check passes in
every run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "event_registration"))
import load  # noqa: E402

import common  # noqa: E402

ZONE = "Asia/Baku"
PATH = "/api/v1/facilities/bookings"
SERVER_LOG = common.OUT / "facility_booking-server.log"


@contextlib.contextmanager
def server_with_output_to(log: Path, env: dict, args):
    """gunicorn (``common.gunicorn``) with its workers' stderr in ``log`` rather than on the
    terminal: Django logs every 4xx answer as a warning, some 1,600 lines per rush."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        terminal = os.dup(2)
        os.dup2(output.fileno(), 2)  # the server's processes inherit it when they start
        try:
            server = common.gunicorn(
                env, worker_class=args.worker_class, workers=args.workers, threads=args.threads
            )
            started = server.__enter__()
        finally:
            os.dup2(terminal, 2)
            os.close(terminal)
        try:
            yield started
        finally:
            server.__exit__(None, None, None)


# --- the data ------------------------------------------------------------------------------
def facility():
    """The bench lab of a public high-tech park in Baku (made once per database)."""
    from korpu.directory.models import Organisation, Park
    from korpu.facilities.models import Facility

    operator, _created = Organisation.objects.get_or_create(
        slug="bench-hitech-park",
        defaults={"name": "Bench High-Tech Park", "kind": "technopark", "country": "AZ"},
    )
    park, _created = Park.objects.get_or_create(
        slug="bench-hitech-park",
        defaults={
            "name": "Bench High-Tech Park",
            "kind": "high_tech_park",
            "operator": operator,
            "country": "AZ",
            "city": "Baku",
            "time_zone": ZONE,
        },
    )
    lab, _created = Facility.objects.get_or_create(
        slug="bench-lab", defaults={"park": park, "name": "Bench lab"}
    )
    return lab


def new_instrument(slug: str):
    """One person at a time, one-hour slots, open around the clock, free of charge."""
    from korpu.facilities.models import Resource

    return Resource.objects.create(
        facility=facility(),
        slug=slug,
        name=f"Instrument {slug}",
        capacity=1,
        slot_minutes=60,
        opens_at=datetime.time(0),
        closes_at=datetime.time(0),
        min_minutes=60,
        max_minutes=60,
    )


def slots(count: int, days_ahead: int = 2) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """``count`` consecutive one-hour slots from 02:00 local time, ``days_ahead`` days on."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    zone = ZoneInfo(ZONE)
    day = timezone.localtime(timezone.now(), zone).date() + datetime.timedelta(days=days_ahead)
    first = datetime.datetime.combine(day, datetime.time(2), zone)
    hour = datetime.timedelta(hours=1)
    return [(first + n * hour, first + (n + 1) * hour) for n in range(count)]


# --- the rush ------------------------------------------------------------------------------
@dataclass
class Attempt:
    client: int
    slot: int
    sent: float
    answered: float
    status: int
    body: object = None
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.answered - self.sent


@dataclass
class Rush:
    attempts: list[Attempt]
    orders: list[list[int]]
    wall: float
    client_cpu: float
    unfinished: list[int] = field(default_factory=list)


def rush(
    base: str,
    keys: list[str],
    resource_id: int,
    slot_times,
    *,
    seed: int,
    timeout: float,
    max_seconds: float,
) -> Rush:
    """Every client tries the slots in its own random order until one is booked for it or
    each slot has refused it; all clients at once. Each request gets one answer (no retry
    of a slot), so a client sends at most one request per slot."""
    host, port = base.removeprefix("http://").split(":")
    port = int(port)
    bodies = [
        json.dumps(
            {"resource": resource_id, "starts_at": a.isoformat(), "ends_at": b.isoformat()}
        ).encode()
        for a, b in slot_times
    ]
    generator = random.Random(seed)
    orders = [generator.sample(range(len(slot_times)), len(slot_times)) for _key in keys]
    attempts: list[Attempt] = []
    unfinished: list[int] = []
    deadline = time.perf_counter() + max_seconds

    async def client(number: int) -> None:
        headers = {
            "Authorization": f"Bearer {keys[number]}",
            "Content-Type": "application/json",
        }
        for slot in orders[number]:
            if time.perf_counter() > deadline:
                unfinished.append(number)
                return
            sent = time.perf_counter()
            try:
                status, body = await load._raw(
                    host, port, ("POST", PATH, headers, bodies[slot]), timeout
                )
                attempts.append(Attempt(number, slot, sent, time.perf_counter(), status, body))
            except (OSError, TimeoutError, ValueError, IndexError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                attempts.append(Attempt(number, slot, sent, time.perf_counter(), 0, None, error))
                continue
            if status == 201:
                return

    async def everyone() -> None:
        await asyncio.gather(*(client(number) for number in range(len(keys))))

    cpu = time.process_time()
    started = time.perf_counter()
    asyncio.run(everyone())
    wall = time.perf_counter() - started
    return Rush(attempts, orders, wall, time.process_time() - cpu, unfinished)


# --- checks and figures ----------------------------------------------------------------------
def check(resource, result: Rush, keys: list[str], slot_times) -> dict:
    """Everything that must hold after the rush, from the database and the answers."""
    from korpu.directory.models import ApiToken
    from korpu.facilities.models import Booking

    people = dict(
        ApiToken.objects.filter(name="bench", lookup__in=[_lookup(k) for k in keys]).values_list(
            "lookup", "person_id"
        )
    )
    person_of = [people.get(_lookup(key)) for key in keys]
    rows = list(
        Booking.objects.filter(resource=resource).values_list(
            "id", "person_id", "starts_at", "ends_at", "status"
        )
    )
    holding = [row for row in rows if row[4] in Booking.HOLDING]
    by_start = Counter(row[2] for row in holding)
    wanted = {a for a, _b in slot_times}
    booked = [a for a in result.attempts if a.status == 201]
    told = {
        a.body.get("id"): (person_of[a.client], slot_times[a.slot][0])
        for a in booked
        if isinstance(a.body, dict)
    }
    in_db = {row[0]: (row[1], row[2]) for row in holding}
    refusals = [a for a in result.attempts if a.status not in (201,)]
    codes = Counter(
        (a.status, a.body.get("error", {}).get("code") if isinstance(a.body, dict) else None)
        for a in refusals
    )
    per_client = Counter(a.client for a in result.attempts)
    winners = {a.client for a in booked}
    http = Counter(a.status for a in result.attempts)
    checks = {
        f"every slot booked exactly once ({len(slot_times)} bookings)": len(holding)
        == len(slot_times)
        and set(by_start) == wanted
        and all(n == 1 for n in by_start.values())
        and all(row[3] - row[2] == datetime.timedelta(hours=1) for row in holding),
        "nothing else written (no other booking rows)": len(rows) == len(holding),
        f"{len(slot_times)} answered 201, each the booking in the database": told == in_db
        and len(booked) == len(slot_times),
        "nobody booked twice": len(winners) == len(booked)
        and len({row[1] for row in holding}) == len(holding),
        "every other answer 409 taken": set(codes) <= {(409, "taken")},
        "every client without a booking was refused all slots": all(
            per_client[number] == len(slot_times)
            for number in range(len(keys))
            if number not in winners
        ),
        "every client finished": not result.unfinished,
        "zero 5xx": sum(n for status, n in http.items() if status >= 500) == 0,
        "zero other errors (connections, timeouts)": http.get(0, 0) == 0,
    }
    return {
        "checks": checks,
        "http_statuses": {str(k): v for k, v in sorted(http.items())},
        "refusals": {f"{status} {code}": n for (status, code), n in codes.items()},
        "errors": [
            f"client {a.client} slot {a.slot}: {a.status} {a.error or a.body}"[:300]
            for a in result.attempts
            if a.status not in (201, 409) or (a.status == 409 and "taken" not in str(a.body))
        ][:5],
    }


def _lookup(key: str) -> str:
    from korpu.directory.models import ApiToken

    return key[len(ApiToken.PREFIX) :].partition(".")[0]


def summarise(result: Rush, verdict: dict, clients: int) -> dict:
    latencies = [a.seconds * 1000 for a in result.attempts]
    booked = [a.seconds * 1000 for a in result.attempts if a.status == 201]
    refused = [a.seconds * 1000 for a in result.attempts if a.status == 409]
    n = len(result.attempts)

    def spread(values):
        return {
            "p50": round(common.percentile(values, 0.50), 1),
            "p95": round(common.percentile(values, 0.95), 1),
            "p99": round(common.percentile(values, 0.99), 1),
            "max": round(max(values), 1) if values else None,
        }

    return {
        "clients": clients,
        "requests": n,
        "wall_s": round(result.wall, 3),
        "requests_per_s": round(n / result.wall, 1) if result.wall else None,
        "latency_ms": spread(latencies),
        "latency_booked_ms": spread(booked),
        "latency_refused_ms": spread(refused),
        "client_cpu_s": round(result.client_cpu, 2),
        **verdict,
        "pass": all(verdict["checks"].values()),
    }


def print_run(label: str, summary: dict) -> None:
    lat, ok, no = summary["latency_ms"], summary["latency_booked_ms"], summary["latency_refused_ms"]
    print(
        f"{label}: {summary['clients']} clients, {summary['requests']} requests in "
        f"{summary['wall_s']:.2f} s = {summary['requests_per_s']:.1f} requests/s; latency "
        f"p50 {lat['p50']:.0f} / p95 {lat['p95']:.0f} / p99 {lat['p99']:.0f} / max "
        f"{lat['max']:.0f} ms (booked p50 {ok['p50']:.0f} / p95 {ok['p95']:.0f}, refused "
        f"p50 {no['p50']:.0f} / p95 {no['p95']:.0f} ms)"
    )
    cpu = summary["cpu_ms_per_request"]
    print(
        f"  HTTP {summary['http_statuses']}, refusals {summary['refusals']}; CPU per request: "
        f"gunicorn {cpu['server']:.1f} ms, PostgreSQL {cpu['postgres']:.1f} ms, whole machine "
        f"{cpu['all']:.1f} ms; client CPU {summary['client_cpu_s']:.2f} s; load average "
        f"before {summary['load_average_before']}"
    )
    for name, passed in summary["checks"].items():
        print(f"  [{'ok' if passed else 'FAIL'}] {name}")
    for error in summary["errors"]:
        print(f"  error {error}")
    print(f"  => {'PASS' if summary['pass'] else 'FAIL'}")


def main() -> int:
    cpus = common.cpus()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--slots", type=int, default=20)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="default 2*CPUs+1")
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker")
    parser.add_argument("--database", default="korpu_bench_booking")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database and people of the last run (each run still gets a new instrument)",
    )
    parser.add_argument("--seed", type=int, default=1, help="of the clients' slot orders")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    parser.add_argument("--max-seconds", type=float, default=300, help="bound on one rush")
    args = parser.parse_args()
    if not 0 < args.slots <= 24 - 2:
        parser.error("--slots must be 1..22 (one-hour slots of one day from 02:00)")
    if args.clients < args.slots:
        parser.error("need at least as many clients as slots")

    env = common.environment(args.database, common.OUT / "bench-data")
    print(f"machine: {common.machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"database: {env['DATABASE_URL']}")
    started = time.perf_counter()
    saved = common.OUT / f"{args.database}-keys.json"
    if args.reuse_database and saved.exists():
        common.setup_django(env)
        keys, warm_keys = json.loads(saved.read_text())
        print("database reused (new instruments, same people)")
    else:
        common.fresh_database(args.database, env)
        common.setup_django(env)
        keys = common.seed_people(args.clients, "booker")
        warm_keys = common.seed_people(10, "warm")
        common.OUT.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps([keys, warm_keys]))
    if len(keys) < args.clients:
        parser.error(f"the reused database has only {len(keys)} people")
    keys = keys[: args.clients]
    from korpu.directory.models import ApiToken

    ApiToken.objects.update(last_used_at=None)  # each key's first use writes it, as in life
    print(f"prepared in {time.perf_counter() - started:.1f} s: {args.clients} people with tokens")

    label = f"{args.worker_class} x{args.workers}" + (
        f" ({args.threads} threads)" if args.worker_class == "gthread" else ""
    )
    print(f"\n== gunicorn {label}: {args.clients} clients, {args.slots} slots")
    runs = []
    with server_with_output_to(SERVER_LOG, env, args) as (base, server_pid):
        for number in range(1, args.runs + 1):
            stamp = time.time_ns()
            warm = new_instrument(f"warm-{number}-{stamp}")
            rush(base, warm_keys, warm.pk, slots(5), seed=number, timeout=30, max_seconds=60)
            instrument = new_instrument(f"rush-{number}-{stamp}")
            slot_times = slots(args.slots)
            load_before = os.getloadavg()[0]
            cpu_before = common.cpu_sample(server_pid)
            result = rush(
                base,
                keys,
                instrument.pk,
                slot_times,
                seed=args.seed * 1000 + number,
                timeout=args.timeout,
                max_seconds=args.max_seconds,
            )
            cpu_after = common.cpu_sample(server_pid)
            summary = summarise(result, check(instrument, result, keys, slot_times), args.clients)
            summary["load_average_before"] = round(load_before, 2)
            summary["cpu_ms_per_request"] = {
                key: round(1000 * seconds / max(1, summary["requests"]), 2)
                for key, seconds in common.cpu_used(cpu_before, cpu_after).items()
            }
            print_run(f"run {number}", summary)
            runs.append(summary)
    rates = [run["requests_per_s"] for run in runs]
    median = statistics.median(rates)
    middle = sorted(runs, key=lambda run: run["requests_per_s"])[len(runs) // 2]
    everything = all(run["pass"] for run in runs)
    lat = middle["latency_ms"]
    print(
        f"\nmedian of {len(runs)}: {median:.1f} requests/s (runs {', '.join(map(str, rates))}); "
        f"latency p50/p95/p99 of that run {lat['p50']:.0f}/{lat['p95']:.0f}/{lat['p99']:.0f} ms; "
        f"{'PASS' if everything else 'FAIL'} (every slot booked exactly once, every other "
        "answer 409 taken, 0 5xx)"
    )
    report = {
        "machine": common.machine(),
        "argv": sys.argv[1:],
        "gunicorn": label,
        "runs": runs,
        "median_requests_per_s": median,
        "pass": everything,
    }
    common.OUT.mkdir(parents=True, exist_ok=True)
    out = common.OUT / "facility_booking.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"full figures: {out.relative_to(common.ROOT)}")
    return 0 if everything else 1


if __name__ == "__main__":
    sys.exit(main())
