"""Optimal reviewer assignment: who reviews which application.

Pure Python + NumPy + OR-Tools; no Django. The web app, ``korpu assign-reviewers`` and
``python -m korpu.solvers.review_assignment`` all call :func:`solve`.

Instance format (``korpu.review-assignment/v1``)
-------------------------------------------------
::

    {"format": "korpu.review-assignment/v1",
     "mode": "sum",                                   # optional: "sum" (default) or "fair"
     "applications": [{"id": "a1", "reviews": 3}, ...],
     "reviewers": [{"id": "r1", "min": 0, "max": 6}, ...],   # "min" may be left out (0)
     "affinity": [{"application": "a1", "reviewer": "r1", "score": 0.83}, ...],
     "conflicts": [{"application": "a1", "reviewer": "r2"}, ...],   # optional
     "locked": [{"application": "a1", "reviewer": "r1"}, ...]}      # optional

Only pairs listed in ``affinity`` are candidates; a conflict removes a pair even if it is
listed. Each application gets exactly ``reviews`` distinct reviewers, each reviewer between
``min`` and ``max`` applications, every ``locked`` pair is in the assignment (a manager fixed
it; a locked pair must be a non-conflicted candidate), and the total affinity is maximal.

Ids are non-empty strings (applications and reviewers are separate name spaces); ``reviews``,
``min`` and ``max`` are integers in 0..2**31-1 with ``min <= max``; scores are finite numbers
with ``|score| <= 1e6`` (negative scores are allowed: "rather not"). A pair may appear at most
once in each of ``affinity``, ``conflicts`` and ``locked``. Anything else is malformed:
:func:`load_instance` raises :class:`InstanceError` with a one-line message naming the
offending entry (``affinity[12]: unknown reviewer 'r99'``). Unknown keys are ignored.

Solution format (``korpu.review-assignment.solution/v1``)
----------------------------------------------------------
::

    {"format": "korpu.review-assignment.solution/v1",
     "mode": "sum",
     "status": "optimal" | "feasible" | "infeasible",
     "objective": 2514.73,          # sum of the ORIGINAL scores of the chosen pairs
     "min_application_score": 0.61, # worst-off total (over applications with reviews > 0)
     "bound": 0.61,                 # proven upper bound on the worst-off total (fair mode only)
     "objective_bound": 2514.73,    # proven upper bound on the objective (fair mode only)
     "assignments": [{"application": "a1", "reviewer": "r1"}, ...],
     "reason": null}                # why infeasible (naming the applications/reviewers at
                                    # fault), or why only "feasible"; null when optimal

Every key is always present (``null`` where it does not apply); assignments are sorted by the
order of applications, then reviewers, in the instance.

Sum mode (default): maximise the total affinity. Solved exactly by a min-cost flow
(OR-Tools ``SimpleMinCostFlow``) on applications -> reviewers -> sink; the constraint matrix is
totally unimodular, so the flow optimum is integral and is the optimum of the assignment
problem. Minimum loads are exact (lower bounds on the reviewer -> sink arcs, see
:func:`_min_cost_flow`), not a two-phase heuristic. The status is always ``"optimal"`` or
``"infeasible"``; ``min_application_score`` is reported for information, ``bound`` and
``objective_bound`` are null.

Fair mode (``"mode": "fair"``, the FairFlow/FairIR idea): first maximise the worst-off
application's total affinity, then the total. Max-min assignment is NP-hard, so this is solved
with CP-SAT (lexicographically: stage 1 maximises the worst-off total, stage 2 the sum with the
worst-off total held), warm-started from the min-cost-flow solution and bounded by the time
limit. It is reported ``"optimal"`` only when both stages are proven (or when the sum-optimal
flow already reaches a proven upper bound on the worst-off total, which makes it
lexicographically optimal at once). Otherwise the status is ``"feasible"``: the best
assignment found, its ``min_application_score``, a proven upper ``bound`` on the worst-off
total any assignment can reach, and a proven ``objective_bound`` on the sum that a
lexicographically optimal assignment can have (the sum-mode optimum, or CP-SAT's stage-2
bound), and a ``reason`` saying so. How the two stages work: :func:`_solve_fair`. In practice
(bench/RESULTS.md): instances up to about 1,000 applications x 20 candidates are proven
optimal in about 10 s or less; on 10,000 x 60 the worst-off total is proven optimal (it reaches the
upper bound) and the sum is within 0.002% of its bound, status ``"feasible"``.

Command line: ``korpu assign-reviewers INSTANCE.json [-o SOLUTION.json] [--time-limit S]``
(or ``python -m korpu.solvers.review_assignment``, same arguments). The time limit (default
60 s; 0 for none) covers reading and solving in fair mode. A malformed instance gives a
one-line error on stderr and exit code 2; an infeasible one is a result (exit code 0).

Precision: the solvers work on integer scores, ``round(score * 1e6)``. Optimality, and the
bounds, are with respect to scores rounded to 1e-6; ``objective`` and
``min_application_score`` are computed from the original scores of the chosen pairs, so with
scores that have more than 6 decimals they can differ from a true optimum by at most
0.5e-6 per assigned pair.

Infeasible instances are reported with ``"status": "infeasible"`` and a ``reason``: cheap
necessary conditions first (an application with fewer candidates than reviews, total maximum
load below demand, total minimum load above demand, a reviewer whose minimum exceeds its
candidate applications, locked pairs exceeding a load), then, if the flow is still
infeasible, a minimum cut of the feasibility max-flow names the bottleneck: a group of
applications competing for too few reviewers (a Hall violation), or a group of reviewers
whose minimum loads their candidate applications cannot fill.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from korpu.solvers.files import read_json

if TYPE_CHECKING:  # CP-SAT (and the pandas it imports) is loaded only for the fair mode
    from ortools.sat.python import cp_model

FORMAT = "korpu.review-assignment/v1"
SOLUTION_FORMAT = "korpu.review-assignment.solution/v1"
MODES = ("sum", "fair")
SCALE = 1_000_000  # scores are rounded to 1e-6 for the integer solvers
MAX_ABS_SCORE = 1e6  # keeps every integer cost, bound and CP-SAT sum far inside int64
MAX_COUNT = 2**31 - 1
NAMES_SHOWN = 10


class InstanceError(ValueError):
    """A malformed instance; the message is one human-readable line."""


@dataclass(frozen=True, eq=False)
class Instance:
    """A validated instance. Build it with :func:`load_instance`.

    Pairs are the candidates only (affinity pairs minus conflicts), as parallel arrays of
    indices into ``application_ids`` / ``reviewer_ids``.
    """

    application_ids: tuple[str, ...]
    reviews: np.ndarray  # int64, per application
    reviewer_ids: tuple[str, ...]
    min_loads: np.ndarray  # int64, per reviewer
    max_loads: np.ndarray  # int64, per reviewer
    pair_application: np.ndarray  # int64, per candidate pair
    pair_reviewer: np.ndarray  # int64, per candidate pair
    pair_score: np.ndarray  # float64, per candidate pair
    pair_locked: np.ndarray  # bool, per candidate pair
    mode: str = "sum"

    @property
    def num_pairs(self) -> int:
        return int(self.pair_application.size)


@dataclass
class Solution:
    status: str  # "optimal" | "feasible" | "infeasible"
    mode: str
    objective: float | None = None
    assignments: list[tuple[str, str]] = field(default_factory=list)
    reason: str | None = None
    min_application_score: float | None = None
    bound: float | None = None
    objective_bound: float | None = None
    stats: dict[str, float] = field(default_factory=dict)  # timings etc.; not in the file


class _Infeasible(Exception):
    """Internal: the instance has no feasible assignment; the message is the reason."""


# --------------------------------------------------------------------------------------------
# Loading and validation


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where} must be a non-negative integer, not {value!r}")
    if value < 0:
        raise InstanceError(f"{where} must be a non-negative integer, not {value}")
    if value > MAX_COUNT:
        raise InstanceError(f"{where} is too large ({value}; at most {MAX_COUNT})")
    return value


def _list(data: dict, key: str, *, required: bool) -> list:
    if key not in data:
        if required:
            raise InstanceError(f'missing "{key}" list')
        return []
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f'"{key}" must be a list, not {_kind(value)}')
    return value


def _ids(items: list, key: str) -> dict[str, int]:
    index: dict[str, int] = {}
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


def _pair_error(
    items: list, key: str, apps: dict[str, int], revs: dict[str, int], scored: bool
) -> InstanceError:
    """Find the first bad entry of a pair list (the slow path, only when the fast one failed)."""
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            return InstanceError(f"{where} must be an object, not {_kind(item)}")
        for field_name, index in (("application", apps), ("reviewer", revs)):
            if field_name not in item:
                return InstanceError(f'{where}: missing "{field_name}"')
            ident = item[field_name]
            if not isinstance(ident, str) or ident not in index:
                return InstanceError(f"{where}: unknown {field_name} {ident!r}")
        if scored:
            if "score" not in item:
                return InstanceError(f'{where}: missing "score"')
            score = item["score"]
            if isinstance(score, bool) or not isinstance(score, int | float):
                return InstanceError(f"{where}: score must be a number, not {score!r}")
            try:
                value = float(score)
            except OverflowError:
                return InstanceError(
                    f"{where}: score is out of range (|score| <= {MAX_ABS_SCORE:g})"
                )
            if not math.isfinite(value):
                return InstanceError(f"{where}: score must be finite, not {score!r}")
            if abs(value) > MAX_ABS_SCORE:
                return InstanceError(
                    f"{where}: score {score!r} is out of range (|score| <= {MAX_ABS_SCORE:g})"
                )
    return InstanceError(f"{key}: malformed entries")  # pragma: no cover - fast path was wrong


def _pairs(
    data: dict, key: str, apps: dict[str, int], revs: dict[str, int], *, scored: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    items = _list(data, key, required=key == "affinity")
    n = len(items)
    try:
        a = np.fromiter((apps[p["application"]] for p in items), np.int64, count=n)
        r = np.fromiter((revs[p["reviewer"]] for p in items), np.int64, count=n)
        s = None
        if scored:
            raw = [p["score"] for p in items]
            if not all(type(v) is float or type(v) is int for v in raw):
                raise TypeError
            s = np.array(raw, dtype=np.float64) if n else np.zeros(0)
            if not (np.isfinite(s).all() and (np.abs(s) <= MAX_ABS_SCORE).all()):
                raise ValueError
    except (KeyError, TypeError, ValueError, OverflowError):
        raise _pair_error(items, key, apps, revs, scored) from None
    # A dict entry with a non-string id that happens to be hashable-equal (e.g. 1 vs "1")
    # cannot match: the indexes are keyed by str only, and apps[x] raised for anything else.
    keys = a * max(len(revs), 1) + r
    if n > 1:
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        dup = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
        if dup.size:
            i = int(order[dup[0] + 1])
            raise InstanceError(
                f"{key}[{i}]: duplicate pair ({items[i]['application']!r}, "
                f"{items[i]['reviewer']!r})"
            )
    return a, r, s


def load_instance(data: Any) -> Instance:
    """Validate a decoded JSON instance; raise :class:`InstanceError` if it is malformed."""
    if not isinstance(data, dict):
        raise InstanceError(f"the instance must be a JSON object, not {_kind(data)}")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise InstanceError(f'unsupported "format" {fmt!r}: expected {FORMAT!r}')
    mode = data.get("mode", "sum")
    if mode not in MODES:
        raise InstanceError(f'"mode" must be "sum" or "fair", not {mode!r}')

    applications = _list(data, "applications", required=True)
    reviewers = _list(data, "reviewers", required=True)
    apps = _ids(applications, "applications")
    revs = _ids(reviewers, "reviewers")
    reviews = np.array(
        [
            _count(item.get("reviews"), f"applications[{i}] ({item['id']!r}): reviews")
            for i, item in enumerate(applications)
        ],
        dtype=np.int64,
    )
    mins = np.zeros(len(reviewers), dtype=np.int64)
    maxs = np.zeros(len(reviewers), dtype=np.int64)
    for j, item in enumerate(reviewers):
        where = f"reviewers[{j}] ({item['id']!r})"
        if "max" not in item:
            raise InstanceError(f'{where}: missing "max"')
        mins[j] = _count(item.get("min", 0), f"{where}: min")
        maxs[j] = _count(item["max"], f"{where}: max")
        if mins[j] > maxs[j]:
            raise InstanceError(f"{where}: min {mins[j]} is greater than max {maxs[j]}")

    pa, pr, ps = _pairs(data, "affinity", apps, revs, scored=True)
    ca, cr, _ = _pairs(data, "conflicts", apps, revs, scored=False)
    la, lr, _ = _pairs(data, "locked", apps, revs, scored=False)
    width = max(len(revs), 1)
    pair_keys = pa * width + pr
    conflict_keys = ca * width + cr
    locked_keys = la * width + lr

    keep = ~np.isin(pair_keys, conflict_keys) if conflict_keys.size else np.ones(pa.size, bool)
    if locked_keys.size:
        conflicted = np.isin(locked_keys, conflict_keys)
        not_candidate = ~np.isin(locked_keys, pair_keys)
        bad = np.flatnonzero(conflicted | not_candidate)
        if bad.size:
            i = int(bad[0])
            what = "is conflicted" if conflicted[i] else "is not a candidate (not in affinity)"
            app_name = applications[int(la[i])]["id"]
            rev_name = reviewers[int(lr[i])]["id"]
            raise InstanceError(f"locked[{i}]: pair ({app_name!r}, {rev_name!r}) {what}")
    pa, pr, ps, pair_keys = pa[keep], pr[keep], ps[keep], pair_keys[keep]
    locked = np.isin(pair_keys, locked_keys) if locked_keys.size else np.zeros(pa.size, bool)
    return Instance(
        application_ids=tuple(apps),
        reviews=reviews,
        reviewer_ids=tuple(revs),
        min_loads=mins,
        max_loads=maxs,
        pair_application=pa,
        pair_reviewer=pr,
        pair_score=ps,
        pair_locked=locked,
        mode=mode,
    )


def read_instance(path: str | Path) -> Instance:
    """Read and validate an instance file; every failure is an :class:`InstanceError`."""
    data = read_json(path, InstanceError)
    try:
        return load_instance(data)
    except InstanceError as exc:
        raise InstanceError(f"{path}: {exc}") from None


# --------------------------------------------------------------------------------------------
# Output


def solution_to_dict(solution: Solution) -> dict:
    return {
        "format": SOLUTION_FORMAT,
        "mode": solution.mode,
        "status": solution.status,
        "objective": solution.objective,
        "min_application_score": solution.min_application_score,
        "bound": solution.bound,
        "objective_bound": solution.objective_bound,
        "assignments": [{"application": a, "reviewer": r} for a, r in solution.assignments],
        "reason": solution.reason,
    }


def write_solution(solution: Solution, out: str | Path | TextIO) -> None:
    text = json.dumps(solution_to_dict(solution), ensure_ascii=False, separators=(",", ":"))
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        out.write(text + "\n")


# --------------------------------------------------------------------------------------------
# The problem after locked pairs are taken out


@dataclass(frozen=True, eq=False)
class _Residual:
    """Locked pairs are fixed: they leave the graph and use up reviews and loads."""

    inst: Instance
    free: np.ndarray  # indices of the non-locked candidate pairs
    reviews: np.ndarray  # reviews still to assign, per application
    min_loads: np.ndarray  # residual min load, per reviewer
    max_loads: np.ndarray  # residual max load, per reviewer
    locked_per_app: np.ndarray
    locked_per_reviewer: np.ndarray

    @property
    def has_locks(self) -> bool:
        return bool(self.locked_per_app.any())


def _names(ids: Sequence[str], indices: np.ndarray | Sequence[int], noun: str) -> str:
    indices = list(indices)
    shown = ", ".join(repr(ids[i]) for i in indices[:NAMES_SHOWN])
    if len(indices) == 1:
        return f"{noun} {shown}"
    more = len(indices) - NAMES_SHOWN
    tail = f" and {more} more ({len(indices)} in total)" if more > 0 else ""
    return f"{noun}s {shown}{tail}"


def _residual(inst: Instance) -> _Residual:
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    locked = inst.pair_locked
    locked_app = np.bincount(inst.pair_application[locked], minlength=n_apps)
    locked_rev = np.bincount(inst.pair_reviewer[locked], minlength=n_revs)
    over = np.flatnonzero(locked_app > inst.reviews)
    if over.size:
        detail = "; ".join(
            f"{inst.application_ids[i]!r} has {_n(locked_app[i], 'locked reviewer')} but needs "
            f"{_n(inst.reviews[i], 'review')}"
            for i in over[:NAMES_SHOWN]
        )
        raise _Infeasible(f"too many locked pairs: {detail}{_more(over)}")
    over = np.flatnonzero(locked_rev > inst.max_loads)
    if over.size:
        detail = "; ".join(
            f"{inst.reviewer_ids[j]!r} has {_n(locked_rev[j], 'locked application')} but max load "
            f"{inst.max_loads[j]}"
            for j in over[:NAMES_SHOWN]
        )
        raise _Infeasible(f"too many locked pairs: {detail}{_more(over)}")
    return _Residual(
        inst=inst,
        free=np.flatnonzero(~locked),
        reviews=inst.reviews - locked_app,
        min_loads=np.maximum(inst.min_loads - locked_rev, 0),
        max_loads=inst.max_loads - locked_rev,
        locked_per_app=locked_app,
        locked_per_reviewer=locked_rev,
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _more(indices: np.ndarray) -> str:
    more = indices.size - NAMES_SHOWN
    return f"; and {more} more ({indices.size} in total)" if more > 0 else ""


def _precheck(res: _Residual) -> None:
    """Cheap necessary conditions, each with its own message."""
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    cand_app = np.bincount(inst.pair_application, minlength=n_apps)
    short = np.flatnonzero(cand_app < inst.reviews)
    if short.size:
        parts = []
        for i in short[:NAMES_SHOWN]:
            cands = inst.pair_reviewer[inst.pair_application == i]
            listed = ", ".join(repr(inst.reviewer_ids[j]) for j in cands[:5])
            listed += ", ..." if cands.size > 5 else ""
            parts.append(
                f"{inst.application_ids[i]!r} needs {_n(inst.reviews[i], 'review')} but has "
                f"{cand_app[i]} candidate reviewer{'s' if cand_app[i] != 1 else ''}"
                + (f" ({listed})" if cands.size else "")
            )
        raise _Infeasible(
            "not enough candidate reviewers (affinity pairs minus conflicts): "
            + "; ".join(parts)
            + _more(short)
        )
    demand = int(inst.reviews.sum())
    capacity = int(inst.max_loads.sum())
    if capacity < demand:
        raise _Infeasible(
            f"the applications need {_n(demand, 'review')} in total but the reviewers can take at "
            f"most {capacity} (sum of max loads)"
        )
    required = int(np.maximum(inst.min_loads, res.locked_per_reviewer).sum())
    if required > demand:
        counting = ", counting locked pairs" if res.has_locks else ""
        raise _Infeasible(
            f"the reviewers must take at least {_n(required, 'review')} in total (sum of min "
            f"loads{counting}) but the applications need only {demand}"
        )
    cand_rev = np.bincount(inst.pair_reviewer, minlength=n_revs)
    short = np.flatnonzero(cand_rev < inst.min_loads)
    if short.size:
        parts = [
            f"{inst.reviewer_ids[j]!r} must review at least {inst.min_loads[j]} applications "
            f"but has {cand_rev[j]} candidate application{'s' if cand_rev[j] != 1 else ''}"
            for j in short[:NAMES_SHOWN]
        ]
        raise _Infeasible(
            "min loads cannot be met (affinity pairs minus conflicts): "
            + "; ".join(parts)
            + _more(short)
        )


def _bottleneck(res: _Residual) -> str:
    """Explain an infeasible flow with a minimum cut of the feasibility max-flow.

    The flow with lower bounds (application a supplies reviews_a; reviewer r must absorb at
    least min_r and at most max_r) is feasible iff the max flow of this network saturates
    every source arc (total D = sum of reviews):

        S -> a (cap reviews_a),  a -> r (cap 1 per candidate pair),
        r -> T (cap min_r),      r -> t (cap max_r - min_r),  t -> T (cap D - sum min).

    If it does not, a minimum cut (source side X) has capacity < D. With A = applications in
    X, R = reviewers in X, and e(A, Y) the number of candidate pairs from A to Y, its
    capacity is  sum_{a not in A} reviews_a + e(A, not R) + sum_{r in R} min_r
    + (t not in X: sum_{r in R} (max_r - min_r); t in X: D - sum min). So either
      t not in X:  sum_{a in A} reviews_a  >  sum_{r in R} max_r + e(A, not R)
                   (applications A compete for too few reviewers: a Hall violation), or
      t in X:      sum_{r not in R} min_r  >  sum_{a not in A} reviews_a + e(A, not R)
                   (reviewers outside R cannot all get their minimum).
    """
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    free = res.free
    fa, fr = inst.pair_application[free], inst.pair_reviewer[free]
    demand = int(res.reviews.sum())
    min_total = int(res.min_loads.sum())
    src, sink, super_sink = n_apps + n_revs, n_apps + n_revs + 1, n_apps + n_revs + 2
    app_nodes = np.arange(n_apps, dtype=np.int32)
    rev_nodes = np.arange(n_apps, n_apps + n_revs, dtype=np.int32)
    tails = np.concatenate([np.full(n_apps, src), fa, rev_nodes, rev_nodes, [sink]]).astype(
        np.int32
    )
    heads = np.concatenate(
        [app_nodes, n_apps + fr, np.full(n_revs, super_sink), np.full(n_revs, sink), [super_sink]]
    ).astype(np.int32)
    caps = np.concatenate(
        [
            res.reviews,
            np.ones(free.size, np.int64),
            res.min_loads,
            res.max_loads - res.min_loads,
            [demand - min_total],
        ]
    ).astype(np.int64)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, caps)
    status = mf.solve(src, super_sink)
    if status != mf.OPTIMAL:  # pragma: no cover - capacities are small and non-negative
        return f"no feasible assignment (max-flow status {status})"
    if mf.optimal_flow() >= demand:  # pragma: no cover - the min-cost flow said infeasible
        return "no feasible assignment"
    side = np.zeros(n_apps + n_revs + 3, dtype=bool)
    side[np.asarray(mf.get_source_side_min_cut(), dtype=np.int64)] = True
    in_a = side[:n_apps] & (res.reviews > 0)
    in_r = side[n_apps : n_apps + n_revs]
    after_locks = " after the locked pairs" if res.has_locks else ""
    # Moving a zero-demand application or a zero-minimum reviewer across the cut never
    # increases its capacity, so the groups below still violate the inequality; the
    # per-partner bounds min(load, pairs) are at most the cut's terms, so they do too.
    if not side[sink]:
        apps = np.flatnonzero(in_a)
        need = int(res.reviews[apps].sum())
        pairs_to = np.bincount(fr[in_a[fa]], minlength=n_revs)  # e(A, r)
        revs = np.flatnonzero(pairs_to > 0)
        can = int(np.minimum(res.max_loads, pairs_to).sum())
        return (
            "applications compete for too few reviewers: "
            f"{_names(inst.application_ids, apps, 'application')} "
            f"{'needs' if apps.size == 1 else 'need'} {_n(need, 'review')}"
            f"{after_locks} but {'its' if apps.size == 1 else 'their'} candidate "
            f"{_names(inst.reviewer_ids, revs, 'reviewer')} can give "
            f"{'it' if apps.size == 1 else 'them'} at most {can} "
            f"(max loads{after_locks}; one review per candidate pair)"
        )
    out_r = ~in_r & (res.min_loads > 0)
    revs = np.flatnonzero(out_r)
    need = int(res.min_loads[revs].sum())
    pairs_from = np.bincount(fa[out_r[fr]], minlength=n_apps)  # e(a, Y)
    apps = np.flatnonzero(pairs_from > 0)
    can = int(np.minimum(res.reviews, pairs_from).sum())
    return (
        "min loads cannot be met: "
        f"{_names(inst.reviewer_ids, revs, 'reviewer')} must review at least "
        f"{_n(need, 'application')}{' in total' if revs.size > 1 else ''} "
        f"(min loads{after_locks}) but {'its' if revs.size == 1 else 'their'} candidate "
        f"{_names(inst.application_ids, apps, 'application')} can give "
        f"{'it' if revs.size == 1 else 'them'} at most {can}"
        f" (reviews{after_locks}; one review per candidate pair)"
    )


def _min_cost_flow(res: _Residual, weights: np.ndarray) -> np.ndarray:
    """Maximum-weight assignment of the free pairs; returns a bool mask over ``res.free``.

    Network: application a (supply reviews_a) -> reviewer r (one arc of capacity 1 per free
    candidate pair, cost -weight) -> sink. Minimum loads are exact lower bounds on the
    reviewer -> sink flow, by the standard reduction of lower bounds to supplies: reviewer r
    gets supply -min_r (it must absorb min_r units itself) and keeps an arc to the sink of
    capacity max_r - min_r; the sink absorbs the rest, D - sum min. A flow of this network is
    exactly an assignment meeting every load in [min_r, max_r], with the same cost, so the
    min-cost flow is the optimum and the solver reports INFEASIBLE exactly when no assignment
    exists. (This replaces the big-M formulation -- a mandatory arc of capacity min_r and cost
    -M, which is exact only for M above the total attainable weight -- without any large
    constant, so integer costs stay small and no saturation check is needed.)
    """
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    free = res.free
    sink = n_apps + n_revs
    demand = int(res.reviews.sum())
    tails = np.concatenate([inst.pair_application[free], np.arange(n_apps, sink)]).astype(np.int32)
    heads = np.concatenate([n_apps + inst.pair_reviewer[free], np.full(n_revs, sink)]).astype(
        np.int32
    )
    caps = np.concatenate([np.ones(free.size, np.int64), res.max_loads - res.min_loads])
    costs = np.concatenate([-weights[free], np.zeros(n_revs, np.int64)]).astype(np.int64)
    supplies = np.concatenate(
        [res.reviews, -res.min_loads, [-(demand - int(res.min_loads.sum()))]]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    if tails.size:
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), costs)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        raise _Infeasible(_bottleneck(res))
    if status != flow.OPTIMAL:  # pragma: no cover - validated ranges keep costs in range
        raise RuntimeError(f"min-cost flow failed with status {status}")
    if free.size == 0:
        return np.zeros(0, bool)
    return flow.flows(np.arange(free.size, dtype=np.int32)) > 0


# --------------------------------------------------------------------------------------------
# Solving


def _scaled(inst: Instance) -> np.ndarray:
    return np.rint(inst.pair_score * SCALE).astype(np.int64)


def _sum_by(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """out[i] = sum of values[k] with index[k] == i; exact int64 for integer values."""
    if np.issubdtype(values.dtype, np.integer):
        out = np.zeros(n, dtype=np.int64)
        np.add.at(out, index, values)
        return out
    return np.bincount(index, weights=values, minlength=n).astype(np.float64)


def _app_totals(inst: Instance, chosen: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per-application sum of ``values`` over the chosen pairs (chosen: bool over all pairs)."""
    return _sum_by(inst.pair_application[chosen], values[chosen], len(inst.application_ids))


