"""Campus work: challenges, ideas, teams and join requests, mentor slots, project
submissions, judging and results.

Every write is a keyword-only function running in one transaction, with an audit entry;
mail goes to the outbox in the same transaction, so nothing is mailed for a change that
rolled back. A refusal raises ``ValidationError`` with a translated message (a dict keyed
by form field when it belongs to one field) and writes nothing; acting without the right
raises ``PermissionDenied``. Organisers are the people with ``events.change_event``.

Limits are checked under row locks, always in the order team, person, then slot or
request:

- accepting a join request and leaving a team lock the team row, so the member count
  read against ``max_size`` cannot change before the new member is written; accepting
  also locks the person, so two teams taking the same person at once queue, and the
  second sees that the person has joined (the database keeps one team per person anyway);
- booking a mentor slot locks the booking team (its other bookings) and then the slot.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.common.validators import validate_document_upload
from korpu.directory.models import Membership, Person
from korpu.directory.rules import is_signed_in, organisation_ids_of
from korpu.programs.models import Application

from . import services
from .models import (
    Challenge,
    Event,
    Idea,
    JoinRequest,
    Judge,
    JudgeAssignment,
    JudgingCriterion,
    MentorSlot,
    Registration,
    Submission,
    Team,
    TeamMember,
)

MAX_LINKS = 5
MAX_OPEN_ROLES = 10
MAX_ROLE_LENGTH = 60
MAX_SLOT_HOURS = 8
MAX_SLOTS_AT_ONCE = 16
MAX_JUDGES_PER_PROJECT = 10
LONG_TEXT = 10_000


# --- who may ------------------------------------------------------------------------------
def is_organiser(user, event: Event) -> bool:
    return is_signed_in(user) and user.has_perm("events.change_event", event)


def is_participant(user, event: Event) -> bool:
    """A confirmed registration: the people who may submit ideas and form teams."""
    return (
        is_signed_in(user)
        and Registration.objects.filter(
            event=event, person=user, status=Registration.Status.CONFIRMED
        ).exists()
    )


def is_judge(user, event: Event) -> bool:
    return is_signed_in(user) and Judge.objects.filter(event=event, person=user).exists()


def is_mentor(user, event: Event) -> bool:
    return is_signed_in(user) and MentorSlot.objects.filter(event=event, mentor=user).exists()


def may_offer_own_slots(user, event: Event) -> bool:
    """Members of an organiser organisation may sign up as mentors themselves."""
    return is_signed_in(user) and event.organisers.filter(pk__in=organisation_ids_of(user)).exists()


def sees_campus_work(user, event: Event) -> bool:
    """Ideas, teams and mentor slots are shown to the campus's people, not the public."""
    return (
        is_organiser(user, event)
        or is_participant(user, event)
        or is_judge(user, event)
        or is_mentor(user, event)
        or may_offer_own_slots(user, event)
    )


def is_team_member(user, team: Team) -> bool:
    return is_signed_in(user) and TeamMember.objects.filter(team=team, person=user).exists()


def team_of(user, event: Event) -> Team | None:
    if not is_signed_in(user):
        return None
    return Team.objects.filter(event=event, members__person=user).first()


def may_see_submission_file(user, submission: Submission) -> bool:
    """The team, the judges assigned to the project and the organisers."""
    if not is_signed_in(user):
        return False
    return (
        is_team_member(user, submission.team)
        or submission.judge_assignments.filter(judge__person=user).exists()
        or is_organiser(user, submission.team.event)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_organiser(actor, event: Event) -> None:
    _require(is_organiser(actor, event))


def _require_campus(event: Event) -> None:
    if event.kind != Event.Kind.CAMPUS:
        raise ValidationError(_("This event is not a campus."))


def _require_participant(actor, event: Event) -> None:
    _require(is_signed_in(actor))
    _require_campus(event)
    if not is_participant(actor, event):
        raise ValidationError(
            _("Only people with a confirmed registration for this campus can do this.")
        )


# --- small helpers ------------------------------------------------------------------------
def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def _apply(instance, data: dict) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def _mail(person, template: str, context: dict) -> None:
    if person is None or not person.email:
        return
    send_templated_mail(
        to=person.email,
        template=f"events/email/{template}",
        context={"person": person, "site_url": settings.KORPU_SITE_URL, **context},
        language=services.person_language(person),
    )


def _local(event: Event, moment) -> str:
    return date_format(timezone.localtime(moment, event.zone), "DATETIME_FORMAT")


def submission_deadline(event: Event):
    """Projects can be handed in until ``submissions_close_at``, or else the event's end."""
    return event.submissions_close_at or event.ends_at


def submissions_open(event: Event, at=None) -> bool:
    return (at or timezone.now()) < submission_deadline(event)


# --- challenges (organisers) --------------------------------------------------------------
@transaction.atomic
def save_challenge(*, actor, event: Event, data: dict, challenge: Challenge | None = None):
    """Create or edit a challenge; ``data`` holds the per-language title and description,
    ``posed_by`` and ``position``."""
    _require_organiser(actor, event)
    _require_campus(event)
    if challenge is None:
        challenge = Challenge(event=event)
        last = event.challenges.order_by("-position").values_list("position", flat=True).first()
        challenge.position = (last + 1) if last is not None else 0
        before = {}
    else:
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk, event=event)
        before = audit.snapshot(challenge)
    _apply(challenge, data)
    challenge.full_clean()
    challenge.save()
    audit.record(
        actor=actor,
        action="events.challenge.update" if before else "events.challenge.create",
        obj=challenge,
        changes=audit.diff(before, audit.snapshot(challenge)),
    )
    return challenge


