"""Portable SQL functions the ORM does not offer, compiled per dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class epoch_day(FunctionElement[int]):
    """Days from 1970-01-01 to a date, or to the calendar day of a timestamp.

    ``epoch_day(timestamp)`` is the UTC day; ``epoch_day(timestamp, utc_offset_hours)``
    the local day in a zone that many hours from UTC (the city's: a hire at 16:30 UTC
    is the next day in 肥城). Bulk reads take dates as integers, so a million of them
    cost nothing to convert (``numpy`` reads them as ``datetime64[D]``). ``NULL`` stays
    ``NULL``. Timestamps are stored in UTC (``UtcDateTime``); PostgreSQL reads their
    day in UTC (or at the offset) whatever the session's time zone.
    """

    type = Integer()
    inherit_cache = True
    name = "epoch_day"


def _is_timestamp(value: Any) -> bool:
    """Whether ``value`` is a timestamp (also through a ``TypeDecorator`` such as UtcDateTime)."""
    column_type = value.type
    return isinstance(column_type, DateTime) or isinstance(
        getattr(column_type, "impl", None), DateTime
    )


def _day_arguments(element: epoch_day) -> tuple[Any, Any | None]:
    """The value, and the offset in hours (None: UTC), of an ``epoch_day``."""
    value, *offset = element.clauses
    if offset and not _is_timestamp(value):
        raise TypeError("a UTC offset applies to timestamps, not to dates")
    return value, offset[0] if offset else None


@compiles(epoch_day, "postgresql")
def _epoch_day_postgresql(element: epoch_day, compiler: SQLCompiler, **kw: Any) -> str:
    value, offset = _day_arguments(element)
    text = compiler.process(value, **kw)
    if _is_timestamp(value):
        text = f"({text}) AT TIME ZONE 'UTC'"
    if offset is not None:
        hours = compiler.process(offset, **kw)
        text = f"{text} + make_interval(hours => CAST({hours} AS INTEGER))"
    # A date minus a date is an integer number of days.
    return f"(CAST({text} AS DATE) - DATE '1970-01-01')"


@compiles(epoch_day, "sqlite")
def _epoch_day_sqlite(element: epoch_day, compiler: SQLCompiler, **kw: Any) -> str:
    value, offset = _day_arguments(element)
    text = compiler.process(value, **kw)
    if offset is not None:  # date('...', '+8 hours')
        text = f"{text}, printf('%+d hours', {compiler.process(offset, **kw)})"
    # SQLite keeps dates and UTC timestamps as ISO text; date() drops the time of day.
    return f"CAST(julianday(date({text})) - 2440587.5 AS INTEGER)"


def in_id_list(column: Any, name: str, dialect: str) -> ColumnElement[bool]:
    """``column`` is one of the ids passed as parameter ``name`` (a list), for ``dialect``.

    PostgreSQL gets ``= ANY(:name)`` with one array parameter, so the statement text
    stays the same whatever the number of ids and the driver can cache and prepare it
    (psycopg prepares statements of at most 50 parameters; an expanding ``IN`` of 50
    ids has more). Elsewhere it is an expanding ``IN``.
    """
    clause: ColumnElement[bool]
    if dialect == "postgresql":
        clause = column == any_(bindparam(name, type_=ARRAY(BigInteger)))
    else:
        clause = column.in_(bindparam(name, expanding=True))
    return clause
