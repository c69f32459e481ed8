"""The demo programmes behind ``korpu load_demo``: what they contain, that they keep the
rules the services enforce, and that loading them again changes nothing.

Both demos are loaded once for the module, inside a transaction rolled back at its end;
each test runs in a savepoint on top of it, as usual.
"""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone, translation

from korpu.common.models import AuditEntry
from korpu.directory.demo import load_demo
from korpu.directory.models import Membership, Person
from korpu.programs import demo, queries, services
from korpu.programs.models import (
    Answer,
    Application,
    Assignment,
    Call,
    CallReviewer,
    Cohort,
    CohortMember,
    CohortSession,
    Conflict,
    Criterion,
    DeclaredRelationship,
    Mentor,
    MetricReport,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
    Programme,
    Question,
    Review,
    ReviewStage,
)

pytestmark = pytest.mark.django_db

PROGRAMME_MODELS = [
    Programme,
    Call,
    Question,
    Application,
    Answer,
    ReviewStage,
    Criterion,
    CallReviewer,
    DeclaredRelationship,
    Conflict,
    Assignment,
    Review,
    Cohort,
    CohortMember,
    CohortSession,
    Mentor,
    OfficeHourSlot,
    OfficeHourBooking,
    Milestone,
    MetricReport,
    Placement,
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        result = demo.load_programmes_demo()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def now(loaded):
    return timezone.now()


def person(email: str) -> Person:
    return Person.objects.get(email=email)


def call(slug: str) -> Call:
    return Call.objects.select_related("programme").get(slug=slug)


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


# --- content ---------------------------------------------------------------------------
def test_programmes_exchanged_under_the_memorandum(loaded):
    programmes = {
        p.slug: (
            p.kind,
            p.owner.slug,
            sorted(p.partners.values_list("slug", flat=True)),
            p.partnership.slug,
            p.time_zone,
        )
        for p in Programme.objects.select_related("owner", "partnership")
    }
    assert programmes == {
        demo.ACCELERATOR: (
            "acceleration",
            "gosb-teknopark",
            ["innovation-agency"],
            "innovation-agency-gosb-teknopark-2020",
            "Europe/Istanbul",
        ),
        demo.TECH_TRANSFER: (
            "technology_transfer",
            "innovation-agency",
            ["gosb-teknopark"],
            "innovation-agency-gosb-teknopark-2020",
            "Asia/Baku",
        ),
        demo.TRAINING: (
            "training",
            "gosb-teknopark",
            ["innovation-agency"],
            "innovation-agency-gosb-teknopark-2020",
            "Europe/Istanbul",
        ),
        demo.EXCHANGE: (
            "specialist_exchange",
            "innovation-agency",
            ["gosb-teknopark"],
            "innovation-agency-gosb-teknopark-2020",
            "Asia/Baku",
        ),
    }
    accelerator = Programme.objects.get(slug=demo.ACCELERATOR)
    assert (accelerator.title_en, accelerator.title_az, accelerator.title_tr) == (
        "GOSB Teknopark Accelerator",
        "GOSB Texnoparkının Akselerasiya Proqramı",
        "GOSB Teknopark Hızlandırma Programı",
    )
    with translation.override("az"):
        assert Programme.objects.get(slug=demo.TECH_TRANSFER).title == (
            "İnnovasiya Agentliyinin Texnologiya Transferi Proqramı"
        )
    # Who manages what: the owner's managers (rules.is_programme_manager).
    park_manager = person("park.manager@korpu.example")
    programme_manager = person("programme.manager@korpu.example")
    assert set(queries.managed_programmes(park_manager).values_list("slug", flat=True)) == {
        demo.ACCELERATOR,
        demo.TRAINING,
    }
    assert set(queries.managed_programmes(programme_manager).values_list("slug", flat=True)) == {
        demo.TECH_TRANSFER,
        demo.EXCHANGE,
    }


def test_texts_in_three_languages(loaded):
    translated = {
        Programme: ["title", "summary", "description", "benefits"],
        Call: ["title", "description"],
        Question: ["label"],
        ReviewStage: ["name"],
        Criterion: ["label", "description"],
    }
    for model, fields in translated.items():
        for obj in model.objects.all():
            for name in fields:
                texts = [getattr(obj, f"{name}_{lang}") for lang in ("en", "az", "tr")]
                assert all(texts), (model.__name__, obj.pk, name)
                assert getattr(obj, name) == texts[0]  # the untranslated column is English
    for question in Question.objects.exclude(help_text_en=""):
        assert question.help_text_az and question.help_text_tr
    # Proper letters, not ASCII look-alikes.
    assert "ə" in Programme.objects.get(slug=demo.EXCHANGE).summary_az
    assert "ğ" in Programme.objects.get(slug=demo.EXCHANGE).summary_tr
    languages = Counter(
        "az" if "ə" in a.title else "tr" if any(ch in a.title for ch in "ğşıİ") else "en"
        for a in Application.objects.all()
    )
    assert set(languages) == {"en", "az", "tr"}


def test_open_and_closed_calls(loaded, now):
    phases = {c.slug: c.phase for c in Call.objects.all()}
    assert phases == {
        "first-intake": "closed",
        "first-call": "closed",
        "second-call": "open",
        "next-group": "open",
    }
    anonymous_open = [c.slug for c in queries.open_calls(None, now)]
    assert anonymous_open == ["next-group", "second-call"]
    for slug in ["second-call", "next-group"]:
        open_call = call(slug)
        assert open_call.is_open()
        assert open_call.closes_at - now >= datetime.timedelta(weeks=3)
    assert call("next-group").applicant_kind == "person"
    for application in Application.objects.select_related("call"):
        assert application.call.opens_at <= application.created_at, application
        assert application.created_at <= application.updated_at <= now
        if application.submitted_at:
            assert application.submitted_at <= application.call.closes_at
            assert application.submitted_at <= now
        if application.decided_at:
            assert application.call.closes_at < application.decided_at < now


def test_closed_call_with_reviews_decisions_and_conflicts(loaded):
    intake = call("first-intake")
    stage = intake.review_stages.get()
    assert (stage.aggregate, stage.blind, stage.is_open) == ("mean", False, False)
    assert [(c.max_score, c.weight) for c in stage.criteria.all()] == [
        (10, Decimal(3)),
        (10, Decimal(3)),
        (10, Decimal(2)),
        (5, Decimal(2)),
    ]
    pool = set(intake.reviewer_pool.values_list("reviewer__email", flat=True))
    assert "reviewer@korpu.example" in pool and len(pool) == 7
    assert all(person(email).expertise for email in pool)

    statuses = Counter(intake.applications.values_list("status", flat=True))
    assert statuses == {"accepted": 6, "waitlisted": 4, "rejected": 6, "withdrawn": 1}
    # The manager's ranked table agrees with the decisions.
    ranked = queries.call_applications_with_scores(intake, stage)
    assert [a.status for a in ranked] == (
        ["accepted"] * 6 + ["waitlisted"] * 4 + ["rejected"] * 6 + ["withdrawn"]
    )
    assert all(a.assigned == a.reviewed == 3 for a in ranked[:16])
    assert ranked[0].company.slug == "pusula-robotik"
    scores = [a.score for a in ranked[:16]]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 10
    assert 40 < scores[-1] < scores[0] <= 100

    criteria = list(stage.criteria.all())
    for review in Review.objects.filter(assignment__stage=stage).select_related("assignment"):
        assert review.submitted_at is not None
        assert set(review.scores) == {str(c.pk) for c in criteria}
        assert all(0 <= review.scores[str(c.pk)] <= c.max_score for c in criteria)
        assert (
            review.assignment.published_at
            < review.submitted_at
            < intake.applications.get(pk=review.assignment.application_id).decided_at
        )

    # Every decided application went draft → submitted → decided (versions count saves).
    for application in intake.applications.all():
        assert application.version >= 4, application
        assert application.submitted_at is not None
        assert (application.decided_at is not None) == (application.status in Application.DECIDED)
        assert bool(application.decision_note) == (application.status in Application.DECIDED)
    pusula = intake.applications.get(company__slug="pusula-robotik")
    assert pusula.applicant.email == "company.admin@korpu.example"
    assert pusula.decision_note.startswith("Tebrikler")
    assert [a.question.position for a in pusula.answers.select_related("question")] == [
        0,
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert services.missing_answers(pusula) == []

    conflicts = {
        (c.application.company.slug, c.reviewer.email, c.source)
        for c in Conflict.objects.filter(application__call=intake).select_related(
            "application__company", "reviewer"
        )
    }
    assert conflicts == {
        ("vega-robotik", "deniz.erdem@gtu.example", "declared"),
        ("xezer-analytics", "canan.ozdemir@caspian-bridge.example", "relationship"),
        # The demo accounts share a mail domain, which the detection counts as a tie.
        ("pusula-robotik", "reviewer@korpu.example", "email_domain"),
    }


def test_conflicts_are_those_the_service_detects_and_nobody_reviews_a_conflict(loaded):
    for application in Application.objects.exclude(status="draft").select_related(
        "applicant", "call"
    ):
        for entry in application.call.reviewer_pool.select_related("reviewer"):
            detected = set(
                application.conflicts.filter(reviewer=entry.reviewer)
                .exclude(source="declared")
                .values_list("source", flat=True)
            )
            assert detected == set(services.conflict_sources(application, entry.reviewer))
    active = set(
        Conflict.objects.filter(overridden_by__isnull=True).values_list(
            "application_id", "reviewer_id"
        )
    )
    assert active and not active & set(
        Assignment.objects.values_list("application_id", "reviewer_id")
    )


def test_assignments_respect_the_pool_and_the_demo_reviewer_has_some(loaded):
    for stage in ReviewStage.objects.filter(assignments__isnull=False).distinct():
        loads = Counter(stage.assignments.values_list("reviewer_id", flat=True))
        for entry in stage.call.reviewer_pool.all():
            assert entry.min_load <= loads[entry.reviewer_id] <= entry.max_load, entry
        assert set(loads) <= set(stage.call.reviewer_pool.values_list("reviewer_id", flat=True))
        per_application = Counter(stage.assignments.values_list("application_id", flat=True))
        assert set(per_application.values()) == {stage.call.reviews_per_application}
        assert not stage.assignments.filter(published_at__isnull=True).exists()
        assert not stage.assignments.exclude(
            application__status__in=["submitted", *Application.DECIDED]
        ).exists()

    reviewer = person("reviewer@korpu.example")
    mine = list(queries.my_assignments(reviewer))
    assert {a.application.call.slug for a in mine} == {"first-intake", "first-call"}
    assert all(reviewer.has_perm("programs.view_assignment", a) for a in mine)
    assert all(reviewer.has_perm("programs.review_application", a.application) for a in mine)
    under_review = [a for a in mine if a.application.call.slug == "first-call"]
    states = Counter(
        "none" if not hasattr(a, "review") else "submitted" if a.review.submitted_at else "draft"
        for a in under_review
    )
    assert states["submitted"] == 1 and states["draft"] == 1 and states["none"] >= 2


def test_call_under_review(loaded):
    first = call("first-call")
    stage = first.review_stages.get()
    assert (stage.aggregate, stage.blind, stage.is_open) == ("median", True, True)
    assert set(first.applications.values_list("status", flat=True)) == {"submitted"}
    ranked = queries.call_applications_with_scores(first, stage)
    assert len(ranked) == 10
    assert all(a.assigned == 2 for a in ranked)
    assert 0 < sum(a.reviewed for a in ranked) < 20
    # Somebody can still write a review: the stage is open and the demo reviewer has one.
    assignment = next(
        a for a in queries.my_assignments(person("reviewer@korpu.example"))
        if a.stage == stage and not hasattr(a, "review")
    )  # fmt: skip
    scores = {str(c.pk): c.max_score // 2 for c in stage.criteria.all()}
    review = services.save_review(
        reviewer=assignment.reviewer,
        assignment=assignment,
        scores=scores,
        comment="Clear plan.",
        submit=True,
    )
    assert review.submitted_at is not None


def test_open_call_has_the_demo_company_admins_draft(loaded):
    second = call("second-call")
    admin = person("company.admin@korpu.example")
    draft = second.applications.get(company__slug="pusula-robotik")
    assert (draft.status, draft.applicant, draft.version) == ("draft", admin, 3)
    assert admin.has_perm("programs.change_application", draft)
    assert person("company.member@korpu.example").has_perm("programs.change_application", draft)
    missing = services.missing_answers(draft)
    assert [q.position for q in missing] == [2]
    assert Counter(second.applications.values_list("status", flat=True)) == {
        "draft": 2,
        "submitted": 2,
    }
    # The demo company admin can finish it and submit it.
    question = missing[0]
    saved = services.save_draft(
        actor=admin,
        application=draft,
        version=3,
        title=draft.title,
        summary=draft.summary,
        answers={question.pk: "Bakü'deki içecek üreticisi hücreyi altı ay kullanacak."},
    )
    submitted = services.submit_application(actor=admin, application=saved, version=4)
    assert (submitted.status, submitted.version) == ("submitted", 5)


def test_training_call_for_individuals(loaded):
    group = call("next-group")
    applications = {
        a.applicant.email: (a.status, a.company_id)
        for a in group.applications.select_related("applicant")
    }
    assert applications == {
        "busra.yavuz@mail.example": ("submitted", None),
        "murad.hasanli@mail.example": ("submitted", None),
        "togrul.ahmadli@mail.example": ("draft", None),
    }
    for application in group.applications.filter(status="submitted"):
        assert services.missing_answers(application) == []


def test_cohort_with_mentors_office_hours_milestones_and_figures(loaded, now):
    intake = call("first-intake")
    cohort = Cohort.objects.get(call=intake)
    assert cohort.programme.slug == demo.ACCELERATOR
    assert cohort.starts_on < now.date() < cohort.ends_on
    members = list(cohort.members.select_related("application", "company"))
    assert {m.company.slug for m in members} == set(
        intake.applications.filter(status="accepted").values_list("company__slug", flat=True)
    )
    assert all(m.application.status == "accepted" for m in members)
    assert all(m.application.company_id == m.company_id and m.person_id is None for m in members)
    assert "pusula-robotik" in {m.company.slug for m in members}
    admin = person("company.admin@korpu.example")
    assert admin.has_perm("programs.view_cohort", cohort)

    sessions = list(cohort.sessions.all())
    assert len(sessions) == 7
    assert any(s.starts_at < now for s in sessions) and any(s.starts_at > now for s in sessions)

    mentors = {m.person.email: m for m in cohort.mentors.select_related("person")}
    assert len(mentors) == 3 and "reviewer@korpu.example" in mentors
    assert person("reviewer@korpu.example").has_perm("programs.view_cohort", cohort)
    slots = OfficeHourSlot.objects.filter(mentor__cohort=cohort)
    assert slots.count() == 15
    assert slots.filter(starts_at__gt=now, booking__isnull=True).exists()
    bookings = list(
        OfficeHourBooking.objects.filter(slot__mentor__cohort=cohort).select_related(
            "slot", "member"
        )
    )
    assert len(bookings) == 5
    assert sum(b.slot.starts_at > now for b in bookings) == 2
    for booking in bookings:
        assert booking.member.cohort_id == cohort.pk
        assert Membership.objects.filter(
            person=booking.booked_by, organisation=booking.member.company
        ).exists()
        assert booking.created_at < booking.slot.starts_at
    hours = Counter()
    for booking in bookings:
        hours[booking.member_id] += booking.slot.hours
    assert max(hours.values()) <= cohort.max_mentor_hours_per_member

    milestones = list(Milestone.objects.filter(member__cohort=cohort))
    assert len(milestones) == 4 * len(members)
    today = now.date()
    overdue = [m for m in milestones if m.due_on < today and m.status not in ("done", "missed")]
    assert len(overdue) == 1 and overdue[0].status == "in_progress"
    done = [m for m in milestones if m.status == "done"]
    assert done and all(m.due_on < today and m.evidence for m in done)
    assert all(m.status == "planned" for m in milestones if m.due_on > today)

    figures = {}
    for report in MetricReport.objects.filter(member__cohort=cohort).order_by("period"):
        figures.setdefault(report.member.company.slug, []).append(report)
    assert set(figures) == {"pusula-robotik", "nizami-speech", "xezer-analytics", "vega-robotik"}
    for reports in figures.values():
        periods = [r.period for r in reports]
        assert len(periods) == 6 and all(p.day == 1 for p in periods)
        assert all(
            (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1
            for a, b in zip(periods, periods[1:], strict=False)
        )
        assert periods[-1] < today.replace(day=1)
        employees = [r.employees for r in reports]
        assert employees == sorted(employees) and employees[-1] > employees[0]
        assert reports[-1].revenue > reports[0].revenue
        assert all(r.reported_at <= now for r in reports)


def test_placements(loaded, now):
    placements = {
        p.specialist.email: (p.host.slug, p.host.country, p.specialist.country, p.status)
        for p in Placement.objects.select_related("specialist", "host")
    }
    assert placements == {
        "sabuhi.novruzov@mail.example": ("pusula-robotik", "TR", "AZ", "completed"),
        "specialist@korpu.example": ("kasif-yazilim", "TR", "AZ", "ongoing"),
        "kubra.dogan@mail.example": ("odlar-robotics", "AZ", "TR", "planned"),
    }
    today = now.date()
    for placement in Placement.objects.all():
        assert placement.programme.slug == demo.EXCHANGE
        assert placement.learning_goals
        assert Membership.objects.filter(
            person=placement.host_mentor, organisation=placement.host
        ).exists()
        if placement.status == "completed":
            assert placement.ends_on < today
            assert placement.final_report and placement.host_evaluation
            assert placement.host_rating == 5
        elif placement.status == "ongoing":
            assert placement.starts_on <= today <= placement.ends_on
        else:
            assert today < placement.starts_on
    specialist = person("specialist@korpu.example")
    ongoing = Placement.objects.get(specialist=specialist)
    assert specialist.has_perm("programs.view_placement", ongoing)


# --- validity and loading again ---------------------------------------------------------
def test_rows_pass_model_validation(loaded):
    for model in PROGRAMME_MODELS:
        assert model.objects.exists(), model.__name__
        for obj in model.objects.all():
            obj.full_clean()


def test_second_load_changes_nothing(loaded):
    assert loaded.created > 500 and loaded.updated == 0
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "demo.load",
        "demo.load_programmes",
    ]
    before = dump()
    again = demo.load_programmes_demo()
    assert (again.created, again.updated) == (0, 0)
    assert not again.changed
    assert sum(t.unchanged for t in again.tallies.values()) == loaded.created
    assert dump() == before


def test_load_restores_texts_and_leaves_peoples_work_alone(loaded):
    programme = Programme.objects.get(slug=demo.ACCELERATOR)
    programme.title_tr = "Değiştirildi"
    programme.save()
    milestone = Milestone.objects.filter(status="planned").first()
    milestone.status = "done"
    milestone.save()
    manager = person("park.manager@korpu.example")
    waitlisted = call("first-intake").applications.filter(status="waitlisted").first()
    services.decide(manager=manager, application=waitlisted, outcome="accepted")
    stage = call("first-call").review_stages.get()
    stage.is_open = False
    stage.save()

    result = demo.load_programmes_demo()

    assert result.tallies["programmes"].updated == 1
    assert (result.created, result.updated) == (0, 1)
    programme.refresh_from_db()
    assert programme.title_tr == "GOSB Teknopark Hızlandırma Programı"
    milestone.refresh_from_db()
    stage.refresh_from_db()
    assert (milestone.status, stage.is_open) == ("done", False)
    assert CohortMember.objects.filter(cohort__call__slug="first-intake").count() == 7
    assert not demo.load_programmes_demo().changed


def test_deleting_the_programmes_and_loading_again_brings_them_back(loaded):
    Programme.objects.filter(slug__in=[p["slug"] for p in demo.PROGRAMMES]).delete()
    assert not Application.objects.exists() and not Placement.objects.exists()

    result = demo.load_programmes_demo()

    kept = {"declared relationships"}  # not tied to a programme
    assert {label: t.created for label, t in result.tallies.items() if label not in kept} == {
        label: t.created for label, t in loaded.tallies.items() if label not in kept
    }
    assert Cohort.objects.get().members.count() == 6
    assert not demo.load_programmes_demo().changed


def test_command_prints_the_programmes_before_the_accounts(loaded, settings):
    from korpu.events.demo import load_events_demo
    from korpu.facilities.demo import load_facilities_demo
    from korpu.insights.demo import load_insights_demo
    from korpu.matchmaking.demo import load_matchmaking_demo
    from korpu.transfer.demo import load_transfer_demo

    load_events_demo()  # the command loads every module's demo
    load_matchmaking_demo()
    load_facilities_demo()
    load_transfer_demo()
    load_insights_demo()
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert "already up to date" in lines[0] and "0 rows created, 0 updated" in lines[0]
    labels = [line.split("  ")[1].strip() for line in lines[2 : lines.index("")]]
    assert labels[:2] == ["sectors", "technology areas"]
    assert {"programmes", "applications", "reviews", "cohort members", "placements"} <= set(labels)
    assert lines[-1].split()[0] == "specialist@korpu.example"  # the accounts come last


def test_the_plan_is_the_same_every_time():
    clock = demo._Clock(datetime.date(2026, 11, 28))
    for spec in demo.CALLS:
        assert demo._plan_call(spec, clock, "Asia/Baku") == demo._plan_call(
            spec, clock, "Asia/Baku"
        )


def test_missing_directory_rows_are_named(loaded, monkeypatch):
    monkeypatch.setattr(demo, "PLACEMENTS", [{**demo.PLACEMENTS[0], "host": "no-such-company"}])
    with pytest.raises(LookupError, match="no-such-company"):
        demo.load_programmes_demo()
