"""Public and participant event pages: the list, an event, its agenda, registering, a
person's registration (cancel, offers, ticket) and their events and agenda."""

import datetime
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from korpu.events.models import Event, Invitation, Question, Registration, SessionSeat, Speaker
from tests import factories
from tests.events.factories import (
    EventFactory,
    InvitationFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db

S = Registration.Status
BAKU = zoneinfo.ZoneInfo("Asia/Baku")
DAY = datetime.timedelta(days=1)


VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr"}


def texts(response, testid: str) -> list[str]:
    """The whitespace-normalised text of each element carrying ``data-testid``."""

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.found, self.current = 0, [], None

        def handle_starttag(self, tag, attrs):
            if self.current is not None:
                self.depth += tag not in VOID
            elif dict(attrs).get("data-testid") == testid:
                self.current, self.depth = [], 1

        def handle_endtag(self, tag):
            if self.current is None:
                return
            self.depth -= 1
            if self.depth == 0:
                self.found.append(" ".join("".join(self.current).split()))
                self.current = None

        def handle_data(self, data):
            if self.current is not None:
                self.current.append(data)

    collector = Collector()
    collector.feed(response.content.decode())
    return collector.found


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, event=None, **query):
    address = reverse(f"events:{name}", args=[event.slug] if event else [])
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def baku(days_ahead: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localtime(timezone.now(), BAKU).date() + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BAKU)


@pytest.fixture
def participant(client):
    person = factories.PersonFactory(email="leyla@example.az", first_name="Leyla")
    client.force_login(person)
    return person


# --- the list ------------------------------------------------------------------------------
def test_list_shows_upcoming_public_events_in_date_order(client):
    later = EventFactory(title="Later training", starts_at=timezone.now() + 20 * DAY)
    sooner = EventFactory(title="Sooner seminar", kind=Event.Kind.SEMINAR)
    EventFactory(
        title="Last year",
        starts_at=timezone.now() - 30 * DAY,
        ends_at=timezone.now() - 29 * DAY,
    )
    EventFactory(title="Draft", status=Event.Status.DRAFT)
    EventFactory(title="Private", visibility=Event.Visibility.INVITATION_ONLY)
    response = client.get(url("events"))
    assert response.status_code == 200
    assert [e.title for e in response.context["page"]] == [sooner.title, later.title]
    assert response.context["when"] == "upcoming"

    past = client.get(url("events", when="past"))
    assert [e.title for e in past.context["page"]] == ["Last year"]


def test_card_shows_kind_dates_venue_organisers_languages_and_places(client):
    park = factories.ParkFactory(city="Gebze", country="TR")
    organiser = factories.OrganisationFactory(name="GOSB Teknopark")
    event = EventFactory(
        title="Robotics training",
        summary="Two days with robots.",
        site=factories.SiteFactory(park=park),
        starts_at=baku(10, 10),
        ends_at=baku(11, 17),
        capacity=2,
        languages=["tr", "en"],
        organisers=[organiser],
    )
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=S.WAITLISTED, waitlisted_at=timezone.now())
    start, end = event.starts_at.astimezone(BAKU), event.ends_at.astimezone(BAKU)
    response = client.get(url("events"))
    assert texts(response, "event-card") == [
        f"Training Robotics training {date_format(start, 'DATE_FORMAT')} – "
        f"{date_format(end, 'DATE_FORMAT')} · Gebze, Türkiye GOSB Teknopark "
        "Two days with robots. Turkish English 1 place left"
    ]


