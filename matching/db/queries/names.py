"""Names of things by id (communities, stations, postings, employers, seekers), for lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Community, Employer, Posting, Seeker, Station


def _names(
    session: Session, id_column: Any, name_column: Any, ids: Iterable[int]
) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(id_column, name_column).where(id_column.in_(wanted)))
    return {int(row[0]): str(row[1]) for row in rows}


def community_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The name of each community in ``ids``."""
    return _names(session, Community.id, Community.name, ids)


def station_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The name of each station in ``ids``."""
    return _names(session, Station.id, Station.name, ids)


def posting_titles(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The title of each posting in ``ids``."""
    return _names(session, Posting.id, Posting.title, ids)


def employer_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The name of each employer in ``ids``."""
    return _names(session, Employer.id, Employer.name, ids)


def seeker_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The name of each seeker in ``ids`` who was not erased (callers check scope first)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Seeker.id, Seeker.name).where(Seeker.id.in_(wanted), Seeker.erased_at.is_(None))
    )
    return {int(row[0]): str(row[1]) for row in rows}