def _finish(inst: Instance, chosen: np.ndarray, status: str, mode: str, **extra: Any) -> Solution:
    idx = np.flatnonzero(chosen)
    order = np.lexsort((inst.pair_reviewer[idx], inst.pair_application[idx]))
    idx = idx[order]
    apps, revs = inst.application_ids, inst.reviewer_ids
    assignments = [
        (apps[a], revs[r])
        for a, r in zip(
            inst.pair_application[idx].tolist(), inst.pair_reviewer[idx].tolist(), strict=True
        )
    ]
    active = inst.reviews > 0
    min_score = None
    if active.any():
        totals = _app_totals(inst, chosen, inst.pair_score)
        # The worst-off total, summed exactly (math.fsum) among the near-minimal ones.
        near = np.flatnonzero(active & (totals <= totals[active].min() + 1e-9))
        app_of = inst.pair_application[idx]  # sorted: idx is in application order
        starts = np.searchsorted(app_of, near)
        ends = np.searchsorted(app_of, near, side="right")
        min_score = min(
            math.fsum(inst.pair_score[idx[i:j]].tolist())
            for i, j in zip(starts.tolist(), ends.tolist(), strict=True)
        )
    return Solution(
        status=status,
        mode=mode,
        objective=math.fsum(inst.pair_score[idx].tolist()),
        assignments=assignments,
        min_application_score=min_score,
        **extra,
    )


