"""The mixed-load benchmark (bench/mixed_load/) as a smoke test: 10 users for 15 s
against one gunicorn on this test database (DEBUG off, a task worker delivering the
mail), then the benchmark's own checks: zero 5xx, zero other errors, the registrations
and bookings in the database equal to what the users were told, no double booking, every
mail in the outbox once and delivered once, sessions never lost. Latency is printed, not
asserted (a shared CI machine); the 5-minute run with 100 users is the benchmark's.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path

import pytest
from django.conf import settings

RUN = Path(__file__).resolve().parents[2] / "bench" / "mixed_load" / "run.py"
REDIS = ("127.0.0.1", 6379)


def _load():
    spec = importlib.util.spec_from_file_location("mixed_load_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mixed_load_smoke(tmp_path, capsys):
    run = _load()
    db = settings.DATABASES["default"]
    redis_url = "redis://127.0.0.1:6379/6" if _redis_up() else None
    env = run.environment(db["NAME"], redis_url, mail_log=tmp_path / "mail.log")
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env["DATABASE_URL"] = (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    # Sessions and their auth hashes are signed with the key of the process that made them.
    env["SECRET_KEY"] = settings.SECRET_KEY
    if redis_url:
        run.redis_flush(redis_url)
    run.collect_static(env)
    world = run.world_module.build(10, events=8, resources=2)

    figures = run.measure(
        env,
        world,
        processes=1,
        workers=3,
        clients=10,
        duration=15,
        warmup=3,
        think=(0.3, 1.0),
        rate_limit_check=redis_url is not None,
    )
    with capsys.disabled():
        run.print_figures("mixed load smoke, 1 process x 3 sync", figures)

    assert figures["http_5xx"] == 0, figures["error_samples"]
    assert figures["other_errors"] == 0, figures["error_samples"]
    assert figures["requests"] > 100
    assert {k for k, v in figures["kinds"].items() if v["requests"]} == set(run.users.KINDS)
    assert {name: ok for name, ok in figures["checks"].items() if not ok} == {}
    assert figures["tallies"]["registrations"] > 0
    assert figures["tallies"]["bookings"] > 0
