"""Organisers' pages of an event: who may open them, creating and editing an event in its
own time zone, the agenda editor's checks, approving and declining registrations, the
waiting list, invitations, the pages in Azerbaijani and Turkish, and the admin."""

import datetime

import pytest
from django.contrib.admin import site
from django.urls import reverse
from django.utils import timezone, translation

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events.forms.manage import EventForm
from korpu.events.models import (
    CheckIn,
    Event,
    Invitation,
    Registration,
    Room,
    Session,
    Speaker,
    Track,
)
from korpu.events.setup import organiser_choices
from tests import factories as directory
from tests.events import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
Status = Registration.Status


def event_post(organisers, **extra):
    data = {
        "title_en": "Laser cutting safety",
        "title_tr": "Lazer kesim güvenliği",
        "summary_en": "Two days in the lab.",
        "kind": "training",
        "organisers": [o.pk for o in organisers],
        "languages": ["az", "tr"],
        "online_url": "https://meet.example.org/laser",
        "time_zone": "Europe/Istanbul",
        "starts_at": "2030-05-06T09:00",
        "ends_at": "2030-05-07T17:30",
        "visibility": "public",
        "status": "published",
        "capacity": "12",
        "registration_closes_at": "2030-05-05T18:00",
        "cancellation_deadline": "2030-05-04T12:00",
        "requires_approval": "on",
        "waitlist_enabled": "on",
        "offer_hours": "24",
        "reminder_hours": "2, 48,2",
        "certificate_min_attendance": "80",
    }
    data.update(extra)
    return data


def edit_post(event, **extra):
    """The settings form as the page shows it, with ``extra`` changed."""
    with timezone.override(event.time_zone):
        form = EventForm(instance=event, organisers=organiser_choices(staff()), zone="")
        data = {}
        for name, field in form.fields.items():
            value = form[name].value()
            if value in (None, False, ""):
                continue
            if isinstance(value, datetime.datetime):
                value = value.strftime("%Y-%m-%dT%H:%M")  # already local and naive
            elif value is True:
                value = "on"
            elif field.__class__.__name__ == "ModelMultipleChoiceField":
                value = [getattr(v, "pk", v) for v in value]
            data[name] = value
    data.pop("notify", None)
    data.update(extra)
    return data


def staff():
    return directory.PersonFactory(is_staff=True)


@pytest.fixture
def park():
    return directory.OrganisationFactory(name="Gebze Technopark", kind="technopark")


@pytest.fixture
def manager(park):
    return directory.MembershipFactory(organisation=park, role="manager").person


@pytest.fixture
def event(park):
    return factories.EventFactory(organisers=[park], slug="laser")


def page_urls(slug):
    return [
        reverse(f"events:{name}", args=[slug])
        for name in ("manage", "event_edit", "agenda_edit", "registrations", "invitations")
    ]


# --- who may open the pages ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("member", 403),
        ("other_manager", 403),
        ("participant", 403),
        ("manager", 200),
        ("staff", 200),
    ],
)
def test_who_may_open_the_organiser_pages(client, park, manager, event, role, expected):
    people = {
        "outsider": directory.PersonFactory(),
        "member": directory.MembershipFactory(organisation=park, role="member").person,
        "other_manager": directory.MembershipFactory(role="manager").person,
        "participant": factories.RegistrationFactory(event=event).person,
        "manager": manager,
        "staff": staff(),
    }
    if role in people:
        client.force_login(people[role])
    assert [client.get(url).status_code for url in page_urls(event.slug)] == [expected] * 5
    decide = reverse("events:registrations_decide", args=[event.slug])
    assert client.post(decide, {"action": "approve"}).status_code == (
        302 if expected in (200, 302) else 403
    )


def test_a_draft_event_is_not_found_by_outsiders(client, park):
    draft = factories.EventFactory(organisers=[park], status=Event.Status.DRAFT)
    client.force_login(directory.PersonFactory())
    assert [client.get(url).status_code for url in page_urls(draft.slug)] == [404] * 5


