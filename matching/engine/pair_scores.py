"""Hard filters and scores of many (posting, seeker) pairs at once.

The formulas of ``seeker_scan.eligible_rows`` and ``seeker_factors.factor_rows`` for
pairs of many postings and many seekers, with everything that depends on one side
only computed once per side (``SeekerFacts``: per seeker, ``PlanBatch``: per
posting) so that the work per pair is a few gathers and arithmetic.

Differences from the per-posting code, all far below ``seeker_factors.EPS``:

* the haversine term ``h`` comes from unit vectors (``h = |u_p - u_s|² / 4``, the
  same quantity), which needs no trigonometry per pair; where the resulting road
  distance lies within ``1e-9`` km of a travel limit or of ``homebound_radius_km``
  it is recomputed with ``seeker_scan``'s formula, so filters decide as there;
* the three seeker-only fairness adjustments are added as one precomputed sum.

Scores therefore agree with ``score_pair`` to ``EPS`` as the per-posting ones do.
A batch holds postings of one kind only (take-home or not, with a schedule or
not), so no branch is evaluated per pair.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.config import MatchConfig
from matching.engine.seeker_columns import (
    DISABILITY,
    HAS_MIN_PAY,
    HOMEBOUND,
    RECENTLY_PLACED,
    SeekerArrays,
)
from matching.engine.seeker_scan import PostingPlan
from matching.engine.weekly import BYTES_PER_WEEK

__all__ = ["PlanBatch", "SeekerFacts", "eligible_pairs", "score_pairs"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U64 = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]
WORDS: Final = -(-BYTES_PER_WEEK // 8)
_PIECE: Final = 2
_BOUNDARY_KM: Final = 1e-9
MAX_WEEK_KINDS: Final = 1024
"""Up to this many distinct weekly availabilities, overlaps come from a kinds × schedules table."""


def _words(week: npt.NDArray[np.uint8]) -> U64:
    """``uint8[n, 42]`` weeks as ``uint64[n, 6]`` (zero padded)."""
    padded = np.zeros((week.shape[0], 8 * WORDS), np.uint8)
    padded[:, :BYTES_PER_WEEK] = week
    return padded.view(np.uint64)


def _unit(lat: F64, lon: F64) -> tuple[F64, F64, F64]:
    """Unit vectors of points given in degrees."""
    phi, lmb = lat * fx.DEG, lon * fx.DEG
    return np.cos(phi) * np.cos(lmb), np.cos(phi) * np.sin(lmb), np.sin(phi)


@dataclass(frozen=True, slots=True)
class SeekerFacts:
    """What scoring needs of each seeker row (in a chosen order), computed once."""

    lat: F64
    lon: F64
    cos_lat: F64
    unit: tuple[F64, F64, F64]
    max_km: F64
    divisor_km: F64
    limit_on_site: F64
    heavy_ok: Mask
    homebound: Mask
    fairness: F64
    homebound_boost: F64
    min_per_hour: F64
    min_per_piece: F64
    piece: Mask
    week: tuple[U64, ...]
    week_id: I64 | None
    week_kinds: U64 | None

    @classmethod
    def gather(cls, a: SeekerArrays, rows: I64, config: MatchConfig) -> SeekerFacts:
        """Collect and precompute ``rows`` of the index's arrays."""
        lat = a.lat[rows].astype(np.float64)
        lon = a.lon[rows].astype(np.float64)
        flags = a.flags[rows]
        homebound = (flags & HOMEBOUND) != 0
        max_km = a.max_km[rows] / 100
        on_site = np.where(homebound, np.minimum(max_km, config.homebound_radius_km), max_km)
        f = config.fairness
        pending = 0.0 - f.pending_penalty * np.minimum(a.pending[rows], f.pending_cap)
        recent = np.where(flags & RECENTLY_PLACED, 0.0 - f.recent_placement_penalty, 0.0)
        waiting = f.waiting_boost * np.minimum(a.waiting[rows] / f.waiting_days, 1.0)
        minimum = a.min_pay_cents[rows] / 100
        unit = (a.codes[rows] >> 2) & 3
        has_min = (flags & HAS_MIN_PAY) != 0
        model = config.pay
        # Same operations as PayModel.per_hour: hour as is, day/month divided, piece multiplied.
        divisors = np.array([1.0, model.hours_per_day, 1.0, model.hours_per_month])
        per_hour = np.where(
            unit == _PIECE, minimum * model.pieces_per_hour, minimum / divisors[unit]
        )
        week = _words(np.take(a.availability, rows, axis=0))
        rows_as_bytes = np.ascontiguousarray(week).view(np.dtype((np.void, 8 * WORDS)))
        kinds_as_bytes, week_id = np.unique(rows_as_bytes.reshape(-1), return_inverse=True)
        kinds = kinds_as_bytes.view(np.uint64).reshape(-1, WORDS)
        few = kinds.shape[0] <= MAX_WEEK_KINDS
        return cls(
            lat=lat,
            lon=lon,
            cos_lat=np.cos(lat * fx.DEG),
            unit=_unit(lat, lon),
            max_km=max_km,
            divisor_km=np.where(max_km > 0, max_km, 1.0),
            limit_on_site=on_site,
            heavy_ok=((flags & DISABILITY) == 0) & (a.age[rows] <= config.heavy_work_max_age),
            homebound=homebound,
            fairness=pending + recent + waiting,
            homebound_boost=np.where(homebound, f.homebound_boost, 0.0),
            min_per_hour=np.where(has_min, per_hour, -np.inf),
            min_per_piece=np.where(has_min, minimum, -np.inf),
            piece=has_min & (unit == _PIECE),
            week=tuple(np.ascontiguousarray(week[:, w]) for w in range(WORDS)),
            week_id=week_id.reshape(-1).astype(np.int64) if few else None,
            week_kinds=kinds if few else None,
        )


