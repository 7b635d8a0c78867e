"""Queries over referrals: which station handles a referral."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Community, Station, User
from matching.enums import Role, StationKind


def _staffed(session: Session, station_ids: Collection[int]) -> set[int]:
    """Those of ``station_ids`` with at least one active clerk."""
    return set(
        session.scalars(
            select(User.station_id)
            .where(User.station_id.in_(sorted(station_ids)))
            .where(User.role == Role.clerk, User.active.is_(True))
            .distinct()
        )
    )


def referral_handlers(session: Session, station_ids: Collection[int]) -> dict[int, int]:
    """The station that handles referrals for each of ``station_ids``.

    A station with an active clerk handles its own; one without routes them to a window
    (零工服务窗口) of its subdistrict that has an active clerk (the lowest code when there
    are several); when there is none either, the station keeps them (someone may yet be
    assigned to it).
    """
    if not station_ids:
        return {}
    staffed = _staffed(session, station_ids)
    unstaffed = sorted(set(station_ids) - staffed)
    handlers = {station_id: station_id for station_id in station_ids}
    if not unstaffed:
        return handlers
    subdistrict_of: dict[int, int] = {
        station_id: subdistrict_id
        for station_id, subdistrict_id in session.execute(
            select(Station.id, Community.subdistrict_id)
            .join(Community, Community.id == Station.community_id)
            .where(Station.id.in_(unstaffed))
        )
    }
    windows = session.execute(
        select(Community.subdistrict_id, Station.id)
        .join(Community, Community.id == Station.community_id)
        .join(User, User.station_id == Station.id)
        .where(Community.subdistrict_id.in_(sorted(set(subdistrict_of.values()))))
        .where(Station.kind == StationKind.window)
        .where(User.role == Role.clerk, User.active.is_(True))
        .order_by(Station.code.desc())
    )
    window_of = {subdistrict: window for subdistrict, window in windows}  # the lowest code wins
    for station_id, subdistrict_id in subdistrict_of.items():
        handlers[station_id] = window_of.get(subdistrict_id, station_id)
    return handlers


def stations_by_id(session: Session, station_ids: Collection[int]) -> dict[int, Station]:
    """The stations with these ids."""
    rows = session.scalars(select(Station).where(Station.id.in_(sorted(station_ids))))
    return {row.id: row for row in rows}
