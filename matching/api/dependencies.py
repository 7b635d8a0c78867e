"""Request dependencies: the service context (one transaction per request) and paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from matching.db.queries.common import PageRequest
from matching.db.session import Database, transaction
from matching.services.context import ServiceContext


def get_context(request: Request) -> Iterator[ServiceContext]:
    """Open the request's transaction; commit after the endpoint, roll back on error.

    Used with ``scope="function"`` so the commit happens before the response is
    sent: a failed commit becomes an error response, never a 2xx.
    """
    state = request.app.state
    database: Database = state.database
    with transaction(database) as session:
        yield ServiceContext(session=session, cipher=state.cipher, settings=state.settings)


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

PathId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Object id")]
QueryId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]
TextQuery = Annotated[str | None, Query(min_length=1, max_length=50, description="Search text")]
