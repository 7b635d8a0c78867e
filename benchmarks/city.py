"""A seeded synthetic county for the benchmarks, drawn with numpy in seconds.

The county is 肥城 as the reference data describes it: its 634 real communities
(``data/feicheng/communities.csv``, about 40 km across) and its real skill taxonomy
(``data/skills.csv``: 212 skills, 488 related pairs). Each seeker is drawn from
the seed alone, so a city of a million builds in a few seconds and the seekers
written to a benchmark database are exactly those ranked in memory.

Seekers
    * home: around a community centre (normal, sigma 0.7 km); urban residents'
      committees (社区/居委会) weigh 3, villages 1;
    * skills: 1-4 (35/35/20/10 %), levels 1/2/3 (30/45/25 %); the first by a Zipf
      popularity over the taxonomy, each further one half the time a skill related
      to the first, else again by popularity;
    * travel: walk (30 %) 0.5-2 km, bike (15 %) 2-5 km, e-bike (40 %) 3-10 km, bus
      (15 %) 5-12 km; 6 % homebound (at most 0.5 km);
    * week: one of 96 templates (day shifts, mornings, school hours, afternoons,
      evenings, long days, nights, any time) on a random subset of days;
      caregivers (20 %) mostly school hours;
    * pay: 65 % state a minimum (hour 15-30, day 100-250, piece 0.5-3, month
      2500-5000 yuan); age 18-70; 4 % disability; 95 % eligible; pending proposals
      Poisson(0.3); days waiting exponential (mean 60); 5 % recently placed.

Postings
    at a community (urban ones weigh 3), 60 % on site, 25 % take-home (70 % of
    those flexible, no schedule), 15 % mobile; 1-3 skills by the same popularity,
    the first required, others required half the time, minimum level 1-3; 30 %
    short gigs around ``today``; all open with 1-5 vacancies.

Examples
--------
>>> from datetime import date
>>> city = build_city(1000, 10, seed=1, today=date(2026, 11, 30))
>>> len(city.seekers), len(city.postings), city.graph.n_skills
(1000, 10, 212)
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine import PostingRecord, SeekerColumns, SeekerIndex, SkillGraph
from matching.engine.weekly import SLOTS_PER_DAY, SLOTS_PER_WEEK

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
KM_PER_DEGREE: Final = 111.195
TEMPLATES: Final = 96
PAY_RANGES: Final = {"hour": (15, 30), "day": (100, 250), "piece": (0.5, 3), "month": (2500, 5000)}
PAY_UNITS: Final = ("hour", "day", "piece", "month")
TRAVEL_KM: Final = ((0.5, 1.0, 1.5, 2.0), (2.0, 3.0, 5.0), (3.0, 5.0, 8.0, 10.0), (5.0, 8.0, 12.0))
# (first hour, hours, weekdays only) of the template kinds, then their shares for seekers.
_KINDS: Final = (
    (8, 9, True),
    (8, 4, False),
    (8.5, 3, True),
    (13, 4, False),
    (18, 4, False),
    (8, 10, False),
    (22, 8, False),
    (0, 24, False),
)
_SEEKER_KIND_SHARE: Final = (0.2, 0.15, 0.1, 0.15, 0.1, 0.1, 0.05, 0.15)
_COS_LAT: Final = math.cos(math.radians(36.1))

Rng = np.random.Generator
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Geography:
    """The county's communities: codes, centres, weights and town (station) numbers."""

    codes: tuple[str, ...]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]
    town: IntArray


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Skill codes (index = engine skill index), their graph and popularity."""

    codes: tuple[str, ...]
    graph: SkillGraph
    neighbours: tuple[tuple[int, ...], ...]
    popularity: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class City:
    """Seekers as columns (ids 1..n), postings (ids 1..m), the taxonomy and geography."""

    seekers: SeekerColumns
    postings: list[PostingRecord]
    taxonomy: Taxonomy
    geography: Geography

    @property
    def graph(self) -> SkillGraph:
        """The related-skill graph."""
        return self.taxonomy.graph

    def index(self) -> SeekerIndex:
        """Build the engine's seeker index."""
        return SeekerIndex.from_columns(self.seekers, n_skills=self.graph.n_skills)


