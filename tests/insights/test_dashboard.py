"""The memorandum dashboard: who may open it, what it shows, the records behind a
figure, the KPI table as CSV/XLSX."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory
from tests.insights.test_kpis import add_commitments, build_world


@pytest.fixture
def world(db):
    return add_commitments(build_world())


def url(w, **query):
    address = reverse("insights:partnership", args=[w.partnership.slug])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_admin_sees_commitments_charts_and_links(client, world):
    client.force_login(world.admin)
    response = client.get(url(world, **{"from": 2023, "to": 2024}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Organise joint events" in page
    assert "Not measured yet" in page
    assert page.count("<svg") >= 10
    assert reverse("insights:records", args=[world.partnership.slug, "joint_events"]) in page
    assert "From applications to admissions" in page
    assert 'data-testid="public-summary"' not in page


def test_visitor_sees_the_public_summary(client, world):
    response = client.get(url(world, **{"from": 2023, "to": 2024}))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="public-summary"' in page
    assert 'data-testid="kpi-applications"' not in page
    assert 'data-testid="kpi-participants"' in page


def test_private_partnership_answers_404_or_403(client, world):
    world.partnership.is_public = False
    world.partnership.save()
    assert client.get(url(world)).status_code == 404
    outsider = MembershipFactory(organisation=world.outsider, role="admin").person
    client.force_login(outsider)
    assert client.get(url(world)).status_code == 404
    member = MembershipFactory(organisation=world.technopark, role="member").person
    client.force_login(member)
    assert client.get(url(world)).status_code == 403
    records = reverse("insights:records", args=[world.partnership.slug, "participants"])
    assert client.get(records).status_code == 403


def test_bad_years_fall_back_with_a_message(client, world):
    client.force_login(world.admin)
    response = client.get(url(world, **{"from": 1990, "to": 2024}))
    assert response.status_code == 200
    assert "at most 10 years apart" in response.content.decode()


def test_records_behind_a_figure(client, world):
    client.force_login(world.admin)
    address = reverse("insights:records", args=[world.partnership.slug, "joint_events"])
    response = client.get(address + "?year=2023")
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert [row["title"] for row in response.context["rows"]] == [world.e1.title]
    bad = client.get(address + "?year=abc&country=XYZ")
    assert bad.status_code == 200
    assert bad.context["count"] == 4
    unknown = reverse("insights:records", args=[world.partnership.slug, "nothing"])
    assert client.get(unknown).status_code == 404


def test_public_records_hide_people_and_private_indicators(client, world):
    participants = reverse("insights:records", args=[world.partnership.slug, "participants"])
    response = client.get(participants)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert 'data-testid="people-hidden"' in response.content.decode()
    private = reverse("insights:records", args=[world.partnership.slug, "applications"])
    assert client.get(private).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(client, world, fmt):
    client.force_login(world.admin)
    address = reverse("insights:partnership_export", args=[world.partnership.slug, fmt])
    response = client.get(address + "?from=2023&to=2024")
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    if fmt == "csv":
        lines = body.decode("utf-8-sig").splitlines()
        heading = "Code,Commitment,Indicator,Unit,Country,Target per year,2023,2024,Total"
        assert lines[0] == heading
        # The commitment's row for all countries: target 2, then 2023, 2024 and the total.
        commitment = [line for line in lines if line.startswith("joint_events,Organise")]
        assert commitment[0].endswith(",all,2,1,3,4")
    else:
        assert body[:2] == b"PK"
    assert (
        client.get(
            reverse("insights:partnership_export", args=[world.partnership.slug, "pdf"])
        ).status_code
        == 404
    )


def test_dashboard_in_azerbaijani(client, world):
    client.force_login(world.admin)
    response = client.get(url(world).replace("/en/", "/az/"), HTTP_ACCEPT_LANGUAGE="az")
    assert response.status_code == 200


def test_query_count_of_the_page_is_bounded(client, world, django_assert_max_num_queries):
    client.force_login(PersonFactory(is_staff=True))
    with django_assert_max_num_queries(90):
        assert client.get(url(world, **{"from": 2023, "to": 2024})).status_code == 200


def test_breakdowns_are_drawn_unless_a_row_is_masked(client, world):
    from tests.factories import SectorFactory

    world.r1.sectors.set([SectorFactory(name="Robotics")])
    client.force_login(world.admin)
    page = client.get(url(world, **{"from": 2023, "to": 2024})).content.decode()
    profiles = page.split('data-testid="kpi-technology_profiles"', 1)[1].split("</section>", 1)[0]
    # One profile of the two is by a robotics company: 1 (50 %), drawn and listed.
    assert "By sector (a company in several sectors counts in each)" in profiles
    assert profiles.count("<svg") >= 4  # trend, by country, by type, by sector
    assert "Robotics 1 (50" in profiles  # the chart's spoken label
    participants = page.split('data-testid="kpi-participants"', 1)[1].split("</section>", 1)[0]
    assert "fewer than 5" in participants  # a masked row: listed, not drawn
