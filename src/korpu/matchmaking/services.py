"""Every write about brokerage days: settings and time grid, profiles and marketplace
entries, meeting requests and their answers, meetings placed by the scheduler, by the
organisers or by the participants themselves, the published schedule, reminders and
feedback.

Keyword-only functions; one transaction each; an audit entry; mail written to the outbox
in the same transaction (so nothing is mailed for a change that rolled back). A refused
change raises ``ValidationError`` with a translated message and a code, and writes
nothing; acting on someone else's request or meeting raises ``PermissionDenied``.

Locks. Placing a meeting takes row locks in one global order, so that two transactions
never wait for each other in opposite orders: the brokerage day (only "schedule all"
and the time grid take it), then profiles in ascending id, then locations (tables in
ascending id, virtual rooms after them). Booking a slot locks the meeting's
participants and the location it uses: two people booking the last seat of a table, or
one person booked into two meetings at once, are decided one after the other. The
database backs this up with the constraint ``one_meeting_per_person_and_slot``.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.common import audit
from korpu.common.i18n import LANGUAGE_CODES
from korpu.common.locking import bound_lock_wait
from korpu.common.notify import send_templated_mail
from korpu.common.progress import progress_writer
from korpu.directory.models import Organisation, Sector
from korpu.events.models import Event
from korpu.events.rules import can_manage_event
from korpu.events.services import person_language

from . import queries
from . import rules as perms
from .models import (
    BROKERAGE_EVENT_KINDS,
    SLOT_MINUTES,
    Break,
    BrokerageDay,
    GridSession,
    Location,
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Profile,
    ScheduleRun,
    Slot,
)

logger = logging.getLogger(__name__)

RequestStatus = MeetingRequest.Status
ScheduleStatus = BrokerageDay.ScheduleStatus

# The control switch of the concurrency tests: with it off the race is shown to happen.
BOOKING_LOCK = True
# How long a request waits for a lock before giving up with an error.
LOCK_TIMEOUT = "10s"

TEXT_LIMIT = 3000
MESSAGE_LIMIT = 1000
TITLE_LIMIT = 200


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def _is_organiser(actor, day: BrokerageDay) -> bool:
    return actor is not None and perms.can_manage_brokerage_day(actor, day)


def _require_organiser(actor, day: BrokerageDay) -> None:
    if not _is_organiser(actor, day):
        raise PermissionDenied(_("Only the organisers of the event may do this."))


# --- locking -------------------------------------------------------------------------------
def _lock_timeout() -> None:
    bound_lock_wait(LOCK_TIMEOUT, what="matchmaking locks")


def lock_day(day_id: int) -> BrokerageDay:
    """The brokerage day, re-read under a row lock held until the transaction ends."""
    _lock_timeout()
    return (
        BrokerageDay.objects.select_for_update(of=("self",)).select_related("event").get(pk=day_id)
    )


def lock_profiles(ids) -> dict[int, Profile]:
    """Profiles re-read under row locks taken in ascending id."""
    _lock_timeout()
    query = (
        Profile.objects.filter(pk__in=sorted(set(ids)))
        .select_related("person", "organisation", "booth")
        .order_by("pk")
    )
    if BOOKING_LOCK:
        query = query.select_for_update(of=("self",))
    return {profile.pk: profile for profile in query}


def lock_location(location_id: int) -> Location:
    _lock_timeout()
    query = Location.objects.filter(pk=location_id)
    if BOOKING_LOCK:
        query = query.select_for_update()
    return query.get()


def _locked_meeting(meeting: Meeting) -> tuple[Meeting, dict[int, Profile]]:
    """The meeting and its participants, locked (participants first, in id order)."""
    profile_ids = list(
        Participation.objects.filter(meeting_id=meeting.pk).values_list("profile_id", flat=True)
    )
    profiles = lock_profiles(profile_ids)
    query = Meeting.objects.select_related("brokerage_day__event", "slot", "location")
    fresh = (query.select_for_update(of=("self",)) if BOOKING_LOCK else query).get(pk=meeting.pk)
    return fresh, profiles


# --- links and mail ---------------------------------------------------------------------------
def page_url(name: str, day: BrokerageDay) -> str:
    """The absolute address of a brokerage page (the event's page until pages exist)."""
    try:
        path = reverse(f"matchmaking:{name}", args=[day.event.slug])
    except NoReverseMatch:
        path = day.event.get_absolute_url()
    return settings.KORPU_SITE_URL + path


def _mail(profile: Profile, template: str, *, page: str = "day", **extra) -> None:
    person = profile.person
    day = profile.brokerage_day
    send_templated_mail(
        to=person.email,
        template=f"matchmaking/email/{template}",
        context={
            "person": person,
            "profile": profile,
            "day": day,
            "event": day.event,
            "link": page_url(page, day),
            "site_url": settings.KORPU_SITE_URL,
            **extra,
        },
        language=person_language(person),
    )


# --- the brokerage day and its time grid ---------------------------------------------------
DAY_SETTINGS = (
    "intro",
    "request_mode",
    "request_expiry_hours",
    "slot_minutes",
    "self_scheduling",
    "profiles_open",
    "requests_open",
    "video_link",
    "reminder_minutes",
)


def _apply_settings(day: BrokerageDay, values: dict) -> dict:
    unknown = set(values) - set(DAY_SETTINGS)
    if unknown:
        raise TypeError(f"unknown brokerage day settings: {', '.join(sorted(unknown))}")
    before = audit.snapshot(day, list(values))
    for name, value in values.items():
        setattr(day, name, value)
    if day.slot_minutes not in {minutes for minutes, _label in SLOT_MINUTES}:
        raise ValidationError(
            {
                "slot_minutes": ValidationError(
                    _("Meetings last 15, 20 or 30 minutes."), code="invalid_length"
                )
            }
        )
    day.full_clean(exclude=["event"])
    return audit.diff(before, audit.snapshot(day, list(values)))


def create_brokerage_day(*, event: Event, actor, **values) -> BrokerageDay:
    """Give a conference or brokerage event its matchmaking (organisers)."""
    if not can_manage_event(actor, event):
        raise PermissionDenied(_("Only the organisers of the event may do this."))
    if event.kind not in BROKERAGE_EVENT_KINDS:
        _refuse(_("Only conferences and brokerage days hold B2B meetings."), "wrong_event_kind")
    if BrokerageDay.objects.filter(event=event).exists():
        _refuse(_("This event already has a brokerage day."), "exists")
    day = BrokerageDay(event=event)
    changes = _apply_settings(day, values)
    with transaction.atomic():
        day.save()
        audit.record(actor=actor, action="matchmaking.create_day", obj=day, changes=changes)
    return day


def update_brokerage_day(*, day: BrokerageDay, actor, **values) -> BrokerageDay:
    """Change the settings. A new meeting length applies when the slots are generated
    again."""
    _require_organiser(actor, day)
    with transaction.atomic():
        day = lock_day(day.pk)
        changes = _apply_settings(day, values)
        day.save()
        audit.record(actor=actor, action="matchmaking.update_day", obj=day, changes=changes)
    return day


def _local(day: BrokerageDay, date: datetime.date, clock: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, clock, tzinfo=day.zone).astimezone(datetime.UTC)


def add_grid_session(
    *,
    day: BrokerageDay,
    actor,
    date: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    name: str = "",
    breaks=(),
) -> GridSession:
    """A block of meeting time on ``date`` from ``starts`` to ``ends`` (local times of the
    event), with ``breaks`` as ``(starts, ends)`` or ``(starts, ends, name)`` inside it.
    Call :func:`generate_slots` afterwards."""
    _require_organiser(actor, day)
    if ends <= starts:
        _refuse(_("A meeting session must end after it starts."), "ends_before_start")
    session_start, session_end = _local(day, date, starts), _local(day, date, ends)
    pauses = []
    for item in breaks:
        begin, end, *label = item
        if end <= begin:
            _refuse(_("A break must end after it starts."), "break_ends_before_start")
        if begin < starts or end > ends:
            _refuse(_("Breaks must lie inside their meeting session."), "break_outside_session")
        pauses.append((_local(day, date, begin), _local(day, date, end), label[0] if label else ""))
    with transaction.atomic():
        day = lock_day(day.pk)
        overlapping = GridSession.objects.filter(
            brokerage_day=day, starts_at__lt=session_end, ends_at__gt=session_start
        )
        if overlapping.exists():
            _refuse(_("This meeting session overlaps another one."), "sessions_overlap")
        session = GridSession.objects.create(
            brokerage_day=day, name=name, day=date, starts_at=session_start, ends_at=session_end
        )
        for begin, end, label in pauses:
            Break.objects.create(session=session, starts_at=begin, ends_at=end, name=label)
        audit.record(
            actor=actor,
            action="matchmaking.add_session",
            obj=session,
            changes={"time": [None, f"{date} {starts}–{ends}"], "breaks": [None, len(pauses)]},
        )
    return session


def remove_grid_session(*, session: GridSession, actor) -> None:
    """Remove a meeting session and its slots; refused while meetings are placed in it."""
    day = session.brokerage_day
    _require_organiser(actor, day)
    with transaction.atomic():
        lock_day(day.pk)
        if Meeting.objects.filter(slot__session=session, status=Meeting.Status.CONFIRMED).exists():
            _refuse(
                _("Meetings are scheduled in this session. Move or unschedule them first."),
                "slot_in_use",
            )
        audit.record(actor=actor, action="matchmaking.remove_session", obj=session)
        session.delete()


def slot_times(day: BrokerageDay, session: GridSession, breaks) -> list[tuple]:
    """The ``(starts_at, ends_at)`` of the slots of a session: slots of the day's length
    one after the other; a slot that would overlap a break starts after it instead."""
    length = datetime.timedelta(minutes=day.slot_minutes)
    pauses = sorted((b.starts_at, b.ends_at) for b in breaks)
    times = []
    start = session.starts_at
    while start + length <= session.ends_at:
        clash = [end for begin, end in pauses if begin < start + length and end > start]
        if clash:
            start = max(clash)
            continue
        times.append((start, start + length))
        start += length
    return times


def generate_slots(*, day: BrokerageDay, actor) -> list[Slot]:
    """(Re)build the slots from the sessions and breaks. Slots that stay are kept with
    their meetings and availabilities; a slot that would go while a meeting is placed in
    it refuses the whole change."""
    _require_organiser(actor, day)
    with transaction.atomic():
        day = lock_day(day.pk)
        wanted: dict[tuple, GridSession] = {}
        for session in GridSession.objects.filter(brokerage_day=day).prefetch_related("breaks"):
            for times in slot_times(day, session, session.breaks.all()):
                wanted[times] = session
        existing = {(s.starts_at, s.ends_at): s for s in Slot.objects.filter(brokerage_day=day)}
        going = [slot for times, slot in existing.items() if times not in wanted]
        if going:
            busy = Meeting.objects.filter(slot__in=going, status=Meeting.Status.CONFIRMED)
            if busy.exists():
                _refuse(
                    _(
                        "Meetings are scheduled in slots that would disappear. Move or "
                        "unschedule them first."
                    ),
                    "slot_in_use",
                )
            Slot.objects.filter(pk__in=[s.pk for s in going]).delete()
        kept = {times: slot for times, slot in existing.items() if times in wanted}
        Slot.objects.bulk_create(
            [
                Slot(brokerage_day=day, session=session, starts_at=start, ends_at=end)
                for (start, end), session in wanted.items()
                if (start, end) not in kept
            ]
        )
        for times, slot in kept.items():
            if slot.session_id != wanted[times].pk:
                slot.session = wanted[times]
                slot.save(update_fields=["session"])
        slots = list(Slot.objects.filter(brokerage_day=day).order_by("starts_at"))
        audit.record(
            actor=actor,
            action="matchmaking.generate_slots",
            obj=day,
            changes={"slots": [len(existing), len(slots)]},
        )
    return slots


def add_location(
    *,
    day: BrokerageDay,
    actor,
    name: str,
    kind: str = Location.Kind.TABLE,
    capacity: int = 1,
    video_link: str = "",
    position: int | None = None,
) -> Location:
    _require_organiser(actor, day)
    if kind not in Location.Kind.values:
        _refuse(_("Choose a table, a room, a booth or a virtual room."), "invalid_kind")
    if not name.strip():
        _refuse(_("Give the meeting place a name."), "name_required")
    if capacity < 1:
        _refuse(_("A meeting place hosts at least one meeting at a time."), "invalid_capacity")
    if kind == Location.Kind.BOOTH and capacity != 1:
        _refuse(_("A booth hosts one meeting at a time."), "invalid_capacity")
    if position is None:
        position = Location.objects.filter(brokerage_day=day).count()
    with transaction.atomic():
        location = Location(
            brokerage_day=day,
            name=name.strip(),
            kind=kind,
            capacity=capacity,
            video_link=video_link,
            position=position,
        )
        location.full_clean(exclude=["brokerage_day"])
        location.save()
        audit.record(
            actor=actor,
            action="matchmaking.add_location",
            obj=location,
            changes={"kind": [None, kind], "capacity": [None, capacity]},
        )
    return location


def set_location_capacity(*, location: Location, capacity: int, actor) -> Location:
    """Refused below the number of meetings already placed there in one slot."""
    day = location.brokerage_day
    _require_organiser(actor, day)
    if capacity < 1 or (location.kind == Location.Kind.BOOTH and capacity != 1):
        _refuse(_("This capacity is not possible for this meeting place."), "invalid_capacity")
    with transaction.atomic():
        location = lock_location(location.pk)
        busiest = (
            Meeting.objects.filter(location=location, status=Meeting.Status.CONFIRMED)
            .values("slot")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("n", flat=True)
            .first()
        ) or 0
        if capacity < busiest:
            _refuse(
                _("%(count)d meetings already take place there at one time.") % {"count": busiest},
                "capacity_in_use",
            )
        before = location.capacity
        location.capacity = capacity
        location.save(update_fields=["capacity"])
        audit.record(
            actor=actor,
            action="matchmaking.set_capacity",
            obj=location,
            changes={"capacity": [before, capacity]},
        )
    return location


def remove_location(*, location: Location, actor) -> None:
    """Remove a meeting place nobody meets at; a booth's owner simply loses the booth.
    Refused while confirmed meetings are placed there (move or unschedule them first)."""
    day = location.brokerage_day
    _require_organiser(actor, day)
    with transaction.atomic():
        location = lock_location(location.pk)
        placed = Meeting.objects.filter(
            location=location, status=Meeting.Status.CONFIRMED, slot__isnull=False
        ).count()
        if placed:
            _refuse(
                ngettext(
                    "%(count)d meeting takes place there: move it or take it off the schedule "
                    "first.",
                    "%(count)d meetings take place there: move them or take them off the "
                    "schedule first.",
                    placed,
                )
                % {"count": placed},
                "location_in_use",
            )
        audit.record(
            actor=actor,
            action="matchmaking.remove_location",
            obj=location,
            changes={"name": [location.name, None], "kind": [location.kind, None]},
        )
        location.delete()


# --- profiles ----------------------------------------------------------------------------------
_UNSET = object()


def _clean_profile(day: BrokerageDay, person, values: dict) -> dict:
    """Check the profile fields given; one ValidationError with a message per field."""
    errors: dict[str, ValidationError] = {}
    cleaned: dict = {}
    for name in ("offer", "seek"):
        if name in values:
            text = (values[name] or "").strip()
            if len(text) > TEXT_LIMIT:
                errors[name] = ValidationError(
                    _("At most %(limit)d characters, please (this has %(length)d).")
                    % {"limit": TEXT_LIMIT, "length": len(text)},
                    code="too_long",
                )
            cleaned[name] = text
    if "organisation" in values:
        organisation = values["organisation"]
        if isinstance(organisation, int):
            organisation = Organisation.objects.filter(pk=organisation).first()
        if (
            organisation is not None
            and not person.memberships.filter(organisation=organisation).exists()
        ):
            errors["organisation"] = ValidationError(
                _("You can only represent an organisation you belong to."),
                code="not_a_member",
            )
        cleaned["organisation"] = organisation
    if "languages" in values:
        codes = list(dict.fromkeys(str(code).lower() for code in values["languages"] or ()))
        wrong = [code for code in codes if code not in LANGUAGE_CODES]
        if wrong:
            errors["languages"] = ValidationError(
                _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(wrong)},
                code="invalid_language",
            )
        cleaned["languages"] = codes
    if "sectors" in values:
        ids = {s.pk if isinstance(s, Sector) else int(s) for s in values["sectors"] or ()}
        sectors = list(Sector.objects.filter(pk__in=ids))
        if len(sectors) != len(ids):
            errors["sectors"] = ValidationError(_("Choose among the sectors."), code="invalid")
        cleaned["sectors"] = sectors
    if "availability" in values:
        ids = {s.pk if isinstance(s, Slot) else int(s) for s in values["availability"] or ()}
        slots = list(Slot.objects.filter(pk__in=ids, brokerage_day=day))
        if len(slots) != len(ids):
            errors["availability"] = ValidationError(
                _("Choose among this brokerage day's slots."), code="invalid_slot"
            )
        cleaned["availability"] = slots
    if "published" in values:
        cleaned["published"] = bool(values["published"])
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_may_edit(day: BrokerageDay, person, actor) -> bool:
    """Whether the actor is an organiser; refuses everyone else but the person."""
    organiser = _is_organiser(actor, day)
    if not organiser and (actor is None or actor.pk != person.pk):
        raise PermissionDenied(_("You can only edit your own profile."))
    if not organiser and not day.profiles_open:
        _refuse(_("Profiles can no longer be changed for this brokerage day."), "profiles_closed")
    return organiser


