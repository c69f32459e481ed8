"""Insights: the memorandum dashboard, the records behind a figure, the KPI API and the
yearly PDF report on five years of a partnership's activity.

    flock /tmp/korpu-bench.lock .venv/bin/python bench/insights_dashboard/run.py
    .venv/bin/python bench/insights_dashboard/run.py --reuse-database --runs 20 --cold 5

It drops, recreates and migrates the PostgreSQL database ``korpu_bench_insights`` (on
``BENCH_PG``; ``--reuse-database`` keeps one already generated), and writes with
:mod:`generate` (seed 8) the big world, a 2020 memorandum with five years of activity
(300 companies, 50,000 registrations, 10,000 applications, 100,000 bookings, …), and a
small world of the same shape at 2% of the size (``small``), then runs ``VACUUM (ANALYZE)``
(what autovacuum does after the inserts). ``--jit-off`` measures with PostgreSQL's JIT
compilation off for the connections (``?options=-c%20jit%3Doff`` in ``DATABASE_URL``).

Every page is asked for through Django's test client (the whole request path: URL
resolution, middleware, session and user from the database, the view, the template),
with the operators' production settings (``KORPU_DEBUG=0``, ``DATABASE_CONN_MAX_AGE=60``;
static files unhashed as nothing is collected), signed in as the AZ operator's admin
(a party's admin: every indicator), in Azerbaijani (``/az/…``).

* **Warm**: in one process, after 3 renders, ``--runs`` renders of the dashboard (the
  default years, 2020 to this year), of the records page of one figure (participants of
  a year: one page of 50 of the ~9,000 records, with the count) and of the KPI API
  (``GET /api/v1/insights/partnerships/<slug>/kpis``): median, p95, min, max; and the
  KPI computation alone (``kpis.partnership_kpis``) to split the render.
  The dashboard keeps computed figures for ``KORPU_INSIGHTS_CACHE_SECONDS`` (120 s by
  default; the page says how old they are), so a warm render is one with the figures kept;
  the same render with ``?fresh=1`` (an admin's *Recompute now*) and the computation
  alone with ``fresh=True`` are timed too: they are what a render costs once the cache
  has expired.
* **Cold**: ``--cold`` fresh processes (an empty cache); each sets Django up
  (``django.setup()``: the interpreter, Django and the apps' models imported, not
  counted) and imports the URLconf as ``korpu/wsgi.py`` does when a worker starts
  (timed, reported, not counted: no request waits for it), then times the first request
  to the dashboard (the middleware chain built, the first database connection, the
  session, the template loaded and compiled, the Azerbaijani catalogue, every figure
  computed), then a second one. "Cold" is the first request.
* **Queries**: counted with ``CaptureQueriesContext`` on the dashboard for 1 year and
  for 5 years, on the big and on the small world: the count depends on the number of
  years (the resident reports are read per park and year), never on the records. The
  slowest queries of a render are listed (``--explain`` adds their ``EXPLAIN ANALYZE``).
* **Yearly PDF**: ``korpu.insights.yearly_report.build_pdf(partnership, year,
  language)`` for last year in Azerbaijani, ``--pdf-runs`` times (median), if that
  module exists yet (else it says so).

Targets: dashboard warm median < 300 ms, cold < 2 s, a bounded number of queries; the
yearly PDF < 30 s. Writes ``bench/out/insights_dashboard.json``; exit status 0 on PASS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "event_registration"))
sys.path.insert(0, str(HERE))
import common  # noqa: E402

DATABASE = "korpu_bench_insights"
BIG, SMALL = "bench", "small"
SMALL_SCALE = 0.02
SEED = 8
TARGET_WARM_MS = 300.0
TARGET_COLD_MS = 2000.0
TARGET_PDF_S = 30.0
LANGUAGE = "az"
STATE = common.OUT / "insights_dashboard-state.json"


# --- the database ------------------------------------------------------------------------------
def prepare(args) -> dict[str, str]:
    env = common.environment(args.database, common.OUT / "bench-data")
    if args.reuse_database and _generated(env):
        env["BENCH_GENERATE"] = "0"
        return env
    common.fresh_database(args.database, env)
    env["BENCH_GENERATE"] = "1"
    return env


def _generated(env) -> bool:
    code = (
        "from korpu.directory.models import Partnership;"
        f"print(Partnership.objects.filter(slug__in=['{BIG}-memorandum-2020',"
        f"'{SMALL}-memorandum-2020']).count() == 2)"
    )
    return common.django_answers_yes(env, code)


def seed_child() -> dict:
    """Generate both worlds (unless reused), analyse, and sign the admins in: the cold
    processes then only send the session cookie."""
    common.setup_django(os.environ)
    import generate
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from korpu.directory.models import Partnership, Person

    facts = {}
    if os.environ.get("BENCH_GENERATE") == "1":
        for prefix, scale in ((BIG, 1.0), (SMALL, SMALL_SCALE)):
            started = time.perf_counter()
            world = generate.generate(prefix=prefix, scale=scale, seed=SEED)
            facts[prefix] = {
                "seconds": round(time.perf_counter() - started, 1),
                "counts": dict(world.counts),
            }
            print(f"  generated '{prefix}' (scale {scale}) in {facts[prefix]['seconds']} s")
        started = time.perf_counter()
        with connection.cursor() as cursor:  # what autovacuum does after the inserts
            cursor.execute("VACUUM (ANALYZE)")
        print(f"  vacuumed and analysed in {time.perf_counter() - started:.1f} s")
    sessions = {}
    for prefix in (BIG, SMALL):
        admin = Person.objects.get(email=f"admin@{prefix}.bench")
        client = Client()
        client.force_login(admin)
        sessions[prefix] = {
            "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "slug": Partnership.objects.get(slug=f"{prefix}-memorandum-2020").slug,
        }
    if not facts and STATE.exists():  # reused: what the generation wrote then
        facts = json.loads(STATE.read_text()).get("generated", {})
    STATE.write_text(json.dumps({"sessions": sessions, "generated": facts}, indent=2))
    return facts


# --- measuring ---------------------------------------------------------------------------------
def _plain_static():
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def _client(prefix: str):
    from django.conf import settings
    from django.test import Client

    state = json.loads(STATE.read_text())
    client = Client(SERVER_NAME="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = state["sessions"][prefix]["cookie"]
    return client, state["sessions"][prefix]["slug"]


def _dashboard_url(slug: str, years=None) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(LANGUAGE):
        url = reverse("insights:partnership", args=[slug])
    if years:
        url += f"?from={years[0]}&to={years[-1]}"
    return url


def timed(function, runs: int, warm_up: int = 3) -> dict:
    for _ in range(warm_up):
        function()
    ms = []
    for _ in range(runs):
        begin = time.perf_counter()
        function()
        ms.append((time.perf_counter() - begin) * 1000)
    return {
        "runs": runs,
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(common.percentile(ms, 0.95), 1),
        "min_ms": round(min(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def captured(function) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return context.captured_queries


def _get_ok(client, url, **extra):
    response = client.get(url, **extra)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: HTTP {response.status_code}")
    return response


def warm_child(runs: int, pdf_runs: int, explain: bool) -> dict:
    common.setup_django(os.environ)
    _plain_static()
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone, translation

    from korpu.directory.models import Partnership, Person
    from korpu.insights import kpis

    this_year = timezone.localdate().year
    client, slug = _client(BIG)
    small_client, small_slug = _client(SMALL)
    partnership = Partnership.objects.get(slug=slug)
    admin = Person.objects.get(email=f"admin@{BIG}.bench")
    dashboard = _dashboard_url(slug)
    with translation.override(LANGUAGE):
        records = reverse("insights:records", args=[slug, "participants"])
    records += f"?year={this_year - 1}"
    api = f"/api/v1/insights/partnerships/{slug}/kpis"

    results: dict = {"facts": {}, "timings": {}, "queries": {}, "slowest": []}
    page = _get_ok(client, dashboard).content.decode()
    results["facts"]["dashboard_bytes"] = len(page)
    results["facts"]["dashboard_svg_charts"] = page.count("<svg")
    results["facts"]["dashboard_years"] = kpis.default_years(partnership)
    figures = {r.code: r for r in kpis.partnership_kpis(partnership, admin) if r.code}
    results["facts"]["figures"] = {
        code: str(result.total) for code, result in sorted(figures.items())
    }
    records_page = _get_ok(client, records)
    results["facts"]["records_bytes"] = len(records_page.content)
    results["facts"]["records_count"] = _records_count(partnership, admin, this_year - 1)
    payload = _get_ok(client, api).json()
    results["facts"]["api_indicators"] = len(payload["indicators"])
    results["facts"]["api_bytes"] = len(json.dumps(payload))

    recompute = dashboard + "?fresh=1"
    measures = {
        "dashboard (default years)": lambda: client.get(dashboard),
        "dashboard recomputed (?fresh=1)": lambda: client.get(recompute),
        "KPI computation only (kpis.partnership_kpis, fresh)": lambda: kpis.partnership_kpis(
            partnership, admin, fresh=True
        ),
        "records of one figure (participants of a year, page 1)": lambda: client.get(records),
        "KPI API (default years)": lambda: client.get(api),
    }
    for name, function in measures.items():
        results["timings"][name] = {**timed(function, runs), "queries": len(captured(function))}

    years_1 = [this_year - 1]
    years_5 = list(range(this_year - 4, this_year + 1))
    for label, who, url in (
        ("big, 1 year", client, _dashboard_url(slug, years_1)),
        ("big, 5 years", client, _dashboard_url(slug, years_5)),
        ("big, default years", client, dashboard),
        ("small, 1 year", small_client, _dashboard_url(small_slug, years_1)),
        ("small, 5 years", small_client, _dashboard_url(small_slug, years_5)),
        ("small, default years", small_client, _dashboard_url(small_slug)),
    ):
        url += ("&" if "?" in url else "?") + "fresh=1"  # count the computation's queries
        _get_ok(who, url)
        results["queries"][label] = len(captured(lambda who=who, url=url: who.get(url)))

    queries = sorted(captured(lambda: client.get(recompute)), key=lambda q: -float(q["time"]))
    results["facts"]["dashboard_sql_seconds"] = round(sum(float(q["time"]) for q in queries), 3)
    for query in queries[:8]:
        entry = {"seconds": float(query["time"]), "sql": query["sql"][:600]}
        if explain and query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                entry["plan"] = "\n".join(row[0] for row in cursor.fetchall())
        results["slowest"].append(entry)

    results["pdf"] = measure_pdf(partnership, this_year - 1, pdf_runs)
    return results


def _records_count(partnership, admin, year) -> int:
    from korpu.insights import kpis

    return kpis.partnership_records(partnership, admin, "participants", year=year).count()


def measure_pdf(partnership, year: int, runs: int) -> dict:
    try:
        from korpu.insights import yearly_report
    except ImportError:
        return {"available": False, "reason": "korpu.insights.yearly_report does not exist yet"}
    build_pdf = getattr(yearly_report, "build_pdf", None)
    if build_pdf is None:
        return {"available": False, "reason": "yearly_report has no build_pdf yet"}
    seconds, size = [], 0
    for _ in range(runs):
        begin = time.perf_counter()
        data = build_pdf(partnership, year, LANGUAGE)
        seconds.append(time.perf_counter() - begin)
        size = len(data)
        if bytes(data[:5]) != b"%PDF-":
            return {"available": False, "reason": "build_pdf did not return a PDF"}
    return {
        "available": True,
        "year": year,
        "language": LANGUAGE,
        "runs": runs,
        "median_s": round(statistics.median(seconds), 2),
        "all_s": [round(s, 2) for s in seconds],
        "bytes": size,
    }


def cold_child() -> dict:
    """One cold sample; what is counted starts after ``django.setup()``."""
    common.setup_django(os.environ)
    _plain_static()
    from django.urls import get_resolver

    client, slug = _client(BIG)
    dashboard = f"/{LANGUAGE}/insights/partnerships/{slug}/"  # not reversed: nothing loaded yet
    begin = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - what korpu/wsgi.py does at a worker's start
    urls = time.perf_counter()
    first = client.get(dashboard)
    first_done = time.perf_counter()
    second = client.get(dashboard)
    second_done = time.perf_counter()
    if first.status_code != 200 or second.status_code != 200:
        raise SystemExit(f"GET {dashboard}: HTTP {first.status_code}, {second.status_code}")
    return {
        "urlconf_at_start_ms": round((urls - begin) * 1000, 1),
        "cold_ms": round((first_done - urls) * 1000, 1),
        "second_request_ms": round((second_done - first_done) * 1000, 1),
    }


# --- reporting ---------------------------------------------------------------------------------
def report(results: dict, cold: list[dict], generated: dict) -> bool:
    ok = True
    for prefix, info in generated.items():
        print(f"\n  world '{prefix}' generated in {info['seconds']} s: {info['counts']}")
    print()
    for key, value in results["facts"].items():
        print(f"  {key}: {value}")
    head = f"{'median':>9} {'p95':>9} {'min':>9} {'max':>9} {'queries':>7}"
    print(f"\n  {'measure (warm)':<56} {head}")
    for name, t in results["timings"].items():
        print(
            f"  {name:<56} {t['median_ms']:>7.1f}ms {t['p95_ms']:>7.1f}ms "
            f"{t['min_ms']:>7.1f}ms {t['max_ms']:>7.1f}ms {t['queries']:>7}"
        )
    warm = results["timings"]["dashboard (default years)"]["median_ms"]
    met = warm < TARGET_WARM_MS
    ok &= met
    print(f"  dashboard warm median < {TARGET_WARM_MS:.0f} ms: {'met' if met else 'MISSED'}")

    if cold:
        print(f"\n  cold samples ({len(cold)} fresh processes, after django.setup()):")
        for key in ("urlconf_at_start_ms", "cold_ms", "second_request_ms"):
            values = [sample[key] for sample in cold]
            print(
                f"    {key:<20} median {statistics.median(values):8.1f} ms   "
                f"min {min(values):8.1f}   max {max(values):8.1f}"
            )
        worst = max(sample["cold_ms"] for sample in cold)
        met = worst < TARGET_COLD_MS
        ok &= met
        verdict = "met" if met else "MISSED"
        print(f"  dashboard cold (worst sample) < {TARGET_COLD_MS:.0f} ms: {verdict}")

    print("\n  queries of the dashboard, figures computed (?fresh=1):")
    for label, count in results["queries"].items():
        print(f"    {label:<24} {count}")
    q = results["queries"]
    bounded = q["big, 1 year"] == q["small, 1 year"] and q["big, 5 years"] == q["small, 5 years"]
    ok &= bounded
    print(f"  same count on the big and the small world: {'yes' if bounded else 'NO'}")
    total = results["facts"]["dashboard_sql_seconds"]
    print(f"\n  slowest queries of one render (SQL total {total} s):")
    for entry in results["slowest"]:
        print(f"    {entry['seconds'] * 1000:8.1f} ms  {entry['sql'][:150]}")
        if "plan" in entry:
            print("      " + entry["plan"].replace("\n", "\n      "))

    pdf = results["pdf"]
    if pdf.get("available"):
        met = pdf["median_s"] < TARGET_PDF_S
        ok &= met
        print(
            f"\n  yearly PDF {pdf['year']} ({pdf['language']}): median {pdf['median_s']} s of "
            f"{pdf['all_s']}, {pdf['bytes']} bytes; < {TARGET_PDF_S:.0f} s: "
            f"{'met' if met else 'MISSED'}"
        )
    else:
        print(f"\n  yearly PDF: not measured ({pdf['reason']})")
    return ok


def _run_child(env, *arguments, timeout=3600) -> dict:
    process = subprocess.run(
        [sys.executable, __file__, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = process.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    if process.returncode != 0 or not lines:
        print(process.stdout[-2000:], process.stderr[-6000:])
        raise SystemExit(2)
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse-database", action="store_true")
    parser.add_argument(
        "--jit-off",
        action="store_true",
        help="measure with PostgreSQL's JIT compilation off (DATABASE_URL ?options=-c jit=off)",
    )
    parser.add_argument("--child", choices=["seed", "warm", "cold"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "seed":
        print(json.dumps(seed_child()))
        return 0
    if args.child == "warm":
        print(json.dumps(warm_child(args.runs, args.pdf_runs, args.explain)))
        return 0
    if args.child == "cold":
        print(json.dumps(cold_child()))
        return 0

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {common.machine()}; load average {load}")
    env = prepare(args)
    if args.jit_off:  # an operator's option: PostgreSQL's JIT off for Körpü's connections
        env["DATABASE_URL"] += "?options=-c%20jit%3Doff"
    what = "generating" if env["BENCH_GENERATE"] == "1" else "reused"
    print(f"database: {env['DATABASE_URL']} ({what})")
    generated = _run_child(env, "--child", "seed")
    cold = [_run_child(env, "--child", "cold", timeout=300) for _ in range(args.cold)]
    results = _run_child(
        env,
        "--child",
        "warm",
        "--runs",
        str(args.runs),
        "--pdf-runs",
        str(args.pdf_runs),
        *(["--explain"] if args.explain else []),
    )
    ok = report(results, cold, generated)
    print(f"\n  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    common.OUT.mkdir(parents=True, exist_ok=True)
    (common.OUT / "insights_dashboard.json").write_text(
        json.dumps(
            {"machine": common.machine(), "generated": generated, "cold": cold, **results},
            indent=2,
        )
    )
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
