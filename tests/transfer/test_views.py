"""The marketplace's pages: who may open what (200 for the right people, 404 for what one
may not see, 403 for what one may see but not do), the review, expression-of-interest and
deal flows through the pages, bad input that shows errors and changes nothing, and
anonymity: no page, fragment or list a stranger can get carries the owner's name, short
address, e-mail, website or phone until the owner accepts that stranger's interest (and
the owner does not learn the interested company's name before accepting)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from korpu.transfer import services
from korpu.transfer.models import (
    Deal,
    DealDocument,
    ExpressionOfInterest,
    Keyword,
    Profile,
    SavedSearch,
)
from tests.factories import OrganisationFactory, PersonFactory
from tests.transfer.factories import InterestFactory, ProfileFactory, member_of

pytestmark = pytest.mark.django_db
PS = Profile.Status
IS = ExpressionOfInterest.Status


def url(name, *args):
    return reverse(f"transfer:{name}", args=args)


def htmx(client, address, **params):
    return client.get(address, params, HTTP_HX_REQUEST="true")


# --- the cast -------------------------------------------------------------------------------------
@pytest.fixture
def park():
    return OrganisationFactory(
        name="GOSB Teknopark", slug="gosb-teknopark", kind="technopark", country="TR"
    )


@pytest.fixture
def owner_org():
    return OrganisationFactory(
        name="Fotonika Kaplama Sanayi",
        slug="fotonika-kaplama",
        kind="sme",
        country="TR",
        size="small",
        email="info@fotonika-kaplama.example",
        website="https://fotonika-kaplama.example",
        phone="+90 262 555 12 34",
    )


@pytest.fixture
def buyer_org():
    return OrganisationFactory(
        name="Abşeron Enerji Həlləri",
        slug="abseron-enerji",
        kind="startup",
        country="AZ",
        size="micro",
        email="office@abseron-enerji.example",
        website="https://abseron-enerji.example",
        phone="+994 12 555 00 11",
    )


@pytest.fixture
def owner(owner_org):
    return member_of(owner_org, email="elif@fotonika-kaplama.example", last_name="Yıldırımoğlu")


@pytest.fixture
def manager(park):
    return member_of(park, role="manager", email="manager@gosb.example")


@pytest.fixture
def buyer(buyer_org):
    return member_of(buyer_org, email="anar@abseron-enerji.example", last_name="Məmmədzadə")


@pytest.fixture
def stranger():
    """Signed in, member of an unrelated company."""
    return member_of(OrganisationFactory(kind="sme", country="AZ"))


def secrets_of(organisation, person):
    values = [
        organisation.name,
        organisation.slug,
        organisation.email,
        organisation.website,
        organisation.phone,
        person.email,
        person.last_name,
    ]
    return [v for v in values if v]


def leaks(response, secrets) -> list[str]:
    body = response.content.decode()
    return [s for s in secrets if s in body or escape(s) in body]


TURKISH = {
    "title": "Güneş paneli verimliliğini artıran nano kaplama",
    "summary": "Fotovoltaik modüllerin sıcak iklimlerde güneş paneli verimliliğini artıran "
    "yansıma önleyici nano kaplama.",
    "description": "Kırk modül üzerinde bir yıl test edildi; lisans alacak ortak arıyoruz.",
}


@pytest.fixture
def offer(owner_org, park, owner):
    """A published anonymous technology offer written in Turkish."""
    profile = ProfileFactory(
        owner=owner_org,
        intermediary=park,
        published=True,
        language="tr",
        title_en="",
        summary_en="",
        description_en="",
        title_tr=TURKISH["title"],
        summary_tr=TURKISH["summary"],
        description_tr=TURKISH["description"],
        partnership_types=["licence"],
        countries_of_interest=["AZ"],
    )
    profile.keywords.set(Keyword.objects.filter(code__in=["tech.energy.solar"]))
    return profile


@pytest.fixture
def request_profile(buyer_org, park):
    """The buyer's published technology request (a complement of the offer)."""
    profile = ProfileFactory(
        owner=buyer_org,
        intermediary=park,
        published=True,
        type="TR",
        language="az",
        title_en="",
        summary_en="",
        description_en="",
        title_az="Günəş panelləri üçün örtük texnologiyası axtarılır",
        summary_az="Günəş paneli səmərəliliyini artıran nano örtük lazımdır.",
        description_az="Abşeronda günəş stansiyaları üçün.",
    )
    profile.keywords.set(Keyword.objects.filter(code__in=["tech.energy.solar"]))
    return profile


def interest_in(profile, company, author, status=IS.SUBMITTED, **extra):
    return InterestFactory(profile=profile, company=company, author=author, status=status, **extra)


