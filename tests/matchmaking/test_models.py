"""What the brokerage tables guarantee by themselves (constraints), small model helpers,
and the admin pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from korpu.events.models import Event
from korpu.matchmaking.models import BrokerageDay, Meeting, MeetingRequest, Participation
from tests import factories as directory
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    ConferenceFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
)

pytestmark = pytest.mark.django_db


def fails(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_requests_one_open_per_pair_whoever_asked():
    day = BrokerageDayFactory()
    a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    fails(lambda: MeetingRequest.objects.create(brokerage_day=day, requester=a, invitee=a))
    MeetingRequest.objects.create(brokerage_day=day, requester=a, invitee=b)
    fails(lambda: MeetingRequest.objects.create(brokerage_day=day, requester=b, invitee=a))
    MeetingRequest.objects.filter(requester=a).update(status="declined")
    MeetingRequest.objects.create(brokerage_day=day, requester=b, invitee=a)  # free again
    assert MeetingRequest.objects.count() == 2


def test_nobody_in_two_meetings_in_one_slot():
    day = BrokerageDayFactory()
    slots = add_slots(day, 2)
    t1, t2 = LocationFactory(brokerage_day=day), LocationFactory(brokerage_day=day)
    a, b, c = (ProfileFactory(brokerage_day=day) for _ in range(3))
    meeting(a, b, slot=slots[0], location=t1)
    fails(lambda: meeting(a, c, slot=slots[0], location=t2))
    meeting(a, c, slot=slots[1], location=t2)
    fails(lambda: Participation.objects.create(meeting=Meeting.objects.first(), profile=a))


def test_slot_and_location_together_and_only_for_confirmed_meetings():
    day = BrokerageDayFactory()
    slots = add_slots(day, 1)
    table = LocationFactory(brokerage_day=day)
    fails(lambda: Meeting.objects.create(brokerage_day=day, slot=slots[0]))
    fails(lambda: Meeting.objects.create(brokerage_day=day, locked=True))
    fails(
        lambda: Meeting.objects.create(
            brokerage_day=day, slot=slots[0], location=table, status="cancelled"
        )
    )


def test_only_conferences_and_brokerage_days(settings):
    training = ConferenceFactory(kind=Event.Kind.TRAINING)
    with pytest.raises(ValidationError):
        BrokerageDay(event=training).full_clean()
    BrokerageDay(event=ConferenceFactory(kind=Event.Kind.BROKERAGE_DAY)).full_clean()


def test_video_links_fall_back_to_the_day():
    day = BrokerageDayFactory(video_link="https://meet.example/day")
    slots = add_slots(day, 1)
    online = LocationFactory(brokerage_day=day, kind="virtual", capacity=5)
    table = LocationFactory(brokerage_day=day)
    a, b, c, d = (ProfileFactory(brokerage_day=day) for _ in range(4))
    virtual = meeting(a, b, slot=slots[0], location=online)
    assert virtual.effective_video_link == "https://meet.example/day"
    online.video_link = "https://meet.example/room"
    online.save()
    virtual.refresh_from_db()
    assert virtual.effective_video_link == "https://meet.example/room"
    assert meeting(c, d, slot=slots[0], location=table).effective_video_link == ""


def test_slots_read_in_the_events_time_zone():
    day = BrokerageDayFactory()
    (slot,) = add_slots(day, 1, start="14:00")
    assert str(slot).endswith("14:00")


def test_admin_pages_open(client):
    admin = directory.PersonFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    day = BrokerageDayFactory()
    a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    meeting(a, b)
    MeetingRequest.objects.create(brokerage_day=day, requester=a, invitee=b)
    for name in ("brokerageday", "profile", "meetingrequest", "meeting", "meetingfeedback"):
        assert client.get(reverse(f"admin:matchmaking_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:matchmaking_brokerageday_change", args=[day.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:matchmaking_profile_change", args=[a.pk])).status_code == 200


def test_every_phase_a_schedule_run_reports_is_shown_translated():
    from django.utils import translation

    from korpu.matchmaking.models import PROGRESS_PHASES, ScheduleRun
    from korpu.solvers.meeting_schedule import PROGRESS_MESSAGES, solve

    instance = {
        "format": "korpu.meetings/v1",
        "slots": [{"id": "s1", "day": "d1"}, {"id": "s2", "day": "d1"}],
        "locations": [{"id": "T1", "capacity": 1}],
        "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "meetings": [
            {"id": "m1", "participants": ["a", "b"]},
            {"id": "m2", "participants": ["a", "c"]},
        ],
    }
    phases = []
    solve(instance, time_limit=2, progress=lambda fraction, message: phases.append(message))
    assert set(phases) <= set(PROGRESS_MESSAGES) <= set(PROGRESS_PHASES) and "done" in phases
    run = ScheduleRun(progress_message="reducing idle slots")
    with translation.override("tr"):
        assert run.progress_text != "reducing idle slots"