def _save_profile(profile: Profile, cleaned: dict) -> dict:
    before = {
        **audit.snapshot(profile, ["organisation_id", "offer", "seek", "languages", "published"]),
        "sectors": sorted(profile.sectors.values_list("pk", flat=True)) if profile.pk else [],
        "availability": sorted(profile.availability.values_list("pk", flat=True))
        if profile.pk
        else [],
    }
    for name in ("offer", "seek", "organisation", "languages", "published"):
        if name in cleaned:
            setattr(profile, name, cleaned[name])
    if profile.published and not (profile.offer or profile.seek):
        raise ValidationError(
            {
                "offer": ValidationError(
                    _("Say what you offer or what you are looking for before publishing."),
                    code="empty_profile",
                )
            }
        )
    profile.country = (
        profile.organisation.country if profile.organisation else profile.person.country
    ) or ""
    profile.save()
    if "sectors" in cleaned:
        profile.sectors.set(cleaned["sectors"])
    if "availability" in cleaned:
        profile.availability.set(cleaned["availability"])
    after = {
        **audit.snapshot(profile, ["organisation_id", "offer", "seek", "languages", "published"]),
        "sectors": sorted(profile.sectors.values_list("pk", flat=True)),
        "availability": sorted(profile.availability.values_list("pk", flat=True)),
    }
    return audit.diff(before, after)


