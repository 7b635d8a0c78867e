"""Audit rows as administrators see them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from matching.enums import AuditAction, Role
from matching.schemas.base import PublicModel


class AuditEventPublic(PublicModel):
    """One audit row."""

    id: int
    at: datetime
    actor_user_id: int | None
    actor_role: Role | None
    action: AuditAction
    object_type: str
    object_ref: str
    reason: str
    details: dict[str, Any]
