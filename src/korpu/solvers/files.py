"""Reading the solvers' JSON instance files, with one clear message for every failure."""

import json
from pathlib import Path


def read_json(path: str | Path, error: type[Exception]):
    """The JSON document in ``path``; an unreadable file or invalid JSON raises ``error``
    with a one-line message naming the file (and the place in it)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise error(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except (UnicodeDecodeError, RecursionError, ValueError) as exc:
        raise error(f"{path}: invalid JSON: {exc}") from None
