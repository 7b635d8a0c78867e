"""RFC 9457 problem details, the one error envelope of the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema


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
    message: str = Field(description="Human-readable reason, Chinese first")
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