def test_filters_by_kind_language_country_organiser_and_title(client):
    agency = factories.OrganisationFactory(slug="ia", name="Innovation Agency")
    gebze = factories.SiteFactory(park=factories.ParkFactory(country="TR"))
    baku_site = factories.SiteFactory(park=factories.ParkFactory(country="AZ"))
    EventFactory(title="AI seminar", kind=Event.Kind.SEMINAR, languages=["az"], site=baku_site)
    EventFactory(title="Robotics training", languages=["tr"], site=gebze, organisers=[agency])
    EventFactory(title="Online conference", kind=Event.Kind.CONFERENCE, languages=["en", "tr"])

    def titles(**query):
        response = client.get(url("events", **query))
        assert response.status_code == 200
        return sorted(e.title for e in response.context["page"])

    assert titles(kind="seminar") == ["AI seminar"]
    assert titles(language="tr") == ["Online conference", "Robotics training"]
    assert titles(country="AZ") == ["AI seminar"]
    assert titles(organiser="ia") == ["Robotics training"]
    assert titles(q="robot") == ["Robotics training"]
    # A stale bookmark (an unknown value) is dropped, not an error page.
    assert titles(kind="opera") == ["AI seminar", "Online conference", "Robotics training"]
    form = client.get(url("events")).context["form"]
    assert [c[0] for c in form.fields["language"].choices] == ["", "az", "en", "tr"]
    assert [c[0] for c in form.fields["country"].choices] == ["", "AZ", "TR"]


