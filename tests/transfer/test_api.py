"""The technology-transfer API: published profiles (list, filters, search, matches), one's
own profiles and their review, expressions of interest, deals; bad input; and anonymity:
no response a stranger can get carries the owner's name, short address, e-mail, website
or phone until the owner accepts that stranger's expression of interest."""

import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from korpu.directory import services as directory_services
from korpu.transfer import queries, services
from korpu.transfer.models import Deal, DealDocument, ExpressionOfInterest, Profile
from tests import factories as directory
from tests.transfer.factories import ProfileFactory, member_of

pytestmark = pytest.mark.django_db
API = "/api/v1/transfer"
KEYWORDS_FILE = Path(services.__file__).parent / "data" / "keywords.json"

# ASCII on purpose: the API's JSON escapes other characters, which would hide a leak
# from a search of the raw bytes.
OWNER = {
    "name": "Gizli Nano Coatings",
    "slug": "gizli-nano",
    "email": "boss@gizlinano.example",
    "website": "https://www.gizlinano.example",
    "phone": "+90 262 555 12 34",
}
OWNER_SECRETS = (
    OWNER["name"],
    "Gizli",
    OWNER["slug"],
    OWNER["email"],
    OWNER["website"],
    "gizlinano",
    OWNER["phone"],
)
BUYER = {
    "name": "Absheron Sunworks",
    "slug": "absheron-sunworks",
    "email": "hello@sunworks.example",
    "website": "https://sunworks.example",
    "phone": "+994 12 444 55 66",
}
BUYER_SECRETS = (
    BUYER["name"],
    "Sunworks",
    BUYER["slug"],
    BUYER["email"],
    BUYER["website"],
    BUYER["phone"],
)


def client_of(person) -> Client:
    _token, key = directory_services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def call(person, method: str, url: str, body=None, **query):
    """A request with ``person``'s token (``None``: nobody) to ``API + url``."""
    client = client_of(person) if person is not None else Client()
    if method == "get":
        return client.get(API + url, query)
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(API + url, data, content_type="application/json")


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def leaks(response, secrets=OWNER_SECRETS) -> list[str]:
    """What of ``secrets`` appears anywhere in the raw bytes of the response."""
    raw = response.content
    return [s for s in secrets if s.encode().lower() in raw.lower()]


def error_code(response) -> str:
    return body(response)["error"]["code"]


def detail_codes(response) -> list[tuple[str, str]]:
    return [(d["field"], d["code"]) for d in body(response)["error"]["details"]]


@pytest.fixture
def keywords(db):
    services.sync_keywords(json.loads(KEYWORDS_FILE.read_text()))


@pytest.fixture
def world(keywords):
    owner = directory.OrganisationFactory(kind="sme", country="TR", size="small", **OWNER)
    park = directory.OrganisationFactory(
        kind="technopark", country="TR", name="Gebze Technopark", slug="gebze-tp"
    )
    buyer = directory.OrganisationFactory(kind="startup", country="AZ", size="micro", **BUYER)
    offer = ProfileFactory(published=True, owner=owner, intermediary=park)
    offer.keywords.set(
        services.Keyword.objects.filter(code__in=["tech.energy.solar", "market.energy.renewables"])
    )
    draft = ProfileFactory(owner=owner, intermediary=park, title_en="Unpublished idea")

    class World:
        pass

    w = World()
    w.owner, w.park, w.buyer, w.offer, w.draft = owner, park, buyer, offer, draft
    w.owner_member = member_of(owner)
    w.reviewer = member_of(park)
    w.buyer_member = member_of(buyer)
    w.outsider = member_of(directory.OrganisationFactory(name="Unrelated Ltd"))
    return w


def express(world, person=None, company=None):
    response = call(
        person or world.buyer_member,
        "post",
        f"/profiles/{world.offer.pk}/interests",
        {
            "company": (company or world.buyer).slug,
            "message": "We run 40 MW of panels near Absheron.",
            "offer": "Field tests and distribution in Azerbaijan.",
        },
    )
    assert response.status_code == 201, response.content
    return body(response)["id"]


def accepted_interest(world) -> int:
    interest_id = express(world)
    assert call(world.reviewer, "post", f"/interests/{interest_id}/forward", {}).status_code == 200
    assert call(world.owner_member, "post", f"/interests/{interest_id}/accept").status_code == 200
    return interest_id


