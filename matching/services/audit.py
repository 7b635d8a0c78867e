"""The audit log: append a row for every sensitive action; list them for administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from matching.db.models import AuditEvent, Seeker
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import AuditAction
from matching.schemas.audit import AuditEventPublic
from matching.schemas.page import Page
from matching.services.context import ServiceContext
from matching.services.seeker_texts import open_note, seal_note

REASON_FIELD = "audit_events.reason"


def record_audit(
    ctx: ServiceContext,
    action: AuditAction,
    *,
    object_type: str,
    object_ref: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
    about: Seeker | None = None,
) -> None:
    """Append one audit row. ``object_ref`` must be pseudonymous and ``details`` free of PII.

    A row ``about`` a person keeps its reason sealed with her text key, so that erasing
    her leaves the row in place and the reason unreadable.
    """
    actor = ctx.actor
    sealed = seal_note(ctx, about, reason, where=REASON_FIELD) if about is not None else None
    ctx.session.add(
        AuditEvent(
            actor_user_id=actor.user_id if actor else None,
            actor_role=actor.role if actor else None,
            action=action,
            object_type=object_type,
            object_ref=object_ref,
            reason=reason if about is None else "",
            seeker_id=about.id if about is not None else None,
            reason_enc=sealed,
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
    people = {row.seeker_id for row in rows if row.seeker_id is not None}
    seekers = {s.id: s for s in ctx.session.scalars(select(Seeker).where(Seeker.id.in_(people)))}
    items = [
        AuditEventPublic.model_validate(row).model_copy(
            update={"reason": _reason(ctx, row, seekers)}
        )
        for row in rows
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _reason(ctx: ServiceContext, row: AuditEvent, seekers: dict[int, Seeker]) -> str:
    if row.seeker_id is None:
        return row.reason
    return open_note(ctx, seekers[row.seeker_id], row.reason_enc, where=REASON_FIELD)
