"""Vectorised factor values and scores of many seekers for one posting.

The formulas of ``factors``, repeated operation for operation in float64, and the
score summed in the order of ``results.FACTOR_CODES``, so a row's score equals
``score_pair``'s up to an ulp of ``sin``/``asin``.

``best_rows`` is the pruned variant used by ranking. Every factor but availability
is cheap, so it computes them for all eligible rows, bounds each row's score with
availability 1, scores exactly the ``limit`` rows with the best bounds (their
``limit``-th score is a floor no top-``limit`` row falls below), and computes
availability only for rows whose bound reaches the floor (``- 2·EPS``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.config import MatchConfig
from matching.engine.seeker_columns import HAS_MIN_PAY, HOMEBOUND, RECENTLY_PLACED, SeekerArrays
from matching.engine.seeker_index import SeekerIndex
from matching.engine.seeker_scan import PostingPlan, eligible_rows
from matching.engine.skill_codes import Codes, decode_credits

__all__ = ["EPS", "RowFactors", "RowScores", "best_rows", "score_rows", "skill_values"]

EPS: Final = 1e-9
"""Bound on the difference between a vectorised score and ``score_pair``'s."""

F64 = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]
_PIECE: Final = 2


@dataclass(frozen=True, slots=True)
class RowFactors:
    """Every factor value but availability, for rows that passed the hard filters."""

    rows: Rows
    km: F64
    skill: F64
    distance: F64
    pay: F64
    pending: F64
    recent: F64
    waiting: F64
    homebound: F64

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> RowFactors:
        """Return the selected rows."""
        return RowFactors(*(getattr(self, f.name)[index] for f in dataclasses.fields(self)))

    def total(self, share: F64, config: MatchConfig) -> F64:
        """Return the scores, summed exactly as ``score_pair`` sums them."""
        w = config.weights
        score = 0.0 + w.skill * self.skill
        score = score + w.distance * self.distance
        score = score + w.availability * share
        score = score + w.pay * self.pay
        for adjustment in (self.pending, self.recent, self.waiting, self.homebound):
            score = score + adjustment
        return score


@dataclass(frozen=True, slots=True)
class RowScores:
    """Scores of rows that passed every hard filter (aligned arrays)."""

    rows: Rows
    km: F64
    skill: F64
    share: F64
    score: F64

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> RowScores:
        """Return the selected rows."""
        return RowScores(*(getattr(self, f.name)[index] for f in dataclasses.fields(self)))

    @classmethod
    def concat(cls, parts: Iterable[RowScores]) -> RowScores:
        """Join several results."""
        items = list(parts)
        return cls(
            *(np.concatenate([getattr(p, f.name) for p in items]) for f in dataclasses.fields(cls))
        )


def skill_values(plan: PostingPlan, codes: Codes) -> F64:
    """Return ``factors.skill_value`` for every row of ``codes``."""
    n = codes[0].size if codes else 0
    required = [j for j, s in enumerate(plan.skills) if s[2]]
    nice = [j for j, s in enumerate(plan.skills) if not s[2]]

    def mean(group: list[int]) -> F64:
        total = np.zeros(n)
        for j in group:
            total = total + decode_credits(codes, j)
        return total / len(group)

    if required and nice:
        return fx.REQUIRED_SHARE * mean(required) + fx.NICE_SHARE * mean(nice)
    if required or nice:
        return mean(required or nice)
    return np.ones(n)


def _distance_values(plan: PostingPlan, km: F64, max_km: F64, config: MatchConfig) -> F64:
    if plan.take_home:
        scale = config.take_home_distance_weight_scale
        near: F64 = np.maximum(0.0, np.minimum(1.0, 1.0 - scale * km / config.take_home_radius_km))
        return near
    ratio = np.divide(km, max_km, out=np.zeros_like(km), where=max_km > 0)
    within = np.maximum(0.0, np.minimum(1.0, 1.0 - ratio))
    return np.where(max_km > 0, within, np.where(km <= 0, 1.0, 0.0))


def shares(index: SeekerIndex, plan: PostingPlan, rows: Rows) -> F64:
    """Return ``factors.availability_share`` for every row."""
    if plan.schedule is None:
        return np.ones(rows.size)
    if plan.schedule_slots == 0:
        return np.zeros(rows.size)
    both = np.take(index.arrays().availability, rows, axis=0) & plan.schedule
    overlap = np.bitwise_count(both).sum(axis=1, dtype=np.int64)
    result: F64 = overlap / plan.schedule_slots
    return result


