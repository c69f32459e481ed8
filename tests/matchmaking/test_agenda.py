"""A participant's agenda as a PDF and as an iCalendar file: the meetings with their time
(in the event's zone), table and the other side; nothing of a time not yet published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from icalendar import Calendar

from korpu.matchmaking import agenda
from tests import factories as directory
from tests.events.test_tickets import page_count, pdf_text
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    day = BrokerageDayFactory(schedule_status="final")
    slots = add_slots(day, 3, start="14:00")
    table = LocationFactory(brokerage_day=day, name="Masa 12")
    video = LocationFactory(
        brokerage_day=day, name="Online 1", kind="virtual", video_link="https://meet.example.org/1"
    )
    company = directory.OrganisationFactory(name="Gəncə Sənaye")
    aysel = ProfileFactory(
        brokerage_day=day,
        person__first_name="Aysel",
        person__last_name="Məmmədova",
        organisation=company,
    )
    emre = ProfileFactory(
        brokerage_day=day,
        person__first_name="Emre",
        person__last_name="Şahin",
        organisation=directory.OrganisationFactory(name="Gebze Otomasyon"),
    )
    deniz = ProfileFactory(brokerage_day=day, person__first_name="Deniz", person__last_name="Işık")
    placed = meeting(aysel, emre, slot=slots[1], location=table)
    online = meeting(aysel, deniz, slot=slots[2], location=video)
    waiting = meeting(aysel, ProfileFactory(brokerage_day=day))
    return {
        "day": day,
        "slots": slots,
        "aysel": aysel,
        "placed": placed,
        "online": online,
        "waiting": waiting,
    }


def test_agenda_pdf_lists_each_meeting_with_time_table_and_other_side(world):
    aysel = world["aysel"]
    with translation.override("en"):
        data = agenda.agenda_pdf(aysel, compress=False)
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 1
    lines = pdf_text(data).splitlines()
    start = timezone.localtime(world["slots"][1].starts_at, world["day"].zone)
    assert "Aysel Məmmədova · Gəncə Sənaye" in lines
    assert "Masa 12" in lines
    assert "Gebze Otomasyon (Emre Şahin)" in lines
    end = timezone.localtime(world["slots"][1].ends_at, world["day"].zone)
    with translation.override("en"):
        times = "{}–{}".format(
            formats.time_format(start, "TIME_FORMAT"), formats.time_format(end, "TIME_FORMAT")
        )
        date = formats.date_format(start, "DATE_FORMAT")
    assert lines[lines.index("Masa 12") - 2 : lines.index("Masa 12")] == [date, times]
    # The virtual room's link (wrapped over lines in its cell).
    assert "Online 1 ·https://meet.example.org/1" in "".join(lines)
    assert "to be announced" in lines  # the meeting still waiting for a time


def test_agenda_pdf_is_written_in_the_language_asked_for(world):
    with translation.override("en"):
        english = pdf_text(agenda.agenda_pdf(world["aysel"], compress=False, language="en"))
        turkish = pdf_text(agenda.agenda_pdf(world["aysel"], compress=False, language="tr"))
    assert "Meeting agenda" in english.splitlines()
    with translation.override("tr"):
        expected = translation.gettext("Meeting agenda")
    assert expected in turkish.splitlines()


def test_agenda_ics_parses_and_holds_the_scheduled_meetings(world):
    data = agenda.agenda_calendar(world["aysel"], language="en")
    calendar = Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    placed, online = world["placed"], world["online"]
    assert set(events) == {
        f"brokerage-meeting-{placed.pk}@korpu",
        f"brokerage-meeting-{online.pk}@korpu",
    }
    entry = events[f"brokerage-meeting-{placed.pk}@korpu"]
    assert entry.decoded("dtstart") == world["slots"][1].starts_at
    assert str(entry["dtstart"].params["TZID"]) == "Asia/Baku"
    assert entry.decoded("dtend") - entry.decoded("dtstart") == datetime.timedelta(minutes=20)
    assert str(entry["location"]) == "Masa 12"
    assert "Gebze Otomasyon (Emre Şahin)" in str(entry["summary"])
    assert str(entry["status"]) == "CONFIRMED"
    assert "https://meet.example.org/1" in str(
        events[f"brokerage-meeting-{online.pk}@korpu"]["location"]
    )
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]


def test_nothing_of_an_unpublished_time_is_shown(world):
    day = world["day"]
    day.schedule_status = "draft"
    day.save()
    aysel = world["aysel"]
    aysel.brokerage_day = day
    calendar = Calendar.from_ical(agenda.agenda_calendar(aysel, language="en"))
    assert list(calendar.walk("VEVENT")) == []
    lines = pdf_text(agenda.agenda_pdf(aysel, compress=False, language="en")).splitlines()
    assert "Masa 12" not in lines
    assert lines.count("to be announced") == 3


def test_agenda_files_are_served_to_the_participant_only(client, world):
    day = world["day"]
    pdf = reverse("matchmaking:agenda_pdf", args=[day.event.slug])
    ics = reverse("matchmaking:agenda_ics", args=[day.event.slug])
    client.force_login(world["aysel"].person)
    response = client.get(pdf)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "Masa 12" in pdf_text(response.content).splitlines()
    response = client.get(ics)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2
    # Another participant gets their own (empty) agenda, never Aysel's.
    client.force_login(ProfileFactory(brokerage_day=day).person)
    assert Calendar.from_ical(client.get(ics).content).walk("VEVENT") == []
    client.force_login(directory.PersonFactory())
    assert client.get(pdf).status_code == 403
