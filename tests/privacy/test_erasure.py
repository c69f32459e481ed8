"""Deleting an account: anonymisation that keeps the partners' figures the same."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse

from korpu.common.models import AuditEntry
from korpu.directory.models import ApiToken, Person
from korpu.insights import kpis
from korpu.privacy import services
from korpu.privacy.models import Erasure
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.insights.test_kpis import YEARS, build_world

pytestmark = pytest.mark.django_db


def all_figures(world) -> dict:
    results = kpis.partnership_kpis(world.partnership, world.admin, YEARS, fresh=True)
    return {
        r.code: (r.by_year, r.by_country, r.total, [(b.name, b.rows) for b in r.breakdowns])
        for r in results
        if r.commitment is None
    }


def test_erasing_people_keeps_every_figure(django_capture_on_commit_callbacks):
    world = build_world()
    before = all_figures(world)
    assert any(total for _y, _c, total, _b in before.values())
    erased = 0
    for person in Person.objects.exclude(pk=world.admin.pk):
        if services.sole_admin_of(person):
            continue
        with django_capture_on_commit_callbacks(execute=True):
            services.erase_person(person=person, actor=None, by_self=False)
        erased += 1
    assert erased >= 10
    assert Person.objects.filter(email__endswith="@erased.invalid").count() == erased
    assert all_figures(world) == before


def test_erasure_removes_personal_data(client, django_capture_on_commit_callbacks):
    person = PersonFactory(
        first_name="Aysel", headline="Founder", bio="About me", phone="+994 50 000 00 00"
    )
    person.photo.save("me.png", ContentFile(b"\x89PNG"), save=True)
    photo_path = person.photo.path
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    ApiToken.objects.create(person=person, name="t", lookup="abcdef123456", key_hash="y" * 64)
    services.accept_notice(person=person)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.first_name == "Aysel" and not Erasure.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:delete"), {"password": _password(), "confirm": "on"}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.headline, person.bio, person.phone, person.photo.name) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert not person.is_active and not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(person=person).exists()
    assert not person.consents.filter(withdrawn_at__isnull=True).exists()
    import os

    assert not os.path.exists(photo_path)
    # Signed out: the session is gone.
    assert client.get(reverse("privacy:mine")).status_code == 302
    assert AuditEntry.objects.filter(action="privacy.erasure").count() == 1


def _password():
    from tests.factories import PASSWORD

    return PASSWORD


def test_only_admin_is_refused_with_what_to_do(client):
    organisation = OrganisationFactory(name="Robotik Ltd")
    admin = MembershipFactory(organisation=organisation, role="admin").person
    client.force_login(admin)
    page = client.get(reverse("privacy:delete"))
    assert "Robotik Ltd" in page.content.decode() and "only admin" in page.content.decode()
    response = client.post(reverse("privacy:delete"), {"password": _password(), "confirm": "on"})
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.is_active and not Erasure.objects.exists()
    # With a second admin it goes through.
    MembershipFactory(organisation=organisation, role="admin")
    response = client.post(reverse("privacy:delete"), {"password": _password(), "confirm": "on"})
    assert response.status_code == 302
    assert Erasure.objects.filter(person=admin).exists()


def test_confirmation_is_required(client):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(reverse("privacy:delete"), {"password": _password()})
    assert response.status_code == 400 and "confirm" in response.context["form"].errors
    person.refresh_from_db()
    assert person.is_active
