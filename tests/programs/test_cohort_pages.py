"""Cohort pages per role: the cohort, my cohorts, sessions and mentors, office hours,
a member's programme page (milestones, monthly figures with SVG charts), placements."""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from korpu.common.models import AuditEntry
from korpu.programs.models import (
    CohortSession,
    Mentor,
    MetricReport,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
)
from tests import factories
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")


def slot_for(mentor, *, in_hours=72, hours=1):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=in_hours)
    return OfficeHourSlot.objects.create(
        mentor=mentor, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )


@pytest.fixture
def world(db):
    """A cohort of an Istanbul programme with every kind of visitor."""
    cohort = pf.CohortFactory(programme__time_zone="Europe/Istanbul", name="Spring 2030")
    programme = cohort.programme
    company = factories.OrganisationFactory(name="Acme Robotics")
    member = pf.CohortMemberFactory(cohort=cohort, company=company)
    fellow_company = factories.OrganisationFactory(name="Beta Bio")
    fellow = pf.CohortMemberFactory(cohort=cohort, company=fellow_company)
    solo = factories.PersonFactory(first_name="Nigar", last_name="Solo")
    solo_member = pf.CohortMemberFactory(cohort=cohort, company=None, person=solo)
    mentor = pf.MentorFactory(cohort=cohort, topics="fundraising, export")
    people = {
        "outsider": factories.PersonFactory(),
        "member": factories.MembershipFactory(organisation=company).person,
        "fellow": factories.MembershipFactory(organisation=fellow_company).person,
        "solo": solo,
        "mentor": mentor.person,
        "manager": factories.MembershipFactory(organisation=programme.owner, role="manager").person,
        "staff": factories.PersonFactory(is_staff=True),
        # A reviewer of the programme's call sees nothing of the cohort.
        "reviewer": pf.CallReviewerFactory(call__programme=programme).reviewer,
    }
    return {
        "cohort": cohort,
        "programme": programme,
        "member": member,
        "fellow": fellow,
        "solo_member": solo_member,
        "mentor": mentor,
        "people": people,
    }


def status_by_role(client, world, url, roles, method="get", data=None):
    result = {}
    for role in roles:
        client.logout()
        if role != "anonymous":
            client.force_login(world["people"][role])
        response = getattr(client, method)(url, data or {})
        result[role] = response.status_code
    client.logout()
    return result


def login(client, world, role):
    client.force_login(world["people"][role])
    return world["people"][role]


# --- the cohort page ------------------------------------------------------------------------
def test_cohort_page_per_role(client, world):
    url = reverse("programs:cohort", args=[world["cohort"].pk])
    roles = ["anonymous", "outsider", "reviewer", "member", "fellow", "solo", "mentor"]
    assert status_by_role(client, world, url, roles + ["manager", "staff"]) == {
        "anonymous": 302,
        "outsider": 404,
        "reviewer": 404,
        "member": 200,
        "fellow": 200,
        "solo": 200,
        "mentor": 200,
        "manager": 200,
        "staff": 200,
    }


def test_cohort_page_shows_members_schedule_in_programme_time_and_mentors(client, world):
    cohort, member = world["cohort"], world["member"]
    starts = datetime.datetime(2031, 3, 3, 7, 0, tzinfo=datetime.UTC)  # 10:00 in Istanbul
    CohortSession.objects.create(
        cohort=cohort,
        title="Pitch training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location="https://meet.example/pitch",
    )
    login(client, world, "member")
    response = client.get(reverse("programs:cohort", args=[cohort.pk]))
    html = response.content.decode()
    assert [m.name for m in response.context["members"]] == [
        "Acme Robotics",
        "Beta Bio",
        "Nigar Solo",
    ]
    assert f'href="{member.company.get_absolute_url()}"' in html
    assert f'href="{world["solo_member"].person.get_absolute_url()}"' in html
    local = formats.date_format(starts.astimezone(ISTANBUL), "DATETIME_FORMAT")
    assert local in html and "10 a.m." in local
    assert "Times in Europe/Istanbul." in html
    assert "fundraising, export" in html
    # A member opens their own company's page, not a fellow member's; no manager links.
    assert reverse("programs:member", args=[member.pk]) in html
    assert reverse("programs:member", args=[world["fellow"].pk]) not in html
    assert reverse("programs:cohort_session_add", args=[cohort.pk]) not in html
    login(client, world, "manager")
    html = client.get(reverse("programs:cohort", args=[cohort.pk])).content.decode()
    assert reverse("programs:cohort_session_add", args=[cohort.pk]) in html
    assert reverse("programs:member", args=[world["fellow"].pk]) in html


