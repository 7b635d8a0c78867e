"""Plain input records of the matching engine: seekers, postings and the skill graph.

The caller (the services layer) decides what the records say: whether a seeker is
``eligible`` (active, consented to automated matching, not erased), how many
``vacancies`` a posting has left (headcount minus hires). The engine only reads them.

Values are plain strings from closed vocabularies (the same values as the API):

========================  ==========================================================
field                     values
========================  ==========================================================
``travel_mode``           ``TRAVEL_MODES``: walk, bike, ebike, bus
``work_mode``             ``WORK_MODES``: on_site, take_home, mobile
``pay_unit``              ``PAY_UNITS``: hour, day, piece, month
``physical_demand``       ``PHYSICAL_DEMANDS``: sedentary, light, medium, heavy
skill levels              1 (basic), 2 (skilled), 3 (expert)
========================  ==========================================================

Skills are dense indices ``0 .. n_skills - 1``; dates are ordinals
(``date.toordinal()``); weekly time is a 336-bit int (see ``matching.engine.weekly``).

Examples
--------
>>> graph = SkillGraph(3, [(0, 1)])
>>> graph.related(1)
(0,)
>>> graph.are_related(0, 2)
False
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.weekly import SLOTS_PER_WEEK

__all__ = [
    "MAX_SKILLS",
    "PAY_UNITS",
    "PHYSICAL_DEMANDS",
    "TRAVEL_MODES",
    "WORK_MODES",
    "PostingRecord",
    "SeekerRecord",
    "SkillGraph",
]

TRAVEL_MODES: Final = ("walk", "bike", "ebike", "bus")
WORK_MODES: Final = ("on_site", "take_home", "mobile")
PAY_UNITS: Final = ("hour", "day", "piece", "month")
PHYSICAL_DEMANDS: Final = ("sedentary", "light", "medium", "heavy")
SKILL_LEVELS: Final = (1, 2, 3)
MAX_SKILLS: Final = 16383
"""Largest taxonomy the indexes support (a skill and its level share 16 bits)."""

_WEEK_LIMIT: Final = 1 << SLOTS_PER_WEEK


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check_week(name: str, value: int) -> None:
    if not 0 <= value < _WEEK_LIMIT:
        raise ValueError(f"{name} must be a {SLOTS_PER_WEEK}-bit non-negative int")


def _check_skills(skills: Iterable[tuple[int, int] | tuple[int, int, bool]]) -> None:
    seen: set[int] = set()
    for entry in skills:
        skill, level = entry[0], entry[1]
        if not 0 <= skill <= MAX_SKILLS:
            raise ValueError(f"skill index {skill} out of range")
        if level not in SKILL_LEVELS:
            raise ValueError(f"skill level must be 1, 2 or 3, not {level!r}")
        if skill in seen:
            raise ValueError(f"skill {skill} listed twice")
        seen.add(skill)


@dataclass(frozen=True, slots=True)
class SeekerRecord:
    """One job seeker as the engine sees it.

    ``availability`` has bit ``i`` set when the seeker can work in half-hour slot
    ``i`` (slot 0 = Monday 00:00-00:30). ``min_pay_yuan`` and ``min_pay_unit`` are
    both set or both None. ``skills`` holds ``(skill index, level 1-3)`` pairs.
    ``pending_proposals``, ``days_waiting`` (since registration or the last
    placement) and ``recently_placed`` feed the fairness adjustments only.

    Examples
    --------
    >>> s = SeekerRecord(id=1, lat=36.18, lon=116.77, max_travel_km=3.0,
    ...     travel_mode="ebike", homebound=False, caregiver=True, disability=False,
    ...     age=45, availability=(1 << 336) - 1, min_pay_yuan=None, min_pay_unit=None,
    ...     skills=((0, 2),), eligible=True, community_id=7, station_id=2)
    >>> s.skills
    ((0, 2),)
    """

    id: int
    lat: float
    lon: float
    max_travel_km: float
    travel_mode: str
    homebound: bool
    caregiver: bool
    disability: bool
    age: int
    availability: int
    min_pay_yuan: float | None
    min_pay_unit: str | None
    skills: tuple[tuple[int, int], ...]
    eligible: bool
    community_id: int
    station_id: int
    pending_proposals: int = 0
    days_waiting: int = 0
    recently_placed: bool = False

    def __post_init__(self) -> None:
        _check_choice("travel_mode", self.travel_mode, TRAVEL_MODES)
        _check_week("availability", self.availability)
        if (self.min_pay_yuan is None) != (self.min_pay_unit is None):
            raise ValueError("min_pay_yuan and min_pay_unit must both be set or both be None")
        if self.min_pay_unit is not None:
            _check_choice("min_pay_unit", self.min_pay_unit, PAY_UNITS)
        if self.min_pay_yuan is not None and not self.min_pay_yuan >= 0:
            raise ValueError("min_pay_yuan must be >= 0")
        if not self.max_travel_km >= 0:
            raise ValueError("max_travel_km must be >= 0")
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError("lat/lon out of range")
        if self.age < 0 or self.pending_proposals < 0 or self.days_waiting < 0:
            raise ValueError("age, pending_proposals and days_waiting must be >= 0")
        _check_skills(self.skills)


def unchecked_seeker(*values: object) -> SeekerRecord:
    """Build a ``SeekerRecord`` from positional field values without validation.

    Only for values decoded from an index, which were validated on the way in.
    """
    record = object.__new__(SeekerRecord)
    for name, value in zip(_SEEKER_FIELDS, values, strict=True):
        object.__setattr__(record, name, value)
    return record


_SEEKER_FIELDS: Final = tuple(SeekerRecord.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class PostingRecord:
    """One job posting as the engine sees it.

    ``schedule`` is the weekly time the work needs (None = flexible, e.g.
    take-home piecework). ``start_day`` / ``end_day`` are date ordinals or None.
    ``skills`` holds ``(skill index, minimum level 1-3, required)`` triples.
    ``vacancies`` is headcount minus hires, as decided by the caller.
    ``delivery_km``: take-home work whose materials are brought to homes within this road
    distance of the pick-up point (0: not delivered; the seeker fetches them herself,
    within her own ``max_travel_km``).

    Examples
    --------
    >>> p = PostingRecord(id=9, lat=36.18, lon=116.77, work_mode="take_home",
    ...     kind="odd_job", pay_yuan=0.8, pay_unit="piece", schedule=None,
    ...     start_day=None, end_day=None, physical_demand="sedentary",
    ...     wheelchair_accessible=True, skills=((0, 1, True),), vacancies=20,
    ...     open=True, community_id=7)
    >>> p.work_mode
    'take_home'
    """

    id: int
    lat: float
    lon: float
    work_mode: str
    kind: str
    pay_yuan: float
    pay_unit: str
    schedule: int | None
    start_day: int | None
    end_day: int | None
    physical_demand: str
    wheelchair_accessible: bool
    skills: tuple[tuple[int, int, bool], ...]
    vacancies: int
    open: bool
    community_id: int
    delivery_km: float = 0.0

    def __post_init__(self) -> None:
        _check_choice("work_mode", self.work_mode, WORK_MODES)
        if not (math.isfinite(self.delivery_km) and self.delivery_km >= 0):
            raise ValueError("delivery_km must be >= 0")
        if self.delivery_km > 0 and self.work_mode != "take_home":
            raise ValueError("only take-home work delivers materials (delivery_km > 0)")
        _check_choice("pay_unit", self.pay_unit, PAY_UNITS)
        _check_choice("physical_demand", self.physical_demand, PHYSICAL_DEMANDS)
        if self.schedule is not None:
            _check_week("schedule", self.schedule)
        if not self.pay_yuan >= 0:
            raise ValueError("pay_yuan must be >= 0")
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError("lat/lon out of range")
        if (
            self.start_day is not None
            and self.end_day is not None
            and self.end_day < self.start_day
        ):
            raise ValueError("end_day must not be before start_day")
        _check_skills(self.skills)


class SkillGraph:
    """A symmetric "related skill" relation over skills ``0 .. n_skills - 1``.

    A seeker who lacks a posting's skill but has a related one gets partial
    credit. Self-pairs are ignored; each pair counts in both directions.

    Parameters
    ----------
    n_skills : int
        Size of the taxonomy.
    related : iterable of (int, int)
        Related pairs.

    Examples
    --------
    >>> g = SkillGraph(4, [(0, 1), (1, 2), (2, 1)])
    >>> g.related(1), g.n_pairs
    ((0, 2), 2)
    """

    __slots__ = ("_indices", "_indptr", "_neighbours", "n_skills")

    def __init__(self, n_skills: int, related: Iterable[tuple[int, int]] = ()) -> None:
        if not 0 <= n_skills <= MAX_SKILLS + 1:
            raise ValueError(f"n_skills must be in [0, {MAX_SKILLS + 1}]")
        self.n_skills = n_skills
        sets: list[set[int]] = [set() for _ in range(n_skills)]
        for a, b in related:
            if not (0 <= a < n_skills and 0 <= b < n_skills):
                raise ValueError(f"related pair ({a}, {b}) out of range")
            if a != b:
                sets[a].add(b)
                sets[b].add(a)
        self._neighbours: tuple[tuple[int, ...], ...] = tuple(tuple(sorted(s)) for s in sets)
        counts = np.fromiter((len(s) for s in sets), dtype=np.int64, count=n_skills)
        self._indptr: npt.NDArray[np.int64] = np.concatenate(([0], np.cumsum(counts)))
        self._indices: npt.NDArray[np.int32] = np.fromiter(
            (b for s in self._neighbours for b in s), dtype=np.int32, count=int(counts.sum())
        )

    @property
    def n_pairs(self) -> int:
        """Number of distinct unordered related pairs."""
        return int(self._indices.size) // 2

    def related(self, skill: int) -> tuple[int, ...]:
        """Return the skills related to ``skill``, ascending."""
        return self._neighbours[skill]

    def are_related(self, a: int, b: int) -> bool:
        """Return True when ``a`` and ``b`` are a related pair."""
        return b in self._neighbours[a]

    def related_mask(self, skills: Iterable[int]) -> npt.NDArray[np.bool_]:
        """Return a boolean array over all skills: True where related to any of ``skills``.

        Examples
        --------
        >>> SkillGraph(3, [(0, 2)]).related_mask([0]).tolist()
        [False, False, True]
        """
        mask = np.zeros(self.n_skills, dtype=np.bool_)
        for skill in skills:
            mask[self._indices[self._indptr[skill] : self._indptr[skill + 1]]] = True
        return mask

    def __repr__(self) -> str:
        return f"SkillGraph(n_skills={self.n_skills}, n_pairs={self.n_pairs})"