def new_profile_body(world, **changes) -> dict:
    data = {
        "owner": world.owner.slug,
        "intermediary": world.park.slug,
        "type": "TR",
        "language": "tr",
        "texts": {
            "tr": {
                "title": "Güneş paneli verimliliği için kaplama aranıyor",
                "summary": "Sıcak iklimde panel verimini artıran bir kaplama arıyoruz.",
                "description": "Gebze'deki üretim hattımız için lisans veya ortak geliştirme.",
            }
        },
        "stage": "development",
        "keywords": ["tech.energy.solar"],
        "partnership_types": ["licence", "research"],
        "countries_of_interest": ["az", "TR"],
    }
    data.update(changes)
    return data


# --- published profiles ---------------------------------------------------------------------
def test_list_shows_published_profiles_anonymised(world):
    for person in (None, world.outsider):
        response = call(person, "get", "/profiles")
        assert response.status_code == 200
        data = body(response)
        assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
        item = data["items"][0]
        assert item["id"] == world.offer.pk
        assert item["reference"] == world.offer.reference
        assert (item["type"], item["status"], item["language"]) == ("TO", "published", "en")
        assert item["title"] == world.offer.title_en
        assert item["owner"] == {
            "disclosed": False,
            "country": "TR",
            "country_name": "Türkiye",
            "kind": "sme",
            "kind_label": "SME",
            "size": "small",
            "size_label": "10–49 employees",
            "name": None,
            "slug": None,
            "website": None,
        }
        assert sorted(k["code"] for k in item["keywords"]) == [
            "market.energy.renewables",
            "tech.energy.solar",
        ]
        assert item["score"] is None and item["reasons"] == []
        assert leaks(response) == []


def test_open_profile_names_its_owner_to_everyone(world):
    Profile.objects.filter(pk=world.offer.pk).update(is_anonymous=False)

    item = body(call(None, "get", "/profiles"))["items"][0]

    assert item["owner"]["disclosed"] is True
    assert (item["owner"]["name"], item["owner"]["slug"]) == (OWNER["name"], OWNER["slug"])
    assert item["owner"]["website"] == OWNER["website"]


def test_lists_disclose_owners_exactly_as_the_rules_say(world):
    """The list decides many rows at once; each answer is the one of the rules."""
    accepted_interest(world)
    ProfileFactory(published=True, intermediary=world.park, is_anonymous=False)
    ProfileFactory(published=True)  # another park's, anonymous
    ProfileFactory(published=True, owner=world.buyer, intermediary=world.park)
    staff = directory.PersonFactory(is_staff=True)
    people = [None, world.outsider, world.owner_member, world.reviewer, world.buyer_member, staff]
    profiles = {p.pk: p for p in Profile.objects.filter(status="published")}
    seen = set()
    for person in people:
        items = body(call(person, "get", "/profiles", page_size=100))["items"]
        assert sorted(item["id"] for item in items) == sorted(profiles)
        for item in items:
            expected = queries.owner_view(person or AnonymousUser(), profiles[item["id"]])
            assert item["owner"]["disclosed"] is expected.disclosed, (person, item["id"])
            assert item["owner"]["name"] == (expected.name if expected.disclosed else None)
            seen.add(expected.disclosed)
    assert seen == {True, False}


def test_owner_and_reviewer_see_the_owner_in_the_detail(world):
    """The control for the anonymity tests: the strings they look for do show up where
    they are allowed."""
    for person in (world.owner_member, world.reviewer):
        response = call(person, "get", f"/profiles/{world.offer.pk}")
        assert response.status_code == 200
        assert body(response)["owner"]["name"] == OWNER["name"]
        assert OWNER["name"] in leaks(response)
        assert body(response)["management"]["intermediary"] == {
            "slug": "gebze-tp",
            "name": "Gebze Technopark",
        }


def test_detail_for_a_stranger_is_anonymous_without_management(world):
    for person in (None, world.outsider, world.buyer_member):
        response = call(person, "get", f"/profiles/{world.offer.pk}")
        assert response.status_code == 200
        data = body(response)
        assert data["owner"]["disclosed"] is False
        assert data["management"] is None
        assert data["translations"]["en"]["title"] == world.offer.title_en
        assert leaks(response) == []


def test_drafts_answer_404_to_strangers_never_403(world):
    url = f"/profiles/{world.draft.pk}"
    for person in (None, world.outsider, world.buyer_member):
        response = call(person, "get", url)
        assert response.status_code == 404
        assert error_code(response) == "not_found"
        assert call(person, "get", f"{url}/matches").status_code == 404
    assert call(world.outsider, "patch", url, {"ipr_notes": "x"}).status_code == 404
    assert call(world.outsider, "post", f"{url}/submit").status_code == 404
    assert call(world.owner_member, "get", url).status_code == 200
    assert call(world.reviewer, "get", url).status_code == 200
    assert call(None, "get", "/profiles/999999").status_code == 404


