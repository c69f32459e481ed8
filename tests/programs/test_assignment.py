"""Reviewer assignment end to end: the automatic run with the real solver (tasks run on
commit), its progress page, manual adjustments, locking, publishing."""

import dataclasses
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from korpu.common.models import AuditEntry
from korpu.programs import assignment, manual_assignment
from korpu.programs.models import Assignment, AssignmentRun, CallReviewer, Conflict
from korpu.solvers import review_assignment as solver
from tests import factories as directory
from tests.programs import factories

pytestmark = pytest.mark.django_db

TOPICS = [
    ("Cobot welding cell", "Collaborative robots and machine vision for welding."),
    ("Crop-spraying drones", "Agricultural drones with multispectral cameras."),
    ("Battery passport", "Traceability of lithium battery cells and recycling."),
    ("Smart textiles", "Conductive yarns and wearable sensors for workwear."),
    ("Cold-chain sensors", "Food logistics with temperature sensors and LoRaWAN."),
    ("Invoice financing", "Fintech platform for SME invoice factoring."),
]
EXPERTISE = [
    "robotics, machine vision, welding, automation",
    "agriculture, drones, remote sensing, cameras",
    "batteries, recycling, lithium, traceability",
    "fintech, factoring, logistics, sensors, textiles",
]


@dataclasses.dataclass
class World:
    call: object
    stage: object
    manager: object
    reviewers: list
    applications: list
    conflict: object


@pytest.fixture
def world():
    owner = directory.OrganisationFactory()
    manager = directory.MembershipFactory(organisation=owner, role="manager").person
    programme = factories.ProgrammeFactory(owner=owner, slug="tt", title="Transfer")
    call = factories.CallFactory(programme=programme, slug="autumn", reviews_per_application=2)
    stage = factories.ReviewStageFactory(call=call, name="Experts")
    factories.CriterionFactory(stage=stage)
    reviewers = []
    for index, expertise in enumerate(EXPERTISE):
        person = directory.PersonFactory(
            email=f"reviewer{index}@university{index}.example", expertise=expertise
        )
        factories.CallReviewerFactory(call=call, reviewer=person, min_load=1, max_load=4)
        reviewers.append(person)
    applications = [
        factories.ApplicationFactory(call=call, title=title, summary=summary)
        for title, summary in TOPICS
    ]
    # The robotics expert is conflicted with the robotics application.
    conflict = Conflict.objects.create(
        application=applications[0], reviewer=reviewers[0], source=Conflict.Source.RELATIONSHIP
    )
    return World(call, stage, manager, reviewers, applications, conflict)


def stage_url(world, name, *args):
    return reverse(f"programs:{name}", args=["tt", "autumn", world.stage.pk, *args])


def pairs(world):
    return set(
        Assignment.objects.filter(stage=world.stage).values_list("application_id", "reviewer_id")
    )


def assert_respects_the_rules(world):
    found = pairs(world)
    per_application = Counter(application for application, _ in found)
    per_reviewer = Counter(reviewer for _, reviewer in found)
    assert per_application == {a.pk: 2 for a in world.applications}
    for entry in CallReviewer.objects.filter(call=world.call):
        assert entry.min_load <= per_reviewer[entry.reviewer_id] <= entry.max_load
    assert (world.applications[0].pk, world.reviewers[0].pk) not in found


def run(client, world, mode, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            stage_url(world, "manage_assignment_run"), {"mode": mode}, follow=True
        )
    assert response.redirect_chain == [(stage_url(world, "manage_assignment"), 302)]
    assert messages_of(response) == ["The automatic assignment was started."]
    return AssignmentRun.objects.filter(stage=world.stage).first()


