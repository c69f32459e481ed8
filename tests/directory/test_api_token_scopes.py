"""API token scopes: read-only or read-write, one organisation or all, an expiry.

The scene is the permission matrix's (tests/permission_scene.py): two organisations of
one person, each with data the other must not reach through a token limited to it.
"""

import datetime
import json

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from korpu.directory import services
from korpu.directory.models import ApiToken, Membership
from korpu.events.models import Registration
from korpu.facilities.models import Booking
from korpu.transfer.models import Profile
from tests import factories, permission_scene
from tests.test_permission_matrix import operation_url, operations, row_counts

pytestmark = pytest.mark.django_db
API = "/api/v1"
READ, READ_WRITE = ApiToken.Scope.READ, ApiToken.Scope.READ_WRITE
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
READ_ONLY_MESSAGE = "This API token is read-only: it can read but not change anything."


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """The matrix's scene plus ``both``: a manager of the agency (organiser of its
    events), a manager of the park operator (runs the park's lab), a member of the
    company (owns the technology profiles) and of the unlisted private organisation."""
    with django_db_blocker.unblock(), transaction.atomic():
        s = permission_scene.build()
        s.both = factories.PersonFactory(email="both@example.org", is_public=False)
        for organisation, role in (
            (s.agency, "manager"),
            (s.operator, "manager"),
            (s.company, "member"),
            (s.private_org, "member"),
        ):
            factories.MembershipFactory(person=s.both, organisation=organisation, role=role)
        s.private_colleague = factories.PersonFactory(is_public=False)
        factories.MembershipFactory(person=s.private_colleague, organisation=s.private_org)
        yield s
        transaction.set_rollback(True)


def token_client(person, *, scope=READ_WRITE, organisation=None, expires_at=None) -> Client:
    _token, key = services.create_api_token(
        actor=person, name="script", scope=scope, organisation=organisation, expires_at=expires_at
    )
    client = Client(headers={"Authorization": f"Bearer {key}"})
    client.key = key
    return client


def session_client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def send(client, method, url, body=None):
    return client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")


def items(response) -> list:
    assert response.status_code == 200, response.content
    return json.loads(response.content)["items"]


def error_of(response) -> dict:
    return json.loads(response.content)["error"]


# --- expiry ------------------------------------------------------------------------------
def test_a_token_works_until_the_moment_it_expires(scene):
    expires_at = timezone.now() + datetime.timedelta(days=1)
    _token, key = services.create_api_token(
        actor=scene.participant, name="script", expires_at=expires_at
    )
    just_before = expires_at - datetime.timedelta(microseconds=1)
    assert services.check_api_key(key, now=just_before).person == scene.participant
    at_the_moment = services.check_api_key(key, now=expires_at)
    assert (at_the_moment.person, at_the_moment.expired_at) == (None, expires_at)
    later = services.check_api_key(key, now=expires_at + datetime.timedelta(days=400))
    assert (later.person, later.expired_at) == (None, expires_at)


