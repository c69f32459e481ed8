"""factory_boy factories for facilities, resources, bookings and projects.

``ResourceFactory`` makes an instrument in a public lab of a Baku park, open every day
08:00–20:00 (Asia/Baku), bookable 60 days ahead, free of charge, for one person at a
time. ``facility_manager(facility)`` gives a person who manages it (a manager of the
park's operator). ``future(days, hour)`` is an aware datetime at a local hour."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from korpu.directory.models import Qualification, QualificationGrant
from korpu.facilities import models
from tests import factories as directory


def future(days: int = 2, hour: int = 10, minute: int = 0, zone: str = "Asia/Baku"):
    """A local time ``days`` from today in the zone (aware)."""
    today = timezone.localtime(timezone.now(), ZoneInfo(zone)).date()
    return datetime.datetime.combine(
        today + datetime.timedelta(days=days), datetime.time(hour, minute), ZoneInfo(zone)
    )


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = models.Facility
        skip_postgeneration_save = True

    park = factory.SubFactory(
        directory.ParkFactory,
        kind="high_tech_park",
        country="AZ",
        city="Baku",
        time_zone="Asia/Baku",
    )
    slug = factory.Sequence(lambda n: f"lab-{n}")
    name = factory.Sequence(lambda n: f"Lab {n}")
    kind = models.Facility.Kind.LAB


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Resource
        skip_postgeneration_save = True

    facility = factory.SubFactory(FacilityFactory)
    slug = factory.Sequence(lambda n: f"resource-{n}")
    name = factory.Sequence(lambda n: f"Instrument {n}")
    kind = models.Resource.Kind.INSTRUMENT
    opens_at = datetime.time(8, 0)
    closes_at = datetime.time(20, 0)
    open_weekdays = factory.LazyFunction(list)
    min_minutes = 30
    max_minutes = 8 * 60
    max_days_ahead = 60


def facility_manager(facility, role="manager"):
    """A person who manages the park's operator, hence the facility."""
    return directory.MembershipFactory(organisation=facility.park.operator, role=role).person


class QualificationFactory(DjangoModelFactory):
    class Meta:
        model = Qualification

    name = factory.Sequence(lambda n: f"Operator licence {n}")


class QualificationGrantFactory(DjangoModelFactory):
    class Meta:
        model = QualificationGrant

    person = factory.SubFactory(directory.PersonFactory)
    qualification = factory.SubFactory(QualificationFactory)


class BookingFactory(DjangoModelFactory):
    """A booking written directly (for reads and reports); services make real ones."""

    class Meta:
        model = models.Booking

    resource = factory.SubFactory(ResourceFactory)
    person = factory.SubFactory(directory.PersonFactory)
    starts_at = factory.LazyFunction(lambda: future(2, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    status = models.Booking.Status.APPROVED


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    park = factory.SubFactory(directory.ParkFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    lead = factory.SubFactory(directory.OrganisationFactory)
