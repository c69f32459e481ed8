"""The marketplace demo (:func:`korpu.transfer.demo.load_transfer_demo`) on a small sample
of its data files written here: what it makes keeps the rules the services enforce, a
second load changes nothing, and what cannot be loaded is skipped with a warning.

The sample is loaded once for the module, inside a transaction rolled back at its end.
"""

import json
import re
from collections import Counter

import pytest
from django.db import connection, transaction
from django.utils import timezone

from korpu.directory.models import Membership, Organisation, Person
from korpu.solvers.profile_match import COMPLEMENTS
from korpu.transfer import demo, rules
from korpu.transfer.models import (
    Deal,
    ExpressionOfInterest,
    Keyword,
    Profile,
    SavedSearch,
)
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

Status = Profile.Status


def entry(key, company, intermediary, type_, language, title, summary, description, **more):
    """A profile of the data files' format (fields not given take common values)."""
    values = {
        "key": key,
        "company": company,
        "intermediary": intermediary,
        "type": type_,
        "language": language,
        "title": title,
        "summary": summary,
        "description": description,
        "stage": "lab_tested",
        "ipr_status": "know_how",
        "technology_keywords": [],
        "market_keywords": [],
        "partnership_types": ["commercial_technical"],
        "partner_kinds": ["company"],
        "partner_sizes": ["small", "medium"],
        "partner_role": "A partner who tests and distributes the solution.",
        "countries_of_interest": ["AZ", "TR"],
        "is_anonymous": True,
    }
    values.update(more)
    return values


