"""Pydantic's validation errors as field problems in the catalogue's words.

Every error type our request schemas can produce has a sentence here, chosen by the
error's ``type`` and filled from its ``ctx`` (``max_length``, ``ge``, the allowed
choices ...). Our own validators raise :func:`custom_error`, which carries a catalogue
message id in the error's context. A type missing from :data:`MESSAGES` falls back to
pydantic's English message, and ``tests/i18n`` fails on any such type a request to the
app can provoke.

    >>> error = {"type": "string_too_long", "loc": ("body", "name"), "ctx": {"max_length": 50}}
    >>> [problem] = validation_problems([error])
    >>> problem.field, problem.code, problem.message.render("zh_CN")
    ('name', 'string_too_long', '最多 50 个字符')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Final

from pydantic_core import PydanticCustomError

from matching import enums
from matching.errors import FieldProblem
from matching.i18n import DEFAULT_LOCALE, Text, label

__all__ = [
    "MESSAGES",
    "Choices",
    "custom_error",
    "field_path",
    "validation_message",
    "validation_problems",
]

MESSAGE_ID: Final = "message_id"
"""The context key under which :func:`custom_error` keeps its catalogue id."""

_INTEGER = Text("Input should be a valid integer")
_NUMBER = Text("Input should be a valid number")
_BOOLEAN = Text("Input should be a valid boolean")
_STRING = Text("Input should be a valid string")
_OBJECT = Text("Input should be an object")
_DATE = Text("Input should be a date in the format YYYY-MM-DD")
_DATETIME = Text("Input should be a date and time in ISO 8601 format")
_CHOICE = Text("Input should be one of: {choices}")

MESSAGES: Final[Mapping[str, Text]] = {
    "missing": Text("Field required"),
    "extra_forbidden": Text("Extra inputs are not permitted"),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_from_float": _INTEGER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": Text("Input should be a finite number"),
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "string_type": _STRING,
    "string_unicode": _STRING,
    "string_too_short": Text("Input should have at least {min_length} characters"),
    "string_too_long": Text("Input should have at most {max_length} characters"),
    "string_pattern_mismatch": Text("Input should match the pattern {pattern}"),
    "too_short": Text("Input should have at least {min_length} items"),
    "too_long": Text("Input should have at most {max_length} items"),
    "list_type": Text("Input should be a valid list"),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "greater_than": Text("Input should be greater than {gt}"),
    "greater_than_equal": Text("Input should be greater than or equal to {ge}"),
    "less_than": Text("Input should be less than {lt}"),
    "less_than_equal": Text("Input should be less than or equal to {le}"),
    "multiple_of": Text("Input should be a multiple of {multiple_of}"),
    "enum": _CHOICE,
    "literal_error": _CHOICE,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "json_invalid": Text("The request body is not valid JSON"),
    "json_type": Text("Input should be a JSON string"),
}
"""The sentence of each generic pydantic error type, by type."""

_NOT_EMPTY: Final = {
    "string_too_short": Text("Must not be empty"),
    "too_short": Text("At least one item is required"),
}
"""Plural-free wording for the commonest limit, one: "at least 1 characters" reads badly."""

PATTERNS: Final[Mapping[str, Text]] = {
    r"^[^\x00]*$": Text("Must not contain NUL characters"),
}
"""Patterns whose meaning a person cannot read from the regular expression."""


def custom_error(code: str, message: Text) -> PydanticCustomError:
    """A validation error of type ``code`` whose message is ``message``, rendered per request.

    Raise it from a validator instead of ``ValueError``: pydantic formats the English id
    with the values for its own ``msg``, and :func:`validation_message` finds the id again
    in the error's context.
    """
    context: dict[str, Any] = {**message.params, MESSAGE_ID: message.message_id}
    return PydanticCustomError(code, message.message_id, context)


@dataclass(frozen=True)
class Choices:
    """The values an enum or literal field accepts, with their labels in Chinese.

    Chinese shows each label with the value to send (``已录用（hired）``); English shows the
    values. Labels come from the enum of :mod:`matching.enums` whose values these are.
    """

    values: tuple[str, ...]

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """The choices in ``locale``."""
        if locale == "en":
            return ", ".join(self.values)
        members = _enum_members(frozenset(self.values)) or {}
        return "、".join(
            _labelled(members[value], locale) if value in members else value
            for value in self.values
        )


def _labelled(member: Enum, locale: str) -> str:
    name = label(member, locale)
    return f"{name}（{member.value}）" if name != member.value else str(member.value)


@cache
def _enum_members(values: frozenset[str]) -> Mapping[str, Enum] | None:
    """The members of the one enum whose values are ``values`` (or hold them all)."""
    vocabularies = [
        cls
        for cls in vars(enums).values()
        if isinstance(cls, type) and issubclass(cls, Enum) and cls.__module__ == enums.__name__
    ]
    exact = [cls for cls in vocabularies if {m.value for m in cls} == values]
    holding = [cls for cls in vocabularies if values <= {m.value for m in cls}]
    found = exact or holding
    if len(found) != 1:
        return None  # no enum, or ambiguous: show the values alone
    return {member.value: member for member in found[0]}


_QUOTED = re.compile(r"'([^']*)'")


def _choices(expected: object) -> Choices:
    # pydantic lists them as "'a', 'b' or 'c'".
    return Choices(tuple(_QUOTED.findall(str(expected))))


def validation_message(error: Mapping[str, Any]) -> Text | str:
    """The message of one pydantic error: catalogue text, or pydantic's English if unknown."""
    kind = str(error.get("type", ""))
    context: Mapping[str, Any] = error.get("ctx") or {}
    if MESSAGE_ID in context:
        params = {name: value for name, value in context.items() if name != MESSAGE_ID}
        return Text(str(context[MESSAGE_ID]), **params)
    if kind == "string_pattern_mismatch" and context.get("pattern") in PATTERNS:
        return PATTERNS[context["pattern"]]
    if kind in _NOT_EMPTY and context.get("min_length") == 1:
        return _NOT_EMPTY[kind]
    template = MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", kind)).removeprefix("Value error, ")
    if kind in ("enum", "literal_error"):
        return Text(template.message_id, choices=_choices(context.get("expected", "")))
    return Text(template.message_id, **_plain(context))


def _plain(context: Mapping[str, Any]) -> dict[str, object]:
    return {
        name: _number(value) if isinstance(value, float) else value
        for name, value in context.items()
        if isinstance(value, str | int | float)
    }


def _number(value: float) -> int | float:
    # A limit of -90 is shown as pydantic shows it: "-90", not "-90.0".
    return int(value) if value.is_integer() else value


def field_path(location: Sequence[Any]) -> str:
    """``("body", "skills", 0, "skill")`` -> ``"skills[0].skill"``."""
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += "[key]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _error_field(error: Mapping[str, Any]) -> str:
    # A JSON syntax error's location is a character position, not a field.
    if error.get("type") == "json_invalid":
        return ""
    return field_path(error.get("loc", ()))


def validation_problems(errors: Iterable[Mapping[str, Any]]) -> list[FieldProblem]:
    """Every error of a validation (request body, query, form) as a field problem."""
    return [
        FieldProblem(_error_field(error), str(error.get("type", "invalid")), message)
        for error in errors
        for message in (validation_message(error),)
    ]
