"""Row locks that guard a capacity (pretix's pattern): taken inside a transaction, with a
bounded wait so a request gives up with an error instead of hanging."""

from django.db import connection


def bound_lock_wait(timeout: str, *, what: str = "row locks") -> None:
    """Call before ``select_for_update`` in the current transaction: refuses to run outside
    ``transaction.atomic()`` (a lock would end at once) and, on PostgreSQL, makes waiting
    for a lock fail after ``timeout`` (e.g. ``"10s"``) for the rest of the transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError(f"{what} must be taken inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{timeout}'")
