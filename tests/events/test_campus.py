"""Campus services (korpu.events.campus): challenges, ideas and their follow-up, teams and
join requests, mentor slots, project submissions, judging, ranking and results — and the
row locks that keep team sizes and slot bookings right on PostgreSQL."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events import campus as services
from korpu.events.models import (
    Challenge,
    Idea,
    JoinRequest,
    Judge,
    JudgeAssignment,
    JudgingCriterion,
    MentorSlot,
    Registration,
    Submission,
    Team,
    TeamMember,
)
from korpu.programs.models import Application
from tests import factories
from tests.events import factories as ef
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- helpers ------------------------------------------------------------------------------
def participant(event, **person):
    return ef.RegistrationFactory(event=event, person=factories.PersonFactory(**person)).person


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.messages


def refused_fields(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def mails() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in OutboxMessage.objects.order_by("pk")]


def team_with(event, *people, max_size=5, name="Orbit", roles=()):
    team = services.create_team(
        actor=people[0], event=event, name=name, max_size=max_size, open_roles=roles
    )
    for person in people[1:]:
        TeamMember.objects.create(event=event, team=team, person=person)
    return team


def later(hours=72):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


def slot_for(event, mentor, *, at=None, hours=1):
    starts = at or later()
    return MentorSlot.objects.create(
        event=event,
        mentor=mentor,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
    )


@pytest.fixture
def campus(db):
    return ef.CampusFactory(slug="karabakh-campus", title="Karabakh Campus")


@pytest.fixture
def organiser(campus):
    return ef.organiser_manager(campus)


# --- permissions --------------------------------------------------------------------------
def test_who_is_an_organiser(campus, organiser):
    member = factories.MembershipFactory(organisation=campus.organisers.first()).person
    staff = factories.PersonFactory(is_staff=True)
    assert [
        services.is_organiser(person, campus)
        for person in (organiser, member, staff, factories.PersonFactory())
    ] == [True, False, True, False]


def test_only_confirmed_participants_count(campus):
    confirmed = participant(campus)
    waiting = ef.RegistrationFactory(
        event=campus, status=Registration.Status.WAITLISTED, confirmed_at=None
    ).person
    assert (
        services.is_participant(confirmed, campus),
        services.is_participant(waiting, campus),
    ) == (
        True,
        False,
    )


# --- challenges ---------------------------------------------------------------------------
def test_organisers_pose_challenges_per_language(campus, organiser):
    park = factories.OrganisationFactory(name="GOSB Teknopark", kind="technopark")
    first = services.save_challenge(
        actor=organiser,
        event=campus,
        data={"title_en": "Smart irrigation", "title_az": "Ağıllı suvarma", "posed_by": park},
    )
    second = services.save_challenge(actor=organiser, event=campus, data={"title_en": "Drones"})
    services.save_challenge(
        actor=organiser, event=campus, data={"description_en": "For Aghdam farms."}, challenge=first
    )
    first.refresh_from_db()
    assert (first.title_en, first.title_az, first.description_en, first.posed_by) == (
        "Smart irrigation",
        "Ağıllı suvarma",
        "For Aghdam farms.",
        park,
    )
    assert [c.position for c in (first, second)] == [0, 1]
    assert list(
        AuditEntry.objects.filter(action__startswith="events.challenge")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["events.challenge.create", "events.challenge.create", "events.challenge.update"]


def test_only_organisers_pose_challenges(campus):
    with pytest.raises(PermissionDenied):
        services.save_challenge(actor=participant(campus), event=campus, data={"title_en": "X"})
    assert Challenge.objects.count() == 0


def test_a_challenge_needs_a_title(campus, organiser):
    assert "title" in refused_fields(
        services.save_challenge, actor=organiser, event=campus, data={}
    )


# --- ideas --------------------------------------------------------------------------------
def test_a_participant_submits_an_idea(campus):
    author = participant(campus)
    challenge = ef.ChallengeFactory(event=campus)
    idea = services.submit_idea(
        actor=author,
        event=campus,
        title="  Soil sensors ",
        problem="Water is wasted.",
        solution="Cheap sensors.",
        team_needs="A hardware person",
        challenge=challenge,
    )
    assert (idea.title, idea.author, idea.challenge, idea.status) == (
        "Soil sensors",
        author,
        challenge,
        Idea.Status.SUBMITTED,
    )


def test_ideas_need_a_confirmed_registration(campus):
    waiting = ef.RegistrationFactory(
        event=campus, status=Registration.Status.WAITLISTED, confirmed_at=None
    ).person
    assert refused(
        services.submit_idea,
        actor=waiting,
        event=campus,
        title="T",
        problem="P",
        solution="S",
    ) == ["Only people with a confirmed registration for this campus can do this."]
    assert Idea.objects.count() == 0


def test_idea_fields_are_checked(campus):
    other_challenge = ef.ChallengeFactory()
    errors = refused_fields(
        services.submit_idea,
        actor=participant(campus),
        event=campus,
        title=" ",
        problem="",
        solution="",
        challenge=other_challenge,
    )
    assert errors == {
        "title": ["Give your idea a title."],
        "problem": ["Describe the problem the idea solves."],
        "solution": ["Describe your solution."],
        "challenge": ["This challenge belongs to another event."],
    }


def test_only_the_author_edits_and_a_chosen_idea_is_fixed(campus, organiser):
    author = participant(campus)
    idea = services.submit_idea(actor=author, event=campus, title="A", problem="P", solution="S")
    with pytest.raises(PermissionDenied):
        services.update_idea(
            actor=participant(campus), idea=idea, title="B", problem="P", solution="S"
        )
    services.update_idea(actor=author, idea=idea, title="B", problem="P2", solution="S")
    services.set_idea_chosen(actor=organiser, idea=idea, chosen=True)
    assert refused(
        services.update_idea, actor=author, idea=idea, title="C", problem="P", solution="S"
    ) == ["This idea has been chosen for implementation: it is now fixed."]
    idea.refresh_from_db()
    assert (idea.title, idea.problem, idea.status) == ("B", "P2", Idea.Status.CHOSEN)


def test_only_organisers_choose_ideas(campus):
    author = participant(campus)
    idea = services.submit_idea(actor=author, event=campus, title="A", problem="P", solution="S")
    with pytest.raises(PermissionDenied):
        services.set_idea_chosen(actor=author, idea=idea, chosen=True)


def test_follow_up_links_an_application_of_the_author_or_team(campus, organiser):
    author, teammate, stranger = participant(campus), participant(campus), participant(campus)
    idea = services.submit_idea(actor=author, event=campus, title="A", problem="P", solution="S")
    team = team_with(campus, teammate)
    team.idea = idea
    team.save()
    own = pf.ApplicationFactory(applicant=author, company=None)
    team_app = pf.ApplicationFactory(applicant=teammate, company=None)
    pf.ApplicationFactory(
        applicant=author, company=None, status=Application.Status.DRAFT, submitted_at=None
    )
    strangers = pf.ApplicationFactory(applicant=stranger, company=None)
    assert set(services.followup_applications(idea)) == {own, team_app}

    assert refused(services.record_followup, actor=organiser, idea=idea, application=own) == [
        "Only an idea chosen for implementation has a follow-up."
    ]
    services.set_idea_chosen(actor=organiser, idea=idea, chosen=True)
    assert refused_fields(
        services.record_followup, actor=organiser, idea=idea, application=strangers
    ) == {
        "application": ["Choose an application made by the idea's author or a member of its team."]
    }
    assert refused_fields(
        services.record_followup, actor=organiser, idea=idea, url="javascript:alert(1)"
    ) == {"url": ["Enter a full web address starting with https://."]}
    assert refused_fields(services.record_followup, actor=organiser, idea=idea) == {
        "__all__": ["Link an application or a project, or write a note."]
    }
    services.record_followup(
        actor=organiser,
        idea=idea,
        application=team_app,
        url="https://lab.example/projects/7",
        note="Prototype in the Aghdam lab.",
    )
    idea.refresh_from_db()
    assert (idea.followup_application, idea.followup_url, idea.followup_note) == (
        team_app,
        "https://lab.example/projects/7",
        "Prototype in the Aghdam lab.",
    )
    with pytest.raises(PermissionDenied):
        services.record_followup(actor=author, idea=idea, note="mine")
    services.set_idea_chosen(actor=organiser, idea=idea, chosen=False)
    idea.refresh_from_db()
    assert (idea.status, idea.followup_application, idea.followup_url, idea.followup_note) == (
        Idea.Status.SUBMITTED,
        None,
        "",
        "",
    )


# --- teams --------------------------------------------------------------------------------
def test_the_creator_is_the_first_member(campus):
    founder = participant(campus)
    team = services.create_team(
        actor=founder,
        event=campus,
        name="Orbit",
        max_size=3,
        open_roles="designer, backend developer,designer",
        role="lead",
    )
    assert (team.max_size, team.open_roles, team.created_by) == (
        3,
        ["designer", "backend developer"],
        founder,
    )
    assert list(team.members.values_list("person", "role")) == [(founder.pk, "lead")]


def test_one_team_per_person_per_campus(campus):
    founder = participant(campus)
    services.create_team(actor=founder, event=campus, name="Orbit")
    assert refused(services.create_team, actor=founder, event=campus, name="Second") == [
        "You are already in the team “Orbit” at this campus."
    ]
    assert Team.objects.count() == 1


def test_the_database_keeps_one_team_per_person(campus):
    person = participant(campus)
    first, second = ef.TeamFactory(event=campus), ef.TeamFactory(event=campus)
    TeamMember.objects.create(event=campus, team=first, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(event=campus, team=second, person=person)


def test_the_same_person_may_be_in_teams_of_two_campuses(campus):
    person = participant(campus)
    other = ef.CampusFactory()
    ef.RegistrationFactory(event=other, person=person)
    services.create_team(actor=person, event=campus, name="Orbit")
    services.create_team(actor=person, event=other, name="Orbit")
    assert TeamMember.objects.filter(person=person).count() == 2


def test_team_names_are_unique_in_a_campus_and_sizes_bounded(campus):
    services.create_team(actor=participant(campus), event=campus, name="Orbit")
    assert refused_fields(
        services.create_team, actor=participant(campus), event=campus, name="orbit", max_size=21
    ) == {
        "name": ["Another team of this campus already has this name."],
        "max_size": ["A team has between 1 and 20 members."],
    }


def test_join_request_accept_and_mails(campus):
    founder, mate = participant(campus, email="founder@example.org"), participant(campus)
    joiner = participant(
        campus, email="joiner@example.org", first_name="Aysel", last_name="Quliyeva"
    )
    team = team_with(campus, founder, mate, roles=["designer", "embedded developer"])
    other_team = team_with(campus, participant(campus), name="Comet")
    other_request = services.request_to_join(actor=joiner, team=other_team)
    request = services.request_to_join(
        actor=joiner, team=team, role="designer", message="I draw interfaces."
    )
    received = [m for m in mails() if "asks to join Orbit" in m[1]]
    assert sorted(to for m in received for to in m[0]) == sorted(
        ["founder@example.org", mate.email]
    )

    services.decide_join_request(actor=mate, join_request=request, accept=True)
    request.refresh_from_db()
    other_request.refresh_from_db()
    team.refresh_from_db()
    assert (request.status, other_request.status) == (
        JoinRequest.Status.ACCEPTED,
        JoinRequest.Status.WITHDRAWN,
    )
    assert team.open_roles == ["embedded developer"]
    assert TeamMember.objects.get(person=joiner).team == team
    assert TeamMember.objects.get(person=joiner).role == "designer"
    assert mails()[-1] == (["joiner@example.org"], "Welcome to Orbit")
    assert AuditEntry.objects.filter(action="events.join_request.accept").count() == 1


def test_declining_tells_the_person(campus):
    founder = participant(campus)
    joiner = participant(campus, email="joiner@example.org")
    team = team_with(campus, founder)
    request = services.request_to_join(actor=joiner, team=team)
    services.decide_join_request(actor=founder, join_request=request, accept=False)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert mails()[-1] == (["joiner@example.org"], "Your request to join Orbit")
    assert not TeamMember.objects.filter(person=joiner).exists()


def test_accepting_when_full_is_refused_and_changes_nothing(campus):
    founder, first, second = participant(campus), participant(campus), participant(campus)
    team = team_with(campus, founder, max_size=2)
    one = services.request_to_join(actor=first, team=team)
    two = services.request_to_join(actor=second, team=team)
    services.decide_join_request(actor=founder, join_request=one, accept=True)
    outbox = OutboxMessage.objects.count()
    assert refused(services.decide_join_request, actor=founder, join_request=two, accept=True) == [
        "The team “Orbit” is full (2 members)."
    ]
    two.refresh_from_db()
    assert (two.status, team.members.count(), OutboxMessage.objects.count()) == (
        JoinRequest.Status.PENDING,
        2,
        outbox,
    )


def test_asking_to_join_a_full_team_or_twice_is_refused(campus):
    founder, joiner = participant(campus), participant(campus)
    full = team_with(campus, founder, max_size=1)
    assert refused(services.request_to_join, actor=joiner, team=full) == [
        "The team “Orbit” is full (1 members)."
    ]
    team = team_with(campus, participant(campus), name="Comet")
    services.request_to_join(actor=joiner, team=team)
    assert refused(services.request_to_join, actor=joiner, team=team) == [
        "You have already asked to join this team."
    ]
    assert refused(services.request_to_join, actor=founder, team=team) == [
        "You are already in the team “Orbit” at this campus."
    ]


def test_only_team_members_decide_and_only_the_requester_withdraws(campus):
    founder, joiner, outsider = participant(campus), participant(campus), participant(campus)
    team = team_with(campus, founder)
    request = services.request_to_join(actor=joiner, team=team)
    with pytest.raises(PermissionDenied):
        services.decide_join_request(actor=outsider, join_request=request, accept=True)
    with pytest.raises(PermissionDenied):
        services.withdraw_join_request(actor=founder, join_request=request)
    services.withdraw_join_request(actor=joiner, join_request=request)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    assert refused(
        services.decide_join_request, actor=founder, join_request=request, accept=True
    ) == ["This request has already been answered."]


def test_the_size_cannot_drop_below_the_members(campus):
    founder, mate = participant(campus), participant(campus)
    team = team_with(campus, founder, mate)
    assert refused_fields(
        services.update_team, actor=founder, team=team, name="Orbit", max_size=1
    ) == {"max_size": ["The team already has 2 members."]}


def test_leaving_and_the_last_one_out(campus):
    founder, mate = participant(campus), participant(campus)
    team = team_with(campus, founder, mate)
    assert services.leave_team(actor=mate, team=team) is True
    assert services.leave_team(actor=founder, team=team) is False
    assert not Team.objects.filter(pk=team.pk).exists()
    with pytest.raises(PermissionDenied):
        services.leave_team(actor=founder, team=ef.TeamFactory(event=campus))


def test_a_team_with_a_project_stays_when_its_last_member_leaves(campus):
    founder = participant(campus)
    team = team_with(campus, founder)
    Submission.objects.create(team=team, title="Soil", description="Sensors")
    assert services.leave_team(actor=founder, team=team) is True
    assert Team.objects.filter(pk=team.pk).exists()
    assert team.members.count() == 0


# --- mentor slots -------------------------------------------------------------------------
def test_organisers_publish_slots_for_a_mentor(campus, organiser):
    mentor = factories.PersonFactory()
    start = later()
    slots = services.publish_mentor_slots(
        actor=organiser,
        event=campus,
        mentor=mentor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        topic="Pitching",
        count=3,
    )
    assert [(s.starts_at - start, s.ends_at - start, s.topic) for s in slots] == [
        (datetime.timedelta(0), datetime.timedelta(minutes=30), "Pitching"),
        (datetime.timedelta(minutes=30), datetime.timedelta(minutes=60), "Pitching"),
        (datetime.timedelta(minutes=60), datetime.timedelta(minutes=90), "Pitching"),
    ]
    assert MentorSlot.objects.filter(mentor=mentor).count() == 3


def test_organiser_members_offer_their_own_slots_only(campus):
    member = factories.MembershipFactory(organisation=campus.organisers.first()).person
    outsider = participant(campus)
    start = later()
    end = start + datetime.timedelta(hours=1)
    services.publish_mentor_slots(
        actor=member, event=campus, mentor=member, starts_at=start, ends_at=end
    )
    with pytest.raises(PermissionDenied):
        services.publish_mentor_slots(
            actor=member, event=campus, mentor=outsider, starts_at=start, ends_at=end
        )
    with pytest.raises(PermissionDenied):
        services.publish_mentor_slots(
            actor=outsider, event=campus, mentor=outsider, starts_at=start, ends_at=end
        )
    assert MentorSlot.objects.count() == 1


def test_slots_of_one_mentor_do_not_overlap(campus, organiser):
    mentor = factories.PersonFactory(first_name="Elvin", last_name="Mammadov")
    start = later()
    services.publish_mentor_slots(
        actor=organiser,
        event=campus,
        mentor=mentor,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    messages = refused(
        services.publish_mentor_slots,
        actor=organiser,
        event=campus,
        mentor=mentor,
        starts_at=start + datetime.timedelta(minutes=30),
        ends_at=start + datetime.timedelta(minutes=90),
    )
    assert len(messages) == 1 and messages[0].startswith("Elvin Mammadov already has a slot at ")
    assert refused_fields(
        services.publish_mentor_slots,
        actor=organiser,
        event=campus,
        mentor=mentor,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    ) == {"starts_at": ["Offer a time in the future."]}


def test_a_slot_is_booked_by_one_team_only(campus):
    slot = slot_for(campus, factories.PersonFactory())
    first, second = participant(campus), participant(campus)
    team_with(campus, first)
    team_with(campus, second, name="Comet")
    services.book_mentor_slot(actor=first, slot=slot)
    assert refused(services.book_mentor_slot, actor=second, slot=slot) == [
        "Another team has just booked this slot. Please choose another one."
    ]
    slot.refresh_from_db()
    assert slot.team.name == "Orbit"


def test_a_team_cannot_hold_overlapping_slots(campus):
    start = later()
    one = slot_for(campus, factories.PersonFactory(), at=start)
    two = slot_for(campus, factories.PersonFactory(), at=start + datetime.timedelta(minutes=30))
    three = slot_for(campus, factories.PersonFactory(), at=start + datetime.timedelta(hours=1))
    member = participant(campus)
    team = team_with(campus, member)
    services.book_mentor_slot(actor=member, slot=one)
    messages = refused(services.book_mentor_slot, actor=member, slot=two)
    assert len(messages) == 1 and messages[0].startswith(
        "Your team already has a mentor meeting at "
    )
    services.book_mentor_slot(actor=member, slot=three)
    assert set(MentorSlot.objects.filter(team=team).values_list("pk", flat=True)) == {
        one.pk,
        three.pk,
    }


def test_booking_needs_a_team_and_cancelling_frees_the_slot(campus):
    slot = slot_for(campus, factories.PersonFactory())
    loner = participant(campus)
    assert refused(services.book_mentor_slot, actor=loner, slot=slot) == [
        "Join or create a team first: mentors meet teams."
    ]
    member = participant(campus)
    team_with(campus, member)
    services.book_mentor_slot(actor=member, slot=slot)
    with pytest.raises(PermissionDenied):
        services.cancel_mentor_booking(actor=loner, slot=slot)
    assert refused(services.delete_mentor_slot, actor=slot.mentor, slot=slot) == [
        "This slot is booked: cancel the booking first."
    ]
    services.cancel_mentor_booking(actor=slot.mentor, slot=slot)
    slot.refresh_from_db()
    assert slot.team is None


# --- submissions --------------------------------------------------------------------------
def test_a_team_member_hands_in_a_project_with_links_and_a_file(campus):
    member = participant(campus)
    team = team_with(campus, member)
    submission = services.save_submission(
        actor=member,
        team=team,
        title="Soil sensors",
        description="LoRa sensors for farms.",
        links="https://github.com/x/soil\nhttps://demo.example/soil https://github.com/x/soil",
        file=SimpleUploadedFile("deck.pdf", PDF, content_type="application/pdf"),
    )
    assert (submission.title, submission.links, submission.file_type) == (
        "Soil sensors",
        ["https://github.com/x/soil", "https://demo.example/soil"],
        "application/pdf",
    )
    assert submission.file.read() == PDF
    services.save_submission(
        actor=member, team=team, title="Soil sensors v2", description="d", remove_file=True
    )
    submission.refresh_from_db()
    assert (submission.title, bool(submission.file), submission.links) == (
        "Soil sensors v2",
        False,
        [],
    )


def test_a_replaced_file_is_deleted_after_commit(campus, django_capture_on_commit_callbacks):
    member = participant(campus)
    team = team_with(campus, member)
    first = services.save_submission(
        actor=member,
        team=team,
        title="T",
        description="D",
        file=SimpleUploadedFile("one.pdf", PDF, "application/pdf"),
    )
    old_name = first.file.name
    storage = first.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = services.save_submission(
            actor=member,
            team=team,
            title="T",
            description="D",
            file=SimpleUploadedFile("two.pdf", PDF, "application/pdf"),
        )
    assert (storage.exists(old_name), storage.exists(second.file.name)) == (False, True)


def test_the_file_is_judged_by_its_content(campus):
    member = participant(campus)
    team = team_with(campus, member)
    assert refused_fields(
        services.save_submission,
        actor=member,
        team=team,
        title="T",
        description="D",
        file=SimpleUploadedFile("deck.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
    ) == {"file": ["This file's content is not an accepted type for documents."]}
    assert Submission.objects.count() == 0


def test_the_file_size_is_limited(campus, settings):
    settings.KORPU_MAX_DOCUMENT_BYTES = 100
    member = participant(campus)
    errors = refused_fields(
        services.save_submission,
        actor=member,
        team=team_with(campus, member),
        title="T",
        description="D",
        file=SimpleUploadedFile("deck.pdf", PDF + b" " * 200, "application/pdf"),
    )
    assert list(errors) == ["file"] and errors["file"][0].startswith("The file is too large")


def test_links_are_checked(campus):
    member = participant(campus)
    team = team_with(campus, member)
    assert refused_fields(
        services.save_submission,
        actor=member,
        team=team,
        title="T",
        description="D",
        links=["javascript:alert(1)"],
    ) == {"links": ["“javascript:alert(1)” is not a full web address starting with https://."]}
    assert refused_fields(
        services.save_submission,
        actor=member,
        team=team,
        title="T",
        description="D",
        links=[f"https://example.org/{n}" for n in range(6)],
    ) == {"links": ["Give at most 5 links."]}


def test_no_submission_after_the_deadline(campus):
    member = participant(campus)
    team = team_with(campus, member)
    campus.submissions_close_at = timezone.now() - datetime.timedelta(minutes=1)
    campus.save()
    messages = refused(
        services.save_submission, actor=member, team=team, title="Late", description="D"
    )
    assert len(messages) == 1 and messages[0].startswith("Projects could be handed in until ")
    assert messages[0].endswith("; the deadline has passed.")
    assert Submission.objects.count() == 0


def test_only_team_members_submit(campus):
    team = team_with(campus, participant(campus))
    with pytest.raises(PermissionDenied):
        services.save_submission(actor=participant(campus), team=team, title="T", description="D")


# --- judging ------------------------------------------------------------------------------
def project(event, *people, name):
    team = team_with(event, *people, name=name)
    return Submission.objects.create(team=team, title=f"{name} project", description="D")


def test_criteria_are_fixed_once_scoring_starts(campus, organiser):
    criterion = services.save_criterion(
        actor=organiser, event=campus, data={"label_en": "Impact", "max_score": 10, "weight": 2}
    )
    assert refused_fields(
        services.save_criterion, actor=organiser, event=campus, data={"label_en": "X", "weight": 0}
    ) == {"weight": ["The weight must be above zero."]}
    submission = project(campus, participant(campus), name="Orbit")
    judge = Judge.objects.create(event=campus, person=factories.PersonFactory())
    JudgeAssignment.objects.create(
        judge=judge,
        submission=submission,
        scores={str(criterion.pk): 5},
        submitted_at=timezone.now(),
    )
    assert refused(
        services.save_criterion,
        actor=organiser,
        event=campus,
        data={"max_score": 5},
        criterion=criterion,
    ) == ["Judges have started scoring: the highest score and the weight are fixed now."]
    assert refused(services.delete_criterion, actor=organiser, criterion=criterion) == [
        "Judges have started scoring: criteria can no longer be removed."
    ]
    services.save_criterion(
        actor=organiser, event=campus, data={"label_en": "Impact on farms"}, criterion=criterion
    )
    criterion.refresh_from_db()
    assert (criterion.label_en, criterion.max_score) == ("Impact on farms", 10)


def test_judges_are_added_by_e_mail_once(campus, organiser):
    person = factories.PersonFactory(
        email="judge@example.org", first_name="Leyla", last_name="Aliyeva"
    )
    services.add_judge(actor=organiser, event=campus, email="Judge@Example.org")
    assert refused_fields(
        services.add_judge, actor=organiser, event=campus, email="judge@example.org"
    ) == {"email": ["Leyla Aliyeva is already a judge."]}
    assert refused_fields(
        services.add_judge, actor=organiser, event=campus, email="nobody@example.org"
    ) == {"email": ["Nobody has an account with this e-mail address. Ask them to sign up first."]}
    with pytest.raises(PermissionDenied):
        services.add_judge(actor=person, event=campus, email="judge@example.org")


def test_automatic_assignment_excludes_conflicts_and_balances_load(campus, organiser):
    company = factories.OrganisationFactory(name="Acme")
    in_team = participant(campus, first_name="Team", last_name="Judge")
    colleague_member = participant(campus)
    colleague_judge = factories.PersonFactory(first_name="Colleague", last_name="Judge")
    factories.MembershipFactory(person=colleague_member, organisation=company)
    factories.MembershipFactory(person=colleague_judge, organisation=company)
    free_judge = factories.PersonFactory(first_name="Free", last_name="Judge")
    project(campus, in_team, name="Orbit")
    project(campus, colleague_member, name="Comet")
    nova = project(campus, participant(campus), name="Nova")
    judges = {
        person.pk: Judge.objects.create(event=campus, person=person)
        for person in (in_team, colleague_judge, free_judge)
    }
    outcome = services.assign_judges(actor=organiser, event=campus, per_project=2)
    pairs = {
        (a.submission.title, a.judge.person.first_name)
        for a in JudgeAssignment.objects.select_related("submission", "judge__person")
    }
    assert pairs == {
        ("Orbit project", "Colleague"),
        ("Orbit project", "Free"),
        ("Comet project", "Team"),
        ("Comet project", "Free"),
        ("Nova project", "Team"),
        ("Nova project", "Colleague"),
    }
    assert outcome["short"] == []
    assert sorted(JudgeAssignment.objects.filter(judge=j).count() for j in judges.values()) == [
        2,
        2,
        2,
    ]
    # Nothing changes on a second run: every project has its judges.
    assert services.assign_judges(actor=organiser, event=campus, per_project=2)["created"] == []
    assert nova.judge_assignments.count() == 2


def test_automatic_assignment_reports_projects_short_of_judges(campus, organiser):
    member = participant(campus)
    orbit = project(campus, member, name="Orbit")
    Judge.objects.create(event=campus, person=member)
    outcome = services.assign_judges(actor=organiser, event=campus, per_project=1)
    assert (outcome["created"], outcome["short"]) == ([], [orbit])


def test_assignment_spreads_projects_evenly(campus, organiser):
    submissions = [project(campus, participant(campus), name=f"T{n}") for n in range(4)]
    judges = [
        Judge.objects.create(event=campus, person=factories.PersonFactory()) for _ in range(2)
    ]
    services.assign_judges(actor=organiser, event=campus, per_project=1)
    assert [j.assignments.count() for j in judges] == [2, 2]
    assert [s.judge_assignments.count() for s in submissions] == [1, 1, 1, 1]
    assert sorted(to for m in mails() for to in m[0]) == sorted(j.person.email for j in judges)


def test_a_conflicted_judge_cannot_be_assigned_by_hand(campus, organiser):
    member = participant(campus, first_name="Rauf", last_name="Hasanov")
    submission = project(campus, member, name="Orbit")
    judge = Judge.objects.create(event=campus, person=member)
    assert refused(services.assign_judge, actor=organiser, submission=submission, judge=judge) == [
        "Rauf Hasanov cannot judge this project: they are a member of the team."
    ]
    with pytest.raises(PermissionDenied):
        services.assign_judges(actor=member, event=campus, per_project=1)


@pytest.fixture
def scored_world(campus, organiser):
    impact = JudgingCriterion.objects.create(event=campus, label="Impact", weight=2, max_score=10)
    design = JudgingCriterion.objects.create(event=campus, label="Design", weight=1, max_score=5)
    judges = [
        Judge.objects.create(event=campus, person=factories.PersonFactory()) for _ in range(2)
    ]
    orbit = project(campus, participant(campus), name="Orbit")
    comet = project(campus, participant(campus), name="Comet")
    assignments = {
        (s.team.name, n): JudgeAssignment.objects.create(judge=j, submission=s)
        for s in (orbit, comet)
        for n, j in enumerate(judges)
    }
    return {
        "impact": impact,
        "design": design,
        "judges": judges,
        "orbit": orbit,
        "comet": comet,
        "assignments": assignments,
    }


def _score(assignment, impact, design, **kwargs):
    criteria = assignment.judge.event.judging_criteria.order_by("position", "pk")
    first, second = criteria
    return services.score_project(
        actor=assignment.judge.person,
        assignment=assignment,
        scores={str(first.pk): impact, str(second.pk): design},
        **kwargs,
    )


def test_scores_stay_within_bounds(scored_world):
    assignment = scored_world["assignments"][("Orbit", 0)]
    impact, design = scored_world["impact"], scored_world["design"]
    assert refused_fields(
        services.score_project,
        actor=assignment.judge.person,
        assignment=assignment,
        scores={str(impact.pk): 11, str(design.pk): -1},
    ) == {
        f"c{impact.pk}": ["Give a score from 0 to 10."],
        f"c{design.pk}": ["Give a score from 0 to 5."],
    }
    assert refused_fields(
        services.score_project,
        actor=assignment.judge.person,
        assignment=assignment,
        scores={str(impact.pk): 7.5},
    ) == {f"c{impact.pk}": ["Give a whole number."], f"c{design.pk}": ["Give a whole number."]}
    assignment.refresh_from_db()
    assert (assignment.scores, assignment.submitted_at) == ({}, None)
    _score(assignment, 10, 0, comment="Strong field test.")
    assignment.refresh_from_db()
    assert (assignment.scores, assignment.comment) == (
        {str(impact.pk): 10, str(design.pk): 0},
        "Strong field test.",
    )


def test_only_the_assigned_judge_scores(scored_world):
    assignment = scored_world["assignments"][("Orbit", 0)]
    other = scored_world["judges"][1].person
    with pytest.raises(PermissionDenied):
        services.score_project(actor=other, assignment=assignment, scores={})


def test_a_judge_who_joined_the_team_can_no_longer_score(scored_world, campus):
    assignment = scored_world["assignments"][("Orbit", 0)]
    TeamMember.objects.create(
        event=campus, team=scored_world["orbit"].team, person=assignment.judge.person
    )
    assert refused(_score, assignment, 5, 5) == [
        "You cannot judge this project: you are a member of the team."
    ]


def test_weighted_score_and_ranking_maths(scored_world, campus):
    a = scored_world["assignments"]
    _score(a[("Orbit", 0)], 10, 5)  # (100·2 + 100·1) / 3 = 100
    _score(a[("Orbit", 1)], 5, 0)  # (50·2 + 0·1) / 3 = 33.33…
    _score(a[("Comet", 0)], 8, 4)  # (80·2 + 80·1) / 3 = 80
    rows = services.ranking(campus)
    assert [(r["team"].name, r["score"], r["rank"], r["scored"], r["judges"]) for r in rows] == [
        ("Comet", 80.0, 1, 1, 2),
        ("Orbit", 66.67, 2, 2, 2),
    ]
    criteria = [scored_world["impact"], scored_world["design"]]
    assert services.weighted_score({str(c.pk): 3 for c in criteria[:1]}, criteria) is None


def test_equal_scores_share_a_rank_and_unscored_projects_come_last(campus):
    criterion = JudgingCriterion.objects.create(event=campus, label="All", max_score=4)
    judge = Judge.objects.create(event=campus, person=factories.PersonFactory())
    for name, value in (("A", 2), ("B", 4), ("C", 2), ("D", 1)):
        JudgeAssignment.objects.create(
            judge=judge,
            submission=project(campus, participant(campus), name=name),
            scores={str(criterion.pk): value},
            submitted_at=timezone.now(),
        )
    project(campus, participant(campus), name="E")
    assert [(r["team"].name, r["score"], r["rank"]) for r in services.ranking(campus)] == [
        ("B", 100.0, 1),
        ("A", 50.0, 2),
        ("C", 50.0, 2),
        ("D", 25.0, 4),
        ("E", None, None),
    ]


def test_publishing_needs_every_score_and_tells_the_teams(scored_world, campus, organiser):
    a = scored_world["assignments"]
    for key in (("Orbit", 0), ("Orbit", 1), ("Comet", 0)):
        _score(a[key], 6, 3)
    assert refused(services.publish_results, actor=organiser, event=campus) == [
        "1 scores are still missing. Wait for the judges, or remove the assignments of judges "
        "who cannot score."
    ]
    with pytest.raises(PermissionDenied):
        services.publish_results(actor=a[("Comet", 1)].judge.person, event=campus)
    services.unassign_judge(actor=organiser, assignment=a[("Comet", 1)])
    assert refused(services.unassign_judge, actor=organiser, assignment=a[("Orbit", 0)]) == [
        f"{a[('Orbit', 0)].judge.person.full_name} has already scored this project."
    ]
    before = OutboxMessage.objects.count()
    services.publish_results(actor=organiser, event=campus)
    campus.refresh_from_db()
    assert campus.results_published is True
    members = TeamMember.objects.filter(team__event=campus).select_related("person")
    assert sorted(m.to[0] for m in OutboxMessage.objects.order_by("pk")[before:]) == sorted(
        m.person.email for m in members
    )
    assert {m.subject for m in OutboxMessage.objects.order_by("pk")[before:]} == {
        "Results of Karabakh Campus"
    }
    assert refused(_score, a[("Orbit", 0)], 1, 1) == [
        "The results are published: scores can no longer be changed."
    ]


def test_publishing_with_nothing_judged_is_refused(campus, organiser):
    assert refused(services.publish_results, actor=organiser, event=campus) == [
        "No project has been judged yet."
    ]


def test_a_judge_who_scored_stays(scored_world, organiser):
    assignment = scored_world["assignments"][("Orbit", 0)]
    _score(assignment, 1, 1)
    assert refused(services.remove_judge, actor=organiser, judge=assignment.judge) == [
        f"{assignment.judge.person.full_name} has already scored projects and stays on the jury."
    ]


# --- concurrency on PostgreSQL --------------------------------------------------------------
def _at_once(*calls):
    """Run the calls in threads released together; each gives "ok" or its error message."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def slow_count(monkeypatch):
    original = services._member_count

    def slow(team_id):
        count = original(team_id)
        time.sleep(0.3)  # widen the window between the count and the insert
        return count

    monkeypatch.setattr(services, "_member_count", slow)


