"""The demo events behind ``korpu load_demo``: what they contain (the issue's "Done when":
past and upcoming joint events with registrations, waiting lists, attendance,
certificates and a judged campus), that they keep the rules the services enforce, and
that loading them again changes nothing.

The three demos are loaded once for the module, inside a transaction rolled back at its
end; each test runs in a savepoint on top of it, as usual.
"""

import datetime
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from korpu.directory.demo import load_demo
from korpu.directory.models import Person, Qualification, QualificationGrant
from korpu.events import campus, checkin, demo, services
from korpu.events.models import (
    Certificate,
    CheckIn,
    Event,
    Idea,
    Invitation,
    JoinRequest,
    Judge,
    JudgeAssignment,
    MentorSlot,
    Question,
    Registration,
    Session,
    SessionSeat,
    Speaker,
    Submission,
    SurveyResponse,
    Team,
    TeamMember,
)
from korpu.programs.demo import load_programmes_demo

pytestmark = pytest.mark.django_db

Status = Registration.Status
AGENCY, GOSB = "innovation-agency", "gosb-teknopark"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_programmes_demo()
        result = demo.load_events_demo()
        yield result
        transaction.set_rollback(True)


def person(email: str) -> Person:
    return Person.objects.get(email=email)


def event(slug: str) -> Event:
    return Event.objects.get(slug=slug)


def statuses(slug: str) -> dict[str, int]:
    return dict(Counter(event(slug).registrations.values_list("status", flat=True)))


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


# --- the "Done when" of the issue ----------------------------------------------------------
def test_past_and_upcoming_joint_events(loaded):
    now = timezone.now()
    found = {
        e.slug: (
            e.kind,
            "past" if e.ends_at < now else "upcoming",
            {AGENCY, GOSB} <= set(e.organisers.values_list("slug", flat=True)),
            e.partnership.slug,
            e.status,
        )
        for e in Event.objects.select_related("partnership")
    }
    memo = "innovation-agency-gosb-teknopark-2020"
    assert found == {
        demo.GEBZE_CONFERENCE: ("conference", "past", True, memo, "published"),
        demo.BAKU_CONFERENCE: ("conference", "upcoming", True, memo, "published"),
        demo.LASER_TRAINING: ("training", "past", True, memo, "published"),
        demo.ROBOT_TRAINING: ("training", "upcoming", True, memo, "published"),
        demo.LICENSING_CLINIC: ("training", "upcoming", True, memo, "published"),
        demo.HTP_BRIEFING: ("seminar", "upcoming", True, memo, "published"),
        demo.SHUSHA_CAMPUS: ("campus", "past", True, memo, "published"),
        demo.GANJA_CAMPUS: ("campus", "past", True, memo, "published"),
    }
    # The demo event managers of both partners run every event.
    for email in ("programme.manager@korpu.example", "park.manager@korpu.example"):
        manager = person(email)
        assert all(manager.has_perm("events.change_event", e) for e in Event.objects.all())
    assert not person("specialist@korpu.example").has_perm(
        "events.change_event", event(demo.ROBOT_TRAINING)
    )


