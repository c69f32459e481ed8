import datetime

import pytest
from django.core.exceptions import ValidationError

from korpu.facilities import services
from korpu.facilities.models import Booking
from tests.factories import PersonFactory

from .factories import ResourceFactory, future

pytestmark = pytest.mark.django_db


def test_book_then_taken_then_cancel_offers_waiting():
    resource = ResourceFactory()
    first, second = PersonFactory(), PersonFactory()
    start = future(2, 10)
    end = start + datetime.timedelta(hours=1)
    booking = services.book(actor=first, resource=resource, starts_at=start, ends_at=end)
    assert booking.status == Booking.Status.APPROVED
    with pytest.raises(ValidationError) as refused:
        services.book(actor=second, resource=resource, starts_at=start, ends_at=end)
    assert refused.value.error_list[0].code == "taken"
    entry = services.join_waiting_list(
        actor=second, resource=resource, starts_at=start, ends_at=end
    )
    services.cancel(actor=first, booking=booking)
    entry.refresh_from_db()
    assert entry.status == "offered"
    taken = services.take_offer(actor=second, entry=entry)
    assert (taken.person, taken.status) == (second, Booking.Status.APPROVED)
