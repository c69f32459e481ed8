"""The mixed load: 100 concurrent users browsing, searching, registering, booking and
reading the API for 5 minutes against the production setup on loopback, with one app
process and then with two.

    flock /tmp/korpu-bench.lock .venv/bin/python -u bench/mixed_load/run.py    # 1, then 2
    .venv/bin/python -u bench/mixed_load/run.py --quick --processes 1            # 20 s smoke
    .venv/bin/python -u bench/mixed_load/run.py --reuse-database --duration 120

Set-up (once; ``--reuse-database`` keeps it): the database ``korpu_bench_mixed_seed`` is
recreated and migrated (``korpu migrate``), gets the demo (``korpu load_demo``), one person
per user with an API token and a signed-in session, 40 events and 6 instruments
(``world.py``), and the static files are collected (whitenoise serves them).

Per configuration: ``korpu_bench_mixed`` is copied from the seed (both configurations
start from the same data), the Redis database ``--redis`` is emptied, and there start:
``--processes`` gunicorns (sync workers, ``--workers`` each) on their own loopback ports,
one ``korpu db_worker`` delivering the mail (to ``mailsink.py``, which records each
message), all with the operators' production settings (DEBUG off, SECRET_KEY,
``DATABASE_CONN_MAX_AGE=60``, ``REDIS_URL``; ``KORPU_HTTPS=0``: plain HTTP on loopback).
The users (``users.py``) run ``--warmup`` seconds unmeasured, then ``--duration`` seconds
measured. Afterwards: the mail is left to drain, the sign-in rate limit is tried across the
processes (the cache is shared), and the database is checked against what the users
were told. Prints and writes ``bench/out/mixed_load.json``; exit status 0 only when every
configuration passes (p95 < 300 ms, zero 5xx, zero other errors, every check).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "event_registration"))
sys.path.insert(0, str(HERE))
import users  # noqa: E402
import world as world_module  # noqa: E402

import common  # noqa: E402

P95_TARGET_MS = 300.0
SEED_DB = "korpu_bench_mixed_seed"
RUN_DB = "korpu_bench_mixed"
DATA_DIR = common.OUT / "mixed-data"
MAIL_LOG = common.OUT / "mixed_load-mail.log"
WORLD_JSON = common.OUT / "mixed_load-world.json"


# --- the set-up ------------------------------------------------------------------------------
def environment(
    database: str, redis_url: str | None, *, mail_log: Path = MAIL_LOG, data_dir: Path = DATA_DIR
) -> dict[str, str]:
    """The production settings of common.environment, plus Redis and the recording mailer."""
    env = common.environment(database, data_dir)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env["KORPU_DELIVERY_EMAIL_BACKEND"] = "mailsink.RecordingBackend"
    env["BENCH_MAIL_LOG"] = str(mail_log)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    return env


def korpu(env: dict, *arguments: str, timeout: float = 900) -> None:
    subprocess.run(
        [str(common.BIN / "korpu"), *arguments],
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def collect_static(env: dict) -> None:
    korpu(env, "collectstatic", "--noinput", "-v", "0", timeout=300)


def prepare_seed(env: dict, people: int) -> world_module.World:
    """Recreate the seed database: migrations, the demo, the people, events, instruments."""
    common.fresh_database(SEED_DB, env)
    started = time.perf_counter()
    korpu(env, "load_demo", "--allow-production")
    print(f"  korpu load_demo: {time.perf_counter() - started:.0f} s")
    common.setup_django(env)
    world = world_module.build(people)
    from django.db import connections

    connections.close_all()
    common.OUT.mkdir(parents=True, exist_ok=True)
    WORLD_JSON.write_text(json.dumps(world.to_json()))
    return world


def copy_database(source: str, target: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{common.PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def use_database(name: str) -> None:
    """Point this process's Django at ``name`` (the seed, then each run's copy)."""
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name


def redis_flush(url: str) -> None:
    """Empty the Redis database of ``url`` (only that one): FLUSHDB over a bare socket."""
    match = re.fullmatch(r"redis://([\w.]+):(\d+)/(\d+)", url)
    if match is None:
        raise SystemExit(f"--redis must look like redis://127.0.0.1:6379/5, not {url!r}")
    host, port, db = match.groups()
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
        answer = b""
        while answer.count(b"\r\n") < 2:
            answer += sock.recv(100)
    if answer != b"+OK\r\n+OK\r\n":
        raise RuntimeError(f"Redis refused FLUSHDB: {answer!r}")


# --- the processes ---------------------------------------------------------------------------
@contextlib.contextmanager
def task_worker(env: dict):
    log = common.OUT / "mixed_load-worker.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [str(common.BIN / "korpu"), "db_worker", "--no-startup-delay"],
            env=env,
            cwd=common.ROOT,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def cpu_sample(roots: dict[str, int]) -> dict:
    """pid -> (group, CPU seconds so far) for every process (groups: each root's process
    tree, PostgreSQL, other), and the whole machine's busy CPU seconds (/proc/stat)."""
    processes = common._processes()
    owner = {}
    for name, root in roots.items():
        tree, grew = {root}, True
        while grew:
            more = {pid for pid, (parent, _n, _c) in processes.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        owner.update(dict.fromkeys(tree, name))
    pids = {
        pid: (owner.get(pid) or ("postgres" if command == "postgres" else "other"), cpu)
        for pid, (_parent, command, cpu) in processes.items()
    }
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(v) for i, v in enumerate(fields) if i not in (3, 4))  # not idle, iowait
    return {"pids": pids, "machine": busy / os.sysconf("SC_CLK_TCK")}