@transaction.atomic
def delete_challenge(*, actor, challenge: Challenge) -> None:
    """Ideas posed under it stay, without a challenge."""
    _require_organiser(actor, challenge.event)
    audit.record(
        actor=actor,
        action="events.challenge.delete",
        obj=challenge,
        changes=audit.diff(audit.snapshot(challenge), {}),
    )
    challenge.delete()


# --- ideas --------------------------------------------------------------------------------
def _clean_idea(event: Event, *, title, problem, solution, team_needs, challenge) -> dict:
    errors = {}
    values = {
        "title": _text(title, 200),
        "problem": _text(problem, LONG_TEXT),
        "solution": _text(solution, LONG_TEXT),
        "team_needs": _text(team_needs, LONG_TEXT),
        "challenge": challenge,
    }
    if not values["title"]:
        errors["title"] = [_("Give your idea a title.")]
    if not values["problem"]:
        errors["problem"] = [_("Describe the problem the idea solves.")]
    if not values["solution"]:
        errors["solution"] = [_("Describe your solution.")]
    if challenge is not None and challenge.event_id != event.pk:
        errors["challenge"] = [_("This challenge belongs to another event.")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def submit_idea(
    *, actor, event: Event, title, problem, solution, team_needs="", challenge=None
) -> Idea:
    _require_participant(actor, event)
    values = _clean_idea(
        event,
        title=title,
        problem=problem,
        solution=solution,
        team_needs=team_needs,
        challenge=challenge,
    )
    idea = Idea.objects.create(event=event, author=actor, **values)
    audit.record(
        actor=actor,
        action="events.idea.submit",
        obj=idea,
        changes=audit.diff({}, audit.snapshot(idea)),
    )
    return idea


@transaction.atomic
def update_idea(*, actor, idea: Idea, title, problem, solution, team_needs="", challenge=None):
    """The author edits their idea until the organisers choose it."""
    idea = Idea.objects.select_for_update().select_related("event").get(pk=idea.pk)
    _require(is_signed_in(actor) and idea.author_id == actor.pk)
    if idea.status == Idea.Status.CHOSEN:
        raise ValidationError(_("This idea has been chosen for implementation: it is now fixed."))
    values = _clean_idea(
        idea.event,
        title=title,
        problem=problem,
        solution=solution,
        team_needs=team_needs,
        challenge=challenge,
    )
    before = audit.snapshot(idea)
    _apply(idea, values)
    idea.save()
    audit.record(
        actor=actor,
        action="events.idea.update",
        obj=idea,
        changes=audit.diff(before, audit.snapshot(idea)),
    )
    return idea


@transaction.atomic
def set_idea_chosen(*, actor, idea: Idea, chosen: bool) -> Idea:
    """Organisers mark an idea chosen for implementation (or take the mark back, which
    also clears its follow-up)."""
    idea = Idea.objects.select_for_update().select_related("event").get(pk=idea.pk)
    _require_organiser(actor, idea.event)
    before = audit.snapshot(idea)
    if chosen:
        idea.status = Idea.Status.CHOSEN
    else:
        idea.status = Idea.Status.SUBMITTED
        idea.followup_application = None
        idea.followup_url = ""
        idea.followup_note = ""
    idea.save()
    audit.record(
        actor=actor,
        action="events.idea.choose" if chosen else "events.idea.unchoose",
        obj=idea,
        changes=audit.diff(before, audit.snapshot(idea)),
    )
    return idea


def idea_people_ids(idea: Idea) -> set[int]:
    """The author and the members of the teams working on the idea."""
    ids = set(TeamMember.objects.filter(team__idea=idea).values_list("person_id", flat=True))
    ids.add(idea.author_id)
    return ids


def followup_applications(idea: Idea) -> QuerySet[Application]:
    """Programme applications the idea's author or team made (drafts and withdrawn ones
    are not a follow-up)."""
    return (
        Application.objects.filter(applicant_id__in=idea_people_ids(idea))
        .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        .select_related("call__programme", "applicant")
        .order_by("-submitted_at", "-pk")
    )


@transaction.atomic
def record_followup(*, actor, idea: Idea, application=None, url: str = "", note: str = ""):
    """What became of a chosen idea: a programme application of its people, or a link to
    a lab project, with a note (both shown on the showcase)."""
    idea = Idea.objects.select_for_update().select_related("event").get(pk=idea.pk)
    _require_organiser(actor, idea.event)
    if idea.status != Idea.Status.CHOSEN:
        raise ValidationError(_("Only an idea chosen for implementation has a follow-up."))
    errors = {}
    url = _text(url, 200)
    note = _text(note, LONG_TEXT)
    if (
        application is not None
        and not followup_applications(idea).filter(pk=application.pk).exists()
    ):
        errors["application"] = [
            _("Choose an application made by the idea's author or a member of its team.")
        ]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Enter a full web address starting with https://.")]
    if application is None and not url and not note:
        errors["__all__"] = [_("Link an application or a project, or write a note.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(idea, ["followup_application_id", "followup_url", "followup_note"])
    idea.followup_application = application
    idea.followup_url = url
    idea.followup_note = note
    idea.save(update_fields=["followup_application", "followup_url", "followup_note"])
    audit.record(
        actor=actor,
        action="events.idea.followup",
        obj=idea,
        changes=audit.diff(
            before,
            audit.snapshot(idea, ["followup_application_id", "followup_url", "followup_note"]),
        ),
    )
    return idea


def _lock_person(person_id: int) -> None:
    """A row lock on a person: serialises their team changes, and a mentor's slot
    publishing (so two pages at once cannot create overlapping slots)."""
    Person.objects.select_for_update().filter(pk=person_id).first()


# --- teams --------------------------------------------------------------------------------
def clean_roles(roles) -> list[str]:
    """Open roles as a list of distinct short labels."""
    if isinstance(roles, str):
        roles = roles.replace("\n", ",").split(",")
    cleaned = list(dict.fromkeys(r.strip() for r in roles or () if r and r.strip()))
    if len(cleaned) > MAX_OPEN_ROLES:
        raise ValidationError(
            {"open_roles": _("List at most %(count)s open roles.") % {"count": MAX_OPEN_ROLES}}
        )
    if any(len(role) > MAX_ROLE_LENGTH for role in cleaned):
        raise ValidationError(
            {
                "open_roles": _("Keep each role under %(count)s characters.")
                % {"count": MAX_ROLE_LENGTH}
            }
        )
    return cleaned


def _check_team_fields(event: Event, *, name: str, max_size, idea, team=None) -> None:
    errors = {}
    if not name:
        errors["name"] = [_("Give the team a name.")]
    elif (
        Team.objects.filter(event=event, name__iexact=name)
        .exclude(pk=team.pk if team else None)
        .exists()
    ):
        errors["name"] = [_("Another team of this campus already has this name.")]
    if not isinstance(max_size, int) or not 1 <= max_size <= 20:
        errors["max_size"] = [_("A team has between 1 and 20 members.")]
    if idea is not None and idea.event_id != event.pk:
        errors["idea"] = [_("This idea belongs to another event.")]
    if errors:
        raise ValidationError(errors)


def _already_in_team_message(team: Team) -> str:
    return _("You are already in the team “%(team)s” at this campus.") % {"team": team.name}


def _withdraw_other_requests(person, event: Event, keep=None) -> None:
    JoinRequest.objects.filter(
        person=person, team__event=event, status=JoinRequest.Status.PENDING
    ).exclude(pk=keep.pk if keep else None).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )


@transaction.atomic
def create_team(
    *, actor, event: Event, name: str, max_size: int = 5, open_roles=(), idea=None, role=""
) -> Team:
    """A participant creates a team and becomes its first member (one team per person
    per campus: the database refuses a second one in any case)."""
    _require_participant(actor, event)
    name = _text(name, 120)
    _check_team_fields(event, name=name, max_size=max_size, idea=idea)
    roles = clean_roles(open_roles)
    _lock_person(actor.pk)
    current = team_of(actor, event)
    if current is not None:
        raise ValidationError(_already_in_team_message(current))
    try:
        with transaction.atomic():
            team = Team.objects.create(
                event=event,
                name=name,
                max_size=max_size,
                open_roles=roles,
                idea=idea,
                created_by=actor,
            )
            TeamMember.objects.create(event=event, team=team, person=actor, role=_text(role, 120))
    except IntegrityError:
        raise ValidationError(
            _("You are already in a team at this campus, or the team name is taken.")
        ) from None
    _withdraw_other_requests(actor, event)
    audit.record(
        actor=actor,
        action="events.team.create",
        obj=team,
        changes=audit.diff({}, audit.snapshot(team)),
    )
    return team


def _lock_team(team_id: int) -> Team:
    """A row lock on the team until commit: its members are counted and changed while no
    other change to them can be made."""
    return Team.objects.select_for_update().get(pk=team_id)


def _member_count(team_id: int) -> int:
    return TeamMember.objects.filter(team_id=team_id).count()


@transaction.atomic
def update_team(*, actor, team: Team, name: str, max_size: int, open_roles=(), idea=None):
    team = _lock_team(team.pk)
    _require(is_team_member(actor, team))
    name = _text(name, 120)
    _check_team_fields(team.event, name=name, max_size=max_size, idea=idea, team=team)
    roles = clean_roles(open_roles)
    members = _member_count(team.pk)
    if max_size < members:
        raise ValidationError(
            {"max_size": _("The team already has %(count)s members.") % {"count": members}}
        )
    before = audit.snapshot(team)
    team.name, team.max_size, team.open_roles, team.idea = name, max_size, roles, idea
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Another team of this campus already has this name.")}
        ) from None
    audit.record(
        actor=actor,
        action="events.team.update",
        obj=team,
        changes=audit.diff(before, audit.snapshot(team)),
    )
    return team


def team_is_full_message(team: Team) -> str:
    return _("The team “%(team)s” is full (%(size)s members).") % {
        "team": team.name,
        "size": team.max_size,
    }


@transaction.atomic
def request_to_join(*, actor, team: Team, role: str = "", message: str = "") -> JoinRequest:
    team = Team.objects.select_related("event").get(pk=team.pk)
    _require_participant(actor, team.event)
    current = team_of(actor, team.event)
    if current is not None:
        raise ValidationError(_already_in_team_message(current))
    if _member_count(team.pk) >= team.max_size:
        raise ValidationError(team_is_full_message(team))
    if JoinRequest.objects.filter(
        team=team, person=actor, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("You have already asked to join this team."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                team=team,
                person=actor,
                role=_text(role, 120),
                message=_text(message, 2000),
            )
    except IntegrityError:
        raise ValidationError(_("You have already asked to join this team.")) from None
    audit.record(
        actor=actor,
        action="events.join_request.create",
        obj=team,
        changes={"join_request": [None, join_request.pk], "role": [None, join_request.role]},
    )
    context = {"team": team, "event": team.event, "join_request": join_request, "requester": actor}
    for member in TeamMember.objects.filter(team=team).select_related("person"):
        _mail(member.person, "campus_join_request_received", context)
    return join_request


@transaction.atomic
def withdraw_join_request(*, actor, join_request: JoinRequest) -> None:
    _lock_team(join_request.team_id)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    _require(is_signed_in(actor) and join_request.person_id == actor.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=actor,
        action="events.join_request.withdraw",
        obj=join_request.team,
        changes={"join_request": [join_request.pk, None]},
    )


@transaction.atomic
def decide_join_request(*, actor, join_request: JoinRequest, accept: bool) -> JoinRequest:
    """A team member accepts or declines. Accepting is refused when the team is full;
    the team row is locked first, so simultaneous acceptances for the last place admit
    exactly one person."""
    team = _lock_team(join_request.team_id)
    if accept:
        # The person next (their other requests are withdrawn below): two teams accepting
        # the same person at once then queue instead of deadlocking.
        _lock_person(join_request.person_id)
    join_request = (
        JoinRequest.objects.select_for_update().select_related("person").get(pk=join_request.pk)
    )
    _require(is_team_member(actor, team))
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    event = Event.objects.get(pk=team.event_id)
    person = join_request.person
    if accept:
        if _member_count(team.pk) >= team.max_size:
            raise ValidationError(team_is_full_message(team), code="full")
        other = team_of(person, event)
        if other is not None:
            raise ValidationError(
                _("%(name)s has already joined the team “%(team)s”.")
                % {"name": person.full_name, "team": other.name}
            )
        try:
            with transaction.atomic():
                TeamMember.objects.create(
                    event=event, team=team, person=person, role=join_request.role
                )
        except IntegrityError:
            raise ValidationError(
                _("%(name)s has just joined another team.") % {"name": person.full_name}
            ) from None
        if join_request.role in team.open_roles:
            team.open_roles = [r for r in team.open_roles if r != join_request.role]
            team.save(update_fields=["open_roles"])
        _withdraw_other_requests(person, event, keep=join_request)
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=actor,
        action="events.join_request.accept" if accept else "events.join_request.decline",
        obj=team,
        changes={
            "join_request": [join_request.pk, join_request.status],
            "person": [None, person.pk],
        },
    )
    _mail(
        person,
        "campus_join_request_decided",
        {"team": team, "event": event, "join_request": join_request, "accepted": accept},
    )
    return join_request


@transaction.atomic
def leave_team(*, actor, team: Team) -> bool:
    """A member leaves. The last one leaving removes the team, unless it has handed in a
    project. Returns whether the team still exists."""
    team = _lock_team(team.pk)
    membership = TeamMember.objects.filter(team=team, person=actor).first()
    _require(membership is not None)
    audit.record(
        actor=actor,
        action="events.team.leave",
        obj=team,
        changes={"members": [actor.pk, None]},
    )
    membership.delete()
    if _member_count(team.pk) == 0 and not Submission.objects.filter(team=team).exists():
        audit.record(
            actor=actor,
            action="events.team.delete",
            obj=team,
            changes=audit.diff(audit.snapshot(team), {}),
        )
        team.delete()
        return False
    return True


# --- mentor slots -------------------------------------------------------------------------
@transaction.atomic
def publish_mentor_slots(
    *, actor, event: Event, mentor, starts_at, ends_at, topic: str = "", count: int = 1
) -> list[MentorSlot]:
    """``count`` consecutive slots of the given length for ``mentor``. Organisers publish
    them for anyone; a member of an organiser organisation may publish their own."""
    _require(is_signed_in(actor))
    _require_campus(event)
    _require(
        is_organiser(actor, event) or (mentor.pk == actor.pk and may_offer_own_slots(actor, event))
    )
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Give a start and an end."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if ends_at - starts_at > datetime.timedelta(hours=MAX_SLOT_HOURS):
        raise ValidationError(
            {"ends_at": _("A slot lasts at most %(hours)s hours.") % {"hours": MAX_SLOT_HOURS}}
        )
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Offer a time in the future.")})
    count = int(count or 1)
    if not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise ValidationError(
            {
                "count": _("Publish between 1 and %(count)s slots at once.")
                % {"count": MAX_SLOTS_AT_ONCE}
            }
        )
    length = ends_at - starts_at
    times = [(starts_at + length * n, starts_at + length * (n + 1)) for n in range(count)]
    _lock_person(mentor.pk)
    for start, end in times:
        clash = MentorSlot.objects.filter(
            event=event, mentor=mentor, starts_at__lt=end, ends_at__gt=start
        ).first()
        if clash:
            raise ValidationError(
                _("%(name)s already has a slot at %(time)s that overlaps this one.")
                % {"name": mentor.full_name, "time": _local(event, clash.starts_at)}
            )
    topic = _text(topic, 200)
    slots = MentorSlot.objects.bulk_create(
        MentorSlot(event=event, mentor=mentor, starts_at=start, ends_at=end, topic=topic)
        for start, end in times
    )
    audit.record(
        actor=actor,
        action="events.mentor_slot.publish",
        obj=event,
        changes={
            "mentor": [None, mentor.pk],
            "slots": [None, [start.isoformat() for start, _end in times]],
        },
    )
    return slots


def _lock_slot(slot_id: int) -> MentorSlot:
    try:
        return MentorSlot.objects.select_for_update().get(pk=slot_id)
    except MentorSlot.DoesNotExist:
        raise ValidationError(_("This slot has been withdrawn.")) from None


@transaction.atomic
def delete_mentor_slot(*, actor, slot: MentorSlot) -> None:
    slot = _lock_slot(slot.pk)
    event = Event.objects.get(pk=slot.event_id)
    _require(is_organiser(actor, event) or (is_signed_in(actor) and slot.mentor_id == actor.pk))
    if slot.team_id is not None:
        raise ValidationError(_("This slot is booked: cancel the booking first."))
    audit.record(
        actor=actor,
        action="events.mentor_slot.withdraw",
        obj=event,
        changes={"mentor": [slot.mentor_id, None], "slot": [slot.starts_at.isoformat(), None]},
    )
    slot.delete()


def slot_taken_message() -> str:
    return _("Another team has just booked this slot. Please choose another one.")


@transaction.atomic
def book_mentor_slot(*, actor, slot: MentorSlot) -> MentorSlot:
    """A team member books a free slot for their team: one team per slot, and a team
    never holds two slots that overlap."""
    event = Event.objects.get(pk=slot.event_id)
    _require(is_signed_in(actor))
    team = team_of(actor, event)
    if team is None:
        raise ValidationError(_("Join or create a team first: mentors meet teams."))
    _lock_team(team.pk)
    slot = _lock_slot(slot.pk)
    if slot.team_id is not None:
        raise ValidationError(
            _("Your team has already booked this slot.")
            if slot.team_id == team.pk
            else slot_taken_message(),
            code="taken",
        )
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot has already started."))
    if (
        slot.mentor_id == actor.pk
        or TeamMember.objects.filter(team=team, person_id=slot.mentor_id).exists()
    ):
        raise ValidationError(_("A mentor cannot be booked by their own team."))
    clash = MentorSlot.objects.filter(
        team=team, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
    ).first()
    if clash:
        raise ValidationError(
            _("Your team already has a mentor meeting at %(time)s.")
            % {"time": _local(event, clash.starts_at)}
        )
    slot.team = team
    slot.save(update_fields=["team"])
    audit.record(
        actor=actor,
        action="events.mentor_slot.book",
        obj=team,
        changes={"slot": [None, slot.pk], "mentor": [None, slot.mentor_id]},
    )
    return slot


@transaction.atomic
def cancel_mentor_booking(*, actor, slot: MentorSlot) -> MentorSlot:
    """The team, the mentor or the organisers free a booked slot before it starts."""
    slot = _lock_slot(slot.pk)
    if slot.team_id is None:
        raise ValidationError(_("This slot is not booked."))
    event = Event.objects.get(pk=slot.event_id)
    team = Team.objects.get(pk=slot.team_id)
    _require(
        is_team_member(actor, team)
        or (is_signed_in(actor) and slot.mentor_id == actor.pk)
        or is_organiser(actor, event)
    )
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already started; it can no longer be cancelled."))
    slot.team = None
    slot.save(update_fields=["team"])
    audit.record(
        actor=actor,
        action="events.mentor_slot.cancel",
        obj=team,
        changes={"slot": [slot.pk, None], "mentor": [slot.mentor_id, None]},
    )
    return slot


# --- project submissions ------------------------------------------------------------------
def clean_links(links) -> list[str]:
    if isinstance(links, str):
        links = links.split()
    cleaned = list(dict.fromkeys(link.strip() for link in links or () if link and link.strip()))
    if len(cleaned) > MAX_LINKS:
        raise ValidationError({"links": _("Give at most %(count)s links.") % {"count": MAX_LINKS}})
    validate = URLValidator(schemes=["http", "https"])
    for link in cleaned:
        try:
            if len(link) > 500:
                raise ValidationError("too long")
            validate(link)
        except ValidationError:
            raise ValidationError(
                {
                    "links": _("“%(link)s” is not a full web address starting with https://.")
                    % {"link": link[:80]}
                }
            ) from None
    return cleaned


@transaction.atomic
def save_submission(
    *,
    actor,
    team: Team,
    title: str,
    description: str,
    links=(),
    file=None,
    remove_file: bool = False,
) -> Submission:
    """A team member hands in or edits the team's project until the deadline."""
    team = _lock_team(team.pk)
    _require(is_team_member(actor, team))
    event = Event.objects.get(pk=team.event_id)
    if not submissions_open(event):
        raise ValidationError(
            _("Projects could be handed in until %(time)s; the deadline has passed.")
            % {"time": _local(event, submission_deadline(event))}
        )
    errors = {}
    title, description = _text(title, 200), _text(description, LONG_TEXT)
    if not title:
        errors["title"] = [_("Give the project a title.")]
    if not description:
        errors["description"] = [_("Describe the project.")]
    try:
        links = clean_links(links)
    except ValidationError as error:
        errors.update(error.message_dict)
    mime = ""
    if file:
        try:
            mime = validate_document_upload(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    submission = Submission.objects.filter(team=team).first()
    before = (
        audit.snapshot(submission, ["title", "description", "links", "file"]) if submission else {}
    )
    if submission is None:
        submission = Submission(team=team)
    old_file = submission.file.name if submission.file else ""
    submission.title, submission.description, submission.links = title, description, links
    if file:
        submission.file.save(file.name, file, save=False)
        submission.file_type = mime
    elif remove_file:
        submission.file = ""
        submission.file_type = ""
    submission.save()
    if old_file and old_file != submission.file.name:
        storage = submission.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit.record(
        actor=actor,
        action="events.submission.update" if before else "events.submission.create",
        obj=submission,
        changes=audit.diff(
            before, audit.snapshot(submission, ["title", "description", "links", "file"])
        ),
    )
    return submission


# --- judging: criteria and judges (organisers) --------------------------------------------
def judging_started(event: Event) -> bool:
    return JudgeAssignment.objects.filter(judge__event=event, submitted_at__isnull=False).exists()


@transaction.atomic
def save_criterion(*, actor, event: Event, data: dict, criterion=None) -> JudgingCriterion:
    """Once a judge has scored, criteria cannot be added, removed or rescaled (the
    scores already given would no longer add up); labels can still be corrected."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    _require_organiser(actor, event)
    _require_campus(event)
    started = judging_started(event)
    if criterion is None:
        if started:
            raise ValidationError(
                _("Judges have started scoring: criteria can no longer be added.")
            )
        criterion = JudgingCriterion(event=event)
        last = (
            event.judging_criteria.order_by("-position").values_list("position", flat=True).first()
        )
        criterion.position = (last + 1) if last is not None else 0
        before = {}
    else:
        criterion = JudgingCriterion.objects.select_for_update().get(pk=criterion.pk, event=event)
        before = audit.snapshot(criterion)
    old_max, old_weight = criterion.max_score, criterion.weight
    _apply(criterion, data)
    if started and before and (criterion.max_score != old_max or criterion.weight != old_weight):
        raise ValidationError(
            _("Judges have started scoring: the highest score and the weight are fixed now.")
        )
    if criterion.weight is None or Decimal(criterion.weight) <= 0:
        raise ValidationError({"weight": _("The weight must be above zero.")})
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=actor,
        action="events.criterion.update" if before else "events.criterion.create",
        obj=criterion,
        changes=audit.diff(before, audit.snapshot(criterion)),
    )
    return criterion


@transaction.atomic
def delete_criterion(*, actor, criterion: JudgingCriterion) -> None:
    event = Event.objects.select_for_update().get(pk=criterion.event_id)
    _require_organiser(actor, event)
    if judging_started(event):
        raise ValidationError(_("Judges have started scoring: criteria can no longer be removed."))
    audit.record(
        actor=actor,
        action="events.criterion.delete",
        obj=criterion,
        changes=audit.diff(audit.snapshot(criterion), {}),
    )
    criterion.delete()


@transaction.atomic
def add_judge(*, actor, event: Event, email: str) -> Judge:
    _require_organiser(actor, event)
    _require_campus(event)
    person = Person.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if person is None:
        raise ValidationError(
            {
                "email": _(
                    "Nobody has an account with this e-mail address. Ask them to sign up first."
                )
            }
        )
    if Judge.objects.filter(event=event, person=person).exists():
        raise ValidationError(
            {"email": _("%(name)s is already a judge.") % {"name": person.full_name}}
        )
    try:
        with transaction.atomic():
            judge = Judge.objects.create(event=event, person=person)
    except IntegrityError:
        raise ValidationError(
            {"email": _("%(name)s is already a judge.") % {"name": person.full_name}}
        ) from None
    audit.record(
        actor=actor, action="events.judge.add", obj=judge, changes={"person": [None, person.pk]}
    )
    return judge


@transaction.atomic
def remove_judge(*, actor, judge: Judge) -> None:
    judge = Judge.objects.select_for_update().select_related("event", "person").get(pk=judge.pk)
    _require_organiser(actor, judge.event)
    if judge.assignments.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            _("%(name)s has already scored projects and stays on the jury.")
            % {"name": judge.person.full_name}
        )
    audit.record(
        actor=actor,
        action="events.judge.remove",
        obj=judge,
        changes={"person": [judge.person_id, None]},
    )
    judge.delete()


# --- judging: conflicts and assignment ----------------------------------------------------
def _organisations_by_person(person_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {pid: set() for pid in person_ids}
    for person_id, organisation_id in Membership.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "organisation_id"):
        found[person_id].add(organisation_id)
    return found


MEMBER, SAME_ORGANISATION = "member", "organisation"


def conflict_of(judge: Judge, submission: Submission) -> str:
    """Why ``judge`` may not judge ``submission``: ``MEMBER``, ``SAME_ORGANISATION`` or ""."""
    members = set(
        TeamMember.objects.filter(team_id=submission.team_id).values_list("person_id", flat=True)
    )
    return _conflict(
        judge.person_id, members, _organisations_by_person(members | {judge.person_id})
    )


def _conflict(judge_person_id: int, member_ids: set[int], orgs: dict[int, set[int]]) -> str:
    if judge_person_id in member_ids:
        return MEMBER
    own = orgs.get(judge_person_id, set())
    if any(own & orgs.get(member, set()) for member in member_ids):
        return SAME_ORGANISATION
    return ""


def conflict_message(conflict: str, person=None) -> str:
    """The conflict in words: about ``person`` for organisers, about "you" for the judge."""
    if person is None:
        if conflict == MEMBER:
            return _("You cannot judge this project: you are a member of the team.")
        return _(
            "You cannot judge this project: you work in the same organisation as a member "
            "of the team."
        )
    if conflict == MEMBER:
        return _("%(name)s cannot judge this project: they are a member of the team.") % {
            "name": person.full_name
        }
    return _(
        "%(name)s cannot judge this project: they work in the same organisation as a member "
        "of the team."
    ) % {"name": person.full_name}


def _judging_assigned_mail(event: Event, counts: dict[int, int]) -> None:
    for judge in Judge.objects.filter(pk__in=counts).select_related("person"):
        _mail(judge.person, "campus_judging_assigned", {"event": event, "count": counts[judge.pk]})


@transaction.atomic
def assign_judges(*, actor, event: Event, per_project: int) -> dict:
    """Give every submitted project ``per_project`` judges, keeping the ones it has.

    Greedy and balanced: projects with the fewest possible judges are served first, each
    taking the eligible judges with the fewest projects so far (ties by judge id, so the
    outcome is repeatable). A judge is never given a project of their own team or of a
    team with a member from one of their organisations. Returns the new assignments and
    the projects that could not get enough judges.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_organiser(actor, event)
    _require_campus(event)
    if not isinstance(per_project, int) or not 1 <= per_project <= MAX_JUDGES_PER_PROJECT:
        raise ValidationError(
            {
                "per_project": _("Give each project between 1 and %(count)s judges.")
                % {"count": MAX_JUDGES_PER_PROJECT}
            }
        )
    judges = list(Judge.objects.filter(event=event).order_by("pk"))
    if not judges:
        raise ValidationError(_("Add judges first."))
    submissions = list(Submission.objects.filter(team__event=event).order_by("pk"))
    if not submissions:
        raise ValidationError(_("No project has been handed in yet."))
    members: dict[int, set[int]] = {s.team_id: set() for s in submissions}
    for team_id, person_id in TeamMember.objects.filter(team__event=event).values_list(
        "team_id", "person_id"
    ):
        members.setdefault(team_id, set()).add(person_id)
    people = {j.person_id for j in judges}.union(*members.values())
    orgs = _organisations_by_person(people)
    load = {j.pk: 0 for j in judges}
    assigned: dict[int, set[int]] = {s.pk: set() for s in submissions}
    for judge_id, submission_id in JudgeAssignment.objects.filter(judge__event=event).values_list(
        "judge_id", "submission_id"
    ):
        load[judge_id] += 1
        assigned[submission_id].add(judge_id)
    eligible = {
        s.pk: [
            j
            for j in judges
            if not _conflict(j.person_id, members[s.team_id], orgs) and j.pk not in assigned[s.pk]
        ]
        for s in submissions
    }
    order = sorted(submissions, key=lambda s: (len(eligible[s.pk]) + len(assigned[s.pk]), s.pk))
    created, short = [], []
    for submission in order:
        needed = per_project - len(assigned[submission.pk])
        if needed <= 0:
            continue
        chosen = sorted(eligible[submission.pk], key=lambda j: (load[j.pk], j.pk))[:needed]
        for judge in chosen:
            load[judge.pk] += 1
            assigned[submission.pk].add(judge.pk)
            created.append(JudgeAssignment(judge=judge, submission=submission))
        if len(chosen) < needed:
            short.append(submission)
    JudgeAssignment.objects.bulk_create(created)
    counts: dict[int, int] = {}
    for assignment in created:
        counts[assignment.judge_id] = counts.get(assignment.judge_id, 0) + 1
    audit.record(
        actor=actor,
        action="events.judging.assign",
        obj=event,
        changes={
            "per_project": [None, per_project],
            "assignments": [None, [[a.judge_id, a.submission_id] for a in created]],
        },
    )
    _judging_assigned_mail(event, counts)
    return {"created": created, "short": short}


@transaction.atomic
def assign_judge(*, actor, submission: Submission, judge: Judge) -> JudgeAssignment:
    """Organisers assign one judge by hand; conflicts are refused all the same."""
    submission = Submission.objects.select_related("team__event").get(pk=submission.pk)
    event = Event.objects.select_for_update().get(pk=submission.team.event_id)
    _require_organiser(actor, event)
    judge = Judge.objects.select_related("person").get(pk=judge.pk)
    if judge.event_id != event.pk:
        raise ValidationError(_("This judge belongs to another event."))
    conflict = conflict_of(judge, submission)
    if conflict:
        raise ValidationError(conflict_message(conflict, judge.person), code="conflict")
    if JudgeAssignment.objects.filter(judge=judge, submission=submission).exists():
        raise ValidationError(
            _("%(name)s already judges this project.") % {"name": judge.person.full_name}
        )
    assignment = JudgeAssignment.objects.create(judge=judge, submission=submission)
    audit.record(
        actor=actor,
        action="events.judging.assign_one",
        obj=assignment.submission,
        changes={"judge": [None, judge.pk]},
    )
    _judging_assigned_mail(event, {judge.pk: 1})
    return assignment


@transaction.atomic
def unassign_judge(*, actor, assignment: JudgeAssignment) -> None:
    assignment = (
        JudgeAssignment.objects.select_for_update()
        .select_related("judge__event", "judge__person", "submission")
        .get(pk=assignment.pk)
    )
    _require_organiser(actor, assignment.judge.event)
    if assignment.submitted_at is not None:
        raise ValidationError(
            _("%(name)s has already scored this project.")
            % {"name": assignment.judge.person.full_name}
        )
    audit.record(
        actor=actor,
        action="events.judging.unassign",
        obj=assignment.submission,
        changes={"judge": [assignment.judge_id, None]},
    )
    assignment.delete()


# --- judging: scores ----------------------------------------------------------------------
def score_field(criterion: JudgingCriterion) -> str:
    return f"c{criterion.pk}"


@transaction.atomic
def score_project(*, actor, assignment: JudgeAssignment, scores: dict, comment: str = ""):
    """A judge scores every criterion (a whole number from 0 to its highest score) with a
    comment to the team; they may change it until the results are published."""
    assignment = (
        JudgeAssignment.objects.select_for_update()
        .select_related("judge", "submission")
        .get(pk=assignment.pk)
    )
    _require(is_signed_in(actor) and assignment.judge.person_id == actor.pk)
    event = Event.objects.get(pk=assignment.judge.event_id)
    if event.results_published:
        raise ValidationError(_("The results are published: scores can no longer be changed."))
    conflict = conflict_of(assignment.judge, assignment.submission)
    if conflict:
        raise ValidationError(conflict_message(conflict), code="conflict")
    criteria = list(event.judging_criteria.order_by("position", "pk"))
    if not criteria:
        raise ValidationError(_("The organisers have not set the judging criteria yet."))
    errors, cleaned = {}, {}
    for criterion in criteria:
        raw = scores.get(str(criterion.pk))
        try:
            value = int(raw)
            if isinstance(raw, float) and raw != value or isinstance(raw, bool):
                raise ValueError
        except (TypeError, ValueError):
            errors[score_field(criterion)] = [_("Give a whole number.")]
            continue
        if not 0 <= value <= criterion.max_score:
            errors[score_field(criterion)] = [
                _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
            ]
            continue
        cleaned[str(criterion.pk)] = value
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(assignment, ["scores", "comment"])
    assignment.scores = cleaned
    assignment.comment = _text(comment, LONG_TEXT)
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["scores", "comment", "submitted_at"])
    audit.record(
        actor=actor,
        action="events.judging.score",
        obj=assignment.submission,
        changes=audit.diff(before, audit.snapshot(assignment, ["scores", "comment"])),
    )
    return assignment


def weighted_score(scores: dict, criteria) -> float | None:
    """One judge's score out of 100: the weighted mean of the criteria, each scaled to
    0–100. ``None`` unless every criterion is scored."""
    total = weights = 0.0
    for criterion in criteria:
        value = scores.get(str(criterion.pk))
        if value is None:
            return None
        weight = float(criterion.weight)
        total += value / criterion.max_score * 100 * weight
        weights += weight
    return total / weights if weights else None


def ranking(event: Event) -> list[dict]:
    """Projects by score, the mean of their judges' weighted scores (out of 100). Equal
    scores share a rank (1, 2, 2, 4); projects nobody has scored come last, unranked."""
    criteria = list(event.judging_criteria.order_by("position", "pk"))
    submissions = list(
        Submission.objects.filter(team__event=event)
        .select_related("team", "team__idea")
        .prefetch_related("judge_assignments")
        .order_by("title", "pk")
    )
    rows = []
    for submission in submissions:
        assignments = list(submission.judge_assignments.all())
        values = [
            weighted_score(a.scores, criteria) for a in assignments if a.submitted_at is not None
        ]
        values = [v for v in values if v is not None]
        rows.append(
            {
                "submission": submission,
                "team": submission.team,
                "score": round(sum(values) / len(values), 2) if values else None,
                "scored": len(values),
                "judges": len(assignments),
                "rank": None,
            }
        )
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["submission"].title.lower()))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["score"] is None:
            break
        if row["score"] != previous:
            rank, previous = position, row["score"]
        row["rank"] = rank
    return rows


