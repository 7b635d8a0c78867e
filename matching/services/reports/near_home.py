"""Near-home placements (就近就业) of people who cannot easily go out to work.

Eligible seekers are homebound, caregivers or disabled. One of their placements is
*near home* when the work is take-home (居家计件), or the work place is within
``near_home_km`` (straight line) of home, or, when ``near_home_minutes`` is set, the
seeker's own way of travel (:data:`TRAVEL_KMH`) covers that straight line within that
many minutes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timezone
from typing import cast

from matching.db.queries import reports as queries
from matching.db.queries.reports import NearHomeFact, enum_value
from matching.enums import TravelMode, WorkMode
from matching.schemas.reports import NearHomeReport, NearHomeRow, PlacementGroup
from matching.services.context import ServiceContext
from matching.services.reports.common import (
    ReportQuery,
    envelope,
    group_by_key,
    month_key,
    prepare,
    report_months,
)
from matching.services.reports.labels import TITLES, enum_label
from matching.services.reports.placements import ENUM_ORDER

__all__ = ["TRAVEL_KMH", "distance_km", "near_home_report"]

TRAVEL_KMH: dict[TravelMode, float] = {
    TravelMode.walk: 4.5,
    TravelMode.bike: 12.0,
    TravelMode.ebike: 18.0,
    TravelMode.bus: 15.0,
}
"""Speeds (km/h) for the travel-time test of ``near_home_minutes``."""

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class _Placement:
    """One eligible placement, classified."""

    seeker_id: int
    flags: tuple[bool, bool, bool]
    near: bool
    take_home: bool
    group: tuple[str, str, str | None]


def _is_near(fact: NearHomeFact, *, km: float, minutes: int | None) -> bool:
    if fact.work_mode is WorkMode.take_home:
        return True
    distance = fact.hired_home_km
    if distance is None:  # hired before the distance was kept with the hire
        distance = distance_km(fact.seeker_lat, fact.seeker_lon, fact.posting_lat, fact.posting_lon)
    if distance <= km:
        return True
    if minutes is None:
        return False
    return distance / TRAVEL_KMH[fact.travel_mode] * 60 <= minutes


def _group(
    fact: NearHomeFact, group_by: PlacementGroup, zone: timezone
) -> tuple[str, str, str | None]:
    if group_by is PlacementGroup.month:
        month = month_key(fact.hired_at, zone)
        return month, month, None
    key = enum_value(fact.key)
    return key, fact.label or enum_label(key), fact.parent


def classify(
    facts: Sequence[NearHomeFact],
    *,
    group_by: PlacementGroup,
    zone: timezone,
    km: float,
    minutes: int | None,
) -> list[_Placement]:
    """Classify eligible placements as near home (and take-home) and give each its group."""
    return [
        _Placement(
            seeker_id=fact.seeker_id,
            flags=(fact.homebound, fact.caregiver, fact.disability),
            near=_is_near(fact, km=km, minutes=minutes),
            take_home=fact.work_mode is WorkMode.take_home,
            group=_group(fact, group_by, zone),
        )
        for fact in facts
    ]


def _row(key: str, label: str, parent: str | None, items: Sequence[_Placement]) -> NearHomeRow:
    take_home = sum(item.take_home for item in items)
    return NearHomeRow(
        key=key,
        label=label,
        parent=parent,
        people=len({item.seeker_id for item in items}),
        placements=len(items),
        take_home_placements=take_home,
        nearby_placements=len(items) - take_home,
    )


def _rows(
    query: ReportQuery, near: list[_Placement], group_by: PlacementGroup
) -> list[NearHomeRow]:
    groups = group_by_key(near, lambda item: item.group[0])
    if group_by is PlacementGroup.month:
        return [
            _row(month, month, None, groups.get(month, []))
            for month in report_months(query, groups)
        ]
    rows = [_row(*items[0].group, items) for items in groups.values()]
    order = ENUM_ORDER.get(group_by)
    if order is None:
        return sorted(rows, key=lambda row: row.key)
    return sorted(rows, key=lambda row: order.index(row.key))


def _people(items: Sequence[_Placement], flag: int) -> int:
    return len({item.seeker_id for item in items if item.flags[flag]})


def near_home_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: PlacementGroup = PlacementGroup.subdistrict,
    subdistrict_id: int | None = None,
) -> NearHomeReport:
    """Homebound, caregiver and disabled seekers placed near home in ``[start, end]``."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    settings = ctx.settings
    dimension = None if group_by is PlacementGroup.month else group_by.value
    facts = queries.near_home_facts(
        ctx.session, query.flt, cast(queries.PlacementDimension | None, dimension)
    )
    placements = classify(
        facts,
        group_by=group_by,
        zone=query.zone,
        km=settings.near_home_km,
        minutes=settings.near_home_minutes,
    )
    near = [item for item in placements if item.near]
    return NearHomeReport(
        **envelope(
            ctx, query, report="near_home", title=TITLES["near_home"], group_by=group_by.value
        ),
        rows=_rows(query, near, group_by),
        near_home_km=settings.near_home_km,
        near_home_minutes=settings.near_home_minutes,
        total_people=len({item.seeker_id for item in near}),
        total_placements=len(near),
        eligible_people_placed=len({item.seeker_id for item in placements}),
        homebound_people=_people(near, 0),
        caregiver_people=_people(near, 1),
        disability_people=_people(near, 2),
    )
