"""Synthetic seekers, postings and skill graphs for tests and benchmarks.

Seekers cluster around community centres scattered in a disc (``radius_km`` around
``center``, default Feicheng); skills follow a Zipf-like popularity with related
skills in clusters of five; availability comes from 64 weekly templates (day shifts,
mornings, evenings, weekends, overnight, always). A million seekers build in a few
seconds because everything is drawn as numpy arrays (``synthetic_seeker_columns``).

Examples
--------
>>> from datetime import date
>>> world = synthetic_world(200, 10, n_skills=30, seed=3, today=date(2026, 11, 30))
>>> len(world.seekers), len(world.postings), world.graph.n_skills
(200, 10, 30)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from matching.engine.records import (
    PAY_UNITS,
    PHYSICAL_DEMANDS,
    TRAVEL_MODES,
    PostingRecord,
    SeekerRecord,
    SkillGraph,
)
from matching.engine.seeker_columns import SeekerColumns
from matching.engine.seeker_index import SeekerIndex
from matching.engine.weekly import SLOTS_PER_DAY, SLOTS_PER_WEEK

__all__ = [
    "SyntheticWorld",
    "synthetic_graph",
    "synthetic_postings",
    "synthetic_seeker_columns",
    "synthetic_seeker_index",
    "synthetic_seekers",
    "synthetic_world",
]

FEICHENG: Final = (36.18, 116.77)
_KM_PER_DEGREE: Final = 111.195
_KINDS: Final = ("odd_job", "part_time", "full_time", "seasonal")
_TRAVEL_KM: Final = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0)
_TRAVEL_KM_SHARE: Final = (0.05, 0.10, 0.15, 0.20, 0.20, 0.15, 0.10, 0.05)
_PAY_RANGES: Final = {"hour": (15, 30), "day": (100, 250), "piece": (0.5, 3), "month": (2500, 5000)}

Generator = np.random.Generator


def synthetic_graph(n_skills: int, *, cluster: int = 5) -> SkillGraph:
    """Relate every pair of skills within consecutive clusters of ``cluster`` skills."""
    pairs = [
        (a, b)
        for start in range(0, n_skills, cluster)
        for a in range(start, min(start + cluster, n_skills))
        for b in range(a + 1, min(start + cluster, n_skills))
    ]
    return SkillGraph(n_skills, pairs)


def _templates(rng: Generator, count: int = 64) -> npt.NDArray[np.uint8]:
    """Weekly availability templates as ``uint8[count, 42]``."""
    slots = np.zeros((count, SLOTS_PER_WEEK), np.bool_)
    for t in range(count):
        kind = t % 6
        days = range(7) if kind == 5 else rng.choice(7, size=rng.integers(2, 7), replace=False)
        start, hours = {0: (8, 9), 1: (7, 5), 2: (17, 5), 3: (9, 8), 4: (22, 8), 5: (0, 24)}[kind]
        start = max(0, start + int(rng.integers(-1, 2))) if kind != 5 else 0
        for day in days:
            first = int(day) * SLOTS_PER_DAY + 2 * start
            for slot in range(first, first + 2 * hours):
                slots[t, slot % SLOTS_PER_WEEK] = True
    packed: npt.NDArray[np.uint8] = np.packbits(slots, axis=1, bitorder="little")
    return packed


def _skill_weights(n_skills: int, seed: int) -> npt.NDArray[np.float64]:
    """Zipf-like skill popularity, the same permutation for seekers and postings."""
    weights = 1.0 / (np.arange(n_skills) + 5.0) ** 0.9
    np.random.default_rng(seed + 7).shuffle(weights)
    result: npt.NDArray[np.float64] = weights / weights.sum()
    return result


def _disc(rng: Generator, n: int, center: tuple[float, float], radius_km: float) -> Any:
    r = radius_km * np.sqrt(rng.random(n))
    theta = rng.random(n) * 2 * math.pi
    lat = center[0] + r * np.sin(theta) / _KM_PER_DEGREE
    lon = center[1] + r * np.cos(theta) / (_KM_PER_DEGREE * math.cos(math.radians(center[0])))
    return lat, lon


def _seeker_skills(
    rng: Generator, n: int, n_skills: int, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    counts = np.where(rng.random(n) < 0.05, 0, 1 + rng.binomial(4, 0.4, n))
    owner = np.repeat(np.arange(n), counts)
    skills = rng.choice(n_skills, size=owner.size, p=_skill_weights(n_skills, seed))
    keys = np.sort(owner * n_skills + skills)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if keys.size else keys
    owner, skills = keys // n_skills, keys % n_skills
    indptr = np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=n))))
    levels = rng.choice([1, 2, 3], size=skills.size, p=[0.3, 0.45, 0.25])
    return indptr, skills, levels


def synthetic_seeker_columns(
    n: int,
    *,
    n_skills: int,
    seed: int,
    center: tuple[float, float] = FEICHENG,
    radius_km: float = 25.0,
) -> SeekerColumns:
    """Draw ``n`` seekers (ids ``1 .. n``) as columns."""
    rng = np.random.default_rng(seed)
    n_communities = max(1, min(634, n // 1500))
    c_lat, c_lon = _disc(rng, n_communities, center, radius_km * 0.9)
    community = rng.integers(0, n_communities, n)
    spread = rng.normal(0.0, 1.2, (2, n)) / _KM_PER_DEGREE
    lat = np.clip(c_lat[community] + spread[0], -90, 90)
    lon = c_lon[community] + spread[1] / math.cos(math.radians(center[0]))
    homebound = rng.random(n) < 0.08
    max_km = rng.choice(_TRAVEL_KM, n, p=_TRAVEL_KM_SHARE)
    units = rng.choice(4, n, p=[0.4, 0.3, 0.1, 0.2])
    low = np.array([_PAY_RANGES[u][0] for u in PAY_UNITS])[units]
    high = np.array([_PAY_RANGES[u][1] for u in PAY_UNITS])[units]
    pay = np.round(rng.uniform(low, high) * 2) / 2
    indptr, skills, levels = _seeker_skills(rng, n, n_skills, seed)
    return SeekerColumns.create(
        ids=np.arange(1, n + 1),
        lat=lat,
        lon=lon,
        max_travel_km=np.where(homebound, np.minimum(max_km, 0.5), max_km),
        travel_mode=rng.choice(len(TRAVEL_MODES), n, p=[0.35, 0.15, 0.35, 0.15]),
        homebound=homebound,
        caregiver=rng.random(n) < 0.2,
        disability=rng.random(n) < 0.04,
        eligible=rng.random(n) < 0.95,
        recently_placed=rng.random(n) < 0.05,
        age=rng.integers(18, 71, n),
        availability=_templates(rng)[rng.integers(0, 64, n)],
        min_pay_yuan=np.where(rng.random(n) < 0.35, np.nan, pay),
        min_pay_unit=units,
        skill_indptr=indptr,
        skill_index=skills,
        skill_level=levels,
        community_id=community + 1,
        station_id=community // 3 + 1,
        pending_proposals=np.minimum(rng.poisson(0.3, n), 9),
        days_waiting=rng.exponential(60.0, n).astype(np.int64),
    )


def synthetic_seeker_index(
    n: int,
    *,
    n_skills: int,
    seed: int,
    center: tuple[float, float] = FEICHENG,
    radius_km: float = 25.0,
) -> SeekerIndex:
    """Build a ``SeekerIndex`` of ``n`` synthetic seekers straight from columns.

    Examples
    --------
    >>> index = synthetic_seeker_index(1000, n_skills=50, seed=1)
    >>> len(index), index.nbytes // len(index) < 200
    (1000, True)
    """
    columns = synthetic_seeker_columns(
        n, n_skills=n_skills, seed=seed, center=center, radius_km=radius_km
    )
    return SeekerIndex.from_columns(columns, n_skills=n_skills)


def synthetic_seekers(
    n: int,
    *,
    n_skills: int,
    seed: int,
    center: tuple[float, float] = FEICHENG,
    radius_km: float = 25.0,
) -> list[SeekerRecord]:
    """Draw ``n`` synthetic seekers as records (small worlds; use columns for large ones)."""
    c = synthetic_seeker_columns(
        n, n_skills=n_skills, seed=seed, center=center, radius_km=radius_km
    )
    records = []
    for i in range(n):
        lo, hi = int(c.skill_indptr[i]), int(c.skill_indptr[i + 1])
        has_pay = not math.isnan(float(c.min_pay_yuan[i]))
        records.append(
            SeekerRecord(
                id=int(c.ids[i]),
                lat=float(c.lat[i]),
                lon=float(c.lon[i]),
                max_travel_km=float(c.max_travel_km[i]),
                travel_mode=TRAVEL_MODES[int(c.travel_mode[i])],
                homebound=bool(c.homebound[i]),
                caregiver=bool(c.caregiver[i]),
                disability=bool(c.disability[i]),
                age=int(c.age[i]),
                availability=int.from_bytes(c.availability[i].tobytes(), "little"),
                min_pay_yuan=float(c.min_pay_yuan[i]) if has_pay else None,
                min_pay_unit=PAY_UNITS[int(c.min_pay_unit[i])] if has_pay else None,
                skills=tuple(
                    zip(c.skill_index[lo:hi].tolist(), c.skill_level[lo:hi].tolist(), strict=True)
                ),
                eligible=bool(c.eligible[i]),
                community_id=int(c.community_id[i]),
                station_id=int(c.station_id[i]),
                pending_proposals=int(c.pending_proposals[i]),
                days_waiting=int(c.days_waiting[i]),
                recently_placed=bool(c.recently_placed[i]),
            )
        )
    return records


def _posting(
    rng: Generator, i: int, n_skills: int, today: int, place: Any, extra: Any
) -> PostingRecord:
    templates, weights = extra
    mode = str(rng.choice(["on_site", "take_home", "mobile"], p=[0.6, 0.25, 0.15]))
    unit = "piece" if mode == "take_home" and rng.random() < 0.7 else str(rng.choice(PAY_UNITS))
    low, high = _PAY_RANGES[unit]
    flexible = mode == "take_home" and rng.random() < 0.7
    template = templates[int(rng.integers(0, len(templates)))]
    start = end = None
    roll = rng.random()
    if roll < 0.3:
        start = today + int(rng.integers(-2, 10))
        end = start + int(rng.integers(0, 6))
    elif roll < 0.5:
        start, end = today - 30, today + int(rng.integers(10, 120))
    count = int(rng.integers(1, 5))
    chosen = rng.choice(n_skills, size=min(count, n_skills), replace=False, p=weights)
    n_required = int(rng.integers(1, chosen.size + 1))
    skills = tuple((int(s), int(rng.integers(1, 4)), k < n_required) for k, s in enumerate(chosen))
    return PostingRecord(
        id=i + 1,
        lat=float(place[0][i]),
        lon=float(place[1][i]),
        work_mode=mode,
        kind=str(rng.choice(_KINDS)),
        pay_yuan=round(float(rng.uniform(low, high)) * 2) / 2,
        pay_unit=unit,
        schedule=None if flexible else int.from_bytes(template.tobytes(), "little"),
        start_day=start,
        end_day=end,
        physical_demand=str(rng.choice(PHYSICAL_DEMANDS, p=[0.3, 0.35, 0.25, 0.1])),
        wheelchair_accessible=bool(rng.random() < 0.3),
        skills=skills,
        vacancies=int(rng.integers(1, 6)),
        open=bool(rng.random() < 0.97),
        community_id=int(rng.integers(1, 50)),
        # A third of take-home work delivers materials (3-7 km); chosen from ``i`` so the
        # random stream - and every world drawn before this field existed - stays the same.
        delivery_km=float(3 + i % 5) if mode == "take_home" and i % 3 == 0 else 0.0,
    )


def synthetic_postings(
    n: int,
    *,
    n_skills: int,
    seed: int,
    today: date,
    center: tuple[float, float] = FEICHENG,
    radius_km: float = 25.0,
) -> list[PostingRecord]:
    """Draw ``n`` postings (ids ``1 .. n``), about 30% of them short gigs around ``today``."""
    rng = np.random.default_rng(seed + 1_000_003)
    place = _disc(rng, n, center, radius_km * 0.9)
    extra = (_templates(rng), _skill_weights(n_skills, seed))
    day = today.toordinal()
    return [_posting(rng, i, n_skills, day, place, extra) for i in range(n)]


@dataclass(frozen=True, slots=True)
class SyntheticWorld:
    """A synthetic skill graph, seeker index and posting list."""

    graph: SkillGraph
    seekers: SeekerIndex
    postings: list[PostingRecord]


def synthetic_world(
    n_seekers: int, n_postings: int, *, n_skills: int, seed: int, today: date
) -> SyntheticWorld:
    """Draw a whole world; see the module docstring."""
    return SyntheticWorld(
        graph=synthetic_graph(n_skills),
        seekers=synthetic_seeker_index(n_seekers, n_skills=n_skills, seed=seed),
        postings=synthetic_postings(n_postings, n_skills=n_skills, seed=seed, today=today),
    )
