"""The programmes API (/api/v1/): programmes, calls, applications, managers' lists.

What each kind of caller sees and may do: anonymous, outsider, applicant, a colleague in
the applying company, a member of another company, the programme's manager, a reviewer
(assigned, or conflicted) and staff. Private things answer 404 like missing ones; bad
input answers 4xx with the JSON error body in the request's language, never a 500.
"""

import datetime
import json
import zoneinfo

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from korpu.directory import services as directory_services
from korpu.directory.models import Membership, Organisation
from korpu.programs.models import (
    Answer,
    Application,
    Call,
    Conflict,
    Programme,
    Question,
    Review,
)
from tests import factories
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db

API = "/api/v1"


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def error(status: int, code: str, message: str, details=()) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": list(details)}}


def detail(field: str, message: str, location: str = "body", code: str = "invalid") -> dict:
    return {"location": location, "field": field, "code": code, "message": message}


NOT_FOUND = error(404, "not_found", "Nothing was found at this address.")
UNAUTHORIZED = error(401, "unauthorized", "Sign in or send a valid API token to do this.")
INVALID = "Some values in the request are not valid."


def iso(moment: datetime.datetime | None) -> str | None:
    """A date and time as the API writes it (Django's JSON encoder: milliseconds, Z)."""
    return DjangoJSONEncoder().default(moment) if moment else None


def translations(**by_language) -> dict:
    return {language: by_language.get(language) for language in ("en", "az", "tr")}


