"""Sign-in throttle counters: claimed in one atomic statement, however many workers race.

Each function is a single SQL statement. On PostgreSQL the upsert takes the row's
lock, which the claiming transaction keeps until it commits: a concurrent claim on the
same key waits for it and then sees its count (and no concurrent insert of a new key
fails with a unique violation: ``ON CONFLICT`` turns it into the update). On SQLite the
request's write transaction (``BEGIN IMMEDIATE``) already serializes writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from matching.db.base import UtcDateTime
from matching.db.models import SignInThrottle

PRUNE_BATCH = 100
"""Expired rows deleted per sign-in: many times what one sign-in can add (two rows)."""


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed attempt: its number in the window, and when the window ends."""

    failures: int
    window_ends_at: datetime


def _moment(value: datetime) -> ColumnElement[datetime]:
    return literal(value, UtcDateTime())


def claim_attempt(
    session: Session, key_hash: str, *, now: datetime, window: timedelta, limit: int
) -> Claim:
    """Count one more attempt for ``key_hash`` and return the count, atomically.

    An ended window starts afresh at 1. The attempt that reaches ``limit`` restarts the
    window's clock, so a key that used up its attempts stays locked a full ``window``
    after the last one. Attempts past the limit are still counted (the caller refuses
    them without checking anything).
    """
    dialect_insert = postgresql.insert if _is_postgres(session) else sqlite.insert
    insert = dialect_insert(SignInThrottle).values(
        key_hash=key_hash, failures=1, window_ends_at=now + window
    )
    row = SignInThrottle
    ended = row.window_ends_at <= _moment(now)
    statement = insert.on_conflict_do_update(
        index_elements=[row.key_hash],
        set_={
            "failures": case((ended, 1), else_=row.failures + 1),
            "window_ends_at": case(
                (ended, _moment(now + window)),
                (row.failures + 1 == limit, _moment(now + window)),
                else_=row.window_ends_at,
            ),
        },
    ).returning(row.failures, row.window_ends_at)
    failures, window_ends_at = session.execute(statement).one()
    return Claim(failures=failures, window_ends_at=window_ends_at)


def give_back_attempt(session: Session, key_hash: str) -> None:
    """Uncount one claimed attempt of ``key_hash`` (it succeeded, or nothing was checked)."""
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key_hash == key_hash, SignInThrottle.failures > 0)
        .values(failures=SignInThrottle.failures - 1)
        .execution_options(synchronize_session=False)
    )


def forget(session: Session, key_hash: str) -> None:
    """Delete the counter of ``key_hash`` (a successful sign-in clears its username)."""
    session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.key_hash == key_hash)
        .execution_options(synchronize_session=False)
    )


def prune_expired(session: Session, *, now: datetime, batch: int = PRUNE_BATCH) -> int:
    """Delete up to ``batch`` rows whose window has ended; return how many.

    ``SKIP LOCKED`` (PostgreSQL) leaves rows that another sign-in holds: pruning never
    waits, so it cannot deadlock with the claims. Call it after this transaction's
    claims, never before, for the same reason.
    """
    expired = (
        select(SignInThrottle.key_hash)
        .where(SignInThrottle.window_ends_at <= _moment(now))
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    result = session.execute(
        delete(SignInThrottle)
        .where(SignInThrottle.key_hash.in_(expired))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
