"""Factories for the marketplace: a profile with its owner, intermediary and a member each."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from korpu.transfer import models
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = models.Profile

    type = models.Profile.Type.TECHNOLOGY_OFFER
    owner = factory.SubFactory(OrganisationFactory, kind="sme", country="TR", size="small")
    intermediary = factory.SubFactory(OrganisationFactory, kind="technopark", country="TR")
    language = "en"
    title_en = factory.Sequence(lambda n: f"Anti-reflective coating for solar panels {n}")
    summary_en = "A nano coating that raises the output of photovoltaic modules in hot climates."
    description_en = "Lab tested on 40 modules over a year; looking for licensees."
    stage = models.Profile.Stage.LAB_TESTED
    status = models.Profile.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=models.Profile.Status.PUBLISHED,
            reference=factory.Sequence(lambda n: f"TOTR20261201{n:03d}"),
            published_at=factory.LazyFunction(timezone.now),
            expires_at=factory.LazyFunction(lambda: timezone.now() + models.VALIDITY),
        )


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = models.ExpressionOfInterest

    profile = factory.SubFactory(ProfileFactory, published=True)
    company = factory.SubFactory(OrganisationFactory, kind="startup", country="AZ", size="micro")
    message = "We need exactly this coating for our plants in Absheron."


def member_of(organisation, role="member", **person):
    """A new person who is a member of ``organisation``."""
    who = PersonFactory(**person)
    MembershipFactory(person=who, organisation=organisation, role=role)
    return who