def cpu_between(before: dict, after: dict, groups: list[str]) -> dict[str, float]:
    """CPU seconds used in between by each group (processes alive at the end; those that
    ended in between are only in "machine") and by the whole machine."""
    used = dict.fromkeys([*groups, "postgres", "other"], 0.0)
    for pid, (group, cpu) in after["pids"].items():
        used[group] += cpu - before["pids"].get(pid, (group, 0.0))[1]
    used["machine"] = after["machine"] - before["machine"]
    return used


# --- one configuration -----------------------------------------------------------------------
def measure(
    env: dict,
    world: world_module.World,
    *,
    processes: int,
    workers: int,
    clients: int,
    duration: float,
    warmup: float,
    think: tuple[float, float],
    seed: int = 1,
    rate_limit_check: bool = True,
) -> dict:
    """Start the servers and the worker, run the users, check; the figures as a dict."""
    booking_bench = world_module.booking_bench()
    mail_log = Path(env["BENCH_MAIL_LOG"])
    mail_log.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        worker_pid = stack.enter_context(task_worker(env))
        servers = []
        for number in range(1, processes + 1):
            log = common.OUT / f"mixed_load-server-{number}.log"
            args = SimpleNamespace(worker_class="sync", workers=workers, threads=1)
            servers.append(stack.enter_context(booking_bench.server_with_output_to(log, env, args)))
        bases = [base for base, _pid in servers]
        extra = [f"/en/events/{e['slug']}/" for e in world.events[:4]] + [
            f"/en/labs/resources/{r['slug']}/" for r in world.resources[:2]
        ]
        pages = []
        for base in bases:  # every process imports and renders every page once
            pages = asyncio.run(users.discover(base, extra, workers))
        load = users.Load(
            bases=bases,
            keys=world.keys,
            sessions=world.sessions,
            events=world.events,
            resources=world.resources,
            pages=pages,
            think=think,
            seed=seed,
        )
        roots = {f"app{n}": pid for n, (_base, pid) in enumerate(servers, start=1)}
        roots["worker"] = worker_pid
        marks = {}

        async def timed() -> None:
            task = asyncio.ensure_future(load.run(clients, warmup + duration))
            await asyncio.sleep(warmup)
            marks["start"] = (time.perf_counter(), time.process_time(), cpu_sample(roots))
            marks["load_start"] = os.getloadavg()
            await asyncio.sleep(duration)
            marks["end"] = (time.perf_counter(), time.process_time(), cpu_sample(roots))
            await task
            marks["load_end"] = os.getloadavg()

        print(
            f"  {clients} users, {len(pages)} pages to browse, {len(world.events)} events, "
            f"{len(world.resources)} instruments; warm-up {warmup:.0f} s, measuring "
            f"{duration:.0f} s ...",
            flush=True,
        )
        asyncio.run(timed())
        drained = drain_mail(timeout=180)
        rate_limit = shared_rate_limit(bases) if rate_limit_check else None
    figures = summarise(load, marks, roots)
    figures["pages_browsed"] = len(pages)
    figures["mail_drained_in_s"] = drained
    figures["checks"], figures["tallies"] = check(world, load, drained, rate_limit, mail_log)
    figures["pass"] = (
        all(figures["checks"].values())
        and figures["overall"]["p95_ms"] < P95_TARGET_MS
        and figures["http_5xx"] == 0
        and figures["other_errors"] == 0
    )
    return figures


