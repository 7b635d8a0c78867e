"""Queries over stored idempotency keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matching.db.models import IdempotencyKey


def stored_key(session: Session, actor_key: str, key: str) -> IdempotencyKey | None:
    """The stored key of this caller, expired or not."""
    found: IdempotencyKey | None = session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.actor_key == actor_key, IdempotencyKey.key == key
        )
    )
    return found


def delete_expired(session: Session, now: datetime) -> None:
    """Drop every key past its expiry (they answer nothing any more)."""
    session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.expires_at <= now)
        .execution_options(synchronize_session=False)
    )


def forget_person(session: Session, seeker_id: int) -> None:
    """Drop the stored keys of requests about this seeker (erasure)."""
    session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.seeker_id == seeker_id)
        .execution_options(synchronize_session=False)
    )
