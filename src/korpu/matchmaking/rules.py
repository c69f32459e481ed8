"""Who may see and run brokerage days, profiles, meeting requests and meetings.

A brokerage day is run by the people who run its event (:mod:`korpu.events.rules`: the
managers and admins of the organisers, and staff). Participants are the people with a
confirmed registration for the event, and the members of the organising organisations
(who represent them at the tables). Published profiles are seen by participants and
organisers only, never by the public; a profile never shows e-mail addresses or phone
numbers. Participants act on their own profile, requests and meetings.
"""

import rules

from korpu.directory.rules import is_signed_in, is_staff
from korpu.events.rules import can_view_event, is_event_organiser, is_organiser_member


@rules.predicate
def is_day_organiser(user, day) -> bool:
    """A manager or admin of one of the event's organisers."""
    return day is not None and is_event_organiser(user, day.event)


@rules.predicate
def is_confirmed_for(user, day) -> bool:
    """A confirmed registration for the brokerage day's event."""
    if day is None or not is_signed_in(user):
        return False
    return day.event.registrations.filter(person=user, status="confirmed").exists()


@rules.predicate
def is_organiser_member_of_day(user, day) -> bool:
    return day is not None and is_organiser_member(user, day.event)


@rules.predicate
def can_view_day_event(user, day) -> bool:
    return day is not None and can_view_event(user, day.event)


# Who may hold a profile: the event's confirmed participants and its organisers' people.
may_take_part = is_confirmed_for | is_organiser_member_of_day | is_day_organiser
can_manage_brokerage_day = is_day_organiser | is_staff
can_view_brokerage_day = can_view_day_event | can_manage_brokerage_day
# The list of participants and their profiles.
can_browse_profiles = may_take_part | can_manage_brokerage_day


# --- profiles --------------------------------------------------------------------------------
@rules.predicate
def is_own_profile(user, profile) -> bool:
    return profile is not None and is_signed_in(user) and profile.person_id == user.pk


@rules.predicate
def is_profile_day_organiser(user, profile) -> bool:
    return profile is not None and can_manage_brokerage_day(user, profile.brokerage_day)


@rules.predicate
def is_published_profile_for_participant(user, profile) -> bool:
    return (
        profile is not None
        and profile.published
        and can_browse_profiles(user, profile.brokerage_day)
    )


can_view_profile = is_own_profile | is_profile_day_organiser | is_published_profile_for_participant
can_change_profile = is_own_profile | is_profile_day_organiser


# --- requests and meetings ---------------------------------------------------------------------
@rules.predicate
def is_request_party(user, request) -> bool:
    if request is None or not is_signed_in(user):
        return False
    return user.pk in (request.requester.person_id, request.invitee.person_id)


@rules.predicate
def is_request_invitee(user, request) -> bool:
    return request is not None and is_signed_in(user) and request.invitee.person_id == user.pk


@rules.predicate
def is_request_requester(user, request) -> bool:
    return request is not None and is_signed_in(user) and request.requester.person_id == user.pk


@rules.predicate
def is_request_day_organiser(user, request) -> bool:
    return request is not None and can_manage_brokerage_day(user, request.brokerage_day)


@rules.predicate
def is_meeting_participant(user, meeting) -> bool:
    if meeting is None or not is_signed_in(user):
        return False
    return meeting.participants.filter(person=user).exists()


@rules.predicate
def is_meeting_day_organiser(user, meeting) -> bool:
    return meeting is not None and can_manage_brokerage_day(user, meeting.brokerage_day)


@rules.predicate
def day_allows_self_scheduling(user, meeting) -> bool:
    return meeting is not None and meeting.brokerage_day.self_scheduling


can_view_request = is_request_party | is_request_day_organiser
can_decide_request = is_request_invitee | is_request_day_organiser
can_view_meeting = is_meeting_participant | is_meeting_day_organiser
can_manage_meeting = is_meeting_day_organiser
can_book_meeting = (is_meeting_participant & day_allows_self_scheduling) | is_meeting_day_organiser
can_cancel_meeting = is_meeting_participant | is_meeting_day_organiser

rules.add_perm("matchmaking.take_part", may_take_part)
rules.add_perm("matchmaking.browse_profiles", can_browse_profiles)
rules.add_perm("matchmaking.decide_request", can_decide_request)
rules.add_perm("matchmaking.book_meeting", can_book_meeting)
rules.add_perm("matchmaking.cancel_meeting", can_cancel_meeting)
rules.add_perm("matchmaking.give_feedback", is_meeting_participant)
