"""Configuration of the matching engine: weights, fairness, travel and pay models.

All classes are frozen, hashable dataclasses validated on construction; the
defaults are the tuned values and ``MatchConfig()`` is the configuration the
service uses unless told otherwise.

Examples
--------
>>> config = MatchConfig(weights=Weights(skill=0.5, distance=0.2, availability=0.2, pay=0.1))
>>> config.fairness.max_boost(homebound=True)
0.09
>>> TravelModel().minutes(3.0, "bus")
22.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from matching.engine.records import PAY_UNITS, TRAVEL_MODES

__all__ = ["DEFAULT_CONFIG", "Fairness", "MatchConfig", "PayModel", "TravelModel", "Weights"]

_MAX_ADJUSTMENT: Final = 0.25


def _check_non_negative(owner: str, **values: float) -> None:
    for name, value in values.items():
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{owner}.{name} must be a finite number >= 0, not {value!r}")


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the four scored factors; each >= 0, together summing to 1 (± 1e-9).

    A factor's contribution to the score is ``weight × value`` with the value in
    [0, 1], so before fairness adjustments a score lies in [0, 1].

    Attributes
    ----------
    skill : float, default 0.40
        Weight of ``skill.match``: how well the seeker's skills meet the posting's.
    distance : float, default 0.25
        Weight of ``distance``: nearer is better, relative to how far the seeker travels.
    availability : float, default 0.25
        Weight of ``availability``: share of the posting's hours the seeker can work.
    pay : float, default 0.10
        Weight of ``pay``: whether the pay meets the seeker's minimum.
    """

    skill: float = 0.40
    distance: float = 0.25
    availability: float = 0.25
    pay: float = 0.10

    def __post_init__(self) -> None:
        _check_non_negative(
            "Weights",
            skill=self.skill,
            distance=self.distance,
            availability=self.availability,
            pay=self.pay,
        )
        total = self.skill + self.distance + self.availability + self.pay
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"Weights must sum to 1, not {total!r}")


@dataclass(frozen=True, slots=True)
class Fairness:
    """Bounded additive adjustments that spread opportunity; they reorder, never filter.

    Each adjustment is a factor with weight 1.0 whose value is the signed amount
    added to the score. No adjustment may exceed 0.25 in size, so fairness can
    reorder near-equal candidates but never hides anyone: every seeker who passes
    the hard filters is still ranked.

    Attributes
    ----------
    pending_penalty : float, default 0.03
        ``fairness.pending`` = ``-pending_penalty × min(pending_proposals, pending_cap)``:
        people who already hold open proposals make room for others.
    pending_cap : int, default 3
        Pending proposals beyond this many add no further penalty.
    recent_placement_penalty : float, default 0.05
        ``fairness.recent_placement`` = ``-recent_placement_penalty`` when the seeker
        was placed recently.
    waiting_boost : float, default 0.05
        ``fairness.waiting`` = ``waiting_boost × min(days_waiting / waiting_days, 1)``:
        the boost grows linearly and is reached in full after ``waiting_days``.
    waiting_days : int, default 90
        Days of waiting that earn the full waiting boost.
    homebound_boost : float, default 0.04
        ``fairness.homebound`` = ``+homebound_boost`` for a homebound seeker when the
        work is take-home or within ``MatchConfig.homebound_radius_km`` of home.
    """

    pending_penalty: float = 0.03
    pending_cap: int = 3
    recent_placement_penalty: float = 0.05
    waiting_boost: float = 0.05
    waiting_days: int = 90
    homebound_boost: float = 0.04

    def __post_init__(self) -> None:
        _check_non_negative(
            "Fairness",
            pending_penalty=self.pending_penalty,
            recent_placement_penalty=self.recent_placement_penalty,
            waiting_boost=self.waiting_boost,
            homebound_boost=self.homebound_boost,
        )
        if self.pending_cap < 0 or self.waiting_days < 1:
            raise ValueError("Fairness.pending_cap must be >= 0 and waiting_days >= 1")
        sizes = (
            self.pending_penalty * self.pending_cap,
            self.recent_placement_penalty,
            self.waiting_boost,
            self.homebound_boost,
        )
        if max(sizes) > _MAX_ADJUSTMENT:
            raise ValueError(f"each fairness adjustment must be at most {_MAX_ADJUSTMENT}")

    @classmethod
    def off(cls) -> Fairness:
        """Return a configuration with every adjustment zero (pure relevance ranking)."""
        return cls(0.0, 0, 0.0, 0.0, 90, 0.0)

    def max_boost(self, *, homebound: bool) -> float:
        """Return the largest total positive adjustment a seeker can receive."""
        return self.waiting_boost + (self.homebound_boost if homebound else 0.0)


def _default_speeds() -> Mapping[str, float]:
    return {"walk": 4.5, "bike": 12.0, "ebike": 18.0, "bus": 15.0}


