"""Proposals (推荐): a seeker proposed for a posting, and the append-only history of each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin, UtcDateTime, enum_column, utcnow
from matching.enums import ProposalStatus, ReasonCode

OPEN_STATUSES = ("proposed", "accepted", "interviewed")
_OPEN_SQL = "status IN ('proposed', 'accepted', 'interviewed')"


class Proposal(TimestampMixin, Base):
    """One seeker proposed for one posting, with the score and explanation of that moment."""

    __tablename__ = "proposals"
    __table_args__ = (
        # At most one open proposal per seeker and posting.
        Index(
            "uq_proposals_open_pair",
            "seeker_id",
            "posting_id",
            unique=True,
            postgresql_where=text(_OPEN_SQL),
            sqlite_where=text(_OPEN_SQL),
        ),
        # A seeker's outcomes of one kind (no-shows, early leaves: reliability on every
        # match card). Without it SQLite, which keeps no statistics unless ANALYZE runs,
        # reads every proposal of that status instead of the seeker's few.
        Index("ix_proposals_seeker_status", "seeker_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    proposed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus, "proposal_status"), index=True
    )
    reason_code: Mapped[ReasonCode | None] = mapped_column(enum_column(ReasonCode, "reason_code"))
    score: Mapped[float | None]
    model_version: Mapped[str] = mapped_column(String(40), default="")
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    hired_home_km: Mapped[float | None] = mapped_column(
        doc="Straight-line km from the seeker's home to the work when hired (near-home reports)"
    )
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal", order_by="ProposalEvent.id", cascade="save-update, merge"
    )


class ProposalEvent(Base):
    """One step in a proposal's history. Rows are never changed or deleted."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Distinct enum names: they name the CHECK constraints, unique per table on PostgreSQL.
    from_status: Mapped[ProposalStatus | None] = mapped_column(
        enum_column(ProposalStatus, "from_status")
    )
    to_status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus, "to_status"))
    reason_code: Mapped[ReasonCode | None] = mapped_column(enum_column(ReasonCode, "reason_code"))
    note_enc: Mapped[bytes | None] = mapped_column(
        LargeBinary, doc="Sealed with the seeker's text key (``services.seeker_texts``)"
    )

    proposal: Mapped[Proposal] = relationship(back_populates="events")


class IdempotencyKey(Base):
    """What a retry with the same key needs: the status and the resource it produced.

    Never the response body: a replay renders the resource again, through the same
    masking and scope rules as any read. Rows expire, and an erasure deletes the
    person's (``seeker_id``).
    """

    __tablename__ = "idempotency_keys"

    actor_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    resource_id: Mapped[int | None]
    seeker_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