def create_profile(
    *,
    day: BrokerageDay,
    person,
    actor,
    organisation=None,
    offer: str = "",
    seek: str = "",
    sectors=(),
    languages=(),
    availability=(),
    published: bool = True,
) -> Profile:
    """A profile for a person who takes part: confirmed for the event, or one of the
    organisers' people. ``availability`` empty means every slot."""
    _check_may_edit(day, person, actor)
    if not perms.may_take_part(person, day):
        _refuse(
            _("Only people registered for the event, and its organisers, take part."),
            "not_a_participant",
        )
    if Profile.objects.filter(brokerage_day=day, person=person).exists():
        _refuse(_("You already have a profile for this brokerage day."), "profile_exists")
    cleaned = _clean_profile(
        day,
        person,
        {
            "organisation": organisation,
            "offer": offer,
            "seek": seek,
            "sectors": sectors,
            "languages": languages,
            "availability": availability,
            "published": published,
        },
    )
    try:
        with transaction.atomic():
            profile = Profile(brokerage_day=day, person=person)
            changes = _save_profile(profile, cleaned)
            audit.record(
                actor=actor, action="matchmaking.create_profile", obj=profile, changes=changes
            )
    except IntegrityError:
        raise ValidationError(
            _("You already have a profile for this brokerage day."), code="profile_exists"
        ) from None
    return profile


