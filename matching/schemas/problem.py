"""RFC 9457 problem details, the one error envelope of the API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FieldError(BaseModel):
    """What is wrong with one field (``skills[0].skill``, ``headcount``...)."""

    field: str = Field(description="Dotted path of the field; empty for the whole request")
    code: str = Field(description="Machine-readable reason, e.g. `check_digit`, `not_found`")
    message: str = Field(description="Human-readable reason, Chinese first")


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
