"""Pure matching library: numpy, scipy, scikit-learn, rapidfuzz only; imports nothing else of the
project.
"""

from matching.engine.weekly import (
    BYTES_PER_WEEK,
    DAYS,
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    WeeklyTimeError,
    WeekSlots,
    parse_range,
)

__all__ = [
    "BYTES_PER_WEEK",
    "DAYS",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "WeekSlots",
    "WeeklyTimeError",
    "parse_range",
]
