"""Placement plans: an optimal assignment of a scope's seekers to open postings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from matching.schemas.base import ObjectId, PublicModel, StrictModel
from matching.schemas.matches import (
    Explanation,
    FactorOut,
    PostingCard,
    PriorityOut,
    ReferralCard,
    ScoreOut,
    SeekerCard,
)
from matching.schemas.reliability import EmployerReliability, SeekerReliability

PlanScope = Literal["station", "community", "city"]


class PlanCreate(StrictModel):
    """Plan the seekers of a station, a community or the whole city (admins only)."""

    scope: PlanScope = Field(
        description="station: seekers registered there; community: living there; city: all"
    )
    station_id: ObjectId | None = Field(default=None, description="Required for scope=station")
    community_id: ObjectId | None = Field(default=None, description="Required for scope=community")
    limit_per_posting: Annotated[int, Field(ge=1, le=100)] | None = Field(
        default=None,
        description="Candidates kept per posting; default 3 × vacancies + 10",
    )
    min_score: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None, description="Only pairs scoring at least this (0-100)"
    )


class PlanLine(PublicModel):
    """One proposed placement: turn it into a proposal with POST /api/v1/proposals."""

    line: int
    posting: PostingCard
    employer_reliability: EmployerReliability
    seeker: SeekerCard | None = Field(description="Null outside the caller's scope")
    referral: ReferralCard | None = Field(description="Set outside the caller's scope")
    reliability: SeekerReliability | None = Field(description="Null on referral cards")
    score: ScoreOut | None = Field(description="Fit 0-100; null on referral cards")
    priority: PriorityOut | None = Field(description="Null on referral cards")
    distance_km: float | None = Field(description="Null on referral cards")
    travel_minutes: float | None = Field(description="Null on referral cards")
    factors: list[FactorOut] = Field(description="Empty on referral cards")
    explanation: Explanation
    spoken: Explanation


class PlanTotals(PublicModel):
    """What the plan covers and achieves."""

    lines: int = Field(description="Seekers placed (one line each)")
    total_score: float = Field(description="Sum of the lines' scores (0-100 each)")
    seekers_considered: int = Field(description="Active, consented seekers in scope")
    postings_considered: int = Field(description="Open postings with vacancies left")
    vacancies_considered: int = Field(description="Their vacancies, headcount minus hires")


class PlanPublic(PublicModel):
    """A proposed assignment maximising the total score under headcount; not stored."""

    scope: PlanScope
    station_id: int | None
    community_id: int | None
    model: str = Field(description="Which weights scored the pairs")
    solver: str = Field(description="How the assignment was found")
    lines: list[PlanLine]
    totals: PlanTotals