def drain_mail(timeout: float) -> float | None:
    """Seconds until no message waits in the outbox (None: still some after ``timeout``)."""
    from korpu.common.models import OutboxMessage

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
            return round(time.perf_counter() - started, 1)
        time.sleep(0.5)
    return None


def shared_rate_limit(bases: list[str]) -> dict:
    """The sign-in rate limit (10 failed sign-ins a minute per address) counted across the
    processes: 10 failures sent to the processes in turn, then one more to each; shared
    counters refuse those ("Too many failed login attempts"), one counter per process
    would not."""
    import httpx

    refused = []
    with httpx.Client(timeout=30, trust_env=False) as client:
        for attempt in range(10 + len(bases)):
            base = bases[attempt % len(bases)]
            form = client.get(f"{base}/en/accounts/login/")
            token = users.CSRF.search(form.text)
            response = client.post(
                f"{base}/en/accounts/login/",
                data={
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "login": f"nobody{attempt}@mixed.bench.example",
                    "password": "wrong password",
                },
            )
            limited = response.status_code == 429 or "Too many failed" in response.text
            refused.append("limited" if limited else str(response.status_code))
    expected = ["200"] * 10 + ["limited"] * len(bases)
    return {"statuses": refused, "ok": refused == expected}


# --- figures and checks ------------------------------------------------------------------------
def spread(values: list[float]) -> dict:
    return {
        "requests": len(values),
        "p50_ms": round(common.percentile(values, 0.50), 1),
        "p95_ms": round(common.percentile(values, 0.95), 1),
        "p99_ms": round(common.percentile(values, 0.99), 1),
        "max_ms": round(max(values), 1) if values else None,
    }


def summarise(load: users.Load, marks: dict, roots: dict) -> dict:
    start, cpu_start, groups_start = marks["start"]
    end, cpu_end, groups_end = marks["end"]
    window = end - start
    measured = [s for s in load.samples if start <= s.started < end]
    outcomes = Counter(s.outcome.split(":")[0] for s in measured)
    kinds = {}
    for kind in users.KINDS:
        mine = [s for s in measured if s.kind == kind]
        kinds[kind] = {
            **spread([s.ms for s in mine]),
            "outcomes": dict(Counter(s.outcome for s in mine)),
        }
    cpu = cpu_between(groups_start, groups_end, list(roots))
    cpu["client"] = cpu_end - cpu_start
    cpu["other"] -= cpu["client"]  # this process is in "other"
    cpu["ended"] = cpu["machine"] - sum(v for k, v in cpu.items() if k != "machine")
    cpu = {name: round(value, 2) for name, value in cpu.items()}
    n = len(measured)
    return {
        "window_s": round(window, 1),
        "requests": n,
        "requests_per_s": round(n / window, 1),
        "overall": spread([s.ms for s in measured]),
        "kinds": kinds,
        "per_process": dict(Counter(f"app{s.process + 1}" for s in measured)),
        "http_statuses": {
            str(k): v for k, v in sorted(Counter(s.status for s in measured).items())
        },
        "http_5xx": sum(1 for s in load.samples if s.outcome == "5xx"),
        "other_errors": sum(1 for s in load.samples if s.outcome in ("error", "unexpected")),
        "outcomes": dict(outcomes),
        "error_samples": [
            f"{s.kind} {s.status} {s.detail}"[:300]
            for s in load.samples
            if s.outcome in ("error", "unexpected", "5xx")
        ][:8],
        "all_phases_requests": len(load.samples),
        "cpu_s": cpu,
        "cpu_cores": {name: round(value / window, 2) for name, value in cpu.items()},
        "cpu_ms_per_request": {
            name: round(1000 * value / max(1, n), 2) for name, value in cpu.items()
        },
        "load_average": {"start": marks["load_start"], "end": marks["load_end"]},
    }


