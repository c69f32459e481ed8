"""Signatures of webhook deliveries (HMAC-SHA256 over ``"<timestamp>.<body>"``).

Each delivery carries ``X-Korpu-Timestamp`` (Unix seconds) and ``X-Korpu-Signature``:
``sha256=<hex>``, or, for a day after the secret was rotated, two of them separated by a
comma (one per secret). A receiver recomputes the HMAC with its secret over the
timestamp, a dot and the raw body, accepts the request if any signature matches, and
refuses timestamps too far from its own clock (replays). :func:`verify` is exactly what
a receiver does (docs/api.md shows it standalone).
"""

import hashlib
import hmac
import time
from collections.abc import Iterable

SCHEME = "sha256"
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secrets: Iterable[str], timestamp: int | str, body: bytes) -> str:
    """The value of ``X-Korpu-Signature``: one ``sha256=<hex>`` per secret."""
    return ", ".join(f"{SCHEME}={sign(secret, timestamp, body)}" for secret in secrets if secret)


def verify(
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver checks: a fresh timestamp and a matching signature."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    expected = sign(secret, sent, body)
    for part in (signature or "").split(","):
        scheme, _sep, value = part.strip().partition("=")
        if scheme == SCHEME and hmac.compare_digest(value, expected):
            return True
    return False