def test_an_expired_token_answers_401_saying_when_and_records_no_use(scene):
    token, key = services.create_api_token(
        actor=scene.participant,
        name="script",
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    )
    client = Client(headers={"Authorization": f"Bearer {key}"})
    response = client.get(f"{API}/me", query_params={"lang": "en"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    error = error_of(response)
    assert (error["code"], error["message"]) == (
        "unauthorized",
        "The API token expired on Jan. 2, 2026, 3:04 a.m.; create a new one on your profile page.",
    )
    token.refresh_from_db()
    assert token.last_used_at is None
    assert error_of(client.get(f"{API}/organisations"))["status"] == 401  # never anonymous


def test_the_expiry_message_is_translated(scene):
    token, key = services.create_api_token(actor=scene.participant, name="script")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    client = Client(headers={"Authorization": f"Bearer {key}"})
    english = error_of(client.get(f"{API}/me", query_params={"lang": "en"}))["message"]
    turkish = error_of(client.get(f"{API}/me", query_params={"lang": "tr"}))["message"]
    assert english.startswith("The API token expired on")
    assert turkish  # translated by the lead's .po update; never empty, never a 500


def test_a_token_without_expiry_never_expires(scene):
    _token, key = services.create_api_token(actor=scene.participant, name="script")
    far = timezone.now() + datetime.timedelta(days=365 * 50)
    assert services.check_api_key(key, now=far).person == scene.participant


def test_scope_organisation_and_expiry_are_read_in_the_one_statement(scene):
    client = token_client(
        scene.both,
        scope=READ,
        organisation=scene.agency,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    client.get(f"{API}/me")  # the first use of the minute is recorded
    with CaptureQueriesContext(connection) as queries:
        person = services.authenticate_api_key(client.key)
    assert len(queries) == 1
    assert (person.api_token_scope, person.api_token_organisation_id) == (READ, scene.agency.pk)


# --- read only -----------------------------------------------------------------------------
UNSAFE_OPERATIONS = sorted(
    operation_id for operation_id, (method, _path) in operations().items() if method in UNSAFE
)


def test_the_api_has_unsafe_operations_to_refuse():
    assert len(UNSAFE_OPERATIONS) >= 30


@pytest.mark.parametrize("operation_id", UNSAFE_OPERATIONS)
def test_a_read_only_token_is_refused_every_unsafe_operation(scene, operation_id):
    method, _path = operations()[operation_id]
    url = operation_url(scene, operation_id)
    # staff may do the most; the refusal comes before the operation, whoever asks
    client = token_client(scene.staff, scope=READ)
    client.get(f"{API}/me")  # its first use of the minute is recorded before counting
    before = row_counts()
    response = send(client, method, url)
    assert response.status_code == 403, response.content
    assert error_of(response) == {
        "status": 403,
        "code": "forbidden",
        "message": READ_ONLY_MESSAGE,
        "details": [],
    }
    assert row_counts() == before


def test_a_read_only_token_reads(scene):
    client = token_client(scene.manager, scope=READ)
    assert client.get(f"{API}/events/{scene.event.pk}/registrations").status_code == 200
    assert client.get(f"{API}/organisations").status_code == 200


def test_a_read_only_token_cannot_register_on_the_hot_path(scene):
    event = scene.event
    person = factories.PersonFactory()
    client = token_client(person, scope=READ)
    before = Registration.objects.filter(event=event).count()
    response = send(client, "POST", f"{API}/events/{event.pk}/registrations")
    assert (response.status_code, error_of(response)["message"]) == (403, READ_ONLY_MESSAGE)
    assert Registration.objects.filter(event=event).count() == before
    response = send(token_client(person), "POST", f"{API}/events/{event.pk}/registrations")
    assert response.status_code == 201, response.content
    assert Registration.objects.filter(event=event, person=person).count() == 1


def test_an_expired_token_cannot_register_on_the_hot_path(scene):
    event = scene.event
    person = factories.PersonFactory()
    token, key = services.create_api_token(actor=person, name="rush")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    client = Client(headers={"Authorization": f"Bearer {key}"})
    response = send(client, "POST", f"{API}/events/{event.pk}/registrations")
    assert response.status_code == 401
    assert error_of(response)["message"].startswith("The API token expired on")
    assert not Registration.objects.filter(event=event, person=person).exists()


# --- organisation scope: reads ------------------------------------------------------------------
def test_org_scope_hides_another_organisations_private_data_in_the_directory(scene):
    private_org = f"{API}/organisations/{scene.private_org.slug}"
    colleague = f"{API}/people/{scene.private_colleague.pk}"
    for client in (
        session_client(scene.both),
        token_client(scene.both),
        token_client(scene.both, organisation=scene.private_org),
    ):
        assert client.get(private_org).status_code == 200
        assert client.get(colleague).status_code == 200
    scoped = token_client(scene.both, organisation=scene.agency, scope=READ)
    assert scoped.get(private_org).status_code == 404
    assert scoped.get(colleague).status_code == 404
    listed = {row["slug"] for row in items(scoped.get(f"{API}/organisations?page_size=100"))}
    assert scene.private_org.slug not in listed and scene.agency.slug in listed
    me = scoped.get(f"{API}/me").json()
    assert [m["organisation"]["slug"] for m in me["memberships"]] == [scene.agency.slug]


def test_org_scope_hides_another_organisations_event_registrations(scene):
    url = f"{API}/events/{scene.event.pk}/registrations"  # the agency's event
    assert token_client(scene.both).get(url).status_code == 200
    assert token_client(scene.both, organisation=scene.agency).get(url).status_code == 200
    assert token_client(scene.both, organisation=scene.company).get(url).status_code == 403


def test_org_scope_hides_another_organisations_draft_profiles(scene):
    url = f"{API}/transfer/my/profiles"  # the company's
    mine = {row["id"] for row in items(token_client(scene.both).get(url))}
    assert scene.draft_profile.pk in mine
    for_company = items(token_client(scene.both, organisation=scene.company).get(url))
    assert scene.draft_profile.pk in {row["id"] for row in for_company}
    for_agency = items(token_client(scene.both, organisation=scene.agency).get(url))
    assert for_agency == []
    detail = f"{API}/transfer/profiles/{scene.draft_profile.pk}"
    assert token_client(scene.both, organisation=scene.agency).get(detail).status_code == 404


def test_org_scope_hides_another_organisations_lab_usage(scene):
    url = f"{API}/facilities/{scene.facility.slug}/usage"  # the operator's park's lab
    assert token_client(scene.both).get(url).status_code == 200
    assert token_client(scene.both, organisation=scene.operator).get(url).status_code == 200
    assert token_client(scene.both, organisation=scene.agency).get(url).status_code in (403, 404)


# --- organisation scope: writes -------------------------------------------------------------------
def test_org_scope_cannot_cancel_registrations_for_another_organisations_event(scene):
    registration = scene.registration  # at the agency's event
    url = f"{API}/events/{scene.event.pk}/registrations/{registration.pk}"
    scoped = token_client(scene.both, organisation=scene.company)
    before = row_counts()
    response = send(scoped, "DELETE", url)
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status != Registration.Status.CANCELLED
    assert row_counts() == before
    response = send(token_client(scene.both, organisation=scene.agency), "DELETE", url)
    assert response.status_code == 200, response.content
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_org_scope_cannot_act_on_another_organisations_profile(scene):
    profile = scene.draft_profile  # the company's
    url = f"{API}/transfer/profiles/{profile.pk}/submit"
    scoped = token_client(scene.both, organisation=scene.agency)
    before = row_counts()
    response = send(scoped, "POST", url)
    assert response.status_code in (403, 404)
    assert Profile.objects.get(pk=profile.pk).status == Profile.Status.DRAFT
    assert row_counts() == before
    response = send(token_client(scene.both, organisation=scene.company), "POST", url)
    assert response.status_code == 200, response.content
    assert Profile.objects.get(pk=profile.pk).status == Profile.Status.UNDER_REVIEW


def test_org_scope_cannot_create_a_profile_for_another_organisation(scene):
    body = {
        "owner": scene.company.slug,
        "intermediary": scene.operator.slug,
        "type": "TO",
        "language": "en",
        "texts": {"en": {"title": "Scoped", "summary": "Short.", "description": "Longer."}},
        "stage": "development",
    }
    before = Profile.objects.count()
    scoped = token_client(scene.both, organisation=scene.agency)
    response = send(scoped, "POST", f"{API}/transfer/profiles", body)
    assert response.status_code == 422
    assert [(d["field"], d["message"]) for d in error_of(response)["details"]] == [
        ("payload.owner", "You are not a member of this organisation.")
    ]
    assert Profile.objects.count() == before
    response = send(token_client(scene.both), "POST", f"{API}/transfer/profiles", body)
    assert response.status_code == 201, response.content


def test_org_scope_cannot_cancel_bookings_in_another_organisations_lab(scene):
    booking = scene.booking  # a company member's booking in the operator's lab
    url = f"{API}/facilities/bookings/{booking.pk}"
    scoped = token_client(scene.both, organisation=scene.agency)
    before = row_counts()
    response = send(scoped, "DELETE", url)
    assert response.status_code in (403, 404)
    assert Booking.objects.get(pk=booking.pk).status == booking.status
    assert row_counts() == before
    response = send(token_client(scene.both, organisation=scene.operator), "DELETE", url)
    assert response.status_code == 200, response.content
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED


def test_a_scoped_token_no_longer_member_of_its_organisation_has_no_membership_rights(scene):
    person = factories.PersonFactory()
    factories.MembershipFactory(person=person, organisation=scene.agency, role="manager")
    factories.MembershipFactory(person=person, organisation=scene.company)
    client = token_client(person, organisation=scene.company)
    Membership.objects.filter(person=person, organisation=scene.company).delete()
    url = f"{API}/events/{scene.event.pk}/registrations"
    assert client.get(url).status_code == 403
    assert client.get(f"{API}/me").json()["memberships"] == []


def test_deleting_the_organisation_deletes_its_tokens_never_widens_them(scene):
    organisation = factories.OrganisationFactory()
    person = factories.PersonFactory()
    factories.MembershipFactory(person=person, organisation=organisation)
    token, _key = services.create_api_token(actor=person, name="script", organisation=organisation)
    organisation.delete()
    assert not ApiToken.objects.filter(pk=token.pk).exists()


# --- the service and the page -------------------------------------------------------------------
def test_a_token_cannot_be_limited_to_an_organisation_of_someone_else(scene):
    with pytest.raises(services.ValidationError) as raised:
        services.create_api_token(actor=scene.participant, name="x", organisation=scene.agency)
    assert raised.value.message_dict == {
        "organisation": ["You can only limit a token to an organisation you belong to."]
    }
    assert not scene.participant.api_tokens.exists()


def test_the_page_creates_a_token_with_its_scope_organisation_and_expiry(scene):
    client = session_client(scene.both)
    before = timezone.now()
    response = client.post(
        reverse("directory:api_tokens"),
        {"name": "KPI export", "scope": READ, "organisation": scene.agency.pk, "lifetime": "30"},
    )
    assert response.status_code == 200
    token = scene.both.api_tokens.get(name="KPI export")
    assert (token.scope, token.organisation) == (READ, scene.agency)
    expected = before + datetime.timedelta(days=30)
    assert expected <= token.expires_at <= expected + datetime.timedelta(minutes=1)
    page = response.content.decode()
    assert 'data-testid="new-token"' in page
    row = page[page.index(f'data-testid="token-{token.lookup}"') :]
    row = row[: row.index("</tr>")]
    assert "read only" in row and scene.agency.name in row
    assert "expires in 4\xa0weeks, 1\xa0day" in row or "expires in 30\xa0days" in row


def test_the_page_defaults_to_read_only_all_organisations_90_days(scene):
    client = session_client(scene.participant)
    client.post(reverse("directory:api_tokens"), {"name": "defaults"})
    token = scene.participant.api_tokens.get()
    assert (token.scope, token.organisation) == (READ, None)
    days = (token.expires_at - timezone.now()).total_seconds() / 86400
    assert 89.9 < days <= 90


def test_the_page_offers_no_expiry(scene):
    client = session_client(scene.participant)
    client.post(
        reverse("directory:api_tokens"),
        {"name": "forever", "scope": READ_WRITE, "lifetime": "never"},
    )
    token = scene.participant.api_tokens.get()
    assert (token.scope, token.expires_at) == (READ_WRITE, None)
    page = client.get(reverse("directory:api_tokens")).content.decode()
    assert "read and write" in page and "all my organisations" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"organisation": "other"},
            "organisation",
            "Choose one of the organisations you belong to.",
        ),
        (
            {"organisation": "999999"},
            "organisation",
            "Choose one of the organisations you belong to.",
        ),
        (
            {"scope": "admin"},
            "scope",
            "Select a valid choice. admin is not one of the available choices.",
        ),
        (
            {"lifetime": "7"},
            "lifetime",
            "Select a valid choice. 7 is not one of the available choices.",
        ),
        ({"name": "  "}, "name", "This field is required."),
    ],
)
def test_the_page_refuses_bad_input_and_creates_nothing(scene, data, field, message):
    if data.get("organisation") == "other":
        data = {"organisation": str(scene.other_org.pk)}  # exists, but not theirs
    client = session_client(scene.both)
    response = client.post(reverse("directory:api_tokens"), {"name": "script", **data})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not scene.both.api_tokens.exists()
    assert "new-token" not in response.content.decode()


def test_the_page_shows_expired_and_revoked_tokens(scene):
    person = scene.participant
    expired, _key = services.create_api_token(actor=person, name="old")
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    )
    revoked, _key = services.create_api_token(actor=person, name="gone")
    services.revoke_api_token(actor=person, token=revoked)
    page = session_client(person).get(reverse("directory:api_tokens")).content.decode()
    expired_row = page[page.index(f'data-testid="token-{expired.lookup}"') :]
    expired_row = expired_row[: expired_row.index("</tr>")]
    assert "expired on" in expired_row and ">expired<" in expired_row
    assert "Revoke" not in expired_row
    revoked_row = page[page.index(f'data-testid="token-{revoked.lookup}"') :]
    assert ">revoked<" in revoked_row[: revoked_row.index("</tr>")]


def test_the_openapi_spec_documents_the_scopes():
    from korpu.api import api

    schemes = api.get_openapi_schema()["components"]["securitySchemes"]
    descriptions = " ".join(scheme.get("description", "") for scheme in schemes.values())
    for words in ("read-only", "read-write", "one organisation", "expire", "403", "401"):
        assert words in descriptions
