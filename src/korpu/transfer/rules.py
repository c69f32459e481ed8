"""Who may see and do what in the technology-transfer marketplace.

Three sides meet on a profile: the OWNER organisation (its members write and answer),
the INTERMEDIARY (the park or agency that reviews the profile and forwards interest;
its members act for it) and INTERESTED companies. Until the owner accepts an expression
of interest, neither side learns the other's name: a stranger sees the owner's country,
kind and size only (unless the owner published openly), and the owner sees an
interested company the same way. :func:`can_see_owner` and
:func:`can_see_interested_company` are the only places that answer it.
"""

import rules

from korpu.directory.rules import is_signed_in, is_staff, organisation_ids_of

EDITABLE_STATUSES = ("draft", "changes_requested", "published")


def _member_of(user, organisation_id) -> bool:
    return (
        is_signed_in(user)
        and organisation_id is not None
        and user.memberships.filter(organisation_id=organisation_id).exists()
    )


# --- profiles -----------------------------------------------------------------------------
@rules.predicate
def is_owner_member(user, profile) -> bool:
    return profile is not None and _member_of(user, profile.owner_id)


@rules.predicate
def is_intermediary_member(user, profile) -> bool:
    return profile is not None and _member_of(user, profile.intermediary_id)


@rules.predicate
def is_published(user, profile) -> bool:
    return profile is not None and profile.status == "published"


@rules.predicate
def is_editable(user, profile) -> bool:
    return profile is not None and profile.status in EDITABLE_STATUSES


@rules.predicate
def is_open_profile(user, profile) -> bool:
    return profile is not None and not profile.is_anonymous


@rules.predicate
def has_accepted_interest(user, profile) -> bool:
    """The user belongs to a company whose expression of interest the owner accepted."""
    return (
        profile is not None
        and is_signed_in(user)
        and profile.interests.filter(
            status="accepted", company__in=organisation_ids_of(user)
        ).exists()
    )


can_view_profile = is_published | is_owner_member | is_intermediary_member | is_staff
can_edit_profile = is_owner_member & is_editable
can_review_profile = is_intermediary_member | is_staff
can_see_owner = (
    is_open_profile | is_owner_member | is_intermediary_member | has_accepted_interest | is_staff
)


# --- expressions of interest -----------------------------------------------------------
@rules.predicate
def is_interested_member(user, interest) -> bool:
    return interest is not None and _member_of(user, interest.company_id)


@rules.predicate
def is_interest_intermediary(user, interest) -> bool:
    return interest is not None and is_intermediary_member(user, interest.profile)


@rules.predicate
def is_interest_owner_member(user, interest) -> bool:
    return interest is not None and is_owner_member(user, interest.profile)


@rules.predicate
def reached_owner(user, interest) -> bool:
    """The owner sees an expression of interest once the intermediary forwarded it."""
    return interest is not None and interest.status in ("forwarded", "accepted", "declined")


@rules.predicate
def is_accepted(user, interest) -> bool:
    return interest is not None and interest.status == "accepted"


can_view_interest = (
    is_interested_member
    | is_interest_intermediary
    | (is_interest_owner_member & reached_owner)
    | is_staff
)
can_forward_interest = is_interest_intermediary | is_staff
can_answer_interest = is_interest_owner_member & reached_owner
can_see_interested_company = (
    is_interested_member
    | is_interest_intermediary
    | (is_interest_owner_member & is_accepted)
    | is_staff
)


# --- deals -------------------------------------------------------------------------------
@rules.predicate
def is_deal_party_member(user, deal) -> bool:
    return (
        deal is not None
        and is_signed_in(user)
        and deal.parties.filter(pk__in=organisation_ids_of(user)).exists()
    )


@rules.predicate
def is_deal_intermediary(user, deal) -> bool:
    return deal is not None and is_intermediary_member(user, deal.profile)


can_view_deal = is_deal_party_member | is_deal_intermediary | is_staff
can_change_deal = is_deal_party_member | is_deal_intermediary | is_staff


@rules.predicate
def can_view_deal_document(user, document) -> bool:
    return document is not None and can_view_deal(user, document.deal)