def test_filters(world):
    request = ProfileFactory(
        published=True,
        type="TR",
        owner=directory.OrganisationFactory(country="AZ"),
        intermediary=world.park,
    )
    request.keywords.set(services.Keyword.objects.filter(code="tech.energy.wind"))

    def ids(**query):
        response = call(None, "get", "/profiles", **query)
        assert response.status_code == 200, response.content
        return [item["id"] for item in body(response)["items"]]

    assert ids(type="TR") == [request.pk]
    assert ids(type="TO") == [world.offer.pk]
    assert ids(keyword="tech.energy.solar") == [world.offer.pk]
    assert sorted(ids(keyword="tech.energy")) == sorted([world.offer.pk, request.pk])
    assert ids(keyword="tech.ict") == []
    assert ids(country="az") == [request.pk]
    assert ids(country="TR", type="TR") == []
    assert sorted(ids(type="")) == sorted([world.offer.pk, request.pk])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"type": "XX"}, "type"),
        ({"country": "TUR"}, "country"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_list_parameters_answer_422(world, query, field):
    response = call(None, "get", "/profiles", **query)

    assert response.status_code == 422
    assert error_code(response) == "validation_error"
    assert [d["field"] for d in body(response)["error"]["details"]] == [field]


def test_pagination(world):
    for _n in range(4):
        ProfileFactory(published=True, intermediary=world.park)

    first = body(call(None, "get", "/profiles", page_size=2))
    second = body(call(None, "get", "/profiles", page_size=2, page=3))
    beyond = body(call(None, "get", "/profiles", page_size=2, page=9))

    assert (first["count"], first["pages"], len(first["items"])) == (5, 3, 2)
    assert first["next"].endswith("page_size=2&page=2") and first["previous"] is None
    assert (len(second["items"]), second["next"]) == (1, None)
    assert beyond["items"] == [] and beyond["count"] == 5
    seen = [
        item["id"]
        for page in (1, 2, 3)
        for item in body(call(None, "get", "/profiles", page_size=2, page=page))["items"]
    ]
    assert sorted(seen) == sorted(
        Profile.objects.filter(status="published").values_list("pk", flat=True)
    )


def test_texts_in_the_requested_language_or_the_original(world):
    profile = ProfileFactory(
        published=True,
        language="tr",
        intermediary=world.park,
        title_en="Heat pump controller",
        summary_en="Saves energy.",
        description_en="",
        title_tr="Isı pompası denetleyicisi",
        summary_tr="Enerji tasarrufu sağlar.",
        description_tr="Ayrıntılar.",
    )

    english = body(call(None, "get", f"/profiles/{profile.pk}", lang="en"))
    azerbaijani = body(call(None, "get", f"/profiles/{profile.pk}", lang="az"))

    assert (english["title"], english["text_language"], english["language"]) == (
        "Heat pump controller",
        "en",
        "tr",
    )
    # No description in English: the original's.
    assert english["description"] == "Ayrıntılar."
    assert (azerbaijani["title"], azerbaijani["text_language"]) == (
        "Isı pompası denetleyicisi",
        "tr",
    )


# --- search and matches (the matcher in korpu.solvers.profile_match) ----------------------
def test_search_ranks_with_reasons_and_stays_anonymous(world):
    ProfileFactory(
        published=True,
        intermediary=world.park,
        title_en="Hospital bed scheduling software",
        summary_en="Assigns beds to patients.",
        description_en="Cloud software for hospitals.",
    )

    for person in (None, world.outsider):
        response = call(person, "get", "/profiles", q="solar panel coating")
        assert response.status_code == 200, response.content
        items = body(response)["items"]
        assert items and items[0]["id"] == world.offer.pk
        assert items[0]["score"] > 0
        assert items[0]["reasons"]
        assert items[0]["owner"]["disclosed"] is False
        assert leaks(response) == []
    assert [
        i["id"] for i in body(call(None, "get", "/profiles", q="solar", type="TR"))["items"]
    ] == []
    assert call(None, "get", "/profiles", q="solar", q_language="de").status_code == 422


@pytest.mark.parametrize(
    ("query", "language"),
    [("güneş paneli verimliliği", "tr"), ("günəş paneli", "az"), ("güneş paneli", None)],
)
def test_search_in_turkish_or_azerbaijani_finds_the_english_offer(world, query, language):
    ProfileFactory(
        published=True,
        intermediary=world.park,
        title_en="Hospital bed scheduling software",
        summary_en="Assigns beds to patients.",
        description_en="Cloud software for hospitals.",
    )
    extra = {"q_language": language} if language else {}

    response = call(None, "get", "/profiles", q=query, **extra)

    items = body(response)["items"]
    assert items[0]["id"] == world.offer.pk
    assert items[0]["language"] == "en" and items[0]["reasons"]
    assert leaks(response) == []


def test_matches_of_a_request_find_the_anonymous_offer(world):
    request = ProfileFactory(
        published=True,
        type="TR",
        owner=directory.OrganisationFactory(country="AZ"),
        intermediary=world.park,
        title_en="Looking for a coating that raises solar panel output",
        summary_en="Our photovoltaic modules lose output in the heat.",
        description_en="We want to license a coating for solar panels.",
    )
    request.keywords.set(services.Keyword.objects.filter(code="tech.energy.solar"))

    for person in (None, world.outsider):
        response = call(person, "get", f"/profiles/{request.pk}/matches", limit=5)
        assert response.status_code == 200, response.content
        items = body(response)
        assert [item["id"] for item in items] == [world.offer.pk]
        assert "tech.energy.solar" in [k["code"] for k in items[0]["shared_keywords"]]
        assert items[0]["reasons"]
        assert leaks(response) == []
    assert call(None, "get", f"/profiles/{request.pk}/matches", limit=0).status_code == 422


# --- one's own profiles ---------------------------------------------------------------------
def test_create_a_draft(world):
    response = call(world.owner_member, "post", "/profiles", new_profile_body(world))

    assert response.status_code == 201, response.content
    data = body(response)
    profile = Profile.objects.get(pk=data["id"])
    assert (profile.status, profile.type, profile.language, profile.owner) == (
        "draft",
        "TR",
        "tr",
        world.owner,
    )
    assert profile.title_tr == "Güneş paneli verimliliği için kaplama aranıyor"
    assert profile.countries_of_interest == ["AZ", "TR"]
    assert profile.partnership_types == ["licence", "research"]
    assert [k.code for k in profile.keywords.all()] == ["tech.energy.solar"]
    assert data["status"] == "draft" and data["reference"] is None
    assert data["management"]["interests"]["total"] == 0
    assert [c["code"] for c in data["countries_of_interest"]] == ["AZ", "TR"]


@pytest.mark.parametrize(
    ("changes", "status", "expected"),
    [
        ({"type": "XYZ"}, 422, [("payload.type", "enum")]),
        ({"stage": 5}, 422, [("payload.stage", "enum")]),
        ({"keywords": "tech.energy.solar"}, 422, [("payload.keywords", "list_type")]),
        ({"language": "de"}, 422, [("payload.language", "literal_error")]),
        ({"texts": {"de": {"title": "x"}}}, 422, [("payload.texts.de.[key]", "literal_error")]),
        (
            {"texts": {"tr": {"title": "x", "summary": "s" * 501, "description": "d"}}},
            422,
            [("payload.texts.tr.summary", "string_too_long")],
        ),
        (
            {"countries_of_interest": ["Turkey"]},
            422,
            [("payload.countries_of_interest.0", "string_pattern_mismatch")],
        ),
        ({"partnership_types": ["friendship"]}, 422, [("payload.partnership_types.0", "enum")]),
        ({"keywords": ["tech.nothing"]}, 422, [("payload.keywords", "invalid")]),
        (
            {"keywords": ["Tech Energy!"]},
            422,
            [("payload.keywords.0", "string_pattern_mismatch")],
        ),
        ({"keywords": ["x"] * 11}, 422, [("payload.keywords", "too_long")]),
        ({"owner": "unrelated"}, 422, [("payload.owner", "invalid")]),
        ({"intermediary": "no-such-park"}, 422, [("payload.intermediary", "invalid")]),
        # The service's own checks, field by field.
        (
            {"texts": {"tr": {"title": "Only a title"}}},
            422,
            [("summary", "invalid"), ("description", "invalid")],
        ),
        (
            {"texts": {"en": {"title": "T", "summary": "S", "description": "D"}}},
            422,
            [("title", "invalid"), ("summary", "invalid"), ("description", "invalid")],
        ),
        (
            {"intermediary": "gizli-nano"},
            422,
            [("intermediary", "invalid"), ("intermediary", "invalid")],
        ),
        ({"funding_programme": "Horizon Europe"}, 422, [("funding_programme", "invalid")]),
    ],
)
def test_bad_profiles_are_refused_with_reasons(world, changes, status, expected):
    response = call(world.owner_member, "post", "/profiles", new_profile_body(world, **changes))

    assert response.status_code == status, response.content
    assert detail_codes(response) == expected
    assert Profile.objects.count() == 2


def test_more_than_five_keywords_of_a_kind_are_refused(world):
    tech = list(
        services.Keyword.objects.filter(kind="technology").values_list("code", flat=True)[:6]
    )
    response = call(world.owner_member, "post", "/profiles", new_profile_body(world, keywords=tech))

    assert response.status_code == 422
    assert detail_codes(response) == [("keywords", "invalid")]
    assert "at most 5" in body(response)["error"]["details"][0]["message"]
    five = call(world.owner_member, "post", "/profiles", new_profile_body(world, keywords=tech[:5]))
    assert five.status_code == 201


def test_only_members_write_profiles_and_only_signed_in(world):
    assert call(None, "post", "/profiles", new_profile_body(world)).status_code == 401
    response = call(world.outsider, "post", "/profiles", new_profile_body(world))
    assert response.status_code == 422
    assert detail_codes(response) == [("payload.owner", "invalid")]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        # Not JSON at all: the whole API's answer is 400.
        ('{"owner": ', 400),
        ("{'owner': 1}", 400),
        ("\x00", 400),
        # JSON, but not an object of the right shape: 422.
        ("[1, 2]", 422),
        ('"text"', 422),
        ("null", 422),
        ("5", 422),
        ('{"texts": []}', 422),
    ],
)
def test_malformed_bodies_are_4xx_json_not_500(world, data, status):
    client = client_of(world.owner_member)
    before = Profile.objects.get(pk=world.draft.pk).updated_at
    for method, url in (
        (client.post, "/profiles"),
        (client.patch, f"/profiles/{world.draft.pk}"),
        (client.post, f"/profiles/{world.offer.pk}/interests"),
    ):
        response = method(API + url, data, content_type="application/json")
        assert response.status_code == status, (url, response.content)
        assert set(body(response)) == {"error"}
        assert body(response)["error"]["code"] == (
            "bad_request" if status == 400 else "validation_error"
        )
    assert Profile.objects.count() == 2
    assert Profile.objects.get(pk=world.draft.pk).updated_at == before
    assert ExpressionOfInterest.objects.count() == 0


