"""Plain records of the demo city: what goes in (places, skills, sizes) and what comes out.

Nothing here knows about the database: the service layer turns these records into rows.
Records refer to each other by position (``employer_index``) or by code
(``station_code``), never by database id, except for the reference data they were
generated from (community and skill ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from matching.engine.weekly import WeekSlots
from matching.enums import (
    EmployerKind,
    PayUnit,
    PhysicalDemand,
    PostingKind,
    PostingStatus,
    SeekerStatus,
    Sex,
    StationKind,
    TravelMode,
    WorkMode,
)


@dataclass(frozen=True, slots=True)
class DemoSizes:
    """How big the demo city is; the defaults are the scale of the product brief.

    ``postings`` counts open postings; a few drafts and closed ones come on top.
    ``factories`` counts micro-factories and handicraft workshops together (with the
    ``gig_stations`` they make the brief's 156 "micro-factories and gig stations").
    """

    seekers: int = 10_000
    postings: int = 1_500
    factories: int = 110
    other_employers: int = 150
    service_stations: int = 70
    gig_stations: int = 46

    def __post_init__(self) -> None:
        for name in ("seekers", "postings", "factories", "other_employers"):
            if getattr(self, name) < 1:
                raise ValueError(f"DemoSizes.{name} must be at least 1")
        if self.service_stations < 0 or self.gig_stations < 0:
            raise ValueError("DemoSizes station counts must not be negative")


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A town (``subdistrict_id`` None) or a community (with its town's id) to build on."""

    id: int
    code: str
    name: str
    kind: str
    lat: float
    lon: float
    subdistrict_id: int | None = None


@dataclass(frozen=True, slots=True)
class SkillRef:
    """A skill of the taxonomy, by database id and code."""

    id: int
    code: str
    category_code: str


@dataclass(frozen=True, slots=True)
class StationRecord:
    """A window (窗口), gig station (零工驿站) or employment service station (就业服务驿站)."""

    code: str
    name: str
    kind: StationKind
    community_id: int
    subdistrict_id: int
    lat: float
    lon: float
    address: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    """An employer; ``industry`` says which postings it publishes."""

    uid: str
    name: str
    kind: EmployerKind
    industry: str
    contact_name: str
    contact_phone: str
    credit_code: str | None
    address: str
    community_id: int
    lat: float
    lon: float
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PostingSkillRecord:
    """A skill asked for by a posting."""

    skill_id: int
    min_level: int
    required: bool


@dataclass(frozen=True, slots=True)
class PostingRecord:
    """A posting of ``employers[employer_index]``."""

    employer_index: int
    community_id: int
    title: str
    description: str
    kind: PostingKind
    work_mode: WorkMode
    headcount: int
    pay_yuan: Decimal
    pay_unit: PayUnit
    place_name: str
    lat: float
    lon: float
    schedule: WeekSlots | None
    start_date: date | None
    end_date: date | None
    physical_demand: PhysicalDemand
    wheelchair_accessible: bool
    status: PostingStatus
    created_at: datetime
    skills: tuple[PostingSkillRecord, ...]


@dataclass(frozen=True, slots=True)
class SeekerSkillRecord:
    """A skill a seeker has."""

    skill_id: int
    level: int
    years: int | None


@dataclass(frozen=True, slots=True)
class SeekerRecord:
    """A seeker with plain-text personal data (the service encrypts it)."""

    uid: str
    name: str
    resident_id: str
    birth_date: date
    sex: Sex
    phone: str
    address: str | None
    community_id: int
    lat: float
    lon: float
    availability: WeekSlots
    max_travel_km: float
    travel_mode: TravelMode
    homebound: bool
    caregiver: bool
    disability: bool
    disability_note: str | None
    min_pay_yuan: Decimal | None
    min_pay_unit: PayUnit | None
    status: SeekerStatus
    household_ref: str
    station_code: str
    automated_matching: bool
    created_at: datetime
    skills: tuple[SeekerSkillRecord, ...]


@dataclass(frozen=True, slots=True)
class DemoCity:
    """Everything generated for one seed, ready to insert."""

    stations: tuple[StationRecord, ...]
    employers: tuple[EmployerRecord, ...]
    postings: tuple[PostingRecord, ...]
    seekers: tuple[SeekerRecord, ...]
