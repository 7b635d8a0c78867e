"""Employers (用工主体): micro-factories, workshops, shops, households, partners."""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin, enum_column
from matching.db.models.geography import Community, LocatedMixin, lat_lon_checks
from matching.enums import EmployerKind


class Employer(LocatedMixin, TimestampMixin, Base):
    """Someone who posts jobs. The contact phone is encrypted at rest."""

    __tablename__ = "employers"
    __table_args__ = lat_lon_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[EmployerKind] = mapped_column(enum_column(EmployerKind, "employer_kind"))
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone_enc: Mapped[bytes] = mapped_column(LargeBinary)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    address: Mapped[str | None] = mapped_column(String(200))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)

    community: Mapped[Community] = relationship()
