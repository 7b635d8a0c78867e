"""Which seekers can take a posting: the posting plan, reachable rows and hard filters.

``plan_posting`` fixes everything that depends on the posting only;
``reachable_rows`` asks the spatial grid which rows may be within reach;
``eligible_rows`` applies every hard filter of ``score_pair`` to an array of rows,
vectorised, and returns their road distances (float64, the haversine formula of
``factors`` operation for operation; only ``sin``/``asin`` may differ from ``math``
by an ulp).

Filters run cheapest first: flags (present, eligible, physical, homebound), scope,
then a conservative latitude/longitude window (great-circle distance is at least
``R·|Δφ|`` and, for small distances, at least ``R·|Δλ|·√(cos φ₁ cos φ₂)/1.05``), and
only then the exact haversine distance on the survivors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.config import MatchConfig
from matching.engine.records import PostingRecord, SkillGraph
from matching.engine.seeker_columns import (
    DISABILITY,
    ELIGIBLE,
    HOMEBOUND,
    PENDING,
    PRESENT,
    SeekerArrays,
)
from matching.engine.seeker_index import SeekerIndex
from matching.engine.skill_codes import Ranges
from matching.engine.spatial import expand_ranges
from matching.engine.weekly import BYTES_PER_WEEK

__all__ = ["PostingPlan", "check_taxonomy", "eligible_rows", "plan_posting", "reachable_rows"]

F64 = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]
_MARGIN: Final = 1e-7


@dataclass(frozen=True, slots=True)
class PostingPlan:
    """What ranking seekers for one posting needs to know about the posting."""

    posting: PostingRecord
    lat: float
    lon: float
    skills: tuple[tuple[int, int, bool], ...]
    schedule: npt.NDArray[np.uint8] | None
    schedule_slots: int
    pay: float
    pay_per_hour: float
    take_home: bool
    homebound_allowed: bool
    heavy: bool
    delivery_km: float

    @property
    def needs_shares(self) -> bool:
        """True when availability must be computed per seeker (a non-empty schedule)."""
        return self.schedule is not None and self.schedule_slots > 0

    def outside_bound(self, config: MatchConfig) -> float:
        """Upper bound on the score of a seeker with no posting skill and no related one."""
        w, fairness = config.weights, config.fairness
        best = w.distance + w.availability + w.pay
        return best + fairness.max_boost(homebound=self.homebound_allowed)


def check_taxonomy(n_skills: int, graph: SkillGraph, skills: Iterable[tuple[int, ...]]) -> None:
    """Raise ``ValueError`` unless the graph and the skills belong to the index's taxonomy."""
    if graph.n_skills != n_skills:
        raise ValueError(f"graph has {graph.n_skills} skills, the index {n_skills}")
    outside = [entry[0] for entry in skills if entry[0] >= n_skills]
    if outside:
        raise ValueError(f"skills {outside} are outside the index's taxonomy of {n_skills}")


def plan_posting(posting: PostingRecord, config: MatchConfig, today: int) -> PostingPlan | None:
    """Return the posting's plan, or None when the posting itself fails a hard filter."""
    if not posting.open or posting.vacancies <= 0:
        return None
    if posting.end_day is not None and posting.end_day < today:
        return None
    schedule = fx.effective_schedule(posting.schedule, posting.start_day, posting.end_day, today)
    pay = fx.quantize_yuan(posting.pay_yuan)
    light = posting.physical_demand in ("sedentary", "light")
    return PostingPlan(
        posting=posting,
        lat=fx.quantize_coordinate(posting.lat),
        lon=fx.quantize_coordinate(posting.lon),
        skills=posting.skills,
        schedule=None
        if schedule is None
        else np.frombuffer(schedule.to_bytes(BYTES_PER_WEEK, "little"), np.uint8),
        schedule_slots=0 if schedule is None else schedule.bit_count(),
        pay=pay,
        pay_per_hour=config.pay.per_hour(pay, posting.pay_unit),
        take_home=posting.work_mode == "take_home",
        homebound_allowed=posting.work_mode == "take_home"
        or (posting.work_mode == "on_site" and light),
        heavy=posting.physical_demand == "heavy",
        delivery_km=fx.quantize_km(posting.delivery_km),
    )


