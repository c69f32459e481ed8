"""factory_boy factories for events, sessions, registrations and campus records.

``EventFactory`` makes a published public training a week ahead, organised by one
technopark; ``organiser_manager(event)`` gives a person who manages it.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from korpu.events import models
from tests import factories as directory


class EventFactory(DjangoModelFactory):
    class Meta:
        model = models.Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Training {n}")
    kind = models.Event.Kind.TRAINING
    status = models.Event.Status.PUBLISHED
    visibility = models.Event.Visibility.PUBLIC
    time_zone = "Asia/Baku"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    capacity = 20
    languages = factory.LazyFunction(lambda: ["az", "en"])

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.organisers.set(
            extracted
            or [directory.OrganisationFactory(kind=directory.models.Organisation.Kind.TECHNOPARK)]
        )


def organiser_manager(event, role="manager"):
    """A person who manages the (first) organiser of ``event``."""
    return directory.MembershipFactory(organisation=event.organisers.first(), role=role).person


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = models.Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = models.Question

    event = factory.SubFactory(EventFactory)
    form = models.Question.Form.REGISTRATION
    position = factory.Sequence(int)
    kind = models.Question.Kind.TEXT
    label = factory.Sequence(lambda n: f"Question {n}")
    required = True


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration, written directly (tests of the rules use the services)."""

    class Meta:
        model = models.Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(directory.PersonFactory)
    status = models.Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = models.Invitation

    event = factory.SubFactory(EventFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")


class CampusFactory(EventFactory):
    kind = models.Event.Kind.CAMPUS
    title = factory.Sequence(lambda n: f"Campus {n}")
    capacity = 100
    submissions_close_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(days=2))


class ChallengeFactory(DjangoModelFactory):
    class Meta:
        model = models.Challenge

    event = factory.SubFactory(CampusFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = models.Team

    event = factory.SubFactory(CampusFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
