"""The audit log: append a row for every sensitive action; list them for administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from matching.db.models import AuditEvent
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import AuditAction
from matching.schemas.audit import AuditEventPublic
from matching.schemas.page import Page
from matching.services.context import ServiceContext


def record_audit(
    ctx: ServiceContext,
    action: AuditAction,
    *,
    object_type: str,
    object_ref: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Append one audit row. ``object_ref`` must be pseudonymous and ``details`` free of PII."""
    actor = ctx.actor
    ctx.session.add(
        AuditEvent(
            actor_user_id=actor.user_id if actor else None,
            actor_role=actor.role if actor else None,
            action=action,
            object_type=object_type,
            object_ref=object_ref,
            reason=reason,
            details=details or {},
        )
    )
    ctx.session.flush()


AUDIT_SORTS = {"at": AuditEvent.at}
"""Sort keys of :func:`list_audit_events`; the API documents them."""


def list_audit_events(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    action: AuditAction | None = None,
    object_ref: str | None = None,
    actor_user_id: int | None = None,
) -> Page[AuditEventPublic]:
    """List audit rows, newest first unless sorted otherwise."""
    statement = select(AuditEvent)
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    if object_ref:
        statement = statement.where(AuditEvent.object_ref == object_ref)
    if actor_user_id is not None:
        statement = statement.where(AuditEvent.actor_user_id == actor_user_id)
    sort = page.sort or "-at"
    statement = sorted_by(statement, sort, AUDIT_SORTS, tiebreak=AuditEvent.id.desc())
    rows, total = fetch_page(ctx.session, statement, page)
    items = [AuditEventPublic.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
