"""The directory's read API (/api/v1/): what each kind of caller sees.

Private data must never leak: a private object answers 404 exactly like a missing
one, contact details are null for whoever may not see them, and the API lists
exactly what the pages list.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from korpu.directory import services
from korpu.directory.models import (
    Commitment,
    Membership,
    Organisation,
    Park,
    PartnershipDocument,
    PartnershipParty,
    Residency,
)
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1"


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def slugs(response) -> list[str]:
    return [item["slug"] for item in body(response)["items"]]


def error(status: int, code: str, message: str, details=()) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": list(details)}}


NOT_FOUND = error(404, "not_found", "Nothing was found at this address.")


def translations(**fields_by_language) -> dict:
    return {language: fields_by_language.get(language) for language in ("en", "az", "tr")}


# --- the world ---------------------------------------------------------------------------
class World:
    """An agency and a technopark under a memorandum, a park with residents, and a
    person for each kind of caller."""

    def __init__(self):
        self.ict = factories.SectorFactory(slug="ict", name="ICT", name_az="İKT", name_tr="BİT")
        self.defence = factories.SectorFactory(slug="defence", name="Defence")
        self.robotics = factories.TechnologyAreaFactory(
            slug="robotics", name="Robotics", name_az="Robototexnika", name_tr="Robotik"
        )
        self.agency = factories.OrganisationFactory(
            slug="agency",
            name="Innovation Agency",
            name_az="İnnovasiya Agentliyi",
            name_tr="İnovasyon Ajansı",
            description="Runs acceleration programmes.",
            description_az="Akselerasiya proqramları aparır.",
            kind=Organisation.Kind.AGENCY,
            country="AZ",
            city="Baku",
            size="",
            founded_year=2018,
            website="https://agency.example",
            email="info@agency.example",
            phone="+994 12 555 00 00",
            sectors=[self.ict],
        )
        self.agency.technology_areas.set([self.robotics])
        self.gosb = factories.OrganisationFactory(
            slug="gosb", name="GOSB Teknopark", kind=Organisation.Kind.TECHNOPARK
        )
        self.robotix = factories.OrganisationFactory(
            slug="robotix",
            name="Robotix",
            kind=Organisation.Kind.STARTUP,
            email="hello@robotix.example",
            sectors=[self.ict],
        )
        self.armour = factories.OrganisationFactory(
            slug="armour", name="Armour Works", sectors=[self.defence]
        )
        self.stealth = factories.OrganisationFactory(
            slug="stealth",
            name="Stealth Lab",
            is_public=False,
            email="lab@stealth.example",
            phone="+90 555 000 00 00",
        )

        self.park = factories.ParkFactory(
            slug="gosb-park",
            name="GOSB Technopark",
            name_az="GOSB Texnoparkı",
            operator=self.gosb,
            kind=Park.Kind.TECHNOPARK,
            opened_year=2005,
            area_hectares="51.50",
            description="Technology park in Gebze.",
        )
        self.site = factories.SiteFactory(
            park=self.park, name="Main campus", latitude="40.800000", longitude="29.430000"
        )
        self.hidden_park = factories.ParkFactory(
            slug="karabakh",
            name="Karabakh Park",
            operator=self.agency,
            is_public=False,
            country="AZ",
            city="Aghdam",
            time_zone="Asia/Baku",
        )
        self.active = factories.ResidencyFactory(
            company=self.robotix,
            park=self.park,
            start_date=datetime.date(2024, 1, 15),
            applied_on=datetime.date(2023, 12, 1),
            notes="Pays late.",
        )
        self.armour_active = factories.ResidencyFactory(
            company=self.armour,
            park=self.park,
            start_date=datetime.date(2024, 3, 1),
            applied_on=datetime.date(2024, 2, 1),
        )
        self.applied = factories.ResidencyFactory(
            company=self.stealth,
            park=self.park,
            status=Residency.Status.APPLIED,
            start_date=None,
            applied_on=datetime.date(2025, 5, 5),
            notes="Needs a clean room.",
        )
        self.hidden_residency = factories.ResidencyFactory(
            company=self.armour, park=self.hidden_park, start_date=datetime.date(2025, 1, 1)
        )

        self.mou = factories.PartnershipFactory(
            slug="mou-2020",
            title="Memorandum on cooperation",
            title_az="Əməkdaşlıq haqqında memorandum",
            summary="Exchange of programmes.",
            scope="Acceleration and technology transfer.",
            signed_at_place="Baku",
            parties=[self.agency],
        )
        PartnershipParty.objects.create(
            partnership=self.mou,
            organisation=self.gosb,
            role=PartnershipParty.Role.PARTNER,
            signed_by="Director",
        )
        self.park.established_by = self.mou
        self.park.save()
        self.commitment = factories.CommitmentFactory(
            partnership=self.mou,
            code="acceleration-exchange",
            position=1,
            text="Exchange acceleration programmes",
            text_az="Akselerasiya proqramlarının mübadiləsi",
            target_per_year=2,
            target_unit="programmes",
        )
        self.public_document = PartnershipDocument.objects.create(
            partnership=self.mou,
            title="Memorandum text",
            file="partnerships/mou.pdf",
            content_type="application/pdf",
            size=12345,
            language="az",
            is_public=True,
        )
        self.annex = PartnershipDocument.objects.create(
            partnership=self.mou,
            title="Annex",
            file="partnerships/annex.pdf",
            content_type="application/pdf",
            size=999,
            language="en",
        )
        self.secret_mou = factories.PartnershipFactory(
            slug="secret-mou", title="Secret memorandum", is_public=False, parties=[self.stealth]
        )

        self.expert = factories.PersonFactory(
            first_name="Aysel",
            last_name="Aliyeva",
            email="aysel@example.org",
            phone="+994 50 000 00 00",
            headline="Robotics engineer",
            city="Baku",
            expertise="robotics, embedded systems",
            languages=["az", "en"],
            gender="female",
            birth_year=1995,
            statistics_consent_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        )
        factories.MembershipFactory(person=self.expert, organisation=self.robotix, title="CTO")
        factories.MembershipFactory(person=self.expert, organisation=self.stealth, title="Adviser")
        # A member of the private lab; a colleague of the expert there.
        self.member = factories.PersonFactory(
            first_name="Murad", last_name="Quliyev", email="murad@example.org", is_public=False
        )
        factories.MembershipFactory(
            person=self.member, organisation=self.stealth, role=Membership.Role.MANAGER
        )
        self.park_manager = factories.PersonFactory(
            first_name="Zeynep", last_name="Kaya", email="zeynep@example.org"
        )
        factories.MembershipFactory(
            person=self.park_manager, organisation=self.gosb, role=Membership.Role.MANAGER
        )
        self.staff = factories.PersonFactory(
            first_name="Staff", last_name="Person", email="staff@example.org", is_staff=True
        )

    def client(self, who: str | None) -> Client:
        client = Client()
        if who:
            client.force_login(getattr(self, who))
        return client


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """A request leaves its language active in the thread; factories would then write
    ``name=`` into ``name_az``. Build data in English and leave no language behind."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def world():
    return World()


