"""Refuse request bodies larger than a limit before the app sees them.

:class:`BodySizeLimitMiddleware` is a pure ASGI middleware. A ``Content-Length``
over the limit is answered ``413`` at once, without reading the body; a malformed
one is ``400``. Every other body (chunked ones included) is read into memory up to
the limit: past it the answer is ``413``, otherwise the app is called with the
body replayed as a single message. So the app never starts on a body it cannot
finish, and no response can have begun when the 413 is sent.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matching.api.problems import problem_response, request_locale
from matching.errors import FieldProblem
from matching.i18n import Text

__all__ = ["BodySizeLimitMiddleware"]

# More digits than this cannot be a real size (and int() of huge strings is refused).
_MAX_LENGTH_DIGITS: Final = 18


class _Disconnected(Exception):
    """The client disconnected before its body was complete."""


class BodySizeLimitMiddleware:
    """Answer ``413`` problem+json to HTTP requests whose body exceeds ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            declared = _content_length(scope)
        except ValueError:
            message = Text("Invalid Content-Length header")
            await _refuse(scope, receive, send, 400, "invalid_content_length", message)
            return
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        try:
            body = await self._read_body(receive)
        except _Disconnected:
            return  # the client went away: nobody to answer
        if body is None:
            await self._too_large(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = Text("The request body exceeds {limit} bytes", limit=self.max_bytes)
        await _refuse(scope, receive, send, 413, "body_too_large", message)

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or ``None`` as soon as it grows past the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                raise _Disconnected
            chunk = bytes(message.get("body", b""))
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _content_length(scope: Scope) -> int | None:
    """The declared body size, ``None`` when absent; ``ValueError`` when malformed."""
    values: set[bytes] = {
        bytes(value).strip()
        for name, value in scope.get("headers", ())
        if name.lower() == b"content-length"
    }
    if not values:
        return None
    # Repeated headers are allowed only when they agree (RFC 9110 §8.6).
    if len(values) > 1:
        raise ValueError("conflicting Content-Length headers")
    (value,) = values
    if not value or not value.isdigit():  # bytes.isdigit: ASCII digits only
        raise ValueError("Content-Length is not a number")
    if len(value) > _MAX_LENGTH_DIGITS:
        return 10**_MAX_LENGTH_DIGITS
    return int(value)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that yields ``body`` once, then defers to the server's."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: Text
) -> None:
    response = problem_response(
        status,
        locale=request_locale(Headers(scope=scope)),
        detail=message,
        errors=[FieldProblem("", code, message)],
        instance=scope.get("path"),
        # The unread body is still on the wire: the connection cannot be reused.
        headers={"Connection": "close"},
    )
    await response(scope, receive, send)
