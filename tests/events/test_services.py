"""Registration services: places, the waiting list and its promotions, approvals, offers,
invitations, answers, reminders. (Concurrency: tests/events/test_concurrency.py.)"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from korpu.common.mail import deliver_pending
from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events import services, tickets
from korpu.events.models import Event, Invitation, Question, Registration, SessionSeat
from tests import factories
from tests.events.factories import (
    EventFactory,
    InvitationFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db
S = Registration.Status


def people(n):
    return [factories.PersonFactory() for _ in range(n)]


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("id").values_list("status", flat=True)
    )


def test_places_then_waiting_list_in_order():
    event = EventFactory(capacity=2)
    a, b, c, d = people(4)
    results = [services.register(event=event, person=p) for p in (a, b, c, d)]
    assert [r.status for r in results] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [r.position for r in results] == [None, None, 1, 2]
    assert [services.waitlist_position(r) for r in results] == [None, None, 1, 2]
    assert OutboxMessage.objects.count() == 4
    confirmed_mail = OutboxMessage.objects.filter(to=[a.email]).get()
    assert results[0].ticket_code in confirmed_mail.body
    assert [att["filename"] for att in confirmed_mail.attachments] == ["ticket.png"]
    assert AuditEntry.objects.filter(action="events.register").count() == 4
    # The QR code is drawn when the mail is delivered, not while registering.
    assert "content" not in confirmed_mail.attachments[0]
    deliver_pending()
    delivered = next(m for m in mail.outbox if m.to == [a.email])
    assert [tuple(a) for a in delivered.attachments] == [
        ("ticket.png", tickets.qr_png(results[0].ticket_code), "image/png")
    ]
    assert delivered.attachments[0][1].startswith(b"\x89PNG")


def test_without_a_waiting_list_a_full_event_refuses_and_writes_nothing():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    services.register(event=event, person=factories.PersonFactory())
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=factories.PersonFactory())
    assert refused.value.messages == ["This event is full."]
    assert Registration.objects.filter(event=event).count() == 1


def test_registering_twice_is_refused():
    event = EventFactory()
    person = factories.PersonFactory()
    services.register(event=event, person=person)
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=person)
    assert refused.value.messages == ["You are already registered for this event."]
    assert Registration.objects.filter(event=event).count() == 1


def test_after_the_deadline_and_before_opening_and_drafts_are_refused():
    now = timezone.now()
    closed = EventFactory(registration_closes_at=now - datetime.timedelta(minutes=1))
    not_yet = EventFactory(registration_opens_at=now + datetime.timedelta(days=1))
    draft = EventFactory(status=Event.Status.DRAFT)
    cancelled = EventFactory(status=Event.Status.CANCELLED)
    messages = []
    for event in (closed, not_yet, draft, cancelled):
        with pytest.raises(ValidationError) as refused:
            services.register(event=event, person=factories.PersonFactory())
        messages.append(refused.value.messages)
    assert messages == [
        ["Registration for this event has closed."],
        ["Registration has not opened yet."],
        ["Registration for this event is not open."],
        ["This event has been cancelled."],
    ]
    assert Registration.objects.count() == 0


def test_invitation_only_needs_a_valid_unused_invitation_for_the_same_address():
    event = EventFactory(visibility=Event.Visibility.INVITATION_ONLY, capacity=1)
    invited = factories.PersonFactory(email="Invited@Example.org")
    invitation = InvitationFactory(event=event, email="invited@example.org")
    stranger = factories.PersonFactory()
    other_event_invitation = InvitationFactory(email=stranger.email)

    def refusal(**kwargs):
        with pytest.raises(ValidationError) as refused:
            services.register(event=event, **kwargs)
        return refused.value.messages

    assert refusal(person=stranger) == ["This event is by invitation only."]
    assert refusal(person=stranger, invitation_token="forged") == [
        "This invitation link is not valid for this event."
    ]
    assert refusal(person=stranger, invitation_token=other_event_invitation.token) == [
        "This invitation link is not valid for this event."
    ]
    assert refusal(person=stranger, invitation_token=invitation.token) == [
        "This invitation was sent to another e-mail address. Sign in with invited@example.org."
    ]
    registration = services.register(event=event, person=invited, invitation_token=invitation.token)
    assert registration.status == S.CONFIRMED
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    services.cancel_registration(registration=registration, actor=invited)
    assert refusal(person=invited, invitation_token=invitation.token) == [
        "This invitation has already been used."
    ]


def test_full_invitation_only_event_without_waiting_list_says_it_is_full():
    event = EventFactory(
        visibility=Event.Visibility.INVITATION_ONLY, capacity=0, waitlist_enabled=False
    )
    invited = factories.PersonFactory()
    invitation = InvitationFactory(event=event, email=invited.email)
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=invited, invitation_token=invitation.token)
    assert refused.value.messages == ["This event is full."]
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_cancelling_promotes_the_first_waiting_and_tells_them():
    event = EventFactory(capacity=1)
    a, b, c = people(3)
    first = services.register(event=event, person=a)
    services.register(event=event, person=b)
    services.register(event=event, person=c)
    OutboxMessage.objects.all().delete()
    services.cancel_registration(registration=first, actor=a)
    assert statuses(event) == [S.CANCELLED, S.CONFIRMED, S.WAITLISTED]
    third = Registration.objects.get(event=event, person=c)
    assert services.waitlist_position(third) == 1
    subjects = sorted((m.to[0], m.subject) for m in OutboxMessage.objects.all())
    assert subjects == sorted(
        [
            (a.email, f"Registration cancelled: {event.title}"),
            (b.email, f"A place became free: you are registered for {event.title}"),
        ]
    )


def test_cancelling_after_the_deadline_is_refused_for_participants_not_organisers():
    event = EventFactory(cancellation_deadline=timezone.now() - datetime.timedelta(hours=1))
    person = factories.PersonFactory()
    registration = RegistrationFactory(event=event, person=person)
    with pytest.raises(ValidationError) as refused:
        services.cancel_registration(registration=registration, actor=person)
    assert refused.value.messages == ["The deadline for cancelling has passed."]
    manager = organiser_manager(event)
    services.cancel_registration(registration=registration, actor=manager)
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


def test_cancelling_twice_is_refused():
    event = EventFactory()
    person = factories.PersonFactory()
    registration = services.register(event=event, person=person)
    services.cancel_registration(registration=registration, actor=person)
    with pytest.raises(ValidationError) as refused:
        services.cancel_registration(registration=registration, actor=person)
    assert refused.value.messages == ["This registration is no longer active."]


def test_offers_with_a_window_then_lapse_to_the_next():
    event = EventFactory(capacity=1, offer_hours=24)
    a, b, c = people(3)
    first = services.register(event=event, person=a)
    second = services.register(event=event, person=b)
    services.register(event=event, person=c)
    services.cancel_registration(registration=first, actor=a)
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert second.offer_expires_at is not None
    # Nobody else is offered the place while it is on offer.
    assert statuses(event) == [S.CANCELLED, S.OFFERED, S.WAITLISTED]
    later = second.offer_expires_at + datetime.timedelta(seconds=1)
    assert services.expire_lapsed_offers(now=later) == 1
    assert statuses(event) == [S.CANCELLED, S.EXPIRED, S.OFFERED]
    third = Registration.objects.get(event=event, person=c)
    with pytest.raises(ValidationError):
        services.accept_offer(registration=second, actor=b)
    services.accept_offer(registration=third, actor=c)
    assert statuses(event) == [S.CANCELLED, S.EXPIRED, S.CONFIRMED]


def test_declining_an_offer_passes_it_on():
    event = EventFactory(capacity=1, offer_hours=2)
    a, b, c = people(3)
    first = services.register(event=event, person=a)
    services.register(event=event, person=b)
    services.register(event=event, person=c)
    services.cancel_registration(registration=first, actor=a)
    offered = Registration.objects.get(event=event, person=b)
    services.decline_offer(registration=offered, actor=b)
    assert statuses(event) == [S.CANCELLED, S.CANCELLED, S.OFFERED]


def test_approval_flow_and_rejection_frees_a_place():
    event = EventFactory(capacity=1, requires_approval=True)
    manager = organiser_manager(event)
    a, b = people(2)
    ra = services.register(event=event, person=a)
    rb = services.register(event=event, person=b)
    assert (ra.status, rb.status) == (S.PENDING_APPROVAL, S.PENDING_APPROVAL)
    services.approve_registration(registration=ra, actor=manager)
    services.approve_registration(registration=rb, actor=manager)
    assert statuses(event) == [S.CONFIRMED, S.WAITLISTED]
    with pytest.raises(ValidationError):
        services.approve_registration(registration=ra, actor=manager)
    services.reject_registration(registration=ra, actor=manager, note="Only for residents.")
    assert statuses(event) == [S.REJECTED, S.CONFIRMED]
    rejection = OutboxMessage.objects.filter(to=[a.email], subject__startswith="Your").get()
    assert "Only for residents." in rejection.body


def test_raising_capacity_promotes_in_order_and_lowering_keeps_people():
    event = EventFactory(capacity=1)
    manager = organiser_manager(event)
    for person in people(4):
        services.register(event=event, person=person)
    promoted = services.set_capacity(event=event, capacity=3, actor=manager)
    assert len(promoted) == 2
    assert statuses(event) == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert services.set_capacity(event=event, capacity=1, actor=manager) == []
    assert statuses(event) == [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    with pytest.raises(ValidationError):
        services.set_capacity(event=event, capacity=-1, actor=manager)


def test_answers_are_checked_and_stored_by_question():
    event = EventFactory()
    text = QuestionFactory(event=event, label="Dietary needs", required=False)
    choice = QuestionFactory(
        event=event, kind=Question.Kind.CHOICE, choices=["Baku", "Gebze"], label="City"
    )
    QuestionFactory(event=event, form=Question.Form.SURVEY, label="survey only")
    person = factories.PersonFactory()
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=person, answers={f"q{choice.pk}": "Paris"})
    assert refused.value.message_dict == {f"q{choice.pk}": ["Choose one of the options."]}
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=person, answers={})
    assert refused.value.message_dict == {f"q{choice.pk}": ["This question needs an answer."]}
    registration = services.register(
        event=event,
        person=person,
        answers={f"q{text.pk}": " vegetarian ", f"q{choice.pk}": "Gebze"},
    )
    assert registration.answers == {str(text.pk): "vegetarian", str(choice.pk): "Gebze"}


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (Question.Kind.NUMBER, "3,5", 3.5),
        (Question.Kind.NUMBER, "12", 12),
        (Question.Kind.RATING, "5", 5),
        (Question.Kind.YES_NO, "yes", True),
        (Question.Kind.MULTIPLE_CHOICE, ["b", "a"], ["a", "b"]),
    ],
)
def test_answer_kinds(kind, raw, expected):
    question = QuestionFactory(kind=kind, choices=["a", "b", "c"])
    assert services.clean_answers(questions=[question], data={f"q{question.pk}": raw}) == {
        str(question.pk): expected
    }


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (Question.Kind.NUMBER, "NaN"),
        (Question.Kind.NUMBER, "1e400"),
        (Question.Kind.RATING, "6"),
        (Question.Kind.YES_NO, "maybe"),
        (Question.Kind.TEXT, "x" * 301),
        (Question.Kind.MULTIPLE_CHOICE, ["z"]),
    ],
)
def test_bad_answers_are_refused(kind, raw):
    question = QuestionFactory(kind=kind, choices=["a", "b"])
    with pytest.raises(ValidationError):
        services.clean_answers(questions=[question], data={f"q{question.pk}": raw})


def test_session_places_are_limited_and_refusal_writes_nothing():
    event = EventFactory(capacity=10)
    workshop = SessionFactory(event=event, capacity=1, title="Soldering")
    a, b = people(2)
    services.register(event=event, person=a, session_ids=[workshop.pk])
    with pytest.raises(ValidationError) as refused:
        services.register(event=event, person=b, session_ids=[workshop.pk])
    assert refused.value.messages == ["The session “Soldering” is full. Choose another one."]
    assert Registration.objects.filter(event=event).count() == 1
    assert SessionSeat.objects.filter(session=workshop).count() == 1
    other = SessionFactory(capacity=5)
    with pytest.raises(ValidationError):
        services.register(event=event, person=b, session_ids=[other.pk])


def test_invite_reports_bad_lines_and_writes_nothing_then_invites_each_once():
    event = EventFactory(visibility=Event.Visibility.INVITATION_ONLY)
    manager = organiser_manager(event)
    with pytest.raises(ValidationError) as refused:
        services.invite(event=event, emails=["good@example.org", "not-an-address"], actor=manager)
    assert refused.value.messages == ["Line 2: “not-an-address” is not an e-mail address."]
    assert Invitation.objects.count() == 0
    created = services.invite(
        event=event, emails=["a@example.org", "A@example.org", "", "b@example.org"], actor=manager
    )
    assert [i.email for i in created] == ["a@example.org", "b@example.org"]
    again = services.invite(event=event, emails=["a@example.org"], actor=manager)
    assert again == []
    invitation_mail = OutboxMessage.objects.get(to=["a@example.org"])
    assert f"?invitation={created[0].token}" in invitation_mail.body


def test_reminders_are_sent_once_and_only_the_nearest():
    start = timezone.now() + datetime.timedelta(minutes=30)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    event.reminder_hours = [24, 1]
    event.save()
    confirmed = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=S.WAITLISTED)
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert OutboxMessage.objects.filter(subject__startswith="Reminder").count() == 1
    assert sorted(confirmed.reminders_sent.values_list("hours_before", flat=True)) == [1, 24]


def test_cancelling_an_event_cancels_registrations_and_tells_everyone():
    event = EventFactory(capacity=1)
    manager = organiser_manager(event)
    for person in people(2):
        services.register(event=event, person=person)
    assert services.cancel_event(event=event, actor=manager, reason="Venue flooded.") == 2
    assert statuses(event) == [S.CANCELLED, S.CANCELLED]
    assert OutboxMessage.objects.filter(body__contains="Venue flooded.").count() == 2


def test_events_tick_command(capsys):
    call_command("events_tick")
    assert capsys.readouterr().out == "events: 0 offers lapsed, 0 reminders sent\n"


def test_confirmed_participants_choose_sessions_afterwards():
    event = EventFactory(capacity=1)
    workshop = SessionFactory(event=event, capacity=1, title="Soldering")
    talk = SessionFactory(event=event, capacity=10, title="Talk")
    a, b = people(2)
    first = services.register(event=event, person=a)
    second = services.register(event=event, person=b)
    with pytest.raises(ValidationError) as refused:
        services.choose_sessions(registration=second, session_ids=[talk.pk], actor=b)
    assert refused.value.messages == ["Only confirmed participants can sign up for sessions."]
    assert services.choose_sessions(
        registration=first, session_ids=[workshop.pk, talk.pk], actor=a
    ) == sorted([workshop.pk, talk.pk])
    services.cancel_registration(registration=first, actor=a)
    second.refresh_from_db()
    # The cancelled person's seat no longer counts: the promoted one can take it.
    services.choose_sessions(registration=second, session_ids=[workshop.pk], actor=b)
    services.choose_sessions(registration=second, session_ids=[], actor=b)
    assert list(SessionSeat.objects.filter(registration=second)) == []


def test_the_rush_path_reads_what_the_orm_reads():
    """The serial part of registering reads in SQL (for speed); it must agree with the ORM."""
    from django.db import transaction

    event = EventFactory(capacity=10, requires_approval=False, waitlist_enabled=True)
    for status in (S.CONFIRMED, S.CONFIRMED, S.OFFERED, S.WAITLISTED, S.CANCELLED, S.WAITLISTED):
        RegistrationFactory(event=event, status=status)
    last = timezone.now() + datetime.timedelta(minutes=5)
    Registration.objects.filter(event=event, status=S.WAITLISTED).update(waitlisted_at=last)
    RegistrationFactory(status=S.CONFIRMED)  # another event's: not counted
    counts = services._place_counts(event)
    assert counts == {
        "taken": services.places_taken(event),
        "waiting": 2,
        "last_waitlisted_at": last,
    }
    assert counts["taken"] == 3
    assert services._place_counts(EventFactory()) == {
        "taken": 0,
        "waiting": 0,
        "last_waitlisted_at": None,
    }
    Event.objects.filter(pk=event.pk).update(
        capacity=7,
        requires_approval=True,
        status="draft",
        visibility=Event.Visibility.INVITATION_ONLY,
        waitlist_enabled=False,
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
        registration_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    with transaction.atomic():
        assert services._lock_event_for_registering(event) is True
    fresh = Event.objects.get(pk=event.pk)
    assert [getattr(event, name) for name in services.DECIDING_FIELDS] == [
        getattr(fresh, name) for name in services.DECIDING_FIELDS
    ]
    assert event.visibility == Event.Visibility.INVITATION_ONLY
    assert event.waitlist_enabled is False and event.requires_approval is True
    gone = Event(pk=10**9)
    with transaction.atomic():
        assert services._lock_event_for_registering(gone) is False


def test_a_newcomer_joins_the_end_of_the_waiting_list_even_if_the_clock_went_back(monkeypatch):
    event = EventFactory(capacity=1)
    first, second, third = people(3)
    services.register(event=event, person=first)
    waiting = services.register(event=event, person=second)
    later = waiting.waitlisted_at + datetime.timedelta(hours=1)
    Registration.objects.filter(pk=waiting.pk).update(waitlisted_at=later)
    newcomer = services.register(event=event, person=third)
    assert newcomer.position == 2 == services.waitlist_position(newcomer)
    assert list(services.waiting_list(event)) == [waiting, newcomer]
