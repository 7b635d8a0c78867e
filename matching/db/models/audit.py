"""The append-only audit log. The database itself refuses UPDATE, DELETE and TRUNCATE (0008)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from matching.db.base import Base, UtcDateTime, enum_column, utcnow
from matching.enums import AuditAction, Role


class AuditEvent(Base):
    """Who did what to which object, when and why. ``object_ref`` is pseudonymous."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_role: Mapped[Role | None] = mapped_column(enum_column(Role, "role"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    object_type: Mapped[str] = mapped_column(String(32))
    object_ref: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    seeker_id: Mapped[int | None] = mapped_column(
        index=True, doc="The seeker the row is about, if any (like object_ref, not a key)"
    )
    reason_enc: Mapped[bytes | None] = mapped_column(
        LargeBinary, doc="The reason, sealed with that person's text key; ``reason`` is then ''"
    )
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
