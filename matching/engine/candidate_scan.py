"""The bulk path of ``candidates.build_candidates``: top ``K`` seekers of many postings.

``SeekerPool`` is the eligible seekers of a plan's scope, put in a ``ReachGrid`` with
their facts and skills gathered once. ``top_seekers`` takes the postings in chunks of
one kind (take-home or not, scheduled or not; ``BATCH`` postings, one bound matrix)
and each chunk in pieces of about ``PIECE`` pairs (whole postings), and for each piece

1. lists every (posting, seeker) pair that may be within reach (``ReachGrid.ranges``);
2. marks the pairs whose seeker has a skill relevant to the posting
   (``pair_skills.SkillBits``), ``rank_seekers``' candidates from its inverted lists;
3. scores those: hard filters and road distance (``pair_scores.eligible_pairs``),
   skill codes (``pair_skills.PostingSkillTable``), score (``pair_scores.score_pairs``);
4. where a posting's ``K``-th best candidate does not beat ``PostingPlan.outside_bound``
   by ``2·EPS`` (``rank_seekers``' "settled" test; ``min_score`` may settle it too),
   or the posting lists no skills, scores its other pairs too (skill value 0);
5. keeps each posting's top ``K`` by ``(-score, seeker id)``.

This is ``rank_seekers`` for a whole piece in one set of array operations, with the
same candidates, bound and exact finish. Vectorised scores agree with ``score_pair``
to ``EPS``, so a posting's top ``K`` is certain unless its ``K+1``-th score lies
within ``2·EPS`` of the ``K``-th (a tie, as between two seekers with equal facts) or
a chosen score within ``2·EPS`` of ``min_score``. Such postings are finished as
``ranking._exact_top`` finishes them: the rows near the top are re-scored with
``score_prepared`` and ordered exactly.

``workers`` threads take chunks side by side: numpy releases the GIL in its loops.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.config import MatchConfig
from matching.engine.pair_grid import ReachGrid
from matching.engine.pair_scores import PlanBatch, SeekerFacts, eligible_pairs, score_pairs
from matching.engine.pair_skills import PostingSkillTable, SkillBits
from matching.engine.ranking import TIE_SURPLUS
from matching.engine.records import SkillGraph
from matching.engine.results import Match
from matching.engine.scoring import prepare_posting, score_prepared
from matching.engine.seeker_factors import EPS
from matching.engine.seeker_index import SeekerIndex
from matching.engine.seeker_scan import PostingPlan
from matching.engine.skill_lists import gather_segments
from matching.engine.spatial import expand_ranges

__all__ = ["BATCH", "Edges", "SeekerPool", "top_seekers"]

BATCH: Final = 128
"""Postings per chunk (one posting × cell bound matrix)."""
PIECE: Final = 40_000
"""Pairs scored at once (whole postings): arrays that stay in the CPU caches."""

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Edges = tuple[I64, I64, F64]
"""``(posting, seeker id, score)`` arrays; ``posting`` indexes the plans given."""


class SeekerPool:
    """Some seeker rows of an index, in ``ReachGrid`` order, with facts and skills.

    Parameters
    ----------
    index : SeekerIndex
        The seekers.
    rows : array of int
        The rows to plan for (present and eligible ones; the caller chooses).
    config : MatchConfig
        Weights and models (seeker facts are precomputed with them).
    graph : SkillGraph
        Related skills.
    """

    def __init__(
        self, index: SeekerIndex, rows: I64, config: MatchConfig, graph: SkillGraph
    ) -> None:
        a = index.arrays()
        self.index = index
        self.grid = ReachGrid(rows, a.lat[rows], a.lon[rows], a.max_km[rows])
        self.facts = SeekerFacts.gather(a, self.grid.rows, config)
        self.ids: I64 = a.ids[self.grid.rows].astype(np.int64)
        counts = a.skill_count[self.grid.rows].astype(np.int64)
        owner, packed = index.skill_entries(self.grid.rows)
        self.skill: I64 = (packed >> 2).astype(np.int64)
        self.level: I64 = (packed & 3).astype(np.int64)
        self.entry_start: I64 = np.cumsum(counts) - counts
        self.entry_count = counts
        self.bits = SkillBits(owner, self.skill, n_seekers=len(self.grid), graph=graph)

    def __len__(self) -> int:
        return len(self.grid)


class _Chunk:
    """Up to ``BATCH`` postings of one kind: their facts, skill tables and reach ranges."""

    def __init__(
        self, pool: SeekerPool, plans: Sequence[PostingPlan], graph: SkillGraph, config: MatchConfig
    ) -> None:
        self.pool, self.plans, self.config = pool, plans, config
        self.facts = PlanBatch.from_plans(plans, pool.facts)
        skills = [p.skills for p in plans]
        self.listed = np.array([bool(s) for s in skills], np.bool_).reshape(-1)
        self.table = PostingSkillTable(skills, graph)
        self.words = pool.bits.postings(skills)
        self.bound = np.array([p.outside_bound(config) for p in plans]) + 2 * EPS
        self.ranges = pool.grid.ranges(
            self.facts.lat,
            self.facts.lon,
            free_km=self.facts.free_km(config),
            road_factor=config.travel.road_factor,
        )

    def pieces(self) -> Iterator[tuple[I64, I64]]:
        """Yield ``(posting, position)`` pairs, whole postings at a time, ~``PIECE`` each."""
        posting, start, end = self.ranges
        sizes = np.bincount(posting, weights=end - start, minlength=len(self.plans))
        cut = np.searchsorted(posting, np.arange(len(self.plans) + 1))
        first, total = 0, 0.0
        for p, size in enumerate(sizes.tolist()):
            total += size
            if total >= PIECE or p == len(self.plans) - 1:
                lo, hi = int(cut[first]), int(cut[p + 1])
                yield (
                    np.repeat(posting[lo:hi], end[lo:hi] - start[lo:hi]),
                    expand_ranges(start[lo:hi], end[lo:hi]),
                )
                first, total = p + 1, 0.0

    def score(self, posting: I64, position: I64, standing: Mask) -> tuple[I64, I64, F64]:
        """Score the eligible pairs among these; ``standing``: the seeker may have a skill."""
        pool, config = self.pool, self.config
        keep, km = eligible_pairs(self.facts, pool.facts, posting, position, config)
        posting, position, standing = posting[keep], position[keep], standing[keep]
        skill = np.where(self.listed[posting], 0.0, 1.0)
        some = np.flatnonzero(standing)
        if some.size:
            where, mine = posting[some], position[some]
            owner, entry = gather_segments(
                np.arange(pool.skill.size, dtype=np.int64),
                pool.entry_start[mine],
                pool.entry_count[mine],
            )
            codes = self.table.codes(where, owner, pool.skill[entry], pool.level[entry])
            skill[some] = self.table.values(where, codes)
        scores = score_pairs(self.facts, pool.facts, posting, position, km, skill, config)
        fits = np.isfinite(scores)  # -inf: she can work too few of the hours
        return posting[fits], position[fits], scores[fits]

    def scored(
        self, posting: I64, position: I64, limits: I64, min_score: float | None
    ) -> list[tuple[int, I64, F64]]:
        """Per posting, ``(positions, scores)`` of every pair that could make its top K.

        Pairs whose seeker has a skill relevant to the posting come first; the others
        (skill value 0) only where the ``K``-th best of the first cannot beat
        ``PostingPlan.outside_bound`` (ranking's "settled" test) or the posting lists
        no skills.
        """
        listed = self.listed[posting]
        standing = listed & self.pool.bits.overlap(self.words, posting, position)
        first = standing | ~listed
        found = [self.score(posting[first], position[first], standing[first])]
        todo = self._unsettled(*found[0], limits, min_score)
        rest = ~first & todo[posting]
        if rest.any():
            found.append(self.score(posting[rest], position[rest], standing[rest]))
        per: dict[int, list[tuple[I64, F64]]] = {}
        for where, mine, scores in found:
            if min_score is not None:
                keep = scores >= min_score - 2 * EPS
                where, mine, scores = where[keep], mine[keep], scores[keep]
            for p, lo, hi in _runs(where):
                per.setdefault(p, []).append((mine[lo:hi], scores[lo:hi]))
        return [
            (p, np.concatenate([m for m, _s in parts]), np.concatenate([s for _m, s in parts]))
            for p, parts in sorted(per.items())
        ]

    def _unsettled(
        self, posting: I64, _position: I64, scores: F64, limits: I64, min_score: float | None
    ) -> Mask:
        """Postings whose pairs with standing do not settle the top ``K``."""
        bound = self.bound
        todo = self.listed.copy()
        if min_score is not None:
            todo &= min_score <= bound
        for p, lo, hi in _runs(posting):
            if not todo[p]:
                continue
            mine = scores[lo:hi]
            if min_score is not None:
                mine = mine[mine >= min_score - 2 * EPS]
            k = int(limits[p])
            if mine.size >= k and np.partition(mine, mine.size - k)[mine.size - k] > bound[p]:
                todo[p] = False
        return todo


def _runs(posting: I64) -> Iterator[tuple[int, int, int]]:
    """``(posting, lo, hi)`` of each run of equal values in a grouped array."""
    if not posting.size:
        return
    firsts = np.flatnonzero(np.r_[True, posting[1:] != posting[:-1]]).tolist()
    for lo, hi in itertools.pairwise([*firsts, int(posting.size)]):
        yield int(posting[lo]), lo, hi


def _exact_top(
    ids: I64,
    scores: F64,
    limit: int,
    min_score: float | None,
    rescore: Callable[[I64], list[Match | None]],
) -> list[tuple[int, Match]]:
    """``ranking._exact_top``: re-score near the top with ``score_pair``; return the best.

    Returns ``(position into ids, match)`` pairs, best first.
    """
    positions = np.arange(scores.size)
    if min_score is not None:
        positions = np.flatnonzero(scores >= min_score - 2 * EPS)
    ids, scores = ids[positions], scores[positions]
    done: dict[int, Match | None] = {}
    k = limit
    while True:
        if scores.size > k:
            kth = np.partition(scores, scores.size - k)[scores.size - k]
            near = np.flatnonzero(scores >= kth - 2 * EPS)
        else:
            near = np.arange(scores.size)
        near = near[np.lexsort((ids[near], -scores[near]))][: k + TIE_SURPLUS]
        todo = [int(p) for p in near.tolist() if p not in done]
        done.update(zip(todo, rescore(positions[todo]), strict=True))
        found = sorted(
            ((int(positions[p]), m) for p, m in done.items() if m is not None),
            key=lambda item: (-item[1].score, item[1].id),
        )
        if len(found) >= limit or len(done) >= scores.size:
            return found[:limit]
        k *= 2


def _finish(
    pool: SeekerPool,
    plan: PostingPlan,
    position: I64,
    scores: F64,
    graph: SkillGraph,
    *,
    limit: int,
    min_score: float | None,
    config: MatchConfig,
    today: date,
) -> tuple[I64, F64]:
    """The exact top ``limit`` of one posting; return ``(seeker ids, scores)``."""
    facts = prepare_posting(plan.posting, config, today)

    def rescore(chosen: I64) -> list[Match | None]:
        records = pool.index.records_at(pool.grid.rows[position[chosen]])
        found: list[Match | None] = []
        for record in records:
            match = score_prepared(record, facts, graph, config)
            good = isinstance(match, Match) and (min_score is None or match.score >= min_score)
            found.append(match if isinstance(match, Match) and good else None)
        return found

    best = _exact_top(pool.ids[position], scores, limit, min_score, rescore)
    chosen = np.array([p for p, _m in best], np.int64)
    return pool.ids[position[chosen]], np.array([m.score for _p, m in best], np.float64)


def _top(scores: F64, limit: int, min_score: float | None) -> npt.NDArray[np.intp] | None:
    """Positions of the top ``limit`` of one posting, or None when exactness needs a look."""
    if scores.size > limit:
        part = np.argpartition(-scores, (limit - 1, limit))
        if scores[part[limit]] >= scores[part[limit - 1]] - 2 * EPS:
            return None
        top = part[:limit]
    else:
        top = np.arange(scores.size)
    if min_score is not None and top.size and scores[top].min() < min_score + 2 * EPS:
        return None
    return top


def _batches(plans: Sequence[PostingPlan]) -> list[I64]:
    """Plan indices in batches of at most ``BATCH`` postings of one kind."""
    kinds: dict[tuple[bool, bool], list[int]] = {}
    for i, plan in enumerate(plans):
        kinds.setdefault((plan.take_home, plan.schedule is not None), []).append(i)
    return [
        np.array(members[start : start + BATCH], np.int64)
        for members in kinds.values()
        for start in range(0, len(members), BATCH)
    ]


def _chunk_edges(
    pool: SeekerPool,
    plans: Sequence[PostingPlan],
    which: I64,
    limits: I64,
    graph: SkillGraph,
    *,
    config: MatchConfig,
    today: date,
    min_score: float | None,
) -> list[Edges]:
    """The top ``K`` of the postings ``which`` (one chunk of one kind)."""
    chunk = _Chunk(pool, [plans[i] for i in which.tolist()], graph, config)
    mine = limits[which]
    parts: list[Edges] = []
    for pairs in chunk.pieces():
        for p, position, scores in chunk.scored(*pairs, mine, min_score):
            index, limit = int(which[p]), int(mine[p])
            top = _top(scores, limit, min_score)
            if top is None:
                ids, exact = _finish(
                    pool, chunk.plans[p], position, scores, graph,
                    limit=limit, min_score=min_score, config=config, today=today,
                )  # fmt: skip
                parts.append((np.full(ids.size, index, np.int64), ids, exact))
            else:
                ids = pool.ids[position[top]]
                parts.append((np.full(top.size, index, np.int64), ids, scores[top]))
    return parts


def top_seekers(
    pool: SeekerPool,
    plans: Sequence[PostingPlan],
    limits: I64,
    graph: SkillGraph,
    *,
    config: MatchConfig,
    today: date,
    min_score: float | None,
    workers: int = 1,
) -> Edges:
    """Return every posting's top ``limits[p]`` seekers (see the module docstring).

    ``workers`` threads score batches side by side (numpy releases the GIL in its
    loops, so two workers take about 60% of the time of one).
    """

    def run(which: I64) -> list[Edges]:
        return _chunk_edges(
            pool, plans, which, limits, graph, config=config, today=today, min_score=min_score
        )

    batches = _batches(plans)
    if workers > 1 and len(batches) > 1:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            results = list(executor.map(run, batches))
    else:
        results = [run(which) for which in batches]
    parts = [edge for result in results for edge in result]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return (
        np.concatenate([e[0] for e in parts]),
        np.concatenate([e[1] for e in parts]),
        np.concatenate([e[2] for e in parts]),
    )