# --- the automatic run ---------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["sum", "fair"])
def test_an_automatic_run_respects_reviews_loads_and_conflicts(
    client, world, mode, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    finished = run(client, world, mode, django_capture_on_commit_callbacks)
    assert (finished.status, finished.mode, finished.assignments_made) == ("done", mode, 12)
    assert finished.requested_by == world.manager
    assert_respects_the_rules(world)
    made = Assignment.objects.filter(stage=world.stage)
    assert set(made.values_list("source", "locked", "published_at")) == {("automatic", False, None)}
    # The recorded total is the sum of the chosen pairs' affinities.
    assert finished.objective == pytest.approx(sum(a.affinity for a in made), abs=1e-4)
    assert finished.min_application_score == pytest.approx(
        min(
            sum(a.affinity for a in made if a.application_id == application.pk)
            for application in world.applications
        ),
        abs=1e-4,
    )
    # Affinity follows expertise: the drone application goes to the drone expert.
    assert (world.applications[1].pk, world.reviewers[1].pk) in pairs(world)
    response = client.get(stage_url(world, "manage_assignment"))
    content = response.content.decode()
    assert 'hx-trigger="every 1s"' not in content  # finished: no more polling
    assert [len(row["assignments"]) for row in response.context["rows"]] == [2] * 6
    assert {entry.reviewer: entry.load for entry in response.context["pool"]} == {
        person: Counter(r for _, r in pairs(world))[person.pk] for person in world.reviewers
    }
    assert response.context["unpublished"] == 12


def test_the_instance_handed_to_the_solver(world):
    kept = factories.AssignmentFactory(
        stage=world.stage,
        application=world.applications[2],
        reviewer=world.reviewers[3],
        published_at=None,
        locked=True,
        source=Assignment.Source.AUTOMATIC,
    )
    data = assignment.build_instance(world.stage, mode="fair")
    instance = solver.load_instance(data)
    assert (len(instance.application_ids), len(instance.reviewer_ids)) == (6, 4)
    assert data["conflicts"] == [
        {"application": str(world.applications[0].pk), "reviewer": str(world.reviewers[0].pk)}
    ]
    assert data["locked"] == [
        {"application": str(kept.application_id), "reviewer": str(kept.reviewer_id)}
    ]
    result = solver.solution_to_dict(solver.solve(instance, time_limit=10))
    assert result["status"] in ("optimal", "feasible")
    assert {"application": str(kept.application_id), "reviewer": str(kept.reviewer_id)} in result[
        "assignments"
    ]


def test_locked_pairs_survive_a_new_run(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.manager)
    run(client, world, "sum", django_capture_on_commit_callbacks)
    first = list(Assignment.objects.filter(stage=world.stage).order_by("pk"))
    chosen = first[0]
    response = client.post(
        stage_url(world, "manage_assignment_lock", chosen.pk), {"locked": "on"}, follow=True
    )
    assert messages_of(response) == [
        f"{chosen.reviewer.full_name} stays on “{chosen.application.title}” in every new run."
    ]
    run(client, world, "fair", django_capture_on_commit_callbacks)
    second = Assignment.objects.filter(stage=world.stage)
    survivor = second.get(pk=chosen.pk)
    assert (survivor.application_id, survivor.reviewer_id, survivor.locked) == (
        chosen.application_id,
        chosen.reviewer_id,
        True,
    )
    # Every unlocked proposal was replaced by the new run's.
    assert set(second.values_list("pk", flat=True)) & {a.pk for a in first} == {chosen.pk}
    assert_respects_the_rules(world)


def test_an_impossible_assignment_is_explained_in_plain_words(
    client, world, django_capture_on_commit_callbacks
):
    CallReviewer.objects.filter(call=world.call).update(min_load=0, max_load=1)
    client.force_login(world.manager)
    finished = run(client, world, "sum", django_capture_on_commit_callbacks)
    assert finished.status == "infeasible"
    assert finished.reason != ""
    assert pairs(world) == set()
    response = client.get(stage_url(world, "manage_assignment"))
    problem = (
        "The applications need 12 reviews, but the reviewers’ maximum loads add up to only 4. "
        "Add reviewers or raise their maximum loads."
    )
    assert response.context["check"].problems == [problem]
    content = response.content.decode()
    assert "No assignment can follow every rule at once." in content
    assert problem in content


def test_check_stage_names_what_stands_in_the_way(world):
    # Three of four reviewers conflicted with one application that needs two reviews.
    for person in world.reviewers[1:3]:
        Conflict.objects.create(
            application=world.applications[5], reviewer=person, source=Conflict.Source.DECLARED
        )
    Conflict.objects.create(
        application=world.applications[5],
        reviewer=world.reviewers[0],
        source=Conflict.Source.SAME_EMAIL_DOMAIN,
    )
    CallReviewer.objects.filter(call=world.call).update(min_load=4)
    check = manual_assignment.check_stage(world.stage)
    assert (
        check.applications,
        check.reviewers,
        check.reviews_needed,
        check.max_capacity,
        check.min_required,
    ) == (6, 4, 12, 16, 16)
    assert check.problems == [
        "The reviewers’ minimum loads add up to 16 reviews, more than the 12 the applications "
        "need. Lower some minimum loads.",
        "1 application has fewer than 2 reviewers without a conflict of interest: “Invoice "
        "financing”. Add reviewers or lower the reviews per application.",
    ]


# --- progress ------------------------------------------------------------------------------
def test_the_progress_is_polled_every_second_until_the_run_ends(client, world):
    client.force_login(world.manager)
    queued = assignment.start_run(manager=world.manager, stage=world.stage, mode="sum")
    url = stage_url(world, "manage_assignment_progress", queued.pk)
    page = client.get(stage_url(world, "manage_assignment")).content.decode()
    assert f'hx-get="{url}?polling=1" hx-trigger="every 1s"' in page
    AssignmentRun.objects.filter(pk=queued.pk).update(
        status=AssignmentRun.Status.RUNNING, progress="Solving for 6 applications…"
    )
    response = client.get(url, {"polling": "1"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="run"')
    assert 'hx-trigger="every 1s"' in content
    assert "Solving for 6 applications…" in content
    AssignmentRun.objects.filter(pk=queued.pk).update(
        status=AssignmentRun.Status.DONE, objective=3.25, min_application_score=0.42
    )
    # The poll that sees the end reloads the page to show the proposal…
    response = client.get(url, {"polling": "1"}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Refresh"]) == (200, "true")
    # …which shows the result without polling.
    content = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in content
    assert "3.250" in content and "0.420" in content
    # Without HTMX the address leads to the page.
    assert client.get(url).url == stage_url(world, "manage_assignment")


def test_a_run_of_another_stage_is_not_found(client, world):
    other = factories.ReviewStageFactory(call=world.call, name="Jury")
    foreign = assignment.start_run(manager=world.manager, stage=other, mode="sum")
    client.force_login(world.manager)
    response = client.get(
        stage_url(world, "manage_assignment_progress", foreign.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404


def test_a_bad_mode_starts_nothing(client, world):
    client.force_login(world.manager)
    response = client.post(stage_url(world, "manage_assignment_run"), {"mode": "best"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Select a valid choice. best is not one of the available choices."
    ]
    assert AssignmentRun.objects.count() == 0


# --- publishing ---------------------------------------------------------------------------
def test_publishing_notifies_each_reviewer_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.manager)
    run(client, world, "sum", django_capture_on_commit_callbacks)
    loads = Counter(reviewer for _, reviewer in pairs(world))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(stage_url(world, "manage_assignment_publish"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "12 assignments were published; the reviewers were notified."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        person.email for person in world.reviewers if loads[person.pk]
    )
    assert len(mail.outbox) == len(loads)
    for message in mail.outbox:
        person = next(p for p in world.reviewers if p.email == message.to[0])
        assert f"{loads[person.pk]} applications" in message.body or loads[person.pk] == 1
    assert Assignment.objects.filter(published_at__isnull=True).count() == 0
    # Publishing again tells nobody anything.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(stage_url(world, "manage_assignment_publish"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["There was nothing new to publish."]
    assert mail.outbox == []
    # The reviewers now find their applications.
    client.force_login(world.reviewers[1])
    response = client.get(reverse("programs:my_reviews"))
    assert response.context["total"] == loads[world.reviewers[1].pk]


# --- manual adjustments -------------------------------------------------------------------
def add(client, world, application, person):
    return client.post(
        stage_url(world, "manage_assignment_add"),
        {"application": application.pk, "reviewer": person.pk, "return_query": "page=1"},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_adding_a_reviewer_by_hand(client, world):
    client.force_login(world.manager)
    response = add(client, world, world.applications[3], world.reviewers[3])
    assert messages_of(response) == [
        f"{world.reviewers[3].full_name} will review “Smart textiles” (once you publish)."
    ]
    assert response.redirect_chain == [
        (
            stage_url(world, "manage_assignment")
            + f"?page=1#application-{world.applications[3].pk}",
            302,
        )
    ]
    made = Assignment.objects.get()
    assert (made.application, made.reviewer, made.source, made.published_at) == (
        world.applications[3],
        world.reviewers[3],
        "manual",
        None,
    )
    assert AuditEntry.objects.filter(action="assignment.add").count() == 1
    # Twice is refused.
    response = add(client, world, world.applications[3], world.reviewers[3])
    assert messages_of(response) == [
        f"{world.reviewers[3].full_name} is already assigned to this application."
    ]
    assert Assignment.objects.count() == 1


def test_a_conflicted_pair_is_refused(client, world):
    client.force_login(world.manager)
    response = add(client, world, world.applications[0], world.reviewers[0])
    assert messages_of(response) == [
        f"{world.reviewers[0].full_name} has a conflict of interest with this application."
    ]
    assert Assignment.objects.count() == 0
    # The add form offers the conflicted reviewer only as a disabled option.
    content = client.get(stage_url(world, "manage_assignment")).content.decode()
    assert f'<option value="{world.reviewers[0].pk}" disabled>' in content


def test_a_conflict_not_yet_recorded_is_detected_when_adding(client, world):
    # The reviewer joined the applicant company after the application was submitted.
    target = world.applications[4]
    directory.MembershipFactory(person=world.reviewers[2], organisation=target.company)
    client.force_login(world.manager)
    response = add(client, world, target, world.reviewers[2])
    assert messages_of(response) == [
        f"{world.reviewers[2].full_name} has a conflict of interest with this application "
        "(works at the applicant organisation)."
    ]
    # Refused with the reason, and nothing written.
    assert Assignment.objects.count() == 0
    assert not Conflict.objects.filter(application=target).exists()


@pytest.mark.parametrize("reviewer", ["outsider", "not a number", ""])
def test_only_pool_members_can_be_added(client, world, reviewer):
    outsider = directory.PersonFactory()
    value = outsider.pk if reviewer == "outsider" else reviewer
    client.force_login(world.manager)
    response = client.post(
        stage_url(world, "manage_assignment_add"),
        {"application": world.applications[1].pk, "reviewer": value},
        follow=True,
    )
    assert messages_of(response) == ["Choose a reviewer from the pool."]
    assert Assignment.objects.count() == 0


def test_removing_and_locking_by_hand(client, world):
    proposal = factories.AssignmentFactory(
        stage=world.stage,
        application=world.applications[1],
        reviewer=world.reviewers[1],
        published_at=None,
        source=Assignment.Source.AUTOMATIC,
    )
    published = factories.AssignmentFactory(
        stage=world.stage, application=world.applications[2], reviewer=world.reviewers[2]
    )
    client.force_login(world.manager)
    response = client.post(
        stage_url(world, "manage_assignment_lock", proposal.pk), {"locked": "on"}, follow=True
    )
    assert messages_of(response) == [
        f"{world.reviewers[1].full_name} stays on “Crop-spraying drones” in every new run."
    ]
    proposal.refresh_from_db()
    assert proposal.locked is True
    response = client.post(stage_url(world, "manage_assignment_lock", proposal.pk), follow=True)
    assert messages_of(response) == [
        f"{world.reviewers[1].full_name} on “Crop-spraying drones” is no longer locked."
    ]
    proposal.refresh_from_db()
    assert proposal.locked is False
    assert list(
        AuditEntry.objects.filter(action__startswith="assignment.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["assignment.lock", "assignment.unlock"]
    response = client.post(stage_url(world, "manage_assignment_remove", published.pk), follow=True)
    assert messages_of(response) == [
        "A published assignment cannot be removed: the reviewer was already told."
    ]
    assert Assignment.objects.filter(pk=published.pk).exists()
    response = client.post(stage_url(world, "manage_assignment_remove", proposal.pk), follow=True)
    assert messages_of(response) == [
        f"{world.reviewers[1].full_name} was taken off “Crop-spraying drones”."
    ]
    assert list(Assignment.objects.values_list("pk", flat=True)) == [published.pk]
    assert AuditEntry.objects.filter(action="assignment.remove").count() == 1


def test_an_assignment_of_another_stage_is_not_found(client, world):
    other = factories.ReviewStageFactory(call=world.call, name="Jury")
    foreign = factories.AssignmentFactory(
        stage=other, application=world.applications[1], reviewer=world.reviewers[1]
    )
    client.force_login(world.manager)
    for name in ("manage_assignment_remove", "manage_assignment_lock"):
        assert client.post(stage_url(world, name, foreign.pk)).status_code == 404
    assert Assignment.objects.filter(pk=foreign.pk).exists()


def test_the_short_filter_lists_applications_missing_reviewers(client, world):
    for person in world.reviewers[1:3]:
        factories.AssignmentFactory(
            stage=world.stage, application=world.applications[1], reviewer=person
        )
    client.force_login(world.manager)
    response = client.get(stage_url(world, "manage_assignment"), {"show": "short"})
    assert [row["application"] for row in response.context["rows"]] == [
        a for a in world.applications if a != world.applications[1]
    ]
