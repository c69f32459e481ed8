"""Delivery against a real HTTP server on 127.0.0.1: success, the retry schedule,
timeouts, refused connections, 410 Gone, and a delivery never sent twice."""

import datetime
import json
import socket

import pytest
from django.utils import timezone

from korpu.webhooks import services, signing
from korpu.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def _emit(endpoint, data=None) -> Delivery:
    (delivery,) = services.emit(
        "application.submitted", organisation=endpoint.organisation, data=data or {"x": 1}
    )
    return delivery


def _make_due(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_2xx_answer_delivers(receiver, make_endpoint, django_capture_on_commit_callbacks):
    endpoint = make_endpoint()
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _emit(endpoint, {"application": {"id": 7}})
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (
        Status.SUCCEEDED,
        1,
        200,
    )
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    ((path, headers, body),) = receiver.requests
    assert path == "/hooks/korpu"
    assert json.loads(body)["data"] == {"application": {"id": 7}}
    assert json.loads(body)["organisation"] == {
        "id": endpoint.organisation_id,
        "slug": endpoint.organisation.slug,
    }
    assert signing.verify(
        endpoint.secret, body, headers["X-Korpu-Timestamp"], headers["X-Korpu-Signature"]
    )
    assert headers["X-Korpu-Event"] == "application.submitted"
    # Delivered once: a second attempt finds nothing due.
    assert services.deliver(delivery.pk) == "skipped"
    assert len(receiver.requests) == 1


def test_failures_are_retried_with_backoff_then_fail(receiver, make_endpoint):
    receiver.answers = [500]
    endpoint = make_endpoint()
    delivery = _emit(endpoint)
    waits = []
    for _attempt in range(services.MAX_ATTEMPTS):
        before = timezone.now()
        outcome = services.deliver(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.last_response_code == 500
        assert delivery.last_error.startswith("HTTP 500")
        if outcome == "retry":
            waits.append(round((delivery.next_attempt_at - before).total_seconds() / 60))
            # Not due yet: nothing is sent before its time.
            assert services.deliver(delivery.pk) == "skipped"
            _make_due(delivery)
    assert outcome == "failed"
    assert waits == [1, 5, 30, 120, 720]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        Status.FAILED,
        6,
        None,
    )
    assert len(receiver.requests) == 6
    assert services.deliver(delivery.pk) == "skipped"


def test_a_retry_that_succeeds_delivers(receiver, make_endpoint):
    receiver.answers = [503, 204]
    delivery = _emit(make_endpoint())
    assert services.deliver(delivery.pk) == "retry"
    _make_due(delivery)
    assert services.deliver(delivery.pk) == "succeeded"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.SUCCEEDED, 2, "")
    # Every attempt carries the same event id.
    assert {headers["X-Korpu-Event-Id"] for _p, headers, _b in receiver.requests} == {
        str(delivery.event_id)
    }


def test_a_timeout_is_retried(receiver, make_endpoint, fast_timeout):
    receiver.delay = 1.5
    delivery = _emit(make_endpoint())
    started = timezone.now()
    assert services.deliver(delivery.pk) == "retry"
    took = (timezone.now() - started).total_seconds()
    delivery.refresh_from_db()
    assert took < 1.4
    assert delivery.status == Status.PENDING and delivery.last_response_code is None
    assert "0.5 seconds" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)


def test_a_refused_connection_is_retried(make_endpoint):
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    delivery = _emit(make_endpoint(url=f"http://127.0.0.1:{port}/closed"))
    assert services.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert "ConnectionRefusedError" in delivery.last_error
    assert len(delivery.last_error) <= 300


def test_410_gone_switches_the_endpoint_off(receiver, make_endpoint):
    receiver.answers = [410]
    endpoint = make_endpoint()
    first, waiting = _emit(endpoint), _emit(endpoint)
    assert services.deliver(first.pk) == "gone"
    endpoint.refresh_from_db()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, Endpoint.DisabledReason.GONE)
    assert endpoint.disabled_at is not None
    assert (first.status, first.last_response_code, first.next_attempt_at) == (
        Status.GONE,
        410,
        None,
    )
    assert waiting.status == Status.FAILED
    # No further attempt, and new events are not even written for it.
    assert services.deliver(waiting.pk) == "skipped"
    _make_due(first)
    assert services.deliver(first.pk) == "skipped"
    assert services.emit("booking.made", organisation=endpoint.organisation, data={}) == []
    assert services.requeue_due() == 0
    assert len(receiver.requests) == 1


def test_a_claimed_delivery_is_not_sent_by_another_worker_until_its_lease_ends(
    receiver, make_endpoint
):
    delivery = _emit(make_endpoint())
    now = timezone.now()
    assert services._claim(delivery.pk, now)
    assert not services._claim(delivery.pk, now)  # a second worker: nothing to do
    assert services.deliver(delivery.pk) == "skipped"
    assert receiver.requests == []
    # The first worker died mid-attempt: after the lease the delivery is due again.
    _make_due(delivery)
    assert services.deliver(delivery.pk) == "succeeded"
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert len(receiver.requests) == 1


def test_a_switched_off_endpoint_gets_nothing(receiver, make_endpoint):
    endpoint = make_endpoint()
    delivery = _emit(endpoint)
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    assert services.deliver(delivery.pk) == "failed"
    assert receiver.requests == []
