"""Public programme pages: the programme list, a programme, a call and its "Apply" block."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from korpu.directory.models import Organisation
from korpu.programs.models import Application, Programme, Question
from tests import factories
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def texts(response, testid: str) -> list[str]:
    """The whitespace-normalised text of each element carrying ``data-testid``."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.found, self.current = 0, [], None

        def handle_starttag(self, tag, attrs):
            if self.current is not None:
                self.depth += 1
            elif dict(attrs).get("data-testid") == testid:
                self.current, self.depth = [], 1

        def handle_endtag(self, tag):
            if self.current is None:
                return
            self.depth -= 1
            if self.depth == 0:
                self.found.append(" ".join("".join(self.current).split()))
                self.current = None

        def handle_startendtag(self, tag, attrs):
            pass

        def handle_data(self, data):
            if self.current is not None:
                self.current.append(data)

    collector = Collector()
    collector.feed(response.content.decode())
    return collector.found


@pytest.fixture
def agency():
    return factories.OrganisationFactory(
        slug="ia", name="Innovation Agency", kind=Organisation.Kind.AGENCY, country="AZ"
    )


@pytest.fixture
def gosb():
    return factories.OrganisationFactory(
        slug="gosb", name="GOSB Teknopark", kind=Organisation.Kind.TECHNOPARK, country="TR"
    )


@pytest.fixture
def programme(agency, gosb):
    programme = pf.ProgrammeFactory(
        slug="bridge",
        title="Bridge Accelerator",
        summary="Twelve weeks with mentors.",
        description="Cross-border acceleration.",
        benefits="Mentoring and a demo day.",
        owner=agency,
        time_zone="Asia/Baku",
        duration_weeks=12,
        capacity=20,
    )
    programme.partners.set([gosb])
    return programme


# --- programme list --------------------------------------------------------------------------
def test_programme_cards_show_kind_owner_partners_and_open_calls(client, programme):
    pf.CallFactory(programme=programme)
    pf.CallFactory(programme=programme)
    pf.CallFactory(programme=programme, opens_at=NOW - 20 * DAY, closes_at=NOW - DAY)
    pf.CallFactory(programme=programme, is_published=False)
    other = pf.ProgrammeFactory(title="Zeta Training", kind=Programme.Kind.TRAINING)
    response = client.get(reverse("programs:programmes"))
    assert response.status_code == 200
    assert texts(response, "programme-card") == [
        "Acceleration Bridge Accelerator Run by Innovation Agency Twelve weeks with mentors. "
        "Opened to GOSB Teknopark 2 open calls",
        f"Training Zeta Training Run by {other.owner.name} No open call right now",
    ]


def test_kind_filter_answers_htmx_with_the_results_only(client, programme):
    pf.ProgrammeFactory(title="Transfer", kind=Programme.Kind.TECHNOLOGY_TRANSFER)
    url = reverse("programs:programmes") + "?kind=technology_transfer"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert [p.title for p in response.context["page"]] == ["Transfer"]
    # The same address without HTMX is the whole page, the filter kept.
    page = client.get(url)
    assert "<html" in page.content.decode()
    assert page.context["form"]["kind"].value() == "technology_transfer"


def test_open_filter_and_a_stale_bookmark(client, programme):
    pf.CallFactory(programme=programme)
    pf.ProgrammeFactory(title="Nothing open")
    response = client.get(reverse("programs:programmes") + "?open=on&kind=nonsense")
    assert response.status_code == 200
    assert [p.title for p in response.context["page"]] == ["Bridge Accelerator"]


def test_private_programme_listed_only_for_its_partners_and_staff(client, programme, gosb):
    private = pf.ProgrammeFactory(title="Closed circle", is_public=False, owner=programme.owner)
    private.partners.set([gosb])
    url = reverse("programs:programmes")
    titles = lambda: [p.title for p in client.get(url).context["page"]]  # noqa: E731
    assert titles() == ["Bridge Accelerator"]
    client.force_login(factories.PersonFactory())
    assert titles() == ["Bridge Accelerator"]
    client.force_login(factories.MembershipFactory(organisation=gosb).person)
    assert titles() == ["Bridge Accelerator", "Closed circle"]
    client.force_login(factories.PersonFactory(is_staff=True))
    assert titles() == ["Bridge Accelerator", "Closed circle"]


