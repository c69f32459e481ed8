import pytest

pytestmark = pytest.mark.django_db


def test_health_answers_over_plain_http_while_pages_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    health = client.get("/healthz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    page = client.get("/en/")
    assert (page.status_code, page.url) == (301, "https://testserver/en/")


def test_security_headers_on_pages(client):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self' 'nonce-" in csp
    assert (response["X-Frame-Options"], response["X-Content-Type-Options"]) == (
        "DENY",
        "nosniff",
    )