def test_change_a_draft(world):
    url = f"/profiles/{world.draft.pk}"
    response = call(
        world.owner_member,
        "patch",
        url,
        {"texts": {"az": {"title": "Günəş panelləri üçün örtük"}}, "keywords": ["tech.energy"]},
    )

    assert response.status_code == 200, response.content
    world.draft.refresh_from_db()
    assert world.draft.title_az == "Günəş panelləri üçün örtük"
    assert world.draft.title_en == "Unpublished idea"  # not sent: unchanged
    assert [k.code for k in world.draft.keywords.all()] == ["tech.energy"]
    # Without "keywords" they stay; an explicit null for a required field is bad input.
    assert call(world.owner_member, "patch", url, {"ipr_notes": "Know-how"}).status_code == 200
    assert [k.code for k in world.draft.keywords.all()] == ["tech.energy"]
    assert call(world.owner_member, "patch", url, {"type": None}).status_code == 422
    # Refusals: the reviewer is not the owner; the summary too long.
    assert call(world.reviewer, "patch", url, {"ipr_notes": "x"}).status_code == 403
    too_long = call(world.owner_member, "patch", url, {"texts": {"en": {"summary": "s" * 501}}})
    assert too_long.status_code == 422


def test_changing_a_published_profile_sends_it_back_to_review(world):
    url = f"/profiles/{world.offer.pk}"
    assert call(world.outsider, "patch", url, {"ipr_notes": "x"}).status_code == 403

    response = call(world.owner_member, "patch", url, {"stage": "market"})

    assert response.status_code == 200, response.content
    assert body(response)["status"] == "under_review"
    assert call(None, "get", url).status_code == 404