def test_past_conference_in_gebze(loaded):
    conference = event(demo.GEBZE_CONFERENCE)
    assert (conference.site.park.slug, conference.time_zone) == (GOSB, "Europe/Istanbul")
    assert list(conference.tracks.values_list("name", flat=True)) == [
        "Industry 4.0 and deep tech",
        "Startups, investment and technology transfer",
    ]
    assert conference.rooms.count() == 3
    talks = conference.sessions.filter(counts_for_attendance=True)
    assert talks.count() == 12
    assert not talks.annotate(n=Count("speakers")).filter(n=0).exists()
    speakers = Speaker.objects.filter(session__event=conference)
    assert speakers.filter(person__isnull=False).count() >= 20
    assert set(speakers.exclude(guest_name="").values_list("guest_name", flat=True)) == {
        "Hülya Karaca",
        "Kerem Aydoğan",
        "Ayşe Kaplan",
    }
    assert statuses(demo.GEBZE_CONFERENCE) == {"confirmed": 118, "cancelled": 6}
    countries = Counter(conference.registrations.values_list("person__country", flat=True))
    assert set(countries) == {"AZ", "TR"} and min(countries.values()) >= 40

    check_ins = CheckIn.objects.filter(registration__event=conference)
    entrance = check_ins.filter(session__isnull=True)
    assert 90 <= entrance.count() < 118
    assert not entrance.exclude(registration__status=Status.CONFIRMED).exists()
    assert check_ins.filter(session__isnull=False).count() > 400
    assert not check_ins.filter(session__counts_for_attendance=False).exists()
    for scan in check_ins.select_related("session"):
        assert conference.starts_at - datetime.timedelta(hours=1) < scan.checked_in_at
        assert scan.checked_in_at < conference.ends_at
        if scan.session:
            assert abs(scan.checked_in_at - scan.session.starts_at) < datetime.timedelta(minutes=45)
    # The specialist came, and nobody sat in two talks at once.
    specialist = conference.registrations.get(person__email="specialist@korpu.example")
    assert specialist.check_ins.filter(session__isnull=True).exists()
    for registration in conference.registrations.all():
        starts = list(
            registration.check_ins.filter(session__isnull=False).values_list(
                "session__starts_at", flat=True
            )
        )
        assert len(starts) == len(set(starts))


def test_feedback_survey_of_the_past_conference(loaded):
    conference = event(demo.GEBZE_CONFERENCE)
    survey = conference.survey
    questions = list(conference.questions.filter(form=Question.Form.SURVEY))
    assert [q.kind for q in questions] == [
        "rating",
        "rating",
        "rating",
        "yes_no",
        "yes_no",
        "long_text",
    ]
    responses = SurveyResponse.objects.filter(survey=survey).select_related("registration")
    assert responses.count() == 40
    for response in responses:
        assert response.registration.check_ins.filter(session__isnull=True).exists()
        assert (
            services.clean_answers(questions=questions, data=response.answers) == response.answers
        )
        assert survey.opens_at <= response.submitted_at < survey.closes_at
    overall = Counter(r.answers[str(questions[0].pk)] for r in responses)
    assert set(overall) <= {3, 4, 5} and len(overall) > 1


def test_upcoming_conference_has_places_left_and_a_published_agenda(loaded):
    conference = event(demo.BAKU_CONFERENCE)
    assert conference.registration_is_open()
    assert conference.capacity == 150  # raised from 120 by the organisers
    assert statuses(demo.BAKU_CONFERENCE) == {"confirmed": 127, "cancelled": 4}
    assert services.places_left(conference) == 23
    assert conference.sessions.filter(counts_for_attendance=True).count() == 11
    workshop = conference.sessions.get(capacity=20)
    assert SessionSeat.objects.filter(session=workshop).count() == 15
    specialist = conference.registrations.get(person__email="specialist@korpu.example")
    assert specialist.status == Status.CONFIRMED
    assert list(specialist.session_seats.values_list("session", flat=True)) == [workshop.pk]
    # The six people waiting were promoted when the places were raised, in order.
    promoted = conference.registrations.filter(waitlisted_at__isnull=False)
    assert promoted.count() == 6
    assert all(r.status == Status.CONFIRMED and r.confirmed_at > r.waitlisted_at for r in promoted)
    labels = list(
        conference.questions.filter(form=Question.Form.REGISTRATION).values_list("label", flat=True)
    )
    assert labels == [
        "May we show your name and organisation in the list of participants?",
        "Dietary needs or allergies",
        "What do you hope to take away from the conference?",
    ]


def test_full_training_with_a_waiting_list_and_an_offered_place(loaded):
    training = event(demo.ROBOT_TRAINING)
    assert training.capacity == 16 and training.offer_hours == 48
    assert statuses(demo.ROBOT_TRAINING) == {
        "confirmed": 15,
        "offered": 1,
        "waitlisted": 4,
        "cancelled": 1,
    }
    assert services.places_left(training) == 0
    offered = training.registrations.get(status=Status.OFFERED)
    assert offered.offer_expires_at - timezone.now() > datetime.timedelta(hours=47)
    waiting = list(services.waiting_list(training))
    assert [services.waitlist_position(r) for r in waiting] == [1, 2, 3, 4]
    assert waiting[-1].person.email == "specialist@korpu.example"
    assert offered.waitlisted_at < waiting[0].waitlisted_at


