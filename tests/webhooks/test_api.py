"""The read-only webhooks API: an organisation's admins list its endpoints (never the
secret) and deliveries; others are refused."""

import pytest

from korpu.webhooks import services
from korpu.webhooks.models import Delivery
from tests import factories

pytestmark = pytest.mark.django_db
API = "/api/v1/webhooks/organisations"


def test_admins_list_endpoints_without_their_secret(client, company, make_endpoint):
    endpoint = make_endpoint(company, event_types=["booking.made"])
    client.force_login(factories.MembershipFactory(organisation=company, role="admin").person)
    response = client.get(f"{API}/{company.slug}/endpoints")
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["id"] == endpoint.pk and item["event_types"] == ["booking.made"]
    assert item["is_active"] is True and item["disabled_reason"] == ""
    assert endpoint.secret not in response.content.decode() and "secret" not in item


def test_admins_list_deliveries_filtered_by_status(client, company, make_endpoint):
    endpoint = make_endpoint(company)
    services.emit("booking.made", organisation=company, data={"n": 1})
    Delivery.objects.create(
        endpoint=endpoint,
        event_type="eoi.received",
        event_id="00000000-0000-4000-8000-000000000009",
        payload={},
        status=Delivery.Status.FAILED,
        attempts=6,
    )
    client.force_login(factories.MembershipFactory(organisation=company, role="admin").person)
    everything = client.get(f"{API}/{company.slug}/deliveries").json()
    assert [item["status"] for item in everything["items"]] == ["failed", "pending"]
    failed = client.get(f"{API}/{company.slug}/deliveries", {"status": "failed"}).json()
    assert [item["event_type"] for item in failed["items"]] == ["eoi.received"]
    assert client.get(f"{API}/{company.slug}/deliveries", {"status": "odd"}).status_code == 422


def test_others_are_refused(client, company, make_endpoint):
    make_endpoint(company)
    assert client.get(f"{API}/{company.slug}/endpoints").status_code == 401
    client.force_login(factories.MembershipFactory(organisation=company, role="manager").person)
    assert client.get(f"{API}/{company.slug}/endpoints").status_code == 403
    assert client.get(f"{API}/{company.slug}/deliveries").status_code == 403
    assert client.get(f"{API}/no-such-org/endpoints").status_code == 404
