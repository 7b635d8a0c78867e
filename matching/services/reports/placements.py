"""People placed (上岗人数): distinct seekers hired at least once in the period, and placements.

A placement is a proposal that reached ``hired``; it counts in the month of its
``hired_at`` (local time) even when it later ended. A station is the one that made
the proposal, or the seeker's registering station when the proposal names none.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from matching.db.queries import reports as queries
from matching.enums import PostingKind, WorkMode
from matching.schemas.reports import PlacementGroup, PlacementRow, PlacementsReport
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

__all__ = ["order_rows", "placements_report"]

ENUM_ORDER = {
    PlacementGroup.posting_kind: [kind.value for kind in PostingKind],
    PlacementGroup.work_mode: [mode.value for mode in WorkMode],
}


def order_rows(rows: list[PlacementRow], group_by: PlacementGroup) -> list[PlacementRow]:
    """Rows in their natural order: codes, enum order or months."""
    order = ENUM_ORDER.get(group_by)
    if order is None:
        return sorted(rows, key=lambda row: row.key)
    return sorted(rows, key=lambda row: order.index(row.key) if row.key in order else len(order))


def _monthly(ctx: ServiceContext, query: ReportQuery) -> tuple[list[PlacementRow], int, int]:
    """Rows by month, and the totals (distinct people, placements) from the same rows."""
    times = queries.placement_times(ctx.session, query.flt)
    by_month = group_by_key(times, lambda item: month_key(item[1], query.zone))
    rows = [
        PlacementRow(
            key=month,
            label=month,
            people=len({seeker_id for seeker_id, _ in by_month.get(month, ())}),
            placements=len(by_month.get(month, ())),
        )
        for month in report_months(query, by_month)
    ]
    return rows, len({seeker_id for seeker_id, _ in times}), len(times)


def _grouped(
    ctx: ServiceContext, query: ReportQuery, group_by: PlacementGroup
) -> list[PlacementRow]:
    dimension = cast(queries.PlacementDimension, group_by.value)
    groups = queries.placement_counts(ctx.session, query.flt, dimension)
    return [
        PlacementRow(
            key=group.key,
            label=group.label or enum_label(group.key),
            parent=group.parent,
            people=group.counts[0],
            placements=group.counts[1],
        )
        for group in groups
    ]


def placements_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: PlacementGroup = PlacementGroup.subdistrict,
    subdistrict_id: int | None = None,
) -> PlacementsReport:
    """People placed and placements in ``[start, end]``, grouped by ``group_by``."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    if group_by is PlacementGroup.month:
        rows, people, placements = _monthly(ctx, query)
    else:
        rows = order_rows(_grouped(ctx, query, group_by), group_by)
        people, placements = queries.placement_totals(ctx.session, query.flt)
    return PlacementsReport(
        **envelope(
            ctx, query, report="placements", title=TITLES["placements"], group_by=group_by.value
        ),
        rows=rows,
        total_people=people,
        total_placements=placements,
    )