@pytest.fixture
def anonymous():
    return Client()


def token_client(person) -> tuple[Client, str]:
    _token, key = services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"}), key


# --- organisations -----------------------------------------------------------------------
AGENCY_EN = {
    "slug": "agency",
    "name": "Innovation Agency",
    "kind": "agency",
    "kind_label": "innovation agency",
    "country": "AZ",
    "country_name": "Azerbaijan",
    "city": "Baku",
    "size": None,
    "website": "https://agency.example",
    "founded_year": 2018,
    "description": "Runs acceleration programmes.",
    "sectors": [
        {
            "slug": "ict",
            "name": "ICT",
            "translations": translations(
                en={"name": "ICT"}, az={"name": "İKT"}, tr={"name": "BİT"}
            ),
        }
    ],
    "url": "/en/organisations/agency/",
    "translations": translations(
        en={"name": "Innovation Agency", "description": "Runs acceleration programmes."},
        az={"name": "İnnovasiya Agentliyi", "description": "Akselerasiya proqramları aparır."},
        tr={"name": "İnovasyon Ajansı", "description": None},
    ),
}


def test_anonymous_lists_public_organisations_only(world, anonymous):
    response = anonymous.get(f"{API}/organisations")

    assert response.status_code == 200
    data = body(response)
    assert [item["slug"] for item in data["items"]] == ["armour", "gosb", "agency", "robotix"]
    assert data["items"][2] == AGENCY_EN
    assert {k: v for k, v in data.items() if k != "items"} == {
        "count": 4,
        "page": 1,
        "page_size": 20,
        "pages": 1,
        "next": None,
        "previous": None,
    }


def test_list_never_carries_contact_details(world):
    response = world.client("staff").get(f"{API}/organisations")

    for item in body(response)["items"]:
        assert "email" not in item and "phone" not in item


def test_private_organisation_is_hidden_from_anonymous(world, anonymous):
    assert "stealth" not in slugs(anonymous.get(f"{API}/organisations"))
    response = anonymous.get(f"{API}/organisations/stealth")
    assert response.status_code == 404
    assert body(response) == NOT_FOUND
    # Exactly the answer for an organisation that does not exist.
    assert body(anonymous.get(f"{API}/organisations/no-such-thing")) == NOT_FOUND


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["armour", "gosb", "agency", "robotix"]),
        ("park_manager", ["armour", "gosb", "agency", "robotix"]),
        ("member", ["armour", "gosb", "agency", "robotix", "stealth"]),
        ("staff", ["armour", "gosb", "agency", "robotix", "stealth"]),
    ],
)
def test_organisation_list_by_caller(world, who, expected):
    assert slugs(world.client(who).get(f"{API}/organisations")) == expected


def test_organisation_detail_for_anonymous_has_no_contacts(world, anonymous):
    response = anonymous.get(f"{API}/organisations/agency")

    assert response.status_code == 200
    assert body(response) == {
        **AGENCY_EN,
        "technology_areas": [
            {
                "slug": "robotics",
                "name": "Robotics",
                "translations": translations(
                    en={"name": "Robotics"}, az={"name": "Robototexnika"}, tr={"name": "Robotik"}
                ),
            }
        ],
        "contacts_visible": False,
        "email": None,
        "phone": None,
    }


@pytest.mark.parametrize(
    ("who", "slug", "contacts"),
    [
        (None, "robotix", (False, None, None)),
        ("park_manager", "robotix", (False, None, None)),
        ("member", "robotix", (False, None, None)),
        ("member", "stealth", (True, "lab@stealth.example", "+90 555 000 00 00")),
        ("expert", "robotix", (True, "hello@robotix.example", "+90 262 000 00 00")),
        ("staff", "stealth", (True, "lab@stealth.example", "+90 555 000 00 00")),
        ("staff", "agency", (True, "info@agency.example", "+994 12 555 00 00")),
    ],
)
def test_contact_details_follow_the_permission(world, who, slug, contacts):
    data = body(world.client(who).get(f"{API}/organisations/{slug}"))

    assert (data["contacts_visible"], data["email"], data["phone"]) == contacts


