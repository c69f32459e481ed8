"""Who may do what in the directory. Predicates take (user, object).

The same questions are answered for whole lists by :mod:`korpu.directory.queries`;
tests check that both give the same answer.
"""

import rules

MANAGING_ROLES = ("manager", "admin")


def is_signed_in(user) -> bool:
    """An authenticated, active account (every app's rules and queries start here)."""
    return user is not None and user.is_authenticated and user.is_active


# --- memberships: the one place rights from organisations come from ---------------------
# A request made with an organisation-scoped API token acts through that organisation
# only: korpu.directory.api sets ``api_token_organisation_id`` on the person it
# authenticates, and every membership lookup below (and ``person.memberships``, see
# MembershipManager) then sees that organisation's membership alone. Ask
# ``user.memberships`` or :func:`organisation_ids_of`; never join
# ``…memberships__person=user`` directly, which would ignore the token's scope.
def token_organisation_id(user) -> int | None:
    """The organisation the request's API token is limited to, or None (no limit)."""
    return getattr(user, "api_token_organisation_id", None)


def organisation_ids_of(user, roles: tuple[str, ...] | None = None):
    """The ids of the organisations ``user`` is a member of (with one of ``roles``), as a
    subquery; narrowed to the API token's organisation when it has one."""
    from .models import Membership

    memberships = Membership.objects.filter(person=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    organisation_id = token_organisation_id(user)
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    return memberships.values("organisation_id")


@rules.predicate
def is_staff(user) -> bool:
    return is_signed_in(user) and user.is_staff


@rules.predicate
def manages_some_organisation(user) -> bool:
    """A manager or admin of at least one organisation (may start programmes, events)."""
    return is_signed_in(user) and user.memberships.filter(role__in=MANAGING_ROLES).exists()


@rules.predicate
def is_agency_admin(user) -> bool:
    """An admin of an innovation agency sees across the partnerships it is party to."""
    return (
        is_signed_in(user)
        and user.memberships.filter(role="admin", organisation__kind="agency").exists()
    )


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return (
        is_signed_in(user)
        and organisation is not None
        and user.memberships.filter(organisation=organisation).exists()
    )


@rules.predicate
def is_org_manager(user, organisation) -> bool:
    return (
        is_signed_in(user)
        and organisation is not None
        and user.memberships.filter(organisation=organisation, role__in=MANAGING_ROLES).exists()
    )


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    return (
        is_signed_in(user)
        and organisation is not None
        and user.memberships.filter(organisation=organisation, role="admin").exists()
    )


@rules.predicate
def is_public(user, obj) -> bool:
    return obj is not None and bool(getattr(obj, "is_public", False))


@rules.predicate
def is_partner_admin_of(user, organisation) -> bool:
    """The user administers an organisation that shares an active partnership with it."""
    if not is_signed_in(user) or organisation is None:
        return False
    # Through partnership_links: filtering organisation.partnerships on "parties" would
    # reuse the join to this very organisation instead of reaching the other parties.
    return organisation.partnership_links.filter(
        partnership__status="active",
        partnership__parties__in=organisation_ids_of(user, ("admin",)),
    ).exists()


@rules.predicate
def is_partner_with_shared_contacts(user, organisation) -> bool:
    """A member of an organisation in an active partnership that shares contacts with it."""
    if not is_signed_in(user) or organisation is None:
        return False
    return organisation.partnership_links.filter(
        partnership__status="active",
        partnership__share_contacts=True,
        partnership__parties__in=organisation_ids_of(user),
    ).exists()


# --- parks ------------------------------------------------------------------------------
@rules.predicate
def is_park_manager(user, park) -> bool:
    return park is not None and is_org_manager(user, park.operator)


@rules.predicate
def is_residency_park_manager(user, residency) -> bool:
    return residency is not None and is_park_manager(user, residency.park)


@rules.predicate
def is_residency_company_manager(user, residency) -> bool:
    return residency is not None and is_org_manager(user, residency.company)


@rules.predicate
def is_partner_sharing_residencies(user, residency) -> bool:
    """The user belongs to a party of an active partnership with the park's operator
    that shares residency details."""
    if not is_signed_in(user) or residency is None:
        return False
    return residency.park.operator.partnership_links.filter(
        partnership__status="active",
        partnership__share_residencies=True,
        partnership__parties__in=organisation_ids_of(user),
    ).exists()


@rules.predicate
def is_residency_public(user, residency) -> bool:
    return (
        residency is not None
        and residency.status in ("active", "graduated")
        and residency.company.is_public
        and residency.park.is_public
    )


# --- partnerships ----------------------------------------------------------------------
@rules.predicate
def is_partnership_party_member(user, partnership) -> bool:
    return (
        is_signed_in(user)
        and partnership is not None
        and partnership.parties.filter(pk__in=organisation_ids_of(user)).exists()
    )


@rules.predicate
def is_partnership_party_admin(user, partnership) -> bool:
    return (
        is_signed_in(user)
        and partnership is not None
        and partnership.parties.filter(pk__in=organisation_ids_of(user, ("admin",))).exists()
    )


@rules.predicate
def is_document_public(user, document) -> bool:
    return document is not None and document.is_public and document.partnership.is_public


@rules.predicate
def is_document_party_member(user, document) -> bool:
    return document is not None and is_partnership_party_member(user, document.partnership)


# --- people ----------------------------------------------------------------------------
@rules.predicate
def is_self(user, person) -> bool:
    return is_signed_in(user) and person is not None and user.pk == person.pk


@rules.predicate
def is_active_person(user, person) -> bool:
    return person is not None and person.is_active


@rules.predicate
def is_public_person(user, person) -> bool:
    return person is not None and person.is_public


@rules.predicate
def shares_organisation(user, person) -> bool:
    if not is_signed_in(user) or person is None:
        return False
    return person.memberships.filter(organisation__in=organisation_ids_of(user)).exists()


@rules.predicate
def manages_an_organisation_of(user, person) -> bool:
    if not is_signed_in(user) or person is None:
        return False
    return person.memberships.filter(
        organisation__in=organisation_ids_of(user, MANAGING_ROLES)
    ).exists()


@rules.predicate
def is_partner_with_shared_contacts_of_person(user, person) -> bool:
    """The person belongs to an organisation in an active partnership that shares
    contacts with an organisation of the user."""
    if not is_signed_in(user) or person is None:
        return False
    return person.memberships.filter(
        organisation__partnership_links__partnership__status="active",
        organisation__partnership_links__partnership__share_contacts=True,
        organisation__partnership_links__partnership__parties__in=organisation_ids_of(user),
    ).exists()


# Composed permissions, attached to the models in models.py.
can_view_organisation = is_public | is_org_member | is_partner_admin_of | is_staff
can_change_organisation = is_org_manager | is_staff
can_manage_members = is_org_admin | is_staff
can_view_organisation_contacts = is_org_member | is_partner_with_shared_contacts | is_staff

can_view_park = is_public | is_park_manager | is_staff
can_change_park = is_park_manager | is_staff

can_view_residency = (
    is_residency_public
    | is_residency_park_manager
    | is_residency_company_manager
    | is_partner_sharing_residencies
    | is_staff
)
can_change_residency = is_residency_park_manager | is_staff

can_view_partnership = is_public | is_partnership_party_member | is_staff
can_change_partnership = is_partnership_party_admin | is_staff
can_view_partnership_document = is_document_public | is_document_party_member | is_staff

can_view_person = (is_active_person & (is_public_person | is_self | shares_organisation)) | is_staff
can_view_person_contacts = (
    is_self | shares_organisation | is_partner_with_shared_contacts_of_person | is_staff
)
can_change_person = is_self | is_staff

# Permissions beyond view/change (those are declared on the models' Meta).
rules.add_perm("directory.view_organisation_contacts", can_view_organisation_contacts)
rules.add_perm("directory.manage_members", can_manage_members)
rules.add_perm("directory.view_person_contacts", can_view_person_contacts)
