"""Proposals (推荐) and their outcomes; state changes accept an Idempotency-Key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from matching.api.dependencies import ContextDep, PathId, QueryId, paging
from matching.api.idempotency import IdempotencyKeyHeader, respond_once
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import ProposalStatus
from matching.schemas.page import Page
from matching.schemas.proposals import OutcomeIn, ProposalCreate, ProposalPublic
from matching.services import proposals
from matching.services.matching import propose_with_snapshot

router = APIRouter(prefix="/proposals", tags=["proposals"], responses=PROBLEM_RESPONSES)
ProposalPage = Annotated[PageRequest, Depends(paging(proposals.PROPOSAL_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProposalPublic)
def propose(
    ctx: ContextDep, request: Request, body: ProposalCreate, key: IdempotencyKeyHeader = None
) -> Response:
    """Propose a seeker for a posting, with the score and explanation of this moment."""
    return respond_once(
        ctx,
        request,
        key,
        body=body,
        status_code=201,
        produce=lambda: propose_with_snapshot(ctx, body),
        replay=lambda proposal_id: proposals.get_proposal(ctx, proposal_id),
        subject=lambda proposal_id: proposals.seeker_of(ctx, proposal_id),
    )


@router.get("")
def list_proposals(
    ctx: ContextDep,
    page: ProposalPage,
    seeker_id: QueryId = None,
    posting_id: QueryId = None,
    status: ProposalStatus | None = None,
) -> Page[ProposalPublic]:
    """List proposals (an employer sees those to its postings)."""
    return proposals.list_proposals(
        ctx, page, seeker_id=seeker_id, posting_id=posting_id, status=status
    )


@router.get("/{proposal_id}")
def get_proposal(ctx: ContextDep, proposal_id: PathId) -> ProposalPublic:
    """Read a proposal with its history."""
    return proposals.get_proposal(ctx, proposal_id)


@router.post("/{proposal_id}/outcomes", response_model=ProposalPublic)
def record_outcome(
    ctx: ContextDep,
    request: Request,
    proposal_id: PathId,
    body: OutcomeIn,
    key: IdempotencyKeyHeader = None,
) -> Response:
    """Record what happened: accepted, declined, interviewed, hired, rejected, no-show…"""
    return respond_once(
        ctx,
        request,
        key,
        body=body,
        status_code=200,
        produce=lambda: proposals.record_outcome(ctx, proposal_id, body),
        replay=lambda same_id: proposals.get_proposal(ctx, same_id),
        subject=lambda same_id: proposals.seeker_of(ctx, same_id),
    )