def test_partner_with_shared_contacts_sees_contacts(world):
    # A member of GOSB shares an active memorandum (share_contacts) with the agency.
    data = body(world.client("park_manager").get(f"{API}/organisations/agency"))

    assert (data["contacts_visible"], data["email"]) == (True, "info@agency.example")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=agency", ["agency"]),
        ("kind=startup", ["robotix"]),
        ("country=az", ["agency"]),
        ("sector=ict", ["agency", "robotix"]),
        ("sector=no-such-sector", []),
        ("park=gosb-park", ["armour", "robotix"]),
        ("q=robot", ["agency", "robotix"]),  # agency through its technology area
        ("q=Agentliyi", ["agency"]),  # the Azerbaijani name
        ("q=agency&kind=startup", []),
        ("kind=&country=&q=", ["armour", "gosb", "agency", "robotix"]),  # empty: no filter
    ],
)
def test_organisation_filters(world, anonymous, query, expected):
    response = anonymous.get(f"{API}/organisations?{query}")

    assert response.status_code == 200
    assert slugs(response) == expected


def test_park_filter_does_not_reveal_residents_of_a_hidden_park(world, anonymous):
    assert slugs(anonymous.get(f"{API}/organisations?park=karabakh")) == []
    # The agency operates that park: its staff may see who resides there.
    assert slugs(world.client("staff").get(f"{API}/organisations?park=karabakh")) == ["armour"]


# --- pagination and bad input ------------------------------------------------------------
def test_pagination_metadata(anonymous):
    for n in range(25):
        factories.OrganisationFactory(slug=f"company-{n:02}", name=f"Company {n:02}")

    response = anonymous.get(f"{API}/organisations?page=2&page_size=10&kind=sme")

    data = body(response)
    assert [item["slug"] for item in data["items"]] == [f"company-{n:02}" for n in range(10, 20)]
    assert {k: v for k, v in data.items() if k != "items"} == {
        "count": 25,
        "page": 2,
        "page_size": 10,
        "pages": 3,
        "next": "http://testserver/api/v1/organisations?page=3&page_size=10&kind=sme",
        "previous": "http://testserver/api/v1/organisations?page=1&page_size=10&kind=sme",
    }
    last = body(anonymous.get(f"{API}/organisations?page=3&page_size=10"))
    assert (len(last["items"]), last["next"], last["previous"]) == (
        5,
        None,
        "http://testserver/api/v1/organisations?page=2&page_size=10",
    )


def test_a_page_after_the_last_is_empty(world, anonymous):
    for page in ("9", "99999999999999999999999999"):
        data = body(anonymous.get(f"{API}/organisations?page={page}"))
        assert (data["count"], data["pages"], data["items"], data["next"]) == (4, 1, [], None)
        assert data["previous"] == "http://testserver/api/v1/organisations?page=1"


def invalid(*details) -> dict:
    return error(
        422,
        "validation_error",
        "Some values in the request are not valid.",
        [
            {"location": "query", "field": field, "code": code, "message": message}
            for field, code, message in details
        ],
    )


@pytest.mark.parametrize(
    ("query", "details"),
    [
        (
            "page=-1",
            [
                (
                    "page",
                    "greater_than_equal",
                    "Ensure this value is greater than or equal to 1.",
                )
            ],
        ),
        (
            "page=0&page_size=0",
            [
                ("page", "greater_than_equal", "Ensure this value is greater than or equal to 1."),
                (
                    "page_size",
                    "greater_than_equal",
                    "Ensure this value is greater than or equal to 1.",
                ),
            ],
        ),
        (
            "page_size=100000",
            [("page_size", "less_than_equal", "Ensure this value is less than or equal to 100.")],
        ),
        ("page=abc", [("page", "int_parsing", "Enter a whole number.")]),
        (
            "kind=nonsense",
            [
                (
                    "kind",
                    "enum",
                    "Select a valid choice: 'agency', 'technopark', 'innovation_centre', "
                    "'startup', 'sme', 'large_company', 'university', 'research_institute', "
                    "'investor' or 'public_body'.",
                )
            ],
        ),
        ("country=Azerbaijan", [("country", "string_pattern_mismatch", "Enter a valid value.")]),
        (
            "q=" + "x" * 5000,
            [("q", "string_too_long", "Ensure this value has at most 200 characters.")],
        ),
        (
            "sector=" + "x" * 81,
            [("sector", "string_too_long", "Ensure this value has at most 80 characters.")],
        ),
    ],
)
def test_bad_parameters_answer_422_with_field_details(world, anonymous, query, details):
    response = anonymous.get(f"{API}/organisations?{query}")

    assert response.status_code == 422
    assert body(response) == invalid(*details)


@pytest.mark.parametrize(
    "url",
    [
        "/people?page=abc",
        "/parks?kind=moon-base",
        "/parks/gosb-park/residencies?status=asleep",
        "/residencies?status=nope&page_size=101",
        "/partnerships?status=signed",
        "/sectors?page=0",
        "/technology-areas?page_size=-5",
    ],
)
def test_every_list_validates_its_parameters(world, anonymous, url):
    response = anonymous.get(API + url)

    assert response.status_code == 422
    assert body(response)["error"]["code"] == "validation_error"


