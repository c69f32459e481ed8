"""The technology-transfer marketplace in a real Chromium (issue 6, "Tests").

Elif (Fotonika Kaplama, a GOSB company; interface in Turkish) writes an anonymous
technology offer in Turkish through the profile form and submits it; the GOSB Teknopark
manager (interface in English) finds it in the review queue and publishes it. Anar
(Abşeron Enerji Həlləri; interface in Azerbaijani) searches the marketplace in Azerbaijani,
finds the Turkish offer among other published profiles, sees its owner only as country,
kind and size, and sends an expression of interest. The manager forwards it; Elif, who
sees the interested company only as country, kind and size, accepts; now each sees the
other's name, and Anar opens a licence deal from the interest page, which both find on
their deals page as "negotiating".

Three people, three browser contexts (own cookies). Interface strings are compared with
what the catalogues say at run time, so the test holds before and after translation.
"""

import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from korpu.common.i18n import language_name
from korpu.transfer import queries
from korpu.transfer.apps import load_taxonomy
from korpu.transfer.models import Deal, ExpressionOfInterest, Keyword, Profile
from korpu.transfer.views.common import party_line
from tests import factories as directory
from tests.browser.test_brokerage_journey import (
    expect_path,
    sign_in,
    translated,
    url_in,
    verified,
)
from tests.transfer.factories import ProfileFactory

pytestmark = pytest.mark.browser


OFFER = {
    "title": "Güneş paneli verimliliğini artıran yansıma önleyici nano kaplama",
    "summary": (
        "Fotovoltaik modüllerin ön camına uygulanan yansıma önleyici nano kaplama, sıcak ve "
        "tozlu iklimlerde güneş paneli verimliliğini yüzde dörde kadar artırır."
    ),
    "description": (
        "Sol-jel yöntemiyle üretilen silika nano parçacık kaplama, camın yansımasını azaltır "
        "ve kendi kendini temizleme özelliği sayesinde toz birikimini önler.\n\n"
        "Kırk modül üzerinde bir yıl boyunca saha testi yapıldı; lisans alacak bir ortak "
        "arıyoruz."
    ),
    "advantages": "Mevcut panellere sahada uygulanabilir; ek bakım gerektirmez.",
}
QUERY = "günəş paneli səmərəliliyi"
MESSAGE = "Abşeronda 40 MW-lıq günəş stansiyası üçün bu örtüyə ehtiyacımız var."
OFFERED = "Pilot sınaq üçün sahə və Azərbaycanda distribusiya imkanı."
FORWARD_NOTE = "Serious solar developer from Absheron; they want a licence for their plants."

# Published profiles the search must look past (other topics, other languages).
DISTRACTORS = [
    (
        "az",
        "TO",
        "Pambıq sahələri üçün ağıllı suvarma sensorları",
        "Torpağın nəmliyini ölçən simsiz sensorlar suvarma suyuna 30% qənaət edir.",
        "tech.agrifood",
    ),
    (
        "tr",
        "TO",
        "Endüstriyel robotlar için makine görme sistemi",
        "Üretim hattında kusurlu parçaları ayıklayan derin öğrenmeli kamera sistemi.",
        "tech.ict",
    ),
    (
        "en",
        "TR",
        "Blockchain platform for freight and customs documents",
        "We look for a platform that shares bills of lading and customs papers securely.",
        "tech.ict",
    ),
    (
        "az",
        "TO",
        "Külək turbinlərinin qanadları üçün buzlanma əleyhinə sistem",
        "Qış aylarında külək turbinlərinin qanadlarında buz yığılmasının qarşısını alır.",
        "tech.energy.wind",
    ),
    (
        "en",
        "BO",
        "Contract manufacturing of precision plastic parts",
        "Injection moulding of medical and automotive parts in small and medium series.",
        "tech.materials",
    ),
]