def update_profile(
    *,
    profile: Profile,
    actor,
    organisation=_UNSET,
    offer=_UNSET,
    seek=_UNSET,
    sectors=_UNSET,
    languages=_UNSET,
    availability=_UNSET,
    published=_UNSET,
) -> Profile:
    """Change the fields given. Narrowing the availability is refused while a meeting is
    scheduled in a slot that would be left out."""
    day = profile.brokerage_day
    _check_may_edit(day, profile.person, actor)
    values = {
        name: value
        for name, value in {
            "organisation": organisation,
            "offer": offer,
            "seek": seek,
            "sectors": sectors,
            "languages": languages,
            "availability": availability,
            "published": published,
        }.items()
        if value is not _UNSET
    }
    cleaned = _clean_profile(day, profile.person, values)
    with transaction.atomic():
        profile = lock_profiles([profile.pk])[profile.pk]
        if cleaned.get("availability"):
            allowed = {slot.pk for slot in cleaned["availability"]}
            placed = set(
                Participation.objects.filter(profile=profile, slot__isnull=False).values_list(
                    "slot_id", flat=True
                )
            )
            if placed - allowed:
                raise ValidationError(
                    {
                        "availability": ValidationError(
                            _(
                                "You have meetings scheduled at times you would leave out. "
                                "Cancel them or keep these times."
                            ),
                            code="meetings_in_the_way",
                        )
                    }
                )
        changes = _save_profile(profile, cleaned)
        audit.record(actor=actor, action="matchmaking.update_profile", obj=profile, changes=changes)
    return profile


def assign_booth(*, profile: Profile, location: Location | None, actor) -> Profile:
    """Give a participant a booth (organisers): their meetings take place there."""
    day = profile.brokerage_day
    _require_organiser(actor, day)
    with transaction.atomic():
        profile = lock_profiles([profile.pk])[profile.pk]
        if location is not None:
            if location.brokerage_day_id != day.pk or location.kind != Location.Kind.BOOTH:
                _refuse(_("Choose one of this brokerage day's booths."), "not_a_booth")
            owner = Profile.objects.filter(booth=location).exclude(pk=profile.pk).first()
            if owner is not None:
                _refuse(
                    _("This booth already belongs to %(name)s.") % {"name": owner.display_name},
                    "booth_taken",
                )
            others = Meeting.objects.filter(location=location, status=Meeting.Status.CONFIRMED)
            if others.exclude(participants=profile).exists():
                _refuse(
                    _("Other meetings are scheduled at this booth. Move them first."),
                    "booth_in_use",
                )
        before = profile.booth_id
        profile.booth = location
        profile.save(update_fields=["booth", "updated_at"])
        audit.record(
            actor=actor,
            action="matchmaking.assign_booth",
            obj=profile,
            changes={"booth": [before, location.pk if location else None]},
        )
    return profile


def _clean_entry(kind: str, title: str, description: str) -> tuple[str, str, str]:
    errors = {}
    if kind not in MarketplaceEntry.Kind.values:
        errors["kind"] = ValidationError(_("Choose a kind of entry."), code="invalid_kind")
    title = (title or "").strip()
    if not title:
        errors["title"] = ValidationError(_("Give the entry a title."), code="required")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = ValidationError(
            _("At most %(limit)d characters, please.") % {"limit": TITLE_LIMIT}, code="too_long"
        )
    description = (description or "").strip()
    if len(description) > TEXT_LIMIT:
        errors["description"] = ValidationError(
            _("At most %(limit)d characters, please.") % {"limit": TEXT_LIMIT}, code="too_long"
        )
    if errors:
        raise ValidationError(errors)
    return kind, title, description


def add_marketplace_entry(
    *, profile: Profile, actor, kind: str, title: str, description: str = ""
) -> MarketplaceEntry:
    _check_may_edit(profile.brokerage_day, profile.person, actor)
    kind, title, description = _clean_entry(kind, title, description)
    with transaction.atomic():
        entry = MarketplaceEntry.objects.create(
            profile=profile, kind=kind, title=title, description=description
        )
        audit.record(
            actor=actor,
            action="matchmaking.add_entry",
            obj=entry,
            changes={"kind": [None, kind], "title": [None, title]},
        )
    return entry


def update_marketplace_entry(
    *, entry: MarketplaceEntry, actor, kind: str, title: str, description: str = ""
) -> MarketplaceEntry:
    profile = entry.profile
    _check_may_edit(profile.brokerage_day, profile.person, actor)
    kind, title, description = _clean_entry(kind, title, description)
    with transaction.atomic():
        before = audit.snapshot(entry, ["kind", "title", "description"])
        entry.kind, entry.title, entry.description = kind, title, description
        entry.save()
        audit.record(
            actor=actor,
            action="matchmaking.update_entry",
            obj=entry,
            changes=audit.diff(before, audit.snapshot(entry, ["kind", "title", "description"])),
        )
    return entry


def remove_marketplace_entry(*, entry: MarketplaceEntry, actor) -> None:
    profile = entry.profile
    _check_may_edit(profile.brokerage_day, profile.person, actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="matchmaking.remove_entry",
            obj=entry,
            changes={"title": [entry.title, None]},
        )
        entry.delete()


# --- meeting requests ---------------------------------------------------------------------------
def _new_meeting(day: BrokerageDay, profiles, request=None) -> Meeting:
    meeting = Meeting.objects.create(brokerage_day=day, request=request)
    Participation.objects.bulk_create(
        [Participation(meeting=meeting, profile=profile) for profile in profiles]
    )
    return meeting


def request_meeting(
    *, requester: Profile, invitee: Profile, actor, message: str = ""
) -> MeetingRequest:
    """Ask for a meeting. Opt-in days: the invitee answers before it expires. Opt-out
    days: accepted at once, and the meeting is made."""
    day = BrokerageDay.objects.select_related("event").get(pk=requester.brokerage_day_id)
    organiser = _is_organiser(actor, day)
    if not organiser and (actor is None or actor.pk != requester.person_id):
        raise PermissionDenied(_("You can only send requests from your own profile."))
    if invitee.brokerage_day_id != day.pk:
        _refuse(_("This participant takes part in another brokerage day."), "other_day")
    if invitee.pk == requester.pk:
        _refuse(_("You cannot request a meeting with yourself."), "self_request")
    if day.event.status == Event.Status.CANCELLED:
        _refuse(_("This event has been cancelled."), "event_cancelled")
    if not day.requests_open and not organiser:
        _refuse(_("Meeting requests are closed for this brokerage day."), "requests_closed")
    message = (message or "").strip()
    if len(message) > MESSAGE_LIMIT:
        _refuse(
            _("At most %(limit)d characters, please (this has %(length)d).")
            % {"limit": MESSAGE_LIMIT, "length": len(message)},
            "too_long",
        )
    try:
        with transaction.atomic():
            profiles = lock_profiles([requester.pk, invitee.pk])
            requester, invitee = profiles[requester.pk], profiles[invitee.pk]
            if not requester.published:
                _refuse(_("Publish your profile before requesting meetings."), "not_published")
            if not invitee.published:
                _refuse(_("This participant's profile is not published."), "invitee_hidden")
            if queries.open_request_between(requester, invitee) is not None:
                _refuse(
                    _("There is already a request or a meeting between you and %(name)s.")
                    % {"name": invitee.display_name},
                    "already_requested",
                )
            now = timezone.now()
            request = MeetingRequest(
                brokerage_day=day, requester=requester, invitee=invitee, message=message
            )
            if day.request_mode == BrokerageDay.RequestMode.OPT_OUT:
                request.status = RequestStatus.ACCEPTED
                request.decided_at = now
            else:
                request.expires_at = now + datetime.timedelta(hours=day.request_expiry_hours)
            request.save()
            if request.status == RequestStatus.ACCEPTED:
                _new_meeting(day, [requester, invitee], request)
            audit.record(
                actor=actor,
                action="matchmaking.request_meeting",
                obj=request,
                changes={"status": [None, request.status]},
            )
            _mail(
                invitee,
                "request_received",
                page="requests",
                request=request,
                requester=requester,
                accepted=request.status == RequestStatus.ACCEPTED,
            )
    except IntegrityError:
        # A request between the same two made since the check (one_open_request_per_pair).
        raise ValidationError(
            _("There is already a request or a meeting between you and %(name)s.")
            % {"name": invitee.display_name},
            code="already_requested",
        ) from None
    return request


