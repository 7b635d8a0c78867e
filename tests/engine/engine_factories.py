"""Keyword factories and hypothesis strategies for engine tests (not a test module)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from hypothesis import strategies as st

from matching.engine.factors import EARTH_RADIUS_KM
from matching.engine.records import (
    PAY_UNITS,
    PHYSICAL_DEMANDS,
    TRAVEL_MODES,
    WORK_MODES,
    PostingRecord,
    SeekerRecord,
    SkillGraph,
)
from matching.engine.results import Match, Rejection
from matching.engine.scoring import score_pair
from matching.engine.weekly import WeekSlots

TODAY = date(2026, 11, 30)  # a Monday
HOME = (36.18, 116.77)
ALWAYS = WeekSlots.ALWAYS.to_int()
ROAD_FACTOR = 1.3


def week(ranges: Mapping[str, Sequence[str]]) -> int:
    """Return the slot bits of a readable weekly schedule."""
    return WeekSlots.parse(ranges).to_int()


def north_of(km: float, *, origin: tuple[float, float] = HOME) -> tuple[float, float]:
    """Return a point ``km`` road kilometres due north of ``origin`` (default road factor)."""
    straight = km / ROAD_FACTOR
    return origin[0] + math.degrees(straight / EARTH_RADIUS_KM), origin[1]


def make_seeker(**overrides: Any) -> SeekerRecord:
    """A seeker at ``HOME``: walks 3 km, available always, no minimum pay, no skills."""
    values: dict[str, Any] = {
        "id": 1,
        "lat": HOME[0],
        "lon": HOME[1],
        "max_travel_km": 3.0,
        "travel_mode": "walk",
        "homebound": False,
        "caregiver": False,
        "disability": False,
        "age": 40,
        "availability": ALWAYS,
        "min_pay_yuan": None,
        "min_pay_unit": None,
        "skills": (),
        "eligible": True,
        "community_id": 1,
        "station_id": 1,
    }
    values.update(overrides)
    return SeekerRecord(**values)


def make_posting(**overrides: Any) -> PostingRecord:
    """An open on-site light posting at ``HOME``: 20 yuan/hour, flexible, no skills."""
    values: dict[str, Any] = {
        "id": 100,
        "lat": HOME[0],
        "lon": HOME[1],
        "work_mode": "on_site",
        "kind": "odd_job",
        "pay_yuan": 20.0,
        "pay_unit": "hour",
        "schedule": None,
        "start_day": None,
        "end_day": None,
        "physical_demand": "light",
        "wheelchair_accessible": False,
        "skills": (),
        "vacancies": 1,
        "open": True,
        "community_id": 1,
    }
    values.update(overrides)
    return PostingRecord(**values)


def matched(
    seeker: SeekerRecord,
    posting: PostingRecord,
    graph: SkillGraph | None = None,
    **kwargs: Any,
) -> Match:
    """Score a pair that must match."""
    result = score_pair(seeker, posting, graph or SkillGraph(20), today=TODAY, **kwargs)
    assert isinstance(result, Match), result
    return result


def rejected(seeker: SeekerRecord, posting: PostingRecord, **kwargs: Any) -> str:
    """Score a pair that must be rejected; return the code."""
    result = score_pair(seeker, posting, SkillGraph(20), today=TODAY, **kwargs)
    assert isinstance(result, Rejection), result
    return result.code


# -- hypothesis strategies for small random worlds ------------------------------

N_SKILLS = 8
GRAPH = SkillGraph(N_SKILLS, [(0, 1), (1, 2), (4, 5), (6, 7), (0, 7)])
SCHEDULES = (
    None,
    0,
    ALWAYS,
    week({d: ["08:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}),
    week({"mon": ["22:00-06:00"], "sat": ["09:00-12:00"]}),
    week({"sun": ["20:00-02:00"]}),
)
AVAILABILITY = tuple(s for s in SCHEDULES if s is not None)
coordinates = st.tuples(
    st.floats(HOME[0] - 0.02, HOME[0] + 0.02), st.floats(HOME[1] - 0.02, HOME[1] + 0.02)
)
mostly_false = st.sampled_from([False, False, False, True])
pay = st.one_of(
    st.just((None, None)),
    st.tuples(st.sampled_from([0.0, 1.5, 18.0, 25.5, 150.0, 4000.0]), st.sampled_from(PAY_UNITS)),
)
skill_sets = st.dictionaries(st.integers(0, N_SKILLS - 1), st.integers(1, 3), max_size=3)


@st.composite
def seekers(draw: st.DrawFn) -> SeekerRecord:
    """One random seeker (id 0; ``worlds`` numbers them)."""
    lat, lon = draw(coordinates)
    amount, unit = draw(pay)
    return SeekerRecord(
        id=0,
        lat=lat,
        lon=lon,
        max_travel_km=draw(st.sampled_from([0.0, 0.5, 1.0, 2.5, 5.0, 12.0])),
        travel_mode=draw(st.sampled_from(TRAVEL_MODES)),
        homebound=draw(mostly_false),
        caregiver=draw(st.booleans()),
        disability=draw(mostly_false),
        age=draw(st.sampled_from([20, 45, 60, 61, 75])),
        availability=draw(st.sampled_from(AVAILABILITY)),
        min_pay_yuan=amount,
        min_pay_unit=unit,
        skills=tuple(sorted(draw(skill_sets).items())),
        eligible=not draw(mostly_false),
        community_id=draw(st.integers(1, 3)),
        station_id=draw(st.integers(1, 2)),
        pending_proposals=draw(st.integers(0, 5)),
        days_waiting=draw(st.sampled_from([0, 30, 90, 400])),
        recently_placed=draw(mostly_false),
    )


@st.composite
def postings(draw: st.DrawFn) -> PostingRecord:
    """One random posting around ``HOME`` (open, with vacancies, mostly current)."""
    lat, lon = draw(coordinates)
    amount, unit = draw(pay)
    start = draw(st.sampled_from([None, TODAY.toordinal() - 3, TODAY.toordinal() + 2]))
    length = draw(st.sampled_from([None, 3, 5, 6, 30] if start == TODAY.toordinal() - 3 else
                                  [None, 0, 2, 6, 30]))  # fmt: skip
    required = draw(st.lists(st.booleans(), min_size=0, max_size=3))
    chosen = draw(st.permutations(range(N_SKILLS)))[: len(required)]
    work_mode = draw(st.sampled_from(WORK_MODES))
    delivery = draw(st.sampled_from([0.0, 0.0, 2.0, 6.0])) if work_mode == "take_home" else 0.0
    return PostingRecord(
        id=0,
        lat=lat,
        lon=lon,
        work_mode=work_mode,
        kind=draw(st.sampled_from(["odd_job", "part_time"])),
        pay_yuan=amount if amount is not None else 20.0,
        pay_unit=unit or "hour",
        schedule=draw(st.sampled_from(SCHEDULES)),
        start_day=start,
        end_day=None if start is None or length is None else start + length,
        physical_demand=draw(st.sampled_from(PHYSICAL_DEMANDS)),
        wheelchair_accessible=False,
        skills=tuple(
            (skill, draw(st.integers(1, 3)), req)
            for skill, req in zip(chosen, required, strict=True)
        ),
        vacancies=1,
        open=True,
        community_id=1,
        delivery_km=delivery,
    )


def numbered(records: Sequence[Any], *, start: int = 1) -> list[Any]:
    """Give records distinct ids ``start, start + 1, ...`` in a shuffled-looking order."""
    count = len(records)
    ids = [start + (i * 7919) % max(count, 1) for i in range(count)]
    return [dataclasses.replace(r, id=i) for r, i in zip(records, ids, strict=True)]


def brute_force(
    seekers_: Sequence[SeekerRecord], posting: PostingRecord, graph: SkillGraph, **kwargs: Any
) -> list[Match]:
    """Score everyone with ``score_pair`` and sort by (-score, id)."""
    found = [m for s in seekers_ if isinstance(m := score_pair(s, posting, graph, **kwargs), Match)]
    return sorted(found, key=lambda m: (-m.score, m.id))
