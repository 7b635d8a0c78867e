"""One page of a list."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """Items of one page, with the total count of matching items."""

    items: list[T]
    total: int
    limit: int
    offset: int
