"""Check a meeting schedule independently of the scheduler's code.

    .venv/bin/python bench/meeting_schedule/verify.py INSTANCE.json SOLUTION.json
    .venv/bin/python bench/meeting_schedule/verify.py INSTANCE.json SOLUTION.json \\
        --planted INSTANCE.planted.json --json

Shares no code with ``korpu.solvers.meeting_schedule`` (nor with greedy.py or generate.py):
everything is recomputed here from the two JSON files.

1. The instance is well formed: known format, unique ids, every referenced slot, location and
   participant exists, slots of a day are consecutive, capacities are non-negative integers,
   hosts take part in their meetings, booths are locations.
2. The solution is valid (the rules of issue 5): every scheduled meeting exists, is scheduled
   once, with one known slot and one known location; scheduled + unscheduled = all meetings,
   without duplicates or overlap; every participant of a scheduled meeting is available then;
   nobody is in two meetings in one slot; no location holds more meetings than its capacity in
   a slot; a meeting whose host has a booth is at that booth, and no other meeting uses a booth;
   locked meetings are scheduled at their locked slot and location.
3. The reported statistics are true: ``weight_scheduled`` and ``idle_slots`` equal the values
   recomputed here (idle slots: per participant and day, the free available slots between the
   participant's first and last meeting of that day); ``upper_bound`` is not below the weight
   found; ``proved_optimal`` is only claimed when the weight equals the bound.
4. With the planted schedule (``--planted``, by default ``<instance>.planted.json`` when that
   file exists): the planted schedule must itself pass 2 and schedule every meeting, so the
   optimum is the total weight; the solution's weight is compared to it (% of optimum, gap);
   a reported ``upper_bound`` below the optimum, or ``proved_optimal`` with less than the
   optimum, is a violation (a false proof).

Prints the findings; exit status 1 on any violation (or a malformed file), 0 otherwise.
``--json`` adds one last line with the figures as JSON (for run.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

INSTANCE_FORMAT = "korpu.meetings/v1"
SOLUTION_FORMAT = "korpu.meetings.solution/v1"
SHOW = 5  # examples printed per kind of violation


class Instance:
    """The instance, indexed. Problems found while reading go to `problems`."""

    def __init__(self, data: dict, problems: list[str]) -> None:
        if data.get("format") != INSTANCE_FORMAT:
            problems.append(f"instance format {data.get('format')!r} is not {INSTANCE_FORMAT}")
        self.slot_ids = [s["id"] for s in data.get("slots", [])]
        self.slot_day = {s["id"]: s["day"] for s in data.get("slots", [])}
        self.position = {s: k for k, s in enumerate(self.slot_ids)}
        dup(problems, "slot", self.slot_ids)
        # Slots of one day are consecutive.
        days_seen: list[str] = []
        for s in self.slot_ids:
            d = self.slot_day[s]
            if days_seen and days_seen[-1] != d and d in days_seen:
                problems.append(f"slots of day {d!r} are not consecutive")
                break
            if not days_seen or days_seen[-1] != d:
                days_seen.append(d)
        self.days = days_seen
        self.capacity = {}
        for loc in data.get("locations", []):
            cap = loc.get("capacity")
            if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
                problems.append(f"location {loc.get('id')!r}: capacity {cap!r}")
            self.capacity[loc["id"]] = cap if isinstance(cap, int) else 0
        dup(problems, "location", [loc["id"] for loc in data.get("locations", [])])
        self.available: dict[str, set[str] | None] = {}
        self.booth_of: dict[str, str] = {}
        for p in data.get("participants", []):
            pid = p["id"]
            av = p.get("available")
            if av is None:
                self.available[pid] = None  # every slot
            else:
                unknown = [s for s in av if s not in self.position]
                if unknown:
                    problems.append(f"participant {pid!r}: unknown slots {unknown[:SHOW]}")
                self.available[pid] = set(av)
            if p.get("booth") is not None:
                if p["booth"] not in self.capacity:
                    problems.append(f"participant {pid!r}: unknown booth {p['booth']!r}")
                self.booth_of[pid] = p["booth"]
        dup(problems, "participant", [p["id"] for p in data.get("participants", [])])
        self.booth_owners: dict[str, set[str]] = defaultdict(set)
        for pid, b in self.booth_of.items():
            self.booth_owners[b].add(pid)
        self.meetings = {}
        self.order = []
        for m in data.get("meetings", []):
            mid = m["id"]
            people = m.get("participants", [])
            if not people:
                problems.append(f"meeting {mid!r} has no participants")
            unknown = [p for p in people if p not in self.available]
            if unknown:
                problems.append(f"meeting {mid!r}: unknown participants {unknown}")
            if len(set(people)) != len(people):
                problems.append(f"meeting {mid!r}: a participant is listed twice")
            host = m.get("host")
            if host is not None and host not in people:
                problems.append(f"meeting {mid!r}: host {host!r} does not take part")
            weight = m.get("weight", 1)
            if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
                problems.append(f"meeting {mid!r}: weight {weight!r}")
                weight = 0
            locked = m.get("locked")
            if locked is not None and (
                locked.get("slot") not in self.position
                or ("location" in locked and locked["location"] not in self.capacity)
            ):
                problems.append(f"meeting {mid!r}: locked at unknown slot or location {locked}")
            self.meetings[mid] = {
                "people": people,
                "host": host,
                "weight": weight,
                "locked": locked,
            }
            self.order.append(mid)
        dup(problems, "meeting", self.order)
        self.total_weight = sum(m["weight"] for m in self.meetings.values())

    def is_available(self, pid: str, slot: str) -> bool:
        av = self.available.get(pid)
        return av is None or slot in av


def dup(problems: list[str], what: str, ids: list[str]) -> None:
    twice = [i for i, c in Counter(ids).items() if c > 1]
    if twice:
        problems.append(f"{len(twice)} {what} ids appear twice, e.g. {twice[:SHOW]}")


def check(inst: Instance, sol: dict) -> tuple[list[str], dict]:
    """Violations of the solution, and the recomputed figures."""
    bad: dict[str, list[str]] = defaultdict(list)
    if sol.get("format") != SOLUTION_FORMAT:
        bad["format"].append(f"solution format {sol.get('format')!r} is not {SOLUTION_FORMAT}")
    entries = sol.get("scheduled", [])
    unscheduled = sol.get("unscheduled", [])
    where: dict[str, tuple[str, str]] = {}
    for e in entries:
        mid, slot, loc = e.get("meeting"), e.get("slot"), e.get("location")
        if mid not in inst.meetings:
            bad["unknown meeting"].append(repr(mid))
            continue
        if mid in where:
            bad["scheduled twice"].append(mid)
            continue
        if not isinstance(slot, str) or slot not in inst.position:
            bad["unknown or missing slot"].append(f"{mid}: {slot!r}")
            continue
        if not isinstance(loc, str) or loc not in inst.capacity:
            bad["unknown or missing location"].append(f"{mid}: {loc!r}")
            continue
        where[mid] = (slot, loc)
    unknown_un = [m for m in unscheduled if m not in inst.meetings]
    if unknown_un:
        bad["unknown meeting in unscheduled"].extend(map(repr, unknown_un))
    twice_un = [m for m, c in Counter(unscheduled).items() if c > 1]
    if twice_un:
        bad["unscheduled twice"].extend(twice_un)
    both = [m for m in set(unscheduled) if m in where]
    if both:
        bad["both scheduled and unscheduled"].extend(sorted(both))
    listed = set(unscheduled) | {e.get("meeting") for e in entries}
    missing = [m for m in inst.order if m not in listed]
    if missing:
        bad["neither scheduled nor unscheduled"].extend(missing)

    in_slot: dict[tuple[str, str], str] = {}
    load: Counter = Counter()
    for mid, (slot, loc) in where.items():
        m = inst.meetings[mid]
        for p in m["people"]:
            if not inst.is_available(p, slot):
                bad["participant not available"].append(f"{mid}: {p} at {slot}")
            other = in_slot.get((p, slot))
            if other is not None:
                bad["participant in two meetings in one slot"].append(
                    f"{p} at {slot}: {other} and {mid}"
                )
            else:
                in_slot[(p, slot)] = mid
        load[(slot, loc)] += 1
        host_booth = inst.booth_of.get(m["host"]) if m["host"] is not None else None
        if host_booth is not None and loc != host_booth:
            bad["meeting of a booth owner not at the host's booth"].append(
                f"{mid} at {loc}, host {m['host']} has booth {host_booth}"
            )
        if loc in inst.booth_owners and m["host"] not in inst.booth_owners[loc]:
            bad["booth used by a meeting its owner does not host"].append(
                f"{mid} at booth {loc} (host {m['host']!r})"
            )
        locked = m["locked"]  # a lock without "location" fixes only the slot
        if locked is not None and (
            locked.get("slot") != slot or locked.get("location", loc) != loc
        ):
            bad["locked meeting moved"].append(
                f"{mid} at {slot}/{loc}, locked at {locked.get('slot')}/{locked.get('location')}"
            )
    for mid in inst.order:
        if inst.meetings[mid]["locked"] is not None and mid not in where:
            bad["locked meeting not scheduled"].append(mid)
    for (slot, loc), n in load.items():
        if n > inst.capacity[loc]:
            bad["location over capacity"].append(f"{loc} at {slot}: {n} > {inst.capacity[loc]}")

    # Figures.
    weight = sum(inst.meetings[m]["weight"] for m in where)
    busy: dict[str, set[str]] = defaultdict(set)
    for mid, (slot, _) in where.items():
        for p in inst.meetings[mid]["people"]:
            busy[p].add(slot)
    by_day: dict[str, list[str]] = defaultdict(list)
    for s in inst.slot_ids:
        by_day[inst.slot_day[s]].append(s)
    idle = 0
    for p, mine in busy.items():
        for day_slots in by_day.values():
            ks = [k for k, s in enumerate(day_slots) if s in mine]
            if len(ks) < 2:
                continue
            for s in day_slots[ks[0] + 1 : ks[-1]]:
                if s not in mine and inst.is_available(p, s):
                    idle += 1
    figures = {
        "meetings": len(inst.order),
        "scheduled": len(where),
        "weight": weight,
        "total_weight": inst.total_weight,
        "idle_slots": idle,
    }
    stats = sol.get("stats") or {}
    if "weight_scheduled" in stats and stats["weight_scheduled"] != weight:
        bad["stats"].append(f"weight_scheduled {stats['weight_scheduled']} but {weight}")
    if "idle_slots" in stats and stats["idle_slots"] != idle:
        bad["stats"].append(f"idle_slots {stats['idle_slots']} but {idle}")
    bound = stats.get("upper_bound")
    if bound is not None and bound < weight - 1e-9:
        bad["stats"].append(f"upper_bound {bound} below the weight found {weight}")
    if stats.get("proved_optimal") and (bound is None or weight < bound - 1e-9):
        bad["stats"].append(f"proved_optimal claimed with weight {weight}, bound {bound}")
    figures.update(
        upper_bound=bound,
        proved_optimal=stats.get("proved_optimal"),
        solver_seconds=stats.get("seconds"),
    )
    problems = []
    for kind, items in bad.items():
        examples = "; ".join(items[:SHOW])
        more = f" (and {len(items) - SHOW} more)" if len(items) > SHOW else ""
        problems.append(f"{kind}: {len(items)}: {examples}{more}")
    return problems, figures


def verify(instance: dict, solution: dict, planted: dict | None = None) -> tuple[list[str], dict]:
    """All violations (instance, solution, planted schedule, claims) and the figures."""
    problems: list[str] = []
    inst = Instance(instance, problems)
    problems = [f"instance: {p}" for p in problems]
    if problems:
        return problems, {}
    found, figures = check(inst, solution)
    problems += found
    if planted is not None:
        p_found, p_fig = check(inst, planted)
        problems += [f"planted schedule: {p}" for p in p_found]
        if p_fig["scheduled"] != p_fig["meetings"]:
            problems.append(
                f"planted schedule: schedules {p_fig['scheduled']} of {p_fig['meetings']} "
                "meetings, so it does not prove the optimum"
            )
        elif not p_found:
            optimum = p_fig["weight"]
            figures["optimum"] = optimum
            figures["percent_of_optimum"] = (
                100.0 * figures["weight"] / optimum if optimum else 100.0
            )
            figures["gap"] = optimum - figures["weight"]
            bound = figures.get("upper_bound")
            if bound is not None and bound < optimum - 1e-9:
                problems.append(
                    f"claims: upper_bound {bound} is below the planted optimum {optimum} (false)"
                )
            if figures.get("proved_optimal") and figures["weight"] < optimum - 1e-9:
                problems.append(
                    f"claims: proved_optimal with weight {figures['weight']} < optimum {optimum}"
                )
    return problems, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("solution", type=Path)
    parser.add_argument("--planted", type=Path, help="default: <instance>.planted.json if any")
    parser.add_argument("--no-planted", action="store_true", help="ignore the planted file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON last")
    args = parser.parse_args(argv)
    try:
        instance = json.loads(args.instance.read_text(encoding="utf-8"))
        solution = json.loads(args.solution.read_text(encoding="utf-8"))
        planted_path = args.planted or args.instance.with_name(args.instance.stem + ".planted.json")
        planted = None
        if not args.no_planted and (args.planted or planted_path.exists()):
            planted = json.loads(planted_path.read_text(encoding="utf-8"))
        problems, figures = verify(instance, solution, planted)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems, figures = [f"cannot read the files: {type(exc).__name__}: {exc}"], {}
    if figures:
        line = (
            f"scheduled {figures['scheduled']} of {figures['meetings']} meetings, weight "
            f"{figures['weight']} of {figures['total_weight']}, idle slots {figures['idle_slots']}"
        )
        if "optimum" in figures:
            line += (
                f"; planted optimum {figures['optimum']}: "
                f"{figures['percent_of_optimum']:.3f}% (gap {figures['gap']})"
            )
        print(line)
        print(
            f"reported: upper_bound {figures['upper_bound']}, "
            f"proved_optimal {figures['proved_optimal']}, seconds {figures['solver_seconds']}"
        )
    for p in problems:
        print(f"VIOLATION {p}")
    print("valid" if not problems else f"INVALID: {len(problems)} kinds of violation")
    if args.json:
        print(json.dumps({"valid": not problems, "problems": problems, **figures}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
