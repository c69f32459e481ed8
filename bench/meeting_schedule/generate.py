"""Planted instance generator for the B2B meeting scheduler (`korpu.meetings/v1`).

    .venv/bin/python bench/meeting_schedule/generate.py --preset een -o bench/out/een-s1.json
    .venv/bin/python bench/meeting_schedule/generate.py --preset bio --seed 2 -o bio.json
    .venv/bin/python bench/meeting_schedule/generate.py --participants 60 --meetings 150 \\
        --days 1 --slots 8 --spare 0.15 -o small.json

Every instance is built around a hidden complete schedule (the "planted" schedule), written
next to the instance as ``<instance>.planted.json`` in the solution format
(``korpu.meetings.solution/v1``, nothing unscheduled). Every requested meeting fits in it, so
the optimum weight is known exactly: it is the total weight of all meetings. Anyone can check
the planted schedule with ``verify.py INSTANCE PLANTED``.

The model (seeded ``random.Random`` streams, so a seed and the options give the same files):

- Attendance. Each participant attends some days (een: 80% both days; bio: 55% all three,
  30% two consecutive, 15% one) and, on each day, either the whole day (75%) or a contiguous
  part of it (arriving late / leaving early, at least half the day). In ibtm ("sparse")
  buyers attend one day (50%) or both, each day a window of 40-100% of the day.
- Popularity. Each participant gets a Zipf weight 1/rank^alpha (``--alpha``, 0.8; rank a
  random permutation).
  A meeting is requested by a participant drawn with a mild activity weight and asked of a
  participant drawn by popularity, so a few participants are asked by many and become fully
  booked (every slot of their attendance window holds a meeting), as the popular companies
  of real events are. In ibtm, buyers request meetings with suppliers (popularity on the
  suppliers); 3% of the draws are buyer-to-buyer meetings at tables.
- Planting. Meetings are planted one by one, in random order, each into a slot chosen
  uniformly among the slots where all its participants are still free and, for a table
  meeting, where fewer than a cap of table meetings are planted. The cap is the average
  number of table meetings per slot plus ``--plant-slack`` (een 15%, bio 20%, ibtm 15%), so
  the planted load is nearly flat and the tables are used in almost every slot. A draw
  without a common free slot is dropped and another one drawn; the same set of participants
  never meets twice.
- Tables. Locations are tables of capacity 1 and a few rooms of capacity 4 (about a tenth of
  the capacity). Their total capacity per slot is the planted peak of table meetings per slot
  times (1 + ``--spare``), rounded up: 0 gives the tight variants (no spare table in the
  peak slot; the presets), 0.15 what b2match advises (peak plus 10-20%). Table placement uses
  its own random stream, so ``--spare`` changes the tables only, not the meetings.
- Booths. A share of participants (bio 2%; ibtm: every supplier, 5,000 of 12,000) have a
  booth (a location of capacity 1); a meeting whose invitee, or else requester, has a booth
  is hosted by that participant and planted at the booth. Every meeting names a host (the
  invitee unless a booth owner takes it).
- Availability. Each participant is available in all their planted slots plus, for each
  other slot of their attendance window, with probability ``--extra`` (een/bio 0.6, ibtm
  0.8 inside the buyers' short windows). A fraction ``--dense`` of the participants (een/bio
  5%, chosen at random) is available in exactly their planted slots, nothing more. When a
  participant ends up available everywhere the ``available`` key is left out (every slot).
- Meetings: 4.5% of the draws in een/bio have three participants (about 3% of the planted
  meetings: triples are harder to plant); weights are 1 (85%), 2 (11%) or 3 (4%). Their
  order in the file is a fresh random permutation (the ids m1, m2, ... follow it), so the file
  says nothing about the planted slots. ``--locked N`` marks N planted meetings, drawn at
  random, as locked at their planted slot and location.

Why these choices: a first-fit greedy must have a real chance to go wrong, as on real events.
Fully booked popular participants, participants available only when they are planted, and
tables that are used in almost every slot make an early wrong choice cost a meeting later.
The knobs were tuned until greedy.py (first fit, input order) reached 93-96% on the presets
(seeds 1-5: een 93.2-95.6%, bio 93.6-94.0%, ibtm 93.6-93.9%; heaviest-first order about one
point more); with ``--spare 0.15`` it reaches about 95-96% on een and bio.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

FORMAT = "korpu.meetings/v1"
SOLUTION_FORMAT = "korpu.meetings.solution/v1"

PRESETS: dict[str, dict] = {
    "een": {
        "participants": 400,
        "meetings": 1650,
        "days": 2,
        "slots": 12,
        "spare": 0.0,
        "triples": 0.045,
        "booths": 0.0,
        "alpha": 0.8,
        "extra": 0.6,
        "dense": 0.05,
        "kind": "conference",
        "plant_slack": 0.15,
    },
    "bio": {
        "participants": 16_000,
        "meetings": 48_500,
        "days": 3,
        "slots": 16,
        "spare": 0.0,
        "triples": 0.045,
        "booths": 0.02,
        "alpha": 0.8,
        "extra": 0.6,
        "dense": 0.05,
        "kind": "conference",
        "plant_slack": 0.2,
    },
    "ibtm": {
        "participants": 12_000,
        "meetings": 73_000,
        "days": 2,
        "slots": 16,
        "spare": 0.0,
        "triples": 0.0,
        "booths": 0.0,
        "alpha": 0.8,
        "extra": 0.8,
        "dense": 0.0,
        "kind": "hosted-buyer",
        "plant_slack": 0.15,
    },
}

ROOM_CAPACITY = 4


def slot_ids(days: int, slots: int, minutes: int = 20) -> list[tuple[str, str]]:
    """(id, day) in time order: slots from 09:00, a one-hour break after half of them."""
    out = []
    for d in range(days):
        for s in range(slots):
            start = 9 * 60 + s * minutes + (60 if s >= (slots + 1) // 2 else 0)
            out.append((f"d{d + 1}-{start // 60:02d}{start % 60:02d}", f"d{d + 1}"))
    return out


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _window(rng: random.Random, days: int, slots: int, kind: str, buyer: bool) -> int:
    """Bitmask of the slots a participant attends."""
    if kind == "hosted-buyer" and buyer:
        attended = [rng.randrange(days)] if rng.random() < 0.5 else list(range(days))
        low_share = 0.4
    else:
        if days == 1:
            attended = [0]
        else:
            r = rng.random()
            full, two = (0.8, 1.0) if days == 2 else (0.55, 0.85)
            if r < full:
                attended = list(range(days))
            elif r < two and days > 2:
                first = rng.randrange(days - 1)
                attended = [first, first + 1]
            else:
                attended = [rng.randrange(days)]
        low_share = 0.5
    mask = 0
    for d in attended:
        if kind == "hosted-buyer" and buyer or rng.random() < 0.25:
            length = rng.randint(max(1, math.ceil(low_share * slots)), slots)
            start = rng.randint(0, slots - length)
        else:
            length, start = slots, 0
        for s in range(start, start + length):
            mask |= 1 << (d * slots + s)
    return mask


def generate(
    *,
    participants: int,
    meetings: int,
    days: int,
    slots: int,
    spare: float = 0.0,
    triples: float = 0.0,
    booths: float = 0.0,
    alpha: float = 0.9,
    extra: float = 0.6,
    dense: float = 0.3,
    kind: str = "conference",
    plant_slack: float = 0.03,
    locked: int = 0,
    seed: int = 1,
    suppliers: float = 5 / 12,
    buyer_meetings: float = 0.03,
) -> tuple[dict, dict]:
    """Return (instance, planted solution)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    n, n_slots = participants, days * slots
    if n < 3 or meetings < 1 or n_slots < 1:
        raise ValueError("need at least 3 participants, 1 meeting and 1 slot")
    hosted_buyer = kind == "hosted-buyer"

    # Roles: in a hosted-buyer event the first `suppliers` share sells (and has a booth).
    is_supplier = [False] * n
    if hosted_buyer:
        for i in rng.sample(range(n), round(suppliers * n)):
            is_supplier[i] = True
    has_booth = list(is_supplier) if hosted_buyer else [False] * n
    if not hosted_buyer and booths > 0:
        for i in rng.sample(range(n), round(booths * n)):
            has_booth[i] = True

    window = [_window(rng, days, slots, kind, not is_supplier[i]) for i in range(n)]
    free = list(window)  # slots of the window without a planted meeting yet

    # Popularity (invitees) and activity (requesters).
    ranks = list(range(n))
    rng.shuffle(ranks)
    popularity = [1.0 / (ranks[i] + 1) ** alpha for i in range(n)]
    activity = [0.5 + rng.random() for _ in range(n)]
    if hosted_buyer:
        buyers = [i for i in range(n) if not is_supplier[i]]
        sellers = [i for i in range(n) if is_supplier[i]]
        inv_pool, inv_w = sellers, [popularity[i] for i in sellers]
        req_pool, req_w = buyers, [activity[i] for i in buyers]
        bb_inv_w = [popularity[i] for i in buyers]
    else:
        inv_pool, inv_w = list(range(n)), popularity
        req_pool, req_w = list(range(n)), activity
    inv_cum = _cumulative(inv_w)
    req_cum = _cumulative(req_w)
    bb_cum = _cumulative(bb_inv_w) if hosted_buyer else None

    # Table meetings expected: meetings without a booth owner among their participants.
    table_share = buyer_meetings if hosted_buyer else (1 - booths) ** 2
    cap = math.ceil(meetings * table_share / n_slots * (1 + plant_slack))
    table_load = [0] * n_slots
    open_tables = (1 << n_slots) - 1

    planted: list[tuple[tuple[int, ...], int, int, int]] = []  # (people, host, slot, booth?)
    seen: set[tuple[int, ...]] = set()
    draws = 0
    max_draws = 400 * meetings + 100_000
    batch: list[tuple[int, int]] = []
    while len(planted) < meetings:
        draws += 1
        if draws > max_draws:
            raise SystemExit(
                f"could only plant {len(planted)} of {meetings} meetings: too many meetings "
                f"for {n} participants in {n_slots} slots"
            )
        if not batch:
            k = 4096
            buyer_to_buyer = [hosted_buyer and rng.random() < buyer_meetings for _ in range(k)]
            reqs = rng.choices(req_pool, cum_weights=req_cum, k=k)
            invs = rng.choices(inv_pool, cum_weights=inv_cum, k=k)
            bbs = rng.choices(buyers, cum_weights=bb_cum, k=k) if hosted_buyer else invs
            batch = [
                (r, b if bb else i)
                for r, i, b, bb in zip(reqs, invs, bbs, buyer_to_buyer, strict=True)
            ]
        a, b = batch.pop()
        if a == b or not free[a] or not free[b]:
            continue
        people = [a, b]
        if triples and rng.random() < triples:
            c = rng.choices(inv_pool, cum_weights=inv_cum, k=1)[0]
            if c in people or not free[c]:
                continue
            people.append(c)
        key = tuple(sorted(people))
        if key in seen:
            continue
        common = free[a] & free[b]
        if len(people) == 3:
            common &= free[people[2]]
        # Host: the invitee, unless only the requester (or a third person) has a booth.
        host = b
        if not has_booth[b]:
            for p in people:
                if has_booth[p]:
                    host = p
                    break
        at_booth = has_booth[host]
        if not at_booth:
            common &= open_tables
        if not common:
            continue
        choices = _bits(common)
        slot = choices[rng.randrange(len(choices))]
        for p in people:
            free[p] &= ~(1 << slot)
        if not at_booth:
            table_load[slot] += 1
            if table_load[slot] >= cap:
                open_tables &= ~(1 << slot)
        seen.add(key)
        planted.append((tuple(people), host, slot, at_booth))

    # Locations: tables (capacity 1) and rooms (capacity 4) for the planted peak + spare.
    peak = max(table_load)
    capacity = math.ceil(peak * (1 + spare) - 1e-9)
    rooms = capacity // (10 * ROOM_CAPACITY) if capacity >= 2 * ROOM_CAPACITY else 0
    tables = capacity - rooms * ROOM_CAPACITY
    locations = [{"id": f"R{r + 1:02d}", "capacity": ROOM_CAPACITY} for r in range(rooms)]
    locations += [{"id": f"T{t + 1:04d}", "capacity": 1} for t in range(tables)]
    booth_id = {}
    for i in range(n):
        if has_booth[i]:
            booth_id[i] = f"B{len(booth_id) + 1:04d}"
            locations.append({"id": booth_id[i], "capacity": 1})

    # Planted locations: per slot, table meetings fill the shuffled capacity units.
    units = [loc["id"] for loc in locations[: rooms + tables] for _ in range(loc["capacity"])]
    per_slot: dict[int, list[int]] = {}
    for m, (_, _, slot, at_booth) in enumerate(planted):
        if not at_booth:
            per_slot.setdefault(slot, []).append(m)
    place = [""] * len(planted)
    # A separate stream, so that the tight and the spare variants of a seed differ only in
    # their tables: same participants, availability and meetings.
    loc_rng = random.Random(f"{seed}-locations")
    for ms in per_slot.values():
        spots = loc_rng.sample(units, len(ms))
        for m, loc in zip(ms, spots, strict=True):
            place[m] = loc
    for m, (_, host, _, at_booth) in enumerate(planted):
        if at_booth:
            place[m] = booth_id[host]

    # Availability: planted slots + extra slots of the window; dense people get none extra.
    busy = [0] * n
    for people, _, slot, _ in planted:
        for p in people:
            busy[p] |= 1 << slot
    dense_set = set(rng.sample(range(n), round(dense * n)))
    available = []
    for i in range(n):
        mask = busy[i]
        if i not in dense_set:
            for s in _bits(window[i] & ~busy[i]):
                if rng.random() < extra:
                    mask |= 1 << s
        available.append(mask)

    # Ids: participants in a random order, meetings in a fresh random order.
    order = list(range(n))
    rng.shuffle(order)
    pid = [""] * n
    for k, i in enumerate(order):
        pid[i] = f"p{k + 1}"
    sids = slot_ids(days, slots)
    all_slots = (1 << n_slots) - 1
    part_json = []
    for i in order:
        entry: dict = {"id": pid[i]}
        if available[i] != all_slots:
            entry["available"] = [sids[s][0] for s in _bits(available[i])]
        if i in booth_id:
            entry["booth"] = booth_id[i]
        part_json.append(entry)

    m_order = list(range(len(planted)))
    rng.shuffle(m_order)
    lock_set = set(rng.sample(m_order, min(locked, len(m_order))))
    meet_json = []
    sched_json = []
    total = 0
    for k, m in enumerate(m_order):
        people, host, slot, _ = planted[m]
        r = rng.random()
        weight = 1 if r < 0.85 else 2 if r < 0.96 else 3
        total += weight
        mid = f"m{k + 1}"
        entry = {
            "id": mid,
            "participants": [pid[p] for p in people],
            "host": pid[host],
            "weight": weight,
        }
        if m in lock_set:
            entry["locked"] = {"slot": sids[slot][0], "location": place[m]}
        meet_json.append(entry)
        sched_json.append({"meeting": mid, "slot": sids[slot][0], "location": place[m]})

    instance = {
        "format": FORMAT,
        "slots": [{"id": s, "day": d} for s, d in sids],
        "locations": locations,
        "participants": part_json,
        "meetings": meet_json,
    }
    idle = _idle(planted, available, days, slots)
    solution = {
        "format": SOLUTION_FORMAT,
        "scheduled": sched_json,
        "unscheduled": [],
        "stats": {
            "weight_scheduled": total,
            "upper_bound": total,
            "idle_slots": idle,
            "proved_optimal": True,
            "seconds": round(time.perf_counter() - started, 3),
        },
        "generator": {
            "seed": seed,
            "participants": n,
            "meetings": meetings,
            "days": days,
            "slots": slots,
            "spare": spare,
            "triples": triples,
            "booths": booths,
            "alpha": alpha,
            "extra": extra,
            "dense": dense,
            "kind": kind,
            "plant_slack": plant_slack,
            "locked": len(lock_set),
            "planted_table_peak": peak,
            "table_capacity_per_slot": rooms * ROOM_CAPACITY + tables,
            "table_meetings": sum(1 for x in planted if not x[3]),
            "booth_meetings": sum(1 for x in planted if x[3]),
            "fully_booked_participants": sum(
                1 for i in range(n) if window[i] and busy[i] == window[i]
            ),
            "draws": draws,
        },
    }
    return instance, solution