def test_odd_but_harmless_input_gives_an_empty_list(world, anonymous):
    for url, params in (
        ("/organisations", {"q": "\x00'\";--"}),
        ("/organisations", {"q": "ğüşıöç əİ", "sector": "\x00"}),
        ("/people", {"q": "%%%", "organisation": "a\x00b"}),
        ("/residencies", {"company": "does-not-exist", "park": "\x00"}),
        ("/parks", {"country": "ZZ"}),
        ("/partnerships", {"q": "_%"}),
    ):
        response = anonymous.get(API + url, params)
        assert response.status_code == 200, (url, params)
        assert body(response)["items"] == []


def test_unknown_slug_and_id_are_404(world, anonymous):
    for url in (
        "/parks/atlantis",
        "/parks/atlantis/residencies",
        "/partnerships/nothing",
        "/people/0",
        "/people/99999999999999999999999",
        "/people/abc",
        "/organisations/" + "x" * 3000,
        "/organisations/%00",
        "/organisations/agency%00",
        "/partnerships/mou-2020%C3%A7",
    ):
        response = anonymous.get(API + url)
        assert response.status_code == 404, url
        assert body(response) == NOT_FOUND


# --- people ------------------------------------------------------------------------------
EXPERT_PUBLIC = {
    "name": "Aysel Aliyeva",
    "headline": "Robotics engineer",
    "country": "AZ",
    "country_name": "Azerbaijan",
    "city": "Baku",
    "expertise": ["robotics", "embedded systems"],
    "languages": ["az", "en"],
}


def test_anonymous_lists_public_people_with_public_fields_only(world, anonymous):
    data = body(anonymous.get(f"{API}/people"))

    assert [item["name"] for item in data["items"]] == [
        "Aysel Aliyeva",
        "Zeynep Kaya",
        "Staff Person",
    ]
    assert data["items"][0] == {
        "id": world.expert.pk,
        **EXPERT_PUBLIC,
        # The membership of the private lab is not shown.
        "organisations": [{"organisation": {"slug": "robotix", "name": "Robotix"}, "title": "CTO"}],
        "url": f"/en/people/{world.expert.pk}/",
    }


def test_person_detail_for_anonymous_hides_contacts_and_statistics(world, anonymous):
    response = anonymous.get(f"{API}/people/{world.expert.pk}")

    assert body(response) == {
        "id": world.expert.pk,
        **EXPERT_PUBLIC,
        "organisations": [{"organisation": {"slug": "robotix", "name": "Robotix"}, "title": "CTO"}],
        "url": f"/en/people/{world.expert.pk}/",
        "contacts_visible": False,
        "email": None,
        "phone": None,
    }


def test_colleague_sees_contacts_and_shared_private_organisation(world):
    data = body(world.client("member").get(f"{API}/people/{world.expert.pk}"))

    assert (data["contacts_visible"], data["email"], data["phone"]) == (
        True,
        "aysel@example.org",
        "+994 50 000 00 00",
    )
    assert data["organisations"] == [
        {"organisation": {"slug": "robotix", "name": "Robotix"}, "title": "CTO"},
        {"organisation": {"slug": "stealth", "name": "Stealth Lab"}, "title": "Adviser"},
    ]
    assert "gender" not in data and "birth_year" not in data


@pytest.mark.parametrize(
    ("who", "status", "email"),
    [
        (None, 404, None),
        ("park_manager", 404, None),
        ("expert", 200, "murad@example.org"),  # a colleague in the private lab
        ("member", 200, "murad@example.org"),  # oneself
        ("staff", 200, "murad@example.org"),
    ],
)
def test_unlisted_person_is_visible_to_colleagues_only(world, who, status, email):
    response = world.client(who).get(f"{API}/people/{world.member.pk}")

    assert response.status_code == status
    if status == 200:
        assert body(response)["email"] == email
    else:
        assert body(response) == NOT_FOUND


def test_a_nameless_person_does_not_show_part_of_the_email(world, anonymous):
    nameless = factories.PersonFactory(first_name="", last_name="", email="secret.handle@x.org")

    listed = body(anonymous.get(f"{API}/people"))["items"]
    detail = body(anonymous.get(f"{API}/people/{nameless.pk}"))

    assert [item["name"] for item in listed if item["id"] == nameless.pk] == [""]
    assert detail["name"] == ""
    assert "secret" not in json.dumps(detail)


def test_people_filters(world, anonymous):
    def names(url):
        return [item["name"] for item in body(anonymous.get(f"{API}/people{url}"))["items"]]

    assert names("?q=robotics") == ["Aysel Aliyeva"]
    assert names("?q=kaya") == ["Zeynep Kaya"]
    assert names("?organisation=robotix") == ["Aysel Aliyeva"]
    assert names("?organisation=gosb&country=az") == ["Zeynep Kaya"]
    # Filtering by a private organisation must not reveal who belongs to it.
    assert names("?organisation=stealth") == []
    member_view = world.client("member").get(f"{API}/people?organisation=stealth")
    assert [item["name"] for item in body(member_view)["items"]] == [
        "Aysel Aliyeva",
        "Murad Quliyev",
    ]


