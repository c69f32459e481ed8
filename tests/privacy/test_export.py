"""Download my data: everything about the person, nothing secret, nobody else's data."""

import io
import json
import time
import zipfile

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.urls import reverse

from korpu.privacy import export, services
from korpu.programs.models import Answer
from tests import permission_scene

pytestmark = pytest.mark.django_db


def test_every_link_to_a_person_is_exported_or_excluded_with_a_reason():
    assert export.person_links() - export.covered_links() == set()


@pytest.fixture
def scene(db):
    s = permission_scene.build()
    s.participant.photo.save("me.png", ContentFile(b"\x89PNG participant photo"), save=True)
    answer = Answer.objects.get(application=s.application, question=s.file_question)
    answer.file.save("plan.pdf", ContentFile(b"%PDF my business plan"), save=True)
    Authenticator.objects.create(
        user=s.company_member, type="totp", data={"secret": "MFASECRETVALUE"}
    )
    services.accept_notice(person=s.company_member)
    return s


def download(client, person) -> tuple[dict, zipfile.ZipFile, float]:
    client.force_login(person)
    started = time.monotonic()
    response = client.get(reverse("privacy:export"))
    seconds = time.monotonic() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("data.json")), archive, seconds


def test_export_holds_own_data_from_every_app(client, scene):
    data, archive, seconds = download(client, scene.company_member)
    print(f"export of the company member: {seconds * 1000:.0f} ms, {len(archive.namelist())} files")
    records = data["records"]
    assert data["person"]["email"] == "member@example.org"
    for model in (
        "directory.Membership",
        "directory.ApiToken",
        "programs.Application",
        "programs.Answer",
        "programs.OfficeHourBooking",
        "transfer.SavedSearch",
        "facilities.Booking",
        "facilities.WaitingEntry",
        "facilities.ProjectMember",
        "privacy.ConsentRecord",
        "mfa.Authenticator",
    ):
        assert records[model], model
    assert records["directory.ApiToken"][0]["name"] == "laptop"
    # The application's uploaded file is in the ZIP.
    [path] = [p for p in data["files"] if p.startswith("files/programs.answer/")]
    assert archive.read(path) == b"%PDF my business plan"

    data, archive, _ = download(client, scene.participant)
    for model in (
        "events.Registration",
        "events.Certificate",
        "events.Idea",
        "events.TeamMember",
        "matchmaking.Profile",
        "matchmaking.MeetingRequest",
        "programs.Placement",
    ):
        assert data["records"][model], model
    [photo] = [p for p in data["files"] if p.startswith("files/directory.person/")]
    assert archive.read(photo) == b"\x89PNG participant photo"


def test_export_leaks_no_secret_and_nobody_else(client, scene):
    data, archive, _ = download(client, scene.company_member)
    text = archive.read("data.json").decode()
    member = scene.company_member
    member.refresh_from_db()
    assert member.password not in text and '"password"' not in text
    assert "x" * 64 not in text and "key_hash" not in text  # the token's hash
    assert "MFASECRETVALUE" not in text
    for other in (scene.participant, scene.company_admin, scene.reviewer, scene.staff):
        assert other.email not in text
        assert f'"{other.last_name}"' not in text
    # Other people's files are not in it.
    assert not any("directory.person" in name for name in archive.namelist())
    # A link to another person never says who.
    assert all(
        row.get("decided_by") in (None, "you") for row in data["records"]["facilities.Booking"]
    )


def test_export_needs_sign_in(client):
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
