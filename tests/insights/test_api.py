"""GET /api/v1/insights/partnerships/{slug}/kpis and /api/v1/insights/parks/{slug}/kpis."""

import pytest

from tests.factories import MembershipFactory
from tests.insights.test_kpis import add_commitments, build_world


@pytest.fixture
def world(db):
    return add_commitments(build_world(), measured_only=True)


def kpis_url(w, query="?from=2023&to=2024"):
    return f"/api/v1/insights/partnerships/{w.partnership.slug}/kpis{query}"


def test_partners_admin_gets_every_indicator(client, world):
    client.force_login(world.admin)
    response = client.get(kpis_url(world))
    assert response.status_code == 200
    body = response.json()
    assert (body["level"], body["years"]) == ("full", [2023, 2024])
    first = body["indicators"][0]
    assert first["commitment"]["code"] == "joint-events"
    assert first["by_year"] == [
        {"year": 2023, "value": 1, "target": 2, "progress": 50},
        {"year": 2024, "value": 3, "target": 2, "progress": 150},
    ]
    by_code = {item["code"]: item for item in body["indicators"][1:]}
    assert by_code["applications"]["total"] == 2
    assert by_code["attendance_rate"]["total"] == 70.0
    assert by_code["lab_hours"]["by_country"][0] == {
        "country": "AZ",
        "value": 2.5,
        "by_year": [
            {"year": 2023, "value": None, "target": None, "progress": None},
            {"year": 2024, "value": 2.5, "target": None, "progress": None},
        ],
    }
    gender = by_code["participants"]["breakdowns"][0]
    assert (gender["name"], gender["suppressed"]) == ("gender", False)
    assert gender["rows"][1] == {"key": "male", "label": "male", "value": None}
    assert by_code["participants"]["records_url"].endswith("/records/participants/")


def test_visitor_gets_the_public_summary(client, world):
    body = client.get(kpis_url(world)).json()
    codes = {item["code"] for item in body["indicators"]}
    assert body["level"] == "public"
    assert "applications" not in codes
    assert "participants" in codes


def test_private_partnership(client, world):
    world.partnership.is_public = False
    world.partnership.save()
    response = client.get(kpis_url(world))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    client.force_login(MembershipFactory(organisation=world.outsider, role="admin").person)
    assert client.get(kpis_url(world)).status_code == 404
    client.force_login(MembershipFactory(organisation=world.technopark).person)
    assert client.get(kpis_url(world)).status_code == 403


def test_bad_years(client, world):
    response = client.get(kpis_url(world, "?from=2000&to=2024"))
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "to"
    assert client.get(kpis_url(world, "?from=abc")).status_code == 422


def test_park_kpis(client, world):
    address = f"/api/v1/insights/parks/{world.park.slug}/kpis?from=2023&to=2024"
    public = client.get(address).json()
    assert public["level"] == "public"
    assert {i["code"] for i in public["indicators"]} == {
        "resident_companies",
        "graduates",
        "park_projects",
        "devices_produced",
    }
    client.force_login(MembershipFactory(organisation=world.technopark, role="manager").person)
    full = {i["code"]: i for i in client.get(address).json()["indicators"]}
    assert full["park_projects"]["total"] == 2
    assert full["devices_produced"]["total"] == 15
    assert full["lab_hours"]["total"] == 3.5
    assert full["jobs"]["total"] == 0
    world.park.is_public = False
    world.park.save()
    client.logout()
    assert client.get(address).status_code == 404
