"""Rank seekers for a posting and postings for a seeker: exact top-``limit``.

Results are the ``limit`` best eligible matches by score, ties broken by ascending
id, exactly as sorting ``score_pair`` over everyone by ``(-score, id)`` would give.

How ``rank_seekers`` stays fast on a million seekers:

1. *Reach*: the spatial grid (``spatial.SpatialGrid``) gives the row ranges of every
   seeker whose travel limit could reach the posting (plus rows changed since the
   last rebuild). No one outside them can pass the distance filter.
2. *Candidates*: the inverted skill lists of the posting's skills and of their
   related skills, cut to those ranges by binary search, mark each reachable
   seeker's standing on each posting skill (``skill_codes.codes_from_lists``).
   Seekers with any standing are the candidates; they are scored first.
3. *Bound*: a seeker with no posting skill and no related one has skill value 0, so
   its score is at most ``w_distance + w_availability + w_pay + waiting_boost
   (+ homebound_boost)`` (``PostingPlan.outside_bound``). If the ``limit``-th best
   candidate beats that (or ``min_score`` does), no one else can enter the top.
   Otherwise the other reachable seekers are scored too, with the ``limit``-th
   candidate score as a floor.
4. *Per-row bound*: within each group every factor but availability is computed
   exactly and availability (the costly popcount) only for rows whose score with
   availability 1 reaches the floor (``seeker_factors.best_rows``).
5. *Exact finish*: the vectorised float64 scores agree with ``score_pair`` to
   ~1e-15; every row within ``2·EPS`` (``EPS = 1e-9``) of the ``limit``-th best score
   is re-scored with ``score_pair``, so returned scores and factors are the reference
   ones and the order is exact. (If more than ``TIE_SURPLUS`` rows tie within that
   band, the vectorised order, ties by id, decides among the surplus.)

``rank_postings`` scans every posting (tens of thousands) with the same per-row
bound and finishes the same way. ``rank_seekers_full_scan`` scores every seeker
with no grid, no lists and no bound: the baseline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.config import DEFAULT_CONFIG, MatchConfig
from matching.engine.posting_index import PostingIndex
from matching.engine.posting_scan import score_postings
from matching.engine.records import PostingRecord, SeekerRecord, SkillGraph
from matching.engine.results import Match, Rejection
from matching.engine.scoring import prepare_posting, score_pair, score_prepared
from matching.engine.seeker_factors import EPS, RowScores, best_rows, score_rows
from matching.engine.seeker_index import SeekerIndex
from matching.engine.seeker_scan import PostingPlan, check_taxonomy, plan_posting, reachable_rows
from matching.engine.skill_codes import Codes, codes_from_entries, codes_from_lists

__all__ = ["EPS", "rank_postings", "rank_seekers", "rank_seekers_full_scan"]

TIE_SURPLUS: Final = 256

F64 = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]


def _top_positions(ids: Rows, scores: F64, k: int) -> Rows:
    """Positions of the best ``k`` plus every score within ``2·EPS`` of the k-th, in order."""
    n = scores.size
    if n > k:
        kth = np.partition(scores, n - k)[n - k]
        positions = np.flatnonzero(scores >= kth - 2 * EPS)
    else:
        positions = np.arange(n)
    order = np.lexsort((ids[positions], -scores[positions]))
    return positions[order][: k + TIE_SURPLUS]


def _exact_top(
    ids: Rows,
    scores: F64,
    limit: int,
    min_score: float | None,
    rescore: Callable[[Rows], list[Match | None]],
) -> list[Match]:
    """Re-score the rows near the top with the reference implementation; return the best.

    ``rescore`` maps positions (into ``scores``) to exact matches, None for a pair the
    exact check drops (a hard filter, the radius or ``min_score``, at float rounding).
    """
    positions = np.arange(scores.size)
    if min_score is not None:
        positions = np.flatnonzero(scores >= min_score - 2 * EPS)
        ids, scores = ids[positions], scores[positions]
    done: dict[int, Match | None] = {}
    k = limit
    while True:
        todo = [p for p in _top_positions(ids, scores, k).tolist() if p not in done]
        done.update(zip(todo, rescore(positions[todo]), strict=True))
        matches = sorted((m for m in done.values() if m is not None), key=_order)
        if len(matches) >= limit or len(done) >= scores.size:
            return matches[:limit]
        k *= 2


def _order(match: Match) -> tuple[float, int]:
    return (-match.score, match.id)


def _accept(
    match: Match | Rejection, radius_km: float | None, min_score: float | None
) -> Match | None:
    if isinstance(match, Rejection):
        return None
    if radius_km is not None and match.details.km > radius_km:
        return None
    if min_score is not None and match.score < min_score:
        return None
    return match


def _floor(scores: F64, limit: int, min_score: float | None) -> float | None:
    """A score the final ``limit``-th score cannot fall below, if one is known."""
    floors = [] if min_score is None else [min_score]
    if scores.size >= limit:
        floors.append(float(np.partition(scores, scores.size - limit)[scores.size - limit]))
    return max(floors, default=None)


def _settled(scores: F64, limit: int, bound: float, min_score: float | None) -> bool:
    """True when no seeker outside the candidates can enter the top ``limit``."""
    if min_score is not None:
        if min_score - 2 * EPS > bound:
            return True
        scores = scores[scores >= min_score - 2 * EPS]
    if scores.size < limit:
        return False
    kth = np.partition(scores, scores.size - limit)[scores.size - limit]
    return bool(kth - 2 * EPS > bound)


def _finish_seekers(
    index: SeekerIndex,
    posting: PostingRecord,
    graph: SkillGraph,
    scored: RowScores,
    *,
    config: MatchConfig,
    today: date,
    limit: int,
    radius_km: float | None,
    min_score: float | None,
) -> list[Match]:
    facts = prepare_posting(posting, config, today)

    def rescore(positions: Rows) -> list[Match | None]:
        seekers = index.records_at(scored.rows[positions])
        return [
            _accept(score_prepared(s, facts, graph, config), radius_km, min_score) for s in seekers
        ]

    ids = index.arrays().ids[scored.rows].astype(np.int64)
    return _exact_top(ids, scored.score, limit, min_score, rescore)


def _community_mask(
    index: SeekerIndex, community_ids: Iterable[int] | None
) -> npt.NDArray[np.bool_] | None:
    return None if community_ids is None else index.community_mask(community_ids)


def _plan(
    index: SeekerIndex,
    posting: PostingRecord,
    graph: SkillGraph,
    config: MatchConfig,
    today: date,
    limit: int,
) -> PostingPlan | None:
    check_taxonomy(index.n_skills, graph, posting.skills)
    if limit <= 0 or index.n_rows == 0:
        return None
    return plan_posting(posting, config, today.toordinal())


def rank_seekers(
    index: SeekerIndex,
    posting: PostingRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    limit: int = 50,
    radius_km: float | None = None,
    min_score: float | None = None,
    community_ids: Iterable[int] | None = None,
) -> list[Match]:
    """Return the best seekers for a posting, best first (ties: ascending id).

    Parameters
    ----------
    index : SeekerIndex
        The seekers.
    posting : PostingRecord
        The posting (need not be in any index).
    graph : SkillGraph
        Related skills.
    config : MatchConfig
        Weights and models.
    today : date
        For ended postings and date-masked schedules.
    limit : int
        Number of matches wanted.
    radius_km : float, optional
        Extra limit on the road distance (the clerk's filter).
    min_score : float, optional
        Drop matches scoring below this.
    community_ids : iterable of int, optional
        Only seekers of these communities (scope filtering); None = all.

    Returns
    -------
    list of Match
        Each as ``score_pair`` returns it; ``Match.id`` is the seeker id.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.engine.synthetic import synthetic_world
    >>> world = synthetic_world(500, 5, n_skills=20, seed=1, today=date(2026, 11, 30))
    >>> top = rank_seekers(world.seekers, world.postings[0], world.graph,
    ...                    today=date(2026, 11, 30), limit=3)
    >>> len(top) <= 3 and all(a.score >= b.score for a, b in zip(top, top[1:]))
    True
    """
    plan = _plan(index, posting, graph, config, today, limit)
    if plan is None:
        return []
    mask = _community_mask(index, community_ids)

    def best(rows: Rows, codes: Codes | None, floor: float | None) -> RowScores:
        return best_rows(
            index, plan, rows, codes, config,
            limit=limit, floor=floor, radius_km=radius_km, community_mask=mask,
        )  # fmt: skip

    rows, ranges = reachable_rows(index, plan, config, radius_km)
    if not plan.skills:
        scored = best(rows, None, min_score)
    else:
        codes = codes_from_lists(index, plan.skills, graph, ranges)
        has_skill = np.zeros(rows.size, np.bool_)
        for acc in codes:
            has_skill |= acc[rows] != 0
        scored = best(rows[has_skill], codes, min_score)
        if not _settled(scored.score, limit, plan.outside_bound(config), min_score):
            floor = _floor(scored.score, limit, min_score)
            scored = RowScores.concat([scored, best(rows[~has_skill], codes, floor)])
    return _finish_seekers(
        index, posting, graph, scored, config=config, today=today, limit=limit,
        radius_km=radius_km, min_score=min_score,
    )  # fmt: skip


def rank_seekers_full_scan(
    index: SeekerIndex,
    posting: PostingRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    limit: int = 50,
    radius_km: float | None = None,
    min_score: float | None = None,
    community_ids: Iterable[int] | None = None,
) -> list[Match]:
    """Same results as ``rank_seekers`` by a plain vectorised scan of every seeker.

    No grid, no inverted lists, no bound: the baseline for benchmarks and tests.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.engine.synthetic import synthetic_world
    >>> day = date(2026, 11, 30)
    >>> world = synthetic_world(500, 5, n_skills=20, seed=1, today=day)
    >>> posting = world.postings[1]
    >>> fast = rank_seekers(world.seekers, posting, world.graph, today=day, limit=10)
    >>> slow = rank_seekers_full_scan(world.seekers, posting, world.graph, today=day, limit=10)
    >>> [m.id for m in fast] == [m.id for m in slow]
    True
    """
    plan = _plan(index, posting, graph, config, today, limit)
    if plan is None:
        return []
    rows = np.arange(index.n_rows, dtype=np.int64)
    codes = None
    if plan.skills:
        owner, packed = index.skill_entries(rows)
        codes = codes_from_entries(rows.size, owner, packed, plan.skills, graph)
    mask = _community_mask(index, community_ids)
    scored = score_rows(index, plan, rows, codes, config, radius_km=radius_km, community_mask=mask)
    return _finish_seekers(
        index,
        posting,
        graph,
        scored,
        config=config,
        today=today,
        limit=limit,
        radius_km=radius_km,
        min_score=min_score,
    )


def rank_postings(
    index: PostingIndex,
    seeker: SeekerRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    limit: int = 50,
    radius_km: float | None = None,
    min_score: float | None = None,
    work_modes: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> list[Match]:
    """Return the best postings for a seeker, best first (ties: ascending posting id).

    Parameters are those of ``rank_seekers``; ``work_modes`` and ``kinds`` restrict
    the postings (None = all). ``Match.id`` is the posting id.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.engine.synthetic import synthetic_postings, synthetic_seekers
    >>> day = date(2026, 11, 30)
    >>> postings = PostingIndex.from_records(
    ...     synthetic_postings(300, n_skills=20, seed=1, today=day), n_skills=20)
    >>> seeker = synthetic_seekers(1, n_skills=20, seed=1)[0]
    >>> found = rank_postings(postings, seeker, SkillGraph(20), today=day, limit=5,
    ...                       work_modes=["take_home"])
    >>> all(postings.record(m.id).work_mode == "take_home" for m in found)
    True
    """
    check_taxonomy(index.n_skills, graph, seeker.skills)
    if limit <= 0:
        return []
    scored = score_postings(
        index,
        seeker,
        graph,
        config,
        today.toordinal(),
        limit=limit,
        floor=min_score,
        radius_km=radius_km,
        work_modes=work_modes,
        kinds=kinds,
    )

    def rescore(positions: Rows) -> list[Match | None]:
        found = []
        for row in scored.rows[positions].tolist():
            posting = index.record_at(row)
            match = _accept(score_pair(seeker, posting, graph, config=config, today=today),
                            radius_km, min_score)  # fmt: skip
            found.append(None if match is None else dataclasses.replace(match, id=posting.id))
        return found

    ids = index.arrays().ids[scored.rows]
    return _exact_top(ids, scored.score, limit, min_score, rescore)
