"""The demo data behind ``korpu load_demo`` (and ``make run``): what it contains, that
every demo account can sign in, and that loading it again changes nothing."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from korpu.common.models import AuditEntry
from korpu.directory import demo
from korpu.directory.models import (
    Building,
    Commitment,
    Membership,
    Organisation,
    Park,
    Partnership,
    Person,
    Residency,
    Sector,
    Site,
    TechnologyArea,
    Unit,
)

pytestmark = pytest.mark.django_db

COMMITMENT_CODES = [
    "acceleration-exchange",
    "technology-transfer-exchange",
    "young-specialists",
    "joint-events",
    "high-tech-park",
    "campuses",
    "karabakh-parks",
]


@pytest.fixture
def loaded(db) -> demo.DemoResult:
    return demo.load_demo()


def dump() -> dict[str, list[tuple]]:
    """Every row of the tables the loader writes (and the audit log), in primary-key order."""
    tables = sorted(
        name for name in connection.introspection.table_names() if name.startswith("directory_")
    ) + [EmailAddress._meta.db_table, AuditEntry._meta.db_table]
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


# --- content ---------------------------------------------------------------------------
def test_taxonomy_has_names_in_three_languages(loaded):
    assert Sector.objects.count() >= 12
    assert TechnologyArea.objects.count() >= 15
    for item in [*Sector.objects.all(), *TechnologyArea.objects.all()]:
        assert item.name_en and item.name_az and item.name_tr, item.slug
    health = Sector.objects.get(slug="health-medical-devices")
    assert (health.name_en, health.name_az, health.name_tr) == (
        "Health and medical devices",
        "Səhiyyə və tibbi cihazlar",
        "Sağlık ve tıbbi cihazlar",
    )


def test_key_organisations(loaded):
    agency = Organisation.objects.get(slug="innovation-agency")
    assert (agency.kind, agency.country, agency.city, agency.founded_year) == (
        Organisation.Kind.AGENCY,
        "AZ",
        "Baku",
        2018,
    )
    assert (agency.name_en, agency.name_az, agency.name_tr) == (
        "Innovation Agency of Azerbaijan",
        "İnnovasiya Agentliyi",
        "Azerbaycan İnovasyon Ajansı",
    )
    gosb = Organisation.objects.get(slug="gosb-teknopark")
    assert (gosb.kind, gosb.country, gosb.city, gosb.founded_year) == (
        Organisation.Kind.TECHNOPARK,
        "TR",
        "Gebze",
        2005,
    )
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    for kind in ["public_body", "university", "research_institute", "investor"]:
        assert kinds[kind] >= 1, kind
    assert kinds["university"] >= 3


def test_parks(loaded):
    parks = {
        p.slug: (p.kind, p.status, p.country, p.time_zone, p.established_by_id is not None)
        for p in Park.objects.all()
    }
    assert parks == {
        "gosb-teknopark": ("technopark", "operating", "TR", "Europe/Istanbul", False),
        "high-technologies-park": ("high_tech_park", "under_construction", "AZ", "Asia/Baku", True),
        "baku-innovation-centre": ("innovation_centre", "operating", "AZ", "Asia/Baku", False),
        "ganja-innovation-centre": ("innovation_centre", "operating", "AZ", "Asia/Baku", False),
        "sumgait-innovation-centre": ("innovation_centre", "operating", "AZ", "Asia/Baku", False),
        "shusha-innovation-centre": ("innovation_centre", "planned", "AZ", "Asia/Baku", True),
    }
    for park in Park.objects.all():
        assert park.description_en and park.description_az and park.description_tr, park.slug
    gosb = Park.objects.get(slug="gosb-teknopark")
    assert (gosb.city, gosb.region, gosb.opened_year, gosb.operator.slug) == (
        "Gebze",
        "Kocaeli",
        2005,
        "gosb-teknopark",
    )
    assert Site.objects.filter(park=gosb).count() == 1
    assert Building.objects.filter(site__park=gosb).count() == 3
    assert Unit.objects.filter(building__site__park=gosb).count() >= 100
    htp = Park.objects.get(slug="high-technologies-park")
    assert htp.established_by.slug == demo.MEMORANDUM_SLUG


def test_gosb_teknopark_has_about_130_resident_companies(loaded):
    gosb = Park.objects.get(slug="gosb-teknopark")
    residencies = Residency.objects.filter(park=gosb).select_related("company", "unit")
    companies = {r.company for r in residencies}
    assert len(companies) >= 130
    assert all(c.is_company and (c.country, c.city) == ("TR", "Gebze") for c in companies)
    assert all(c.website.endswith(".example") and c.email.endswith(".example") for c in companies)
    assert all(c.description_en and c.description_tr for c in companies)
    assert all(c.sectors.exists() and c.technology_areas.exists() for c in companies)
    statuses = Counter(r.status for r in residencies)
    assert set(statuses) == {"active", "applied", "approved", "graduated"}
    assert statuses["active"] >= 120
    with_unit = [r for r in residencies if r.unit_id]
    assert len(with_unit) >= 100
    assert all(r.status == "active" for r in with_unit)
    assert len({r.unit_id for r in with_unit}) == len(with_unit)  # no unit shared
    assert all(r.unit.park == gosb for r in with_unit)
    assert 3 <= sum(not c.is_public for c in companies) <= 10
    # Names are Turkish company names with their legal form.
    assert all(c.name.endswith(("A.Ş.", "Ltd. Şti.")) for c in companies)


def test_azerbaijani_startups_at_the_innovation_centres(loaded):
    residencies = Residency.objects.filter(park__kind="innovation_centre").select_related("company")
    assert residencies.count() >= 20
    assert {r.park.city for r in residencies} == {"Baku", "Ganja", "Sumgait"}
    for residency in residencies:
        company = residency.company
        assert company.country == "AZ" and company.is_company
        assert company.description_en and company.description_az


def test_memorandum(loaded):
    memo = Partnership.objects.get(slug=demo.MEMORANDUM_SLUG)
    assert (memo.title_en, memo.title_az, memo.title_tr) == (
        "Memorandum of cultural and scientific cooperation",
        "Mədəni və elmi əməkdaşlıq haqqında memorandum",
        "Kültürel ve bilimsel işbirliği mutabakat zaptı",
    )
    for lang in ["en", "az", "tr"]:
        assert getattr(memo, f"summary_{lang}") and getattr(memo, f"scope_{lang}")
    assert (memo.status, memo.signed_on) == ("active", datetime.date(2020, 12, 1))
    parties = {(link.organisation.slug, link.role) for link in memo.party_links.all()}
    assert parties == {("innovation-agency", "signatory"), ("gosb-teknopark", "signatory")}

    commitments = list(memo.commitments.order_by("position"))
    assert [c.code for c in commitments] == COMMITMENT_CODES
    for commitment in commitments:
        assert commitment.text_en and commitment.text_az and commitment.text_tr, commitment.code
    targets = {c.code: (c.target_per_year, c.target_unit_en) for c in commitments}
    assert targets["young-specialists"] == (50, "people")
    assert targets["joint-events"] == (6, "events")
    assert targets["campuses"] == (2, "campuses")
    assert targets["high-tech-park"] == (None, "")


def test_memorandum_text_follows_the_active_language(loaded):
    memo = Partnership.objects.get(slug=demo.MEMORANDUM_SLUG)
    with translation.override("tr"):
        assert memo.title == "Kültürel ve bilimsel işbirliği mutabakat zaptı"
    with translation.override("az"):
        assert Commitment.objects.get(partnership=memo, code="karabakh-parks").text == (
            "Qarabağda texnologiya parkları və innovasiya mərkəzləri açmaq"
        )


# --- people and accounts ---------------------------------------------------------------
def test_people(loaded):
    people = list(Person.objects.all())
    assert len(people) >= 60
    assert {p.country for p in people} == {"AZ", "TR"}
    assert all(p.languages and all(len(code) == 2 for code in p.languages) for p in people)
    assert all(p.headline for p in people)
    verified = set(
        EmailAddress.objects.filter(verified=True, primary=True).values_list("email", flat=True)
    )
    assert verified == {p.email for p in people}
    demo_emails = {a.email for a in loaded.accounts}
    # Only the demo accounts have a password anybody knows.
    assert {p.email for p in people if p.has_usable_password()} == demo_emails


def test_every_organisation_with_members_has_an_admin(loaded):
    with_members = Organisation.objects.filter(memberships__isnull=False).distinct()
    assert with_members.count() >= 20
    assert list(with_members.exclude(memberships__role=Membership.Role.ADMIN)) == []


def test_demo_accounts_have_their_roles(loaded):
    def roles(email):
        return {
            (m.organisation.slug, m.role)
            for m in Membership.objects.filter(person__email=email).select_related("organisation")
        }

    assert roles("agency.admin@korpu.example") == {("innovation-agency", "admin")}
    assert roles("programme.manager@korpu.example") == {("innovation-agency", "manager")}
    assert roles("park.manager@korpu.example") == {("gosb-teknopark", "manager")}
    assert roles("company.admin@korpu.example") == {("pusula-robotik", "admin")}
    assert roles("company.member@korpu.example") == {("pusula-robotik", "member")}
    assert roles("reviewer@korpu.example") == {("azerbaijan-technical-university", "member")}
    assert roles("specialist@korpu.example") == set()  # a participant, no management role
    assert roles("admin@korpu.example") == set()

    operator = Person.objects.get(email="admin@korpu.example")
    assert operator.is_staff and operator.is_superuser
    assert list(Person.objects.filter(is_staff=True)) == [operator]
    assert Organisation.objects.get(slug="innovation-agency").kind == "agency"
    assert Park.objects.get(slug="gosb-teknopark").operator.slug == "gosb-teknopark"
    company = Organisation.objects.get(slug="pusula-robotik")
    assert company.residencies.get().status == "active"
    reviewer = Person.objects.get(email="reviewer@korpu.example")
    assert len(reviewer.expertise_keywords) >= 8


@pytest.mark.parametrize(
    "account",
    [
        "admin@korpu.example",
        "agency.admin@korpu.example",
        "programme.manager@korpu.example",
        "park.manager@korpu.example",
        "company.admin@korpu.example",
        "company.member@korpu.example",
        "reviewer@korpu.example",
        "specialist@korpu.example",
    ],
)
def test_demo_account_signs_in(loaded, client, account):
    assert account in [a.email for a in loaded.accounts]
    person = authenticate(email=account, password=demo.DEMO_PASSWORD)
    assert person is not None and person.email == account
    # Through the real login form, where allauth insists on a verified address.
    response = client.post(
        reverse("account_login"), {"login": account, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


# --- loading again ---------------------------------------------------------------------
def test_second_load_changes_nothing(loaded):
    assert loaded.created > 1000 and loaded.updated == 0
    before = dump()
    again = demo.load_demo()
    assert (again.created, again.updated) == (0, 0)
    assert not again.changed
    assert dump() == before


def test_load_writes_one_audit_entry_when_it_changes_something(loaded):
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["demo.load"]
    demo.load_demo()
    assert AuditEntry.objects.count() == 1


def test_load_restores_edited_rows_and_broken_demo_passwords(loaded):
    company = Organisation.objects.get(slug="pusula-robotik")
    original = company.description_en
    company.description_en = "Edited during a demo."
    company.save()
    member = Person.objects.get(email="company.member@korpu.example")
    member.set_password("something-else-entirely")
    member.save()
    kept = Person.objects.get(email="company.admin@korpu.example").password

    result = demo.load_demo()

    assert result.tallies["organisations"].updated == 1
    assert result.tallies["demo passwords"].updated == 1
    company.refresh_from_db()
    assert company.description_en == original
    assert authenticate(email=member.email, password=demo.DEMO_PASSWORD) is not None
    # A password that still works is not rewritten.
    assert Person.objects.get(email="company.admin@korpu.example").password == kept
    assert not demo.load_demo().changed


def test_load_leaves_residency_changes_alone(loaded):
    """Residencies are workflow state people change while trying the demo."""
    residency = Residency.objects.get(company__slug="pusula-robotik")
    residency.status = Residency.Status.GRADUATED
    residency.end_date = datetime.date(2026, 11, 1)
    residency.save()

    assert not demo.load_demo().changed
    residency.refresh_from_db()
    assert residency.status == Residency.Status.GRADUATED


def test_rows_pass_model_validation(loaded):
    for model in [Organisation, Park, Partnership, Commitment, Residency, Unit, Membership]:
        for obj in model.objects.all():
            obj.full_clean()
    for person in Person.objects.all():
        person.full_clean(exclude=["password"])


def test_command_refuses_in_production_unless_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published"):
        call_command("load_demo", stdout=StringIO())
    assert not Person.objects.exists()


def test_command_prints_the_summary_and_the_accounts(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = out.getvalue()
    assert "Demo data loaded" in first
    for account in demo.load_demo().accounts:
        line = next(line for line in first.splitlines() if account.email in line)
        assert account.role in line and demo.DEMO_PASSWORD in line
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already up to date" in out.getvalue()
    assert "0 rows created, 0 updated" in out.getvalue()


# --- the generator ---------------------------------------------------------------------
def test_generated_data_is_the_same_every_time():
    assert demo.gosb_companies() == demo.gosb_companies()
    assert demo.az_startups() == demo.az_startups()
    slugs = [c.slug for c in demo.gosb_companies() + demo.az_startups()]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2018, "2018-ci"),
        (2019, "2019-cu"),
        (2020, "2020-ci"),
        (2023, "2023-cü"),
        (2026, "2026-cı"),
        (2010, "2010-cu"),
        (2040, "2040-cı"),
        (1900, "1900-cü"),
        (2000, "2000-ci"),
    ],
)
def test_az_year(year, expected):
    assert demo.az_year(year) == expected


def test_ascii_slug():
    assert demo.ascii_slug("Kəpəz Dron Texnologiyaları") == "kapaz-dron-texnologiyalari"
    assert demo.ascii_slug("Işık Yazılım") == "isik-yazilim"
