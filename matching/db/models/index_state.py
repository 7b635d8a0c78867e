"""A change counter that lets every process keep its in-memory match index fresh."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from matching.db.base import Base


class IndexState(Base):
    """One row: ``version`` grows with every committed change to seekers or postings.

    Writers increment it inside their transaction (the row lock orders them on
    PostgreSQL; SQLite has one writer at a time), and stamp the changed rows with the
    new value in ``change_version``; a reader that saw version V reloads only rows
    with ``change_version > V``.
    """

    __tablename__ = "index_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