@dataclass(frozen=True, slots=True)
class TravelModel:
    """Road distance and travel time from straight-line distance.

    ``road km = great-circle km × road_factor``; ``minutes = road km / speed × 60``,
    plus ``bus_wait_minutes`` by bus.

    Attributes
    ----------
    speeds_kmh : mapping of str to float
        Door-to-door speed per travel mode; must cover walk, bike, ebike and bus.
        Defaults: walk 4.5, bike 12, ebike 18, bus 15 km/h.
    bus_wait_minutes : float, default 10
        Average wait (and walk to the stop) added to every bus trip.
    road_factor : float, default 1.3
        Ratio of road distance to great-circle distance (>= 1).

    Examples
    --------
    >>> TravelModel().minutes(1.5, "walk")
    20.0
    """

    speeds_kmh: Mapping[str, float] = field(default_factory=_default_speeds)
    bus_wait_minutes: float = 10.0
    road_factor: float = 1.3

    def __post_init__(self) -> None:
        speeds = dict(self.speeds_kmh)
        if set(speeds) != set(TRAVEL_MODES):
            raise ValueError(f"TravelModel.speeds_kmh must cover exactly {TRAVEL_MODES}")
        if not all(math.isfinite(v) and v > 0 for v in speeds.values()):
            raise ValueError("TravelModel speeds must be > 0")
        _check_non_negative("TravelModel", bus_wait_minutes=self.bus_wait_minutes)
        if not (math.isfinite(self.road_factor) and self.road_factor >= 1):
            raise ValueError("TravelModel.road_factor must be >= 1")
        object.__setattr__(self, "speeds_kmh", MappingProxyType(speeds))

    def __hash__(self) -> int:
        return hash(
            (tuple(sorted(self.speeds_kmh.items())), self.bus_wait_minutes, self.road_factor)
        )

    def minutes(self, km: float, mode: str) -> float:
        """Return the travel time in minutes for ``km`` road kilometres by ``mode``."""
        wait = self.bus_wait_minutes if mode == "bus" else 0.0
        return km / self.speeds_kmh[mode] * 60.0 + wait


@dataclass(frozen=True, slots=True)
class PayModel:
    """Conversion of pay to yuan per hour, so different pay units compare.

    ``hour``: as is; ``day``: ÷ ``hours_per_day``; ``month``: ÷ ``hours_per_month``;
    ``piece``: × ``pieces_per_hour``. When both the posting's pay and the seeker's
    minimum are per piece they are compared per piece, without conversion.

    Attributes
    ----------
    hours_per_day : float, default 8
        Working hours in a paid day.
    hours_per_month : float, default 174
        Working hours in a paid month (21.75 days × 8 hours, the statutory figure).
    pieces_per_hour : float, default 10
        Pieces an average worker completes in an hour.

    Examples
    --------
    >>> PayModel().per_hour(200.0, "day"), PayModel().per_hour(1.5, "piece")
    (25.0, 15.0)
    """

    hours_per_day: float = 8.0
    hours_per_month: float = 174.0
    pieces_per_hour: float = 10.0

    def __post_init__(self) -> None:
        for name in ("hours_per_day", "hours_per_month", "pieces_per_hour"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"PayModel.{name} must be > 0")

    def per_hour(self, amount: float, unit: str) -> float:
        """Return ``amount`` paid per ``unit`` as yuan per hour."""
        if unit == "hour":
            return amount
        if unit == "day":
            return amount / self.hours_per_day
        if unit == "month":
            return amount / self.hours_per_month
        if unit == "piece":
            return amount * self.pieces_per_hour
        raise ValueError(f"pay unit must be one of {', '.join(PAY_UNITS)}, not {unit!r}")


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Everything that tunes matching.

    Attributes
    ----------
    weights : Weights
        Factor weights.
    fairness : Fairness
        Fairness adjustments.
    travel : TravelModel
        Road distance and travel time.
    pay : PayModel
        Pay unit conversion.
    take_home_radius_km : float, default 10.0
        The scale of the take-home distance factor (see
        ``take_home_distance_weight_scale``). It is no limit: take-home work is within
        reach when the seeker can fetch materials within her own travel limit or the
        posting delivers them to her (``PostingRecord.delivery_km``).
    homebound_radius_km : float, default 1.0
        A homebound seeker may take on-site work only this close (road km), and
        then only sedentary or light work; also the radius of the homebound boost.
    take_home_distance_weight_scale : float, default 0.3
        Distance weighs lightly for take-home work: its distance value falls from 1
        at the door to ``1 - scale`` at ``take_home_radius_km``.
    heavy_work_max_age : int, default 60
        Seekers older than this are not offered heavy work.
    min_hours_share : float, default 0.5
        A hard limit on hours: a scheduled posting is a match only for a seeker who can
        work at least this share of its (date-masked) hours. A seeker who stated her
        weekly time is not offered work she can do only a small part of.
    """

    weights: Weights = field(default_factory=Weights)
    fairness: Fairness = field(default_factory=Fairness)
    travel: TravelModel = field(default_factory=TravelModel)
    pay: PayModel = field(default_factory=PayModel)
    take_home_radius_km: float = 10.0
    homebound_radius_km: float = 1.0
    take_home_distance_weight_scale: float = 0.3
    heavy_work_max_age: int = 60
    min_hours_share: float = 0.5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.take_home_radius_km) and self.take_home_radius_km > 0):
            raise ValueError("MatchConfig.take_home_radius_km must be > 0")
        _check_non_negative("MatchConfig", homebound_radius_km=self.homebound_radius_km)
        if not 0 <= self.take_home_distance_weight_scale <= 1:
            raise ValueError("MatchConfig.take_home_distance_weight_scale must be in [0, 1]")
        if not 0 <= self.min_hours_share <= 1:
            raise ValueError("MatchConfig.min_hours_share must be in [0, 1]")
        if self.heavy_work_max_age < 0:
            raise ValueError("MatchConfig.heavy_work_max_age must be >= 0")


DEFAULT_CONFIG: Final = MatchConfig()
"""The default configuration."""
