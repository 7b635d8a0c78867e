"""Timestamps of the demo city: fixed reference instant minus random days, never ``now()``."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

__all__ = ["REFERENCE", "created_before"]

# 2026-11-01 00:00 UTC; 08:00 in 肥城 (UTC+8).
REFERENCE = datetime(2026, 11, 1, tzinfo=UTC)
_OFFICE_HOURS_UTC = 9.5 * 3600  # 08:00-17:30 in 肥城


def created_before(rng: random.Random, reference: datetime, *, days: tuple[int, int]) -> datetime:
    """An instant ``days[0]``..``days[1]`` days before ``reference``, in office hours."""
    day = rng.randint(max(days[0], 1), max(days[1], 1))
    start_of_day = reference.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = rng.randrange(int(_OFFICE_HOURS_UTC))
    return start_of_day - timedelta(days=day) + timedelta(seconds=seconds)
