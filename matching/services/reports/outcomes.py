"""Outcomes of proposals (推荐结果) and the time from registration to first placement.

The outcome mix covers the proposals made in the period, at the status they stand at
today, split by reason where one was given (declined by the seeker, rejected by the
employer). The median counts, for the people whose *first* placement falls in the
period, the days from their registration to that placement.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime

from matching.db.queries import reports as queries
from matching.enums import ProposalStatus, ReasonCode
from matching.schemas.reports import OutcomeRow, OutcomesReport
from matching.services.context import ServiceContext
from matching.services.reports.common import ReportQuery, envelope, prepare
from matching.services.reports.labels import TITLES, outcome_label

__all__ = ["outcomes_report", "time_to_first_placement"]

_STATUS_ORDER = [status.value for status in ProposalStatus]
_REASON_ORDER = [reason.value for reason in ReasonCode]


def _order(status: str, reason: str | None) -> tuple[int, int]:
    reason_rank = -1 if reason is None else _REASON_ORDER.index(reason)
    return _STATUS_ORDER.index(status), reason_rank


def _median_days(pairs: Sequence[tuple[datetime, datetime]]) -> tuple[int, float | None]:
    """(people, median days from registration to first placement, to 0.1 day)."""
    days = [(hired - registered).total_seconds() / 86_400 for registered, hired in pairs]
    return len(days), (round(statistics.median(days), 1) if days else None)


def time_to_first_placement(ctx: ServiceContext, query: ReportQuery) -> tuple[int, float | None]:
    """(people first placed in the period, median days from registration), in scope."""
    return _median_days(queries.first_placements(ctx.session, query.flt))


def outcomes_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    subdistrict_id: int | None = None,
) -> OutcomesReport:
    """The outcome mix of proposals made in ``[start, end]`` and the median time to placement."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    counts = sorted(
        queries.outcome_counts(ctx.session, query.flt), key=lambda c: _order(c[0], c[1])
    )
    total = sum(count for _, _, count in counts)
    rows = [
        OutcomeRow(
            key=status if reason is None else f"{status}:{reason}",
            label=outcome_label(status, reason),
            status=status,
            reason=reason,
            proposals=count,
            share=round(count / total, 4),
        )
        for status, reason, count in counts
    ]
    people, median = time_to_first_placement(ctx, query)
    return OutcomesReport(
        **envelope(ctx, query, report="outcomes", title=TITLES["outcomes"], group_by=None),
        rows=rows,
        proposals=total,
        people_first_placed=people,
        median_days_to_placement=median,
    )
