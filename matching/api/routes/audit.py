"""The audit log (administrators only; read-only: no route changes or deletes a row)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from matching.api.dependencies import NO_NUL, ContextDep, QueryId, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import AuditAction
from matching.schemas.audit import AuditEventPublic
from matching.schemas.page import Page
from matching.services import audit

router = APIRouter(tags=["audit"], responses=PROBLEM_RESPONSES)
AuditPage = Annotated[PageRequest, Depends(paging(audit.AUDIT_SORTS))]


@router.get("/audit-events")
def list_audit_events(
    ctx: ContextDep,
    page: AuditPage,
    action: AuditAction | None = None,
    object_ref: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    actor_user_id: QueryId = None,
) -> Page[AuditEventPublic]:
    """List audit rows, newest first."""
    return audit.list_audit_events(
        ctx, page, action=action, object_ref=object_ref, actor_user_id=actor_user_id
    )
