"""The clerk's workbench: server-rendered pages mounted at ``/`` on the API's app.

Pages call the services directly (never the HTTP API); their assets are served by the
app itself from ``matching/web/static`` (htmx is vendored, no CDN, no build step).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from matching.web.routes import find, seekers, sign_in, today

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
PAGE_ROUTERS: Final[tuple[APIRouter, ...]] = (
    sign_in.router,
    today.router,
    find.router,
    seekers.router,
)


def page_operations() -> list[tuple[str, str]]:
    """Every (method, path) the workbench serves, for the policy table's test."""
    return [
        (method, route.path)
        for router in PAGE_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods or ())
    ]


def mount_workbench(app: FastAPI) -> None:
    """Add the pages and their static assets to ``app`` (kept out of the OpenAPI schema)."""
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
