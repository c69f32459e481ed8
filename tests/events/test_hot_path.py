"""The registration rush's shortcuts (bench/event_registration) answer as the long way does:
the token read in SQL, the event and its questions remembered for a moment, rows inserted
without the ORM's compiler."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from korpu.common.mail import insert_new
from korpu.common.models import OutboxMessage
from korpu.directory import services as directory_services
from korpu.directory.models import ApiToken
from korpu.events import queries, services
from korpu.events.models import Event, Question, Registration
from tests import factories
from tests.events.factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db
authenticate_key = directory_services.authenticate_api_key
API = "/api/v1"


@pytest.fixture(autouse=True)
def _nothing_remembered():
    queries._remembered.clear()
    yield
    queries._remembered.clear()


def register(key, event, **body):
    return Client(headers={"Authorization": f"Bearer {key}"}).post(
        f"{API}/events/{event.pk}/registrations", body, content_type="application/json"
    )


# --- the token ---------------------------------------------------------------------------
def test_the_token_read_in_sql_gives_the_person_the_orm_reads():
    person = factories.PersonFactory(languages=["az", "tr"], preferred_language="tr")
    _token, key = directory_services.create_api_token(actor=person, name="script")
    found = authenticate_key(key)
    assert found == person
    fresh = type(person).objects.get(pk=person.pk)
    names = [field.attname for field in type(person)._meta.concrete_fields]
    assert {name: getattr(found, name) for name in names} == {
        name: getattr(fresh, name) for name in names
    }
    assert found.languages == ["az", "tr"]
    assert timezone.is_aware(found.date_joined)
    assert found._state.adding is False
    assert found._state.db == "default"


def test_the_token_read_in_sql_refuses_wrong_revoked_and_inactive():
    person = factories.PersonFactory()
    token, key = directory_services.create_api_token(actor=person, name="script")
    wrong_secret = key[:-1] + ("A" if key[-1] != "A" else "B")
    for presented in (wrong_secret, "garbage", "", "kp_nothing", "kp_x.y"):
        assert authenticate_key(presented) is None
    token.refresh_from_db()
    assert token.last_used_at is None  # a wrong secret is no use of the token
    directory_services.revoke_api_token(actor=person, token=token)
    assert authenticate_key(key) is None
    _other, other_key = directory_services.create_api_token(actor=person, name="second")
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert authenticate_key(other_key) is None


def test_the_token_records_its_last_use_at_most_once_a_minute():
    person = factories.PersonFactory()
    token, key = directory_services.create_api_token(actor=person, name="script")
    before = timezone.now()
    with CaptureQueriesContext(connection) as first:
        assert authenticate_key(key) == person
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at >= before
    with CaptureQueriesContext(connection) as again:
        assert authenticate_key(key) == person
    assert (len(first), len(again)) == (2, 1)  # the read, and the first use's write
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    assert authenticate_key(key) == person
    token.refresh_from_db()
    assert token.last_used_at > long_ago + datetime.timedelta(minutes=4)


def test_the_api_answers_401_for_a_bad_token_and_registers_with_a_good_one():
    event = EventFactory(capacity=1)
    person = factories.PersonFactory()
    _token, key = directory_services.create_api_token(actor=person, name="script")
    refused = register(key[:-1] + ("A" if key[-1] != "A" else "B"), event)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
    answered = register(key, event)
    assert answered.status_code == 201
    assert Registration.objects.get(pk=answered.json()["id"]).person == person


# --- the event remembered for a moment -----------------------------------------------------
def _key():
    _token, key = directory_services.create_api_token(actor=factories.PersonFactory(), name="s")
    return key


def test_what_registering_decides_on_is_read_again_under_the_lock():
    event = EventFactory(capacity=10)
    assert register(_key(), event).status_code == 201
    assert event.pk in queries._remembered
    # Changed behind this process's back (no save signal, no new updated_at): the memory
    # still holds the event as it was, the lock's read refuses all the same.
    Event.objects.filter(pk=event.pk).update(visibility=Event.Visibility.INVITATION_ONLY)
    invited_only = register(_key(), event)
    assert invited_only.status_code == 422
    assert invited_only.json()["error"]["details"][0]["code"] == "invitation_required"
    Event.objects.filter(pk=event.pk).update(
        visibility=Event.Visibility.PUBLIC, status=Event.Status.CANCELLED
    )
    assert register(_key(), event).json()["error"]["message"] == "This event has been cancelled."
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.PUBLISHED,
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    closed = register(_key(), event)
    assert closed.json()["error"]["message"] == "Registration for this event has closed."
    Event.objects.filter(pk=event.pk).update(registration_closes_at=None, capacity=1)
    assert register(_key(), event).json()["status"] == "waitlisted"
    assert Registration.objects.filter(event=event).count() == 2


def test_an_event_changed_since_it_was_remembered_is_read_again_whole():
    event = EventFactory(capacity=10, title="Old title")
    assert register(_key(), event).status_code == 201
    # Another process renamed it (updated_at moves on): the mail names it as it is now.
    Event.objects.filter(pk=event.pk).update(
        title="New title", updated_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert queries._remembered[event.pk][1].title == "Old title"
    assert register(_key(), event).status_code == 201
    assert "New title" in OutboxMessage.objects.order_by("-id").first().subject
    assert event.pk not in queries._remembered


def test_saving_the_event_or_a_question_here_forgets_it_at_once():
    event = EventFactory(capacity=10)
    assert register(_key(), event).status_code == 201
    question = QuestionFactory(event=event, form=Question.Form.REGISTRATION, required=True)
    assert event.pk not in queries._remembered
    missing = register(_key(), event)
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == f"answers.{question.pk}"
    question.delete()
    assert register(_key(), event).status_code == 201
    event.title = "Renamed"
    event.save()
    assert event.pk not in queries._remembered


def test_the_memory_lasts_a_moment(monkeypatch):
    event = EventFactory(capacity=10)
    assert queries.event_for_registering(event.pk).title == event.title
    Event.objects.filter(pk=event.pk).update(title="Later")
    assert queries.event_for_registering(event.pk).title == event.title
    expires, remembered, questions = queries._remembered[event.pk]
    queries._remembered[event.pk] = (expires - queries.REMEMBER_SECONDS - 1, remembered, questions)
    assert queries.event_for_registering(event.pk).title == "Later"
    # Each caller gets a copy of its own to change.
    one, two = queries.event_for_registering(event.pk), queries.event_for_registering(event.pk)
    one.capacity = 999
    assert two.capacity == 10 == queries._remembered[event.pk][1].capacity
    assert queries.event_for_registering(10**9) is None


def test_a_draft_or_private_event_is_not_served_from_memory():
    draft = EventFactory(status=Event.Status.DRAFT)
    response = register(_key(), draft)
    assert response.status_code == 404


# --- rows inserted without the compiler -----------------------------------------------------
def test_insert_new_writes_what_save_writes():
    event = EventFactory(capacity=10)
    one, two = factories.PersonFactory(), factories.PersonFactory()
    saved = Registration(event=event, person=one, answers={"q1": "x"}, status="confirmed")
    saved.save()
    inserted = Registration(event=event, person=two, answers={"q1": "x"}, status="confirmed")
    insert_new(inserted)
    assert inserted.pk is not None and inserted._state.adding is False
    assert inserted.created_at is not None
    names = [f.attname for f in Registration._meta.concrete_fields]
    ignored = {"id", "person_id", "ticket_code", "created_at"}
    row = Registration.objects.values(*names).get(pk=inserted.pk)
    assert {k: v for k, v in row.items() if k not in ignored} == {
        k: v
        for k, v in Registration.objects.values(*names).get(pk=saved.pk).items()
        if k not in ignored
    }
    assert row["ticket_code"] == inserted.ticket_code
    assert row["created_at"] == inserted.created_at


def test_insert_new_saves_the_ordinary_way_when_someone_listens():
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.subject, created))

    post_save.connect(listener, sender=OutboxMessage)
    try:
        insert_new(OutboxMessage(message_id="<a@b>", to=["x@example.org"], subject="Hi"))
    finally:
        post_save.disconnect(listener, sender=OutboxMessage)
    assert heard == [("Hi", True)]
    assert OutboxMessage.objects.get(message_id="<a@b>").to == ["x@example.org"]


def test_a_second_registration_is_still_refused_by_the_constraint():
    event = EventFactory(capacity=10)
    person = factories.PersonFactory()
    services.register(event=event, person=person)
    with pytest.raises(Exception) as refused:
        services.register(event=event, person=person)
    assert refused.value.code == "already_registered"
    assert Registration.objects.filter(event=event, person=person).count() == 1