def hour(days: float) -> datetime.datetime:
    """A whole hour ``days`` from now (whole hours keep the expected JSON simple)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + datetime.timedelta(days=days)


# --- the world ---------------------------------------------------------------------------
class World:
    """An agency running a public accelerator and a programme only for its partner,
    companies applying, reviewers and a person for every kind of caller."""

    def __init__(self):
        self.agency = factories.OrganisationFactory(
            slug="agency", name="Innovation Agency", kind=Organisation.Kind.AGENCY, country="AZ"
        )
        self.gosb = factories.OrganisationFactory(
            slug="gosb", name="GOSB Teknopark", kind=Organisation.Kind.TECHNOPARK
        )
        self.hidden_partner = factories.OrganisationFactory(
            slug="hidden-partner", name="Hidden Partner", is_public=False
        )
        self.robotix = factories.OrganisationFactory(
            slug="robotix", name="Robotix", kind=Organisation.Kind.STARTUP
        )
        self.armour = factories.OrganisationFactory(slug="armour", name="Armour Works")

        self.manager = self._person("Leyla", "Manager", self.agency, Membership.Role.MANAGER)
        self.partner_member = self._person("Emre", "Partner", self.gosb, Membership.Role.MEMBER)
        self.applicant = self._person("Aysel", "Aliyeva", self.robotix, Membership.Role.ADMIN)
        self.colleague = self._person("Kamran", "Colleague", self.robotix, Membership.Role.MEMBER)
        self.other_member = self._person("Deniz", "Other", self.armour, Membership.Role.ADMIN)
        self.outsider = factories.PersonFactory(first_name="Olga", last_name="Outsider")
        self.reviewer = factories.PersonFactory(first_name="Rauf", last_name="Reviewer")
        self.conflicted = factories.PersonFactory(first_name="Cahit", last_name="Conflicted")
        self.staff = factories.PersonFactory(first_name="Staff", last_name="Person", is_staff=True)

        self.accelerator = pf.ProgrammeFactory(
            slug="accelerator",
            title="Bridge Accelerator",
            title_az="Körpü Akseleratoru",
            summary="Twelve weeks for robotics start-ups.",
            kind=Programme.Kind.ACCELERATION,
            owner=self.agency,
            time_zone="Asia/Baku",
            duration_weeks=12,
            capacity=10,
        )
        self.accelerator.partners.set([self.gosb, self.hidden_partner])
        self.transfer = pf.ProgrammeFactory(
            slug="transfer",
            title="Technology Transfer",
            kind=Programme.Kind.TECHNOLOGY_TRANSFER,
            owner=self.gosb,
        )
        self.partners_only = pf.ProgrammeFactory(
            slug="partners-only",
            title="Partners' Exchange",
            kind=Programme.Kind.SPECIALIST_EXCHANGE,
            owner=self.agency,
            is_public=False,
        )
        self.partners_only.partners.set([self.gosb])

        self.open_call = pf.CallFactory(
            programme=self.accelerator,
            slug="spring",
            title="Spring intake",
            title_az="Yaz qəbulu",
            description="For robotics companies.",
            opens_at=hour(-10),
            closes_at=hour(10),
        )
        self.pitch = pf.QuestionFactory(
            call=self.open_call,
            position=1,
            kind=Question.Kind.LONG_TEXT,
            label="Your pitch",
            label_az="Təqdimatınız",
            help_text="Two paragraphs.",
            max_length=2000,
        )
        self.stage_question = pf.QuestionFactory(
            call=self.open_call,
            position=2,
            kind=Question.Kind.CHOICE,
            label="Stage",
            choices=["idea", "prototype", "revenue"],
        )
        self.employees = pf.QuestionFactory(
            call=self.open_call,
            position=3,
            kind=Question.Kind.NUMBER,
            label="Employees",
            required=False,
        )
        self.deck = pf.QuestionFactory(
            call=self.open_call, position=4, kind=Question.Kind.FILE, label="Deck", required=False
        )
        self.upcoming_call = pf.CallFactory(
            programme=self.accelerator,
            slug="autumn",
            title="Autumn intake",
            opens_at=hour(20),
            closes_at=hour(40),
        )
        self.closed_call = pf.CallFactory(
            programme=self.accelerator,
            slug="winter",
            title="Winter intake",
            opens_at=hour(-60),
            closes_at=hour(-30),
        )
        self.unpublished_call = pf.CallFactory(
            programme=self.accelerator,
            slug="draft-call",
            title="Not yet announced",
            opens_at=hour(-5),
            closes_at=hour(5),
            is_published=False,
        )
        self.person_call = pf.CallFactory(
            programme=self.transfer,
            slug="fellows",
            title="Fellowships",
            applicant_kind=Call.ApplicantKind.PERSON,
            opens_at=hour(-3),
            closes_at=hour(3),
        )
        self.private_call = pf.CallFactory(
            programme=self.partners_only,
            slug="exchange",
            title="Exchange round",
            opens_at=hour(-2),
            closes_at=hour(2),
        )

        # Armour applied to the open call; Robotix applied to the closed one.
        self.armour_application = pf.ApplicationFactory(
            call=self.open_call,
            company=self.armour,
            applicant=self.other_member,
            title="Armoured drones",
            summary="Drones that survive.",
            submitted_at=hour(-1),
        )
        Answer.objects.create(
            application=self.armour_application, question=self.pitch, value="We build drones."
        )
        Answer.objects.create(
            application=self.armour_application, question=self.stage_question, value="prototype"
        )
        Answer.objects.create(
            application=self.armour_application,
            question=self.deck,
            value="deck.pdf",
            file="applications/1/4/deck.pdf",
            file_type="application/pdf",
        )
        self.robotix_application = pf.ApplicationFactory(
            call=self.closed_call,
            company=self.robotix,
            applicant=self.applicant,
            title="Cobots for small factories",
            status=Application.Status.REJECTED,
            submitted_at=hour(-40),
            decided_at=hour(-20),
            decision_note="Not this time.",
        )

        self.stage = pf.ReviewStageFactory(call=self.open_call, name="Expert review", position=1)
        self.impact = pf.CriterionFactory(stage=self.stage, label="Impact", max_score=10)
        self.team = pf.CriterionFactory(stage=self.stage, label="Team", max_score=5)
        self.final_stage = pf.ReviewStageFactory(
            call=self.open_call, name="Jury", position=2, blind=True
        )
        for person in (self.reviewer, self.conflicted):
            pf.CallReviewerFactory(call=self.open_call, reviewer=person)
        self.assignment = pf.AssignmentFactory(
            stage=self.stage, application=self.armour_application, reviewer=self.reviewer
        )
        pf.AssignmentFactory(
            stage=self.stage, application=self.armour_application, reviewer=self.conflicted
        )
        Conflict.objects.create(
            application=self.armour_application,
            reviewer=self.conflicted,
            source=Conflict.Source.DECLARED,
        )
        Review.objects.create(
            assignment=self.assignment,
            scores={str(self.impact.pk): 8, str(self.team.pk): 4},
            submitted_at=hour(-0.5),
        )

    @staticmethod
    def _person(first, last, organisation, role):
        person = factories.PersonFactory(first_name=first, last_name=last)
        factories.MembershipFactory(person=person, organisation=organisation, role=role)
        return person

    def client(self, who: str | None, **kwargs) -> Client:
        client = Client(**kwargs)
        if who:
            client.force_login(getattr(self, who))
        return client


@pytest.fixture(autouse=True)
def _english_outside_requests():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def world():
    return World()


def token_client(person, **kwargs) -> Client:
    _token, key = directory_services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"}, **kwargs)


def get(world, who, url, **params):
    return world.client(who).get(API + url, params)


def items(response, key="slug") -> list:
    assert response.status_code == 200, response.content
    return [item[key] for item in body(response)["items"]]


# --- programmes --------------------------------------------------------------------------
ACCELERATOR = {
    "slug": "accelerator",
    "title": "Bridge Accelerator",
    "summary": "Twelve weeks for robotics start-ups.",
    "kind": "acceleration",
    "kind_label": "acceleration",
    "owner": {"slug": "agency", "name": "Innovation Agency"},
    "partners": [{"slug": "gosb", "name": "GOSB Teknopark"}],
    "time_zone": "Asia/Baku",
    "duration_weeks": 12,
    "capacity": 10,
    "url": "/en/programmes/accelerator/",
    "translations": translations(
        en={
            "title": "Bridge Accelerator",
            "summary": "Twelve weeks for robotics start-ups.",
            "description": None,
            "benefits": None,
        },
        az={"title": "Körpü Akseleratoru", "summary": None, "description": None, "benefits": None},
        tr={"title": None, "summary": None, "description": None, "benefits": None},
    ),
}


def test_anonymous_lists_public_programmes(world):
    response = get(world, None, "/programmes")

    assert response.status_code == 200
    data = body(response)
    assert [item["slug"] for item in data["items"]] == ["accelerator", "transfer"]
    assert data["items"][0] == ACCELERATOR
    assert {key: value for key, value in data.items() if key != "items"} == {
        "count": 2,
        "page": 1,
        "page_size": 20,
        "pages": 1,
        "next": None,
        "previous": None,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["accelerator", "transfer"]),
        ("outsider", ["accelerator", "transfer"]),
        ("applicant", ["accelerator", "transfer"]),
        ("reviewer", ["accelerator", "transfer"]),
        ("partner_member", ["accelerator", "partners-only", "transfer"]),
        ("manager", ["accelerator", "partners-only", "transfer"]),
        ("staff", ["accelerator", "partners-only", "transfer"]),
    ],
)
def test_programme_list_by_caller(world, who, expected):
    assert items(get(world, who, "/programmes")) == expected


@pytest.mark.parametrize(
    ("who", "partners"),
    [(None, ["gosb"]), ("manager", ["gosb"]), ("staff", ["gosb", "hidden-partner"])],
)
def test_private_partners_are_named_only_to_who_may_see_them(world, who, partners):
    programme = body(get(world, who, "/programmes/accelerator"))

    assert [partner["slug"] for partner in programme["partners"]] == partners


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "technology_transfer"}, ["transfer"]),
        ({"kind": ""}, ["accelerator", "partners-only", "transfer"]),
        ({"owner": "agency"}, ["accelerator", "partners-only"]),
        ({"owner": "nobody"}, []),
        ({"q": "robotics"}, ["accelerator"]),
        ({"q": "Akseleratoru"}, ["accelerator"]),
        ({"q": "_%"}, []),
        ({"q": "exchange", "owner": "agency"}, ["partners-only"]),
    ],
)
def test_programme_filters(world, params, expected):
    assert items(get(world, "staff", "/programmes", **params)) == expected


def test_programme_detail_lists_its_visible_calls(world):
    response = get(world, None, "/programmes/accelerator")

    assert response.status_code == 200
    data = body(response)
    assert data == {
        **ACCELERATOR,
        "description": "",
        "benefits": "",
        "calls": data["calls"],
    }
    assert [call["slug"] for call in data["calls"]] == ["autumn", "spring", "winter"]
    manager_calls = body(get(world, "manager", "/programmes/accelerator"))["calls"]
    assert [call["slug"] for call in manager_calls] == ["autumn", "draft-call", "spring", "winter"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 404),
        ("outsider", 404),
        ("applicant", 404),
        ("partner_member", 200),
        ("manager", 200),
        ("staff", 200),
    ],
)
def test_private_programme_is_404_for_outsiders(world, who, status):
    response = get(world, who, "/programmes/partners-only")

    assert response.status_code == status
    if status == 404:
        assert body(response) == NOT_FOUND


def test_programme_in_the_language_of_the_request(world):
    data = body(get(world, None, "/programmes/accelerator", lang="az"))

    assert (data["title"], data["summary"], data["url"]) == (
        "Körpü Akseleratoru",
        "Twelve weeks for robotics start-ups.",  # falls back to English
        "/az/programmes/accelerator/",
    )
    assert data["translations"] == ACCELERATOR["translations"]
    assert [call["title"] for call in data["calls"]] == [
        "Autumn intake",
        "Yaz qəbulu",
        "Winter intake",
    ]


# --- calls -------------------------------------------------------------------------------
def spring(world) -> dict:
    call = world.open_call
    return {
        "id": call.pk,
        "slug": "spring",
        "title": "Spring intake",
        "programme": {"slug": "accelerator", "title": "Bridge Accelerator"},
        "opens_at": iso(call.opens_at),
        "closes_at": iso(call.closes_at),
        "time_zone": "Asia/Baku",
        "phase": "open",
        "is_open": True,
        "is_published": True,
        "applicant_kind": "company",
        "applicant_kind_label": "companies",
        "eligible_countries": [],
        "eligible_company_kinds": [],
        "resident_of": None,
        "url": "/en/programmes/accelerator/spring/",
        "translations": translations(
            en={"title": "Spring intake", "description": "For robotics companies."},
            az={"title": "Yaz qəbulu", "description": None},
            tr={"title": None, "description": None},
        ),
    }


def no_translations(**english) -> dict:
    return translations(
        en=english,
        az=dict.fromkeys(english),
        tr=dict.fromkeys(english),
    )


def test_call_detail_has_its_form(world):
    response = get(world, None, f"/calls/{world.open_call.pk}")

    assert response.status_code == 200
    assert body(response) == {
        **spring(world),
        "description": "For robotics companies.",
        "questions": [
            {
                "id": world.pitch.pk,
                "position": 1,
                "kind": "long_text",
                "kind_label": "long text",
                "label": "Your pitch",
                "help_text": "Two paragraphs.",
                "required": True,
                "choices": [],
                "max_length": 2000,
                "translations": translations(
                    en={"label": "Your pitch", "help_text": "Two paragraphs."},
                    az={"label": "Təqdimatınız", "help_text": None},
                    tr={"label": None, "help_text": None},
                ),
            },
            {
                "id": world.stage_question.pk,
                "position": 2,
                "kind": "choice",
                "kind_label": "one choice",
                "label": "Stage",
                "help_text": "",
                "required": True,
                "choices": ["idea", "prototype", "revenue"],
                "max_length": None,
                "translations": no_translations(label="Stage", help_text=None),
            },
            {
                "id": world.employees.pk,
                "position": 3,
                "kind": "number",
                "kind_label": "number",
                "label": "Employees",
                "help_text": "",
                "required": False,
                "choices": [],
                "max_length": None,
                "translations": no_translations(label="Employees", help_text=None),
            },
            {
                "id": world.deck.pk,
                "position": 4,
                "kind": "file",
                "kind_label": "file",
                "label": "Deck",
                "help_text": "",
                "required": False,
                "choices": [],
                "max_length": None,
                "translations": no_translations(label="Deck", help_text=None),
            },
        ],
    }


def test_call_detail_in_azerbaijani(world):
    data = body(get(world, None, f"/calls/{world.open_call.pk}", lang="az"))

    assert (data["title"], data["applicant_kind_label"], data["questions"][0]["label"]) == (
        "Yaz qəbulu",
        translation_of("companies", "az"),
        "Təqdimatınız",
    )


def translation_of(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["fellows", "spring"]),
        ("outsider", ["fellows", "spring"]),
        ("partner_member", ["exchange", "fellows", "spring"]),
        # Unpublished calls are not open, even to their managers.
        ("manager", ["exchange", "fellows", "spring"]),
        ("staff", ["exchange", "fellows", "spring"]),
    ],
)
def test_open_calls_by_default_closing_first(world, who, expected):
    assert items(get(world, who, "/calls")) == expected


@pytest.mark.parametrize(
    ("who", "phase", "expected"),
    [
        (None, "open", ["fellows", "spring"]),
        (None, "upcoming", ["autumn"]),
        (None, "closed", ["winter"]),
        (None, "all", ["autumn", "fellows", "spring", "winter"]),
        ("manager", "all", ["autumn", "exchange", "fellows", "draft-call", "spring", "winter"]),
        ("manager", "", ["exchange", "fellows", "spring"]),
    ],
)
def test_calls_by_phase(world, who, phase, expected):
    assert items(get(world, who, "/calls", phase=phase)) == expected


def test_call_list_item(world):
    data = body(get(world, None, "/calls", programme="accelerator"))

    assert data["items"] == [spring(world)]
    assert items(get(world, None, "/calls", programme="transfer", phase="all")) == ["fellows"]


def test_upcoming_and_closed_calls_say_so(world):
    autumn, fellows, spring_, winter = body(get(world, None, "/calls", phase="all"))["items"]

    assert [(c["phase"], c["is_open"]) for c in (autumn, fellows, spring_, winter)] == [
        ("upcoming", False),
        ("open", True),
        ("open", True),
        ("closed", False),
    ]
    assert (fellows["applicant_kind"], fellows["time_zone"]) == ("person", "Europe/Istanbul")


@pytest.mark.parametrize(
    ("who", "call", "status"),
    [
        (None, "unpublished_call", 404),
        ("outsider", "unpublished_call", 404),
        ("partner_member", "unpublished_call", 404),
        ("manager", "unpublished_call", 200),
        ("staff", "unpublished_call", 200),
        (None, "private_call", 404),
        ("outsider", "private_call", 404),
        ("partner_member", "private_call", 200),
        ("manager", "private_call", 200),
        (None, "closed_call", 200),
    ],
)
def test_call_detail_visibility(world, who, call, status):
    response = get(world, who, f"/calls/{getattr(world, call).pk}")

    assert response.status_code == status
    if status == 404:
        assert body(response) == NOT_FOUND


def test_residency_condition_names_the_park_only_to_who_may_see_it(world):
    hidden = factories.ParkFactory(slug="karabakh", operator=world.agency, is_public=False)
    public = factories.ParkFactory(slug="gosb-park", name="GOSB Park", operator=world.gosb)
    for slug, park in (("hidden-park-call", hidden), ("public-park-call", public)):
        pf.CallFactory(programme=world.accelerator, slug=slug, resident_of=park)

    def parks(who):
        calls = body(get(world, who, "/calls", programme="accelerator"))["items"]
        return {call["slug"]: call["resident_of"] for call in calls if "park" in call["slug"]}

    gosb_park = {"slug": "gosb-park", "name": "GOSB Park"}
    assert parks(None) == {"hidden-park-call": None, "public-park-call": gosb_park}
    assert parks("manager") == {
        "hidden-park-call": {"slug": "karabakh", "name": hidden.name},
        "public-park-call": gosb_park,
    }


def test_call_pagination(world):
    data = body(get(world, None, "/calls", phase="all", page_size=3))

    assert [item["slug"] for item in data["items"]] == ["autumn", "fellows", "spring"]
    assert {key: value for key, value in data.items() if key != "items"} == {
        "count": 4,
        "page": 1,
        "page_size": 3,
        "pages": 2,
        "next": "http://testserver/api/v1/calls?phase=all&page_size=3&page=2",
        "previous": None,
    }
    second = body(get(world, None, "/calls", phase="all", page_size=3, page=2))
    assert [item["slug"] for item in second["items"]] == ["winter"]
    assert second["previous"] == "http://testserver/api/v1/calls?phase=all&page_size=3&page=1"
    assert body(get(world, None, "/calls", phase="all", page=99))["items"] == []


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        (
            "/calls",
            {"phase": "later"},
            detail(
                "phase",
                "Select a valid choice: 'open', 'upcoming', 'closed' or 'all'.",
                "query",
                "literal_error",
            ),
        ),
        (
            "/programmes",
            {"kind": "bootcamp"},
            detail(
                "kind",
                "Select a valid choice: 'acceleration', 'incubation', 'technology_transfer', "
                "'training' or 'specialist_exchange'.",
                "query",
                "enum",
            ),
        ),
        (
            "/programmes",
            {"q": "x" * 201},
            detail(
                "q",
                "Ensure this value has at most 200 characters.",
                "query",
                "string_too_long",
            ),
        ),
        (
            "/calls",
            {"page_size": "500"},
            detail(
                "page_size",
                "Ensure this value is less than or equal to 100.",
                "query",
                "less_than_equal",
            ),
        ),
    ],
)
def test_bad_query_parameters_answer_422(world, url, params, expected):
    response = get(world, None, url, **params)

    assert response.status_code == 422
    assert body(response) == error(422, "validation_error", INVALID, [expected])


@pytest.mark.parametrize(
    "url",
    [
        "/programmes/atlantis",
        "/programmes/" + "x" * 3000,
        "/programmes/accelerator%00",
        "/calls/0",
        "/calls/99999999999999999999999",
        "/calls/abc",
        "/applications/0",
        "/applications/99999999999999999999999",
        "/calls/99999999999999999999999/applications",
    ],
)
def test_unknown_addresses_are_404(world, url):
    response = get(world, "staff", url)

    assert response.status_code == 404
    assert body(response) == NOT_FOUND


# --- one's own applications ----------------------------------------------------------------
def test_my_applications_need_authentication(world):
    response = get(world, None, "/me/applications")

    assert response.status_code == 401
    assert body(response) == UNAUTHORIZED


def robotix_application(world) -> dict:
    application = Application.objects.get(pk=world.robotix_application.pk)
    return {
        "id": application.pk,
        "call": {
            "id": world.closed_call.pk,
            "slug": "winter",
            "title": "Winter intake",
            "programme": {"slug": "accelerator", "title": "Bridge Accelerator"},
            "closes_at": iso(world.closed_call.closes_at),
        },
        "title": "Cobots for small factories",
        "status": "rejected",
        "status_label": "rejected",
        "version": 1,
        "applicant": {"id": world.applicant.pk, "name": "Aysel Aliyeva"},
        "company": {"slug": "robotix", "name": "Robotix"},
        "created_at": iso(application.created_at),
        "updated_at": iso(application.updated_at),
        "submitted_at": iso(application.submitted_at),
        "decided_at": iso(application.decided_at),
    }


def test_my_applications_with_a_token(world):
    response = token_client(world.applicant).get(f"{API}/me/applications")

    assert response.status_code == 200
    assert body(response)["items"] == [robotix_application(world)]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("applicant", ["robotix_application"]),
        ("colleague", ["robotix_application"]),  # the company's application is theirs too
        ("other_member", ["armour_application"]),
        ("outsider", []),
        ("manager", []),
        ("reviewer", []),
        ("staff", []),
    ],
)
def test_my_applications_by_caller(world, who, expected):
    assert items(get(world, who, "/me/applications"), "id") == [
        getattr(world, name).pk for name in expected
    ]


def test_my_applications_include_those_made_in_my_own_name(world):
    mine = pf.ApplicationFactory(
        call=world.person_call, company=None, applicant=world.applicant, status="draft"
    )

    assert items(get(world, "applicant", "/me/applications"), "id") == [
        mine.pk,
        world.robotix_application.pk,
    ]
    assert items(get(world, "colleague", "/me/applications"), "id") == [
        world.robotix_application.pk
    ]
    assert items(get(world, "applicant", "/me/applications", status="draft"), "id") == [mine.pk]


# --- one application -----------------------------------------------------------------------
def armour_application(world, **changes) -> dict:
    application = Application.objects.get(pk=world.armour_application.pk)
    return {
        "id": application.pk,
        "call": {
            "id": world.open_call.pk,
            "slug": "spring",
            "title": "Spring intake",
            "programme": {"slug": "accelerator", "title": "Bridge Accelerator"},
            "closes_at": iso(world.open_call.closes_at),
        },
        "title": "Armoured drones",
        "status": "submitted",
        "status_label": "submitted",
        "version": 1,
        "applicant": {"id": world.other_member.pk, "name": "Deniz Other"},
        "company": {"slug": "armour", "name": "Armour Works"},
        "created_at": iso(application.created_at),
        "updated_at": iso(application.updated_at),
        "submitted_at": iso(application.submitted_at),
        "decided_at": None,
        "summary": "Drones that survive.",
        "decision_note": "",
        "answers": [
            answer(world.pitch, "We build drones."),
            answer(world.stage_question, "prototype"),
            answer(world.employees, None),
            # A file answer gives the file's name, never its address.
            {**answer(world.deck, None), "file_name": "deck.pdf"},
        ],
        **changes,
    }


def answer(question, value) -> dict:
    return {
        "question_id": question.pk,
        "kind": question.kind,
        "label": question.label,
        "required": question.required,
        "value": value,
        "file_name": None,
    }


@pytest.mark.parametrize("who", ["other_member", "manager", "staff"])
def test_applicant_side_and_managers_see_the_whole_application(world, who):
    response = get(world, who, f"/applications/{world.armour_application.pk}")

    assert response.status_code == 200
    assert body(response) == armour_application(world)


def test_the_applicants_read_the_decision(world):
    data = body(get(world, "colleague", f"/applications/{world.robotix_application.pk}"))

    assert (data["status"], data["decision_note"], data["decided_at"]) == (
        "rejected",
        "Not this time.",
        iso(world.robotix_application.decided_at),
    )


def blind_answers(world) -> list:
    """The answers as a blind reviewer sees them: the file's name could name the company."""
    expected = armour_application(world)["answers"]
    expected[-1] = {
        **expected[-1],
        "file_name": f"application-{world.armour_application.pk}-question-{world.deck.pk}",
    }
    return expected