# --- parks and residencies -------------------------------------------------------------
GOSB_PARK = {
    "slug": "gosb-park",
    "name": "GOSB Technopark",
    "kind": "technopark",
    "kind_label": "technopark",
    "status": "operating",
    "status_label": "operating",
    "operator": {"slug": "gosb", "name": "GOSB Teknopark"},
    "country": "TR",
    "country_name": "Türkiye",
    "city": "Gebze",
    "region": "",
    "time_zone": "Europe/Istanbul",
    "opened_year": 2005,
    "area_hectares": 51.5,
    "website": "",
    "description": "Technology park in Gebze.",
    "resident_count": 2,
    "url": "/en/parks/gosb-park/",
    "translations": translations(
        en={"name": "GOSB Technopark", "description": "Technology park in Gebze."},
        az={"name": "GOSB Texnoparkı", "description": None},
        tr={"name": None, "description": None},
    ),
}


def test_anonymous_lists_public_parks(world, anonymous):
    data = body(anonymous.get(f"{API}/parks"))

    assert data["items"] == [GOSB_PARK]
    assert data["count"] == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["gosb-park"]),
        ("member", ["gosb-park"]),
        ("park_manager", ["gosb-park"]),
        ("staff", ["gosb-park", "karabakh"]),
    ],
)
def test_park_list_by_caller(world, who, expected):
    assert slugs(world.client(who).get(f"{API}/parks")) == expected


def test_park_filters(world):
    client = world.client("staff")
    assert slugs(client.get(f"{API}/parks?country=az")) == ["karabakh"]
    assert slugs(client.get(f"{API}/parks?q=gosb&kind=technopark&status=operating")) == [
        "gosb-park"
    ]
    assert slugs(client.get(f"{API}/parks?status=planned")) == []


def test_park_detail_with_sites_and_memorandum(world, anonymous):
    response = anonymous.get(f"{API}/parks/gosb-park")

    assert body(response) == {
        **GOSB_PARK,
        "sites": [
            {
                "id": world.site.pk,
                "name": "Main campus",
                "address": "",
                "latitude": 40.8,
                "longitude": 29.43,
            }
        ],
        "established_by": {"slug": "mou-2020", "title": "Memorandum on cooperation"},
    }


def test_hidden_park_is_404_for_anonymous(world, anonymous):
    assert body(anonymous.get(f"{API}/parks/karabakh")) == NOT_FOUND
    assert body(anonymous.get(f"{API}/parks/karabakh/residencies")) == NOT_FOUND
    assert body(world.client("staff").get(f"{API}/parks/karabakh"))["slug"] == "karabakh"


def residency(world, obj, notes=None) -> dict:
    return {
        "id": obj.pk,
        "company": {"slug": obj.company.slug, "name": obj.company.name},
        "park": {"slug": obj.park.slug, "name": obj.park.name},
        "status": obj.status,
        "status_label": obj.get_status_display(),
        "applied_on": obj.applied_on.isoformat(),
        "start_date": obj.start_date and obj.start_date.isoformat(),
        "end_date": None,
        "notes": notes,
    }


def test_park_residents_for_anonymous(world, anonymous):
    data = body(anonymous.get(f"{API}/parks/gosb-park/residencies"))

    assert data["items"] == [residency(world, world.armour_active), residency(world, world.active)]
    assert data["items"][1] == {
        "id": world.active.pk,
        "company": {"slug": "robotix", "name": "Robotix"},
        "park": {"slug": "gosb-park", "name": "GOSB Technopark"},
        "status": "active",
        "status_label": "active",
        "applied_on": "2023-12-01",
        "start_date": "2024-01-15",
        "end_date": None,
        "notes": None,
    }


def test_park_manager_sees_applications_and_notes(world):
    data = body(world.client("park_manager").get(f"{API}/parks/gosb-park/residencies"))

    assert data["items"] == [
        residency(world, world.armour_active, notes=""),
        residency(world, world.active, notes="Pays late."),
        residency(world, world.applied, notes="Needs a clean room."),
    ]
    filtered = world.client("park_manager").get(f"{API}/parks/gosb-park/residencies?status=applied")
    assert [item["id"] for item in body(filtered)["items"]] == [world.applied.pk]
    by_sector = world.client("park_manager").get(f"{API}/parks/gosb-park/residencies?sector=ict")
    assert [item["id"] for item in body(by_sector)["items"]] == [world.active.pk]


def test_company_manager_sees_own_application_without_notes(world):
    data = body(world.client("member").get(f"{API}/parks/gosb-park/residencies"))

    assert [(item["id"], item["notes"]) for item in data["items"]] == [
        (world.armour_active.pk, None),
        (world.active.pk, None),
        (world.applied.pk, None),
    ]


@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        (None, "", ["armour_active", "active"]),
        ("member", "", ["armour_active", "active", "applied"]),
        ("staff", "", ["armour_active", "active", "applied", "hidden_residency"]),
        ("staff", "?park=karabakh", ["hidden_residency"]),
        ("staff", "?company=armour", ["armour_active", "hidden_residency"]),
        ("staff", "?status=applied", ["applied"]),
        (None, "?park=karabakh", []),
        (None, "?company=stealth", []),
    ],
)
def test_residency_list(world, who, query, expected):
    data = body(world.client(who).get(f"{API}/residencies{query}"))

    assert [item["id"] for item in data["items"]] == [getattr(world, name).pk for name in expected]


def test_residency_notes_agree_with_the_rule(world):
    """The list's fast notes check gives the answer of ``directory.change_residency``."""
    for who in ("member", "park_manager", "staff", "expert"):
        person = getattr(world, who)
        data = body(world.client(who).get(f"{API}/residencies"))
        for item in data["items"]:
            obj = Residency.objects.get(pk=item["id"])
            may_change = person.has_perm("directory.change_residency", obj)
            assert item["notes"] == (obj.notes if may_change else None), (who, obj)