def _pay_values(a: SeekerArrays, plan: PostingPlan, rows: Rows, config: MatchConfig) -> F64:
    values = np.ones(rows.size)
    has = np.flatnonzero(a.flags[rows] & HAS_MIN_PAY)
    if not has.size:
        return values
    rows = rows[has]
    minimum = a.min_pay_cents[rows] / 100
    unit = (a.codes[rows] >> 2) & 3
    model = config.pay
    # Same operations as PayModel.per_hour: hour as is, day/month divided, piece multiplied.
    divisors = np.array([1.0, model.hours_per_day, 1.0, model.hours_per_month])
    piece = unit == _PIECE
    per_hour = np.where(piece, minimum * model.pieces_per_hour, minimum / divisors[unit])
    pay: F64 | float = plan.pay_per_hour
    if plan.posting.pay_unit == "piece":
        pay, per_hour = np.where(piece, plan.pay, pay), np.where(piece, minimum, per_hour)
    short = pay < per_hour
    ratio = np.divide(pay, per_hour, out=np.zeros(rows.size), where=short)
    values[has] = np.where(short, np.maximum(0.0, (ratio - fx.PAY_FLOOR) / fx.PAY_RAMP), 1.0)
    return values


def factor_rows(
    index: SeekerIndex,
    plan: PostingPlan,
    rows: Rows,
    codes: Codes | None,
    config: MatchConfig,
    *,
    radius_km: float | None = None,
    community_mask: npt.NDArray[np.bool_] | None = None,
) -> RowFactors:
    """Apply the hard filters and compute every factor but availability."""
    rows, km, max_km = eligible_rows(
        index, plan, rows, config, radius_km=radius_km, community_mask=community_mask
    )
    a, f = index.arrays(), config.fairness
    flags = a.flags[rows]
    near = plan.take_home | (km <= config.homebound_radius_km)
    return RowFactors(
        rows=rows,
        km=km,
        skill=skill_values(plan, [c[rows] for c in codes]) if codes else np.ones(rows.size),
        distance=_distance_values(plan, km, max_km, config),
        pay=_pay_values(a, plan, rows, config),
        pending=0.0 - f.pending_penalty * np.minimum(a.pending[rows], f.pending_cap),
        recent=np.where(flags & RECENTLY_PLACED, 0.0 - f.recent_placement_penalty, 0.0),
        waiting=f.waiting_boost * np.minimum(a.waiting[rows] / f.waiting_days, 1.0),
        homebound=np.where(((flags & HOMEBOUND) != 0) & near, f.homebound_boost, 0.0),
    )


def _scores(
    index: SeekerIndex,
    plan: PostingPlan,
    f: RowFactors,
    config: MatchConfig,
    *,
    keep_short_hours: bool = False,
) -> RowScores:
    """Scores of the rows; those who can work too few of the hours are dropped (a hard limit)
    unless ``keep_short_hours`` (for counting what a relaxed schedule would add)."""
    share = shares(index, plan, f.rows)
    scored = RowScores(f.rows, f.km, f.skill, share, f.total(share, config))
    if keep_short_hours or plan.schedule is None:
        return scored
    return scored.take(share >= config.min_hours_share)


def score_rows(
    index: SeekerIndex,
    plan: PostingPlan,
    rows: Rows,
    codes: Codes | None,
    config: MatchConfig,
    *,
    radius_km: float | None = None,
    community_mask: npt.NDArray[np.bool_] | None = None,
    keep_short_hours: bool = False,
) -> RowScores:
    """Score every row that passes the hard filters; ``codes`` are dense over all rows.

    ``keep_short_hours`` keeps the rows that fail only the hours limit (``widen``).
    """
    f = factor_rows(
        index, plan, rows, codes, config, radius_km=radius_km, community_mask=community_mask
    )
    return _scores(index, plan, f, config, keep_short_hours=keep_short_hours)


def best_rows(
    index: SeekerIndex,
    plan: PostingPlan,
    rows: Rows,
    codes: Codes | None,
    config: MatchConfig,
    *,
    limit: int,
    floor: float | None = None,
    radius_km: float | None = None,
    community_mask: npt.NDArray[np.bool_] | None = None,
) -> RowScores:
    """Score the rows that could still reach the top ``limit`` (see the module docstring).

    ``floor``, when given, is a score known to be at most the final ``limit``-th
    score (or ``min_score``): rows whose bound is below it are dropped too.
    """
    f = factor_rows(
        index, plan, rows, codes, config, radius_km=radius_km, community_mask=community_mask
    )
    if not plan.needs_shares:
        return _scores(index, plan, f, config)
    bound = f.total(np.ones(f.rows.size), config)
    low = -np.inf if floor is None else floor
    if f.rows.size > limit:
        sample = np.argpartition(bound, f.rows.size - limit)[f.rows.size - limit :]
        sampled = _scores(index, plan, f.take(sample), config)
        if sampled.rows.size == limit:  # all eligible: their worst is a valid floor
            low = max(low, float(sampled.score.min()))
    return _scores(index, plan, f.take(bound >= low - 2 * EPS), config)