def test_assigned_reviewer_sees_the_application_without_the_decision_note(world):
    # The call has a blind stage ("Jury"), so no reviewer of it learns who applied, as on
    # the page, even one assigned in the open stage.
    response = get(world, "reviewer", f"/applications/{world.armour_application.pk}")

    assert response.status_code == 200
    assert body(response) == armour_application(
        world, applicant=None, company=None, decision_note=None, answers=blind_answers(world)
    )


def test_blind_review_hides_who_applied(world):
    pf.AssignmentFactory(
        stage=world.final_stage, application=world.armour_application, reviewer=world.reviewer
    )

    response = get(world, "reviewer", f"/applications/{world.armour_application.pk}")

    assert body(response) == armour_application(
        world, applicant=None, company=None, decision_note=None, answers=blind_answers(world)
    )


@pytest.mark.parametrize(
    "who",
    [None, "outsider", "applicant", "colleague", "partner_member", "conflicted"],
)
def test_application_is_404_for_everyone_else(world, who):
    response = get(world, who, f"/applications/{world.armour_application.pk}")

    assert response.status_code == 404
    assert body(response) == NOT_FOUND


def test_unpublished_assignment_does_not_open_the_application(world):
    newcomer = factories.PersonFactory()
    pf.AssignmentFactory(
        stage=world.stage,
        application=world.armour_application,
        reviewer=newcomer,
        published_at=None,
    )

    client = Client()
    client.force_login(newcomer)

    assert client.get(f"{API}/applications/{world.armour_application.pk}").status_code == 404


