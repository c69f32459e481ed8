"""The webhook pages: for the organisation's admins only; bad input gives form errors and
changes nothing; the secret, rotation, switching off and on, a test ping, the log and
sending a failed delivery again."""

import pytest
from django.urls import reverse

from korpu.common.models import AuditEntry
from korpu.webhooks.models import Delivery, Endpoint
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(company):
    return factories.MembershipFactory(organisation=company, role="admin").person


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


def _url(name, company, *args):
    return reverse(f"webhooks:{name}", args=[company.slug, *args])


def test_only_the_organisations_admins_and_staff_may_open_the_pages(client, company, make_endpoint):
    endpoint = make_endpoint(company)
    pages = [
        _url("endpoints", company),
        _url("endpoint", company, endpoint.pk),
        _url("deliveries", company),
    ]
    for page in pages:
        assert client.get(page).status_code == 302  # to sign in
    for role in ("member", "manager"):
        client.force_login(factories.MembershipFactory(organisation=company, role=role).person)
        assert [client.get(page).status_code for page in pages] == [403, 403, 403]
        response = client.post(_url("rotate_secret", company, endpoint.pk))
        assert response.status_code == 403
    client.force_login(factories.MembershipFactory(role="admin").person)  # another org's admin
    assert [client.get(page).status_code for page in pages] == [403, 403, 403]
    client.force_login(factories.PersonFactory(is_staff=True))
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]
    client.force_login(factories.MembershipFactory(organisation=company, role="admin").person)
    assert [client.get(page).status_code for page in pages] == [200, 200, 200]


def test_the_organisation_page_links_to_webhooks_for_its_admins(client, company, admin):
    link = _url("endpoints", company)
    client.force_login(factories.MembershipFactory(organisation=company, role="manager").person)
    assert link not in client.get(company.get_absolute_url()).content.decode()
    client.force_login(admin)
    assert link in client.get(company.get_absolute_url()).content.decode()


def test_an_admin_adds_an_endpoint_and_sees_its_secret(signed_in, company, admin, receiver):
    response = signed_in.post(
        _url("endpoints", company),
        {
            "url": receiver.url,
            "description": "CRM",
            "event_types": ["booking.made", "eoi.received"],
        },
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("endpoint", company, endpoint.pk)
    assert (endpoint.organisation, endpoint.created_by, endpoint.event_types) == (
        company,
        admin,
        ["eoi.received", "booking.made"],
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    entry = AuditEntry.objects.get(action="webhooks.endpoint.create")
    assert endpoint.secret not in str(entry.changes)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": "not a url", "event_types": ["booking.made"]}, "url", "Enter a valid URL."),
        ({"url": "ftp://x.example/", "event_types": ["booking.made"]}, "url", "Only http"),
        ({"url": "https://x.example/hook"}, "event_types", "Choose at least one event."),
        ({"url": "https://x.example/hook", "event_types": ["nope"]}, "event_types", "valid choice"),
        ({"url": "", "event_types": ["booking.made"]}, "url", "This field is required."),
    ],
)
def test_bad_input_gives_form_errors_and_changes_nothing(signed_in, company, data, field, message):
    audit_before = AuditEntry.objects.count()
    response = signed_in.post(_url("endpoints", company), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not Endpoint.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_private_address_is_refused_on_the_form(signed_in, company, settings):
    settings.KORPU_WEBHOOKS_ALLOW_PRIVATE = False
    response = signed_in.post(
        _url("endpoints", company), {"url": "https://10.0.0.1/x", "event_types": ["booking.made"]}
    )
    assert "private network" in " ".join(response.context["form"].errors["url"])
    assert not Endpoint.objects.exists()


def test_the_same_address_twice_is_refused(signed_in, company, make_endpoint):
    endpoint = make_endpoint(company)
    response = signed_in.post(
        _url("endpoints", company), {"url": endpoint.url, "event_types": ["booking.made"]}
    )
    assert "already has an endpoint" in " ".join(response.context["form"].errors["url"])
    assert Endpoint.objects.count() == 1


def test_editing_saves_and_bad_input_keeps_the_endpoint(signed_in, company, make_endpoint):
    endpoint = make_endpoint(company)
    page = _url("endpoint", company, endpoint.pk)
    response = signed_in.post(page, {"url": "https://new.example/hook", "event_types": []})
    assert response.status_code == 200 and response.context["form"].errors["event_types"]
    assert Endpoint.objects.get().url == endpoint.url
    response = signed_in.post(
        page, {"url": "https://new.example/hook", "event_types": ["registration.created"]}
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.event_types) == (
        "https://new.example/hook",
        ["registration.created"],
    )


def test_rotating_switching_off_and_on(signed_in, company, make_endpoint):
    endpoint = make_endpoint(company)
    secret = endpoint.secret
    assert signed_in.post(_url("rotate_secret", company, endpoint.pk)).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != secret and endpoint.previous_secret == secret
    assert signed_in.get(_url("rotate_secret", company, endpoint.pk)).status_code == 405
    signed_in.post(_url("set_active", company, endpoint.pk), {"active": "0"})
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "manual")
    signed_in.post(_url("set_active", company, endpoint.pk), {"active": "maybe"})
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    signed_in.post(_url("set_active", company, endpoint.pk), {"active": "1"})
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason, endpoint.disabled_at) == (True, "", None)


def test_another_organisations_endpoint_is_not_found(signed_in, company, make_endpoint):
    elsewhere = make_endpoint()
    assert signed_in.get(_url("endpoint", company, elsewhere.pk)).status_code == 404
    assert signed_in.post(_url("ping", company, elsewhere.pk)).status_code == 404
    assert not Delivery.objects.exists()


def test_a_test_ping_is_delivered_and_logged(
    signed_in, company, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(company, event_types=["booking.made"])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(_url("ping", company, endpoint.pk), follow=True)
    assert "A test event was queued" in response.content.decode()
    ((_path, headers, _body),) = receiver.requests
    assert headers["X-Korpu-Event"] == "ping"
    log = signed_in.get(_url("deliveries", company)).content.decode()
    assert "Test ping" in log and "delivered" in log


def test_the_log_filters_by_status_and_failed_deliveries_can_be_sent_again(
    signed_in, company, make_endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(company)
    failed = Delivery.objects.create(
        endpoint=endpoint,
        event_type="booking.made",
        event_id="00000000-0000-4000-8000-000000000001",
        payload={"type": "booking.made"},
        status=Delivery.Status.FAILED,
        attempts=6,
        last_response_code=500,
        last_error="HTTP 500: boom",
    )
    done = Delivery.objects.create(
        endpoint=endpoint,
        event_type="eoi.received",
        event_id="00000000-0000-4000-8000-000000000002",
        payload={"type": "eoi.received"},
        status=Delivery.Status.SUCCEEDED,
        attempts=1,
    )
    response = signed_in.get(_url("deliveries", company), {"status": "failed"})
    assert [d.pk for d in response.context["page"].object_list] == [failed.pk]
    assert "HTTP 500: boom" in response.content.decode()
    response = signed_in.get(_url("deliveries", company), {"status": "bogus"})
    assert response.status_code == 200  # a bad filter shows everything, with the error
    assert len(response.context["page"].object_list) == 2
    # A delivered one is not sent again.
    signed_in.post(_url("redeliver", company, done.pk))
    done.refresh_from_db()
    assert done.status == Delivery.Status.SUCCEEDED and done.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(_url("redeliver", company, failed.pk))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_response_code) == (
        Delivery.Status.SUCCEEDED,
        1,
        200,
    )
    assert len(receiver.requests) == 1
