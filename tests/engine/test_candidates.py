"""Candidate graphs: the bulk path gives exactly ``rank_seekers``' top K per posting."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import numpy as np
import pytest

from matching.engine import factors as fx
from matching.engine.candidates import (
    CandidateGraph,
    build_candidates,
    build_candidates_ranked,
    candidate_limit,
)
from matching.engine.config import Fairness, MatchConfig
from matching.engine.pair_grid import ReachGrid
from matching.engine.synthetic import synthetic_world

TODAY = date(2026, 11, 30)


def _edges(graph: CandidateGraph) -> dict[tuple[int, int], float]:
    postings = graph.posting_ids[graph.edge_posting].tolist()
    pairs = zip(postings, graph.edge_seeker.tolist(), graph.edge_score.tolist(), strict=True)
    return {(posting, seeker): score for posting, seeker, score in pairs}


def _assert_same(fast: CandidateGraph, slow: CandidateGraph) -> None:
    assert fast.posting_ids.tolist() == slow.posting_ids.tolist()
    assert fast.capacity.tolist() == slow.capacity.tolist()
    assert fast.n_seekers == slow.n_seekers
    a, b = _edges(fast), _edges(slow)
    assert a.keys() == b.keys()
    assert max((abs(a[k] - b[k]) for k in a), default=0.0) < 1e-9


@pytest.mark.parametrize(
    ("seed", "n_skills", "options"),
    [
        (0, 20, {}),
        (1, 60, {"min_score": 0.55}),
        (2, 300, {"limit": 7}),  # more than 256 skills: hashed skill bits
        (3, 20, {"limit": 40, "min_score": 0.3}),
        (4, 60, {"config": MatchConfig(fairness=Fairness.off())}),
        (5, 20, {"per_vacancy": 1, "extra": 2}),
    ],
)
def test_bulk_equals_rank_seekers(seed: int, n_skills: int, options: dict[str, Any]) -> None:
    world = synthetic_world(2500, 80, n_skills=n_skills, seed=seed, today=TODAY)
    args = (world.seekers, world.postings, world.graph)

    fast = build_candidates(*args, today=TODAY, workers=2, **options)
    slow = build_candidates_ranked(*args, today=TODAY, **options)

    _assert_same(fast, slow)
    assert fast.n_edges > 0


def test_scope_keeps_only_the_given_seekers() -> None:
    world = synthetic_world(2500, 60, n_skills=40, seed=7, today=TODAY)
    scope = np.random.default_rng(7).choice(np.arange(1, 2501), 900, replace=False).tolist()
    args = (world.seekers, world.postings, world.graph)

    fast = build_candidates(*args, today=TODAY, seeker_ids=scope)
    slow = build_candidates_ranked(*args, today=TODAY, seeker_ids=scope)

    _assert_same(fast, slow)
    assert set(fast.edge_seeker.tolist()) <= set(scope)


def test_ties_and_pending_changes_are_settled_exactly() -> None:
    world = synthetic_world(1500, 50, n_skills=20, seed=8, today=TODAY)
    index = world.seekers
    twins = [dataclasses.replace(index.record(i), id=5000 + i) for i in range(1, 400)]
    index.upsert(twins)  # identical seekers: exact ties, rows pending a rebuild
    moved = [dataclasses.replace(index.record(i), lat=36.18, lon=116.77) for i in range(400, 420)]
    index.upsert(moved)
    args = (index, world.postings, world.graph)

    _assert_same(
        build_candidates(*args, today=TODAY, limit=5),
        build_candidates_ranked(*args, today=TODAY, limit=5),
    )


def test_postings_that_cannot_take_anyone_are_left_out() -> None:
    world = synthetic_world(300, 6, n_skills=10, seed=9, today=TODAY)
    full = dataclasses.replace(world.postings[0], vacancies=0)
    closed = dataclasses.replace(world.postings[1], open=False)
    postings = [full, closed, *world.postings[2:]]

    graph = build_candidates(world.seekers, postings, world.graph, today=TODAY)

    assert full.id not in graph.posting_ids and closed.id not in graph.posting_ids
    vacancies = {p.id: p.vacancies for p in postings}
    assert graph.capacity.tolist() == [vacancies[i] for i in graph.posting_ids.tolist()]


def test_candidate_limit() -> None:
    assert candidate_limit(2) == 16 and candidate_limit(2, per_vacancy=1, extra=0) == 2


def test_reach_grid_misses_no_pair_within_reach() -> None:
    rng = np.random.default_rng(3)
    for center, spread in (((36.2, 116.8), 0.3), ((-60.0, 179.9), 2.0), ((85.0, 10.0), 1.0)):
        lat = np.clip(center[0] + rng.normal(0, spread, 600), -89.9, 89.9).astype(np.float32)
        lon = ((center[1] + rng.normal(0, spread, 600) + 180) % 360 - 180).astype(np.float32)
        steps = rng.integers(0, 3000, 600).astype(np.uint16)
        grid = ReachGrid(np.arange(600), lat, lon, steps)
        plat = np.array([fx.quantize_coordinate(v) for v in lat[:25].astype(float) + 0.01])
        plon = np.array([fx.quantize_coordinate(v) for v in lon[:25].astype(float)])

        posting, position = grid.pairs(plat, plon, free_km=0.0, road_factor=1.3)

        found = set(zip(posting.tolist(), grid.rows[position].tolist(), strict=True))
        for p in range(25):
            for row in range(600):
                km = fx.haversine_km(plat[p], plon[p], float(lat[row]), float(lon[row])) * 1.3
                if km <= steps[row] / 100:
                    assert (p, row) in found