def test_overridden_conflict_gives_access_back(world):
    Conflict.objects.filter(reviewer=world.conflicted).update(
        overridden_by=world.manager, override_reason="Left the company years ago."
    )

    response = get(world, "conflicted", f"/applications/{world.armour_application.pk}")

    assert response.status_code == 200


# --- writing an application ----------------------------------------------------------------
def send(client: Client, method: str, url: str, data=None, **params):
    query = "?" + "&".join(f"{key}={value}" for key, value in params.items()) if params else ""
    return getattr(client, method)(
        API + url + query,
        json.dumps(data) if data is not None else None,
        content_type="application/json",
    )


def full_answers(world) -> dict:
    return {
        str(world.pitch.pk): "  Cobots that see.  ",
        str(world.stage_question.pk): "prototype",
        str(world.employees.pk): "12,5",
    }


def test_the_whole_journey_with_a_token(world):
    client = token_client(world.applicant)
    started = send(
        client,
        "post",
        f"/calls/{world.open_call.pk}/applications",
        {"title": " Cobots ", "company": "robotix"},
    )
    assert started.status_code == 201, started.content
    draft = body(started)
    application = Application.objects.get(pk=draft["id"])
    assert (application.company, application.applicant, application.status) == (
        world.robotix,
        world.applicant,
        "draft",
    )
    assert (draft["title"], draft["status"], draft["version"], draft["summary"]) == (
        "Cobots",
        "draft",
        1,
        "",
    )
    assert [a["value"] for a in draft["answers"]] == [None, None, None, None]
    url = f"/applications/{application.pk}"

    saved = send(
        client,
        "put",
        url,
        {"version": 1, "title": "Cobots", "summary": "Vision.", "answers": full_answers(world)},
    )
    assert saved.status_code == 200, saved.content
    data = body(saved)
    assert (data["version"], data["summary"]) == (2, "Vision.")
    assert [a["value"] for a in data["answers"]] == ["Cobots that see.", "prototype", "12.5", None]

    # A colleague saved in between: the old version is refused and nothing is written.
    stale = send(client, "put", url, {"version": 1, "title": "Overwritten", "answers": {}})
    assert stale.status_code == 409
    assert body(stale) == error(409, "stale", translation_of(STALE, "en"))
    assert Application.objects.get(pk=application.pk).title == "Cobots"

    stale_submit = send(client, "post", f"{url}/submit", {"version": 1})
    assert stale_submit.status_code == 409
    assert body(stale_submit)["error"]["code"] == "stale"

    submitted = send(client, "post", f"{url}/submit", {"version": 2})
    assert submitted.status_code == 200, submitted.content
    data = body(submitted)
    assert (data["status"], data["version"]) == ("submitted", 3)
    application.refresh_from_db()
    assert (application.status, iso(application.submitted_at)) == (
        "submitted",
        data["submitted_at"],
    )
    assert items(client.get(f"{API}/me/applications"), "id") == [
        application.pk,
        world.robotix_application.pk,
    ]

    again = send(client, "put", url, {"version": 3, "title": "Cobots", "answers": {}})
    assert again.status_code == 422
    assert body(again) == refusal("Only a draft can be edited.")

    withdrawn = send(client, "post", f"{url}/withdraw")
    assert withdrawn.status_code == 200
    assert (body(withdrawn)["status"], body(withdrawn)["version"]) == ("withdrawn", 4)


