"""The reviewer-assignment solver against brute force, plus infeasibility reasons and input
validation. Plain pytest: no Django, no database."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from korpu.solvers import review_assignment as ra
from korpu.solvers.review_assignment import InstanceError, load_instance, solution_to_dict, solve

FORMAT = "korpu.review-assignment/v1"


def instance(apps, reviewers, affinity, conflicts=(), locked=(), mode=None) -> dict:
    """apps: {id: reviews}; reviewers: {id: (min, max)}; affinity: {(a, r): score}."""
    data = {
        "format": FORMAT,
        "applications": [{"id": a, "reviews": n} for a, n in apps.items()],
        "reviewers": [{"id": r, "min": lo, "max": hi} for r, (lo, hi) in reviewers.items()],
        "affinity": [
            {"application": a, "reviewer": r, "score": s} for (a, r), s in affinity.items()
        ],
        "conflicts": [{"application": a, "reviewer": r} for a, r in conflicts],
    }
    if locked:
        data["locked"] = [{"application": a, "reviewer": r} for a, r in locked]
    if mode:
        data["mode"] = mode
    return data


# --------------------------------------------------------------------------------------------
# Brute force: dynamic programming over applications, the state being every reviewer's load.


def brute_force(data: dict):
    """Return None if infeasible, else (best sum, (best worst-off, best sum with it)),
    with scores in integer hundredths (the tests draw scores as multiples of 0.01)."""
    conflicts = {(c["application"], c["reviewer"]) for c in data["conflicts"]}
    cands: dict[str, dict[str, int]] = {a["id"]: {} for a in data["applications"]}
    for p in data["affinity"]:
        if (p["application"], p["reviewer"]) not in conflicts:
            cands[p["application"]][p["reviewer"]] = round(p["score"] * 100)
    locked: dict[str, set[str]] = {a: set() for a in cands}
    for p in data.get("locked", []):
        locked[p["application"]].add(p["reviewer"])
    revs = [r["id"] for r in data["reviewers"]]
    pos = {r: j for j, r in enumerate(revs)}
    lo = [r["min"] for r in data["reviewers"]]
    hi = [r["max"] for r in data["reviewers"]]
    # state: loads -> set of Pareto-optimal (worst, total) and best total
    start = tuple(0 for _ in revs)
    states: dict[tuple, tuple[int, set]] = {start: (0, {(math.inf, 0)})}
    for app in data["applications"]:
        options = []
        for combo in itertools.combinations(sorted(cands[app["id"]]), app["reviews"]):
            if locked[app["id"]] <= set(combo):
                options.append(([pos[r] for r in combo], sum(cands[app["id"]][r] for r in combo)))
        nxt: dict[tuple, tuple[int, set]] = {}
        for loads, (best, front) in states.items():
            for chosen, score in options:
                new = list(loads)
                for j in chosen:
                    new[j] += 1
                if any(new[j] > hi[j] for j in chosen):
                    continue
                key = tuple(new)
                worst_score = score if app["reviews"] > 0 else math.inf
                cand_front = {(min(w, worst_score), s + score) for w, s in front}
                old_best, old_front = nxt.get(key, (-math.inf, set()))
                merged = _pareto(old_front | cand_front)
                nxt[key] = (max(old_best, best + score), merged)
        states = nxt
    finals = [v for k, v in states.items() if all(lo[j] <= k[j] <= hi[j] for j in range(len(revs)))]
    if not finals:
        return None
    best_sum = max(b for b, _ in finals)
    front = _pareto(set().union(*(f for _, f in finals)))
    lex = max(front)
    return best_sum, lex


def _pareto(points: set) -> set:
    return {p for p in points if not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in points)}


def check_assignment(data: dict, solution: dict) -> None:
    """Every constraint of the instance holds in the solution."""
    conflicts = {(c["application"], c["reviewer"]) for c in data["conflicts"]}
    scores = {(p["application"], p["reviewer"]): p["score"] for p in data["affinity"]}
    pairs = [(p["application"], p["reviewer"]) for p in solution["assignments"]]
    assert len(pairs) == len(set(pairs))
    for pair in pairs:
        assert pair in scores and pair not in conflicts
    for p in data.get("locked", []):
        assert (p["application"], p["reviewer"]) in pairs
    for app in data["applications"]:
        assert sum(1 for a, _ in pairs if a == app["id"]) == app["reviews"]
    for rev in data["reviewers"]:
        load = sum(1 for _, r in pairs if r == rev["id"])
        assert rev["min"] <= load <= rev["max"]
    assert solution["objective"] == pytest.approx(math.fsum(scores[p] for p in pairs), abs=1e-9)
    totals = {a["id"]: 0.0 for a in data["applications"] if a["reviews"] > 0}
    for a, r in pairs:
        totals[a] += scores[(a, r)]
    if totals:
        assert solution["min_application_score"] == pytest.approx(min(totals.values()), abs=1e-9)


@st.composite
def small_instances(draw, mode=None, max_apps=6, max_revs=6, contended=False):
    """Random small instances, biased so that about half are feasible; ``contended`` ones
    (every pair a candidate, small loads, no minimums) are mostly feasible, with competition
    for the best reviewers."""
    n_apps = draw(st.integers(0, max_apps))
    n_revs = draw(st.integers(1, max_revs))
    reviews = [1, 1, 2] if contended else [0, 1, 1, 2, 2, 3]
    apps = {f"a{i}": draw(st.sampled_from(reviews)) for i in range(n_apps)}
    reviewers = {}
    for j in range(n_revs):
        hi = draw(st.integers(1, 3) if contended else st.integers(0, 4))
        lo = 0 if contended else draw(st.sampled_from([0, 0, 0, 1, 2]))
        reviewers[f"r{j}"] = (min(lo, hi), hi)
    affinity = {}
    for a in apps:
        for r in reviewers:
            if contended or draw(st.integers(0, 3)) > 0:
                affinity[(a, r)] = draw(st.integers(-20, 100)) / 100
    conflicts = [p for p in affinity if draw(st.integers(0, 9)) == 0]
    conflicts += [
        (a, r) for a in apps for r in reviewers if (a, r) not in affinity and draw(st.booleans())
    ]
    usable = [p for p in affinity if p not in conflicts]
    locked = []
    if usable and draw(st.booleans()):
        locked = draw(st.lists(st.sampled_from(usable), max_size=3, unique=True))
    return instance(apps, reviewers, affinity, conflicts, locked, mode=mode)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_instances())
def test_sum_mode_matches_brute_force(data):
    expected = brute_force(data)
    solution = solution_to_dict(solve(load_instance(data)))
    if expected is None:
        assert solution["status"] == "infeasible"
        assert solution["reason"]
        assert solution["assignments"] == []
        return
    assert solution["status"] == "optimal", solution["reason"]
    check_assignment(data, solution)
    assert round(solution["objective"] * 100) == expected[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        small_instances(mode="fair", max_apps=5, max_revs=5),
        small_instances(mode="fair", max_apps=5, max_revs=4, contended=True),
    )
)
def test_fair_mode_matches_brute_force(data):
    expected = brute_force(data)
    solution = solution_to_dict(solve(load_instance(data)))
    if expected is None:
        assert solution["status"] == "infeasible"
        return
    assert solution["status"] == "optimal", solution["reason"]
    check_assignment(data, solution)
    worst, total = expected[1]
    if worst != math.inf:
        assert round(solution["min_application_score"] * 100) == worst
        assert solution["bound"] == pytest.approx(worst / 100)
    assert round(solution["objective"] * 100) == total


# --------------------------------------------------------------------------------------------
# Fair mode on hand-made cases


TWO_BY_TWO = instance(
    {"a1": 1, "a2": 1},
    {"r1": (0, 1), "r2": (0, 1)},
    {("a1", "r1"): 1.0, ("a1", "r2"): 0.3, ("a2", "r1"): 0.4, ("a2", "r2"): 0.2},
)


def test_fair_mode_trades_sum_for_the_worst_off_application():
    # Sum: a1-r1 + a2-r2 = 1.2 (worst 0.2). Fair: a1-r2 + a2-r1 = 0.7 (worst 0.3).
    summed = solution_to_dict(solve(load_instance(TWO_BY_TWO)))
    assert (summed["objective"], summed["min_application_score"]) == (1.2, 0.2)
    fair = solution_to_dict(solve(load_instance(TWO_BY_TWO | {"mode": "fair"})))
    assert fair["status"] == "optimal"
    assert fair["assignments"] == [
        {"application": "a1", "reviewer": "r2"},
        {"application": "a2", "reviewer": "r1"},
    ]
    assert fair["objective"] == pytest.approx(0.7)
    assert fair["min_application_score"] == pytest.approx(0.3)
    assert fair["bound"] == pytest.approx(0.3)
    assert fair["objective_bound"] == pytest.approx(0.7)
    assert fair["reason"] is None


def test_fair_mode_reports_feasible_with_bounds_when_time_runs_out(monkeypatch):
    # When CP-SAT finds nothing in time, the flow solution is returned: the status must not
    # claim optimality, and the bounds must be true upper bounds (a2's best is 0.4; the
    # sum-mode optimum is 1.2).
    monkeypatch.setattr(ra, "_cp_solve", lambda sub, seconds: (None, cp_model.UNKNOWN))
    result = solution_to_dict(solve(load_instance(TWO_BY_TWO | {"mode": "fair"}), time_limit=5))
    assert result["status"] == "feasible"
    assert result["min_application_score"] == pytest.approx(0.2)
    assert result["bound"] == pytest.approx(0.4)
    assert result["objective_bound"] == pytest.approx(1.2)
    assert result["reason"] == (
        "time limit reached before optimality was proven: worst-off application total "
        "0.200000 (proven bound 0.400000), objective 1.200000 (proven bound 1.200000)"
    )


# --------------------------------------------------------------------------------------------
# Infeasibility reasons


def reason(data: dict) -> str:
    solution = solve(load_instance(data))
    assert solution.status == "infeasible"
    assert solution.assignments == [] and solution.objective is None
    return solution.reason


def test_reason_application_without_enough_candidates():
    data = instance(
        {"a1": 2, "a2": 1},
        {"r1": (0, 5), "r2": (0, 5)},
        {("a1", "r1"): 0.5, ("a1", "r2"): 0.5, ("a2", "r1"): 0.5},
        conflicts=[("a1", "r2")],
    )
    assert reason(data) == (
        "not enough candidate reviewers (affinity pairs minus conflicts): "
        "'a1' needs 2 reviews but has 1 candidate reviewer ('r1')"
    )


def test_reason_total_max_below_demand():
    data = instance(
        {"a1": 2, "a2": 2},
        {"r1": (0, 1), "r2": (0, 2)},
        {(a, r): 0.5 for a in ("a1", "a2") for r in ("r1", "r2")},
    )
    assert reason(data) == (
        "the applications need 4 reviews in total but the reviewers can take at most 3 "
        "(sum of max loads)"
    )


def test_reason_total_min_above_demand():
    data = instance(
        {"a1": 1},
        {"r1": (1, 2), "r2": (1, 2)},
        {("a1", "r1"): 0.5, ("a1", "r2"): 0.5},
    )
    assert reason(data) == (
        "the reviewers must take at least 2 reviews in total (sum of min loads) but the "
        "applications need only 1"
    )


def test_reason_reviewer_min_above_candidates():
    data = instance(
        {"a1": 1, "a2": 1, "a3": 1},
        {"r1": (2, 3), "r2": (0, 3)},
        {("a1", "r1"): 0.5, ("a1", "r2"): 0.5, ("a2", "r2"): 0.5, ("a3", "r2"): 0.5},
    )
    assert reason(data) == (
        "min loads cannot be met (affinity pairs minus conflicts): "
        "'r1' must review at least 2 applications but has 1 candidate application"
    )


def test_reason_hall_bottleneck_names_the_competing_applications_and_reviewers():
    # a1, a2, a3 each need 2 reviews and can only use r1, r2 (max 2 each): 6 > 4.
    # a4 is fine with r3, r4; capacity in total is plenty.
    affinity = {(a, r): 0.5 for a in ("a1", "a2", "a3") for r in ("r1", "r2")}
    affinity |= {("a4", "r3"): 0.5, ("a4", "r4"): 0.5}
    data = instance(
        {"a1": 2, "a2": 2, "a3": 2, "a4": 2},
        {"r1": (0, 2), "r2": (0, 2), "r3": (0, 9), "r4": (0, 9)},
        affinity,
    )
    assert reason(data) == (
        "applications compete for too few reviewers: applications 'a1', 'a2', 'a3' need 6 "
        "reviews but their candidate reviewers 'r1', 'r2' can give them at most 4 "
        "(max loads; one review per candidate pair)"
    )


def test_reason_min_load_bottleneck_names_the_reviewers():
    # r1 and r2 must each review one application, but only a1 (one review) is a candidate
    # of either; each alone would be fine, and the totals are fine.
    affinity = {("a1", "r1"): 0.5, ("a1", "r2"): 0.5, ("a2", "r3"): 0.5, ("a3", "r3"): 0.5}
    data = instance(
        {"a1": 1, "a2": 1, "a3": 1},
        {"r1": (1, 1), "r2": (1, 1), "r3": (0, 5)},
        affinity,
    )
    assert reason(data) == (
        "min loads cannot be met: reviewers 'r1', 'r2' must review at least 2 applications "
        "in total (min loads) but their candidate application 'a1' can give them at most 1 "
        "(reviews; one review per candidate pair)"
    )


def test_reason_locked_pairs_exceed_the_reviews_or_the_max_load():
    affinity = {(a, r): 0.5 for a in ("a1", "a2") for r in ("r1", "r2")}
    too_many_for_app = instance(
        {"a1": 1, "a2": 1},
        {"r1": (0, 2), "r2": (0, 2)},
        affinity,
        locked=[("a1", "r1"), ("a1", "r2")],
    )
    assert reason(too_many_for_app) == (
        "too many locked pairs: 'a1' has 2 locked reviewers but needs 1 review"
    )
    too_many_for_reviewer = instance(
        {"a1": 1, "a2": 1},
        {"r1": (0, 1), "r2": (0, 2)},
        affinity,
        locked=[("a1", "r1"), ("a2", "r1")],
    )
    assert reason(too_many_for_reviewer) == (
        "too many locked pairs: 'r1' has 2 locked applications but max load 1"
    )


def test_reason_bottleneck_after_locked_pairs():
    # r1 (max 1) is locked to a2, so a1, whose only candidate is r1, cannot be served.
    data = instance(
        {"a1": 1, "a2": 1},
        {"r1": (0, 1), "r2": (0, 1)},
        {("a1", "r1"): 0.5, ("a2", "r1"): 0.5, ("a2", "r2"): 0.5},
        locked=[("a2", "r1")],
    )
    assert reason(data) == (
        "applications compete for too few reviewers: application 'a1' needs 1 review after "
        "the locked pairs but its candidate reviewer 'r1' can give it at most 0 "
        "(max loads after the locked pairs; one review per candidate pair)"
    )


def test_long_lists_of_names_are_cut():
    apps = {f"a{i}": 1 for i in range(12)}
    data = instance(apps, {"r1": (0, 1)}, {(a, "r1"): 0.5 for a in apps})
    assert reason(data) == (
        "the applications need 12 reviews in total but the reviewers can take at most 1 "
        "(sum of max loads)"
    )
    data = instance(
        apps | {"b": 1},
        {"r1": (0, 1), "r2": (0, 20)},
        {(a, "r1"): 0.5 for a in apps} | {("b", "r2"): 0.5},
    )
    assert reason(data).startswith(
        "applications compete for too few reviewers: applications 'a0', 'a1', 'a2', 'a3', "
        "'a4', 'a5', 'a6', 'a7', 'a8', 'a9' and 2 more (12 in total) need 12 reviews"
    )


# --------------------------------------------------------------------------------------------
# Edge cases and precision


def test_empty_instance_is_optimal():
    solution = solution_to_dict(solve(load_instance(instance({}, {}, {}))))
    assert solution == {
        "format": "korpu.review-assignment.solution/v1",
        "mode": "sum",
        "status": "optimal",
        "objective": 0.0,
        "min_application_score": None,
        "bound": None,
        "objective_bound": None,
        "assignments": [],
        "reason": None,
    }


def test_objective_uses_the_original_scores():
    data = instance(
        {"a1": 1, "a2": 1},
        {"r1": (0, 2)},
        {("a1", "r1"): 0.1234567891, ("a2", "r1"): 1 / 3},
    )
    solution = solve(load_instance(data))
    assert solution.objective == pytest.approx(0.1234567891 + 1 / 3, abs=1e-15)


def test_conflict_on_a_pair_without_affinity_is_allowed():
    data = instance(
        {"a1": 1}, {"r1": (0, 1), "r2": (0, 1)}, {("a1", "r1"): 0.5}, conflicts=[("a1", "r2")]
    )
    assert solve(load_instance(data)).assignments == [("a1", "r1")]


# --------------------------------------------------------------------------------------------
# Validation (the command turns these into exit code 2; see tests/programs)

GOOD = instance({"a1": 1}, {"r1": (0, 1)}, {("a1", "r1"): 0.5})


def mutate(path: list, value) -> dict:
    data = json.loads(json.dumps(GOOD))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "the instance must be a JSON object, not list"),
        (
            mutate(["format"], "v2"),
            "unsupported \"format\" 'v2': expected 'korpu.review-assignment/v1'",
        ),
        (mutate(["mode"], "max"), '"mode" must be "sum" or "fair", not \'max\''),
        (mutate(["applications"], KeyError), 'missing "applications" list'),
        (mutate(["reviewers"], {}), '"reviewers" must be a list, not dict'),
        (
            mutate(["applications", 0, "id"], KeyError),
            'applications[0]: missing "id" (a non-empty string)',
        ),
        (mutate(["reviewers", 0, "id"], 7), 'reviewers[0]: missing "id" (a non-empty string)'),
        (
            mutate(["applications"], [{"id": "a1", "reviews": 1}, {"id": "a1", "reviews": 1}]),
            "applications[1]: duplicate id 'a1'",
        ),
        (
            mutate(["applications", 0, "reviews"], -1),
            "applications[0] ('a1'): reviews must be a non-negative integer, not -1",
        ),
        (
            mutate(["applications", 0, "reviews"], 1.5),
            "applications[0] ('a1'): reviews must be a non-negative integer, not 1.5",
        ),
        (
            mutate(["applications", 0, "reviews"], True),
            "applications[0] ('a1'): reviews must be a non-negative integer, not True",
        ),
        (
            mutate(["reviewers", 0, "max"], "3"),
            "reviewers[0] ('r1'): max must be a non-negative integer, not '3'",
        ),
        (mutate(["reviewers", 0, "max"], KeyError), "reviewers[0] ('r1'): missing \"max\""),
        (mutate(["reviewers", 0, "min"], 2), "reviewers[0] ('r1'): min 2 is greater than max 1"),
        (
            mutate(["reviewers", 0, "max"], 2**40),
            f"reviewers[0] ('r1'): max is too large ({2**40}; at most 2147483647)",
        ),
        (mutate(["affinity", 0, "reviewer"], "r9"), "affinity[0]: unknown reviewer 'r9'"),
        (mutate(["affinity", 0, "application"], KeyError), 'affinity[0]: missing "application"'),
        (mutate(["affinity", 0, "score"], "0.5"), "affinity[0]: score must be a number, not '0.5'"),
        (mutate(["affinity", 0, "score"], None), "affinity[0]: score must be a number, not None"),
        (
            mutate(["affinity", 0, "score"], float("nan")),
            "affinity[0]: score must be finite, not nan",
        ),
        (
            mutate(["affinity", 0, "score"], float("inf")),
            "affinity[0]: score must be finite, not inf",
        ),
        (
            mutate(["affinity", 0, "score"], 10**400),
            "affinity[0]: score is out of range (|score| <= 1e+06)",
        ),
        (
            mutate(["affinity", 0, "score"], 2e6),
            "affinity[0]: score 2000000.0 is out of range (|score| <= 1e+06)",
        ),
        (mutate(["affinity", 0], "x"), "affinity[0] must be an object, not str"),
        (
            mutate(["affinity"], [{"application": "a1", "reviewer": "r1", "score": 0.5}] * 2),
            "affinity[1]: duplicate pair ('a1', 'r1')",
        ),
        (
            mutate(["conflicts"], [{"application": "a2", "reviewer": "r1"}]),
            "conflicts[0]: unknown application 'a2'",
        ),
        (
            mutate(["conflicts"], [{"application": "a1", "reviewer": "r1"}] * 2),
            "conflicts[1]: duplicate pair ('a1', 'r1')",
        ),
        (
            mutate(["locked"], [{"application": "a1", "reviewer": "r1"}] * 2),
            "locked[1]: duplicate pair ('a1', 'r1')",
        ),
    ],
)
def test_malformed_instances_are_rejected_with_one_line(data, message):
    with pytest.raises(InstanceError) as error:
        load_instance(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_locked_pair_must_be_a_non_conflicted_candidate():
    data = instance(
        {"a1": 1},
        {"r1": (0, 1), "r2": (0, 1)},
        {("a1", "r1"): 0.5, ("a1", "r2"): 0.5},
        conflicts=[("a1", "r2")],
        locked=[("a1", "r2")],
    )
    with pytest.raises(InstanceError, match=r"^locked\[0\]: pair \('a1', 'r2'\) is conflicted$"):
        load_instance(data)
    data = instance(
        {"a1": 1}, {"r1": (0, 1), "r2": (0, 1)}, {("a1", "r1"): 0.5}, locked=[("a1", "r2")]
    )
    with pytest.raises(InstanceError, match=r"is not a candidate \(not in affinity\)$"):
        load_instance(data)


def test_module_entry_point(tmp_path: Path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(GOOD))
    out = tmp_path / "solution.json"
    done = subprocess.run(
        [sys.executable, "-m", "korpu.solvers.review_assignment", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["assignments"] == [{"application": "a1", "reviewer": "r1"}]
    path.write_text("{not json")
    done = subprocess.run(
        [sys.executable, "-m", "korpu.solvers.review_assignment", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {path}: invalid JSON at line 1 column 2: "
        "Expecting property name enclosed in double quotes\n"
    )


def test_solvers_package_does_not_import_django():
    code = (
        "import sys, korpu.solvers.review_assignment; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
