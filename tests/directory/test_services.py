import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.directory import services
from korpu.directory.models import ApiToken, Membership, Residency
from tests import factories

pytestmark = pytest.mark.django_db


def test_add_member_notifies_in_the_recipients_language(django_capture_on_commit_callbacks):
    admin = factories.PersonFactory()
    company = factories.OrganisationFactory(name="Pusula Robotik")
    newcomer = factories.PersonFactory(email="ayse@example.org", preferred_language="tr")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.add_member(
            actor=admin, organisation=company, email="AYSE@example.org ", role="manager"
        )
    assert (membership.person, membership.role) == (newcomer, "manager")
    entry = AuditEntry.objects.get(action="membership.add")
    assert (entry.actor, entry.changes) == (
        admin,
        {"role": [None, "manager"], "person": [None, "ayse@example.org"]},
    )
    assert [m.to for m in mail.outbox] == [["ayse@example.org"]]
    # The subject is rendered with Turkish active (translated once the catalogue is).
    assert "Pusula Robotik" in mail.outbox[0].subject


def test_add_unknown_person_changes_nothing():
    company = factories.OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.add_member(
            actor=None, organisation=company, email="nobody@example.org", role="member"
        )
    assert error.value.messages == [
        "Nobody has an account with this e-mail address. Ask them to sign up first."
    ]
    assert (Membership.objects.count(), OutboxMessage.objects.count()) == (0, 0)
    assert AuditEntry.objects.count() == 0


def test_cannot_demote_or_remove_the_last_admin():
    membership = factories.MembershipFactory(role="admin")
    for change in (
        lambda: services.change_member_role(actor=None, membership=membership, role="member"),
        lambda: services.remove_member(actor=None, membership=membership),
    ):
        with pytest.raises(ValidationError):
            change()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_residency_follows_its_lifecycle():
    residency = factories.ResidencyFactory(status=Residency.Status.APPLIED, start_date=None)
    unit = factories.UnitFactory(building__site__park=residency.park)
    services.change_residency_status(actor=None, residency=residency, status="approved")
    services.change_residency_status(actor=None, residency=residency, status="active", unit=unit)
    residency.refresh_from_db()
    assert (residency.status, residency.unit, residency.start_date is not None) == (
        "active",
        unit,
        True,
    )
    with pytest.raises(ValidationError) as error:
        services.change_residency_status(actor=None, residency=residency, status="applied")
    assert "cannot become" in error.value.messages[0]
    assert list(
        AuditEntry.objects.filter(action="residency.status")
        .order_by("id")
        .values_list("changes__status", flat=True)
    ) == [["applied", "approved"], ["approved", "active"]]


def test_residency_unit_must_be_in_the_same_park():
    residency = factories.ResidencyFactory(status=Residency.Status.APPROVED, start_date=None)
    foreign_unit = factories.UnitFactory()
    with pytest.raises(ValidationError) as error:
        services.change_residency_status(
            actor=None, residency=residency, status="active", unit=foreign_unit
        )
    assert error.value.messages == ["This unit belongs to another park."]
    residency.refresh_from_db()
    assert (residency.status, residency.unit) == ("approved", None)


def test_api_token_is_stored_hashed_and_can_be_revoked():
    person = factories.PersonFactory()
    token, key = services.create_api_token(actor=person, name="KPI export")
    assert key.startswith("kp_") and key not in token.key_hash
    assert ApiToken.objects.filter(key_hash__contains=key.split(".")[1]).count() == 0
    assert services.authenticate_api_key(key) == person
    assert services.authenticate_api_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert services.authenticate_api_key("garbage") is None
    services.revoke_api_token(actor=person, token=token)
    assert services.authenticate_api_key(key) is None


def test_api_token_needs_a_name():
    with pytest.raises(ValidationError):
        services.create_api_token(actor=factories.PersonFactory(), name="   ")
    assert ApiToken.objects.count() == 0


def _demote_both_at_once(company, first, second):
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(membership):
        try:
            barrier.wait()
            services.change_member_role(actor=None, membership=membership, role="member")
            outcomes.append("demoted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes), company.memberships.filter(role="admin").count()


def _slow_admin_count(organisation):
    count = organisation.memberships.filter(role="admin").count()
    time.sleep(0.3)  # widen the window between the check and the write
    return count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_demotions_leave_an_admin(monkeypatch):
    """Two admins demote each other at the same moment: the organisation lock makes
    the second one see the first and refuse, so one admin always remains."""
    monkeypatch.setattr(services, "_admin_count", _slow_admin_count)
    company = factories.OrganisationFactory()
    first = factories.MembershipFactory(organisation=company, role="admin")
    second = factories.MembershipFactory(organisation=company, role="admin")
    assert _demote_both_at_once(company, first, second) == (["demoted", "refused"], 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_happens(monkeypatch):
    """Control: with the lock switched off the same test catches the lost admin."""
    monkeypatch.setattr(services, "_admin_count", _slow_admin_count)
    monkeypatch.setattr(services, "_lock_organisation", lambda organisation_id: None)
    company = factories.OrganisationFactory()
    first = factories.MembershipFactory(organisation=company, role="admin")
    second = factories.MembershipFactory(organisation=company, role="admin")
    assert _demote_both_at_once(company, first, second) == (["demoted", "demoted"], 0)
