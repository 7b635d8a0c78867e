"""Report queries: placements, near-home facts, vacancies and outcomes (portable SQL).

Every function takes a :class:`ReportFilter`: a half-open UTC window ``[since, until)``
and the communities in scope (``None``: the whole city). Erased seekers count like any
other: erasure removes who a person was, not what happened (their community, station,
flags and placements stay). Grouping by month happens in the caller, from fetched
timestamps, because date arithmetic differs between SQLite and PostgreSQL.

A *placement* is a proposal with ``hired_at`` set: it keeps that timestamp when it
later becomes ``completed`` or ``left_early``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Row, Select, case, distinct, func, or_, select
from sqlalchemy.orm import Session, aliased

from matching.db.models import Community, Posting, Proposal, Seeker, Station, Subdistrict
from matching.db.queries.postings import open_on
from matching.enums import PostingStatus, TravelMode, WorkMode

PlacementDimension = Literal["subdistrict", "community", "station", "posting_kind", "work_mode"]
VacancyDimension = Literal["subdistrict", "community", "posting_kind", "work_mode"]

S = TypeVar("S", bound="Select[*tuple[Any, ...]]")

_SeekerCommunity = aliased(Community, name="seeker_community")
_StationCommunity = aliased(Community, name="station_community")


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """A half-open UTC window, the communities in scope (``None``: city-wide) and the
    city's today (what is "still open": an ended posting's places are not)."""

    until: datetime
    since: datetime | None = None
    communities: frozenset[int] | None = None
    today: date = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """Counts of one group: its key, optional label and parent, and the numbers."""

    key: str
    label: str | None
    parent: str | None
    counts: tuple[int, ...]


def within(column: Any, flt: ReportFilter) -> ColumnElement[bool]:
    """``column`` falls in the filter's window."""
    condition: ColumnElement[bool] = column < flt.until
    if flt.since is not None:
        condition = condition & (column >= flt.since)
    return condition


def scoped(statement: S, column: Any, flt: ReportFilter) -> S:
    """Restrict ``statement`` to rows whose community ``column`` is in the filter's scope."""
    if flt.communities is None:
        return statement
    return statement.where(column.in_(sorted(flt.communities)))


def enum_value(value: object) -> str:
    """The string value of an enum member (or of anything else)."""
    return str(getattr(value, "value", value))


def _groups(rows: Sequence[Row[Any]], width: int) -> list[GroupCounts]:
    """Split rows of ``width`` key columns followed by counts into :class:`GroupCounts`."""
    groups = []
    for row in rows:
        keys = [None if value is None else enum_value(value) for value in row[:width]]
        keys += [None] * (3 - width)
        counts = tuple(int(value or 0) for value in row[width:])
        groups.append(GroupCounts(str(keys[0]), keys[1], keys[2], counts))
    return groups


# --- placements -------------------------------------------------------------------------


def _placement_dimension(dimension: PlacementDimension) -> tuple[Any, ...]:
    columns: dict[str, tuple[Any, ...]] = {
        "subdistrict": (Subdistrict.code, Subdistrict.name),
        "community": (_SeekerCommunity.code, _SeekerCommunity.name, Subdistrict.name),
        "station": (Station.code, Station.name, _StationCommunity.name),
        "posting_kind": (Posting.kind,),
        "work_mode": (Posting.work_mode,),
    }
    return columns[dimension]


def _placements(
    columns: Sequence[Any], flt: ReportFilter, *, joins: Sequence[str] = ()
) -> Select[Any]:
    """Placements in the window joined to their seeker, and to ``joins`` as needed.

    ``joins``: ``place`` (the seeker's community and subdistrict), ``posting``,
    ``station`` (the proposing station, else the registering one, and its community).
    """
    statement = (
        select(*columns)
        .select_from(Proposal)
        .join(Seeker, Seeker.id == Proposal.seeker_id)
        .where(Proposal.hired_at.is_not(None), within(Proposal.hired_at, flt))
    )
    if "place" in joins:
        statement = statement.join(
            _SeekerCommunity, _SeekerCommunity.id == Seeker.community_id
        ).join(Subdistrict, Subdistrict.id == _SeekerCommunity.subdistrict_id)
    if "posting" in joins:
        statement = statement.join(Posting, Posting.id == Proposal.posting_id)
    if "station" in joins:
        station_id = func.coalesce(Proposal.station_id, Seeker.registered_station_id)
        statement = statement.join(Station, Station.id == station_id).join(
            _StationCommunity, _StationCommunity.id == Station.community_id
        )
    return scoped(statement, Seeker.community_id, flt)