def _cumulative(weights: list[float]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _idle(planted, available, days: int, slots: int) -> int:
    busy: dict[int, int] = {}
    for people, _, slot, _ in planted:
        for p in people:
            busy[p] = busy.get(p, 0) | (1 << slot)
    idle = 0
    day_mask = (1 << slots) - 1
    for p, mask in busy.items():
        for d in range(days):
            b = (mask >> (d * slots)) & day_mask
            if not b:
                continue
            first = (b & -b).bit_length() - 1
            last = b.bit_length() - 1
            between = ((1 << last) - 1) & ~((1 << (first + 1)) - 1)
            avail = (available[p] >> (d * slots)) & day_mask
            idle += bin(between & avail & ~b).count("1")
    return idle


def planted_path(instance_path: Path) -> Path:
    return instance_path.with_name(instance_path.stem + ".planted.json")


def write(instance: dict, solution: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(instance, separators=(",", ":")), encoding="utf-8")
    side = planted_path(path)
    side.write_text(json.dumps(solution, separators=(",", ":")), encoding="utf-8")
    return side


def options(preset: str | None, **overrides) -> dict:
    opts = dict(PRESETS[preset]) if preset else dict(PRESETS["een"])
    opts.update({k: v for k, v in overrides.items() if v is not None})
    return opts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="een")
    parser.add_argument("--participants", type=int)
    parser.add_argument("--meetings", type=int)
    parser.add_argument("--days", type=int)
    parser.add_argument("--slots", type=int, help="slots per day")
    parser.add_argument("--spare", type=float, help="spare table capacity (0 = tight)")
    parser.add_argument("--triples", type=float, help="share of 3-person meetings")
    parser.add_argument("--booths", type=float, help="share of participants with a booth")
    parser.add_argument("--alpha", type=float, help="Zipf exponent of popularity")
    parser.add_argument("--extra", type=float, help="P(available) of a non-planted slot")
    parser.add_argument("--dense", type=float, help="share available exactly when planted")
    parser.add_argument("--plant-slack", type=float)
    parser.add_argument("--locked", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    opts = options(
        args.preset,
        participants=args.participants,
        meetings=args.meetings,
        days=args.days,
        slots=args.slots,
        spare=args.spare,
        triples=args.triples,
        booths=args.booths,
        alpha=args.alpha,
        extra=args.extra,
        dense=args.dense,
        plant_slack=args.plant_slack,
    )
    instance, solution = generate(**opts, locked=args.locked, seed=args.seed)
    side = write(instance, solution, args.output)
    g = solution["generator"]
    print(
        f"wrote {args.output} and {side}: {len(instance['participants'])} participants, "
        f"{len(instance['meetings'])} meetings (weight {solution['stats']['weight_scheduled']}), "
        f"{len(instance['slots'])} slots, table capacity {g['table_capacity_per_slot']}/slot "
        f"(planted peak {g['planted_table_peak']}), {g['booth_meetings']} booth meetings, "
        f"{g['fully_booked_participants']} fully booked participants, {g['locked']} locked, "
        f"{solution['stats']['seconds']} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