def test_programme_list_uses_a_constant_number_of_queries(client, agency):
    def make(n):
        for _ in range(n):
            programme = pf.ProgrammeFactory(owner=factories.OrganisationFactory())
            programme.partners.set(factories.OrganisationFactory.create_batch(2))
            pf.CallFactory.create_batch(2, programme=programme)

    url = reverse("programs:programmes")
    client.force_login(factories.MembershipFactory(organisation=agency).person)
    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"]) == 8
    assert len(many) == len(few)


# --- programme page ----------------------------------------------------------------------------
def test_programme_page_groups_calls_and_shows_times_in_the_programme_zone(client, programme):
    opens = datetime.datetime(2031, 3, 1, 6, 0, tzinfo=datetime.UTC)
    pf.CallFactory(programme=programme, title="Spring", opens_at=opens, closes_at=opens + DAY)
    pf.CallFactory(programme=programme, title="Now", closes_at=NOW + 5 * DAY)
    pf.CallFactory(programme=programme, title="Old", opens_at=NOW - 9 * DAY, closes_at=NOW - DAY)
    pf.CallFactory(
        programme=programme, title="Older", opens_at=NOW - 30 * DAY, closes_at=NOW - 20 * DAY
    )
    pf.CallFactory(programme=programme, title="Hidden", is_published=False)
    response = client.get(reverse("programs:programme", args=["bridge"]))
    assert response.status_code == 200
    context = response.context
    assert [c.title for c in context["open_calls"]] == ["Now"]
    assert [c.title for c in context["upcoming_calls"]] == ["Spring"]
    assert [c.title for c in context["closed_calls"]] == ["Old", "Older"]
    assert context["zone"] == "Asia/Baku (UTC+04:00)"
    # 06:00 UTC is 10:00 in Baku.
    assert texts(response, "call-item")[1].startswith("Spring Opens March 1, 2031, 10 a.m.")
    body = response.content.decode()
    for text in ("Cross-border acceleration.", "Mentoring and a demo day.", "12 weeks", "20"):
        assert text in body


def test_programme_page_shows_the_memorandum_only_to_those_who_may_see_it(client, programme):
    programme.partnership = factories.PartnershipFactory(
        slug="mou", title="Memorandum of 2020", is_public=False
    )
    programme.save()
    url = reverse("programs:programme", args=["bridge"])
    assert client.get(url).context["partnership"] is None
    client.force_login(factories.PersonFactory(is_staff=True))
    response = client.get(url)
    assert response.context["partnership"] == programme.partnership
    assert "Memorandum of 2020" in response.content.decode()


def test_private_programme_and_its_calls_are_404_for_outsiders(client, programme, gosb):
    programme.is_public = False
    programme.save()
    call = pf.CallFactory(programme=programme, slug="spring")
    urls = [
        reverse("programs:programme", args=["bridge"]),
        reverse("programs:call", args=["bridge", "spring"]),
    ]
    manager = factories.MembershipFactory(organisation=programme.owner, role="manager").person
    expectations = [
        (None, 404),
        (factories.PersonFactory(), 404),
        (factories.MembershipFactory(organisation=gosb).person, 200),
        (manager, 200),
        (factories.PersonFactory(is_staff=True), 200),
    ]
    for user, status in expectations:
        client.logout()
        if user:
            client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [status, status], user
    assert call.pk


