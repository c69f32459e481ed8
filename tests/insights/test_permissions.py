"""Who may open and post to each resident-reporting page, and the rules behind them.

Park managers (and staff) run a park's reporting; members of a company with an active
residency fill in its reports; members of the company and the park managers read them;
nobody else sees anything. A refused post changes nothing.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import Membership, Residency
from korpu.insights import reporting
from korpu.insights.models import Reminder, Report, ReportingPeriod
from tests.factories import MembershipFactory, ParkFactory, PersonFactory
from tests.insights.conftest import FULL, make_resident, set_up_scheme

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"insights:{name}", args=args)


@pytest.fixture
def world(scheme, park, resident):
    company, member = resident
    neighbour, neighbour_member = make_resident(park, name="Neighbour")
    former, former_member = make_resident(park, name="Former")
    Residency.objects.filter(company=former).update(status=Residency.Status.LEFT)
    other_park = ParkFactory()
    other_manager = MembershipFactory(
        organisation=other_park.operator, role=Membership.Role.MANAGER
    ).person
    set_up_scheme(other_manager, other_park)
    q2 = park.reporting_periods.get(code="2026-Q2")
    reporting.save_report(actor=member, period=q2, company=company, values=FULL, submit=True)
    park_manager = park.operator.memberships.get(role="manager").person
    return {
        "park": park,
        "company": company,
        "former": former,
        "q2": q2,
        "people": {
            "anonymous": None,
            "stranger": PersonFactory(),
            "resident": member,
            "neighbour": neighbour_member,
            "former": former_member,
            "other_manager": other_manager,
            "manager": park_manager,
            "staff": PersonFactory(is_staff=True),
        },
    }


def status_of(client, person, method, address, data=None):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(address) if method == "get" else client.post(address, data or {})
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


MANAGER_PAGES = [
    ("park_reporting", ()),
    ("reporting_setup", ()),
    ("period", ("2026-Q2",)),
    ("export_period", ("2026-Q2", "csv")),
    ("export_park", ("xlsx",)),
]


@pytest.mark.parametrize(("name", "extra"), MANAGER_PAGES)
def test_manager_pages(client, world, name, extra):
    address = url(name, world["park"].slug, *extra)
    got = {who: status_of(client, p, "get", address) for who, p in world["people"].items()}
    assert got == {
        "anonymous": "login",
        "stranger": 403,
        "resident": 403,
        "neighbour": 403,
        "former": 403,
        "other_manager": 403,
        "manager": 200,
        "staff": 200,
    }


def test_manager_posts_are_refused_to_others_and_change_nothing(client, world):
    park = world["park"]
    # Q1 removed: the "open periods" button would have something to open.
    ReportingPeriod.objects.filter(park=park, code="2026-Q1").delete()
    before = AuditEntry.objects.count()
    posts = [
        (url("open_periods", park.slug), {}),
        (url("lock_period", park.slug, "2026-Q2"), {}),
        (url("remind", park.slug, "2026-Q2"), {"company": "all"}),
        (url("reporting_setup", park.slug), {"frequency": "monthly", "indicators": ["staff"]}),
    ]
    for who in ("anonymous", "stranger", "resident", "neighbour", "other_manager"):
        for address, data in posts:
            assert status_of(client, world["people"][who], "post", address, data) in (
                "login",
                403,
            ), (who, address)
    assert AuditEntry.objects.count() == before
    assert Reminder.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    assert list(park.reporting_periods.values_list("code", "status")) == [("2026-Q2", "open")]


def test_company_pages(client, world):
    park, company = world["park"], world["company"]
    for name, extra in (("company_reports", ()), ("report_form", ("2026-Q2",))):
        address = url(name, park.slug, company.slug, *extra)
        got = {who: status_of(client, p, "get", address) for who, p in world["people"].items()}
        assert got == {
            "anonymous": "login",
            "stranger": 403,
            "resident": 200,
            "neighbour": 403,
            "former": 403,
            "other_manager": 403,
            "manager": 200,
            "staff": 200,
        }, name


def test_only_the_resident_posts_a_report(client, world):
    park, company = world["park"], world["company"]
    address = url("report_form", park.slug, company.slug, "2026-Q2")
    data = {**{k: str(v) for k, v in FULL.items()}, "staff": "77", "action": "submit"}
    for who in ("anonymous", "stranger", "neighbour", "other_manager", "manager", "staff"):
        assert status_of(client, world["people"][who], "post", address, data) in ("login", 403)
    assert Report.objects.get(company=company).staff == 10
    assert status_of(client, world["people"]["resident"], "post", address, data) == 302
    assert Report.objects.get(company=company).staff == 77


def test_a_company_that_left_reads_but_no_longer_reports(client, world):
    park, former = world["park"], world["former"]
    person = world["people"]["former"]
    assert status_of(client, person, "get", url("company_reports", park.slug, former.slug)) == 200
    assert (
        status_of(client, person, "get", url("report_form", park.slug, former.slug, "2026-Q2"))
        == 404
    )
    assert (
        status_of(
            client,
            person,
            "post",
            url("report_form", park.slug, former.slug, "2026-Q2"),
            {"staff": "1", "action": "draft"},
        )
        == 404
    )
    assert not Report.objects.filter(company=former).exists()


def test_the_index_is_for_signed_in_people(client, world):
    assert status_of(client, None, "get", url("reporting")) == "login"
    for who in ("stranger", "resident", "manager", "staff"):
        assert status_of(client, world["people"][who], "get", url("reporting")) == 200


def test_unknown_parks_and_companies(client, world):
    manager = world["people"]["manager"]
    assert status_of(client, manager, "get", url("park_reporting", "nowhere")) == 404
    assert (
        status_of(client, manager, "get", url("company_reports", world["park"].slug, "nobody"))
        == 404
    )


def test_rules(world):
    people, park, company, q2 = world["people"], world["park"], world["company"], world["q2"]
    report = Report.objects.get(company=company)
    residency = Residency.objects.get(company=company, park=park)

    def who_may(perm, obj):
        return sorted(who for who, p in people.items() if p is not None and p.has_perm(perm, obj))

    assert who_may("insights.manage_reporting", park) == ["manager", "staff"]
    assert who_may("insights.report", residency) == ["resident"]
    assert who_may("insights.view_company_reports", residency) == ["manager", "resident", "staff"]
    assert who_may("insights.view_report", report) == ["manager", "resident", "staff"]
    assert who_may("insights.change_report", report) == ["resident"]
    assert who_may("insights.lock_period", q2) == ["manager", "staff"]
    reporting.lock_period(actor=people["manager"], period=q2)
    q2.refresh_from_db()
    report.refresh_from_db()
    assert who_may("insights.change_report", report) == []
    assert who_may("insights.lock_period", q2) == []
