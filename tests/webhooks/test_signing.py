"""Signatures as a receiver checks them: the snippet in docs/api.md, run against what
Körpü sends."""

import datetime
import hashlib
import hmac
import json
import time

import pytest
from django.utils import timezone

from korpu.webhooks import services, signing
from korpu.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def receiver_verifies(secret: str, body: bytes, headers: dict, tolerance: int = 300) -> bool:
    """The receiver's side, as documented in docs/api.md (standard library only)."""
    timestamp = headers["X-Korpu-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return any(
        hmac.compare_digest(part.strip().removeprefix("sha256="), expected)
        for part in headers["X-Korpu-Signature"].split(",")
    )


def _sent(endpoint, now=None):
    (delivery,) = services.emit("booking.made", organisation=endpoint.organisation, data={"a": 1})
    delivery = Delivery.objects.get(pk=delivery.pk)
    body = services.body_of(delivery)
    return delivery, body, services.headers_for(endpoint, delivery, body, now=now or timezone.now())


def test_a_receiver_verifies_what_is_sent(make_endpoint):
    endpoint = make_endpoint()
    delivery, body, headers = _sent(endpoint)
    assert receiver_verifies(endpoint.secret, body, headers)
    assert signing.verify(
        endpoint.secret, body, headers["X-Korpu-Timestamp"], headers["X-Korpu-Signature"]
    )
    assert json.loads(body) == delivery.payload
    assert headers["X-Korpu-Event"] == "booking.made"
    assert headers["X-Korpu-Event-Id"] == str(delivery.event_id) == delivery.payload["id"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Korpu-Signature"].startswith("sha256=")


def test_a_wrong_secret_a_changed_body_or_an_old_timestamp_is_refused(make_endpoint):
    endpoint = make_endpoint()
    _delivery, body, headers = _sent(endpoint)
    assert not receiver_verifies("whsec_wrong", body, headers)
    assert not receiver_verifies(endpoint.secret, body.replace(b'"a":1', b'"a":2'), headers)
    old = timezone.now() - datetime.timedelta(minutes=10)
    _delivery, body, stale = _sent(endpoint, now=old)
    assert not receiver_verifies(endpoint.secret, body, stale)
    assert not signing.verify(
        endpoint.secret, body, stale["X-Korpu-Timestamp"], stale["X-Korpu-Signature"]
    )
    assert not signing.verify(endpoint.secret, body, "not a number", "sha256=00")


def test_after_a_rotation_both_secrets_sign_for_a_day(make_endpoint):
    endpoint = make_endpoint()
    old_secret = endpoint.secret
    endpoint = services.rotate_secret(actor=None, endpoint=endpoint)
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")
    _delivery, body, headers = _sent(endpoint)
    assert headers["X-Korpu-Signature"].count("sha256=") == 2
    assert receiver_verifies(endpoint.secret, body, headers)
    assert receiver_verifies(old_secret, body, headers)
    later = timezone.now() + services.ROTATION_GRACE + datetime.timedelta(minutes=1)
    _delivery, body, headers = _sent(endpoint, now=later)
    assert headers["X-Korpu-Signature"].count("sha256=") == 1
    assert signing.verify(
        endpoint.secret,
        body,
        headers["X-Korpu-Timestamp"],
        headers["X-Korpu-Signature"],
        now=later.timestamp(),
    )
    assert not signing.verify(
        old_secret,
        body,
        headers["X-Korpu-Timestamp"],
        headers["X-Korpu-Signature"],
        now=later.timestamp(),
    )
