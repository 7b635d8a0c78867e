"""A page request's context: its CSRF check, its transaction, its reader and language.

The same transaction owner as the API (``matching.db.session.transaction``): it commits
when the page answers and rolls back when it raises. The caller is identified by the
session cookie (never a URL), authorized against :data:`~matching.web.policy.PAGE_POLICY`,
and every POST must carry the form's CSRF token before anything else is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from matching.access.actor import Actor
from matching.api.policy import authorize_in
from matching.db.session import Database, transaction
from matching.errors import Forbidden, Unauthenticated
from matching.i18n import LOCALES, Text, negotiate
from matching.services.auth import resolve_token
from matching.services.context import ServiceContext
from matching.web.cookies import (
    CSRF_FIELD,
    CSRF_HEADER,
    LANGUAGE_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    csrf_token_for,
    session_token,
    tokens_match,
)
from matching.web.policy import PAGE_POLICY


class CsrfRefused(Forbidden):
    """A form was posted without the token of the page it came from."""


def page_locale(request: Request) -> str:
    """The reader's language: the switch they chose, else ``Accept-Language``."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LOCALES:
        return str(chosen)
    return negotiate(request.headers.get("accept-language"))


def expected_csrf(request: Request) -> str | None:
    """The CSRF token this request's forms carry: the session's, or the sign-in cookie's."""
    token = session_token(request)
    if token:
        return csrf_token_for(request.app.state.cipher, token)
    return request.cookies.get(SIGN_IN_CSRF_COOKIE)


async def checked_form(request: Request) -> FormData | None:
    """The posted form, once its CSRF token is checked (None for a GET)."""
    if request.method in ("GET", "HEAD"):
        return None
    form = await request.form()
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not tokens_match(sent if isinstance(sent, str) else None, expected_csrf(request)):
        raise CsrfRefused(Text("This form has expired: reload the page and try again"))
    return form


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page route needs: the service context, the posted form and the CSRF token."""

    ctx: ServiceContext
    form: FormData | None
    csrf_token: str | None

    @property
    def actor(self) -> Actor:
        """The signed-in reader (pages open without sign-in do not ask for it)."""
        assert self.ctx.actor is not None, "only for pages that require sign-in"
        return self.ctx.actor

    @property
    def locale(self) -> str:
        """The reader's language."""
        return self.ctx.locale


def page_route_key(request: Request) -> tuple[str, str] | None:
    """The (method, path template) of the page route serving ``request``."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return None
    return ("GET" if request.method == "HEAD" else request.method), path


def _actor(ctx: ServiceContext, token: str | None) -> Actor | None:
    """The cookie's user; an expired or revoked session counts as signed out."""
    if not token:
        return None
    try:
        return resolve_token(ctx, token)
    except Unauthenticated:
        return None


def page_context(
    request: Request, form: Annotated[FormData | None, Depends(checked_form)]
) -> Iterator[PageContext]:
    """Open the page's transaction, identify and authorize the reader, commit at the end."""
    state = request.app.state
    database: Database = state.database
    write = request.method not in ("GET", "HEAD")
    with transaction(database, write=write) as session:
        ctx = ServiceContext(
            session=session,
            cipher=state.cipher,
            settings=state.settings,
            match_index=state.match_index,
            clock=state.clock,
            locale=page_locale(request),
        )
        actor = _actor(ctx, session_token(request))
        authorize_in(PAGE_POLICY, page_route_key(request), actor)
        locale = actor.locale if actor is not None and actor.locale in LOCALES else ctx.locale
        yield PageContext(
            ctx=replace(ctx, actor=actor, locale=str(locale)),
            form=form,
            csrf_token=expected_csrf(request),
        )


PageDep = Annotated[PageContext, Depends(page_context, scope="function")]