_JOINS: dict[str, tuple[str, ...]] = {
    "subdistrict": ("place",),
    "community": ("place",),
    "station": ("station",),
    "posting_kind": ("posting",),
    "work_mode": ("posting",),
}


def placement_counts(
    session: Session, flt: ReportFilter, dimension: PlacementDimension
) -> list[GroupCounts]:
    """Per group: (distinct people placed, placements). A station is the proposing one."""
    keys = _placement_dimension(dimension)
    counts = [func.count(distinct(Proposal.seeker_id)), func.count(Proposal.id)]
    statement = _placements([*keys, *counts], flt, joins=_JOINS[dimension]).group_by(*keys)
    return _groups(session.execute(statement).all(), len(keys))


def placement_totals(session: Session, flt: ReportFilter) -> tuple[int, int]:
    """(Distinct people placed, placements) in the window."""
    statement = _placements(
        [func.count(distinct(Proposal.seeker_id)), func.count(Proposal.id)], flt
    )
    people, placements = session.execute(statement).one()
    return int(people or 0), int(placements or 0)


def placement_times(session: Session, flt: ReportFilter) -> list[tuple[int, datetime]]:
    """(seeker id, hired_at) of every placement in the window, for grouping by month."""
    statement = _placements([Proposal.seeker_id, Proposal.hired_at], flt)
    return [(int(seeker_id), hired_at) for seeker_id, hired_at in session.execute(statement)]


class NearHomeFact(NamedTuple):
    """One placement of a homebound, caregiver or disabled seeker, with both locations.

    ``key``/``label``/``parent`` are the placement's group in the dimension asked for
    (None when grouping by month or not at all).
    """

    seeker_id: int
    hired_at: datetime
    homebound: bool
    caregiver: bool
    disability: bool
    travel_mode: TravelMode
    seeker_lat: float
    seeker_lon: float
    posting_lat: float
    posting_lon: float
    work_mode: WorkMode
    hired_home_km: float | None
    key: Any = None
    label: str | None = None
    parent: str | None = None


def near_home_facts(
    session: Session, flt: ReportFilter, dimension: PlacementDimension | None = None
) -> list[NearHomeFact]:
    """Placements in the window of homebound, caregiver or disabled seekers, with locations."""
    keys = _placement_dimension(dimension) if dimension else ()
    joins = {"posting", *(_JOINS[dimension] if dimension else ())}
    statement = _placements(
        [
            Proposal.seeker_id,
            Proposal.hired_at,
            Seeker.homebound,
            Seeker.caregiver,
            Seeker.disability,
            Seeker.travel_mode,
            Seeker.lat,
            Seeker.lon,
            Posting.lat,
            Posting.lon,
            Posting.work_mode,
            Proposal.hired_home_km,
            *keys,
        ],
        flt,
        joins=sorted(joins),
    ).where(or_(Seeker.homebound, Seeker.caregiver, Seeker.disability))
    return [NearHomeFact(*row) for row in session.execute(statement)]


# --- vacancies --------------------------------------------------------------------------


def _hires_per_posting(until: datetime) -> Any:
    """Placements per posting hired before ``until``."""
    return (
        select(Proposal.posting_id, func.count(Proposal.id).label("placements"))
        .where(Proposal.hired_at.is_not(None), Proposal.hired_at < until)
        .group_by(Proposal.posting_id)
        .subquery("hires")
    )


