"""What the HTTP benchmarks share: the PostgreSQL database, the production-like
environment, gunicorn started and always stopped, percentiles and the machine.

Everything stays on 127.0.0.1. Servers run in their own process group and are killed
when the ``with`` block ends, on error too.
"""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def cpus() -> int:
    return os.cpu_count() or 1


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpus()} CPUs ({cpu}), Python {platform.python_version()}"


def environment(database: str, data_dir: Path) -> dict[str, str]:
    """The operators' production settings (docs/operators.md), on loopback without TLS."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KORPU_", "DATABASE_", "DJANGO_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "korpu.settings",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "KORPU_DEBUG": "0",
            "KORPU_HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "KORPU_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"{PG_SERVER}/{database}",
            "DATABASE_CONN_MAX_AGE": "60",
            "KORPU_LOG_LEVEL": "WARNING",
        }
    )
    return env


def fresh_database(database: str, env: dict[str, str]) -> None:
    """Drop and recreate ``database``, then migrate it with ``korpu migrate``."""
    import psycopg

    if not database.replace("_", "").isalnum():
        raise SystemExit(f"unsafe database name: {database!r}")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    subprocess.run(
        [str(BIN / "korpu"), "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=600
    )


def setup_django(env: dict[str, str]) -> None:
    """Use the benchmark database from this process too (seeding and checking)."""
    for key in _OURS:
        os.environ[key] = env[key]
    import django

    django.setup()


_OURS = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "KORPU_DEBUG",
    "KORPU_HTTPS",
    "ALLOWED_HOSTS",
    "KORPU_DATA_DIR",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "KORPU_LOG_LEVEL",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    worker_class: str,
    workers: int,
    threads: int = 1,
    app: str = "korpu.wsgi",
):
    """A gunicorn serving korpu.wsgi on a free loopback port; yields its URL and pid."""
    port = free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"gunicorn-{worker_class}.log"
    cmd = [
        str(BIN / "gunicorn"),
        app,
        "--pythonpath",
        str(Path(__file__).resolve().parent),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--error-logfile",
        str(log),
    ]
    if worker_class == "gthread":
        cmd += ["--threads", str(threads)]
    process = subprocess.Popen(
        cmd, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process: pid -> (parent pid, command name, CPU seconds used so far)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            raw = (entry / "stat").read_text()
            name = raw[raw.index("(") + 1 : raw.rindex(")")]
            fields = raw[raw.rindex(")") + 2 :].split()
            found[int(entry.name)] = (
                int(fields[1]),
                name,
                (int(fields[11]) + int(fields[12])) / ticks,
            )
    return found


def cpu_sample(server_pid: int) -> dict[int, tuple[str, float]]:
    """pid -> (group, CPU seconds so far); groups: the server's process tree, PostgreSQL,
    everything else."""
    processes = _processes()
    tree, grew = {server_pid}, True
    while grew:
        more = {pid for pid, (parent, _n, _c) in processes.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return {
        pid: ("server" if pid in tree else "postgres" if name == "postgres" else "other", cpu)
        for pid, (_parent, name, cpu) in processes.items()
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds used in between, by group and in all ("all" includes the client, this
    process, and whatever else ran on the machine). Processes that ended in between are
    missed; those that started are counted whole."""
    used = {"server": 0.0, "postgres": 0.0, "other": 0.0}
    for pid, (group, cpu) in after.items():
        used[group] += cpu - before.get(pid, (group, 0.0))[1]
    used["all"] = sum(used.values())
    return used


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the value below which ``fraction`` of them lie)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def warm_up(base: str, path: str, headers: dict[str, str], count: int) -> None:
    """A few requests so every worker has imported and connected before measuring."""
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        for _ in range(count):
            client.get(path)


def seed_people(count: int, prefix: str) -> list[str]:
    """``count`` people with a token each; returns their API keys in creation order."""
    from korpu.directory.models import ApiToken, Person

    people = Person.objects.bulk_create(
        Person(
            email=f"{prefix}{i}@bench.example",
            first_name="Bench",
            last_name=f"{prefix.title()} {i}",
            country="AZ",
            password="!",  # unusable: these people only use their API token
        )
        for i in range(count)
    )
    keys, tokens = [], []
    for person in people:
        key, lookup, key_hash = ApiToken.new_key()
        keys.append(key)
        tokens.append(ApiToken(person=person, name="bench", lookup=lookup, key_hash=key_hash))
    ApiToken.objects.bulk_create(tokens)
    return keys


def django_answers_yes(env: dict[str, str], statements: str) -> bool:
    """Run ``statements`` (Python that prints True or False as its last line) in a fresh
    process with Django set up on ``env``'s database: "is the benchmark's data there
    already?" for ``--reuse-database``. A database that does not answer in two minutes
    counts as no."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup();" + statements],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return result.stdout.strip().endswith("True")