def test_past_training_gave_certificates_by_attendance(loaded):
    training = event(demo.LASER_TRAINING)
    assert training.certificate_min_attendance == 80
    qualification = Qualification.objects.get(name_en="Laser cutter safety")
    assert (qualification.name_az, qualification.name_tr) == (
        "Lazer kəsici ilə təhlükəsiz iş",
        "Lazer kesici güvenliği",
    )
    assert training.grants_qualification == qualification
    rows = checkin.attendance_table(training)
    assert len(rows) == 16
    assert Counter(row.attended for row in rows) == {6: 7, 5: 4, 4: 2, 3: 1, 2: 1, 0: 1}
    for row in rows:
        assert row.eligible == (row.percent >= 80) == (row.certificate is not None), row
    certificates = Certificate.objects.filter(registration__event=training).select_related(
        "registration__person", "qualification_grant"
    )
    assert certificates.count() == 11
    grants = QualificationGrant.objects.filter(qualification=qualification)
    assert grants.count() == 11
    for certificate in certificates:
        assert checkin.normalise_verification_code(certificate.code) == certificate.code
        assert certificate.issued_at > training.ends_at and certificate.revoked_at is None
        assert certificate.qualification_grant.person == certificate.registration.person
        assert certificate.qualification_grant.is_valid()
    assert certificates.filter(registration__person__email="specialist@korpu.example").exists()


def test_certificate_verification_page_confirms_it(loaded, client):
    certificate = Certificate.objects.filter(
        registration__person__email="specialist@korpu.example"
    ).get()
    with translation.override("az"):
        url = reverse("events:verify_certificate", args=[certificate.code])
    response = client.get(url)
    assert response.status_code == 200
    assert "Aysel Nəsirova" in response.content.decode()


def test_training_with_approval_has_pending_registrations(loaded):
    clinic = event(demo.LICENSING_CLINIC)
    assert clinic.requires_approval and clinic.is_online and clinic.site is None
    assert statuses(demo.LICENSING_CLINIC) == {
        "confirmed": 10,
        "pending_approval": 5,
        "rejected": 1,
    }
    manager = person("programme.manager@korpu.example")
    assert set(
        clinic.registrations.exclude(status=Status.PENDING_APPROVAL).values_list(
            "decided_by", flat=True
        )
    ) == {manager.pk}
    member = clinic.registrations.get(person__email="company.member@korpu.example")
    assert member.status == Status.PENDING_APPROVAL
    question = clinic.questions.get()
    assert (question.kind, question.required) == ("long_text", True)
    assert all(r.answers[str(question.pk)] for r in clinic.registrations.all())


def test_invitation_only_seminar(loaded):
    briefing = event(demo.HTP_BRIEFING)
    assert briefing.visibility == Event.Visibility.INVITATION_ONLY
    invitations = Invitation.objects.filter(event=briefing)
    assert invitations.count() == 14
    used = invitations.filter(used_at__isnull=False)
    assert used.count() == 5
    assert sorted(used.values_list("email", flat=True)) == sorted(
        briefing.registrations.values_list("invitation__email", flat=True)
    )
    assert statuses(demo.HTP_BRIEFING) == {"confirmed": 5}
    assert invitations.get(email="company.admin@korpu.example").used_at is None


