"""Referrals to the station that holds a seeker."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.enums import ReferralStatus
from matching.schemas.base import LAX, PublicModel, StrictModel

Note = Annotated[str, StringConstraints(max_length=500, strip_whitespace=True)]


class ReferralCreate(StrictModel):
    """Refer the seeker behind a referral card to its station."""

    referral_ref: Annotated[
        str, StringConstraints(min_length=20, max_length=200, pattern=r"^r1_[A-Za-z0-9_-]+$")
    ] = Field(description="From a referral card of a match list (opaque; expires)")
    note: Note = ""


class ReferralUpdate(StrictModel):
    """The holding station's answer."""

    status: Annotated[ReferralStatus, LAX]


class ReferralPublic(PublicModel):
    """A referral; ``seeker_id`` only for the station that holds the seeker."""

    id: int
    posting_id: int
    seeker_id: int | None
    from_station_id: int | None
    to_station_id: int
    note: str
    status: ReferralStatus
    created_at: datetime
    handled_at: datetime | None
