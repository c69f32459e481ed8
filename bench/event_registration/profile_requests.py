"""Where a registration request spends its time, one request after another (no
concurrency), through Django's full request path in this process, on the benchmark
database prepared by run.py.

    .venv/bin/pip install pyinstrument          # not a project dependency
    .venv/bin/python bench/event_registration/profile_requests.py [--requests 400] [--places 100]
    .venv/bin/python bench/event_registration/profile_requests.py --cprofile   # no extra package

Prints the mean time per request, the mean time the event lock is held (from taking it
until the commit has finished: the part that cannot run in parallel, so its inverse
bounds the rate of one event), the queries per request, and pyinstrument's call tree
(written as HTML to bench/out/registration-profile.html), or with ``--cprofile`` the top
functions by CPU time (bench/out/registration-profile.pstats).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

import common  # noqa: E402


def _leave_out(parts: list[str], prefix: str) -> None:
    """Switch parts of the request path off in this process (never in the code base)."""
    from django.utils import timezone

    from korpu.common import mail
    from korpu.directory.models import ApiToken
    from korpu.events import services

    if "enqueue" in parts:  # one task row per commit, to wake the outbox worker
        mail._enqueue_delivery = lambda: None
    if "token-update" in parts:  # a token's first use records last_used_at
        ApiToken.objects.filter(person__email__startswith=prefix).update(
            last_used_at=timezone.now()
        )
    if "mail" in parts:
        services._mail = lambda *args, **kwargs: None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--database", default="korpu_bench")
    parser.add_argument("--no-pyinstrument", action="store_true")
    parser.add_argument(
        "--cprofile",
        action="store_true",
        help="profile CPU time with cProfile instead of pyinstrument (no extra package); "
        "prints the top functions and writes bench/out/registration-profile.pstats",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=["enqueue", "token-update", "mail"],
        help="what-if: leave out one part of the request path (repeatable), to measure it",
    )
    args = parser.parse_args()

    env = common.environment(args.database, common.OUT / "bench-data")
    common.setup_django(env)
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from korpu.events import services

    stamp = int(time.time())
    keys = common.seed_people(args.requests + 1, f"profile{stamp}-")
    _leave_out(args.without, f"profile{stamp}-")
    event = run.new_event(args.places, f"profile-{stamp}")
    path = run.registrations_path(event.pk)
    client = Client(HTTP_HOST="127.0.0.1")
    # The first request imports the URL configuration and everything behind it.
    warm = run.new_event(1, f"profile-warm-{stamp}")
    client.post(
        run.registrations_path(warm.pk),
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {keys.pop()}",
    )

    held: list[float] = []
    original_lock = services._lock_event_for_registering

    def timed_lock(event):
        found = original_lock(event)
        taken = time.perf_counter()
        transaction.on_commit(lambda: held.append(time.perf_counter() - taken))
        return found

    commits: list[float] = []
    original_commit = connection.commit

    def timed_commit():
        start = time.perf_counter()
        original_commit()
        commits.append(time.perf_counter() - start)

    services._lock_event_for_registering = timed_lock
    connection.commit = timed_commit
    profiler = None
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.start = profiler.enable
        profiler.stop = profiler.disable
    elif not args.no_pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
    times, cpu = [], []
    with CaptureQueriesContext(connection) as queries:
        if profiler:
            profiler.start()
        for key in keys:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post(
                path, data={}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
            )
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if response.status_code != 201:
                print("unexpected", response.status_code, response.content[:300])
                return 1
        if profiler:
            profiler.stop()
    services._lock_event_for_registering = original_lock
    connection.commit = original_commit

    def ms(values):
        return f"{1000 * statistics.mean(values):.2f}" if values else "-"

    print(
        f"{len(times)} requests ({args.places} confirmed, the rest waitlisted): "
        f"mean {ms(times)} ms, median {1000 * statistics.median(times):.2f} ms; "
        f"CPU of this process mean {1000 * statistics.mean(cpu):.2f} ms; "
        f"lock held mean {1000 * statistics.mean(held):.2f} ms "
        f"(confirmed {ms(held[: args.places])}, "
        f"waitlisted {ms(held[args.places :])}), of which the "
        f"commit {1000 * statistics.median(commits):.2f} ms (median of {len(commits)} commits); "
        f"{len(queries.captured_queries) / len(times):.1f} queries per request"
    )
    if args.cprofile:
        import pstats

        out = common.OUT / "registration-profile.pstats"
        profiler.dump_stats(out)
        stats = pstats.Stats(str(out))
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        print(f"profile: {out.relative_to(common.ROOT)}")
    elif profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        out = common.OUT / "registration-profile.html"
        out.write_text(profiler.output_html())
        print(f"call tree: {out.relative_to(common.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
