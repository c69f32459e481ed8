import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext

from korpu.common.models import AuditEntry
from korpu.programs import services
from korpu.programs.models import Answer, Application, CohortMember, Conflict, Question, Review
from tests import factories as directory
from tests.programs import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = factories.CallFactory(eligible_countries=["TR", "AZ"])
    factories.QuestionFactory(call=call, kind=Question.Kind.LONG_TEXT, label="Problem")
    factories.QuestionFactory(call=call, kind=Question.Kind.NUMBER, label="Team size")
    factories.QuestionFactory(
        call=call, kind=Question.Kind.CHOICE, label="Stage", choices=["idea", "prototype"]
    )
    factories.QuestionFactory(call=call, kind=Question.Kind.FILE, label="Deck", required=False)
    return call


@pytest.fixture
def company_member():
    membership = directory.MembershipFactory(role="member")
    return membership.person, membership.organisation


def answers_for(call, **by_label):
    return {q.pk: by_label[q.label] for q in call.questions.all() if q.label in by_label}


def test_company_member_applies_edits_and_submits(call, company_member):
    person, company = company_member
    application = services.start_application(
        actor=person, call=call, title="Cobot cell", company=company
    )
    application = services.save_draft(
        actor=person,
        application=application,
        version=1,
        title="Cobot cell",
        summary="Vision-guided cobots",
        answers=answers_for(
            call, Problem="Small factories", **{"Team size": "7", "Stage": "prototype"}
        ),
        files={},
    )
    assert (application.version, application.status) == (2, "draft")
    submitted = services.submit_application(actor=person, application=application, version=2)
    assert (submitted.status, submitted.version) == ("submitted", 3)
    values = dict(
        Answer.objects.filter(application=submitted).values_list("question__label", "value")
    )
    assert values == {"Problem": "Small factories", "Team size": "7", "Stage": "prototype"}
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "application.start",
        "application.save",
        "application.submit",
    ]


def test_two_members_editing_never_lose_each_others_work(call, company_member):
    person, company = company_member
    colleague = directory.MembershipFactory(organisation=company).person
    application = services.start_application(actor=person, call=call, title="A", company=company)
    services.save_draft(
        actor=person, application=application, version=1, title="First", summary="", answers={}
    )
    # The colleague opened the form at version 1 and saves after the first save.
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            actor=colleague,
            application=application,
            version=1,
            title="Second",
            summary="",
            answers={},
        )
    assert error.value.error_list[0].code == "stale"
    application.refresh_from_db()
    assert (application.title, application.version) == ("First", 2)


def test_deadline_is_enforced_on_the_server_in_the_users_language(call, company_member):
    person, company = company_member
    application = services.start_application(actor=person, call=call, title="A", company=company)
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.opens_at = call.closes_at - datetime.timedelta(days=30)
    call.save()
    with translation.override("tr"), pytest.raises(ValidationError) as error:
        services.submit_application(actor=person, application=application, version=1)
    with translation.override("tr"):
        expected_start = gettext(
            "The deadline has passed (%(deadline)s, %(zone)s): applications are closed."
        ).split("(")[0]
    assert error.value.messages[0].startswith(expected_start)
    application.refresh_from_db()
    assert application.status == "draft"


def test_eligibility_problems_are_explained(call):
    outsider = directory.PersonFactory(country="DE")
    foreign = directory.OrganisationFactory(country="DE")
    directory.MembershipFactory(person=outsider, organisation=foreign)
    assert services.eligibility_problems(call=call, person=outsider, company=None) == [
        "This call is for companies: apply on behalf of your company."
    ]
    assert services.eligibility_problems(call=call, person=outsider, company=foreign) == [
        "This call is not open to applicants from this country."
    ]
    stranger_company = directory.OrganisationFactory()
    assert services.eligibility_problems(call=call, person=outsider, company=stranger_company) == [
        "You are not a member of this company."
    ]
    with pytest.raises(ValidationError):
        services.start_application(actor=outsider, call=call, title="X", company=foreign)
    assert Application.objects.count() == 0


def test_bad_answers_are_refused_with_field_messages_and_nothing_saved(call, company_member):
    person, company = company_member
    application = services.start_application(actor=person, call=call, title="A", company=company)
    fake_pdf = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00not a pdf", "application/pdf")
    deck = call.questions.get(label="Deck")
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            actor=person,
            application=application,
            version=1,
            title="",
            summary="",
            answers=answers_for(call, **{"Team size": "seven", "Stage": "unicorn"}),
            files={deck.pk: fake_pdf},
        )
    fields = {q.label: f"q{q.pk}" for q in call.questions.all()}
    assert set(error.value.message_dict) == {
        "title",
        fields["Team size"],
        fields["Stage"],
        fields["Deck"],
    }
    assert Answer.objects.count() == 0
    application.refresh_from_db()
    assert (application.title, application.version) == ("A", 1)


def test_submit_needs_every_required_answer(call, company_member):
    person, company = company_member
    application = services.start_application(actor=person, call=call, title="A", company=company)
    with pytest.raises(ValidationError) as error:
        services.submit_application(actor=person, application=application, version=1)
    assert "Problem; Team size; Stage" in error.value.messages[0]


