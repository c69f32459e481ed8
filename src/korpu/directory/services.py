"""Every write in the directory: one transaction, an audit entry, mail after commit.

Functions take keyword arguments only and raise ``ValidationError`` with a translated
message when the change is not allowed; nothing is written in that case.
"""

import datetime
import hmac
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail

from .models import ApiToken, Membership, Organisation, Person, Residency


@transaction.atomic
def save_organisation_form(*, actor, form) -> Organisation:
    """Save an organisation edit form (fields and sectors) with an audit entry."""
    instance = form.instance
    stored = Organisation.objects.filter(pk=instance.pk).first()
    before = audit.snapshot(stored) if stored else {}
    before_sectors = sorted(stored.sectors.values_list("slug", flat=True)) if stored else []
    organisation = form.save()
    changes = audit.diff(before, audit.snapshot(organisation))
    after_sectors = sorted(organisation.sectors.values_list("slug", flat=True))
    if before_sectors != after_sectors:
        changes["sectors"] = [before_sectors, after_sectors]
    audit.record(
        actor=actor,
        action="organisation.update" if stored else "organisation.create",
        obj=organisation,
        changes=changes,
    )
    return organisation


@transaction.atomic
def save_profile_form(*, actor, form) -> Person:
    person = form.instance
    stored = Person.objects.get(pk=person.pk)
    model_fields = {f.name for f in Person._meta.concrete_fields}
    fields = [f for f in form.fields if f in model_fields] + ["statistics_consent_at"]
    before = audit.snapshot(stored, fields)
    person = form.save()
    audit.record(
        actor=actor,
        action="person.update",
        obj=person,
        changes=audit.diff(before, audit.snapshot(person, fields)),
    )
    return person


