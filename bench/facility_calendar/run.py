"""Facilities: the week calendar of a busy resource and find-a-time across 10 resources.

    flock /tmp/korpu-bench.lock .venv/bin/python bench/facility_calendar/run.py
    .venv/bin/python bench/facility_calendar/run.py --engine sqlite --runs 50 --reuse-database

For each database engine (PostgreSQL ``korpu_bench_facilities`` on ``BENCH_PG``, and a
SQLite file in ``bench/out/``), in a process of its own, it recreates and migrates the
database (``--reuse-database`` keeps one already seeded), seeds a park (Asia/Baku) with

* one busy resource (open Monday–Saturday 08:00–20:00) with 10,000 bookings before the
  current week, and this week and the next about 60% booked (some awaiting approval), a
  maintenance window and a waiting-list offer still open;
* a workshop of 10 resources (slots of 30 or 60 minutes or free times, desks for 4 at
  once, some closed at weekends, one booked together with a room) with 1,000 past
  bookings each, about 35% of the next three weeks booked, a day the whole workshop is
  closed and a maintenance window on one of them;

and runs ``ANALYZE`` (the planner statistics autovacuum would keep); then it times,
``--runs`` times each after 3 warm-up calls:

* ``queries.resource_week`` of the busy resource's current week, for its manager (names
  shown) and for a visitor, and of the next week (all of it still to come) for a visitor;
* the same plus a render of ``bench/facility_calendar/week.html`` (a week grid with every
  entry and free time, localised dates: what the page does with the data);
* the resource page ``facilities:resource`` through Django's test client as the manager,
  if that page answers 200 (the pages may not exist yet: then it says so);
* ``queries.find_a_time`` over the 10 resources for 1 hour in the next 14 days (limit 10),
  and over 3 of them.

It prints the median, p95, min and max wall time of each, its query count (counted on a
separate call), and checks the targets: week calendar < 150 ms, find-a-time < 300 ms.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "event_registration"))
import common  # noqa: E402

ZONE = "Asia/Baku"
HISTORY = 10_000
WORKSHOP_HISTORY = 1_000
TARGET_WEEK_MS = 150.0
TARGET_FIND_MS = 300.0
SLUG = "bench-busy-microscope"


# --- database --------------------------------------------------------------------------------
def sqlite_environment(path: Path) -> dict[str, str]:
    env = common.environment("unused", common.OUT / "bench-data")
    env["DATABASE_URL"] = f"sqlite:///{path}"
    env["DATABASE_CONN_MAX_AGE"] = "0"
    return env


def prepare(engine: str, args) -> dict[str, str]:
    if engine == "postgres":
        env = common.environment(args.database, common.OUT / "bench-data")
    else:
        env = sqlite_environment(common.OUT / f"{args.database}.sqlite3")
    if args.reuse_database and _seeded(engine, env):
        return env
    if engine == "postgres":
        common.fresh_database(args.database, env)
    else:
        path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        subprocess.run(
            [str(common.BIN / "korpu"), "migrate", "--noinput", "-v", "0"],
            env=env,
            check=True,
            timeout=900,
        )
    env["BENCH_SEED"] = "1"
    return env


def _seeded(engine: str, env: dict[str, str]) -> bool:
    code = (
        "from korpu.facilities.models import Resource;"
        f"print(Resource.objects.filter(slug='{SLUG}').exists())"
    )
    return common.django_answers_yes(env, code)


# --- seeding ---------------------------------------------------------------------------------
def _fill_day(rng, day, resource, people, *, occupancy, zone, capacity=1, slot=None):
    """Bookings on one open day: for each place, blocks of 1–3 hours (or whole slots)
    with gaps, about ``occupancy`` of the day booked; never more than the capacity."""
    from korpu.facilities.models import Booking

    opens = datetime.datetime.combine(day, resource.opens_at, zone)
    closes = datetime.datetime.combine(day, resource.closes_at, zone)
    step = datetime.timedelta(minutes=slot or 30)
    rows = []
    for _place in range(capacity):
        moment = opens
        while moment < closes:
            length = (
                step * rng.choice([2, 2, 4, 4, 6]) if slot != 60 else step * rng.choice([1, 2, 3])
            )
            if rng.random() < occupancy and moment + length <= closes:
                rows.append(
                    Booking(
                        resource=resource,
                        person=rng.choice(people),
                        starts_at=moment,
                        ends_at=moment + length,
                        status=Booking.Status.APPROVED,
                        price_category=Booking.PriceCategory.EXTERNAL,
                    )
                )
                moment += length
            else:
                moment += step * rng.choice([1, 2, 4])
    return rows


def seed() -> None:
    from zoneinfo import ZoneInfo

    from django.db import transaction
    from django.utils import timezone

    from korpu.directory.models import Membership, Organisation, Park, Person
    from korpu.facilities.models import Booking, Closure, Facility, Resource, WaitingEntry

    rng = random.Random(7)
    zone = ZoneInfo(ZONE)
    today = timezone.localtime(timezone.now(), zone).date()
    monday = today - datetime.timedelta(days=today.weekday())
    with transaction.atomic():
        operator = Organisation.objects.create(
            slug="bench-facilities-park", name="Bench Park", kind="technopark", country="AZ"
        )
        park = Park.objects.create(
            slug="bench-facilities-park",
            name="Bench High Technologies Park",
            kind="high_tech_park",
            operator=operator,
            country="AZ",
            city="Baku",
            time_zone=ZONE,
        )
        manager = Person.objects.create_user("manager@facilities.bench", first_name="Manager")
        Membership.objects.create(person=manager, organisation=operator, role="manager")
        people = Person.objects.bulk_create(
            Person(
                email=f"user{i}@facilities.bench",
                first_name="User",
                last_name=str(i),
                password="!",
            )
            for i in range(200)
        )
        lab = Facility.objects.create(park=park, slug="bench-lab", name="Microscopy lab")
        busy = Resource.objects.create(
            facility=lab,
            slug=SLUG,
            name="Electron microscope",
            open_weekdays=[0, 1, 2, 3, 4, 5],
            max_days_ahead=60,
        )
        # 10,000 bookings before this week, day after day backwards.
        history, day = [], monday - datetime.timedelta(days=1)
        while len(history) < HISTORY:
            if day.weekday() in busy.open_weekdays:
                history += _fill_day(rng, day, busy, people, occupancy=0.7, zone=zone)
            day -= datetime.timedelta(days=1)
        Booking.objects.bulk_create(history[:HISTORY], batch_size=2000)
        week = []
        for n in range(14):  # this week and the next
            if (monday + datetime.timedelta(days=n)).weekday() in busy.open_weekdays:
                week += _fill_day(
                    rng, monday + datetime.timedelta(days=n), busy, people, occupancy=0.6, zone=zone
                )
        for booking in week[::7]:
            booking.status = Booking.Status.PENDING
        Booking.objects.bulk_create(week)
        wednesday = datetime.datetime.combine(
            monday + datetime.timedelta(days=2), datetime.time(16), zone
        )
        Closure.objects.create(
            facility=lab,
            resource=busy,
            starts_at=wednesday,
            ends_at=wednesday + datetime.timedelta(hours=4),
            reason="Column bake-out",
        )
        WaitingEntry.objects.create(
            resource=busy,
            person=people[0],
            starts_at=wednesday - datetime.timedelta(hours=2),
            ends_at=wednesday - datetime.timedelta(hours=1),
            status=WaitingEntry.Status.OFFERED,
            offered_at=timezone.now(),
            offer_expires_at=timezone.now() + datetime.timedelta(days=30),
        )

        workshop = Facility.objects.create(
            park=park, slug="bench-workshop", name="Prototyping workshop", kind="workshop"
        )
        room = Resource.objects.create(
            facility=workshop, slug="bench-room", name="Clean room", kind="room", max_days_ahead=60
        )
        kinds = [
            {"slot_minutes": 30},
            {"slot_minutes": 30, "open_weekdays": [0, 1, 2, 3, 4]},
            {"slot_minutes": 60},
            {},
            {"open_weekdays": [0, 1, 2, 3, 4]},
            {"capacity": 4, "kind": "desk"},
            {"slot_minutes": 30},
            {},
            {"slot_minutes": 60, "open_weekdays": [0, 1, 2, 3, 4, 5]},
            {},
        ]
        workshop_resources = [
            Resource.objects.create(
                facility=workshop,
                slug=f"bench-tool-{n}",
                name=f"Tool {n}",
                max_days_ahead=60,
                opens_at=datetime.time(8),
                closes_at=datetime.time(20),
                **fields,
            )
            for n, fields in enumerate(kinds)
        ]
        workshop_resources[0].linked_resources.add(room)
        rows = []
        for resource in [*workshop_resources, room]:
            past, day = [], today - datetime.timedelta(days=1)
            while len(past) < WORKSHOP_HISTORY:
                if not resource.open_weekdays or day.weekday() in resource.open_weekdays:
                    past += _fill_day(
                        rng,
                        day,
                        resource,
                        people,
                        occupancy=0.5,
                        zone=zone,
                        capacity=resource.capacity,
                        slot=resource.slot_minutes,
                    )
                day -= datetime.timedelta(days=1)
            rows += past[:WORKSHOP_HISTORY]
            for n in range(21):
                day = today + datetime.timedelta(days=n)
                if not resource.open_weekdays or day.weekday() in resource.open_weekdays:
                    rows += _fill_day(
                        rng,
                        day,
                        resource,
                        people,
                        occupancy=0.35,
                        zone=zone,
                        capacity=resource.capacity,
                        slot=resource.slot_minutes,
                    )
        Booking.objects.bulk_create(rows, batch_size=2000)
        holiday = datetime.datetime.combine(
            today + datetime.timedelta(days=9), datetime.time(0), zone
        )
        Closure.objects.create(
            facility=workshop,
            kind=Closure.Kind.HOLIDAY,
            starts_at=holiday,
            ends_at=holiday + datetime.timedelta(days=1),
        )
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=3), datetime.time(8), zone
        )
        Closure.objects.create(
            facility=workshop,
            resource=workshop_resources[3],
            starts_at=start,
            ends_at=start + datetime.timedelta(days=2),
            reason="Spindle replacement",
        )


# --- measuring -------------------------------------------------------------------------------
def timed(function, runs: int) -> dict:
    for _ in range(3):
        function()
    seconds = []
    for _ in range(runs):
        begin = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - begin)
    ms = [s * 1000 for s in seconds]
    return {
        "runs": runs,
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(common.percentile(ms, 0.95), 2),
        "min_ms": round(min(ms), 2),
        "max_ms": round(max(ms), 2),
    }


def count_queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def child(engine: str, runs: int) -> dict:
    common.setup_django(os.environ)
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import connection
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone, translation

    from korpu.directory.models import Person
    from korpu.facilities import queries
    from korpu.facilities.models import Booking, Resource

    if os.environ.get("BENCH_SEED") == "1":
        started = time.perf_counter()
        seed()
        # Planner statistics, as autovacuum (or SQLite's optimize) would have them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  seeded and analysed in {time.perf_counter() - started:.1f} s")
    translation.activate("en")
    zone = ZoneInfo(ZONE)
    today = timezone.localtime(timezone.now(), zone).date()
    monday = today - datetime.timedelta(days=today.weekday())
    next_monday = monday + datetime.timedelta(days=7)
    manager = Person.objects.get(email="manager@facilities.bench")
    busy_id = Resource.objects.get(slug=SLUG).pk
    tools = list(
        Resource.objects.filter(slug__startswith="bench-tool-")
        .select_related("facility__park")
        .order_by("slug")
    )
    history = Booking.objects.filter(resource_id=busy_id, starts_at__lt=monday_start(monday, zone))
    facts = {
        "engine": connection.vendor,
        "busy_resource_bookings_before_the_week": history.count(),
        "busy_resource_bookings_total": Booking.objects.filter(resource_id=busy_id).count(),
        "workshop_bookings_total": Booking.objects.filter(resource__in=tools).count(),
        "bookings_total": Booking.objects.count(),
    }
    template = engines["django"].from_string((HERE / "week.html").read_text())

    def load_busy():
        # As a view does on each request.
        return Resource.objects.select_related("facility__park").get(pk=busy_id)

    def week(viewer, start=monday):
        return queries.resource_week(load_busy(), week_start=start, viewer=viewer)

    def week_and_render(viewer):
        resource = load_busy()
        days = queries.resource_week(resource, week_start=monday, viewer=viewer)
        return template.render({"resource": resource, "days": days})

    start = timezone.now()
    later = start + datetime.timedelta(days=14)

    def find(resources):
        return queries.find_a_time(
            resources, duration=datetime.timedelta(hours=1), earliest=start, latest=later
        )

    results = {"facts": facts, "timings": {}}
    measures = {
        "resource_week, manager": lambda: week(manager),
        "resource_week, visitor": lambda: week(None),
        "resource_week of next week, visitor": lambda: week(None, next_monday),
        "resource_week + template render, manager": lambda: week_and_render(manager),
        "find_a_time, 10 resources, 1 h in 14 days": lambda: find(tools),
        "find_a_time, 3 resources, 1 h in 14 days": lambda: find(tools[:3]),
    }
    sample = week(manager)
    facts["week_entries"] = sum(len(day.entries) for day in sample)
    facts["week_free_intervals"] = sum(len(day.free) for day in sample)
    following = week(None, next_monday)
    facts["next_week_entries"] = sum(len(day.entries) for day in following)
    facts["next_week_free_intervals"] = sum(len(day.free) for day in following)
    facts["rendered_week_bytes"] = len(week_and_render(manager).encode())
    facts["find_10_starts_found"] = [f"{s:%a %d %H:%M}" for s in find(tools)]
    facts["find_3_starts_found"] = [f"{s:%a %d %H:%M}" for s in find(tools[:3])]
    try:
        with translation.override("en"):
            page = reverse("facilities:resource", args=[SLUG])
    except NoReverseMatch:
        page = None
    if page:
        # Static files are not collected for the benchmark: plain (unhashed) names.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        override_settings(STORAGES=storages).enable()
        browser = Client(SERVER_NAME="127.0.0.1")
        browser.force_login(manager)
        status = browser.get(page).status_code
        facts["resource_page"] = f"GET {page} as the manager: HTTP {status}"
        if status == 200:
            measures["resource page GET (test client), manager"] = lambda: browser.get(page)
    for name, function in measures.items():
        results["timings"][name] = {**timed(function, runs), "queries": count_queries(function)}
    return results


def monday_start(monday, zone):
    return datetime.datetime.combine(monday, datetime.time(0), zone)


def report(engine: str, results: dict) -> bool:
    print(f"\n== {engine} ==")
    for key, value in results["facts"].items():
        print(f"  {key}: {value}")
    ok = True
    print(
        f"  {'measure':<46} {'median':>8} {'p95':>8} {'min':>8} {'max':>8} {'queries':>7}  target"
    )
    for name, timing in results["timings"].items():
        target = TARGET_FIND_MS if name.startswith("find_a_time") else TARGET_WEEK_MS
        if name.startswith("resource page"):
            verdict = "(page, no target)"
        else:
            met = timing["p95_ms"] < target
            ok &= met
            verdict = f"p95 < {target:.0f} ms: {'met' if met else 'MISSED'}"
        print(
            f"  {name:<46} {timing['median_ms']:>6.1f}ms {timing['p95_ms']:>6.1f}ms "
            f"{timing['min_ms']:>6.1f}ms {timing['max_ms']:>6.1f}ms "
            f"{timing['queries']:>7}  {verdict}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database", default="korpu_bench_facilities")
    parser.add_argument("--reuse-database", action="store_true")
    parser.add_argument("--child", choices=["postgres", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        results = child(args.child, args.runs)
        common.OUT.mkdir(parents=True, exist_ok=True)
        (common.OUT / f"facility_calendar-{args.child}.json").write_text(
            json.dumps(results, indent=2)
        )
        print(json.dumps(results))
        return 0
    print(
        f"machine: {common.machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    engines = ["postgres", "sqlite"] if args.engine == "both" else [args.engine]
    ok = True
    for engine in engines:
        env = prepare(engine, args)
        print(
            f"{engine}: {env['DATABASE_URL']} ({'seeding' if env.get('BENCH_SEED') else 'reused'})"
        )
        process = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--runs", str(args.runs)],
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        lines = process.stdout.strip().splitlines()
        for line in lines[:-1]:
            print(line)
        if process.returncode != 0 or not lines:
            print(process.stderr[-4000:])
            return 2
        ok &= report(engine, json.loads(lines[-1]))
        print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