def solve(
    instance: Instance, *, time_limit: float | None = None, mode: str | None = None
) -> Solution:
    """Solve an instance. ``mode`` overrides ``instance.mode``.

    ``time_limit`` (seconds, wall clock for the whole call) only matters in fair mode; the sum
    mode is always solved to optimality. Infeasible instances give a solution with status
    ``"infeasible"`` and a reason; this function does not raise for them.
    """
    started = time.perf_counter()
    mode = mode or instance.mode
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    weights = _scaled(instance)
    try:
        res = _residual(instance)
        _precheck(res)
        chosen = instance.pair_locked.copy()
        chosen[res.free] = _min_cost_flow(res, weights)
    except _Infeasible as exc:
        return Solution(
            status="infeasible",
            mode=mode,
            reason=str(exc),
            stats={"seconds": time.perf_counter() - started},
        )
    flow_seconds = time.perf_counter() - started
    if mode == "sum":
        solution = _finish(instance, chosen, "optimal", mode)
    else:
        deadline = None if time_limit is None else started + time_limit
        solution = _solve_fair(instance, res, weights, chosen, started, deadline)
    solution.stats.update(flow_seconds=flow_seconds, seconds=time.perf_counter() - started)
    return solution


def _best_possible(inst: Instance, res: _Residual, weights: np.ndarray) -> np.ndarray:
    """Per application, the largest total it could get if it had no competitors (scaled)."""
    n_apps = len(inst.application_ids)
    free = res.free
    fa, fw = inst.pair_application[free], weights[free]
    order = np.lexsort((-fw, fa))
    fa, fw = fa[order], fw[order]
    starts = np.searchsorted(fa, np.arange(n_apps))
    top = (np.arange(fa.size) - starts[fa]) < res.reviews[fa]
    locked = inst.pair_locked
    return _sum_by(fa[top], fw[top], n_apps) + _sum_by(
        inst.pair_application[locked], weights[locked], n_apps
    )