# --- memberships -----------------------------------------------------------------------
def _lock_organisation(organisation_id: int) -> None:
    """Serialise membership changes of one organisation (a row lock until commit), so
    two admins demoting each other at once cannot leave it without an admin."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


def _admin_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.ADMIN).count()


@transaction.atomic
def add_member(*, actor, organisation: Organisation, email: str, role: str, title: str = ""):
    _lock_organisation(organisation.pk)
    person = Person.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise ValidationError(
            _("Nobody has an account with this e-mail address. Ask them to sign up first.")
        )
    if organisation.memberships.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already a member.") % {"name": person.full_name})
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a valid role."))
    membership = Membership.objects.create(
        person=person, organisation=organisation, role=role, title=title
    )
    audit.record(
        actor=actor,
        action="membership.add",
        obj=membership,
        changes={"role": [None, role], "person": [None, person.email]},
    )
    send_templated_mail(
        to=person.email,
        template="directory/email/membership_added",
        context={"person": person, "organisation": organisation, "membership": membership},
        language=person.preferred_language,
    )
    return membership


@transaction.atomic
def change_member_role(*, actor, membership: Membership, role: str) -> Membership:
    _lock_organisation(membership.organisation_id)
    membership = Membership.objects.select_related("organisation").get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a valid role."))
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and _admin_count(membership.organisation) == 1
    ):
        raise ValidationError(_("An organisation needs at least one admin."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        actor=actor, action="membership.role", obj=membership, changes={"role": [before, role]}
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    _lock_organisation(membership.organisation_id)
    membership = Membership.objects.select_related("organisation", "person").get(pk=membership.pk)
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.organisation) == 1:
        raise ValidationError(_("An organisation needs at least one admin."))
    audit.record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        changes={"role": [membership.role, None], "person": [membership.person.email, None]},
    )
    membership.delete()


# --- residencies -----------------------------------------------------------------------
@transaction.atomic
def change_residency_status(
    *, actor, residency: Residency, status: str, unit=None, on_date=None
) -> Residency:
    """Move a residency along applied → approved → active → graduated/left."""
    residency = Residency.objects.select_for_update().get(pk=residency.pk)
    current = Residency.Status(residency.status)
    if status not in Residency.Status.values:
        raise ValidationError(_("Choose a valid status."))
    target = Residency.Status(status)
    if target not in Residency.TRANSITIONS[current]:
        raise ValidationError(
            _("A residency that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target.label}
        )
    before = audit.snapshot(residency, ["status", "unit_id", "start_date", "end_date"])
    day = on_date or timezone.localdate()
    residency.status = target
    if unit is not None:
        residency.unit = unit
    if target == Residency.Status.ACTIVE and residency.start_date is None:
        residency.start_date = day
    if target in (Residency.Status.GRADUATED, Residency.Status.LEFT):
        residency.end_date = day
    try:
        residency.full_clean()
    except ValidationError as error:
        raise ValidationError(" ".join(error.messages)) from error
    residency.save()
    audit.record(
        actor=actor,
        action="residency.status",
        obj=residency,
        changes=audit.diff(
            before, audit.snapshot(residency, ["status", "unit_id", "start_date", "end_date"])
        ),
    )
    for membership in residency.company.memberships.filter(
        role__in=[Membership.Role.MANAGER, Membership.Role.ADMIN]
    ).select_related("person"):
        send_templated_mail(
            to=membership.person.email,
            template="directory/email/residency_status",
            context={"person": membership.person, "residency": residency},
            language=membership.person.preferred_language,
        )
    return residency


@transaction.atomic
def apply_for_residency(*, actor, company: Organisation, park, notes: str = "") -> Residency:
    if not company.is_company:
        raise ValidationError(_("Only companies can become residents of a park."))
    if Residency.objects.filter(company=company, park=park, status__in=Residency.CURRENT).exists():
        raise ValidationError(_("This company already has a current residency in this park."))
    residency = Residency.objects.create(
        company=company, park=park, status=Residency.Status.APPLIED, notes=notes
    )
    audit.record(actor=actor, action="residency.apply", obj=residency)
    return residency


# --- API tokens ------------------------------------------------------------------------
API_TOKEN_LIFETIMES = (30, 90, 365)  # days the token page offers (or no expiry)


@transaction.atomic
def create_api_token(
    *,
    actor: Person,
    name: str,
    scope: str = ApiToken.Scope.READ_WRITE,
    organisation: Organisation | None = None,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns it and the key, which is never stored.

    ``scope``: read only or read and write; ``organisation``: one the actor is a member
    of, through which alone the token acts (None: all of theirs); ``expires_at``: when it
    stops working (None: never)."""
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only or read and write.")
    if (
        organisation is not None
        and not Membership.objects.filter(person=actor, organisation=organisation).exists()
    ):
        errors["organisation"] = _("You can only limit a token to an organisation you belong to.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors)
    if actor.api_tokens.filter(revoked_at__isnull=True).count() >= 20:
        raise ValidationError(_("You have 20 active tokens; revoke one first."))
    key, lookup, key_hash = ApiToken.new_key()
    token = ApiToken.objects.create(
        person=actor,
        name=name[:100],
        lookup=lookup,
        key_hash=key_hash,
        scope=scope,
        organisation=organisation,
        expires_at=expires_at,
    )
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes=audit.diff(
            {}, audit.snapshot(token, ["name", "scope", "organisation_id", "expires_at"])
        ),
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: Person, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", obj=token)
    return token


# Every API request with a token runs this, so it is written in SQL: the ORM spends about a
# millisecond compiling the token-and-person query, most of what authenticating costs
# (bench/event_registration). tests/events/test_hot_path.py checks that the person read
# here equals the ORM's. The token's scope, organisation and expiry come in the same row:
# no extra query.
TOKEN_COLUMNS = ("last_used_at", "expires_at", "scope", "organisation")  # read with the person


def _converters(column, on) -> list:
    """What the ORM applies to a value read from ``column`` (backend's, then the field's)."""
    return on.ops.get_db_converters(column) + column.get_db_converters(on)


@cache
def _token_query(vendor: str) -> dict:
    """The SELECT of a token and its person, the UPDATE of its last use, and what turns
    the row into values, for one database vendor."""
    qn = connection.ops.quote_name
    token_table, person_table = ApiToken._meta.db_table, Person._meta.db_table
    fields = Person._meta.concrete_fields
    columns = ", ".join(f"p.{qn(field.column)}" for field in fields)
    token_fields = [ApiToken._meta.get_field(name) for name in TOKEN_COLUMNS]
    token_columns = ", ".join(f"t.{qn(field.column)}" for field in token_fields)
    return {
        "select": (
            f"SELECT t.id, t.key_hash, {token_columns}, {columns} "
            f"FROM {qn(token_table)} t INNER JOIN {qn(person_table)} p ON p.id = t.person_id "
            "WHERE t.lookup = %s AND t.revoked_at IS NULL AND p.is_active = %s"
        ),
        "update": f"UPDATE {qn(token_table)} SET last_used_at = %s WHERE id = %s",
        "names": [field.attname for field in fields],
        "converters": [
            (column, _converters(column, connection))
            for column in (field.get_col(person_table) for field in fields)
        ],
        "token_converters": [
            (column, _converters(column, connection))
            for column in (field.get_col(token_table) for field in token_fields)
        ],
        "last_used": ApiToken._meta.get_field("last_used_at"),
    }


@dataclass(frozen=True)
class ApiKeyCheck:
    """What a presented key is worth: its active person (None when the key is not
    valid, revoked, expired or of an inactive person) and, for an expired token, when it
    expired (so the answer can say so)."""

    person: Person | None
    expired_at: datetime.datetime | None = None


def check_api_key(key: str, *, now: datetime.datetime | None = None) -> ApiKeyCheck:
    """Check a presented API key: an active, unexpired token of an active person, the
    secret compared in constant time, the last use recorded at most once a minute; one
    statement (two on a first use in a minute).

    The person comes back with what the token allows: ``api_token_scope`` (read or
    read-write) and ``api_token_organisation_id`` (the organisation it acts through, or
    None), which :mod:`korpu.directory.rules` honours in every membership lookup."""
    if not key or not key.startswith(ApiToken.PREFIX) or "." not in key:
        return ApiKeyCheck(None)
    lookup, _sep, secret = key[len(ApiToken.PREFIX) :].partition(".")
    query = _token_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(query["select"], [lookup, True])
        row = cursor.fetchone()
    if row is None or not hmac.compare_digest(row[1], ApiToken.hash_secret(secret)):
        return ApiKeyCheck(None)
    count = len(TOKEN_COLUMNS)
    token_values = list(row[2 : 2 + count])
    for index, (column, converters) in enumerate(query["token_converters"]):
        if token_values[index] is not None:
            for convert in converters:
                token_values[index] = convert(token_values[index], column, connection)
    last_used_at, expires_at, scope, organisation_id = token_values
    now = now or timezone.now()
    if expires_at is not None and expires_at <= now:
        return ApiKeyCheck(None, expired_at=expires_at)
    values = list(row[2 + count :])
    for index, (column, converters) in enumerate(query["converters"]):
        for convert in converters:
            values[index] = convert(values[index], column, connection)
    person = Person.from_db(connection.alias, query["names"], values)
    person.api_token_scope = scope
    person.api_token_organisation_id = organisation_id
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        with connection.cursor() as cursor:
            prepared = query["last_used"].get_db_prep_save(now, connection)
            cursor.execute(query["update"], [prepared, row[0]])
    return ApiKeyCheck(person)


def authenticate_api_key(key: str) -> Person | None:
    """The active person a presented API key belongs to, or None (see
    :func:`check_api_key`)."""
    return check_api_key(key).person
