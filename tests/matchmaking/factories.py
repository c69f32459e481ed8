"""Factories for brokerage days.

``BrokerageDayFactory`` makes an opt-in brokerage day on a published conference a week
ahead (Asia/Baku). ``add_slots(day, count)`` gives it one meeting session of ``count``
slots starting at 14:00 local time on the event's first day; ``ProfileFactory`` makes a
published participant with a confirmed registration for the event; ``meeting(...)``
writes an agreed meeting directly (tests of the rules go through the services).
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from korpu.events.models import Event, Registration
from korpu.matchmaking import models, services
from tests import factories as directory
from tests.events.factories import EventFactory, RegistrationFactory


class ConferenceFactory(EventFactory):
    kind = Event.Kind.CONFERENCE
    title = factory.Sequence(lambda n: f"Conference {n}")
    capacity = None


class BrokerageDayFactory(DjangoModelFactory):
    class Meta:
        model = models.BrokerageDay

    event = factory.SubFactory(ConferenceFactory)
    request_mode = models.BrokerageDay.RequestMode.OPT_IN
    slot_minutes = 20
    reminder_minutes = 15


def add_slots(day, count: int = 6, *, start: str = "14:00", date=None, breaks=()) -> list:
    """One meeting session of ``count`` slots (plus the breaks' length) from ``start``."""
    zone = day.event.zone
    date = date or day.event.starts_at.astimezone(zone).date()
    hour, minute = map(int, start.split(":"))
    begins = datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)
    pause = sum((end - begin for begin, end in breaks), datetime.timedelta())
    ends = begins + datetime.timedelta(minutes=day.slot_minutes * count) + pause
    session = models.GridSession.objects.create(
        brokerage_day=day, day=date, starts_at=begins, ends_at=ends
    )
    for begin, end in breaks:
        models.Break.objects.create(session=session, starts_at=begin, ends_at=end)
    slots = [
        models.Slot(brokerage_day=day, session=session, starts_at=s, ends_at=e)
        for s, e in services.slot_times(day, session, session.breaks.all())
    ]
    models.Slot.objects.bulk_create(slots)
    return list(models.Slot.objects.filter(session=session).order_by("starts_at"))


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = models.Location

    brokerage_day = factory.SubFactory(BrokerageDayFactory)
    name = factory.Sequence(lambda n: f"Table {n}")
    kind = models.Location.Kind.TABLE
    capacity = 1
    position = factory.Sequence(int)


class ProfileFactory(DjangoModelFactory):
    """A published participant, confirmed for the event."""

    class Meta:
        model = models.Profile
        skip_postgeneration_save = True

    brokerage_day = factory.SubFactory(BrokerageDayFactory)
    person = factory.SubFactory(directory.PersonFactory)
    country = "AZ"
    offer = "Industrial robots and machine vision"
    seek = "Distributors"
    languages = factory.LazyFunction(lambda: ["en"])
    published = True

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            RegistrationFactory(
                event=obj.brokerage_day.event,
                person=obj.person,
                status=Registration.Status.CONFIRMED,
            )

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


def meeting(*profiles, slot=None, location=None, **fields) -> models.Meeting:
    """An agreed meeting of ``profiles`` written directly, placed if given a slot."""
    day = profiles[0].brokerage_day
    item = models.Meeting.objects.create(
        brokerage_day=day,
        slot=slot,
        location=location,
        placed_by=fields.pop("placed_by", "scheduler" if slot else ""),
        **fields,
    )
    models.Participation.objects.bulk_create(
        [models.Participation(meeting=item, profile=p, slot=slot) for p in profiles]
    )
    return item


def organiser(day, role="manager"):
    """A person who manages the (first) organiser of the day's event."""
    return directory.MembershipFactory(organisation=day.event.organisers.first(), role=role).person
