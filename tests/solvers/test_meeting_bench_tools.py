"""The meeting-schedule benchmark's own tools: generator, greedy baseline and checker.

bench/meeting_schedule/verify.py is the independent judge of the scheduler's results, so it is
tested here against schedules known to be valid (the planted ones, greedy's) and against
schedules broken on purpose, one rule at a time.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "meeting_schedule"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"meeting_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
greedy = _load("greedy")
verify = _load("verify")

SMALL = {
    "conference": {
        "participants": 60,
        "meetings": 150,
        "days": 2,
        "slots": 6,
        "triples": 0.1,
        "booths": 0.15,
        "dense": 0.2,
        "extra": 0.5,
        "kind": "conference",
    },
    "hosted-buyer": {
        "participants": 80,
        "meetings": 250,
        "days": 2,
        "slots": 8,
        "extra": 0.3,
        "kind": "hosted-buyer",
    },
}


@pytest.fixture(params=[(kind, seed) for kind in SMALL for seed in (1, 2, 3)])
def planted(request):
    kind, seed = request.param
    instance, solution = generate.generate(**SMALL[kind], locked=10, seed=seed)
    return instance, solution


def kinds(problems: list[str]) -> set[str]:
    """The kinds of violation, e.g. 'location over capacity'."""
    return {p.split(":")[0] for p in problems}


def test_planted_schedule_is_valid_and_complete(planted):
    instance, solution = planted
    problems, figures = verify.verify(instance, solution, solution)
    assert problems == []
    total = sum(m.get("weight", 1) for m in instance["meetings"])
    assert figures["scheduled"] == figures["meetings"] == len(instance["meetings"])
    assert (figures["optimum"], figures["weight"], figures["gap"]) == (total, total, 0)
    assert sum(1 for m in instance["meetings"] if "locked" in m) == 10


def test_tight_tables_equal_the_planted_peak(planted):
    instance, solution = planted
    booths = {p["booth"] for p in instance["participants"] if "booth" in p}
    table_capacity = sum(
        loc["capacity"] for loc in instance["locations"] if loc["id"] not in booths
    )
    per_slot: dict[str, int] = {}
    for e in solution["scheduled"]:
        if e["location"] not in booths:
            per_slot[e["slot"]] = per_slot.get(e["slot"], 0) + 1
    assert max(per_slot.values()) == table_capacity


def test_generator_is_deterministic():
    a = generate.generate(**SMALL["conference"], seed=7)
    b = generate.generate(**SMALL["conference"], seed=7)
    c = generate.generate(**SMALL["conference"], seed=8)
    a[1]["stats"].pop("seconds")
    b[1]["stats"].pop("seconds")
    assert a == b
    assert a[0] != c[0]


def test_spare_tables_follow_b2match_advice():
    tight, plan = generate.generate(**SMALL["conference"], spare=0.0, seed=4)
    roomy, _ = generate.generate(**SMALL["conference"], spare=0.2, seed=4)
    peak = plan["generator"]["planted_table_peak"]
    assert plan["generator"]["table_capacity_per_slot"] == peak
    booths = {p["booth"] for p in roomy["participants"] if "booth" in p}
    capacity = sum(loc["capacity"] for loc in roomy["locations"] if loc["id"] not in booths)
    assert capacity == -(-peak * 12 // 10)  # ceil(1.2 * peak)
    assert roomy["meetings"] == tight["meetings"]
    assert roomy["participants"] == tight["participants"]


def test_greedy_solution_is_valid(planted):
    instance, solution = planted
    for order in ("input", "weight"):
        result = greedy.solve(instance, order)
        problems, figures = verify.verify(instance, result, solution)
        assert problems == []
        assert figures["weight"] == result["stats"]["weight_scheduled"] <= figures["optimum"]
        assert figures["idle_slots"] == result["stats"]["idle_slots"]
        assert figures["scheduled"] + len(result["unscheduled"]) == figures["meetings"]


def _entry(solution: dict, meeting_id: str) -> dict:
    return next(e for e in solution["scheduled"] if e["meeting"] == meeting_id)


def _broken(planted, mutate) -> list[str]:
    instance, solution = planted
    bad = copy.deepcopy(solution)
    mutate(instance, bad)
    problems, _ = verify.verify(instance, bad, solution)
    return problems


def test_verify_catches_a_double_booked_participant(planted):
    def mutate(instance, sol):
        meetings = {m["id"]: m for m in instance["meetings"]}
        for a in sol["scheduled"]:
            for b in sol["scheduled"]:
                shared = set(meetings[a["meeting"]]["participants"]) & set(
                    meetings[b["meeting"]]["participants"]
                )
                if a is not b and shared and not meetings[a["meeting"]].get("locked"):
                    a["slot"] = b["slot"]
                    return
        raise AssertionError("no two meetings share a participant")

    assert "participant in two meetings in one slot" in kinds(_broken(planted, mutate))


def test_verify_catches_an_over_capacity_location(planted):
    def mutate(instance, sol):
        booths = {p["booth"] for p in instance["participants"] if "booth" in p}
        tables = [e for e in sol["scheduled"] if e["location"] not in booths]
        tables[1]["slot"], tables[1]["location"] = tables[0]["slot"], tables[0]["location"]
        cap = {loc["id"]: loc["capacity"] for loc in instance["locations"]}
        for e in tables[2 : 2 + cap[tables[0]["location"]]]:
            e["slot"], e["location"] = tables[0]["slot"], tables[0]["location"]

    assert "location over capacity" in kinds(_broken(planted, mutate))


def test_verify_catches_booth_misuse_both_ways(planted):
    instance, _ = planted
    booth_of = {p["id"]: p["booth"] for p in instance["participants"] if "booth" in p}
    booth_meetings = [m["id"] for m in instance["meetings"] if m["host"] in booth_of]
    table_meetings = [m["id"] for m in instance["meetings"] if m["host"] not in booth_of]
    assert booth_meetings and table_meetings

    def booth_meeting_at_a_table(instance, sol):
        table = next(e["location"] for e in sol["scheduled"] if e["meeting"] in table_meetings)
        _entry(sol, booth_meetings[0])["location"] = table

    def table_meeting_at_a_booth(instance, sol):
        _entry(sol, table_meetings[0])["location"] = next(iter(booth_of.values()))

    assert "meeting of a booth owner not at the host's booth" in kinds(
        _broken(planted, booth_meeting_at_a_table)
    )
    assert "booth used by a meeting its owner does not host" in kinds(
        _broken(planted, table_meeting_at_a_booth)
    )


def test_verify_catches_a_moved_or_dropped_locked_meeting(planted):
    instance, _ = planted
    locked = next(m for m in instance["meetings"] if "locked" in m)
    slots = [s["id"] for s in instance["slots"]]

    def move(instance, sol):
        e = _entry(sol, locked["id"])
        e["slot"] = next(s for s in slots if s != e["slot"])

    def drop(instance, sol):
        sol["scheduled"] = [e for e in sol["scheduled"] if e["meeting"] != locked["id"]]
        sol["unscheduled"].append(locked["id"])

    assert "locked meeting moved" in kinds(_broken(planted, move))
    assert "locked meeting not scheduled" in kinds(_broken(planted, drop))


def test_verify_catches_bookkeeping_errors(planted):
    instance, _ = planted
    first = instance["meetings"][0]["id"]
    avail = next(p for p in instance["participants"] if "available" in p)
    meeting = next(
        m for m in instance["meetings"] if avail["id"] in m["participants"] and "locked" not in m
    )
    slot = next(s["id"] for s in instance["slots"] if s["id"] not in avail["available"])

    def forgotten(instance, sol):
        sol["scheduled"] = [e for e in sol["scheduled"] if e["meeting"] != first]

    def twice(instance, sol):
        sol["scheduled"].append(dict(sol["scheduled"][0]))
        sol["unscheduled"].append(sol["scheduled"][1]["meeting"])

    def unavailable(instance, sol):
        _entry(sol, meeting["id"])["slot"] = slot

    def unknown(instance, sol):
        sol["scheduled"][0]["location"] = "nowhere"

    def false_claims(instance, sol):
        sol["scheduled"] = [e for e in sol["scheduled"] if e["meeting"] != meeting["id"]]
        sol["unscheduled"].append(meeting["id"])
        sol["stats"]["upper_bound"] = sol["stats"]["weight_scheduled"] - 1

    assert "neither scheduled nor unscheduled" in kinds(_broken(planted, forgotten))
    assert {"scheduled twice", "both scheduled and unscheduled"} <= kinds(_broken(planted, twice))
    assert "participant not available" in kinds(_broken(planted, unavailable))
    assert "unknown or missing location" in kinds(_broken(planted, unknown))
    found = _broken(planted, false_claims)
    # weight_scheduled and idle_slots no longer match, the bound is below both the weight
    # claimed and the planted optimum.
    assert "stats" in kinds(found)
    assert any("below the planted optimum" in p for p in found)


def test_verify_command_exit_status(tmp_path, capsys):
    instance, solution = generate.generate(**SMALL["conference"], seed=5)
    path = tmp_path / "small.json"
    side = generate.write(instance, solution, path)
    assert side == tmp_path / "small.planted.json"
    assert verify.main([str(path), str(side), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (figures["valid"], figures["percent_of_optimum"]) == (True, 100.0)

    broken = copy.deepcopy(solution)
    broken["scheduled"][0]["slot"] = broken["scheduled"][1]["slot"]
    broken["scheduled"][0]["location"] = broken["scheduled"][1]["location"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    assert verify.main([str(path), str(bad)]) == 1
    assert "VIOLATION" in capsys.readouterr().out