STALE = (
    "Someone else saved this application while you were editing it, so your changes were "
    "not saved over theirs. Look at their version, then save again."
)


def refusal(message: str, language: str = "en") -> dict:
    """A write the services refused for one reason: the reason is the message."""
    text = translation_of(message, language)
    return error(422, "validation_error", text, [detail("", text)])


def deadline_passed(call: Call, language: str) -> str:
    with translation.override(language):
        return gettext(
            "The deadline has passed (%(deadline)s, %(zone)s): applications are closed."
        ) % {
            "deadline": formats.date_format(
                timezone.localtime(
                    call.closes_at, timezone=zoneinfo.ZoneInfo(call.programme.time_zone)
                ),
                "DATETIME_FORMAT",
            ),
            "zone": call.programme.time_zone,
        }


def draft_of(world, **kwargs) -> Application:
    return pf.ApplicationFactory(
        call=world.open_call,
        company=world.robotix,
        applicant=world.applicant,
        title="Cobots",
        status=Application.Status.DRAFT,
        submitted_at=None,
        **kwargs,
    )


def close(call: Call) -> None:
    Call.objects.filter(pk=call.pk).update(opens_at=hour(-20), closes_at=hour(-1))
    call.refresh_from_db()


@pytest.mark.parametrize("language", ["en", "az", "tr"])
def test_a_late_submission_is_refused_in_the_language_of_the_request(world, language):
    application = draft_of(world)
    for question, value in ((world.pitch, "Pitch"), (world.stage_question, "idea")):
        Answer.objects.create(application=application, question=question, value=value)
    close(world.open_call)

    response = send(
        world.client("applicant"),
        "post",
        f"/applications/{application.pk}/submit",
        {"version": 1},
        lang=language,
    )

    assert response.status_code == 422
    message = deadline_passed(world.open_call, language)
    assert body(response) == error(422, "validation_error", message, [detail("", message)])
    application.refresh_from_db()
    assert (application.status, application.version) == ("draft", 1)


def test_a_late_save_is_refused(world):
    application = draft_of(world)
    close(world.open_call)

    response = send(
        world.client("colleague"),
        "put",
        f"/applications/{application.pk}",
        {"version": 1, "title": "Late", "answers": {str(world.pitch.pk): "x"}},
    )

    assert response.status_code == 422
    message = deadline_passed(world.open_call, "en")
    assert body(response) == error(422, "validation_error", message, [detail("", message)])
    assert not application.answers.exists()


