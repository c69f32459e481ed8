"""Who sees and runs events: the per-object rules and the list queries agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from korpu.events import queries
from korpu.events.models import Event, Registration
from tests import factories
from tests.events.factories import EventFactory, RegistrationFactory, organiser_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    park = factories.OrganisationFactory(kind="technopark")
    public = EventFactory(organisers=[park], title="public")
    invitation_only = EventFactory(
        organisers=[park], visibility=Event.Visibility.INVITATION_ONLY, title="closed"
    )
    draft = EventFactory(organisers=[park], status=Event.Status.DRAFT, title="draft")
    other = EventFactory(visibility=Event.Visibility.INVITATION_ONLY, title="other")
    manager = organiser_manager(public)
    member = factories.MembershipFactory(organisation=park, role="member").person
    registered = RegistrationFactory(event=other, status=Registration.Status.CANCELLED).person
    people = {
        "visitor": AnonymousUser(),
        "stranger": factories.PersonFactory(),
        "manager": manager,
        "member": member,
        "registered elsewhere": registered,
        "staff": factories.PersonFactory(is_staff=True),
    }
    return {"events": [public, invitation_only, draft, other], "people": people}


def test_who_sees_which_event(world):
    seen = {
        who: sorted(e.title for e in queries.visible_events(person))
        for who, person in world["people"].items()
    }
    assert seen == {
        "visitor": ["public"],
        "stranger": ["public"],
        "manager": ["closed", "draft", "public"],
        "member": ["closed", "public"],
        "registered elsewhere": ["other", "public"],
        "staff": ["closed", "draft", "other", "public"],
    }


def test_rules_and_list_queries_agree(world):
    for who, person in world["people"].items():
        visible = set(queries.visible_events(person))
        organised = set(queries.organised_events(person))
        for event in world["events"]:
            assert person.has_perm("events.view_event", event) == (event in visible), (who, event)
            assert person.has_perm("events.change_event", event) == (event in organised), (
                who,
                event,
            )


def test_registrations_are_seen_by_their_person_and_the_organisers(world):
    public = world["events"][0]
    registration = RegistrationFactory(event=public)
    people = world["people"]
    assert registration.person.has_perm("events.view_registration", registration)
    assert people["manager"].has_perm("events.change_registration", registration)
    assert not people["member"].has_perm("events.view_registration", registration)
    assert not people["stranger"].has_perm("events.view_registration", registration)
    assert not registration.person.has_perm("events.change_registration", registration)