def test_htmx_filter_answers_with_the_results_only(client):
    EventFactory(title="AI seminar", kind=Event.Kind.SEMINAR)
    EventFactory(title="Robotics training")
    response = client.get(url("events", kind="seminar"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert [e.title for e in response.context["page"]] == ["AI seminar"]


def test_list_is_paginated(client):
    for n in range(26):
        EventFactory(title=f"Event {n:02}", starts_at=timezone.now() + (n + 1) * DAY)
    first = client.get(url("events"))
    second = client.get(url("events", page=2))
    assert len(first.context["page"]) == 24
    assert [e.title for e in second.context["page"]] == ["Event 24", "Event 25"]


# --- visibility ----------------------------------------------------------------------------
def test_draft_and_invitation_only_events_are_hidden_without_a_link(client, participant):
    draft = EventFactory(status=Event.Status.DRAFT)
    private = EventFactory(visibility=Event.Visibility.INVITATION_ONLY)
    assert client.get(url("event", draft)).status_code == 404
    assert client.get(url("event", private)).status_code == 404
    assert client.get(url("agenda", private)).status_code == 404
    assert [e.pk for e in client.get(url("events")).context["page"]] == []


def test_invitation_link_opens_an_invitation_only_event(client, participant):
    private = EventFactory(title="Closed workshop", visibility=Event.Visibility.INVITATION_ONLY)
    invitation = InvitationFactory(event=private, email=participant.email)
    response = client.get(url("event", private, invitation=invitation.token))
    assert response.status_code == 200
    assert response.context["box"]["state"] == "open"
    # The register button carries the token on.
    assert f"register/?invitation={invitation.token}" in response.content.decode()
    # Without the token the box explains the event is by invitation (for people who see it).
    organiser_member = factories.MembershipFactory(organisation=private.organisers.first()).person
    client.force_login(organiser_member)
    assert client.get(url("event", private)).context["box"]["state"] == "invitation_only"


def test_a_forged_invitation_link_says_so_and_reveals_nothing(client, participant):
    private = EventFactory(title="Closed workshop", visibility=Event.Visibility.INVITATION_ONLY)
    InvitationFactory(event=private, email=participant.email)
    response = client.get(url("event", private, invitation="forged-token"))
    assert response.status_code == 404
    assert "Invitation not valid" in response.content.decode()
    assert "Closed workshop" not in response.content.decode()
    posted = client.post(url("register", private), {"invitation": "forged-token"})
    assert posted.status_code == 404
    assert Registration.objects.count() == 0


# --- registering ---------------------------------------------------------------------------
def test_signed_out_visitors_are_sent_to_sign_in_and_back(client):
    event = EventFactory()
    response = client.get(url("register", event))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=" + url("register", event)
    page = client.get(url("event", event))
    assert page.context["box"]["login_url"] == response["Location"]


def test_register_confirmed_then_waitlisted_with_position(client, participant):
    event = EventFactory(capacity=1)
    response = client.post(url("register", event), follow=True)
    assert response.redirect_chain == [(url("registration", event), 302)]
    assert message_texts(response) == ["You are registered: your place is confirmed."]
    assert texts(response, "registration-status")[0].startswith("Status: confirmed")
    mine = Registration.objects.get(person=participant)
    assert mine.status == S.CONFIRMED

    other = factories.PersonFactory()
    client.force_login(other)
    response = client.post(url("register", event), follow=True)
    assert message_texts(response) == [
        "The event is full: you are on the waiting list, position 1. "
        "We will write to you as soon as a place frees up."
    ]
    assert texts(response, "waitlist-position") == [
        "You are on the waiting list, position 1. We will write to you as soon as a place frees up."
    ]
    page = client.get(url("event", event))
    assert page.context["box"]["state"] == "waitlisted"
    assert texts(page, "places") == ["No places left. · 1 person on the waiting list"]


def test_approval_events_say_the_registration_awaits_approval(client, participant):
    event = EventFactory(requires_approval=True)
    response = client.post(url("register", event), follow=True)
    assert message_texts(response) == [
        "Your registration was received and awaits the organisers' approval."
    ]
    assert Registration.objects.get().status == S.PENDING_APPROVAL


def test_registering_twice_is_refused_on_the_form(client, participant):
    event = EventFactory()
    RegistrationFactory(event=event, person=participant)
    # The page itself sends a registered person to their registration...
    response = client.get(url("register", event))
    assert response["Location"] == url("registration", event)
    # ...and a second POST gets the service's words, writing nothing.
    response = client.post(url("register", event))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You are already registered for this event."
    ]
    assert Registration.objects.filter(event=event).count() == 1


def test_registering_after_the_deadline_is_refused(client, participant):
    event = EventFactory(registration_closes_at=timezone.now() - DAY)
    page = client.get(url("register", event))
    assert page.context["is_open"] is False
    assert "Registration is closed." in page.content.decode()
    response = client.post(url("register", event))
    assert response.context["form"].non_field_errors() == [
        "Registration for this event has closed."
    ]
    assert Registration.objects.count() == 0
    assert client.get(url("event", event)).context["box"]["state"] == "closed"


def test_invitation_for_another_address_is_refused_and_a_right_one_registers(client, participant):
    private = EventFactory(visibility=Event.Visibility.INVITATION_ONLY, capacity=5)
    theirs = InvitationFactory(event=private, email="someone.else@example.org")
    mine = InvitationFactory(event=private, email=participant.email)
    response = client.post(url("register", private), {"invitation": theirs.token})
    assert response.context["form"].non_field_errors() == [
        "This invitation was sent to another e-mail address. Sign in with someone.else@example.org."
    ]
    assert Registration.objects.count() == 0

    response = client.post(url("register", private), {"invitation": mine.token}, follow=True)
    assert message_texts(response) == ["You are registered: your place is confirmed."]
    registration = Registration.objects.get()
    assert (registration.person, registration.status, registration.invitation) == (
        participant,
        S.CONFIRMED,
        mine,
    )
    assert Invitation.objects.get(pk=mine.pk).used_at is not None
    # Registered, the person now sees the event without the link.
    assert client.get(url("event", private)).status_code == 200


def test_registration_questions_are_asked_checked_and_shown(client, participant):
    event = EventFactory()
    organisation = QuestionFactory(event=event, label="Your organisation")
    diet = QuestionFactory(
        event=event,
        kind=Question.Kind.CHOICE,
        label="Meal",
        choices=["vegetarian", "any"],
        required=False,
    )
    laptop = QuestionFactory(event=event, kind=Question.Kind.YES_NO, label="Laptop?")
    QuestionFactory(event=event, form=Question.Form.SURVEY, label="How was it?")
    page = client.get(url("register", event))
    assert list(page.context["form"].fields) == [
        "invitation",
        f"q{organisation.pk}",
        f"q{diet.pk}",
        f"q{laptop.pk}",
    ]
    # A missing required answer and a forged option: errors beside the fields, nothing saved.
    response = client.post(url("register", event), {f"q{diet.pk}": "steak"})
    form = response.context["form"]
    assert form.errors == {
        f"q{organisation.pk}": ["This question needs an answer."],
        f"q{diet.pk}": ["Select a valid choice. steak is not one of the available choices."],
        f"q{laptop.pk}": ["This question needs an answer."],
    }
    assert Registration.objects.count() == 0

    data = {f"q{organisation.pk}": "Baku Robotics", f"q{diet.pk}": "any", f"q{laptop.pk}": "yes"}
    response = client.post(url("register", event), data, follow=True)
    registration = Registration.objects.get()
    assert registration.answers == {
        str(organisation.pk): "Baku Robotics",
        str(diet.pk): "any",
        str(laptop.pk): True,
    }
    assert texts(response, "answers") == ["Your organisation Baku Robotics Meal any Laptop? Yes"]


def test_sessions_with_places_are_chosen_when_registering(client, participant):
    event = EventFactory()
    workshop = SessionFactory(event=event, title="Soldering workshop", capacity=1)
    SessionFactory(event=event, title="Opening", capacity=None)
    page = client.get(url("register", event))
    choices = page.context["form"].fields["sessions"].choices
    assert [(pk, label.split(" · ")[0], label.split(" · ")[-1]) for pk, label in choices] == [
        (workshop.pk, "Soldering workshop", "1 place left")
    ]
    client.post(url("register", event), {"sessions": [str(workshop.pk)]})
    assert list(SessionSeat.objects.values_list("session_id", "registration__person")) == [
        (workshop.pk, participant.pk)
    ]
    agenda = client.get(url("agenda", event))
    assert [(r["session"].title, r["places_left"]) for r in agenda.context["rows"]] == [
        ("Soldering workshop", 0),
        ("Opening", None),
    ]
    assert "you have a place" in agenda.content.decode()


# --- a person's registration: cancel, offers, ticket -----------------------------------------
def test_cancel_frees_the_place_for_the_first_person_waiting(client, participant):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(event=event, person=participant)
    waiting = RegistrationFactory(
        event=event, status=S.WAITLISTED, waitlisted_at=timezone.now(), confirmed_at=None
    )
    response = client.post(url("cancel_registration", event), follow=True)
    assert message_texts(response) == ["Your registration was cancelled."]
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)
    # A cancelled person can register again while registration is open.
    assert client.get(url("event", event)).context["box"]["state"] == "open"


