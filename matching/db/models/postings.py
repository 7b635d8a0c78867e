"""Postings (岗位) and the skills they ask for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Numeric,
    SmallInteger,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin, enum_column, stored_enum_column
from matching.db.models.employers import Employer
from matching.db.models.geography import Community, LocatedMixin, lat_lon_checks
from matching.db.models.skills import Skill
from matching.db.types import WeekSlotsType
from matching.engine.weekly import WeekSlots
from matching.enums import (
    STORED_POSTING_STATUSES,
    PayUnit,
    PhysicalDemand,
    PostingKind,
    PostingStatus,
    WorkMode,
)


class Posting(LocatedMixin, TimestampMixin, Base):
    """A job offer. ``lat``/``lon`` are the work place, or the pick-up point for take-home work."""

    __tablename__ = "postings"
    __table_args__ = (
        *lat_lon_checks(),
        CheckConstraint("headcount > 0", name="headcount_positive"),
        CheckConstraint("hires >= 0 AND hires <= headcount", name="hires_within_headcount"),
        CheckConstraint("pay_yuan > 0", name="pay_positive"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="date_range_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[PostingKind] = mapped_column(enum_column(PostingKind, "posting_kind"))
    work_mode: Mapped[WorkMode] = mapped_column(enum_column(WorkMode, "work_mode"))
    headcount: Mapped[int]
    hires: Mapped[int] = mapped_column(default=0, server_default="0")
    pay_yuan: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pay_unit: Mapped[PayUnit] = mapped_column(enum_column(PayUnit, "pay_unit"))
    place_name: Mapped[str] = mapped_column(String(200))
    schedule: Mapped[WeekSlots | None] = mapped_column(WeekSlotsType)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    physical_demand: Mapped[PhysicalDemand] = mapped_column(
        enum_column(PhysicalDemand, "physical_demand")
    )
    wheelchair_accessible: Mapped[bool] = mapped_column(default=False)
    materials_delivered: Mapped[bool] = mapped_column(
        default=False, server_default=false(), doc="Take-home: materials brought to homes"
    )
    delivery_radius_km: Mapped[float | None] = mapped_column(
        doc="Take-home with delivery: homes within this road km of the pick-up point"
    )
    status: Mapped[PostingStatus] = mapped_column(
        stored_enum_column(PostingStatus, "posting_status", stored=STORED_POSTING_STATUSES),
        index=True,
    )
    """The stored lifecycle (never ``ended``): read a posting's status through
    ``matching.db.queries.postings`` (``status_on`` / ``status_sql``), which derives it."""
    change_version: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0", index=True
    )

    employer: Mapped[Employer] = relationship()
    community: Mapped[Community] = relationship()
    skills: Mapped[list[PostingSkill]] = relationship(
        back_populates="posting", cascade="all, delete-orphan", order_by="PostingSkill.skill_id"
    )


class PostingSkill(Base):
    """A skill a posting asks for, with the minimum level, required or nice-to-have."""

    __tablename__ = "posting_skills"
    __table_args__ = (CheckConstraint("min_level BETWEEN 1 AND 3", name="min_level_range"),)

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    min_level: Mapped[int] = mapped_column(SmallInteger, default=1)
    required: Mapped[bool] = mapped_column(default=True)

    posting: Mapped[Posting] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()
