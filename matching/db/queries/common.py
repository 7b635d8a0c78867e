"""Paging, sorting and fetching by id, shared by every aggregate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from matching.errors import InvalidInput
from matching.i18n import Text

T = TypeVar("T")
SortColumn = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Which slice of a list to return, and in which order (``-name`` for descending)."""

    limit: int = 50
    offset: int = 0
    sort: str | None = None


def sorted_by(
    statement: Select[Any],
    sort: str | None,
    columns: Mapping[str, SortColumn],
    *,
    tiebreak: SortColumn,
) -> Select[Any]:
    """Order ``statement`` by a client sort key; unknown keys are an error naming ``sort``."""
    if not sort:
        return statement.order_by(tiebreak)
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    column = columns.get(key)
    if column is None:
        allowed = ", ".join(sorted(columns))
        message = Text("Cannot sort by {key}; available: {available}", key=key, available=allowed)
        raise InvalidInput("sort", "unknown_sort", message)
    return statement.order_by(column.desc() if descending else column.asc(), tiebreak)


def fetch_page(
    session: Session, statement: Select[Any], page: PageRequest
) -> tuple[Sequence[Any], int]:
    """Return one page of ``statement``'s rows and the total row count."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.scalars(statement.limit(page.limit).offset(page.offset)).all()
    return rows, int(total or 0)


def get_by_id(session: Session, model: type[T], object_id: int) -> T | None:
    """Return the object with this primary key, or None."""
    return session.get(model, object_id)


def find_id_by(session: Session, column: Any, value: object) -> int | None:
    """Return the id of the row whose ``column`` equals ``value``, or None."""
    model = column.class_
    return session.scalar(select(model.id).where(column == value).limit(1))
