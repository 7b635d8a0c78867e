"""What every report needs: the validated period, the caller's scope, months and groups.

Periods are inclusive local dates (肥城: UTC+8, ``city_utc_offset_hours``); the
database stores UTC, so a period becomes the half-open UTC window
``[from 00:00 local, to+1 00:00 local)``. Administrators (and the CLI) see the whole
city, clerks the communities of their scope; an optional ``subdistrict_id`` narrows
either to one subdistrict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import func, select

from matching.db.models import Community, Subdistrict
from matching.db.queries.reports import ReportFilter
from matching.enums import Role
from matching.errors import Forbidden, InvalidInput, NotFound
from matching.i18n import Text
from matching.schemas.reports import ReportPeriod, ReportScope
from matching.services.context import ServiceContext

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Period:
    """Inclusive local dates; ``start`` None means since the beginning."""

    end: date
    start: date | None = None


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """A validated request: period, local zone, scope and the database filter."""

    period: Period
    zone: timezone
    communities: frozenset[int] | None
    subdistrict_id: int | None
    flt: ReportFilter
    today: date

    @property
    def is_current(self) -> bool:
        """Whether the period runs up to today (so current statuses apply)."""
        return self.period.end >= self.today


def local_zone(ctx: ServiceContext) -> timezone:
    """The local time zone of report periods and months: the city's, the clock's."""
    return ctx.clock.zone


EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
"""Report dates outside these are typing mistakes (or ``from=0`` read as 1970)."""


def _check_range(field: str, value: date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        message = Text(
            "The date must be between {earliest} and {latest}", earliest=EARLIEST, latest=LATEST
        )
        raise InvalidInput(field, "out_of_range", message)


def build_period(ctx: ServiceContext, start: date | None, end: date | None) -> Period:
    """Validate ``from``/``to``; ``to`` defaults to today. 422 naming ``from`` when reversed.

    Dates must lie in 2000-2100, which also bounds how many months a chart can draw.
    """
    _check_range("from", start)
    _check_range("to", end)
    end = end or ctx.today
    if start is not None and start > end:
        message = Text("The start date {start} is after the end date {end}", start=start, end=end)
        raise InvalidInput("from", "period_order", message)
    return Period(end=end, start=start)


def utc_bounds(period: Period, zone: timezone) -> tuple[datetime | None, datetime]:
    """The half-open UTC window ``[since, until)`` of an inclusive local period."""
    since = None
    if period.start is not None:
        since = datetime.combine(period.start, time(), zone).astimezone(UTC)
    until = datetime.combine(period.end + timedelta(days=1), time(), zone).astimezone(UTC)
    return since, until


def _scope_communities(ctx: ServiceContext) -> frozenset[int] | None:
    actor = ctx.actor
    if actor is None or actor.city_wide:
        return None
    if actor.role == Role.employer:
        raise Forbidden(Text("Reports are for staff only"))
    return actor.community_ids or frozenset()


def _subdistrict_communities(ctx: ServiceContext, subdistrict_id: int) -> frozenset[int]:
    if ctx.session.get(Subdistrict, subdistrict_id) is None:
        raise NotFound("subdistrict", subdistrict_id, field="subdistrict_id")
    ids = ctx.session.scalars(
        select(Community.id).where(Community.subdistrict_id == subdistrict_id)
    )
    return frozenset(ids)


def prepare(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    subdistrict_id: int | None = None,
) -> ReportQuery:
    """Validate the period and resolve the caller's scope into a :class:`ReportQuery`."""
    period = build_period(ctx, start, end)
    zone = local_zone(ctx)
    communities = _scope_communities(ctx)
    if subdistrict_id is not None:
        chosen = _subdistrict_communities(ctx, subdistrict_id)
        communities = chosen if communities is None else communities & chosen
    since, until = utc_bounds(period, zone)
    flt = ReportFilter(until=until, since=since, communities=communities, today=ctx.today)
    return ReportQuery(period, zone, communities, subdistrict_id, flt, ctx.today)


def envelope(
    ctx: ServiceContext, query: ReportQuery, *, report: str, title: str, group_by: str | None
) -> dict[str, Any]:
    """The fields of :class:`~matching.schemas.reports.ReportBase` for a report."""
    if query.communities is None:
        count = int(ctx.session.scalar(select(func.count(Community.id))) or 0)
    else:
        count = len(query.communities)
    return {
        "report": report,
        "title": title,
        "period": ReportPeriod(from_date=query.period.start, to_date=query.period.end),
        "scope": ReportScope(
            city_wide=query.communities is None,
            communities=count,
            subdistrict_id=query.subdistrict_id,
        ),
        "group_by": group_by,
    }


def month_key(moment: datetime, zone: timezone) -> str:
    """``YYYY-MM`` of an instant in the local zone."""
    return moment.astimezone(zone).strftime("%Y-%m")


def month_span(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def report_months(query: ReportQuery, seen: Iterable[str]) -> list[str]:
    """The months a monthly table shows: from ``from`` (or the first seen) to ``to``."""
    seen = sorted(seen)
    first = query.period.start.strftime("%Y-%m") if query.period.start else None
    first = first or (seen[0] if seen else None)
    if first is None:
        return []
    return month_span(first, query.period.end.strftime("%Y-%m"))


def group_by_key(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """Items bucketed by ``key``, in first-seen order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to 4 places, or None when ``whole`` is 0."""
    return round(part / whole, 4) if whole else None
