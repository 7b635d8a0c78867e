"""Sign in, sign out and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from matching.api.client_address import client_address
from matching.i18n import LOCALES, Text
from matching.services import auth, users
from matching.web.cookies import (
    LANGUAGE_COOKIE,
    LANGUAGE_MAX_AGE,
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    new_sign_in_csrf,
    session_token,
    set_cookie,
)
from matching.web.dependencies import PageContext, PageDep
from matching.web.forms import form_text
from matching.web.pages import show
from matching.web.routing import PageRoute, safe_next

router = APIRouter(route_class=PageRoute)


def _sign_in_page(
    request: Request,
    page: PageContext,
    *,
    next_path: str,
    username: str = "",
    problem: Text | None = None,
    status_code: int = 200,
) -> Response:
    fresh = page.csrf_token is None
    csrf = page.csrf_token or new_sign_in_csrf()
    if fresh:
        page = PageContext(ctx=page.ctx, form=page.form, csrf_token=csrf)
    errors = {"password": [problem.render(page.locale)]} if problem else {}
    response = show(
        request,
        page,
        "login.html",
        {"next_path": next_path, "username": username, "problem": problem, "errors": errors},
        status_code=status_code,
    )
    if fresh:
        set_cookie(response, page.ctx.settings, SIGN_IN_CSRF_COOKIE, csrf, same_site="strict")
    return response


@router.get("/login")
def sign_in_page(
    request: Request,
    page: PageDep,
    next_path: Annotated[str | None, Query(alias="next", max_length=500)] = None,
) -> Response:
    """The sign-in form (a signed-in reader goes straight on)."""
    if page.ctx.actor is not None:
        return RedirectResponse(safe_next(next_path), status_code=303)
    return _sign_in_page(request, page, next_path=safe_next(next_path))


@router.post("/login")
def sign_in(request: Request, page: PageDep) -> Response:
    """Check the credentials (throttled like the API) and start a session."""
    username = form_text(page.form, "username")
    password = form_text(page.form, "password")
    next_path = safe_next(form_text(page.form, "next"))
    address = client_address(request, page.ctx.settings.trusted_proxies)
    outcome = auth.sign_in(page.ctx, username, password, client_address=address)
    if outcome.issued is None:
        # Answered, not raised: the counted failure must be committed.
        locked = outcome.retry_after_seconds is not None
        problem = (
            Text(
                "Too many failed sign-ins: try again in {minutes} minutes",
                minutes=max(1, round((outcome.retry_after_seconds or 60) / 60)),
            )
            if locked
            else Text("Wrong username or password")
        )
        return _sign_in_page(
            request,
            page,
            next_path=next_path,
            username=username,
            problem=problem,
            status_code=429 if locked else 401,
        )
    response = RedirectResponse(next_path, status_code=303)
    max_age = page.ctx.settings.token_ttl_minutes * 60
    set_cookie(
        response, page.ctx.settings, SESSION_COOKIE, outcome.issued.access_token, max_age=max_age
    )
    response.delete_cookie(SIGN_IN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def sign_out(request: Request, page: PageDep) -> Response:
    """End the session: its token is revoked, not only forgotten by the browser."""
    token = session_token(request)
    if token:
        auth.sign_out(page.ctx, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def choose_language(request: Request, page: PageDep) -> Response:
    """Switch between Chinese and English: remembered for the user, and by this browser."""
    language = form_text(page.form, "language")
    response = RedirectResponse(safe_next(form_text(page.form, "next")), status_code=303)
    if language in LOCALES:
        users.choose_language(page.ctx, language)
        set_cookie(response, page.ctx.settings, LANGUAGE_COOKIE, language, max_age=LANGUAGE_MAX_AGE)
    return response
