"""``korpu webhooks_tick`` queues the deliveries that are due: retries survive a restart
of the workers because their time is stored."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from korpu.webhooks import services
from korpu.webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def test_the_tick_sends_due_retries_and_leaves_the_rest(receiver, make_endpoint):
    receiver.answers = [500, 200]
    endpoint = make_endpoint()
    (retried,) = services.emit("booking.made", organisation=endpoint.organisation, data={})
    assert services.deliver(retried.pk) == "retry"
    (lost,) = services.emit("booking.made", organisation=endpoint.organisation, data={})
    # "lost": its task never ran (a crash after the commit); it is due at once.
    out = StringIO()
    call_command("webhooks_tick", stdout=out)
    assert out.getvalue().strip() == "webhooks: 1 due deliveries queued"
    lost.refresh_from_db()
    retried.refresh_from_db()
    assert lost.status == Delivery.Status.SUCCEEDED
    assert retried.status == Delivery.Status.PENDING and retried.attempts == 1
    # A minute later (the first backoff) the retry is due and goes out.
    Delivery.objects.filter(pk=retried.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    out = StringIO()
    call_command("webhooks_tick", stdout=out)
    assert out.getvalue().strip() == "webhooks: 1 due deliveries queued"
    retried.refresh_from_db()
    assert (retried.status, retried.attempts) == (Delivery.Status.SUCCEEDED, 2)
    assert len(receiver.requests) == 3
    out = StringIO()
    call_command("webhooks_tick", stdout=out)
    assert out.getvalue().strip() == "webhooks: 0 due deliveries queued"
