"""Progress of background work, written to the row a page polls."""

import time
from collections.abc import Callable

from django.db.models import QuerySet


def progress_writer(
    row: QuerySet, *, message_length: int, interval: float = 0.5
) -> Callable[[float, str], None]:
    """A progress callback ``(fraction, message)`` that updates ``progress`` and
    ``progress_message`` of ``row`` (a queryset of one row): a new message and the end at
    once, the same message's progress at most once per ``interval`` seconds. Called
    outside the work's transaction, so the polling page sees it."""
    last: dict = {"at": 0.0, "message": None}

    def write(fraction: float, message: str) -> None:
        now = time.monotonic()
        message = str(message)[:message_length]
        if message == last["message"] and fraction < 1 and now - last["at"] < interval:
            return
        last.update(at=now, message=message)
        row.update(progress=max(0.0, min(1.0, float(fraction))), progress_message=message)

    return write