@lru_cache(maxsize=1)
def geography() -> Geography:
    """Read the 634 communities of 肥城."""
    with (DATA_DIR / "feicheng" / "communities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    towns = sorted({row["town_code"] for row in rows})
    urban = [("社区" in r["name"] or "居委会" in r["name"]) for r in rows]
    return Geography(
        codes=tuple(row["code"] for row in rows),
        lat=np.array([float(row["lat"]) for row in rows]),
        lon=np.array([float(row["lon"]) for row in rows]),
        weight=np.where(urban, 3.0, 1.0) / (2.0 * sum(urban) + len(rows)),
        town=np.array([towns.index(row["town_code"]) for row in rows], dtype=np.int64),
    )


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """Read the skill taxonomy; popularity is Zipf (exponent 1) over a fixed shuffled order."""
    with (DATA_DIR / "skills.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = tuple(row["code"] for row in rows)
    position = {code: i for i, code in enumerate(codes)}
    pairs = [
        (position[row["code"]], position[other])
        for row in rows
        for other in row["related"].split("|")
        if other
    ]
    graph = SkillGraph(len(codes), pairs)
    popularity = 1.0 / (np.arange(len(codes)) + 3.0)
    np.random.default_rng(17).shuffle(popularity)
    return Taxonomy(
        codes=codes,
        graph=graph,
        neighbours=tuple(graph.related(i) for i in range(len(codes))),
        popularity=popularity / popularity.sum(),
    )


def _templates(rng: Rng, kinds: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    """One packed week (``uint8[42]``) per kind in ``kinds``, days drawn at random."""
    slots = np.zeros((kinds.size, SLOTS_PER_WEEK), np.bool_)
    for t, kind in enumerate(kinds.tolist()):
        first, hours, weekdays = _KINDS[kind]
        if hours == 24:
            slots[t] = True
            continue
        pool = 5 if weekdays else 7
        days = rng.choice(pool, size=int(rng.integers(max(2, pool - 3), pool + 1)), replace=False)
        start = int(2 * (first + int(rng.integers(-1, 2)) * (kind not in (2, 6))))
        for day in days.tolist():
            begin = day * SLOTS_PER_DAY + start
            slots[t, np.arange(begin, begin + int(2 * hours)) % SLOTS_PER_WEEK] = True
    packed: npt.NDArray[np.uint8] = np.packbits(slots, axis=1, bitorder="little")
    return packed


def _skills(rng: Rng, n: int, tax: Taxonomy) -> tuple[IntArray, IntArray, IntArray]:
    """CSR skills: 1-4 per seeker, later ones often related to the first."""
    n_skills = len(tax.codes)
    counts = rng.choice(4, n, p=(0.35, 0.35, 0.2, 0.1)) + 1
    first = rng.choice(n_skills, n, p=tax.popularity)
    owner = np.repeat(np.arange(n), counts)
    skills = rng.choice(n_skills, owner.size, p=tax.popularity)
    starts = np.cumsum(counts) - counts
    skills[starts] = first
    extra = np.ones(owner.size, np.bool_)
    extra[starts] = False
    related = extra & (rng.random(owner.size) < 0.5)
    degree = np.array([len(nb) for nb in tax.neighbours])
    related &= degree[first[owner]] > 0
    rows = np.flatnonzero(related)
    picks = (rng.random(rows.size) * degree[first[owner[rows]]]).astype(np.int64)
    skills[rows] = [tax.neighbours[f][k] for f, k in zip(first[owner[rows]], picks, strict=True)]
    keys = np.unique(owner * n_skills + skills)
    owner, skills = keys // n_skills, keys % n_skills
    indptr = np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=n))))
    levels = rng.choice(3, skills.size, p=(0.3, 0.45, 0.25)) + 1
    return indptr, skills, levels