GOSB = [
    entry("gosb-001", "tr-sensor", "tr-park", "TO", "tr",
          "Boru hatlarında korozyon izleme için kablosuz sensör ağı",
          "Petrol ve doğal gaz boru hatlarında duvar incelmesini ultrasonik sensörlerle sürekli "
          "ölçen kablosuz izleme sistemi.",
          "Sistem boru hattı boyunca yerleştirilen ultrasonik sensörlerden oluşur. Veriler "
          "kablosuz ağ ile merkeze iletilir ve korozyon hızı hesaplanır.",
          advantages="Kazı gerektirmeden sürekli ölçüm.",
          technology_keywords=["tech.electronics.sensors", "tech.energy.oilgas"],
          market_keywords=["market.energy.oilgas"]),
    entry("gosb-002", "pusula-robotik", "tr-park", "TO", "en",
          "Collaborative robot cells for white-goods assembly lines",
          "Robot cells with machine vision that screw, glue and test parts of washing machines "
          "and refrigerators on the assembly line.",
          "The cells are built around collaborative robot arms and our own controllers. They "
          "are in use at three white-goods plants.",
          stage="market",
          technology_keywords=["tech.robotics.industrial", "tech.ai.vision"],
          market_keywords=["market.industry.machinery"]),
    entry("gosb-003", "tr-agro", "tr-park", "TO", "tr",
          "Meyve bahçeleri için damla sulama otomasyonu",
          "Toprak nem sensörleri ve hava tahminine göre damla sulamayı otomatik yöneten sistem; "
          "nar ve fındık bahçelerinde denendi.",
          "Sistem toprak nemini ölçer ve vanaları uzaktan açıp kapatır. Su tüketimini yüzde "
          "otuz azaltır.",
          technology_keywords=["tech.water.irrigation", "tech.agrifood.precision"],
          market_keywords=["market.agri.farming"]),
    entry("gosb-004", "tr-solar", "tr-park", "BO", "tr",
          "Köyler için güneş enerjili su pompası sistemleri",
          "Şebekeden uzak köylerde içme ve sulama suyu için güneş panelli pompa sistemleri "
          "kuruyoruz ve bayi arıyoruz.",
          "Güneş panelleri, pompa sürücüsü ve depo birlikte teslim edilir. Bakım uzaktan "
          "izlenir.",
          technology_keywords=["tech.energy.solar", "tech.water.networks"]),
    entry("gosb-005", "tr-sensor", "tr-park", "TR", "tr",
          "Elektrikli otobüsler için hafif kompozit parçalar aranıyor",
          "Elektrikli otobüs gövdesi için karbon elyaf takviyeli hafif kompozit paneller "
          "üretebilecek ortak arıyoruz.",
          "Paneller yangın dayanımı şartlarını karşılamalıdır. Yılda iki bin adet ihtiyaç var.",
          technical_specification="Yoğunluk 1,6 g/cm3 altında, UL94 V-0.",
          technology_keywords=["tech.materials.composites", "tech.transport.ev"]),
    entry("gosb-006", "tr-solar", "tr-park", "RDR", "en",
          "Partners for a Horizon Europe call on green hydrogen from solar power",
          "We are forming a consortium for electrolysers fed by solar power plants and look for "
          "research partners.",
          "The project will test a 1 MW electrolyser with solar power. We need partners for "
          "membranes and system modelling.",
          technology_keywords=["tech.energy.hydrogen", "tech.energy.solar"],
          partner_kinds=["university", "research"],
          rdr={"funding_programme": "Horizon Europe", "call": "HORIZON-CL5-2027-D3",
               "deadline_in_days": 45}),
    entry("gosb-007", "tr-sensor", "tr-park", "TO", "tr",
          "Sıvı tanklar için radar seviye ölçer",
          "Radar seviye ölçerimiz hakkında ayrıntılar www.tr-sensor.com.tr adresinde; asit ve "
          "yakıt tanklarında temassız ölçüm.",
          "Ölçer 80 GHz radar ile çalışır ve köpüklü sıvılarda da doğru ölçer.",
          technology_keywords=["tech.electronics.sensors"], demo_flagged=True),
    entry("gosb-008", "gebze-uni", "tr-park", "TO", "tr",
          "Çağrı merkezleri için Türkçe ve Azerbaycan Türkçesi konuşma tanıma",
          "Türkçe ve Azerbaycan Türkçesi konuşmaları yazıya döken ve çağrıları sınıflandıran "
          "konuşma tanıma motoru.",
          "Model yirmi bin saatlik ses verisiyle eğitildi. Çağrı merkezi yazılımlarına API ile "
          "bağlanır.",
          technology_keywords=["tech.ai.speech", "tech.ai.nlp"],
          partnership_types=["licence", "research"]),
    entry("gosb-009", "no-such-company", "tr-park", "TO", "tr",
          "Kayıp şirketin profili", "Özet.", "Açıklama."),
    entry("gosb-010", "tr-agro", "tr-park", "TR", "tr",
          "Halı desenlerini sayısallaştıran tekstil CAD yazılımı aranıyor",
          "El dokuması halı desenlerini tarayıp dokuma makinesi için desen dosyasına çeviren "
          "yazılım arıyoruz.",
          "Desenler yüksek çözünürlükte taranmalı ve renk paleti otomatik çıkarılmalı.",
          technical_specification="Jakarlı dokuma makineleriyle uyumlu dosya biçimleri.",
          technology_keywords=["tech.materials.textiles", "tech.ict.software"]),
]  # fmt: skip

