"""Match lists: who fits a posting, what fits a seeker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from matching.api.dependencies import Credentials, PathId, in_one_thread
from matching.api.problems import PROBLEM_RESPONSES
from matching.api.responses import json_body
from matching.schemas.matches import PostingMatches, SeekerMatches
from matching.services.matching import MatchQuery, match_postings, match_seekers

router = APIRouter(tags=["matching"], responses=PROBLEM_RESPONSES)
Limit = Annotated[int, Query(ge=1, le=100, description="How many results")]
Radius = Annotated[
    float | None, Query(gt=0, le=50, description="Only within this many km (road estimate)")
]
MinScore = Annotated[float | None, Query(ge=0, le=100, description="Only scores at least this")]


@router.get("/postings/{posting_id}/matches", response_model=PostingMatches)
async def seekers_for_posting(
    request: Request,
    credentials: Credentials,
    posting_id: PathId,
    limit: Limit = 20,
    radius_km: Radius = None,
    min_score: MinScore = None,
) -> Response:
    """The best seekers for a posting, each with its reasons; other scopes as referral cards."""
    query = MatchQuery(limit=limit, radius_km=radius_km, min_score=min_score)
    return await in_one_thread(
        request, credentials, lambda ctx: json_body(match_seekers(ctx, posting_id, query))
    )


@router.get("/seekers/{seeker_id}/matches", response_model=SeekerMatches)
async def postings_for_seeker(
    request: Request,
    credentials: Credentials,
    seeker_id: PathId,
    limit: Limit = 20,
    radius_km: Radius = None,
    min_score: MinScore = None,
) -> Response:
    """The best postings for a seeker, each with its reasons."""
    query = MatchQuery(limit=limit, radius_km=radius_km, min_score=min_score)
    return await in_one_thread(
        request, credentials, lambda ctx: json_body(match_postings(ctx, seeker_id, query))
    )
