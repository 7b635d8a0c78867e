"""Seekers (求职者), their skills and consent records.

Resident ID number, phone, address and disability note are encrypted at rest
(``*_enc``); ``*_index`` columns hold keyed HMAC blind indexes for exact lookup.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin, UtcDateTime, enum_column, utcnow
from matching.db.models.geography import Community, LocatedMixin, Station, lat_lon_checks
from matching.db.models.skills import Skill
from matching.db.types import WeekSlotsType
from matching.engine.weekly import WeekSlots
from matching.enums import ConsentScope, PayUnit, SeekerStatus, Sex, TravelMode


def _prefix_indexes(*columns: str) -> tuple[Index, ...]:
    """Indexes serving ``LIKE 'xiu%'`` on PostgreSQL, whatever the database's collation
    (a default btree serves prefixes only under the C collation)."""
    return tuple(
        Index(f"ix_seekers_{column}_prefix", column, postgresql_ops={column: "varchar_pattern_ops"})
        for column in columns
    )


class Seeker(LocatedMixin, TimestampMixin, Base):
    """A person looking for work near home."""

    __tablename__ = "seekers"
    __table_args__ = (
        *lat_lon_checks(),
        CheckConstraint("max_travel_km >= 0", name="max_travel_nonnegative"),
        CheckConstraint("min_pay_yuan IS NULL OR min_pay_yuan >= 0", name="min_pay_nonnegative"),
        *_prefix_indexes("name_pinyin", "given_name_pinyin", "name_initials"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    name_search: Mapped[str] = mapped_column(
        String(200), doc="The name as search compares it: simplified, lower case, no spaces"
    )
    name_pinyin: Mapped[str] = mapped_column(String(200), index=True)  # also sorts by name
    given_name_pinyin: Mapped[str] = mapped_column(
        String(200), doc="Pinyin of what follows the surname (xiulan for 王秀兰)"
    )
    name_initials: Mapped[str] = mapped_column(String(50))
    resident_id_enc: Mapped[bytes] = mapped_column(LargeBinary)
    resident_id_index: Mapped[str] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date]
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))
    phone_enc: Mapped[bytes] = mapped_column(LargeBinary)
    phone_index: Mapped[str] = mapped_column(String(64), index=True)
    phone_tail: Mapped[str] = mapped_column(String(4), index=True)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    availability: Mapped[WeekSlots] = mapped_column(WeekSlotsType)
    max_travel_km: Mapped[float]
    travel_mode: Mapped[TravelMode] = mapped_column(enum_column(TravelMode, "travel_mode"))
    homebound: Mapped[bool] = mapped_column(default=False)
    caregiver: Mapped[bool] = mapped_column(default=False)
    disability: Mapped[bool] = mapped_column(default=False)
    disability_note_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    min_pay_yuan: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    min_pay_unit: Mapped[PayUnit | None] = mapped_column(enum_column(PayUnit, "pay_unit"))
    status: Mapped[SeekerStatus] = mapped_column(
        enum_column(SeekerStatus, "seeker_status"), index=True
    )
    household_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    registered_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    text_key_enc: Mapped[bytes | None] = mapped_column(
        LargeBinary, doc="The wrapped key of the person's free texts; erasure destroys it"
    )
    change_version: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0", index=True
    )

    community: Mapped[Community] = relationship()
    registered_station: Mapped[Station] = relationship()
    skills: Mapped[list[SeekerSkill]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="SeekerSkill.skill_id"
    )
    consents: Mapped[list[SeekerConsent]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="SeekerConsent.id"
    )


class SeekerSkill(Base):
    """A skill a seeker has, at level 1 (basic) to 3 (expert)."""

    __tablename__ = "seeker_skills"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
        CheckConstraint("years IS NULL OR years BETWEEN 0 AND 80", name="years_range"),
    )

    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seekers.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), primary_key=True, index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    years: Mapped[int | None] = mapped_column(SmallInteger)

    seeker: Mapped[Seeker] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class SeekerConsent(Base):
    """One consent given at a station for one scope; withdrawal sets ``withdrawn_at``."""

    __tablename__ = "seeker_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id", ondelete="CASCADE"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope, "consent_scope"))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    seeker: Mapped[Seeker] = relationship(back_populates="consents")