def test_review_lifecycle(world):
    url = f"/profiles/{world.draft.pk}"
    assert call(world.reviewer, "post", f"{url}/submit").status_code == 403

    submitted = call(world.owner_member, "post", f"{url}/submit")

    assert submitted.status_code == 200, submitted.content
    assert body(submitted)["status"] == "under_review"
    assert body(submitted)["reference"].startswith("TOTR")
    again = call(world.owner_member, "post", f"{url}/submit")
    assert (again.status_code, error_code(again)) == (409, "stale")
    queue = body(call(world.reviewer, "get", "/review/profiles"))
    assert [item["id"] for item in queue["items"]] == [world.draft.pk]
    assert body(call(world.outsider, "get", "/review/profiles"))["items"] == []

    assert (
        call(world.owner_member, "post", f"{url}/request-changes", {"note": "x"}).status_code == 403
    )
    no_note = call(world.reviewer, "post", f"{url}/request-changes", {"note": "  "})
    assert (no_note.status_code, detail_codes(no_note)) == (422, [("note", "invalid")])
    changes = call(world.reviewer, "post", f"{url}/request-changes", {"note": "Drop the brand."})
    assert body(changes)["status"] == "changes_requested"
    mine = body(call(world.owner_member, "get", url))
    assert mine["management"]["review_note"] == "Drop the brand."

    assert call(world.owner_member, "post", f"{url}/submit").status_code == 200
    assert call(world.owner_member, "post", f"{url}/publish").status_code == 403
    published = call(world.reviewer, "post", f"{url}/publish")
    assert body(published)["status"] == "published"
    assert body(published)["expires_at"] is not None
    twice = call(world.reviewer, "post", f"{url}/publish")
    assert (twice.status_code, error_code(twice)) == (409, "stale")
    assert call(None, "get", url).status_code == 200


