"""R&D and production projects: registering and editing (per-language texts, partners
from both countries), members, resources used, milestones, outputs and their totals for
the KPIs, who sees and runs what, refusals that write nothing, and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from korpu.common.models import AuditEntry
from korpu.facilities import projects as services
from korpu.facilities import rules as perms
from korpu.facilities.models import Booking, Milestone, Output, Project, ProjectMember
from tests import factories as directory

from .factories import BookingFactory, FacilityFactory, ResourceFactory, facility_manager

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {key: [e.code for e in errors] for key, errors in error.error_dict.items()}


@pytest.fixture
def facility():
    return FacilityFactory()


@pytest.fixture
def park(facility):
    return facility.park


@pytest.fixture
def lead(park):
    company = directory.OrganisationFactory(name="Xəzər Robotics", country="AZ", kind="startup")
    directory.ResidencyFactory(company=company, park=park)
    return company


@pytest.fixture
def partner():
    return directory.OrganisationFactory(name="Gebze Elektronik", country="TR")


@pytest.fixture
def boss(lead):
    """A manager of the lead organisation."""
    return directory.MembershipFactory(organisation=lead, role="manager").person


@pytest.fixture
def park_manager(facility):
    return facility_manager(facility)


def texts(**extra) -> dict:
    return {
        "title_en": "Soil moisture sensor",
        "title_az": "Torpaq nəmliyi sensoru",
        "title_tr": "Toprak nem sensörü",
        "summary_en": "A low-power sensor for Karabakh farms.",
        "kind": Project.Kind.PROTOTYPE,
        "status": Project.Status.ACTIVE,
        "starts_on": datetime.date(2025, 1, 15),
        "ends_on": datetime.date(2026, 1, 14),
        "budget": Decimal("150000.00"),
        "currency": "azn",
        "is_public": True,
        **extra,
    }


@pytest.fixture
def project(park, lead, partner, boss):
    return services.create_project(
        actor=boss, park=park, lead=lead, data=texts(), partners=[partner]
    )


# --- registering and editing -----------------------------------------------------------------
def test_create_project_keeps_texts_per_language_and_drops_the_lead_from_partners(
    park, lead, partner, boss
):
    project = services.create_project(
        actor=boss, park=park, lead=lead, data=texts(), partners=[partner, lead]
    )
    project.refresh_from_db()
    assert (project.slug, project.title_en, project.title_az, project.title_tr) == (
        "soil-moisture-sensor",
        "Soil moisture sensor",
        "Torpaq nəmliyi sensoru",
        "Toprak nem sensörü",
    )
    assert (project.park, project.lead, project.currency, project.budget) == (
        park,
        lead,
        "AZN",
        Decimal("150000.00"),
    )
    assert list(project.partners.all()) == [partner]
    assert services.countries_of(project) == ["AZ", "TR"]
    entry = AuditEntry.objects.get(action="facilities.project.create")
    assert (entry.actor, entry.object_id, entry.changes["partners"]) == (
        boss,
        str(project.pk),
        [None, [partner.pk]],
    )
    # The same English title gets the next free address.
    again = services.create_project(actor=boss, park=park, lead=lead, data=texts())
    assert again.slug == "soil-moisture-sensor-2"


def test_who_may_register_a_project(park, lead, partner, boss, park_manager):
    outsider = directory.PersonFactory()
    with pytest.raises(PermissionDenied):
        services.create_project(actor=outsider, park=park, lead=lead, data=texts())
    # A manager of a company that is neither resident nor partner of the park.
    stranger_boss = directory.MembershipFactory(organisation=partner, role="manager").person
    with pytest.raises(PermissionDenied):
        services.create_project(actor=stranger_boss, park=park, lead=partner, data=texts())
    # A plain member of the lead organisation.
    member = directory.MembershipFactory(organisation=lead, role="member").person
    with pytest.raises(PermissionDenied):
        services.create_project(actor=member, park=park, lead=lead, data=texts())
    assert Project.objects.count() == 0
    # The park's managers register projects for anyone; a partner of the operator may too.
    assert services.create_project(actor=park_manager, park=park, lead=partner, data=texts())
    directory.PartnershipFactory(parties=[park.operator, partner])
    assert services.create_project(actor=stranger_boss, park=park, lead=partner, data=texts())
    assert services.may_register(stranger_boss) is True
    assert services.may_register(outsider) is False


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title_en": "  "}, {"title_en": ["invalid"]}),
        ({"ends_on": datetime.date(2024, 12, 31)}, {"ends_on": ["invalid"]}),
        ({"budget": Decimal("-1")}, {"budget": ["invalid"]}),
        ({"currency": "manat"}, {"currency": ["invalid"]}),
        ({"kind": "hobby"}, {"kind": ["invalid_choice"]}),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(park, lead, boss, changes, expected):
    with pytest.raises(ValidationError) as refused:
        services.create_project(actor=boss, park=park, lead=lead, data=texts(**changes))
    found = codes(refused.value)
    assert set(found) == set(expected)
    assert all(refused.value.message_dict[key] for key in expected)
    assert Project.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="facilities.project").exists()


def test_create_refuses_a_taken_or_reserved_address(park, lead, boss, project):
    for slug in ("new", project.slug):
        with pytest.raises(ValidationError) as refused:
            services.create_project(actor=boss, park=park, lead=lead, data=texts(), slug=slug)
        assert list(refused.value.message_dict) == ["slug"]
    assert Project.objects.count() == 1


def test_update_project_changes_texts_and_partners_with_an_audit_diff(project, boss, partner, park):
    other = directory.OrganisationFactory(country="AZ")
    services.update_project(
        actor=boss,
        project=project,
        data={"title_tr": "Nem sensörü", "status": Project.Status.COMPLETED},
        partners=[partner, other],
    )
    project.refresh_from_db()
    assert (project.title_tr, project.title_en, project.status) == (
        "Nem sensörü",
        "Soil moisture sensor",
        "completed",
    )
    assert set(project.partners.all()) == {partner, other}
    entry = AuditEntry.objects.get(action="facilities.project.update")
    assert entry.changes["status"] == ["active", "completed"]
    assert entry.changes["partners"] == [[partner.pk], sorted([partner.pk, other.pk])]


def test_update_refused_leaves_the_project_as_it_was(project, boss):
    with pytest.raises(ValidationError):
        services.update_project(
            actor=boss,
            project=project,
            data={"title_az": "Yeni", "starts_on": datetime.date(2027, 1, 1)},
        )
    stored = Project.objects.get(pk=project.pk)
    assert (stored.title_az, stored.starts_on) == ("Torpaq nəmliyi sensoru", project.starts_on)
    with pytest.raises(PermissionDenied):
        services.update_project(
            actor=directory.PersonFactory(), project=project, data={"title_az": "Yeni"}
        )
    # A new lead must be one the actor may register the project for.
    elsewhere = directory.OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        services.update_project(actor=boss, project=project, data={}, lead=elsewhere)
    assert list(refused.value.message_dict) == ["lead"]
    assert Project.objects.get(pk=project.pk).lead_id == project.lead_id


# --- members, resources, milestones ------------------------------------------------------------
def test_members_are_added_with_their_organisation_changed_and_removed(
    project, boss, partner, lead
):
    engineer = directory.MembershipFactory(organisation=partner).person
    member = services.add_member(actor=boss, project=project, person=engineer, role="engineer")
    assert (member.role, member.organisation) == ("engineer", partner)
    assert perms.is_project_member(engineer, project)
    with pytest.raises(ValidationError) as refused:
        services.add_member(actor=boss, project=project, person=engineer, role="lead")
    assert codes(refused.value) == {"person": ["already_member"]}
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            actor=boss,
            project=project,
            person=directory.PersonFactory(),
            role="researcher",
            organisation=directory.OrganisationFactory(),
        )
    assert codes(refused.value) == {"organisation": ["organisation"]}
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            actor=boss, project=project, person=directory.PersonFactory(), role="boss"
        )
    assert codes(refused.value) == {"role": ["invalid"]}
    with pytest.raises(PermissionDenied):
        services.add_member(
            actor=engineer, project=project, person=directory.PersonFactory(), role="student"
        )
    # A member made project lead may run the project.
    services.set_member_role(actor=boss, member=member, role="lead")
    assert perms.can_manage_project(engineer, project)
    services.remove_member(actor=boss, member=member)
    assert list(ProjectMember.objects.filter(project=project)) == []
    assert [e.action for e in AuditEntry.objects.order_by("pk")][-3:] == [
        "facilities.project.member.add",
        "facilities.project.member.role",
        "facilities.project.member.remove",
    ]


def test_resources_used_must_be_in_the_projects_park(project, boss, facility):
    here = ResourceFactory(facility=facility)
    there = ResourceFactory()
    with pytest.raises(ValidationError) as refused:
        services.set_resources(actor=boss, project=project, resources=[here, there])
    assert codes(refused.value) == {"resources": ["resources"]}
    assert list(project.resources.all()) == []
    services.set_resources(actor=boss, project=project, resources=[here])
    assert list(project.resources.all()) == [here]


def test_milestones_are_added_reached_and_reopened(project, boss):
    milestone = services.add_milestone(
        actor=boss, project=project, title="Field test", due_on=datetime.date(2025, 9, 1)
    )
    future = services.park_today(project.park) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.complete_milestone(actor=boss, milestone=milestone, done_on=future)
    assert codes(refused.value) == {"done_on": ["future"]}
    services.complete_milestone(actor=boss, milestone=milestone, done_on=datetime.date(2025, 8, 20))
    with pytest.raises(ValidationError) as refused:
        services.complete_milestone(actor=boss, milestone=milestone)
    assert refused.value.error_list[0].code == "already_done"
    assert services.milestone_progress(project) == (1, 1)
    services.reopen_milestone(actor=boss, milestone=milestone)
    assert Milestone.objects.get(pk=milestone.pk).done_on is None
    with pytest.raises(ValidationError) as refused:
        services.add_milestone(actor=boss, project=project, title=" ", due_on=TODAY)
    assert codes(refused.value) == {"title": ["invalid"]}


# --- outputs ---------------------------------------------------------------------------------
def test_outputs_are_recorded_with_quantities_dois_and_patent_numbers(project, boss):
    devices = services.record_output(
        actor=boss,
        project=project,
        kind="device",
        title="Sensor batch 1",
        date=TODAY,
        quantity=250,
        reference="B-001",
    )
    paper = services.record_output(
        actor=boss,
        project=project,
        kind="publication",
        title="Low-power soil sensing",
        date=TODAY,
        reference="https://doi.org/10.1234/SENS.2025.7",
    )
    patent = services.record_output(
        actor=boss,
        project=project,
        kind="patent",
        title="Capacitive probe",
        date=TODAY,
        reference="a 2025 0042",
    )
    assert [(o.kind, o.quantity, o.reference) for o in (devices, paper, patent)] == [
        ("device", 250, "B-001"),
        ("publication", 1, "10.1234/SENS.2025.7"),
        ("patent", 1, "a 2025 0042"),
    ]
    assert services.output_summary(project) == [
        {"kind": "device", "label": "devices produced", "outputs": 1, "quantity": 250},
        {"kind": "publication", "label": "publication", "outputs": 1, "quantity": 1},
        {"kind": "patent", "label": "patent filed", "outputs": 1, "quantity": 1},
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"kind": "publication", "reference": "not-a-doi"}, {"reference": ["invalid"]}),
        ({"kind": "patent", "reference": ""}, {"reference": ["invalid"]}),
        ({"kind": "publication", "quantity": 2}, {"quantity": ["invalid"]}),
        ({"kind": "device", "quantity": 0}, {"quantity": ["invalid"]}),
        ({"kind": "gadget"}, {"kind": ["invalid"]}),
        ({"kind": "device", "title": ""}, {"title": ["invalid"]}),
        ({"kind": "device", "date": datetime.date(2999, 1, 1)}, {"date": ["invalid"]}),
    ],
)
def test_bad_outputs_are_refused_and_nothing_is_written(project, boss, given, expected):
    values = {"title": "Thing", "date": TODAY, "quantity": 1, "reference": "", **given}
    with pytest.raises(ValidationError) as refused:
        services.record_output(actor=boss, project=project, **values)
    assert codes(refused.value) == expected
    assert Output.objects.count() == 0


def test_a_patent_number_is_recorded_once_per_project(project, boss):
    values = {"kind": "patent", "title": "Probe", "date": TODAY, "reference": "AZ-2025-1"}
    services.record_output(actor=boss, project=project, **values)
    with pytest.raises(ValidationError) as refused:
        services.record_output(actor=boss, project=project, **{**values, "reference": "az-2025-1"})
    assert codes(refused.value) == {"reference": ["already_recorded"]}
    assert Output.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.record_output(actor=directory.PersonFactory(), project=project, **values)


def test_output_totals_by_kind_and_by_country_of_the_partners(park, boss, lead, partner):
    joint = services.create_project(
        actor=boss, park=park, lead=lead, data=texts(), partners=[partner]
    )
    home = services.create_project(actor=boss, park=park, lead=lead, data=texts())
    elsewhere = ProjectFactoryInOtherPark()
    for project, kind, quantity, date in [
        (joint, "device", 100, datetime.date(2025, 3, 1)),
        (joint, "device", 20, datetime.date(2024, 11, 1)),
        (joint, "patent", 1, datetime.date(2025, 4, 1)),
        (home, "prototype", 3, datetime.date(2025, 5, 1)),
        (elsewhere, "device", 999, datetime.date(2025, 5, 1)),
    ]:
        Output.objects.create(project=project, kind=kind, title="x", quantity=quantity, date=date)
    zero = {"outputs": 0, "quantity": 0}
    assert services.output_totals(park=park, year=2025) == {
        "by_kind": {
            "prototype": {"outputs": 1, "quantity": 3},
            "device": {"outputs": 1, "quantity": 100},
            "publication": zero,
            "patent": {"outputs": 1, "quantity": 1},
        },
        "by_country": {
            "AZ": {
                "prototype": {"outputs": 1, "quantity": 3},
                "device": {"outputs": 1, "quantity": 100},
                "publication": zero,
                "patent": {"outputs": 1, "quantity": 1},
            },
            "TR": {
                "prototype": zero,
                "device": {"outputs": 1, "quantity": 100},
                "publication": zero,
                "patent": {"outputs": 1, "quantity": 1},
            },
        },
        "projects": 2,
    }
    everything = services.output_totals()
    assert everything["by_kind"]["device"] == {"outputs": 3, "quantity": 1119}
    assert everything["projects"] == 3


def ProjectFactoryInOtherPark():  # noqa: N802 (reads like a factory)
    other = FacilityFactory().park
    return Project.objects.create(
        park=other, slug="elsewhere", title_en="Elsewhere", lead=directory.OrganisationFactory()
    )


# --- who sees what ---------------------------------------------------------------------------
def test_visible_projects_agree_with_the_rules(project, boss, park_manager, partner):
    private = Project.objects.create(
        park=project.park, slug="secret", title_en="Secret", lead=project.lead, is_public=False
    )
    member = directory.PersonFactory()
    ProjectMember.objects.create(project=private, person=member)
    staff = directory.PersonFactory(is_staff=True)
    people = [None, directory.PersonFactory(), member, boss, park_manager, staff]
    from django.contrib.auth.models import AnonymousUser

    for person in people:
        user = person or AnonymousUser()
        listed = set(services.visible_projects(user))
        allowed = {p for p in (project, private) if perms.can_view_project(user, p)}
        assert listed == allowed
    assert set(services.visible_projects(member)) == {project, private}
    assert set(services.visible_projects(AnonymousUser())) == {project}


# --- pages -----------------------------------------------------------------------------------
def url(name, *args):
    return reverse(f"facilities:{name}", args=args)


def test_list_filters_by_country_and_swaps_results_with_htmx(client, project, park, boss):
    Project.objects.create(
        park=park,
        slug="az-only",
        title_en="Solar dryer",
        lead=directory.OrganisationFactory(country="AZ"),
    )
    response = client.get(url("projects"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="project-card"') == 2
    response = client.get(url("projects"), {"country": "TR"})
    page = response.content.decode()
    assert page.count('data-testid="project-card"') == 1 and "Soil moisture sensor" in page
    response = client.get(url("projects"), {"q": "dryer"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Solar dryer" in page and "Soil moisture" not in page
    # A stale filter value is dropped, not an error.
    assert client.get(url("projects"), {"kind": "nonsense"}).status_code == 200


def test_detail_shows_partners_outputs_and_only_public_members_to_outsiders(
    client, project, boss, partner
):
    shy = directory.PersonFactory(first_name="Leyla", last_name="Hidden", is_public=False)
    ProjectMember.objects.create(project=project, person=shy, role="researcher")
    Output.objects.create(project=project, kind="device", title="Batch", quantity=40, date=TODAY)
    page = client.get(url("project", project.slug)).content.decode()
    assert "Gebze Elektronik" in page and "Xəzər Robotics" in page and "Batch" in page
    assert "Leyla Hidden" not in page and "not listed publicly" in page
    assert 'data-testid="project-bookings"' not in page and 'data-testid="output-form"' not in page
    client.force_login(boss)
    page = client.get(url("project", project.slug)).content.decode()
    assert "Leyla Hidden" in page
    assert 'data-testid="output-form"' in page and 'data-testid="project-bookings"' in page


def test_private_project_is_not_found_for_outsiders(client, project):
    Project.objects.filter(pk=project.pk).update(is_public=False)
    assert client.get(url("project", project.slug)).status_code == 404
    client.force_login(directory.PersonFactory())
    assert client.get(url("project", project.slug)).status_code == 404
    assert client.get(url("project_edit", project.slug)).status_code == 404


def test_register_a_project_through_the_page(client, park, lead, partner, boss):
    client.force_login(directory.PersonFactory())
    assert client.get(url("project_new")).status_code == 403
    client.force_login(boss)
    assert client.get(url("project_new")).status_code == 200
    form = {
        "park": park.pk,
        "lead": lead.pk,
        "title_en": "Clean-room drone",
        "title_az": "Dron",
        "kind": "production",
        "status": "planned",
        "partners": [partner.pk],
        "starts_on": "2025-02-01",
        "ends_on": "2025-01-01",
        "currency": "AZN",
        "is_public": "on",
    }
    response = client.post(url("project_new"), form)
    assert response.status_code == 200
    assert "The project cannot end before it starts." in response.content.decode()
    assert Project.objects.count() == 0
    response = client.post(url("project_new"), {**form, "ends_on": "2026-01-01"})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == url("project", project.slug)
    assert (project.title_az, project.kind, list(project.partners.all())) == (
        "Dron",
        "production",
        [partner],
    )


def test_edit_page_refuses_bad_input_and_keeps_the_stored_project(client, project, boss):
    client.force_login(boss)
    response = client.post(
        url("project_edit", project.slug),
        {
            "lead": project.lead_id,
            "title_en": "",
            "kind": "research",
            "status": "active",
            "currency": "AZN",
        },
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert Project.objects.get(pk=project.pk).title_en == "Soil moisture sensor"
    outsider = directory.PersonFactory()
    client.force_login(outsider)
    assert client.get(url("project_edit", project.slug)).status_code == 403


def test_member_and_output_forms_on_the_page(client, project, boss, partner):
    engineer = directory.MembershipFactory(organisation=partner).person
    client.force_login(boss)
    response = client.post(
        url("project_member_add", project.slug), {"person": engineer.pk, "role": "engineer"}
    )
    assert response.status_code == 302
    member = ProjectMember.objects.get(project=project)
    assert (member.person, member.organisation) == (engineer, partner)
    response = client.post(
        url("project_output_add", project.slug),
        {
            "output-kind": "publication",
            "output-title": "Paper",
            "output-quantity": "1",
            "output-date": TODAY.isoformat(),
            "output-reference": "doi?",
        },
    )
    assert response.status_code == 200
    assert "This is not a DOI" in response.content.decode()
    assert Output.objects.count() == 0
    response = client.post(
        url("project_milestone_add", project.slug),
        {"milestone-title": "Pilot", "milestone-due_on": "2025-10-01"},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    response = client.post(
        url("project_milestone_done", project.slug, milestone.pk), {"done_on": "2999-01-01"}
    )
    assert "cannot be reached in the future" in response.content.decode()
    # A member who does not run the project may not change it.
    client.force_login(engineer)
    response = client.post(url("project_member_remove", project.slug, member.pk), {})
    assert response.status_code == 403
    assert ProjectMember.objects.filter(pk=member.pk).exists()


def test_bookings_charged_to_the_project_are_shown_to_members(client, project, boss, facility):
    resource = ResourceFactory(facility=facility, name="Laser cutter")
    start = timezone.now() - datetime.timedelta(days=3)
    BookingFactory(
        resource=resource,
        project=project,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        hourly_price=Decimal("40.00"),
        currency="AZN",
    )
    BookingFactory(
        resource=resource,
        project=project,
        starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, hours=1),
        status=Booking.Status.NO_SHOW,
    )
    client.force_login(boss)
    page = client.get(url("project", project.slug)).content.decode()
    assert 'data-testid="table-project-usage"' in page
    table = page.split('data-testid="table-project-usage"')[1].split("</table>")[0]
    assert "Laser cutter" in table and "80.00" in table and "2.0" in table
