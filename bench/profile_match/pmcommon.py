"""What the profile-matching benchmark scripts share: paths, the bench lock, the machine."""

from __future__ import annotations

import fcntl
import importlib
import os
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "bench" / "out"
EVAL_DIR = HERE / "eval"
LOCK = Path("/tmp/korpu-bench.lock")
SOLVER = "korpu.solvers.profile_match"
MODES = ("bm25", "lexical", "embedding", "combined")
LANGUAGES = ("en", "az", "tr")


def solver(module: str = SOLVER):
    """The matching module (the real one, or a stand-in with the same API for ``--solver``)."""
    return importlib.import_module(module)


def make_profile(module, record: dict):
    """A ``Profile`` of ``module`` from one profile object of the CLI / evaluation JSON."""
    return module.Profile(
        id=str(record["id"]),
        type=str(record["type"]),
        title=str(record.get("title") or ""),
        summary=str(record.get("summary") or ""),
        description=str(record.get("description") or ""),
        keywords=tuple(record.get("keywords") or ()),
        language=str(record.get("language") or "en"),
    )


def machine() -> dict:
    cpu, ram = "unknown CPU", "unknown RAM"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
                break
    except OSError:
        pass
    versions = subprocess.run(
        [str(PYTHON), "-c", "import numpy, scipy; print(numpy.__version__, scipy.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.split()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "numpy": versions[0] if versions else "?",
        "scipy": versions[1] if len(versions) > 1 else "?",
        "load_average": list(os.getloadavg()),
    }


def take_lock(enabled: bool = True) -> object | None:
    """Hold /tmp/korpu-bench.lock until the process ends (unless it is inherited from
    ``flock /tmp/korpu-bench.lock ...`` or ``enabled`` is false, as for run.py's children,
    whose parent holds it)."""
    if not enabled:
        return None
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(LOCK):
                print(f"lock {LOCK}: inherited (fd {fd}), held by the parent", flush=True)
                return None
        except OSError:
            continue
    handle = LOCK.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for {LOCK} (another benchmark is running) ...", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    print(f"lock {LOCK}: taken", flush=True)
    return handle