def test_my_cohorts_lists_roles_in_constant_queries(client, world):
    person = login(client, world, "mentor")
    url = reverse("programs:my_cohorts")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(4):
        cohort = pf.CohortFactory()
        pf.MentorFactory(cohort=cohort, person=person)
        pf.CohortMemberFactory(cohort=cohort)
        CohortSession.objects.create(
            cohort=cohort,
            title="Kick-off",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=1),
        )
    assert count() == before
    response = client.get(url)
    assert [(c.as_member, c.as_mentor, c.as_manager) for c in response.context["cohorts"]] == [
        (False, True, False)
    ] * 5
    assert client.get(url.replace("/en/", "/az/")).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_cohort_page_queries_do_not_grow_with_members_sessions_and_mentors(client, world):
    cohort = world["cohort"]
    login(client, world, "member")
    url = reverse("programs:cohort", args=[cohort.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for day in range(3):
        pf.CohortMemberFactory(cohort=cohort)
        pf.CohortMemberFactory(cohort=cohort, company=None, person=factories.PersonFactory())
        slot_for(pf.MentorFactory(cohort=cohort), in_hours=50 + day)
        starts = timezone.now() + datetime.timedelta(days=day + 1)
        CohortSession.objects.create(
            cohort=cohort,
            title="Clinic",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
    assert count() == before


PAGES = [
    ("member", "programs:my_cohorts", lambda w: []),
    ("member", "programs:cohort", lambda w: [w["cohort"].pk]),
    ("manager", "programs:cohort", lambda w: [w["cohort"].pk]),
    ("manager", "programs:cohort_session_add", lambda w: [w["cohort"].pk]),
    ("manager", "programs:cohort_mentor_add", lambda w: [w["cohort"].pk]),
    ("manager", "programs:cohort_mentor_edit", lambda w: [w["cohort"].pk, w["mentor"].pk]),
    ("mentor", "programs:mentor_slots", lambda w: [w["cohort"].pk]),
    ("member", "programs:mentor_slots", lambda w: [w["cohort"].pk]),
    ("manager", "programs:mentor_slots", lambda w: [w["cohort"].pk]),
    ("member", "programs:member", lambda w: [w["member"].pk]),
    ("manager", "programs:member", lambda w: [w["member"].pk]),
    ("member", "programs:member_metrics", lambda w: [w["member"].pk]),
]


@pytest.mark.parametrize("language", ["az", "tr"])
def test_pages_render_in_every_language(client, world, language):
    slot_for(world["mentor"])
    MetricReport.objects.create(
        member=world["member"], period=datetime.date(2030, 1, 1), employees=2
    )
    for role, name, args in PAGES:
        login(client, world, role)
        url = reverse(name, args=args(world)).replace("/en/", f"/{language}/", 1)
        response = client.get(url)
        assert (response.status_code, f'lang="{language}"' in response.content.decode()[:300]) == (
            200,
            True,
        ), url


def test_bad_figures_get_messages_in_the_users_language(client, world):
    from django.core.validators import MinValueValidator
    from django.utils import translation

    login(client, world, "member")
    url = reverse("programs:member_metrics", args=[world["member"].pk]).replace("/en/", "/tr/", 1)
    response = client.post(url, figures(period="2030-01", employees="-1"))
    with translation.override("tr"):
        expected = str(MinValueValidator.message) % {"limit_value": 0}
    assert response.context["form"].errors == {"employees": [expected]}
    assert expected != "Ensure this value is greater than or equal to 0."
    assert MetricReport.objects.count() == 0


# --- sessions and mentors -----------------------------------------------------------------
def test_manager_adds_a_session_in_programme_time(client, world):
    cohort = world["cohort"]
    url = reverse("programs:cohort_session_add", args=[cohort.pk])
    assert status_by_role(client, world, url, ["outsider", "member", "mentor"]) == {
        "outsider": 404,
        "member": 403,
        "mentor": 403,
    }
    login(client, world, "manager")
    data = {
        "title": "Demo day",
        "starts_at": "2031-04-10T14:00",
        "ends_at": "2031-04-10T13:00",
        "location": "Hall A",
    }
    response = client.post(url, data)
    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"ends_at": ["The end must be after the start."]},
    )
    assert CohortSession.objects.count() == 0
    response = client.post(url, {**data, "ends_at": "2031-04-10T17:00"})
    assert response.status_code == 302
    session = CohortSession.objects.get()
    assert (session.starts_at, session.ends_at) == (
        datetime.datetime(2031, 4, 10, 11, 0, tzinfo=datetime.UTC),
        datetime.datetime(2031, 4, 10, 14, 0, tzinfo=datetime.UTC),
    )
    edit = reverse("programs:cohort_session_edit", args=[cohort.pk, session.pk])
    assert 'value="2031-04-10T14:00"' in client.get(edit).content.decode()
    client.post(reverse("programs:cohort_session_delete", args=[cohort.pk, session.pk]))
    assert CohortSession.objects.count() == 0


def test_manager_adds_a_mentor_by_email(client, world):
    cohort = world["cohort"]
    person = factories.PersonFactory(email="ayse@mentor.example")
    url = reverse("programs:cohort_mentor_add", args=[cohort.pk])
    assert status_by_role(client, world, url, ["member", "mentor", "staff"]) == {
        "member": 403,
        "mentor": 403,
        "staff": 200,
    }
    login(client, world, "manager")
    response = client.post(url, {"email": "nobody@example.org", "topics": ""})
    assert response.context["form"].errors == {
        "email": ["Nobody has an account with this e-mail address. Ask them to sign up first."]
    }
    assert client.post(url, {"email": person.email, "topics": "export"}).status_code == 302
    mentor = Mentor.objects.get(person=person)
    edit = reverse("programs:cohort_mentor_edit", args=[cohort.pk, mentor.pk])
    client.post(edit, {"topics": "export, EU grants"})
    mentor.refresh_from_db()
    assert mentor.topics == "export, EU grants"
    client.post(edit, {"action": "remove"})
    assert not Mentor.objects.filter(person=person).exists()


# --- office hours -------------------------------------------------------------------------
def test_office_hours_page_per_role(client, world):
    url = reverse("programs:mentor_slots", args=[world["cohort"].pk])
    assert status_by_role(
        client, world, url, ["anonymous", "outsider", "member", "mentor", "manager", "staff"]
    ) == {
        "anonymous": 302,
        "outsider": 404,
        "member": 200,
        "mentor": 200,
        "manager": 200,
        "staff": 200,
    }
    data = {"starts_at": "2031-01-01T10:00", "ends_at": "2031-01-01T11:00", "repeat_weeks": "0"}
    assert status_by_role(client, world, url, ["member", "manager"], "post", data) == {
        "member": 403,
        "manager": 403,
    }
    assert OfficeHourSlot.objects.count() == 0
    slot = slot_for(world["mentor"])
    book = reverse("programs:book_slot", args=[slot.pk])
    data = {"member": world["member"].pk, "topic": "x"}
    assert status_by_role(client, world, book, ["manager", "mentor", "outsider"], "post", data) == {
        "manager": 403,  # only the cohort's members book
        "mentor": 403,
        "outsider": 404,
    }
    assert OfficeHourBooking.objects.count() == 0


def test_mentor_publishes_and_a_member_books_and_cancels(client, world):
    cohort = world["cohort"]
    url = reverse("programs:mentor_slots", args=[cohort.pk])
    login(client, world, "mentor")
    day = (timezone.now() + datetime.timedelta(days=5)).astimezone(ISTANBUL).date()
    bad = client.post(url, {"starts_at": f"{day}T10:00", "ends_at": f"{day}T09:00"})
    assert bad.context["form"].errors == {"ends_at": ["The end must be after the start."]}
    response = client.post(
        url,
        {
            "starts_at": f"{day}T10:00",
            "ends_at": f"{day}T11:00",
            "location": "https://meet.example/m",
            "repeat_weeks": "1",
        },
    )
    assert response.status_code == 302
    slots = list(OfficeHourSlot.objects.order_by("starts_at"))
    assert [s.starts_at.astimezone(ISTANBUL).strftime("%H:%M") for s in slots] == ["10:00"] * 2

    member_person = login(client, world, "member")
    page = client.get(url)
    assert [s.pk for s in page.context["free_slots"]] == [s.pk for s in slots]
    assert 'href="https://meet.example/m" rel="noopener nofollow"' in page.content.decode()
    empty = client.post(
        reverse("programs:book_slot", args=[slots[0].pk]),
        {"member": world["member"].pk, "topic": ""},
        follow=True,
    )
    assert [str(m) for m in empty.context["messages"]] == ["This field is required."]
    booked = client.post(
        reverse("programs:book_slot", args=[slots[0].pk]),
        {"member": world["member"].pk, "topic": "Seed round"},
        follow=True,
    )
    assert [str(m) for m in booked.context["messages"]] == [
        "Booked. You and the mentor will receive a confirmation by e-mail."
    ]
    booking = OfficeHourBooking.objects.get()
    assert (booking.member, booking.booked_by, booking.topic) == (
        world["member"],
        member_person,
        "Seed round",
    )
    assert [b.pk for b in booked.context["my_bookings"]] == [booking.pk]

    # A fellow member tries the same slot: a clear message, no second booking.
    login(client, world, "fellow")
    again = client.post(
        reverse("programs:book_slot", args=[slots[0].pk]),
        {"member": world["fellow"].pk, "topic": "Hiring"},
        follow=True,
    )
    assert [str(m) for m in again.context["messages"]] == [
        "Someone else has just booked this slot. Please choose another one."
    ]
    # …nor book for another company, nor cancel its booking.
    assert (
        client.post(
            reverse("programs:book_slot", args=[slots[1].pk]),
            {"member": world["member"].pk, "topic": "x"},
        ).status_code
        == 302
    )
    assert OfficeHourBooking.objects.filter(slot=slots[1]).count() == 0
    cancel = reverse("programs:booking_cancel", args=[booking.pk])
    assert client.post(cancel).status_code == 403
    login(client, world, "outsider")
    assert client.post(cancel).status_code == 404
    assert (
        client.post(reverse("programs:book_slot", args=[slots[1].pk]), {"topic": "x"}).status_code
        == 404
    )

    login(client, world, "member")
    assert client.post(cancel).status_code == 302
    assert OfficeHourBooking.objects.count() == 0
    assert AuditEntry.objects.filter(action="office_hours.cancel").count() == 1
    login(client, world, "mentor")
    client.post(reverse("programs:slot_delete", args=[slots[1].pk]))
    assert list(OfficeHourSlot.objects.all()) == [slots[0]]


def test_office_hours_page_shows_the_cap_and_late_bookings_cannot_be_cancelled(client, world):
    cohort = world["cohort"]
    cohort.max_mentor_hours_per_member = Decimal("2")
    cohort.save()
    soon = slot_for(world["mentor"], in_hours=5)
    person = world["people"]["member"]
    OfficeHourBooking.objects.create(slot=soon, member=world["member"], booked_by=person, topic="x")
    login(client, world, "member")
    response = client.get(reverse("programs:mentor_slots", args=[cohort.pk]))
    html = response.content.decode()
    assert "Acme Robotics: 1 of 2 hours of mentoring booked, 1 left." in html
    assert "Less than 24 hours ahead: write to the mentor to cancel." in html
    assert reverse("programs:booking_cancel", args=[soon.booking.pk]) not in html


def test_office_hours_page_queries_do_not_grow_with_slots(client, world):
    login(client, world, "manager")
    url = reverse("programs:mentor_slots", args=[world["cohort"].pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    slot_for(world["mentor"], in_hours=30)
    before = count()
    for hours in (40, 50, 60):
        slot = slot_for(pf.MentorFactory(cohort=world["cohort"]), in_hours=hours)
        OfficeHourBooking.objects.create(
            slot=slot, member=world["fellow"], booked_by=world["people"]["fellow"], topic="x"
        )
    assert count() == before


# --- a member's page: milestones and figures ----------------------------------------------
def test_member_page_per_role(client, world):
    url = reverse("programs:member", args=[world["member"].pk])
    roles = ["anonymous", "outsider", "reviewer", "fellow", "member", "mentor", "manager", "staff"]
    assert status_by_role(client, world, url, roles) == {
        "anonymous": 302,
        "outsider": 404,
        "reviewer": 404,
        "fellow": 403,
        "member": 200,
        "mentor": 200,
        "manager": 200,
        "staff": 200,
    }
    data = {"title": "MVP", "due_on": "2031-01-01"}
    assert status_by_role(client, world, url, ["member", "mentor"], "post", data) == {
        "member": 403,
        "mentor": 403,
    }
    assert Milestone.objects.count() == 0


def test_manager_sets_a_milestone_and_overdue_ones_are_highlighted(client, world):
    member = world["member"]
    url = reverse("programs:member", args=[member.pk])
    login(client, world, "manager")
    response = client.post(url, {"title": "", "due_on": "not a date"})
    assert set(response.context["form"].errors) == {"title", "due_on"}
    assert client.post(url, {"title": "MVP", "due_on": "2020-01-31"}).status_code == 302
    Milestone.objects.create(member=member, title="Done early", due_on="2020-01-01", status="done")
    html = client.get(url).content.decode()
    rows = re.findall(r'<tr data-testid="milestone"( class="row-overdue")?>', html)
    assert rows == ["", ' class="row-overdue"']  # by due date: the done one is not overdue
    assert "1 milestone is overdue." in html


def test_milestone_page_gives_each_side_its_part(client, world):
    milestone = Milestone.objects.create(member=world["member"], title="MVP", due_on="2031-01-31")
    url = reverse("programs:milestone", args=[milestone.pk])
    assert status_by_role(
        client, world, url, ["outsider", "fellow", "mentor", "member", "manager"]
    ) == {
        "outsider": 404,
        "fellow": 403,
        "mentor": 403,
        "member": 200,
        "manager": 200,
    }
    login(client, world, "member")
    progress = {"part": "progress", "status": "done", "evidence": "", "evidence_url": ""}
    response = client.post(url, progress)
    assert response.context["progress_form"].errors == {
        "evidence": ["Say what shows it is done, or give a link."]
    }
    response = client.post(
        url, {**progress, "evidence": "Pilot live", "evidence_url": "https://acme.example/pilot"}
    )
    assert response.status_code == 302
    assert (
        client.post(url, {"part": "plan", "title": "Mine", "due_on": "2031-02-01"}).status_code
        == 403
    )
    assert client.post(url, {"part": "delete"}).status_code == 403
    login(client, world, "manager")
    assert client.post(url, {"part": "progress", "status": "missed"}).status_code == 403
    client.post(url, {"part": "plan", "title": "MVP v2", "due_on": "2031-02-28"})
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on, milestone.status, milestone.evidence) == (
        "MVP v2",
        datetime.date(2031, 2, 28),
        "done",
        "Pilot live",
    )
    client.post(url, {"part": "delete"})
    assert Milestone.objects.count() == 0


def figures(**changes):
    data = {"period": "", "employees": "", "revenue": "", "funding_raised": "", "customers": ""}
    data.update(changes)
    return data


def test_company_reports_monthly_figures_and_corrects_a_month(client, world):
    member = world["member"]
    url = reverse("programs:member_metrics", args=[member.pk])
    assert status_by_role(client, world, url, ["fellow", "mentor", "manager", "member"]) == {
        "fellow": 403,
        "mentor": 403,
        "manager": 403,
        "member": 200,
    }
    login(client, world, "member")
    today = timezone.localdate(timezone=ISTANBUL)
    this_month = today.replace(day=1)
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    response = client.post(
        url, figures(period=next_month.strftime("%Y-%m"), employees="-3", revenue="-1")
    )
    assert response.context["form"].errors == {
        "employees": ["Ensure this value is greater than or equal to 0."],
        "revenue": ["Ensure this value is greater than or equal to 0."],
    }
    response = client.post(url, figures(period=next_month.strftime("%Y-%m"), employees="3"))
    assert response.context["form"].errors == {
        "period": ["You can only report a month that has begun."]
    }
    response = client.post(url, figures(period=this_month.strftime("%Y-%m")))
    assert response.context["form"].non_field_errors() == ["Enter at least one figure."]
    assert MetricReport.objects.count() == 0

    saved = client.post(
        url, figures(period=this_month.strftime("%Y-%m"), employees="4"), follow=True
    )
    month = formats.date_format(this_month, "YEAR_MONTH_FORMAT")
    assert [str(m) for m in saved.context["messages"]] == [f"The figures for {month} were saved."]
    prefilled = client.get(url + "?month=" + this_month.strftime("%Y-%m"))
    assert prefilled.context["form"].initial["employees"] == 4
    updated = client.post(
        url,
        figures(period=this_month.strftime("%Y-%m"), employees="5", revenue="2500.5"),
        follow=True,
    )
    assert [str(m) for m in updated.context["messages"]] == [
        f"The figures for {month} were updated."
    ]
    assert list(MetricReport.objects.values_list("period", "employees", "revenue")) == [
        (this_month, 5, Decimal("2500.50"))
    ]


def test_member_page_draws_csp_safe_svg_charts_with_a_table(client, world):
    member = world["member"]
    for month, employees, revenue in ((1, 3, "1000"), (2, 4, None), (4, 6, "5000")):
        MetricReport.objects.create(
            member=member,
            period=datetime.date(2030, month, 1),
            employees=employees,
            revenue=revenue,
        )
    login(client, world, "mentor")
    response = client.get(reverse("programs:member", args=[member.pk]))
    html = response.content.decode()
    svgs = re.findall(r"<svg [^>]*>", html)
    chart_svgs = [tag for tag in svgs if 'class="chart"' in tag]
    assert len(chart_svgs) == 4
    assert all('role="img"' in tag and "aria-label=" in tag for tag in chart_svgs)
    assert 'aria-label="Employees: Jan 2030 3; Feb 2030 4; Apr 2030 6"' in html
    assert 'aria-label="Customers: No figures yet"' in html
    assert "style=" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        tag for tag in re.findall(r"<script[^>]*>", html) if "htmx.min.js" in tag
    ]
    table = response.context["history"]
    assert [(row["period"], row["employees"]) for row in table] == [
        (datetime.date(2030, 4, 1), 6),
        (datetime.date(2030, 2, 1), 4),
        (datetime.date(2030, 1, 1), 3),
    ]
    assert 'data-testid="figures-table"' in html
    assert reverse("programs:member_metrics", args=[member.pk]) not in html  # mentors only read


# --- placements ---------------------------------------------------------------------------
@pytest.fixture
def exchange(world):
    programme = pf.ProgrammeFactory(kind="specialist_exchange")
    host = factories.OrganisationFactory(name="Host Lab")
    people = {
        "programme_manager": factories.MembershipFactory(
            organisation=programme.owner, role="manager"
        ).person,
        "specialist": factories.PersonFactory(email="elif@young.example"),
        "host_mentor": factories.MembershipFactory(
            organisation=host, person__email="rashad@host.az"
        ).person,
        "host_manager": factories.MembershipFactory(organisation=host, role="manager").person,
        "host_member": factories.MembershipFactory(organisation=host).person,
    }
    world["people"].update(people)
    placement = Placement.objects.create(
        programme=programme,
        specialist=people["specialist"],
        host=host,
        host_mentor=people["host_mentor"],
        starts_on=datetime.date(2030, 9, 1),
        ends_on=datetime.date(2030, 11, 30),
        learning_goals="Clean-room work",
    )
    return {"programme": programme, "host": host, "placement": placement}


def test_placement_list_per_role_in_constant_queries(client, world, exchange):
    url = reverse("programs:placements")
    roles = [
        "anonymous",
        "outsider",
        "specialist",
        "host_manager",
        "manager",
        "programme_manager",
        "staff",
    ]
    assert status_by_role(client, world, url, roles) == {
        "anonymous": 302,
        "outsider": 403,
        "specialist": 403,
        "host_manager": 403,
        "manager": 200,  # manages another programme: sees none of these
        "programme_manager": 200,
        "staff": 200,
    }
    login(client, world, "manager")
    assert list(client.get(url).context["page"]) == []
    login(client, world, "programme_manager")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        Placement.objects.create(
            programme=exchange["programme"],
            specialist=factories.PersonFactory(),
            host=factories.OrganisationFactory(),
            host_mentor=factories.PersonFactory(),
            starts_on=datetime.date(2031, 1, 1),
            ends_on=datetime.date(2031, 2, 1),
        )
    assert count() == before
    assert len(client.get(url + "?status=planned").context["page"]) == 4
    assert len(client.get(url + "?status=ongoing").context["page"]) == 0


def test_programme_manager_creates_a_placement(client, world, exchange):
    login(client, world, "programme_manager")
    url = reverse("programs:placements")
    data = {
        "programme": exchange["programme"].pk,
        "specialist_email": "ghost@example.org",
        "host": exchange["host"].pk,
        "host_mentor_email": "rashad@host.az",
        "starts_on": "2031-03-01",
        "ends_on": "2031-02-01",
        "learning_goals": "Metrology",
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "specialist_email": [
            "Nobody has an account with this e-mail address. Ask them to sign up first."
        ]
    }
    specialist = factories.PersonFactory(email="deniz@young.example")
    response = client.post(url, {**data, "specialist_email": specialist.email})
    assert response.context["form"].errors == {"ends_on": ["The end must not be before the start."]}
    response = client.post(
        url, {**data, "specialist_email": specialist.email, "ends_on": "2031-05-31"}
    )
    placement = Placement.objects.get(specialist=specialist)
    assert response.url == reverse("programs:placement", args=[placement.pk])
    # A programme the user does not manage is not a choice.
    other = pf.ProgrammeFactory()
    response = client.post(
        url, {**data, "programme": other.pk, "specialist_email": specialist.email}
    )
    assert list(response.context["form"].errors) == ["programme"]


def test_placement_page_per_role_and_each_writes_their_own_part(client, world, exchange):
    placement = exchange["placement"]
    url = reverse("programs:placement", args=[placement.pk])
    roles = [
        "anonymous",
        "outsider",
        "host_member",
        "specialist",
        "host_mentor",
        "host_manager",
        "programme_manager",
        "staff",
    ]
    assert status_by_role(client, world, url, roles) == {
        "anonymous": 302,
        "outsider": 404,
        "host_member": 404,
        "specialist": 200,
        "host_mentor": 200,
        "host_manager": 200,
        "programme_manager": 200,
        "staff": 200,
    }
    # Before it starts nobody writes a report or an evaluation.
    login(client, world, "specialist")
    assert client.get(url).context["forms"]["report"] is None
    assert client.post(url, {"part": "report", "final_report": "x"}).status_code == 403
    login(client, world, "programme_manager")
    assert client.post(url, {"part": "status", "status": "completed"}).context["forms"][
        "status"
    ].errors == {
        "status": ["Select a valid choice. completed is not one of the available choices."]
    }
    assert client.post(url, {"part": "status", "status": "ongoing"}).status_code == 302
    assert client.post(url, {"part": "report", "final_report": "x"}).status_code == 403
    assert (
        client.post(
            url, {"part": "evaluation", "host_evaluation": "x", "host_rating": "5"}
        ).status_code
        == 403
    )

    login(client, world, "specialist")
    assert (
        client.post(
            url, {"part": "evaluation", "host_evaluation": "x", "host_rating": "5"}
        ).status_code
        == 403
    )
    assert client.post(url, {"part": "status", "status": "completed"}).status_code == 403
    assert (
        client.post(url, {"part": "report", "final_report": "Learned lithography."}).status_code
        == 302
    )

    login(client, world, "host_mentor")
    assert client.post(url, {"part": "report", "final_report": "Mine now"}).status_code == 403
    response = client.post(
        url, {"part": "evaluation", "host_evaluation": "Careful.", "host_rating": "9"}
    )
    assert list(response.context["forms"]["evaluation"].errors) == ["host_rating"]
    assert (
        client.post(
            url, {"part": "evaluation", "host_evaluation": "Careful.", "host_rating": "4"}
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert (
        placement.status,
        placement.final_report,
        placement.host_evaluation,
        placement.host_rating,
    ) == (
        "ongoing",
        "Learned lithography.",
        "Careful.",
        4,
    )
    login(client, world, "programme_manager")
    html = client.get(url).content.decode()
    assert "Learned lithography." in html and "Careful." in html and "Rating: 4 of 5" in html
