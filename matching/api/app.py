"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from matching.api.docs import mount_offline_docs, offer_password_sign_in
from matching.api.limits import BodySizeLimitMiddleware
from matching.api.policy import POLICY, PUBLIC
from matching.api.problems import install_problem_handlers
from matching.api.routes import (
    audit,
    auth,
    employers,
    geography,
    matches,
    plans,
    postings,
    proposals,
    referrals,
    reports,
    seekers,
    skills,
    users,
)
from matching.clock import Clock
from matching.config import Settings, city_clock, get_settings
from matching.db.session import Database, transaction
from matching.schemas.problem import Problem
from matching.services.context import build_cipher
from matching.services.match_index import MatchIndex
from matching.web import mount_workbench

API_PREFIX = "/api/v1"
OPENAPI_URL = "/openapi.json"
TOKEN_URL = f"{API_PREFIX}/auth/token"
logger = logging.getLogger("matching.api")
DESCRIPTION = """零工服务窗口人岗匹配服务 — job matching for community gig-work windows.

Window clerks register seekers and postings; every error is
`application/problem+json` with `errors[].field`. Personal data is masked.
"""

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    geography.router,
    skills.router,
    employers.router,
    postings.router,
    seekers.router,
    users.router,
    audit.router,
    matches.router,
    plans.router,
    proposals.router,
    referrals.router,
    reports.router,
)


def api_operations() -> list[tuple[str, str, APIRoute]]:
    """Every (method, full path, route) the API serves, for docs checks and policy tables."""
    return [
        (method, API_PREFIX + route.path, route)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods or ())
    ]


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    clock: Clock | None = None,
    freeze_gc_after_start: bool = False,
) -> FastAPI:
    """Build the app; ``database`` may be handed in (tests), else it is opened from settings.

    ``clock`` (default: the real time on the city's calendar) is the one every request
    reads "now" and "today" from, kept as ``app.state.clock``; tests may replace it.

    ``freeze_gc_after_start`` (the served app, ``matching.api.main``) moves everything
    alive once the match index is loaded - modules, the index, compiled statements - out
    of the garbage collector's reach: a full collection over those ~400,000 objects took
    ~130 ms in the middle of a request. Tests leave it off, as they build many apps in
    one process.
    """
    settings = settings or get_settings()
    owns_database = database is None
    database = database or Database.from_url(
        settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(_warm_match_index, app)
        if freeze_gc_after_start:
            gc.collect()
            gc.freeze()
        yield
        if owns_database:
            database.dispose()

    docs = settings.docs_public
    app = FastAPI(
        title="matching",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        debug=settings.debug,
        docs_url=None,  # served offline below
        redoc_url=None,
        openapi_url=OPENAPI_URL if docs else None,
    )
    if settings.cors_allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allow_origins,
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    app.state.settings = settings
    app.state.database = database
    app.state.cipher = build_cipher(settings)
    app.state.clock = clock or city_clock(settings)
    app.state.match_index = MatchIndex(utc_offset_hours=settings.city_utc_offset_hours)
    install_problem_handlers(app, operations=[(m, path) for m, path, _ in api_operations()])
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    mount_workbench(app)
    if docs:
        mount_offline_docs(app, openapi_url=OPENAPI_URL)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Added last, so it is the outermost layer: nothing reads a body before its size is known.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    return app


def _warm_match_index(app: FastAPI) -> None:
    """Load the match index before the first clerk asks (a failure only delays it)."""
    state = app.state
    try:
        with transaction(state.database, write=False) as session:
            state.match_index.refresh(session, today=state.clock.today())
    except Exception as error:  # e.g. not migrated yet: the first ranking retries
        logger.warning("match index not warmed at start-up: %s", type(error).__name__)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI with the Problem schema that error responses refer to."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if POLICY.get((method.upper(), path)) == PUBLIC:
                operation["security"] = []  # e.g. sign-in: no token needed
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter["schema"])
    offer_password_sign_in(schema, token_url=TOKEN_URL)
    app.openapi_schema = schema
    return schema


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema without the ``null`` that ``X | None = None`` adds.

    A query parameter or header is either absent or a string; there is no null to
    send. Absence is already said by ``required: false``.
    """
    options = schema.get("anyOf")
    if not options:
        return schema
    kept = [option for option in options if option != {"type": "null"}]
    if len(kept) != 1:
        return schema | {"anyOf": kept}
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    only: dict[str, Any] = kept[0]
    return only | rest