AZ = [
    entry("az-001", "az-energy", "az-centre", "TR", "az",
          "Boru kəmərlərində korroziyanın monitorinqi üçün sensor sistemi axtarılır",
          "Neft və qaz boru kəmərlərində divarın nazikləşməsini davamlı ölçən simsiz sensor "
          "sistemi axtarırıq.",
          "Sistem Abşeron yarımadasındakı boru kəmərlərində işləməlidir. Məlumatlar mərkəzə "
          "ötürülməlidir.",
          technical_specification="İşləmə temperaturu -20…+60 °C.",
          technology_keywords=["tech.electronics.sensors", "tech.energy.oilgas"],
          market_keywords=["market.energy.oilgas"]),
    entry("az-002", "az-energy", "az-centre", "TR", "en",
          "Robot cells wanted for a household appliance assembly line",
          "We look for collaborative robots with machine vision to automate screwing and "
          "testing on our appliance assembly line.",
          "The line assembles refrigerators in Sumgait. We need a supplier who installs and "
          "maintains the robot cells.",
          technical_specification="Cycle time under 40 seconds per unit.",
          technology_keywords=["tech.robotics.industrial", "tech.ai.vision"]),
    entry("az-003", "araz-agrosense", "az-centre", "TR", "az",
          "Nar bağları üçün damcılı suvarmanın avtomatlaşdırılması",
          "Göyçay nar bağlarında torpaq nəmliyinə görə damcılı suvarmanı avtomatik idarə edən "
          "sistem axtarırıq.",
          "Sistem sensorlarla torpağın nəmliyini ölçməli və klapanları uzaqdan idarə etməlidir.",
          technical_specification="Yüz hektar bağ üçün.",
          technology_keywords=["tech.water.irrigation", "tech.agrifood.precision"]),
    entry("az-004", "araz-agrosense", "az-centre", "BR", "az",
          "Kəndlər üçün günəş enerjili su nasosları üzrə distribyutor axtarılır",
          "Uzaq kəndlərdə içməli və suvarma suyu üçün günəş panelli nasos sistemləri təklif "
          "edən istehsalçı axtarırıq.",
          "Biz sistemləri Qarabağ və Naxçıvan kəndlərində quraşdıra və xidmət göstərə bilərik.",
          technology_keywords=["tech.energy.solar", "tech.water.networks"]),
    entry("az-005", "az-uni", "az-centre", "RDR", "az",
          "Elektrik avtobusları üçün yüngül kompozit materiallar üzrə birgə tədqiqat",
          "Karbon lifli kompozit panellər üzrə birgə tədqiqat layihəsi üçün sənaye tərəfdaşları "
          "axtarırıq.",
          "Universitetin laboratoriyası kompozitlərin mexaniki sınaqlarını aparır.",
          technology_keywords=["tech.materials.composites", "tech.transport.ev"],
          partner_kinds=["company", "university"],
          rdr={"funding_programme": "TÜBİTAK 2515", "call": "2027-1", "deadline_in_days": 60}),
    entry("az-006", "az-cyber", "az-centre", "BO", "en",
          "Security operations centre services in Azerbaijani, Russian and English",
          "Our security operations centre monitors networks around the clock and responds to "
          "incidents for banks and industry.",
          "Analysts work in three languages. We look for partners who resell the service.",
          technology_keywords=["tech.cyber.threat", "tech.cyber.network"]),
    entry("az-007", "az-uni", "az-centre", "RDR", "en",
          "Research partners for green hydrogen electrolysers powered by solar energy",
          "The university looks for partners for a joint project on membranes for electrolysers "
          "fed by solar power.",
          "Our laboratory develops proton exchange membranes. We look for a consortium.",
          technology_keywords=["tech.energy.hydrogen", "tech.energy.solar"],
          partner_kinds=["company", "research"],
          rdr={"funding_programme": "Horizon Europe", "call": "HORIZON-CL5-2027-D3",
               "deadline_in_days": 50}),
    entry("az-008", "az-cyber", "az-centre", "TR", "az",
          "Bank kartları üçün dələduzluğun aşkarlanması",
          "SecurePay™ platformamız üçün kart əməliyyatlarında dələduzluğu aşkarlayan model "
          "axtarırıq.",
          "Model real vaxtda işləməlidir.",
          technology_keywords=["tech.fintech.fraud"], demo_flagged=True),
    entry("az-009", "az-cyber", "az-centre", "TR", "az",
          "Zəng mərkəzləri üçün Azərbaycan dilində nitqin tanınması",
          "Zəng mərkəzində Azərbaycan dilində danışıqları mətnə çevirən nitq tanıma sistemi "
          "axtarırıq.",
          "Sistem zəngləri mövzuya görə təsnif etməlidir.",
          technical_specification="Gündə on min zəng.",
          technology_keywords=["tech.ai.speech", "tech.ai.nlp"]),
    entry("az-010", "az-uni", "az-centre", "TO", "az",
          "Xalça naxışlarının rəqəmsallaşdırılması üçün tekstil CAD proqramı",
          "Əl toxuması xalçaların naxışlarını skan edib toxucu dəzgahı üçün naxış faylına "
          "çevirən proqram.",
          "Proqram rəng palitrasını avtomatik çıxarır.",
          advantages="Naxışın rəqəmsallaşdırılması günlərlə deyil, saatlarla çəkir.",
          technology_keywords=["tech.materials.textiles", "tech.ict.software"]),
    entry("az-011", "az-energy", "az-centre", "TO", "az",
          "Çox uzun xülasəsi olan profil", "Xülasə. " * 80, "Təsvir.",
          technology_keywords=["tech.energy.storage", "tech.no.such.code"]),
]  # fmt: skip

