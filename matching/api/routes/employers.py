"""Employers (用工主体)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from matching.api.dependencies import ContextDep, PathId, QueryId, TextQuery, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import EmployerKind
from matching.schemas.employers import EmployerCreate, EmployerPublic, EmployerUpdate
from matching.schemas.page import Page
from matching.services import employers

router = APIRouter(prefix="/employers", tags=["employers"], responses=PROBLEM_RESPONSES)
EmployerPage = Annotated[PageRequest, Depends(paging(employers.EMPLOYER_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED)
def register_employer(ctx: ContextDep, body: EmployerCreate) -> EmployerPublic:
    """Register an employer."""
    return employers.register_employer(ctx, body)


@router.get("")
def list_employers(
    ctx: ContextDep,
    page: EmployerPage,
    community_id: QueryId = None,
    kind: EmployerKind | None = None,
    q: TextQuery = None,
) -> Page[EmployerPublic]:
    """List employers."""
    return employers.list_employers(ctx, page, community_id=community_id, kind=kind, q=q)


@router.get("/{employer_id}")
def get_employer(ctx: ContextDep, employer_id: PathId) -> EmployerPublic:
    """Read an employer."""
    return employers.get_employer(ctx, employer_id)


@router.patch("/{employer_id}")
def update_employer(ctx: ContextDep, employer_id: PathId, body: EmployerUpdate) -> EmployerPublic:
    """Change an employer."""
    return employers.update_employer(ctx, employer_id, body)
