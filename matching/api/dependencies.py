"""Request dependencies: the service context (one transaction per request) and paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from matching.api.policy import authorize, route_key
from matching.db.queries.common import PageRequest
from matching.db.session import Database, transaction
from matching.services.auth import resolve_token
from matching.services.context import ServiceContext

bearer_scheme = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/login")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def get_context(request: Request, credentials: Credentials) -> Iterator[ServiceContext]:
    """Open the request's transaction, identify and authorize the caller, commit at the end.

    Used with ``scope="function"`` so the commit happens before the response is
    sent: a failed commit becomes an error response, never a 2xx. The token only
    ever comes from the Authorization header, never from the URL.
    """
    state = request.app.state
    database: Database = state.database
    with transaction(database, write=_writes(request)) as session:
        ctx = ServiceContext(
            session=session,
            cipher=state.cipher,
            settings=state.settings,
            match_index=state.match_index,
        )
        actor = resolve_token(ctx, credentials.credentials) if credentials else None
        authorize(route_key(request), actor)
        yield replace(ctx, actor=actor)


def _writes(request: Request) -> bool:
    """Whether the request may write: every non-GET, and exports (they are audited)."""
    reads = request.method in ("GET", "HEAD")
    return not reads or request.query_params.get("format") in ("csv", "xlsx")


def bearer_token(credentials: Credentials) -> str | None:
    """The raw bearer token of the request, if any."""
    return credentials.credentials if credentials else None


ContextDep = Annotated[ServiceContext, Depends(get_context, scope="function")]


def get_page(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, le=200, description="Items per page")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    sort: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=r"^-?[a-z_]+$",
            description="Field to sort by; prefix `-` for descending",
        ),
    ] = None,
) -> PageRequest:
    """Paging and sorting from the query string."""
    default = request.app.state.settings.default_page_size
    return PageRequest(limit=limit or default, offset=offset, sort=sort)


PageDep = Annotated[PageRequest, Depends(get_page)]

NO_NUL = r"^[^\x00]*$"
"""Text parameters may not carry NUL characters (PostgreSQL cannot store them)."""

PathId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Object id")]
QueryId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
TextQuery = Annotated[
    str | None,
    Query(min_length=1, max_length=50, pattern=NO_NUL, description="Search text"),
]
