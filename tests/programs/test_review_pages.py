"""Reviewers' pages: the list of assignments, declaring a conflict, the review form."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext

from korpu.common.models import AuditEntry
from korpu.programs.models import Answer, Assignment, Conflict, Question, Review
from tests import factories as directory
from tests.programs import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass
class World:
    call: object
    stage: object
    application: object
    criteria: list
    file_question: object
    reviewer: object
    colleague: object
    conflicted: object
    manager: object
    staff: object
    outsider: object
    mine: object  # the reviewer's assignment
    theirs: object  # the colleague's assignment
    conflicted_assignment: object


@pytest.fixture
def world():
    owner = directory.OrganisationFactory(name="Tech Park Owner")
    manager = directory.MembershipFactory(organisation=owner, role="manager").person
    programme = factories.ProgrammeFactory(owner=owner, title="Scale-up")
    call = factories.CallFactory(programme=programme, title="Spring call")
    stage = factories.ReviewStageFactory(call=call, name="Expert review")
    criteria = [
        factories.CriterionFactory(
            stage=stage, label="Innovation", description="How new is it?", max_score=10
        ),
        factories.CriterionFactory(stage=stage, label="Team", max_score=5, weight=Decimal("2")),
    ]
    pitch = factories.QuestionFactory(call=call, kind=Question.Kind.LONG_TEXT, label="Problem")
    deck = factories.QuestionFactory(call=call, kind=Question.Kind.FILE, label="Pitch deck")
    company = directory.OrganisationFactory(name="Acme Robotics")
    applicant = directory.MembershipFactory(
        organisation=company,
        role="admin",
        person__first_name="Ayşe",
        person__last_name="Yıldırım",
        person__email="ayse@acme-robotics.example",
    ).person
    application = factories.ApplicationFactory(
        call=call,
        company=company,
        applicant=applicant,
        title="Vision-guided cobots",
        summary="Cobots for small factories.",
    )
    Answer.objects.create(application=application, question=pitch, value="Small batches.")
    answer = Answer(
        application=application,
        question=deck,
        value="acme_robotics_deck.pdf",
        file_type="application/pdf",
    )
    answer.file.save("acme_robotics_deck.pdf", SimpleUploadedFile("x.pdf", PDF), save=True)
    reviewer, colleague, conflicted = (directory.PersonFactory() for _ in range(3))
    for person in (reviewer, colleague, conflicted):
        factories.CallReviewerFactory(call=call, reviewer=person)
    mine = factories.AssignmentFactory(stage=stage, application=application, reviewer=reviewer)
    theirs = factories.AssignmentFactory(stage=stage, application=application, reviewer=colleague)
    conflicted_assignment = factories.AssignmentFactory(
        stage=stage, application=application, reviewer=conflicted
    )
    Conflict.objects.create(
        application=application, reviewer=conflicted, source=Conflict.Source.RELATIONSHIP
    )
    return World(
        call=call,
        stage=stage,
        application=application,
        criteria=criteria,
        file_question=deck,
        reviewer=reviewer,
        colleague=colleague,
        conflicted=conflicted,
        manager=manager,
        staff=directory.PersonFactory(is_staff=True),
        outsider=directory.PersonFactory(),
        mine=mine,
        theirs=theirs,
        conflicted_assignment=conflicted_assignment,
    )


def scores_data(world, first, second, action):
    return {
        f"c{world.criteria[0].pk}": first,
        f"c{world.criteria[1].pk}": second,
        "comment": "Strong team.",
        "action": action,
    }


def page_urls(assignment, question):
    return [
        reverse("programs:review", args=[assignment.pk]),
        reverse("programs:declare_conflict", args=[assignment.pk]),
        reverse("programs:review_file", args=[assignment.pk, question.pk]),
    ]


# --- who may see what ---------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in [reverse("programs:my_reviews"), *page_urls(world.mine, world.file_question)]:
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (
            302,
            reverse("account_login"),
        )


@pytest.mark.parametrize(
    "who",
    ["outsider", "colleague", "conflicted", "manager", "staff", "applicant", "company_member"],
)
def test_only_the_assigned_reviewer_opens_the_review_and_its_files(client, world, who):
    if who == "applicant":
        person = world.application.applicant
    elif who == "company_member":
        person = directory.MembershipFactory(organisation=world.application.company).person
    else:
        person = getattr(world, who)
    client.force_login(person)
    statuses = [client.get(url).status_code for url in page_urls(world.mine, world.file_question)]
    assert statuses == [404, 404, 404]
    assert client.post(reverse("programs:review", args=[world.mine.pk]), {}).status_code == 404


def test_a_conflicted_reviewer_cannot_open_even_their_own_assignment(client, world):
    client.force_login(world.conflicted)
    urls = page_urls(world.conflicted_assignment, world.file_question)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    response = client.post(urls[0], scores_data(world, "5", "3", "submit"))
    assert (response.status_code, Review.objects.count()) == (404, 0)


def test_an_unpublished_assignment_is_invisible(client, world):
    Assignment.objects.filter(pk=world.mine.pk).update(published_at=None)
    client.force_login(world.reviewer)
    assert [client.get(u).status_code for u in page_urls(world.mine, world.file_question)] == [
        404,
        404,
        404,
    ]
    assert client.get(reverse("programs:my_reviews")).context["total"] == 0


def test_the_reviewer_reads_the_application_and_downloads_its_file(client, world):
    client.force_login(world.reviewer)
    response = client.get(reverse("programs:review", args=[world.mine.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Vision-guided cobots", "Small batches.", "Acme Robotics", "How new is it?"):
        assert text in content
    download = client.get(
        reverse("programs:review_file", args=[world.mine.pk, world.file_question.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="acme_robotics_deck.pdf"'


# --- the list ---------------------------------------------------------------------------
def test_my_reviews_groups_by_call_and_stage_with_statuses(client, world):
    other_stage = factories.ReviewStageFactory(call=world.call, name="Final jury", position=2)
    second = factories.ApplicationFactory(call=world.call, title="Drone inspection")
    third = factories.ApplicationFactory(call=world.call, title="Battery passport")
    draft_assignment = factories.AssignmentFactory(
        stage=world.stage, application=second, reviewer=world.reviewer
    )
    done_assignment = factories.AssignmentFactory(
        stage=other_stage, application=third, reviewer=world.reviewer
    )
    Review.objects.create(assignment=draft_assignment, scores={})
    Review.objects.create(
        assignment=done_assignment, scores={}, submitted_at=done_assignment.published_at
    )
    client.force_login(world.reviewer)
    response = client.get(reverse("programs:my_reviews"))
    groups = response.context["groups"]
    assert [
        (
            group["call"],
            [
                (block["stage"], [(r["assignment"], r["status"]) for r in block["rows"]])
                for block in group["stages"]
            ],
        )
        for group in groups
    ] == [
        (
            world.call,
            [
                (world.stage, [(world.mine, "todo"), (draft_assignment, "draft")]),
                (other_stage, [(done_assignment, "submitted")]),
            ],
        )
    ]
    assert response.context["counts"] == {"todo": 1, "draft": 1, "submitted": 1}


def test_my_reviews_takes_a_constant_number_of_queries(client, world):
    client.force_login(world.reviewer)
    url = reverse("programs:my_reviews")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        application = factories.ApplicationFactory(
            call=world.call, company=None, applicant=directory.PersonFactory()
        )
        factories.AssignmentFactory(
            stage=world.stage, application=application, reviewer=world.reviewer
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["total"] == 7
    assert len(many) == len(few)


# --- conflicts -----------------------------------------------------------------------------
def test_declaring_a_conflict_takes_the_application_off_the_list(client, world):
    client.force_login(world.reviewer)
    url = reverse("programs:declare_conflict", args=[world.mine.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "I advised them in 2024."})
    assert (response.status_code, response.url) == (302, reverse("programs:my_reviews"))
    conflict = Conflict.objects.get(reviewer=world.reviewer)
    assert (conflict.application, conflict.source, conflict.note) == (
        world.application,
        Conflict.Source.DECLARED,
        "I advised them in 2024.",
    )
    assert not Assignment.objects.filter(pk=world.mine.pk).exists()
    assert client.get(reverse("programs:my_reviews")).context["total"] == 0
    assert client.get(reverse("programs:review", args=[world.mine.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="conflict.declare").count() == 1


def test_a_too_long_conflict_note_is_refused(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("programs:declare_conflict", args=[world.mine.pk]), {"note": "x" * 301}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "note": ["Ensure this value has at most 300 characters (it has 301)."]
    }
    assert Conflict.objects.filter(reviewer=world.reviewer).count() == 0


# --- scoring ------------------------------------------------------------------------------
def test_draft_then_submit(client, world):
    client.force_login(world.reviewer)
    url = reverse("programs:review", args=[world.mine.pk])
    response = client.post(url, scores_data(world, "8", "", "draft"))
    assert (response.status_code, response.url) == (302, url)
    review = Review.objects.get(assignment=world.mine)
    assert (review.scores, review.comment, review.submitted_at) == (
        {str(world.criteria[0].pk): 8},
        "Strong team.",
        None,
    )
    # Submitting with a criterion left empty is refused, with the message on that field.
    response = client.post(url, scores_data(world, "8", "", "submit"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"c{world.criteria[1].pk}": ["Score every criterion before submitting."]
    }
    review.refresh_from_db()
    assert review.submitted_at is None
    response = client.post(url, scores_data(world, "8", "4", "submit"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.scores == {str(world.criteria[0].pk): 8, str(world.criteria[1].pk): 4}
    assert review.submitted_at is not None


@pytest.mark.parametrize(
    ("first", "second", "errors"),
    [
        ("11", "3", {0: ["Ensure this value is less than or equal to 10."]}),
        ("-1", "3", {0: ["Ensure this value is greater than or equal to 0."]}),
        ("seven", "3", {0: ["Enter a whole number."]}),
        ("7", "2.5", {1: ["Enter a whole number."]}),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_saved(client, world, first, second, errors):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("programs:review", args=[world.mine.pk]),
        scores_data(world, first, second, "submit"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"c{world.criteria[index].pk}": messages for index, messages in errors.items()
    }
    assert Review.objects.count() == 0


def test_bad_scores_are_explained_in_the_reviewers_language(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("programs:review", args=[world.mine.pk]).replace("/en/", "/tr/", 1),
        scores_data(world, "11", "3", "submit"),
    )
    assert response.status_code == 200
    with translation.override("tr"):
        expected = gettext("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": 10
        }
    assert expected.startswith("Bu değerin 10")
    assert response.context["form"].errors[f"c{world.criteria[0].pk}"] == [expected]


def test_a_closed_stage_refuses_reviews(client, world):
    world.stage.is_open = False
    world.stage.save()
    client.force_login(world.reviewer)
    response = client.post(
        reverse("programs:review", args=[world.mine.pk]), scores_data(world, "5", "3", "submit")
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This review stage is closed."]
    assert Review.objects.count() == 0


def test_others_scores_appear_only_after_submitting(client, world):
    # The colleague submitted 7/10 and 3/5: (70 × 1 + 60 × 2) / 3 = 63.3.
    Review.objects.create(
        assignment=world.theirs,
        scores={str(world.criteria[0].pk): 7, str(world.criteria[1].pk): 3},
        comment="Colleague's private remark",
        submitted_at=world.theirs.published_at,
    )
    client.force_login(world.reviewer)
    url = reverse("programs:review", args=[world.mine.pk])
    response = client.get(url)
    content = response.content.decode()
    assert (response.context["other_reviews"], response.context["score_rows"]) == ([], [])
    assert response.context["stage_total"] is None
    for hidden in ("63.3", "Reviewer 1", "Colleague's private remark", world.colleague.full_name):
        assert hidden not in content
    # A draft does not unlock them either.
    client.post(url, scores_data(world, "9", "5", "draft"))
    response = client.get(url)
    assert response.context["other_reviews"] == []
    assert "63.3" not in response.content.decode()

    client.post(url, scores_data(world, "9", "5", "submit"))
    response = client.get(url)
    content = response.content.decode()
    first, second = world.criteria
    assert response.context["other_reviews"] == [
        {"number": 1, "total": pytest.approx(63.333333), "scores": [(first, 7), (second, 3)]}
    ]
    assert [(r["criterion"], r["mine"], r["others"]) for r in response.context["score_rows"]] == [
        (first, 9, [7]),
        (second, 5, [3]),
    ]
    assert "Reviewer 1" in content and "63.3" in content
    # Anonymised: neither the colleague's name nor their comment to the managers.
    assert world.colleague.full_name not in content
    assert "Colleague's private remark" not in content


def test_a_conflicted_colleagues_review_is_not_shown(client, world):
    Review.objects.create(
        assignment=world.conflicted_assignment,
        scores={str(c.pk): 1 for c in world.criteria},
        submitted_at=world.theirs.published_at,
    )
    Review.objects.create(
        assignment=world.mine,
        scores={str(c.pk): 2 for c in world.criteria},
        submitted_at=world.mine.published_at,
    )
    client.force_login(world.reviewer)
    response = client.get(reverse("programs:review", args=[world.mine.pk]))
    assert response.context["other_reviews"] == []


# --- blind review ---------------------------------------------------------------------------
def test_a_blind_stage_hides_the_applicant_everywhere(client, world):
    world.stage.blind = True
    world.stage.save()
    applicant = world.application.applicant
    client.force_login(world.reviewer)
    pages = [
        client.get(reverse("programs:my_reviews")),
        client.get(reverse("programs:review", args=[world.mine.pk])),
        client.get(reverse("programs:declare_conflict", args=[world.mine.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        content = response.content.decode()
        for identity in (
            "Acme Robotics",
            "acme",
            applicant.first_name,
            applicant.last_name,
            applicant.email,
        ):
            assert identity not in content, identity
    assert pages[1].context["applicant"] == ""
    assert [row["applicant"] for row in pages[0].context["groups"][0]["stages"][0]["rows"]] == [""]
    download = client.get(
        reverse("programs:review_file", args=[world.mine.pk, world.file_question.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="attachment-{world.file_question.pk}.pdf"'
    )


def test_an_open_stage_names_the_applicant(client, world):
    client.force_login(world.reviewer)
    response = client.get(reverse("programs:my_reviews"))
    assert "Acme Robotics" in response.content.decode()
    assert response.context["groups"][0]["stages"][0]["rows"][0]["applicant"] == "Acme Robotics"


def test_the_addresses_lead_to_these_pages(world):
    from korpu.programs.views import manage, review

    expected = {
        reverse("programs:my_reviews"): review.my_reviews,
        reverse("programs:review", args=[1]): review.review,
        reverse("programs:declare_conflict", args=[1]): review.declare_conflict,
        reverse("programs:review_file", args=[1, 2]): review.review_file,
        reverse("programs:manage_call", args=["scale-up", "spring"]): manage.manage_call,
        reverse("programs:manage_application", args=["a", "b", 3]): manage.manage_application,
    }
    assert {url: resolve(url).func for url in expected} == expected


def test_the_review_page_takes_a_constant_number_of_queries(client, world):
    Review.objects.create(
        assignment=world.mine,
        scores={str(c.pk): 2 for c in world.criteria},
        submitted_at=world.mine.published_at,
    )
    client.force_login(world.reviewer)
    url = reverse("programs:review", args=[world.mine.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        other = factories.AssignmentFactory(
            stage=world.stage, application=world.application, reviewer=directory.PersonFactory()
        )
        Review.objects.create(
            assignment=other,
            scores={str(c.pk): 1 for c in world.criteria},
            submitted_at=other.published_at,
        )
        factories.QuestionFactory(call=world.call, kind=Question.Kind.TEXT)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["other_reviews"]) == 4
    assert len(many) == len(few)
