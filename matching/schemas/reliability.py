"""Reliability counts shown beside matches."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.schemas.base import PublicModel, StrictModel


class SeekerReliability(PublicModel):
    """No-shows and early leaves since the record was last cleared by a clerk."""

    no_shows: int = 0
    left_early: int = 0
    cleared_at: datetime | None = Field(default=None, description="Last clerk override")


class EmployerReliability(PublicModel):
    """How an employer's proposals ended: hires that left early, candidates rejected."""

    left_early: int = 0
    rejected: int = 0


class ReliabilityOverride(StrictModel):
    """Why a seeker's no-shows and early leaves should no longer count (audited)."""

    reason: Annotated[str, StringConstraints(min_length=2, max_length=500, strip_whitespace=True)]