def test_extend_once_then_withdraw(world):
    url = f"/profiles/{world.offer.pk}"
    before = world.offer.expires_at
    assert call(world.outsider, "post", f"{url}/extend").status_code == 403

    extended = call(world.owner_member, "post", f"{url}/extend")

    assert extended.status_code == 200, extended.content
    assert body(extended)["management"]["extensions"] == 1
    world.offer.refresh_from_db()
    assert world.offer.expires_at > before
    second = call(world.owner_member, "post", f"{url}/extend")
    assert second.status_code == 422
    assert detail_codes(second) == [("", "extended")]

    assert call(world.outsider, "post", f"{url}/withdraw").status_code == 403
    withdrawn = call(world.owner_member, "post", f"{url}/withdraw")
    assert body(withdrawn)["status"] == "withdrawn"
    assert body(call(None, "get", "/profiles"))["count"] == 0
    assert call(None, "get", url).status_code == 404
    again = call(world.owner_member, "post", f"{url}/withdraw")
    assert (again.status_code, error_code(again)) == (409, "stale")


def test_my_profiles(world):
    assert call(None, "get", "/my/profiles").status_code == 401

    mine = body(call(world.owner_member, "get", "/my/profiles"))
    drafts = body(call(world.owner_member, "get", "/my/profiles", status="draft"))

    assert sorted(item["id"] for item in mine["items"]) == sorted([world.offer.pk, world.draft.pk])
    assert all(item["management"] is not None for item in mine["items"])
    assert [item["id"] for item in drafts["items"]] == [world.draft.pk]
    assert body(call(world.outsider, "get", "/my/profiles"))["count"] == 0
    assert call(world.owner_member, "get", "/my/profiles", status="nope").status_code == 422


# --- expressions of interest ----------------------------------------------------------------
def test_express_interest_once(world):
    url = f"/profiles/{world.offer.pk}/interests"
    data = {"company": world.buyer.slug, "message": "We need it."}
    assert call(None, "post", url, data).status_code == 401

    first = call(world.buyer_member, "post", url, data)

    assert first.status_code == 201, first.content
    created = body(first)
    assert (created["status"], created["message"]) == ("submitted", "We need it.")
    assert created["actions"] == ["withdraw"]
    assert created["company"]["name"] == BUYER["name"]  # one's own organisation
    assert created["owner"]["disclosed"] is False and leaks(first) == []
    second = call(world.buyer_member, "post", url, data)
    assert (second.status_code, error_code(second)) == (409, "already_requested")
    assert ExpressionOfInterest.objects.filter(profile=world.offer).count() == 1


@pytest.mark.parametrize(
    ("who", "data", "status", "expected"),
    [
        ("owner_member", {"company": "gizli-nano", "message": "Mine"}, 422, [("", "own_profile")]),
        (
            "buyer_member",
            {"company": "gizli-nano", "message": "x"},
            422,
            [("payload.company", "invalid")],
        ),
        (
            "buyer_member",
            {"company": "absheron-sunworks", "message": "   "},
            422,
            [("message", "invalid")],
        ),
        ("buyer_member", {"company": "absheron-sunworks"}, 422, [("payload.message", "missing")]),
        (
            "buyer_member",
            {"company": "absheron-sunworks", "message": "x" * 3001},
            422,
            [("payload.message", "string_too_long")],
        ),
        (
            "buyer_member",
            {"company": 12, "message": "x"},
            422,
            [("payload.company", "string_type")],
        ),
    ],
)
def test_bad_expressions_of_interest(world, who, data, status, expected):
    response = call(getattr(world, who), "post", f"/profiles/{world.offer.pk}/interests", data)

    assert response.status_code == status, response.content
    assert detail_codes(response) == expected
    assert ExpressionOfInterest.objects.count() == 0


