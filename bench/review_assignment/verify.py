"""Check a solution of `korpu assign-reviewers` independently of the solver's code.

    .venv/bin/python bench/review_assignment/verify.py INSTANCE.json SOLUTION.json

1. Feasibility: every constraint of the instance, recomputed from the two JSON files.
2. Optimality of a sum-mode solution, by an LP duality certificate. With integer weights
   w = round(score * 1e6), the assignment LP (which is integral) is a max-weight flow:
   applications (supply = reviews) -> reviewers (one arc of capacity 1 per candidate pair)
   -> sink, reviewer r absorbing min_r itself and up to max_r - min_r more through an arc to
   the sink. For ANY node prices p, the dual value
       sum_v supply_v * p_v + sum_arcs capacity_e * max(0, w_e - p_tail + p_head)
   is an upper bound on every feasible assignment's weight (weak duality). This script
   computes prices from the solution itself (shortest-path distances in its residual
   network, by Bellman-Ford from scratch here) and evaluates that bound: if it equals the
   solution's weight, the solution is optimal (w.r.t. scores rounded to 1e-6). A solution
   that is not optimal cannot pass, whatever the prices: the bound would exceed its weight.
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np


def main(instance_path: str, solution_path: str) -> int:
    with open(instance_path) as f:
        inst = json.load(f)
    with open(solution_path) as f:
        sol = json.load(f)
    apps = [a["id"] for a in inst["applications"]]
    revs = [r["id"] for r in inst["reviewers"]]
    ai = {a: i for i, a in enumerate(apps)}
    ri = {r: j for j, r in enumerate(revs)}
    n_a, n_r = len(apps), len(revs)
    reviews = np.array([a["reviews"] for a in inst["applications"]], dtype=np.int64)
    lo = np.array([r.get("min", 0) for r in inst["reviewers"]], dtype=np.int64)
    hi = np.array([r["max"] for r in inst["reviewers"]], dtype=np.int64)
    conflicts = {(c["application"], c["reviewer"]) for c in inst.get("conflicts", [])}
    locked = {(c["application"], c["reviewer"]) for c in inst.get("locked", [])}
    score = {
        (p["application"], p["reviewer"]): p["score"]
        for p in inst["affinity"]
        if (p["application"], p["reviewer"]) not in conflicts
    }
    print(f"status {sol['status']}, mode {sol['mode']}")
    if sol["status"] == "infeasible":
        print("infeasible: nothing to verify here")
        return 0

    # 1. Feasibility
    pairs = [(p["application"], p["reviewer"]) for p in sol["assignments"]]
    problems = []
    if len(set(pairs)) != len(pairs):
        problems.append("a pair is assigned twice")
    problems += [f"{p} is not a candidate" for p in pairs if p not in score][:5]
    problems += [f"locked {p} missing" for p in locked if p not in set(pairs)][:5]
    per_app = np.bincount([ai[a] for a, _ in pairs], minlength=n_a)
    per_rev = np.bincount([ri[r] for _, r in pairs], minlength=n_r)
    if (per_app != reviews).any():
        problems.append(f"{int((per_app != reviews).sum())} applications with wrong counts")
    if ((per_rev < lo) | (per_rev > hi)).any():
        problems.append(f"{int(((per_rev < lo) | (per_rev > hi)).sum())} reviewers out of load")
    objective = math.fsum(score[p] for p in pairs if p in score)
    totals = np.zeros(n_a)
    for a, r in pairs:
        totals[ai[a]] += score.get((a, r), 0.0)
    worst = float(totals[reviews > 0].min()) if (reviews > 0).any() else None
    if not math.isclose(objective, sol["objective"], abs_tol=1e-6):
        problems.append(f"objective {sol['objective']} but the pairs sum to {objective}")
    if worst is not None and not math.isclose(worst, sol["min_application_score"], abs_tol=1e-6):
        problems.append(f"min_application_score {sol['min_application_score']} but {worst}")
    if sol.get("bound") is not None and worst is not None and worst > sol["bound"] + 1e-6:
        problems.append("worst-off total above its claimed upper bound")
    print(f"feasibility: {'OK' if not problems else 'FAILED: ' + '; '.join(problems)}")
    print(f"objective {objective:.6f}, worst-off application {worst}")
    if problems:
        return 1
    if sol["mode"] != "sum":
        return 0

    # 2. Optimality certificate (locked pairs are fixed: they leave the network).
    keys = [p for p in score if p not in locked]
    a_idx = np.array([ai[a] for a, _ in keys], dtype=np.int64)
    r_idx = np.array([ri[r] for _, r in keys], dtype=np.int64)
    w = np.array([round(score[p] * 1_000_000) for p in keys], dtype=np.int64)
    chosen_set = set(pairs)
    x = np.array([p in chosen_set for p in keys], dtype=bool)
    lock_a = np.bincount([ai[a] for a, _ in locked], minlength=n_a)
    lock_r = np.bincount([ri[r] for _, r in locked], minlength=n_r)
    rev_res = reviews - lock_a
    lo_res = np.maximum(lo - lock_r, 0)
    hi_res = hi - lock_r
    sink = n_a + n_r
    r_node = n_a + r_idx
    load = np.bincount(r_idx[x], minlength=n_r)
    extra = load - lo_res  # flow on reviewer -> sink
    cap_extra = hi_res - lo_res
    # Residual network in "cost = -weight" form.
    tails = [np.where(x, r_node, a_idx)]
    heads = [np.where(x, a_idx, r_node)]
    costs = [np.where(x, w, -w)]
    rn = np.arange(n_a, sink)
    fwd, back = extra < cap_extra, extra > 0
    tails += [rn[fwd], np.full(int(back.sum()), sink)]
    heads += [np.full(int(fwd.sum()), sink), rn[back]]
    costs += [np.zeros(int(fwd.sum()), np.int64), np.zeros(int(back.sum()), np.int64)]
    t, h, c = np.concatenate(tails), np.concatenate(heads), np.concatenate(costs)
    dist = np.zeros(sink + 1, dtype=np.int64)
    rounds = 0
    while True:
        rounds += 1
        cand = dist[t] + c
        new = dist.copy()
        np.minimum.at(new, h, cand)
        if (new == dist).all():
            break
        if rounds > sink + 2:
            print("Bellman-Ford does not converge: negative cycle, the solution is NOT optimal")
            return 1
        dist = new
    price = dist  # p_u - p_v >= w on every non-saturated arc
    primal = int(w[x].sum())
    supply = np.concatenate([rev_res, -lo_res, [-(rev_res.sum() - lo_res.sum())]])
    dual = int((supply * price).sum())
    dual += int(np.maximum(0, w - price[a_idx] + price[r_node]).sum())
    dual += int((cap_extra * np.maximum(0, -price[rn] + price[sink])).sum())
    print(f"Bellman-Ford: {rounds} rounds over {t.size} residual arcs")
    print(f"primal (free pairs, scores x 1e6) {primal}, dual upper bound {dual}")
    print("optimality certificate: " + ("OK (bound = weight)" if dual == primal else "FAILED"))
    return 0 if dual == primal else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