ORGANISATIONS = [
    # slug, kind, country, name
    ("tr-park", "technopark", "TR", "Test Teknopark"),
    ("tr-sensor", "sme", "TR", "Ölçüm Sensör A.Ş."),
    ("pusula-robotik", "sme", "TR", "Pusula Robotik A.Ş."),
    ("tr-agro", "sme", "TR", "Bereket Tarım Teknolojileri"),
    ("tr-solar", "sme", "TR", "Güneşli Enerji Ltd. Şti."),
    ("gebze-uni", "university", "TR", "Test Teknik Üniversitesi"),
    ("az-centre", "innovation_centre", "AZ", "Test İnnovasiya Mərkəzi"),
    ("az-energy", "startup", "AZ", "Xəzər Enerji MMC"),
    ("araz-agrosense", "startup", "AZ", "Araz AgroSense MMC"),
    ("az-uni", "university", "AZ", "Test Texniki Universiteti"),
    ("az-cyber", "startup", "AZ", "Qala Kiber MMC"),
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("transfer-demo")
    paths = [folder / "profiles_gosb.json", folder / "profiles_az.json"]
    for path, entries in zip(paths, (GOSB, AZ), strict=True):
        path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, sample):
    with django_db_blocker.unblock(), transaction.atomic():
        orgs = {
            slug: OrganisationFactory(
                slug=slug, kind=kind, country=country, name=name, website=f"https://{slug}.example"
            )
            for slug, kind, country, name in ORGANISATIONS
        }
        MembershipFactory(organisation=orgs["tr-park"], role="manager")
        MembershipFactory(
            person=PersonFactory(email="company.member@korpu.example", preferred_language="tr"),
            organisation=orgs["pusula-robotik"],
        )
        MembershipFactory(organisation=orgs["az-energy"], role="admin")
        result = demo.load_transfer_demo(sample)
        yield result
        transaction.set_rollback(True)


def demo_profiles():
    return Profile.objects.filter(owner__slug__in=[o[0] for o in ORGANISATIONS])