def reachable_rows(
    index: SeekerIndex, plan: PostingPlan, config: MatchConfig, radius_km: float | None
) -> tuple[Rows, Ranges]:
    """Rows that may be within reach of the posting, and whole-cell ranges covering them.

    The grid's ranges (``spatial.SpatialGrid.reachable_ranges``) without the rows
    changed since the last rebuild, plus all of those (their grid entry may be stale).
    The cover (``SpatialGrid.cover``) is what skill-code marking needs.
    """
    free = plan.delivery_km if plan.take_home else 0.0
    ranges = index.grid.reachable_ranges(
        plan.lat,
        plan.lon,
        road_factor=config.travel.road_factor,
        free_km=free,
        radius_km=radius_km,
    )
    rows = expand_ranges(*ranges)
    pending = index.pending_rows()
    if pending.size:
        rows = np.concatenate((rows[(index.arrays().flags[rows] & PENDING) == 0], pending))
    return rows, index.grid.cover(ranges[0])


def _flag_filter(
    a: SeekerArrays,
    plan: PostingPlan,
    rows: Rows,
    config: MatchConfig,
    community_mask: npt.NDArray[np.bool_] | None,
) -> npt.NDArray[np.bool_]:
    flags = a.flags[rows]
    keep: npt.NDArray[np.bool_] = (flags & (PRESENT | ELIGIBLE)) == (PRESENT | ELIGIBLE)
    if plan.heavy:
        keep &= (flags & DISABILITY) == 0
        keep &= a.age[rows] <= config.heavy_work_max_age
    if not plan.homebound_allowed:
        keep &= (flags & HOMEBOUND) == 0
    if community_mask is not None:
        keep &= community_mask[a.community[rows]]
    return keep


def _limits(a: SeekerArrays, plan: PostingPlan, rows: Rows, config: MatchConfig) -> tuple[F64, F64]:
    """Return (max travel km, distance limit) per row."""
    max_km = a.max_km[rows] / 100
    if plan.take_home:
        return max_km, np.maximum(max_km, plan.delivery_km)
    homebound = (a.flags[rows] & HOMEBOUND) != 0
    return max_km, np.where(homebound, np.minimum(max_km, config.homebound_radius_km), max_km)


def _window(a: SeekerArrays, plan: PostingPlan, rows: Rows, reach: F64) -> npt.NDArray[np.bool_]:
    """Conservative test: False only where the great-circle distance surely exceeds reach."""
    radians = reach / fx.EARTH_RADIUS_KM * (1 + _MARGIN) + 1e-12
    lat = a.lat[rows].astype(np.float64)
    keep: npt.NDArray[np.bool_] = np.abs(lat - plan.lat) * fx.DEG <= radians
    widest = float(radians.max(initial=0.0))
    lowest_cos = math.cos(min(math.pi / 2, abs(plan.lat) * fx.DEG + widest))
    scale = math.sqrt(max(0.0, math.cos(plan.lat * fx.DEG) * lowest_cos))
    if scale > 1e-6 and widest / 2 / scale <= 0.5:
        dlon = np.abs(a.lon[rows].astype(np.float64) - plan.lon)
        dlon = np.minimum(dlon, 360 - dlon)
        keep &= dlon * fx.DEG <= radians * (1.05 / scale)
    return keep


def _haversine(a: SeekerArrays, plan: PostingPlan, rows: Rows) -> F64:
    lat = a.lat[rows].astype(np.float64)
    lon = a.lon[rows].astype(np.float64)
    s_phi = np.sin((lat - plan.lat) * fx.DEG / 2)
    s_lmb = np.sin((lon - plan.lon) * fx.DEG / 2)
    h = s_phi * s_phi + math.cos(plan.lat * fx.DEG) * np.cos(lat * fx.DEG) * s_lmb * s_lmb
    result: F64 = 2 * fx.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return result


def eligible_rows(
    index: SeekerIndex,
    plan: PostingPlan,
    rows: Rows,
    config: MatchConfig,
    *,
    radius_km: float | None = None,
    community_mask: npt.NDArray[np.bool_] | None = None,
) -> tuple[Rows, F64, F64]:
    """Apply every hard filter (and the clerk's radius); return (rows, km, max_km)."""
    a = index.arrays()
    rows = rows[_flag_filter(a, plan, rows, config, community_mask)]
    max_km, limit = _limits(a, plan, rows, config)
    if radius_km is not None:
        limit = np.minimum(limit, radius_km)
    road = config.travel.road_factor
    keep = _window(a, plan, rows, limit / road)
    rows, max_km, limit = rows[keep], max_km[keep], limit[keep]
    km = _haversine(a, plan, rows) * road
    keep = km <= limit
    return rows[keep], km[keep], max_km[keep]