def _locked_request(request: MeetingRequest) -> MeetingRequest:
    lock_profiles([request.requester_id, request.invitee_id])
    query = MeetingRequest.objects.select_related(
        "brokerage_day__event", "requester__person", "invitee__person"
    )
    return query.select_for_update(of=("self",)).get(pk=request.pk)


def accept_request(*, request: MeetingRequest, actor) -> Meeting:
    """The invitee (or an organiser) accepts: the meeting is made, to be scheduled."""
    if not perms.can_decide_request(actor, request):
        raise PermissionDenied(_("Only the person asked may answer this request."))
    with transaction.atomic():
        request = _locked_request(request)
        if request.status != RequestStatus.PENDING:
            _refuse(_("This request is no longer awaiting an answer."), "not_pending")
        now = timezone.now()
        if request.expires_at and request.expires_at <= now:
            _refuse(_("This request has expired."), "request_expired")
        request.status = RequestStatus.ACCEPTED
        request.decided_at = now
        request.save(update_fields=["status", "decided_at"])
        meeting = _new_meeting(request.brokerage_day, [request.requester, request.invitee], request)
        audit.record(
            actor=actor,
            action="matchmaking.accept_request",
            obj=request,
            changes={"status": [RequestStatus.PENDING, RequestStatus.ACCEPTED]},
        )
        _mail(request.requester, "request_accepted", page="agenda", request=request)
    return meeting


def decline_request(*, request: MeetingRequest, actor, reason: str = "") -> MeetingRequest:
    if not perms.can_decide_request(actor, request):
        raise PermissionDenied(_("Only the person asked may answer this request."))
    reason = (reason or "").strip()
    if len(reason) > MESSAGE_LIMIT:
        _refuse(_("At most %(limit)d characters, please.") % {"limit": MESSAGE_LIMIT}, "too_long")
    with transaction.atomic():
        request = _locked_request(request)
        if request.status != RequestStatus.PENDING:
            _refuse(_("This request is no longer awaiting an answer."), "not_pending")
        request.status = RequestStatus.DECLINED
        request.decline_reason = reason
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decline_reason", "decided_at"])
        audit.record(
            actor=actor,
            action="matchmaking.decline_request",
            obj=request,
            changes={"status": [RequestStatus.PENDING, RequestStatus.DECLINED]},
        )
        _mail(request.requester, "request_declined", page="requests", request=request)
    return request


def cancel_request(*, request: MeetingRequest, actor, reason: str = "") -> MeetingRequest:
    """The requester withdraws a pending request; either side (or an organiser) cancels
    an accepted one, which cancels its meeting and frees its slot."""
    day = request.brokerage_day
    organiser = _is_organiser(actor, day)
    party = perms.is_request_party(actor, request)
    if not (organiser or party):
        raise PermissionDenied(_("You can only cancel your own requests."))
    with transaction.atomic():
        request = _locked_request(request)
        if request.status == RequestStatus.PENDING:
            if not organiser and not perms.is_request_requester(actor, request):
                _refuse(_("Decline the request instead."), "decline_instead")
        elif request.status != RequestStatus.ACCEPTED:
            _refuse(_("This request is no longer open."), "not_open")
        before = request.status
        request.status = RequestStatus.CANCELLED
        request.cancelled_at = timezone.now()
        request.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
        request.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        audit.record(
            actor=actor,
            action="matchmaking.cancel_request",
            obj=request,
            changes={"status": [before, RequestStatus.CANCELLED]},
        )
        meeting = Meeting.objects.filter(request=request, status=Meeting.Status.CONFIRMED).first()
        if meeting is not None:
            _cancel(meeting, actor=actor, reason=reason, cancel_request_too=False)
    return request


def expire_requests(now=None) -> int:
    """Pending requests not answered in time expire (for the periodic tick)."""
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        due = list(
            MeetingRequest.objects.select_for_update(skip_locked=True)
            .filter(status=RequestStatus.PENDING, expires_at__lte=now)
            .order_by("pk")
        )
        for request in due:
            request.status = RequestStatus.EXPIRED
            request.save(update_fields=["status"])
            audit.record(
                actor=None,
                action="matchmaking.request_expired",
                obj=request,
                changes={"status": [RequestStatus.PENDING, RequestStatus.EXPIRED]},
            )
            expired += 1
    return expired


# --- meetings: feasibility ---------------------------------------------------------------------
def effective_host(meeting: Meeting, profiles) -> Profile | None:
    """The meeting's host, or else the participant whose booth receives it (the person
    asked first): a meeting with a booth holder takes place at the booth."""
    by_pk = {p.pk: p for p in profiles}
    if meeting.host_id in by_pk:
        return by_pk[meeting.host_id]
    with_booth = [p for p in profiles if p.booth_id]
    if not with_booth:
        return None
    invitee_id = meeting.request.invitee_id if meeting.request_id else None
    with_booth.sort(key=lambda p: (p.pk != invitee_id, p.pk))
    return with_booth[0]


