"""Check-in: scanning at the entrance and at sessions, duplicates, refusals, attendance,
live counts, the pages and who may use them."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone

from korpu.events import checkin
from korpu.events.models import CheckIn, Registration, SessionSeat
from tests import factories as directory
from tests.events.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def door(event):
    """The organiser scanning at the door."""
    return organiser_manager(event)


def _rows(registration):
    return list(
        CheckIn.objects.filter(registration=registration).values_list(
            "session_id", "checked_in_by_id"
        )
    )


# --- the service ----------------------------------------------------------------------------
def test_first_scan_checks_in_and_the_second_is_a_duplicate(event, door):
    registration = RegistrationFactory(event=event)
    first = checkin.check_in(event=event, code=registration.ticket_code, actor=door)
    assert (first.status, first.registration) == ("ok", registration)
    stored = CheckIn.objects.get(registration=registration)
    assert (stored.session, stored.checked_in_by, stored.checked_in_at) == (
        None,
        door,
        first.checked_in_at,
    )
    again = checkin.check_in(event=event, code=f"  {registration.ticket_code}\n", actor=door)
    assert again == checkin.CheckInResult("duplicate", registration, first.checked_in_at)
    assert _rows(registration) == [(None, door.pk)]


def test_sessions_are_checked_in_separately_from_the_entrance(event, door):
    registration = RegistrationFactory(event=event)
    talk, workshop = SessionFactory.create_batch(2, event=event)
    code = registration.ticket_code
    statuses = [
        checkin.check_in(event=event, code=code, actor=door).status,
        checkin.check_in(event=event, code=code, session=talk, actor=door).status,
        checkin.check_in(event=event, code=code, session=talk, actor=door).status,
        checkin.check_in(event=event, code=code, session=workshop, actor=door).status,
    ]
    assert statuses == ["ok", "ok", "duplicate", "ok"]
    assert sorted(_rows(registration), key=str) == sorted(
        [(None, door.pk), (talk.pk, door.pk), (workshop.pk, door.pk)], key=str
    )


def test_unknown_codes_are_refused_without_a_write(event, door, django_assert_num_queries):
    assert checkin.check_in(event=event, code="NoSuchTicketCode123", actor=door) == (
        checkin.CheckInResult("unknown")
    )
    with django_assert_num_queries(0):
        for junk in ("", "   ", "'; DROP TABLE x; --", "a" * 33, "ünïcode"):
            assert checkin.check_in(event=event, code=junk, actor=door).status == "unknown"
    assert CheckIn.objects.count() == 0


def test_a_ticket_of_another_event_is_refused_without_saying_whose(event, door):
    foreign = RegistrationFactory()
    result = checkin.check_in(event=event, code=foreign.ticket_code, actor=door)
    assert result == checkin.CheckInResult("other_event")
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.WAITLISTED,
        Registration.Status.PENDING_APPROVAL,
        Registration.Status.OFFERED,
        Registration.Status.CANCELLED,
    ],
)
def test_unconfirmed_registrations_are_not_checked_in(event, door, status):
    registration = RegistrationFactory(event=event, status=status, confirmed_at=None)
    result = checkin.check_in(event=event, code=registration.ticket_code, actor=door)
    assert result == checkin.CheckInResult("not_confirmed", registration)
    assert CheckIn.objects.count() == 0


def test_a_session_of_another_event_is_refused(event, door):
    registration = RegistrationFactory(event=event)
    with pytest.raises(ValidationError) as error:
        checkin.check_in(
            event=event, code=registration.ticket_code, session=SessionFactory(), actor=door
        )
    assert error.value.messages == ["This session belongs to another event."]
    assert CheckIn.objects.count() == 0


def test_a_scan_takes_two_statements(event, door, django_assert_num_queries):
    """One read by ticket code and one insert (plus the savepoint around it)."""
    registration = RegistrationFactory(event=event)
    with django_assert_num_queries(4) as captured:
        checkin.check_in(event=event, code=registration.ticket_code, actor=door)
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements == ["SELECT", "SAVEPOINT", "INSERT", "RELEASE"]


# --- attendance -----------------------------------------------------------------------------
def test_attendance_counts_sessions_that_count(event, door):
    registration = RegistrationFactory(event=event)
    talks = SessionFactory.create_batch(5, event=event)
    coffee = SessionFactory(event=event, counts_for_attendance=False)
    assert checkin.attendance(registration) == (0, 5, 0)
    for session in [*talks[:4], coffee]:
        checkin.check_in(event=event, code=registration.ticket_code, session=session, actor=door)
    assert checkin.attendance(registration) == (4, 5, 80)


def test_attendance_rounds_down(event, door):
    registration = RegistrationFactory(event=event)
    sessions = SessionFactory.create_batch(3, event=event)
    for session in sessions[:2]:
        checkin.check_in(event=event, code=registration.ticket_code, session=session, actor=door)
    assert checkin.attendance(registration) == (2, 3, 66)


def test_sessions_with_their_own_places_count_for_those_holding_one(event, door):
    """A limited workshop counts only for people with a place in it (or who came anyway)."""
    seated, unseated, walk_in = RegistrationFactory.create_batch(3, event=event)
    talk = SessionFactory(event=event)
    workshop = SessionFactory(event=event, capacity=10)
    SessionSeat.objects.create(session=workshop, registration=seated)
    for registration in (seated, unseated, walk_in):
        checkin.check_in(event=event, code=registration.ticket_code, session=talk, actor=door)
    checkin.check_in(event=event, code=walk_in.ticket_code, session=workshop, actor=door)
    assert [checkin.attendance(r) for r in (seated, unseated, walk_in)] == [
        (1, 2, 50),
        (1, 1, 100),
        (2, 2, 100),
    ]


def test_without_sessions_the_entrance_check_in_is_full_attendance(event, door):
    came, stayed_home = RegistrationFactory.create_batch(2, event=event)
    checkin.check_in(event=event, code=came.ticket_code, actor=door)
    assert [checkin.attendance(came), checkin.attendance(stayed_home)] == [(0, 0, 100), (0, 0, 0)]


def test_counts(event, door):
    first, second, third = RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, confirmed_at=None)
    morning = SessionFactory(event=event)
    afternoon = SessionFactory(event=event, starts_at=event.starts_at + datetime.timedelta(hours=4))
    for registration in (first, second):
        checkin.check_in(event=event, code=registration.ticket_code, actor=door)
        checkin.check_in(event=event, code=registration.ticket_code, session=morning, actor=door)
    checkin.check_in(event=event, code=third.ticket_code, session=afternoon, actor=door)
    second.status = Registration.Status.CANCELLED  # left after being checked in
    second.save()
    assert checkin.counts(event) == {
        "confirmed": 2,
        "checked_in": 1,
        "sessions": [
            {"session": morning, "checked_in": 1},
            {"session": afternoon, "checked_in": 1},
        ],
    }


# --- the JSON scan endpoint -------------------------------------------------------------------
def _scan(client, event, code, session=""):
    return client.post(
        reverse("events:checkin_scan", args=[event.slug]), {"code": code, "session": session}
    )


def test_scan_answers_ok_in_the_events_time(client, event, door):
    registration = RegistrationFactory(
        event=event, person=directory.PersonFactory(first_name="Emre", last_name="Yıldız")
    )
    client.force_login(door)
    answer = _scan(client, event, registration.ticket_code).json()
    stored = CheckIn.objects.get(registration=registration)
    local = timezone.localtime(stored.checked_in_at, event.zone)
    assert answer == {
        "status": "ok",
        "label": "Checked in",
        "name": "Emre Yıldız",
        "checked_in_at": stored.checked_in_at.isoformat(),
        "time": formats.time_format(local, "TIME_FORMAT"),
        "message": "Welcome!",
    }


def test_scan_of_a_ticket_already_in_shows_the_first_time(client, event, door):
    registration = RegistrationFactory(
        event=event, person=directory.PersonFactory(first_name="Emre", last_name="Yıldız")
    )
    first = datetime.datetime(2026, 3, 12, 5, 14, tzinfo=datetime.UTC)  # 09:14 in Baku
    CheckIn.objects.create(registration=registration, checked_in_at=first)
    client.force_login(door)
    assert _scan(client, event, registration.ticket_code).json() == {
        "status": "duplicate",
        "label": "Duplicate",
        "name": "Emre Yıldız",
        "checked_in_at": "2026-03-12T05:14:00+00:00",
        "time": "9:14 a.m.",
        "message": "Already checked in at 9:14 a.m.",
    }
    azerbaijani = client.post(
        reverse("events:checkin_scan", args=[event.slug]).replace("/en/", "/az/", 1),
        {"code": registration.ticket_code},
    ).json()
    assert azerbaijani["time"] == "9:14"


def test_scan_refusals_name_nobody_outside_the_event(client, event, door):
    foreign = RegistrationFactory()
    client.force_login(door)
    assert _scan(client, event, foreign.ticket_code).json() == {
        "status": "other_event",
        "label": "Refused",
        "name": "",
        "checked_in_at": None,
        "time": "",
        "message": "This ticket is for another event.",
    }
    assert _scan(client, event, "nope").json()["status"] == "unknown"


def test_scan_at_a_session(client, event, door):
    registration = RegistrationFactory(event=event)
    session = SessionFactory(event=event)
    client.force_login(door)
    assert _scan(client, event, registration.ticket_code, session.pk).json()["status"] == "ok"
    assert _rows(registration) == [(session.pk, door.pk)]


def test_scan_with_bad_input_is_a_400(client, event, door):
    registration = RegistrationFactory(event=event)
    client.force_login(door)
    missing = _scan(client, event, "  ")
    assert (missing.status_code, missing.json()) == (
        400,
        {"status": "invalid", "message": "Scan or type a ticket code."},
    )
    foreign_session = _scan(client, event, registration.ticket_code, SessionFactory().pk)
    assert (foreign_session.status_code, foreign_session.json()["status"]) == (400, "invalid")
    assert _scan(client, event, registration.ticket_code, "x").status_code == 400
    assert client.get(reverse("events:checkin_scan", args=[event.slug])).status_code == 405
    assert CheckIn.objects.count() == 0


def test_only_this_events_organisers_may_scan(client, event):
    registration = RegistrationFactory(event=event)
    other_organiser = organiser_manager(EventFactory())
    member = directory.MembershipFactory(organisation=event.organisers.first()).person
    for person in (registration.person, other_organiser, member):
        client.force_login(person)
        assert _scan(client, event, registration.ticket_code).status_code == 403
    client.logout()
    assert _scan(client, event, registration.ticket_code).status_code == 302
    assert CheckIn.objects.count() == 0


def test_scan_stays_within_a_few_queries(client, event, door, django_assert_max_num_queries):
    registration = RegistrationFactory(event=event)
    client.force_login(door)
    # session, user, event, organiser check, ticket, insert (and its savepoint pair)
    with django_assert_max_num_queries(8):
        assert _scan(client, event, registration.ticket_code).json()["status"] == "ok"


# --- the page -------------------------------------------------------------------------------
def test_check_in_page_for_organisers_only(client, event, door):
    url = reverse("events:checkin", args=[event.slug])
    registration = RegistrationFactory(event=event)
    client.force_login(registration.person)
    assert client.get(url).status_code == 403
    client.force_login(organiser_manager(EventFactory()))
    assert client.get(url).status_code == 403
    client.force_login(door)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["session"] is None
    assert response.context["counts"]["confirmed"] == 1


def test_typed_code_works_without_javascript(client, event, door):
    registration = RegistrationFactory(
        event=event, person=directory.PersonFactory(first_name="Leyla", last_name="Həsənova")
    )
    session = SessionFactory(event=event, title="Opening")
    client.force_login(door)
    url = reverse("events:checkin", args=[event.slug])
    response = client.post(url, {"code": registration.ticket_code, "session": session.pk})
    assert response.status_code == 200
    assert response.context["session"] == session
    result = response.context["result"]
    assert (result["status"], result["name"]) == ("ok", "Leyla Həsənova")
    page = response.content.decode()
    assert 'class="card checkin-result checkin-result-ok"' in page
    assert "Leyla Həsənova" in page
    assert _rows(registration) == [(session.pk, door.pk)]
    response = client.post(url, {"code": registration.ticket_code, "session": session.pk})
    assert response.context["result"]["status"] == "duplicate"
    assert 'class="card checkin-result checkin-result-duplicate"' in response.content.decode()


def test_typed_form_needs_a_code(client, event, door):
    client.force_login(door)
    response = client.post(reverse("events:checkin", args=[event.slug]), {"code": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["This field is required."]}
    assert response.context["result"] is None


def test_session_selector_and_counts_fragment(client, event, door):
    session = SessionFactory(event=event, title="Workshop")
    registration = RegistrationFactory(event=event)
    checkin.check_in(event=event, code=registration.ticket_code, session=session, actor=door)
    client.force_login(door)
    page = client.get(reverse("events:checkin", args=[event.slug]), {"session": session.pk})
    assert page.context["session"] == session
    assert page.context["chooser"]["session"].value() == session.pk
    counts_url = reverse("events:checkin_counts", args=[event.slug])
    fragment = client.get(counts_url, {"session": session.pk})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.startswith('<section class="checkin-counts" id="checkin-counts"')
    assert f'hx-get="{counts_url}?session={session.pk}" hx-trigger="every 5s' in html
    assert "<html" not in html
    assert fragment.context["counts"]["sessions"] == [{"session": session, "checked_in": 1}]
    client.force_login(registration.person)
    assert client.get(counts_url).status_code == 403


# --- two scanners, one ticket ---------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_scans_give_one_ok_and_one_duplicate():
    event = EventFactory()
    door = organiser_manager(event)
    registration = RegistrationFactory(event=event)
    rounds = 10

    def scan_both_at_once() -> list[str]:
        barrier = threading.Barrier(2)
        statuses = []

        def scan():
            try:
                barrier.wait()
                result = checkin.check_in(event=event, code=registration.ticket_code, actor=door)
                statuses.append(result.status)
            finally:
                connection.close()

        threads = [threading.Thread(target=scan) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sorted(statuses)

    outcomes = []
    for _ in range(rounds):
        CheckIn.objects.all().delete()
        outcomes.append((scan_both_at_once(), CheckIn.objects.count()))
    assert outcomes == [(["duplicate", "ok"], 1)] * rounds


def test_forged_ids_are_harmless(client, event, door):
    registration = RegistrationFactory(event=event)
    client.force_login(door)
    huge = "9" * 30
    assert _scan(client, event, registration.ticket_code, huge).status_code == 400
    page = client.get(reverse("events:checkin", args=[event.slug]), {"session": huge})
    assert (page.status_code, page.context["session"]) == (200, None)
    typed = client.post(
        reverse("events:checkin", args=[event.slug]),
        {"code": registration.ticket_code, "session": "x"},
    )
    assert (typed.context["result"]["status"], _rows(registration)) == ("ok", [(None, door.pk)])
    badge = reverse("events:badge", args=[event.slug])
    assert client.get(badge, {"registration": huge}).status_code == 404
    assert client.get(badge, {"registration": "-1"}).status_code == 404
