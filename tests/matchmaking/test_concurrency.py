"""Self-scheduling under concurrency, over real HTTP, on PostgreSQL.

Participants book a free common slot for their meetings (``POST
/api/v1/brokerage/<event>/meetings/<id>/book``). Requests are released at once (a Barrier)
against pytest-django's threaded live server. The row locks of
:func:`korpu.matchmaking.services.book_slot` (the meeting's participants in id order, then
the location) must let exactly one of them take the last seat of a table, and must keep
one person out of two meetings in one slot. The control test switches the locks off and
widens the window between counting and writing: the table is then overbooked, which
proves the first test would catch a missing lock. A second control shows the database
constraint ``one_meeting_per_person_and_slot`` still refusing a person's second meeting.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from korpu.directory.models import ApiToken
from korpu.matchmaking import services
from korpu.matchmaking.models import Meeting, Participation
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _key_for(person) -> str:
    key, lookup, key_hash = ApiToken.new_key()
    ApiToken.objects.create(person=person, name="concurrency", lookup=lookup, key_hash=key_hash)
    return key


def _at_once(origin: str, calls: list[tuple[str, str, dict]]) -> list[tuple[int, dict]]:
    """POST each (url, key, body) at the same instant; (status, JSON body) in order. Each
    client connects beforehand, so the live server's listen queue drops nothing."""
    clients = [httpx.Client(timeout=60) for _call in calls]
    barrier = threading.Barrier(len(calls), timeout=30)

    def send(client, call):
        url, key, body = call
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


@pytest.fixture
def setting():
    day = BrokerageDayFactory(self_scheduling=True)
    slots = add_slots(day, 3)
    table = LocationFactory(brokerage_day=day, name="The only table")
    return day, slots, table


def _pairs_booking_one_table(live_server, setting, count: int):
    day, slots, table = setting
    calls, meetings = [], []
    for _ in range(count):
        a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
        item = meeting(a, b)
        meetings.append(item)
        url = f"{live_server.url}/api/v1/brokerage/{day.event_id}/meetings/{item.pk}/book"
        calls.append((url, _key_for(a.person), {"slot": slots[0].pk, "location": table.pk}))
    return _at_once(live_server.url, calls), meetings


def _codes(results) -> Counter:
    return Counter(
        (status, body.get("error", {}).get("details", [{}])[0].get("code") if status != 200 else "")
        for status, body in results
    )


def test_many_pairs_booking_the_last_seat_of_a_table_one_gets_it(live_server, setting):
    _day, slots, table = setting
    results, _meetings = _pairs_booking_one_table(live_server, setting, 8)
    assert _codes(results) == {(200, ""): 1, (422, "location_full"): 7}
    assert Meeting.objects.filter(slot=slots[0], location=table).count() == 1


def test_one_person_booked_into_two_meetings_at_once_gets_one(live_server, setting):
    day, slots, _table = setting
    LocationFactory(brokerage_day=day, name="Second table")
    a = ProfileFactory(brokerage_day=day)
    others = [ProfileFactory(brokerage_day=day) for _ in range(4)]
    calls = []
    for other in others:
        item = meeting(a, other)
        url = f"{live_server.url}/api/v1/brokerage/{day.event_id}/meetings/{item.pk}/book"
        # Each booked by the other participant, all for the same slot (tables left free).
        calls.append((url, _key_for(other.person), {"slot": slots[1].pk}))
    results = _at_once(live_server.url, calls)
    assert _codes(results) == {(200, ""): 1, (422, "person_busy"): 3}
    assert Participation.objects.filter(profile=a, slot=slots[1]).count() == 1


@pytest.fixture
def without_the_locks(monkeypatch):
    """The control: no row locks, and a gap between counting a table's meetings and
    writing (wide enough for every request of a burst to count before any writes)."""
    count = services.Occupancy.refresh_load

    def slow_count(self, location, slot):
        count(self, location, slot)
        time.sleep(0.3)

    monkeypatch.setattr(services, "BOOKING_LOCK", False)
    monkeypatch.setattr(services.Occupancy, "refresh_load", slow_count)


def test_control_without_the_locks_a_table_is_overbooked(live_server, setting, without_the_locks):
    _day, slots, table = setting
    results, _meetings = _pairs_booking_one_table(live_server, setting, 8)
    successes = sum(status == 200 for status, _body in results)
    assert successes > 1
    assert Meeting.objects.filter(slot=slots[0], location=table).count() == successes


def test_control_without_the_locks_the_database_still_keeps_a_person_in_one_meeting(
    live_server, setting, without_the_locks
):
    day, slots, _table = setting
    for n in range(3):
        LocationFactory(brokerage_day=day, name=f"Extra {n}")
    a = ProfileFactory(brokerage_day=day)
    calls = []
    for _ in range(4):
        other = ProfileFactory(brokerage_day=day)
        item = meeting(a, other)
        url = f"{live_server.url}/api/v1/brokerage/{day.event_id}/meetings/{item.pk}/book"
        calls.append((url, _key_for(other.person), {"slot": slots[2].pk}))
    results = _at_once(live_server.url, calls)
    assert sum(status == 200 for status, _body in results) == 1
    assert {code for (status, code) in _codes(results) if status == 422} <= {
        "slot_taken",
        "person_busy",
    }
    assert Participation.objects.filter(profile=a, slot=slots[2]).count() == 1
