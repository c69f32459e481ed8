"""Mail through the outbox.

``OutboxEmailBackend`` is Django's default mailer: it only stores messages, in the
caller's transaction. :func:`deliver_pending` hands them to the ``delivery`` mailer
(the real server); the ``send_outbox`` task and command call it.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


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
            OutboxMessage.objects.create(
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
            count += 1
        if count:
            transaction.on_commit(_enqueue_delivery)
        return count


def _enqueue_delivery() -> None:
    from .tasks import send_outbox

    try:
        send_outbox.enqueue()
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
            for attachment in message.attachments:
                email.attach(
                    attachment["filename"],
                    base64.b64decode(attachment["content"]),
                    attachment["mimetype"],
                )
            message.attempts += 1
            try:
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
