"""Participant and attendance exports (CSV, XLSX) and the statistics page."""

import csv
import datetime
import io
import time
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from korpu.directory.models import Organisation, Person
from korpu.events import exports
from korpu.events.models import CheckIn, Event, Question, Registration
from tests import factories
from tests.events.factories import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
CONSENT = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def event():
    return EventFactory(
        title="Robotics training",
        starts_at=datetime.datetime(2031, 3, 10, 9, 0, tzinfo=BAKU),
        ends_at=datetime.datetime(2031, 3, 10, 17, 0, tzinfo=BAKU),
    )


@pytest.fixture
def filled(event):
    """Two questions, a confirmed person with a hostile name and answers, one waiting."""
    motivation = QuestionFactory(event=event, label_en="Motivation", label_az="Motivasiya")
    level = QuestionFactory(
        event=event,
        label_en="Topics",
        label_az="Mövzular",
        kind=Question.Kind.MULTIPLE_CHOICE,
        choices=["AI", "Robots", "IoT"],
    )
    agrees = QuestionFactory(event=event, label_en="Newsletter", kind=Question.Kind.YES_NO)
    QuestionFactory(event=event, form=Question.Form.SURVEY, label_en="Not a registration one")
    org = factories.OrganisationFactory(name='=HYPERLINK("http://evil")', kind="startup")
    attacker = factories.PersonFactory(
        first_name="=1+2", last_name="@SUM(A1)", email="eve@example.org", country="TR"
    )
    factories.MembershipFactory(person=attacker, organisation=org)
    confirmed = RegistrationFactory(
        event=event,
        person=attacker,
        answers={
            str(motivation.pk): "-learn robots",
            str(level.pk): ["AI", "IoT"],
            str(agrees.pk): True,
        },
    )
    Registration.objects.filter(pk=confirmed.pk).update(
        created_at=datetime.datetime(2031, 2, 1, 8, 30, tzinfo=datetime.UTC),
        confirmed_at=datetime.datetime(2031, 2, 1, 8, 30, tzinfo=datetime.UTC),
    )
    CheckIn.objects.create(
        registration=confirmed,
        checked_in_at=datetime.datetime(2031, 3, 10, 5, 0, tzinfo=datetime.UTC),
    )
    waiting = RegistrationFactory(
        event=event,
        person__first_name="Aysel",
        person__last_name="Məmmədova",
        person__email="aysel@example.az",
        status=Registration.Status.WAITLISTED,
        confirmed_at=None,
    )
    Registration.objects.filter(pk=waiting.pk).update(
        created_at=datetime.datetime(2031, 2, 2, 10, 0, tzinfo=datetime.UTC)
    )
    return {"questions": [motivation, level, agrees], "confirmed": confirmed, "waiting": waiting}


def export_url(event, what, fmt, language="en"):
    url = reverse(f"events:export_{what}", args=[event.slug, fmt])
    return url.replace("/en/", f"/{language}/", 1)