def test_conflicts_are_detected_for_the_pool():
    from korpu.programs.models import DeclaredRelationship

    application = factories.ApplicationFactory()
    application.applicant.email = "founder@acme-robotics.example"
    application.applicant.save()
    colleague = directory.PersonFactory(email="colleague@gmail.com")
    directory.MembershipFactory(person=colleague, organisation=application.company)
    adviser = directory.PersonFactory(email="adviser@consult.example")
    DeclaredRelationship.objects.create(
        person=adviser, organisation=application.company, note="adviser"
    )
    same_domain = directory.PersonFactory(email="cto@acme-robotics.example")
    neutral = directory.PersonFactory(email="n@university.example")
    gmail_user = directory.PersonFactory(email="other@gmail.com")
    for reviewer in (colleague, adviser, same_domain, neutral, gmail_user):
        factories.CallReviewerFactory(call=application.call, reviewer=reviewer)
    services.detect_conflicts(application)
    services.detect_conflicts(application)  # idempotent
    found = sorted(
        (c.reviewer.email, c.source) for c in Conflict.objects.filter(application=application)
    )
    assert found == [
        ("adviser@consult.example", "relationship"),
        ("colleague@gmail.com", "same_organisation"),
        ("cto@acme-robotics.example", "email_domain"),
    ]


def test_declared_conflict_removes_the_assignment_and_cannot_be_overridden():
    assignment = factories.AssignmentFactory()
    manager = directory.PersonFactory()
    conflict = services.declare_conflict(
        reviewer=assignment.reviewer, application=assignment.application, note="former employer"
    )
    assert not type(assignment).objects.filter(pk=assignment.pk).exists()
    with pytest.raises(ValidationError):
        services.override_conflict(manager=manager, conflict=conflict, reason="long enough reason")


def test_detected_conflict_override_needs_a_reason_and_is_logged():
    application = factories.ApplicationFactory()
    reviewer = directory.PersonFactory()
    conflict = Conflict.objects.create(
        application=application, reviewer=reviewer, source=Conflict.Source.SAME_EMAIL_DOMAIN
    )
    manager = directory.PersonFactory()
    with pytest.raises(ValidationError):
        services.override_conflict(manager=manager, conflict=conflict, reason="ok")
    services.override_conflict(
        manager=manager, conflict=conflict, reason="Same university, different faculties."
    )
    conflict.refresh_from_db()
    assert (conflict.overridden_by, conflict.is_active) == (manager, False)
    assert AuditEntry.objects.filter(action="conflict.override", actor=manager).count() == 1


def test_review_scores_are_validated_and_weighted():
    assignment = factories.AssignmentFactory()
    impact = factories.CriterionFactory(stage=assignment.stage, max_score=10, weight=2)
    team = factories.CriterionFactory(stage=assignment.stage, max_score=5, weight=1)
    with pytest.raises(ValidationError) as error:
        services.save_review(
            reviewer=assignment.reviewer,
            assignment=assignment,
            scores={str(impact.pk): 11, str(team.pk): "x"},
            comment="",
            submit=True,
        )
    assert set(error.value.message_dict) == {f"c{impact.pk}", f"c{team.pk}"}
    assert not Review.objects.exists()
    review = services.save_review(
        reviewer=assignment.reviewer,
        assignment=assignment,
        scores={str(impact.pk): 8, str(team.pk): 5},
        comment="Strong team",
        submit=True,
    )
    # (8/10·100·2 + 5/5·100·1) / 3 = 86.67
    assert round(review.weighted_score([impact, team]), 2) == 86.67
    assert review.submitted_at is not None


def test_conflicted_reviewer_cannot_review():
    assignment = factories.AssignmentFactory()
    Conflict.objects.create(
        application=assignment.application, reviewer=assignment.reviewer, source="email_domain"
    )
    with pytest.raises(ValidationError):
        services.save_review(
            reviewer=assignment.reviewer, assignment=assignment, scores={}, comment="", submit=False
        )


def test_acceptance_notifies_in_the_applicants_language_and_builds_the_cohort(
    django_capture_on_commit_callbacks,
):
    application = factories.ApplicationFactory()
    application.applicant.preferred_language = "az"
    application.applicant.save()
    manager = directory.PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            manager=manager, application=application, outcome="accepted", note="Welcome!"
        )
    member = CohortMember.objects.get()
    assert (member.company, member.cohort.call) == (application.company, application.call)
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    with translation.override("az"):
        subject = gettext("Decision on your application: %(title)s") % {"title": application.title}
    assert mail.outbox[0].subject == subject
    with pytest.raises(ValidationError):
        services.decide(manager=manager, application=application, outcome="rejected")


def test_withdrawn_application_leaves_the_reviewers_list_and_cannot_be_reviewed():
    from korpu.programs import queries

    assignment = factories.AssignmentFactory()
    factories.CriterionFactory(stage=assignment.stage)
    assert list(queries.my_assignments(assignment.reviewer)) == [assignment]
    services.withdraw_application(
        actor=assignment.application.applicant, application=assignment.application
    )
    assert list(queries.my_assignments(assignment.reviewer)) == []
    with pytest.raises(ValidationError) as error:
        services.save_review(
            reviewer=assignment.reviewer, assignment=assignment, scores={}, comment="", submit=False
        )
    assert error.value.messages == ["This application was withdrawn."]


def test_ranking_ignores_the_review_of_a_conflicted_reviewer():
    from korpu.programs import queries

    honest = factories.AssignmentFactory()
    stage, application = honest.stage, honest.application
    criterion = factories.CriterionFactory(stage=stage, max_score=10)
    tainted = factories.AssignmentFactory(stage=stage, application=application)
    for assignment, score in ((honest, 6), (tainted, 10)):
        services.save_review(
            reviewer=assignment.reviewer,
            assignment=assignment,
            scores={str(criterion.pk): score},
            comment="",
            submit=True,
        )
    assert [a.score for a in queries.call_applications_with_scores(stage.call, stage)] == [80.0]
    services.declare_conflict(reviewer=tainted.reviewer, application=application, note="late")
    assert [a.score for a in queries.call_applications_with_scores(stage.call, stage)] == [60.0]