def seeker_columns(n: int, *, seed: int) -> SeekerColumns:
    """Draw ``n`` seekers (ids 1..n) as engine columns."""
    rng = np.random.default_rng(seed)
    geo, tax = geography(), taxonomy()
    community = rng.choice(len(geo.codes), n, p=geo.weight)
    spread = rng.normal(0.0, 0.7, (2, n)) / KM_PER_DEGREE
    lat = geo.lat[community] + spread[0]
    lon = geo.lon[community] + spread[1] / _COS_LAT
    mode = rng.choice(4, n, p=(0.3, 0.15, 0.4, 0.15))
    max_km = np.zeros(n)
    for m, choices in enumerate(TRAVEL_KM):
        rows = np.flatnonzero(mode == m)
        max_km[rows] = rng.choice(choices, rows.size)
    homebound = rng.random(n) < 0.06
    caregiver = rng.random(n) < 0.2
    kinds = np.arange(TEMPLATES) % len(_KINDS)
    weeks = _templates(rng, kinds)
    kind_of_seeker = rng.choice(len(_KINDS), n, p=_SEEKER_KIND_SHARE)
    kind_of_seeker[caregiver & (rng.random(n) < 0.6)] = 2
    variant = rng.integers(0, TEMPLATES // len(_KINDS), n)
    units = rng.choice(4, n, p=(0.4, 0.3, 0.1, 0.2))
    low = np.array([PAY_RANGES[u][0] for u in PAY_UNITS])[units]
    high = np.array([PAY_RANGES[u][1] for u in PAY_UNITS])[units]
    pay = np.round(rng.uniform(low, high) * 2) / 2
    indptr, skills, levels = _skills(rng, n, tax)
    return SeekerColumns.create(
        ids=np.arange(1, n + 1),
        lat=lat,
        lon=lon,
        max_travel_km=np.where(homebound, np.minimum(max_km, 0.5), max_km),
        travel_mode=mode,
        homebound=homebound,
        caregiver=caregiver,
        disability=rng.random(n) < 0.04,
        eligible=rng.random(n) < 0.95,
        recently_placed=rng.random(n) < 0.05,
        age=rng.integers(18, 71, n),
        availability=weeks[variant * len(_KINDS) + kind_of_seeker],
        min_pay_yuan=np.where(rng.random(n) < 0.35, np.nan, pay),
        min_pay_unit=units,
        skill_indptr=indptr,
        skill_index=skills,
        skill_level=levels,
        community_id=community + 1,
        station_id=geo.town[community] + 1,
        pending_proposals=np.minimum(rng.poisson(0.3, n), 9),
        days_waiting=rng.exponential(60.0, n).astype(np.int64),
    )


def _posting(rng: Rng, i: int, today: int, weeks: npt.NDArray[np.uint8]) -> PostingRecord:
    geo, tax = geography(), taxonomy()
    community = int(rng.choice(len(geo.codes), p=geo.weight))
    mode = str(rng.choice(("on_site", "take_home", "mobile"), p=(0.6, 0.25, 0.15)))
    unit = "piece" if mode == "take_home" and rng.random() < 0.7 else str(rng.choice(PAY_UNITS))
    week = weeks[int(rng.integers(0, len(weeks)))]
    start = end = None
    if rng.random() < 0.3:
        start = today + int(rng.integers(-2, 10))
        end = start + int(rng.integers(0, 6))
    chosen = rng.choice(
        len(tax.codes), size=int(rng.integers(1, 4)), replace=False, p=tax.popularity
    )
    skills = tuple(
        (int(s), int(rng.integers(1, 4)), k == 0 or bool(rng.random() < 0.5))
        for k, s in enumerate(chosen)
    )
    low, high = PAY_RANGES[unit]
    return PostingRecord(
        id=i + 1,
        lat=float(geo.lat[community] + rng.normal(0, 0.3) / KM_PER_DEGREE),
        lon=float(geo.lon[community] + rng.normal(0, 0.3) / KM_PER_DEGREE / _COS_LAT),
        work_mode=mode,
        kind=str(rng.choice(("odd_job", "part_time", "full_time", "seasonal"))),
        pay_yuan=round(float(rng.uniform(low, high)) * 2) / 2,
        pay_unit=unit,
        schedule=None
        if mode == "take_home" and rng.random() < 0.7
        else int.from_bytes(week.tobytes(), "little"),
        start_day=start,
        end_day=end,
        physical_demand=str(
            rng.choice(("sedentary", "light", "medium", "heavy"), p=(0.3, 0.35, 0.25, 0.1))
        ),
        wheelchair_accessible=bool(rng.random() < 0.3),
        skills=skills,
        vacancies=int(rng.integers(1, 6)),
        open=True,
        community_id=community + 1,
    )


def postings(n: int, *, seed: int, today: date) -> list[PostingRecord]:
    """Draw ``n`` open postings (ids 1..n)."""
    rng = np.random.default_rng(seed + 1_000_003)
    weeks = _templates(rng, np.arange(TEMPLATES) % (len(_KINDS) - 1))
    return [_posting(rng, i, today.toordinal(), weeks) for i in range(n)]


def build_city(n_seekers: int, n_postings: int, *, seed: int, today: date) -> City:
    """Draw a whole city; see the module docstring."""
    return City(
        seekers=seeker_columns(n_seekers, seed=seed),
        postings=postings(n_postings, seed=seed, today=today),
        taxonomy=taxonomy(),
        geography=geography(),
    )
