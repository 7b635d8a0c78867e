"""Reading posted forms: plain values, and pydantic schemas with their errors by field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from matching.errors import FieldProblem
from matching.i18n import render
from matching.i18n.validation import validation_problems

M = TypeVar("M", bound=BaseModel)


def form_text(form: FormData | None, name: str) -> str:
    """A text field of the form ('' when absent; files are not text)."""
    if form is None:
        return ""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def form_int(form: FormData | None, name: str) -> int | None:
    """A whole number field of the form (None when absent or not a number)."""
    text = form_text(form, name).strip()
    if not text.isdigit() or len(text) > 10:
        return None
    return int(text)


def errors_by_field(problems: Iterable[FieldProblem], locale: str) -> dict[str, list[str]]:
    """Problems as the messages shown beside each field (the form's top level under ``""``)."""
    shown: dict[str, list[str]] = {}
    for problem in problems:
        field = problem.field.split("[", 1)[0].split(".", 1)[0]
        shown.setdefault(field, []).append(render(problem.message, locale))
    return shown


def validated(
    schema: type[M], data: Mapping[str, Any], locale: str
) -> tuple[M | None, dict[str, list[str]]]:
    """``data`` validated by ``schema``: the model, or every error by field, all at once."""
    try:
        return schema.model_validate(data), {}
    except ValidationError as invalid:
        return None, errors_by_field(validation_problems(invalid.errors()), locale)
