"""Stamp every flushed change to seekers or postings with a new index version.

Registered on each :class:`~matching.db.session.Database`'s sessions, so no service can
forget it. Bulk Core statements bypass ORM events; code that writes in bulk calls
:func:`touch_all` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matching.db.models import (
    IndexState,
    MatchModel,
    Posting,
    PostingSkill,
    Proposal,
    Seeker,
    SeekerConsent,
    SeekerSkill,
)


def current_version(session: Session) -> int:
    """The committed index version (cheap: one row by primary key)."""
    return int(session.scalar(select(IndexState.version).where(IndexState.id == 1)) or 0)


def next_version(session: Session) -> int:
    """Increment the index version inside the current transaction and return it."""
    statement = (
        update(IndexState)
        .where(IndexState.id == 1)
        .values(version=IndexState.version + 1)
        .returning(IndexState.version)
    )
    return int(session.execute(statement).scalar_one())


def _roots(session: Session, objects: Iterable[Any]) -> set[Seeker | Posting]:
    roots: set[Seeker | Posting] = set()
    for obj in objects:
        if isinstance(obj, Seeker | Posting):
            roots.add(obj)
        elif isinstance(obj, SeekerSkill | SeekerConsent) and obj.seeker_id is not None:
            seeker = session.get(Seeker, obj.seeker_id)
            if seeker is not None:
                roots.add(seeker)
        elif isinstance(obj, PostingSkill) and obj.posting_id is not None:
            posting = session.get(Posting, obj.posting_id)
            if posting is not None:
                roots.add(posting)
        elif isinstance(obj, Proposal):
            # Pending proposals damp a seeker's rank; hires change a posting's vacancies.
            for root in (session.get(Seeker, obj.seeker_id), session.get(Posting, obj.posting_id)):
                if root is not None:
                    roots.add(root)
    return roots


def stamp_changes(session: Session, _flush_context: Any, _instances: Any) -> None:
    """``before_flush`` hook: give changed seekers and postings a new ``change_version``.

    A change of the match models (the weights every ranking uses) moves the version
    too, so a process may keep the active model's configuration until the version moves.
    """
    changed = list(chain(session.new, session.dirty, session.deleted))
    roots = _roots(session, changed)
    if not roots and not any(isinstance(obj, MatchModel) for obj in changed):
        return
    version = next_version(session)
    for root in roots:
        if root not in session.deleted:
            root.change_version = version


def touch_all(session: Session) -> int:
    """Mark every seeker and posting changed (after bulk writes); returns the new version."""
    version = next_version(session)
    session.execute(update(Seeker).values(change_version=version))
    session.execute(update(Posting).values(change_version=version))
    return version