def check(world, load: users.Load, drained, rate_limit, mail_log: Path) -> tuple[dict, dict]:
    """The database against what the users were told (every phase, warm-up included)."""
    import datetime

    from korpu.common.models import OutboxMessage
    from korpu.events.models import Registration
    from korpu.facilities.models import Booking

    index_of = {pk: i for i, pk in enumerate(world.person_ids)}
    event_ids = [e["id"] for e in world.events]
    active = Registration.ACTIVE
    rows = list(
        Registration.objects.filter(event_id__in=event_ids, person_id__in=world.person_ids)
        .filter(status__in=active)
        .values_list("person_id", "event_id", "status")
    )
    in_db = {(index_of[person], event) for person, event, _status in rows}
    told = set(load.outcomes.registered)
    confirmed = Counter(event for _p, event, status in rows if status == "confirmed")
    capacity_ok = all(
        e["capacity"] is None or confirmed[e["id"]] <= e["capacity"] for e in world.events
    )
    full_ok = all(
        confirmed[e["id"]] == e["capacity"]
        for e in world.events
        if load.outcomes.refused_full.get(e["id"])
    )
    positions_ok = all(
        len(told_positions) == len(set(told_positions))
        for told_positions in load.outcomes.positions.values()
    )
    resource_ids = [r["id"] for r in world.resources]
    bookings = list(
        Booking.objects.filter(resource_id__in=resource_ids, status__in=Booking.HOLDING)
        .order_by("resource_id", "starts_at")
        .values_list("id", "person_id", "resource_id", "starts_at", "ends_at")
    )
    overlaps = sum(
        1 for a, b in zip(bookings, bookings[1:], strict=False) if a[2] == b[2] and b[3] < a[4]
    )
    booked_told = {
        pk: (user, resource, datetime.datetime.fromisoformat(starts))
        for pk, (user, resource, starts) in load.outcomes.bookings.items()
    }
    booked_db = {
        pk: (index_of.get(person), resource, starts)
        for pk, person, resource, starts, _end in bookings
    }
    # Mail: one message per registration and per booking, to its person, all delivered,
    # each exactly once.
    emails = world.emails
    messages = list(
        OutboxMessage.objects.filter(to__0__in=emails).values_list("message_id", "to", "status")
    )
    per_person = Counter(to[0] for _m, to, _s in messages)
    expected = Counter()
    for user, _event in told:
        expected[emails[user]] += 1
    for user, _resource, _starts in booked_told.values():
        expected[emails[user]] += 1
    delivered = Counter()
    if mail_log.exists():
        for line in mail_log.read_text().splitlines():
            message_id, _sep, _to = line.partition("\t")
            delivered[message_id] += 1
    ours = {m for m, _to, _s in messages}
    checks = {
        "registrations in the database = the registrations answered 2xx/redirect": in_db == told,
        "no event confirmed beyond its places": capacity_ok,
        "'full' answered only once every place was taken": full_ok,
        "waiting-list positions told are distinct per event": positions_ok,
        "bookings in the database = the bookings answered 201": booked_db == booked_told,
        "no double booking (no two holding bookings overlap on an instrument)": overlaps == 0,
        "one mail per registration and booking, to its person": per_person == expected,
        "the outbox drained": drained is not None
        and not any(status == "pending" for _m, _t, status in messages),
        "every message delivered exactly once (mail sink)": all(delivered[m] == 1 for m in ours)
        and all(status == "sent" for _m, _t, status in messages),
        "signed-in pages never sent to the sign-in page (sessions shared)": (
            load.outcomes.session_lost == 0
        ),
    }
    if rate_limit is not None:
        checks[
            "sign-in rate limit counted across processes (shared cache): "
            + ",".join(map(str, rate_limit["statuses"]))
        ] = rate_limit["ok"]
    tallies = {
        "registrations": len(in_db),
        "confirmed": sum(confirmed.values()),
        "waitlisted": sum(1 for *_x, s in rows if s == "waitlisted"),
        "bookings": len(booked_db),
        "mail_messages": len(messages),
    }
    return checks, tallies


