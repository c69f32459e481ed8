"""Retention periods: what is past its period goes, exactly the period stays; dry runs count."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory.models import ApiToken, Person
from korpu.events.models import Registration
from korpu.privacy import retention
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


def registration_ended(ago):
    event = EventFactory(starts_at=NOW - ago - DAY, ends_at=NOW - ago)
    return RegistrationFactory(event=event, answers={"1": "vegetarian"})


def test_registration_answers_after_the_period_boundary(settings):
    settings.KORPU_RETENTION = {"registration_answers": 365}
    kept = registration_ended(365 * DAY)
    gone = registration_ended(365 * DAY + SECOND)
    assert retention.purge(now=NOW, dry_run=True)["registration_answers"] == 1
    assert Registration.objects.get(pk=gone.pk).answers == {"1": "vegetarian"}
    assert retention.purge(now=NOW)["registration_answers"] == 1
    assert Registration.objects.get(pk=gone.pk).answers == {}
    assert Registration.objects.get(pk=kept.pk).answers == {"1": "vegetarian"}
    # The registration itself stays (it is counted).
    assert Registration.objects.filter(pk=gone.pk).exists()
    assert retention.purge(now=NOW)["registration_answers"] == 0


def test_mail_audit_tokens_and_unverified_accounts(settings):
    settings.KORPU_RETENTION = {"sent_mail": 90, "audit_log": 730, "api_tokens": 90}
    old_mail = OutboxMessage.objects.create(
        message_id="<a@x>",
        from_email="a@x",
        to=["p@x"],
        subject="s",
        body="b",
        status="sent",
        sent_at=NOW - 90 * DAY - SECOND,
    )
    new_mail = OutboxMessage.objects.create(
        message_id="<b@x>",
        from_email="a@x",
        to=["p@x"],
        subject="s",
        body="b",
        status="sent",
        sent_at=NOW - 90 * DAY,
    )
    pending = OutboxMessage.objects.create(
        message_id="<c@x>", from_email="a@x", to=["p@x"], subject="s", body="b"
    )
    OutboxMessage.objects.filter(pk=pending.pk).update(created_at=NOW - 400 * DAY)
    old_entry = AuditEntry.objects.create(action="x")
    AuditEntry.objects.filter(pk=old_entry.pk).update(created_at=NOW - 731 * DAY)
    owner = PersonFactory()
    revoked = ApiToken.objects.create(
        person=owner,
        name="a",
        lookup="aaaaaaaaaaaa",
        key_hash="1" * 64,
        revoked_at=NOW - 91 * DAY,
    )
    active = ApiToken.objects.create(
        person=owner, name="b", lookup="bbbbbbbbbbbb", key_hash="2" * 64
    )
    stale = PersonFactory()
    Person.objects.filter(pk=stale.pk).update(date_joined=NOW - 31 * DAY)
    fresh = PersonFactory()

    counts = retention.purge(now=NOW)
    assert counts["sent_mail"] == 1 and counts["audit_log"] == 1 and counts["api_tokens"] == 1
    assert counts["unverified_accounts"] == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {new_mail.pk, pending.pk}
    assert not OutboxMessage.objects.filter(pk=old_mail.pk).exists()
    assert not AuditEntry.objects.filter(pk=old_entry.pk).exists()
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {active.pk}
    assert not ApiToken.objects.filter(pk=revoked.pk).exists()
    assert not Person.objects.filter(pk=stale.pk).exists()
    assert Person.objects.filter(pk__in=[fresh.pk, owner.pk]).count() == 2
    # The purge leaves one audit entry saying what it removed.
    assert AuditEntry.objects.get(action="privacy.retention").changes["sent_mail"] == [None, 1]


def test_batches_are_bounded(settings):
    settings.KORPU_RETENTION = {"registration_answers": 1}
    for _ in range(3):
        registration_ended(10 * DAY)
    assert retention.purge(now=NOW, batch=2)["registration_answers"] == 2
    assert retention.purge(now=NOW, batch=2)["registration_answers"] == 1


def test_privacy_tick_command(settings):
    settings.KORPU_RETENTION = {"registration_answers": 1}
    gone = registration_ended(10 * DAY)
    out = StringIO()
    call_command("privacy_tick", "--dry-run", stdout=out)
    assert "would remove 1 registration_answers" in out.getvalue()
    assert Registration.objects.get(pk=gone.pk).answers
    out = StringIO()
    call_command("privacy_tick", stdout=out)
    assert "removed 1 registration_answers" in out.getvalue()
    assert Registration.objects.get(pk=gone.pk).answers == {}


def test_finished_webhook_deliveries_go_pending_ones_stay(settings):
    import uuid

    from korpu.webhooks.models import Delivery, Endpoint
    from tests.factories import OrganisationFactory

    settings.KORPU_RETENTION = {"webhook_deliveries": 30}
    endpoint = Endpoint.objects.create(
        organisation=OrganisationFactory(), url="https://hooks.example.org/k", event_types=[]
    )

    def delivery(status, age):
        made = Delivery.objects.create(
            endpoint=endpoint,
            event_type="registration.created",
            event_id=uuid.uuid4(),
            payload={"person": "someone"},
            status=status,
        )
        Delivery.objects.filter(pk=made.pk).update(created_at=NOW - age)
        return made

    old_sent = delivery(Delivery.Status.SUCCEEDED, 30 * DAY + SECOND)
    old_failed = delivery(Delivery.Status.FAILED, 31 * DAY)
    old_pending = delivery(Delivery.Status.PENDING, 40 * DAY)
    recent = delivery(Delivery.Status.SUCCEEDED, 30 * DAY)

    assert retention.purge(now=NOW)["webhook_deliveries"] == 2
    left = set(Delivery.objects.values_list("pk", flat=True))
    assert left == {old_pending.pk, recent.pk}
    assert not left & {old_sent.pk, old_failed.pk}
