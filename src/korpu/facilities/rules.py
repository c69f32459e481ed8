"""Who may see and run the park's facilities, bookings and projects.

A facility is run by its facility managers and by the managers of the park's operator
(the park managers); staff may do everything. Anyone may see a public facility's
resources and free times; bookings show who booked only to the person, the facility's
managers and staff. Projects are seen by everyone when public, and run by the members
of their lead organisation who manage it, by the project leads and the park managers.
"""

import rules

from korpu.directory.rules import is_org_manager, is_park_manager, is_signed_in, is_staff


@rules.predicate
def is_facility_manager(user, facility) -> bool:
    if facility is None or not is_signed_in(user):
        return False
    if is_park_manager(user, facility.park):
        return True
    return facility.managers.filter(pk=user.pk).exists()


@rules.predicate
def is_public_facility(user, facility) -> bool:
    return facility is not None and facility.is_public and facility.park.is_public


@rules.predicate
def is_user(user) -> bool:
    return is_signed_in(user)


can_manage_facility = is_facility_manager | is_staff
can_view_facility = is_public_facility | is_user | can_manage_facility


@rules.predicate
def manages_resource(user, resource) -> bool:
    return resource is not None and can_manage_facility(user, resource.facility)


@rules.predicate
def can_see_facility_of(user, resource) -> bool:
    return resource is not None and can_view_facility(user, resource.facility)


can_manage_resource = manages_resource
can_view_resource = can_see_facility_of


# --- bookings --------------------------------------------------------------------------------
@rules.predicate
def is_own_booking(user, booking) -> bool:
    return booking is not None and is_signed_in(user) and booking.person_id == user.pk


@rules.predicate
def manages_booked_resource(user, booking) -> bool:
    return booking is not None and manages_resource(user, booking.resource)


can_view_booking = is_own_booking | manages_booked_resource
can_change_booking = is_own_booking | manages_booked_resource


# --- projects --------------------------------------------------------------------------------
@rules.predicate
def is_public_project(user, project) -> bool:
    return project is not None and project.is_public


@rules.predicate
def leads_project(user, project) -> bool:
    if project is None or not is_signed_in(user):
        return False
    if is_org_manager(user, project.lead):
        return True
    return project.memberships.filter(person=user, role="lead").exists()


@rules.predicate
def is_project_member(user, project) -> bool:
    return (
        project is not None
        and is_signed_in(user)
        and project.memberships.filter(person=user).exists()
    )


@rules.predicate
def manages_project_park(user, project) -> bool:
    return project is not None and is_park_manager(user, project.park)


can_manage_project = leads_project | manages_project_park | is_staff
can_view_project = is_public_project | is_project_member | can_manage_project
