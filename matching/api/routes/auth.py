"""Sign in, sign out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestFormStrict

from matching.api.client_address import client_address
from matching.api.dependencies import ContextDep, bearer_token
from matching.api.problems import PROBLEM_RESPONSES, problem_response, request_locale
from matching.errors import FieldProblem
from matching.i18n import Text
from matching.schemas.users import LoginRequest, TokenIssued, UserPublic
from matching.services import auth, users

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)
TokenDep = Annotated[str | None, Depends(bearer_token)]


SIGN_IN_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: PROBLEM_RESPONSES[401]
    | {"description": "Too many failed sign-ins for this username or address"}
}


@router.post("/login", response_model=TokenIssued, responses=SIGN_IN_RESPONSES)
def sign_in(ctx: ContextDep, body: LoginRequest, request: Request) -> TokenIssued | JSONResponse:
    """Exchange username and password for a bearer token.

    Attempts are limited per username and per client address; past a limit the answer
    is 429 with ``Retry-After``, even for the right password.
    """
    return _signed_in(ctx, request, body.username, body.password)


@router.post("/token", response_model=TokenIssued, responses=SIGN_IN_RESPONSES)
def sign_in_with_form(
    ctx: ContextDep,
    form: Annotated[OAuth2PasswordRequestFormStrict, Depends()],
    request: Request,
) -> TokenIssued | JSONResponse:
    """The same sign-in as an OAuth2 password grant (a form), for the docs' Authorize button.

    Limited like ``/auth/login``: the two share one count of failed attempts.
    """
    return _signed_in(ctx, request, form.username, form.password)


def _signed_in(
    ctx: ContextDep, request: Request, username: str, password: str
) -> TokenIssued | JSONResponse:
    address = client_address(request, ctx.settings.trusted_proxies)
    outcome = auth.sign_in(ctx, username, password, client_address=address)
    if outcome.issued is not None:
        return outcome.issued
    # Returned, not raised: the counted failure must be committed with this response.
    if outcome.retry_after_seconds is not None:
        return problem_response(
            429,
            locale=request_locale(request),
            detail=Text("Too many failed sign-ins: try again later"),
            headers={"Retry-After": str(outcome.retry_after_seconds)},
        )
    message = Text("Wrong username or password")
    return problem_response(
        401,
        locale=request_locale(request),
        detail=message,
        errors=[FieldProblem("password", "invalid", message)],
        headers={"WWW-Authenticate": "Bearer"},
    )


@router.post("/logout", status_code=204)
def sign_out(ctx: ContextDep, token: TokenDep) -> None:
    """Revoke the token of this request."""
    if token:
        auth.sign_out(ctx, token)


@router.get("/me")
def who_am_i(ctx: ContextDep) -> UserPublic:
    """The signed-in user."""
    assert ctx.actor is not None  # the policy table requires a token here
    return users.get_user(ctx, ctx.actor.user_id)
