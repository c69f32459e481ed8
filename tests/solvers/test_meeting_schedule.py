"""The B2B meeting scheduler against an independent checker and an independent CP-SAT model,
plus input validation and the command line. Plain pytest (no database); the last test runs the
Django command.

Nothing here reuses the solver's code: ``check`` re-implements the validity rules and the idle
count from the issue text, ``optimum`` models the problem with explicit locations (no table
pooling) in CP-SAT, and ``planted`` builds instances around a hidden complete schedule.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from korpu.solvers import meeting_schedule as ms
from korpu.solvers.meeting_schedule import InstanceError, solve, validate_instance

FORMAT = "korpu.meetings/v1"
SOLUTION_FORMAT = "korpu.meetings.solution/v1"


# --------------------------------------------------------------------------------------------
# The independent checker


def check(instance: dict, solution: dict) -> tuple[float, int]:
    """Assert that the solution is valid for the instance; return (weight, idle slots)."""
    assert solution["format"] == SOLUTION_FORMAT
    slot_ids = [s["id"] for s in instance["slots"]]
    position = {s: k for k, s in enumerate(slot_ids)}
    day = {s["id"]: s["day"] for s in instance["slots"]}
    capacity = {loc["id"]: loc.get("capacity", 1) for loc in instance["locations"]}
    available = {
        p["id"]: set(p["available"]) if "available" in p else set(slot_ids)
        for p in instance["participants"]
    }
    booth = {p["id"]: p.get("booth") for p in instance["participants"]}
    booths = {b for b in booth.values() if b}
    meetings = {m["id"]: m for m in instance["meetings"]}

    scheduled = [e["meeting"] for e in solution["scheduled"]]
    assert len(scheduled) == len(set(scheduled)), "a meeting is scheduled twice"
    assert set(scheduled).isdisjoint(solution["unscheduled"])
    assert sorted(scheduled + solution["unscheduled"]) == sorted(meetings)

    seat: dict[tuple[str, str], str] = {}  # (participant, slot) -> meeting
    used: dict[tuple[str, str], int] = {}  # (location, slot) -> meetings
    for entry in solution["scheduled"]:
        m = meetings[entry["meeting"]]
        slot, loc = entry["slot"], entry["location"]
        assert slot in position and loc in capacity
        for p in m["participants"]:
            assert slot in available[p], f"{p} is not available at {slot}"
            assert (p, slot) not in seat, f"{p} is in two meetings at {slot}"
            seat[p, slot] = m["id"]
        used[loc, slot] = used.get(loc, 0) + 1
        assert used[loc, slot] <= capacity[loc], f"{loc} is over capacity at {slot}"
        host_booth = booth.get(m.get("host")) if m.get("host") else None
        if host_booth:
            assert loc == host_booth, f"{m['id']} is not at its host's booth"
        else:
            assert loc not in booths, f"{m['id']} uses a booth"
        if m.get("locked"):
            assert slot == m["locked"]["slot"]
            if m["locked"].get("location"):
                assert loc == m["locked"]["location"]
    for m in meetings.values():
        if m.get("locked"):
            assert m["id"] in scheduled, f"locked {m['id']} is not scheduled"

    weight = sum(meetings[x].get("weight", 1) for x in scheduled)
    idle = 0
    for p in booth:
        for d in dict.fromkeys(day.values()):
            mine = [position[s] for (q, s) in seat if q == p and day[s] == d]
            if mine:
                between = range(min(mine) + 1, max(mine))
                idle += sum(
                    1
                    for k in between
                    if slot_ids[k] in available[p] and (p, slot_ids[k]) not in seat
                )
    return weight, idle


# --------------------------------------------------------------------------------------------
# An independent exact model: x[meeting, slot, location]


def optimum(instance: dict) -> int:
    """The best total weight (weights are integers here), by CP-SAT with explicit locations."""
    slot_ids = [s["id"] for s in instance["slots"]]
    capacity = {loc["id"]: loc.get("capacity", 1) for loc in instance["locations"]}
    available = {
        p["id"]: set(p["available"]) if "available" in p else set(slot_ids)
        for p in instance["participants"]
    }
    booth = {p["id"]: p.get("booth") for p in instance["participants"]}
    booths = {b for b in booth.values() if b}
    tables = [loc for loc in capacity if loc not in booths]
    model = cp_model.CpModel()
    per_person: dict[tuple[str, str], list] = {}
    per_place: dict[tuple[str, str], list] = {}
    objective = []
    for m in instance["meetings"]:
        host_booth = booth.get(m.get("host")) if m.get("host") else None
        places = [host_booth] if host_booth else tables
        lock = m.get("locked")
        xs = []
        for s in slot_ids:
            if not all(s in available[p] for p in m["participants"]):
                continue
            if lock and s != lock["slot"]:
                continue
            for loc in places:
                if lock and lock.get("location") and loc != lock["location"]:
                    continue
                x = model.new_bool_var("")
                xs.append(x)
                for p in m["participants"]:
                    per_person.setdefault((p, s), []).append(x)
                per_place.setdefault((loc, s), []).append(x)
        if lock:
            model.add(sum(xs) == 1)
        else:
            model.add(sum(xs) <= 1)
        objective.append(m.get("weight", 1) * sum(xs))
    for xs in per_person.values():
        model.add(sum(xs) <= 1)
    for (loc, _), xs in per_place.items():
        model.add(sum(xs) <= capacity[loc])
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


# --------------------------------------------------------------------------------------------
# Random instances


def random_instance(rng: random.Random) -> dict:
    """A small instance with partial availability, booths (some shared), hyperedges, hosts,
    weights and meetings locked where a valid schedule put them."""
    days = rng.randint(1, 2)
    per_day = rng.randint(1, 4)
    slots = [{"id": f"d{d}-{k}", "day": f"d{d}"} for d in range(days) for k in range(per_day)]
    slot_ids = [s["id"] for s in slots]
    locations = [{"id": f"T{j}", "capacity": rng.choice([0, 1, 1, 1, 2])} for j in range(3)]
    locations = locations[: rng.randint(0, 3)]
    booth_ids = [f"B{j}" for j in range(rng.randint(0, 2))]
    locations += [{"id": b, "capacity": rng.choice([1, 1, 2])} for b in booth_ids]
    rng.shuffle(locations)
    people = []
    for i in range(rng.randint(2, 7)):
        person: dict = {"id": f"p{i}"}
        if rng.random() < 0.7:
            person["available"] = [s for s in slot_ids if rng.random() < 0.7]
        if booth_ids and rng.random() < 0.3:
            person["booth"] = rng.choice(booth_ids)
        people.append(person)
    ids = [p["id"] for p in people]
    meetings = []
    for k in range(rng.randint(0, 10)):
        size = 3 if len(ids) >= 3 and rng.random() < 0.2 else 2
        who = rng.sample(ids, size)
        meeting: dict = {"id": f"m{k}", "participants": who}
        if rng.random() < 0.8:
            meeting["host"] = rng.choice(who)
        if rng.random() < 0.5:
            meeting["weight"] = rng.randint(1, 3)
        meetings.append(meeting)
    instance = {
        "format": FORMAT,
        "slots": slots,
        "locations": locations,
        "participants": people,
        "meetings": meetings,
    }
    _lock_some(instance, rng)
    return instance


def _lock_some(instance: dict, rng: random.Random) -> None:
    """Lock a few meetings where a valid (greedy, random) schedule puts them."""
    slot_ids = [s["id"] for s in instance["slots"]]
    capacity = {loc["id"]: loc.get("capacity", 1) for loc in instance["locations"]}
    available = {p["id"]: set(p.get("available", slot_ids)) for p in instance["participants"]}
    booth = {p["id"]: p.get("booth") for p in instance["participants"]}
    booths = {b for b in booth.values() if b}
    busy: set[tuple[str, str]] = set()
    used: dict[tuple[str, str], int] = {}
    for m in instance["meetings"]:
        if rng.random() > 0.3:
            continue
        host_booth = booth.get(m.get("host")) if m.get("host") else None
        places = [host_booth] if host_booth else [loc for loc in capacity if loc not in booths]
        options = [
            (s, loc)
            for s in slot_ids
            for loc in places
            if all(s in available[p] and (p, s) not in busy for p in m["participants"])
            and used.get((loc, s), 0) < capacity[loc]
        ]
        if not options:
            continue
        s, loc = rng.choice(options)
        for p in m["participants"]:
            busy.add((p, s))
        used[loc, s] = used.get(loc, 0) + 1
        m["locked"] = {"slot": s, "location": loc}


@st.composite
def instances(draw):
    return random_instance(draw(st.randoms(use_true_random=False)))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(instances(), st.integers(0, 3))
def test_random_instances_are_solved_validly_and_optimally(instance, seed):
    validate_instance(instance)
    solution = solve(instance, time_limit=5, seed=seed)
    weight, idle = check(instance, solution)
    stats = solution["stats"]
    assert stats["weight_scheduled"] == weight
    assert stats["idle_slots"] == idle
    assert weight == optimum(instance)
    assert stats["upper_bound"] >= weight
    if stats["proved_optimal"]:
        assert stats["upper_bound"] == weight


# --------------------------------------------------------------------------------------------
# Planted instances: every meeting fits a hidden schedule, so the optimum is the total weight


def planted(seed: int, people: int, meetings: int, days: int, per_day: int, spare: int = 0):
    rng = random.Random(seed)
    slot_ids = [f"d{d}-{k:02d}" for d in range(days) for k in range(per_day)]
    n_slots = len(slot_ids)
    popularity = [1 / (i + 1) ** 0.8 for i in range(people)]
    busy = [set() for _ in range(people)]
    per_slot = [0] * n_slots
    cap = -(-meetings // n_slots)
    plan = []
    seen = set()
    while len(plan) < meetings:
        a, b = rng.choices(range(people), weights=popularity, k=2)
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        options = [s for s in range(n_slots) if per_slot[s] < cap and s not in busy[a] | busy[b]]
        if not options:
            continue
        s = rng.choice(options)
        busy[a].add(s)
        busy[b].add(s)
        per_slot[s] += 1
        seen.add((min(a, b), max(a, b)))
        plan.append((a, b))
    participants = []
    for i in range(people):
        extra = {s for s in range(n_slots) if rng.random() < 0.5}
        participants.append(
            {"id": f"p{i}", "available": [slot_ids[s] for s in sorted(busy[i] | extra)]}
        )
    tables = max(per_slot) + spare
    return {
        "format": FORMAT,
        "slots": [{"id": s, "day": s.split("-")[0]} for s in slot_ids],
        "locations": [{"id": f"T{j}", "capacity": 1} for j in range(tables)],
        "participants": participants,
        "meetings": [
            {"id": f"m{k}", "participants": [f"p{a}", f"p{b}"]} for k, (a, b) in enumerate(plan)
        ],
    }


def first_fit_idle(instance: dict) -> int:
    """Idle slots of a first-fit schedule (input order, earliest slot; tables only)."""
    slot_ids = [s["id"] for s in instance["slots"]]
    available = {p["id"]: set(p.get("available", slot_ids)) for p in instance["participants"]}
    table_ids = [loc["id"] for loc in instance["locations"] for _ in range(loc.get("capacity", 1))]
    busy: set[tuple[str, str]] = set()
    used = dict.fromkeys(slot_ids, 0)
    entries = []
    for m in instance["meetings"]:
        for s in slot_ids:
            if used[s] < len(table_ids) and all(
                s in available[p] and (p, s) not in busy for p in m["participants"]
            ):
                busy.update((p, s) for p in m["participants"])
                entries.append({"meeting": m["id"], "slot": s, "location": table_ids[used[s]]})
                used[s] += 1
                break
    placed = {e["meeting"] for e in entries}
    solution = {
        "format": SOLUTION_FORMAT,
        "scheduled": entries,
        "unscheduled": [m["id"] for m in instance["meetings"] if m["id"] not in placed],
    }
    return check(instance, solution)[1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_instances_are_solved_completely_with_few_idle_slots(seed):
    instance = planted(seed, people=80, meetings=400, days=2, per_day=8)
    solution = solve(instance, time_limit=10, seed=seed)
    weight, idle = check(instance, solution)
    assert weight == len(instance["meetings"])
    assert solution["stats"]["proved_optimal"] is True
    assert solution["stats"]["upper_bound"] == weight
    assert idle <= first_fit_idle(instance) / 2


def test_same_seed_same_schedule():
    instance = planted(7, people=60, meetings=250, days=2, per_day=6)
    first = solve(instance, time_limit=10, seed=5)
    second = solve(copy.deepcopy(instance), time_limit=10, seed=5)
    assert first["scheduled"] == second["scheduled"]
    assert first["unscheduled"] == second["unscheduled"]


# --------------------------------------------------------------------------------------------
# Hand-made cases


def small(meetings, participants=None, slots=("s1", "s2", "s3"), locations=None):
    return {
        "format": FORMAT,
        "slots": [{"id": s, "day": "d1"} for s in slots],
        "locations": locations if locations is not None else [{"id": "T1", "capacity": 2}],
        "participants": participants
        if participants is not None
        else [{"id": p} for p in ("a", "b", "c", "d")],
        "meetings": meetings,
    }


def test_idle_slots_count_free_available_slots_between_first_and_last_meeting():
    instance = small(
        [
            {"id": "m1", "participants": ["a", "b"], "locked": {"slot": "s1"}},
            {"id": "m2", "participants": ["a", "c"], "locked": {"slot": "s4", "location": "T1"}},
        ],
        participants=[
            {"id": "a", "available": ["s1", "s3", "s4"]},  # s2 unavailable: not idle
            {"id": "b"},
            {"id": "c"},
        ],
        slots=("s1", "s2", "s3", "s4"),
    )
    solution = solve(instance, time_limit=2)
    assert check(instance, solution) == (2, 1)
    assert solution["stats"]["idle_slots"] == 1
    assert solution["stats"]["proved_optimal"] is True


def test_upper_bound_counts_what_a_busy_participant_can_attend():
    # "a" has two slots and four requests (weights 1..4): at most 4 + 3 of them can happen.
    instance = small(
        [{"id": f"m{w}", "participants": ["a", f"x{w}"], "weight": w} for w in (1, 2, 3, 4)],
        participants=[{"id": "a", "available": ["s1", "s2"]}]
        + [{"id": f"x{w}"} for w in (1, 2, 3, 4)],
    )
    solution = solve(instance, time_limit=5)
    assert check(instance, solution)[0] == 7
    assert solution["stats"]["upper_bound"] == 7
    assert solution["stats"]["proved_optimal"] is True
    assert sorted(solution["unscheduled"]) == ["m1", "m2"]


def test_an_odd_cycle_is_proved_optimal_by_cp_sat():
    # Five people in a ring, two slots: a slot holds at most two of the five meetings, so four
    # is the optimum, while the degree and LP bounds allow five.
    ring = ["a", "b", "c", "d", "e"]
    instance = small(
        [{"id": f"m{i}", "participants": [ring[i], ring[(i + 1) % 5]]} for i in range(5)],
        participants=[{"id": p} for p in ring],
        slots=("s1", "s2"),
        locations=[{"id": "T1", "capacity": 5}],
    )
    solution = solve(instance, time_limit=5)
    assert check(instance, solution)[0] == 4
    assert solution["stats"]["upper_bound"] == 4
    assert solution["stats"]["proved_optimal"] is True
    assert solution["stats"]["bound_source"] == "CP-SAT"


def test_large_neighbourhood_search_places_a_meeting_back():
    instance = planted(8, people=60, meetings=250, days=2, per_day=6)
    pb = ms._compile(instance)
    now = ms.time.perf_counter()
    solver = ms._Solver(pb, seed=1, started=now, deadline=now + 10, report=lambda f, m: None)
    solver.run()
    state = solver.state
    m = next(m for m in solver.free if state.slot[m] >= 0)
    state.unplace(m)
    assert solver.lns(m, now + 10) is True
    assert check(instance, solver.solution())[0] == len(instance["meetings"])


def test_booth_meetings_use_the_booth_and_leave_the_tables_free():
    instance = small(
        [
            {"id": "m1", "participants": ["a", "b"], "host": "a"},
            {"id": "m2", "participants": ["c", "d"], "host": "c"},
        ],
        participants=[{"id": "a", "booth": "B1"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        slots=("s1",),
        locations=[{"id": "B1", "capacity": 1}, {"id": "T1", "capacity": 1}],
    )
    solution = solve(instance, time_limit=2)
    check(instance, solution)
    where = {e["meeting"]: e["location"] for e in solution["scheduled"]}
    assert where == {"m1": "B1", "m2": "T1"}


def test_rescheduling_around_locked_meetings_keeps_them():
    instance = planted(4, people=60, meetings=250, days=2, per_day=6)
    first = solve(instance, time_limit=10)
    check(instance, first)
    where = {e["meeting"]: e for e in first["scheduled"]}
    cancelled = instance["meetings"][0]["id"]
    moved = instance["meetings"][1]["id"]
    again = copy.deepcopy(instance)
    again["meetings"] = [m for m in again["meetings"] if m["id"] != cancelled]
    for m in again["meetings"]:
        if m["id"] != moved and m["id"] in where:
            m["locked"] = {"slot": where[m["id"]]["slot"], "location": where[m["id"]]["location"]}
    solution = solve(again, time_limit=5)
    check(again, solution)
    assert solution["stats"]["meetings_locked"] == len(again["meetings"]) - 1
    kept = {e["meeting"]: (e["slot"], e["location"]) for e in solution["scheduled"]}
    for m in again["meetings"]:
        if m.get("locked"):
            assert kept[m["id"]] == (m["locked"]["slot"], m["locked"]["location"])


def test_progress_is_reported_in_order():
    seen = []
    solve(planted(5, 40, 120, 1, 8), time_limit=5, progress=lambda f, msg: seen.append((f, msg)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0 <= f <= 1 and msg in ms.PROGRESS_MESSAGES for f, msg in seen)


def test_bad_time_limit():
    with pytest.raises(ValueError, match="time_limit"):
        solve(small([]), time_limit=0)


# --------------------------------------------------------------------------------------------
# Malformed and contradictory instances


def base() -> dict:
    return {
        "format": FORMAT,
        "slots": [{"id": "s1", "day": "d1"}, {"id": "s2", "day": "d1"}, {"id": "s3", "day": "d2"}],
        "locations": [{"id": "T1", "capacity": 1}, {"id": "B1", "capacity": 1}],
        "participants": [
            {"id": "a", "booth": "B1"},
            {"id": "b", "available": ["s1", "s2"]},
            {"id": "c"},
        ],
        "meetings": [
            {"id": "m1", "participants": ["a", "b"], "host": "a"},
            {"id": "m2", "participants": ["b", "c"], "weight": 2},
        ],
    }


def edit(change):
    data = base()
    change(data)
    return data


BAD = [
    (lambda d: d.update(format="korpu.meetings/v2"), r'unsupported "format"'),
    (lambda d: d.pop("slots"), r'missing "slots"'),
    (lambda d: d.update(meetings={}), r'"meetings" must be a list'),
    (lambda d: d["slots"].append({"id": "s1", "day": "d2"}), r"slots\[3\]: duplicate id 's1'"),
    (lambda d: d["locations"].append({"id": "T1"}), r"locations\[2\]: duplicate id 'T1'"),
    (lambda d: d["participants"].append({"id": "a"}), r"participants\[3\]: duplicate id 'a'"),
    (lambda d: d["meetings"].append({"id": "m1", "participants": ["a", "c"]}), r"duplicate id"),
    (lambda d: d["participants"].append({"name": "x"}), r'participants\[3\]: missing "id"'),
    (lambda d: d["slots"].append({"id": "s4", "day": "d1"}), r"comes back after another day"),
    (lambda d: d["slots"][0].pop("day"), r'slots\[0\].*missing "day"'),
    (lambda d: d["locations"][0].update(capacity=-1), r"capacity must be an integer >= 0"),
    (lambda d: d["participants"][1].update(available=["s9"]), r"unknown slot 's9'"),
    (lambda d: d["participants"][1].update(available=["s1", "s1"]), r"listed twice"),
    (lambda d: d["participants"][1].update(available="s1"), r'"available" must be a list'),
    (lambda d: d["participants"][2].update(booth="B9"), r"unknown location 'B9'"),
    (lambda d: d["meetings"][0].update(participants=["a", "zz"]), r"unknown participant 'zz'"),
    (lambda d: d["meetings"][0].update(participants=["a", "a"]), r"'a' is listed twice"),
    (lambda d: d["meetings"][0].update(participants=[]), r"non-empty list"),
    (lambda d: d["meetings"][0].update(host="c"), r"host 'c' is not one of its participants"),
    (lambda d: d["meetings"][0].update(host="zz"), r"unknown participant 'zz'"),
    (lambda d: d["meetings"][0].update(weight=-1), r"weight must be between 0"),
    (lambda d: d["meetings"][0].update(weight="1"), r"weight must be a number"),
    (lambda d: d["meetings"][0].update(weight=float("nan")), r"weight must be between 0"),
    (lambda d: d["meetings"][1].update(locked={"slot": "s9"}), r"unknown slot 's9'"),
    (lambda d: d["meetings"][1].update(locked={"location": "T1"}), r'"locked" needs a "slot"'),
    (lambda d: d["meetings"][1].update(locked="s1"), r'"locked" must be an object'),
    (
        lambda d: d["meetings"][1].update(locked={"slot": "s1", "location": "T9"}),
        r"unknown location 'T9'",
    ),
    (
        lambda d: d["meetings"][1].update(locked={"slot": "s3", "location": "T1"}),
        r"participant 'b' is not available then",
    ),
    (
        lambda d: d["meetings"][0].update(locked={"slot": "s1", "location": "T1"}),
        r"its host 'a' has booth 'B1'",
    ),
    (
        lambda d: d["meetings"][1].update(locked={"slot": "s1", "location": "B1"}),
        r"which is the booth of 'a'",
    ),
    (
        lambda d: (
            d["meetings"][0].update(locked={"slot": "s1"}),
            d["meetings"][1].update(locked={"slot": "s1", "location": "T1"}),
        ),
        r"participant 'b' already has locked meeting 'm1'",
    ),
    (
        lambda d: (
            d["meetings"].append(
                {"id": "m3", "participants": ["a"], "locked": {"slot": "s2", "location": "T1"}}
            ),
            d["meetings"][1].update(locked={"slot": "s2", "location": "T1"}),
        ),
        r"exceed the capacity \(1\) of location 'T1' in slot 's2'",
    ),
    (
        lambda d: (
            d["locations"].__setitem__(0, {"id": "T1", "capacity": 0}),
            d["meetings"][1].update(locked={"slot": "s2"}),
        ),
        r"exceed the total table capacity \(0\) in slot 's2'",
    ),
]


def test_the_base_instance_is_valid():
    validate_instance(base())
    solution = solve(base(), time_limit=2)
    assert check(base(), solution)[0] == 3


@pytest.mark.parametrize(("change", "message"), BAD)
def test_malformed_instances_are_rejected_with_a_clear_message(change, message):
    data = edit(change)
    with pytest.raises(InstanceError, match=message):
        validate_instance(data)
    with pytest.raises(InstanceError, match=message):
        solve(data)


def test_not_an_object():
    with pytest.raises(InstanceError, match="must be a JSON object, not list"):
        validate_instance([])


# --------------------------------------------------------------------------------------------
# Command line


def test_main_writes_a_solution(tmp_path, capsys):
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(base()))
    out = tmp_path / "solution.json"
    code = ms.main([str(source), "-o", str(out), "--time-limit", "2", "--seed", "3"])
    assert code == 0
    solution = json.loads(out.read_text())
    assert check(base(), solution)[0] == 3
    assert solution["stats"]["seed"] == 3
    assert capsys.readouterr().out.startswith("2 of 2 meetings scheduled, weight 3 (optimal)")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "invalid JSON"),
        (json.dumps(edit(BAD[15][0])), "unknown participant 'zz'"),
        (json.dumps({"format": "nope"}), 'unsupported "format"'),
    ],
)
def test_main_rejects_bad_files(tmp_path, capsys, content, message):
    source = tmp_path / "instance.json"
    source.write_text(content)
    assert ms.main([str(source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_main_missing_file(tmp_path, capsys):
    assert ms.main([str(tmp_path / "nothing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_python_dash_m(tmp_path):
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(base()))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(edit(BAD[0][0])))
    src = Path(ms.__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(src)}
    ok = subprocess.run(
        [sys.executable, "-m", "korpu.solvers.meeting_schedule", str(source), "--time-limit", "2"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert ok.returncode == 0, ok.stderr
    assert check(base(), json.loads(ok.stdout))[0] == 3
    failed = subprocess.run(
        [sys.executable, "-m", "korpu.solvers.meeting_schedule", str(bad)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert failed.returncode == 2
    assert 'unsupported "format"' in failed.stderr


def test_django_command(tmp_path):
    from django.core.management import CommandError, call_command

    source = tmp_path / "instance.json"
    source.write_text(json.dumps(base()))
    out = tmp_path / "solution.json"
    call_command("schedule-meetings", str(source), "-o", str(out), "--time-limit", "2")
    assert check(base(), json.loads(out.read_text()))[0] == 3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(edit(BAD[16][0])))
    with pytest.raises(CommandError, match="listed twice") as excinfo:
        call_command("schedule-meetings", str(bad))
    assert excinfo.value.returncode == 2
