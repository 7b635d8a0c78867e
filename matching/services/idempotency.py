"""Idempotent state changes: a retry with the same key gets the first answer again.

What is stored is what a replay needs - the status code and the resource produced - never
the response itself: a replay renders the resource anew for the caller, through the same
masking and scope rules as any read, so a stored answer can neither leak a phone number
nor outlive an erasure. Keys expire (``idempotency_ttl_hours``); an erasure deletes the
keys of requests about that person.

The key row is written in the same transaction as the change, so a retry either finds
the committed key or repeats a change that never happened. Two concurrent requests with
one key: the second waits on the first's key row (PostgreSQL's unique index, SQLite's
single writer) and then replays its resource.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from matching.db.base import utcnow
from matching.db.models import IdempotencyKey
from matching.db.queries import idempotency as queries
from matching.errors import InvalidInput
from matching.i18n import Text
from matching.services.context import ServiceContext

HEADER = "Idempotency-Key"


@dataclass(frozen=True, slots=True)
class Produced:
    """What a request produced: its status, the resource and the person it is about."""

    status_code: int
    resource_id: int
    seeker_id: int | None


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    """What must be equal for a retry to be the same request."""
    digest = hashlib.sha256()
    for part in (method.encode(), b"\0", path.encode(), b"\0", body):
        digest.update(part)
    return digest.hexdigest()


def run_once(
    ctx: ServiceContext,
    *,
    key: str,
    method: str,
    path: str,
    fingerprint: str,
    produce: Callable[[], Produced],
) -> Produced:
    """Produce the change now and remember it, or return what the first request produced."""
    actor_key = f"user:{ctx.actor.user_id}" if ctx.actor else "system"
    now = utcnow()
    stored = queries.stored_key(ctx.session, actor_key, key)
    if stored is not None and stored.expires_at <= now:
        ctx.session.delete(stored)
        ctx.session.flush()
        stored = None
    if stored is None:
        queries.delete_expired(ctx.session, now)
        try:
            with ctx.session.begin_nested():
                ctx.session.add(
                    IdempotencyKey(
                        actor_key=actor_key,
                        key=key,
                        method=method,
                        path=path,
                        request_hash=fingerprint,
                        status_code=0,
                        expires_at=now + timedelta(hours=ctx.settings.idempotency_ttl_hours),
                    )
                )
                ctx.session.flush()
        except IntegrityError:
            stored = queries.stored_key(ctx.session, actor_key, key)  # a twin committed first
    if stored is not None:
        if stored.request_hash != fingerprint:
            raise InvalidInput(
                HEADER,
                "key_reused",
                Text("This idempotency key was already used for another request"),
            )
        assert stored.resource_id is not None  # written in the transaction that made the key
        return Produced(stored.status_code, stored.resource_id, stored.seeker_id)
    produced = produce()
    row = ctx.session.get(IdempotencyKey, (actor_key, key))
    assert row is not None
    row.status_code, row.resource_id = produced.status_code, produced.resource_id
    row.seeker_id = produced.seeker_id
    ctx.session.flush()
    return produced