class Occupancy:
    """What stands in a meeting's way: its participants' other meetings and
    availability, and how full each location is in each slot. Read in a few queries;
    under the locks of a service it is the truth."""

    def __init__(self, meeting: Meeting, profiles=None):
        self.meeting = meeting
        self.day = meeting.brokerage_day
        if profiles is None:
            profiles = list(
                Profile.objects.filter(participations__meeting=meeting).select_related(
                    "person", "organisation", "booth"
                )
            )
        self.profiles = sorted(profiles, key=lambda p: p.pk)
        ids = [p.pk for p in self.profiles]
        self.busy: dict[int, set[int]] = {pk: set() for pk in ids}
        for profile_id, slot_id in (
            Participation.objects.filter(profile__in=ids, slot__isnull=False)
            .exclude(meeting=meeting)
            .values_list("profile_id", "slot_id")
        ):
            self.busy[profile_id].add(slot_id)
        self.available: dict[int, set[int] | None] = dict.fromkeys(ids)
        for profile_id, slot_id in Profile.availability.through.objects.filter(
            profile_id__in=ids
        ).values_list("profile_id", "slot_id"):
            if self.available[profile_id] is None:
                self.available[profile_id] = set()
            self.available[profile_id].add(slot_id)
        self.load: dict[tuple[int, int], int] = {}
        for slot_id, location_id, count in (
            Meeting.objects.filter(
                brokerage_day=self.day, status=Meeting.Status.CONFIRMED, slot__isnull=False
            )
            .exclude(pk=meeting.pk)
            .values("slot_id", "location_id")
            .annotate(n=Count("pk"))
            .values_list("slot_id", "location_id", "n")
        ):
            self.load[(slot_id, location_id)] = count
        self.booth_owners = dict(
            Profile.objects.filter(brokerage_day=self.day, booth__isnull=False).values_list(
                "booth_id", "pk"
            )
        )
        self.host = effective_host(meeting, self.profiles)

    def refresh_load(self, location: Location, slot: Slot) -> None:
        """Re-count a location's meetings in a slot once its lock is held."""
        self.load[(slot.pk, location.pk)] = (
            Meeting.objects.filter(slot=slot, location=location, status=Meeting.Status.CONFIRMED)
            .exclude(pk=self.meeting.pk)
            .count()
        )

    def problem(self, slot: Slot, location: Location, now=None) -> tuple[str, str] | None:
        """``(code, message)`` of the first reason the meeting cannot take place at
        ``location`` in ``slot``; None when it can."""
        now = now or timezone.now()
        if slot.brokerage_day_id != self.day.pk:
            return "invalid_slot", _("Choose one of this brokerage day's slots.")
        if location.brokerage_day_id != self.day.pk:
            return "invalid_location", _("Choose one of this brokerage day's meeting places.")
        if slot.starts_at <= now:
            return "slot_past", _("This slot has already begun.")
        for profile in self.profiles:
            available = self.available[profile.pk]
            if available is not None and slot.pk not in available:
                return "not_available", _("%(name)s is not available at this time.") % {
                    "name": profile.display_name
                }
            if slot.pk in self.busy[profile.pk]:
                return "person_busy", _("%(name)s already has a meeting at this time.") % {
                    "name": profile.display_name
                }
        host_booth = self.host.booth_id if self.host else None
        if host_booth and location.pk != host_booth:
            return "host_booth", _("This meeting takes place at the booth of %(name)s.") % {
                "name": self.host.display_name
            }
        if not host_booth and location.pk in self.booth_owners:
            return "booth_reserved", _("%(place)s is reserved for its owner's meetings.") % {
                "place": location.name
            }
        if self.load.get((slot.pk, location.pk), 0) >= location.capacity:
            return "location_full", _("%(place)s is already taken at this time.") % {
                "place": location.name
            }
        return None


def feasible_cells(meeting: Meeting, *, now=None) -> list[tuple[Slot, Location]]:
    """Every (slot, location) where the meeting could take place now, in time order and
    then in the order of the locations (for the grid editor)."""
    occupancy = Occupancy(meeting)
    now = now or timezone.now()
    day = meeting.brokerage_day
    slots = list(Slot.objects.filter(brokerage_day=day, starts_at__gt=now).order_by("starts_at"))
    locations = list(Location.objects.filter(brokerage_day=day).order_by("position", "pk"))
    return [
        (slot, location)
        for slot in slots
        for location in locations
        if occupancy.problem(slot, location, now) is None
    ]


def _place(meeting: Meeting, slot: Slot | None, location: Location | None, placed_by: str) -> None:
    meeting.slot, meeting.location = slot, location
    meeting.placed_by = placed_by if slot else ""
    meeting.reminder_sent_at = None
    if slot is None:
        meeting.locked = False
    meeting.save(
        update_fields=["slot", "location", "placed_by", "reminder_sent_at", "locked", "updated_at"]
    )
    Participation.objects.filter(meeting=meeting).update(slot=slot)


def _placement(meeting: Meeting) -> list:
    return [meeting.slot_id, meeting.location_id]


def _tell_participants(meeting: Meeting, profiles, template: str, *, except_person=None, **extra):
    for profile in profiles:
        if except_person is not None and profile.person_id == except_person.pk:
            continue
        others = [p for p in profiles if p.pk != profile.pk]
        _mail(profile, template, page="agenda", meeting=meeting, others=others, **extra)


def move_meeting(
    *, meeting: Meeting, slot: Slot, location: Location, actor, lock: bool = True
) -> Meeting:
    """Organisers place a meeting by hand (locked by default, so that the scheduler keeps
    it there). Participants are told when the schedule is already published."""
    day = meeting.brokerage_day
    _require_organiser(actor, day)
    try:
        with transaction.atomic():
            meeting, profiles = _locked_meeting(meeting)
            lock_location(location.pk)
            if meeting.status != Meeting.Status.CONFIRMED:
                _refuse(_("This meeting has been cancelled."), "cancelled")
            problem = Occupancy(meeting, profiles.values()).problem(slot, location)
            if problem:
                _refuse(problem[1], problem[0])
            before = _placement(meeting)
            _place(meeting, slot, location, Meeting.PlacedBy.ORGANISER)
            if lock != meeting.locked:
                meeting.locked = lock
                meeting.save(update_fields=["locked"])
            audit.record(
                actor=actor,
                action="matchmaking.move_meeting",
                obj=meeting,
                changes={"placement": [before, _placement(meeting)], "locked": [None, lock]},
            )
            if meeting.brokerage_day.schedule_published:
                _tell_participants(meeting, list(profiles.values()), "meeting_moved")
    except IntegrityError:
        raise ValidationError(
            _("Someone was booked into this slot meanwhile. Choose another one."),
            code="slot_taken",
        ) from None
    return meeting


def book_slot(*, meeting: Meeting, slot: Slot, actor, location: Location | None = None) -> Meeting:
    """A participant picks a free common slot (where organisers allow it). Without a
    location, the host's booth or the first free table is taken, virtual rooms last."""
    meeting = Meeting.objects.select_related("brokerage_day__event").get(pk=meeting.pk)
    day = meeting.brokerage_day
    if not perms.can_book_meeting(actor, meeting):
        if not day.self_scheduling and perms.is_meeting_participant(actor, meeting):
            _refuse(_("The organisers schedule the meetings of this day."), "no_self_scheduling")
        raise PermissionDenied(_("You can only book your own meetings."))
    organiser = _is_organiser(actor, day)
    try:
        with transaction.atomic():
            meeting, profiles = _locked_meeting(meeting)
            if meeting.status != Meeting.Status.CONFIRMED:
                _refuse(_("This meeting has been cancelled."), "cancelled")
            if meeting.locked and not organiser:
                _refuse(_("The organisers have fixed this meeting's time."), "locked")
            if (
                meeting.slot_id
                and meeting.placed_by != Meeting.PlacedBy.PARTICIPANT
                and not organiser
            ):
                _refuse(
                    _("The organisers have scheduled this meeting; ask them to move it."),
                    "scheduled_by_organisers",
                )
            occupancy = Occupancy(meeting, profiles.values())
            if location is not None:
                candidates = [location]
            elif occupancy.host and occupancy.host.booth_id:
                candidates = [occupancy.host.booth]
            else:
                candidates = sorted(
                    Location.objects.filter(brokerage_day=day).exclude(
                        pk__in=list(occupancy.booth_owners)
                    ),
                    key=lambda loc: (loc.kind == Location.Kind.VIRTUAL, loc.pk),
                )
            if not candidates:
                _refuse(_("This brokerage day has no meeting places yet."), "no_locations")
            chosen = problem = None
            for candidate in candidates:
                candidate = lock_location(candidate.pk)
                occupancy.refresh_load(candidate, slot)
                problem = occupancy.problem(slot, candidate)
                if problem is None:
                    chosen = candidate
                    break
                if problem[0] not in ("location_full", "booth_reserved"):
                    break
            if chosen is None:
                if location is None and problem and problem[0] == "location_full":
                    _refuse(_("Every meeting place is taken at this time."), "no_free_location")
                _refuse(problem[1], problem[0])
            before = _placement(meeting)
            _place(meeting, slot, chosen, Meeting.PlacedBy.PARTICIPANT)
            audit.record(
                actor=actor,
                action="matchmaking.book_slot",
                obj=meeting,
                changes={"placement": [before, _placement(meeting)]},
            )
            _tell_participants(
                meeting, list(profiles.values()), "meeting_moved", except_person=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone was booked into this slot meanwhile. Choose another one."),
            code="slot_taken",
        ) from None
    return meeting


