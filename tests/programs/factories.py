"""factory_boy factories for programmes, calls, applications, reviews and cohorts."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from korpu.programs import models
from tests import factories as directory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Accelerator {n}")
    kind = models.Programme.Kind.ACCELERATION
    owner = factory.SubFactory(
        directory.OrganisationFactory, kind=directory.models.Organisation.Kind.TECHNOPARK
    )
    time_zone = "Europe/Istanbul"


class CallFactory(DjangoModelFactory):
    class Meta:
        model = models.Call

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"call-{n}")
    title = factory.Sequence(lambda n: f"Call {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    applicant_kind = models.Call.ApplicantKind.COMPANY
    reviews_per_application = 2


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = models.Question

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(int)
    kind = models.Question.Kind.LONG_TEXT
    label = factory.Sequence(lambda n: f"Question {n}")
    required = True


class ApplicationFactory(DjangoModelFactory):
    """A company's application; pass ``company=None, applicant=...`` for a person's."""

    class Meta:
        model = models.Application

    call = factory.SubFactory(CallFactory)
    company = factory.SubFactory(directory.OrganisationFactory)
    applicant = factory.LazyAttribute(
        lambda o: (
            directory.MembershipFactory(organisation=o.company, role="admin").person
            if o.company
            else directory.PersonFactory()
        )
    )
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "Collaborative robots with machine vision for small factories."
    status = models.Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewStageFactory(DjangoModelFactory):
    class Meta:
        model = models.ReviewStage

    call = factory.SubFactory(CallFactory)
    name = "Expert review"


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = models.Criterion

    stage = factory.SubFactory(ReviewStageFactory)
    position = factory.Sequence(int)
    label = factory.Sequence(lambda n: f"Criterion {n}")
    max_score = 10


class CallReviewerFactory(DjangoModelFactory):
    class Meta:
        model = models.CallReviewer

    call = factory.SubFactory(CallFactory)
    reviewer = factory.SubFactory(directory.PersonFactory)
    min_load = 0
    max_load = 6


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = models.Assignment

    stage = factory.SubFactory(ReviewStageFactory)
    application = factory.SubFactory(ApplicationFactory, call=factory.SelfAttribute("..stage.call"))
    reviewer = factory.SubFactory(directory.PersonFactory)
    published_at = factory.LazyFunction(timezone.now)


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = models.Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate())


class CohortMemberFactory(DjangoModelFactory):
    class Meta:
        model = models.CohortMember

    cohort = factory.SubFactory(CohortFactory)
    company = factory.SubFactory(directory.OrganisationFactory)


class MentorFactory(DjangoModelFactory):
    class Meta:
        model = models.Mentor

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(directory.PersonFactory)
