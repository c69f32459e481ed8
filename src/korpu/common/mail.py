"""Mail through the outbox.

``OutboxEmailBackend`` is Django's default mailer: it only stores messages, in the
caller's transaction. :func:`deliver_pending` hands them to the ``delivery`` mailer
(the real server); the ``send_outbox`` task and command call it.

Attachments that take time to draw (a ticket's QR code) can be queued as a
:class:`LaterAttachment`: the outbox keeps the name of a registered maker and its argument,
and the file is drawn when the message is delivered, not in the request that queued it.
"""

import base64
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaterAttachment:
    """A file drawn at delivery by the maker registered under ``maker``, from ``argument``."""

    filename: str
    mimetype: str
    maker: str
    argument: str


_ATTACHMENT_MAKERS: dict[str, Callable[[str], bytes]] = {}


def register_attachment_maker(name: str, maker: Callable[[str], bytes]) -> None:
    """Make ``maker(argument) -> bytes`` available to draw LaterAttachments named ``name``
    (apps register theirs in ``AppConfig.ready``)."""
    _ATTACHMENT_MAKERS[name] = maker


def _attachment_content(attachment: dict) -> bytes:
    if "maker" in attachment:
        maker = _ATTACHMENT_MAKERS.get(attachment["maker"])
        if maker is None:
            raise LookupError(f"no attachment maker named {attachment['maker']!r}")
        return maker(attachment["argument"])
    return base64.b64decode(attachment["content"])


# --- a new row without the ORM's SQL compiler --------------------------------------------
@cache
def _insert_statement(model, vendor: str) -> tuple[str, list, bool]:
    meta = model._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and not field.generated
    ]
    qn = connection.ops.quote_name
    returning = connection.features.can_return_columns_from_insert
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
        + (f" RETURNING {qn(meta.pk.column)}" if returning else "")
    )
    return sql, fields, returning


def insert_new(instance) -> None:
    """``instance.save()`` for a new row: the same values (defaults, ``auto_now_add``, each
    field's own preparation for the database) in an INSERT written once per model.

    For rows written on hot paths (a message per registration in a rush): the ORM spends
    a few tenths of a millisecond compiling each insert, more for a wide row like a
    message. Falls back to ``save()`` where someone listens to the model's save signals,
    so nothing is skipped. The default database only.
    """
    model = type(instance)
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        instance.save()
        return
    sql, fields, returning = _insert_statement(model, connection.vendor)
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if returning:
            pk = cursor.fetchone()[0]
        else:
            meta = model._meta
            pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


class OutboxEmailBackend(BaseEmailBackend):
    """Stores each message as an OutboxMessage; delivery happens after commit."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            attachments = [
                {
                    "filename": filename,
                    "mimetype": mimetype,
                    "content": base64.b64encode(
                        content.encode() if isinstance(content, str) else content
                    ).decode("ascii"),
                }
                for filename, content, mimetype in (
                    a for a in message.attachments if isinstance(a, tuple)
                )
            ]
            attachments += [
                {
                    "filename": later.filename,
                    "mimetype": later.mimetype,
                    "maker": later.maker,
                    "argument": later.argument,
                }
                for later in getattr(message, "later_attachments", ())
            ]
            insert_new(
                OutboxMessage(
                    message_id=OutboxMessage.new_message_id(),
                    from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    to=list(message.to),
                    cc=list(message.cc),
                    bcc=list(message.bcc),
                    reply_to=list(message.reply_to),
                    subject=str(message.subject)[:500],
                    body=message.body,
                    html_body=html,
                    attachments=attachments,
                )
            )
            count += 1
        if count:
            transaction.on_commit(_enqueue_delivery)
        return count


# A burst of commits (a registration rush) would queue one delivery task per message. Each
# process wakes the worker at most once per KORPU_OUTBOX_WAKE_SECONDS, and queues one more
# task deferred to the end of that window, which delivers what was written meanwhile.
_wake_lock = threading.Lock()
_wake_window = {"ends": 0.0, "deferred": False}


def _enqueue_delivery() -> None:
    from .tasks import send_outbox

    window = settings.KORPU_OUTBOX_WAKE_SECONDS
    run_after = None
    if window > 0:
        with _wake_lock:
            now = time.monotonic()
            if now >= _wake_window["ends"]:
                _wake_window.update(ends=now + window, deferred=False)
            elif not _wake_window["deferred"]:
                _wake_window["deferred"] = True
                run_after = timezone.now() + timedelta(seconds=_wake_window["ends"] - now)
            else:
                return  # the deferred task of this window delivers this message too
    try:
        (send_outbox if run_after is None else send_outbox.using(run_after=run_after)).enqueue()
    except Exception:  # the worker's sweep delivers it later; never fail the request
        logger.exception("could not enqueue outbox delivery")


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 24 * 60))


def deliver_pending(limit: int = 100) -> dict[str, int]:
    """Deliver up to ``limit`` due messages, one locked row at a time.

    Each message is sent and marked in one transaction holding its row lock, so two
    workers never send the same message.
    """
    counts = {"sent": 0, "failed": 0}
    connection = mailers["delivery"]
    for _ in range(limit):
        with transaction.atomic():
            now = timezone.now()
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxMessage.Status.PENDING)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .order_by("id")
                .first()
            )
            if message is None:
                break
            email = EmailMultiAlternatives(
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
                to=message.to,
                cc=message.cc,
                bcc=message.bcc,
                reply_to=message.reply_to,
                headers={"Message-ID": message.message_id},
                connection=connection,
            )
            if message.html_body:
                email.attach_alternative(message.html_body, "text/html")
            message.attempts += 1
            try:
                for attachment in message.attachments:
                    email.attach(
                        attachment["filename"],
                        _attachment_content(attachment),
                        attachment["mimetype"],
                    )
                email.send()
            except Exception as exc:  # SMTP errors are many; all are retried
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if message.attempts >= settings.KORPU_OUTBOX_MAX_ATTEMPTS:
                    message.status = OutboxMessage.Status.FAILED
                else:
                    message.next_attempt_at = now + _backoff(message.attempts)
                counts["failed"] += 1
            else:
                message.status = OutboxMessage.Status.SENT
                message.sent_at = now
                message.last_error = ""
                counts["sent"] += 1
            message.save()
    return counts