# --- printing ----------------------------------------------------------------------------------
def print_figures(label: str, f: dict) -> None:
    o = f["overall"]
    print(
        f"\n{label}: {f['requests']} requests in {f['window_s']} s = {f['requests_per_s']} req/s; "
        f"latency p50 {o['p50_ms']:.0f} / p95 {o['p95_ms']:.0f} / p99 {o['p99_ms']:.0f} / max "
        f"{o['max_ms']:.0f} ms; 5xx {f['http_5xx']}, other errors {f['other_errors']}"
    )
    print(f"  {'kind':<14}{'requests':>9}{'p50':>7}{'p95':>7}{'p99':>7}  outcomes")
    for kind, k in f["kinds"].items():
        print(
            f"  {kind:<14}{k['requests']:>9}{k['p50_ms']:>7.0f}{k['p95_ms']:>7.0f}"
            f"{k['p99_ms']:>7.0f}  {k['outcomes']}"
        )
    cores = f["cpu_cores"]
    apps = " + ".join(f"{cores[k]:.2f}" for k in cores if k.startswith("app"))
    print(
        f"  CPU (cores busy on average): app {apps}, task worker {cores['worker']:.2f}, "
        f"PostgreSQL {cores['postgres']:.2f}, client {cores['client']:.2f}, other processes "
        f"{cores['other']:.2f}, the rest (the kernel, processes that ended meanwhile: "
        f"PostgreSQL connections are renewed every 60 s) {cores['ended']:.2f}; whole machine "
        f"{cores['machine']:.2f} of {common.cpus()}; "
        "per request: "
        f"app {sum(v for k, v in f['cpu_ms_per_request'].items() if k.startswith('app')):.1f} ms,"
        f" PostgreSQL {f['cpu_ms_per_request']['postgres']:.1f} ms, client "
        f"{f['cpu_ms_per_request']['client']:.1f} ms"
    )
    print(
        f"  requests per process {f['per_process']}; statuses {f['http_statuses']}; "
        f"load average {f['load_average']['start'][0]:.2f} -> {f['load_average']['end'][0]:.2f}; "
        f"mail drained {f['mail_drained_in_s']} s after the end; tallies {f.get('tallies')}"
    )
    for name, ok in f["checks"].items():
        print(f"  [{'ok' if ok else 'FAIL'}] {name}")
    for line in f["error_samples"]:
        print(f"  error: {line}")
    print(
        f"  => {'PASS' if f['pass'] else 'FAIL'} (p95 {o['p95_ms']:.0f} ms, target < "
        f"{P95_TARGET_MS:.0f})"
    )


def main() -> int:
    cpus = common.cpus()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", choices=["1", "2", "both"], default="both")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=300, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=30, help="unmeasured seconds first")
    parser.add_argument("--quick", action="store_true", help="20 s measured, 5 s warm-up")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="per app process")
    parser.add_argument("--think", default="0.5,2.0", help="think time range, seconds")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--reuse-database", action="store_true", help="keep the seed database")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup = 20, 5
    think = tuple(float(x) for x in args.think.split(","))

    print(f"machine: {common.machine()}; load average {os.getloadavg()}")
    env_seed = environment(SEED_DB, args.redis)
    started = time.perf_counter()
    seeded = (
        "from korpu.events.models import Event;"
        "print(Event.objects.filter(slug='mixed-load-0').exists())"
    )
    if args.reuse_database and WORLD_JSON.exists() and common.django_answers_yes(env_seed, seeded):
        world = world_module.World.from_json(json.loads(WORLD_JSON.read_text()))
        if len(world.keys) < args.clients:
            parser.error(f"the reused seed has {len(world.keys)} people; drop --reuse-database")
        common.setup_django(env_seed)
        print("seed database reused")
    else:
        print(f"preparing {SEED_DB} (migrate, load_demo, people, events, labs)")
        world = prepare_seed(env_seed, max(args.clients, 100))
    collect_static(env_seed)
    print(f"prepared in {time.perf_counter() - started:.0f} s")

    env = environment(RUN_DB, args.redis)
    report = {
        "machine": common.machine(),
        "platform": platform.platform(),
        "argv": sys.argv[1:],
        "clients": args.clients,
        "think_s": think,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "workers_per_process": args.workers,
        "worker_class": "sync",
        "configurations": {},
    }
    for processes in [1, 2] if args.processes == "both" else [int(args.processes)]:
        label = f"{processes} app process{'es' if processes > 1 else ''} x {args.workers} sync"
        print(f"\n== {label}", flush=True)
        copy_database(SEED_DB, RUN_DB)
        use_database(RUN_DB)
        redis_flush(args.redis)
        figures = measure(
            env,
            world,
            processes=processes,
            workers=args.workers,
            clients=args.clients,
            duration=args.duration,
            warmup=args.warmup,
            think=think,
            seed=args.seed,
        )
        report["configurations"][str(processes)] = figures
        print_figures(label, figures)
        use_database(SEED_DB)
    configurations = report["configurations"]
    if "1" in configurations and "2" in configurations:
        one, two = configurations["1"], configurations["2"]
        report["ratio_two_to_one"] = round(two["requests_per_s"] / one["requests_per_s"], 3)
        print(
            f"\ntwo processes / one: throughput x{report['ratio_two_to_one']}, p95 "
            f"{one['overall']['p95_ms']:.0f} -> {two['overall']['p95_ms']:.0f} ms"
        )
    everything = all(f["pass"] for f in configurations.values())
    report["pass"] = everything
    out = common.OUT / "mixed_load.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\n{'PASS' if everything else 'FAIL'}; full figures: {out.relative_to(common.ROOT)}")
    return 0 if everything else 1


if __name__ == "__main__":
    sys.exit(main())
