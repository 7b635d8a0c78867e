"""Column types for domain values."""

from __future__ import annotations

from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from matching.engine.weekly import WeekSlots


class WeekSlotsType(TypeDecorator[WeekSlots]):
    """336 half-hour slots of the week stored as 42 bytes."""

    impl = LargeBinary(42)
    cache_ok = True

    def process_bind_param(self, value: WeekSlots | None, dialect: Dialect) -> bytes | None:
        return None if value is None else value.to_bytes()

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> WeekSlots | None:
        return None if value is None else WeekSlots.from_bytes(bytes(value))