def test_stale_message_in_azerbaijani(world):
    application = draft_of(world, version=5)

    response = send(
        world.client("applicant"),
        "put",
        f"/applications/{application.pk}",
        {"version": 4, "title": "Cobots"},
        lang="az",
    )

    assert response.status_code == 409
    assert response["Content-Language"] == "az"
    assert body(response) == error(409, "stale", translation_of(STALE, "az"))


def test_submitting_with_unanswered_questions_is_refused(world):
    application = draft_of(world)

    response = send(
        world.client("applicant"), "post", f"/applications/{application.pk}/submit", {"version": 1}
    )

    assert response.status_code == 422
    message = "Answer every required question before submitting: Your pitch; Stage."
    assert body(response) == error(422, "validation_error", message, [detail("", message)])


def test_answers_are_checked_field_by_field_and_nothing_is_saved(world):
    application = draft_of(world)
    Answer.objects.create(application=application, question=world.pitch, value="Kept")

    response = send(
        world.client("applicant"),
        "put",
        f"/applications/{application.pk}",
        {
            "version": 1,
            "title": "   ",
            "answers": {
                str(world.pitch.pk): "x" * 2001,
                str(world.stage_question.pk): "unicorn",
                str(world.employees.pk): "many",
            },
        },
    )

    assert response.status_code == 422
    assert body(response) == error(
        422,
        "validation_error",
        INVALID,
        [
            detail(f"answers.{world.pitch.pk}", "At most 2000 characters (you wrote 2001)."),
            detail(f"answers.{world.stage_question.pk}", "Choose one of the options."),
            detail(f"answers.{world.employees.pk}", "Enter a number."),
            detail("title", "Give your application a title."),
        ],
    )
    application.refresh_from_db()
    assert (application.title, application.version) == ("Cobots", 1)
    assert list(application.answers.values_list("value", flat=True)) == ["Kept"]


def test_answers_of_the_wrong_shape_are_refused_before_the_service(world):
    application = draft_of(world)
    other_question = pf.QuestionFactory(call=world.closed_call)

    response = send(
        world.client("applicant"),
        "put",
        f"/applications/{application.pk}",
        {
            "version": 1,
            "title": "Cobots",
            "answers": {
                str(world.pitch.pk): {"nested": "object"},
                str(world.stage_question.pk): ["idea"],
                str(world.employees.pk): True,
                str(world.deck.pk): "deck.pdf",
                str(other_question.pk): "another call's question",
                "99999999999999999999": "no such question",
            },
        },
    )

    assert response.status_code == 422
    assert body(response)["error"]["details"] == [
        detail(f"answers.{world.pitch.pk}", "Enter a valid value."),
        detail(f"answers.{world.stage_question.pk}", "Enter a valid value."),
        detail(f"answers.{world.employees.pk}", "Enter a valid value."),
        detail(f"answers.{world.deck.pk}", "This question takes a file."),
        detail(f"answers.{other_question.pk}", "This call has no such question."),
        detail("answers.99999999999999999999", "This call has no such question."),
    ]
    assert Application.objects.get(pk=application.pk).version == 1


def test_nul_characters_are_dropped_not_a_500(world):
    application = draft_of(world)

    response = send(
        world.client("applicant"),
        "put",
        f"/applications/{application.pk}",
        {
            "version": 1,
            "title": "Co\x00bots",
            "summary": "\x00",
            "answers": {str(world.pitch.pk): "a\x00b"},
        },
    )

    assert response.status_code == 200, response.content
    data = body(response)
    assert (data["title"], data["summary"], data["answers"][0]["value"]) == ("Cobots", "", "ab")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"title": "x"},
            [detail("payload.version", "This field is required.", code="missing")],
        ),
        (
            {"version": "one", "title": "x"},
            [detail("payload.version", "Enter a whole number.", code="int_parsing")],
        ),
        (
            {"version": 0, "title": "x"},
            [
                detail(
                    "payload.version",
                    "Ensure this value is greater than or equal to 1.",
                    code="greater_than_equal",
                )
            ],
        ),
        (
            {"version": 1, "title": "x" * 201},
            [
                detail(
                    "payload.title",
                    "Ensure this value has at most 200 characters.",
                    code="string_too_long",
                )
            ],
        ),
        (
            {"version": 1, "title": "x", "summary": "x" * 10001},
            [
                detail(
                    "payload.summary",
                    "Ensure this value has at most 10000 characters.",
                    code="string_too_long",
                )
            ],
        ),
        (
            {"version": 1, "title": "x", "answers": {"abc": "x"}},
            [detail("payload.answers.abc.[key]", "Enter a whole number.", code="int_parsing")],
        ),
    ],
)
def test_malformed_bodies_answer_422(world, payload, expected):
    application = draft_of(world)

    response = send(world.client("applicant"), "put", f"/applications/{application.pk}", payload)

    assert response.status_code == 422
    assert body(response) == error(422, "validation_error", INVALID, expected)


def test_validation_messages_in_azerbaijani(world):
    application = draft_of(world)

    response = send(
        world.client("applicant"), "put", f"/applications/{application.pk}", {}, lang="az"
    )

    required = translation_of("This field is required.", "az")
    assert required != "This field is required."  # Django's own catalogue translates it
    assert body(response)["error"]["details"] == [
        detail("payload.version", required, code="missing"),
        detail("payload.title", required, code="missing"),
    ]


@pytest.mark.parametrize(
    "data",
    ['{"version": 1, "title": ', "[1, 2]", '{"version": 1, "title": "x", "answers": []}'],
)
def test_unparseable_bodies_are_4xx_not_500(world, data):
    application = draft_of(world)

    response = world.client("applicant").put(
        f"{API}/applications/{application.pk}", data, content_type="application/json"
    )

    assert response.status_code in (400, 422)
    assert set(body(response)) == {"error"}


def test_a_body_over_the_upload_limit_is_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    application = draft_of(world)

    client = world.client("applicant", raise_request_exception=False)
    response = client.put(
        f"{API}/applications/{application.pk}",
        json.dumps({"version": 1, "title": "x", "summary": "x" * 2000}),
        content_type="application/json",
    )

    assert response.status_code == 413


# --- who may write -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("outsider", 404),
        ("other_member", 404),
        ("conflicted", 404),
        # A draft is the applicants' own: nobody else even sees it (it is not submitted).
        ("reviewer", 404),
        ("manager", 404),
        ("staff", 404),
        ("applicant", 200),
        ("colleague", 200),
    ],
)
def test_who_may_save_a_draft(world, who, status):
    application = draft_of(world)
    pf.AssignmentFactory(stage=world.stage, application=application, reviewer=world.reviewer)

    response = send(
        world.client(who), "put", f"/applications/{application.pk}", {"version": 1, "title": "New"}
    )

    assert response.status_code == status
    if status == 401:
        assert body(response) == UNAUTHORIZED
    elif status == 403:
        assert body(response) == error(
            403, "forbidden", "Only the applicants can change an application."
        )
    elif status == 404:
        assert body(response) == NOT_FOUND
    application.refresh_from_db()
    assert application.title == ("New" if status == 200 else "Cobots")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("outsider", 404), ("manager", 404), ("colleague", 200)],
)
def test_who_may_submit_and_withdraw(world, who, status):
    application = draft_of(world)
    for question, value in ((world.pitch, "Pitch"), (world.stage_question, "idea")):
        Answer.objects.create(application=application, question=question, value=value)
    client = world.client(who)

    submitted = send(client, "post", f"/applications/{application.pk}/submit", {"version": 1})
    withdrawn = send(client, "post", f"/applications/{application.pk}/withdraw")

    assert (submitted.status_code, withdrawn.status_code) == (status, status)
    application.refresh_from_db()
    assert application.status == ("withdrawn" if status == 200 else "draft")