def _overlaps(kinds: U64 | None, schedule: U64) -> npt.NDArray[np.uint16] | None:
    if kinds is None:
        return None
    table = np.zeros((kinds.shape[0], schedule.shape[0]), np.uint16)
    for w in range(WORDS):
        table += np.bitwise_count(kinds[:, w, None] & schedule[None, :, w])
    return table


@dataclass(frozen=True, slots=True)
class PlanBatch:
    """The facts of postings of one kind (``PostingPlan``) as arrays, one entry each."""

    take_home: bool
    scheduled: bool
    lat: F64
    lon: F64
    cos_lat: F64
    unit: tuple[F64, F64, F64]
    homebound_allowed: Mask
    heavy: Mask
    pay: F64
    pay_per_hour: F64
    piece: Mask
    schedule: tuple[U64, ...]
    slots: I64
    overlaps: npt.NDArray[np.uint16] | None
    delivery_km: F64

    @classmethod
    def from_plans(cls, plans: Sequence[PostingPlan], seekers: SeekerFacts) -> PlanBatch:
        """Collect the plans' facts; they must agree on take-home and having a schedule.

        With few kinds of seeker weeks, ``overlaps[kind, posting]`` holds the slots
        each kind of week shares with each posting's schedule.
        """
        kinds = {(p.take_home, p.schedule is not None) for p in plans}
        if len(kinds) != 1:
            raise ValueError("a batch holds postings of one kind")
        take_home, scheduled = kinds.pop()
        empty = np.zeros(BYTES_PER_WEEK, np.uint8)
        weeks = np.array([empty if p.schedule is None else p.schedule for p in plans], np.uint8)
        schedule = _words(weeks.reshape(len(plans), BYTES_PER_WEEK))
        lat = np.array([p.lat for p in plans], np.float64)
        lon = np.array([p.lon for p in plans], np.float64)
        return cls(
            take_home=take_home,
            scheduled=scheduled,
            lat=lat,
            lon=lon,
            cos_lat=np.array([math.cos(p.lat * fx.DEG) for p in plans], np.float64),
            unit=_unit(lat, lon),
            homebound_allowed=np.array([p.homebound_allowed for p in plans], np.bool_),
            heavy=np.array([p.heavy for p in plans], np.bool_),
            pay=np.array([p.pay for p in plans], np.float64),
            pay_per_hour=np.array([p.pay_per_hour for p in plans], np.float64),
            piece=np.array([p.posting.pay_unit == "piece" for p in plans], np.bool_),
            schedule=tuple(np.ascontiguousarray(schedule[:, w]) for w in range(WORDS)),
            slots=np.array([p.schedule_slots for p in plans], np.int64),
            overlaps=_overlaps(seekers.week_kinds, schedule) if scheduled else None,
            delivery_km=np.array([p.delivery_km for p in plans], np.float64),
        )

    def free_km(self, config: MatchConfig) -> float:
        """The distance within which every seeker may take the work (the widest delivery)."""
        return float(self.delivery_km.max(initial=0.0)) if self.take_home else 0.0


def _reference_km(plans: PlanBatch, seekers: SeekerFacts, posting: I64, seeker: I64) -> F64:
    """Road-less km by ``seeker_scan``'s haversine, for the few pairs near a boundary."""
    s_phi = np.sin((seekers.lat[seeker] - plans.lat[posting]) * fx.DEG / 2)
    s_lmb = np.sin((seekers.lon[seeker] - plans.lon[posting]) * fx.DEG / 2)
    h = s_phi * s_phi + plans.cos_lat[posting] * seekers.cos_lat[seeker] * s_lmb * s_lmb
    km: F64 = 2 * fx.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return km


