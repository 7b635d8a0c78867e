"""Seekers (求职者). Personal data is masked in every response."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from matching.enums import ConsentScope, PayUnit, SeekerStatus, Sex, TravelMode
from matching.i18n import Text
from matching.i18n.validation import custom_error
from matching.money import check_fen
from matching.schemas.base import (
    LAX,
    Latitude,
    Longitude,
    Name,
    ObjectId,
    PatchModel,
    PublicModel,
    StrictModel,
    Text200,
)
from matching.schemas.skills import SkillRef
from matching.schemas.weekly import WeeklyRanges

ResidentIdInput = Annotated[
    str,
    StringConstraints(max_length=18, strip_whitespace=True),
    Field(description="18-character resident ID number (GB 11643), checked by its check digit"),
]
PhoneInput = Annotated[
    str, StringConstraints(max_length=20), Field(description="Mainland mobile number")
]
TravelKm = Annotated[float, Field(ge=0, le=100, description="Farthest the seeker will travel")]
PayYuan = Annotated[
    float,
    Field(ge=0, le=1_000_000, description="Yuan, at most 2 decimals"),
    AfterValidator(check_fen),
]
Note = Annotated[str, StringConstraints(max_length=200)]
_LONG_NUMBER = re.compile(r"(?:\d[-_]?){11}")


def _not_a_personal_number(value: str) -> str:
    if _LONG_NUMBER.search(value):
        raise custom_error(
            "value_error", Text("A household reference must not be a phone or ID number")
        )
    return value


HouseholdRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$"),
    AfterValidator(_not_a_personal_number),
    Field(
        description="Household reference, for zero-employment-household reporting: an opaque "
        "code such as H-0231, never a phone or ID number (no 11 digits in a row); it outlives "
        "an erasure"
    ),
]


class SeekerSkillIn(StrictModel):
    """A skill the seeker has."""

    skill: SkillRef
    level: Annotated[int, Field(ge=1, le=3, description="1 basic, 2 skilled, 3 expert")] = 1
    years: Annotated[int, Field(ge=0, le=80)] | None = None


class SeekerSkillOut(PublicModel):
    """A skill the seeker has, with its names."""

    skill: str
    name_zh: str
    name_en: str
    level: int
    years: int | None


class MinimumPay(StrictModel):
    """The lowest pay the seeker accepts, per unit."""

    amount_yuan: PayYuan
    unit: Annotated[PayUnit, LAX]


class ConsentIn(StrictModel):
    """Consent given at registration; data use is required to register."""

    data_use: bool = Field(description="Consent to collect and use personal data (required)")
    automated_matching: bool = Field(description="Consent to automated matching and proposals")


SeekerSkills = Annotated[list[SeekerSkillIn], Field(max_length=30)]


class SeekerCreate(StrictModel):
    """Registration of a seeker at a station; birth date and sex come from the ID number."""

    name: Name
    resident_id: ResidentIdInput
    phone: PhoneInput
    community_id: ObjectId
    registered_station_id: ObjectId
    lat: Latitude | None = None
    lon: Longitude | None = None
    address: Text200 | None = None
    skills: SeekerSkills = Field(default_factory=list)
    availability: WeeklyRanges = Field(default_factory=dict)
    max_travel_km: TravelKm = 3.0
    travel_mode: Annotated[TravelMode, LAX] = TravelMode.walk
    homebound: bool = Field(default=False, description="Can only take take-home work")
    caregiver: bool = False
    disability: bool = False
    disability_note: Note | None = None
    min_pay: MinimumPay | None = None
    household_ref: HouseholdRef | None = None
    consent: ConsentIn


class SeekerUpdate(PatchModel):
    """Changes to a seeker; ``skills`` replaces the whole list."""

    nullable_fields = frozenset(
        {"lat", "lon", "address", "disability_note", "min_pay", "household_ref"}
    )

    name: Name | None = None
    resident_id: ResidentIdInput | None = None
    phone: PhoneInput | None = None
    community_id: ObjectId | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    address: Text200 | None = None
    skills: SeekerSkills | None = None
    availability: WeeklyRanges | None = None
    max_travel_km: TravelKm | None = None
    travel_mode: Annotated[TravelMode, LAX] | None = None
    homebound: bool | None = None
    caregiver: bool | None = None
    disability: bool | None = None
    disability_note: Note | None = None
    min_pay: MinimumPay | None = None
    household_ref: HouseholdRef | None = None
    status: Annotated[SeekerStatus, LAX] | None = None


class SeekerLookup(StrictModel):
    """Exact lookup by resident ID number (sent in a body, never in a URL)."""

    resident_id: ResidentIdInput


class ConsentOut(PublicModel):
    """A consent record."""

    scope: ConsentScope
    station_id: int
    granted_at: datetime
    withdrawn_at: datetime | None


class SeekerPublic(PublicModel):
    """A seeker as the API shows it: ID number, phone and address masked."""

    id: int
    name: str
    resident_id_masked: str = Field(examples=["370983********123X"])
    phone_masked: str = Field(examples=["138****5678"])
    address_masked: str | None
    birth_date: date
    sex: Sex
    community_id: int
    registered_station_id: int
    lat: float
    lon: float
    location_approximate: bool
    skills: list[SeekerSkillOut]
    availability: dict[str, list[str]]
    max_travel_km: float
    travel_mode: TravelMode
    homebound: bool
    caregiver: bool
    disability: bool
    has_disability_note: bool
    min_pay: MinimumPay | None
    household_ref: str | None
    status: SeekerStatus
    consents: list[ConsentOut]
    created_at: datetime
    updated_at: datetime