def _reduced_costs(res: _Residual, weights: np.ndarray, chosen_free: np.ndarray) -> np.ndarray:
    """|reduced cost| of every free pair arc w.r.t. optimal dual potentials of the flow.

    The potentials are shortest-path distances in the residual network of the optimal flow
    (Bellman-Ford from a virtual root joined to every node at cost 0, vectorised with NumPy,
    in exact integers). They exist because an optimal flow leaves no negative cycle, and
    then every residual arc has reduced cost c(u, v) + d(u) - d(v) >= 0. For any other
    feasible assignment x' (same supplies), cost(x') - cost(x) is the sum over all arcs of
    |reduced cost| * |x'_e - x_e|: an assignment whose total weight is at least W - G (W the
    optimum) differs from x only on pairs with |reduced cost| <= G. Raises RuntimeError if
    the relaxation does not converge, which would mean the flow is not optimal.
    """
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    free = res.free
    fa, fr, fw = inst.pair_application[free], n_apps + inst.pair_reviewer[free], weights[free]
    sink = n_apps + n_revs
    load = np.bincount(fr[chosen_free] - n_apps, minlength=n_revs)
    flow_out = load - res.min_loads  # flow on reviewer -> sink (capacity max - min)
    rev_nodes = np.arange(n_apps, sink)
    fwd = flow_out < res.max_loads - res.min_loads
    back = flow_out > 0
    tails = np.concatenate(
        [np.where(chosen_free, fr, fa), rev_nodes[fwd], np.full(back.sum(), sink)]
    )
    heads = np.concatenate(
        [np.where(chosen_free, fa, fr), np.full(fwd.sum(), sink), rev_nodes[back]]
    )
    costs = np.concatenate(
        [np.where(chosen_free, fw, -fw), np.zeros(fwd.sum() + back.sum(), np.int64)]
    )
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    targets, starts = np.unique(heads, return_index=True)
    dist = np.zeros(sink + 1, dtype=np.int64)
    for _ in range(sink + 2):
        reach = np.minimum.reduceat(dist[tails] + costs, starts) if tails.size else dist[targets]
        better = reach < dist[targets]
        if not better.any():
            break
        dist[targets[better]] = reach[better]
    else:  # pragma: no cover - OR-Tools returned a non-optimal flow
        raise RuntimeError("negative cycle in the residual network: the flow is not optimal")
    return np.abs(-fw + dist[fa] - dist[fr])


