"""The programme's headline figures (就业帮扶总览), as the product brief reports them.

People placed and near home in the period; facilities at its end; full-employment
communities at its end; vacancies published in it and filled; the median time from
registration to first placement. Each figure is computed by the same function as in
its own report, without building the rest of that report.
"""

from __future__ import annotations

from datetime import date

from matching.db.queries import reports as queries
from matching.enums import EmployerKind, StationKind
from matching.schemas.reports import PlacementGroup, SummaryReport
from matching.services.context import ServiceContext
from matching.services.reports.common import envelope, prepare, ratio
from matching.services.reports.facilities import facility_counts
from matching.services.reports.full_employment import communities_meeting
from matching.services.reports.labels import TITLES
from matching.services.reports.near_home import near_home_report
from matching.services.reports.outcomes import time_to_first_placement

__all__ = ["summary_report"]


def summary_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    subdistrict_id: int | None = None,
) -> SummaryReport:
    """Headline figures of ``[start, end]`` in the caller's scope."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    people, placements = queries.placement_totals(ctx.session, query.flt)
    near = near_home_report(
        ctx,
        start=start,
        end=end,
        group_by=PlacementGroup.subdistrict,
        subdistrict_id=subdistrict_id,
    )
    kinds = facility_counts(ctx, query)
    factories = sum(
        kinds[kind.value]
        for kind in (EmployerKind.micro_factory, EmployerKind.workshop, StationKind.gig_station)
    )
    _, vacancies, filled, _ = queries.vacancy_totals(ctx.session, query.flt)
    _, median = time_to_first_placement(ctx, query)
    return SummaryReport(
        **envelope(ctx, query, report="summary", title=TITLES["summary"], group_by=None),
        people_placed=people,
        placements=placements,
        near_home_people=near.total_people,
        factories_and_gig_stations=factories,
        service_stations=kinds[StationKind.service_station.value],
        full_employment_communities=communities_meeting(ctx, query),
        vacancies=vacancies,
        filled=filled,
        fill_rate=ratio(filled, vacancies),
        median_days_to_placement=median,
    )
