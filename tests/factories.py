"""factory_boy factories for the directory; other apps' tests build on these."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from korpu.directory import models

PASSWORD = "correct-horse-battery"


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = models.Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Sector {n}")


class TechnologyAreaFactory(DjangoModelFactory):
    class Meta:
        model = models.TechnologyArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tech-{n}")
    name = factory.Sequence(lambda n: f"Technology {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    country = "AZ"
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.SME
    country = "TR"
    city = "Gebze"
    size = models.Organisation.Size.SMALL
    description = "Builds things."
    email = factory.Sequence(lambda n: f"contact{n}@org.example")
    phone = "+90 262 000 00 00"

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = models.Membership.Role.MEMBER


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = models.Park

    slug = factory.Sequence(lambda n: f"park-{n}")
    name = factory.Sequence(lambda n: f"Park {n}")
    kind = models.Park.Kind.TECHNOPARK
    operator = factory.SubFactory(OrganisationFactory, kind=models.Organisation.Kind.TECHNOPARK)
    country = "TR"
    city = "Gebze"
    time_zone = "Europe/Istanbul"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = models.Site

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"Campus {n}")


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = models.Building

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Block {n}")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = models.Unit

    building = factory.SubFactory(BuildingFactory)
    code = factory.Sequence(lambda n: f"U-{n}")
    area_m2 = 80


class ResidencyFactory(DjangoModelFactory):
    class Meta:
        model = models.Residency

    company = factory.SubFactory(OrganisationFactory)
    park = factory.SubFactory(ParkFactory)
    status = models.Residency.Status.ACTIVE
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Partnership
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    title = factory.Sequence(lambda n: f"Memorandum {n}")
    status = models.Partnership.Status.ACTIVE
    signed_on = datetime.date(2020, 12, 1)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if create and extracted:
            for organisation in extracted:
                models.PartnershipParty.objects.create(partnership=obj, organisation=organisation)


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = models.Commitment

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"commitment-{n}")
    text = factory.Sequence(lambda n: f"Commitment {n}")
