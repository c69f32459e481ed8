"""Account security: password hashing, sessions after a password change, two-factor
sign-in for staff, structured logs, and no secrets in the repository."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.urls import reverse

from tests import factories

REPO = Path(__file__).resolve().parents[2]


def _production_python(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """Run ``code`` with the production settings (not tests/settings.py)."""
    environment = {
        **os.environ,
        "SECRET_KEY": "production-like-secret-key-for-a-test-0123456789abcdef",
        "KORPU_DATA_DIR": str(tmp_path),
        "KORPU_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "korpu.settings",
        **env,
    }
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_passwords_are_hashed_with_argon2_in_production(tmp_path):
    result = _production_python(
        "from django.contrib.auth.hashers import make_password, check_password\n"
        "encoded = make_password('a-long-unusual-passphrase')\n"
        "print(encoded.split('$')[0], check_password('a-long-unusual-passphrase', encoded))",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["argon2", "True"]


def test_logs_are_one_json_object_a_line_when_asked(tmp_path):
    result = _production_python(
        "import logging\nlogging.getLogger('korpu.test').warning('disk %s is full', 'media')",
        tmp_path,
        KORPU_LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "korpu.test"
    assert record["message"] == "disk media is full"
    assert "time" in record and record["process"] > 0


def _verified(**fields):
    person = factories.PersonFactory(**fields)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def _sign_in(client, person, password=factories.PASSWORD):
    return client.post(reverse("account_login"), {"login": person.email, "password": password})


@pytest.mark.django_db
def test_changing_the_password_signs_out_every_other_session(client, django_user_model):
    person = _verified(email="aysel@example.org")
    other_browser = client.__class__()
    assert _sign_in(client, person).status_code == 302
    assert _sign_in(other_browser, person).status_code == 302
    dashboard = reverse("directory:dashboard")
    assert other_browser.get(dashboard).status_code == 200

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "another-long-passphrase-2026",
            "password2": "another-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    # The browser that changed it stays signed in; the other one is signed out.
    assert client.get(dashboard).status_code == 200
    response = other_browser.get(dashboard)
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.django_db
def test_a_staff_member_with_two_factor_sign_in_needs_the_code(client):
    staff = _verified(email="admin@example.org", is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = _sign_in(client, staff)
    # The password alone does not sign in: allauth asks for the code first.
    assert response.status_code == 302 and "2fa" in response.url
    assert "_auth_user_id" not in client.session
    wrong = client.post(response.url, {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    code = format_hotp_value(hotp_value(secret, next(counters())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.django_db
def test_staff_can_turn_on_two_factor_sign_in(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    staff = _verified(email="admin@example.org", is_staff=True)
    assert _sign_in(client, staff).status_code == 302
    # Turning it on asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response.url
    response = client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    # Shown as a QR code drawn inline (no image fetched from elsewhere) and as text.
    assert b"<svg" in page.content and secret.encode() in page.content

    code = format_hotp_value(hotp_value(secret, next(counters())))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


# Private keys, cloud access keys and the like; the test key above is not in the repo.
SECRET_PATTERNS = [
    re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    re.compile(rb"AKIA[0-9A-Z]{16}"),
    re.compile(rb"(?i)(secret_key|password)\s*=\s*['\"][A-Za-z0-9+/_\-]{32,}['\"]"),
    re.compile(rb"xox[baprs]-[0-9A-Za-z-]{10,}"),
]


def test_no_secrets_are_committed():
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    found = []
    for name in filter(None, listed):
        path = REPO / name.decode()
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        content = path.read_bytes()
        for pattern in SECRET_PATTERNS:
            found += [
                f"{name.decode()}: {match.group(0)[:40]!r}"
                for match in pattern.finditer(content)
                if b"insecure" not in match.group(0)  # the development key, refused in production
            ]
    assert found == []