def _vacancy_columns(hires: Any, today: date) -> list[Any]:
    placed = func.coalesce(hires.c.placements, 0)
    filled = case((placed > Posting.headcount, Posting.headcount), else_=placed)
    open_vacancies = case((open_on(today), Posting.headcount - Posting.hires), else_=0)
    return [
        func.count(Posting.id),
        func.sum(Posting.headcount),
        func.sum(filled),
        func.sum(open_vacancies),
    ]


def _postings(columns: Sequence[Any], flt: ReportFilter, hires: Any) -> Select[Any]:
    statement = (
        select(*columns)
        .select_from(Posting)
        .join(Community, Community.id == Posting.community_id)
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .outerjoin(hires, hires.c.posting_id == Posting.id)
        .where(Posting.status != PostingStatus.draft, within(Posting.created_at, flt))
    )
    return scoped(statement, Posting.community_id, flt)


def vacancy_counts(
    session: Session, flt: ReportFilter, dimension: VacancyDimension
) -> list[GroupCounts]:
    """Per group of postings published in the window (drafts aside).

    Counts: (postings, vacancies = headcount, filled = placements capped at the
    headcount, vacancies still open today: not past the posting's end date).
    """
    keys: tuple[Any, ...] = {
        "subdistrict": (Subdistrict.code, Subdistrict.name),
        "community": (Community.code, Community.name, Subdistrict.name),
        "posting_kind": (Posting.kind,),
        "work_mode": (Posting.work_mode,),
    }[dimension]
    hires = _hires_per_posting(flt.until)
    columns = [*keys, *_vacancy_columns(hires, flt.today)]
    statement = _postings(columns, flt, hires).group_by(*keys)
    return _groups(session.execute(statement).all(), len(keys))


def vacancy_totals(session: Session, flt: ReportFilter) -> tuple[int, int, int, int]:
    """(postings, vacancies, filled, open vacancies) of postings published in the window."""
    hires = _hires_per_posting(flt.until)
    row = session.execute(_postings(_vacancy_columns(hires, flt.today), flt, hires)).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0)


def vacancy_times(session: Session, flt: ReportFilter) -> list[tuple[datetime, int, int, int]]:
    """(created_at, vacancies, filled, open vacancies) per posting, for grouping by month."""
    hires = _hires_per_posting(flt.until)
    columns = [Posting.created_at, *_vacancy_columns(hires, flt.today)]
    statement = _postings(columns, flt, hires).group_by(Posting.id, Posting.created_at)
    return [
        (created_at, int(vacancies or 0), int(filled or 0), int(open_vacancies or 0))
        for created_at, _count, vacancies, filled, open_vacancies in session.execute(statement)
    ]


# --- outcomes ---------------------------------------------------------------------------


def outcome_counts(session: Session, flt: ReportFilter) -> list[tuple[str, str | None, int]]:
    """(status, reason, proposals) of the proposals made in the window, as they stand now."""
    statement = (
        select(Proposal.status, Proposal.reason_code, func.count(Proposal.id))
        .join(Seeker, Seeker.id == Proposal.seeker_id)
        .where(within(Proposal.created_at, flt))
        .group_by(Proposal.status, Proposal.reason_code)
    )
    statement = scoped(statement, Seeker.community_id, flt)
    return [
        (enum_value(status), None if reason is None else enum_value(reason), int(count))
        for status, reason, count in session.execute(statement)
    ]


def first_placements(session: Session, flt: ReportFilter) -> list[tuple[datetime, datetime]]:
    """(registered at, first hired at) of seekers whose first placement is in the window."""
    first_hired = func.min(Proposal.hired_at)
    statement = (
        select(Seeker.created_at, first_hired)
        .select_from(Proposal)
        .join(Seeker, Seeker.id == Proposal.seeker_id)
        .where(Proposal.hired_at.is_not(None))
        .group_by(Proposal.seeker_id, Seeker.created_at)
        .having(within(first_hired, flt))
    )
    statement = scoped(statement, Seeker.community_id, flt)
    rows = session.execute(statement)
    return [(registered, hired) for registered, hired in rows if hired is not None]
