"""Proposals (推荐) and their outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from matching.enums import ProposalStatus, ReasonCode
from matching.schemas.base import LAX, ObjectId, PublicModel, StrictModel

Note = Annotated[str, StringConstraints(max_length=500, strip_whitespace=True)]


class ProposalCreate(StrictModel):
    """Propose a seeker for a posting."""

    seeker_id: ObjectId
    posting_id: ObjectId
    note: Note = ""


class OutcomeIn(StrictModel):
    """What happened next. Declines and rejections need a reason code."""

    status: Annotated[ProposalStatus, LAX]
    reason_code: Annotated[ReasonCode, LAX] | None = None
    note: Note = ""


class ProposalEventOut(PublicModel):
    """One step of a proposal's history."""

    at: datetime
    actor_user_id: int | None
    from_status: ProposalStatus | None
    to_status: ProposalStatus
    reason_code: ReasonCode | None
    note: str


class CandidateView(PublicModel):
    """What an employer sees of a proposed seeker: no ID, phone masked until hired."""

    name: str
    skills: list[str]
    distance_band: str
    phone_masked: str | None = None
    phone: str | None = Field(default=None, description="Full phone, only once hired")


class ProposalPublic(PublicModel):
    """A proposal with the score and explanation it had when made."""

    id: int
    seeker_id: int | None = Field(description="Null in the employer's view")
    posting_id: int
    station_id: int | None
    proposed_by_user_id: int | None
    status: ProposalStatus
    reason_code: ReasonCode | None
    score: float | None
    model_version: str
    explanation: dict[str, Any]
    hired_at: datetime | None
    ended_at: datetime | None
    created_at: datetime
    updated_at: datetime
    events: list[ProposalEventOut]
    candidate: CandidateView | None = Field(default=None, description="The employer's view")
