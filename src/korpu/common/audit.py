"""Writing audit entries. Call :func:`record` inside the transaction of the change."""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# Fields whose values never go into the log: only the fact that they changed.
SECRET_FIELDS = frozenset({"password", "key_hash", "secret", "previous_secret"})
REDACTED = "[redacted]"


def _fingerprint(value: Any) -> str:
    # Distinct values give distinct markers, so a change still shows in the diff.
    return f"{REDACTED} {hashlib.sha256(str(value).encode()).hexdigest()[:8]}" if value else ""


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Current values of an instance's concrete fields, for a before/after diff."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {
        name: _fingerprint(getattr(instance, name, None))
        if name in SECRET_FIELDS
        else _plain(getattr(instance, name, None))
        for name in names
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = before.keys() | after.keys()
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEntry:
    """Add one audit entry. ``actor`` may be None (system) or an anonymous user."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
    )
