"""Referrals to the station that holds a seeker of another scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from matching.api.dependencies import ContextDep, PathId, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import ReferralStatus
from matching.schemas.page import Page
from matching.schemas.referrals import ReferralCreate, ReferralPublic, ReferralUpdate
from matching.services import referrals

router = APIRouter(prefix="/referrals", tags=["referrals"], responses=PROBLEM_RESPONSES)
ReferralPage = Annotated[PageRequest, Depends(paging(referrals.REFERRAL_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED)
def refer(ctx: ContextDep, body: ReferralCreate) -> ReferralPublic:
    """Refer the seeker behind a referral card to its station."""
    return referrals.refer(ctx, body)


@router.get("")
def list_referrals(
    ctx: ContextDep, page: ReferralPage, status: ReferralStatus | None = None
) -> Page[ReferralPublic]:
    """Referrals sent by this station or about seekers it holds."""
    return referrals.list_referrals(ctx, page, status=status)


@router.patch("/{referral_id}")
def answer_referral(ctx: ContextDep, referral_id: PathId, body: ReferralUpdate) -> ReferralPublic:
    """Mark a referral proposed or dismissed (the holding station)."""
    return referrals.answer_referral(ctx, referral_id, body)
