"""Programme managers' setup pages: programme, call, application form and review rubric,
the time zones of call dates, refusals once applications are submitted, and who may open
the pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from korpu.common.models import AuditEntry
from korpu.programs.models import Call, Criterion, Programme, Question, Review, ReviewStage
from tests import factories as directory
from tests.programs import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def programme_post(owner, **extra):
    data = {
        "owner": owner.pk,
        "title_en": "Green Scale-up",
        "title_az": "Yaşıl Miqyas",
        "title_tr": "Yeşil Büyüme",
        "summary_en": "Twelve weeks for clean-tech startups.",
        "kind": "acceleration",
        "time_zone": "Asia/Baku",
        "duration_weeks": "12",
        "capacity": "10",
        "is_public": "on",
    }
    data.update(extra)
    return data


def call_post(**extra):
    data = {
        "title_en": "Spring 2027",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-01T18:00",
        "is_published": "on",
        "applicant_kind": "company",
        "eligible_countries": ["AZ", "TR"],
        "eligible_company_kinds": ["startup", "sme"],
        "reviews_per_application": "2",
    }
    data.update(extra)
    return data


def question_post(**extra):
    data = {"action": "save", "kind": "long_text", "label_en": "Your product", "required": "on"}
    data.update(extra)
    return data


@pytest.fixture
def owner():
    return directory.OrganisationFactory(name="Gebze Technopark", kind="technopark")


@pytest.fixture
def manager(owner):
    return directory.MembershipFactory(organisation=owner, role="manager").person


def test_manager_sets_up_a_programme_through_the_pages(client, owner, manager):
    partner = directory.OrganisationFactory(name="Baku Agency", kind="agency")
    client.force_login(manager)

    response = client.post(
        reverse("programs:programme_new"), programme_post(owner, partners=[partner.pk])
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programs:programme_edit", args=["green-scale-up"])
    assert (
        programme.slug,
        programme.title_en,
        programme.title_az,
        programme.owner,
        programme.time_zone,
        programme.capacity,
        list(programme.partners.all()),
    ) == ("green-scale-up", "Green Scale-up", "Yaşıl Miqyas", owner, "Asia/Baku", 10, [partner])

    response = client.post(reverse("programs:call_new", args=[programme.slug]), call_post())
    call = Call.objects.get()
    assert response.url == reverse("programs:call_edit", args=[programme.slug, "spring-2027"])
    assert (call.eligible_countries, call.eligible_company_kinds, call.reviews_per_application) == (
        ["AZ", "TR"],
        ["startup", "sme"],
        2,
    )

    form_url = reverse("programs:call_form", args=[programme.slug, call.slug])
    client.post(form_url, question_post(label_en="Your product", label_tr="Ürününüz"))
    client.post(form_url, question_post(kind="url", label_en="Web site", required=""))
    client.post(
        form_url,
        question_post(kind="choice", label_en="Stage", choices="Idea\nPrototype\n\nSales\n"),
    )
    assert [
        (q.position, q.kind, q.label_en, q.required, q.choices)
        for q in call.questions.order_by("position")
    ] == [
        (0, "long_text", "Your product", True, []),
        (1, "url", "Web site", False, []),
        (2, "choice", "Stage", True, ["Idea", "Prototype", "Sales"]),
    ]
    stage_question = call.questions.get(kind="choice")
    client.post(form_url, {"action": "up", "question": stage_question.pk})
    assert list(call.questions.order_by("position").values_list("label_en", flat=True)) == [
        "Your product",
        "Stage",
        "Web site",
    ]

    rubric_url = reverse("programs:call_review", args=[programme.slug, call.slug])
    client.post(rubric_url, {"action": "save", "name_en": "Expert review", "aggregate": "median"})
    stage = ReviewStage.objects.get()
    for label, max_score, weight in (("Innovation", "10", "1"), ("Team", "5", "2.5")):
        client.post(
            rubric_url,
            {
                "action": "save",
                "stage": stage.pk,
                "add": "criterion",
                "label_en": label,
                "max_score": max_score,
                "weight": weight,
            },
        )
    assert (stage.name_en, stage.aggregate, stage.call) == ("Expert review", "median", call)
    assert [(c.label_en, c.max_score, c.weight) for c in stage.criteria.order_by("position")] == [
        ("Innovation", 10, Decimal("1")),
        ("Team", 5, Decimal("2.5")),
    ]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == sorted(
        ["programme.create", "call.create", "question.move", "review_stage.create"]
        + ["question.create"] * 3
        + ["criterion.create"] * 2
    )

    page = client.get(rubric_url).content.decode()
    for name in ("call_edit", "call_form", "manage_call"):
        assert reverse(f"programs:{name}", args=[programme.slug, call.slug]) in page
    assert reverse("programs:programme_new") in page


@pytest.mark.parametrize(
    ("zone", "expected_opens", "expected_closes"),
    [
        (
            "Asia/Baku",
            datetime.datetime(2027, 3, 1, 5, 0, tzinfo=UTC),
            datetime.datetime(2027, 4, 1, 14, 0, tzinfo=UTC),
        ),
        (
            "Europe/Istanbul",
            datetime.datetime(2027, 3, 1, 6, 0, tzinfo=UTC),
            datetime.datetime(2027, 4, 1, 15, 0, tzinfo=UTC),
        ),
    ],
)
def test_call_dates_are_entered_in_the_programmes_time_zone(
    client, owner, manager, zone, expected_opens, expected_closes
):
    programme = factories.ProgrammeFactory(owner=owner, slug="p", time_zone=zone)
    client.force_login(manager)
    client.post(reverse("programs:call_new", args=["p"]), call_post())
    call = Call.objects.get()
    assert (call.opens_at, call.closes_at) == (expected_opens, expected_closes)
    page = client.get(reverse("programs:call_edit", args=["p", call.slug])).content.decode()
    assert 'value="2027-03-01T09:00"' in page
    assert zone in page
    assert programme.calls.count() == 1


def test_call_closing_before_opening_is_refused(client, owner, manager):
    factories.ProgrammeFactory(owner=owner, slug="p")
    client.force_login(manager)
    response = client.post(
        reverse("programs:call_new", args=["p"]), call_post(closes_at="2027-02-01T09:00")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"closes_at": ["The call must close after it opens."]}
    assert Call.objects.count() == 0


def test_reserved_slug_is_refused(client, owner, manager):
    client.force_login(manager)
    response = client.post(
        reverse("programs:programme_new"), programme_post(owner, title_en="Manage")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"slug": ["This address is used by another page."]}
    response = client.post(reverse("programs:programme_new"), programme_post(owner, slug="new"))
    assert response.context["form"].errors == {"slug": ["This address is used by another page."]}
    assert Programme.objects.count() == 0


def test_bad_input_shows_errors_and_saves_nothing(client, owner, manager):
    client.force_login(manager)
    response = client.post(reverse("programs:programme_new"), programme_post(owner, title_en=""))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title_en"]
    call = factories.CallFactory(programme__owner=owner)
    url = reverse("programs:call_form", args=[call.programme.slug, call.slug])
    response = client.post(url, question_post(kind="choice", choices="Only one"))
    assert response.context["form"].errors == {
        "choices": ["A choice question needs at least two options."]
    }
    stage = factories.ReviewStageFactory(call=call)
    url = reverse("programs:call_review", args=[call.programme.slug, call.slug])
    response = client.post(
        url,
        {"action": "save", "stage": stage.pk, "add": "criterion", "label_en": "X"}
        | {"max_score": "101", "weight": "0"},
    )
    assert sorted(response.context["form"].errors) == ["max_score", "weight"]
    assert (Programme.objects.count(), Question.objects.count(), Criterion.objects.count()) == (
        1,
        0,
        0,
    )


def test_edits_are_refused_after_submissions(client, owner, manager):
    call = factories.CallFactory(programme__owner=owner)
    question = factories.QuestionFactory(call=call, kind="long_text", label="Product")
    stage = factories.ReviewStageFactory(call=call)
    scored = factories.CriterionFactory(stage=stage, max_score=10)
    unscored = factories.CriterionFactory(stage=stage, max_score=10)
    assignment = factories.AssignmentFactory(stage=stage)  # a submitted application
    Review.objects.create(
        assignment=assignment, scores={str(scored.pk): 7}, submitted_at=timezone.now()
    )
    client.force_login(manager)
    args = [call.programme.slug, call.slug]
    form_url = reverse("programs:call_form", args=args)

    response = client.post(form_url, {"action": "delete", "question": question.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Applications have been submitted: questions cannot be deleted now."
    ]
    response = client.post(form_url, question_post(question=question.pk, kind="text"))
    assert response.context["form"].errors == {
        "kind": ["Applications have been submitted: a question cannot change kind now."]
    }
    response = client.post(
        form_url, question_post(question=question.pk, label_en="Your product"), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Saved."]
    question.refresh_from_db()
    assert (question.kind, question.label_en) == ("long_text", "Your product")

    rubric_url = reverse("programs:call_review", args=args)
    response = client.post(
        rubric_url, {"action": "delete", "stage": stage.pk, "criterion": scored.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Reviewers have already scored this criterion: it cannot be deleted."
    ]
    response = client.post(
        rubric_url,
        {"action": "save", "stage": stage.pk, "criterion": scored.pk, "label_en": "Fit"}
        | {"max_score": "5", "weight": "1"},
    )
    assert list(response.context["form"].errors) == ["max_score"]
    client.post(rubric_url, {"action": "delete", "stage": stage.pk, "criterion": unscored.pk})
    assert list(stage.criteria.all()) == [scored]
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("reviewer", 403),
        ("applicant", 403),
        ("manager", 200),
        ("staff", 200),
    ],
)
def test_who_may_open_the_setup_pages(client, owner, manager, role, expected):
    call = factories.CallFactory(programme__owner=owner)
    application = factories.ApplicationFactory(call=call)
    pool = factories.CallReviewerFactory(call=call)
    people = {
        "outsider": directory.PersonFactory(),
        "member": directory.MembershipFactory(organisation=owner, role="member").person,
        "reviewer": pool.reviewer,
        "applicant": application.applicant,
        "manager": manager,
        "staff": directory.PersonFactory(is_staff=True),
    }
    if role in people:
        client.force_login(people[role])
    args = [call.programme.slug, call.slug]
    urls = [
        reverse("programs:programme_edit", args=args[:1]),
        reverse("programs:call_new", args=args[:1]),
        reverse("programs:call_edit", args=args),
        reverse("programs:call_form", args=args),
        reverse("programs:call_review", args=args),
    ]
    assert [client.get(url).status_code for url in urls] == [expected] * len(urls)


def test_hidden_programme_answers_404(client, owner):
    call = factories.CallFactory(programme__owner=owner, programme__is_public=False)
    client.force_login(directory.PersonFactory())
    args = [call.programme.slug, call.slug]
    assert client.get(reverse("programs:programme_edit", args=args[:1])).status_code == 404
    assert client.get(reverse("programs:call_form", args=args)).status_code == 404


def test_new_programme_page_needs_a_managed_organisation(client, owner, manager):
    assert client.get(reverse("programs:programme_new")).status_code == 302
    client.force_login(directory.PersonFactory())
    assert client.get(reverse("programs:programme_new")).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("programs:programme_new")).status_code == 200


def test_forged_owner_is_refused(client, owner, manager):
    other = directory.OrganisationFactory(name="Someone else", kind="technopark")
    client.force_login(manager)
    response = client.post(reverse("programs:programme_new"), programme_post(other))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["owner"]
    assert Programme.objects.count() == 0
    # Editing a programme does not move it either: the owner is not a field there.
    programme = factories.ProgrammeFactory(owner=owner, slug="mine")
    client.post(
        reverse("programs:programme_edit", args=["mine"]),
        programme_post(other, title_en="Renamed"),
    )
    programme.refresh_from_db()
    assert (programme.owner, programme.title_en, programme.slug) == (owner, "Renamed", "mine")
