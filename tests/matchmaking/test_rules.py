"""Who may see and do what on a brokerage day."""

import pytest
from django.contrib.auth.models import AnonymousUser

from korpu.events.models import Registration
from korpu.matchmaking.models import MeetingRequest
from tests import factories as directory
from tests.events.factories import RegistrationFactory
from tests.matchmaking.factories import BrokerageDayFactory, ProfileFactory, meeting, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    day = BrokerageDayFactory()
    a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    hidden = ProfileFactory(brokerage_day=day, published=False)
    people = {
        "anonymous": AnonymousUser(),
        "stranger": directory.PersonFactory(),
        "registered": RegistrationFactory(event=day.event).person,
        "waitlisted": RegistrationFactory(
            event=day.event, status=Registration.Status.WAITLISTED
        ).person,
        "organiser member": directory.MembershipFactory(
            organisation=day.event.organisers.first(), role="member"
        ).person,
        "organiser": organiser(day),
        "staff": directory.PersonFactory(is_staff=True),
        "a": a.person,
        "b": b.person,
        "hidden": hidden.person,
    }
    request = MeetingRequest.objects.create(brokerage_day=day, requester=a, invitee=b)
    return {
        "day": day,
        "a": a,
        "b": b,
        "hidden": hidden,
        "people": people,
        "request": request,
        "meeting": meeting(a, b),
    }


def allowed(world, permission, obj) -> set[str]:
    return {who for who, person in world["people"].items() if person.has_perm(permission, obj)}


def test_who_takes_part_and_browses(world):
    day = world["day"]
    takes_part = {"registered", "organiser member", "organiser", "a", "b", "hidden"}
    assert allowed(world, "matchmaking.take_part", day) == takes_part
    assert allowed(world, "matchmaking.browse_profiles", day) == takes_part | {"staff"}
    assert allowed(world, "matchmaking.change_brokerageday", day) == {"organiser", "staff"}


def test_who_sees_and_edits_a_profile(world):
    managers = {"organiser", "staff"}
    browsers = {"registered", "organiser member", "a", "b", "hidden"} | managers
    assert allowed(world, "matchmaking.view_profile", world["a"]) == browsers
    assert allowed(world, "matchmaking.view_profile", world["hidden"]) == {"hidden"} | managers
    assert allowed(world, "matchmaking.change_profile", world["a"]) == {"a"} | managers


def test_requests_and_meetings_belong_to_their_people(world):
    managers = {"organiser", "staff"}
    assert (
        allowed(world, "matchmaking.view_meetingrequest", world["request"])
        == {
            "a",
            "b",
        }
        | managers
    )
    assert allowed(world, "matchmaking.decide_request", world["request"]) == {"b"} | managers
    target = world["meeting"]
    assert allowed(world, "matchmaking.view_meeting", target) == {"a", "b"} | managers
    assert allowed(world, "matchmaking.change_meeting", target) == managers
    assert allowed(world, "matchmaking.cancel_meeting", target) == {"a", "b"} | managers
    assert allowed(world, "matchmaking.book_meeting", target) == managers
    world["day"].self_scheduling = True
    world["day"].save()
    target.brokerage_day.refresh_from_db()
    assert allowed(world, "matchmaking.book_meeting", target) == {"a", "b"} | managers
    assert allowed(world, "matchmaking.give_feedback", target) == {"a", "b"}
