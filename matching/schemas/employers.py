"""Employers (用工主体)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.enums import EmployerKind
from matching.schemas.base import (
    LAX,
    Latitude,
    Longitude,
    LongName,
    Name,
    ObjectId,
    PatchModel,
    PublicModel,
    StrictModel,
    Text200,
)

EmployerName = LongName
PhoneInput = Annotated[
    str, StringConstraints(max_length=20), Field(description="Mainland mobile number")
]
CreditCodeInput = Annotated[
    str,
    StringConstraints(max_length=18),
    Field(description="统一社会信用代码 (GB 32100), checked by its check character"),
]


class EmployerCreate(StrictModel):
    """A new employer; location defaults to its community's."""

    name: EmployerName
    kind: Annotated[EmployerKind, LAX]
    contact_name: Name
    contact_phone: PhoneInput
    credit_code: CreditCodeInput | None = None
    address: Text200 | None = None
    community_id: ObjectId
    lat: Latitude | None = None
    lon: Longitude | None = None


class EmployerUpdate(PatchModel):
    """Changes to an employer."""

    nullable_fields = frozenset({"credit_code", "address"})

    name: EmployerName | None = None
    kind: Annotated[EmployerKind, LAX] | None = None
    contact_name: Name | None = None
    contact_phone: PhoneInput | None = None
    credit_code: CreditCodeInput | None = None
    address: Text200 | None = None
    community_id: ObjectId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class EmployerPublic(PublicModel):
    """An employer as the API shows it; contact phone masked, contact null outside scope."""

    id: int
    name: str
    kind: EmployerKind
    contact_name: str | None
    contact_phone_masked: str | None
    credit_code: str | None
    address: str | None
    community_id: int
    lat: float
    lon: float
    location_approximate: bool
    created_at: datetime
    updated_at: datetime
