"""The privacy notice, consent at sign-up, the banner, and giving/withdrawing consents."""

import pytest
from django.urls import reverse

from korpu.directory.models import Person
from korpu.privacy import conf, services
from korpu.privacy.models import ConsentRecord
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
Purpose = ConsentRecord.Purpose
SIGNUP = {
    "email": "leyla@example.org",
    "first_name": "Leyla",
    "last_name": "Əliyeva",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


@pytest.mark.parametrize(
    ("language", "heading", "days"),
    [
        ("en", "Who is responsible for your data", "365 days, then erased"),
        ("az", "Məlumatlarınıza kim cavabdehdir", "365 gün, sonra pozulur"),
        ("tr", "Verilerinizden kim sorumlu", "365 gün, ardından içeriği silinir"),
    ],
)
def test_notice_in_each_language(client, settings, language, heading, days):
    settings.KORPU_PRIVACY_CONTROLLER = "Körpü Operator LLC"
    settings.KORPU_PRIVACY_CONTACT = "dpo@operator.example"
    response = client.get(f"/{language}/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html and days in html
    assert "Körpü Operator LLC" in html and "dpo@operator.example" in html
    assert f'data-version="{conf.notice_version()}"' in html
    assert f'href="/{language}/privacy/export/"' in html
    assert f'href="/{language}/privacy/delete/"' in html
    # The footer of every page links to it.
    assert f'href="/{language}/privacy/"' in client.get(f"/{language}/").content.decode()


def test_notice_shows_the_configured_retention(client, settings):
    settings.KORPU_RETENTION = {"registration_answers": 30, "audit_log": None}
    html = client.get("/en/privacy/").content.decode()
    assert "30 days, then erased" in html
    assert "until you delete your account" in html
    assert conf.retention_days()["registration_answers"] == 30
    assert conf.retention_days()["audit_log"] is None


def test_signup_requires_accepting_the_notice(client):
    response = client.post("/az/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert "accept_privacy" in response.context["form"].errors
    assert Person.objects.count() == 0 and ConsentRecord.objects.count() == 0


def test_signup_records_the_acceptance(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/az/accounts/signup/", {**SIGNUP, "accept_privacy": "on"})
    assert response.status_code == 302
    person = Person.objects.get(email="leyla@example.org")
    record = ConsentRecord.objects.get(person=person)
    assert (
        record.purpose,
        record.version,
        record.language,
        record.method,
        record.withdrawn_at,
    ) == (
        Purpose.NOTICE,
        conf.notice_version(),
        "az",
        "signup",
        None,
    )
    assert services.has_accepted_notice(person)


def test_banner_until_the_current_version_is_accepted(client, settings):
    person = PersonFactory()
    client.force_login(person)
    assert 'data-testid="privacy-banner"' in client.get("/en/").content.decode()
    response = client.post(
        reverse("privacy:consent"),
        {"purpose": "notice", "action": "give", "method": "banner", "next": "/en/parks/"},
    )
    assert (response.status_code, response.url) == (302, "/en/parks/")
    assert 'data-testid="privacy-banner"' not in client.get("/en/").content.decode()
    assert person.consents.get().method == "banner"
    # A new version of the notice asks again; accepting it closes the old acceptance.
    settings.KORPU_PRIVACY_NOTICE_VERSION = "2027-01-01"
    assert 'data-testid="privacy-banner"' in client.get("/en/").content.decode()
    client.post(reverse("privacy:consent"), {"purpose": "notice", "action": "give"})
    versions = list(
        person.consents.order_by("given_at", "id").values_list("version", "withdrawn_at")
    )
    assert [v for v, _ in versions] == [conf.NOTICE_VERSION, "2027-01-01"]
    assert versions[0][1] is not None and versions[1][1] is None
    # The API is never blocked by it.
    assert client.get("/api/v1/").status_code == 200


def test_give_and_withdraw_optional_consents(client):
    person = PersonFactory(is_public=True)
    client.force_login(person)
    url = reverse("privacy:consent")
    client.post(url, {"purpose": "announcements", "action": "give"})
    client.post(url, {"purpose": "statistics", "action": "give"})
    person.refresh_from_db()
    assert person.statistics_consent_at is not None
    person.gender, person.birth_year = "female", 1995
    person.save()
    assert services.consent_state(person)[Purpose.ANNOUNCEMENTS] is True

    client.post(url, {"purpose": "announcements", "action": "withdraw"})
    client.post(url, {"purpose": "statistics", "action": "withdraw"})
    client.post(url, {"purpose": "directory", "action": "withdraw"})
    person.refresh_from_db()
    assert (person.gender, person.birth_year, person.statistics_consent_at, person.is_public) == (
        "",
        None,
        None,
        False,
    )
    state = services.consent_state(person)
    assert not state[Purpose.ANNOUNCEMENTS] and not state[Purpose.STATISTICS]
    client.post(url, {"purpose": "announcements", "action": "give"})
    history = list(
        person.consents.filter(purpose="announcements")
        .order_by("given_at", "id")
        .values_list("withdrawn_at", flat=True)
    )
    assert len(history) == 2 and history[0] is not None and history[1] is None
    page = client.get(reverse("privacy:mine"))
    assert page.status_code == 200
    assert len(page.context["history"]) == 3  # the directory listing came from the profile


def test_notice_cannot_be_withdrawn_and_bad_input_changes_nothing(client):
    person = PersonFactory()
    services.accept_notice(person=person)
    client.force_login(person)
    for data in (
        {"purpose": "notice", "action": "withdraw"},
        {"purpose": "x", "action": "give"},
        {},
    ):
        response = client.post(reverse("privacy:consent"), data)
        assert response.status_code == 302
    assert person.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert client.get(reverse("privacy:consent")).status_code == 405


def test_my_privacy_is_linked_from_the_dashboard(client):
    client.force_login(PersonFactory())
    assert reverse("privacy:mine") in client.get(reverse("directory:dashboard")).content.decode()
