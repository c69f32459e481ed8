"""First-fit greedy meeting scheduler: the baseline of the meeting-schedule benchmark.

    .venv/bin/python bench/meeting_schedule/greedy.py INSTANCE.json -o SOLUTION.json
    .venv/bin/python bench/meeting_schedule/greedy.py INSTANCE.json -o S.json --order weight

Locked meetings are placed first, where they are locked. Then the other meetings, in input
order (``--order input``, the default: the order requests were made, first come first served)
or heaviest first (``--order weight``, stable), each go to the first slot in time order where
all its participants are available and not yet in a meeting and a location has room: the
host's booth when the host has one, else the first non-booth location (in instance order) with
capacity left in that slot. A meeting with no such slot stays unscheduled. Nothing is ever
moved, so this is what a scheduler without search reaches. Writes the solution format
(``korpu.meetings.solution/v1``) with ``upper_bound`` = the total weight (the trivial bound:
greedy proves nothing better) and the idle slots of the schedule.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def solve(instance: dict, order: str = "input") -> dict:
    started = time.perf_counter()
    slots = [s["id"] for s in instance["slots"]]
    days = [s["day"] for s in instance["slots"]]
    sidx = {s: k for k, s in enumerate(slots)}
    n_slots = len(slots)
    everything = (1 << n_slots) - 1
    avail: dict[str, int] = {}
    booth: dict[str, str] = {}
    for p in instance["participants"]:
        if "available" in p and p["available"] is not None:
            mask = 0
            for s in p["available"]:
                mask |= 1 << sidx[s]
            avail[p["id"]] = mask
        else:
            avail[p["id"]] = everything
        if p.get("booth"):
            booth[p["id"]] = p["booth"]
    booths = set(booth.values())
    capacity = {loc["id"]: int(loc["capacity"]) for loc in instance["locations"]}
    tables = [loc["id"] for loc in instance["locations"] if loc["id"] not in booths]
    used: dict[tuple[int, str], int] = {}
    table_room = [sum(capacity[t] for t in tables)] * n_slots  # capacity left per slot
    table_open = everything if tables else 0
    for k in range(n_slots):
        if table_room[k] <= 0:
            table_open &= ~(1 << k)
    next_table = [0] * n_slots
    busy: dict[str, int] = dict.fromkeys(avail, 0)
    booth_busy: dict[str, int] = dict.fromkeys(booths, 0)

    def take(m: dict, k: int, loc: str) -> None:
        nonlocal table_open
        for p in m["participants"]:
            busy[p] |= 1 << k
        used[(k, loc)] = used.get((k, loc), 0) + 1
        if loc in booths:
            if used[(k, loc)] >= capacity[loc]:
                booth_busy[loc] |= 1 << k
        else:
            table_room[k] -= 1
            if table_room[k] <= 0:
                table_open &= ~(1 << k)

    scheduled: dict[str, tuple[int, str]] = {}
    meetings = instance["meetings"]
    for m in meetings:
        if m.get("locked") and "location" in m["locked"]:
            k, loc = sidx[m["locked"]["slot"]], m["locked"]["location"]
            take(m, k, loc)
            scheduled[m["id"]] = (k, loc)
    # Meetings locked at a slot only come first, then the others.
    todo = [m for m in meetings if m.get("locked") and "location" not in m["locked"]]
    todo += [m for m in meetings if not m.get("locked")]
    if order == "weight":
        todo.sort(key=lambda m: (not m.get("locked"), -m.get("weight", 1)))
    for m in todo:
        cand = everything
        if m.get("locked"):
            cand = 1 << sidx[m["locked"]["slot"]]
        for p in m["participants"]:
            cand &= avail[p] & ~busy[p]
        host_booth = booth.get(m.get("host"))
        if host_booth is not None:
            cand &= ~booth_busy[host_booth]
        else:
            cand &= table_open
        if not cand:
            continue
        k = (cand & -cand).bit_length() - 1
        if host_booth is not None:
            loc = host_booth
        else:
            while used.get((k, tables[next_table[k]]), 0) >= capacity[tables[next_table[k]]]:
                next_table[k] += 1
            loc = tables[next_table[k]]
        take(m, k, loc)
        scheduled[m["id"]] = (k, loc)

    weight = sum(m.get("weight", 1) for m in meetings if m["id"] in scheduled)
    total = sum(m.get("weight", 1) for m in meetings)
    # Idle slots: per participant and day, free available slots between first and last meeting.
    idle = 0
    day_slots: dict[str, list[int]] = {}
    for k, d in enumerate(days):
        day_slots.setdefault(d, []).append(k)
    for p, mask in busy.items():
        for ks in day_slots.values():
            mine = [k for k in ks if mask >> k & 1]
            if len(mine) < 2:
                continue
            idle += sum(
                1 for k in ks if mine[0] < k < mine[-1] and avail[p] >> k & 1 and not mask >> k & 1
            )
    return {
        "format": "korpu.meetings.solution/v1",
        "scheduled": [
            {
                "meeting": m["id"],
                "slot": slots[scheduled[m["id"]][0]],
                "location": scheduled[m["id"]][1],
            }
            for m in meetings
            if m["id"] in scheduled
        ],
        "unscheduled": [m["id"] for m in meetings if m["id"] not in scheduled],
        "stats": {
            "weight_scheduled": weight,
            "upper_bound": total,
            "idle_slots": idle,
            "proved_optimal": weight == total,
            "seconds": round(time.perf_counter() - started, 3),
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--order", choices=["input", "weight"], default="input")
    args = parser.parse_args(argv)
    instance = json.loads(args.instance.read_text(encoding="utf-8"))
    solution = solve(instance, args.order)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(solution, separators=(",", ":")), encoding="utf-8")
    st = solution["stats"]
    print(
        f"greedy ({args.order} order): {len(solution['scheduled'])} of "
        f"{len(instance['meetings'])} meetings, weight {st['weight_scheduled']} of "
        f"{st['upper_bound']} ({100 * st['weight_scheduled'] / max(1, st['upper_bound']):.2f}%), "
        f"idle slots {st['idle_slots']}, {st['seconds']} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
