r"""The formulas of matching, one small function each (scalar reference versions).

The vectorised code in ``seeker_scan`` and ``posting_scan`` repeats these formulas
operation for operation on arrays; ``score_pair`` uses these functions directly.

Precision (the same in every code path)
---------------------------------------
Coordinates are used at float32 precision (about 0.5 m), travel limits in steps of
10 m (at most 655.35 km) and money in cents (at most 42,949,672.95 yuan):
``quantize_coordinate``, ``quantize_km``, ``quantize_yuan``. That is what the
indexes store, so a record scores the same before and after indexing.

skill.match
-----------
For each skill ``s`` the posting lists with minimum level ``m``, the seeker earns a
credit: 1.0 when it has ``s`` at level >= ``m``; 0.6 when it has ``s`` below ``m``;
0.4 when it lacks ``s`` but has a skill related to ``s`` (any level); 0 otherwise::

    value = 0.8 · mean(required credits) + 0.2 · mean(nice-to-have credits)

when the posting has both kinds; the mean of the one kind when it has only one;
1.0 when it lists no skills. Means are ``sum(credits) / count``, summed in posting order.

distance
--------
``straight_km`` is the haversine great-circle distance on a sphere of radius
6371.0088 km; ``km = straight_km × road_factor`` (estimated road distance, used for
every limit, value and radius). Travel time: ``km / speed(mode) × 60`` minutes,
plus the bus wait by bus. Hard limit and value by work mode:

* on-site and mobile: eligible when ``km <= max_travel_km``;
  ``value = clip(1 - km / max_travel_km, 0, 1)`` (with ``max_travel_km = 0``:
  1 at distance 0);
* take-home: eligible when ``km <= max(max_travel_km, delivery_km)``: the seeker fetches
  materials from the pick-up point within her own limit, or the posting delivers them to
  homes within its ``delivery_km`` (0 when it does not deliver);
  ``value = clip(1 - take_home_distance_weight_scale · km / take_home_radius_km, 0, 1)``;
* a homebound seeker's limit for on-site work is
  ``min(max_travel_km, homebound_radius_km)``.

availability
------------
``share = |availability ∩ schedule'| / |schedule'|`` in half-hour slots, where
``schedule'`` is the posting's schedule masked to the dates that can still be
worked (a hard limit: a share below ``min_hours_share`` rejects the pair,
``hours.too_few``; flexible postings always pass): when the posting has an ``end_day``
and the window
``[max(start_day, today), end_day]`` (``start_day`` missing: from today) spans fewer
than 7 days, only the weekdays occurring in it keep their slots (slot day index =
``date.weekday()``, Monday 0; an overnight shift's hours after midnight belong to
the next day). A flexible posting (``schedule`` None) gives 1.0; an empty schedule
(or one emptied by the mask) gives 0.0.

pay
---
Both the posting's pay and the seeker's minimum are converted to yuan per hour
(``PayModel.per_hour``), except that two piece rates compare per piece::

    value = 1                              if pay >= minimum or there is no minimum
          = max(0, (pay / minimum - 0.6) / 0.4)   otherwise

so pay at 60% of the minimum or less scores 0.

fairness (weight 1, value = signed adjustment)
----------------------------------------------
* ``fairness.pending``          = ``0 - pending_penalty · min(pending_proposals, pending_cap)``
* ``fairness.recent_placement`` = ``-recent_placement_penalty`` if recently placed, else 0
* ``fairness.waiting``          = ``waiting_boost · min(days_waiting / waiting_days, 1)``
* ``fairness.homebound``        = ``homebound_boost`` if the seeker is homebound and the
  work is take-home or ``km <= homebound_radius_km``, else 0

score
-----
``score = Σ weight · value`` over the four factors plus the four fairness values,
summed in the order of ``results.FACTOR_CODES``.

Examples
--------
>>> round(haversine_km(36.0, 116.0, 36.0, 116.01), 4)
0.8996
>>> round(skill_value([1.0, 0.6], [0.4]), 6)
0.72
>>> round(pay_value(20.0, 25.0), 6)
0.5
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from typing import Final

from matching.engine.config import Fairness, MatchConfig
from matching.engine.weekly import SLOTS_PER_DAY

__all__ = [
    "CREDIT_BELOW",
    "CREDIT_MET",
    "CREDIT_RELATED",
    "EARTH_RADIUS_KM",
    "availability_share",
    "day_mask",
    "distance_limit_km",
    "distance_value",
    "effective_schedule",
    "haversine_km",
    "homebound_adjustment",
    "pay_value",
    "pending_adjustment",
    "quantize_coordinate",
    "quantize_km",
    "quantize_yuan",
    "recent_placement_adjustment",
    "sequential_sum",
    "skill_credit",
    "skill_value",
    "waiting_adjustment",
    "weekday",
]

EARTH_RADIUS_KM: Final = 6371.0088
DEG: Final = math.pi / 180.0
CREDIT_MET: Final = 1.0
CREDIT_BELOW: Final = 0.6
CREDIT_RELATED: Final = 0.4
REQUIRED_SHARE: Final = 0.8
NICE_SHARE: Final = 0.2
PAY_FLOOR: Final = 0.6
PAY_RAMP: Final = 0.4
MAX_KM_STEPS: Final = 65535
MAX_CENTS: Final = 2**32 - 1
SHORT_WINDOW_DAYS: Final = 7
_DAY_BITS: Final = (1 << SLOTS_PER_DAY) - 1
_FLOAT32: Final = struct.Struct("<f")


def quantize_coordinate(value: float) -> float:
    """Round a latitude or longitude to float32, as the indexes store it."""
    result: float = _FLOAT32.unpack(_FLOAT32.pack(value))[0]
    return result


def quantize_km(value: float) -> float:
    """Round a travel limit to 10 m steps (capped at 655.35 km)."""
    return min(round(float(value) * 100), MAX_KM_STEPS) / 100


def quantize_yuan(value: float) -> float:
    """Round an amount of money to cents (capped at 42,949,672.95 yuan)."""
    return min(round(float(value) * 100), MAX_CENTS) / 100


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points given in degrees."""
    s_phi = math.sin((lat2 - lat1) * DEG / 2)
    s_lmb = math.sin((lon2 - lon1) * DEG / 2)
    a = s_phi * s_phi + math.cos(lat1 * DEG) * math.cos(lat2 * DEG) * s_lmb * s_lmb
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def skill_credit(level: int, min_level: int, has_related: bool) -> float:
    """Return the credit for one posting skill; ``level`` 0 = the seeker lacks it."""
    if level >= min_level:
        return CREDIT_MET
    if level > 0:
        return CREDIT_BELOW
    return CREDIT_RELATED if has_related else 0.0


