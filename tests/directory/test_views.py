import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from korpu.common.models import AuditEntry
from korpu.directory.models import ApiToken, Organisation
from tests import factories
from tests.common.test_validators import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def managed(client):
    company = factories.OrganisationFactory(slug="acme", name="Acme", name_en="Acme")
    manager = factories.MembershipFactory(organisation=company, role="manager").person
    client.force_login(manager)
    return company, manager


def edit_data(company, **changes):
    data = {
        "name_en": company.name_en or company.name,
        "name_az": "",
        "name_tr": "",
        "kind": company.kind,
        "country": company.country,
        "city": company.city,
        "size": company.size,
        "founded_year": "",
        "description_en": company.description,
        "description_az": "",
        "description_tr": "",
        "website": "",
        "email": company.email,
        "phone": company.phone,
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_manager_updates_profile_in_three_languages_with_audit(client, managed):
    company, manager = managed
    sector = factories.SectorFactory(slug="ict", name="ICT")
    url = reverse("directory:organisation_edit", args=["acme"])
    response = client.post(
        url,
        edit_data(
            company,
            name_az="Akme",
            description_tr="Robotik çözümler",
            founded_year="2012",
            sectors=[sector.pk],
        ),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.name_az, company.description_tr, company.founded_year) == (
        "Akme",
        "Robotik çözümler",
        2012,
    )
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == manager
    assert entry.changes["name_az"] == [None, "Akme"] or entry.changes["name_az"] == ["", "Akme"]
    assert entry.changes["sectors"] == [[], ["ict"]]


def test_bad_input_gets_translated_message_and_changes_nothing(client, managed):
    company, _ = managed
    url = "/az" + reverse("directory:organisation_edit", args=["acme"])[3:]
    before = Organisation.objects.values().get(pk=company.pk)
    response = client.post(url, edit_data(company, founded_year="3000", website="not a url"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"founded_year", "website"}
    assert Organisation.objects.values().get(pk=company.pk) == before
    assert AuditEntry.objects.count() == 0


def test_fake_logo_is_refused(client, managed):
    company, _ = managed
    url = reverse("directory:organisation_edit", args=["acme"])
    fake = SimpleUploadedFile("logo.png", b"GIF89a not really", content_type="image/png")
    response = client.post(url, {**edit_data(company), "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    company.refresh_from_db()
    assert not company.logo


def test_logo_upload_served_to_visitors_of_a_public_organisation(client, managed):
    company, _ = managed
    url = reverse("directory:organisation_edit", args=["acme"])
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    assert client.post(url, {**edit_data(company), "logo": logo}).status_code == 302
    client.logout()
    response = client.get(reverse("directory:organisation_logo", args=["acme"]))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert b"".join(response.streaming_content) == png_bytes()
    # Opened on its own, an upload can run nothing; the media folder is not a web root.
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    company.refresh_from_db()
    assert client.get("/media/" + company.logo.name).status_code == 404


def test_statistics_fields_need_consent(client, person):
    client.force_login(person)
    data = {
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "country": "AZ",
        "preferred_language": "az",
        "gender": "female",
        "birth_year": "1998",
    }
    response = client.post(reverse("directory:profile"), data)
    assert response.status_code == 200
    assert "statistics_consent" in response.context["form"].errors
    person.refresh_from_db()
    assert (person.gender, person.birth_year) == ("", None)
    response = client.post(reverse("directory:profile"), {**data, "statistics_consent": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.gender, person.birth_year, person.statistics_consent_at is not None) == (
        "female",
        1998,
        True,
    )


def test_api_token_is_shown_once(client, person):
    client.force_login(person)
    response = client.post(reverse("directory:api_tokens"), {"name": "KPI export"})
    key = response.context["new_key"]
    assert key.startswith("kp_") and key in response.content.decode()
    page_again = client.get(reverse("directory:api_tokens")).content.decode()
    assert key not in page_again and "KPI export" in page_again
    token = ApiToken.objects.get()
    client.post(reverse("directory:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(client, person):
    other_token = ApiToken.objects.create(
        person=factories.PersonFactory(), name="x", lookup="abc", key_hash="0" * 64
    )
    client.force_login(person)
    response = client.post(reverse("directory:api_token_revoke", args=[other_token.pk]))
    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_directory_filters_by_sector_and_htmx_gets_only_results(client):
    robotics = factories.SectorFactory(slug="robotics", name="Robotics")
    energy = factories.SectorFactory(slug="energy", name="Energy")
    factories.OrganisationFactory(name="Pusula Robotik", sectors=[robotics])
    factories.OrganisationFactory(name="Kuzey Enerji", sectors=[energy])
    url = reverse("directory:organisations") + "?sector=robotics"
    page = client.get(url)
    assert [o.name for o in page.context["page"]] == ["Pusula Robotik"]
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="results"')
    assert "<html" not in partial


def test_stale_filter_values_do_not_break_the_page(client):
    factories.OrganisationFactory(name="Pusula Robotik")
    response = client.get(
        reverse("directory:organisations") + "?kind=nonsense&sector=gone&page=999&country=XX"
    )
    assert response.status_code == 200
    assert [o.name for o in response.context["page"]] == ["Pusula Robotik"]


def test_list_pages_use_a_constant_number_of_queries(client, django_assert_max_num_queries):
    sector = factories.SectorFactory()
    park = factories.ParkFactory()

    def add_companies(count):
        for _ in range(count):
            company = factories.OrganisationFactory(sectors=[sector, factories.SectorFactory()])
            factories.ResidencyFactory(park=park, company=company)
            factories.MembershipFactory(organisation=company)

    add_companies(5)
    urls = [
        reverse("directory:organisations"),
        reverse("directory:park", args=[park.slug]),
        reverse("directory:people"),
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        counts[url] = len(small)
    add_companies(20)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
