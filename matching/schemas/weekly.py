"""The readable API form of weekly time: ``{"mon": ["08:00-11:30"], "sat": [...]}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from matching.engine.weekly import WeeklyTimeError, WeekSlots, parse_range
from matching.i18n.validation import custom_error
from matching.messages import parser_message

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _check_range(text: str) -> str:
    try:
        parse_range(text)
    except WeeklyTimeError as error:
        message = parser_message("weekly", error.code, str(error))
        if isinstance(message, str):
            raise ValueError(message) from None
        # "value_error" as a plain ValueError would be: clients know the code.
        raise custom_error("value_error", message) from None
    return text


TimeRange = Annotated[
    str,
    AfterValidator(_check_range),
    Field(
        max_length=11,
        description="HH:MM-HH:MM on the half hour; an end before the start runs overnight",
        examples=["08:00-11:30", "22:00-06:00"],
    ),
]
WeeklyRanges = Annotated[
    dict[Weekday, Annotated[list[TimeRange], Field(max_length=48)]],
    Field(
        description="Half-hour slots of the week, by day",
        examples=[{"mon": ["08:00-11:30", "14:00-17:00"], "sat": ["09:00-12:00"]}],
    ),
]


def to_slots(ranges: Mapping[Weekday, Sequence[str]]) -> WeekSlots:
    """Turn validated ranges into slots."""
    return WeekSlots.parse({str(day): list(times) for day, times in ranges.items()})
