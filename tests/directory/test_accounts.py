import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from korpu.directory.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_sign_up_verify_email_and_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/az/accounts/signup/",
            {
                "email": "leyla@example.org",
                "first_name": "Leyla",
                "last_name": "Əliyeva",
                "password1": "a-long-unusual-passphrase",
                "password2": "a-long-unusual-passphrase",
                "accept_privacy": "on",
            },
        )
    assert response.status_code == 302
    person = Person.objects.get(email="leyla@example.org")
    assert (person.first_name, person.last_name, person.preferred_language) == (
        "Leyla",
        "Əliyeva",
        "az",
    )
    # The confirmation mail went through the outbox and was delivered after commit.
    assert [m.to for m in mail.outbox] == [["leyla@example.org"]]
    assert "Körpü" in mail.outbox[0].body and "testserver!" not in mail.outbox[0].body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.post(path).status_code == 302
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "leyla@example.org", "password": "a-long-unusual-passphrase"},
    )
    assert (response.status_code, response.url) == (302, reverse("directory:dashboard"))


def test_unverified_account_cannot_sign_in(client):
    factories.PersonFactory(email="new@example.org")
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": factories.PASSWORD}
    )
    # allauth sends the person to the "verify your e-mail" page instead of signing in.
    assert response.status_code == 302
    assert "confirm-email" in response.url or "verification" in response.url
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client):
    person = factories.PersonFactory(email="target@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        )
        assert response.context["form"].errors
    # After 5 failures in 5 minutes even the right password is refused for a while.
    response = client.post(
        "/tr/accounts/login/", {"login": "target@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override("tr"):
        expected = gettext("Too many failed login attempts. Try again later.")
    assert response.context["form"].non_field_errors() == [expected]


def test_bad_signup_input_gets_a_translated_message(client):
    response = client.post(
        "/tr/accounts/signup/",
        {"email": "not-an-email", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    assert Person.objects.count() == 0
    form = response.context["form"]
    assert {"email", "first_name", "last_name"} <= set(form.errors)


def test_language_choice_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "tr", "next": "/en/parks/"})
    assert (response.status_code, response.url) == (302, "/tr/parks/")
    response = client.get("/")
    assert (response.status_code, response.url) == (302, "/tr/")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-entropy-9f3a2c",
        "ALLOWED_HOSTS": "korpu.example.org",
        "KORPU_DATA_DIR": str(tmp_path),
        "KORPU_HTTPS": "1",
        "KORPU_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "korpu.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "korpu", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