@dataclass
class _SubModel:
    model: cp_model.CpModel
    x: list  # CP-SAT booleans of the free pairs in ``idx``
    idx: np.ndarray  # positions (in res.free) of the pairs left free
    t: Any  # worst-off total variable (stage 1) or None
    constant: int  # weight of the fixed chosen pairs (locked included)


def _sub_model(
    res: _Residual,
    weights: np.ndarray,
    active: np.ndarray,
    free_mask: np.ndarray,
    base: np.ndarray,
    worst_range: tuple[int, int] | None,
    worst_at_least: int | None = None,
) -> _SubModel:
    """CP-SAT model over the pairs in ``free_mask``; every other pair keeps its ``base`` value.

    With ``worst_range`` the model has a variable t in that range below every active
    application's total (stage 1); with ``worst_at_least`` every active application's total
    must reach that value (stage 2).
    """
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    free = res.free
    fa, fr, fw = inst.pair_application[free], inst.pair_reviewer[free], weights[free]
    fixed_on = ~free_mask & base
    locked = inst.pair_locked
    app_const = _sum_by(fa[fixed_on], fw[fixed_on], n_apps) + _sum_by(
        inst.pair_application[locked], weights[locked], n_apps
    )
    app_fixed = np.bincount(fa[fixed_on], minlength=n_apps)
    rev_fixed = np.bincount(fr[fixed_on], minlength=n_revs)
    idx = np.flatnonzero(free_mask)
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(idx.size)]
    sub_a, sub_r, sub_w = fa[idx], fr[idx], fw[idx]

    touched_app = np.zeros(n_apps, bool)
    touched_app[sub_a] = True
    t = None
    floor = worst_at_least
    if worst_range is not None:
        lo, hi = worst_range
        untouched = active & ~touched_app
        if untouched.any():
            hi = min(hi, int(app_const[untouched].min()))
        t = model.new_int_var(lo, max(lo, hi), "worst")
    by_app = np.argsort(sub_a, kind="stable")
    bounds = np.searchsorted(sub_a[by_app], np.arange(n_apps + 1))
    for a in np.flatnonzero(touched_app).tolist():
        group = by_app[bounds[a] : bounds[a + 1]].tolist()
        xs = [x[i] for i in group]
        model.add(cp_model.LinearExpr.sum(xs) == int(res.reviews[a] - app_fixed[a]))
        if active[a] and (t is not None or floor is not None):
            total = cp_model.LinearExpr.weighted_sum(xs, sub_w[group].tolist()) + int(app_const[a])
            model.add(total >= (t if t is not None else floor))
    by_rev = np.argsort(sub_r, kind="stable")
    bounds = np.searchsorted(sub_r[by_rev], np.arange(n_revs + 1))
    for r in np.unique(sub_r).tolist():
        group = by_rev[bounds[r] : bounds[r + 1]].tolist()
        lo = max(int(res.min_loads[r] - rev_fixed[r]), 0)
        hi = int(res.max_loads[r] - rev_fixed[r])
        if lo == 0 and hi >= len(group):
            continue
        model.add_linear_constraint(cp_model.LinearExpr.sum([x[i] for i in group]), lo, hi)
    proto = model.model_proto
    proto.solution_hint.vars.extend([v.index for v in x])
    proto.solution_hint.values.extend(base[idx].astype(np.int64).tolist())
    constant = int(fw[fixed_on].sum()) + int(weights[locked].sum())
    return _SubModel(model=model, x=x, idx=idx, t=t, constant=constant)


