"""The events API: registering with a token, the answers it gives, cancelling, and the
organisers' list."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from korpu.directory import services as directory_services
from korpu.events.models import Event, Question, Registration
from tests import factories
from tests.events.factories import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def token_client(person) -> Client:
    _token, key = directory_services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def register(person, event, **body):
    return token_client(person).post(
        f"{API}/events/{event.pk}/registrations", body, content_type="application/json"
    )


def test_register_confirmed_then_waitlisted_with_position():
    event = EventFactory(capacity=1)
    first = register(factories.PersonFactory(), event)
    second = register(factories.PersonFactory(), event)
    assert first.status_code == 201
    assert second.status_code == 201
    one, two = first.json(), second.json()
    assert (one["status"], one["position"]) == ("confirmed", None)
    assert one["ticket_code"] == Registration.objects.get(pk=one["id"]).ticket_code
    assert (two["status"], two["position"], two["ticket_code"]) == ("waitlisted", 1, None)


def test_pending_approval_and_answers():
    event = EventFactory(requires_approval=True)
    question = QuestionFactory(event=event, kind=Question.Kind.RATING, label="Level")
    response = register(factories.PersonFactory(), event, answers={str(question.pk): 4})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["answers"]) == (
        "pending_approval",
        {str(question.pk): 4},
    )


def test_bad_answers_say_which_question():
    event = EventFactory()
    question = QuestionFactory(event=event, kind=Question.Kind.RATING)
    response = register(factories.PersonFactory(), event, answers={str(question.pk): 9})
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [(d["field"], d["message"]) for d in details] == [
        (f"answers.{question.pk}", "Give a rating from 1 to 5.")
    ]
    assert Registration.objects.count() == 0


def test_twice_is_a_conflict_and_closed_is_refused():
    event = EventFactory()
    person = factories.PersonFactory()
    assert register(person, event).status_code == 201
    again = register(person, event)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_registered"
    closed = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    response = register(person, closed)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Registration for this event has closed."
    assert Registration.objects.count() == 1


def test_messages_follow_the_language_asked_for():
    closed = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    client = token_client(factories.PersonFactory())
    response = client.post(
        f"{API}/events/{closed.pk}/registrations?lang=az", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] != "Registration for this event has closed."


def test_invisible_events_answer_404_and_anonymous_401():
    draft = EventFactory(status=Event.Status.DRAFT)
    assert register(factories.PersonFactory(), draft).status_code == 404
    event = EventFactory()
    response = Client().post(
        f"{API}/events/{event.pk}/registrations", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_cancel_my_registration_promotes_the_next():
    event = EventFactory(capacity=1)
    first, second = factories.PersonFactory(), factories.PersonFactory()
    register(first, event)
    register(second, event)
    response = token_client(first).delete(f"{API}/events/{event.pk}/registrations")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    mine = token_client(second).get(f"{API}/events/{event.pk}/registrations/mine")
    assert mine.json()["status"] == "confirmed"
    again = token_client(first).delete(f"{API}/events/{event.pk}/registrations")
    assert again.status_code == 404


def test_organisers_list_registrations_others_may_not():
    event = EventFactory(capacity=1)
    for _ in range(3):
        register(factories.PersonFactory(), event)
    manager = organiser_manager(event)
    response = token_client(manager).get(f"{API}/events/{event.pk}/registrations")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["status"], i["position"]) for i in items] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    waiting = token_client(manager).get(
        f"{API}/events/{event.pk}/registrations", {"status": "waitlisted"}
    )
    assert len(waiting.json()["items"]) == 2
    outsider = token_client(factories.PersonFactory())
    assert outsider.get(f"{API}/events/{event.pk}/registrations").status_code == 403
    target = items[0]["id"]
    assert outsider.delete(f"{API}/events/{event.pk}/registrations/{target}").status_code == 403
    cancelled = token_client(manager).delete(f"{API}/events/{event.pk}/registrations/{target}")
    assert cancelled.json()["status"] == "cancelled"


def test_event_list_and_detail():
    upcoming = EventFactory(capacity=3)
    RegistrationFactory(event=upcoming)
    EventFactory(starts_at=timezone.now() - datetime.timedelta(days=30))
    EventFactory(status=Event.Status.DRAFT)
    response = Client().get(f"{API}/events")
    assert [e["id"] for e in response.json()["items"]] == [upcoming.pk]
    detail = Client().get(f"{API}/events/{upcoming.pk}").json()
    assert (detail["places_left"], detail["registration_open"]) == (2, True)


def test_event_list_counts_places_in_its_own_query(django_assert_max_num_queries):
    events = [EventFactory(capacity=capacity) for capacity in (2, 5, None, 1)]
    for event in events[:2] + events[3:]:
        RegistrationFactory(event=event)
    RegistrationFactory(event=events[1])
    unlimited = EventFactory(capacity=None)
    # Whatever the number of events: the page, its count and the organisers.
    with django_assert_max_num_queries(4):
        items = Client().get(f"{API}/events").json()["items"]
    left = {item["id"]: item["places_left"] for item in items}
    assert left == {events[0].pk: 1, events[1].pk: 3, events[2].pk: None, events[3].pk: 0,
                    unlimited.pk: None}  # fmt: skip
    for item in items:  # the same figure as the detail's, counted on its own
        assert Client().get(f"{API}/events/{item['id']}").json()["places_left"] == left[item["id"]]
