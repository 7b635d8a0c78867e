"""Vectorised scoring of all postings of a ``PostingIndex`` for one seeker.

The same formulas as ``factors``, operation for operation in float64 (see
``seeker_scan``); postings are few enough that every query scans them all, and the
date masks of short gigs (``factors.effective_schedule``) are built vectorised.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.config import MatchConfig
from matching.engine.posting_index import PostingArrays, PostingIndex
from matching.engine.records import PHYSICAL_DEMANDS, WORK_MODES, SeekerRecord, SkillGraph
from matching.engine.seeker_factors import EPS
from matching.engine.weekly import BYTES_PER_WEEK

__all__ = ["PostingScores", "score_postings"]

F64 = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]
_TAKE_HOME = WORK_MODES.index("take_home")
_ON_SITE = WORK_MODES.index("on_site")
_HEAVY = PHYSICAL_DEMANDS.index("heavy")
_LIGHT = (PHYSICAL_DEMANDS.index("sedentary"), PHYSICAL_DEMANDS.index("light"))
_PIECE = 2


@dataclass(frozen=True, slots=True)
class PostingScores:
    """Rows that passed every hard filter, with their distances and scores."""

    rows: Rows
    km: F64
    score: F64


def _filter(
    p: PostingArrays,
    seeker: SeekerRecord,
    index: PostingIndex,
    config: MatchConfig,
    today: int,
    work_modes: Iterable[str] | None,
    kinds: Iterable[str] | None,
) -> Rows:
    keep = p.present & p.open & (p.vacancies > 0) & (p.end_day >= today)
    if work_modes is not None:
        wanted = [WORK_MODES.index(m) for m in set(work_modes) if m in WORK_MODES]
        keep &= np.isin(p.work_mode, wanted)
    if kinds is not None:
        keep &= index.kind_mask(kinds)[p.kind]
    if seeker.disability or seeker.age > config.heavy_work_max_age:
        keep &= p.physical != _HEAVY
    if seeker.homebound:
        light = (p.physical == _LIGHT[0]) | (p.physical == _LIGHT[1])
        keep &= (p.work_mode == _TAKE_HOME) | ((p.work_mode == _ON_SITE) & light)
    return np.flatnonzero(keep)


def _km(p: PostingArrays, rows: Rows, seeker: SeekerRecord, road: float) -> F64:
    lat = p.lat[rows].astype(np.float64)
    lon = p.lon[rows].astype(np.float64)
    s_lat = fx.quantize_coordinate(seeker.lat)
    s_lon = fx.quantize_coordinate(seeker.lon)
    s_phi = np.sin((s_lat - lat) * fx.DEG / 2)
    s_lmb = np.sin((s_lon - lon) * fx.DEG / 2)
    h = s_phi * s_phi + np.cos(lat * fx.DEG) * math.cos(s_lat * fx.DEG) * s_lmb * s_lmb
    straight: F64 = 2 * fx.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return straight * road


def _limits(p: PostingArrays, rows: Rows, seeker: SeekerRecord, config: MatchConfig) -> F64:
    max_km = fx.quantize_km(seeker.max_travel_km)
    take_home = p.work_mode[rows] == _TAKE_HOME
    other = min(max_km, config.homebound_radius_km) if seeker.homebound else max_km
    return np.where(take_home, np.maximum(max_km, p.delivery_km[rows]), other)


def _skill_values(index: PostingIndex, rows: Rows, seeker: SeekerRecord, graph: SkillGraph) -> F64:
    p = index.arrays()
    levels = np.zeros(max(index.n_skills, 1), np.int64)
    for own_skill, own_level in seeker.skills:
        levels[own_skill] = own_level
    related = graph.related_mask([s for s, _level in seeker.skills])
    starts, counts = p.skill_start[rows], p.skill_count[rows]
    owner = np.repeat(np.arange(rows.size), counts)
    offsets = np.cumsum(counts) - counts
    packed = index.pool()[np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))]
    skill = (packed >> 3).astype(np.int64)
    required = ((packed >> 2) & 1).astype(np.bool_)
    level, min_level = levels[skill], (packed & 3).astype(np.int64)
    has_related = related[skill] if related.size else np.zeros(skill.size, np.bool_)
    credit = np.where(
        level >= min_level,
        fx.CREDIT_MET,
        np.where(level > 0, fx.CREDIT_BELOW, np.where(has_related, fx.CREDIT_RELATED, 0.0)),
    )
    m = rows.size
    req_sum = np.bincount(owner[required], credit[required], minlength=m)
    nice_sum = np.bincount(owner[~required], credit[~required], minlength=m)
    n_req = np.bincount(owner[required], minlength=m)
    n_nice = np.bincount(owner[~required], minlength=m)
    req_mean = np.divide(req_sum, n_req, out=np.zeros(m), where=n_req > 0)
    nice_mean = np.divide(nice_sum, n_nice, out=np.zeros(m), where=n_nice > 0)
    both = fx.REQUIRED_SHARE * req_mean + fx.NICE_SHARE * nice_mean
    only = np.where(n_req > 0, req_mean, np.where(n_nice > 0, nice_mean, 1.0))
    return np.where((n_req > 0) & (n_nice > 0), both, only)


def _window_masks(p: PostingArrays, rows: Rows, today: int) -> npt.NDArray[np.uint8]:
    """Per row, the slot mask of ``factors.effective_schedule`` (all ones if not short)."""
    first = np.maximum(p.start_day[rows].astype(np.int64), today)
    end = p.end_day[rows].astype(np.int64)
    short = end - first + 1 < fx.SHORT_WINDOW_DAYS
    days = np.zeros((rows.size, 7), np.bool_)
    for offset in range(fx.SHORT_WINDOW_DAYS - 1):
        day = first + offset
        days[np.arange(rows.size), (day - 1) % 7] |= day <= end  # weekday, Monday 0
    days[~short] = True
    masks: npt.NDArray[np.uint8] = np.repeat(days, BYTES_PER_WEEK // 7, axis=1) * np.uint8(0xFF)
    return masks


def _shares(index: PostingIndex, rows: Rows, seeker: SeekerRecord, today: int) -> F64:
    p = index.arrays()
    avail = np.frombuffer(seeker.availability.to_bytes(BYTES_PER_WEEK, "little"), np.uint8)
    schedules = np.take(p.schedule, rows, axis=0) & _window_masks(p, rows, today)
    slots = np.bitwise_count(schedules).sum(axis=1, dtype=np.int64)
    overlap = np.bitwise_count(schedules & avail).sum(axis=1, dtype=np.int64)
    shares = np.divide(overlap, slots, out=np.zeros(rows.size), where=slots > 0)
    return np.where(p.has_schedule[rows], shares, 1.0)


def _pay_values(p: PostingArrays, rows: Rows, seeker: SeekerRecord, config: MatchConfig) -> F64:
    if seeker.min_pay_yuan is None or seeker.min_pay_unit is None:
        return np.ones(rows.size)
    model = config.pay
    pay = p.pay_cents[rows] / 100
    unit = p.pay_unit[rows]
    pay_per_hour = np.select(
        [unit == 1, unit == 2, unit == 3],
        [pay / model.hours_per_day, pay * model.pieces_per_hour, pay / model.hours_per_month],
        pay,
    )
    minimum = fx.quantize_yuan(seeker.min_pay_yuan)
    per_hour = model.per_hour(minimum, seeker.min_pay_unit)
    if seeker.min_pay_unit == "piece":
        piece = unit == _PIECE
        compare, floor = np.where(piece, pay, pay_per_hour), np.where(piece, minimum, per_hour)
    else:
        compare, floor = pay_per_hour, np.full(rows.size, per_hour)
    ok = compare >= floor
    ratio = np.divide(compare, floor, out=np.zeros(rows.size), where=~ok)
    return np.where(ok, 1.0, np.maximum(0.0, (ratio - fx.PAY_FLOOR) / fx.PAY_RAMP))


def _eligible(
    index: PostingIndex,
    seeker: SeekerRecord,
    config: MatchConfig,
    today: int,
    radius_km: float | None,
    work_modes: Iterable[str] | None,
    kinds: Iterable[str] | None,
) -> tuple[Rows, F64]:
    p = index.arrays()
    rows = _filter(p, seeker, index, config, today, work_modes, kinds)
    km = _km(p, rows, seeker, config.travel.road_factor)
    limit = _limits(p, rows, seeker, config)
    if radius_km is not None:
        limit = np.minimum(limit, radius_km)
    keep = km <= limit
    return rows[keep], km[keep]


def _distance_values(
    p: PostingArrays, rows: Rows, km: F64, seeker: SeekerRecord, config: MatchConfig
) -> F64:
    max_km = fx.quantize_km(seeker.max_travel_km)
    scale = config.take_home_distance_weight_scale
    home = np.maximum(0.0, np.minimum(1.0, 1.0 - scale * km / config.take_home_radius_km))
    if max_km > 0:
        away = np.maximum(0.0, np.minimum(1.0, 1.0 - km / max_km))
    else:
        away = np.where(km <= 0, 1.0, 0.0)
    return np.where(p.work_mode[rows] == _TAKE_HOME, home, away)


Terms = tuple[F64, F64, F64, F64]


@dataclass(frozen=True, slots=True)
class _Adjustments:
    """The seeker's fairness adjustments that do not depend on the posting."""

    pending: float
    recent: float
    waiting: float

    @classmethod
    def of(cls, seeker: SeekerRecord, config: MatchConfig) -> _Adjustments:
        f = config.fairness
        return cls(
            fx.pending_adjustment(seeker.pending_proposals, f),
            fx.recent_placement_adjustment(seeker.recently_placed, f),
            fx.waiting_adjustment(seeker.days_waiting, f),
        )