def test_cancel_after_the_deadline_is_refused(client, participant):
    event = EventFactory(cancellation_deadline=timezone.now() - DAY)
    mine = RegistrationFactory(event=event, person=participant)
    page = client.get(url("registration", event))
    assert page.context["can_cancel"] is False
    response = client.post(url("cancel_registration", event), follow=True)
    assert message_texts(response) == ["The deadline for cancelling has passed."]
    mine.refresh_from_db()
    assert mine.status == S.CONFIRMED


def test_cancel_needs_a_post(client, participant):
    event = EventFactory()
    RegistrationFactory(event=event, person=participant)
    assert client.get(url("cancel_registration", event)).status_code == 405
    assert Registration.objects.get().status == S.CONFIRMED


def test_an_offered_place_can_be_accepted_or_declined(client, participant):
    event = EventFactory(capacity=1, offer_hours=24)
    deadline = timezone.now() + datetime.timedelta(hours=20)
    offer = RegistrationFactory(
        event=event, person=participant, status=S.OFFERED, offer_expires_at=deadline
    )
    page = client.get(url("event", event))
    assert page.context["box"]["state"] == "offered"
    body = page.content.decode()
    assert url("accept_offer", event) in body and url("decline_offer", event) in body
    response = client.post(url("accept_offer", event), follow=True)
    assert message_texts(response) == ["You accepted the place: your registration is confirmed."]
    offer.refresh_from_db()
    assert offer.status == S.CONFIRMED

    other = factories.PersonFactory()
    second = RegistrationFactory(
        event=event, person=other, status=S.OFFERED, offer_expires_at=deadline
    )
    client.force_login(other)
    response = client.post(url("decline_offer", event), follow=True)
    assert message_texts(response) == [
        "You declined the place. It goes to the next person waiting."
    ]
    second.refresh_from_db()
    assert second.status == S.CANCELLED


