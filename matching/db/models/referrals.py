"""Referrals: a clerk points another station to a seeker it holds who fits a posting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from matching.db.base import Base, TimestampMixin, UtcDateTime, enum_column
from matching.enums import ReferralStatus


class Referral(TimestampMixin, Base):
    """One referral; the referring clerk never learns who the seeker is."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    from_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    note_enc: Mapped[bytes | None] = mapped_column(
        LargeBinary, doc="Sealed with the seeker's text key (``services.seeker_texts``)"
    )
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus, "referral_status"))
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