def test_a_decided_application_cannot_be_withdrawn(world):
    response = send(
        world.client("applicant"),
        "post",
        f"/applications/{world.robotix_application.pk}/withdraw",
    )

    assert response.status_code == 422
    assert body(response) == refusal("A decided application cannot be withdrawn.")


def start(world, who, call, data):
    return send(world.client(who), "post", f"/calls/{call.pk}/applications", data)


@pytest.mark.parametrize(
    ("who", "call", "data", "message"),
    [
        (
            "applicant",
            "open_call",
            {"title": "Cobots"},
            "This call is for companies: apply on behalf of your company.",
        ),
        (
            "applicant",
            "person_call",
            {"title": "Me", "company": "robotix"},
            "This call is for individuals: apply in your own name.",
        ),
        (
            "applicant",
            "upcoming_call",
            {"title": "Early", "company": "robotix"},
            "This call is not open yet.",
        ),
        (
            "other_member",
            "open_call",
            {"title": "Again", "company": "armour"},
            "There is already an application for this call; continue it.",
        ),
        (
            "applicant",
            "open_call",
            {"title": "  ", "company": "robotix"},
            "Give your application a title.",
        ),
    ],
)
def test_starting_is_refused_with_the_reason(world, who, call, data, message):
    response = start(world, who, getattr(world, call), data)

    assert response.status_code == 422
    assert body(response) == refusal(message)
    assert Application.objects.count() == 2


def test_starting_after_the_deadline_is_refused(world):
    response = start(world, "applicant", world.closed_call, {"title": "Late", "company": "robotix"})

    assert response.status_code == 422
    message = deadline_passed(world.closed_call, "en")
    assert body(response) == error(422, "validation_error", message, [detail("", message)])


def test_odd_characters_when_starting_are_no_500(world):
    response = start(world, "applicant", world.open_call, {"title": "x", "company": "robo\x00tix"})

    assert response.status_code == 422
    assert body(response)["error"]["details"] == [
        detail("payload.company", "Enter a valid value.", code="string_pattern_mismatch")
    ]
    started = start(
        world, "applicant", world.open_call, {"title": "Co\x00bots", "company": "robotix"}
    )
    assert started.status_code == 201
    assert body(started)["title"] == "Cobots"


@pytest.mark.parametrize("company", ["armour", "stealth-nothing", "agency"])
def test_one_applies_only_for_ones_own_company(world, company):
    response = start(world, "applicant", world.open_call, {"title": "x", "company": company})

    assert response.status_code == 422
    assert body(response) == error(
        422,
        "validation_error",
        INVALID,
        [detail("company", "You are not a member of this company.")],
    )


def test_a_person_applies_in_their_own_name(world):
    response = start(world, "outsider", world.person_call, {"title": "My fellowship"})

    assert response.status_code == 201
    data = body(response)
    assert (data["applicant"], data["company"], data["call"]["slug"]) == (
        {"id": world.outsider.pk, "name": "Olga Outsider"},
        None,
        "fellows",
    )


@pytest.mark.parametrize(
    ("who", "call", "status"),
    [
        (None, "open_call", 401),
        ("outsider", "private_call", 404),
        ("outsider", "unpublished_call", 404),
        ("applicant", "open_call", 201),
        ("partner_member", "private_call", 422),  # visible; GOSB is no company
    ],
)
def test_starting_needs_a_visible_call(world, who, call, status):
    company = {"applicant": "robotix", "partner_member": "gosb"}.get(who)

    response = start(world, who, getattr(world, call), {"title": "x", "company": company})

    assert response.status_code == status


# --- CSRF ----------------------------------------------------------------------------------
def test_a_session_write_needs_the_csrf_token(world):
    client = world.client("applicant", enforce_csrf_checks=True)
    url = f"/calls/{world.open_call.pk}/applications"
    data = {"title": "Cobots", "company": "robotix"}

    refused = send(client, "post", url, data)

    assert refused.status_code == 403
    assert body(refused) == error(403, "forbidden", "You do not have permission to do this.")
    assert Application.objects.count() == 2

    client.get("/en/")  # a page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        API + url, json.dumps(data), content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_a_token_write_needs_no_csrf_token(world):
    client = token_client(world.applicant, enforce_csrf_checks=True)

    response = send(
        client,
        "post",
        f"/calls/{world.open_call.pk}/applications",
        {"title": "x", "company": "robotix"},
    )

    assert response.status_code == 201


def test_an_anonymous_write_is_401_not_a_csrf_failure(world):
    client = Client(enforce_csrf_checks=True)

    response = send(client, "post", f"/calls/{world.open_call.pk}/applications", {"title": "x"})

    assert response.status_code == 401
    assert body(response) == UNAUTHORIZED


# --- managers: a call's applications ---------------------------------------------------------
def ranked(world) -> list[Application]:
    """Robotix joins the open call with a better score than Armour; a draft is never listed."""
    robotix = pf.ApplicationFactory(
        call=world.open_call,
        company=world.robotix,
        applicant=world.applicant,
        title="Cobots",
        submitted_at=hour(-2),
    )
    for reviewer, impact, team in ((world.reviewer, 10, 5), (factories.PersonFactory(), 9, 4)):
        assignment = pf.AssignmentFactory(stage=world.stage, application=robotix, reviewer=reviewer)
        Review.objects.create(
            assignment=assignment,
            scores={str(world.impact.pk): impact, str(world.team.pk): team},
            submitted_at=hour(-1),
        )
    pf.ApplicationFactory(call=world.open_call, status="draft", submitted_at=None)
    return [robotix, world.armour_application]


