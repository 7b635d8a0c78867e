"""Base models and reusable field types.

Input is strict: unknown fields are rejected and nothing is coerced (``false`` is
not a headcount, ``"3"`` is not a number). Enums and dates arrive as JSON strings,
so they are the only fields validated in lax mode, and dates must be ISO strings.

All request text is NFC-normalised before it is validated, stored or searched, so
``e`` + combining acute and ``é`` are the same name. Names and titles must not hide
invisible or bidirectional control characters (:data:`VISIBLE`).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
)

from matching.i18n import Text
from matching.i18n.validation import custom_error

NUL_MESSAGE = Text("Must not contain NUL characters")
INVISIBLE_MESSAGE = Text("Must not contain invisible or bidirectional control characters")
_ORDINARY_WHITESPACE = frozenset("\t\n\r")


def nfc(value: Any) -> Any:
    """``value`` with every string in it (also in lists and dicts) in Unicode NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return type(value)(nfc(item) for item in value)
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


def _visible(value: str) -> str:
    # Control (Cc) and format (Cf) characters: zero-width spaces and joiners
    # (U+200B-U+200D), direction marks, embeddings, overrides and isolates
    # (U+200E/F, U+202A-E, U+2066-9), the BOM (U+FEFF) and the like. They make
    # two different names look the same, or one name display as another.
    for char in value:
        if char not in _ORDINARY_WHITESPACE and unicodedata.category(char) in ("Cc", "Cf"):
            raise custom_error("invisible_character", INVISIBLE_MESSAGE)
    return value


VISIBLE = AfterValidator(_visible)
"""Marks a name-like text field that must not carry invisible or control characters."""


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


class StrictModel(BaseModel):
    """Base of request bodies: no unknown fields, no type coercion, no NUL characters
    (PostgreSQL cannot store them in text)."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_text(cls, value: Any) -> Any:
        return nfc(value)

    @field_validator("*", mode="after")
    @classmethod
    def _reject_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise custom_error("value_error", NUL_MESSAGE)
        return value


def _drop_null_where_not_nullable(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The documented schema of a PATCH body allows ``null`` only where it is accepted."""
    nullable: frozenset[str] = getattr(model, "nullable_fields", frozenset())
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name in nullable or not options:
            continue
        kept = [option for option in options if option.get("type") != "null"]
        if len(kept) == 1:
            prop.pop("anyOf")
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept


class PatchModel(StrictModel):
    """Base of ``*Update`` bodies: every field optional, ``null`` only where nullable."""

    model_config = ConfigDict(json_schema_extra=_drop_null_where_not_nullable)
    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _reject_null_for_required(cls, value: Any, info: Any) -> Any:
        if value is None and info.field_name not in cls.nullable_fields:
            raise custom_error("value_error", Text("Must not be null"))
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class PublicModel(BaseModel):
    """Base of response bodies."""

    model_config = ConfigDict(from_attributes=True)


def _require_iso_string(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise custom_error("value_error", Text("A date must be a YYYY-MM-DD string"))
    return value


IsoDate = Annotated[date, BeforeValidator(_require_iso_string), Strict(False)]
Latitude = Annotated[float, Field(ge=-90, le=90, description="WGS84 latitude, degrees")]
Longitude = Annotated[float, Field(ge=-180, le=180, description="WGS84 longitude, degrees")]
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True), VISIBLE
]
"""A person's or a place's name (seeker, display name, contact, community)."""
LongName = Annotated[str, StringConstraints(min_length=1, max_length=100), VISIBLE]
"""An organisation's, a station's or a token's name."""
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True), VISIBLE
]
Text200 = Annotated[str, StringConstraints(max_length=200, strip_whitespace=True)]
ObjectId = Annotated[int, Field(ge=1, le=2**31 - 1)]

LAX = Strict(False)
"""Marks an enum field as accepting its JSON string values: ``Annotated[Kind, LAX]``."""
