"""Who may see and run events, registrations and campus work.

An event is run by the managers and admins of its organisers. A published public event
is visible to everyone; an invitation-only one to its organisers' members, to the people
registered for it and to holders of an invitation (checked by the views with the token).
:mod:`.queries` answers the same questions for lists.
"""

import rules

from korpu.directory.rules import (
    MANAGING_ROLES,
    is_signed_in,
    is_staff,
    manages_some_organisation,
    organisation_ids_of,
)


@rules.predicate
def is_event_organiser(user, event) -> bool:
    """A manager or admin of one of the organising organisations."""
    if event is None or not is_signed_in(user):
        return False
    return event.organisers.filter(pk__in=organisation_ids_of(user, MANAGING_ROLES)).exists()


@rules.predicate
def is_organiser_member(user, event) -> bool:
    if event is None or not is_signed_in(user):
        return False
    return event.organisers.filter(pk__in=organisation_ids_of(user)).exists()


@rules.predicate
def is_published_public_event(user, event) -> bool:
    return (
        event is not None
        and event.status != event.Status.DRAFT
        and event.visibility == event.Visibility.PUBLIC
    )


@rules.predicate
def is_registered_for(user, event) -> bool:
    if event is None or not is_signed_in(user):
        return False
    return event.registrations.filter(person=user).exists()


@rules.predicate
def is_published_event(user, event) -> bool:
    return event is not None and event.status != event.Status.DRAFT


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return registration is not None and is_signed_in(user) and registration.person_id == user.pk


@rules.predicate
def is_registration_organiser(user, registration) -> bool:
    return registration is not None and is_event_organiser(user, registration.event)


can_manage_event = is_event_organiser | is_staff
can_view_event = (
    is_published_public_event
    | (is_published_event & (is_organiser_member | is_registered_for))
    | can_manage_event
)
can_view_registration = is_own_registration | is_registration_organiser | is_staff
can_manage_registration = is_registration_organiser | is_staff

rules.add_perm("events.add_event", manages_some_organisation | is_staff)
rules.add_perm("events.check_in", can_manage_event)
