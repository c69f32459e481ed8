"""Who may do what with programmes, calls, applications, reviews and cohorts.

A programme is managed by the managers and admins of the organisation that runs it.
Reviewers see an application only through a published assignment and never when they
have an active conflict of interest with it; :mod:`.queries` answers the same questions
for lists.
"""

import rules

from korpu.directory.rules import (
    MANAGING_ROLES,
    is_signed_in,
    is_staff,
    manages_some_organisation,
    organisation_ids_of,
)


def manages_organisation(user, organisation_id) -> bool:
    return (
        is_signed_in(user)
        and user.memberships.filter(
            organisation_id=organisation_id, role__in=MANAGING_ROLES
        ).exists()
    )


def member_of(user, organisation_id) -> bool:
    return is_signed_in(user) and user.memberships.filter(organisation_id=organisation_id).exists()


# --- programmes and calls ----------------------------------------------------------------
@rules.predicate
def is_programme_manager(user, programme) -> bool:
    return programme is not None and manages_organisation(user, programme.owner_id)


@rules.predicate
def is_public_programme(user, programme) -> bool:
    return programme is not None and programme.is_public


@rules.predicate
def is_member_of_programme_partner(user, programme) -> bool:
    if not is_signed_in(user) or programme is None:
        return False
    return programme.partners.filter(pk__in=organisation_ids_of(user)).exists() or member_of(
        user, programme.owner_id
    )


@rules.predicate
def is_call_manager(user, call) -> bool:
    return call is not None and is_programme_manager(user, call.programme)


@rules.predicate
def is_call_visible(user, call) -> bool:
    return (
        call is not None
        and call.is_published
        and (
            is_public_programme(user, call.programme)
            or is_member_of_programme_partner(user, call.programme)
        )
    )


@rules.predicate
def is_in_reviewer_pool(user, call) -> bool:
    return (
        is_signed_in(user)
        and call is not None
        and call.reviewer_pool.filter(reviewer=user).exists()
    )


# --- applications ------------------------------------------------------------------------
@rules.predicate
def is_applicant(user, application) -> bool:
    """The person who applied, or any member of the company that applied."""
    if not is_signed_in(user) or application is None:
        return False
    if application.company_id:
        return member_of(user, application.company_id)
    return application.applicant_id == user.pk


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.status == "draft"


@rules.predicate
def manages_application(user, application) -> bool:
    return application is not None and is_call_manager(user, application.call)


@rules.predicate
def is_unconflicted_reviewer(user, application) -> bool:
    """Assigned (and published) to review it, with no active conflict of interest."""
    if not is_signed_in(user) or application is None:
        return False
    if application.conflicts.filter(reviewer=user, overridden_by__isnull=True).exists():
        return False
    return application.assignments.filter(reviewer=user, published_at__isnull=False).exists()


@rules.predicate
def is_assigned_reviewer(user, assignment) -> bool:
    return (
        is_signed_in(user)
        and assignment is not None
        and assignment.reviewer_id == user.pk
        and assignment.published_at is not None
        and not assignment.application.conflicts.filter(
            reviewer=user, overridden_by__isnull=True
        ).exists()
    )


@rules.predicate
def manages_assignment(user, assignment) -> bool:
    return assignment is not None and manages_application(user, assignment.application)


# --- cohorts and placements ------------------------------------------------------------
@rules.predicate
def manages_cohort(user, cohort) -> bool:
    return cohort is not None and is_programme_manager(user, cohort.programme)


@rules.predicate
def is_cohort_participant(user, cohort) -> bool:
    """A member of the cohort (the person or a member of the company) or a mentor."""
    if not is_signed_in(user) or cohort is None:
        return False
    return (
        cohort.members.filter(person=user).exists()
        or cohort.members.filter(company__in=organisation_ids_of(user)).exists()
        or cohort.mentors.filter(person=user).exists()
    )


@rules.predicate
def is_placement_party(user, placement) -> bool:
    return (
        is_signed_in(user)
        and placement is not None
        and (
            placement.specialist_id == user.pk
            or placement.host_mentor_id == user.pk
            or manages_organisation(user, placement.host_id)
        )
    )


@rules.predicate
def manages_placement(user, placement) -> bool:
    return placement is not None and is_programme_manager(user, placement.programme)


can_view_programme = (
    is_public_programme | is_member_of_programme_partner | is_programme_manager | is_staff
)
can_manage_programme = is_programme_manager | is_staff
can_view_call = is_call_visible | is_call_manager | is_staff
can_manage_call = is_call_manager | is_staff
can_view_application = is_applicant | (
    ~is_draft & (manages_application | is_unconflicted_reviewer | is_staff)
)
can_edit_application = is_draft & is_applicant
can_view_assignment = is_assigned_reviewer | manages_assignment | is_staff
can_view_cohort = is_cohort_participant | manages_cohort | is_staff
can_manage_cohort = manages_cohort | is_staff
can_view_placement = is_placement_party | manages_placement | is_staff
can_manage_placement = manages_placement | is_staff


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.status in ("draft", "submitted")


@rules.predicate
def may_run_programme_for(user, organisation) -> bool:
    """Managers of an organisation may start programmes it runs."""
    return organisation is not None and manages_organisation(user, organisation.pk)


@rules.predicate
def call_has_blind_stage(user, application) -> bool:
    return application is not None and application.call.review_stages.filter(blind=True).exists()


rules.add_perm("programs.review_application", is_unconflicted_reviewer)
# Who may start a programme at all, and for which organisation.
rules.add_perm("programs.add_programme", manages_some_organisation | is_staff)
rules.add_perm("programs.run_programme_for", may_run_programme_for | is_staff)
# Reviewers of a call with a blind stage never learn who applied (pages and API alike).
rules.add_perm(
    "programs.see_applicant",
    is_applicant | manages_application | is_staff | ~call_has_blind_stage,
)
rules.add_perm("programs.withdraw_application", is_withdrawable & is_applicant)
rules.add_perm("programs.manage_application", manages_application | is_staff)
