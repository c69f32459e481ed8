"""Usage and cost reports: a month of known bookings gives exact figures per company, per
project and per resource (open hours minus closures, capacity, linked bookings, no-shows,
costs per currency), months across a daylight-saving change, the CSV and XLSX downloads
read back, the charts, and who may see the reports."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from korpu.facilities import usage
from korpu.facilities.models import Booking, Closure, Project
from tests import factories as directory

from .factories import BookingFactory, FacilityFactory, ResourceFactory, facility_manager

pytestmark = pytest.mark.django_db

BAKU = ZoneInfo("Asia/Baku")
MARCH = datetime.date(2025, 3, 1)


def at(day: int, hour: int, minute: int = 0, month: int = 3, zone=BAKU) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=zone)


def hours(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@pytest.fixture
def world():
    """A lab with an instrument (every day 08–20), two desks (weekdays 09–17, two at
    once) and the room the instrument stands in (booked together with it), and a month
    of bookings by two companies, one of them for a project."""
    facility = FacilityFactory(slug="optics-lab", name="Optics lab")
    instrument = ResourceFactory(facility=facility, name="Spectrometer", currency="AZN")
    desks = ResourceFactory(
        facility=facility,
        name="Desks",
        capacity=2,
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
        open_weekdays=[0, 1, 2, 3, 4],
    )
    room = ResourceFactory(facility=facility, name="Dark room")
    instrument.linked_resources.add(room)
    resident = directory.OrganisationFactory(name="Anar Optics", country="AZ")
    guest = directory.OrganisationFactory(name="Boğaziçi Lazer", country="TR")
    project = Project.objects.create(
        park=facility.park, slug="fibre", title_en="Fibre sensor", lead=resident
    )
    people = [directory.PersonFactory(), directory.PersonFactory()]

    def book(resource, start, end, **extra):
        return BookingFactory(
            resource=resource,
            person=extra.pop("person", people[0]),
            starts_at=start,
            ends_at=end,
            currency=extra.pop("currency", "AZN"),
            **extra,
        )

    first = book(
        instrument,
        at(3, 10),
        at(3, 12),
        organisation=resident,
        project=project,
        price_category="resident",
        hourly_price=Decimal("50.00"),
        checked_in_at=at(3, 10, 5),
        checked_out_at=at(3, 11, 35),
    )
    # The room booked with it, at its own price, used while the instrument was.
    book(
        room,
        at(3, 10),
        at(3, 12),
        organisation=resident,
        project=project,
        linked_to=first,
        hourly_price=Decimal("10.00"),
    )
    # Checked in, never checked out: used until the booked end.
    book(
        instrument,
        at(4, 14),
        at(4, 15, 30),
        person=people[1],
        organisation=guest,
        price_category="external",
        hourly_price=Decimal("80.00"),
        checked_in_at=at(4, 14),
    )
    book(
        instrument,
        at(5, 9),
        at(5, 10),
        organisation=resident,
        project=project,
        hourly_price=Decimal("50.00"),
        status=Booking.Status.NO_SHOW,
    )
    book(instrument, at(6, 9), at(6, 10), status=Booking.Status.CANCELLED)
    book(instrument, at(7, 9), at(7, 10), status=Booking.Status.PENDING)
    book(desks, at(10, 9), at(10, 13))  # free of charge, nobody's company
    book(
        desks,
        at(11, 10),
        at(11, 11),
        person=people[1],
        organisation=guest,
        hourly_price=Decimal("30.00"),
        currency="TRY",
    )
    # Outside March: February and April.
    book(instrument, at(28, 10, month=2), at(28, 11, month=2), hourly_price=Decimal("50.00"))
    book(instrument, at(1, 10, month=4), at(1, 11, month=4))
    # The instrument is closed two days for maintenance; the whole lab two hours.
    Closure.objects.create(
        facility=facility, resource=instrument, starts_at=at(20, 8), ends_at=at(21, 20)
    )
    Closure.objects.create(facility=facility, starts_at=at(31, 12), ends_at=at(31, 14))
    return {
        "facility": facility,
        "instrument": instrument,
        "desks": desks,
        "room": room,
        "resident": resident,
        "guest": guest,
        "project": project,
    }


def figures(row) -> tuple:
    return (row.label, row.bookings, row.booked_hours, row.used_hours, row.no_shows, row.costs)


def test_month_per_company_project_and_resource(world):
    report = usage.facility_usage(world["facility"], month=datetime.date(2025, 3, 17))
    assert report.month == MARCH
    assert (report.starts_at, report.ends_at) == (at(1, 0), at(1, 0, month=4))
    assert report.currencies == ["AZN", "TRY"]
    azn, tr = Decimal, Decimal
    assert [figures(row) for row in report.companies] == [
        ("Anar Optics", 2, hours(4), hours(3), 1, {"AZN": azn("120.00")}),
        ("Boğaziçi Lazer", 2, hours(2.5), hours(1.5), 0, {"AZN": azn("120.00"), "TRY": tr("30")}),
        ("not charged to a company", 1, hours(4), hours(0), 0, {}),
    ]
    assert [figures(row) for row in report.projects] == [
        ("Fibre sensor", 2, hours(4), hours(3), 1, {"AZN": azn("120.00")}),
        (
            "not charged to a project",
            3,
            hours(6.5),
            hours(1.5),
            0,
            {"AZN": azn("120.00"), "TRY": tr("30")},
        ),
    ]
    assert figures(report.totals) == (
        "Total",
        5,
        hours(10.5),
        hours(4.5),
        1,
        {"AZN": azn("240.00"), "TRY": tr("30.00")},
    )
    by_name = {row.label: row for row in report.resources}
    # Open hours: 31 days × 12 h, minus two closed days (2 × 12 h) and the lab's 2 hours.
    # Desks: 21 weekdays × 8 h minus the 2 hours (31 March is a Monday), two at once.
    assert {
        name: (row.open_hours, row.capacity, row.booked_hours, row.used_hours, row.no_shows)
        for name, row in by_name.items()
    } == {
        "Spectrometer": (hours(346), 1, hours(3.5), hours(3), 1),
        "Desks": (hours(166), 2, hours(5), hours(0), 0),
        "Dark room": (hours(370), 1, hours(2), hours(1.5), 0),
    }
    assert by_name["Spectrometer"].utilisation == pytest.approx(3.5 / 346)
    assert by_name["Desks"].utilisation == pytest.approx(5 / (166 * 2))
    assert by_name["Dark room"].used_share == pytest.approx(1.5 / 370)
    assert report.utilisation == pytest.approx(10.5 / (346 + 332 + 370))
    assert [row.cost_values for row in report.companies] == [
        [Decimal("120.00"), None],
        [Decimal("120.00"), Decimal("30.00")],
        [None, None],
    ]


def test_resource_report_lists_its_bookings(world):
    report = usage.resource_usage(world["instrument"], month=MARCH)
    assert [(b.starts_at, b.status) for b in report.bookings] == [
        (at(3, 10), "approved"),
        (at(4, 14), "approved"),
        (at(5, 9), "no_show"),
    ]
    assert [r.label for r in report.resources] == ["Spectrometer"]
    assert figures(report.totals)[1:] == (2, hours(3.5), hours(3), 1, {"AZN": Decimal("220.00")})


def test_monthly_series_counts_each_booking_in_the_month_it_starts(world):
    months = usage.monthly_usage(world["facility"], last=datetime.date(2025, 4, 1), months=3)
    assert [(m.month, m.usage.bookings, m.usage.booked_hours) for m in months] == [
        (datetime.date(2025, 2, 1), 1, hours(1)),
        (MARCH, 5, hours(10.5)),
        (datetime.date(2025, 4, 1), 1, hours(1)),
    ]
    # The open capacity of March is the resources' open hours times their capacity.
    assert months[1].usage.open_hours == hours(346 + 166 * 2 + 370)
    one = usage.monthly_usage(world["facility"], last=MARCH, months=1, resource=world["desks"])
    assert (one[0].usage.booked_hours, one[0].usage.open_hours) == (hours(5), hours(332))


def test_report_reads_a_fixed_number_of_queries(world):
    def queries_of_report() -> int:
        with CaptureQueriesContext(connection) as captured:
            report = usage.facility_usage(world["facility"], month=MARCH)
            usage.monthly_usage(world["facility"], last=MARCH)
            for what in usage.EXPORTS:
                usage.report_rows(report, what, language="en")
        return len(captured)

    before = queries_of_report()
    for day in range(12, 20):
        company = directory.OrganisationFactory()
        project = Project.objects.create(
            park=world["facility"].park, slug=f"p{day}", title_en="P", lead=company
        )
        BookingFactory(
            resource=world["instrument"],
            starts_at=at(day, 9),
            ends_at=at(day, 10),
            organisation=company,
            project=project,
            checked_in_at=at(day, 9),
        )
    assert queries_of_report() == before


def test_open_hours_across_a_daylight_saving_change():
    """Europe/Berlin springs forward on 30 March 2025 and falls back on 26 October: a
    resource open around the clock is open 743 hours in March and 745 in October."""
    facility = FacilityFactory(park__time_zone="Europe/Berlin")
    always = ResourceFactory(
        facility=facility, opens_at=datetime.time(0), closes_at=datetime.time(0)
    )
    zone = ZoneInfo("Europe/Berlin")
    march = usage.resource_usage(always, month=MARCH)
    october = usage.resource_usage(always, month=datetime.date(2025, 10, 1))
    assert (march.resources[0].open_hours, october.resources[0].open_hours) == (
        hours(743),
        hours(745),
    )
    # A booking over the change at night counts its real length.
    BookingFactory(
        resource=always,
        starts_at=datetime.datetime(2025, 3, 30, 1, 0, tzinfo=zone),
        ends_at=datetime.datetime(2025, 3, 30, 4, 0, tzinfo=zone),
    )
    assert usage.resource_usage(always, month=MARCH).totals.booked_hours == hours(2)


def test_months_are_read_strictly():
    assert usage.parse_month("2025-03") == MARCH
    assert [usage.parse_month(v) for v in ("2025-13", "march", "", None, "2025-03-01")] == [
        None
    ] * 5
    assert usage.add_months(datetime.date(2025, 11, 1), 3) == datetime.date(2026, 2, 1)
    assert usage.add_months(MARCH, -3) == datetime.date(2024, 12, 1)


# --- pages and downloads ---------------------------------------------------------------------
def url(name, *args):
    return reverse(f"facilities:{name}", args=args)


@pytest.fixture
def manager(world, client):
    person = facility_manager(world["facility"])
    client.force_login(person)
    return person


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    # Read-only mode leaves out empty cells at the end of a row.
    width = max(len(row) for row in rows)
    return [row + [None] * (width - len(row)) for row in rows]


def test_company_download_as_csv_and_xlsx(client, world, manager):
    address = url("usage_export", "optics-lab", "companies", "csv") + "?month=2025-03"
    response = client.get(address)
    assert 'filename="optics-lab-usage-2025-03-companies.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows == [
        [
            "Company",
            "Country",
            "Bookings",
            "Booked hours",
            "Used hours",
            "No-shows",
            "Cost (AZN)",
            "Cost (TRY)",
        ],
        ["Anar Optics", "AZ", "2", "4.00", "3.00", "1", "120.00", ""],
        ["Boğaziçi Lazer", "TR", "2", "2.50", "1.50", "0", "120.00", "30.00"],
        ["not charged to a company", "", "1", "4.00", "0.00", "0", "", ""],
        ["Total", "", "5", "10.50", "4.50", "1", "240.00", "30.00"],
    ]
    response = client.get(address.replace(".csv", ".xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    values = read_xlsx(response)
    assert values[0] == rows[0]
    assert values[1] == ["Anar Optics", "AZ", 2, 4, 3, 1, 120, None]
    assert values[-1] == ["Total", None, 5, 10.5, 4.5, 1, 240, 30]


def test_resource_and_booking_downloads(client, world, manager):
    rows = read_csv(
        client.get(url("usage_export", "optics-lab", "resources", "csv") + "?month=2025-03")
    )
    assert rows[0][:7] == [
        "Resource",
        "Capacity",
        "Open hours",
        "Booked hours",
        "Utilisation (%)",
        "Used hours",
        "Used (%)",
    ]
    assert {row[0]: row[1:5] for row in rows[1:]} == {
        "Spectrometer": ["1", "346.00", "3.50", str(round(3.5 / 346 * 100, 1))],
        "Desks": ["2", "166.00", "5.00", str(round(5 / 332 * 100, 1))],
        "Dark room": ["1", "370.00", "2.00", str(round(2 / 370 * 100, 1))],
    }
    bookings = read_xlsx(
        client.get(
            url("resource_usage_export", world["instrument"].slug, "bookings", "xlsx")
            + "?month=2025-03"
        )
    )
    assert bookings[0][2:4] == ["Starts (Asia/Baku)", "Ends (Asia/Baku)"]
    assert [(row[2], row[4], row[8], row[14]) for row in bookings[1:]] == [
        (datetime.datetime(2025, 3, 3, 10, 0), "booked", 2, 100),
        (datetime.datetime(2025, 3, 4, 14, 0), "booked", 1.5, 120),
        (datetime.datetime(2025, 3, 5, 9, 0), "released (no-show)", None, None),
    ]
    assert client.get(url("usage_export", "optics-lab", "companies", "pdf")).status_code == 404
    assert client.get(url("usage_export", "optics-lab", "secrets", "csv")).status_code == 404


def test_usage_page_shows_tables_charts_and_month_picker(client, world, manager):
    response = client.get(url("usage", "optics-lab"), {"month": "2025-03"})
    assert response.status_code == 200
    page = response.content.decode()
    for marker in ("table-resources", "table-companies", "table-projects", "table-months"):
        assert f'data-testid="{marker}"' in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') == 2
    assert "Spectrometer booked (1%)" in page and "March 2025 10.5" in page
    companies = page.split('data-testid="table-companies"')[1].split("</table>")[0]
    assert "Boğaziçi Lazer" in companies and "120.00" in companies and "30.00" in companies
    assert 'value="2025-03"' in page and "?month=2025-02" in page and "?month=2025-04" in page
    response = client.get(url("resource_usage", world["instrument"].slug), {"month": "2025-03"})
    assert response.status_code == 200
    bookings = response.content.decode().split('data-testid="table-bookings"')[1]
    bookings = bookings.split("</table>")[0]
    assert bookings.count("<tr>") == 4  # the heading and three bookings
    assert "released (no-show)" in bookings and "220.00" in response.content.decode()


def test_usage_page_in_turkish_and_azerbaijani(client, world, manager):
    page = client.get("/tr/labs/optics-lab/usage/", {"month": "2025-03"}).content.decode()
    # Turkish writes the month's name and puts the percent sign first.
    assert "Mart 2025" in page and "%1,0" in page
    page = client.get("/az/labs/optics-lab/usage/", {"month": "2025-03"}).content.decode()
    assert "1,0%" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [("2025-13", "is not a month"), ("1500-01", "Reports cover")],
)
def test_a_bad_month_is_said_and_the_current_month_shown(client, world, manager, value, message):
    response = client.get(url("usage", "optics-lab"), {"month": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="month-error"' in page and message in page


def test_only_facility_managers_see_usage(client, world):
    pages = [
        url("usage", "optics-lab"),
        url("usage_export", "optics-lab", "companies", "csv"),
        url("resource_usage", world["instrument"].slug),
        url("resource_usage_export", world["instrument"].slug, "bookings", "xlsx"),
    ]
    response = client.get(pages[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(directory.PersonFactory())
    assert [client.get(page).status_code for page in pages] == [403] * 4
    # Someone at the company that booked is not a facility manager either.
    client.force_login(directory.MembershipFactory(organisation=world["resident"]).person)
    assert client.get(pages[0]).status_code == 403
    assert client.get(url("usage", "no-such-lab")).status_code == 404
    client.force_login(facility_manager(world["facility"]))
    assert [client.get(page).status_code for page in pages] == [200] * 4
