"""Declarative base with a constraint naming convention and shared column types."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every ORM model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_class: type[StrEnum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a named CHECK constraint on both databases."""
    length = max(len(member.value) for member in enum_class)
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(length, 16),
        values_callable=_enum_values,
        validate_strings=True,
    )


def _enum_values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]


class StoredMembers(TypeDecorator[Any]):
    """An enum column that holds only ``stored`` of the enum's members.

    The others are derived when read (a posting's ``ended``): the CHECK constraint
    admits the stored values only, and binding any other member fails in Python with
    a clear message before the database would refuse it.
    """

    impl = Enum
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum], stored: Collection[StrEnum], name: str) -> None:
        self.enum_class = enum_class
        self.stored = tuple(member for member in enum_class if member in stored)
        self.name = name
        super().__init__(
            *[member.value for member in self.stored],
            name=name,
            native_enum=False,
            create_constraint=True,
            length=max(max(len(member.value) for member in enum_class), 16),
            validate_strings=True,
        )

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        member = self.enum_class(value)
        if member not in self.stored:
            raise ValueError(f"{self.name} {member.value!r} is derived on read, never stored")
        return member.value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum_class(value)


def stored_enum_column(
    enum_class: type[StrEnum], name: str, *, stored: Collection[StrEnum]
) -> StoredMembers:
    """Like :func:`enum_column`, for an enum some of whose members are never stored."""
    return StoredMembers(enum_class, stored, name)


class TimestampMixin:
    """``created_at`` and ``updated_at``, both UTC, maintained by the ORM."""

    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
