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
    """What an employer sees of a proposed seeker.

    Before a hire: masked name, the posting's skills she has (levels in words), a
    distance band and her reliability in words. Once hired: her name and phone. Nothing
    at all (``withheld``) once she withdrew consent or was erased.
    """

    withheld: bool = False
    withheld_reason: str | None = None
    name: str | None = Field(default=None, description="Masked until hired (王**)")
    skills: list[str] = Field(default_factory=list, examples=[["缝纫（熟练）"]])
    skills_en: list[str] = Field(default_factory=list)
    distance_band: str | None = Field(default=None, examples=["1–3 公里"])
    reliability_zh: str | None = Field(default=None, examples=["以往推荐均按约到岗"])
    reliability_en: str | None = None
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
