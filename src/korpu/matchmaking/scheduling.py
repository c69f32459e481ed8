"""From the database to the meeting scheduler and back.

:func:`build_instance` turns a brokerage day into the scheduler's instance
(``korpu.meetings/v1``, see :mod:`korpu.solvers.meeting_schedule`): slots in time order
grouped by local day, locations with their capacity, the participants of agreed meetings
with their availability and booths, and the agreed meetings. Meetings that must stay
where they are go in as locked: those locked by the organisers, those booked by the
participants themselves, and those whose slot has begun. Nobody is offered a slot that
has begun.

:func:`apply_solution` writes the solver's slots and locations back under the locks of
:mod:`korpu.matchmaking.services` (day, every profile of the day, every location). The
solver worked on a snapshot: a meeting that people changed meanwhile (booked, moved,
cancelled, locked) keeps their change, and a placement of the solver that now clashes
with it is dropped and counted as a conflict. Every placement written is checked again,
so the result is valid whatever happened during the run.

Ids in the instance are the primary keys with a letter: ``s12`` (slot), ``l3``
(location), ``p45`` (profile), ``m678`` (meeting), so that the solver's messages say
which row is meant.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from . import services
from .models import BrokerageDay, Location, Meeting, Participation, Profile, Slot

FORMAT = "korpu.meetings/v1"


def _id(prefix: str, pk: int) -> str:
    return f"{prefix}{pk}"


def _pk(value: str) -> int:
    return int(value[1:])


@dataclass
class BuiltInstance:
    instance: dict
    # meeting pk -> (slot pk, location pk, locked, participant pks) when the instance was built
    snapshot: dict[int, tuple] = field(default_factory=dict)
    # meetings passed to the solver as locked
    kept: set[int] = field(default_factory=set)


def _state(meeting: Meeting, participants: tuple[int, ...]) -> tuple:
    return (meeting.slot_id, meeting.location_id, meeting.locked, participants)


def _participants_of(meeting_ids) -> dict[int, tuple[int, ...]]:
    members: dict[int, list[int]] = defaultdict(list)
    for meeting_id, profile_id in Participation.objects.filter(
        meeting_id__in=meeting_ids
    ).values_list("meeting_id", "profile_id"):
        members[meeting_id].append(profile_id)
    return {pk: tuple(sorted(ids)) for pk, ids in members.items()}


def _is_kept(meeting: Meeting, slot_start: dict[int, object], now) -> bool:
    if meeting.slot_id is None:
        return False
    return (
        meeting.locked
        or meeting.placed_by == Meeting.PlacedBy.PARTICIPANT
        or slot_start[meeting.slot_id] <= now
    )


def build_instance(day: BrokerageDay, *, now=None) -> BuiltInstance:
    """The scheduler's instance for ``day`` and the snapshot it was built from."""
    now = now or timezone.now()
    zone = day.zone
    slots = list(Slot.objects.filter(brokerage_day=day).order_by("starts_at", "pk"))
    slot_start = {slot.pk: slot.starts_at for slot in slots}
    future = [slot.pk for slot in slots if slot.starts_at > now]
    locations = list(Location.objects.filter(brokerage_day=day).order_by("position", "pk"))
    meetings = list(
        Meeting.objects.filter(brokerage_day=day, status=Meeting.Status.CONFIRMED)
        .select_related("request")
        .order_by("pk")
    )
    members = _participants_of([m.pk for m in meetings])
    profile_ids = sorted({pk for ids in members.values() for pk in ids})
    profiles = {p.pk: p for p in Profile.objects.filter(pk__in=profile_ids)}
    availability: dict[int, set[int]] = defaultdict(set)
    for profile_id, slot_id in Profile.availability.through.objects.filter(
        profile_id__in=profile_ids
    ).values_list("profile_id", "slot_id"):
        availability[profile_id].add(slot_id)

    built = BuiltInstance(instance={})
    kept_slots: dict[int, set[int]] = defaultdict(set)
    meeting_rows = []
    for meeting in meetings:
        participants = members.get(meeting.pk, ())
        built.snapshot[meeting.pk] = _state(meeting, participants)
        if not participants:
            continue
        row = {
            "id": _id("m", meeting.pk),
            "participants": [_id("p", pk) for pk in participants],
            "weight": meeting.weight,
        }
        host = services.effective_host(meeting, [profiles[pk] for pk in participants])
        if host is not None:
            row["host"] = _id("p", host.pk)
        if _is_kept(meeting, slot_start, now):
            built.kept.add(meeting.pk)
            row["locked"] = {
                "slot": _id("s", meeting.slot_id),
                "location": _id("l", meeting.location_id),
            }
            for pk in participants:
                kept_slots[pk].add(meeting.slot_id)
        meeting_rows.append(row)

    everything = set(future)
    participant_rows = []
    for pk in profile_ids:
        own = availability.get(pk)
        allowed = (set(own) & everything if own else set(everything)) | kept_slots[pk]
        row = {"id": _id("p", pk)}
        if allowed != set(slot_start):
            row["available"] = [_id("s", slot.pk) for slot in slots if slot.pk in allowed]
        if profiles[pk].booth_id:
            row["booth"] = _id("l", profiles[pk].booth_id)
        participant_rows.append(row)

    built.instance = {
        "format": FORMAT,
        "slots": [
            {
                "id": _id("s", slot.pk),
                "day": timezone.localtime(slot.starts_at, zone).date().isoformat(),
            }
            for slot in slots
        ],
        "locations": [
            {"id": _id("l", location.pk), "capacity": location.capacity} for location in locations
        ],
        "participants": participant_rows,
        "meetings": meeting_rows,
    }
    return built


