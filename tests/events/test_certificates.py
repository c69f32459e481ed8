"""Certificates of attendance: the attendance rule, issuing (once), qualifications granted,
mail, the PDF, revoking and the public verification page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import Qualification, QualificationGrant
from korpu.events import checkin, tickets
from korpu.events.models import Certificate, Registration
from tests import factories as directory
from tests.events.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_manager,
)
from tests.events.test_tickets import pdf_text

pytestmark = pytest.mark.django_db


def _training(**fields):
    """A training that started yesterday, with five sessions that count and a coffee break."""
    starts = timezone.now() - datetime.timedelta(days=1)
    fields.setdefault("certificate_min_attendance", 80)
    event = EventFactory(
        title="Cybersecurity training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        **fields,
    )
    sessions = [
        SessionFactory(event=event, starts_at=starts + datetime.timedelta(hours=h))
        for h in range(5)
    ]
    SessionFactory(event=event, counts_for_attendance=False, title="Coffee")
    return event, sessions


def _attend(registration, sessions):
    for session in sessions:
        checkin.check_in(
            event=registration.event, code=registration.ticket_code, session=session, actor=None
        )


def _person(first, last, **fields):
    return directory.PersonFactory(first_name=first, last_name=last, **fields)


# --- issuing --------------------------------------------------------------------------------
def test_certificates_go_to_those_at_or_above_the_rule():
    event, sessions = _training()
    organiser = organiser_manager(event)
    exactly = RegistrationFactory(event=event, person=_person("Nigar", "Quliyeva"))
    all_of_it = RegistrationFactory(event=event, person=_person("Murat", "Şahin"))
    below = RegistrationFactory(event=event, person=_person("Kamran", "Əliyev"))
    absent = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    _attend(exactly, sessions[:4])
    _attend(all_of_it, sessions)
    _attend(below, sessions[:3])
    _attend(cancelled, sessions)
    issued = checkin.issue_certificates(event=event, actor=organiser)
    assert [(c.registration, c.attendance_percent, c.revoked_at) for c in issued] == [
        (exactly, 80, None),
        (all_of_it, 100, None),
    ]
    assert Certificate.objects.count() == 2
    assert absent.pk not in {c.registration_id for c in Certificate.objects.all()}
    assert sorted(
        AuditEntry.objects.filter(action="events.certificate_issue").values_list(
            "actor", "object_repr"
        )
    ) == sorted((organiser.pk, c.code) for c in issued)


def test_issuing_again_adds_only_the_missing_ones():
    event, sessions = _training()
    early = RegistrationFactory(event=event)
    late = RegistrationFactory(event=event)
    _attend(early, sessions)
    first = checkin.issue_certificates(event=event, actor=None)
    assert [c.registration for c in first] == [early]
    assert checkin.issue_certificates(event=event, actor=None) == []
    _attend(late, sessions)
    second = checkin.issue_certificates(event=event, actor=None)
    assert [c.registration for c in second] == [late]
    assert sorted(OutboxMessage.objects.values_list("to", flat=True)) == sorted(
        [[early.person.email], [late.person.email]]
    )


def test_without_sessions_the_entrance_check_in_earns_it():
    starts = timezone.now() - datetime.timedelta(hours=2)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        certificate_min_attendance=100,
    )
    came, stayed_home = RegistrationFactory.create_batch(2, event=event)
    checkin.check_in(event=event, code=came.ticket_code, actor=None)
    issued = checkin.issue_certificates(event=event, actor=None)
    assert [(c.registration, c.attendance_percent) for c in issued] == [(came, 100)]


def test_events_without_a_rule_give_no_certificates():
    event, sessions = _training(certificate_min_attendance=None)
    _attend(RegistrationFactory(event=event), sessions)
    with pytest.raises(ValidationError) as error:
        checkin.issue_certificates(event=event, actor=None)
    assert error.value.messages == [
        "This event gives no certificates: set the attendance needed for one first."
    ]
    assert (Certificate.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_no_certificates_before_the_event_starts():
    event = EventFactory(certificate_min_attendance=50)
    RegistrationFactory(event=event)
    with pytest.raises(ValidationError) as error:
        checkin.issue_certificates(event=event, actor=None)
    assert error.value.messages == ["Certificates can be issued once the event has started."]
    assert Certificate.objects.count() == 0


def test_completing_the_training_grants_the_qualification_until_it_expires():
    laser = Qualification.objects.create(name="Laser cutter safety", valid_for_months=24)
    event, sessions = _training(grants_qualification=laser)
    organiser = organiser_manager(event)
    registration = RegistrationFactory(event=event)
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=organiser)
    grant = QualificationGrant.objects.get()
    assert certificate.qualification_grant == grant
    assert (
        grant.person,
        grant.qualification,
        grant.granted_at,
        grant.expires_at,
        grant.granted_by,
        grant.source,
        grant.revoked_at,
    ) == (
        registration.person,
        laser,
        certificate.issued_at,
        checkin.add_months(certificate.issued_at, 24),
        organiser,
        f"Cybersecurity training ({certificate.code})",
        None,
    )
    assert grant.is_valid()
    assert not grant.is_valid(at=grant.expires_at)


def test_a_qualification_without_expiry():
    forever = Qualification.objects.create(name="Clean room basics")
    event, sessions = _training(grants_qualification=forever)
    _attend(RegistrationFactory(event=event), sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    assert certificate.qualification_grant.expires_at is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.datetime(2026, 1, 31, 10, tzinfo=datetime.UTC), 1, (2026, 2, 28)),
        (datetime.datetime(2028, 1, 31, 10, tzinfo=datetime.UTC), 1, (2028, 2, 29)),
        (datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC), 3, (2027, 2, 15)),
        (datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC), 24, (2028, 5, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert checkin.add_months(start, months) == start.replace(*expected)


def test_the_participant_is_mailed_in_their_language():
    event, sessions = _training()
    event.title_tr = "Siber güvenlik eğitimi"
    event.save()
    registration = RegistrationFactory(event=event, person=_person("Elif", "Doğan"))
    registration.person.preferred_language = "tr"
    registration.person.save()
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    [message] = OutboxMessage.objects.all()
    assert message.to == [registration.person.email]
    assert "Siber güvenlik eğitimi" in message.subject
    assert certificate.code in message.body
    assert "Elif Doğan" in message.body


# --- revoking -------------------------------------------------------------------------------
def test_revoking_withdraws_the_qualification_and_is_not_reissued():
    laser = Qualification.objects.create(name="Laser cutter safety", valid_for_months=12)
    event, sessions = _training(grants_qualification=laser)
    organiser = organiser_manager(event)
    registration = RegistrationFactory(event=event)
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=organiser)
    checkin.revoke_certificate(certificate=certificate, actor=organiser)
    certificate.refresh_from_db()
    grant = QualificationGrant.objects.get()
    assert certificate.revoked_at is not None
    assert grant.revoked_at == certificate.revoked_at
    assert not grant.is_valid()
    with pytest.raises(ValidationError):
        checkin.revoke_certificate(certificate=certificate, actor=organiser)
    assert checkin.issue_certificates(event=event, actor=organiser) == []
    assert list(
        AuditEntry.objects.filter(action="events.certificate_revoke").values_list(
            "actor", "object_repr"
        )
    ) == [(organiser.pk, certificate.code)]


# --- the PDF --------------------------------------------------------------------------------
def test_certificate_pdf_names_the_participant_event_attendance_and_how_to_verify():
    event, sessions = _training()
    event.organisers.set([directory.OrganisationFactory(name="GOSB Teknopark")])
    registration = RegistrationFactory(event=event, person=_person("Günay", "İsmayılova"))
    _attend(registration, sessions[:4])
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    data = tickets.certificate_pdf(certificate, base_url="https://korpu.example/", compress=False)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data).splitlines()
    url = f"https://korpu.example/en/events/verify/{certificate.code}/"
    assert text[:4] == [
        "GOSB Teknopark",
        "Certificate of attendance",
        "This is to certify that",
        "Günay İsmayılova",
    ]
    assert f"Verification code: {certificate.code}" in text
    assert f"Check this certificate at {url}" in text
    assert "Attendance: 80% of the sessions." in text
    assert "Organised by GOSB Teknopark" in text


def test_certificate_pdf_in_the_participants_language():
    event, sessions = _training()
    event.title_az = "Kibertəhlükəsizlik təlimi"
    event.save()
    person = _person("Rəşad", "Hüseynov", preferred_language="az")
    registration = RegistrationFactory(event=event, person=person)
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    text = pdf_text(tickets.certificate_pdf(certificate, base_url="https://k.example"))
    assert "Rəşad Hüseynov" in text
    assert "Kibertəhlükəsizlik təlimi" in text
    assert f"https://k.example/az/events/verify/{certificate.code}/" in text


# --- pages ----------------------------------------------------------------------------------
def test_organisers_see_who_is_eligible_and_issue(client):
    event, sessions = _training()
    eligible = RegistrationFactory(event=event, person=_person("Aytac", "Babayeva"))
    short = RegistrationFactory(event=event, person=_person("Orxan", "Cəfərov"))
    _attend(eligible, sessions)
    _attend(short, sessions[:1])
    url = reverse("events:certificates", args=[event.slug])
    client.force_login(eligible.person)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(organiser_manager(event))
    response = client.get(url)
    assert response.status_code == 200
    rows = [
        (row.registration, row.attended, row.countable, row.percent, row.eligible)
        for row in response.context["page"].object_list
    ]
    assert rows == [(eligible, 5, 5, 100, True), (short, 1, 5, 20, False)]
    assert response.context["to_issue"] == 1
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "1 certificates were issued and sent by e-mail."
    ]
    assert response.context["issued"] == 1
    assert Certificate.objects.get().registration == eligible


def test_participant_downloads_their_certificate(client):
    event, sessions = _training()
    registration = RegistrationFactory(event=event, person=_person("Səbinə", "Rzayeva"))
    other = RegistrationFactory(event=event)
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    url = reverse("events:certificate", args=[event.slug])
    client.force_login(registration.person)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    text = pdf_text(response.content)
    assert "Səbinə Rzayeva" in text
    assert f"http://testserver/en/events/verify/{certificate.code}/" in text
    assert client.get(f"{url}?registration={other.pk}").status_code == 403
    client.force_login(other.person)
    assert client.get(url).status_code == 404
    checkin.revoke_certificate(certificate=certificate, actor=None)
    client.force_login(registration.person)
    assert client.get(url).status_code == 404


def test_organisers_revoke_from_the_list(client):
    event, sessions = _training()
    registration = RegistrationFactory(event=event)
    _attend(registration, sessions)
    [certificate] = checkin.issue_certificates(event=event, actor=None)
    url = reverse("events:certificate_revoke", args=[event.slug, certificate.code])
    client.force_login(registration.person)
    assert client.post(url).status_code == 403
    client.force_login(organiser_manager(event))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None


# --- public verification --------------------------------------------------------------------
def _issued(**person):
    event, sessions = _training()
    registration = RegistrationFactory(event=event, person=_person("Fidan", "Nəsirova", **person))
    _attend(registration, sessions)
    return checkin.issue_certificates(event=event, actor=None)[0]


def test_verification_confirms_a_valid_certificate_and_shows_nothing_else(client):
    certificate = _issued(phone="+994 50 123 45 67", city="Şuşa")
    person = certificate.registration.person
    response = client.get(reverse("events:verify_certificate", args=[certificate.code]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    assert 'data-status="valid"' in page
    assert "Fidan Nəsirova" in page and "Cybersecurity training" in page
    for private in (person.email, person.phone, "Şuşa", str(certificate.attendance_percent) + "%"):
        assert private not in page


def test_verification_of_a_revoked_certificate(client):
    certificate = _issued()
    checkin.revoke_certificate(certificate=certificate, actor=None)
    response = client.get(reverse("events:verify_certificate", args=[certificate.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="revoked"' in page
    assert "This certificate was revoked" in page


def test_verification_of_an_unknown_code(client):
    _issued()
    for code in ("ABCD-EFGH-JKMN", "not a code"):
        response = client.get(reverse("events:verify_certificate", args=[code]))
        assert response.status_code == 404
        assert 'data-status="unknown"' in response.content.decode()


def test_verification_accepts_codes_as_people_type_them(client):
    certificate = _issued()
    typed = certificate.code.replace("-", " ").lower()
    canonical = reverse("events:verify_certificate", args=[certificate.code])
    response = client.get(reverse("events:verify"), {"code": typed})
    assert (response.status_code, response["Location"]) == (302, canonical)
    loose = reverse("events:verify_certificate", args=[certificate.code.replace("-", "").lower()])
    assert client.get(loose)["Location"] == canonical


def test_verify_form_explains_a_malformed_code(client):
    response = client.get(reverse("events:verify"), {"code": "12"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["A verification code has 12 letters and digits, e.g. K7QM-X3PD-9RTA."]
    }
    assert client.get(reverse("events:verify")).status_code == 200
