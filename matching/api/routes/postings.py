"""Postings (岗位)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from matching.api.dependencies import ContextDep, PathId, QueryId, TextQuery, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import PostingKind, PostingStatus, WorkMode
from matching.schemas.page import Page
from matching.schemas.postings import PostingCreate, PostingPublic, PostingUpdate
from matching.services import postings

router = APIRouter(prefix="/postings", tags=["postings"], responses=PROBLEM_RESPONSES)
PostingPage = Annotated[PageRequest, Depends(paging(postings.POSTING_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED)
def publish_posting(ctx: ContextDep, body: PostingCreate) -> PostingPublic:
    """Publish a posting."""
    return postings.publish_posting(ctx, body)


@router.get("")
def list_postings(
    ctx: ContextDep,
    page: PostingPage,
    employer_id: QueryId = None,
    community_id: QueryId = None,
    subdistrict_id: QueryId = None,
    status: Annotated[
        PostingStatus | None,
        Query(description="Status as read today: `ended` once the end date has passed"),
    ] = None,
    has_vacancies: Annotated[
        bool | None,
        Query(description="true: open today with a place left; false: every other posting"),
    ] = None,
    kind: PostingKind | None = None,
    work_mode: WorkMode | None = None,
    skill: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,63}$")] = None,
    q: TextQuery = None,
) -> Page[PostingPublic]:
    """List postings."""
    return postings.list_postings(
        ctx,
        page,
        employer_id=employer_id,
        community_id=community_id,
        subdistrict_id=subdistrict_id,
        status=status,
        has_vacancies=has_vacancies,
        kind=kind,
        work_mode=work_mode,
        skill=skill,
        q=q,
    )


@router.get("/{posting_id}")
def get_posting(ctx: ContextDep, posting_id: PathId) -> PostingPublic:
    """Read a posting."""
    return postings.get_posting(ctx, posting_id)


@router.patch("/{posting_id}")
def update_posting(ctx: ContextDep, posting_id: PathId, body: PostingUpdate) -> PostingPublic:
    """Change a posting."""
    return postings.update_posting(ctx, posting_id, body)