def apply_solution(day: BrokerageDay, built: BuiltInstance, solution: dict, *, now=None) -> dict:
    """Write the solution back; call inside ``transaction.atomic()``. Returns counts:
    ``meetings``, ``scheduled_before``, ``scheduled``, ``unscheduled``, ``kept``,
    ``moved`` and ``conflicts``."""
    services.lock_day(day.pk)
    services.lock_profiles(Profile.objects.filter(brokerage_day=day).values_list("pk", flat=True))
    locations = {
        location.pk: location
        for location in Location.objects.filter(brokerage_day=day)
        .order_by("pk")
        .select_for_update()
    }
    meetings = {
        m.pk: m
        for m in Meeting.objects.filter(brokerage_day=day, status=Meeting.Status.CONFIRMED)
        .select_related("request")
        .order_by("pk")
    }
    members = _participants_of(list(meetings))
    scheduled_before = sum(1 for m in meetings.values() if m.slot_id is not None)

    movable = [
        m
        for pk, m in meetings.items()
        if pk in built.snapshot
        and pk not in built.kept
        and built.snapshot[pk] == _state(m, members.get(pk, ()))
        and not m.locked
    ]
    movable_ids = {m.pk for m in movable}
    fixed = [m for pk, m in meetings.items() if pk not in movable_ids and m.slot_id is not None]

    profiles = {p.pk: p for p in Profile.objects.filter(brokerage_day=day).only("pk", "booth_id")}
    availability: dict[int, set[int]] = defaultdict(set)
    for profile_id, slot_id in Profile.availability.through.objects.filter(
        profile__brokerage_day=day
    ).values_list("profile_id", "slot_id"):
        availability[profile_id].add(slot_id)
    booth_owner = {p.booth_id: p.pk for p in profiles.values() if p.booth_id}
    valid_slots = set(Slot.objects.filter(brokerage_day=day).values_list("pk", flat=True))

    busy: set[tuple[int, int]] = set()
    load: Counter = Counter()
    for meeting in fixed:
        load[(meeting.slot_id, meeting.location_id)] += 1
        busy.update((pk, meeting.slot_id) for pk in members.get(meeting.pk, ()))

    wanted = {}
    for item in solution.get("scheduled", []):
        meeting_pk = _pk(item["meeting"])
        if meeting_pk in movable_ids:
            wanted[meeting_pk] = (_pk(item["slot"]), _pk(item["location"]))

    def fits(meeting: Meeting, slot_id: int, location_id: int) -> bool:
        participants = members.get(meeting.pk, ())
        location = locations.get(location_id)
        if location is None or slot_id not in valid_slots or not participants:
            return False
        for pk in participants:
            own = availability.get(pk)
            if (own and slot_id not in own) or (pk, slot_id) in busy:
                return False
        host = services.effective_host(meeting, [profiles[pk] for pk in participants])
        host_booth = host.booth_id if host else None
        if host_booth and location_id != host_booth:
            return False
        if not host_booth and location_id in booth_owner:
            return False
        return load[(slot_id, location_id)] < location.capacity

    placements: dict[int, tuple[int, int] | None] = {}
    conflicts = 0
    order = sorted(movable, key=lambda m: (-m.weight, m.pk))
    for meeting in order:
        target = wanted.get(meeting.pk)
        if target is None:
            placements[meeting.pk] = None
            continue
        if not fits(meeting, *target):
            conflicts += 1
            placements[meeting.pk] = None
            continue
        placements[meeting.pk] = target
        load[target] += 1
        busy.update((pk, target[0]) for pk in members.get(meeting.pk, ()))

    # Clear first, then set: a swap of two meetings of one person never meets the
    # database constraint half-way.
    Participation.objects.filter(meeting_id__in=movable_ids).update(slot=None)
    changed = []
    for meeting in movable:
        target = placements[meeting.pk]
        slot_id, location_id = target if target else (None, None)
        if (meeting.slot_id, meeting.location_id) == (slot_id, location_id):
            continue
        meeting.slot_id, meeting.location_id = slot_id, location_id
        meeting.placed_by = Meeting.PlacedBy.SCHEDULER if slot_id else ""
        meeting.reminder_sent_at = None
        meeting.updated_at = timezone.now()
        changed.append(meeting)
    Meeting.objects.bulk_update(
        changed, ["slot", "location", "placed_by", "reminder_sent_at", "updated_at"], batch_size=500
    )
    by_slot: dict[int, list[int]] = defaultdict(list)
    for meeting_pk, target in placements.items():
        if target:
            by_slot[target[0]].append(meeting_pk)
    for slot_id, meeting_pks in by_slot.items():
        Participation.objects.filter(meeting_id__in=meeting_pks).update(slot_id=slot_id)

    scheduled = sum(1 for m in fixed) + sum(1 for t in placements.values() if t)
    return {
        "meetings": len(meetings),
        "scheduled_before": scheduled_before,
        "scheduled": scheduled,
        "unscheduled": len(meetings) - scheduled,
        "kept": sum(1 for m in fixed if m.pk in built.kept or m.locked),
        "moved": len(changed),
        "conflicts": conflicts,
    }