def test_no_interest_in_a_draft_a_stranger_cannot_see(world):
    data = {"company": world.buyer.slug, "message": "x"}
    response = call(world.buyer_member, "post", f"/profiles/{world.draft.pk}/interests", data)
    assert response.status_code == 404


def test_interest_flow_keeps_both_sides_anonymous_until_accepted(world):
    interest_id = express(world)
    url = f"/interests/{interest_id}"

    # Sent: the interested company sees its own name, never the owner's.
    sent = call(world.buyer_member, "get", "/interests", box="sent")
    assert [i["id"] for i in body(sent)["items"]] == [interest_id]
    assert leaks(sent) == [] and leaks(call(world.buyer_member, "get", url)) == []
    # Not yet forwarded: the owner does not see it at all.
    assert body(call(world.owner_member, "get", "/interests"))["items"] == []
    assert call(world.owner_member, "get", url).status_code == 404
    # Strangers never do.
    assert call(world.outsider, "get", url).status_code == 404
    assert body(call(world.outsider, "get", "/interests"))["count"] == 0
    # The intermediary sees who is who.
    queue = call(world.reviewer, "get", "/interests", box="to_forward")
    assert [i["id"] for i in body(queue)["items"]] == [interest_id]
    assert body(queue)["items"][0]["company"]["name"] == BUYER["name"]
    assert body(queue)["items"][0]["owner"]["name"] == OWNER["name"]
    assert body(call(world.reviewer, "get", url))["actions"] == ["forward", "reject"]

    assert call(world.buyer_member, "post", f"{url}/forward", {}).status_code == 403
    assert call(world.owner_member, "post", f"{url}/forward", {}).status_code == 404
    forwarded = call(world.reviewer, "post", f"{url}/forward", {"note": "Serious company."})
    assert body(forwarded)["status"] == "forwarded"

    # Forwarded: the owner reads the message, without the company's name.
    received = call(world.owner_member, "get", "/interests", box="received")
    item = body(received)["items"][0]
    assert (item["id"], item["message"]) == (interest_id, "We run 40 MW of panels near Absheron.")
    assert item["company"]["disclosed"] is False
    assert (item["company"]["country"], item["company"]["kind"]) == ("AZ", "startup")
    assert leaks(received, BUYER_SECRETS) == []
    assert leaks(call(world.owner_member, "get", url), BUYER_SECRETS) == []
    assert body(call(world.owner_member, "get", url))["actions"] == ["accept", "decline"]
    assert leaks(call(world.buyer_member, "get", "/interests"), OWNER_SECRETS) == []

    assert call(world.buyer_member, "post", f"{url}/accept").status_code == 403
    accepted = call(world.owner_member, "post", f"{url}/accept")
    assert body(accepted)["status"] == "accepted"

    # Accepted: both learn who the other is.
    mine = body(call(world.buyer_member, "get", "/interests"))["items"][0]
    assert mine["owner"]["name"] == OWNER["name"] and mine["owner"]["disclosed"] is True
    assert (
        body(call(world.buyer_member, "get", f"/profiles/{world.offer.pk}"))["owner"]["name"]
        == OWNER["name"]
    )
    theirs = body(call(world.owner_member, "get", url))
    assert theirs["company"]["name"] == BUYER["name"]
    assert theirs["actions"] == ["deal"]
    # Everyone else still does not.
    for person in (None, world.outsider):
        assert leaks(call(person, "get", f"/profiles/{world.offer.pk}")) == []
        assert leaks(call(person, "get", "/profiles")) == []
    again = call(world.owner_member, "post", f"{url}/accept")
    assert (again.status_code, error_code(again)) == (409, "stale")


def test_reject_decline_and_withdraw(world):
    first = express(world)
    no_reason = call(world.reviewer, "post", f"/interests/{first}/reject", {})
    assert (no_reason.status_code, detail_codes(no_reason)) == (422, [("note", "invalid")])
    rejected = call(world.reviewer, "post", f"/interests/{first}/reject", {"note": "Spam."})
    assert body(rejected)["status"] == "not_forwarded"
    assert body(call(world.buyer_member, "get", f"/interests/{first}"))["intermediary_note"] == (
        "Spam."
    )

    second = express(world)
    call(world.reviewer, "post", f"/interests/{second}/forward", {})
    declined = call(world.owner_member, "post", f"/interests/{second}/decline", {"reason": "No."})
    assert (body(declined)["status"], body(declined)["decline_reason"]) == ("declined", "No.")
    assert leaks(call(world.owner_member, "get", f"/interests/{second}"), BUYER_SECRETS) == []

    third = express(world)
    assert call(world.owner_member, "post", f"/interests/{third}/withdraw").status_code == 404
    withdrawn = call(world.buyer_member, "post", f"/interests/{third}/withdraw")
    assert body(withdrawn)["status"] == "withdrawn"
    again = call(world.buyer_member, "post", f"/interests/{third}/withdraw")
    assert (again.status_code, error_code(again)) == (409, "stale")
    statuses = body(call(world.buyer_member, "get", "/interests", status="withdrawn"))
    assert [i["id"] for i in statuses["items"]] == [third]
    assert call(world.buyer_member, "get", "/interests", box="elsewhere").status_code == 422


