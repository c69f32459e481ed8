"""Deterministic instance generator for `korpu assign-reviewers`.

    python bench/review_assignment/generate.py -o var/bench/ra-10000.json
    python bench/review_assignment/generate.py --applications 200 --reviewers 100 -o small.json

The model (all draws from one seeded NumPy generator, so a seed gives the same file):

- Every application and reviewer gets a sparse topic profile (Dirichlet over 40 topics with a
  small concentration), so a few reviewers are close to many applications and most are close
  to few: candidate sets overlap and popular reviewers are contended, as in real calls.
- Affinity is the cosine similarity of the profiles, mixed with a little per-pair noise and
  skewed towards 0 (a power > 1), rounded to 6 decimals and clipped into (0, 1].
- Each application keeps its top-K reviewers by affinity as candidates.
- 2% of the candidate pairs are also listed as conflicts (they stay in `affinity`).
- Every application needs `--reviews` (3) reviews. Reviewer maximum loads are drawn
  uniformly in 0..8; since that averages 4 per reviewer and the demand is 3N, random
  reviewers with max < 8 are then topped up by one until the total capacity reaches
  (1 + slack) x demand (slack 0.10 by default). A tenth of the reviewers (among those with
  max >= 1 and at least one non-conflicted candidate application) get min load 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

TOPICS = 40


def generate(
    *,
    applications: int = 10_000,
    reviewers: int = 5_000,
    k: int = 60,
    reviews: int = 3,
    max_load: int = 8,
    slack: float = 0.10,
    conflict_rate: float = 0.02,
    min_fraction: float = 0.10,
    mode: str = "sum",
    seed: int = 1,
) -> dict:
    rng = np.random.default_rng(seed)
    k = min(k, reviewers)
    app_topics = rng.dirichlet(np.full(TOPICS, 0.15), size=applications).astype(np.float32)
    rev_topics = rng.dirichlet(np.full(TOPICS, 0.15), size=reviewers).astype(np.float32)
    # Reviewers differ in breadth: some cover more topics strongly (popular reviewers).
    app_topics /= np.linalg.norm(app_topics, axis=1, keepdims=True)
    rev_topics /= np.linalg.norm(rev_topics, axis=1, keepdims=True)

    pair_app = np.repeat(np.arange(applications, dtype=np.int64), k)
    pair_rev = np.empty(applications * k, dtype=np.int64)
    pair_score = np.empty(applications * k, dtype=np.float64)
    chunk = 1000
    for start in range(0, applications, chunk):
        stop = min(start + chunk, applications)
        sim = app_topics[start:stop] @ rev_topics.T
        sim = 0.9 * sim + 0.1 * rng.random(sim.shape, dtype=np.float32)
        top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        top_scores = np.take_along_axis(sim, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        pair_rev[start * k : stop * k] = top.ravel()
        pair_score[start * k : stop * k] = top_scores.ravel()
    pair_score = np.clip(np.round(np.clip(pair_score, 0, 1) ** 1.5, 6), 1e-6, 1.0)

    conflicted = rng.random(pair_app.size) < conflict_rate

    demand = reviews * applications
    maxs = rng.integers(0, max_load + 1, size=reviewers)
    target = int(np.ceil((1 + slack) * demand))
    if target > max_load * reviewers:
        raise SystemExit(
            f"cannot reach capacity {target} with {reviewers} reviewers of max {max_load}"
        )
    while maxs.sum() < target:
        open_ = np.flatnonzero(maxs < max_load)
        missing = int(target - maxs.sum())
        bump = rng.choice(open_, size=min(missing, open_.size), replace=False)
        maxs[bump] += 1

    candidate_count = np.bincount(pair_rev[~conflicted], minlength=reviewers)
    eligible = np.flatnonzero((maxs >= 1) & (candidate_count >= 1))
    mins = np.zeros(reviewers, dtype=np.int64)
    n_min = min(eligible.size, int(round(min_fraction * reviewers)))
    mins[rng.choice(eligible, size=n_min, replace=False)] = 1

    app_ids = [f"a{i + 1}" for i in range(applications)]
    rev_ids = [f"r{j + 1}" for j in range(reviewers)]
    instance: dict = {"format": "korpu.review-assignment/v1"}
    if mode != "sum":
        instance["mode"] = mode
    instance["applications"] = [{"id": a, "reviews": reviews} for a in app_ids]
    instance["reviewers"] = [
        {"id": r, "min": int(lo), "max": int(hi)}
        for r, lo, hi in zip(rev_ids, mins, maxs, strict=True)
    ]
    instance["affinity"] = [
        {"application": app_ids[a], "reviewer": rev_ids[r], "score": float(s)}
        for a, r, s in zip(pair_app.tolist(), pair_rev.tolist(), pair_score.tolist(), strict=True)
    ]
    instance["conflicts"] = [
        {"application": app_ids[a], "reviewer": rev_ids[r]}
        for a, r in zip(pair_app[conflicted].tolist(), pair_rev[conflicted].tolist(), strict=True)
    ]
    return instance


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=5_000)
    parser.add_argument("-k", type=int, default=60, help="candidate reviewers per application")
    parser.add_argument("--reviews", type=int, default=3)
    parser.add_argument("--slack", type=float, default=0.10)
    parser.add_argument("--mode", choices=["sum", "fair"], default="sum")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    instance = generate(
        applications=args.applications,
        reviewers=args.reviewers,
        k=args.k,
        reviews=args.reviews,
        slack=args.slack,
        mode=args.mode,
        seed=args.seed,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as f:
        json.dump(instance, f, separators=(",", ":"))
    print(
        f"wrote {args.output}: {len(instance['applications'])} applications, "
        f"{len(instance['reviewers'])} reviewers, {len(instance['affinity'])} affinity pairs, "
        f"{len(instance['conflicts'])} conflicts",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
