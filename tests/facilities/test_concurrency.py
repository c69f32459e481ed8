"""Bookings under concurrency, over real HTTP, on PostgreSQL.

Many ``POST /api/v1/facilities/bookings`` for the same time are released at once (a
Barrier) against pytest-django's threaded live server. The row locks of
:func:`korpu.facilities.services.book` (the resource and the resources booked together
with it, in id order) must let exactly as many through as the resource takes at once and
answer every other one 409 ``taken``, with no 5xx. The control test switches the lock off
(``services.BOOKING_LOCK = False``) and widens the window between checking and inserting:
the resource is then double-booked, which proves the other tests would catch a missing
lock.
"""

import datetime
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from korpu.directory.models import ApiToken
from korpu.facilities import services
from korpu.facilities.models import Booking
from tests import factories

from .factories import ResourceFactory, future

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOUR = datetime.timedelta(hours=1)


def _key_for(person) -> str:
    key, lookup, key_hash = ApiToken.new_key()
    ApiToken.objects.create(person=person, name="concurrency", lookup=lookup, key_hash=key_hash)
    return key


def _at_once(origin: str, calls: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
    """POST each (key, body) to the bookings at the same instant; (status, JSON body) in
    order. Each client connects (and is served once) beforehand, so the live server's
    short listen queue drops nothing when the requests all arrive together."""
    url = f"{origin}/api/v1/facilities/bookings"
    clients = [httpx.Client(timeout=60) for _call in calls]
    barrier = threading.Barrier(len(calls), timeout=30)

    def send(client, call):
        key, body = call
        barrier.wait()
        response = client.post(url, headers={"Authorization": f"Bearer {key}"}, json=body)
        return response.status_code, response.json()

    try:
        for client in clients:
            assert client.get(f"{origin}/healthz").status_code == 200
        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            return list(pool.map(send, clients, calls))
    finally:
        for client in clients:
            client.close()


def _body(resource, start, end=None) -> dict:
    return {
        "resource": resource.pk,
        "starts_at": start.isoformat(),
        "ends_at": (end or start + HOUR).isoformat(),
    }


def _rush(live_server, resource, count: int, start) -> list[tuple[int, dict]]:
    """``count`` different people book the same hour of ``resource`` at once."""
    calls = [
        (_key_for(factories.PersonFactory()), _body(resource, start)) for _person in range(count)
    ]
    return _at_once(live_server.url, calls)


def _statuses(results) -> Counter:
    return Counter(status for status, _body in results)


def _codes(results) -> Counter:
    return Counter(body["error"]["code"] for status, body in results if status != 201)


def _holding(resource) -> list[Booking]:
    return list(Booking.objects.filter(resource=resource, status__in=Booking.HOLDING))


def test_a_rush_for_one_hour_of_an_instrument_books_it_exactly_once(live_server):
    resource = ResourceFactory(capacity=1)
    start = future(2, 10)
    results = _rush(live_server, resource, 20, start)

    assert _statuses(results) == {201: 1, 409: 19}
    assert _codes(results) == {"taken": 19}
    (winner,) = [body for status, body in results if status == 201]
    held = _holding(resource)
    assert [(b.pk, b.starts_at, b.ends_at) for b in held] == [(winner["id"], start, start + HOUR)]


def test_a_rush_for_three_desks_books_exactly_three(live_server):
    desks = ResourceFactory(capacity=3, kind="desk")
    start = future(2, 14)
    results = _rush(live_server, desks, 20, start)

    assert _statuses(results) == {201: 3, 409: 17}
    assert _codes(results) == {"taken": 17}
    held = _holding(desks)
    assert sorted(b.pk for b in held) == sorted(body["id"] for s, body in results if s == 201)
    assert services.peak_overlap([(b.starts_at, b.ends_at) for b in held], start, start + HOUR) == 3


def test_instruments_in_one_room_never_share_it(live_server):
    """Two instruments stand in one room that is booked with either; people rush for
    both instruments and for the room itself, for overlapping times: one booking wins."""
    room = ResourceFactory(capacity=1, kind="room", name="Clean room")
    first = ResourceFactory(capacity=1, facility=room.facility)
    second = ResourceFactory(capacity=1, facility=room.facility)
    first.linked_resources.add(room)
    second.linked_resources.add(room)
    start = future(3, 10)
    calls = []
    for index in range(24):
        resource = (first, second, room)[index % 3]
        shift = datetime.timedelta(minutes=30 * (index % 2))  # 10:00–11:00 or 10:30–11:30
        calls.append((_key_for(factories.PersonFactory()), _body(resource, start + shift)))
    results = _at_once(live_server.url, calls)

    assert _statuses(results) == {201: 1, 409: 23}
    assert _codes(results) == {"taken": 23}
    (winner,) = [body for status, body in results if status == 201]
    room_bookings = _holding(room)
    assert len(room_bookings) == 1
    booked = Booking.objects.get(pk=winner["id"])
    expected_room_booking = (
        booked if booked.resource_id == room.pk else booked.linked_bookings.get()
    )
    assert room_bookings == [expected_room_booking]
    instrument_bookings = 0 if booked.resource_id == room.pk else 1
    assert len(_holding(first)) + len(_holding(second)) == instrument_bookings


def test_the_same_person_booking_twice_at_once_gets_one_booking(live_server):
    resource = ResourceFactory(capacity=5)
    start = future(2, 16)
    people = [(p, _key_for(p)) for p in factories.PersonFactory.create_batch(4)]
    calls = [(key, _body(resource, start)) for _person, key in people for _twice in range(2)]
    results = _at_once(live_server.url, calls)

    for index, (person, _key) in enumerate(people):
        pair = results[2 * index : 2 * index + 2]
        assert sorted(status for status, _body in pair) == [201, 409]
        assert [body["error"]["code"] for status, body in pair if status == 409] == [
            "already_booked"
        ]
        assert Booking.objects.filter(resource=resource, person=person).count() == 1
    assert len(_holding(resource)) == 4


@pytest.fixture
def without_the_lock(monkeypatch):
    """The control: no row locks, and a gap between checking the time is free and
    inserting the booking (wide enough for every request of a burst to check first)."""
    check = services.check_request

    def slow_check(request, **kwargs):
        check(request, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(services, "BOOKING_LOCK", False)
    monkeypatch.setattr(services, "check_request", slow_check)


def test_control_without_the_lock_the_rush_double_books(live_server, without_the_lock):
    resource = ResourceFactory(capacity=1)
    start = future(2, 10)
    results = _rush(live_server, resource, 20, start)

    assert all(status < 500 for status, _body in results)
    booked = _statuses(results)[201]
    assert booked > 1
    assert len(_holding(resource)) == booked