def unschedule_meeting(*, meeting: Meeting, actor) -> Meeting:
    """Take a meeting out of the schedule (organisers); it stays agreed, to be placed."""
    day = meeting.brokerage_day
    _require_organiser(actor, day)
    with transaction.atomic():
        meeting, profiles = _locked_meeting(meeting)
        if meeting.slot_id is None:
            return meeting
        before = _placement(meeting)
        _place(meeting, None, None, "")
        audit.record(
            actor=actor,
            action="matchmaking.unschedule_meeting",
            obj=meeting,
            changes={"placement": [before, [None, None]]},
        )
    return meeting


def set_meeting_lock(*, meeting: Meeting, locked: bool, actor) -> Meeting:
    """Lock a scheduled meeting in place (the scheduler keeps it), or unlock it."""
    _require_organiser(actor, meeting.brokerage_day)
    with transaction.atomic():
        meeting, _profiles = _locked_meeting(meeting)
        if locked and meeting.slot_id is None:
            _refuse(_("Only a scheduled meeting can be locked."), "not_scheduled")
        before = meeting.locked
        meeting.locked = locked
        meeting.save(update_fields=["locked", "updated_at"])
        audit.record(
            actor=actor,
            action="matchmaking.lock_meeting" if locked else "matchmaking.unlock_meeting",
            obj=meeting,
            changes={"locked": [before, locked]},
        )
    return meeting


def create_meeting(
    *, day: BrokerageDay, profiles, actor, host: Profile | None = None, weight: int = 1
) -> Meeting:
    """A meeting arranged by the organisers, of two or more participants."""
    _require_organiser(actor, day)
    ids = sorted({p.pk for p in profiles})
    if len(ids) < 2:
        _refuse(_("A meeting needs at least two participants."), "too_few_participants")
    if not 1 <= weight <= 100:
        _refuse(_("The priority is a number from 1 to 100."), "invalid_weight")
    with transaction.atomic():
        locked = lock_profiles(ids)
        if len(locked) != len(ids) or any(p.brokerage_day_id != day.pk for p in locked.values()):
            _refuse(_("Choose participants of this brokerage day."), "other_day")
        if host is not None and host.pk not in locked:
            _refuse(_("The host must be one of the participants."), "invalid_host")
        meeting = _new_meeting(day, [locked[pk] for pk in ids])
        meeting.host = host
        meeting.weight = weight
        meeting.save(update_fields=["host", "weight"])
        audit.record(
            actor=actor,
            action="matchmaking.create_meeting",
            obj=meeting,
            changes={"participants": [None, ids]},
        )
    return meeting


def _cancel(meeting: Meeting, *, actor, reason: str, cancel_request_too: bool = True) -> None:
    profiles = list(
        Profile.objects.filter(participations__meeting=meeting).select_related(
            "person", "organisation", "brokerage_day__event"
        )
    )
    was = {"slot": meeting.slot, "location": meeting.location}
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.slot = meeting.location = None
    meeting.locked = False
    meeting.placed_by = ""
    meeting.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "slot",
            "location",
            "locked",
            "placed_by",
            "updated_at",
        ]
    )
    Participation.objects.filter(meeting=meeting).update(slot=None)
    if cancel_request_too and meeting.request_id:
        MeetingRequest.objects.filter(pk=meeting.request_id, status=RequestStatus.ACCEPTED).update(
            status=RequestStatus.CANCELLED,
            cancelled_at=meeting.cancelled_at,
            cancelled_by=meeting.cancelled_by,
        )
    audit.record(
        actor=actor,
        action="matchmaking.cancel_meeting",
        obj=meeting,
        changes={
            "status": [Meeting.Status.CONFIRMED, Meeting.Status.CANCELLED],
            "placement": [[getattr(was["slot"], "pk", None), getattr(was["location"], "pk", None)]]
            + [[None, None]],
        },
    )
    _tell_participants(
        meeting,
        profiles,
        "meeting_cancelled",
        except_person=actor,
        reason=reason.strip(),
        was_slot=was["slot"],
        was_location=was["location"],
    )


def cancel_meeting(*, meeting: Meeting, actor, reason: str = "") -> Meeting:
    """A participant or an organiser cancels: its slot is freed and the others are told."""
    if not perms.can_cancel_meeting(actor, meeting):
        raise PermissionDenied(_("You can only cancel your own meetings."))
    with transaction.atomic():
        meeting, _profiles = _locked_meeting(meeting)
        if meeting.status != Meeting.Status.CONFIRMED:
            _refuse(_("This meeting has already been cancelled."), "cancelled")
        _cancel(meeting, actor=actor, reason=reason or "")
    return meeting


# --- scheduling all ------------------------------------------------------------------------------
def start_schedule_run(
    *, day: BrokerageDay, actor, time_limit: float = 10.0, seed: int = 0
) -> ScheduleRun:
    """Queue "schedule all"; the worker runs it and the page watches its progress."""
    from .tasks import run_schedule

    _require_organiser(actor, day)
    if not 0.1 <= time_limit <= 600:
        _refuse(_("The time limit is between 0.1 and 600 seconds."), "invalid_time_limit")
    with transaction.atomic():
        day = lock_day(day.pk)
        busy = ScheduleRun.objects.filter(
            brokerage_day=day, status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
        )
        if busy.exists():
            _refuse(_("The scheduler is already working on this day."), "run_in_progress")
        run = ScheduleRun.objects.create(
            brokerage_day=day, requested_by=actor, time_limit=time_limit, seed=seed
        )
        audit.record(
            actor=actor,
            action="matchmaking.schedule_run",
            obj=run,
            changes={"time_limit": [None, time_limit], "seed": [None, seed]},
        )
        transaction.on_commit(lambda: run_schedule.enqueue(run.pk))
    return run


