"""The organisers' pages of a brokerage day: who may open them, setting one up and its
settings, the time grid (sessions, breaks, slots, meeting places, booths), the meetings
list, "schedule all" with its progress and figures, the grid editor (feasible cells, move,
lock, unschedule), publishing, statistics with charts and the CSV/XLSX exports."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from korpu.common.models import OutboxMessage
from korpu.events.models import Event
from korpu.matchmaking import services
from korpu.matchmaking.models import (
    BrokerageDay,
    GridSession,
    Location,
    Meeting,
    MeetingFeedback,
    ScheduleRun,
    Slot,
)
from tests import factories as directory
from tests.events.factories import EventFactory, organiser_manager
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
    organiser,
)

pytestmark = pytest.mark.django_db

MANAGE_PAGES = ["manage", "manage_grid", "manage_meetings", "manage_schedule", "statistics"]


def url(name, day, *args):
    return reverse(f"matchmaking:{name}", args=[day.event.slug, *args])


@pytest.fixture
def day():
    return BrokerageDayFactory()


@pytest.fixture
def boss(day, client):
    person = organiser(day)
    client.force_login(person)
    return person


@pytest.fixture
def slots(day):
    return add_slots(day, 4)


@pytest.fixture
def tables(day):
    return [LocationFactory(brokerage_day=day, name=f"Table {i}") for i in (1, 2)]


@pytest.fixture
def people(day):
    sector = directory.SectorFactory(slug="robotics", name="Robotics")
    az = ProfileFactory(brokerage_day=day, country="AZ", sectors=[sector])
    tr = ProfileFactory(brokerage_day=day, country="TR", sectors=[sector])
    tr2 = ProfileFactory(brokerage_day=day, country="TR")
    return az, tr, tr2


# --- who may open what --------------------------------------------------------------------------
def test_only_the_organisers_open_the_organisers_pages(client, day, people):
    participant = people[0].person
    pages = [url(name, day) for name in MANAGE_PAGES] + [
        url("export_statistics", day, "csv"),
        url("export_meetings", day, "xlsx"),
    ]
    response = client.get(pages[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(participant)
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)
    # A member (not a manager) of the organiser runs nothing either.
    client.force_login(organiser(day, role="member"))
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)
    client.force_login(organiser(day))
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    # A draft event is not even seen by outsiders.
    day.event.status = Event.Status.DRAFT
    day.event.save()
    client.force_login(participant)
    assert client.get(pages[0]).status_code == 404


def test_posts_of_the_organisers_pages_are_refused_to_participants(client, day, people, slots):
    az, tr, _tr2 = people
    agreed = meeting(az, tr)
    client.force_login(az.person)
    for name, args, data in [
        ("manage", (), {"request_mode": "opt_out"}),
        ("manage_grid", (), {"part": "generate"}),
        ("schedule_run", (), {"time_limit": "1"}),
        ("publish", (), {"status": "final"}),
        ("meeting_lock", (agreed.pk,), {"locked": "1"}),
        ("meeting_unschedule", (agreed.pk,), {}),
        ("meeting_cancel", (agreed.pk,), {}),
    ]:
        assert client.post(url(name, day, *args), data).status_code == 403, name
    day.refresh_from_db()
    agreed.refresh_from_db()
    assert (day.request_mode, day.schedule_status, agreed.status) == (
        "opt_in",
        "draft",
        "confirmed",
    )
    assert not ScheduleRun.objects.exists()


def test_the_event_management_links_to_the_brokerage_day(client, day, boss):
    body = client.get(reverse("events:manage", args=[day.event.slug])).content.decode()
    assert url("manage", day) in body


# --- setting up and settings ---------------------------------------------------------------------
def settings_post(**extra):
    data = {
        "intro_en": "",
        "request_mode": "opt_in",
        "request_expiry_hours": "48",
        "slot_minutes": "30",
        "self_scheduling": "on",
        "profiles_open": "on",
        "requests_open": "on",
        "video_link": "",
        "reminder_minutes": "10",
    }
    data.update(extra)
    return data


def test_setting_up_a_brokerage_day_for_a_conference(client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE)
    client.force_login(organiser_manager(conference))
    setup = reverse("matchmaking:setup", args=[conference.slug])
    assert client.get(setup).status_code == 200
    response = client.post(setup, settings_post(slot_minutes="25"))
    assert response.status_code == 200 and "slot_minutes" in response.context["form"].errors
    assert not BrokerageDay.objects.exists()
    response = client.post(setup, settings_post(intro="Meet the Gebze companies."))
    assert response.status_code == 302
    day = BrokerageDay.objects.get(event=conference)
    assert (day.slot_minutes, day.request_expiry_hours, day.self_scheduling) == (30, 48, True)
    assert day.intro == "Meet the Gebze companies."
    # Once it exists, the address leads to its page.
    assert client.get(setup)["Location"] == url("manage", day)
    # A training holds no B2B meetings.
    training = EventFactory()
    client.force_login(organiser_manager(training))
    training_setup = reverse("matchmaking:setup", args=[training.slug])
    assert client.get(training_setup).context["allowed"] is False
    client.post(training_setup, settings_post())
    assert not BrokerageDay.objects.filter(event=training).exists()


def test_settings_are_saved_and_bad_values_refused(client, day, boss):
    assert client.post(url("manage", day), settings_post(request_mode="opt_out")).status_code == 302
    day.refresh_from_db()
    assert (day.request_mode, day.slot_minutes, day.reminder_minutes) == ("opt_out", 30, 10)
    for bad in (
        {"request_expiry_hours": "0"},
        {"request_mode": "sometimes"},
        {"video_link": "not a link"},
        {"reminder_minutes": "-5"},
    ):
        response = client.post(url("manage", day), settings_post(slot_minutes="15", **bad))
        assert response.status_code == 200
        assert set(response.context["form"].errors) == set(bad), bad
        day.refresh_from_db()
        assert day.slot_minutes == 30


# --- the time grid -----------------------------------------------------------------------------
def test_sessions_with_breaks_generate_slots(client, day, boss):
    date = timezone.localtime(day.event.starts_at, day.zone).date()
    grid = url("manage_grid", day)
    session = {
        "part": "session",
        "session-date": date.isoformat(),
        "session-starts": "09:00",
        "session-ends": "11:00",
        "session-break1_starts": "09:50",
        "session-break1_ends": "10:10",
    }
    # A break without its end, and a session ending before it starts: refused, nothing added.
    response = client.post(grid, {**session, "session-break1_ends": ""})
    assert response.status_code == 200
    assert "break1_ends" in response.context["forms"]["session"].errors
    response = client.post(grid, {**session, "session-ends": "08:00"})
    assert response.status_code == 200
    assert response.context["forms"]["session"].non_field_errors()
    assert not GridSession.objects.exists()
    assert client.post(grid, session).status_code == 302
    assert client.post(grid, {"part": "generate"}).status_code == 302
    local = [
        timezone.localtime(s.starts_at, day.zone).strftime("%H:%M")
        for s in Slot.objects.filter(brokerage_day=day).order_by("starts_at")
    ]
    assert local == ["09:00", "09:20", "10:10", "10:30"]
    # Overlapping another session is refused.
    response = client.post(grid, {**session, "session-starts": "10:30", "session-ends": "12:00"})
    assert response.context["forms"]["session"].non_field_errors()
    assert GridSession.objects.count() == 1
    session_row = GridSession.objects.get()
    client.post(grid, {"part": "remove_session", "session": session_row.pk})
    assert not GridSession.objects.exists() and not Slot.objects.exists()


def test_meeting_places_capacity_and_booths(client, day, boss, people, slots):
    grid = url("manage_grid", day)
    response = client.post(
        grid,
        {
            "part": "location",
            "location-kind": "table",
            "location-name": "Table",
            "location-capacity": "1",
            "location-count": "3",
        },
    )
    assert response.status_code == 302
    assert list(Location.objects.values_list("name", flat=True)) == [
        "Table 1",
        "Table 2",
        "Table 3",
    ]
    response = client.post(
        grid,
        {
            "part": "location",
            "location-kind": "booth",
            "location-name": "Booth A",
            "location-capacity": "2",
            "location-count": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["forms"]["location"].non_field_errors()
    assert Location.objects.count() == 3
    client.post(
        grid,
        {
            "part": "location",
            "location-kind": "booth",
            "location-name": "Booth A",
            "location-capacity": "1",
            "location-count": "1",
        },
    )
    booth = Location.objects.get(kind="booth")
    az = people[0]
    client.post(grid, {"part": "booth", "location": booth.pk, f"b{booth.pk}-profile": az.pk})
    az.refresh_from_db()
    assert az.booth == booth
    client.post(grid, {"part": "booth", "location": booth.pk, f"b{booth.pk}-profile": ""})
    az.refresh_from_db()
    assert az.booth is None
    table = Location.objects.get(name="Table 1")
    client.post(grid, {"part": "capacity", "location": table.pk, f"l{table.pk}-capacity": "4"})
    table.refresh_from_db()
    assert table.capacity == 4
    client.post(grid, {"part": "capacity", "location": table.pk, f"l{table.pk}-capacity": "0"})
    table.refresh_from_db()
    assert table.capacity == 4
    page = client.get(grid).content.decode()
    assert "Booth A" in page and "Table 3" in page


# --- meetings -------------------------------------------------------------------------------
def test_meetings_list_filters_arranges_and_cancels(client, day, boss, people, slots, tables):
    az, tr, tr2 = people
    placed = meeting(az, tr, slot=slots[0], location=tables[0])
    waiting = meeting(az, tr2)
    page = client.get(url("manage_meetings", day))
    assert [m.pk for m in page.context["page"]] == [placed.pk, waiting.pk]
    page = client.get(url("manage_meetings", day), {"scheduled": "no"})
    assert [m.pk for m in page.context["page"]] == [waiting.pk]
    page = client.get(url("manage_meetings", day), {"participant": tr.pk})
    assert [m.pk for m in page.context["page"]] == [placed.pk]
    # Arranging: one participant is not a meeting.
    response = client.post(
        url("manage_meetings", day), {"arrange-participants": [tr.pk], "arrange-weight": "1"}
    )
    assert response.status_code == 200 and "participants" in response.context["arrange"].errors
    response = client.post(
        url("manage_meetings", day),
        {"arrange-participants": [tr.pk, tr2.pk], "arrange-weight": "3"},
    )
    assert response.status_code == 302
    arranged = Meeting.objects.exclude(pk__in=[placed.pk, waiting.pk]).get()
    assert (set(arranged.participants.all()), arranged.weight) == ({tr, tr2}, 3)
    client.post(url("meeting_cancel", day, placed.pk), {"reason": "Double booking"})
    placed.refresh_from_db()
    assert (placed.status, placed.slot) == ("cancelled", None)


# --- scheduling -------------------------------------------------------------------------------
def test_schedule_all_runs_and_shows_its_figures(
    client, day, boss, people, slots, tables, django_capture_on_commit_callbacks
):
    az, tr, tr2 = people
    meetings = [meeting(az, tr), meeting(az, tr2), meeting(tr, tr2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("schedule_run", day), {"time_limit": "5"})
    assert response.status_code == 302
    run = ScheduleRun.objects.get()
    assert run.status == "done", run.error  # the test settings run tasks at once
    for item in meetings:
        item.refresh_from_db()
    assert all(m.slot_id and m.location_id for m in meetings)
    page = client.get(url("manage_schedule", day))
    figures = page.context["figures"]
    assert (figures["meetings"], figures["scheduled"], figures["weight"]) == (3, 3, 3)
    assert figures["bound"] >= figures["weight"]
    body = page.content.decode()
    assert "Proved upper bound" in body and "Idle slots" in body
    assert body.count('data-testid="grid-meeting"') == 3
    # A bad time limit is refused without a run.
    client.post(url("schedule_run", day), {"time_limit": "0"})
    assert ScheduleRun.objects.count() == 1


def test_progress_is_polled_while_the_run_works(client, day, boss):
    run = ScheduleRun.objects.create(
        brokerage_day=day, requested_by=boss, status="running", progress=0.4
    )
    progress = url("schedule_progress", day, run.pk)
    assert client.get(progress)["Location"] == url("manage_schedule", day)  # not HTMX
    response = client.get(progress, {"polling": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="run"')
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body
    ScheduleRun.objects.filter(pk=run.pk).update(status="done", progress=1.0)
    response = client.get(progress, {"polling": "1"}, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    other = BrokerageDayFactory()
    assert client.get(url("schedule_progress", day, 10**6)).status_code == 404
    stranger = ScheduleRun.objects.create(brokerage_day=other)
    assert client.get(url("schedule_progress", day, stranger.pk)).status_code == 404


def test_the_grid_editor_marks_feasible_cells_and_moves(client, day, boss, people, slots, tables):
    az, tr, tr2 = people
    first = meeting(az, tr, slot=slots[0], location=tables[0])
    second = meeting(az, tr2)
    page = client.get(url("manage_schedule", day), {"meeting": second.pk})
    feasible = services.feasible_cells(second)
    body = page.content.decode()
    assert page.context["chosen"].pk == second.pk
    assert body.count("cell-feasible") == len(feasible) == 3 * 2  # not slot 1: Anar is busy
    # HTMX asks for the grid only.
    partial = client.get(
        url("manage_schedule", day),
        {"meeting": second.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="grid",
    ).content.decode()
    assert partial.lstrip().startswith('<section id="grid"')
    # Into a cell where Anar already meets: refused, nothing moves.
    response = client.post(
        url("meeting_move", day, second.pk),
        {"slot": slots[0].pk, "location": tables[1].pk, "lock": "on"},
        follow=True,
    )
    assert "already has a meeting at this time" in response.content.decode()
    second.refresh_from_db()
    assert second.slot is None
    client.post(
        url("meeting_move", day, second.pk),
        {"slot": slots[2].pk, "location": tables[1].pk, "lock": "on"},
    )
    second.refresh_from_db()
    assert (second.slot, second.location, second.locked, second.placed_by) == (
        slots[2],
        tables[1],
        True,
        "organiser",
    )
    client.post(url("meeting_lock", day, second.pk), {"locked": "0"})
    second.refresh_from_db()
    assert second.locked is False
    client.post(url("meeting_lock", day, first.pk), {"locked": "1"})
    client.post(url("meeting_unschedule", day, second.pk))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.locked, second.slot) == (True, None)
    # A slot or place of another day is not found.
    foreign = LocationFactory()
    response = client.post(
        url("meeting_move", day, second.pk), {"slot": slots[1].pk, "location": foreign.pk}
    )
    assert response.status_code == 404


def test_rerunning_keeps_locked_meetings(
    client, day, boss, people, slots, tables, django_capture_on_commit_callbacks
):
    az, tr, tr2 = people
    kept = meeting(az, tr, slot=slots[3], location=tables[1], locked=True)
    other = meeting(tr, tr2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("schedule_run", day), {"time_limit": "5"})
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.slot, kept.location) == (slots[3], tables[1])
    assert other.slot is not None and other.slot != slots[3]


def mails_to(address: str) -> int:
    return sum(1 for to in OutboxMessage.objects.values_list("to", flat=True) if address in to)


def test_publishing_preliminary_then_final(client, day, boss, people, slots, tables):
    az, tr, _tr2 = people
    meeting(az, tr, slot=slots[0], location=tables[0])
    client.post(url("publish", day), {"status": "preliminary", "notify": "on"})
    day.refresh_from_db()
    assert day.schedule_status == "preliminary"
    assert mails_to(az.person.email) == 1
    client.post(url("publish", day), {"status": "final"})  # without mail this time
    day.refresh_from_db()
    assert day.schedule_status == "final"
    assert mails_to(az.person.email) == 1
    client.post(url("publish", day), {"status": "sometime"})
    day.refresh_from_db()
    assert day.schedule_status == "final"
    client.post(url("publish", day), {"status": "draft"})
    day.refresh_from_db()
    assert (day.schedule_status, day.schedule_published_at) == ("draft", None)


# --- statistics and exports ----------------------------------------------------------------------
@pytest.fixture
def outcomes(day, people, tables):
    az, tr, tr2 = people
    past = add_slots(
        day,
        2,
        date=timezone.localdate(timezone.now() - datetime.timedelta(days=2), day.zone),
        start="10:00",
    )
    services.request_meeting(requester=az, invitee=tr2, actor=az.person)
    done = meeting(az, tr, slot=past[0], location=tables[0])
    missed = meeting(tr, tr2, slot=past[1], location=tables[0])
    MeetingFeedback.objects.create(meeting=done, profile=az, outcome="cooperation_possible")
    MeetingFeedback.objects.create(meeting=done, profile=tr, outcome="informative")
    MeetingFeedback.objects.create(meeting=missed, profile=tr2, outcome="did_not_take_place")
    return done, missed


def test_statistics_page_draws_charts(client, day, boss, outcomes):
    page = client.get(url("statistics", day))
    totals = page.context["totals"]
    assert (totals["requested"], totals["accepted"], totals["scheduled"], totals["realised"]) == (
        1,
        2,
        2,
        1,
    )
    body = page.content.decode()
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') == 5
    assert "cooperation possible" in body
    assert [row["country"] for row in page.context["figures"]["by_country"]] == ["TR", "AZ"]


def test_statistics_export_csv_and_xlsx(client, day, boss, outcomes):
    response = client.get(url("export_statistics", day, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Group",
        "Code",
        "Name",
        "Participants",
        "Meeting requests",
        "Meetings agreed",
        "Meetings scheduled",
        "Meetings realised",
        "Cooperation possible",
        "Feedback answers",
    ]
    assert rows[1][:1] + rows[1][3:9] == ["total", "3", "1", "2", "2", "1", "1"]
    countries = {row[1]: row for row in rows if row[0] == "country"}
    assert countries["AZ"][3:9] == ["1", "1", "1", "1", "1", "1"]
    feedback = {row[1]: row[9] for row in rows if row[0] == "feedback"}
    assert feedback == {
        "did_not_take_place": "1",
        "insufficient_interest": "0",
        "informative": "1",
        "cooperation_possible": "1",
    }
    response = client.get(url("export_statistics", day, "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    assert values[1][3:9] == [3, 1, 2, 2, 1, 1]
    assert client.get(url("export_statistics", day, "pdf")).status_code == 404


def test_meetings_export_lists_times_places_and_feedback(client, day, boss, outcomes):
    done, missed = outcomes
    response = client.get(url("export_meetings", day, "csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == [
        "Meeting",
        "Status",
        "Starts (Asia/Baku)",
        "Ends (Asia/Baku)",
        "Place",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    row = by_id[str(done.pk)]
    start = timezone.localtime(done.slot.starts_at, day.zone).strftime("%Y-%m-%d %H:%M")
    assert (row[2], row[4]) == (start, "Table 1")
    assert "cooperation possible" in row[10] and "informative" in row[10]


def test_pages_carry_no_inline_styles_or_scripts(client, day, boss, people, slots, tables):
    """The Content Security Policy forbids them: every asset is a file the app serves."""
    az, tr, _tr2 = people
    chosen = meeting(az, tr, slot=slots[0], location=tables[0])
    pages = [url(name, day) for name in MANAGE_PAGES]
    pages += [url("manage_schedule", day) + f"?meeting={chosen.pk}"]
    pages += [url(name, day) for name in ("day", "participants", "agenda", "profile_edit")]
    for page in pages:
        if "/manage/" not in page:
            client.force_login(az.person)
        body = client.get(page).content.decode()
        assert " style=" not in body, page
        assert re.findall(r"<script(?![^>]*\bsrc=)", body) == [], page
        assert re.findall(r"""(?:src|href)=["']https?://""", body) == [], page


def test_organisers_remove_a_meeting_place_from_the_grid(client, day, boss, people, slots, tables):
    az, tr, _tr2 = people
    meeting(az, tr, slot=slots[0], location=tables[0])
    page = url("manage_grid", day)
    refused = client.post(page, {"part": "remove_location", "location": tables[0].pk}, follow=True)
    assert "1 meeting takes place there" in refused.content.decode()
    assert Location.objects.filter(pk=tables[0].pk).exists()
    done = client.post(page, {"part": "remove_location", "location": tables[1].pk})
    assert done.status_code == 302 and done["Location"].endswith("#locations")
    assert list(Location.objects.filter(brokerage_day=day)) == [tables[0]]
