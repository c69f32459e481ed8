"""Setting up events (korpu.events.setup): who may name which organisers, capacity and
cancellation through the registration services, moving the agenda with the event, and
the checks on sessions and speakers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events import setup
from korpu.events.models import CheckIn, Event, Registration, Session, SessionSeat, Speaker
from tests import factories as directory
from tests.events import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
Status = Registration.Status


def event_data(**extra):
    data = {
        "title_en": "Laser cutting safety",
        "title_az": "Lazer kəsmə təhlükəsizliyi",
        "kind": Event.Kind.TRAINING,
        "time_zone": "Asia/Baku",
        "starts_at": datetime.datetime(2030, 5, 6, 5, 0, tzinfo=UTC),
        "ends_at": datetime.datetime(2030, 5, 7, 13, 0, tzinfo=UTC),
        "status": Event.Status.PUBLISHED,
        "capacity": 10,
    }
    data.update(extra)
    return data


def waiting(event, n):
    base = timezone.now() - datetime.timedelta(hours=1)
    return [
        factories.RegistrationFactory(
            event=event,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=base + datetime.timedelta(minutes=i),
        )
        for i in range(n)
    ]


@pytest.fixture
def park():
    return directory.OrganisationFactory(name="Gebze Technopark", kind="technopark")


@pytest.fixture
def manager(park):
    return directory.MembershipFactory(organisation=park, role="manager").person


def test_create_event_names_managed_organisers_and_makes_a_free_slug(park, manager):
    factories.EventFactory(slug="laser-cutting-safety")
    event = setup.create_event(actor=manager, organisers=[park], data=event_data())
    assert (
        event.slug,
        event.title_en,
        event.title_az,
        list(event.organisers.all()),
        event.capacity,
    ) == (
        "laser-cutting-safety-2",
        "Laser cutting safety",
        "Lazer kəsmə təhlükəsizliyi",
        [park],
        10,
    )
    entry = AuditEntry.objects.get(action="events.create_event")
    assert (entry.actor, entry.changes["organisers"]) == (manager, [None, [park.pk]])


def test_reserved_or_taken_slug_is_refused(park, manager):
    with pytest.raises(ValidationError) as error:
        setup.create_event(actor=manager, organisers=[park], data=event_data(), slug="calendar")
    assert error.value.message_dict == {"slug": ["This short name is reserved."]}
    factories.EventFactory(slug="taken")
    with pytest.raises(ValidationError) as error:
        setup.create_event(actor=manager, organisers=[park], data=event_data(), slug="taken")
    assert error.value.message_dict == {"slug": ["Another event already has this short name."]}
    assert Event.objects.count() == 1


def test_organisers_must_be_managed_by_the_actor(park, manager):
    other = directory.OrganisationFactory(kind="agency")
    with pytest.raises(ValidationError) as error:
        setup.create_event(actor=manager, organisers=[park, other], data=event_data())
    assert error.value.message_dict == {
        "organisers": ["You can only name organisations you manage as organisers."]
    }
    member = directory.MembershipFactory(organisation=park, role="member").person
    with pytest.raises(PermissionDenied):
        setup.create_event(actor=member, organisers=[park], data=event_data())
    staff = directory.PersonFactory(is_staff=True)
    event = setup.create_event(actor=staff, organisers=[other], data=event_data())
    assert list(event.organisers.all()) == [other]
    assert Event.objects.count() == 1


def test_update_keeps_co_organisers_the_actor_does_not_manage(park, manager):
    agency = directory.OrganisationFactory(name="Innovation Agency", kind="agency")
    second = directory.OrganisationFactory(name="Baku Park", kind="technopark")
    directory.MembershipFactory(organisation=second, person=manager, role="admin")
    event = factories.EventFactory(organisers=[park, agency])
    setup.update_event(actor=manager, event=event, data={}, organisers=[second])
    assert sorted(event.organisers.values_list("name", flat=True)) == [
        "Baku Park",
        "Innovation Agency",
    ]


def test_raising_capacity_promotes_the_first_people_waiting(park, manager):
    event = factories.EventFactory(organisers=[park], capacity=1)
    factories.RegistrationFactory(event=event)
    first, second, third = waiting(event, 3)
    setup.update_event(actor=manager, event=event, data={"capacity": 3})
    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert Event.objects.get(pk=event.pk).capacity == 3
    assert AuditEntry.objects.get(action="events.set_capacity").changes == {"capacity": [1, 3]}


def test_cancelling_the_event_cancels_registrations_and_tells_people(park, manager):
    event = factories.EventFactory(organisers=[park])
    registration = factories.RegistrationFactory(event=event)
    setup.update_event(
        actor=manager, event=event, data={"status": "cancelled"}, note="The hall is flooded."
    )
    event.refresh_from_db()
    registration.refresh_from_db()
    assert (event.status, registration.status) == (Event.Status.CANCELLED, Status.CANCELLED)
    message = OutboxMessage.objects.get()
    assert message.to == [registration.person.email]
    assert "The hall is flooded." in message.body

    with pytest.raises(ValidationError) as error:
        setup.update_event(actor=manager, event=event, data={"status": "published"})
    assert error.value.message_dict == {
        "status": ["A cancelled event cannot be reopened: create a new event instead."]
    }


def test_a_published_event_with_registrations_cannot_go_back_to_draft(park, manager):
    event = factories.EventFactory(organisers=[park])
    factories.RegistrationFactory(event=event)
    with pytest.raises(ValidationError) as error:
        setup.update_event(actor=manager, event=event, data={"status": "draft", "title_en": "X"})
    assert list(error.value.message_dict) == ["status"]
    event.refresh_from_db()
    assert (event.status, event.title_en) == (Event.Status.PUBLISHED, event.title_en)
    assert event.title_en != "X"


def test_moving_the_event_moves_the_agenda_and_tells_registered_people(park, manager):
    event = factories.EventFactory(organisers=[park])
    session = factories.SessionFactory(event=event)
    registration = factories.RegistrationFactory(event=event)
    week = datetime.timedelta(days=7)
    setup.update_event(
        actor=manager,
        event=event,
        data={"starts_at": event.starts_at + week, "ends_at": event.ends_at + week},
        move_agenda=True,
    )
    moved = Session.objects.get(pk=session.pk)
    assert (moved.starts_at, moved.ends_at) == (session.starts_at + week, session.ends_at + week)
    assert [m.to for m in OutboxMessage.objects.all()] == [[registration.person.email]]
    assert AuditEntry.objects.get(action="events.update_event").changes["sessions_moved"] == [
        None,
        1,
    ]


def test_moving_the_event_without_its_agenda_is_refused_when_sessions_fall_outside(park, manager):
    event = factories.EventFactory(organisers=[park])
    factories.SessionFactory(event=event, title="Opening")
    week = datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        setup.update_event(
            actor=manager,
            event=event,
            data={"starts_at": event.starts_at + week, "ends_at": event.ends_at + week},
        )
    assert error.value.message_dict == {
        "ends_at": [
            "These sessions would fall outside the event's days: “Opening”. Move them first "
            "or move the agenda with the event."
        ]
    }
    assert Event.objects.get(pk=event.pk).starts_at == event.starts_at


def test_a_change_without_news_mails_nobody(park, manager):
    event = factories.EventFactory(organisers=[park])
    factories.RegistrationFactory(event=event)
    setup.update_event(actor=manager, event=event, data={"summary_en": "New summary"})
    assert OutboxMessage.objects.count() == 0


def baku_event(park):
    # 6–7 May 2030 in Baku (UTC+4).
    return factories.EventFactory(
        organisers=[park],
        starts_at=datetime.datetime(2030, 5, 6, 5, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 5, 7, 13, 0, tzinfo=UTC),
    )


def session_data(start, end, **extra):
    return {"title_en": "Hands-on", "starts_at": start, "ends_at": end, **extra}


def test_sessions_must_fall_within_the_event_days_and_end_after_they_start(park, manager):
    event = baku_event(park)
    at = lambda day, hour: datetime.datetime(2030, 5, day, hour, 0, tzinfo=UTC)  # noqa: E731
    with pytest.raises(ValidationError) as error:
        setup.save_session(actor=manager, event=event, data=session_data(at(8, 6), at(8, 7)))
    assert error.value.message_dict == {
        "starts_at": ["Sessions must be within the event's days (2030-05-06 – 2030-05-07)."]
    }
    with pytest.raises(ValidationError) as error:
        setup.save_session(actor=manager, event=event, data=session_data(at(6, 9), at(6, 9)))
    assert error.value.message_dict == {"ends_at": ["A session must end after it starts."]}
    # 21:00 UTC on the 7th is already the 8th in Baku.
    with pytest.raises(ValidationError) as error:
        setup.save_session(actor=manager, event=event, data=session_data(at(7, 19), at(7, 21)))
    assert list(error.value.message_dict) == ["ends_at"]
    # 20:30 UTC on the 5th is the 6th in Baku: inside.
    early = datetime.datetime(2030, 5, 5, 20, 30, tzinfo=UTC)
    session = setup.save_session(actor=manager, event=event, data=session_data(early, at(5, 22)))
    assert list(event.sessions.all()) == [session]


def test_a_track_of_another_event_is_refused(park, manager):
    event = baku_event(park)
    foreign = setup.save_track(
        actor=directory.PersonFactory(is_staff=True),
        event=factories.EventFactory(),
        data={"name_en": "Elsewhere"},
    )
    start = datetime.datetime(2030, 5, 6, 6, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as error:
        setup.save_session(
            actor=manager,
            event=event,
            data=session_data(start, start + datetime.timedelta(hours=1), track=foreign),
        )
    assert error.value.message_dict == {"track": ["Choose one of this event's."]}
    assert event.sessions.count() == 0


def test_session_capacity_cannot_drop_below_the_places_taken(park, manager):
    event = baku_event(park)
    session = factories.SessionFactory(event=event, capacity=5)
    for _ in range(3):
        SessionSeat.objects.create(
            session=session, registration=factories.RegistrationFactory(event=event)
        )
    with pytest.raises(ValidationError) as error:
        setup.save_session(actor=manager, event=event, data={"capacity": 2}, session=session)
    assert error.value.message_dict == {
        "capacity": [
            "3 people already have a place in this session: the session needs at least that "
            "many places."
        ]
    }
    setup.save_session(actor=manager, event=event, data={"capacity": 3}, session=session)
    assert Session.objects.get(pk=session.pk).capacity == 3


def test_a_session_with_attendance_cannot_be_deleted(park, manager):
    event = baku_event(park)
    session = factories.SessionFactory(event=event)
    CheckIn.objects.create(registration=factories.RegistrationFactory(event=event), session=session)
    with pytest.raises(ValidationError) as error:
        setup.delete_session(actor=manager, session=session)
    assert error.value.messages == [
        "Attendance has been recorded for this session: it cannot be deleted."
    ]
    empty = factories.SessionFactory(event=event)
    setup.delete_session(actor=manager, session=empty)
    assert list(event.sessions.all()) == [session]


def test_speakers_are_people_of_the_directory_or_guests(park, manager):
    session = factories.SessionFactory(event=baku_event(park))
    person = directory.PersonFactory(first_name="Leyla", last_name="Aliyeva")
    setup.add_speaker(actor=manager, session=session, person=person)
    setup.add_speaker(
        actor=manager, session=session, guest_name=" Emre Kaya ", guest_affiliation="ITU"
    )
    with pytest.raises(ValidationError) as error:
        setup.add_speaker(actor=manager, session=session, person=person)
    assert error.value.messages == ["This person already speaks in this session."]
    with pytest.raises(ValidationError):
        setup.add_speaker(actor=manager, session=session)
    assert [
        (s.name, s.guest_affiliation, s.position) for s in Speaker.objects.order_by("position")
    ] == [("Leyla Aliyeva", "", 0), ("Emre Kaya", "ITU", 1)]


def test_agenda_changes_need_the_event_permission(park):
    event = baku_event(park)
    outsider = directory.PersonFactory()
    with pytest.raises(PermissionDenied):
        setup.save_room(actor=outsider, event=event, data={"name_en": "Hall A"})
    with pytest.raises(PermissionDenied):
        setup.update_event(actor=outsider, event=event, data={"title_en": "Mine"})
    assert (event.rooms.count(), Event.objects.get(pk=event.pk).title_en) == (0, event.title_en)
