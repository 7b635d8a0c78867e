"""RFC 9457 problem details, the one error envelope of the API, rendered in one language."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Final

from pydantic import BaseModel, Field

from matching.errors import FieldProblem, Message
from matching.i18n import DEFAULT_LOCALE, Text, render


class FieldError(BaseModel):
    """What is wrong with one field (``skills[0].skill``, ``headcount``...)."""

    field: str = Field(description="Dotted path of the field; empty for the whole request")
    code: str = Field(description="Machine-readable reason, e.g. `check_digit`, `not_found`")
    message: str = Field(description="Human-readable reason, in the negotiated language")


class Problem(BaseModel):
    """An ``application/problem+json`` body."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] = Field(default_factory=list)
    existing: dict[str, object] | None = Field(
        default=None, description="For conflicts: the existing object in the way (id, href)"
    )


TITLES: Final[dict[int, Text]] = {
    400: Text("Bad Request"),
    401: Text("Unauthorized"),
    403: Text("Forbidden"),
    404: Text("Not Found"),
    405: Text("Method Not Allowed"),
    409: Text("Conflict"),
    413: Text("Content Too Large"),
    422: Text("Unprocessable Content"),
    429: Text("Too Many Requests"),
    500: Text("Internal Server Error"),
    503: Text("Service Unavailable"),
}
"""The title of each status the API answers (RFC 9110 names), in the catalogue."""


def title_of(status: int, locale: str = DEFAULT_LOCALE) -> str:
    """The title of a problem with ``status`` in ``locale``."""
    title = TITLES.get(status)
    return title.render(locale) if title is not None else HTTPStatus(status).phrase


def render_problem(
    status: int,
    locale: str = DEFAULT_LOCALE,
    *,
    detail: Message | None = None,
    errors: Sequence[FieldProblem] = (),
    existing: dict[str, object] | None = None,
    instance: str | None = None,
) -> Problem:
    """The problem body of an error in ``locale``: title, detail and every field's message.

    The API renders in the language negotiated from ``Accept-Language``; pages render the
    same problems in the user's chosen language.
    """
    return Problem(
        title=title_of(status, locale),
        status=status,
        detail=render(detail, locale) if detail is not None else None,
        instance=instance,
        errors=[
            FieldError(field=e.field, code=e.code, message=render(e.message, locale))
            for e in errors
        ],
        existing=existing,
    )