def _progress_writer(run: ScheduleRun):
    """The solver's progress, written to the run the page polls."""
    return progress_writer(ScheduleRun.objects.filter(pk=run.pk), message_length=200)


def schedule_all(
    *,
    day: BrokerageDay,
    actor=None,
    run: ScheduleRun | None = None,
    time_limit: float = 10.0,
    seed: int = 0,
    now=None,
) -> ScheduleRun:
    """Schedule every agreed meeting around the locked ones (and those already past):
    build the instance, solve it, write slots and locations back in one transaction.
    Meetings changed by people while the solver worked keep their change. Returns the
    run with its stats; a contradictory instance fails the run with the reason."""
    from korpu.solvers import meeting_schedule as solver

    from . import scheduling

    if run is None:
        if actor is not None:
            _require_organiser(actor, day)
        run = ScheduleRun.objects.create(
            brokerage_day=day, requested_by=actor, time_limit=time_limit, seed=seed
        )
    now = now or timezone.now()
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=0.0,
        progress_message="reading the meetings",
    )
    built = scheduling.build_instance(day, now=now)
    report = _progress_writer(run)
    report(0.0, "scheduling")
    try:
        solution = solver.solve(built.instance, time_limit=time_limit, seed=seed, progress=report)
    except solver.InstanceError as error:
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    with transaction.atomic():
        result = scheduling.apply_solution(day, built, solution, now=now)
        stats = {**solution.get("stats", {}), **result}
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.DONE,
            progress=1.0,
            progress_message="",
            stats=stats,
            finished_at=timezone.now(),
        )
        audit.record(
            actor=actor if actor is not None else run.requested_by,
            action="matchmaking.schedule_all",
            obj=run,
            changes={"scheduled": [result["scheduled_before"], result["scheduled"]]},
        )
    run.refresh_from_db()
    return run


# --- publishing, reminders, feedback -----------------------------------------------------------
def publish_schedule(*, day: BrokerageDay, status: str, actor, notify: bool = True) -> int:
    """Publish the schedule as preliminary or final and mail each participant with
    meetings their agenda. Returns the number of participants told."""
    from .queries import agenda

    _require_organiser(actor, day)
    if status not in (ScheduleStatus.PRELIMINARY, ScheduleStatus.FINAL):
        _refuse(_("Publish the schedule as preliminary or final."), "invalid_status")
    with transaction.atomic():
        day = lock_day(day.pk)
        before = day.schedule_status
        day.schedule_status = status
        day.schedule_published_at = timezone.now()
        day.save(update_fields=["schedule_status", "schedule_published_at", "updated_at"])
        audit.record(
            actor=actor,
            action="matchmaking.publish_schedule",
            obj=day,
            changes={"schedule_status": [before, status]},
        )
        told = 0
        if notify:
            profiles = (
                Profile.objects.filter(
                    brokerage_day=day,
                    participations__meeting__status=Meeting.Status.CONFIRMED,
                )
                .distinct()
                .select_related("person", "organisation")
                .order_by("pk")
            )
            for profile in profiles:
                profile.brokerage_day = day
                items = [
                    {
                        "meeting": meeting,
                        "others": [p for p in meeting.participants.all() if p.pk != profile.pk],
                    }
                    for meeting in agenda(profile)
                ]
                _mail(
                    profile,
                    "schedule_published",
                    page="agenda",
                    items=items,
                    final=status == ScheduleStatus.FINAL,
                )
                told += 1
    return told


def unpublish_schedule(*, day: BrokerageDay, actor) -> BrokerageDay:
    _require_organiser(actor, day)
    with transaction.atomic():
        day = lock_day(day.pk)
        before = day.schedule_status
        day.schedule_status = ScheduleStatus.DRAFT
        day.schedule_published_at = None
        day.save(update_fields=["schedule_status", "schedule_published_at", "updated_at"])
        audit.record(
            actor=actor,
            action="matchmaking.unpublish_schedule",
            obj=day,
            changes={"schedule_status": [before, ScheduleStatus.DRAFT]},
        )
    return day


def send_meeting_reminders(now=None) -> int:
    """Remind the participants of each meeting due within the day's reminder time, once
    (the meeting's sent-marker is set in the transaction of the mail). Returns the number
    of meetings reminded of."""
    now = now or timezone.now()
    sent = 0
    days = BrokerageDay.objects.filter(reminder_minutes__gt=0).exclude(
        event__status=Event.Status.CANCELLED
    )
    for day in days.select_related("event"):
        horizon = now + datetime.timedelta(minutes=day.reminder_minutes)
        due = Meeting.objects.filter(
            brokerage_day=day,
            status=Meeting.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=horizon,
        )
        if not day.schedule_published:
            due = due.filter(placed_by=Meeting.PlacedBy.PARTICIPANT)
        for meeting_id in due.values_list("pk", flat=True):
            with transaction.atomic():
                claimed = Meeting.objects.filter(
                    pk=meeting_id, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if not claimed:
                    continue
                meeting = Meeting.objects.select_related("slot", "location").get(pk=meeting_id)
                meeting.brokerage_day = day
                profiles = list(
                    Profile.objects.filter(participations__meeting=meeting).select_related(
                        "person", "organisation"
                    )
                )
                for profile in profiles:
                    profile.brokerage_day = day
                _tell_participants(meeting, profiles, "meeting_reminder")
                sent += 1
    return sent


def give_feedback(
    *, meeting: Meeting, actor, outcome: str, comment: str = "", now=None
) -> MeetingFeedback:
    """A participant says how a meeting went, once its slot is over (and may change it)."""
    now = now or timezone.now()
    profile = (
        Profile.objects.filter(participations__meeting=meeting, person=actor).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if profile is None:
        raise PermissionDenied(_("Only the participants of a meeting give feedback on it."))
    if outcome not in MeetingFeedback.Outcome.values:
        raise ValidationError(
            {"outcome": ValidationError(_("Choose one of the outcomes."), code="invalid")}
        )
    comment = (comment or "").strip()
    if len(comment) > TEXT_LIMIT:
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("At most %(limit)d characters, please.") % {"limit": TEXT_LIMIT},
                    code="too_long",
                )
            }
        )
    meeting = Meeting.objects.select_related("slot").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CONFIRMED or meeting.slot is None:
        _refuse(_("Feedback is given on scheduled meetings only."), "not_scheduled")
    if meeting.slot.ends_at > now:
        _refuse(_("Feedback can be given once the meeting is over."), "not_over")
    with transaction.atomic():
        before = (
            MeetingFeedback.objects.filter(meeting=meeting, profile=profile)
            .values_list("outcome", flat=True)
            .first()
        )
        feedback, _created = MeetingFeedback.objects.update_or_create(
            meeting=meeting, profile=profile, defaults={"outcome": outcome, "comment": comment}
        )
        audit.record(
            actor=actor,
            action="matchmaking.feedback",
            obj=feedback,
            changes={"outcome": [before, outcome]},
        )
    return feedback
