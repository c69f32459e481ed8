"""Registrations under concurrency, over real HTTP, on PostgreSQL.

Many requests are released at once (a Barrier) against pytest-django's threaded live
server: the event row lock in :mod:`korpu.events.services` must keep the places exact,
the waiting list in order and every freed place promoted once. The control test switches
the lock off and widens the window between counting and inserting: the race then shows,
which proves the other tests would catch a missing lock.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import ApiToken
from korpu.events import services
from korpu.events.models import Registration
from tests import factories
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Registration.Status


def _key_for(person) -> str:
    key, lookup, key_hash = ApiToken.new_key()
    ApiToken.objects.create(person=person, name="concurrency", lookup=lookup, key_hash=key_hash)
    return key


def _people_with_keys(count: int) -> list[tuple[object, str]]:
    people = factories.PersonFactory.create_batch(count)
    return [(person, _key_for(person)) for person in people]


def _at_once(method: str, url: str, keys: list[str]) -> list[tuple[int, dict]]:
    """Send one request per key, all released together; (status, JSON body) in key order.

    Each client connects (and is served once) beforehand, so the live server's short
    listen queue cannot drop connections when the requests all arrive together.
    """
    origin = url.split("/api/", 1)[0]
    clients = [httpx.Client(timeout=60) for _key in keys]
    barrier = threading.Barrier(len(keys), timeout=30)

    def send(client, key):
        barrier.wait()
        response = client.request(
            method,
            url,
            headers={"Authorization": f"Bearer {key}"},
            json={} if method == "POST" else None,
        )
        return response.status_code, response.json()

    try:
        for client in clients:
            assert client.get(f"{origin}/healthz").status_code == 200
        with ThreadPoolExecutor(max_workers=len(keys)) as pool:
            return list(pool.map(send, clients, keys))
    finally:
        for client in clients:
            client.close()


def _registrations_url(live_server, event) -> str:
    return f"{live_server.url}/api/v1/events/{event.pk}/registrations"


def _almost_full_event(capacity=10, taken=7):
    event = EventFactory(capacity=capacity)
    RegistrationFactory.create_batch(taken, event=event)
    return event


def _waiting_ids(event) -> list[int]:
    return list(services.waiting_list(event).values_list("pk", flat=True))


def test_a_rush_at_an_almost_full_event_confirms_exactly_the_places_left(live_server):
    event = _almost_full_event(capacity=10, taken=7)
    people = _people_with_keys(30)
    results = _at_once("POST", _registrations_url(live_server, event), [k for _p, k in people])

    assert Counter(status for status, _body in results) == {201: 30}
    bodies = [body for _status, body in results]
    assert Counter(body["status"] for body in bodies) == {"confirmed": 3, "waitlisted": 27}
    assert sorted(b["position"] for b in bodies if b["status"] == "waitlisted") == list(
        range(1, 28)
    )
    assert all(b["ticket_code"] for b in bodies if b["status"] == "confirmed")

    assert services.places_taken(event) == 10
    mine = Registration.objects.filter(event=event, person__in=[p for p, _k in people])
    assert Counter(mine.values_list("status", flat=True)) == {"confirmed": 3, "waitlisted": 27}
    # The position each person was told is their place in the waiting list as served,
    # and that list is the order in which the requests took the lock (ids are assigned
    # under it): the three confirmed came first.
    told = {b["id"]: b["position"] for b in bodies if b["status"] == "waitlisted"}
    waiting = _waiting_ids(event)
    assert waiting == sorted(told)
    assert [told[pk] for pk in waiting] == list(range(1, 28))
    confirmed = sorted(mine.filter(status=Status.CONFIRMED).values_list("pk", flat=True))
    assert max(confirmed) < min(waiting)


@pytest.fixture
def without_the_lock(monkeypatch):
    """The control: no event lock, and a gap between counting places and using them
    (wide enough for every request of a burst to count before any writes)."""
    counted = services.places_taken

    def slow_places_taken(event):
        taken = counted(event)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "CAPACITY_LOCK", False)
    monkeypatch.setattr(services, "places_taken", slow_places_taken)


def test_control_without_the_lock_the_rush_overbooks(live_server, without_the_lock):
    event = _almost_full_event(capacity=10, taken=7)
    people = _people_with_keys(30)
    results = _at_once("POST", _registrations_url(live_server, event), [k for _p, k in people])

    assert Counter(status for status, _body in results) == {201: 30}
    confirmed = sum(body["status"] == "confirmed" for _status, body in results)
    assert confirmed > 3
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == (
        7 + confirmed
    )


@pytest.fixture
def slow_promotions(monkeypatch):
    """A gap between choosing whom to promote and committing, so that concurrent
    cancellations overlap there (the lock must still keep them apart)."""
    mail = services._mail

    def slow_mail(registration, template, **kwargs):
        mail(registration, template, **kwargs)
        if template == "registration_promoted":
            time.sleep(0.3)

    monkeypatch.setattr(services, "_mail", slow_mail)


def _full_event_with_a_waiting_list():
    event = EventFactory(capacity=10)
    confirmed = _people_with_keys(10)
    for person, _key in confirmed:
        RegistrationFactory(event=event, person=person)
    waiting_people = _people_with_keys(10)
    for person, _key in waiting_people:
        services.register(event=event, person=person)
    return event, confirmed, waiting_people


def _promotions() -> Counter:
    return Counter(
        int(pk)
        for pk in AuditEntry.objects.filter(action="events.promote").values_list(
            "object_id", flat=True
        )
    )


def test_concurrent_cancellations_promote_each_freed_place_exactly_once(
    live_server, slow_promotions
):
    event, confirmed, waiting_people = _full_event_with_a_waiting_list()
    first_waiting = _waiting_ids(event)
    assert len(first_waiting) == 10

    # Five confirmed people and the last two waiting cancel at the same instant.
    leaving = confirmed[:5] + waiting_people[8:]
    results = _at_once("DELETE", _registrations_url(live_server, event), [k for _p, k in leaving])

    assert [(status, body["status"]) for status, body in results] == [(200, "cancelled")] * 7
    promoted, still_waiting = first_waiting[:5], first_waiting[5:8]
    assert sorted(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    ) == sorted(
        list(
            Registration.objects.filter(
                person__in=[p for p, _k in confirmed[5:]], event=event
            ).values_list("pk", flat=True)
        )
        + promoted
    )
    assert services.places_taken(event) == 10
    assert _waiting_ids(event) == still_waiting
    assert [services.waitlist_position(r) for r in services.waiting_list(event)] == [1, 2, 3]
    assert _promotions() == dict.fromkeys(promoted, 1)
    promoted_mail = Counter(
        tuple(message.to)
        for message in OutboxMessage.objects.filter(subject__startswith="A place became free")
    )
    assert promoted_mail == {
        (r.person.email,): 1 for r in Registration.objects.filter(pk__in=promoted)
    }
    assert Counter(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        "confirmed": 10,
        "waitlisted": 3,
        "cancelled": 7,
    }


def test_control_without_the_lock_cancellations_promote_one_person_many_times(
    live_server, without_the_lock, slow_promotions
):
    """Each cancellation sees only its own freed place and promotes the first person
    waiting: all of them the same one, so places stay empty and mails repeat."""
    event, confirmed, _waiting = _full_event_with_a_waiting_list()
    first = _waiting_ids(event)[0]
    results = _at_once(
        "DELETE", _registrations_url(live_server, event), [k for _p, k in confirmed[:5]]
    )

    assert [status for status, _body in results] == [200] * 5
    assert _promotions()[first] > 1
    assert services.places_taken(event) < 10


def test_the_same_person_registering_twice_at_once_gets_one_registration(live_server):
    event = _almost_full_event(capacity=10, taken=9)
    people = _people_with_keys(4)
    keys = [key for _person, key in people for _twice in range(2)]
    results = _at_once("POST", _registrations_url(live_server, event), keys)

    for index, (person, _key) in enumerate(people):
        pair = results[2 * index : 2 * index + 2]
        assert sorted(status for status, _body in pair) == [201, 409]
        refusal = next(body for status, body in pair if status == 409)
        assert refusal["error"]["code"] == "already_registered"
        assert Registration.objects.filter(event=event, person=person).count() == 1
    statuses = Counter(body["status"] for status, body in results if status == 201)
    assert statuses == {"confirmed": 1, "waitlisted": 3}
    assert services.places_taken(event) == 10