# --- deals ----------------------------------------------------------------------------------
def test_a_deal_needs_an_accepted_interest(world):
    interest_id = express(world)

    response = call(
        world.buyer_member, "post", f"/interests/{interest_id}/deal", {"agreement_type": "licence"}
    )

    assert (response.status_code, error_code(response)) == (409, "stale")
    assert Deal.objects.count() == 0


def test_open_read_and_change_a_deal(world):
    interest_id = accepted_interest(world)
    url = f"/interests/{interest_id}/deal"
    assert call(world.outsider, "post", url, {"agreement_type": "licence"}).status_code == 404
    bad = call(world.buyer_member, "post", url, {"agreement_type": "handshake"})
    assert (bad.status_code, detail_codes(bad)) == (422, [("payload.agreement_type", "enum")])
    negative = call(world.buyer_member, "post", url, {"agreement_type": "licence", "value": -1})
    assert negative.status_code == 422

    opened = call(
        world.buyer_member,
        "post",
        url,
        {"agreement_type": "licence", "value": "125000.50", "currency": "AZN"},
    )

    assert opened.status_code == 201, opened.content
    deal = body(opened)
    assert (deal["status"], deal["agreement_type"], deal["value"]) == (
        "negotiating",
        "licence",
        "125000.50",
    )
    assert deal["title"] == world.offer.title_en
    assert [p["name"] for p in deal["parties"]] == [OWNER["name"], BUYER["name"]]
    assert sorted(deal["next_statuses"]) == ["cancelled", "signed"]
    again = call(world.owner_member, "post", url, {"agreement_type": "nda"})
    assert (again.status_code, error_code(again)) == (409, "already_requested")

    deal_url = f"/deals/{deal['id']}"
    for person in (world.buyer_member, world.owner_member, world.reviewer):
        listed = body(call(person, "get", "/deals"))
        assert [d["id"] for d in listed["items"]] == [deal["id"]]
    assert body(call(world.outsider, "get", "/deals"))["count"] == 0
    assert call(world.outsider, "get", deal_url).status_code == 404
    assert call(world.outsider, "patch", deal_url, {"status": "signed"}).status_code == 404
    assert call(None, "get", "/deals").status_code == 401

    wrong = call(world.owner_member, "patch", deal_url, {"status": "active"})
    assert (wrong.status_code, detail_codes(wrong)) == (422, [("status", "invalid")])
    unknown = call(world.owner_member, "patch", deal_url, {"status": "sealed"})
    assert (unknown.status_code, detail_codes(unknown)) == (422, [("payload.status", "enum")])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert call(world.owner_member, "patch", deal_url, {"signed_on": future}).status_code == 422
    signed = call(
        world.owner_member,
        "patch",
        deal_url,
        {"status": "signed", "expires_on": "2031-01-31", "notes": "Royalty 4%."},
    )
    assert signed.status_code == 200, signed.content
    data = body(signed)
    assert (data["status"], data["signed_on"], data["expires_on"], data["notes"]) == (
        "signed",
        timezone.localdate().isoformat(),
        "2031-01-31",
        "Royalty 4%.",
    )
    assert data["value"] == "125000.50"  # not sent: unchanged


def test_deal_documents_are_listed_with_their_page(world):
    interest_id = accepted_interest(world)
    opened = call(
        world.owner_member, "post", f"/interests/{interest_id}/deal", {"agreement_type": "nda"}
    )
    deal = Deal.objects.get(pk=body(opened)["id"])
    document = DealDocument.objects.create(
        deal=deal,
        title="Signed NDA",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="nda.pdf"),
        content_type="application/pdf",
        size=15,
    )

    data = body(call(world.buyer_member, "get", f"/deals/{deal.pk}"))

    assert [(d["id"], d["title"], d["size"]) for d in data["documents"]] == [
        (document.pk, "Signed NDA", 15)
    ]
    assert data["documents"][0]["url"] == reverse(
        "transfer:deal_document", args=[deal.pk, document.pk]
    )
    assert "nda.pdf" not in json.dumps(data)  # no storage path