def _cp_solve(sub: _SubModel, seconds: float | None) -> tuple[cp_model.CpSolver, Any]:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 8  # CP-SAT's portfolio needs ~8 workers, even on 2 cores
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    return solver, solver.solve(sub.model)


FAIR_FIRST_NEIGHBOURHOOD = 20_000  # free pairs in the first stage-1 model; x4 per round
FAIR_EXACT_LIMIT = 60_000  # with a time limit, larger exact stage-2 models are not tried


def _solve_fair(
    inst: Instance,
    res: _Residual,
    weights: np.ndarray,
    flow_chosen: np.ndarray,
    started: float,
    deadline: float | None,
) -> Solution:
    """Lexicographic max-min, then max-sum; see the module docstring.

    Stage 1 (maximise the worst-off total t) runs CP-SAT on neighbourhoods of the
    sum-optimal flow solution: the pairs of the applications below the upper bound, then the
    pairs whose flow reduced cost is smallest (the cheapest deviations), growing the
    neighbourhood fourfold per round until the whole instance is in the model (then CP-SAT's
    proof is a proof), the upper bound is reached (then it is proven too), or the stage-1
    share of the time (half) is spent. Stage 2 (maximise the sum with t held) starts from a
    repair of the flow solution (:func:`_repair`) and is exact by reduced-cost fixing: with W
    the sum-mode optimum and I the incumbent, any better assignment differs from the flow
    solution only on pairs with |reduced cost| <= W - I, so the others are fixed and CP-SAT's
    result (optimum or bound) holds for the whole instance. When that model is larger than
    FAIR_EXACT_LIMIT pairs and there is a time limit, CP-SAT first improves the incumbent in
    neighbourhoods that grow fourfold while each is solved to optimality in time (the gap,
    hence the exact model, shrinks as the incumbent improves); until the exact model is
    solved, the sum-mode optimum stays the objective bound.
    """
    from ortools.sat.python import cp_model

    active = inst.reviews > 0
    sum_opt = int(weights[flow_chosen].sum())
    if not active.any():
        return _finish(inst, flow_chosen, "optimal", "fair", objective_bound=sum_opt / SCALE)
    totals = _app_totals(inst, flow_chosen, weights)
    flow_min = int(totals[active].min())
    upper = int(_best_possible(inst, res, weights)[active].min())
    if flow_min >= upper:
        # The sum-optimal assignment reaches an upper bound of the worst-off total, so it is
        # optimal for both stages.
        return _finish(
            inst,
            flow_chosen,
            "optimal",
            "fair",
            bound=upper / SCALE,
            objective_bound=sum_opt / SCALE,
        )

    def left(share: float = 1.0) -> float | None:
        if deadline is None:
            return None
        return max(started + (deadline - started) * share - time.perf_counter(), 0.0)

    free = res.free
    fa = inst.pair_application[free]
    base = flow_chosen[free]
    rc = _reduced_costs(res, weights, base)
    endangered = active & (totals < upper)
    order = np.lexsort((rc, ~endangered[fa]))  # endangered applications' pairs first
    current = base.copy()
    worst, bound, stage1_proven = flow_min, upper, False
    size = FAIR_FIRST_NEIGHBOURHOOD
    while True:
        full = size >= free.size
        mask = np.zeros(free.size, bool)
        mask[order[:size]] = True
        mask |= current != base  # keeps the incumbent inside the model
        sub = _sub_model(res, weights, active, mask, current, (worst, upper))
        sub.model.maximize(sub.t)
        solver, status = _cp_solve(sub, left(0.5))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.value(sub.t) > worst:
            worst = int(solver.value(sub.t))
            current[sub.idx] = [solver.boolean_value(v) for v in sub.x]
        if worst >= upper:
            stage1_proven, bound = True, worst
            break
        if full:
            if status == cp_model.OPTIMAL:
                stage1_proven, bound = True, worst
            elif status == cp_model.FEASIBLE:
                bound = min(upper, math.floor(solver.best_objective_bound))
            break
        if status != cp_model.OPTIMAL or left(0.5) == 0.0:
            break
        size *= 4

    # Stage 2: hold the worst-off total t, maximise the sum. A repair of the flow solution
    # gives a good incumbent; then, with W the sum-mode optimum and I the incumbent, any
    # better assignment differs from the flow solution only on pairs whose reduced cost is at
    # most W - I, so CP-SAT over those pairs alone is exact. If that model is too large for
    # the time limit, CP-SAT improves the incumbent in a neighbourhood instead (no proof).
    locked_sum = int(weights[inst.pair_locked].sum())
    incumbent = int(weights[free][current].sum()) + locked_sum
    objective_bound = sum_opt
    stats: dict[str, float] = {"stage1_free_pairs": float(min(size, free.size))}
    if incumbent < sum_opt and left() != 0.0:
        repaired = _repair(res, weights, active, worst, base, current)
        value = int(weights[free][repaired].sum()) + locked_sum
        if value > incumbent:
            current, incumbent = repaired, value
    size = FAIR_FIRST_NEIGHBOURHOOD
    while incumbent < objective_bound and left() != 0.0:
        exact = (rc <= sum_opt - incumbent) | (current != base)
        stats["stage2_exact_pairs"] = float(exact.sum())
        is_exact = deadline is None or exact.sum() <= max(size, FAIR_EXACT_LIMIT)
        if is_exact:
            mask = exact
        else:
            mask = np.zeros(free.size, bool)
            mask[order[:size]] = True
            mask |= current != base
        stats["stage2_free_pairs"] = float(mask.sum())
        sub = _sub_model(res, weights, active, mask, current, None, worst_at_least=worst)
        objective = cp_model.LinearExpr.weighted_sum(sub.x, weights[free][sub.idx].tolist())
        sub.model.add(objective >= incumbent - sub.constant)
        sub.model.maximize(objective)
        solver, status = _cp_solve(sub, left())
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value = int(solver.objective_value) + sub.constant
            if value > incumbent:
                current[sub.idx] = [solver.boolean_value(v) for v in sub.x]
                incumbent = value
            if is_exact:
                cp_bound = math.floor(solver.best_objective_bound + 1e-6) + sub.constant
                objective_bound = min(objective_bound, max(cp_bound, incumbent))
                if status == cp_model.OPTIMAL:
                    objective_bound = incumbent
        if is_exact or status != cp_model.OPTIMAL:
            break  # proven, or out of time
        size *= 4
    stage2_proven = incumbent >= objective_bound
    chosen = inst.pair_locked.copy()
    chosen[free] = current
    solution = _finish(
        inst,
        chosen,
        "optimal" if stage1_proven and stage2_proven else "feasible",
        "fair",
        bound=bound / SCALE,
        objective_bound=objective_bound / SCALE,
        stats=stats,
    )
    if solution.status == "feasible":
        solution.reason = (
            "time limit reached before optimality was proven: worst-off application total "
            f"{solution.min_application_score:.6f} (proven bound {bound / SCALE:.6f}), "
            f"objective {solution.objective:.6f} (proven bound {objective_bound / SCALE:.6f})"
        )
    return solution


