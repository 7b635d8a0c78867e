"""RFC 9457 problem details, the one error envelope of the API, rendered in one language."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any, Final

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from matching.errors import FieldProblem, Message
from matching.i18n import DEFAULT_LOCALE, Text, render


class FieldCandidate(BaseModel):
    """One thing an ambiguous value may mean; send its ``code`` instead."""

    code: str = Field(description="The code to send, e.g. `bath_attendant`")
    name_zh: str
    name_en: str


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class FieldError(BaseModel):
    """What is wrong with one field (``skills[0].skill``, ``headcount``...)."""

    field: str = Field(description="Dotted path of the field; empty for the whole request")
    code: str = Field(description="Machine-readable reason, e.g. `check_digit`, `not_found`")
    message: str = Field(description="Human-readable reason, in the negotiated language")
    # Absent, never null, when there is nothing to choose from: the schema says so.
    candidates: list[FieldCandidate] | SkipJsonSchema[None] = Field(
        default=None,
        description="Only for an ambiguous value (code `ambiguous_skill`): what it may mean, "
        "best first; nothing was chosen, send one of these codes",
        json_schema_extra=_no_default,
    )


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
            FieldError(
                field=e.field,
                code=e.code,
                message=render(e.message, locale),
                candidates=[
                    FieldCandidate(code=one.code, name_zh=one.name_zh, name_en=one.name_en)
                    for one in e.candidates
                ]
                or None,
            )
            for e in errors
        ],
        existing=existing,
    )