def dump() -> dict[str, list[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


# --- what it makes ---------------------------------------------------------------------
def test_profiles_of_the_files_in_every_status(loaded):
    profiles = demo_profiles()
    assert profiles.count() == 19  # 21 in the files: a missing company, a summary too long
    assert loaded.tallies["technology-transfer profiles"].created == 19
    statuses = Counter(profiles.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.PUBLISHED] >= 10
    assert loaded.statuses["profiles"] == statuses
    # Texts in their own language, translations where given, keywords from the taxonomy.
    sensor = Profile.objects.get(title_tr__startswith="Boru hatlarında")
    assert (sensor.language, sensor.advantages_tr) == ("tr", "Kazı gerektirmeden sürekli ölçüm.")
    assert not sensor.summary_en and not sensor.summary_az
    assert sorted(sensor.keywords.values_list("code", flat=True)) == [
        "market.energy.oilgas",
        "tech.electronics.sensors",
        "tech.energy.oilgas",
    ]
    hydrogen = Profile.objects.get(title_en__startswith="Partners for a Horizon")
    assert (hydrogen.funding_programme, hydrogen.call_identifier) == (
        "Horizon Europe",
        "HORIZON-CL5-2027-D3",
    )
    assert hydrogen.eoi_deadline > timezone.localdate()


def test_what_cannot_be_loaded_is_skipped_with_a_warning(loaded):
    warnings = "\n".join(loaded.warnings)
    assert "gosb-009" in warnings and "no-such-company" in warnings
    assert "az-011" in warnings and "500" in warnings
    assert "tech.no.such.code" in warnings
    assert "specialist@korpu.example" in warnings  # a saved search for someone not there
    assert not Profile.objects.filter(title_tr="Kayıp şirketin profili").exists()


def test_every_published_anonymous_profile_has_a_reference_and_an_expiry(loaded):
    now = timezone.now()
    published = demo_profiles().filter(status=Status.PUBLISHED)
    assert published.filter(is_anonymous=True).count() == published.count()
    for profile in published:
        assert re.fullmatch(r"(TO|TR|BO|BR|RDR)(AZ|TR)\d{8}\d{3}", profile.reference)
        assert profile.reference[len(profile.type) + 2 :][:8] == f"{profile.submitted_at:%Y%m%d}"
        assert profile.submitted_at < profile.published_at < now < profile.expires_at
        assert profile.expires_at == profile.published_at + (1 + profile.extensions) * (
            demo.VALIDITY
        )
    # Some run out within a month: the owners were reminded, or the next tick does it.
    soon = published.filter(expires_at__lt=now + demo.services.EXPIRY_NOTICE)
    assert soon.filter(expiry_reminded_at__isnull=True).count() == demo.REMINDERS_DUE
    assert published.filter(extensions=1).exists()
    for profile in demo_profiles().exclude(status=Status.DRAFT):
        assert profile.reference and profile.submitted_at
    assert not demo_profiles().filter(status=Status.DRAFT, reference__isnull=False).exists()


def test_the_history_of_each_status(loaded):
    now = timezone.now()
    for profile in demo_profiles().filter(status__in=[Status.EXPIRED, Status.ARCHIVED]):
        assert profile.expires_at < now and profile.expiry_reminded_at < profile.expires_at
        assert profile.extensions == (1 if profile.status == Status.ARCHIVED else 0)
    returned = demo_profiles().get(status=Status.CHANGES_REQUESTED)
    assert returned.review_note  # in the intermediary's language
    for profile in demo_profiles():
        assert profile.created_at <= profile.updated_at <= now
        assert Membership.objects.filter(
            person=profile.created_by, organisation=profile.owner
        ).exists()


def test_profiles_flagged_on_purpose_wait_for_review_with_the_screening(loaded):
    link = Profile.objects.get(title_tr="Sıvı tanklar için radar seviye ölçer")
    brand = Profile.objects.get(title_az="Bank kartları üçün dələduzluğun aşkarlanması")
    assert (link.status, brand.status) == (Status.UNDER_REVIEW, Status.UNDER_REVIEW)
    assert [(f["kind"], f["text"]) for f in link.flags] == [("link", "www.tr-sensor.com.tr")]
    assert [f["kind"] for f in brand.flags] == ["trade_mark"]
    clean = demo_profiles().filter(status=Status.PUBLISHED, flags=[])
    assert clean.exists()


def test_the_showcase_company_gets_its_profile_published(loaded):
    robots = Profile.objects.get(owner__slug="pusula-robotik")
    assert robots.status == Status.PUBLISHED
    assert robots.interests.exists()


def test_organisations_with_nobody_get_a_demo_member(loaded):
    centre = Organisation.objects.get(slug="az-centre")
    (reviewer,) = Person.objects.filter(memberships__organisation=centre)
    assert reviewer.email.endswith("@az-centre.example") and not reviewer.has_usable_password()
    # Existing members act for their organisations.
    robots = Profile.objects.get(owner__slug="pusula-robotik")
    assert robots.created_by.email == "company.member@korpu.example"


def test_interests_go_between_complementary_profiles_of_the_two_countries(loaded):
    interests = ExpressionOfInterest.objects.filter(profile__in=demo_profiles()).select_related(
        "profile__owner", "company", "author"
    )
    assert interests.count() >= 6
    assert set(interests.values_list("status", flat=True)) == set(
        ExpressionOfInterest.Status.values
    )
    for interest in interests:
        profile = interest.profile
        assert interest.company != profile.owner
        assert interest.company.country != profile.owner.country
        assert Profile.objects.filter(
            owner=interest.company, type__in=COMPLEMENTS[profile.type]
        ).exists()
        assert rules.is_interested_member(interest.author, interest)
        assert profile.published_at < interest.created_at
        assert interest.message
        if interest.is_open:
            assert profile.status == Status.PUBLISHED
        if interest.forwarded_at:
            assert interest.created_at < interest.forwarded_at
            assert rules.is_interest_intermediary(interest.forwarded_by, interest)
        if interest.status in ("accepted", "declined"):
            assert interest.forwarded_at < interest.decided_at
            assert rules.can_answer_interest(interest.decided_by, interest)
        if interest.status == "not_forwarded":
            assert interest.intermediary_note


def test_deals_only_from_accepted_interests(loaded):
    deals = Deal.objects.filter(profile__in=demo_profiles()).select_related("interest")
    accepted = ExpressionOfInterest.objects.filter(
        profile__in=demo_profiles(), status="accepted"
    ).count()
    assert 1 <= deals.count() <= accepted
    today = timezone.localdate()
    for deal in deals:
        assert deal.interest.status == "accepted" and deal.profile == deal.interest.profile
        assert set(deal.parties.all()) == {deal.profile.owner, deal.interest.company}
        assert deal.created_at > deal.interest.decided_at
        if deal.status in Deal.SIGNED_STATUSES:
            assert deal.signed_on <= today
        else:
            assert deal.signed_on is None
        deal.full_clean()


def test_saved_searches_of_the_demo_accounts(loaded):
    searches = SavedSearch.objects.select_related("person").order_by("name")
    people = {s.person.email for s in searches}
    assert "company.member@korpu.example" in people
    assert any(e.endswith("@araz-agrosense.example") for e in people)
    irrigation = searches.get(name="Damcılı suvarmanın avtomatlaşdırılması")
    assert set(irrigation.keywords.values_list("code", flat=True)) == {
        "tech.water.irrigation",
        "tech.agrifood.precision",
    }


def test_the_tallies_say_what_was_made(loaded):
    made = {label: tally.created for label, tally in loaded.tallies.items()}
    interests = ExpressionOfInterest.objects.filter(profile__in=demo_profiles())
    deals = Deal.objects.filter(profile__in=demo_profiles())
    assert made["expressions of interest"] == interests.count()
    assert made["deals"] == deals.count()
    assert made["deal parties"] == 2 * deals.count()
    assert made["saved searches"] == SavedSearch.objects.count() == 4
    assert made["profile keywords"] == Profile.keywords.through.objects.count()
    demo_people = Person.objects.filter(memberships__title__in=demo.DEMO_TITLES.values())
    assert made["transfer demo people"] == demo_people.count() > 0
    assert dict(loaded.statuses["expressions of interest"]) == dict(
        Counter(interests.values_list("status", flat=True))
    )


# --- loading again ------------------------------------------------------------------------
def test_second_load_changes_nothing(loaded, sample):
    assert loaded.changed and loaded.updated == 0
    before = dump()
    again = demo.load_transfer_demo(sample)
    assert (again.created, again.updated) == (0, 0)
    assert again.statuses == loaded.statuses
    assert dump() == before


def test_people_s_changes_are_left_alone(loaded, sample):
    profile = demo_profiles().filter(status=Status.DRAFT).first()
    profile.summary_tr = profile.summary_az = profile.summary_en = "Changed by its owner."
    profile.save()
    again = demo.load_transfer_demo(sample)
    assert not again.changed
    profile.refresh_from_db()
    assert profile.summary == "Changed by its owner."


def test_the_plan_is_the_same_every_time():
    assert demo.plan_statuses(GOSB + AZ) == demo.plan_statuses(list(reversed(GOSB + AZ)))


def test_summary_lines_count_by_status(loaded):
    lines = loaded.summary_lines()
    profiles = next(line for line in lines if line.strip().startswith("profiles"))
    assert f"{demo_profiles().count()}:" in profiles
    assert f"{demo_profiles().filter(status='published').count()} published" in profiles


def test_missing_files_are_named(db, tmp_path):
    result = demo.load_transfer_demo([tmp_path / "nothing.json"])
    assert result.warnings[0].startswith("nothing.json not found")
    assert result.statuses["profiles"] == Counter() and not result.changed
    assert Keyword.objects.exists()  # the taxonomy is migrate's