def test_creating_an_event_needs_a_managed_organisation(client, manager):
    url = reverse("events:event_create")
    assert client.get(url).status_code == 302
    client.force_login(directory.PersonFactory())
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200


# --- creating and editing ------------------------------------------------------------------------
def test_organiser_creates_an_event_in_its_time_zone(client, park, manager):
    client.force_login(manager)
    response = client.post(reverse("events:event_create"), event_post([park]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:event_edit", args=["laser-cutting-safety"])
    assert (
        event.title_en,
        event.title_tr,
        list(event.organisers.all()),
        event.languages,
        event.time_zone,
        event.starts_at,
        event.ends_at,
        event.registration_closes_at,
        event.cancellation_deadline,
        event.capacity,
        event.requires_approval,
        event.offer_hours,
        event.reminder_hours,
        event.certificate_min_attendance,
    ) == (
        "Laser cutting safety",
        "Lazer kesim güvenliği",
        [park],
        ["az", "tr"],
        "Europe/Istanbul",
        datetime.datetime(2030, 5, 6, 6, 0, tzinfo=UTC),
        datetime.datetime(2030, 5, 7, 14, 30, tzinfo=UTC),
        datetime.datetime(2030, 5, 5, 15, 0, tzinfo=UTC),
        datetime.datetime(2030, 5, 4, 9, 0, tzinfo=UTC),
        12,
        True,
        24,
        [48, 2],
        80,
    )
    page = client.get(response.url).content.decode()
    assert 'value="2030-05-06T09:00"' in page
    assert 'value="48, 2"' in page
    assert "Europe/Istanbul" in page


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Baku", datetime.datetime(2030, 5, 6, 5, 0, tzinfo=UTC)),
        ("Europe/Istanbul", datetime.datetime(2030, 5, 6, 6, 0, tzinfo=UTC)),
    ],
)
def test_times_are_read_in_the_zone_chosen_on_the_form(client, park, manager, zone, expected):
    client.force_login(manager)
    client.post(reverse("events:event_create"), event_post([park], time_zone=zone))
    assert Event.objects.get().starts_at == expected