def test_accepting_without_an_offer_is_refused(client, participant):
    event = EventFactory()
    RegistrationFactory(
        event=event, person=participant, status=S.WAITLISTED, waitlisted_at=timezone.now()
    )
    response = client.post(url("accept_offer", event), follow=True)
    assert message_texts(response) == ["There is no place on offer for this registration."]
    assert Registration.objects.get().status == S.WAITLISTED


def test_online_link_only_for_confirmed_registrations(client, participant):
    event = EventFactory(online_url="https://meet.example.org/secret-room")
    hidden = "Shown to participants whose registration is confirmed."
    assert texts(client.get(url("event", event)), "online-link") == [hidden]
    mine = RegistrationFactory(
        event=event, person=participant, status=S.WAITLISTED, waitlisted_at=timezone.now()
    )
    assert "secret-room" not in client.get(url("event", event)).content.decode()
    assert "secret-room" not in client.get(url("registration", event)).content.decode()
    mine.status = S.CONFIRMED
    mine.save()
    assert texts(client.get(url("event", event)), "online-link") == [
        "https://meet.example.org/secret-room"
    ]
    client.logout()
    assert "secret-room" not in client.get(url("event", event)).content.decode()


def test_confirmed_registration_shows_the_ticket(client, participant):
    event = EventFactory()
    mine = RegistrationFactory(event=event, person=participant)
    response = client.get(url("registration", event))
    body = response.content.decode()
    assert texts(response, "ticket")
    assert "<svg" in body
    assert url("badge", event) in body
    assert client.get(url("ticket", event))["Location"] == url("registration", event) + "#ticket"
    waiting = RegistrationFactory(status=S.WAITLISTED, waitlisted_at=timezone.now())
    client.force_login(waiting.person)
    page = client.get(url("registration", waiting.event))
    assert texts(page, "ticket") == []
    assert mine.ticket_code not in page.content.decode()


def test_registration_page_of_someone_not_registered_goes_back_to_the_event(client, participant):
    event = EventFactory()
    response = client.get(url("registration", event))
    assert response["Location"] == url("event", event)


# --- agenda --------------------------------------------------------------------------------
def test_agenda_by_day_in_the_event_time_zone(client):
    event = EventFactory(starts_at=baku(10, 9), ends_at=baku(11, 18))
    # 23:30 in Baku is still the first day, although it is 19:30 UTC.
    late = SessionFactory(event=event, title="Night talk", starts_at=baku(10, 23, 30))
    opening = SessionFactory(event=event, title="Opening", starts_at=baku(10, 9))
    closing = SessionFactory(event=event, title="Closing", starts_at=baku(11, 16))
    member = factories.PersonFactory(first_name="Anar", last_name="Aliyev", is_public=True)
    Speaker.objects.create(session=opening, person=member)
    Speaker.objects.create(
        session=opening, guest_name="Ayşe Demir", guest_affiliation="GOSB Teknopark"
    )
    hidden = factories.PersonFactory(first_name="Gizli", last_name="Kişi", is_public=False)
    Speaker.objects.create(session=closing, person=hidden)
    first_day, second_day = baku(10, 0).date(), baku(11, 0).date()

    response = client.get(url("agenda", event))
    assert response.context["days"] == [first_day, second_day]
    assert response.context["day"] == first_day
    assert [r["session"] for r in response.context["rows"]] == [opening, late]
    assert texts(response, "session")[0] == (
        "09:00–10:00 Opening Anar Aliyev Ayşe Demir (GOSB Teknopark)"
    )
    assert f'href="{member.get_absolute_url()}"' in response.content.decode()

    second = client.get(url("agenda", event, day=second_day.isoformat()))
    assert [r["session"] for r in second.context["rows"]] == [closing]
    # A speaker whose profile is not public is named, without a link to the profile.
    assert second.context["rows"][0]["speakers"] == [
        {"name": "Gizli Kişi", "url": None, "affiliation": ""}
    ]
    partial = client.get(
        url("agenda", event, day=second_day.isoformat()), headers={"HX-Request": "true"}
    )
    assert partial.content.decode().lstrip().startswith('<section id="day"')
    # A day outside the event falls back to the first day.
    assert client.get(url("agenda", event, day="1999-01-01")).context["day"] == first_day
    assert client.get(url("agenda", event, day="nonsense")).context["day"] == first_day


