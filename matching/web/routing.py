"""Page routes answer in HTML: a refusal is a page (or the sign-in page), never JSON.

:class:`PageRoute` wraps each page handler: not signed in leads to the sign-in page
(coming back afterwards), a refusal or an object out of the reader's scope is the same
"not found" page (no existence oracle), and a malformed address is "not found" too.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from matching.errors import DomainError, Forbidden, NotFound, Unauthenticated
from matching.i18n import Text
from matching.web.dependencies import CsrfRefused, page_locale
from matching.web.templating import render_page


def safe_next(path: str | None) -> str:
    """Where to go after sign-in: a path on this site only (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith(("//", "/\\")):
        return "/"
    return path


def to_sign_in(request: Request) -> RedirectResponse:
    """Send the reader to the sign-in page, to come back to this page afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = "/login" if here == "/" else f"/login?next={quote(safe_next(here), safe='/')}"
    return RedirectResponse(target, status_code=303)


def error_page(request: Request, status_code: int, message: Text | str) -> Response:
    """A plain page saying what went wrong, in the reader's language."""
    return render_page(
        request,
        "error.html",
        {
            "status_code": status_code,
            "message": message,
            "reader": None,
            "csrf_token": None,
            "active_href": "",
        },
        locale=page_locale(request),
        status_code=status_code,
    )


NOT_FOUND = Text("This page does not exist, or it is not in your area")


class PageRoute(APIRoute):
    """An :class:`APIRoute` whose errors are pages (see the module's docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthenticated:
                if request.headers.get("hx-request"):  # a partial: reload the whole page
                    return Response(status_code=204, headers={"HX-Redirect": "/login"})
                return to_sign_in(request)
            except CsrfRefused as refused:
                return error_page(request, 403, refused.message)
            except (Forbidden, NotFound):
                return error_page(request, 404, NOT_FOUND)
            except RequestValidationError:
                return error_page(request, 404, NOT_FOUND)
            except DomainError as error:
                return error_page(request, 409, error.message)

        return page_handler
