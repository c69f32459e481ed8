"""Two workers given the same due delivery at the same instant, on PostgreSQL: the claim
(one conditional UPDATE) lets exactly one of them post it. The control test replaces the
claim with "always mine" and shows the receiver then gets it twice, which proves the test
would catch a missing guard."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from korpu.webhooks import services
from korpu.webhooks.models import Delivery

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 4


@pytest.fixture(autouse=True)
def _no_task_on_commit(monkeypatch):
    """Outside a transaction the commit is at once, and the test backend would deliver
    right then: here the workers are the test's threads."""
    monkeypatch.setattr(services, "enqueue", lambda delivery_ids: None)


def _race(delivery_id: int) -> list[str]:
    barrier = threading.Barrier(WORKERS, timeout=30)

    def worker(_n):
        try:
            barrier.wait()
            return services.deliver(delivery_id)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return sorted(pool.map(worker, range(WORKERS)))


def test_concurrent_workers_send_a_delivery_exactly_once(receiver, make_endpoint):
    receiver.delay = 0.3  # the attempts overlap in time
    endpoint = make_endpoint()
    for _round in range(3):
        (delivery,) = services.emit("booking.made", organisation=endpoint.organisation, data={})
        outcomes = _race(delivery.pk)
        assert outcomes == ["skipped"] * (WORKERS - 1) + ["succeeded"]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (Delivery.Status.SUCCEEDED, 1)
    assert len(receiver.requests) == 3
    assert len({headers["X-Korpu-Event-Id"] for _p, headers, _b in receiver.requests}) == 3


def test_control_without_the_claim_the_delivery_is_sent_twice(receiver, make_endpoint, monkeypatch):
    receiver.delay = 0.3
    endpoint = make_endpoint()
    (delivery,) = services.emit("booking.made", organisation=endpoint.organisation, data={})
    monkeypatch.setattr(services, "_claim", lambda delivery_id, now: True)
    outcomes = _race(delivery.pk)
    assert outcomes.count("succeeded") > 1
    assert len(receiver.requests) > 1