# --- my events -----------------------------------------------------------------------------
def test_my_events_lists_registrations_and_my_agenda(client, participant):
    soon = EventFactory(title="Soon", starts_at=baku(3, 9), ends_at=baku(4, 18))
    later = EventFactory(title="Later", starts_at=baku(20, 9), ends_at=baku(20, 18))
    past = EventFactory(
        title="Past",
        starts_at=timezone.now() - 10 * DAY,
        ends_at=timezone.now() - 9 * DAY,
    )
    RegistrationFactory(event=soon, person=participant)
    RegistrationFactory(
        event=later, person=participant, status=S.WAITLISTED, waitlisted_at=timezone.now()
    )
    RegistrationFactory(event=past, person=participant)
    SessionFactory(event=soon, title="Day two", starts_at=baku(4, 10))
    SessionFactory(event=soon, title="Day one", starts_at=baku(3, 10))
    full = SessionFactory(event=soon, title="Lab (no place)", starts_at=baku(3, 14), capacity=5)
    SessionFactory(event=later, title="Not confirmed there", starts_at=baku(20, 10))

    response = client.get(url("my_events"))
    assert [r.event.title for r in response.context["upcoming"]] == ["Soon", "Later"]
    assert [r.event.title for r in response.context["past"]] == ["Past"]
    assert [row.split("Asia/Baku ")[1] for row in texts(response, "upcoming-registration")] == [
        "confirmed Ticket",
        "on the waiting list position 1 Details",
    ]
    assert [
        (day, [r["session"].title for r in rows]) for day, rows in response.context["agenda_days"]
    ] == [(baku(3, 0).date(), ["Day one"]), (baku(4, 0).date(), ["Day two"])]
    assert full.title not in response.content.decode()


def test_my_events_needs_a_sign_in(client):
    response = client.get(url("my_events"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- languages -----------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["az", "tr"])
def test_pages_render_in_azerbaijani_and_turkish(client, participant, language):
    event = EventFactory(slug="robotics", online_url="https://meet.example.org/x")
    session = SessionFactory(event=event, capacity=3)
    Speaker.objects.create(session=session, guest_name="Guest")
    QuestionFactory(event=event)
    RegistrationFactory(event=event, person=participant)
    waiting = EventFactory(slug="waiting", capacity=0)
    RegistrationFactory(
        event=waiting, person=participant, status=S.WAITLISTED, waitlisted_at=timezone.now()
    )
    pages = [
        "",
        "?when=past",
        "my/",
        "robotics/",
        "robotics/agenda/",
        "robotics/registration/",
        "waiting/",
        "waiting/registration/",
    ]
    for page in pages:
        response = client.get(f"/{language}/events/{page}")
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode()
    free = EventFactory(slug="free")
    QuestionFactory(event=free)
    assert client.get(f"/{language}/events/free/register/").status_code == 200
    # The nav links exist on every page.
    body = client.get(f"/{language}/events/").content.decode()
    assert f'href="/{language}/events/" aria-current="page"' in body
    assert f'href="/{language}/events/my/"' in body


def test_organisers_see_their_draft(client):
    draft = EventFactory(status=Event.Status.DRAFT, title="Draft event")
    client.force_login(organiser_manager(draft))
    response = client.get(url("event", draft))
    assert response.status_code == 200
    assert response.context["can_manage"] is True