def test_unpublished_call_only_for_managers(client, programme):
    pf.CallFactory(programme=programme, slug="draft-call", is_published=False)
    url = reverse("programs:call", args=["bridge", "draft-call"])
    assert client.get(url).status_code == 404
    client.force_login(factories.PersonFactory())
    assert client.get(url).status_code == 404
    client.force_login(
        factories.MembershipFactory(organisation=programme.owner, role="manager").person
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "not published" in response.content.decode()


def test_other_areas_addresses_are_not_taken_for_programme_slugs(programme):
    assert resolve("/en/programmes/applications/").url_name == "my_applications"
    assert resolve("/en/programmes/applications/7/").url_name == "application"
    assert resolve("/en/programmes/bridge/").url_name == "programme"
    assert resolve("/en/programmes/bridge/spring/").url_name == "call"


# --- call page ---------------------------------------------------------------------------------
@pytest.fixture
def call(programme):
    call = pf.CallFactory(
        programme=programme,
        slug="spring",
        title="Spring call",
        description="For robotics companies.",
        closes_at=datetime.datetime(2099, 5, 1, 20, 59, tzinfo=datetime.UTC),
        eligible_countries=["AZ", "TR"],
        eligible_company_kinds=["startup", "sme"],
    )
    pf.QuestionFactory(call=call, label="What do you build?", help_text="Two lines.")
    pf.QuestionFactory(
        call=call, label="Stage", kind=Question.Kind.CHOICE, choices=["idea", "revenue"]
    )
    pf.QuestionFactory(call=call, label="Deck", kind=Question.Kind.FILE, required=False)
    return call


def test_call_page_says_who_may_apply_and_when_in_the_programme_zone(client, call):
    url = reverse("programs:call", args=["bridge", "spring"])
    response = client.get(url)
    assert response.status_code == 200
    body = " ".join(response.content.decode().split())
    assert "From: Azerbaijan, Türkiye" in body
    assert "Kinds of company: startup, SME" in body
    # 20:59 UTC is 00:59 the next day in Baku.
    assert "May 2, 2099, 12:59 a.m." in body
    assert "Asia/Baku (UTC+04:00)" in body
    assert "Closes in " in body
    assert "3 questions, 2 required." in body
    assert response.context["questions"][0].label == "What do you build?"
    with translation.override("tr"):
        tr_url = reverse("programs:call", args=["bridge", "spring"])
    tr_body = client.get(tr_url).content.decode()
    assert "Azerbaycan, Türkiye" in tr_body


def test_call_page_residency_condition(client, call):
    call.resident_of = factories.ParkFactory(name="Gebze Park")
    call.save()
    response = client.get(reverse("programs:call", args=["bridge", "spring"]))
    assert "Only companies resident at Gebze Park." in response.content.decode()


def test_anonymous_visitor_is_offered_sign_in_and_back(client, call):
    url = reverse("programs:call", args=["bridge", "spring"])
    response = client.get(url)
    assert response.context["apply"] == {"signed_in": False}
    assert 'href="/en/accounts/login/?next=/en/programmes/bridge/spring/"' in (
        response.content.decode()
    )


def test_company_member_chooses_among_their_companies_and_sees_why_some_cannot(client, call):
    person = factories.PersonFactory()
    good = factories.OrganisationFactory(name="Robotics LLC", kind="startup", country="AZ")
    foreign = factories.OrganisationFactory(name="Far Away Inc", kind="sme", country="DE")
    factories.MembershipFactory(person=person, organisation=good)
    factories.MembershipFactory(person=person, organisation=foreign)
    client.force_login(person)
    response = client.get(reverse("programs:call", args=["bridge", "spring"]))
    apply = response.context["apply"]
    assert list(apply["form"].fields["company"].queryset) == [foreign, good]
    assert apply["form"].initial["company"] == good.pk
    assert apply["ineligible"] == [
        (foreign, ["This call is not open to applicants from this country."])
    ]
    assert apply["can_start"] is True


def test_existing_application_is_continued_not_restarted(client, call):
    company = factories.OrganisationFactory(kind="startup", country="AZ")
    colleague = factories.MembershipFactory(organisation=company).person
    application = pf.ApplicationFactory(
        call=call, company=company, status=Application.Status.DRAFT, submitted_at=None
    )
    client.force_login(colleague)
    response = client.get(reverse("programs:call", args=["bridge", "spring"]))
    apply = response.context["apply"]
    assert apply["existing"] == [application]
    assert list(apply["form"].fields["company"].queryset) == []
    assert apply["can_start"] is False
    edit = reverse("programs:application_edit", args=[application.pk])
    assert f'href="{edit}">Continue your application<' in response.content.decode()


def test_individual_call_shows_the_persons_problems(client, programme):
    pf.CallFactory(
        programme=programme, slug="people", applicant_kind="person", eligible_countries=["TR"]
    )
    client.force_login(factories.PersonFactory(country="AZ"))
    response = client.get(reverse("programs:call", args=["bridge", "people"]))
    assert response.context["apply"]["person_problems"] == [
        "This call is not open to applicants from this country."
    ]
    assert response.context["apply"]["can_start"] is False


def test_countdown_refreshes_as_an_htmx_partial(client, call):
    url = reverse("programs:call", args=["bridge", "spring"])
    response = client.get(url, headers={"HX-Request": "true", "HX-Target": "countdown"})
    body = response.content.decode().strip()
    assert body.startswith('<p id="countdown"')
    assert "Closes in" in body
    assert "<html" not in body
