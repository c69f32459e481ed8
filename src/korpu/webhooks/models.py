"""Webhook endpoints of organisations and the log of what was delivered to them.

An :class:`Endpoint` is an HTTPS address an organisation's admins registered, with the
kinds of events it wants and a secret the deliveries are signed with. A
:class:`Delivery` is one event for one endpoint: written in the transaction of the change
that caused it (the outbox pattern) and then posted, retried with backoff, until it
succeeded, failed for good, or the endpoint answered 410 Gone.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from korpu.directory.models import Organisation

from . import rules  # noqa: F401 - registers the webhooks.manage_webhooks permission


class EventType(models.TextChoices):
    """What an endpoint may subscribe to (the value is the ``type`` of the payload)."""

    REGISTRATION_CREATED = "registration.created", _("Someone registered for an event we run")
    APPLICATION_SUBMITTED = (
        "application.submitted",
        _("An application was submitted to a call of our programme"),
    )
    EOI_RECEIVED = "eoi.received", _("Our organisation received an expression of interest")
    BOOKING_MADE = "booking.made", _("A lab or equipment of our park was booked")


PING = "ping"
DELIVERY_TYPES = [*EventType.choices, (PING, _("Test ping"))]


def new_secret() -> str:
    """A signing secret: 32 random bytes, URL-safe, with a recognisable prefix."""
    return "whsec_" + secrets.token_urlsafe(32)


class Endpoint(models.Model):
    class DisabledReason(models.TextChoices):
        MANUAL = "manual", _("switched off by an admin")
        GONE = "gone", _("the endpoint answered 410 Gone")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("events"), default=list)
    # Kept readable: deliveries are signed with it (HMAC), so it cannot be a one-way hash.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    # After a rotation, deliveries are signed with both secrets for a day.
    previous_secret = models.CharField(max_length=100, blank=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("switched off"), null=True, blank=True)
    disabled_reason = models.CharField(
        _("why it was switched off"), max_length=10, choices=DisabledReason, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organisation", "created_at", "id"]
        indexes = [
            # emit(): "which active endpoints does this organisation have" on every change.
            models.Index(fields=["organisation", "is_active"], name="webhook_endpoint_org_active")
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="webhook_url_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.url}"

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(value, value)) for value in self.event_types]


class Delivery(models.Model):
    """One event for one endpoint, with the outcome of its latest attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SUCCEEDED = "succeeded", _("delivered")
        FAILED = "failed", _("failed")
        GONE = "gone", _("gone (410)")

    # What an admin may send again (from the start of the schedule).
    REDELIVERABLE = (Status.FAILED, Status.GONE)

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(_("event"), max_length=40, choices=DELIVERY_TYPES)
    event_id = models.UUIDField(_("event id"), db_index=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next attempt is due. While an attempt is under way it is the end of that
    # attempt's lease: a worker that died mid-attempt leaves the delivery due again then.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(
        _("last response code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The tick: pending deliveries whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(status="pending"),
            ),
            # The delivery log of an endpoint, newest first.
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint.url} ({self.status})"
