"""``Idempotency-Key`` for state-changing POSTs: a retry gets the original response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Header, Request, Response
from pydantic import BaseModel

from matching.services.context import ServiceContext
from matching.services.idempotency import StoredResponse, request_fingerprint, run_once

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


def respond_once(
    ctx: ServiceContext,
    request: Request,
    key: str | None,
    *,
    body: BaseModel,
    status_code: int,
    produce: Callable[[], BaseModel],
) -> Response:
    """Run ``produce`` once per key and return (or replay) its JSON response."""
    if key is None:
        return Response(
            produce().model_dump_json(), status_code=status_code, media_type="application/json"
        )
    fingerprint = request_fingerprint(
        request.method, request.url.path, body.model_dump_json().encode("utf-8")
    )
    stored = run_once(
        ctx,
        key=key,
        method=request.method,
        path=request.url.path,
        fingerprint=fingerprint,
        produce=lambda: StoredResponse(status_code, produce().model_dump_json()),
    )
    return Response(stored.body, status_code=stored.status_code, media_type="application/json")