def _total(terms: Terms, share: F64, adjustments: _Adjustments, config: MatchConfig) -> F64:
    """Sum in ``score_pair``'s order; ``terms`` = skill, distance, pay, homebound boost."""
    skill, distance, pay, homebound = terms
    w = config.weights
    score = 0.0 + w.skill * skill
    score = score + w.distance * distance
    score = score + w.availability * share
    score = score + w.pay * pay
    score = score + adjustments.pending
    score = score + adjustments.recent
    score = score + adjustments.waiting
    return score + homebound


def _take(terms: Terms, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Terms:
    skill, distance, pay, homebound = terms
    return skill[index], distance[index], pay[index], homebound[index]


def score_postings(
    index: PostingIndex,
    seeker: SeekerRecord,
    graph: SkillGraph,
    config: MatchConfig,
    today: int,
    *,
    limit: int,
    floor: float | None = None,
    radius_km: float | None = None,
    work_modes: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
) -> PostingScores:
    """Score the postings that pass the hard filters and could reach the top ``limit``.

    Availability (the costly part) is computed only where a posting's score bound
    (availability 1) reaches the ``limit``-th score of the postings with the best
    bounds, and ``floor`` (``min_score``) when given.
    """
    if not seeker.eligible or index.n_rows == 0:
        return PostingScores(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    rows, km = _eligible(index, seeker, config, today, radius_km, work_modes, kinds)
    p = index.arrays()
    boost = config.fairness.homebound_boost if seeker.homebound else 0.0
    near = (p.work_mode[rows] == _TAKE_HOME) | (km <= config.homebound_radius_km)
    terms = (
        _skill_values(index, rows, seeker, graph),
        _distance_values(p, rows, km, seeker, config),
        _pay_values(p, rows, seeker, config),
        np.where(near, boost, 0.0),
    )
    adjustments = _Adjustments.of(seeker, config)
    bound = _total(terms, np.ones(rows.size), adjustments, config)
    low = -np.inf if floor is None else floor
    if rows.size > limit:
        sample = np.argpartition(bound, rows.size - limit)[rows.size - limit :]
        shares = _shares(index, rows[sample], seeker, today)
        if _enough_hours(p, rows[sample], shares, config).all():  # else no valid floor
            low = max(low, float(_total(_take(terms, sample), shares, adjustments, config).min()))
    keep = bound >= low - 2 * EPS
    rows, km, terms = rows[keep], km[keep], _take(terms, keep)
    shares = _shares(index, rows, seeker, today)
    fits = _enough_hours(p, rows, shares, config)  # a hard limit, like distance
    rows, km, terms, shares = rows[fits], km[fits], _take(terms, fits), shares[fits]
    return PostingScores(rows, km, _total(terms, shares, adjustments, config))


def _enough_hours(
    p: PostingArrays, rows: Rows, shares: F64, config: MatchConfig
) -> npt.NDArray[np.bool_]:
    """Flexible postings, or scheduled ones she can work enough of (``min_hours_share``)."""
    result: npt.NDArray[np.bool_] = ~p.has_schedule[rows] | (shares >= config.min_hours_share)
    return result