# --- partnerships ------------------------------------------------------------------------
MOU = {
    "slug": "mou-2020",
    "title": "Memorandum on cooperation",
    "summary": "Exchange of programmes.",
    "status": "active",
    "status_label": "in force",
    "signed_on": "2020-12-01",
    "signed_at_place": "Baku",
    "valid_until": None,
    "url": "/en/partnerships/mou-2020/",
    "translations": translations(
        en={
            "title": "Memorandum on cooperation",
            "summary": "Exchange of programmes.",
            "scope": "Acceleration and technology transfer.",
        },
        az={"title": "Əməkdaşlıq haqqında memorandum", "summary": None, "scope": None},
        tr={"title": None, "summary": None, "scope": None},
    ),
}


def test_anonymous_lists_public_partnerships(world, anonymous):
    data = body(anonymous.get(f"{API}/partnerships"))

    assert data["items"] == [
        {
            **MOU,
            "parties": [
                {"slug": "gosb", "name": "GOSB Teknopark"},
                {"slug": "agency", "name": "Innovation Agency"},
            ],
        }
    ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["mou-2020"]),
        ("park_manager", ["mou-2020"]),
        ("member", ["mou-2020", "secret-mou"]),
        ("staff", ["mou-2020", "secret-mou"]),
    ],
)
def test_partnership_list_by_caller(world, who, expected):
    assert sorted(slugs(world.client(who).get(f"{API}/partnerships"))) == expected


def test_partnership_filters(world):
    client = world.client("staff")
    assert slugs(client.get(f"{API}/partnerships?q=secret")) == ["secret-mou"]
    assert slugs(client.get(f"{API}/partnerships?q=memorandum&status=active")) == [
        "mou-2020",
        "secret-mou",
    ]
    assert slugs(client.get(f"{API}/partnerships?status=ended")) == []


def test_partnership_detail_for_anonymous(world, anonymous):
    response = anonymous.get(f"{API}/partnerships/mou-2020")

    assert body(response) == {
        **MOU,
        "scope": "Acceleration and technology transfer.",
        "parties": [
            {
                "organisation": {"slug": "agency", "name": "Innovation Agency"},
                "country": "AZ",
                "role": "signatory",
                "role_label": "signatory",
                "signed_by": "",
            },
            {
                "organisation": {"slug": "gosb", "name": "GOSB Teknopark"},
                "country": "TR",
                "role": "partner",
                "role_label": "partner",
                "signed_by": "Director",
            },
        ],
        "commitments": [
            {
                "code": "acceleration-exchange",
                "position": 1,
                "text": "Exchange acceleration programmes",
                "target_per_year": 2,
                "target_unit": "programmes",
                "translations": translations(
                    en={"text": "Exchange acceleration programmes", "target_unit": "programmes"},
                    az={"text": "Akselerasiya proqramlarının mübadiləsi", "target_unit": None},
                    tr={"text": None, "target_unit": None},
                ),
            }
        ],
        "documents": [
            {
                "id": world.public_document.pk,
                "title": "Memorandum text",
                "language": "az",
                "size": 12345,
                "content_type": "application/pdf",
            }
        ],
        "parks": [{"slug": "gosb-park", "name": "GOSB Technopark"}],
    }


def test_party_member_sees_every_document(world):
    data = body(world.client("park_manager").get(f"{API}/partnerships/mou-2020"))

    assert [doc["title"] for doc in data["documents"]] == ["Annex", "Memorandum text"]


def test_private_partnership_is_404_for_outsiders(world, anonymous):
    assert body(anonymous.get(f"{API}/partnerships/secret-mou")) == NOT_FOUND
    assert body(world.client("park_manager").get(f"{API}/partnerships/secret-mou")) == NOT_FOUND
    data = body(world.client("member").get(f"{API}/partnerships/secret-mou"))
    assert (data["slug"], data["parks"], data["commitments"]) == ("secret-mou", [], [])


def test_hidden_park_is_not_listed_under_its_memorandum(world, anonymous):
    world.hidden_park.established_by = world.mou
    world.hidden_park.save()

    anonymous_parks = body(anonymous.get(f"{API}/partnerships/mou-2020"))["parks"]
    staff_parks = body(world.client("staff").get(f"{API}/partnerships/mou-2020"))["parks"]

    assert [park["slug"] for park in anonymous_parks] == ["gosb-park"]
    assert [park["slug"] for park in staff_parks] == ["gosb-park", "karabakh"]


# --- taxonomies --------------------------------------------------------------------------
def test_sectors_and_technology_areas(world, anonymous):
    sectors = body(anonymous.get(f"{API}/sectors"))
    areas = body(anonymous.get(f"{API}/technology-areas?q=robot"))

    assert sectors["items"] == [
        {
            "slug": "defence",
            "name": "Defence",
            "translations": translations(
                en={"name": "Defence"}, az={"name": None}, tr={"name": None}
            ),
        },
        {
            "slug": "ict",
            "name": "ICT",
            "translations": translations(
                en={"name": "ICT"}, az={"name": "İKT"}, tr={"name": "BİT"}
            ),
        },
    ]
    assert [item["slug"] for item in areas["items"]] == ["robotics"]
    assert slugs(anonymous.get(f"{API}/sectors", {"q": "İKT"})) == ["ict"]


