"""Vacancies posted and filled (岗位发布与招满), and the fill rate.

The postings are those published in the period (drafts aside), in scope by the
posting's community. ``vacancies`` is their headcount; ``filled`` counts their
placements made by the end of the period, at most the headcount per posting (a
vacancy refilled after someone left counts once); ``open_vacancies`` are the
vacancies of those postings still open today - not those of a posting past its end
date, which reads ``ended`` (the city's today, ``matching.db.queries.postings``). An
ended posting's unfilled places stay in ``vacancies`` and so lower the fill rate: they
were offered and not filled. A month is the month a posting was published (local time).
"""

from __future__ import annotations

from datetime import date
from typing import cast

from matching.db.queries import reports as queries
from matching.enums import PostingKind, WorkMode
from matching.schemas.reports import VacanciesReport, VacancyGroup, VacancyRow
from matching.services.context import ServiceContext
from matching.services.reports.common import (
    ReportQuery,
    envelope,
    group_by_key,
    month_key,
    prepare,
    ratio,
    report_months,
)
from matching.services.reports.labels import TITLES, enum_label

__all__ = ["vacancies_report"]

_ENUM_ORDER = {
    VacancyGroup.posting_kind: [kind.value for kind in PostingKind],
    VacancyGroup.work_mode: [mode.value for mode in WorkMode],
}


def _row(key: str, label: str, parent: str | None, counts: tuple[int, int, int, int]) -> VacancyRow:
    postings, vacancies, filled, open_vacancies = counts
    return VacancyRow(
        key=key,
        label=label,
        parent=parent,
        postings=postings,
        vacancies=vacancies,
        filled=filled,
        fill_rate=ratio(filled, vacancies),
        open_vacancies=open_vacancies,
    )


def _monthly(ctx: ServiceContext, query: ReportQuery) -> list[VacancyRow]:
    postings = queries.vacancy_times(ctx.session, query.flt)
    by_month = group_by_key(postings, lambda item: month_key(item[0], query.zone))
    rows = []
    for month in report_months(query, by_month):
        items = by_month.get(month, [])
        counts = (
            len(items),
            sum(item[1] for item in items),
            sum(item[2] for item in items),
            sum(item[3] for item in items),
        )
        rows.append(_row(month, month, None, counts))
    return rows


def _grouped(ctx: ServiceContext, query: ReportQuery, group_by: VacancyGroup) -> list[VacancyRow]:
    dimension = cast(queries.VacancyDimension, group_by.value)
    groups = queries.vacancy_counts(ctx.session, query.flt, dimension)
    rows = [
        _row(
            group.key,
            group.label or enum_label(group.key),
            group.parent,
            (group.counts[0], group.counts[1], group.counts[2], group.counts[3]),
        )
        for group in groups
    ]
    order = _ENUM_ORDER.get(group_by)
    if order is None:
        return sorted(rows, key=lambda row: row.key)
    return sorted(rows, key=lambda row: order.index(row.key))


def vacancies_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: VacancyGroup = VacancyGroup.posting_kind,
    subdistrict_id: int | None = None,
) -> VacanciesReport:
    """Postings published in ``[start, end]``: vacancies, filled, fill rate, still open."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    if group_by is VacancyGroup.month:
        rows = _monthly(ctx, query)
    else:
        rows = _grouped(ctx, query, group_by)
    # Every posting falls in exactly one group, so the rows add up to the totals.
    postings = sum(row.postings for row in rows)
    vacancies = sum(row.vacancies for row in rows)
    filled = sum(row.filled for row in rows)
    open_vacancies = sum(row.open_vacancies for row in rows)
    return VacanciesReport(
        **envelope(
            ctx, query, report="vacancies", title=TITLES["vacancies"], group_by=group_by.value
        ),
        rows=rows,
        postings=postings,
        vacancies=vacancies,
        filled=filled,
        fill_rate=ratio(filled, vacancies),
        open_vacancies=open_vacancies,
    )