def test_bad_event_input_shows_errors_and_saves_nothing(client, park, manager):
    client.force_login(manager)
    other = directory.OrganisationFactory(kind="agency")
    response = client.post(
        reverse("events:event_create"),
        event_post(
            [other],
            title_en="",
            ends_at="2030-05-06T08:00",
            reminder_hours="24, soon",
            registration_closes_at="2030-05-09T09:00",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == [
        "ends_at",
        "organisers",
        "registration_closes_at",
        "reminder_hours",
        "title_en",
    ]
    assert errors["ends_at"] == ["The event must end after it starts."]
    assert errors["reminder_hours"] == ["“soon” is not a number of hours between 1 and 336."]
    assert errors["registration_closes_at"] == ["Registration must close before the event ends."]
    response = client.post(reverse("events:event_create"), event_post([park], slug="my"))
    assert response.context["form"].errors == {"slug": ["This short name is reserved."]}
    assert Event.objects.count() == 0


def test_every_field_of_the_settings_form_is_on_the_page(event):
    form = EventForm(instance=event, organisers=organiser_choices(staff()), zone="Asia/Baku")
    shown = [field.name for _heading, fields in form.sections() for field in fields]
    assert sorted(shown) == sorted(form.fields)
    new = EventForm(organisers=organiser_choices(staff()), zone="Asia/Baku")
    shown = [field.name for _heading, fields in new.sections() for field in fields]
    assert sorted(shown) == sorted(new.fields)


def test_editing_capacity_promotes_people_waiting(client, manager, event):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    waiting = factories.RegistrationFactory(
        event=event, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    client.force_login(manager)
    response = client.post(
        reverse("events:event_edit", args=[event.slug]), edit_post(event, capacity="2")
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (Event.objects.get(pk=event.pk).capacity, waiting.status) == (2, Status.CONFIRMED)
    assert list(
        AuditEntry.objects.filter(action__startswith="events.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["events.update_event", "events.set_capacity", "events.promote"]


def test_editing_times_in_the_event_zone_and_telling_registered_people(client, manager, event):
    registration = factories.RegistrationFactory(event=event)
    client.force_login(manager)
    local_start = timezone.localtime(event.starts_at, event.zone) + datetime.timedelta(days=1)
    local_end = timezone.localtime(event.ends_at, event.zone) + datetime.timedelta(days=1)
    response = client.post(
        reverse("events:event_edit", args=[event.slug]),
        edit_post(
            event,
            starts_at=local_start.strftime("%Y-%m-%dT%H:%M"),
            ends_at=local_end.strftime("%Y-%m-%dT%H:%M"),
            notify="on",
            note="We start a day later.",
        ),
    )
    assert response.status_code == 302
    moved = Event.objects.get(pk=event.pk)
    assert moved.starts_at == (event.starts_at + datetime.timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    message = OutboxMessage.objects.get()
    assert message.to == [registration.person.email]
    assert "We start a day later." in message.body


def test_cancelling_through_the_settings_page(client, manager, event):
    registration = factories.RegistrationFactory(event=event)
    client.force_login(manager)
    response = client.post(
        reverse("events:event_edit", args=[event.slug]),
        edit_post(event, status="cancelled", note="The trainer fell ill."),
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The event is cancelled; the registered people were told."
    ]
    registration.refresh_from_db()
    assert (Event.objects.get(pk=event.pk).status, registration.status) == (
        "cancelled",
        "cancelled",
    )
    assert [m.to for m in OutboxMessage.objects.all()] == [[registration.person.email]]


# --- agenda ----------------------------------------------------------------------------------
@pytest.fixture
def baku_event(park):
    # 6–7 May 2030, Asia/Baku (UTC+4).
    return factories.EventFactory(
        organisers=[park],
        slug="baku",
        starts_at=datetime.datetime(2030, 5, 6, 5, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 5, 7, 13, 0, tzinfo=UTC),
    )


def session_post(**extra):
    data = {
        "part": "session",
        "action": "save",
        "session-title_en": "Hands-on cutting",
        "session-starts_at": "2030-05-06T10:00",
        "session-ends_at": "2030-05-06T12:00",
        "session-capacity": "8",
        "session-counts_for_attendance": "on",
    }
    data.update(extra)
    return data


def test_organiser_builds_the_agenda(client, manager, baku_event):
    client.force_login(manager)
    url = reverse("events:agenda_edit", args=["baku"])
    client.post(
        url,
        {
            "part": "track",
            "action": "save",
            "track-name_en": "Lab",
            "track-colour": "#AA3300",
            "track-position": "0",
        },
    )
    client.post(
        url,
        {
            "part": "room",
            "action": "save",
            "room-name_en": "Hall A",
            "room-name_az": "A zalı",
            "room-position": "0",
        },
    )
    track, room = Track.objects.get(), Room.objects.get()
    response = client.post(
        url, session_post(**{"session-track": track.pk, "session-room": room.pk})
    )
    session = Session.objects.get()
    assert response.url == f"{url}?session={session.pk}#session-form"
    assert (
        session.title_en,
        session.starts_at,
        session.ends_at,
        session.capacity,
        session.track,
        session.room,
        track.colour,
        room.name_az,
    ) == (
        "Hands-on cutting",
        datetime.datetime(2030, 5, 6, 6, 0, tzinfo=UTC),
        datetime.datetime(2030, 5, 6, 8, 0, tzinfo=UTC),
        8,
        track,
        room,
        "#aa3300",
        "A zalı",
    )
    directory.PersonFactory(email="leyla@example.org", first_name="Leyla", last_name="Aliyeva")
    speaker = {"part": "speaker", "action": "add", "session": session.pk}
    client.post(url, {**speaker, "speaker-email": "LEYLA@example.org"})
    client.post(
        url, {**speaker, "speaker-guest_name": "Emre Kaya", "speaker-guest_affiliation": "ITU"}
    )
    response = client.post(url, {**speaker, "speaker-email": "nobody@example.org"})
    assert response.context["forms"]["speaker"].errors == {
        "email": ["No one in the directory has this address: add the speaker as a guest."]
    }
    assert [(s.name, s.guest_affiliation) for s in Speaker.objects.order_by("position")] == [
        ("Leyla Aliyeva", ""),
        ("Emre Kaya", "ITU"),
    ]
    page = client.get(f"{url}?session={session.pk}").content.decode()
    assert "10:00" in page
    assert "Emre Kaya" in page
    assert 'value="2030-05-06T10:00"' in page

    client.post(
        url,
        {
            "part": "speaker",
            "action": "remove",
            "session": session.pk,
            "speaker": Speaker.objects.get(guest_name="Emre Kaya").pk,
        },
    )
    client.post(url, {"part": "track", "action": "delete", "track": track.pk})
    session.refresh_from_db()
    assert (session.track, Speaker.objects.count()) == (None, 1)


def test_agenda_errors_are_shown_and_nothing_is_saved(client, manager, baku_event):
    client.force_login(manager)
    url = reverse("events:agenda_edit", args=["baku"])
    response = client.post(
        url,
        session_post(
            **{"session-starts_at": "2030-05-09T10:00", "session-ends_at": "2030-05-09T11:00"}
        ),
    )
    assert response.status_code == 200
    assert response.context["forms"]["session"].errors == {
        "starts_at": ["Sessions must be within the event's days (2030-05-06 – 2030-05-07)."]
    }
    response = client.post(url, session_post(**{"session-ends_at": "2030-05-06T09:00"}))
    assert response.context["forms"]["session"].errors == {
        "ends_at": ["A session must end after it starts."]
    }
    response = client.post(
        url, session_post(**{"session-title_en": "", "session-starts_at": "tomorrow"})
    )
    assert sorted(response.context["forms"]["session"].errors) == ["starts_at", "title_en"]
    other_track = Track.objects.create(event=factories.EventFactory(), name="Elsewhere")
    response = client.post(url, session_post(**{"session-track": other_track.pk}))
    assert list(response.context["forms"]["session"].errors) == ["track"]
    response = client.post(url, {"part": "speaker", "action": "add", "speaker-guest_name": "X"})
    assert response.status_code == 404
    assert Session.objects.count() == 0


def test_deleting_a_session_with_attendance_is_refused_with_a_message(client, manager, baku_event):
    session = factories.SessionFactory(event=baku_event)
    CheckIn.objects.create(
        registration=factories.RegistrationFactory(event=baku_event), session=session
    )
    client.force_login(manager)
    url = reverse("events:agenda_edit", args=["baku"])
    response = client.post(
        url, {"part": "session", "action": "delete", "session": session.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Attendance has been recorded for this session: it cannot be deleted."
    ]
    assert Session.objects.count() == 1
    other = factories.SessionFactory()
    response = client.post(url, {"part": "session", "action": "delete", "session": other.pk})
    assert response.status_code == 404


# --- registrations ---------------------------------------------------------------------------
def pending(event, **extra):
    return factories.RegistrationFactory(
        event=event, status=Status.PENDING_APPROVAL, confirmed_at=None, **extra
    )


def test_approving_and_declining_registrations(client, manager, event):
    event.requires_approval = True
    event.capacity = 1
    event.save()
    first, second, third = pending(event), pending(event), pending(event)
    client.force_login(manager)
    decide = reverse("events:registrations_decide", args=[event.slug])

    response = client.post(
        decide,
        {"action": "reject", "registrations": [third.pk], "note": "Only for lab staff."},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 registration declined; the participant was told."
    ]
    assert "Only for lab staff." in OutboxMessage.objects.get(to=[third.person.email]).body

    response = client.post(
        decide,
        {
            "action": "approve",
            "registrations": [second.pk, first.pk],
            "return_query": "status=pending_approval",
        },
    )
    assert (
        response.url
        == reverse("events:registrations", args=[event.slug]) + "?status=pending_approval"
    )
    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    # Oldest first: the only place goes to the first, the next waits.
    assert statuses == [Status.CONFIRMED, Status.WAITLISTED, Status.REJECTED]

    client.post(decide, {"action": "cancel", "registrations": [first.pk]})
    assert [Registration.objects.get(pk=r.pk).status for r in (first, second)] == [
        Status.CANCELLED,
        Status.CONFIRMED,
    ]
    assert Registration.objects.get(pk=second.pk).decided_by == manager


def test_a_refused_bulk_decision_changes_nothing(client, manager, event):
    event.requires_approval = True
    event.capacity = 1
    event.waitlist_enabled = False
    event.save()
    first, second = pending(event), pending(event)
    client.force_login(manager)
    response = client.post(
        reverse("events:registrations_decide", args=[event.slug]),
        {"action": "approve", "registrations": [first.pk, second.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Nothing was changed. {second.person.full_name}: This event is full."
    ]
    assert [Registration.objects.get(pk=r.pk).status for r in (first, second)] == [
        Status.PENDING_APPROVAL
    ] * 2
    assert OutboxMessage.objects.count() == 0
    cancelled = factories.RegistrationFactory(event=event, status=Status.CANCELLED)
    response = client.post(
        reverse("events:registrations_decide", args=[event.slug]),
        {"action": "cancel", "registrations": [cancelled.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "One of the selected registrations is no longer there: reload the page."
    ]


def test_registrations_list_filters_searches_and_numbers_the_waiting_list(client, manager, event):
    base = timezone.now() - datetime.timedelta(hours=2)
    people = [
        directory.PersonFactory(first_name=first, last_name=last)
        for first, last in (("Aysel", "Quliyeva"), ("Mehmet", "Demir"), ("Nigar", "Huseynova"))
    ]
    factories.RegistrationFactory(event=event, person=people[0])
    for minutes, person in ((5, people[2]), (1, people[1])):
        factories.RegistrationFactory(
            event=event,
            person=person,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=base + datetime.timedelta(minutes=minutes),
        )
    client.force_login(manager)
    url = reverse("events:registrations", args=[event.slug])
    response = client.get(url, {"status": "waitlisted"})
    rows = [(r.person.first_name, r.position) for r in response.context["page"]]
    assert sorted(rows) == [("Mehmet", 1), ("Nigar", 2)]
    assert [r.person.first_name for r in response.context["waiting"]] == ["Mehmet", "Nigar"]
    response = client.get(url, {"q": "aysel quli"})
    assert [r.person.first_name for r in response.context["page"]] == ["Aysel"]
    response = client.get(url, {"status": "bogus"})
    assert len(response.context["page"]) == 3
    response = client.get(url, {"q": "Demir"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "Demir" in body and "Quliyeva" not in body


# --- invitations ------------------------------------------------------------------------------
def test_invitations_report_bad_lines_and_write_nothing(client, manager, event):
    client.force_login(manager)
    url = reverse("events:invitations", args=[event.slug])
    response = client.post(url, {"emails": "ali@example.org\n\nnot-an-address\nveli@example\n"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "emails": [
            "Line 3: “not-an-address” is not an e-mail address.",
            "Line 4: “veli@example” is not an e-mail address.",
        ]
    }
    assert (Invitation.objects.count(), OutboxMessage.objects.count()) == (0, 0)

    factories.InvitationFactory(event=event, email="old@example.org")
    response = client.post(
        url, {"emails": "Ali@Example.org\nali@example.org, \nold@example.org\n"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 invitation sent.",
        "1 address had been invited already.",
    ]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ali@example.org",
        "old@example.org",
    ]
    assert [m.to for m in OutboxMessage.objects.all()] == [["ali@example.org"]]
    rows = response.content.decode().count('data-testid="invitation-row"')
    assert rows == 2


# --- dashboard and languages ------------------------------------------------------------------
def test_dashboard_counts(client, manager, event):
    event.capacity = 5
    event.save()
    confirmed = [factories.RegistrationFactory(event=event) for _ in range(2)]
    factories.RegistrationFactory(event=event, status=Status.OFFERED)
    factories.RegistrationFactory(event=event, status=Status.CANCELLED)
    CheckIn.objects.create(registration=confirmed[0])
    client.force_login(manager)
    response = client.get(reverse("events:manage", args=[event.slug]))
    assert response.context["status_counts"] == [
        ("confirmed", "confirmed", 2),
        ("waitlisted", "on the waiting list", 0),
        ("pending_approval", "awaiting approval", 0),
        ("offered", "place offered", 1),
        ("cancelled", "cancelled", 1),
    ]
    assert (response.context["places_left"], response.context["checked_in"]) == (2, 1)


@pytest.mark.parametrize("language", ["az", "tr"])
def test_pages_render_in_azerbaijani_and_turkish(client, manager, event, language):
    session = factories.SessionFactory(event=event)
    Speaker.objects.create(session=session, guest_name="Emre Kaya")
    pending(event)
    factories.InvitationFactory(event=event)
    client.force_login(manager)
    with translation.override(language):
        urls = [*page_urls(event.slug), reverse("events:event_create")]
        urls.append(reverse("events:agenda_edit", args=[event.slug]) + f"?session={session.pk}")
    for url in urls:
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()


# --- admin -----------------------------------------------------------------------------------
def test_admin_cannot_change_registration_status_or_event_capacity(client, event):
    admin = directory.PersonFactory(is_staff=True, is_superuser=True)
    registration = factories.RegistrationFactory(event=event)
    client.force_login(admin)
    names = sorted(m._meta.model_name for m in site._registry if m._meta.app_label == "events")
    assert names == [
        "certificate",
        "challenge",
        "checkin",
        "event",
        "idea",
        "invitation",
        "joinrequest",
        "judge",
        "judgingcriterion",
        "mentorslot",
        "question",
        "registration",
        "session",
        "submission",
        "survey",
        "team",
    ]
    assert [
        client.get(reverse(f"admin:events_{name}_changelist")).status_code for name in names
    ] == [200] * len(names)
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:events_registration_add")).status_code == 403
    url = reverse("admin:events_registration_change", args=[registration.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
    client.post(url, {"status": "cancelled", "answers": "{}"})
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    form = (
        client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    )
    assert ("capacity" in form.fields, "status" in form.fields, "title_en" in form.fields) == (
        False,
        False,
        True,
    )


def test_a_long_waiting_list_shows_its_head_and_how_many_more(client, manager, event):
    base = timezone.now() - datetime.timedelta(hours=1)
    people = [
        factories.RegistrationFactory(
            event=event,
            status=Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=base + datetime.timedelta(seconds=i),
        )
        for i in range(22)
    ]
    client.force_login(manager)
    response = client.get(reverse("events:registrations", args=[event.slug]))
    assert [r.pk for r in response.context["waiting"]] == [r.pk for r in people[:20]]
    assert response.context["more_waiting"] == 2
    assert "and 2 more people waiting" in response.content.decode()
    response = client.get(reverse("events:registrations", args=[event.slug]), {"page": "1"})
    assert [r.position for r in response.context["page"]] == list(range(1, 23))
