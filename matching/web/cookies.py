"""The workbench's cookies: the sign-in session, the language, and CSRF tokens.

The session cookie carries a token of the API's own store (revocable, expiring); it is
HttpOnly and SameSite=Lax, and Secure unless the service runs in debug mode (plain
http on a developer's machine). Every form carries a CSRF token derived from the
session token with the service's keyed hash, so it needs no storage and dies with the
session; the sign-in form, which has no session yet, uses a random cookie instead
(double submit).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Final

from fastapi import Request, Response

from matching.config import Settings
from matching.pii import PiiCipher

SESSION_COOKIE: Final = "matching_session"
LANGUAGE_COOKIE: Final = "matching_lang"
SIGN_IN_CSRF_COOKIE: Final = "matching_sign_in"
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
_CSRF_PURPOSE: Final = "web.csrf"
LANGUAGE_MAX_AGE: Final = 365 * 24 * 3600


def csrf_token_for(cipher: PiiCipher, session_token: str) -> str:
    """The CSRF token of a signed-in session (a keyed hash of its token)."""
    return cipher.blind_index(session_token, field=_CSRF_PURPOSE)


def tokens_match(sent: str | None, expected: str | None) -> bool:
    """Whether a sent token equals the expected one (in constant time)."""
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


def new_sign_in_csrf() -> str:
    """A random token for the sign-in form's double submit."""
    return secrets.token_urlsafe(24)


def set_cookie(
    response: Response,
    settings: Settings,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    same_site: str = "lax",
) -> None:
    """Set one of the workbench's cookies with the attributes they all share."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=not settings.debug,
        samesite=same_site,  # type: ignore[arg-type]
        path="/",
    )


def session_token(request: Request) -> str | None:
    """The session token of the request's cookie, if any."""
    return request.cookies.get(SESSION_COOKIE) or None
