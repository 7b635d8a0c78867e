"""Weekly patterns of the demo city, for seekers' availability and postings' schedules.

Each pattern has a key used by the job and seeker catalogues, so a posting's
"宝妈班" (school hours) and a caregiver's school-run availability line up.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.engine.weekly import DAYS, WeekSlots

__all__ = ["PATTERNS", "pattern"]

_WEEKDAYS = DAYS[:5]
_MON_SAT = DAYS[:6]
_WEEKEND = DAYS[5:]


def _on(days: Sequence[str], *ranges: str) -> WeekSlots:
    return WeekSlots.parse({day: list(ranges) for day in days})


PATTERNS: dict[str, WeekSlots] = {
    # Postings and seekers alike.
    "long_day": _on(_MON_SAT, "08:00-12:00", "13:00-17:30"),
    "weekday_day": _on(_WEEKDAYS, "08:00-12:00", "13:30-17:30"),
    "school_hours": _on(_WEEKDAYS, "08:30-11:30", "13:30-16:00"),
    "mornings": _on(_WEEKDAYS, "08:00-12:00"),
    "afternoons": _on(_WEEKDAYS, "14:00-18:00"),
    "evenings": _on(DAYS, "18:00-22:00"),
    "weekends": _on(_WEEKEND, "08:00-18:00"),
    "overnight": _on(DAYS[:6], "22:00-06:00"),
    "early_bakery": _on(DAYS, "04:30-10:30"),
    "meal_peaks": _on(DAYS, "10:30-13:30", "16:30-20:00"),
    "farm_days": _on(DAYS, "05:30-11:00", "15:00-19:00"),
    "shift_store": _on(DAYS, "07:30-14:30") | _on(_WEEKEND, "14:30-21:30"),
    "care_live_in": _on(DAYS, "07:00-20:00"),
    "hourly_cleaning": _on(("mon", "wed", "fri", "sat"), "09:00-11:00", "14:00-16:00"),
    "security_nights": _on(DAYS, "19:00-07:00"),
    "school_canteen": _on(_WEEKDAYS, "09:30-13:30"),
    # Seekers only.
    "at_home": _on(DAYS, "08:00-11:00", "14:00-17:00", "19:00-21:30"),
    "at_home_daytime": _on(DAYS, "08:30-11:30", "13:30-17:30"),
    "elder_care_gaps": _on(DAYS, "09:00-11:00", "14:30-17:00"),
    "all_week": _on(DAYS, "06:00-20:00"),
    "weekdays_plus_weekend_mornings": (
        _on(_WEEKDAYS, "08:00-17:30") | _on(_WEEKEND, "08:00-12:00")
    ),
}


def pattern(key: str) -> WeekSlots:
    """The pattern named ``key``."""
    return PATTERNS[key]