def judging_progress(event: Event) -> dict:
    counts = JudgeAssignment.objects.filter(judge__event=event).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return {
        "total": counts["total"],
        "done": counts["done"],
        "missing": counts["total"] - counts["done"],
    }


@transaction.atomic
def publish_results(*, actor, event: Event, published: bool = True) -> Event:
    """Publishing needs every assigned judge's scores (remove an absent judge's
    assignments first); the teams are told. Taking the results back is silent."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_organiser(actor, event)
    _require_campus(event)
    if published == event.results_published:
        return event
    if published:
        progress = judging_progress(event)
        if progress["total"] == 0:
            raise ValidationError(_("No project has been judged yet."))
        if progress["missing"]:
            raise ValidationError(
                _(
                    "%(count)s scores are still missing. Wait for the judges, or remove the "
                    "assignments of judges who cannot score."
                )
                % {"count": progress["missing"]}
            )
    event.results_published = published
    event.save(update_fields=["results_published", "updated_at"])
    audit.record(
        actor=actor,
        action="events.results.publish" if published else "events.results.unpublish",
        obj=event,
        changes={"results_published": [not published, published]},
    )
    if published:
        rows = {row["team"].pk: row for row in ranking(event)}
        for member in TeamMember.objects.filter(team_id__in=rows).select_related("person", "team"):
            row = rows[member.team_id]
            _mail(
                member.person,
                "campus_results_published",
                {
                    "event": event,
                    "team": member.team,
                    "submission": row["submission"],
                    "rank": row["rank"],
                    "score": row["score"],
                },
            )
    return event
