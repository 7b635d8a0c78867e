"""Plan solvers: the min-cost-flow optimum equals brute force; invariants hold at scale."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.assignment import (
    SCALE,
    Assignment,
    brute_force_assignment,
    greedy_assignment,
    optimal_assignment,
)

Instance = tuple[list[int], list[int], list[float], list[int]]


@st.composite
def instances(draw: st.DrawFn, *, grid: bool = False) -> Instance:
    """Up to 7 seekers × 4 postings, capacities 1-3 (some 0), random sparse edges."""
    n_seekers = draw(st.integers(1, 7))
    n_postings = draw(st.integers(1, 4))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n_seekers - 1), st.integers(0, n_postings - 1)),
            unique=True,
            max_size=n_seekers * n_postings,
        )
    )
    if grid:  # scores on the 1/SCALE grid: scaling is exact, optima must match exactly
        ticks = st.integers(-100_000, 1_100_000)
        scores = [draw(ticks) / SCALE for _ in pairs]
    else:
        scores = [draw(st.floats(-0.2, 1.1, allow_nan=False)) for _ in pairs]
    capacity = draw(st.lists(st.integers(0, 3), min_size=n_postings, max_size=n_postings))
    return [s for s, _p in pairs], [p for _s, p in pairs], scores, capacity


def _check_feasible(result: Assignment, instance: Instance) -> None:
    seekers, postings, _scores, capacity = instance
    chosen = result.chosen.tolist()
    assert len({seekers[e] for e in chosen}) == len(chosen)
    taken = np.bincount([postings[e] for e in chosen], minlength=len(capacity))
    assert np.all(taken <= capacity)


@settings(max_examples=300, deadline=None)
@given(instances(grid=True))
def test_optimum_equals_brute_force_on_the_scaling_grid(instance: Instance) -> None:
    best = optimal_assignment(*instance)
    exhaustive = brute_force_assignment(*instance)

    _check_feasible(best, instance)
    assert best.total == pytest.approx(exhaustive.total, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_optimum_equals_brute_force_within_the_scaling(instance: Instance) -> None:
    best = optimal_assignment(*instance)
    exhaustive = brute_force_assignment(*instance)

    _check_feasible(best, instance)
    # each chosen edge's integer cost is off by at most half a unit of 1/SCALE
    assert best.total == pytest.approx(exhaustive.total, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_greedy_is_feasible_and_never_beats_the_optimum(instance: Instance) -> None:
    greedy = greedy_assignment(*instance)
    best = optimal_assignment(*instance)

    _check_feasible(greedy, instance)
    assert greedy.total <= best.total + 1e-6


def test_greedy_can_be_suboptimal() -> None:
    instance: Instance = ([0, 0, 1], [0, 1, 0], [0.9, 0.8, 0.85], [1, 1])

    assert greedy_assignment(*instance).total == pytest.approx(0.9)
    assert optimal_assignment(*instance).total == pytest.approx(1.65)


def test_no_positive_edge_means_no_line() -> None:
    assert len(optimal_assignment([0, 1], [0, 0], [0.0, -0.3], [2])) == 0
    assert len(optimal_assignment([], [], [], [])) == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_invariants_on_large_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_seekers, n_postings, n_edges = 5000, 500, 25_000
    seekers = rng.integers(0, n_seekers, n_edges)
    postings = rng.integers(0, n_postings, n_edges)
    scores = rng.random(n_edges)
    capacity = rng.integers(1, 6, n_postings)

    best = optimal_assignment(seekers, postings, scores, capacity)
    greedy = greedy_assignment(seekers, postings, scores, capacity)

    for result in (best, greedy):
        chosen = result.chosen
        assert np.unique(seekers[chosen]).size == chosen.size
        assert np.all(np.bincount(postings[chosen], minlength=n_postings) <= capacity)
        assert result.total == pytest.approx(float(scores[chosen].sum()))
    assert greedy.total <= best.total + 1e-6 * len(best)


def test_rejects_inconsistent_input() -> None:
    with pytest.raises(ValueError, match="same length"):
        optimal_assignment([0], [0, 1], [0.5], [1, 1])
    with pytest.raises(ValueError, match="posting indices"):
        optimal_assignment([0], [2], [0.5], [1, 1])
    with pytest.raises(ValueError, match="finite"):
        greedy_assignment([0], [0], [float("nan")], [1])