def _repair(
    res: _Residual,
    weights: np.ndarray,
    active: np.ndarray,
    worst: int,
    start: np.ndarray,
    feasible: np.ndarray,
) -> np.ndarray:
    """Make an assignment meet "every total >= worst", keeping as much weight as possible.

    ``start`` is any assignment (bool over res.free), ``feasible`` one that meets the
    threshold. Applications below it take their pairs from ``feasible`` and a min-cost flow
    re-optimises the others, until no application is below (at worst, all of them are
    protected and the result is ``feasible``). Every flow is feasible because ``feasible``
    restricted to the unprotected applications is one.
    """
    inst = res.inst
    n_apps, n_revs = len(inst.application_ids), len(inst.reviewer_ids)
    free = res.free
    fa, fr, fw = inst.pair_application[free], inst.pair_reviewer[free], weights[free]
    locked = inst.pair_locked
    base_totals = _sum_by(inst.pair_application[locked], weights[locked], n_apps)
    protected = np.zeros(n_apps, bool)
    current = start.copy()
    while True:
        totals = base_totals + _sum_by(fa[current], fw[current], n_apps)
        below = active & (totals < worst) & ~protected
        if not below.any():
            return current
        protected |= below
        keep = feasible & protected[fa]
        taken = np.bincount(fr[keep], minlength=n_revs)
        sub = _Residual(
            inst=inst,
            free=free[~protected[fa]],
            reviews=np.where(protected, 0, res.reviews),
            min_loads=np.maximum(res.min_loads - taken, 0),
            max_loads=res.max_loads - taken,
            locked_per_app=res.locked_per_app,
            locked_per_reviewer=res.locked_per_reviewer,
        )
        current = keep.copy()
        current[~protected[fa]] = _min_cost_flow(sub, weights)


