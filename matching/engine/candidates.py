"""The candidate graph of a plan: for each posting, its best ``K`` eligible seekers.

A plan (``assignment``) chooses among a sparse set of edges: for every posting that
can take someone, the top ``K`` seekers that ``rank_seekers`` would return for it,
with ``K = per_vacancy × vacancies + extra`` (default ``3v + 10``) or a fixed
``limit``. Because the edges are ``rank_seekers``' own results, the fairness
adjustments of the configuration shape them exactly as they shape match lists.

``build_candidates`` computes them in bulk (the same edges, see below);
``build_candidates_ranked`` calls ``rank_seekers`` once per posting (the reference,
fine for a few hundred postings, ~5 ms per posting).

How the bulk path reaches the same edges is told in ``candidate_scan``: the
seekers within reach of many postings are scored at once with ``rank_seekers``'
candidates, bound and exact finish (``score_pair`` where ``EPS``-close scores make
a top ``K`` uncertain). The edges are the same seekers, with scores equal to ``rank_seekers``'
within ``EPS`` (the caller re-scores chosen edges with ``score_pair`` for their
factors anyway). One theoretical difference remains: a pair whose vectorised
distance passes a travel limit that ``score_pair``'s distance misses by an ulp is
kept here.

Speed: 50,000 seekers × 5,000 postings take about 2.5 s of CPU (spread over
``workers`` threads); ``rank_seekers`` once per posting takes about 25 s. See
``benchmarks/plans.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.engine.candidate_scan import Edges, SeekerPool, top_seekers
from matching.engine.config import DEFAULT_CONFIG, MatchConfig
from matching.engine.ranking import rank_seekers
from matching.engine.records import PostingRecord, SkillGraph
from matching.engine.seeker_columns import ELIGIBLE, PRESENT
from matching.engine.seeker_index import SeekerIndex
from matching.engine.seeker_scan import PostingPlan, plan_posting

__all__ = ["CandidateGraph", "build_candidates", "build_candidates_ranked", "candidate_limit"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CandidateGraph:
    """Candidate edges between seekers and the postings that can take someone.

    Attributes
    ----------
    posting_ids : ndarray of int64
        The postings considered (open, vacancies left, not ended), input order.
    capacity : ndarray of int64
        Their remaining vacancies.
    edge_posting : ndarray of int64
        Per edge, the posting (an index into ``posting_ids``).
    edge_seeker : ndarray of int64
        Per edge, the seeker id.
    edge_score : ndarray of float64
        Per edge, the score (``score_pair``'s, within ``EPS``).
    n_seekers : int
        Eligible seekers in scope (whether or not they got an edge).
    """

    posting_ids: I64
    capacity: I64
    edge_posting: I64
    edge_seeker: I64
    edge_score: F64
    n_seekers: int

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(self.edge_score.size)


def candidate_limit(vacancies: int, *, per_vacancy: int = 3, extra: int = 10) -> int:
    """Return ``K``, the number of seekers kept per posting: ``per_vacancy × v + extra``."""
    return per_vacancy * max(vacancies, 0) + extra


def _limits(plans: Sequence[PostingPlan], limit: int | None, per_vacancy: int, extra: int) -> I64:
    if limit is not None:
        return np.full(len(plans), limit, np.int64)
    return np.array(
        [candidate_limit(p.posting.vacancies, per_vacancy=per_vacancy, extra=extra) for p in plans],
        dtype=np.int64,
    ).reshape(-1)


def _plans(
    postings: Iterable[PostingRecord], config: MatchConfig, today: date
) -> list[PostingPlan]:
    day = today.toordinal()
    return [plan for p in postings if (plan := plan_posting(p, config, day)) is not None]


def _graph(plans: Sequence[PostingPlan], edges: list[Edges], n_seekers: int) -> CandidateGraph:
    parts = edges or [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))]
    return CandidateGraph(
        posting_ids=np.array([p.posting.id for p in plans], np.int64).reshape(-1),
        capacity=np.array([p.posting.vacancies for p in plans], np.int64).reshape(-1),
        edge_posting=np.concatenate([e[0] for e in parts]).astype(np.int64),
        edge_seeker=np.concatenate([e[1] for e in parts]).astype(np.int64),
        edge_score=np.concatenate([e[2] for e in parts]).astype(np.float64),
        n_seekers=n_seekers,
    )


def _scope_rows(index: SeekerIndex, seeker_ids: Iterable[int] | None) -> I64:
    """Rows of present, eligible seekers (of ``seeker_ids`` when given)."""
    flags = index.arrays().flags
    ok = (flags & (PRESENT | ELIGIBLE)) == (PRESENT | ELIGIBLE)
    if seeker_ids is not None:
        rows = index.find_rows(np.fromiter(seeker_ids, dtype=np.int64))
        wanted = np.zeros(ok.size, np.bool_)
        wanted[rows[rows >= 0]] = True
        ok &= wanted
    return np.flatnonzero(ok).astype(np.int64)


def build_candidates(
    index: SeekerIndex,
    postings: Iterable[PostingRecord],
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    limit: int | None = None,
    min_score: float | None = None,
    seeker_ids: Iterable[int] | None = None,
    per_vacancy: int = 3,
    extra: int = 10,
    workers: int = 1,
) -> CandidateGraph:
    """Return every posting's top ``K`` seekers, as ``rank_seekers`` ranks them (bulk).

    Parameters
    ----------
    index : SeekerIndex
        The seekers.
    postings : iterable of PostingRecord
        The postings to plan for; those that cannot take anyone (closed, full, ended)
        are left out of the graph.
    graph : SkillGraph
        Related skills.
    config : MatchConfig
        Weights and fairness settings.
    today : date
        For ended postings and date-masked schedules.
    limit : int, optional
        ``K`` for every posting; default ``per_vacancy × vacancies + extra``.
    min_score : float, optional
        Drop edges scoring below this (0-1 scale).
    seeker_ids : iterable of int, optional
        Only these seekers (the plan's scope); None = everyone in the index.
    per_vacancy, extra : int
        The default ``K``.
    workers : int
        Threads scoring batches of postings side by side.

    Returns
    -------
    CandidateGraph

    Examples
    --------
    >>> from matching.engine.synthetic import synthetic_world
    >>> day = date(2026, 11, 30)
    >>> world = synthetic_world(2000, 40, n_skills=20, seed=4, today=day)
    >>> fast = build_candidates(world.seekers, world.postings, world.graph, today=day)
    >>> slow = build_candidates_ranked(world.seekers, world.postings, world.graph, today=day)
    >>> def edges(g):
    ...     return sorted(zip(g.edge_posting.tolist(), g.edge_seeker.tolist()))
    >>> edges(fast) == edges(slow), fast.n_edges > 0
    (True, True)
    """
    plans = _plans(postings, config, today)
    limits = _limits(plans, limit, per_vacancy, extra)
    rows = _scope_rows(index, seeker_ids)
    if not plans or not rows.size:
        return _graph(plans, [], int(rows.size))
    edges = top_seekers(
        SeekerPool(index, rows, config, graph), plans, limits, graph,
        config=config, today=today, min_score=min_score, workers=workers,
    )  # fmt: skip
    return _graph(plans, [edges], int(rows.size))


def build_candidates_ranked(
    index: SeekerIndex,
    postings: Iterable[PostingRecord],
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    limit: int | None = None,
    min_score: float | None = None,
    seeker_ids: Iterable[int] | None = None,
    per_vacancy: int = 3,
    extra: int = 10,
) -> CandidateGraph:
    """``build_candidates`` by one ``rank_seekers`` call per posting (the reference).

    With ``seeker_ids``, ranking runs on an index of just those seekers.
    """
    plans = _plans(postings, config, today)
    limits = _limits(plans, limit, per_vacancy, extra)
    rows = _scope_rows(index, seeker_ids)
    if seeker_ids is not None:
        index = SeekerIndex.from_records(index.records_at(rows), n_skills=index.n_skills)
    edges: list[Edges] = []
    for p, (plan, k) in enumerate(zip(plans, limits.tolist(), strict=True)):
        found = rank_seekers(
            index, plan.posting, graph, config=config, today=today, limit=k, min_score=min_score
        )
        edges.append(
            (
                np.full(len(found), p, np.int64),
                np.array([m.id for m in found], np.int64),
                np.array([m.score for m in found], np.float64),
            )
        )
    return _graph(plans, edges, int(rows.size))
