"""Postings (岗位)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from matching.enums import PayUnit, PhysicalDemand, PostingKind, PostingStatus, WorkMode
from matching.money import check_fen
from matching.schemas.base import (
    LAX,
    VISIBLE,
    IsoDate,
    Latitude,
    Longitude,
    ObjectId,
    PatchModel,
    PublicModel,
    StrictModel,
    Title,
)
from matching.schemas.skills import SkillRef
from matching.schemas.weekly import WeeklyRanges

Headcount = Annotated[int, Field(ge=1, le=1000, description="People wanted")]
DeliveryKm = Annotated[
    float,
    Field(
        gt=0,
        le=50,
        description="Road km from the pick-up point within which materials are delivered",
    ),
]
PayYuan = Annotated[
    float,
    Field(gt=0, le=1_000_000, description="Pay per `pay_unit`, in yuan, at most 2 decimals"),
    AfterValidator(check_fen),
]
Description = Annotated[str, StringConstraints(max_length=2000)]
PlaceName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    VISIBLE,
    Field(description="Work place, or the pick-up point of take-home work"),
]
ClientStatus = Annotated[
    PostingStatus,
    LAX,
    Field(
        description="`filled` is set by the service when hires reach the headcount; "
        "`ended` is read from `end_date`, never set"
    ),
]


class PostingSkillIn(StrictModel):
    """A skill the posting asks for."""

    skill: SkillRef
    min_level: Annotated[int, Field(ge=1, le=3)] = 1
    required: bool = True


class PostingSkillOut(PublicModel):
    """A skill the posting asks for, with its names."""

    skill: str
    name_zh: str
    name_en: str
    min_level: int
    required: bool


PostingSkills = Annotated[list[PostingSkillIn], Field(max_length=20)]


class PostingCreate(StrictModel):
    """A new posting; place defaults to the employer's location and community."""

    employer_id: ObjectId
    title: Title
    description: Description = ""
    kind: Annotated[PostingKind, LAX]
    work_mode: Annotated[WorkMode, LAX]
    skills: PostingSkills = Field(default_factory=list)
    headcount: Headcount
    pay_yuan: PayYuan
    pay_unit: Annotated[PayUnit, LAX]
    place_name: PlaceName
    community_id: ObjectId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    schedule: WeeklyRanges | None = Field(
        default=None, description="Weekly hours; null when the seeker chooses (take-home work)"
    )
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    physical_demand: Annotated[PhysicalDemand, LAX] = PhysicalDemand.light
    wheelchair_accessible: bool = False
    materials_delivered: bool = Field(
        default=False,
        description="Take-home work: materials are brought to homes within "
        "`delivery_radius_km` of the pick-up point (else each seeker fetches them, within "
        "her own travel limit)",
    )
    delivery_radius_km: DeliveryKm | None = None
    status: ClientStatus = PostingStatus.open


class PostingUpdate(PatchModel):
    """Changes to a posting; ``skills`` replaces the whole list."""

    nullable_fields = frozenset({"schedule", "start_date", "end_date", "delivery_radius_km"})

    title: Title | None = None
    description: Description | None = None
    kind: Annotated[PostingKind, LAX] | None = None
    work_mode: Annotated[WorkMode, LAX] | None = None
    skills: PostingSkills | None = None
    headcount: Headcount | None = None
    pay_yuan: PayYuan | None = None
    pay_unit: Annotated[PayUnit, LAX] | None = None
    place_name: PlaceName | None = None
    community_id: ObjectId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    schedule: WeeklyRanges | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    physical_demand: Annotated[PhysicalDemand, LAX] | None = None
    wheelchair_accessible: bool | None = None
    materials_delivered: bool | None = None
    delivery_radius_km: DeliveryKm | None = None
    status: ClientStatus | None = None


class PostingPublic(PublicModel):
    """A posting as the API shows it."""

    id: int
    employer_id: int
    title: str
    description: str
    kind: PostingKind
    work_mode: WorkMode
    skills: list[PostingSkillOut]
    headcount: int
    hires: int = Field(description="People hired so far (a hire who left early frees the place)")
    vacancies: int = Field(
        description="Places still to fill: headcount - hires while `open`, else 0"
    )
    pay_yuan: float
    pay_unit: PayUnit
    place_name: str
    community_id: int
    lat: float
    lon: float
    location_approximate: bool
    schedule: dict[str, list[str]] | None
    start_date: date | None
    end_date: date | None
    physical_demand: PhysicalDemand
    wheelchair_accessible: bool
    materials_delivered: bool
    delivery_radius_km: float | None
    status: PostingStatus = Field(
        description="`ended` once `end_date` is before the city's local today, whatever "
        "was stored: an ended posting takes no proposals and no hires"
    )
    created_at: datetime
    updated_at: datetime