def eligible_pairs(
    plans: PlanBatch, seekers: SeekerFacts, posting: I64, seeker: I64, config: MatchConfig
) -> tuple[Mask, F64]:
    """Return which pairs pass every hard filter, and the road km of those that do."""
    h = np.zeros(posting.size)
    for mine, theirs in zip(seekers.unit, plans.unit, strict=True):
        gap = np.take(mine, seeker) - np.take(theirs, posting)
        h += gap * gap
    h *= 0.25
    road = config.travel.road_factor
    km = 2 * fx.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h))) * road
    if plans.take_home:
        limit = np.maximum(np.take(seekers.max_km, seeker), np.take(plans.delivery_km, posting))
    else:
        limit = np.take(seekers.limit_on_site, seeker)
    edge = np.abs(km - limit) <= _BOUNDARY_KM
    if not plans.take_home:
        edge |= np.abs(km - config.homebound_radius_km) <= _BOUNDARY_KM
    fix = np.flatnonzero(edge)
    if fix.size:
        km[fix] = _reference_km(plans, seekers, posting[fix], seeker[fix]) * road
    keep = km <= limit
    if plans.heavy.any():
        keep &= ~plans.heavy[posting] | seekers.heavy_ok[seeker]
    if not plans.homebound_allowed.all():
        keep &= plans.homebound_allowed[posting] | ~seekers.homebound[seeker]
    return keep, km[keep]


def _distance(plans: PlanBatch, seekers: SeekerFacts, seeker: I64, km: F64, c: MatchConfig) -> F64:
    if plans.take_home:
        scale = c.take_home_distance_weight_scale
        home: F64 = np.maximum(0.0, np.minimum(1.0, 1.0 - scale * km / c.take_home_radius_km))
        return home
    value: F64 = np.maximum(0.0, np.minimum(1.0, 1.0 - km / seekers.divisor_km[seeker]))
    still = np.flatnonzero(seekers.max_km[seeker] <= 0)
    if still.size:
        value[still] = np.where(km[still] <= 0, 1.0, 0.0)
    return value


def _shares(plans: PlanBatch, seekers: SeekerFacts, posting: I64, seeker: I64) -> F64:
    if not plans.scheduled:
        return np.ones(posting.size)
    if plans.overlaps is not None and seekers.week_id is not None:
        kinds = plans.overlaps.shape[1]
        cell = np.take(seekers.week_id, seeker) * kinds + posting
        overlap = np.take(plans.overlaps.reshape(-1), cell)
    else:
        overlap = np.zeros(posting.size, np.uint16)
        for mine, theirs in zip(seekers.week, plans.schedule, strict=True):
            overlap += np.bitwise_count(np.take(mine, seeker) & np.take(theirs, posting))
    share: F64 = overlap / np.maximum(plans.slots, 1)[posting]
    return share


def _pay(plans: PlanBatch, seekers: SeekerFacts, posting: I64, seeker: I64) -> F64:
    pay = plans.pay_per_hour[posting]
    minimum = seekers.min_per_hour[seeker]
    if plans.piece.any():
        both = np.flatnonzero(plans.piece[posting] & seekers.piece[seeker])
        pay[both] = plans.pay[posting[both]]
        minimum[both] = seekers.min_per_piece[seeker[both]]
    values = np.ones(posting.size)
    short = np.flatnonzero(pay < minimum)
    values[short] = np.maximum(0.0, (pay[short] / minimum[short] - fx.PAY_FLOOR) / fx.PAY_RAMP)
    return values


def score_pairs(
    plans: PlanBatch,
    seekers: SeekerFacts,
    posting: I64,
    seeker: I64,
    km: F64,
    skill: F64,
    config: MatchConfig,
) -> F64:
    """Return the scores of eligible pairs (``skill``: ``PostingSkillTable.values``)."""
    w = config.weights
    share = _shares(plans, seekers, posting, seeker)
    score = 0.0 + w.skill * skill
    score = score + w.distance * _distance(plans, seekers, seeker, km, config)
    score = score + w.availability * share
    score = score + w.pay * _pay(plans, seekers, posting, seeker)
    score = score + seekers.fairness[seeker]
    boost = seekers.homebound_boost[seeker]
    if not plans.take_home:
        boost = boost * (km <= config.homebound_radius_km)
    result: F64 = score + boost
    if plans.scheduled:  # too few of the hours: not a pair at all (a hard limit)
        result[share < config.min_hours_share] = -np.inf
    return result