# --- languages -----------------------------------------------------------------------
def test_accept_language_picks_the_translation(world, anonymous):
    data = body(anonymous.get(f"{API}/organisations/agency", headers={"Accept-Language": "az"}))

    assert (data["name"], data["description"], data["url"]) == (
        "İnnovasiya Agentliyi",
        "Akselerasiya proqramları aparır.",
        "/az/organisations/agency/",
    )
    assert data["country_name"] == "Azərbaycan"


def test_lang_parameter_wins_over_accept_language(world, anonymous):
    response = anonymous.get(
        f"{API}/organisations/agency?lang=en", headers={"Accept-Language": "az"}
    )

    assert body(response)["name"] == "Innovation Agency"
    assert response["Content-Language"] == "en"
    assert sorted(response["Vary"].split(", ")) == ["Accept-Language", "Authorization", "Cookie"]
    az = anonymous.get(f"{API}/organisations/agency?lang=az")
    assert (body(az)["name"], az["Content-Language"]) == ("İnnovasiya Agentliyi", "az")


def test_language_cookie_and_fallback(world, anonymous):
    anonymous.cookies["korpu_language"] = "tr"

    park = body(anonymous.get(f"{API}/parks/gosb-park"))
    agency = body(anonymous.get(f"{API}/organisations/agency"))

    # Turkish was not entered for the park: Azerbaijani is the closest language.
    assert park["name"] == "GOSB Texnoparkı"
    assert (agency["name"], agency["description"]) == (
        "İnovasyon Ajansı",
        "Akselerasiya proqramları aparır.",
    )


def test_translated_fields_of_lists_follow_the_language(world, anonymous):
    sectors = body(anonymous.get(f"{API}/sectors?lang=az"))["items"]
    mou = body(anonymous.get(f"{API}/partnerships?lang=az"))["items"][0]

    # Untranslated names fall back (az → tr → en).
    assert {item["slug"]: item["name"] for item in sectors} == {"defence": "Defence", "ict": "İKT"}
    assert mou["title"] == "Əməkdaşlıq haqqında memorandum"


def test_unknown_language_is_a_validation_error(world, anonymous):
    response = anonymous.get(f"{API}/organisations?lang=fr")

    assert response.status_code == 422
    assert body(response) == invalid(("lang", "enum", "Select a valid choice: en, az, tr."))


# --- authentication ----------------------------------------------------------------------
def test_token_acts_as_its_person(world):
    client, _key = token_client(world.member)

    assert "stealth" in slugs(client.get(f"{API}/organisations"))
    assert body(client.get(f"{API}/organisations/stealth"))["email"] == "lab@stealth.example"


def test_me_with_a_token(world):
    client, _key = token_client(world.expert)

    response = client.get(f"{API}/me")

    assert response.status_code == 200
    assert body(response) == {
        "id": world.expert.pk,
        "email": "aysel@example.org",
        "name": "Aysel Aliyeva",
        "first_name": "Aysel",
        "last_name": "Aliyeva",
        "headline": "Robotics engineer",
        "country": "AZ",
        "city": "Baku",
        "phone": "+994 50 000 00 00",
        "languages": ["az", "en"],
        "expertise": ["robotics", "embedded systems"],
        "preferred_language": "en",
        "is_staff": False,
        "authenticated_by": "token",
        "memberships": [
            {
                "organisation": {"slug": "robotix", "name": "Robotix"},
                "role": "member",
                "role_label": "member",
                "title": "CTO",
            },
            {
                "organisation": {"slug": "stealth", "name": "Stealth Lab"},
                "role": "member",
                "role_label": "member",
                "title": "Adviser",
            },
        ],
    }


def test_me_with_the_browser_session(world):
    data = body(world.client("staff").get(f"{API}/me"))

    assert (data["email"], data["is_staff"], data["authenticated_by"], data["memberships"]) == (
        "staff@example.org",
        True,
        "session",
        [],
    )


def test_me_needs_authentication(anonymous):
    response = anonymous.get(f"{API}/me")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert body(response) == error(
        401, "unauthorized", "Sign in or send a valid API token to do this."
    )


BAD_TOKEN = error(401, "unauthorized", "The API token is not valid or has been revoked.")


def test_revoked_token_is_401_not_anonymous(world):
    client, _key = token_client(world.member)
    token = world.member.api_tokens.get()
    services.revoke_api_token(actor=world.member, token=token)

    for url in ("/me", "/organisations", "/organisations/agency", "/sectors"):
        response = client.get(API + url)
        assert response.status_code == 401, url
        assert body(response) == BAD_TOKEN


@pytest.mark.parametrize(
    "header",
    [
        "Bearer kp_000000000000.wrong",
        "Bearer not-a-korpu-token",
        "Bearer ",
        "Bearer",
    ],
)
def test_invalid_tokens_are_401(world, header):
    response = Client(headers={"Authorization": header}).get(f"{API}/organisations")

    assert response.status_code == 401
    assert body(response) == BAD_TOKEN


def test_tampered_secret_of_a_real_token_is_401(world):
    _client, key = token_client(world.member)
    tampered = key[:-3] + ("aaa" if not key.endswith("aaa") else "bbb")

    response = Client(headers={"Authorization": f"Bearer {tampered}"}).get(f"{API}/me")

    assert body(response) == BAD_TOKEN


def test_token_with_a_nul_character_is_401(world):
    response = Client(headers={"Authorization": "Bearer kp_\x00.x"}).get(f"{API}/me")

    assert body(response) == BAD_TOKEN


def test_token_of_deactivated_person_is_401(world):
    client, _key = token_client(world.member)
    world.member.is_active = False
    world.member.save()

    assert body(client.get(f"{API}/me")) == BAD_TOKEN


