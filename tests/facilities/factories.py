"""factory_boy factories for facilities, resources, bookings and projects.

``ResourceFactory`` makes an instrument in a public lab of a Baku park, open every day
08:00–20:00 (Asia/Baku), bookable 60 days ahead, free of charge, for one person at a
time. ``facility_manager(facility)`` gives a person who manages it (a manager of the
park's operator); ``member_of(organisation)`` a person who belongs to one.
``future(days, hour)`` is an aware datetime at a local hour; ``berlin_dst_change()`` the
next date on which Europe/Berlin's clocks change (for daylight-saving tests)."""

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


def member_of(organisation, role="member"):
    return directory.MembershipFactory(organisation=organisation, role=role).person


def dst_change(zone: str = "Europe/Berlin", after: datetime.date | None = None) -> datetime.date:
    """The first date after ``after`` (default: today) whose noon has another UTC offset
    than the noon before: the day the clocks changed (at night) in the zone."""
    tz = ZoneInfo(zone)
    day = after or timezone.localdate()
    noon = datetime.time(12)
    for _ in range(400):
        following = day + datetime.timedelta(days=1)
        before = datetime.datetime.combine(day, noon, tz).utcoffset()
        if datetime.datetime.combine(following, noon, tz).utcoffset() != before:
            return following
        day = following
    raise LookupError(f"{zone} has no daylight-saving change within a year")


def berlin_dst_change(at_least_days: int = 9) -> datetime.date:
    """The next Europe/Berlin clock change at least ``at_least_days`` from today (so a
    week before it is still in the future)."""
    return dst_change("Europe/Berlin", timezone.localdate() + datetime.timedelta(at_least_days - 1))


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


class ClosureFactory(DjangoModelFactory):
    """A maintenance window on one resource (``resource=None, facility=...`` for the
    whole facility)."""

    class Meta:
        model = models.Closure

    resource = factory.SubFactory(ResourceFactory)
    facility = factory.LazyAttribute(
        lambda o: o.resource.facility if o.resource is not None else FacilityFactory()
    )
    kind = models.Closure.Kind.MAINTENANCE
    starts_at = factory.LazyFunction(lambda: future(3, 8))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=12))
    reason = "Calibration"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    park = factory.SubFactory(directory.ParkFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    lead = factory.SubFactory(directory.OrganisationFactory)


class ProjectMemberFactory(DjangoModelFactory):
    class Meta:
        model = models.ProjectMember

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(directory.PersonFactory)
    role = models.ProjectMember.Role.RESEARCHER
