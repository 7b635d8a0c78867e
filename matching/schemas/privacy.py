"""Revealing personal data, changing consent, erasing a seeker."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from matching.enums import ConsentScope
from matching.schemas.base import LAX, PublicModel, StrictModel

PiiField = Literal["resident_id", "phone", "address", "disability_note"]
Reason = Annotated[
    str,
    StringConstraints(min_length=2, max_length=500, strip_whitespace=True),
    Field(description="Why this is needed; kept in the audit log"),
]


class RevealRequest(StrictModel):
    """Which full values to show, and why (audited)."""

    fields: Annotated[list[PiiField], Field(min_length=1, max_length=4)]
    reason: Reason


class RevealedPii(PublicModel):
    """Full personal data of a seeker; only the fields asked for are set."""

    seeker_id: int
    resident_id: str | None = None
    phone: str | None = None
    address: str | None = None
    disability_note: str | None = None


class ConsentChange(StrictModel):
    """Grant or withdraw one scope of consent (audited)."""

    scope: Annotated[ConsentScope, LAX]
    granted: bool
    reason: Reason


class ErasureRequest(StrictModel):
    """Why the seeker's personal data is erased (audited)."""

    reason: Reason


class ErasureResult(PublicModel):
    """What remains of an erased seeker: a pseudonymous reference for the audit log."""

    seeker_id: int
    erased_at: datetime
    audit_ref: str
