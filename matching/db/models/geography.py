"""Where things are: subdistricts (街道/镇), communities (社区/村) and stations (窗口/驿站)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matching.db.base import Base, TimestampMixin, enum_column
from matching.enums import CommunityKind, StationKind, SubdistrictKind


class LocatedMixin:
    """An approximate point; ``location_approximate`` says it was not surveyed."""

    lat: Mapped[float] = mapped_column()
    lon: Mapped[float] = mapped_column()
    location_approximate: Mapped[bool] = mapped_column(default=True)


def lat_lon_checks() -> tuple[CheckConstraint, CheckConstraint]:
    """CHECK constraints keeping coordinates on the globe."""
    return (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
    )


class Subdistrict(LocatedMixin, TimestampMixin, Base):
    """A township-level unit: 街道 or 镇."""

    __tablename__ = "subdistricts"
    __table_args__ = lat_lon_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[SubdistrictKind] = mapped_column(enum_column(SubdistrictKind, "subdistrict_kind"))

    communities: Mapped[list[Community]] = relationship(back_populates="subdistrict")


class Community(LocatedMixin, TimestampMixin, Base):
    """A village-level unit: 社区/居委会 or 村委会."""

    __tablename__ = "communities"
    __table_args__ = lat_lon_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(15), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[CommunityKind] = mapped_column(enum_column(CommunityKind, "community_kind"))
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistricts.id"), index=True)

    subdistrict: Mapped[Subdistrict] = relationship(back_populates="communities")


class Station(LocatedMixin, TimestampMixin, Base):
    """A place where clerks serve seekers: a window, a gig station or a service station."""

    __tablename__ = "stations"
    __table_args__ = lat_lon_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[StationKind] = mapped_column(enum_column(StationKind, "station_kind"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))

    community: Mapped[Community] = relationship()