def test_registrations_csv_guards_formulas_and_has_answer_columns(client, event, filled):
    client.force_login(organiser_manager(event))
    response = client.get(export_url(event, "registrations", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{event.slug}-registrations.csv"'
    )
    rows = read_csv(response)
    assert rows == [
        [
            "First name",
            "Last name",
            "E-mail address",
            "Status",
            "Registered (Asia/Baku)",
            "Confirmed (Asia/Baku)",
            "Country",
            "Organisation",
            "Checked in (Asia/Baku)",
            "Motivation",
            "Topics",
            "Newsletter",
        ],
        [
            "'=1+2",
            "'@SUM(A1)",
            "eve@example.org",
            "confirmed",
            "2031-02-01 12:30",
            "2031-02-01 12:30",
            "Türkiye",
            '\'=HYPERLINK("http://evil")',
            "2031-03-10 09:00",
            "'-learn robots",
            "AI; IoT",
            "Yes",
        ],
        [
            "Aysel",
            "Məmmədova",
            "aysel@example.az",
            "on the waiting list",
            "2031-02-02 14:00",
            "",
            "Azerbaijan",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


def test_registrations_xlsx_in_azerbaijani_keeps_formulas_as_text(client, event, filled):
    client.force_login(organiser_manager(event))
    response = client.get(export_url(event, "registrations", "xlsx", language="az"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows[0]
    assert heading[-3:] == ("Motivasiya", "Mövzular", "Newsletter")
    assert heading[6] == "Ölkə"  # "Country" in Azerbaijani
    first = list(sheet[2])
    assert [(c.value, c.data_type) for c in first[:2]] == [("=1+2", "s"), ("@SUM(A1)", "s")]
    assert first[4].value == datetime.datetime(2031, 2, 1, 12, 30)
    assert rows[1][6] == "Türkiyə"
    with translation.override("az"):
        assert rows[1][-1] == translation.gettext("Yes") != "Yes"
    assert len(rows) == 3


def test_attendance_export_has_a_column_per_session_and_a_percentage(client, event):
    sessions = [
        SessionFactory(
            event=event, title=f"Day {n}", starts_at=event.starts_at + datetime.timedelta(hours=n)
        )
        for n in (0, 2, 4)
    ]
    coffee = SessionFactory(
        event=event,
        title="Coffee",
        counts_for_attendance=False,
        starts_at=event.starts_at + datetime.timedelta(hours=6),
    )
    full = RegistrationFactory(event=event, person__first_name="Ali", person__last_name="A")
    half = RegistrationFactory(event=event, person__first_name="Bea", person__last_name="B")
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)  # not listed
    at = datetime.datetime(2031, 3, 10, 6, 5, tzinfo=datetime.UTC)
    CheckIn.objects.create(registration=full, checked_in_at=at)
    for session in [*sessions, coffee]:
        CheckIn.objects.create(registration=full, session=session, checked_in_at=at)
    for session in sessions[:2]:
        CheckIn.objects.create(registration=half, session=session, checked_in_at=at)

    client.force_login(organiser_manager(event))
    rows = read_csv(client.get(export_url(event, "attendance", "csv")))
    assert rows == [
        [
            "First name",
            "Last name",
            "E-mail address",
            "Entrance (Asia/Baku)",
            "Day 0 (2031-03-10 09:00)",
            "Day 2 (2031-03-10 11:00)",
            "Day 4 (2031-03-10 13:00)",
            "Coffee (2031-03-10 15:00)",
            "Attendance (%)",
        ],
        ["Ali", "A", full.person.email, *["2031-03-10 10:05"] * 5, "100"],
        # 2 of the 3 sessions that count (not the coffee break), rounded down as for
        # certificates.
        ["Bea", "B", half.person.email, "", "2031-03-10 10:05", "2031-03-10 10:05", "", "", "66"],
    ]
    xlsx = read_xlsx(client.get(export_url(event, "attendance", "xlsx")))
    assert [row[-1] for row in xlsx] == ["Attendance (%)", 100, 66]


def test_exports_are_for_organisers_only(client, event, filled):
    for what in ("registrations", "attendance"):
        url = export_url(event, what, "csv")
        assert client.get(url).status_code == 302  # to the login page
        client.force_login(filled["confirmed"].person)
        assert client.get(url).status_code == 403
        client.logout()
    client.force_login(organiser_manager(event))
    assert client.get(export_url(event, "registrations", "pdf")).status_code == 404
    assert client.get(reverse("events:exports", args=[event.slug])).status_code == 200
    draft = EventFactory(status=Event.Status.DRAFT)
    client.force_login(filled["confirmed"].person)
    assert client.get(export_url(draft, "registrations", "csv")).status_code == 404


def test_ten_thousand_rows_export_quickly(client, event, django_assert_max_num_queries):
    question = QuestionFactory(event=event, label_en="Why")
    people = factories.PersonFactory.build_batch(10_000)
    for index, person in enumerate(people):
        person.email = f"bulk{index}@example.org"
        person.password = "!"
    Person.objects.bulk_create(people)
    saved = Person.objects.filter(email__startswith="bulk").order_by("pk")
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            status=Registration.Status.CONFIRMED,
            answers={str(question.pk): f"because {person.pk}"},
            ticket_code=f"t{person.pk}",
        )
        for person in saved
    )
    client.force_login(organiser_manager(event))
    started = time.perf_counter()
    with django_assert_max_num_queries(40):
        rows = read_csv(client.get(export_url(event, "registrations", "csv")))
    elapsed = time.perf_counter() - started
    assert len(rows) == 10_001
    assert elapsed < 15, f"10k-row CSV took {elapsed:.1f}s"
    started = time.perf_counter()
    xlsx = read_xlsx(client.get(export_url(event, "registrations", "xlsx")))
    xlsx_elapsed = time.perf_counter() - started
    assert len(xlsx) == 10_001
    assert xlsx[-1][-1] == f"because {saved.last().pk}"
    assert xlsx_elapsed < 30, f"10k-row XLSX took {xlsx_elapsed:.1f}s"
    print(f"10,000-row registration export: CSV {elapsed:.2f}s, XLSX {xlsx_elapsed:.2f}s")


# --- statistics --------------------------------------------------------------------------------
@pytest.fixture
def crowd(event):
    """Six registrations: five active (three consented to statistics), one cancelled."""
    agency = factories.OrganisationFactory(kind=Organisation.Kind.AGENCY)
    startup = factories.OrganisationFactory(kind=Organisation.Kind.STARTUP)

    def person(country, gender="", birth_year=None, organisation=None, consent=True):
        p = factories.PersonFactory(
            country=country,
            gender=gender,
            birth_year=birth_year,
            statistics_consent_at=CONSENT if consent else None,
        )
        if organisation:
            factories.MembershipFactory(person=p, organisation=organisation)
        return p

    people = [
        person("AZ", "female", 2010, startup),  # 21 in 2031: 18–29
        person("AZ", "male", 1995, agency),  # 36: 30–44
        person("TR", "female", None, startup),  # consented, age unknown
        person("TR", consent=False),
        person("", consent=False),
    ]
    statuses = ["confirmed", "confirmed", "confirmed", "waitlisted", "pending_approval"]
    registrations = [
        RegistrationFactory(event=event, person=p, status=s)
        for p, s in zip(people, statuses, strict=True)
    ]
    registrations.append(
        RegistrationFactory(event=event, status="cancelled", person=person("DE", "male", 1950))
    )
    for registration, day in zip(registrations, (1, 1, 3, 4, 4, 2), strict=True):
        Registration.objects.filter(pk=registration.pk).update(
            created_at=datetime.datetime(2031, 2, day, 8, 0, tzinfo=datetime.UTC)
        )
    session = SessionFactory(event=event, title="Keynote")
    CheckIn.objects.create(registration=registrations[0], session=session)
    CheckIn.objects.create(registration=registrations[1])
    return registrations


def test_statistics_figures(event, crowd):
    figures = exports.statistics(event)
    assert (figures["total"], figures["active"], figures["consented"]) == (6, 5, 3)
    assert [(key, n) for key, _label, n in figures["by_status"]] == [
        ("pending_approval", 1),
        ("confirmed", 3),
        ("waitlisted", 1),
        ("offered", 0),
        ("cancelled", 1),
        ("rejected", 0),
        ("expired", 0),
    ]
    assert figures["by_country"] == [
        ("AZ", "Azerbaijan", 2),
        ("TR", "Türkiye", 2),
        ("unknown", "not given", 1),
    ]
    assert figures["by_gender"] == [("female", "female", 2), ("male", "male", 1)]
    assert figures["by_age"] == [
        ("18_29", "18–29", 1),
        ("30_44", "30–44", 1),
        ("unknown", "not given", 1),
    ]
    assert figures["youth"] == 1
    assert figures["by_kind"] == [
        ("none", "no organisation", 2),
        ("startup", "startup", 2),
        ("agency", "innovation agency", 1),
    ]
    assert figures["over_time"] == [
        (datetime.date(2031, 2, 1), 2),
        (datetime.date(2031, 2, 2), 3),
        (datetime.date(2031, 2, 3), 4),
        (datetime.date(2031, 2, 4), 6),
    ]
    assert (figures["confirmed"], figures["attended"]) == (3, 2)
    assert figures["attendance_rate"] == 2 / 3
    assert [(s.title, n) for s, n in figures["by_session"]] == [("Keynote", 1)]


def test_age_groups():
    assert [exports.age_group(a) for a in (None, 12, 17, 18, 29, 30, 44, 45, 90)] == [
        "unknown",
        "under_18",
        "under_18",
        "18_29",
        "18_29",
        "30_44",
        "30_44",
        "45_plus",
        "45_plus",
    ]


def test_statistics_page_draws_charts_with_tables(client, event, crowd):
    url = reverse("events:statistics", args=[event.slug])
    client.force_login(crowd[0].person)
    assert client.get(url).status_code == 403
    client.force_login(organiser_manager(event))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    assert [(r["label"], r["count"], r["share"]) for r in charts["country"]["rows"]] == [
        ("Azerbaijan", 2, "40%"),
        ("Türkiye", 2, "40%"),
        ("not given", 1, "20%"),
    ]
    assert sum(r["count"] for r in charts["status"]["rows"]) == 6
    assert sum(r["count"] for r in charts["gender"]["rows"]) == charts["gender"]["total"] == 3
    assert (
        'aria-label="Participants by country: Azerbaijan 2 (40%); Türkiye 2 (40%); '
        'not given 1 (20%)"' in html
    )
    assert 'aria-label="Participants by gender: female 2 (67%); male 1 (33%)"' in html
    assert 'data-testid="table-country"' in html and 'data-testid="table-over-time"' in html
    assert response.context["attendance_rate"] == "67%"
    assert "style=" not in html


def test_statistics_page_of_an_event_without_registrations(client, event):
    client.force_login(organiser_manager(event))
    response = client.get(reverse("events:statistics", args=[event.slug]))
    assert response.status_code == 200
    assert 'aria-label="Registrations over time: No registrations yet"' in response.content.decode()
    assert response.context["attendance_rate"] is None


def test_statistics_in_turkish_write_percent_first(client, event, crowd):
    client.force_login(organiser_manager(event))
    url = reverse("events:statistics", args=[event.slug]).replace("/en/", "/tr/", 1)
    charts = {chart["id"]: chart for chart in client.get(url).context["charts"]}
    assert charts["country"]["rows"][0]["share"] == "%40"


def test_registrations_over_time_by_week_for_long_periods(event):
    for day in (datetime.date(2030, 1, 1), datetime.date(2030, 6, 1)):
        registration = RegistrationFactory(event=event)
        Registration.objects.filter(pk=registration.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)), BAKU)
        )
    points = exports.registrations_over_time(event)
    assert points[0] == (datetime.date(2029, 12, 31), 1)  # the Monday of that week
    assert points[-1] == (datetime.date(2030, 5, 27), 2)
    assert all((b[0] - a[0]).days == 7 for a, b in zip(points, points[1:], strict=False))