def _last_place_and_four_requests():
    campus = ef.CampusFactory()
    founder = participant(campus)
    team = team_with(campus, founder, participant(campus), max_size=3)
    requests = [JoinRequest.objects.create(team=team, person=participant(campus)) for _ in range(4)]
    return founder, team, requests


def _accept(actor, request):
    return lambda: services.decide_join_request(actor=actor, join_request=request, accept=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_for_the_last_place_admit_one(slow_count):
    founder, team, requests = _last_place_and_four_requests()
    outcomes = _at_once(*(_accept(founder, r) for r in requests))
    assert outcomes == ["The team “Orbit” is full (3 members)."] * 3 + ["ok"]
    assert team.members.count() == 3
    assert JoinRequest.objects.filter(status=JoinRequest.Status.ACCEPTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_team_lock_the_team_overflows(slow_count, monkeypatch):
    """Control: with the team lock switched off the same race lets everyone in."""
    monkeypatch.setattr(services, "_lock_team", lambda team_id: Team.objects.get(pk=team_id))
    founder, team, requests = _last_place_and_four_requests()
    assert _at_once(*(_accept(founder, r) for r in requests)) == ["ok"] * 4
    assert team.members.count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_teams_booking_one_slot_at_once_get_one_booking():
    campus = ef.CampusFactory()
    slot = slot_for(campus, factories.PersonFactory())
    first, second = participant(campus), participant(campus)
    team_with(campus, first)
    team_with(campus, second, name="Comet")
    outcomes = _at_once(
        lambda: services.book_mentor_slot(actor=first, slot=slot),
        lambda: services.book_mentor_slot(actor=second, slot=slot),
    )
    assert outcomes == ["Another team has just booked this slot. Please choose another one.", "ok"]
    slot.refresh_from_db()
    assert slot.team is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_teams_accepting_the_same_person_at_once(slow_count):
    campus = ef.CampusFactory()
    joiner = participant(campus)
    founders = [participant(campus), participant(campus)]
    teams = [team_with(campus, founders[0]), team_with(campus, founders[1], name="Comet")]
    requests = [JoinRequest.objects.create(team=t, person=joiner) for t in teams]
    outcomes = _at_once(*(_accept(f, r) for f, r in zip(founders, requests, strict=True)))
    assert outcomes == ["This request has already been answered.", "ok"]
    assert TeamMember.objects.filter(person=joiner).count() == 1
