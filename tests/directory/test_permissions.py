"""Each role against each directory page: who sees what, who may change what.

Private data must never leak: a private object answers 404 (its existence is not
revealed), a visible object the user may not change answers 403.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from korpu.directory.models import Membership, PartnershipDocument, Residency
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "manager",
    "admin",
    "park_manager",
    "partner_admin",
    "staff",
]


@pytest.fixture
def world():
    """A company resident in a park, a partner agency, and a person for every role."""
    company = factories.OrganisationFactory(slug="acme", email="hello@acme.example")
    private_company = factories.OrganisationFactory(slug="stealth", is_public=False)
    park = factories.ParkFactory(slug="gosb")
    agency = factories.OrganisationFactory(slug="agency", kind="agency", country="AZ")
    residency = factories.ResidencyFactory(company=company, park=park)
    applied = factories.ResidencyFactory(
        company=private_company, park=park, status=Residency.Status.APPLIED, start_date=None
    )
    partnership = factories.PartnershipFactory(slug="mou", parties=[agency, company])
    secret_partnership = factories.PartnershipFactory(
        slug="secret-mou", is_public=False, parties=[agency, company]
    )
    public_doc = PartnershipDocument.objects.create(
        partnership=partnership,
        title="Public text",
        is_public=True,
        file=ContentFile(b"%PDF-1.4 public", name="public.pdf"),
    )
    private_doc = PartnershipDocument.objects.create(
        partnership=partnership,
        title="Annex",
        is_public=False,
        file=ContentFile(b"%PDF-1.4 private", name="annex.pdf"),
    )
    people = {"anonymous": None, "outsider": factories.PersonFactory()}
    for role in ("member", "manager", "admin"):
        people[role] = factories.MembershipFactory(organisation=company, role=role).person
    people["park_manager"] = factories.MembershipFactory(
        organisation=park.operator, role="manager"
    ).person
    people["partner_admin"] = factories.MembershipFactory(organisation=agency, role="admin").person
    people["staff"] = factories.PersonFactory(is_staff=True)
    hidden_person = factories.PersonFactory(is_public=False)
    factories.MembershipFactory(person=hidden_person, organisation=company)
    return {
        "company": company,
        "private_company": private_company,
        "park": park,
        "residency": residency,
        "applied": applied,
        "partnership": partnership,
        "secret_partnership": secret_partnership,
        "public_doc": public_doc,
        "private_doc": private_doc,
        "people": people,
        "hidden_person": hidden_person,
    }


def client_for(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    return client


def statuses(client, world, url_for, method="get", data=None):
    """{role: status code} for one page."""
    result = {}
    for role in ROLES:
        client.logout()
        client_for(client, world, role)
        response = getattr(client, method)(url_for(world), data or {})
        result[role] = response.status_code
    return result


def test_public_pages_open_to_everyone(client, world):
    for name, args in [
        ("directory:home", []),
        ("directory:organisations", []),
        ("directory:organisation", ["acme"]),
        ("directory:people", []),
        ("directory:parks", []),
        ("directory:park", ["gosb"]),
        ("directory:partnerships", []),
        ("directory:partnership", ["mou"]),
    ]:
        url = reverse(name, args=args)
        assert statuses(client, world, lambda w, url=url: url) == dict.fromkeys(ROLES, 200), url


def test_private_organisation_is_hidden_from_outsiders(client, world):
    url = reverse("directory:organisation", args=["stealth"])
    assert statuses(client, world, lambda w: url) == {
        "anonymous": 404,
        "outsider": 404,
        "member": 404,
        "manager": 404,
        "admin": 404,
        "park_manager": 404,
        "partner_admin": 404,
        "staff": 200,
    }
    client.logout()
    listing = client.get(reverse("directory:organisations")).content.decode()
    assert "stealth" not in listing


def test_organisation_edit_is_for_its_managers(client, world):
    url = reverse("directory:organisation_edit", args=["acme"])
    result = statuses(client, world, lambda w: url)
    assert result == {
        "anonymous": 302,
        "outsider": 403,
        "member": 403,
        "manager": 200,
        "admin": 200,
        "park_manager": 403,
        "partner_admin": 403,
        "staff": 200,
    }


def test_members_page_is_for_admins(client, world):
    url = reverse("directory:organisation_members", args=["acme"])
    assert statuses(client, world, lambda w: url) == {
        "anonymous": 302,
        "outsider": 403,
        "member": 403,
        "manager": 403,
        "admin": 200,
        "park_manager": 403,
        "partner_admin": 403,
        "staff": 200,
    }


def test_contact_details_only_for_members_and_partners(client, world):
    url = reverse("directory:organisation", args=["acme"])
    seen = {}
    for role in ROLES:
        client.logout()
        client_for(client, world, role)
        seen[role] = "hello@acme.example" in client.get(url).content.decode()
    assert seen == {
        "anonymous": False,
        "outsider": False,
        "member": True,
        "manager": True,
        "admin": True,
        "park_manager": False,
        "partner_admin": True,
        "staff": True,
    }


def test_applied_residency_visible_to_park_and_company_managers_only(client, world):
    url = reverse("directory:park", args=["gosb"])
    seen = {}
    for role in ROLES:
        client.logout()
        client_for(client, world, role)
        seen[role] = world["private_company"].name in client.get(url).content.decode()
    assert seen == {
        "anonymous": False,
        "outsider": False,
        "member": False,
        "manager": False,
        "admin": False,
        "park_manager": True,
        "partner_admin": False,
        "staff": True,
    }


def test_residency_status_change_is_for_park_managers(client, world):
    applied = world["applied"]
    url = reverse("directory:residency_status", args=["gosb", applied.pk])
    for role in ("outsider", "member", "admin", "partner_admin"):
        client.logout()
        client_for(client, world, role)
        assert client.post(url, {"status": "approved"}).status_code == 403, role
    client.logout()
    assert client.post(url, {"status": "approved"}).status_code == 302  # to login
    applied.refresh_from_db()
    assert applied.status == Residency.Status.APPLIED
    client_for(client, world, "park_manager")
    assert client.post(url, {"status": "approved"}).status_code == 302
    applied.refresh_from_db()
    assert applied.status == Residency.Status.APPROVED


def test_hidden_person_visible_to_colleagues_only(client, world):
    url = reverse("directory:person", args=[world["hidden_person"].pk])
    assert statuses(client, world, lambda w: url) == {
        "anonymous": 404,
        "outsider": 404,
        "member": 200,
        "manager": 200,
        "admin": 200,
        "park_manager": 404,
        "partner_admin": 404,
        "staff": 200,
    }


def test_person_email_not_public(client, world):
    member = world["people"]["member"]
    url = reverse("directory:person", args=[member.pk])
    client.force_login(world["people"]["outsider"])
    assert member.email not in client.get(url).content.decode()
    client.force_login(world["people"]["admin"])
    assert member.email in client.get(url).content.decode()


def test_private_partnership_and_documents(client, world):
    secret = reverse("directory:partnership", args=["secret-mou"])
    assert statuses(client, world, lambda w: secret) == {
        "anonymous": 404,
        "outsider": 404,
        "member": 200,
        "manager": 200,
        "admin": 200,
        "park_manager": 404,
        "partner_admin": 200,
        "staff": 200,
    }
    private_doc = reverse("directory:partnership_document", args=["mou", world["private_doc"].pk])
    public_doc = reverse("directory:partnership_document", args=["mou", world["public_doc"].pk])
    assert statuses(client, world, lambda w: private_doc) == {
        "anonymous": 404,
        "outsider": 404,
        "member": 200,
        "manager": 200,
        "admin": 200,
        "park_manager": 404,
        "partner_admin": 200,
        "staff": 200,
    }
    assert set(statuses(client, world, lambda w: public_doc).values()) == {200}


def test_own_pages_need_login(client, world):
    for name in ("directory:dashboard", "directory:profile", "directory:api_tokens"):
        response = client.get(reverse(name))
        assert (response.status_code, response.url.split("?")[0]) == (
            302,
            reverse("account_login"),
        )


def test_members_cannot_remove_last_admin(client, world):
    admin = world["people"]["admin"]
    client.force_login(admin)
    membership = Membership.objects.get(person=admin)
    url = reverse("directory:membership_change", args=["acme", membership.pk])
    response = client.post(url, {"action": "remove"}, follow=True)
    assert "An organisation needs at least one admin." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()


def test_rules_and_list_queries_agree(world):
    """The per-object rules and the list queries answer the same question."""
    from django.contrib.auth.models import AnonymousUser

    # Cases beyond the world: an inactive colleague, and a partnership between the
    # agency and the park's operator that shares residency details.
    factories.MembershipFactory(
        organisation=world["company"], person=factories.PersonFactory(is_active=False)
    )
    factories.PartnershipFactory(
        slug="park-mou",
        share_residencies=True,
        parties=[
            world["park"].operator,
            world["people"]["partner_admin"].memberships.get().organisation,
        ],
    )

    from korpu.directory import queries
    from korpu.directory.models import Organisation, Park, Partnership, Person

    checks = [
        ("directory.view_organisation", Organisation.objects.all(), queries.visible_organisations),
        ("directory.view_park", Park.objects.all(), queries.visible_parks),
        ("directory.view_residency", Residency.objects.all(), queries.visible_residencies),
        ("directory.view_partnership", Partnership.objects.all(), queries.visible_partnerships),
        ("directory.view_person", Person.objects.all(), queries.visible_people),
    ]
    for role in ROLES:
        user = world["people"][role] or AnonymousUser()
        for permission, everything, visible in checks:
            by_rule = {obj.pk for obj in everything if user.has_perm(permission, obj)}
            by_query = set(visible(user).values_list("pk", flat=True))
            assert by_rule == by_query, (role, permission)


def test_partners_see_residency_details_only_when_shared(client, world):
    agency = world["people"]["partner_admin"].memberships.get().organisation
    shared = factories.PartnershipFactory(
        slug="park-mou", share_residencies=False, parties=[world["park"].operator, agency]
    )
    client.force_login(world["people"]["partner_admin"])
    url = reverse("directory:park", args=["gosb"])
    assert world["private_company"].name not in client.get(url).content.decode()
    shared.share_residencies = True
    shared.save()
    assert world["private_company"].name in client.get(url).content.decode()


def test_partner_contacts_follow_the_sharing_switch(client, world):
    partnership = world["partnership"]
    for other in world["company"].partnerships.all():
        other.share_contacts = False
        other.save()
    client.force_login(world["people"]["partner_admin"])
    page = client.get(reverse("directory:organisation", args=["acme"])).content.decode()
    assert "hello@acme.example" not in page
    partnership.share_contacts = True
    partnership.save()
    page = client.get(reverse("directory:organisation", args=["acme"])).content.decode()
    assert "hello@acme.example" in page


def test_public_park_does_not_reveal_a_private_partnership(client, world):
    park = world["park"]
    park.established_by = world["secret_partnership"]
    park.save()
    page = client.get(reverse("directory:park", args=["gosb"])).content.decode()
    assert world["secret_partnership"].title not in page
    client.force_login(world["people"]["member"])
    page = client.get(reverse("directory:park", args=["gosb"])).content.decode()
    assert world["secret_partnership"].title in page


def test_outsiders_see_only_listed_members(client, world):
    hidden = world["hidden_person"].full_name
    url = reverse("directory:organisation", args=["acme"])
    client.force_login(world["people"]["partner_admin"])
    assert hidden not in client.get(url).content.decode()
    client.force_login(world["people"]["member"])
    assert hidden in client.get(url).content.decode()


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