# --- the search page ------------------------------------------------------------------------------
def test_the_search_page_lists_the_newest_published_profiles_for_visitors(client, offer, park):
    older = ProfileFactory(
        intermediary=park,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=3),
        title_en="Industrial robot gripper",
    )
    draft = ProfileFactory(intermediary=park, title_en="Secret draft about lasers")
    response = client.get(url("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert TURKISH["title"] in body and older.title_en in body
    assert body.index(TURKISH["title"]) < body.index(older.title_en)
    assert draft.title_en not in body
    assert "SME · Türkiye · 10–49 employees" in body
    assert "Written in Turkish" in body


def test_searching_shows_why_each_result_matched(client, offer, park):
    ProfileFactory(intermediary=park, published=True, title_en="Industrial robot gripper")
    response = client.get(url("home"), {"q": "güneş paneli verimliliği"})
    assert response.status_code == 200
    cards = response.context["cards"]
    assert cards[0].profile == offer
    assert cards[0].reasons and cards[0].reasons.terms
    assert 'data-testid="reasons"' in response.content.decode()


def test_a_search_in_azerbaijani_finds_the_turkish_offer(client, offer, park):
    ProfileFactory(intermediary=park, published=True, title_en="Industrial robot gripper")
    with translation.override("az"):
        address = url("home")
    response = client.get(address, {"q": "günəş paneli səmərəliliyi"})
    assert response.status_code == 200
    assert [c.profile for c in response.context["cards"]][:1] == [offer]


def test_filters_narrow_the_results(client, offer, park):
    request = ProfileFactory(
        intermediary=park, published=True, type="TR", title_en="Looking for solar coatings"
    )
    azeri = ProfileFactory(
        intermediary=park,
        published=True,
        owner=OrganisationFactory(country="AZ"),
        stage=Profile.Stage.MARKET,
        title_en="Solar tracker on the market",
    )
    shown = lambda **params: {c.profile for c in client.get(url("home"), params).context["cards"]}  # noqa: E731
    assert shown(type="TR") == {request}
    assert shown(country="AZ") == {azeri}
    assert shown(stage="market") == {azeri}
    assert shown(keyword="tech.energy") == {offer}  # the area covers its topics
    assert shown(keyword="tech.energy.solar") == {offer}
    assert shown(q="solar", type="TR") == {request}
    # A stale bookmark's bad value is dropped, never an error page.
    assert client.get(url("home"), {"type": "XX", "page": "zz"}).status_code == 200


def test_the_results_come_as_an_htmx_fragment(client, offer):
    response = htmx(client, url("home"), q="güneş paneli")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert TURKISH["title"] in body


def test_results_are_paginated(client, park):
    for _n in range(23):
        ProfileFactory(intermediary=park, published=True)
    first = client.get(url("home"))
    second = client.get(url("home"), {"page": 2})
    assert len(first.context["cards"]) == 20 and len(second.context["cards"]) == 3
    assert 'rel="next"' in first.content.decode()


# --- the profile page -----------------------------------------------------------------------------
def test_the_profile_page_shows_every_field_with_translated_labels(client, offer):
    offer.ipr_status = Profile.IPR.PATENT_APPLIED
    offer.partner_kinds = ["company", "research"]
    offer.partner_sizes = ["small"]
    offer.save()
    response = client.get(url("profile", offer.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        TURKISH["title"],
        TURKISH["summary"],
        TURKISH["description"],
        "Technology offer",
        "Lab tested",
        "Patent applied",
        "Licence agreement",
        "Company, research institute",
        "10–49 employees",
        "Azerbaijan",
        "Solar energy",
        offer.reference,
        "Written in Turkish.",
        "Reviewed and handled by GOSB Teknopark.",
    ):
        assert text in body, text
    with translation.override("tr"):
        address = url("profile", offer.pk)
    body = client.get(address).content.decode()
    assert TURKISH["title"] in body
    assert 'data-testid="written-in"' not in body  # the reader's own language: no note


def test_a_translation_is_shown_in_the_readers_language_with_the_original_a_click_away(
    client, offer
):
    offer.title_en = "Nano coating that raises solar panel efficiency"
    offer.summary_en = "An anti-reflective nano coating for photovoltaic modules."
    offer.save()
    body = client.get(url("profile", offer.pk)).content.decode()
    assert offer.title_en in body and "Translated from Turkish." in body
    assert TURKISH["title"] not in body
    # Fields without a translation fall back to the original.
    assert TURKISH["description"] in body
    original = client.get(url("profile", offer.pk), {"original": "1"}).content.decode()
    assert TURKISH["title"] in original and "Show the translation" in original


def test_drafts_are_seen_by_their_owner_and_reviewer_only(client, offer, owner, manager, buyer):
    offer.status = PS.DRAFT
    offer.save()
    assert client.get(url("profile", offer.pk)).status_code == 404
    client.force_login(buyer)
    assert client.get(url("profile", offer.pk)).status_code == 404
    assert client.get(url("profile_matches", offer.pk)).status_code == 404
    client.force_login(owner)
    assert client.get(url("profile", offer.pk)).status_code == 200
    client.force_login(manager)
    assert client.get(url("profile", offer.pk)).status_code == 200
    assert client.get(url("profile", 999999)).status_code == 404


def test_the_owner_sees_status_counts_and_the_forwarded_interests_only(
    client, offer, owner, buyer_org, buyer, stranger
):
    interest_in(offer, buyer_org, buyer, status=IS.FORWARDED, forwarded_at=timezone.now())
    waiting = interest_in(
        offer, stranger.memberships.get().organisation, stranger, message="Still with the park"
    )
    client.force_login(owner)
    response = client.get(url("profile", offer.pk))
    body = response.content.decode()
    assert 'data-testid="owner-panel"' in body
    assert "others see “SME · Türkiye · 10–49 employees”" in body
    assert "Withdraw" in body and "Extend by a year" in body
    assert response.context["counts"]["total"] == 2
    assert [i for i, _party in response.context["received"]] == list(
        offer.interests.filter(status=IS.FORWARDED)
    )
    assert waiting.message not in body
    assert 'data-testid="accept"' in body
    assert 'data-testid="interest-form"' not in body  # no interest in one's own profile
    assert 'data-testid="review-panel"' not in body


def test_members_of_another_organisation_get_the_interest_form_with_a_chooser_if_several(
    client, offer, buyer, buyer_org
):
    client.force_login(buyer)
    body = client.get(url("profile", offer.pk)).content.decode()
    assert 'data-testid="interest-form"' in body
    assert f"On behalf of {escape(buyer_org.name)}" in body
    second = OrganisationFactory(name="Bakı Günəş Laboratoriyası")
    from tests.factories import MembershipFactory

    MembershipFactory(person=buyer, organisation=second)
    body = client.get(url("profile", offer.pk)).content.decode()
    assert 'name="company"' in body and escape(second.name) in body
    # A visitor is asked to sign in; a member of no organisation is told why not.
    client.logout()
    assert "Sign in to express interest" in client.get(url("profile", offer.pk)).content.decode()
    client.force_login(PersonFactory())
    body = client.get(url("profile", offer.pk)).content.decode()
    assert 'data-testid="interest-form"' not in body
    assert "ask your organisation to add you" in body


def test_the_reviewer_sees_the_screening_flags(client, offer, owner, manager):
    offer.description_tr = "Bilgi için www.fotonika.example adresine bakın; patent no 2019/12345."
    offer.status = PS.DRAFT
    offer.save()
    services.submit_profile(actor=owner, profile=offer)
    client.force_login(manager)
    response = client.get(url("profile", offer.pk))
    body = response.content.decode()
    assert 'data-testid="review-panel"' in body
    assert "Web link" in body and "www.fotonika.example" in body
    assert "description (Turkish)" in body
    assert 'data-testid="publish"' in body


def test_complementary_profiles_come_with_reasons(client, offer, request_profile):
    response = htmx(client, url("profile_matches", request_profile.pk))
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    matches = response.context["matches"]
    assert [m.profile for m in matches] == [offer]
    assert "Solar energy" in matches[0].reasons.keywords
    full = client.get(url("profile_matches", request_profile.pk))
    assert full.status_code == 200 and "<html" in full.content.decode()


# --- anonymity ------------------------------------------------------------------------------------
def stranger_pages(client, offer, request_profile):
    """Every page and fragment about the offer a stranger can get."""
    return {
        "search": client.get(url("home")),
        "search for its words": client.get(url("home"), {"q": "güneş paneli verimliliği"}),
        "search fragment": htmx(client, url("home"), q="güneş paneli"),
        "filtered by its keyword": client.get(url("home"), {"keyword": "tech.energy"}),
        "profile": client.get(url("profile", offer.pk)),
        "profile, original": client.get(url("profile", offer.pk), {"original": "1"}),
        "its matches": htmx(client, url("profile_matches", offer.pk)),
        "matches that list it": htmx(client, url("profile_matches", request_profile.pk)),
        "matches page that lists it": client.get(url("profile_matches", request_profile.pk)),
    }


def assert_nothing_leaks(pages: dict, secrets):
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert leaks(response, secrets) == [], name


def test_a_visitor_never_gets_the_anonymous_owners_identity(
    client, offer, owner_org, owner, request_profile
):
    pages = stranger_pages(client, offer, request_profile)
    assert TURKISH["title"] in pages["search"].content.decode()  # it is there, anonymously
    assert_nothing_leaks(pages, secrets_of(owner_org, owner))


def test_another_company_learns_the_owner_only_when_its_interest_is_accepted(
    client, offer, owner_org, owner, manager, buyer_org, buyer, request_profile
):
    secrets = secrets_of(owner_org, owner)
    client.force_login(buyer)
    assert_nothing_leaks(stranger_pages(client, offer, request_profile), secrets)

    response = client.post(
        url("express_interest", offer.pk),
        {"company": buyer_org.pk, "message": "We build solar plants in Absheron.", "offer": ""},
    )
    interest = ExpressionOfInterest.objects.get(profile=offer, company=buyer_org)
    assert response.status_code == 302
    for stage in ("submitted", "forwarded"):
        pages = {
            **stranger_pages(client, offer, request_profile),
            "interest": client.get(url("interest", interest.pk)),
            "my profiles": client.get(url("mine")),
        }
        assert_nothing_leaks(pages, secrets)
        if stage == "submitted":
            services.forward_interest(actor=manager, interest=interest)

    # Another company's accepted interest discloses nothing to this one.
    other = member_of(OrganisationFactory(kind="sme", country="AZ"))
    accepted = interest_in(offer, other.memberships.get().organisation, other, status=IS.FORWARDED)
    services.answer_interest(actor=owner, interest=accepted, accept=True)
    assert_nothing_leaks(stranger_pages(client, offer, request_profile), secrets)

    services.answer_interest(actor=owner, interest=interest, accept=True)
    for page in ("profile", "interest"):
        pk = offer.pk if page == "profile" else interest.pk
        body = client.get(url(page, pk)).content.decode()
        for value in (owner_org.name, owner_org.email, owner_org.website, owner_org.phone):
            assert escape(value) in body, (page, value)
    assert escape(owner_org.name) in client.get(url("mine")).content.decode()


def test_the_owner_learns_the_interested_company_only_on_accepting(
    client, offer, owner, manager, buyer_org, buyer
):
    secrets = secrets_of(buyer_org, buyer)
    interest = interest_in(offer, buyer_org, buyer)
    client.force_login(owner)
    # Before the intermediary forwards it the owner does not even see it.
    assert client.get(url("interest", interest.pk)).status_code == 404
    services.forward_interest(actor=manager, interest=interest, note="A serious company.")
    pages = {
        "profile": client.get(url("profile", offer.pk)),
        "interest": client.get(url("interest", interest.pk)),
        "my profiles": client.get(url("mine")),
    }
    assert_nothing_leaks(pages, secrets)
    assert "Startup · Azerbaijan · 1–9 employees" in pages["interest"].content.decode()
    services.answer_interest(actor=owner, interest=interest, accept=True)
    body = client.get(url("interest", interest.pk)).content.decode()
    assert escape(buyer_org.name) in body and buyer_org.email in body


def test_an_open_profile_names_its_owner_to_everyone(client, offer, owner_org):
    offer.is_anonymous = False
    offer.save()
    assert escape(owner_org.name) in client.get(url("profile", offer.pk)).content.decode()
    assert escape(owner_org.name) in client.get(url("home")).content.decode()


def test_the_reviewer_sees_the_owner(client, offer, owner_org, manager):
    client.force_login(manager)
    assert escape(owner_org.name) in client.get(url("profile", offer.pk)).content.decode()


# --- writing a profile ----------------------------------------------------------------------------
def profile_form_data(park, owner_org=None, **changes):
    solar = Keyword.objects.get(code="tech.energy.solar")
    utilities = Keyword.objects.get(code="market.energy.utilities")
    data = {
        "type": "TO",
        "intermediary": park.pk,
        "language": "tr",
        "title": TURKISH["title"],
        "summary": TURKISH["summary"],
        "description": TURKISH["description"],
        "advantages": "Yüzde 4 daha fazla enerji.",
        "technical_specification": "Should be dropped: offers have none.",
        "title_en": "Nano coating for solar panels",
        "summary_en": "Raises the output of photovoltaic modules.",
        "stage": "lab_tested",
        "ipr_status": "know_how",
        "technology_keywords": [solar.pk],
        "market_keywords": [utilities.pk],
        "partnership_types": ["licence", "commercial_technical"],
        "partner_kinds": ["company"],
        "partner_sizes": ["medium", "large"],
        "partner_role": "Licensee producing in Azerbaijan.",
        "countries_of_interest": ["AZ", "GE"],
        "is_anonymous": "on",
    }
    if owner_org is not None:
        data["owner"] = owner_org.pk
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_page_opens_for_members_of_an_organisation(client, owner, park):
    client.force_login(owner)
    response = client.get(url("profile_new"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="profile-form"' in body
    assert "transfer/profile_form.js" in body
    assert escape(park.name) in body  # offered as reviewer
    assert 'data-translation="az"' in body and "Solar energy" in body
    client.force_login(PersonFactory())
    assert client.get(url("profile_new")).status_code == 403
    client.logout()
    assert client.get(url("profile_new")).status_code == 302


def test_a_member_writes_a_draft_through_the_form(client, owner, owner_org, park):
    client.force_login(owner)
    response = client.post(url("profile_new"), profile_form_data(park, owner_org))
    profile = Profile.objects.get()
    assert response.status_code == 302 and response["Location"] == url("profile", profile.pk)
    assert profile.status == PS.DRAFT and profile.owner == owner_org
    assert (profile.language, profile.title_tr, profile.title_en) == (
        "tr",
        TURKISH["title"],
        "Nano coating for solar panels",
    )
    assert profile.advantages_tr == "Yüzde 4 daha fazla enerji."
    assert profile.technical_specification_tr == ""  # not a field of offers
    assert sorted(k.code for k in profile.keywords.all()) == [
        "market.energy.utilities",
        "tech.energy.solar",
    ]
    assert profile.countries_of_interest == ["AZ", "GE"]
    assert profile.is_anonymous is True
    # The edit page comes back with what was saved.
    edit = client.get(url("profile_edit", profile.pk))
    assert edit.status_code == 200
    assert edit.context["form"]["title"].value() == TURKISH["title"]
    assert edit.context["form"]["title_en"].value() == "Nano coating for solar panels"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"summary": "x" * 501}, "summary"),
        ({"stage": "rocket"}, "stage"),
        (
            {"funding_programme": "Horizon Europe", "type": "RDR", "intermediary": None},
            "intermediary",
        ),
        ({"countries_of_interest": ["ZZZ"]}, "countries_of_interest"),
    ],
)
def test_bad_input_shows_errors_and_saves_nothing(client, owner, owner_org, park, changes, field):
    client.force_login(owner)
    response = client.post(url("profile_new"), profile_form_data(park, owner_org, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "nothing was saved" in response.content.decode()
    assert not Profile.objects.exists()


def test_too_many_keywords_are_refused_by_the_service_beside_the_list(
    client, owner, owner_org, park
):
    six = list(Keyword.objects.filter(kind="technology", parent__isnull=False)[:6])
    client.force_login(owner)
    response = client.post(
        url("profile_new"),
        profile_form_data(park, owner_org, technology_keywords=[k.pk for k in six]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["technology_keywords"] == [
        "Choose at most 5 technology keywords."
    ]
    assert not Profile.objects.exists()


def test_a_profile_must_have_its_text_in_its_own_language(client, owner, owner_org, park):
    client.force_login(owner)
    data = profile_form_data(park, owner_org, language="az")
    data.pop("title_az", None)
    response = client.post(url("profile_new"), {**data, "title": ""})
    assert response.context["form"].errors["title"] == [
        "This field is required in the profile's language."
    ]
    assert not Profile.objects.exists()


def test_fields_of_other_types_are_not_kept(client, owner, owner_org, park):
    client.force_login(owner)
    client.post(
        url("profile_new"),
        profile_form_data(
            park,
            owner_org,
            type="RDR",
            funding_programme="Horizon Europe",
            call_identifier="HORIZON-CL5-2027",
            eoi_deadline="2027-03-01",
        ),
    )
    rdr = Profile.objects.get()
    assert (rdr.funding_programme, rdr.eoi_deadline) == (
        "Horizon Europe",
        datetime.date(2027, 3, 1),
    )
    assert rdr.advantages_tr == "" and rdr.technical_specification_tr == ""
    client.post(
        url("profile_edit", rdr.pk),
        profile_form_data(park, type="TR", funding_programme="Horizon Europe"),
    )
    rdr.refresh_from_db()
    assert (rdr.type, rdr.funding_programme, rdr.eoi_deadline) == ("TR", "", None)
    assert rdr.technical_specification_tr == "Should be dropped: offers have none."


def test_only_the_owners_members_may_edit(client, offer, owner, buyer, manager):
    for person in (buyer, manager):
        client.force_login(person)
        assert client.get(url("profile_edit", offer.pk)).status_code == 403
        assert client.post(url("profile_edit", offer.pk), {}).status_code == 403
    client.force_login(owner)
    assert client.get(url("profile_edit", offer.pk)).status_code == 200
    offer.status = PS.UNDER_REVIEW
    offer.save()
    assert client.get(url("profile_edit", offer.pk)).status_code == 403


# --- the review through the pages -----------------------------------------------------------------
def test_submit_review_request_changes_and_publish_through_the_pages(
    client, owner, owner_org, park, manager, buyer
):
    profile = ProfileFactory(owner=owner_org, intermediary=park)
    client.force_login(buyer)
    assert client.post(url("profile_submit", profile.pk)).status_code == 404  # a draft
    client.force_login(owner)
    response = client.post(url("profile_submit", profile.pk), follow=True)
    profile.refresh_from_db()
    assert profile.status == PS.UNDER_REVIEW and profile.reference
    assert "Submitted" in response.content.decode()
    assert client.post(url("profile_publish", profile.pk)).status_code == 403

    client.force_login(manager)
    queue = client.get(url("review"))
    assert queue.status_code == 200 and list(queue.context["profiles"]) == [profile]
    # Asking for changes without saying what: an error, nothing changes.
    response = client.post(url("profile_request_changes", profile.pk), {"review-note": " "})
    assert response.status_code == 200
    assert response.context["review_form"].errors["note"] == ["Say what should be changed."]
    profile.refresh_from_db()
    assert profile.status == PS.UNDER_REVIEW
    client.post(
        url("profile_request_changes", profile.pk), {"review-note": "Remove the brand name."}
    )
    profile.refresh_from_db()
    assert (profile.status, profile.review_note) == (
        PS.CHANGES_REQUESTED,
        "Remove the brand name.",
    )

    client.force_login(owner)
    body = client.get(url("profile", profile.pk)).content.decode()
    assert "Remove the brand name." in body and 'data-testid="submit"' in body
    client.post(url("profile_submit", profile.pk))
    client.force_login(manager)
    response = client.post(url("profile_publish", profile.pk), follow=True)
    profile.refresh_from_db()
    assert profile.status == PS.PUBLISHED and profile.expires_at
    assert "Published" in response.content.decode()
    # Publishing twice: a message, not an error page.
    response = client.post(url("profile_publish", profile.pk), follow=True)
    assert "not waiting for review" in response.content.decode()


def test_the_owner_extends_and_withdraws(client, offer, owner, buyer):
    client.force_login(buyer)
    assert client.post(url("profile_withdraw", offer.pk)).status_code == 403
    assert client.post(url("profile_extend", offer.pk)).status_code == 403
    client.force_login(owner)
    before = offer.expires_at
    client.post(url("profile_extend", offer.pk))
    offer.refresh_from_db()
    assert offer.extensions == 1 and offer.expires_at > before
    response = client.post(url("profile_extend", offer.pk), follow=True)
    assert "already been extended once" in response.content.decode()
    client.post(url("profile_withdraw", offer.pk))
    offer.refresh_from_db()
    assert offer.status == PS.WITHDRAWN
    client.force_login(buyer)
    assert client.get(url("profile", offer.pk)).status_code == 404


def test_editing_a_published_profile_sends_it_back_to_review(client, offer, owner, park):
    client.force_login(owner)
    response = client.post(
        url("profile_edit", offer.pk), profile_form_data(park, title="Yeni başlık"), follow=True
    )
    offer.refresh_from_db()
    assert (offer.status, offer.title_tr) == (PS.UNDER_REVIEW, "Yeni başlık")
    assert "goes back to the reviewer" in response.content.decode()


def test_pages_need_the_right_people(client, offer, owner, manager, buyer):
    signed_in_only = [url("mine"), url("review"), url("deals"), url("searches")]
    for address in signed_in_only:
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(buyer)
    assert client.get(url("review")).status_code == 403
    assert client.get(url("mine")).status_code == 200
    assert client.get(url("deals")).status_code == 200
    assert client.get(url("searches")).status_code == 200
    assert (
        client.post(url("profile_request_changes", offer.pk), {"review-note": "x"}).status_code
        == 403
    )
    assert client.get(url("profile_submit", offer.pk)).status_code == 405
    client.force_login(manager)
    assert client.get(url("review")).status_code == 200


# --- expressions of interest through the pages ----------------------------------------------------
def test_an_interest_goes_from_the_company_through_the_park_to_the_owner(
    client, offer, owner, manager, buyer, buyer_org
):
    client.force_login(buyer)
    # No message: an error on the form, nothing is sent.
    response = client.post(
        url("express_interest", offer.pk), {"company": buyer_org.pk, "message": " "}
    )
    assert response.status_code == 200
    assert response.context["interest_form"].errors["message"] == ["Say why you are interested."]
    assert not ExpressionOfInterest.objects.exists()
    # A company one does not belong to cannot be chosen.
    other = OrganisationFactory()
    response = client.post(
        url("express_interest", offer.pk), {"company": other.pk, "message": "Hello"}
    )
    assert "company" in response.context["interest_form"].errors
    assert not ExpressionOfInterest.objects.exists()

    response = client.post(
        url("express_interest", offer.pk),
        {"company": buyer_org.pk, "message": "We run solar plants.", "offer": "Pilot site."},
    )
    interest = ExpressionOfInterest.objects.get()
    assert response["Location"] == url("interest", interest.pk)
    assert (interest.status, interest.author) == (IS.SUBMITTED, buyer)
    page = client.get(url("interest", interest.pk))
    assert page.status_code == 200 and 'data-testid="withdraw"' in page.content.decode()
    # A second one for the same company: refused with a message, nothing added.
    response = client.post(
        url("express_interest", offer.pk), {"company": buyer_org.pk, "message": "Again"}
    )
    assert response.status_code == 200
    assert ExpressionOfInterest.objects.count() == 1
    assert client.post(url("interest_forward", interest.pk)).status_code == 403

    client.force_login(owner)
    assert client.get(url("interest", interest.pk)).status_code == 404

    client.force_login(manager)
    queue = client.get(url("review"))
    assert [i for i, _p, _t in queue.context["interests"]] == [interest]
    response = client.post(
        url("interest_forward", interest.pk),
        {"forward-note": "Serious company.", "next": url("review")},
    )
    assert response["Location"] == url("review")
    interest.refresh_from_db()
    assert (interest.status, interest.intermediary_note) == (IS.FORWARDED, "Serious company.")

    client.force_login(buyer)
    assert client.post(url("interest_accept", interest.pk)).status_code == 403
    client.force_login(owner)
    page = client.get(url("interest", interest.pk))
    body = page.content.decode()
    assert "Serious company." in body and "We run solar plants." in body
    assert 'data-testid="answer-panel"' in body
    client.post(url("interest_accept", interest.pk))
    interest.refresh_from_db()
    assert interest.status == IS.ACCEPTED
    assert [
        step["label"] for step in client.get(url("interest", interest.pk)).context["timeline"]
    ] == [
        "Expression of interest sent",
        "Forwarded to the owner by the park or agency",
        "Accepted by the owner: names disclosed to both sides",
    ]


def test_the_park_may_refuse_to_forward_saying_why(client, offer, manager, buyer, buyer_org):
    interest = interest_in(offer, buyer_org, buyer)
    client.force_login(manager)
    response = client.post(url("interest_reject", interest.pk), {"reject-note": ""}, follow=True)
    assert "Say why it is not forwarded." in response.content.decode()
    interest.refresh_from_db()
    assert interest.status == IS.SUBMITTED
    client.post(url("interest_reject", interest.pk), {"reject-note": "Off-topic."})
    interest.refresh_from_db()
    assert (interest.status, interest.intermediary_note) == (IS.NOT_FORWARDED, "Off-topic.")
    client.force_login(buyer)
    assert "Off-topic." in client.get(url("interest", interest.pk)).content.decode()


def test_the_owner_may_decline_and_the_company_may_withdraw(
    client, offer, owner, buyer, buyer_org, stranger
):
    declined = interest_in(
        offer, buyer_org, buyer, status=IS.FORWARDED, forwarded_at=timezone.now()
    )
    client.force_login(owner)
    client.post(url("interest_decline", declined.pk), {"decline-note": "Not now."})
    declined.refresh_from_db()
    assert (declined.status, declined.decline_reason) == (IS.DECLINED, "Not now.")
    client.force_login(buyer)
    page = client.get(url("interest", declined.pk))
    assert "Not now." in page.content.decode()
    assert leaks(page, secrets_of(offer.owner, owner)) == []  # declined: still anonymous
    open_one = interest_in(offer, stranger.memberships.get().organisation, stranger)
    client.force_login(buyer)
    assert client.get(url("interest", open_one.pk)).status_code == 404
    assert client.post(url("interest_withdraw", open_one.pk)).status_code == 404
    client.force_login(stranger)
    client.post(url("interest_withdraw", open_one.pk))
    open_one.refresh_from_db()
    assert open_one.status == IS.WITHDRAWN


def test_my_profiles_lists_own_profiles_and_interests(
    client, offer, owner, buyer, buyer_org, manager
):
    sent = interest_in(offer, buyer_org, buyer)
    client.force_login(owner)
    response = client.get(url("mine"))
    assert [p.pk for p in response.context["own"]] == [offer.pk]
    assert response.context["received"] == []  # not forwarded yet
    assert offer.reference in response.content.decode()
    services.forward_interest(actor=manager, interest=sent)
    response = client.get(url("mine"))
    assert [i for i, _party, _text in response.context["received"]] == [sent]
    client.force_login(buyer)
    response = client.get(url("mine"))
    assert [i for i, _party, _text in response.context["sent"]] == [sent]


# --- deals ----------------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def accepted(offer, owner, manager, buyer, buyer_org):
    interest = interest_in(offer, buyer_org, buyer)
    services.forward_interest(actor=manager, interest=interest)
    return services.answer_interest(actor=owner, interest=interest, accept=True)


def test_a_deal_is_opened_from_the_accepted_interest(client, accepted, buyer, stranger):
    client.force_login(buyer)
    page = client.get(url("interest", accepted.pk))
    assert 'data-testid="open-deal"' in page.content.decode()
    # Dates the wrong way round: an error, no deal.
    response = client.post(
        url("deal_open", accepted.pk),
        {
            "deal-agreement_type": "licence",
            "deal-effective_on": "2026-06-01",
            "deal-expires_on": "2026-01-01",
            "deal-currency": "EUR",
            "deal-remind_days_before": "30",
        },
    )
    assert response.status_code == 200
    assert response.context["deal_form"].errors["expires_on"] == [
        "The agreement cannot expire before it takes effect."
    ]
    assert not Deal.objects.exists()
    response = client.post(
        url("deal_open", accepted.pk),
        {
            "deal-agreement_type": "licence",
            "deal-value": "25000",
            "deal-currency": "EUR",
            "deal-remind_days_before": "30",
        },
    )
    deal = Deal.objects.get()
    assert response["Location"] == url("deal", deal.pk)
    assert (deal.agreement_type, deal.title, deal.status) == (
        "licence",
        accepted.profile.title,
        Deal.Status.NEGOTIATING,
    )
    assert set(deal.parties.all()) == {accepted.profile.owner, accepted.company}
    assert 'data-testid="deal-link"' in client.get(url("interest", accepted.pk)).content.decode()
    client.force_login(stranger)
    assert client.get(url("deal", deal.pk)).status_code == 404
    assert client.post(url("deal_open", accepted.pk), {}).status_code == 404


def test_the_deal_moves_along_its_allowed_statuses(client, accepted, owner, buyer, stranger):
    deal = services.open_deal(actor=buyer, interest=accepted, agreement_type="nda")
    client.force_login(owner)
    page = client.get(url("deal", deal.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert escape(accepted.company.name) in body and escape(accepted.profile.owner.name) in body
    assert [value for value, _label in page.context["form"].fields["status"].choices] == [
        "negotiating",
        "signed",
        "cancelled",
    ]
    form = {
        "agreement_type": "nda",
        "title": deal.title,
        "currency": "EUR",
        "remind_days_before": "30",
    }
    # Not a status that may follow: an error, nothing changes.
    response = client.post(url("deal_update", deal.pk), {**form, "status": "active"})
    assert response.status_code == 200 and "status" in response.context["form"].errors
    deal.refresh_from_db()
    assert deal.status == Deal.Status.NEGOTIATING
    response = client.post(
        url("deal_update", deal.pk),
        {**form, "status": "signed", "signed_on": "2099-01-01"},
    )
    assert response.context["form"].errors["signed_on"] == [
        "The signing date cannot be in the future."
    ]
    deal.refresh_from_db()
    assert (deal.status, deal.signed_on) == (Deal.Status.NEGOTIATING, None)
    client.post(url("deal_update", deal.pk), {**form, "status": "signed", "value": "1200.50"})
    deal.refresh_from_db()
    assert (deal.status, deal.signed_on, str(deal.value)) == (
        Deal.Status.SIGNED,
        timezone.localdate(),
        "1200.50",
    )
    assert list(client.get(url("deals")).context["page"].object_list) == [deal]
    client.force_login(stranger)
    assert list(client.get(url("deals")).context["page"].object_list) == []
    assert client.post(url("deal_update", deal.pk), form).status_code == 404


def test_deal_documents_are_for_the_parties_only(client, accepted, owner, buyer, manager, stranger):
    deal = services.open_deal(actor=buyer, interest=accepted, agreement_type="nda")
    client.force_login(owner)
    fake = SimpleUploadedFile("nda.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        url("deal_document_add", deal.pk), {"document-title": "NDA", "document-file": fake}
    )
    assert response.status_code == 200
    assert "file" in response.context["document_form"].errors
    assert not DealDocument.objects.exists()
    upload = SimpleUploadedFile("nda.pdf", PDF, content_type="application/pdf")
    client.post(
        url("deal_document_add", deal.pk), {"document-title": "Signed NDA", "document-file": upload}
    )
    document = DealDocument.objects.get()
    address = url("deal_document", deal.pk, document.pk)
    for person in (owner, buyer, manager):
        client.force_login(person)
        response = client.get(address)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    client.force_login(stranger)
    assert client.get(address).status_code == 404
    client.logout()
    assert client.get(address).status_code == 404


# --- saved searches -------------------------------------------------------------------------------
def test_saving_a_search_from_the_search_page(client, offer, buyer):
    client.force_login(buyer)
    page = client.get(url("home"), {"q": "güneş paneli", "type": "TO"})
    link = page.context["save_link"]
    assert link.startswith(url("searches")) and "q=" in link
    form = client.get(link).context["form"]
    assert (form.initial["query"], form.initial["types"]) == ("güneş paneli", ["TO"])
    solar = Keyword.objects.get(code="tech.energy.solar")
    response = client.post(
        url("searches"),
        {
            "name": "Solar",
            "query": "güneş paneli",
            "keywords": [solar.pk],
            "types": ["TO"],
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert (search.person, search.query, search.types, search.frequency) == (
        buyer,
        "güneş paneli",
        ["TO"],
        "daily",
    )
    assert list(search.keywords.all()) == [solar]
    body = client.get(url("searches")).content.decode()
    assert "Solar" in body and "technology offer" in body


def test_a_saved_search_needs_a_name_and_words_or_keywords(client, buyer):
    client.force_login(buyer)
    response = client.post(url("searches"), {"name": "", "query": "", "frequency": "weekly"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Give the search a name."]
    assert errors["query"] == ["Give search words or choose keywords."]
    assert not SavedSearch.objects.exists()


def test_only_ones_own_saved_search_can_be_deleted(client, buyer, stranger):
    mine = services.save_search(actor=buyer, name="Mine", query="robot")
    client.force_login(stranger)
    assert client.post(url("search_delete", mine.pk)).status_code == 404
    assert client.get(url("searches")).context["saved"] == []
    client.force_login(buyer)
    client.post(url("search_delete", mine.pk))
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("language", ["en", "az", "tr"])
def test_the_pages_work_in_every_language(
    client, language, offer, owner, manager, buyer, buyer_org, request_profile
):
    interest = interest_in(offer, buyer_org, buyer)
    with translation.override(language):
        pages = {
            manager: [url("review"), url("profile", offer.pk), url("interest", interest.pk)],
            owner: [url("profile_new"), url("profile_edit", offer.pk), url("mine")],
            buyer: [
                url("home") + "?q=g%C3%BCn%C9%99%C5%9F",
                url("profile", offer.pk),
                url("profile_matches", request_profile.pk),
                url("deals"),
                url("searches"),
            ],
        }
    for person, addresses in pages.items():
        client.force_login(person)
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            assert f'<html lang="{language}">' in response.content.decode(), address
