"""Subdistricts, communities and stations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.enums import CommunityKind, StationKind, SubdistrictKind
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

SubdistrictCode = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
CommunityCode = Annotated[str, StringConstraints(pattern=r"^\d{12}$")]
StationCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{2,32}$")]


class SubdistrictCreate(StrictModel):
    """A new 街道 or 镇."""

    code: SubdistrictCode = Field(description="9-digit statistical division code")
    name: Name
    kind: Annotated[SubdistrictKind, LAX]
    lat: Latitude
    lon: Longitude
    location_approximate: bool = True


class SubdistrictUpdate(PatchModel):
    """Changes to a subdistrict."""

    name: Name | None = None
    kind: Annotated[SubdistrictKind, LAX] | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    location_approximate: bool | None = None


class SubdistrictPublic(PublicModel):
    """A subdistrict as the API shows it."""

    id: int
    code: str
    name: str
    kind: SubdistrictKind
    lat: float
    lon: float
    location_approximate: bool
    created_at: datetime
    updated_at: datetime


class CommunityCreate(StrictModel):
    """A new 社区 or 村."""

    code: CommunityCode = Field(description="12-digit statistical division code")
    name: Name
    kind: Annotated[CommunityKind, LAX]
    subdistrict_id: ObjectId
    lat: Latitude
    lon: Longitude
    location_approximate: bool = True


class CommunityUpdate(PatchModel):
    """Changes to a community."""

    name: Name | None = None
    kind: Annotated[CommunityKind, LAX] | None = None
    subdistrict_id: ObjectId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    location_approximate: bool | None = None


class CommunityPublic(PublicModel):
    """A community as the API shows it."""

    id: int
    code: str
    name: str
    kind: CommunityKind
    subdistrict_id: int
    lat: float
    lon: float
    location_approximate: bool
    created_at: datetime
    updated_at: datetime


class StationCreate(StrictModel):
    """A new window or station; location defaults to its community's."""

    code: StationCode
    name: LongName
    kind: Annotated[StationKind, LAX]
    community_id: ObjectId
    address: Text200 | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class StationUpdate(PatchModel):
    """Changes to a station."""

    nullable_fields = frozenset({"address"})

    name: LongName | None = None
    kind: Annotated[StationKind, LAX] | None = None
    community_id: ObjectId | None = None
    address: Text200 | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class StationPublic(PublicModel):
    """A station as the API shows it."""

    id: int
    code: str
    name: str
    kind: StationKind
    community_id: int
    address: str | None
    lat: float
    lon: float
    location_approximate: bool
    created_at: datetime
    updated_at: datetime
