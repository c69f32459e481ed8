"""B2B meeting scheduler for brokerage days: which meeting takes place when, and where.

Pure Python + NumPy + OR-Tools; no Django. The web app, ``korpu schedule-meetings`` and
``python -m korpu.solvers.meeting_schedule`` all call :func:`solve`.

Instance format (``korpu.meetings/v1``)
---------------------------------------
::

    {"format": "korpu.meetings/v1",
     "slots": [{"id": "d1-0900", "day": "d1"}, ...],       # in time order; one day's slots
                                                          # are consecutive
     "locations": [{"id": "T01", "capacity": 1}, ...],      # meetings per slot (default 1)
     "participants": [{"id": "p1", "available": ["d1-0900", ...], "booth": "T07"}, ...],
     "meetings": [{"id": "m1", "participants": ["p1", "p2"], "host": "p1", "weight": 1,
                   "locked": {"slot": "d1-0900", "location": "T03"}}, ...]}

``available`` left out means every slot; ``booth``, ``host``, ``weight`` (default 1) and
``locked`` are optional. A meeting has one or more distinct participants; its ``host`` must be
one of them. A booth is a location reserved for its owners' meetings: a meeting whose host has
a booth takes place there, and no other meeting may use it. Every other location is a table.
A locked meeting keeps its slot and location; ``"location"`` may be left out of ``locked``,
and then only the slot is fixed (the scheduler picks the table, or it is the host's booth).

Ids are non-empty strings, unique within slots, locations, participants and meetings; weights
are finite numbers >= 0; capacities integers >= 0. Anything else, and every contradiction
(unknown id, a participant available twice in one slot, a locked meeting at a slot where one
of its participants is unavailable, two locked meetings of one participant in one slot, locked
meetings beyond a location's capacity, a locked meeting away from its host's booth or at
someone else's booth), raises :class:`InstanceError` with a one-line message naming the entry.
Unknown keys are ignored.

Solution format (``korpu.meetings.solution/v1``)
------------------------------------------------
::

    {"format": "korpu.meetings.solution/v1",
     "scheduled": [{"meeting": "m1", "slot": "d1-0900", "location": "T03"}, ...],
     "unscheduled": ["m9", ...],
     "stats": {"weight_scheduled": 1712, "upper_bound": 1712, "idle_slots": 35,
               "proved_optimal": true, "seconds": 0.9, ...}}

A schedule is valid when every scheduled meeting has one slot and one location, all its
participants are available then, nobody is in two meetings in one slot, no location holds more
meetings than its capacity in a slot, a meeting whose host has a booth is at that booth and no
other meeting uses a booth, and locked meetings keep their slot (and location, if given).

Objective, in this order: (1) maximise the total weight of scheduled meetings; (2) minimise
the idle slots, counted per participant and day as the available slots without a meeting
between the participant's first and last meeting of that day.

``upper_bound`` is a proven upper bound on (1): the smallest of (a) the weight of the locked
meetings plus every meeting that has a slot where all its participants are available, not
taken by a locked meeting, with room at its location; (b) a linear-programming bound, computed
only when (a) is not reached: each participant takes part in at most as many meetings as can
be matched to distinct slots it has free, each booth and the tables together host at most
their capacity summed over the slots; (c) CP-SAT's bound on small instances (at most
``CP_SAT_MAX_PAIRS`` meeting-slot pairs). ``proved_optimal`` is true when the weight reaches
the bound. Other ``stats`` keys (timings, counts, ``bound_source``, ``seed``) are for
information.

How it works
------------
Booth meetings never use tables and tables are interchangeable, so the location part reduces
to "table meetings per slot <= total table capacity" (and per booth and slot) plus a choice of
concrete tables at the end (a participant keeps its table between consecutive meetings when
it can). What remains is a list edge colouring of a hypergraph with a cardinality cap per
colour. The phases:

1. Greedy: meetings hardest first (participants with the least slack between available slots
   and requested meetings, then meetings with the fewest possible slots). A table meeting goes
   to the slot with the lowest pressure: the meetings still to place that could use the slot,
   per table left there (slots few meetings can use fill first), with a bonus for slots next
   to the participants' other meetings.
2. Ejection chains (at most ``REPAIR_SHARE`` of the time for the weight): room is routed to a
   meeting whose participants are free in full slots along a shortest path of slots (each hop
   a meeting moving to the next slot), then breadth-first augmenting paths where each step
   ejects exactly one meeting (a generalised Kempe chain that also passes through full slots).
3. Tabu search on partial schedules (PartialCol): a random unscheduled meeting takes the slot
   where it ejects the least weight, ejected meetings go straight back if they have a free
   slot, else they may not return to that slot for a while; the best schedule is kept. A
   short run first; if the simple bound is not reached, the LP bound, then a long run. When
   it is stuck with few meetings left, CP-SAT solves small random neighbourhoods of each
   (large-neighbourhood search: their participants' and partners' meetings, the rest fixed).
4. Small instances not yet proven optimal: CP-SAT, warm-started from the schedule.
5. Idle slots, without changing the weight: a descent where each meeting of a participant
   with idle slots takes its best Kempe swap between two slots (a move to a free slot is the
   smallest one; a full slot swaps with one of its meetings), then rounds of a plateau walk
   (swaps that keep the total, each followed by a descent), within a budget of evaluated moves
   (``IDLE_WORK_BASE + IDLE_WORK_PER_MEETING`` per free meeting).

The weight phases stop at the bound and get at most ``WEIGHT_SHARE`` of the time limit; the
rest of the time is for the idle slots. With locked meetings only the free ones are decided
(locked meetings do not even enter the search), so re-scheduling after one change takes about
as long as reading the instance. The search is deterministic for a given seed as long as the
time limit does not cut it short (every phase also has a work limit).

``progress(fraction, message)``, if given, is called at each phase and now and then within
the long ones; the messages are the fixed strings of ``PROGRESS_MESSAGES``.

Command line: ``korpu schedule-meetings INSTANCE.json [-o SOLUTION.json] [--time-limit S]
[--seed N]`` (or ``python -m korpu.solvers.meeting_schedule``, same arguments). The time limit
covers reading and writing the files. A malformed instance gives a one-line error on stderr
and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from korpu.solvers.files import read_json

FORMAT = "korpu.meetings/v1"
SOLUTION_FORMAT = "korpu.meetings.solution/v1"
DEFAULT_TIME_LIMIT = 10.0
STARTUP_SECONDS = 0.1  # the command line's allowance for starting Python and importing
MAX_CAPACITY = 2**31 - 1
MAX_WEIGHT = 1e9
WEIGHT_SHARE = 0.75  # of the time limit, for the phases that place meetings
IDLE_ROUNDS = 30  # plateau-walk rounds of the idle-slot search, at most
IDLE_WORK_BASE = 20_000  # moves evaluated by the idle-slot search: base +
IDLE_WORK_PER_MEETING = 3  # ... this many per meeting it may move
CP_SAT_MAX_PAIRS = 60_000  # (meeting, slot) pairs up to which CP-SAT tries to prove optimality
EXACT_SCALE = 1_000_000  # CP-SAT works on weights rounded to 1e-6 when they are not integers
NEAR_BONUS = 0.5  # greedy: how much a slot next to a participant's meeting is preferred
TABU_SHORT = 5_000  # steps without improvement of the first tabu search (before the LP)
TABU_STALE = 300_000  # ... and of the second one (the time limit usually comes first)
LNS_POOL = 20  # a stuck tabu search with at most this many unscheduled meetings tries ...
LNS_EVERY = 5_000  # ... (every this many steps without improvement) CP-SAT around each, on
LNS_SIZES = (40, 80, 160)  # ... a random one of these many meetings, for at most
LNS_SECONDS = 2.0  # ... this long each
TABU_TENURE = 0.6  # tabu tenure: 7..16 steps + this times the unscheduled meetings
REPAIR_SHARE = 0.3  # of the time for the weight, at most, for the ejection-chain rounds
REPAIR_ROUNDS = 8
REPAIR_CHAIN = 64  # meetings expanded per ejection-chain search

Progress = Callable[[float, str], None]
# Every message solve() passes to ``progress`` (fixed English strings, so that a caller can
# translate them: the web app marks the same strings for translation).
PROGRESS_MESSAGES = (
    "instance checked",
    "first schedule built",
    "placing the remaining meetings",
    "proving the bound",
    "reducing idle slots",
    "done",
)


class InstanceError(ValueError):
    """A malformed or contradictory instance; the message is one human-readable line."""


# --------------------------------------------------------------------------------------------
# Loading and validation


@dataclass(eq=False)
class _Problem:
    """A validated instance, as indices. Slot sets are bitmasks (bit s = slot s)."""

    slot_ids: list[str]
    slot_day: list[int]
    day_ids: list[str]
    day_mask: list[int]  # per day: its slots
    loc_ids: list[str]
    loc_cap: list[int]
    part_ids: list[str]
    avail: list[int]  # per participant
    meet_ids: list[str]
    parts: list[tuple[int, ...]]  # per meeting: participant indices
    weight: list[float]
    res: list[int]  # per meeting: 0 = the tables, r >= 1 = a booth
    lock_slot: list[int]  # per meeting: -1 = free
    lock_loc: list[int]  # per meeting: -1 = not fixed
    res_cap: list[list[int]]  # per resource and slot: how many meetings fit
    res_loc: list[int]  # per resource: the booth's location index (-1 for the tables)
    table_locs: list[int]  # location indices of the tables (non-booth locations)

    @property
    def num_slots(self) -> int:
        return len(self.slot_ids)


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _list(data: dict, key: str) -> list:
    if key not in data:
        raise InstanceError(f'missing "{key}" list')
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f'"{key}" must be a list, not {_kind(value)}')
    return value


def _check_weight(w: Any, where: str) -> None:
    if isinstance(w, bool) or not isinstance(w, int | float):
        raise InstanceError(f"{where}: weight must be a number, not {w!r}")
    if not (math.isfinite(w) and 0 <= w <= MAX_WEIGHT):
        raise InstanceError(f"{where}: weight must be between 0 and {MAX_WEIGHT:g}, not {w!r}")


def _ids(items: list, key: str) -> dict[str, int]:
    try:  # the fast path: every item an object with a distinct non-empty string id
        index = {item["id"]: i for i, item in enumerate(items)}
        if len(index) == len(items) and all(type(k) is str and k for k in index):
            return index
    except (KeyError, TypeError):
        pass
    index = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InstanceError(f"{key}[{i}] must be an object, not {_kind(item)}")
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise InstanceError(f'{key}[{i}]: missing "id" (a non-empty string)')
        if ident in index:
            raise InstanceError(f"{key}[{i}]: duplicate id {ident!r}")
        index[ident] = i
    return index


def _lookup(index: dict[str, int], ident: Any, where: str, noun: str) -> int:
    if isinstance(ident, str):
        found = index.get(ident)
        if found is not None:
            return found
    raise InstanceError(f"{where}: unknown {noun} {ident!r}")


def _bad_available(raw: Any, slot_index: dict[str, int], where: str) -> None:
    """Raise the error for a malformed "available" list (the slow path)."""
    if not isinstance(raw, list):
        raise InstanceError(f'{where}: "available" must be a list, not {_kind(raw)}')
    seen: set[int] = set()
    for ident in raw:
        s = _lookup(slot_index, ident, f"{where}: available", "slot")
        if s in seen:
            raise InstanceError(f"{where}: slot {ident!r} is listed twice in available")
        seen.add(s)
    raise InstanceError(f'{where}: malformed "available"')  # pragma: no cover


def _bad_participants(raw: Any, part_index: dict[str, int], where: str) -> None:
    """Raise the error for a malformed "participants" list of a meeting (the slow path)."""
    if not isinstance(raw, list) or not raw:
        raise InstanceError(f'{where}: "participants" must be a non-empty list of ids')
    seen: set[int] = set()
    for ident in raw:
        p = _lookup(part_index, ident, where, "participant")
        if p in seen:
            raise InstanceError(f"{where}: participant {ident!r} is listed twice")
        seen.add(p)
    raise InstanceError(f'{where}: malformed "participants"')  # pragma: no cover


def _bad_lock(
    locked: Any,
    where: str,
    ps: tuple[int, ...],
    host: Any,
    r: int,
    slot_index: dict[str, int],
    loc_index: dict[str, int],
    avail: list[int],
    booth_owners: dict[int, int],
    res_loc: list[int],
    slots: list,
    locations: list,
    participants: list,
) -> None:
    """Raise the error for a "locked" entry that is malformed or breaks a rule."""
    if not isinstance(locked, dict):
        raise InstanceError(f'{where}: "locked" must be an object, not {_kind(locked)}')
    if "slot" not in locked:
        raise InstanceError(f'{where}: "locked" needs a "slot"')
    s = _lookup(slot_index, locked["slot"], f"{where}: locked", "slot")
    for p in ps:
        if not avail[p] >> s & 1:
            raise InstanceError(
                f"{where}: locked at slot {slots[s]['id']!r}, but participant "
                f"{participants[p]['id']!r} is not available then"
            )
    loc = _lookup(loc_index, locked.get("location"), f"{where}: locked", "location")
    if r:
        raise InstanceError(
            f"{where}: locked at location {locations[loc]['id']!r}, but its host "
            f"{host!r} has booth {locations[res_loc[r]]['id']!r}"
        )
    raise InstanceError(
        f"{where}: locked at location {locations[loc]['id']!r}, which is the booth "
        f"of {participants[booth_owners[loc]]['id']!r}"
    )


def _compile(data: Any) -> _Problem:
    if not isinstance(data, dict):
        raise InstanceError(f"the instance must be a JSON object, not {_kind(data)}")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise InstanceError(f'unsupported "format" {fmt!r}: expected {FORMAT!r}')
    slots = _list(data, "slots")
    locations = _list(data, "locations")
    participants = _list(data, "participants")
    meetings = _list(data, "meetings")
    slot_index = _ids(slots, "slots")
    loc_index = _ids(locations, "locations")
    part_index = _ids(participants, "participants")
    _ids(meetings, "meetings")

    # Slots and days.
    day_index: dict[str, int] = {}
    slot_day: list[int] = []
    for i, item in enumerate(slots):
        day = item.get("day")
        if not isinstance(day, str) or not day:
            raise InstanceError(f'slots[{i}] ({item["id"]!r}): missing "day" (a non-empty string)')
        d = day_index.get(day)
        if d is None:
            d = day_index[day] = len(day_index)
        elif d != slot_day[-1]:
            raise InstanceError(
                f"slots[{i}] ({item['id']!r}): day {day!r} comes back after another day; "
                "the slots of one day must be consecutive"
            )
        slot_day.append(d)
    num_slots = len(slots)
    all_slots = (1 << num_slots) - 1
    day_mask = [0] * len(day_index)
    for s, d in enumerate(slot_day):
        day_mask[d] |= 1 << s

    # Locations.
    loc_cap: list[int] = []
    for i, item in enumerate(locations):
        cap = item.get("capacity", 1)
        if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap <= MAX_CAPACITY:
            raise InstanceError(
                f"locations[{i}] ({item['id']!r}): capacity must be an integer >= 0, not {cap!r}"
            )
        loc_cap.append(cap)

    # Participants.
    slot_bit = {ident: 1 << s for ident, s in slot_index.items()}
    avail: list[int] = []
    booth: list[int] = []
    for i, item in enumerate(participants):
        raw = item.get("available")
        if raw is None and "available" not in item:
            mask = all_slots
        else:
            try:
                # A sum of distinct bits is their union; a repeated slot would carry, so the
                # bit count equals the length exactly when the slots are distinct.
                mask = sum(map(slot_bit.__getitem__, raw))
                ok = type(raw) is list and mask.bit_count() == len(raw)
            except (KeyError, TypeError):
                ok = False
            if not ok:
                _bad_available(raw, slot_index, f"participants[{i}] ({item['id']!r})")
        avail.append(mask)
        b = item.get("booth")
        if b is None:
            booth.append(-1)
        else:
            where = f"participants[{i}] ({item['id']!r}): booth"
            booth.append(_lookup(loc_index, b, where, "location"))

    # Resources: 0 = the tables; one per booth location.
    booth_owners: dict[int, int] = {}  # location -> first owner (for messages)
    for p, b in enumerate(booth):
        if b >= 0:
            booth_owners.setdefault(b, p)
    res_of_loc = {b: r for r, b in enumerate(sorted(booth_owners), start=1)}
    res_loc = [-1] + sorted(booth_owners)
    table_locs = [j for j in range(len(locations)) if j not in booth_owners]
    table_cap = sum(loc_cap[j] for j in table_locs)
    res_cap = [[table_cap] * num_slots] + [[loc_cap[b]] * num_slots for b in res_loc[1:]]

    # Meetings.
    parts_of: list[tuple[int, ...]] = []
    weight: list[float] = []
    res: list[int] = []
    lock_slot: list[int] = []
    lock_loc: list[int] = []
    host_res = [res_of_loc[b] if b >= 0 else 0 for b in booth]  # resource of a host's meetings
    table_res_ok = set(booth_owners)
    for i, item in enumerate(meetings):
        raw = item.get("participants")
        try:
            ps = tuple(map(part_index.__getitem__, raw))
            n = len(ps)
            ok = (ps[0] != ps[1] if n == 2 else 0 < n == len(set(ps))) and type(raw) is list
        except (KeyError, TypeError, IndexError):
            ok = False
        if not ok:
            _bad_participants(raw, part_index, f"meetings[{i}] ({item['id']!r})")
        parts_of.append(ps)
        w = item.get("weight", 1)
        if type(w) is not int or not 0 <= w <= MAX_WEIGHT:
            _check_weight(w, f"meetings[{i}] ({item['id']!r})")
        weight.append(float(w))
        host = item.get("host")
        r = 0
        if host is not None:
            try:
                h = part_index[host]
            except (KeyError, TypeError):
                h = -1
            if h not in ps:
                where = f"meetings[{i}] ({item['id']!r})"
                _lookup(part_index, host, f"{where}: host", "participant")
                raise InstanceError(f"{where}: host {host!r} is not one of its participants")
            r = host_res[h]
        res.append(r)
        locked = item.get("locked")
        if locked is None:
            lock_slot.append(-1)
            lock_loc.append(-1)
            continue
        try:
            s = slot_index[locked["slot"]]
            loc_id = locked.get("location")
            loc = -1 if loc_id is None else loc_index[loc_id]
            ok = True
            for p in ps:
                if not avail[p] >> s & 1:
                    ok = False
            if r:
                ok = ok and (loc == -1 or loc == res_loc[r])
                loc = res_loc[r]
            else:
                ok = ok and loc not in table_res_ok
        except (KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            where = f"meetings[{i}] ({item['id']!r})"
            _bad_lock(
                locked,
                where,
                ps,
                host,
                r,
                slot_index,
                loc_index,
                avail,
                booth_owners,
                res_loc,
                slots,
                locations,
                participants,
            )
        lock_slot.append(s)
        lock_loc.append(loc)

    problem = _Problem(
        slot_ids=list(slot_index),
        slot_day=slot_day,
        day_ids=list(day_index),
        day_mask=day_mask,
        loc_ids=list(loc_index),
        loc_cap=loc_cap,
        part_ids=list(part_index),
        avail=avail,
        meet_ids=[item["id"] for item in meetings],
        parts=parts_of,
        weight=weight,
        res=res,
        lock_slot=lock_slot,
        lock_loc=lock_loc,
        res_cap=res_cap,
        res_loc=res_loc,
        table_locs=table_locs,
    )
    _check_locked(problem)
    return problem


def _check_locked(pb: _Problem) -> None:
    """Locked meetings must fit together: one per participant and slot, within capacities."""
    n_slots = pb.num_slots
    busy = [0] * len(pb.part_ids)
    per_loc: dict[int, int] = {}  # location * n_slots + slot -> locked meetings there
    per_table_slot = [0] * n_slots
    parts, res, lock_loc = pb.parts, pb.res, pb.lock_loc
    for m, s in enumerate(pb.lock_slot):
        if s < 0:
            continue
        bit = 1 << s
        for p in parts[m]:
            if busy[p] & bit:
                other = next(x for x in range(m) if pb.lock_slot[x] == s and p in pb.parts[x])
                raise InstanceError(
                    f"meetings[{m}] ({pb.meet_ids[m]!r}): locked at slot {pb.slot_ids[s]!r}, "
                    f"where participant {pb.part_ids[p]!r} already has locked meeting "
                    f"{pb.meet_ids[other]!r}"
                )
            busy[p] |= bit
        loc = lock_loc[m]
        if loc >= 0:
            key = loc * n_slots + s
            per_loc[key] = per_loc.get(key, 0) + 1
        if not res[m]:
            per_table_slot[s] += 1
    for key, n in per_loc.items():
        loc, s = divmod(key, n_slots)
        if n > pb.loc_cap[loc]:
            ms = [x for x, t in enumerate(pb.lock_slot) if t == s and pb.lock_loc[x] == loc]
            raise InstanceError(
                f"locked meetings {_names(pb.meet_ids, ms)} exceed the capacity "
                f"({pb.loc_cap[loc]}) of location {pb.loc_ids[loc]!r} in slot {pb.slot_ids[s]!r}"
            )
    for s, n in enumerate(per_table_slot):
        if n > pb.res_cap[0][s]:
            ms = [x for x, t in enumerate(pb.lock_slot) if t == s and not pb.res[x]]
            raise InstanceError(
                f"locked meetings {_names(pb.meet_ids, ms)} exceed the total table capacity "
                f"({pb.res_cap[0][s]}) in slot {pb.slot_ids[s]!r}"
            )


def _names(ids: list[str], indices: list[int], limit: int = 5) -> str:
    shown = ", ".join(repr(ids[i]) for i in indices[:limit])
    return shown + (f" and {len(indices) - limit} more" if len(indices) > limit else "")


def validate_instance(instance: dict) -> None:
    """Raise :class:`InstanceError` if the instance is malformed or contradictory."""
    _compile(instance)


def read_instance(path: str | Path) -> dict:
    """Read and validate an instance file; every failure is an :class:`InstanceError`."""
    data = read_json(path, InstanceError)
    return data


# --------------------------------------------------------------------------------------------
# The schedule being built


class _State:
    """Slot of every meeting, with the per-participant and per-resource occupancy."""

    def __init__(self, pb: _Problem):
        self.pb = pb
        n_slots = pb.num_slots
        self.slot = [-1] * len(pb.meet_ids)
        self.busy = [0] * len(pb.part_ids)  # bitmask of slots with a meeting
        self.occ: list[dict[int, int]] = [{} for _ in pb.part_ids]  # slot -> meeting
        self.cnt = [[0] * n_slots for _ in pb.res_cap]
        self.full = [0] * len(pb.res_cap)  # bitmask of slots without room
        for r, caps in enumerate(pb.res_cap):
            for s, c in enumerate(caps):
                if c <= 0:
                    self.full[r] |= 1 << s
        # r * n_slots + s -> the meetings there, in a list (random picks); pos[m] = index in it
        self.members: dict[int, list[int]] = {}
        self.pos = [-1] * len(pb.meet_ids)
        self.locked = [s >= 0 for s in pb.lock_slot]
        self.total = 0.0  # running total weight scheduled
        self.allowed: list[int] = []  # per meeting: slots it may take (set by the solver)

    def place(self, m: int, s: int) -> None:
        self.total += self.pb.weight[m]
        self.slot[m] = s
        bit = 1 << s
        busy, occ = self.busy, self.occ
        for p in self.pb.parts[m]:
            busy[p] |= bit
            occ[p][s] = m
        r = self.pb.res[m]
        c = self.cnt[r][s] = self.cnt[r][s] + 1
        if c >= self.pb.res_cap[r][s]:
            self.full[r] |= bit
        key = r * self.pb.num_slots + s
        group = self.members.get(key)
        if group is None:
            group = self.members[key] = []
        self.pos[m] = len(group)
        group.append(m)

    def place_locked(self, m: int, s: int) -> None:
        """A locked meeting: it holds its participants and its room, but is never moved or
        ejected, so it stays out of ``occ`` and ``members`` (no free meeting may use a slot
        where one of its participants has a locked meeting: see ``allowed``)."""
        self.total += self.pb.weight[m]
        self.slot[m] = s
        bit = 1 << s
        busy = self.busy
        for p in self.pb.parts[m]:
            busy[p] |= bit
        r = self.pb.res[m]
        c = self.cnt[r][s] = self.cnt[r][s] + 1
        if c >= self.pb.res_cap[r][s]:
            self.full[r] |= bit

    def unplace(self, m: int) -> int:
        self.total -= self.pb.weight[m]
        s = self.slot[m]
        self.slot[m] = -1
        bit = 1 << s
        busy, occ = self.busy, self.occ
        for p in self.pb.parts[m]:
            busy[p] &= ~bit
            del occ[p][s]
        r = self.pb.res[m]
        self.cnt[r][s] -= 1
        self.full[r] &= ~bit
        group = self.members[r * self.pb.num_slots + s]
        i = self.pos[m]
        last = group.pop()
        if last != m:
            group[i] = last
            self.pos[last] = i
        return s

    def free_mask(self, m: int) -> int:
        """Slots where m could go now without moving anything (m itself unscheduled)."""
        busy = 0
        for p in self.pb.parts[m]:
            busy |= self.busy[p]
        return self.allowed[m] & ~busy & ~self.full[self.pb.res[m]]

    def fits(self, m: int, s: int) -> bool:
        bit = 1 << s
        if not self.allowed[m] & bit or self.full[self.pb.res[m]] & bit:
            return False
        return all(not self.busy[p] & bit for p in self.pb.parts[m])

    def weight(self) -> float:
        """The exact total weight scheduled (``total`` is the running sum)."""
        w = self.pb.weight
        return math.fsum(w[m] for m, s in enumerate(self.slot) if s >= 0)

    def snapshot(self) -> list[int]:
        return list(self.slot)

    def restore(self, slots: list[int]) -> None:
        for m, s in enumerate(self.slot):
            if s >= 0 and slots[m] != s:
                self.unplace(m)
        for m, s in enumerate(slots):
            if s >= 0 and self.slot[m] != s:
                self.place(m, s)


def _slot_path(edge: list[int], sources: int, targets: int) -> list[int] | None:
    """Shortest path from a source slot to a target slot in the graph edge[u] = successors."""
    parent: dict[int, int] = {}
    seen = frontier = sources
    while frontier:
        nxt = 0
        while frontier:
            low = frontier & -frontier
            u = low.bit_length() - 1
            frontier ^= low
            new = edge[u] & ~seen & ~nxt
            nxt |= new
            while new:
                lw = new & -new
                parent[lw.bit_length() - 1] = u
                new ^= lw
        hit = nxt & targets
        if hit:
            v = (hit & -hit).bit_length() - 1
            path = [v]
            while v in parent:
                v = parent[v]
                path.append(v)
            return path[::-1]
        seen |= nxt
        frontier = nxt
    return None


def _idle(busy: int, avail: int, day_masks: list[int]) -> int:
    total = 0
    for dm in day_masks:
        b = busy & dm
        if b:
            lo = b & -b
            span = (1 << b.bit_length()) - lo
            total += (span & avail & ~b).bit_count()
    return total


def _idle_day(b: int, avail: int) -> int:
    """Idle slots of one participant in one day; b = its busy slots of that day."""
    if not b:
        return 0
    lo = b & -b
    return (((1 << b.bit_length()) - lo) & avail & ~b).bit_count()


# --------------------------------------------------------------------------------------------
# Solving


def solve(
    instance: dict,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    seed: int = 0,
    progress: Progress | None = None,
) -> dict:
    """Schedule the meetings of a ``korpu.meetings/v1`` instance; return the solution dict.

    ``time_limit`` (seconds, wall clock) bounds the whole call; the search stops earlier when
    the schedule is proven optimal in weight and idle slots stop improving. ``progress``, if
    given, is called now and then as ``progress(fraction, message)``. Raises
    :class:`InstanceError` for a malformed or contradictory instance.
    """
    started = time.perf_counter()
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, not {time_limit!r}")
    report = progress or (lambda fraction, message: None)
    pb = _compile(instance)
    # Leave time to build the solution (locations and the dict) within the limit.
    deadline = started + 0.92 * time_limit - 3e-6 * len(pb.meet_ids)
    report(0.02, "instance checked")
    solver = _Solver(pb, seed=seed, started=started, deadline=deadline, report=report)
    solver.run()
    return solver.solution()


class _Solver:
    def __init__(
        self, pb: _Problem, *, seed: int, started: float, deadline: float, report: Progress
    ):
        self.pb = pb
        self.rng = random.Random(seed)
        self.seed = seed
        self.started = started
        self.deadline = deadline
        self.report = report
        self.stats: dict[str, Any] = {}
        self.mobile_cache: dict[int, list[tuple[int, int]]] = {}
        st = self.state = _State(pb)
        locked_busy = [0] * len(pb.part_ids)
        for m, s in enumerate(pb.lock_slot):
            if s >= 0:
                st.place_locked(m, s)
                for p in pb.parts[m]:
                    locked_busy[p] |= 1 << s
        self.locked_busy = locked_busy
        # allowed[m]: slots where all participants are available and not held by a locked
        # meeting, with room at the meeting's resource after the locked meetings.
        allowed = []
        avail = pb.avail
        for m, ps in enumerate(pb.parts):
            if pb.lock_slot[m] >= 0:
                allowed.append(1 << pb.lock_slot[m])
                continue
            mask = ~st.full[pb.res[m]]
            for p in ps:
                mask &= avail[p] & ~locked_busy[p]
            allowed.append(mask & ((1 << pb.num_slots) - 1))
        st.allowed = allowed
        self.free = [m for m in range(len(pb.meet_ids)) if pb.lock_slot[m] < 0 and allowed[m]]
        self.upper_bound = math.fsum(pb.weight[m] for m, s in enumerate(pb.lock_slot) if s >= 0)
        self.upper_bound += math.fsum(pb.weight[m] for m in self.free)
        self.bound_source = "schedulable meetings"
        self.tol = 1e-9 * max(1.0, self.upper_bound)

    # ---------------------------------------------------------------------------------------
    def time_left(self) -> float:
        return self.deadline - time.perf_counter()

    weight_deadline = math.inf  # set by run()

    def optimal(self) -> bool:
        return self.state.total >= self.upper_bound - self.tol

    def run(self) -> None:
        st = self.state
        t0 = time.perf_counter()
        self.greedy()
        self.stats["greedy_weight"] = st.total
        self.stats["greedy_seconds"] = round(time.perf_counter() - t0, 3)
        self.report(0.2, "first schedule built")
        # The weight phases get most of the time; the idle slots get the rest.
        self.weight_deadline = self.started + WEIGHT_SHARE * (self.deadline - self.started)
        if not self.optimal():
            t0 = time.perf_counter()
            self.repair()
            self.stats["repair_seconds"] = round(time.perf_counter() - t0, 3)
        self.report(0.3, "placing the remaining meetings")
        t0 = time.perf_counter()
        if not self.optimal():
            self.tabu(TABU_SHORT)  # often enough to reach the simple bound
        if not self.optimal():
            # The LP bound, before the long tabu search, so that it can stop at the bound.
            self.report(0.35, "proving the bound")
            t1 = time.perf_counter()
            self.tighten_bound()
            self.stats["bound_seconds"] = round(time.perf_counter() - t1, 3)
            self.report(0.4, "placing the remaining meetings")
        if not self.optimal():
            self.tabu(TABU_STALE)
        self.stats["tabu_seconds"] = round(time.perf_counter() - t0, 3)
        if not self.optimal():
            self.report(0.6, "proving the bound")
            self.exact()
        self.report(0.7, "reducing idle slots")
        t0 = time.perf_counter()
        self.idle_now = 0  # change since idle_before, kept by the idle-slot search
        self.stats["idle_before"] = self.idle_total()
        self.reduce_idle()
        self.stats["idle_seconds"] = round(time.perf_counter() - t0, 3)
        self.report(1.0, "done")

    # ---------------------------------------------------------------------------------------
    # Phase 1: greedy

    def greedy(self) -> None:
        pb, st = self.pb, self.state
        avail, parts, allowed = pb.avail, pb.parts, st.allowed
        degree = [0] * len(pb.part_ids)
        for m in self.free:
            for p in parts[m]:
                degree[p] += 1
        slack = [
            (avail[p] & ~self.locked_busy[p]).bit_count() - degree[p] for p in range(len(degree))
        ]
        rng = self.rng
        tie = {m: rng.random() for m in self.free}
        order = sorted(
            self.free,
            key=lambda m: (
                min(slack[p] for p in parts[m]),
                allowed[m].bit_count(),
                -pb.weight[m],
                tie[m],
            ),
        )
        self.place_all(order)

    def neighbours(self, busy: int) -> int:
        """Slots next to a busy slot within the same day."""
        near = 0
        for dm in self.pb.day_mask:
            b = busy & dm
            if b:
                near |= ((b << 1) | (b >> 1)) & dm
        return near & ~busy

    def place_all(self, order: list[int]) -> None:
        """Place the meetings in this order, each where it hurts the others least.

        For table meetings that is the slot with the lowest pressure: the meetings still to
        place that could use the slot, per table left in it (slots that few meetings can use
        fill first, so the popular middle of the day does not run out of tables). Slots next
        to the participants' other meetings come first when the pressure allows.
        """
        pb, st = self.pb, self.state
        parts, res, allowed = pb.parts, pb.res, st.allowed
        busy, full, cnt, caps = st.busy, st.full, st.cnt, pb.res_cap
        neighbours = self.neighbours
        n_slots = pb.num_slots
        demand = [0] * n_slots  # unplaced table meetings that may use each slot
        for m in order:
            if res[m] == 0 and st.slot[m] < 0:
                a = allowed[m]
                while a:
                    low = a & -a
                    demand[low.bit_length() - 1] += 1
                    a ^= low
        c0, k0 = cnt[0], caps[0]
        for m in order:
            if st.slot[m] >= 0:
                continue
            ps = parts[m]
            b = 0
            for p in ps:
                b |= busy[p]
            r = res[m]
            if r == 0:
                a = allowed[m]
                while a:
                    low = a & -a
                    demand[low.bit_length() - 1] -= 1
                    a ^= low
            cand = allowed[m] & ~b & ~full[r]
            if not cand:
                continue
            near = 0
            for p in ps:
                near |= neighbours(busy[p])
            if r == 0 and cand & (cand - 1):
                best, best_key = -1, math.inf
                while cand:
                    low = cand & -cand
                    s = low.bit_length() - 1
                    cand ^= low
                    room = k0[s] - c0[s]
                    key = demand[s] / room - (NEAR_BONUS if near & low else 0.0)
                    if key < best_key:
                        best, best_key = s, key
                st.place(m, best)
            else:
                close = cand & near
                if close:
                    cand = close
                st.place(m, (cand & -cand).bit_length() - 1)

    # ---------------------------------------------------------------------------------------
    # Upper bound

    def tighten_bound(self) -> None:
        """LP bound: participants, booths and tables have limited room (see module doc)."""
        if self.time_left() < 0.5:
            return
        try:
            bound = self.lp_bound()
        except Exception:  # pragma: no cover - the LP is an optional refinement
            return
        if bound is not None and bound < self.upper_bound:
            self.upper_bound = bound
            self.bound_source = "linear programme"

    def participant_rank(self, p: int, ms: list[int], room: int) -> int:
        """How many of p's meetings can be scheduled at once (bipartite matching to slots)."""
        allowed = self.state.allowed
        match: dict[int, int] = {}  # slot -> meeting

        def augment(m: int, seen: set[int]) -> bool:
            cand = allowed[m] & room
            while cand:
                low = cand & -cand
                s = low.bit_length() - 1
                cand ^= low
                if s in seen:
                    continue
                seen.add(s)
                other = match.get(s)
                if other is None or augment(other, seen):
                    match[s] = m
                    return True
            return False

        for m in ms:
            augment(m, set())
        return len(match)

    def lp_bound(self) -> float | None:
        import numpy as np
        from scipy.optimize import linprog
        from scipy.sparse import csr_matrix

        pb = self.pb
        free = self.free
        if not free:
            return None
        col = {m: j for j, m in enumerate(free)}
        by_part: dict[int, list[int]] = {}
        for m in free:
            for p in pb.parts[m]:
                by_part.setdefault(p, []).append(m)
        rows, cols, rhs = [], [], []
        for p, ms in by_part.items():
            room = pb.avail[p] & ~self.locked_busy[p]
            if len(ms) <= room.bit_count() and len(ms) <= 1:
                continue
            k = self.participant_rank(p, ms, room) if len(ms) > 1 else 1
            if k < len(ms):
                i = len(rhs)
                rhs.append(k)
                for m in ms:
                    rows.append(i)
                    cols.append(col[m])
        by_res: dict[int, list[int]] = {}
        for m in free:
            by_res.setdefault(pb.res[m], []).append(m)
        locked_cnt = [[0] * pb.num_slots for _ in pb.res_cap]
        for m, s in enumerate(pb.lock_slot):
            if s >= 0:
                locked_cnt[pb.res[m]][s] += 1
        for r, ms in by_res.items():
            caps, used = pb.res_cap[r], locked_cnt[r]
            room = sum(max(0, caps[s] - used[s]) for s in range(pb.num_slots))
            if room < len(ms):
                i = len(rhs)
                rhs.append(room)
                for m in ms:
                    rows.append(i)
                    cols.append(col[m])
        locked_weight = math.fsum(pb.weight[m] for m, s in enumerate(pb.lock_slot) if s >= 0)
        if not rhs:
            return None
        c = -np.array([pb.weight[m] for m in free])
        a = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(rhs), len(free)))
        result = linprog(
            c,
            A_ub=a,
            b_ub=np.array(rhs, dtype=float),
            bounds=(0, 1),
            method="highs",
            options={"time_limit": max(0.5, min(10.0, self.time_left() / 4))},
        )
        if result.status != 0:
            return None
        # The dual bound of HiGHS's optimal LP; a tiny slack guards against round-off.
        value = -float(result.fun) + 1e-7 * max(1.0, abs(float(result.fun)))
        if all(pb.weight[m].is_integer() for m in free):
            value = math.floor(value + 1e-6)
        return locked_weight + value

    # ---------------------------------------------------------------------------------------
    # Phase 2: ejection chains

    def unscheduled(self) -> list[int]:
        slot = self.state.slot
        return [m for m in self.free if slot[m] < 0]

    def repair(self) -> None:
        """Rounds of capacity routing and ejection chains over the unscheduled meetings, while
        a round still places some; at most REPAIR_SHARE of the time left for the weight."""
        pb = self.pb
        stop = time.perf_counter() + REPAIR_SHARE * (self.weight_deadline - time.perf_counter())
        rounds = 0
        while not self.optimal() and time.perf_counter() < stop and rounds < REPAIR_ROUNDS:
            todo = self.unscheduled()
            todo.sort(key=lambda m: (-pb.weight[m], self.state.allowed[m].bit_count()))
            placed = self.route_capacity(todo, stop)
            for m in todo:
                if time.perf_counter() > stop:
                    break
                if self.state.slot[m] < 0 and self.augment(m, REPAIR_CHAIN):
                    placed += 1
            rounds += 1
            if not placed:
                break
        self.stats["repair_rounds"] = rounds

    def move_mask(self, group: list[int]) -> int:
        """Slots to which some meeting of the group can move directly."""
        st = self.state
        busy, allowed, locked, parts = st.busy, st.allowed, st.locked, self.pb.parts
        acc = 0
        for z in group:
            if locked[z]:
                continue
            b = 0
            for p in parts[z]:
                b |= busy[p]
            acc |= allowed[z] & ~b
        return acc

    def witness(self, group: list[int], v: int) -> int:
        """A meeting of the group that can move directly to slot v, or -1."""
        st = self.state
        busy, allowed, locked, parts = st.busy, st.allowed, st.locked, self.pb.parts
        bit = 1 << v
        for z in group:
            if locked[z] or not allowed[z] & bit:
                continue
            for p in parts[z]:
                if busy[p] & bit:
                    break
            else:
                return z
        return -1

    def route_capacity(self, todo: list[int], stop: float) -> int:
        """Schedule meetings whose participants are free but whose slots are full: move room
        to them along a path of slots, each hop one meeting moving directly to the next slot."""
        pb, st = self.pb, self.state
        n_slots = pb.num_slots
        all_slots = (1 << n_slots) - 1
        edges: dict[int, list[int]] = {}
        placed = 0
        for x in todo:
            if st.slot[x] >= 0 or time.perf_counter() > stop:
                continue
            r = pb.res[x]
            b = 0
            for p in pb.parts[x]:
                b |= st.busy[p]
            sources = st.allowed[x] & ~b
            if not sources:
                continue
            if sources & ~st.full[r]:
                st.place(x, ((sources & ~st.full[r]) & -(sources & ~st.full[r])).bit_length() - 1)
                placed += 1
                continue
            edge = edges.get(r)
            if edge is None:
                edge = edges[r] = [
                    self.move_mask(st.members.get(r * n_slots + u, [])) for u in range(n_slots)
                ]
            for _attempt in range(4):
                room = all_slots & ~st.full[r]
                path = _slot_path(edge, sources, room)
                if path is None:
                    break
                movers = []
                for u, v in zip(path, path[1:], strict=False):
                    z = self.witness(st.members.get(r * n_slots + u, []), v)
                    if z < 0:
                        edge[u] = self.move_mask(st.members.get(r * n_slots + u, []))
                        break
                    movers.append((z, v))
                else:
                    moves = movers[::-1] + [(x, path[0])]
                    if self.apply_moves(moves):
                        placed += 1
                        for u in path:
                            edge[u] = self.move_mask(st.members.get(r * n_slots + u, []))
                        break
                    for u in path:
                        edge[u] = self.move_mask(st.members.get(r * n_slots + u, []))
        return placed

    def apply_moves(self, moves: list[tuple[int, int]]) -> bool:
        """Move each meeting to its slot, in order; undo everything if one does not fit."""
        st = self.state
        old = [(m, st.slot[m]) for m, _ in moves]
        done = []
        for m, target in moves:
            if st.slot[m] >= 0:
                st.unplace(m)
            if not st.fits(m, target):
                for d in done:
                    st.unplace(d)
                for mm, _ in old:
                    if st.slot[mm] >= 0:
                        st.unplace(mm)
                for mm, was in old:
                    if was >= 0:
                        st.place(mm, was)
                return False
            st.place(m, target)
            done.append(m)
        return True

    def augment(self, m0: int, limit: int, sample: int = 0) -> bool:
        """Breadth-first search for an ejection chain that schedules m0 (see module doc).

        At most ``limit`` meetings are expanded. A full slot without a participant clash opens
        all its meetings as candidates to eject if it has at most ``sample`` of them, else 4
        random ones."""
        pb, st = self.pb, self.state
        parts, res, allowed = pb.parts, pb.res, st.allowed
        busy, occ, full, slot, locked = st.busy, st.occ, st.full, st.slot, st.locked
        members, n_slots = st.members, pb.num_slots
        rng = self.rng
        parent: dict[int, tuple[int, int]] = {m0: (-1, -1)}
        queue = deque([m0])
        opened: set[int] = set()
        expanded = 0
        while queue and expanded < limit:
            x = queue.popleft()
            expanded += 1
            cur = slot[x]
            ps = parts[x]
            r = res[x]
            b = 0
            for p in ps:
                b |= busy[p]
            cand = allowed[x]
            if cur >= 0:
                cand &= ~(1 << cur)
                b &= ~(1 << cur)
            direct = cand & ~b & ~full[r]
            if direct:
                s = (direct & -direct).bit_length() - 1
                if self.apply_chain(x, s, parent):
                    return True
                continue
            # Slots where x ejects exactly one meeting.
            order = []
            while cand:
                low = cand & -cand
                order.append(low.bit_length() - 1)
                cand ^= low
            rng.shuffle(order)
            for s in order:
                y = -1
                ok = True
                for p in ps:
                    z = occ[p].get(s, -1)
                    if z >= 0 and z != y:
                        if y >= 0 or locked[z]:
                            ok = False
                            break
                        y = z
                if not ok:
                    continue
                if full[r] >> s & 1:
                    if y >= 0:
                        if res[y] != r:
                            continue
                        if y not in parent:
                            parent[y] = (x, s)
                            queue.append(y)
                    else:
                        group = members.get(r * n_slots + s)
                        if not group:
                            continue
                        for z, t in self.mobile(r, s)[:2]:
                            if z not in parent and self.apply_chain(x, s, parent, (z, t)):
                                return True
                            self.mobile_cache.pop(r * n_slots + s, None)
                        if len(group) <= sample:
                            if s in opened:
                                continue
                            opened.add(s)
                            picks = group
                        else:
                            picks = [group[rng.randrange(len(group))] for _ in range(4)]
                        for z in picks:
                            if not locked[z] and z not in parent:
                                parent[z] = (x, s)
                                queue.append(z)
                elif y >= 0 and y not in parent:
                    parent[y] = (x, s)
                    queue.append(y)
        return False

    def mobile(self, r: int, s: int) -> list[tuple[int, int]]:
        """Meetings of resource r in slot s that can move directly to a slot with room, with
        that slot (cached; may be stale, moves are checked when applied)."""
        key = r * self.pb.num_slots + s
        found = self.mobile_cache.get(key)
        if found is not None:
            return found
        st = self.state
        busy, allowed, locked, parts = st.busy, st.allowed, st.locked, self.pb.parts
        room = ~st.full[r]
        found = []
        for z in st.members.get(key, ()):
            if locked[z]:
                continue
            b = 0
            for p in parts[z]:
                b |= busy[p]
            target = allowed[z] & ~b & room
            if target:
                found.append((z, (target & -target).bit_length() - 1))
                if len(found) >= 4:
                    break
        self.mobile_cache[key] = found
        return found

    def apply_chain(
        self,
        x: int,
        s: int,
        parent: dict[int, tuple[int, int]],
        first: tuple[int, int] | None = None,
    ) -> bool:
        """x goes to s; whoever ejected x takes x's slot; ... back to the start. ``first``:
        a meeting that moves out of the way before x goes to s."""
        moves = [(x, s)]
        y = x
        while True:
            px, ps = parent[y]
            if px < 0:
                break
            moves.append((px, ps))
            y = px
        if first is not None:
            moves.insert(0, first)
        if self.apply_moves(moves):
            self.mobile_cache.clear()
            return True
        return False

    # ---------------------------------------------------------------------------------------
    # Phase 3: tabu search on partial schedules

    def tabu(self, max_stale: int) -> None:
        """PartialCol-style tabu search on partial schedules.

        Each step takes a random unscheduled meeting and puts it in the slot where it ejects
        the least weight: the meetings of its participants there, and, if the slot is full, one
        more meeting of its resource (one that can go straight elsewhere, if one is known).
        Ejected meetings that have a free slot go back at once; the others join the
        unscheduled ones and may not return to that slot for a while (the tabu tenure). The
        best schedule seen is kept. Stops at the bound, after ``max_stale`` steps without a
        better schedule, or at the deadline."""
        pb, st = self.pb, self.state
        random = self.rng.random
        weight, parts, res = pb.weight, pb.parts, pb.res
        busy, allowed, full, occ, locked = st.busy, st.allowed, st.full, st.occ, st.locked
        members, n_slots = st.members, pb.num_slots
        pool = self.unscheduled()
        where = {m: i for i, m in enumerate(pool)}

        def add(m: int) -> None:
            where[m] = len(pool)
            pool.append(m)

        def drop(m: int) -> None:
            i = where.pop(m)
            last = pool.pop()
            if last != m:
                pool[i] = last
                where[last] = i

        current = st.total
        best_weight, best = current, st.snapshot()
        forbidden: dict[int, int] = {}  # m * n_slots + s -> step until which m may not take s
        it = 0
        stale = 0
        deadline = self.weight_deadline
        t0 = time.perf_counter()
        span = max(deadline - t0, 1e-3)
        while pool and best_weight < self.upper_bound - self.tol and stale < max_stale:
            it += 1
            if not it & 63:
                if time.perf_counter() > deadline:
                    break
                if not it & 4095:
                    self.mobile_cache.clear()
            m = pool[int(random() * len(pool))]
            ps = parts[m]
            r = res[m]
            key0 = m * n_slots
            cand = allowed[m]
            best_cost, moves = math.inf, []
            while cand:
                low = cand & -cand
                s = low.bit_length() - 1
                cand ^= low
                if forbidden.get(key0 + s, 0) > it:
                    continue
                out: list[int] = []
                blocked = False
                same_res = False
                for p in ps:
                    z = occ[p].get(s)
                    if z is not None and z not in out:
                        if locked[z]:
                            blocked = True
                            break
                        out.append(z)
                        if res[z] == r:
                            same_res = True
                if blocked:
                    continue
                if full[r] & low and not same_res:
                    # Full: one more meeting of m's resource must go.
                    pick = -1
                    for z, _ in self.mobile(r, s):
                        if st.slot[z] == s and z not in out:
                            pick = z
                            break
                    if pick < 0:
                        group = members.get(r * n_slots + s)
                        if not group:
                            continue
                        best_w = math.inf
                        for _ in range(3):
                            z = group[int(random() * len(group))]
                            if weight[z] < best_w and z not in out:
                                pick, best_w = z, weight[z]
                        if pick < 0:
                            continue
                    out.append(pick)
                # Ejected meetings that have another free slot cost nothing.
                cost = 0.0
                for z in out:
                    b = 0
                    for p in parts[z]:
                        b |= busy[p]
                    if not allowed[z] & ~b & ~full[res[z]]:
                        cost += weight[z]
                if cost < best_cost:
                    best_cost, moves = cost, [(s, out)]
                elif cost == best_cost:
                    moves.append((s, out))
            if not moves:
                stale += 1
                continue
            s, out = moves[int(random() * len(moves))]
            tenure = 7 + int(random() * 10) + int(TABU_TENURE * len(pool))
            for z in out:
                st.unplace(z)
                add(z)
                forbidden[z * n_slots + s] = it + tenure
            st.place(m, s)
            drop(m)
            current += weight[m] - math.fsum(weight[z] for z in out)
            for z in out:  # an ejected meeting goes straight back if it has a free slot
                free = st.free_mask(z)
                if free:
                    near = 0
                    for p in parts[z]:
                        near |= self.neighbours(busy[p])
                    if free & near:
                        free &= near  # next to its participants' meetings: fewer idle slots
                    slots = []
                    while free:
                        low = free & -free
                        slots.append(low.bit_length() - 1)
                        free ^= low
                    st.place(z, slots[int(random() * len(slots))])
                    drop(z)
                    current += weight[z]
            if current > best_weight + self.tol:
                best_weight, best = current, st.snapshot()
                stale = 0
            else:
                stale += 1
                if stale % LNS_EVERY == 0 and len(pool) <= LNS_POOL:
                    # Stuck with few left: exact search around each of them, from the best.
                    if current < best_weight - self.tol:
                        st.restore(best)
                    for x in sorted(pool, key=lambda m: -weight[m]):
                        if time.perf_counter() > deadline:
                            break
                        if st.slot[x] < 0:
                            self.lns(x, deadline)
                    pool[:] = self.unscheduled()
                    where.clear()
                    where.update((m, i) for i, m in enumerate(pool))
                    current = st.total
                    if current > best_weight + self.tol:
                        best_weight, best = current, st.snapshot()
                        stale = 0
            if not it % 8192:
                self.report(
                    0.4 + 0.2 * min(1.0, (time.perf_counter() - t0) / span),
                    "placing the remaining meetings",
                )
        if current < best_weight - self.tol:
            st.restore(best)
        self.mobile_cache.clear()
        self.stats["tabu_iterations"] = self.stats.get("tabu_iterations", 0) + it

    def lns(self, x: int, deadline: float) -> bool:
        """CP-SAT on a neighbourhood of an unscheduled meeting x: a random sample (one of
        ``LNS_SIZES`` meetings) of the meetings of its participants and of their partners,
        scheduled or not, everything else fixed. True if the weight went up."""
        from ortools.sat.python import cp_model

        pb, st = self.pb, self.state
        parts, res, weight, allowed = pb.parts, pb.res, pb.weight, st.allowed
        if self._by_part is None:
            self._by_part = {}
            for m in self.free:
                for p in parts[m]:
                    self._by_part.setdefault(p, []).append(m)
        by_part = self._by_part
        rng = self.rng
        size = rng.choice(LNS_SIZES)
        chosen = {x}
        frontier = list(parts[x])
        seen_people = set(frontier)
        for _level in range(2):
            nxt = []
            rng.shuffle(frontier)
            for p in frontier:
                ms = list(by_part.get(p, ()))
                rng.shuffle(ms)
                for m in ms:
                    if m not in chosen and len(chosen) < size:
                        chosen.add(m)
                        for q in parts[m]:
                            if q not in seen_people:
                                seen_people.add(q)
                                nxt.append(q)
            frontier = nxt
        meetings = sorted(chosen)
        # What stays fixed: other meetings' slots of these people, other meetings' room.
        inside_busy: dict[int, int] = {}
        inside_cnt: dict[tuple[int, int], int] = {}
        for m in meetings:
            s = st.slot[m]
            if s >= 0:
                for p in parts[m]:
                    inside_busy[p] = inside_busy.get(p, 0) | 1 << s
                key = (res[m], s)
                inside_cnt[key] = inside_cnt.get(key, 0) + 1
        model = cp_model.CpModel()
        var: dict[tuple[int, int], Any] = {}
        per_person: dict[tuple[int, int], list] = {}
        per_res: dict[tuple[int, int], list] = {}
        objective = []
        integral = all(weight[m].is_integer() for m in meetings)
        scale = 1 if integral else EXACT_SCALE
        for m in meetings:
            a = allowed[m]
            for p in parts[m]:
                a &= ~(st.busy[p] & ~inside_busy.get(p, 0))
            row = []
            while a:
                low = a & -a
                s = low.bit_length() - 1
                a ^= low
                v = model.new_bool_var("")
                var[m, s] = v
                row.append(v)
                model.add_hint(v, st.slot[m] == s)
                for p in parts[m]:
                    per_person.setdefault((p, s), []).append(v)
                per_res.setdefault((res[m], s), []).append(v)
            if row:
                model.add_at_most_one(row)
                objective.append(round(weight[m] * scale) * sum(row))
        for vs in per_person.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)
        for (r, s), vs in per_res.items():
            room = pb.res_cap[r][s] - (st.cnt[r][s] - inside_cnt.get((r, s), 0))
            if len(vs) > room:
                model.add(sum(vs) <= room)
        model.maximize(sum(objective))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = max(
            0.05, min(LNS_SECONDS, deadline - time.perf_counter())
        )
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        before = math.fsum(weight[m] for m in meetings if st.slot[m] >= 0)
        after = math.fsum(weight[m] for (m, s), v in var.items() if solver.value(v))
        if after <= before + self.tol:
            return False
        for m in meetings:
            if st.slot[m] >= 0:
                st.unplace(m)
        for (m, s), v in var.items():
            if solver.value(v):
                st.place(m, s)
        self.stats["lns_improvements"] = self.stats.get("lns_improvements", 0) + 1
        return True

    _by_part: dict[int, list[int]] | None = None

    # ---------------------------------------------------------------------------------------
    # Phase 4: CP-SAT on small instances

    def exact(self) -> None:
        """CP-SAT on the free meetings (x[m, s] for the allowed slots), warm-started from the
        current schedule: on small instances it proves optimality or finds a better schedule,
        and its bound tightens the upper bound."""
        pb, st = self.pb, self.state
        free = self.free
        pairs = sum(st.allowed[m].bit_count() for m in free)
        budget = (
            min(self.weight_deadline + 0.5 * (self.deadline - self.weight_deadline), self.deadline)
            - time.perf_counter()
        )
        if not free or pairs > CP_SAT_MAX_PAIRS or budget < 0.2:
            return
        from ortools.sat.python import cp_model

        integral = all(pb.weight[m].is_integer() for m in free)
        scale = 1 if integral else EXACT_SCALE
        model = cp_model.CpModel()
        by_part: dict[tuple[int, int], list] = {}
        by_res: dict[tuple[int, int], list] = {}
        chosen: dict[tuple[int, int], Any] = {}
        objective = []
        for m in free:
            row = []
            a = st.allowed[m]
            while a:
                low = a & -a
                s = low.bit_length() - 1
                a ^= low
                x = model.new_bool_var(f"x{m}_{s}")
                chosen[m, s] = x
                row.append(x)
                for p in pb.parts[m]:
                    by_part.setdefault((p, s), []).append(x)
                by_res.setdefault((pb.res[m], s), []).append(x)
                model.add_hint(x, st.slot[m] == s)
            model.add_at_most_one(row)
            objective.append(round(pb.weight[m] * scale) * sum(row))
        for xs in by_part.values():
            if len(xs) > 1:
                model.add_at_most_one(xs)
        for (r, s), xs in by_res.items():
            room = pb.res_cap[r][s] - sum(1 for m in self.locked_in(r, s))
            if len(xs) > room:
                model.add(sum(xs) <= room)
        model.maximize(sum(objective))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        status = solver.solve(model)
        self.stats["cp_sat_status"] = solver.status_name(status)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        current = math.fsum(pb.weight[m] for m in free if st.slot[m] >= 0)
        found = math.fsum(pb.weight[m] for (m, s), x in chosen.items() if solver.value(x))
        if found > current + self.tol:
            for m in free:
                if st.slot[m] >= 0:
                    st.unplace(m)
            for (m, s), x in chosen.items():
                if solver.value(x):
                    st.place(m, s)
        locked_weight = math.fsum(pb.weight[m] for m, s in enumerate(pb.lock_slot) if s >= 0)
        bound = solver.best_objective_bound / scale
        if not integral:
            bound += 0.5 / scale * len(free)  # the rounding of the weights
        if locked_weight + bound < self.upper_bound:
            self.upper_bound = locked_weight + bound
            self.bound_source = "CP-SAT"

    def locked_in(self, r: int, s: int) -> list[int]:
        """Locked meetings of resource r in slot s."""
        if self._locked_at is None:
            self._locked_at = {}
            for m, t in enumerate(self.pb.lock_slot):
                if t >= 0:
                    self._locked_at.setdefault((self.pb.res[m], t), []).append(m)
        return self._locked_at.get((r, s), [])

    _locked_at: dict[tuple[int, int], list[int]] | None = None

    # ---------------------------------------------------------------------------------------
    # Phase 5: idle slots

    def idle_total(self) -> int:
        pb, st = self.pb, self.state
        return sum(_idle(st.busy[p], pb.avail[p], pb.day_mask) for p in range(len(pb.part_ids)))

    def idle_delta(self, changes: list[tuple[int, int, int]]) -> int:
        """Change in idle slots if each (participant, old busy, new busy) happened."""
        avail, day_mask = self.pb.avail, self.pb.day_mask
        delta = 0
        for p, old, new in changes:
            diff = old ^ new
            av = avail[p]
            for dm in day_mask:
                if diff & dm:
                    b = new & dm
                    if b:
                        lo = b & -b
                        delta += (((1 << b.bit_length()) - lo) & av & ~b).bit_count()
                    b = old & dm
                    if b:
                        lo = b & -b
                        delta -= (((1 << b.bit_length()) - lo) & av & ~b).bit_count()
        return delta

    def kempe(self, m: int, t: int, limit: int = 12) -> tuple[list[int], list[int]] | None:
        """The Kempe chain of meeting m between its slot a and slot t: the meetings that must
        swap slots with it so that nobody is in two meetings ((at a, at t), or None if one of
        them is locked, cannot take the other slot, or there are more than ``limit``)."""
        st = self.state
        occ, allowed, locked, parts, slot = st.occ, st.allowed, st.locked, self.pb.parts, st.slot
        a = slot[m]
        bits = {a: 1 << a, t: 1 << t}
        side = {m: a}
        stack = [m]
        while stack:
            x = stack.pop()
            here = side[x]
            there = t if here == a else a
            for p in parts[x]:
                y = occ[p].get(there)
                if y is None or y in side:
                    continue
                if locked[y] or not allowed[y] & bits[here]:
                    return None
                side[y] = there
                if len(side) > limit:
                    return None
                stack.append(y)
        if not allowed[m] & bits[t]:
            return None
        at_a = [x for x, s in side.items() if s == a]
        at_t = [x for x, s in side.items() if s == t]
        return at_a, at_t

    def swap_delta(self, at_a: list[int], at_t: list[int], a: int, t: int) -> int | None:
        """Idle change if the meetings at_a (in slot a) and at_t (in slot t) swap slots; None
        if a slot would have too many meetings of one resource."""
        pb, st = self.pb, self.state
        res, parts, busy = pb.res, pb.parts, st.busy
        if len(at_a) != len(at_t) or any(res[x] for x in at_a) or any(res[x] for x in at_t):
            net: dict[int, int] = {}
            for x in at_a:
                net[res[x]] = net.get(res[x], 0) + 1
            for x in at_t:
                net[res[x]] = net.get(res[x], 0) - 1
            for r, n in net.items():
                if n > 0 and st.cnt[r][t] + n > pb.res_cap[r][t]:
                    return None
                if n < 0 and st.cnt[r][a] - n > pb.res_cap[r][a]:
                    return None
        flip = (1 << a) | (1 << t)
        on_a: set[int] = set()
        for x in at_a:
            on_a.update(parts[x])
        on_t: set[int] = set()
        for x in at_t:
            on_t.update(parts[x])
        changes = [(p, busy[p], busy[p] ^ flip) for p in on_a ^ on_t]
        return self.idle_delta(changes)

    def best_idle_move(
        self, m: int, sideways: bool = False, forbidden: int = -1
    ) -> tuple[int, int, list[int], list[int]]:
        """The best Kempe swap of meeting m for idle slots: (delta, target slot, meetings
        leaving m's slot, meetings coming to it). Swaps keep the schedule valid and every
        meeting scheduled; a full slot without a clash swaps m with one of its meetings."""
        pb, st = self.pb, self.state
        busy, allowed, locked, full = st.busy, st.allowed, st.locked, st.full
        parts, res = pb.parts, pb.res
        a = st.slot[m]
        abit = 1 << a
        ps = parts[m]
        r = res[m]
        union = 0
        for p in ps:
            union |= busy[p]
        self.idle_work += 1
        avail, day_mask, slot_day = pb.avail, pb.day_mask, pb.slot_day
        dm_a = day_mask[slot_day[a]]
        best: tuple[int, int, list[int], list[int]] = (0, -1, [], [])
        flat = 0  # zero-change moves seen (sideways: one of them is kept, uniformly)
        cand = allowed[m] & ~abit
        if forbidden >= 0:
            cand &= ~(1 << forbidden)
        while cand:
            low = cand & -cand
            t = low.bit_length() - 1
            cand ^= low
            flip = abit | low
            # The change for m's participants that are free at t (they surely move).
            dm_t = day_mask[slot_day[t]]
            own = 0
            for p in ps:
                old = busy[p]
                if old & low:
                    continue
                new = old ^ flip
                av = avail[p]
                b = new & dm_a
                if b:
                    own += (((1 << b.bit_length()) - (b & -b)) & av & ~b).bit_count()
                b = old & dm_a
                own -= (((1 << b.bit_length()) - (b & -b)) & av & ~b).bit_count()
                if dm_t != dm_a:
                    b = new & dm_t
                    own += (((1 << b.bit_length()) - (b & -b)) & av & ~b).bit_count()
                    b = old & dm_t
                    if b:
                        own -= (((1 << b.bit_length()) - (b & -b)) & av & ~b).bit_count()
            if not union & low:
                if not full[r] & low:
                    d = own  # a plain move
                    if d < best[0]:
                        best = (d, t, [m], [])
                    elif d == 0 and sideways and best[0] == 0:
                        flat += 1
                        if self.rng.randrange(flat) == 0:
                            best = (0, t, [m], [])
                    continue
                # Full and no clash: swap with another meeting of the same resource there.
                group = st.members.get(r * pb.num_slots + t)
                if not group:
                    continue
                m2 = group[self.rng.randrange(len(group))]
                if locked[m2] or not allowed[m2] & abit:
                    continue
                if any(busy[q] & abit for q in parts[m2]):
                    continue
                chain = ([m], [m2])
            else:
                if own > 0:
                    continue
                chain = self.kempe(m, t)
                if chain is None:
                    continue
            d = self.swap_delta(chain[0], chain[1], a, t)
            if d is None:
                continue
            if d < best[0]:
                best = (d, t, chain[0], chain[1])
            elif d == 0 and sideways and best[0] == 0:
                flat += 1
                if self.rng.randrange(flat) == 0:
                    best = (0, t, chain[0], chain[1])
        return best

    def apply_swap(self, at_a: list[int], at_t: list[int], a: int, t: int) -> None:
        st = self.state
        for x in at_a:
            st.unplace(x)
        for x in at_t:
            st.unplace(x)
        for x in at_a:
            st.place(x, t)
        for x in at_t:
            st.place(x, a)

    def reduce_idle(self) -> None:
        """Local search on idle slots; the weight never changes.

        Descent: for every participant with idle slots, each of its meetings on such a day
        takes its best Kempe swap (a move to a free slot is the smallest one) while that lowers
        the total. Then a plateau walk: random swaps that keep the total, each followed by a
        descent around it, in rounds while the rounds still lower the total (at most
        ``IDLE_ROUNDS`` rounds and a budget of evaluated moves, within the time limit). No move
        ever raises the total."""
        pb, st, rng = self.pb, self.state, self.rng
        avail, day_mask = pb.avail, pb.day_mask
        self.idle_deadline = self.deadline - 0.02 * (self.deadline - self.started)
        movable = set()
        for m in self.free:
            if st.slot[m] >= 0:
                movable.update(pb.parts[m])
        if not movable:
            return
        self.idle_moves = 0
        self.idle_work = 0
        # A work budget (moves evaluated) rather than only a time limit keeps runs repeatable.
        self.idle_budget = IDLE_WORK_BASE + IDLE_WORK_PER_MEETING * len(self.free)
        todo = [p for p in sorted(movable) if _idle(st.busy[p], avail[p], day_mask)]
        self.descend(todo)
        last: dict[int, int] = {}  # meeting -> the slot it left in a sideways move
        stale = 0
        rounds = 0
        while (
            rounds < IDLE_ROUNDS
            and stale < 3
            and self.idle_work < self.idle_budget
            and time.perf_counter() < self.idle_deadline
        ):
            rounds += 1
            start = self.idle_now
            self.report(
                0.7 + 0.3 * min(1.0, self.idle_work / self.idle_budget), "reducing idle slots"
            )
            people = [p for p in sorted(movable) if _idle(st.busy[p], avail[p], day_mask)]
            rng.shuffle(people)
            for k, p in enumerate(people):
                if self.idle_work >= self.idle_budget:
                    break
                if not k & 31 and time.perf_counter() > self.idle_deadline:
                    break
                bp = st.busy[p]
                days = 0
                for dm in day_mask:
                    if _idle_day(bp & dm, avail[p]):
                        days |= dm
                options = [m for t, m in st.occ[p].items() if days >> t & 1 and not st.locked[m]]
                if not options:
                    continue
                m = options[rng.randrange(len(options))]
                a = st.slot[m]
                d, target, at_a, at_t = self.best_idle_move(m, True, last.get(m, -1))
                if target < 0:
                    continue
                for x in at_a:
                    last[x] = a
                for x in at_t:
                    last[x] = target
                self.apply_idle_move(d, a, target, at_a, at_t, None)
                touched = set()
                for x in at_a + at_t:
                    touched.update(pb.parts[x])
                self.descend(sorted(touched))
            stale = stale + 1 if self.idle_now >= start else 0
        self.stats["idle_moves"] = self.idle_moves
        self.stats["idle_rounds"] = rounds

    def apply_idle_move(
        self,
        d: int,
        a: int,
        t: int,
        at_a: list[int],
        at_t: list[int],
        queue: tuple[deque, set] | None,
    ) -> None:
        pb, st = self.pb, self.state
        self.apply_swap(at_a, at_t, a, t)
        self.idle_now += d
        self.idle_moves += 1
        if queue is not None:
            todo, queued = queue
            avail, day_mask = pb.avail, pb.day_mask
            for x in at_a + at_t:
                for q in pb.parts[x]:
                    if q not in queued and _idle(st.busy[q], avail[q], day_mask):
                        queued.add(q)
                        todo.append(q)

    def descend(self, people: list[int]) -> None:
        """Best-improvement descent from these participants (and those it touches)."""
        pb, st = self.pb, self.state
        avail, day_mask, slot_day = pb.avail, pb.day_mask, pb.slot_day
        todo = deque(people)
        queued = set(todo)
        evaluated = 0
        while todo:
            p = todo.popleft()
            queued.discard(p)
            bp = st.busy[p]
            days = 0
            for dm in day_mask:
                if _idle_day(bp & dm, avail[p]):
                    days |= dm
            if not days:
                continue
            for t, m in sorted(st.occ[p].items()):
                if st.locked[m] or not days >> t & 1 or st.slot[m] != t:
                    continue
                # A meeting inside the day's span of each of its participants cannot shorten
                # a span by moving; skip it (its neighbours' moves are tried instead).
                dm = day_mask[slot_day[t]]
                for q in pb.parts[m]:
                    b = st.busy[q] & dm
                    if b.bit_length() - 1 == t or b & -b == 1 << t:
                        break
                else:
                    continue
                evaluated += 1
                if not evaluated & 63 and time.perf_counter() > self.idle_deadline:
                    return
                d, target, at_a, at_t = self.best_idle_move(m)
                if d < 0:
                    self.apply_idle_move(d, t, target, at_a, at_t, (todo, queued))
                    if p not in queued:
                        queued.add(p)
                        todo.append(p)
                    break

    # ---------------------------------------------------------------------------------------
    # Output

    def locations(self) -> list[int]:
        """A concrete location per scheduled meeting; a participant keeps its table if it can."""
        pb, st = self.pb, self.state
        n_slots = pb.num_slots
        loc = [-1] * len(pb.meet_ids)
        by_slot: list[list[int]] = [[] for _ in range(n_slots)]
        for m, s in enumerate(st.slot):
            if s < 0:
                continue
            if pb.res[m]:
                loc[m] = pb.res_loc[pb.res[m]]
            elif pb.lock_loc[m] >= 0:
                loc[m] = pb.lock_loc[m]
            else:
                by_slot[s].append(m)
        tables = {j: pb.loc_cap[j] for j in pb.table_locs if pb.loc_cap[j]}
        room_of_slot = [dict(tables) for _ in range(n_slots)]
        for m, s in enumerate(st.slot):
            if s >= 0 and not pb.res[m] and pb.lock_loc[m] >= 0:
                room_of_slot[s][pb.lock_loc[m]] -= 1
        last_table: dict[int, int] = {}  # participant -> table in the previous slot
        for s in range(n_slots):
            room = room_of_slot[s]
            if s and pb.slot_day[s] != pb.slot_day[s - 1]:
                last_table = {}
            pending = []
            for m in by_slot[s]:
                for p in pb.parts[m]:
                    j = last_table.get(p)
                    if j is not None and room.get(j, 0) > 0:
                        loc[m] = j
                        room[j] -= 1
                        break
                else:
                    pending.append(m)
            free_tables = (j for j in pb.table_locs if room.get(j, 0) > 0)
            j = next(free_tables, -1)
            for m in pending:
                while room.get(j, 0) <= 0:
                    j = next(free_tables)
                loc[m] = j
                room[j] -= 1
            new_last: dict[int, int] = {}
            for m in by_slot[s]:
                for p in pb.parts[m]:
                    new_last[p] = loc[m]
            last_table = new_last
        return loc

    def solution(self) -> dict:
        pb, st = self.pb, self.state
        loc = self.locations()
        scheduled = []
        unscheduled = []
        for m, s in enumerate(st.slot):
            if s >= 0:
                scheduled.append(
                    {
                        "meeting": pb.meet_ids[m],
                        "slot": pb.slot_ids[s],
                        "location": pb.loc_ids[loc[m]],
                    }
                )
            else:
                unscheduled.append(pb.meet_ids[m])
        weight = st.weight()
        bound = max(self.upper_bound, weight)
        if all(w.is_integer() for w in pb.weight):
            weight_out: float | int = int(round(weight))
            bound_out: float | int = int(math.floor(bound + 1e-6))
        else:
            weight_out, bound_out = weight, bound
        stats = {
            "weight_scheduled": weight_out,
            "upper_bound": bound_out,
            "idle_slots": self.stats["idle_before"] + self.idle_now,
            "proved_optimal": weight >= bound - self.tol,
            "seconds": round(time.perf_counter() - self.started, 3),
            "meetings": len(pb.meet_ids),
            "meetings_scheduled": len(scheduled),
            "meetings_locked": sum(1 for s in pb.lock_slot if s >= 0),
            "bound_source": self.bound_source,
            "seed": self.seed,
        }
        stats.update(self.stats)
        return {
            "format": SOLUTION_FORMAT,
            "scheduled": scheduled,
            "unscheduled": unscheduled,
            "stats": stats,
        }