def test_judged_campus_in_karabakh(loaded):
    shusha = event(demo.SHUSHA_CAMPUS)
    park = shusha.site.park
    assert (park.slug, park.region, park.city) == ("shusha-innovation-centre", "Karabakh", "Shusha")
    assert shusha.results_published
    assert list(shusha.challenges.values_list("posed_by__slug", flat=True)) == [
        AGENCY,
        "abseron-gunes",
        "araz-agrosense",
        GOSB,
    ]
    assert Idea.objects.filter(event=shusha).count() == 8
    teams = Team.objects.filter(event=shusha).annotate(size=Count("members"))
    assert sorted(t.size for t in teams) == [3, 3, 4, 4, 5]
    assert all(t.size <= t.max_size for t in teams)
    assert any(t.open_roles for t in teams)
    requests = Counter(
        JoinRequest.objects.filter(team__event=shusha).values_list("status", flat=True)
    )
    assert requests == {"accepted": 14, "declined": 2, "withdrawn": 1}
    slots = MentorSlot.objects.filter(event=shusha)
    assert (slots.count(), slots.filter(team__isnull=False).count()) == (10, 7)
    assert Submission.objects.filter(team__event=shusha).count() == 5
    assert Judge.objects.filter(event=shusha).count() == 3
    assignments = JudgeAssignment.objects.filter(judge__event=shusha)
    assert assignments.count() == 15 and not assignments.filter(submitted_at__isnull=True).exists()
    assert campus.judging_progress(shusha) == {"total": 15, "done": 15, "missing": 0}
    ranking = campus.ranking(shusha)
    assert [row["rank"] for row in ranking] == [1, 2, 3, 4, 5]
    assert ranking[0]["team"].name == "Günəş və Su"
    chosen = Idea.objects.get(event=shusha, status=Idea.Status.CHOSEN)
    assert chosen == ranking[0]["team"].idea
    assert chosen.author.email == "specialist@korpu.example"
    assert chosen.followup_note == demo.FOLLOWUP_NOTE
    assert chosen.followup_url == demo.FOLLOWUP_URL


def test_campus_in_judging_leaves_projects_for_the_demo_judge(loaded):
    ganja = event(demo.GANJA_CAMPUS)
    assert not ganja.results_published
    assert ganja.submissions_close_at < timezone.now()
    assignments = JudgeAssignment.objects.filter(judge__event=ganja).select_related(
        "judge__person", "submission"
    )
    assert Counter(a.submission_id for a in assignments) == {
        s.pk: 2 for s in Submission.objects.filter(team__event=ganja)
    }
    to_score = [a for a in assignments if a.submitted_at is None]
    assert {a.judge.person.email for a in to_score} == {"reviewer@korpu.example"}
    assert len(to_score) == 3
    # Conflicts of interest were excluded: the teams with students of the judges'
    # universities went to the other judges.
    for assignment in assignments:
        assert campus.conflict_of(assignment.judge, assignment.submission) == ""
    reviewer = person("reviewer@korpu.example")
    bag_gozu = Submission.objects.get(team__event=ganja, title="BağGözü")
    assert campus.conflict_of(Judge.objects.get(event=ganja, person=reviewer), bag_gozu)


# --- rules the services enforce -------------------------------------------------------------
def test_capacity_is_never_exceeded(loaded):
    for e in Event.objects.all():
        taken = services.places_taken(e)
        assert e.capacity is None or taken <= e.capacity, e.slug
        if e.registrations.filter(status=Status.WAITLISTED).exists():
            assert taken == e.capacity, e.slug  # nobody waits while places are free
    for session in Session.objects.filter(capacity__isnull=False):
        seats = SessionSeat.objects.filter(
            session=session, registration__status__in=Registration.HOLDING_A_PLACE
        )
        assert seats.count() <= session.capacity
    for team in Team.objects.annotate(size=Count("members")):
        assert team.size <= team.max_size
    for e in Event.objects.all():
        active = e.registrations.filter(status__in=Registration.ACTIVE)
        assert active.count() == active.values("person").distinct().count()


def test_workflow_rows_keep_their_order_in_time(loaded):
    now = timezone.now()
    for r in Registration.objects.select_related("event"):
        assert r.created_at <= now
        if r.event.registration_opens_at and r.invitation_id is None:
            assert r.created_at >= r.event.registration_opens_at, r
        if r.cancelled_at:
            assert r.created_at < r.cancelled_at <= now
    for member in TeamMember.objects.select_related("team", "event"):
        assert member.event_id == member.team.event_id
        assert member.event.starts_at <= member.joined_at <= member.event.ends_at
        assert member.event.registrations.filter(
            person=member.person, status=Status.CONFIRMED
        ).exists()
    for submission in Submission.objects.select_related("team__event"):
        assert submission.submitted_at <= submission.updated_at
        assert submission.updated_at <= submission.team.event.submissions_close_at