# --------------------------------------------------------------------------------------------
# Command line (shared with `korpu assign-reviewers`)


DEFAULT_TIME_LIMIT = 60.0


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
        help=f"wall-clock limit for reading and solving in fair mode (default "
        f"{DEFAULT_TIME_LIMIT:g}; 0: none, solve to proven optimality). The sum mode is "
        "always solved exactly and ignores it",
    )


def run(
    instance_path: str,
    output: str | None,
    time_limit: float | None,
    stdout: TextIO | None = None,
) -> Solution:
    """Read, solve, write (to ``output``, or ``stdout`` if None).

    Raises :class:`InstanceError` for every input problem (unreadable or malformed file,
    unwritable output, bad time limit).
    """
    started = time.perf_counter()
    if time_limit is not None and not (math.isfinite(time_limit) and time_limit >= 0):
        raise InstanceError(f"--time-limit must be a number of seconds >= 0, not {time_limit}")
    instance = read_instance(instance_path)
    if time_limit:  # the limit covers reading the file too
        time_limit = max(time_limit - (time.perf_counter() - started), 0.1)
    solution = solve(instance, time_limit=time_limit or None)
    try:
        write_solution(solution, output if output is not None else (stdout or sys.stdout))
    except OSError as exc:
        raise InstanceError(f"cannot write {output}: {exc.strerror or exc}") from None
    return solution


def summary(solution: Solution) -> str:
    """One line for the terminal."""
    if solution.status == "infeasible":
        return f"infeasible: {solution.reason}"
    text = (
        f"{solution.status} ({solution.mode} mode): objective {solution.objective:.6f}, "
        f"{len(solution.assignments)} assignments"
    )
    if solution.min_application_score is not None:
        text += f", worst-off application {solution.min_application_score:.6f}"
    if solution.bound is not None:
        text += f" (bound {solution.bound:.6f})"
    return text + f", solved in {solution.stats.get('seconds', 0.0):.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m korpu.solvers.review_assignment",
        description="Assign reviewers to applications (korpu.review-assignment/v1).",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        solution = run(args.instance, args.output, args.time_limit)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output is not None:
        print(summary(solution))
    return 0


if __name__ == "__main__":
    sys.exit(main())
