"""Seekers (求职者). The resident ID number never appears in a URL."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from matching.api.dependencies import (
    NO_NUL,
    SEARCH_TEXT,
    ContextDep,
    PathId,
    QueryId,
    paging,
)
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import SeekerStatus
from matching.schemas.page import Page
from matching.schemas.privacy import (
    ConsentChange,
    ErasureRequest,
    ErasureResult,
    RevealedPii,
    RevealRequest,
)
from matching.schemas.reliability import ReliabilityOverride, SeekerReliability
from matching.schemas.seekers import SeekerCreate, SeekerLookup, SeekerPublic, SeekerUpdate
from matching.services import privacy, reliability, seekers

router = APIRouter(prefix="/seekers", tags=["seekers"], responses=PROBLEM_RESPONSES)
SeekerPage = Annotated[PageRequest, Depends(paging(seekers.SEEKER_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED)
def register_seeker(ctx: ContextDep, body: SeekerCreate) -> SeekerPublic:
    """Register a seeker; a second registration of the same ID number is a 409."""
    return seekers.register_seeker(ctx, body)


@router.post("/lookup")
def lookup_seeker(ctx: ContextDep, body: SeekerLookup) -> SeekerPublic:
    """Find the seeker with exactly this resident ID number (sent in the body)."""
    return seekers.lookup_seeker(ctx, body.resident_id)


@router.get("")
def list_seekers(
    ctx: ContextDep,
    page: SeekerPage,
    community_id: QueryId = None,
    subdistrict_id: QueryId = None,
    station_id: QueryId = None,
    status: SeekerStatus | None = None,
    homebound: bool | None = None,
    skill: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,63}$")] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=20,
            pattern=NO_NUL,
            description="Name fragment, pinyin or initials (zs), or phone tail (5678)",
        ),
        SEARCH_TEXT,
    ] = None,
) -> Page[SeekerPublic]:
    """List and find seekers."""
    return seekers.list_seekers(
        ctx,
        page,
        community_id=community_id,
        subdistrict_id=subdistrict_id,
        station_id=station_id,
        status=status,
        homebound=homebound,
        skill=skill,
        q=q,
    )


@router.get("/{seeker_id}")
def get_seeker(ctx: ContextDep, seeker_id: PathId) -> SeekerPublic:
    """Read a seeker."""
    return seekers.get_seeker(ctx, seeker_id)


@router.patch("/{seeker_id}")
def update_seeker(ctx: ContextDep, seeker_id: PathId, body: SeekerUpdate) -> SeekerPublic:
    """Change a seeker's record."""
    return seekers.update_seeker(ctx, seeker_id, body)


@router.post("/{seeker_id}/reveal")
def reveal_personal_data(ctx: ContextDep, seeker_id: PathId, body: RevealRequest) -> RevealedPii:
    """Show full ID number, phone, address or disability note; writes an audit row."""
    return privacy.reveal_personal_data(ctx, seeker_id, body)


@router.post("/{seeker_id}/consents")
def change_consent(ctx: ContextDep, seeker_id: PathId, body: ConsentChange) -> SeekerPublic:
    """Grant or withdraw consent (data use, automated matching); audited, effective at once."""
    return privacy.change_consent(ctx, seeker_id, body)


@router.post("/{seeker_id}/erasure")
def erase_seeker(ctx: ContextDep, seeker_id: PathId, body: ErasureRequest) -> ErasureResult:
    """Erase the seeker's personal data; counts in reports stay; audited."""
    return privacy.erase_seeker(ctx, seeker_id, reason=body.reason)


@router.post("/{seeker_id}/reliability-override")
def clear_reliability(
    ctx: ContextDep, seeker_id: PathId, body: ReliabilityOverride
) -> SeekerReliability:
    """Stop counting the seeker's past no-shows and early leaves, with a reason (audited)."""
    return reliability.clear_seeker_reliability(ctx, seeker_id, reason=body.reason)
