"""The brokerage services: every write, what it refuses (with its code, writing nothing),
what it records in the audit log and what it mails."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events.models import Registration
from korpu.matchmaking import services
from korpu.matchmaking.models import (
    BrokerageDay,
    Location,
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Profile,
    ScheduleRun,
    Slot,
)
from tests import factories as directory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
    organiser,
)

pytestmark = pytest.mark.django_db
RS = MeetingRequest.Status


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return sorted(e.code for errors in error.error_dict.values() for e in errors)
    return [e.code for e in error.error_list]


def refused(code: str, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert code in codes(caught.value), codes(caught.value)
    return caught.value


def subjects() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in OutboxMessage.objects.order_by("pk")]


@pytest.fixture
def day():
    return BrokerageDayFactory()


@pytest.fixture
def slots(day):
    return add_slots(day, 6)


@pytest.fixture
def tables(day):
    return [LocationFactory(brokerage_day=day, name=f"T{i}") for i in (1, 2)]


@pytest.fixture
def boss(day):
    return organiser(day)


@pytest.fixture
def a(day):
    return ProfileFactory(brokerage_day=day, person__email="a@example.org")


@pytest.fixture
def b(day):
    return ProfileFactory(brokerage_day=day, person__email="b@example.org")


@pytest.fixture
def c(day):
    return ProfileFactory(brokerage_day=day, person__email="c@example.org")


# --- the day and its grid ---------------------------------------------------------------------
def test_only_conferences_and_brokerage_days_get_one(boss):
    training = EventFactory()
    manager = directory.MembershipFactory(
        organisation=training.organisers.first(), role="manager"
    ).person
    refused("wrong_event_kind", services.create_brokerage_day, event=training, actor=manager)
    conference = EventFactory(kind="conference")
    with pytest.raises(PermissionDenied):
        services.create_brokerage_day(event=conference, actor=directory.PersonFactory())
    manager = directory.MembershipFactory(
        organisation=conference.organisers.first(), role="manager"
    ).person
    day = services.create_brokerage_day(
        event=conference, actor=manager, request_mode="opt_out", slot_minutes=30
    )
    assert (day.request_mode, day.slot_minutes, day.schedule_status) == ("opt_out", 30, "draft")
    refused("exists", services.create_brokerage_day, event=conference, actor=manager)
    with pytest.raises(ValidationError):
        services.update_brokerage_day(day=day, actor=manager, slot_minutes=25)
    assert BrokerageDay.objects.get(pk=day.pk).slot_minutes == 30


def test_slots_are_cut_from_sessions_around_breaks(day, boss):
    date = day.event.starts_at.astimezone(day.zone).date()
    services.add_grid_session(
        day=day,
        actor=boss,
        date=date,
        starts=datetime.time(9, 0),
        ends=datetime.time(11, 0),
        breaks=[(datetime.time(9, 50), datetime.time(10, 10), "Coffee")],
    )
    slots = services.generate_slots(day=day, actor=boss)
    local = [
        (
            s.starts_at.astimezone(day.zone).strftime("%H:%M"),
            s.ends_at.astimezone(day.zone).strftime("%H:%M"),
        )
        for s in slots
    ]
    # 20-minute slots; the one that would cross the break starts after it.
    assert local == [
        ("09:00", "09:20"),
        ("09:20", "09:40"),
        ("10:10", "10:30"),
        ("10:30", "10:50"),
    ]
    assert all(s.starts_at.tzinfo is not None for s in slots)
    assert slots[0].starts_at == datetime.datetime.combine(
        date, datetime.time(5, 0), tzinfo=datetime.UTC
    )  # Asia/Baku is UTC+4
    refused(
        "sessions_overlap",
        services.add_grid_session,
        day=day,
        actor=boss,
        date=date,
        starts=datetime.time(10, 30),
        ends=datetime.time(12, 0),
    )
    refused(
        "break_outside_session",
        services.add_grid_session,
        day=day,
        actor=boss,
        date=date,
        starts=datetime.time(14, 0),
        ends=datetime.time(15, 0),
        breaks=[(datetime.time(13, 0), datetime.time(14, 10))],
    )


def test_generating_again_keeps_slots_and_refuses_to_drop_a_used_one(day, boss, a, b, tables):
    slots = add_slots(day, 3)
    assert [s.pk for s in services.generate_slots(day=day, actor=boss)] == [s.pk for s in slots]
    meeting(a, b, slot=slots[2], location=tables[0])
    services.update_brokerage_day(day=day, actor=boss, slot_minutes=30)
    refused("slot_in_use", services.generate_slots, day=day, actor=boss)
    assert Slot.objects.filter(brokerage_day=day).count() == 3


def test_locations_and_capacity(day, boss, a, b, c, slots):
    room = services.add_location(day=day, actor=boss, name="Room A", kind="room", capacity=2)
    refused(
        "invalid_capacity",
        services.add_location,
        day=day,
        actor=boss,
        name="B",
        kind="booth",
        capacity=2,
    )
    meeting(a, b, slot=slots[0], location=room)
    meeting(c, ProfileFactory(brokerage_day=day), slot=slots[0], location=room)
    refused(
        "capacity_in_use", services.set_location_capacity, location=room, capacity=1, actor=boss
    )
    assert services.set_location_capacity(location=room, capacity=3, actor=boss).capacity == 3


def test_a_meeting_place_is_removed_only_when_nobody_meets_there(day, boss, a, b, c, slots):
    table = services.add_location(day=day, actor=boss, name="Table 9")
    booth = services.add_location(day=day, actor=boss, name="Booth 3", kind="booth")
    services.assign_booth(profile=c, location=booth, actor=boss)
    placed = meeting(a, b, slot=slots[0], location=table)
    with pytest.raises(PermissionDenied):
        services.remove_location(location=table, actor=a.person)
    error = refused("location_in_use", services.remove_location, location=table, actor=boss)
    assert error.messages == [
        "1 meeting takes place there: move it or take it off the schedule first."
    ]
    assert Location.objects.filter(pk=table.pk).exists()
    services.unschedule_meeting(meeting=placed, actor=boss)
    services.remove_location(location=table, actor=boss)
    services.remove_location(location=booth, actor=boss)
    assert not Location.objects.filter(pk__in=[table.pk, booth.pk]).exists()
    c.refresh_from_db()
    assert c.booth is None
    assert AuditEntry.objects.filter(action="matchmaking.remove_location").count() == 2


# --- profiles -----------------------------------------------------------------------------------
def test_only_confirmed_participants_and_organisers_have_profiles(day, boss):
    stranger = directory.PersonFactory()
    refused("not_a_participant", services.create_profile, day=day, person=stranger, actor=stranger)
    waiting = RegistrationFactory(event=day.event, status=Registration.Status.WAITLISTED).person
    refused("not_a_participant", services.create_profile, day=day, person=waiting, actor=waiting)
    confirmed = RegistrationFactory(event=day.event).person
    company = directory.OrganisationFactory(country="TR")
    directory.MembershipFactory(person=confirmed, organisation=company)
    ict = directory.SectorFactory(slug="ict")
    profile = services.create_profile(
        day=day,
        person=confirmed,
        actor=confirmed,
        organisation=company,
        offer="Machine vision",
        seek="Integrators in Azerbaijan",
        sectors=[ict],
        languages=["tr", "EN"],
    )
    assert (profile.country, profile.languages, profile.published) == ("TR", ["tr", "en"], True)
    assert list(profile.sectors.all()) == [ict]
    refused("profile_exists", services.create_profile, day=day, person=confirmed, actor=confirmed)
    # The organisers' own people take part without registering.
    organiser_profile = services.create_profile(day=day, person=boss, actor=boss, offer="Advice")
    assert organiser_profile.person == boss
    assert AuditEntry.objects.filter(action="matchmaking.create_profile").count() == 2


def test_profile_fields_are_checked(day):
    person = RegistrationFactory(event=day.event).person
    other_company = directory.OrganisationFactory()
    error = refused(
        "not_a_member",
        services.create_profile,
        day=day,
        person=person,
        actor=person,
        organisation=other_company,
        offer="x" * 3001,
        languages=["xx"],
    )
    assert sorted(error.message_dict) == ["languages", "offer", "organisation"]
    refused("empty_profile", services.create_profile, day=day, person=person, actor=person)
    assert not Profile.objects.exists()
    draft = services.create_profile(day=day, person=person, actor=person, published=False)
    assert draft.published is False


def test_only_the_person_or_an_organiser_edits_a_profile(day, a, boss, slots):
    with pytest.raises(PermissionDenied):
        services.update_profile(profile=a, actor=directory.PersonFactory(), offer="Hacked")
    services.update_profile(profile=a, actor=a.person, offer="Sensors", availability=slots[:2])
    services.update_brokerage_day(day=day, actor=boss, profiles_open=False)
    a.brokerage_day.refresh_from_db()
    refused("profiles_closed", services.update_profile, profile=a, actor=a.person, offer="Later")
    services.update_profile(profile=a, actor=boss, offer="By the organisers")
    a.refresh_from_db()
    assert a.offer == "By the organisers"
    assert sorted(a.availability.values_list("pk", flat=True)) == [s.pk for s in slots[:2]]


def test_narrowing_availability_under_a_scheduled_meeting_is_refused(day, a, b, slots, tables):
    meeting(a, b, slot=slots[3], location=tables[0])
    refused(
        "meetings_in_the_way",
        services.update_profile,
        profile=a,
        actor=a.person,
        availability=slots[:2],
    )
    services.update_profile(profile=a, actor=a.person, availability=slots[2:4])
    assert a.availability.count() == 2


def test_offer_and_seek_are_entered_per_language(day):
    person = RegistrationFactory(event=day.event).person
    with translation.override("tr"):
        profile = services.create_profile(
            day=day, person=person, actor=person, offer="Robot hücreleri"
        )
    assert (profile.offer_tr, profile.offer_en) == ("Robot hücreleri", None)
    with translation.override("az"):
        assert Profile.objects.get(pk=profile.pk).offer == "Robot hücreleri"  # tr is az's fallback


def test_marketplace_entries(day, a):
    entry = services.add_marketplace_entry(
        profile=a, actor=a.person, kind="product", title=" Vision sensor ", description="IP67"
    )
    assert (entry.kind, entry.title) == ("product", "Vision sensor")
    refused(
        "required",
        services.add_marketplace_entry,
        profile=a,
        actor=a.person,
        kind="product",
        title=" ",
    )
    refused(
        "invalid_kind",
        services.add_marketplace_entry,
        profile=a,
        actor=a.person,
        kind="gift",
        title="x",
    )
    services.update_marketplace_entry(entry=entry, actor=a.person, kind="service", title="Setup")
    assert MarketplaceEntry.objects.get(pk=entry.pk).kind == "service"
    with pytest.raises(PermissionDenied):
        services.remove_marketplace_entry(entry=entry, actor=directory.PersonFactory())
    services.remove_marketplace_entry(entry=entry, actor=a.person)
    assert not MarketplaceEntry.objects.exists()


def test_booths_belong_to_one_participant(day, boss, a, b, c, slots):
    booth = services.add_location(day=day, actor=boss, name="Booth 7", kind="booth")
    table = LocationFactory(brokerage_day=day)
    refused("not_a_booth", services.assign_booth, profile=a, location=table, actor=boss)
    services.assign_booth(profile=a, location=booth, actor=boss)
    refused("booth_taken", services.assign_booth, profile=b, location=booth, actor=boss)
    with pytest.raises(PermissionDenied):
        services.assign_booth(profile=b, location=None, actor=b.person)
    services.assign_booth(profile=a, location=None, actor=boss)
    meeting(b, c, slot=slots[0], location=booth)
    refused("booth_in_use", services.assign_booth, profile=a, location=booth, actor=boss)


# --- requests -------------------------------------------------------------------------------------
def test_a_request_is_mailed_and_expires_after_the_set_hours(day, a, b):
    before = timezone.now()
    request = services.request_meeting(requester=a, invitee=b, actor=a.person, message=" Hi! ")
    assert (request.status, request.message) == (RS.PENDING, "Hi!")
    hours = datetime.timedelta(hours=day.request_expiry_hours)
    assert before + hours <= request.expires_at <= timezone.now() + hours
    assert subjects() == [(["b@example.org"], f"{a.display_name} would like to meet you")]
    assert not Meeting.objects.exists()


def test_what_a_request_refuses(day, a, b, c, boss):
    refused("self_request", services.request_meeting, requester=a, invitee=a, actor=a.person)
    with pytest.raises(PermissionDenied):
        services.request_meeting(requester=a, invitee=b, actor=b.person)
    services.request_meeting(requester=a, invitee=b, actor=a.person)
    refused("already_requested", services.request_meeting, requester=a, invitee=b, actor=a.person)
    # Nor the other way round while one is open.
    refused("already_requested", services.request_meeting, requester=b, invitee=a, actor=b.person)
    Profile.objects.filter(pk=c.pk).update(published=False)
    refused("invitee_hidden", services.request_meeting, requester=a, invitee=c, actor=a.person)
    refused("not_published", services.request_meeting, requester=c, invitee=a, actor=c.person)
    other_day = ProfileFactory()
    refused("other_day", services.request_meeting, requester=a, invitee=other_day, actor=a.person)
    services.update_brokerage_day(day=day, actor=boss, requests_open=False)
    a.brokerage_day.refresh_from_db()
    d = ProfileFactory(brokerage_day=day)
    refused("requests_closed", services.request_meeting, requester=a, invitee=d, actor=a.person)
    refused(
        "too_long", services.request_meeting, requester=a, invitee=d, actor=boss, message="x" * 1001
    )
    assert MeetingRequest.objects.count() == 1


def test_accepting_makes_the_meeting_and_tells_the_requester(day, a, b):
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    with pytest.raises(PermissionDenied):
        services.accept_request(request=request, actor=a.person)
    made = services.accept_request(request=request, actor=b.person)
    request.refresh_from_db()
    assert request.status == RS.ACCEPTED and request.decided_at is not None
    assert sorted(made.participants.values_list("pk", flat=True)) == sorted([a.pk, b.pk])
    assert (made.status, made.slot, made.request) == ("confirmed", None, request)
    assert subjects()[-1] == (["a@example.org"], f"{b.display_name} accepted your meeting request")
    refused("not_pending", services.accept_request, request=request, actor=b.person)


def test_an_expired_request_cannot_be_accepted(day, a, b):
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    MeetingRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    refused("request_expired", services.accept_request, request=request, actor=b.person)
    assert services.expire_requests() == 1
    request.refresh_from_db()
    assert request.status == RS.EXPIRED
    assert services.expire_requests() == 0
    # The pair is free again.
    assert services.request_meeting(requester=b, invitee=a, actor=b.person).status == RS.PENDING


def test_declining_with_a_reason(day, a, b):
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    services.decline_request(request=request, actor=b.person, reason="Not our field.")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (RS.DECLINED, "Not our field.")
    message = OutboxMessage.objects.order_by("pk").last()
    assert message.to == ["a@example.org"] and "Not our field." in message.body
    refused("not_pending", services.decline_request, request=request, actor=b.person)


def test_opt_out_days_accept_at_once(day, a, b, boss):
    services.update_brokerage_day(day=day, actor=boss, request_mode="opt_out")
    a.brokerage_day.refresh_from_db()
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    assert (request.status, request.expires_at) == (RS.ACCEPTED, None)
    assert request.meeting.participants.count() == 2
    assert subjects() == [(["b@example.org"], f"New meeting with {a.display_name}")]


def test_cancelling(day, a, b, c, slots, tables):
    pending = services.request_meeting(requester=a, invitee=b, actor=a.person)
    refused("decline_instead", services.cancel_request, request=pending, actor=b.person)
    with pytest.raises(PermissionDenied):
        services.cancel_request(request=pending, actor=c.person)
    services.cancel_request(request=pending, actor=a.person)
    assert MeetingRequest.objects.get(pk=pending.pk).status == RS.CANCELLED

    accepted = services.request_meeting(requester=a, invitee=c, actor=a.person)
    made = services.accept_request(request=accepted, actor=c.person)
    Meeting.objects.filter(pk=made.pk).update(slot=slots[1], location=tables[0])
    Participation.objects.filter(meeting=made).update(slot=slots[1])
    OutboxMessage.objects.all().delete()
    services.cancel_request(request=accepted, actor=c.person, reason="Flight moved")
    made.refresh_from_db()
    assert (made.status, made.slot, made.location) == ("cancelled", None, None)
    assert not Participation.objects.filter(slot__isnull=False).exists()  # the slot is free
    assert subjects() == [(["a@example.org"], f"Meeting cancelled: {c.display_name}")]
    assert "Flight moved" in OutboxMessage.objects.get().body
    refused("not_open", services.cancel_request, request=accepted, actor=a.person)


def test_cancelling_a_meeting_cancels_its_request(day, a, b):
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    made = services.accept_request(request=request, actor=b.person)
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(meeting=made, actor=directory.PersonFactory())
    services.cancel_meeting(meeting=made, actor=a.person)
    assert MeetingRequest.objects.get(pk=request.pk).status == RS.CANCELLED
    refused("cancelled", services.cancel_meeting, meeting=made, actor=a.person)
    # They may ask again.
    services.request_meeting(requester=b, invitee=a, actor=b.person)


# --- placing meetings --------------------------------------------------------------------
def test_feasible_cells_respect_people_places_and_booths(day, boss, a, b, c, slots, tables):
    services.update_profile(profile=a, actor=a.person, availability=slots[:3])
    busy = meeting(b, c, slot=slots[0], location=tables[0])
    target = meeting(a, b)
    cells = {(s.pk, loc.pk) for s, loc in services.feasible_cells(target)}
    # a is available in slots 0–2; b is busy in slot 0.
    assert cells == {(s.pk, t.pk) for s in slots[1:3] for t in tables}
    booth = LocationFactory(brokerage_day=day, kind="booth", name="Booth")
    services.assign_booth(profile=a, location=booth, actor=boss)
    assert {(s.pk, loc.pk) for s, loc in services.feasible_cells(target)} == {
        (s.pk, booth.pk) for s in slots[1:3]
    }
    # Nobody else meets at a's booth.
    d = ProfileFactory(brokerage_day=day)
    other = meeting(c, d)
    assert all(loc != booth for _s, loc in services.feasible_cells(other))
    assert busy.pk not in {target.pk, other.pk}


def test_moving_by_hand_checks_feasibility_locks_and_tells_people(
    day, boss, a, b, c, slots, tables
):
    meeting(b, c, slot=slots[0], location=tables[0])
    target = meeting(a, b)
    with pytest.raises(PermissionDenied):
        services.move_meeting(meeting=target, slot=slots[1], location=tables[0], actor=a.person)
    refused(
        "person_busy",
        services.move_meeting,
        meeting=target,
        slot=slots[0],
        location=tables[1],
        actor=boss,
    )
    d, e = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    full = meeting(d, e)
    refused(
        "location_full",
        services.move_meeting,
        meeting=full,
        slot=slots[0],
        location=tables[0],
        actor=boss,
    )
    Slot.objects.filter(pk=slots[5].pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    slots[5].refresh_from_db()
    refused(
        "slot_past",
        services.move_meeting,
        meeting=target,
        slot=slots[5],
        location=tables[0],
        actor=boss,
    )

    services.move_meeting(meeting=target, slot=slots[1], location=tables[1], actor=boss)
    target.refresh_from_db()
    assert (target.slot, target.location, target.locked, target.placed_by) == (
        slots[1],
        tables[1],
        True,
        "organiser",
    )
    assert set(Participation.objects.filter(meeting=target).values_list("slot", flat=True)) == {
        slots[1].pk
    }
    assert not OutboxMessage.objects.exists()  # the schedule is not published: nobody told
    services.publish_schedule(day=day, status="preliminary", actor=boss, notify=False)
    target.brokerage_day.refresh_from_db()
    services.move_meeting(meeting=target, slot=slots[2], location=tables[0], actor=boss, lock=False)
    assert sorted(to for to, _s in subjects()) == [[a.person.email], [b.person.email]]
    target.refresh_from_db()
    assert (target.slot, target.locked) == (slots[2], False)


def test_lock_unlock_and_unschedule(day, boss, a, b, slots, tables):
    target = meeting(a, b)
    refused("not_scheduled", services.set_meeting_lock, meeting=target, locked=True, actor=boss)
    services.move_meeting(meeting=target, slot=slots[0], location=tables[0], actor=boss, lock=False)
    assert services.set_meeting_lock(meeting=target, locked=True, actor=boss).locked
    services.unschedule_meeting(meeting=target, actor=boss)
    target.refresh_from_db()
    assert (target.slot, target.location, target.locked) == (None, None, False)
    assert not Participation.objects.filter(slot__isnull=False).exists()


def test_participants_book_a_free_common_slot_where_allowed(day, boss, a, b, c, slots, tables):
    target = meeting(a, b)
    refused("no_self_scheduling", services.book_slot, meeting=target, slot=slots[0], actor=a.person)
    services.update_brokerage_day(day=day, actor=boss, self_scheduling=True)
    target.brokerage_day.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.book_slot(meeting=target, slot=slots[0], actor=c.person)
    services.book_slot(meeting=target, slot=slots[0], actor=a.person)
    target.refresh_from_db()
    # The first table; the other participant is told.
    assert (target.slot, target.location, target.placed_by) == (slots[0], tables[0], "participant")
    assert subjects() == [([b.person.email], f"Meeting time set: {a.display_name}")]
    # a second meeting of b in that slot is refused; another pair takes the second table
    refused("person_busy", services.book_slot, meeting=meeting(b, c), slot=slots[0], actor=c.person)
    d = ProfileFactory(brokerage_day=day)
    second = services.book_slot(meeting=meeting(c, d), slot=slots[0], actor=c.person)
    assert second.location == tables[1]
    e, f = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    refused(
        "no_free_location", services.book_slot, meeting=meeting(e, f), slot=slots[0], actor=e.person
    )
    refused(
        "location_full",
        services.book_slot,
        meeting=meeting(e, f),
        slot=slots[0],
        location=tables[0],
        actor=e.person,
    )
    # Rebooking one's own booking is fine; a meeting the organisers placed is not moved.
    services.book_slot(meeting=target, slot=slots[1], actor=b.person)
    services.move_meeting(meeting=target, slot=slots[2], location=tables[0], actor=boss, lock=False)
    refused(
        "scheduled_by_organisers", services.book_slot, meeting=target, slot=slots[3], actor=a.person
    )


def test_organisers_arrange_group_meetings(day, boss, a, b, c):
    group = services.create_meeting(day=day, profiles=[a, b, c], actor=boss, host=b, weight=3)
    assert sorted(group.participants.values_list("pk", flat=True)) == sorted([a.pk, b.pk, c.pk])
    assert (group.host, group.weight) == (b, 3)
    refused("too_few_participants", services.create_meeting, day=day, profiles=[a], actor=boss)
    refused("invalid_host", services.create_meeting, day=day, profiles=[a, b], actor=boss, host=c)
    with pytest.raises(PermissionDenied):
        services.create_meeting(day=day, profiles=[a, b], actor=a.person)


# --- schedule all, publishing, reminders, feedback ------------------------------------------------
def test_schedule_all_places_every_meeting_it_can(day, boss, a, b, c, slots, tables):
    meetings = [meeting(a, b), meeting(a, c), meeting(b, c)]
    run = services.schedule_all(day=day, actor=boss, time_limit=5)
    assert run.status == ScheduleRun.Status.DONE, run.error
    assert (run.stats["scheduled"], run.stats["unscheduled"], run.stats["weight_scheduled"]) == (
        3,
        0,
        3,
    )
    assert run.stats["upper_bound"] == 3 and run.stats["conflicts"] == 0
    placed = {
        m.pk: (m.slot_id, m.location_id)
        for m in Meeting.objects.filter(pk__in=[m.pk for m in meetings])
    }
    assert all(slot is not None for slot, _loc in placed.values())
    # Nobody twice in a slot: the database constraint would have refused it anyway.
    assert Participation.objects.filter(slot__isnull=False).count() == 6
    assert AuditEntry.objects.filter(action="matchmaking.schedule_all").count() == 1


def test_a_run_is_queued_as_a_task_and_reports(
    day, boss, a, b, slots, tables, django_capture_on_commit_callbacks
):
    meeting(a, b)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_schedule_run(day=day, actor=boss, time_limit=2, seed=3)
    run.refresh_from_db()
    assert (run.status, run.progress, run.seed) == ("done", 1.0, 3)
    assert run.stats["scheduled"] == 1 and run.finished_at is not None
    with pytest.raises(PermissionDenied):
        services.start_schedule_run(day=day, actor=a.person)
    ScheduleRun.objects.filter(pk=run.pk).update(status="running")
    refused("run_in_progress", services.start_schedule_run, day=day, actor=boss)


def test_a_contradictory_instance_fails_the_run_with_the_reason(day, boss, a, b, c, slots, tables):
    services.update_profile(profile=a, actor=a.person, availability=slots[:1])
    locked = meeting(a, b, slot=slots[0], location=tables[0], locked=True)
    # Written behind the services' back: a second locked meeting of a in the same slot.
    second = Meeting.objects.create(
        brokerage_day=day, slot=slots[0], location=tables[1], locked=True
    )
    Participation.objects.bulk_create(
        [Participation(meeting=second, profile=a), Participation(meeting=second, profile=c)]
    )
    run = services.schedule_all(day=day, actor=boss, time_limit=2)
    assert run.status == "failed"
    assert f"m{locked.pk}" in run.error or f"m{second.pk}" in run.error
    assert not Meeting.objects.filter(pk__in=[locked.pk, second.pk], slot=None).exists()


def test_publishing_mails_each_participant_their_agenda(day, boss, a, b, c, slots, tables):
    meeting(a, b, slot=slots[1], location=tables[0])
    meeting(a, c)
    a.person.preferred_language = "tr"
    a.person.save()
    told = services.publish_schedule(day=day, status="final", actor=boss)
    assert told == 3
    day.refresh_from_db()
    assert day.schedule_status == "final" and day.schedule_published_at is not None
    mail = {m.to[0]: m for m in OutboxMessage.objects.all()}
    assert set(mail) == {a.person.email, b.person.email, c.person.email}
    assert tables[0].name in mail[b.person.email].body
    # In the recipient's language (the footer is already translated; the rest will be).
    assert "Körpü — inovasyon ajansları" in mail[a.person.email].body
    assert "Körpü — the bridge" in mail[b.person.email].body
    refused("invalid_status", services.publish_schedule, day=day, status="draft", actor=boss)
    services.unpublish_schedule(day=day, actor=boss)
    assert BrokerageDay.objects.get(pk=day.pk).schedule_status == "draft"


def test_reminders_go_once_before_each_visible_meeting(day, boss, a, b, c, tables):
    soon = add_slots(day, 2, start="09:00")
    now = soon[0].starts_at - datetime.timedelta(minutes=10)
    first = meeting(a, b, slot=soon[0], location=tables[0])
    meeting(a, c, slot=soon[1], location=tables[0])  # 30 minutes away: not yet
    assert services.send_meeting_reminders(now) == 0  # schedule not published
    BrokerageDay.objects.filter(pk=day.pk).update(schedule_status="preliminary")
    assert services.send_meeting_reminders(now) == 1
    assert sorted(m.to[0] for m in OutboxMessage.objects.all()) == sorted(
        [a.person.email, b.person.email]
    )
    assert services.send_meeting_reminders(now) == 0  # the marker holds
    first.refresh_from_db()
    assert first.reminder_sent_at == now


def test_feedback_only_by_participants_after_the_meeting(day, a, b, c, slots, tables):
    target = meeting(a, b, slot=slots[0], location=tables[0])
    refused(
        "not_over", services.give_feedback, meeting=target, actor=a.person, outcome="informative"
    )
    later = slots[0].ends_at + datetime.timedelta(minutes=1)
    with pytest.raises(PermissionDenied):
        services.give_feedback(meeting=target, actor=c.person, outcome="informative", now=later)
    refused(
        "invalid",
        services.give_feedback,
        meeting=target,
        actor=a.person,
        outcome="great",
        now=later,
    )
    services.give_feedback(meeting=target, actor=a.person, outcome="informative", now=later)
    services.give_feedback(
        meeting=target, actor=a.person, outcome="cooperation_possible", comment="Pilot", now=later
    )
    assert list(MeetingFeedback.objects.values_list("profile", "outcome", "comment")) == [
        (a.pk, "cooperation_possible", "Pilot")
    ]
    unscheduled = meeting(a, c)
    refused(
        "not_scheduled",
        services.give_feedback,
        meeting=unscheduled,
        actor=a.person,
        outcome="informative",
        now=later,
    )


def test_refused_changes_write_nothing(day, a, b):
    before = (
        MeetingRequest.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    refused("self_request", services.request_meeting, requester=a, invitee=a, actor=a.person)
    with pytest.raises(ValidationError):
        services.add_marketplace_entry(profile=a, actor=a.person, kind="x", title="")
    after = (
        MeetingRequest.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    assert before == after


def test_unused_location_kinds_are_checked(day, boss):
    refused("invalid_kind", services.add_location, day=day, actor=boss, name="X", kind="tent")
    refused("name_required", services.add_location, day=day, actor=boss, name=" ")
    virtual = services.add_location(day=day, actor=boss, name="Online", kind="virtual", capacity=50)
    assert Location.objects.get(pk=virtual.pk).capacity == 50