@pytest.fixture
def cast(transactional_db):
    """GOSB Teknopark with its manager, a GOSB company (the owner-to-be), an Azerbaijani
    company, a second reviewing agency, and unrelated published profiles."""
    load_taxonomy()  # the keyword taxonomy (loaded on migrate; a flush may have emptied it)
    organisation = directory.OrganisationFactory
    gosb = organisation(
        name="GOSB Teknopark", slug="gosb-teknopark", kind="technopark", country="TR"
    )
    agency = organisation(
        name="Innovasiya və Rəqəmsal İnkişaf Agentliyi", slug="iria", kind="agency", country="AZ"
    )
    park = directory.ParkFactory(slug="gosb-teknopark", name="GOSB Teknopark", operator=gosb)
    owner_org = organisation(
        name="Fotonika Kaplama Sanayi",
        slug="fotonika-kaplama",
        kind="sme",
        country="TR",
        size="small",
        email="info@fotonika-kaplama.example",
        website="https://fotonika-kaplama.example",
        phone="+90 262 555 12 34",
    )
    directory.ResidencyFactory(park=park, company=owner_org)
    buyer_org = organisation(
        name="Abşeron Enerji Həlləri",
        slug="abseron-enerji",
        kind="startup",
        country="AZ",
        city="Baku",
        size="micro",
        email="office@abseron-enerji.example",
        website="https://abseron-enerji.example",
        phone="+994 12 555 00 11",
    )

    def person(org, language, role="member", **names):
        who = verified(directory.PersonFactory(preferred_language=language, **names))
        directory.MembershipFactory(person=who, organisation=org, role=role)
        return who

    manager = person(
        gosb, "en", role="manager", first_name="Murat", last_name="Kaya", email="murat@gosb.example"
    )
    elif_ = person(
        owner_org,
        "tr",
        first_name="Elif",
        last_name="Yıldırımoğlu",
        country="TR",
        email="elif@fotonika-kaplama.example",
    )
    anar = person(
        buyer_org,
        "az",
        first_name="Anar",
        last_name="Məmmədzadə",
        country="AZ",
        email="anar@abseron-enerji.example",
    )
    for number, (language, kind, title, summary, code) in enumerate(DISTRACTORS):
        texts = {"title_en": "", "summary_en": "", "description_en": ""}
        texts.update(
            {
                f"title_{language}": title,
                f"summary_{language}": summary,
                f"description_{language}": summary,
            }
        )
        distractor = ProfileFactory(
            type=kind,
            language=language,
            published=True,
            intermediary=agency if number % 2 else gosb,
            owner__country="AZ" if language == "az" else "TR",
            **texts,
        )
        distractor.keywords.set(Keyword.objects.filter(code=code))
    return {
        "gosb": gosb,
        "owner_org": owner_org,
        "buyer_org": buyer_org,
        "manager": manager,
        "elif": elif_,
        "anar": anar,
    }


def secrets(organisation, *people) -> list[str]:
    """What must not reach the other side before the owner accepts."""
    values = [
        organisation.name,
        organisation.slug,
        organisation.email,
        organisation.website,
        organisation.phone,
    ]
    for who in people:
        values += [who.email, who.last_name]
    return [v for v in values if v]


def leaked(page: Page, hidden: list[str]) -> list[str]:
    html = page.content()
    return [value for value in hidden if value in html]


def matches_loaded(page: Page) -> None:
    """Wait for the profile page's complementary profiles (an HTMX request on load), so
    the next step does not race it (the test database is one shared SQLite connection)."""
    expect(page.locator("#matches [data-testid=matches]")).to_have_count(1)


def tick_keyword(page: Page, box_name: str, keyword: Keyword, language: str) -> None:
    """Tick a taxonomy keyword the way a person does: open its area, click its label."""
    box = page.locator(f"fieldset[data-keyword-box]:has(input[name={box_name}])")
    checkbox_id = f"#id_{box_name}_{keyword.pk}"
    checkbox = box.locator(checkbox_id)
    area = box.locator("details", has=page.locator(checkbox_id))
    if not area.evaluate("element => element.open"):
        area.locator("summary").click()
    with translation.override(language):
        label = str(keyword.name)
    area.get_by_label(label, exact=True).check()
    expect(checkbox).to_be_checked()


