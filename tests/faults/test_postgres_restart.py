"""PostgreSQL stopped (immediate shutdown) under load and started again, with gunicorn
left running: while it is down, pages and the API answer 503 with Retry-After and a
translated message and /health/ says the database fails; afterwards requests succeed
again without restarting gunicorn, and every registration a client was told about is
there.

The shared server on 127.0.0.1:5432 is never touched: the test runs its own cluster
(initdb into a temporary directory, a free port), loaded with the migrated template.
"""

import os
import threading
import time
from collections import Counter

import httpx
import pytest

from tests.faults import harness

pytestmark = pytest.mark.faults

PEOPLE = 1500
CONCURRENCY = 6
PACE = 0.05  # seconds between one client's requests
DOWN_SECONDS = 4


def test_postgres_restart_under_load(faults_template, data_dir):
    cluster = harness.Cluster(port=harness.common.free_port())
    try:
        cluster.init()
        cluster.start()
        url = cluster.copy_template("korpu")
        env = harness.environment(url, data_dir)
        seeded = harness.seed(env, people=PEOPLE + 1, places=PEOPLE, prefix="pg")
        event_id, keys = seeded["event"], seeded["keys"]
        build = harness.register_request(event_id, keys[:PEOPLE])
        late_key = keys[PEOPLE]
        timeline = {}

        with harness.gunicorn(env, worker_class="sync", workers=2) as (base, master):
            rush = {}
            load = threading.Thread(
                target=lambda: rush.update(
                    result=harness.load.rush(
                        base,
                        build,
                        count=PEOPLE,
                        concurrency=CONCURRENCY,
                        interval=PACE,
                        timeout=20,
                        max_seconds=18,
                    )
                )
            )
            load.start()
            harness.wait_for(
                lambda: (
                    harness.query(
                        url,
                        "SELECT count(*) FROM events_registration WHERE event_id = %s",
                        [event_id],
                    )[0][0]
                    >= 20
                ),
                timeout=30,
                what="registrations before the stop",
            )
            cluster.stop("immediate")
            timeline["down"] = time.perf_counter()

            with httpx.Client(base_url=base, timeout=10) as client:
                page = client.get("/az/events/")
                api = client.get(f"/api/v1/events/{event_id}", headers={"Accept-Language": "tr"})
                post = client.post(
                    f"/api/v1/events/{event_id}/registrations",
                    headers={"Authorization": f"Bearer {late_key}"},
                    json={},
                )
                health = client.get("/health/")
            assert (page.status_code, page.headers.get("retry-after")) == (503, "5")
            assert page.headers["content-type"].startswith("text/html")
            assert page.headers["content-language"] == "az"
            assert '<html lang="az">' in page.text
            for response in (api, post):
                assert (response.status_code, response.headers.get("retry-after")) == (503, "5")
                assert response.json()["error"]["code"] == "service_unavailable"
            assert api.headers["content-language"] == "tr"
            assert health.status_code == 503
            assert health.json()["checks"]["database"]["status"] == "fail"

            time.sleep(max(0.0, DOWN_SECONDS - (time.perf_counter() - timeline["down"])))
            cluster.start()
            timeline["up"] = time.perf_counter()
            harness.wait_for(
                lambda: harness.http_ok(f"{base}/health/"), timeout=30, what="/health/ ok"
            )
            timeline["healthy"] = time.perf_counter()
            load.join()
            # The person refused while the database was down registers now.
            with httpx.Client(base_url=base, timeout=10) as client:
                again = client.post(
                    f"/api/v1/events/{event_id}/registrations",
                    headers={"Authorization": f"Bearer {late_key}"},
                    json={},
                )
            assert again.status_code == 201, again.text
            os.kill(master, 0)  # the same gunicorn master: never restarted

        results = rush["result"].results
        statuses = Counter(r.status for r in results)
        # 201 before and after; 503 while down; nothing else (no 500, no lost connection).
        assert set(statuses) <= {201, 503}, statuses
        assert statuses[503] > 0, statuses
        after = [r for r in results if r.sent > timeline["healthy"]]
        assert after and all(r.status == 201 for r in after), Counter(r.status for r in after)
        # Every registration a client was told about is there, as it was told.
        told = {r.body["id"]: r.body["status"] for r in results if r.status == 201}
        told[again.json()["id"]] = again.json()["status"]
        rows = dict(
            harness.query(
                url,
                "SELECT id, status FROM events_registration WHERE event_id = %s",
                [event_id],
            )
        )
        assert {pk: rows.get(pk) for pk in told} == told
        print(
            f"answers {dict(statuses)}; database down {DOWN_SECONDS} s, /health/ ok "
            f"{timeline['healthy'] - timeline['up']:.1f} s after the restart; "
            f"{len(told)} registrations confirmed to clients, all present "
            f"({len(rows)} in the database)"
        )
    finally:
        cluster.remove()
