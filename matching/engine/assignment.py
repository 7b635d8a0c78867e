r"""Assign seekers to postings under headcount: maximise the total score.

The problem (a capacitated bipartite b-matching, the "plan" of a station or a city):
given candidate edges ``(seeker, posting, score)`` and each posting's remaining
vacancies ``capacity[p]``, choose a set of edges with every seeker in at most one
chosen edge and posting ``p`` in at most ``capacity[p]``, maximising the sum of the
chosen scores. Leaving a seeker or a vacancy unfilled is allowed, so an edge with a
score ``<= 0`` never helps and is never chosen.

Formulation (``optimal_assignment``), a min-cost flow solved by OR-Tools'
``SimpleMinCostFlow`` (cost-scaling push-relabel, exact on integers)::

    source ──1, 0──▶ seeker s ──1, -⌊score·SCALE⌉──▶ posting p ──capacity[p], 0──▶ sink
       └──────────────────── bypass: F, 0 ─────────────────────────────────────▶ sink

(arc labels: capacity, unit cost). The source supplies ``F`` units (the number of
seekers with a positive edge) and the sink demands them; every unit either travels
through one seeker and one posting (a chosen edge, cost ``-score``) or takes the
free bypass (an unassigned seeker). A minimum-cost flow is therefore a
maximum-score assignment. Integrality of min-cost flow guarantees 0/1 edge flows.

Scores are scaled by ``SCALE = 10**6`` and rounded to integers: the solution is
optimal for the rounded scores, so its true total is within ``lines × 0.5e-6`` of
the true optimum (each rounding errs by at most half a unit). Only edges with a
positive rounded score enter the network.

Baselines: ``greedy_assignment`` takes edges by descending score (ties: seeker,
then posting) while the seeker is free and the posting has room; it can be
arbitrarily far from optimal in principle and is typically a few percent below.
``brute_force_assignment`` enumerates every feasible choice (tests only: tiny
instances).

Examples
--------
>>> import numpy as np
>>> seeker = np.array([0, 0, 1])
>>> posting = np.array([0, 1, 0])
>>> score = np.array([0.9, 0.8, 0.85])
>>> greedy = greedy_assignment(seeker, posting, score, np.array([1, 1]))
>>> best = optimal_assignment(seeker, posting, score, np.array([1, 1]))
>>> round(greedy.total, 2), round(best.total, 2), best.chosen.tolist()
(0.9, 1.65, [1, 2])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

__all__ = [
    "SCALE",
    "Assignment",
    "brute_force_assignment",
    "greedy_assignment",
    "optimal_assignment",
]

SCALE: Final = 1_000_000
"""Scores are multiplied by this and rounded to integer costs."""
BRUTE_FORCE_MAX_SEEKERS: Final = 12

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Positions = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Assignment:
    """The chosen edges of an assignment.

    Attributes
    ----------
    chosen : ndarray of intp
        Positions (into the input edge arrays) of the chosen edges, ascending.
    total : float
        Sum of the chosen edges' scores (the input floats, not the scaled integers).
    """

    chosen: Positions
    total: float

    def __len__(self) -> int:
        return int(self.chosen.size)


def _edges(
    seeker: npt.ArrayLike, posting: npt.ArrayLike, score: npt.ArrayLike, capacity: npt.ArrayLike
) -> tuple[I64, I64, F64, I64]:
    """Validate and convert the inputs."""
    s = np.asarray(seeker, dtype=np.int64).reshape(-1)
    p = np.asarray(posting, dtype=np.int64).reshape(-1)
    w = np.asarray(score, dtype=np.float64).reshape(-1)
    cap = np.asarray(capacity, dtype=np.int64).reshape(-1)
    if not s.size == p.size == w.size:
        raise ValueError("seeker, posting and score must have the same length")
    if s.size and (s.min() < 0 or p.min() < 0 or p.max() >= cap.size):
        raise ValueError("seeker indices must be >= 0 and posting indices < len(capacity)")
    if cap.size and cap.min() < 0:
        raise ValueError("capacities must be >= 0")
    if not np.all(np.isfinite(w)):
        raise ValueError("scores must be finite")
    return s, p, w, cap


def _result(chosen: Positions, score: F64) -> Assignment:
    chosen = np.sort(chosen).astype(np.intp)
    return Assignment(chosen, float(score[chosen].sum()))


def optimal_assignment(
    seeker: npt.ArrayLike,
    posting: npt.ArrayLike,
    score: npt.ArrayLike,
    capacity: npt.ArrayLike,
) -> Assignment:
    """Return a maximum-total-score assignment (see the module docstring).

    Parameters
    ----------
    seeker : array of int
        Seeker of each candidate edge (any non-negative labels).
    posting : array of int
        Posting of each edge: an index into ``capacity``.
    score : array of float
        Score of each edge; edges scoring ``<= 0`` (after scaling) are never chosen.
    capacity : array of int
        Remaining vacancies of each posting.

    Returns
    -------
    Assignment
        The chosen edges: each seeker at most once, posting ``p`` at most
        ``capacity[p]`` times, total score maximal (for the scores rounded to
        ``1 / SCALE``).
    """
    s, p, w, cap = _edges(seeker, posting, score, capacity)
    cost = np.rint(w * SCALE).astype(np.int64)
    usable = np.flatnonzero((cost > 0) & (cap[p] > 0))
    if not usable.size:
        return _result(np.zeros(0, np.intp), w)
    seekers, seeker_node = np.unique(s[usable], return_inverse=True)
    postings, posting_node = np.unique(p[usable], return_inverse=True)
    n_s, n_p = seekers.size, postings.size
    source, sink = 0, 1 + n_s + n_p
    supply = int(n_s)
    tails = np.concatenate(
        (
            np.zeros(n_s, np.int64),  # source -> seeker
            1 + seeker_node,  # seeker -> posting (the candidate edges)
            1 + n_s + np.arange(n_p),  # posting -> sink
            [source],  # bypass
        )
    )
    heads = np.concatenate((1 + np.arange(n_s), 1 + n_s + posting_node, np.full(n_p, sink), [sink]))
    capacities = np.concatenate(
        (np.ones(n_s + usable.size, np.int64), np.minimum(cap[postings], n_s), [supply])
    )
    costs = np.concatenate((np.zeros(n_s, np.int64), -cost[usable], np.zeros(n_p + 1, np.int64)))
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    edge_arcs = np.asarray(arcs)[n_s : n_s + usable.size]
    flows = np.asarray(flow.flows(edge_arcs.astype(np.int32)))
    return _result(usable[flows > 0], w)


def greedy_assignment(
    seeker: npt.ArrayLike,
    posting: npt.ArrayLike,
    score: npt.ArrayLike,
    capacity: npt.ArrayLike,
) -> Assignment:
    """Return the greedy assignment: best remaining edge first, while it fits.

    Parameters are those of ``optimal_assignment``. Ties in score are taken by
    ascending seeker, then posting; edges scoring ``<= 0`` are never taken.
    """
    s, p, w, cap = _edges(seeker, posting, score, capacity)
    order = np.lexsort((p, s, -w))
    order = order[w[order] > 0]
    left = cap.copy()
    taken: set[int] = set()
    chosen: list[int] = []
    for edge, who, where in zip(order.tolist(), s[order].tolist(), p[order].tolist(), strict=True):
        if who not in taken and left[where] > 0:
            taken.add(who)
            left[where] -= 1
            chosen.append(edge)
    return _result(np.array(chosen, dtype=np.intp), w)


def brute_force_assignment(
    seeker: npt.ArrayLike,
    posting: npt.ArrayLike,
    score: npt.ArrayLike,
    capacity: npt.ArrayLike,
) -> Assignment:
    """Return a maximum-score assignment by trying every feasible choice (tiny inputs).

    Each seeker takes one of its edges or none; exponential, so at most
    ``BRUTE_FORCE_MAX_SEEKERS`` distinct seekers are allowed. Only edges scoring
    ``> 0`` are considered, as in the other solvers.
    """
    s, p, w, cap = _edges(seeker, posting, score, capacity)
    seekers = np.unique(s)
    if seekers.size > BRUTE_FORCE_MAX_SEEKERS:
        raise ValueError(f"brute force takes at most {BRUTE_FORCE_MAX_SEEKERS} seekers")
    options = [[e for e in np.flatnonzero((s == who) & (w > 0)).tolist()] for who in seekers]
    left = cap.copy()
    best: tuple[float, list[int]] = (0.0, [])
    current: list[int] = []

    def visit(i: int, total: float) -> None:
        nonlocal best
        if i == len(options):
            if total > best[0]:
                best = (total, list(current))
            return
        visit(i + 1, total)
        for edge in options[i]:
            if left[p[edge]] > 0:
                left[p[edge]] -= 1
                current.append(edge)
                visit(i + 1, total + float(w[edge]))
                current.pop()
                left[p[edge]] += 1

    visit(0, 0.0)
    return _result(np.array(best[1], dtype=np.intp), w)
