"""Campus pages per role: the public hub and showcase, ideas, teams and join requests,
mentor slots, project hand-in and its file, organisers' judging pages, judges' scoring."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from korpu.events import campus as services
from korpu.events.models import (
    Challenge,
    Event,
    Idea,
    JoinRequest,
    Judge,
    JudgeAssignment,
    JudgingCriterion,
    MentorSlot,
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


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def participant(event, **person):
    return ef.RegistrationFactory(event=event, person=factories.PersonFactory(**person)).person


def signed_in(client, person):
    client.force_login(person)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def team_with(event, *people, name="Orbit", max_size=5):
    team = Team.objects.create(event=event, name=name, max_size=max_size, created_by=people[0])
    for person in people:
        TeamMember.objects.create(event=event, team=team, person=person)
    return team


@pytest.fixture
def campus(db):
    return ef.CampusFactory(slug="karabakh-campus", title="Karabakh Campus")


@pytest.fixture
def organiser(campus):
    return ef.organiser_manager(campus)


# --- the hub and who sees what --------------------------------------------------------------
def test_the_hub_is_public_and_lists_challenges(client, campus):
    park = factories.OrganisationFactory(name="GOSB Teknopark", kind="technopark")
    Challenge.objects.create(event=campus, title="Smart irrigation", posed_by=park)
    response = client.get(url("campus", campus))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Smart irrigation" in html
    assert "Posed by GOSB Teknopark" in html
    assert url("campus_challenge_new", campus) not in html
    assert url("campus_ideas", campus) not in html


def test_only_campuses_have_campus_pages(client):
    training = ef.EventFactory()
    assert client.get(url("campus", training)).status_code == 404


def test_a_draft_campus_is_hidden(client, campus):
    campus.status = Event.Status.DRAFT
    campus.save()
    assert client.get(url("campus", campus)).status_code == 404
    assert client.get(url("campus_showcase", campus)).status_code == 404


@pytest.mark.parametrize("page", ["campus_ideas", "campus_teams", "campus_mentors"])
def test_ideas_teams_and_mentors_are_for_the_campus_people(client, campus, page):
    anonymous = client.get(url(page, campus))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert signed_in(client, factories.PersonFactory()).get(url(page, campus)).status_code == 403
    assert signed_in(client, participant(campus)).get(url(page, campus)).status_code == 200


@pytest.mark.parametrize(
    "page", ["campus_judging", "campus_criteria", "campus_judges", "campus_results"]
)
def test_judging_pages_are_for_organisers(client, campus, organiser, page):
    assert signed_in(client, participant(campus)).get(url(page, campus)).status_code == 403
    assert signed_in(client, organiser).get(url(page, campus)).status_code == 200


def test_organisers_add_challenges_participants_cannot(client, campus, organiser):
    data = {"title_en": "Drones for vineyards", "title_az": "Üzüm bağları üçün dronlar"}
    assert (
        signed_in(client, participant(campus))
        .post(url("campus_challenge_new", campus), data)
        .status_code
        == 403
    )
    response = signed_in(client, organiser).post(url("campus_challenge_new", campus), data)
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.title_en, challenge.title_az) == (
        "Drones for vineyards",
        "Üzüm bağları üçün dronlar",
    )


# --- ideas and teams ----------------------------------------------------------------------
def test_a_participant_submits_an_idea_and_starts_a_team(client, campus):
    person = participant(campus, first_name="Nigar", last_name="Aliyeva")
    signed_in(client, person)
    response = client.post(
        url("campus_idea_new", campus),
        {"title": "Soil sensors", "problem": "Water is wasted.", "solution": "Sensors."},
    )
    idea = Idea.objects.get()
    assert response["Location"] == url("campus_idea", campus, idea.pk)
    response = client.post(
        url("campus_team_new", campus),
        {"name": "Orbit", "idea": idea.pk, "max_size": 4, "open_roles": "designer", "role": "lead"},
    )
    team = Team.objects.get()
    assert response["Location"] == url("campus_team", campus, team.pk)
    page = client.get(url("campus_team", campus, team.pk)).content.decode()
    assert "Nigar Aliyeva" in page and "designer" in page and "Soil sensors" in page


def test_idea_form_errors_are_shown(client, campus):
    signed_in(client, participant(campus))
    response = client.post(
        url("campus_idea_new", campus), {"title": "", "problem": "", "solution": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "problem", "solution"}
    assert Idea.objects.count() == 0


def test_someone_not_confirmed_cannot_submit_ideas(client, campus, organiser):
    assert signed_in(client, organiser).get(url("campus_idea_new", campus)).status_code == 403


def test_join_and_accept_through_the_pages(client, campus):
    founder = participant(campus)
    joiner = participant(campus, first_name="Kamal", last_name="Huseynov")
    team = team_with(campus, founder, max_size=2)
    response = signed_in(client, joiner).post(
        url("campus_team_join", campus, team.pk), {"role": "designer", "message": "Hi"}, follow=True
    )
    assert messages_of(response) == ["Your request was sent to the team."]
    request = JoinRequest.objects.get()
    page = signed_in(client, founder).get(url("campus_team", campus, team.pk)).content.decode()
    assert "Kamal Huseynov" in page and "Hi" in page
    response = client.post(
        url("campus_join_request_decide", campus, request.pk), {"decision": "accept"}, follow=True
    )
    assert messages_of(response) == ["Kamal Huseynov joined the team."]
    assert sorted(team.members.values_list("person", flat=True)) == sorted([founder.pk, joiner.pk])


def test_accepting_into_a_full_team_shows_why(client, campus):
    founder, mate, late = participant(campus), participant(campus), participant(campus)
    team = team_with(campus, founder, mate, max_size=2)
    request = JoinRequest.objects.create(team=team, person=late)
    response = signed_in(client, founder).post(
        url("campus_join_request_decide", campus, request.pk), {"decision": "accept"}, follow=True
    )
    assert messages_of(response) == ["The team “Orbit” is full (2 members)."]
    assert team.members.count() == 2
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING


def test_outsiders_cannot_decide_join_requests(client, campus):
    team = team_with(campus, participant(campus))
    request = JoinRequest.objects.create(team=team, person=participant(campus))
    response = signed_in(client, participant(campus)).post(
        url("campus_join_request_decide", campus, request.pk), {"decision": "accept"}
    )
    assert response.status_code == 403


def test_leaving_needs_the_box_ticked(client, campus):
    founder, mate = participant(campus), participant(campus)
    team = team_with(campus, founder, mate)
    signed_in(client, mate)
    response = client.post(url("campus_team_leave", campus, team.pk), follow=True)
    assert messages_of(response) == ["Tick the box to confirm that you want to leave the team."]
    client.post(url("campus_team_leave", campus, team.pk), {"confirm": "yes"})
    assert list(team.members.values_list("person", flat=True)) == [founder.pk]


# --- mentors ------------------------------------------------------------------------------
def test_teams_book_mentor_slots_once(client, campus):
    starts = timezone.now() + datetime.timedelta(days=3)
    slot = MentorSlot.objects.create(
        event=campus,
        mentor=factories.PersonFactory(),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    first, second = participant(campus), participant(campus)
    team_with(campus, first)
    team_with(campus, second, name="Comet")
    response = signed_in(client, first).post(url("campus_slot_book", campus, slot.pk), follow=True)
    assert messages_of(response) == ["The meeting is booked for your team."]
    page = signed_in(client, second).get(url("campus_mentors", campus)).content.decode()
    assert "Orbit" not in page  # other teams see "booked", not by whom
    response = client.post(url("campus_slot_book", campus, slot.pk), follow=True)
    assert messages_of(response) == [
        "Another team has just booked this slot. Please choose another one."
    ]


def test_an_organiser_publishes_slots_for_a_mentor(client, campus, organiser):
    mentor = factories.PersonFactory(email="mentor@example.org")
    response = signed_in(client, organiser).post(
        url("campus_slot_new", campus),
        {
            "mentor_email": "mentor@example.org",
            "starts_at": "2031-05-01T10:00",
            "ends_at": "2031-05-01T10:30",
            "count": 2,
            "topic": "Pitching",
        },
    )
    assert response.status_code == 302
    # Read in the event's zone (Asia/Baku, UTC+4).
    assert [
        (s.starts_at.isoformat(), s.ends_at.isoformat())
        for s in MentorSlot.objects.filter(mentor=mentor).order_by("starts_at")
    ] == [
        ("2031-05-01T06:00:00+00:00", "2031-05-01T06:30:00+00:00"),
        ("2031-05-01T06:30:00+00:00", "2031-05-01T07:00:00+00:00"),
    ]


def test_participants_cannot_publish_slots(client, campus):
    assert (
        signed_in(client, participant(campus)).get(url("campus_slot_new", campus)).status_code
        == 403
    )


# --- projects -----------------------------------------------------------------------------
def _hand_in(client, campus, member):
    return signed_in(client, member).post(
        url("campus_project_edit", campus),
        {
            "title": "Soil sensors",
            "description": "LoRa sensors.",
            "links": "https://github.com/orbit/soil",
            "file": SimpleUploadedFile("deck.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_files_go_to_the_team_its_judges_and_organisers_only(client, campus, organiser):
    member = participant(campus, email="member@example.org")
    team = team_with(campus, member)
    response = _hand_in(client, campus, member)
    submission = Submission.objects.get()
    assert response["Location"] == url("campus_project", campus, submission.pk)
    judge = Judge.objects.create(event=campus, person=factories.PersonFactory())
    JudgeAssignment.objects.create(judge=judge, submission=submission)
    other_judge = Judge.objects.create(event=campus, person=factories.PersonFactory())
    file_url = url("campus_project_file", campus, submission.pk)
    for person in (member, judge.person, organiser):
        response = signed_in(client, person).get(file_url)
        assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    for person in (other_judge.person, participant(campus)):
        assert signed_in(client, person).get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302
    page = client.get(url("campus_project", campus, submission.pk)).content.decode()
    assert "Soil sensors" in page and team.name in page
    assert file_url not in page and "member@example.org" not in page


def test_a_file_is_checked_by_its_content(client, campus):
    member = participant(campus)
    team_with(campus, member)
    response = signed_in(client, member).post(
        url("campus_project_edit", campus),
        {
            "title": "T",
            "description": "D",
            "file": SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["This file's content is not an accepted type for documents."]
    }
    assert Submission.objects.count() == 0


def test_no_hand_in_after_the_deadline(client, campus):
    member = participant(campus)
    team_with(campus, member)
    campus.submissions_close_at = timezone.now() - datetime.timedelta(hours=1)
    campus.save()
    response = _hand_in(client, campus, member)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and errors[0].endswith("; the deadline has passed.")
    assert Submission.objects.count() == 0


def test_the_project_page_needs_a_team(client, campus):
    response = signed_in(client, participant(campus)).get(
        url("campus_project_edit", campus), follow=True
    )
    assert messages_of(response) == [
        "Join or create a team first: projects are handed in by teams."
    ]


# --- judging ------------------------------------------------------------------------------
@pytest.fixture
def judged(campus):
    criterion = JudgingCriterion.objects.create(event=campus, label="Impact", max_score=10)
    judge = Judge.objects.create(event=campus, person=factories.PersonFactory())
    member = participant(campus, email="orbit-member@example.org", first_name="Leyla")
    submission = Submission.objects.create(
        team=team_with(campus, member), title="Soil sensors", description="D"
    )
    assignment = JudgeAssignment.objects.create(judge=judge, submission=submission)
    return {"criterion": criterion, "judge": judge, "assignment": assignment, "member": member}


def test_a_judge_scores_through_the_page(client, campus, judged):
    assignment, criterion = judged["assignment"], judged["criterion"]
    score_url = url("campus_score", campus, assignment.pk)
    signed_in(client, judged["judge"].person)
    response = client.post(score_url, {f"c{criterion.pk}": 11, "comment": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"c{criterion.pk}": ["Ensure this value is less than or equal to 10."]
    }
    response = client.post(score_url, {f"c{criterion.pk}": 7, "comment": "Good pilot."})
    assert response["Location"] == url("campus_my_judging", campus)
    assignment.refresh_from_db()
    assert (assignment.scores, assignment.comment) == ({str(criterion.pk): 7}, "Good pilot.")
    assert signed_in(client, judged["member"]).get(score_url).status_code == 404


def test_organisers_assign_judges_on_the_page(client, campus, organiser, judged):
    JudgeAssignment.objects.all().delete()
    response = signed_in(client, organiser).post(
        url("campus_judging", campus), {"action": "auto", "per_project": 1}, follow=True
    )
    assert messages_of(response) == ["1 assignments were made."]
    assert list(JudgeAssignment.objects.values_list("judge", flat=True)) == [judged["judge"].pk]


def test_a_conflicted_judge_is_refused_on_the_page(client, campus, organiser, judged):
    member_judge = Judge.objects.create(event=campus, person=judged["member"])
    response = signed_in(client, organiser).post(
        url("campus_judging", campus),
        {
            "action": "assign",
            "submission": judged["assignment"].submission_id,
            "judge": member_judge.pk,
        },
        follow=True,
    )
    assert messages_of(response) == [
        f"{judged['member'].full_name} cannot judge this project: they are a member of the team."
    ]


def test_the_showcase_hides_the_ranking_until_published(client, campus, organiser, judged):
    services.score_project(
        actor=judged["judge"].person,
        assignment=judged["assignment"],
        scores={str(judged["criterion"].pk): 8},
        comment="Solid.",
    )
    idea = Idea.objects.create(
        event=campus,
        author=judged["member"],
        title="Drip irrigation",
        problem="P",
        solution="S",
        status=Idea.Status.CHOSEN,
        followup_note="Prototype in the Aghdam lab.",
    )
    before = client.get(url("campus_showcase", campus)).content.decode()
    assert "Soil sensors" in before
    assert 'data-testid="ranking"' not in before and "80.0" not in before
    assert idea.title not in before
    assert 'data-testid="results-pending"' in before
    results = signed_in(client, organiser).post(
        url("campus_results", campus), {"publish": "1"}, follow=True
    )
    assert messages_of(results) == ["The results are published and the teams were told."]
    client.logout()
    after = client.get(url("campus_showcase", campus)).content.decode()
    assert 'data-testid="ranking"' in after and "80.0" in after
    assert "Drip irrigation" in after and "Prototype in the Aghdam lab." in after
    assert "orbit-member@example.org" not in after
    assert "Solid." not in after  # judges' comments go to the team only
    member_view = signed_in(client, judged["member"]).get(
        url("campus_project", campus, judged["assignment"].submission_id)
    )
    assert "Solid." in member_view.content.decode()


def test_publishing_with_missing_scores_shows_why(client, campus, organiser, judged):
    response = signed_in(client, organiser).post(
        url("campus_results", campus), {"publish": "1"}, follow=True
    )
    assert messages_of(response) == [
        "1 scores are still missing. Wait for the judges, or remove the assignments of judges "
        "who cannot score."
    ]
    campus.refresh_from_db()
    assert campus.results_published is False


def test_organisers_choose_an_idea_on_its_page(client, campus, organiser):
    idea = Idea.objects.create(
        event=campus, author=participant(campus), title="Drip", problem="P", solution="S"
    )
    signed_in(client, organiser)
    client.post(url("campus_idea_choose", campus, idea.pk), {"chosen": "1"})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.CHOSEN
    response = client.post(
        url("campus_idea_followup", campus, idea.pk),
        {"url": "https://lab.example/p/1", "note": "Built at the lab."},
    )
    assert response["Location"] == url("campus_idea", campus, idea.pk)
    idea.refresh_from_db()
    assert (idea.followup_url, idea.followup_note) == (
        "https://lab.example/p/1",
        "Built at the lab.",
    )
    assert (
        signed_in(client, idea.author)
        .post(url("campus_idea_choose", campus, idea.pk), {"chosen": "0"})
        .status_code
        == 403
    )


def test_pages_render_in_azerbaijani(client, campus, organiser):
    signed_in(client, organiser)
    for name in ("campus", "campus_ideas", "campus_teams", "campus_mentors", "campus_showcase"):
        response = client.get(url(name, campus).replace("/en/", "/az/", 1))
        assert response.status_code == 200, name
        assert response.content.decode().count('lang="az"') >= 1


def test_the_showcase_names_a_programme_only_for_an_accepted_application(client, campus, organiser):
    author = participant(campus)
    accepted = pf.ApplicationFactory(
        applicant=author,
        company=None,
        status=Application.Status.ACCEPTED,
        call__programme__title="Karabakh Accelerator",
    )
    pending = pf.ApplicationFactory(
        applicant=author, company=None, call__programme__title="Secret Programme"
    )
    for title, application in (("Drip", accepted), ("Sensors", pending)):
        Idea.objects.create(
            event=campus,
            author=author,
            title=title,
            problem="P",
            solution="S",
            status=Idea.Status.CHOSEN,
            followup_application=application,
        )
    campus.results_published = True
    campus.save()
    page = client.get(url("campus_showcase", campus)).content.decode()
    assert "Continues in the programme Karabakh Accelerator." in page
    assert "Secret Programme" not in page and accepted.title not in page
