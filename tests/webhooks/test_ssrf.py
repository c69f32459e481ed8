"""Addresses a webhook may not use (server-side request forgery), with private addresses
not allowed (as in production): refused when saved and again when delivering."""

import pytest
from django.core.exceptions import ValidationError

from korpu.webhooks import services, transport
from korpu.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(settings):
    settings.KORPU_WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = False


def _code(url: str) -> str:
    with pytest.raises(ValidationError) as refused:
        transport.check_url(url)
    return refused.value.error_list[0].code


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://127.1.2.3:8443/hook",
        "https://localhost/hook",
        "https://10.0.0.5/hook",
        "https://172.16.3.4/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://224.0.0.1/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(strict, url):
    assert _code(url) == "private_address"


def test_other_schemes_plain_http_and_credentials_are_refused(strict):
    assert _code("ftp://hooks.example.com/") == "scheme"
    assert _code("file:///etc/passwd") == "scheme"
    assert _code("gopher://hooks.example.com/") == "scheme"
    assert _code("http://hooks.example.com/") == "https_required"
    assert _code("https://user:secret@hooks.example.com/") == "credentials"
    assert _code("https:///nohost") == "invalid"
    assert _code("https://hooks.example.com:99999/") == "invalid"


def test_a_name_is_judged_by_every_address_it_resolves_to(strict, monkeypatch):
    answers = {"public.example": ["93.184.216.34"], "sneaky.example": ["93.184.216.34", "10.1.1.1"]}
    monkeypatch.setattr(transport, "_resolve", lambda host, port: answers[host])
    transport.check_url("https://public.example/hook")  # allowed
    assert _code("https://sneaky.example/hook") == "private_address"

    def unknown(host, port):
        raise OSError("no such host")

    monkeypatch.setattr(transport, "_resolve", unknown)
    assert _code("https://nowhere.example/hook") == "unresolvable"


def test_http_is_allowed_in_debug_only(settings, monkeypatch):
    settings.KORPU_WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(transport, "_resolve", lambda host, port: ["93.184.216.34"])
    settings.DEBUG = True
    transport.check_url("http://public.example/hook")
    settings.DEBUG = False
    assert _code("http://public.example/hook") == "https_required"


def test_the_service_refuses_to_save_a_private_address(strict, company, person):
    with pytest.raises(ValidationError) as refused:
        services.create_endpoint(
            actor=person,
            organisation=company,
            url="https://169.254.169.254/latest",
            event_types=["booking.made"],
        )
    assert "url" in refused.value.message_dict
    assert not Endpoint.objects.exists()


def test_an_address_that_turned_private_is_not_posted_to(receiver, make_endpoint, settings):
    """Saved while allowed (or a name that later resolved inside): checked again at each
    delivery, and nothing is sent."""
    endpoint = make_endpoint()
    (delivery,) = services.emit("booking.made", organisation=endpoint.organisation, data={})
    settings.KORPU_WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = True  # so that http:// itself is not the reason
    assert services.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert "private network" in delivery.last_error
    assert receiver.requests == []
