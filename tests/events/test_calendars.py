"""Calendar files and feeds (parsed back with the icalendar library), and the calendar page."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from korpu.events import calendars
from korpu.events.models import Event, Registration, SessionSeat
from tests import factories
from tests.events.factories import (
    EventFactory,
    InvitationFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
ISTANBUL = zoneinfo.ZoneInfo("Europe/Istanbul")
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(component["SUMMARY"]) for component in calendar.events]


@pytest.fixture
def event():
    site = factories.SiteFactory(name="Hall A", address="Parkovaya 1")
    return EventFactory(
        title_en="Robotics training",
        title_az="Robototexnika təlimi",
        summary_en="Two days of robots.",
        starts_at=datetime.datetime(2031, 3, 10, 9, 0, tzinfo=BAKU),
        ends_at=datetime.datetime(2031, 3, 10, 17, 30, tzinfo=BAKU),
        site=site,
        online_url="https://meet.example/robots",
    )


def test_event_calendar_is_valid_with_zone_uid_and_language(client, event):
    response = client.get(reverse("events:event_ics", args=[event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    calendar = parse(response.content)
    assert (str(calendar["VERSION"]), str(calendar["METHOD"]), str(calendar["X-WR-CALNAME"])) == (
        "2.0",
        "PUBLISH",
        "Robotics training",
    )
    [vevent] = calendar.events
    assert vevent.start == datetime.datetime(2031, 3, 10, 9, 0, tzinfo=BAKU)
    assert vevent.end == datetime.datetime(2031, 3, 10, 17, 30, tzinfo=BAKU)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Baku"
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Asia/Baku"]
    assert str(vevent["UID"]) == f"event-{event.pk}@korpu"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/en/events/{event.slug}/"
    assert "Hall A" in str(vevent["LOCATION"])
    assert "meet.example" not in response.content.decode()
    assert "DTSTAMP" in vevent
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["Training"]

    az = client.get(reverse("events:event_ics", args=[event.slug]).replace("/en/", "/az/", 1))
    [az_event] = parse(az.content).events
    assert str(az_event["SUMMARY"]) == "Robototexnika təlimi"
    assert str(az_event["URL"]) == f"http://127.0.0.1:8000/az/events/{event.slug}/"
    assert str(az_event["UID"]) == str(vevent["UID"])  # stable whatever the language


def test_cancelled_event_says_so(event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    event.refresh_from_db()
    [vevent] = parse(calendars.event_calendar(event, language="en")).events
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_event_calendar_follows_who_may_see_the_event(client, event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert client.get(reverse("events:event_ics", args=[event.slug])).status_code == 404
    assert client.get(reverse("events:event_ics", args=["no-such-event"])).status_code == 404
    private = EventFactory(visibility=Event.Visibility.INVITATION_ONLY)
    invitation = InvitationFactory(event=private)
    url = reverse("events:event_ics", args=[private.slug])
    assert client.get(url).status_code == 404
    assert client.get(url, {"invitation": "forged"}).status_code == 404
    other_invitation = InvitationFactory()
    assert client.get(url, {"invitation": other_invitation.token}).status_code == 404
    response = client.get(url, {"invitation": invitation.token})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"


def test_person_calendar_has_events_and_their_agenda(event):
    open_session = SessionFactory(
        event=event,
        title="Opening",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
    )
    seated = SessionFactory(event=event, title="Lab A", capacity=10)
    SessionFactory(event=event, title="Lab B", capacity=10)  # no seat: not in the agenda
    registration = RegistrationFactory(event=event)
    SessionSeat.objects.create(session=seated, registration=registration)
    other = EventFactory(
        title="Conference",
        time_zone="Europe/Istanbul",
        starts_at=datetime.datetime(2031, 5, 1, 10, 0, tzinfo=ISTANBUL),
        ends_at=datetime.datetime(2031, 5, 1, 18, 0, tzinfo=ISTANBUL),
    )
    RegistrationFactory(event=other, person=registration.person, status="waitlisted")
    left = EventFactory(title="Left")
    RegistrationFactory(event=left, person=registration.person, status="cancelled")
    RegistrationFactory(event=EventFactory(title="Someone else's"))

    calendar = parse(calendars.person_calendar(registration.person, language="en"))
    assert summaries(calendar) == [
        "Robotics training",
        "Opening · Robotics training",
        "Lab A · Robotics training",
        "Conference",
    ]
    uids = [str(c["UID"]) for c in calendar.events]
    assert uids == [
        f"event-{event.pk}@korpu",
        f"session-{open_session.pk}@korpu",
        f"session-{seated.pk}@korpu",
        f"event-{other.pk}@korpu",
    ]
    assert [str(c["STATUS"]) for c in calendar.events] == [
        "CONFIRMED",
        "CONFIRMED",
        "CONFIRMED",
        "TENTATIVE",
    ]
    conference = calendar.events[3]
    assert conference.start == datetime.datetime(2031, 5, 1, 10, 0, tzinfo=ISTANBUL)
    assert sorted(str(tz["TZID"]) for tz in calendar.timezones) == [
        "Asia/Baku",
        "Europe/Istanbul",
    ]
    # Confirmed: the online link is there.
    assert "https://meet.example/robots" in str(calendar.events[0]["DESCRIPTION"])


def test_online_link_only_for_confirmed_people(event):
    Event.objects.filter(pk=event.pk).update(site=None)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    mine = parse(calendars.person_calendar(confirmed.person, language="en")).events[0]
    assert str(mine["LOCATION"]) == "https://meet.example/robots"
    assert "https://meet.example/robots" in str(mine["DESCRIPTION"])
    theirs = calendars.person_calendar(waiting.person, language="en")
    assert b"meet.example" not in theirs
    assert str(parse(theirs).events[0]["LOCATION"]) == "Online"
    assert b"meet.example" not in calendars.event_calendar(event, language="en")


def test_cancelled_event_stays_in_the_feed_as_cancelled(event):
    registration = RegistrationFactory(event=event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    [vevent] = parse(calendars.person_calendar(registration.person, language="en")).events
    assert (str(vevent["SUMMARY"]), str(vevent["STATUS"])) == ("Robotics training", "CANCELLED")


def test_personal_feed_works_without_a_session_and_refuses_wrong_tokens(client, event):
    registration = RegistrationFactory(event=event)
    person = registration.person
    token = calendars.feed_token(person)
    assert token == calendars.feed_token(person)  # stable: subscriptions keep working
    response = client.get(reverse("events:personal_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == CALENDAR_TYPE
    assert summaries(parse(response.content)) == ["Robotics training"]

    other = factories.PersonFactory()
    forged = [
        f"{other.pk}-{token.split('-', 1)[1]}",  # someone else's id with this signature
        token[:-1] + ("0" if token[-1] != "0" else "1"),
        str(person.pk),
        "nonsense",
        f"99999999-{token.split('-', 1)[1]}",
    ]
    for bad in forged:
        assert client.get(reverse("events:personal_feed", args=[bad])).status_code == 404, bad
    person.is_active = False
    person.save()
    assert client.get(reverse("events:personal_feed", args=[token])).status_code == 404


def test_my_calendar_page_and_file(client, event):
    registration = RegistrationFactory(event=event)
    page_url = reverse("events:my_calendar")
    assert client.get(page_url).status_code == 302  # to the login page
    assert client.get(reverse("events:my_calendar_file")).status_code == 302
    client.force_login(registration.person)
    response = client.get(page_url)
    token = calendars.feed_token(registration.person)
    feed_url = f"http://testserver/en/events/calendar/feed/{token}.ics"
    assert response.context["feed_url"] == feed_url
    assert (
        response.context["webcal_url"] == f"webcal://testserver/en/events/calendar/feed/{token}.ics"
    )
    assert f'value="{feed_url}"' in response.content.decode()
    download = client.get(reverse("events:my_calendar_file"))
    assert download["Content-Type"] == CALENDAR_TYPE
    assert summaries(parse(download.content)) == ["Robotics training"]


def test_organisation_feed_lists_its_public_published_events(client, event):
    organisation = event.organisers.first()
    cancelled = EventFactory(title="Cancelled one", status=Event.Status.CANCELLED)
    cancelled.organisers.set([organisation])
    for hidden in (
        EventFactory(title="Draft", status=Event.Status.DRAFT),
        EventFactory(title="Private", visibility=Event.Visibility.INVITATION_ONLY),
    ):
        hidden.organisers.set([organisation])
    EventFactory(title="Another organiser's")
    response = client.get(reverse("events:organisation_feed", args=[organisation.pk]))
    assert response["Content-Type"] == CALENDAR_TYPE
    calendar = parse(response.content)
    assert (str(calendar["X-PUBLISHED-TTL"]), calendar["REFRESH-INTERVAL"].dt) == (
        "PT1H",
        datetime.timedelta(hours=1),
    )
    by_title = {str(c["SUMMARY"]): str(c["STATUS"]) for c in calendar.events}
    assert by_title == {"Cancelled one": "CANCELLED", "Robotics training": "CONFIRMED"}
    assert str(calendar["X-WR-CALNAME"]) == f"{organisation.name}: events"
    assert client.get(reverse("events:organisation_feed", args=[987654])).status_code == 404


def test_calendar_texts_follow_the_requested_language(event):
    with translation.override("en"):
        registration = RegistrationFactory(event=event)
    calendar = parse(calendars.person_calendar(registration.person, language="az"))
    assert summaries(calendar) == ["Robototexnika təlimi"]
