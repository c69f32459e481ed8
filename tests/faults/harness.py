"""What the fault tests share: a migrated template database on the PostgreSQL server,
the production-like environment, gunicorn, task workers, a throwaway PostgreSQL cluster
and the mail the workers delivered.

The pieces of the registration benchmark are reused (bench/event_registration: the
environment, gunicorn started and always stopped, the load generator, people with API
tokens and an event). Every process runs in its own process group on 127.0.0.1 and is
killed when its ``with`` block ends, on error too.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "event_registration"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import load  # noqa: E402,F401  (bench/event_registration/load.py, used by the tests)

import common  # noqa: E402  (bench/event_registration/common.py)

BIN = Path(sys.executable).parent
# The PostgreSQL server the tests create their databases on (never restarted by them).
SERVER = os.environ.get("KORPU_FAULTS_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
TEMPLATE = "korpu_faults_template"


def require_postgres() -> None:
    """Fail when PostgreSQL is required (CI) but missing; skip otherwise."""
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            return
    except psycopg.Error as error:
        message = f"the fault tests need PostgreSQL at {SERVER}: {error}".strip()
    if os.environ.get("KORPU_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (KORPU_REQUIRE_POSTGRES=1): {message}")
    pytest.skip(message)


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def environment(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The benchmark's production settings (DEBUG off, kept connections) plus mail
    delivered into files under ``data_dir/mail``."""
    env = common.environment("unused", data_dir)
    env.update(
        {
            "DATABASE_URL": database_url,
            "KORPU_DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "KORPU_MAIL_FILE_PATH": str(data_dir / "mail"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "KORPU_TASK_RECOVERY_SECONDS": "2",
        }
    )
    env.update(extra)
    return env


def template_database(data_dir: Path) -> None:
    """``korpu_faults_template``: migrated once; reused while no migration is missing."""
    env = environment(f"{SERVER}/{TEMPLATE}", data_dir)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]).fetchone()
    if exists:
        check = subprocess.run(
            [str(BIN / "korpu"), "migrate", "--check", "-v", "0"],
            env=env,
            capture_output=True,
            timeout=120,
        )
        if check.returncode == 0:
            return
        admin(f'DROP DATABASE "{TEMPLATE}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{TEMPLATE}"')
    subprocess.run(
        [str(BIN / "korpu"), "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=600
    )


def fresh_database(name: str) -> str:
    """A new database ``name`` copied from the template; returns its URL."""
    assert name.replace("_", "").isalnum()
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    return f"{SERVER}/{name}"


def drop_database(name: str) -> None:
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def seed(env: dict[str, str], *, people: int, places: int, prefix: str) -> dict:
    """An event with ``places`` places and ``people`` people with API tokens (the
    benchmark's ``new_event`` and ``seed_people``); returns the event id and the keys."""
    script = (
        f"import json, sys, time; sys.path.insert(0, {str(BENCH)!r}); "
        "import django; django.setup(); import common, run; "
        f"event = run.new_event({places}, 'faults-{prefix}-' + str(time.time_ns())); "
        f"keys = common.seed_people({people}, {prefix!r}); "
        "print(json.dumps({'event': event.pk, 'keys': keys}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def register_request(event_id: int, keys: list[str]):
    path = f"/api/v1/events/{event_id}/registrations"

    def build(index: int):
        return ("POST", path, {"Authorization": f"Bearer {keys[index]}"}, {})

    return build


gunicorn = common.gunicorn  # a context manager: yields (base URL, master pid)


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


@contextlib.contextmanager
def task_worker(env: dict[str, str], worker_id: str | None = None, log: Path | None = None):
    """``korpu db_worker`` in its own process group; yields the Popen."""
    worker_id = worker_id or f"faults-{secrets.token_hex(4)}"
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "korpu"),
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--worker-id",
            worker_id,
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    process.worker_id = worker_id
    try:
        yield process
    finally:
        kill_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_group(process.pid)
            process.wait(timeout=10)
        if log:
            out.close()


def wait_for(condition, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def delivered(mail_dir: Path) -> list[dict[str, str]]:
    """Every message the file backend wrote: Message-ID, To, Subject (in file order)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    parser = email.parser.BytesParser(policy=email.policy.default)
    found = []
    if not mail_dir.exists():
        return found
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(separator):
            if not chunk.strip():
                continue
            headers = parser.parsebytes(chunk, headersonly=True)
            found.append(
                {
                    "message_id": str(headers["Message-ID"]),
                    "to": str(headers["To"]),
                    "subject": str(headers["Subject"]),
                }
            )
    return found


def http_ok(url: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(url, timeout=3).status_code == 200
    return False


# --- a throwaway PostgreSQL cluster ---------------------------------------------------------
def _postgres_bin() -> Path:
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda p: int(p.parent.parent.name),
    )
    if not versions:
        pytest.fail("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    return versions[-1].parent


class Cluster:
    """initdb into a temporary directory, on its own port; run as ``postgres`` when
    this process is root (PostgreSQL refuses to run as root)."""

    def __init__(self, port: int):
        self.bin = _postgres_bin()
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="korpu-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            self.dir.chmod(0o755)
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, timeout: float = 60) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, timeout=timeout, capture_output=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on "
            "-c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def copy_template(self, name: str) -> str:
        """The migrated template database of the shared server, restored here."""
        dump = subprocess.run(
            ["pg_dump", "--format=custom", f"{SERVER}/{TEMPLATE}"],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        with psycopg.connect(f"{self.url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", f"{self.url}/{name}"],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return f"{self.url}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