def test_other_authorization_schemes_are_401(world):
    response = Client(headers={"Authorization": "Basic dXNlcjpwYXNz"}).get(f"{API}/parks")

    assert response.status_code == 401
    assert body(response) == error(
        401, "unauthorized", "Send the API token as “Authorization: Bearer <token>”."
    )


def test_token_wins_over_a_session(world):
    # A signed-in browser that also sends a broken token is not let in by its session.
    client = world.client("staff")
    response = client.get(f"{API}/me", headers={"Authorization": "Bearer kp_bad.bad"})

    assert body(response) == BAD_TOKEN


# --- no N+1 ------------------------------------------------------------------------------
def _organisations(world, n):
    sector = factories.SectorFactory(slug="bulk-sector")
    area = factories.TechnologyAreaFactory(slug="bulk-area")
    for i in range(n):
        organisation = factories.OrganisationFactory(
            is_public=bool(i % 2), sectors=[sector, world.ict]
        )
        organisation.technology_areas.set([area])
        factories.MembershipFactory(person=world.member, organisation=organisation)
        factories.ResidencyFactory(company=organisation, park=world.park)
    return "/organisations?page_size=100"


def _people(world, n):
    for i in range(n):
        person = factories.PersonFactory(is_public=bool(i % 2))
        factories.MembershipFactory(person=person, organisation=world.robotix)
        factories.MembershipFactory(person=person, organisation=world.stealth)
    return "/people?page_size=100"


def _parks(world, n):
    for i in range(n):
        park = factories.ParkFactory(operator=world.stealth, is_public=bool(i % 2))
        factories.SiteFactory(park=park)
        factories.ResidencyFactory(park=park)
    return "/parks?page_size=100"


def _park_residencies(world, n):
    for i in range(n):
        company = factories.OrganisationFactory(sectors=[world.ict])
        factories.ResidencyFactory(
            company=company,
            park=world.park,
            notes=f"note {i}",
            status=Residency.Status.APPLIED if i % 2 else Residency.Status.ACTIVE,
        )
    return "/parks/gosb-park/residencies?page_size=100"


def _residencies(world, n):
    for _i in range(n):
        factories.ResidencyFactory(park=factories.ParkFactory(operator=world.gosb), notes="x")
    return "/residencies?page_size=100"


def _partnerships(world, n):
    for _i in range(n):
        partnership = factories.PartnershipFactory(parties=[world.agency, world.stealth])
        Commitment.objects.create(partnership=partnership, code="c", text="Commitment")
    return "/partnerships?page_size=100"


def _sectors(world, n):
    for _i in range(n):
        factories.SectorFactory()
    return "/sectors?page_size=100"


def _technology_areas(world, n):
    for _i in range(n):
        factories.TechnologyAreaFactory()
    return "/technology-areas?page_size=100"


@pytest.mark.parametrize(
    "make",
    [
        _organisations,
        _people,
        _parks,
        _park_residencies,
        _residencies,
        _partnerships,
        _sectors,
        _technology_areas,
    ],
)
@pytest.mark.parametrize("who", [None, "member", "park_manager", "staff"])
def test_lists_run_a_constant_number_of_queries(world, django_assert_max_num_queries, make, who):
    client = world.client(who)
    url = API + make(world, 5)
    with CaptureQueriesContext(connection) as five:
        small = client.get(url)
    assert small.status_code == 200

    make(world, 20)  # 25 rows now
    with django_assert_max_num_queries(len(five)):
        large = client.get(url)

    assert large.status_code == 200
    assert body(large)["count"] > body(small)["count"]


# --- OpenAPI and its documentation page ---------------------------------------------
def test_openapi_lists_every_path(anonymous):
    response = anonymous.get(f"{API}/openapi.json")

    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    directory_paths = {
        path
        for path, operations in spec["paths"].items()
        if any(op.get("operationId", "").startswith("directory_") for op in operations.values())
    }
    assert sorted(directory_paths) == [
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/parks",
        "/api/v1/parks/{slug}",
        "/api/v1/parks/{slug}/residencies",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/residencies",
        "/api/v1/sectors",
        "/api/v1/technology-areas",
    ]
    organisations = spec["paths"]["/api/v1/organisations"]["get"]
    assert organisations["operationId"] == "directory_list_organisations"
    assert [p["name"] for p in organisations["parameters"]] == [
        "q",
        "kind",
        "country",
        "sector",
        "park",
        "page",
        "page_size",
        "lang",
    ]
    # Anonymous access is allowed ({}), /me needs a token or a session.
    assert organisations["security"] == [{"ApiTokenAuth": []}, {"BrowserSessionAuth": []}, {}]
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [
        {"ApiTokenAuth": []},
        {"BrowserSessionAuth": []},
    ]
    assert spec["components"]["securitySchemes"]["ApiTokenAuth"]["scheme"] == "bearer"
    assert organisations["responses"]["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "Error" in spec["components"]["schemas"]


def test_docs_page_loads_everything_from_our_server(anonymous):
    response = anonymous.get(f"{API}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert re.findall(r"https?://", html) == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(assets) == [
        "/static/ninja/favicon.png",
        "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ]
    for asset in assets:
        assert anonymous.get(asset).status_code == 200, asset
    # The site-wide policy applies unchanged: no inline script or style is needed.
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # The spec URL is ours and the validator badge (an external image) is off.
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    assert json.loads(settings_json)["url"] == "/api/v1/openapi.json"
    assert json.loads(settings_json)["validatorUrl"] is None