def test_an_anonymous_turkish_offer_finds_an_azerbaijani_licensee(
    browsers, live_server, cast, shot, caplog
):
    base = live_server.url
    gosb, owner_org, buyer_org = cast["gosb"], cast["owner_org"], cast["buyer_org"]
    manager, elif_, anar = cast["manager"], cast["elif"], cast["anar"]
    owner_secrets = secrets(owner_org, elif_)
    buyer_secrets = secrets(buyer_org, anar)

    # --- Elif writes the offer in Turkish and submits it ------------------------------------
    elif_page = browsers("elif", "tr-TR")
    new_path = url_in("tr", "transfer:profile_new")
    sign_in(elif_page, base, "tr", elif_.email, new_path)
    expect(elif_page.locator("h1")).to_have_text(translated("tr", "New profile"))
    form = elif_page.locator("[data-testid=profile-form]")
    form.locator("input[name=type][value=TO]").check()
    expect(form.locator("select[name=owner]")).to_have_value(str(owner_org.pk))
    form.locator("select[name=intermediary]").select_option(label="GOSB Teknopark")
    expect(form.locator("select[name=language]")).to_have_value("tr")
    form.locator("input[name=title]").fill(OFFER["title"])
    form.locator("textarea[name=summary]").fill(OFFER["summary"])
    form.locator("textarea[name=description]").fill(OFFER["description"])
    form.locator("textarea[name=advantages]").fill(OFFER["advantages"])
    # A technology request's field is hidden for an offer.
    expect(form.locator("textarea[name=technical_specification]")).to_be_hidden()
    form.locator("select[name=stage]").select_option("lab_tested")
    form.locator("select[name=ipr_status]").select_option("know_how")
    keywords = {k.code: k for k in Keyword.objects.all()}
    for code in ("tech.energy.solar", "tech.materials.coatings", "tech.materials.nano"):
        tick_keyword(elif_page, "technology_keywords", keywords[code], "tr")
    tick_keyword(elif_page, "market_keywords", keywords["market.energy.renewables"], "tr")
    form.locator("input[name=partnership_types][value=licence]").check()
    form.locator("select[name=countries_of_interest]").select_option(["AZ"])
    expect(form.locator("input[name=is_anonymous]")).to_be_checked()
    shot(elif_page, "transfer-profile-form-tr")
    with elif_page.expect_navigation():
        form.locator("[data-testid=save-profile]").click()
    profile = Profile.objects.get(owner=owner_org)
    expect_path(elif_page, url_in("tr", "transfer:profile", profile.pk))
    expect(elif_page.locator(".message-success")).to_have_count(1)
    expect(elif_page.locator("h1")).to_have_text(OFFER["title"])
    expect(elif_page.locator("[data-testid=status]")).to_have_text(translated("tr", "draft"))
    matches_loaded(elif_page)
    assert (profile.type, profile.language, profile.intermediary, profile.is_anonymous) == (
        "TO",
        "tr",
        gosb,
        True,
    )
    assert (profile.title_tr, profile.stage, profile.ipr_status) == (
        OFFER["title"],
        "lab_tested",
        "know_how",
    )
    assert sorted(profile.keywords.values_list("code", flat=True)) == [
        "market.energy.renewables",
        "tech.energy.solar",
        "tech.materials.coatings",
        "tech.materials.nano",
    ]
    assert (profile.partnership_types, profile.countries_of_interest) == (["licence"], ["AZ"])
    with elif_page.expect_navigation():
        elif_page.locator("[data-testid=submit]").click()
    expect(elif_page.locator("[data-testid=status]")).to_have_text(translated("tr", "under review"))
    profile.refresh_from_db()
    assert profile.status == Profile.Status.UNDER_REVIEW
    assert re.fullmatch(r"TOTR\d{8}\d{3}", profile.reference), profile.reference
    expect(elif_page.locator("[data-testid=reference]")).to_have_text(profile.reference)
    matches_loaded(elif_page)
    shot(elif_page, "transfer-profile-submitted-tr")

    # --- the GOSB Teknopark manager publishes it from the review queue ----------------------
    boss_page = browsers("manager", "en-GB")
    review_path = url_in("en", "transfer:review")
    sign_in(boss_page, base, "en", manager.email, review_path)
    rows = boss_page.locator("[data-testid=review-profiles] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(profile.reference)
    expect(rows.first).to_contain_text(owner_org.name)  # the reviewer knows who it is
    shot(boss_page, "transfer-review-queue-en")
    rows.first.get_by_role("link", name=OFFER["title"]).click()
    expect_path(boss_page, url_in("en", "transfer:profile", profile.pk))
    panel = boss_page.locator("[data-testid=review-panel]")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-testid=flags]")).to_have_count(0)  # nothing to flag
    matches_loaded(boss_page)
    with boss_page.expect_navigation():
        panel.locator("[data-testid=publish]").click()
    expect(boss_page.locator(".message-success")).to_have_count(1)
    expect(boss_page.locator("[data-testid=status]")).to_have_text(translated("en", "published"))
    matches_loaded(boss_page)
    profile.refresh_from_db()
    assert profile.status == Profile.Status.PUBLISHED
    boss_page.goto(base + review_path)
    expect(boss_page.locator("[data-testid=review-profiles]")).to_have_count(0)

    # --- Anar searches in Azerbaijani and finds the Turkish offer ---------------------------
    anar_page = browsers("anar", "az-AZ")
    home_path = url_in("az", "transfer:home")
    sign_in(anar_page, base, "az", anar.email, home_path)
    expect(anar_page.locator("h1")).to_have_text(translated("az", "Technology marketplace"))
    published = Profile.objects.filter(status=Profile.Status.PUBLISHED).count()
    assert published == len(DISTRACTORS) + 1
    expect(anar_page.locator("[data-testid=profile-card]")).to_have_count(published)
    anar_page.locator("#id_q").fill(QUERY)
    anar_page.locator("#mp-search .mp-search button[type=submit]").click()
    # The results are the search's once the "save this search" link appears (HTMX swap).
    expect(anar_page.locator("#results .section-head a.button")).to_be_visible()
    expect(anar_page).to_have_url(re.compile(rf"^{re.escape(base + home_path)}\?"))
    assert parse_qs(urlsplit(anar_page.url).query)["q"] == [QUERY]
    cards = anar_page.locator("#results [data-testid=profile-card]")
    expect(cards.first.locator("h3")).to_have_text(OFFER["title"])
    with translation.override("az"):
        anonymous_line = party_line(queries.owner_view(AnonymousUser(), profile))
    owner_line = cards.first.locator("[data-testid=owner]")
    expect(owner_line.locator(".mp-anon")).to_have_count(1)  # the "anonymous" mark
    expect(owner_line.locator("span:not(.mp-anon)")).to_have_text(anonymous_line)
    with translation.override("az"):
        written_in = translation.gettext("Written in %(language)s") % {
            "language": language_name("tr")
        }
    expect(cards.first.locator(".mp-written-in")).to_have_text(written_in)
    assert leaked(anar_page, owner_secrets) == []
    shot(anar_page, "transfer-search-az")

    cards.first.get_by_role("link", name=OFFER["title"]).click()
    expect_path(anar_page, url_in("az", "transfer:profile", profile.pk))
    expect(anar_page.locator("h1")).to_have_text(OFFER["title"])
    expect(anar_page.locator("[data-testid=profile-text]")).to_contain_text(OFFER["summary"])
    matches_loaded(anar_page)
    owner_block = anar_page.locator("[data-testid=owner-block]")
    expect(owner_block.locator("[data-testid=party-anonymous]")).to_have_count(1)
    expect(owner_block.locator("[data-testid=party-anonymous] strong")).to_have_text(anonymous_line)
    assert leaked(anar_page, owner_secrets) == []
    interest_form = anar_page.locator("[data-testid=interest-form]")
    expect(interest_form).to_contain_text(buyer_org.name)  # on behalf of his company
    interest_form.locator("textarea[name=message]").fill(MESSAGE)
    interest_form.locator("textarea[name=offer]").fill(OFFERED)
    shot(anar_page, "transfer-profile-az")
    with anar_page.expect_navigation():
        interest_form.locator("[data-testid=express-interest]").click()
    interest = ExpressionOfInterest.objects.get()
    assert (interest.profile, interest.company, interest.author, interest.status) == (
        profile,
        buyer_org,
        anar,
        ExpressionOfInterest.Status.SUBMITTED,
    )
    interest_az = url_in("az", "transfer:interest", interest.pk)
    expect_path(anar_page, interest_az)
    expect(anar_page.locator("[data-testid=interest-status]")).to_have_text(
        translated("az", "waiting for the intermediary")
    )
    expect(
        anar_page.locator("[data-testid=owner-side] [data-testid=party-anonymous]")
    ).to_have_count(1)
    assert leaked(anar_page, owner_secrets) == []

    # --- the manager forwards it --------------------------------------------------------------
    boss_page.goto(base + review_path)
    waiting = boss_page.locator("[data-testid=interest-to-forward]")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(MESSAGE)
    expect(waiting.locator("[data-testid=party-disclosed]")).to_contain_text(buyer_org.name)
    waiting.locator("textarea[name=forward-note]").fill(FORWARD_NOTE)
    shot(boss_page, "transfer-forward-en")
    with boss_page.expect_navigation():
        waiting.locator("[data-testid=forward]").click()
    expect_path(boss_page, review_path)
    expect(boss_page.locator(".message-success")).to_have_count(1)
    expect(boss_page.locator("[data-testid=interest-to-forward]")).to_have_count(0)
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.FORWARDED

    # --- Elif sees an anonymous Azerbaijani company and accepts -------------------------------
    elif_page.goto(base + url_in("tr", "transfer:mine"))
    received = elif_page.locator("[data-testid=received] tbody tr")
    expect(received).to_have_count(1)
    expect(received).to_contain_text(OFFER["title"])
    assert leaked(elif_page, buyer_secrets) == []
    received.get_by_role("link").click()
    interest_tr = url_in("tr", "transfer:interest", interest.pk)
    expect_path(elif_page, interest_tr)
    expect(elif_page.locator("[data-testid=interest-message]")).to_have_text(MESSAGE)
    expect(elif_page.locator("[data-testid=timeline]")).to_contain_text(FORWARD_NOTE)
    buyer_side = elif_page.locator("[data-testid=interested-side]")
    with translation.override("tr"):
        buyer_line = party_line(queries.interested_view(elif_, interest))
    expect(buyer_side.locator("[data-testid=party-anonymous] strong")).to_have_text(buyer_line)
    assert leaked(elif_page, buyer_secrets) == []
    shot(elif_page, "transfer-interest-before-tr")
    with elif_page.expect_navigation():
        elif_page.locator("[data-testid=accept]").click()
    expect_path(elif_page, interest_tr)
    expect(elif_page.locator("[data-testid=interest-status]")).to_have_text(
        translated("tr", "accepted")
    )
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.ACCEPTED
    # Now she knows who they are, and who wrote to her.
    expect(buyer_side.locator("[data-testid=party-disclosed] strong")).to_have_text(buyer_org.name)
    expect(buyer_side).to_contain_text(buyer_org.email)
    expect(elif_page.locator("body")).to_contain_text(anar.full_name)
    shot(elif_page, "transfer-interest-accepted-tr")

    # --- Anar sees the owner's name and opens a licence deal ----------------------------------
    anar_page.goto(base + interest_az)
    expect(anar_page.locator("[data-testid=interest-status]")).to_have_text(
        translated("az", "accepted")
    )
    owner_side = anar_page.locator("[data-testid=owner-side] [data-testid=party-disclosed]")
    expect(owner_side.locator("strong")).to_have_text(owner_org.name)
    expect(owner_side).to_contain_text(owner_org.website)
    opening = anar_page.locator("[data-testid=open-deal]")
    opening.locator("select[name=deal-agreement_type]").select_option("licence")
    opening.locator("input[name=deal-value]").fill("25000")
    opening.locator("select[name=deal-currency]").select_option("EUR")
    shot(anar_page, "transfer-open-deal-az")
    with anar_page.expect_navigation():
        opening.locator("[data-testid=open-deal-submit]").click()
    deal = Deal.objects.get()
    expect_path(anar_page, url_in("az", "transfer:deal", deal.pk))
    assert (deal.agreement_type, deal.status, deal.interest, deal.title) == (
        Deal.AgreementType.LICENCE,
        Deal.Status.NEGOTIATING,
        interest,
        OFFER["title"],
    )
    assert set(deal.parties.all()) == {owner_org, buyer_org}
    expect(anar_page.locator("[data-testid=deal-status]")).to_have_text(
        translated("az", "negotiating")
    )

    # --- the deal is on both sides' deals page, in their language -----------------------------
    for page, language in ((anar_page, "az"), (elif_page, "tr"), (boss_page, "en")):
        deals_path = url_in(language, "transfer:deals")
        page.goto(base + deals_path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        row = page.locator("[data-testid=deals] tbody tr")
        expect(row).to_have_count(1)
        expect(row.get_by_role("link", name=OFFER["title"])).to_have_attribute(
            "href", url_in(language, "transfer:deal", deal.pk)
        )
        expect(row.locator(".badge")).to_have_text(translated(language, "negotiating"))
        with translation.override(language):
            licence = str(Deal.AgreementType.LICENCE.label)
        expect(row).to_contain_text(capfirst(licence))
        expect(row).to_contain_text(owner_org.name)
        expect(row).to_contain_text(buyer_org.name)
        shot(page, f"transfer-deals-{language}")
        assert urlsplit(page.url).path == deals_path

    assert browsers.errors == []
    server_errors = [
        record.getMessage()
        for record in caplog.records
        if record.name == "django.request" and record.levelno >= logging.ERROR
    ]
    assert server_errors == []
