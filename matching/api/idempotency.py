"""``Idempotency-Key`` for state-changing POSTs: a retry gets the original response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Protocol

from fastapi import Header, Request, Response
from pydantic import BaseModel

from matching.services.context import ServiceContext
from matching.services.idempotency import Produced, request_fingerprint, run_once

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Retry-safe key: the same key with the same body returns the first "
        "response; with another body it is a 422",
    ),
]


class Resource(Protocol):
    """A response naming the resource it shows."""

    id: int

    def model_dump_json(self) -> str: ...


def respond_once(
    ctx: ServiceContext,
    request: Request,
    key: str | None,
    *,
    body: BaseModel,
    status_code: int,
    produce: Callable[[], Resource],
    replay: Callable[[int], Resource],
    subject: Callable[[int], int | None],
) -> Response:
    """Run ``produce`` once per key; a retry gets ``replay`` of the same resource.

    ``subject`` names the person a resource is about, so that erasing her also deletes the
    stored key.
    """
    if key is None:
        return _json(produce(), status_code)
    fingerprint = request_fingerprint(
        request.method, request.url.path, body.model_dump_json().encode("utf-8")
    )
    fresh: list[Resource] = []

    def first_time() -> Produced:
        made = produce()
        fresh.append(made)
        return Produced(status_code, made.id, subject(made.id))

    stored = run_once(
        ctx,
        key=key,
        method=request.method,
        path=request.url.path,
        fingerprint=fingerprint,
        produce=first_time,
    )
    shown = fresh[0] if fresh else replay(stored.resource_id)
    return _json(shown, stored.status_code)


def _json(model: Resource, status_code: int) -> Response:
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