def test_manager_sees_the_ranked_applications(world):
    robotix, armour = ranked(world)

    response = get(world, "manager", f"/calls/{world.open_call.pk}/applications")

    assert response.status_code == 200
    assert body(response)["items"] == [
        {
            "id": robotix.pk,
            "title": "Cobots",
            "status": "submitted",
            "status_label": "submitted",
            "applicant": {"id": world.applicant.pk, "name": "Aysel Aliyeva"},
            "company": {"slug": "robotix", "name": "Robotix"},
            "submitted_at": iso(robotix.submitted_at),
            "score": 92.5,  # the mean of 100 (10/10, 5/5) and 85 (9/10, 4/5)
            "reviews_assigned": 2,
            "reviews_submitted": 2,
        },
        {
            "id": armour.pk,
            "title": "Armoured drones",
            "status": "submitted",
            "status_label": "submitted",
            "applicant": {"id": world.other_member.pk, "name": "Deniz Other"},
            "company": {"slug": "armour", "name": "Armour Works"},
            "submitted_at": iso(armour.submitted_at),
            "score": 80.0,
            "reviews_assigned": 2,  # the conflicted reviewer's assignment still counts
            "reviews_submitted": 1,
        },
    ]


def test_scores_of_another_stage_and_filters(world):
    robotix, armour = ranked(world)
    url = f"/calls/{world.open_call.pk}/applications"

    jury = body(get(world, "manager", url, stage=world.final_stage.pk))["items"]
    assert [(a["id"], a["score"], a["reviews_assigned"]) for a in jury] == [
        (armour.pk, None, 0),
        (robotix.pk, None, 0),
    ]
    Application.objects.filter(pk=armour.pk).update(status="withdrawn")
    assert items(get(world, "manager", url, status="withdrawn"), "id") == [armour.pk]
    assert items(get(world, "manager", url, page_size=1, page=2), "id") == [armour.pk]


@pytest.mark.parametrize("stage", ["another call's", "99999999999999999999"])
def test_a_stage_of_another_call_is_a_validation_error(world, stage):
    other_stage = pf.ReviewStageFactory(call=world.closed_call)
    stage = other_stage.pk if stage == "another call's" else stage

    response = get(world, "manager", f"/calls/{world.open_call.pk}/applications", stage=stage)

    assert response.status_code == 422
    assert body(response) == error(
        422,
        "validation_error",
        INVALID,
        [detail("stage", "This call has no such review stage.", "query")],
    )


def test_a_call_without_review_stages_lists_without_scores(world):
    pf.ApplicationFactory(call=world.person_call, company=None, applicant=world.outsider)

    data = body(get(world, "staff", f"/calls/{world.person_call.pk}/applications"))

    assert [(a["score"], a["company"], a["reviews_assigned"]) for a in data["items"]] == [
        (None, None, 0)
    ]


@pytest.mark.parametrize(
    ("who", "call", "status"),
    [
        (None, "open_call", 401),
        ("outsider", "open_call", 403),
        ("applicant", "open_call", 403),
        ("other_member", "open_call", 403),
        ("reviewer", "open_call", 403),
        ("partner_member", "open_call", 403),
        ("partner_member", "private_call", 403),
        ("outsider", "private_call", 404),
        ("outsider", "unpublished_call", 404),
        ("manager", "open_call", 200),
        ("manager", "unpublished_call", 200),
        ("staff", "private_call", 200),
    ],
)
def test_only_managers_see_a_calls_applications(world, who, call, status):
    response = get(world, who, f"/calls/{getattr(world, call).pk}/applications")

    assert response.status_code == status
    expected = {
        401: UNAUTHORIZED,
        403: error(403, "forbidden", "Only the programme's managers see its applications."),
        404: NOT_FOUND,
    }
    if status in expected:
        assert body(response) == expected[status]


# --- a fixed number of queries --------------------------------------------------------------
def many_applications(world, count: int) -> None:
    for _ in range(count):
        application = pf.ApplicationFactory(call=world.open_call)
        Answer.objects.create(application=application, question=world.pitch, value="Pitch")
        assignment = pf.AssignmentFactory(
            stage=world.stage, application=application, reviewer=world.reviewer
        )
        Review.objects.create(
            assignment=assignment,
            scores={str(world.impact.pk): 5, str(world.team.pk): 3},
            submitted_at=hour(-1),
        )


def many_calls(world, count: int) -> None:
    park = factories.ParkFactory(operator=world.agency)
    for index in range(count):
        programme = pf.ProgrammeFactory(owner=world.gosb)
        programme.partners.set([world.agency, world.hidden_partner])
        pf.CallFactory(programme=programme, resident_of=park if index % 2 else None)


def many_own_applications(world, count: int) -> None:
    for _ in range(count):
        pf.ApplicationFactory(company=world.robotix, applicant=world.colleague)


@pytest.mark.parametrize(
    ("who", "url", "make"),
    [
        ("manager", "/calls/{call}/applications?page_size=100", many_applications),
        ("manager", "/programmes?page_size=100", many_calls),
        (None, "/programmes?page_size=100", many_calls),
        ("manager", "/calls?page_size=100", many_calls),
        (None, "/calls?phase=all&page_size=100", many_calls),
        ("applicant", "/me/applications?page_size=100", many_own_applications),
    ],
)
def test_lists_run_a_constant_number_of_queries(
    world, django_assert_max_num_queries, who, url, make
):
    client = world.client(who)
    url = API + url.format(call=world.open_call.pk)
    make(world, 5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    make(world, 45)
    with django_assert_max_num_queries(len(five)):
        data = body(client.get(url))
    assert data["count"] >= 50


def test_one_application_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client("manager")
    url = f"{API}/applications/{world.armour_application.pk}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(20):
        question = pf.QuestionFactory(call=world.open_call, kind=Question.Kind.TEXT)
        Answer.objects.create(
            application=world.armour_application, question=question, value=str(index)
        )
    with django_assert_max_num_queries(len(few)):
        assert len(body(client.get(url))["answers"]) == 24


# --- the OpenAPI description ------------------------------------------------------------------
def test_openapi_describes_the_programme_endpoints(client):
    spec = json.loads(client.get(f"{API}/openapi.json").content)
    paths = spec["paths"]

    mine = {
        path: sorted(methods)
        for path, methods in paths.items()
        if path.split("/")[3] in {"programmes", "calls", "applications"}
        or path == "/api/v1/me/applications"
    }
    assert mine == {
        "/api/v1/programmes": ["get"],
        "/api/v1/programmes/{slug}": ["get"],
        "/api/v1/calls": ["get"],
        "/api/v1/calls/{call_id}": ["get"],
        "/api/v1/calls/{call_id}/applications": ["get", "post"],
        "/api/v1/me/applications": ["get"],
        "/api/v1/applications/{application_id}": ["get", "put"],
        "/api/v1/applications/{application_id}/submit": ["post"],
        "/api/v1/applications/{application_id}/withdraw": ["post"],
    }
    assert paths["/api/v1/calls"]["get"]["operationId"] == "programs_list_calls"
    assert paths["/api/v1/calls"]["get"]["security"] == [
        {"ApiTokenAuth": []},
        {"BrowserSessionAuth": []},
        {},
    ]
    assert paths["/api/v1/applications/{application_id}/submit"]["post"]["security"] == [
        {"ApiTokenAuth": []},
        {"SignedInSessionAuth": []},
    ]
