"""Emitting: the four events reach the right organisation from the services that make
them, in the caller's transaction (nothing is sent for a change that rolled back), and
cost one query where nobody listens."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from korpu.events import services as event_services
from korpu.facilities import services as facility_services
from korpu.programs import services as programme_services
from korpu.transfer import services as transfer_services
from korpu.webhooks import services
from korpu.webhooks.models import Delivery, EventType
from tests import factories
from tests.events.factories import EventFactory
from tests.facilities.factories import ResourceFactory, future
from tests.programs.factories import CallFactory
from tests.transfer.factories import ProfileFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def _only(organisation) -> Delivery:
    (delivery,) = Delivery.objects.filter(endpoint__organisation=organisation)
    return delivery


def test_registration_created_reaches_every_organiser(make_endpoint):
    host, co_host, bystander = (factories.OrganisationFactory() for _ in range(3))
    for organisation in (host, co_host, bystander):
        make_endpoint(organisation)
    event = EventFactory(organisers=[host, co_host])
    person = factories.PersonFactory()
    registration = event_services.register(event=event, person=person)
    deliveries = Delivery.objects.filter(event_type="registration.created").order_by("pk")
    assert [d.endpoint.organisation for d in deliveries] == [host, co_host]
    payload = deliveries[0].payload
    assert payload["type"] == "registration.created"
    assert payload["organisation"] == {"id": host.pk, "slug": host.slug}
    assert payload["data"]["registration"]["id"] == registration.pk
    assert payload["data"]["registration"]["status"] == "confirmed"
    assert payload["data"]["event"]["slug"] == event.slug
    assert payload["data"]["event"]["url"] == f"{SITE}/en/events/{event.slug}/"
    # One event, one id, whatever the number of endpoints.
    assert deliveries[0].event_id == deliveries[1].event_id
    # No personal data: not the person's name nor address.
    text = str(payload)
    assert person.email not in text and person.last_name not in text


def test_application_submitted_reaches_the_programme_owner(make_endpoint):
    call = CallFactory()
    owner = call.programme.owner
    make_endpoint(owner)
    company = factories.OrganisationFactory()
    person = factories.MembershipFactory(organisation=company, role="admin").person
    make_endpoint(company)  # the applicant's own endpoint hears nothing of it
    application = programme_services.start_application(
        actor=person, call=call, title="Robots", company=company
    )
    assert not Delivery.objects.exists()  # a draft is not a submission
    programme_services.submit_application(
        actor=person, application=application, version=application.version
    )
    delivery = _only(owner)
    assert not Delivery.objects.filter(endpoint__organisation=company).exists()
    data = delivery.payload["data"]
    assert delivery.event_type == "application.submitted"
    assert data["application"]["id"] == application.pk
    assert data["application"]["company"] == {"id": company.pk, "slug": company.slug}
    assert data["call"] == {"id": call.pk, "slug": call.slug}
    assert data["programme"]["slug"] == call.programme.slug


def test_eoi_received_reaches_the_intermediary_then_the_owner(make_endpoint):
    profile = ProfileFactory(published=True)
    make_endpoint(profile.owner)
    make_endpoint(profile.intermediary)
    company = factories.OrganisationFactory(kind="startup")
    author = factories.MembershipFactory(organisation=company).person
    interest = transfer_services.express_interest(
        actor=author, profile=profile, company=company, message="We need it."
    )
    received = _only(profile.intermediary)
    assert received.payload["data"]["recipient_role"] == "intermediary"
    assert not Delivery.objects.filter(endpoint__organisation=profile.owner).exists()
    reviewer = factories.MembershipFactory(organisation=profile.intermediary, role="manager")
    transfer_services.forward_interest(actor=reviewer.person, interest=interest)
    forwarded = _only(profile.owner)
    data = forwarded.payload["data"]
    assert forwarded.event_type == "eoi.received"
    assert data["recipient_role"] == "owner"
    assert data["interest"]["id"] == interest.pk
    assert data["profile"] == {"id": profile.pk, "reference": profile.reference, "type": "TO"}
    # The interested company stays anonymous to the owner until the marketplace says so.
    assert company.slug not in str(forwarded.payload) and "We need it" not in str(data)


def test_booking_made_reaches_the_park_operator(make_endpoint):
    resource = ResourceFactory()
    operator = resource.facility.park.operator
    make_endpoint(operator)
    person = factories.PersonFactory()
    booking = facility_services.book(
        actor=person, resource=resource, starts_at=future(2, 10), ends_at=future(2, 11)
    )
    delivery = _only(operator)
    data = delivery.payload["data"]
    assert delivery.event_type == "booking.made"
    assert data["booking"]["id"] == booking.pk and data["booking"]["status"] == "approved"
    assert data["resource"] == {"id": resource.pk, "slug": resource.slug}
    assert data["facility"]["slug"] == resource.facility.slug
    assert person.email not in str(delivery.payload)


def test_only_subscribed_and_active_endpoints_hear(make_endpoint):
    organisation = factories.OrganisationFactory()
    wants = make_endpoint(organisation, event_types=[EventType.BOOKING_MADE])
    make_endpoint(organisation, event_types=[EventType.EOI_RECEIVED], url="https://a.example/x")
    make_endpoint(organisation, is_active=False, url="https://b.example/y")
    deliveries = services.emit("booking.made", organisation=organisation, data={"n": 1})
    assert [d.endpoint_id for d in deliveries] == [wants.pk]


def test_a_rolled_back_change_sends_nothing(
    receiver, make_endpoint, django_capture_on_commit_callbacks
):
    event = EventFactory()
    make_endpoint(event.organisers.get())
    person = factories.PersonFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_services.register(event=event, person=person)
        assert Delivery.objects.count() == 1  # written in the caller's transaction
        raise RuntimeError("the caller fails after registering")
    assert callbacks == []
    assert Delivery.objects.count() == 0
    assert receiver.requests == []
    # The same change committed is delivered once.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_services.register(event=event, person=person)
    assert len(callbacks) >= 1
    assert Delivery.objects.get().status == Delivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_nobody_listening_costs_no_query_and_others_listening_one(monkeypatch, make_endpoint):
    event = EventFactory()
    registration = event_services.register(event=event, person=factories.PersonFactory())
    organiser = event.organisers.get()
    services.listening_organisations()  # read once per process every few seconds
    with CaptureQueriesContext(connection) as captured:
        assert services.registration_created(registration) == []
        assert services.emit("booking.made", organisation=organiser, data=dict) == []
    assert len(captured) == 0
    make_endpoint()  # another organisation has webhooks
    services.listening_organisations()
    with CaptureQueriesContext(connection) as captured:
        assert services.registration_created(registration) == []
    assert len(captured) == 1  # who among the organisers listens: one query
    with CaptureQueriesContext(connection) as captured:
        assert services.emit("booking.made", organisation=organiser, data=dict) == []
    assert len(captured) == 0  # not among the listening organisations

    def count_register(hook) -> int:
        monkeypatch.setattr(services, "registration_created", hook)
        with CaptureQueriesContext(connection) as run:
            event_services.register(event=event, person=factories.PersonFactory())
        return len(run)

    original = services.registration_created
    without = count_register(lambda registration: [])
    with_hook = count_register(original)
    assert with_hook - without == 1


def test_a_new_endpoint_is_heard_at_once_in_its_process(make_endpoint):
    organisation = factories.OrganisationFactory()
    assert services.listening_organisations() == frozenset()
    make_endpoint(organisation)
    assert services.listening_organisations() == {organisation.pk}
    assert len(services.emit("booking.made", organisation=organisation, data={})) == 1


def test_an_endpoint_saved_in_a_transaction_is_heard_after_the_commit(
    make_endpoint, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_endpoint(organisation)
        services.listening_organisations()
    assert len(callbacks) == 1  # forgotten once more at the commit, and no more
    assert services._listening["until"] == 0.0
    assert services.listening_organisations() == {organisation.pk}