def sequential_sum(values: Iterable[float]) -> float:
    """Add left to right from 0.0, exactly as the vectorised code does.

    (Python 3.12's ``sum`` compensates rounding, which would differ in the last bit.)
    """
    total = 0.0
    for value in values:
        total = total + value
    return total


def skill_value(required: Sequence[float], nice: Sequence[float]) -> float:
    """Combine the credits of required and nice-to-have skills into the skill value."""
    if required and nice:
        return REQUIRED_SHARE * (sequential_sum(required) / len(required)) + NICE_SHARE * (
            sequential_sum(nice) / len(nice)
        )
    if required:
        return sequential_sum(required) / len(required)
    if nice:
        return sequential_sum(nice) / len(nice)
    return 1.0


def distance_limit_km(
    max_travel_km: float,
    work_mode: str,
    homebound: bool,
    config: MatchConfig,
    delivery_km: float = 0.0,
) -> float:
    """Return the largest road distance at which the pair is eligible.

    Take-home work: the seeker's own limit to the pick-up point, or the posting's delivery
    radius when it brings the materials - never more than either allows.
    """
    if work_mode == "take_home":
        return max(max_travel_km, delivery_km)
    if homebound:
        return min(max_travel_km, config.homebound_radius_km)
    return max_travel_km


def distance_value(km: float, max_travel_km: float, work_mode: str, config: MatchConfig) -> float:
    """Return the distance factor's value for an eligible pair."""
    if work_mode == "take_home":
        scale = config.take_home_distance_weight_scale
        return max(0.0, min(1.0, 1.0 - scale * km / config.take_home_radius_km))
    if max_travel_km > 0:
        return max(0.0, min(1.0, 1.0 - km / max_travel_km))
    return 1.0 if km <= 0 else 0.0


def weekday(day: int) -> int:
    """Return the weekday of a date ordinal, Monday 0 (``date.fromordinal(day).weekday()``)."""
    return (day - 1) % 7


def day_mask(days: Sequence[int]) -> int:
    """Return the 336-bit mask of the slots of the given weekdays (Monday 0)."""
    mask = 0
    for day in days:
        mask |= _DAY_BITS << (day * SLOTS_PER_DAY)
    return mask


def effective_schedule(
    schedule: int | None, start_day: int | None, end_day: int | None, today: int
) -> int | None:
    """Return the schedule masked to the weekdays still to be worked in a short window."""
    if schedule is None or end_day is None:
        return schedule
    first = today if start_day is None else max(start_day, today)
    if end_day - first + 1 >= SHORT_WINDOW_DAYS:
        return schedule
    days = {weekday(day) for day in range(first, end_day + 1)}
    return schedule & day_mask(sorted(days))


def availability_share(availability: int, schedule: int | None) -> float:
    """Return the share of the (effective) schedule's slots the availability covers."""
    if schedule is None:
        return 1.0
    needed = schedule.bit_count()
    if needed == 0:
        return 0.0
    return (availability & schedule).bit_count() / needed


def pay_value(pay: float, minimum: float | None) -> float:
    """Return the pay factor's value; ``pay`` and ``minimum`` on the same basis."""
    if minimum is None or pay >= minimum:
        return 1.0
    return max(0.0, (pay / minimum - PAY_FLOOR) / PAY_RAMP)


def pending_adjustment(pending: int, fairness: Fairness) -> float:
    """Return the (non-positive) adjustment for proposals the seeker holds."""
    return 0.0 - fairness.pending_penalty * min(pending, fairness.pending_cap)


def recent_placement_adjustment(recently_placed: bool, fairness: Fairness) -> float:
    """Return the (non-positive) adjustment for a recent placement."""
    return 0.0 - fairness.recent_placement_penalty if recently_placed else 0.0


def waiting_adjustment(days_waiting: int, fairness: Fairness) -> float:
    """Return the (non-negative) adjustment for time spent waiting."""
    return fairness.waiting_boost * min(days_waiting / fairness.waiting_days, 1.0)


def homebound_adjustment(homebound: bool, work_mode: str, km: float, config: MatchConfig) -> float:
    """Return the (non-negative) adjustment for near-home work for a homebound seeker."""
    if homebound and (work_mode == "take_home" or km <= config.homebound_radius_km):
        return config.fairness.homebound_boost
    return 0.0