# --------------------------------------------------------------------------------------------
# Command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instance", metavar="INSTANCE.json", help="the instance file")
    parser.add_argument(
        "-o",
        "--output",
        metavar="SOLUTION.json",
        help="where to write the solution (default: standard output)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"wall-clock limit for solving (default {DEFAULT_TIME_LIMIT:g}); the search stops "
        "earlier when it cannot improve any more",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")


def run(
    instance_path: str,
    output: str | None,
    time_limit: float,
    seed: int = 0,
    stdout: TextIO | None = None,
) -> dict:
    """Read, solve, write (to ``output``, or ``stdout`` if None).

    Raises :class:`InstanceError` for every input problem (unreadable or malformed file,
    unwritable output, bad time limit).
    """
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise InstanceError(f"--time-limit must be a number of seconds > 0, not {time_limit}")
    started = time.perf_counter()
    data = read_instance(instance_path)
    # Writing the solution takes about as long as reading the instance; starting Python and
    # importing this module took about STARTUP_SECONDS before ``started``.
    spent = 2 * (time.perf_counter() - started) + STARTUP_SECONDS
    budget = max(0.1 * time_limit, time_limit - spent)
    try:
        solution = solve(data, time_limit=budget, seed=seed)
    except InstanceError as exc:
        raise InstanceError(f"{instance_path}: {exc}") from None
    text = json.dumps(solution, ensure_ascii=False, separators=(",", ":"))
    try:
        if output is not None:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            (stdout or sys.stdout).write(text + "\n")
    except OSError as exc:
        raise InstanceError(f"cannot write {output}: {exc.strerror or exc}") from None
    return solution


def summary(solution: dict) -> str:
    """One line for the terminal."""
    st = solution["stats"]
    quality = "optimal" if st["proved_optimal"] else f"upper bound {st['upper_bound']}"
    return (
        f"{st['meetings_scheduled']} of {st['meetings']} meetings scheduled, weight "
        f"{st['weight_scheduled']} ({quality}), {st['idle_slots']} idle slots, "
        f"solved in {st['seconds']:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m korpu.solvers.meeting_schedule",
        description="Schedule B2B meetings into slots and locations (korpu.meetings/v1).",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        solution = run(args.instance, args.output, args.time_limit, args.seed)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output is not None:
        print(summary(solution))
    return 0


if __name__ == "__main__":
    sys.exit(main())