def test_answers_are_what_the_forms_accept(loaded):
    questions = {}
    for q in Question.objects.filter(form=Question.Form.REGISTRATION):
        questions.setdefault(q.event_id, []).append(q)
    answered = 0
    for r in Registration.objects.all():
        event_questions = questions.get(r.event_id, [])
        assert services.clean_answers(questions=event_questions, data=r.answers) == r.answers
        answered += bool(r.answers)
    assert answered > 300


def test_texts_in_three_languages(loaded):
    for e in Event.objects.all():
        for name in ("title", "summary", "description"):
            texts = [getattr(e, f"{name}_{lang}") for lang in ("en", "az", "tr")]
            assert all(texts), (e.slug, name)
            assert getattr(e, name) == texts[0]
    for model, name in [(Session, "title"), (Question, "label")]:
        for obj in model.objects.all():
            assert all(getattr(obj, f"{name}_{lang}") for lang in ("en", "az", "tr")), obj.pk
    with translation.override("tr"):
        assert event(demo.SHUSHA_CAMPUS).title == "Karabağ Gençlik Kampı, Şuşa"
    with translation.override("az"):
        assert event(demo.SHUSHA_CAMPUS).title == "Qarabağ Gənclər Kampusu, Şuşa"


def test_participants_are_the_same_every_time_and_new():
    first = demo.participants()
    assert first == demo.participants()
    emails = [p.email for p in first]
    assert len(emails) == len(set(emails)) == demo.PARTICIPANT_COUNT
    assert Counter(p.country for p in first) == {"AZ": 80, "TR": 80}
    assert all(p.gender == "" for p in first if not p.consent)


def test_rows_pass_model_validation(loaded):
    models = [Event, Session, Speaker, Question, Invitation, Registration, Idea, Team]
    models += [TeamMember, JoinRequest, MentorSlot, Submission, Judge, JudgeAssignment]
    for model in models:
        for obj in model.objects.all():
            obj.full_clean()
    for spec in demo.participants():
        person(spec.email).full_clean(exclude=["password"])


# --- loading again ----------------------------------------------------------------------------
def test_second_load_changes_nothing(loaded):
    assert loaded.created > 1500 and loaded.updated == 0
    before = dump()
    again = demo.load_events_demo()
    assert (again.created, again.updated) == (0, 0)
    assert again.tallies["registrations"].unchanged == loaded.tallies["registrations"].created
    assert dump() == before


def test_load_restores_edited_texts_and_leaves_workflow_alone(loaded):
    conference = event(demo.BAKU_CONFERENCE)
    conference.title_tr = "Başka bir başlık"
    conference.save()
    talk = conference.sessions.get(title_en="Opening")
    talk.title_az = "Dəyişdirilmiş"
    talk.save()
    # What organisers and participants do stays as they left it.
    services.set_capacity(event=conference, capacity=160, actor=None)
    specialist = conference.registrations.get(person__email="specialist@korpu.example")
    services.cancel_registration(registration=specialist, actor=specialist.person)

    result = demo.load_events_demo()

    assert (result.created, result.updated) == (0, 2)
    conference.refresh_from_db()
    talk.refresh_from_db()
    assert conference.title_tr == "Azerbaycan–Türkiye İnovasyon Konferansı, Bakü"
    assert talk.title_az == "Açılış"
    assert conference.capacity == 160
    specialist.refresh_from_db()
    assert specialist.status == Status.CANCELLED
    assert not demo.load_events_demo().changed


def test_deleting_an_event_and_loading_again_brings_it_back(loaded):
    event(demo.ROBOT_TRAINING).delete()

    result = demo.load_events_demo()

    assert result.tallies["events"].created == 1
    assert statuses(demo.ROBOT_TRAINING) == {
        "confirmed": 15,
        "offered": 1,
        "waitlisted": 4,
        "cancelled": 1,
    }
    assert not demo.load_events_demo().changed


def test_missing_directory_rows_are_named(loaded, monkeypatch):
    spec = demo.EVENTS[0]
    monkeypatch.setattr(demo, "EVENTS", [type(spec)(**{**spec.__dict__, "organisers": ("nope",)})])
    with pytest.raises(LookupError, match="nope"):
        demo.load_events_demo()
