"""Idempotent state changes: the first response to a key is stored and replayed.

The key row is written in the same transaction as the change, so a retry either
finds the committed response or repeats a change that never happened. Two
concurrent requests with one key: the second waits on the first's key row
(PostgreSQL's unique index, SQLite's single writer) and then replays its response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matching.db.models import IdempotencyKey
from matching.errors import InvalidInput
from matching.services.context import ServiceContext

HEADER = "Idempotency-Key"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as first sent: status and JSON body."""

    status_code: int
    body: str


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
    produce: Callable[[], StoredResponse],
) -> StoredResponse:
    """Replay the stored response for ``key``, or produce it now and store it."""
    actor_key = f"user:{ctx.actor.user_id}" if ctx.actor else "system"
    stored = _stored(ctx, actor_key, key)
    if stored is None:
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
                        response_body="",
                    )
                )
                ctx.session.flush()
        except IntegrityError:
            stored = _stored(ctx, actor_key, key)  # a concurrent twin committed first
    if stored is not None:
        if stored.request_hash != fingerprint:
            raise InvalidInput(
                HEADER,
                "key_reused",
                "该幂等键已用于另一个请求 / key already used for another request",
            )
        return StoredResponse(stored.status_code, stored.response_body)
    response = produce()
    row = ctx.session.get(IdempotencyKey, (actor_key, key))
    assert row is not None
    row.status_code, row.response_body = response.status_code, response.body
    ctx.session.flush()
    return response


def _stored(ctx: ServiceContext, actor_key: str, key: str) -> IdempotencyKey | None:
    row: IdempotencyKey | None = ctx.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.actor_key == actor_key, IdempotencyKey.key == key
        )
    )
    return row
