"""The participants' pages of a brokerage day: who may open them (404 for an event one
cannot see or without a brokerage day, 403 for people who do not take part), the profile
with its availability grid and marketplace entries, browsing and filtering, requesting and
answering meetings, the agenda, picking a free common slot and feedback. Bad input gets a
form error and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from korpu.common.models import AuditEntry
from korpu.events.models import Event
from korpu.matchmaking import services
from korpu.matchmaking.models import (
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Profile,
)
from tests import factories as directory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
    organiser,
)

pytestmark = pytest.mark.django_db
RS = MeetingRequest.Status


def url(name, day, *args):
    return reverse(f"matchmaking:{name}", args=[day.event.slug, *args])


@pytest.fixture
def day():
    return BrokerageDayFactory()


@pytest.fixture
def slots(day):
    return add_slots(day, 4)


@pytest.fixture
def table(day):
    return LocationFactory(brokerage_day=day, name="Table 7")


@pytest.fixture
def anar(day):
    company = directory.OrganisationFactory(name="Anar Robotics", country="AZ", kind="sme")
    profile = ProfileFactory(
        brokerage_day=day,
        person__first_name="Anar",
        person__last_name="Quliyev",
        person__email="anar@example.org",
        organisation=company,
        country="AZ",
        offer="Industrial robots and machine vision",
        seek="Distributors in Türkiye",
    )
    directory.MembershipFactory(person=profile.person, organisation=company)
    return profile


@pytest.fixture
def elif_(day):
    company = directory.OrganisationFactory(name="Ege Dağıtım", country="TR", kind="sme")
    profile = ProfileFactory(
        brokerage_day=day,
        person__first_name="Elif",
        person__last_name="Yılmaz",
        person__email="elif@example.org",
        organisation=company,
        country="TR",
        offer="Distribution network for industrial equipment",
        seek="Robots and machine vision suppliers",
        languages=["tr", "en"],
    )
    directory.MembershipFactory(person=profile.person, organisation=company)
    return profile


@pytest.fixture
def registered(day):
    """Confirmed for the event, no profile yet."""
    return RegistrationFactory(event=day.event).person


# --- who may open what ------------------------------------------------------------------------
def test_the_day_page_is_shown_to_visitors_of_the_event(client, day):
    response = client.get(url("day", day))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign in" in body
    assert url("participants", day) not in body  # no participants' tabs for a visitor


def test_an_event_without_a_brokerage_day_or_hidden_answers_404(client, day, anar):
    other = EventFactory(kind=Event.Kind.CONFERENCE)
    assert client.get(reverse("matchmaking:day", args=[other.slug])).status_code == 404
    day.event.status = Event.Status.DRAFT
    day.event.save()
    client.force_login(anar.person)
    assert client.get(url("day", day)).status_code == 404
    assert client.get(url("participants", day)).status_code == 404


def test_participant_pages_need_someone_who_takes_part(client, day, anar):
    pages = [
        url("participants", day),
        url("participant", day, anar.pk),
        url("profile_edit", day),
        url("requests", day),
        url("agenda", day),
        url("matches", day),
    ]
    response = client.get(pages[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(directory.PersonFactory())  # signed in, not registered
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)
    client.force_login(anar.person)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)


def test_pages_that_need_a_profile_send_to_the_profile_form_first(client, day, registered):
    client.force_login(registered)
    for name in ("requests", "agenda", "matches", "agenda_pdf"):
        response = client.get(url(name, day))
        assert response.status_code == 302, name
        assert response["Location"] == url("profile_edit", day)


# --- the profile ------------------------------------------------------------------------------
def profile_post(**extra):
    data = {
        "offer": "Cloud accounting software",
        "seek": "Resellers in Azerbaijan",
        "languages": ["az", "en"],
        "published": "on",
    }
    data.update(extra)
    return data


def test_creating_a_profile_with_availability_by_slot(client, day, slots, registered):
    company = directory.OrganisationFactory(name="Bulut Yazılım", country="TR")
    directory.MembershipFactory(person=registered, organisation=company)
    sector = directory.SectorFactory(slug="software", name="Software")
    client.force_login(registered)
    page = client.get(url("profile_edit", day)).content.decode()
    # The availability grid: one checkbox per slot, under the slot's day.
    assert page.count('name="availability"') == len(slots)
    response = client.post(
        url("profile_edit", day),
        profile_post(
            organisation=company.pk,
            sectors=[sector.pk],
            availability=[slots[0].pk, slots[2].pk],
        ),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(brokerage_day=day, person=registered)
    assert (profile.organisation, profile.country, profile.published) == (company, "TR", True)
    assert (profile.offer, profile.languages) == ("Cloud accounting software", ["az", "en"])
    assert list(profile.sectors.all()) == [sector]
    assert sorted(profile.availability.values_list("pk", flat=True)) == [
        slots[0].pk,
        slots[2].pk,
    ]
    page = client.get(url("profile_edit", day)).content.decode()
    assert page.count(f'name="availability" value="{slots[0].pk}" checked') == 1
    assert f'name="availability" value="{slots[1].pk}" checked' not in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"offer": "x" * 3001}, "offer"),
        ({"organisation": "not-a-number"}, "organisation"),
        ({"availability": ["999999"]}, "availability"),
        ({"languages": ["xx"]}, "languages"),
        ({"offer": "", "seek": ""}, "offer"),  # publishing an empty profile
    ],
)
def test_a_bad_profile_is_refused_and_nothing_is_written(
    client, day, slots, registered, changes, field
):
    client.force_login(registered)
    entries = AuditEntry.objects.count()
    response = client.post(url("profile_edit", day), profile_post(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Profile.objects.filter(person=registered).exists()
    assert AuditEntry.objects.count() == entries


def test_representing_an_organisation_one_does_not_belong_to_is_refused(client, day, registered):
    stranger = directory.OrganisationFactory()
    client.force_login(registered)
    response = client.post(url("profile_edit", day), profile_post(organisation=stranger.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Profile.objects.filter(person=registered).exists()


def test_people_who_do_not_take_part_get_no_profile_form(client, day):
    waiting = RegistrationFactory(event=day.event, status="waitlisted").person
    client.force_login(waiting)
    assert client.get(url("profile_edit", day)).status_code == 403
    assert client.post(url("profile_edit", day), profile_post()).status_code == 403
    assert not Profile.objects.filter(person=waiting).exists()


def test_narrowing_availability_around_a_scheduled_meeting_is_refused(
    client, day, slots, table, anar, elif_
):
    meeting(anar, elif_, slot=slots[1], location=table)
    client.force_login(anar.person)
    response = client.post(
        url("profile_edit", day),
        profile_post(offer="New offer", availability=[slots[0].pk]),
    )
    assert response.status_code == 200
    assert "availability" in response.context["form"].errors
    anar.refresh_from_db()
    assert anar.offer == "Industrial robots and machine vision"
    assert list(anar.availability.all()) == []


def test_profiles_closed_by_the_organisers(client, day, anar):
    day.profiles_open = False
    day.save()
    client.force_login(anar.person)
    response = client.post(url("profile_edit", day), profile_post(offer="Changed"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    anar.refresh_from_db()
    assert anar.offer == "Industrial robots and machine vision"


def test_marketplace_entries_add_edit_remove(client, day, anar, elif_):
    client.force_login(anar.person)
    response = client.post(
        url("entry_add", day),
        {"entry-kind": "product", "entry-title": "Vision kit", "entry-description": "Camera"},
    )
    assert response.status_code == 302
    entry = MarketplaceEntry.objects.get(profile=anar)
    assert (entry.kind, entry.title, entry.description) == ("product", "Vision kit", "Camera")
    # An empty title or an unknown kind: the form says so, nothing is added.
    response = client.post(url("entry_add", day), {"entry-kind": "spaceship", "entry-title": ""})
    assert response.status_code == 200
    assert set(response.context["entry_form"].errors) == {"kind", "title"}
    assert MarketplaceEntry.objects.filter(profile=anar).count() == 1
    response = client.post(
        url("entry_edit", day, entry.pk),
        {"entry-kind": "service", "entry-title": "Vision audits", "entry-description": ""},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.kind, entry.title) == ("service", "Vision audits")
    # Someone else's entry is not found.
    theirs = MarketplaceEntry.objects.create(profile=elif_, kind="service", title="Logistics")
    assert client.get(url("entry_edit", day, theirs.pk)).status_code == 404
    assert client.post(url("entry_remove", day, theirs.pk)).status_code == 404
    assert client.post(url("entry_remove", day, entry.pk)).status_code == 302
    assert list(MarketplaceEntry.objects.values_list("title", flat=True)) == ["Logistics"]


# --- browsing ---------------------------------------------------------------------------------
def test_browse_and_filter_published_participants(client, day, anar, elif_):
    hidden = ProfileFactory(brokerage_day=day, published=False, offer="Secret sauce")
    client.force_login(anar.person)
    response = client.get(url("participants", day))
    shown = {p.pk for p in response.context["page"]}
    assert shown == {anar.pk, elif_.pk}
    assert response.context["page"].paginator.count == 2
    body = response.content.decode()
    assert "Ege Dağıtım" in body and "Secret sauce" not in body
    assert "elif@example.org" not in body  # never an e-mail address
    for query, expected in [
        ({"country": "TR"}, {elif_.pk}),
        ({"language": "tr"}, {elif_.pk}),
        ({"seek": "robots"}, {elif_.pk}),
        ({"offer": "robots"}, {anar.pk}),
        ({"q": "Dağıtım"}, {elif_.pk}),
        ({"organisation_kind": "sme"}, {anar.pk, elif_.pk}),
        ({"country": "ZZ"}, {anar.pk, elif_.pk}),  # a stale value is dropped, not an error
    ]:
        response = client.get(url("participants", day), query)
        assert response.status_code == 200
        assert {p.pk for p in response.context["page"]} == expected, query
    # HTMX asks for the results only.
    response = client.get(url("participants", day), {"country": "TR"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "Ege Dağıtım" in body
    # An unpublished profile is found by nobody but its owner and the organisers.
    assert client.get(url("participant", day, hidden.pk)).status_code == 404
    client.force_login(organiser(day))
    assert client.get(url("participant", day, hidden.pk)).status_code == 200


def test_participants_are_paginated(client, day, anar):
    for _ in range(25):
        ProfileFactory(brokerage_day=day)
    client.force_login(anar.person)
    first = client.get(url("participants", day))
    second = client.get(url("participants", day), {"page": 2})
    assert (len(first.context["page"]), len(second.context["page"])) == (24, 2)
    assert not {p.pk for p in first.context["page"]} & {p.pk for p in second.context["page"]}


def test_recommended_matches_show_their_reason(client, day, anar, elif_):
    client.force_login(anar.person)
    response = client.get(url("matches", day))
    assert [m.profile for m in response.context["matches"]] == [elif_]
    body = response.content.decode()
    assert "Offers what you are looking for" in body
    assert "Looks for what you offer" in body


# --- requests ---------------------------------------------------------------------------------
def test_request_a_meeting_and_the_invitee_accepts(client, day, anar, elif_):
    client.force_login(anar.person)
    page = client.get(url("participant", day, elif_.pk))
    assert page.context["may_request"] is True
    response = client.post(
        url("participant", day, elif_.pk), {"message": "Let us talk about Gebze."}
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.requester, request.invitee, request.status) == (anar, elif_, RS.PENDING)
    assert request.message == "Let us talk about Gebze."
    # The profile page now says a request is on its way, and offers no second one.
    page = client.get(url("participant", day, elif_.pk))
    assert page.context["may_request"] is False
    assert "request sent" in page.content.decode()

    client.force_login(elif_.person)
    page = client.get(url("requests", day))
    (row,) = page.context["received"]
    assert (row["request"], row["can_answer"]) == (request, True)
    body = page.content.decode()
    assert "Let us talk about Gebze." in body and "expires" in body
    assert client.post(url("accept_request", day, request.pk)).status_code == 302
    request.refresh_from_db()
    assert request.status == RS.ACCEPTED
    (agreed,) = Meeting.objects.filter(request=request)
    assert set(agreed.participants.all()) == {anar, elif_}


def test_a_second_request_or_a_too_long_message_is_refused(client, day, anar, elif_):
    client.force_login(anar.person)
    response = client.post(url("participant", day, elif_.pk), {"message": "m" * 1001})
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert not MeetingRequest.objects.exists()
    services.request_meeting(requester=elif_, invitee=anar, actor=elif_.person)
    response = client.post(url("participant", day, elif_.pk), {"message": "Hello"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert MeetingRequest.objects.count() == 1


def test_opt_out_days_make_the_meeting_at_once(client, day, anar, elif_):
    day.request_mode = "opt_out"
    day.save()
    client.force_login(anar.person)
    client.post(url("participant", day, elif_.pk), {"message": ""})
    assert MeetingRequest.objects.get().status == RS.ACCEPTED
    assert Meeting.objects.filter(participants=elif_).filter(participants=anar).exists()


def test_decline_with_a_reason_and_who_may_answer(client, day, anar, elif_):
    request = services.request_meeting(requester=anar, invitee=elif_, actor=anar.person)
    # The requester cannot accept their own request; a third participant cannot see it.
    client.force_login(anar.person)
    assert client.post(url("accept_request", day, request.pk)).status_code == 403
    client.force_login(ProfileFactory(brokerage_day=day).person)
    assert client.post(url("accept_request", day, request.pk)).status_code == 404
    request.refresh_from_db()
    assert request.status == RS.PENDING
    client.force_login(elif_.person)
    response = client.post(
        url("decline_request", day, request.pk), {"reason": "r" * 1001}, follow=True
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == RS.PENDING  # refused: too long
    client.post(url("decline_request", day, request.pk), {"reason": "No capacity this year."})
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (RS.DECLINED, "No capacity this year.")
    client.force_login(anar.person)
    page = client.get(url("requests", day)).content.decode()
    assert "No capacity this year." in page


def test_withdrawing_and_expired_requests(client, day, anar, elif_):
    request = services.request_meeting(requester=anar, invitee=elif_, actor=anar.person)
    MeetingRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(elif_.person)
    (row,) = client.get(url("requests", day)).context["received"]
    assert (row["status"], row["can_answer"]) == ("expired", False)
    response = client.post(url("accept_request", day, request.pk), follow=True)
    assert "This request has expired." in response.content.decode()
    assert not Meeting.objects.exists()
    fresh = services.request_meeting(
        requester=anar, invitee=ProfileFactory(brokerage_day=day), actor=anar.person
    )
    client.force_login(anar.person)
    client.post(url("cancel_request", day, fresh.pk))
    fresh.refresh_from_db()
    assert fresh.status == RS.CANCELLED


# --- agenda, self-scheduling, feedback --------------------------------------------------------
def test_agenda_shows_time_and_table_once_published(client, day, slots, table, anar, elif_):
    agreed = meeting(anar, elif_, slot=slots[1], location=table)
    client.force_login(anar.person)
    page = client.get(url("agenda", day))
    (item,) = page.context["items"]
    assert (item.meeting, item.shown, item.slot) == (agreed, False, None)
    assert "Table 7" not in page.content.decode()
    day.schedule_status = "final"
    day.save()
    page = client.get(url("agenda", day))
    body = page.content.decode()
    local = timezone.localtime(slots[1].starts_at, day.zone)
    assert "Table 7" in body and local.strftime("%H:%M") in body
    assert "Ege Dağıtım" in body


def test_self_scheduling_books_a_free_common_slot(client, day, slots, table, anar, elif_):
    agreed = meeting(anar, elif_)
    elif_.availability.set([slots[2], slots[3]])
    # A meeting of Anar's in slot 3 leaves slot 4 as the only common free time.
    meeting(
        anar,
        ProfileFactory(brokerage_day=day),
        slot=slots[2],
        location=LocationFactory(brokerage_day=day),
    )
    client.force_login(anar.person)
    response = client.get(url("book_meeting", day, agreed.pk))
    assert response.status_code == 302  # the organisers schedule: back to the agenda
    day.self_scheduling = True
    day.save()
    response = client.get(url("book_meeting", day, agreed.pk))
    assert [pk for pk, _label in response.context["free"]] == [slots[3].pk]
    response = client.post(url("book_meeting", day, agreed.pk), {"slot": slots[0].pk})
    assert response.status_code == 200 and "slot" in response.context["form"].errors
    response = client.post(url("book_meeting", day, agreed.pk), {"slot": slots[3].pk})
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert (agreed.slot, agreed.location, agreed.placed_by) == (slots[3], table, "participant")
    # Booked by the participants: shown on the agenda before any schedule is published.
    items = {i.meeting.pk: i for i in client.get(url("agenda", day)).context["items"]}
    assert (items[agreed.pk].shown, items[agreed.pk].slot) == (True, slots[3])
    client.force_login(ProfileFactory(brokerage_day=day).person)
    assert client.get(url("book_meeting", day, agreed.pk)).status_code == 404


def test_feedback_after_the_meeting(client, day, anar, elif_, table):
    past = add_slots(
        day,
        1,
        date=timezone.localdate(timezone.now() - datetime.timedelta(days=1), day.zone),
        start="10:00",
    )[0]
    future = add_slots(day, 1)[0]
    done = meeting(anar, elif_, slot=past, location=table)
    coming = meeting(anar, ProfileFactory(brokerage_day=day), slot=future, location=table)
    client.force_login(anar.person)
    response = client.post(url("feedback", day, coming.pk), {"outcome": "informative"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url("feedback", day, done.pk), {"outcome": "maybe"})
    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    assert not MeetingFeedback.objects.exists()
    response = client.post(
        url("feedback", day, done.pk),
        {"outcome": "cooperation_possible", "comment": "Pilot in Gebze."},
    )
    assert response.status_code == 302
    feedback = MeetingFeedback.objects.get()
    assert (feedback.profile, feedback.outcome, feedback.comment) == (
        anar,
        "cooperation_possible",
        "Pilot in Gebze.",
    )
    client.force_login(ProfileFactory(brokerage_day=day).person)
    assert client.get(url("feedback", day, done.pk)).status_code == 404


def test_a_participant_cancels_a_meeting(client, day, slots, table, anar, elif_):
    agreed = meeting(anar, elif_, slot=slots[0], location=table)
    client.force_login(elif_.person)
    response = client.post(url("cancel_meeting", day, agreed.pk), {"reason": "Flight cancelled"})
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert (agreed.status, agreed.slot) == ("cancelled", None)


@pytest.mark.parametrize("language", ["az", "tr"])
def test_pages_speak_the_visitors_language(client, day, slots, anar, elif_, language):
    client.force_login(anar.person)
    for name, args in [
        ("day", ()),
        ("participants", ()),
        ("participant", (elif_.pk,)),
        ("profile_edit", ()),
        ("requests", ()),
        ("agenda", ()),
        ("matches", ()),
    ]:
        with translation.override(language):
            address = url(name, day, *args)
        response = client.get(address)
        assert response.status_code == 200, address
        assert f'lang="{language}"' in response.content.decode()[:300]


def test_the_event_page_links_to_its_brokerage_day(client, day):
    body = client.get(day.event.get_absolute_url()).content.decode()
    assert url("day", day) in body
    plain = EventFactory()
    assert "/brokerage/" not in client.get(plain.get_absolute_url()).content.decode()
