"""Report queries over registers: facilities and their reach, full employment.

Same conventions as :mod:`matching.db.queries.reports`: a :class:`ReportFilter` gives the
UTC window and the communities in scope; erased seekers count like any other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.orm import Session

from matching.db.models import Community, Employer, Posting, Proposal, Seeker, Station, Subdistrict
from matching.db.queries.reports import ReportFilter, enum_value, scoped, within
from matching.enums import PostingStatus, SeekerStatus

# --- facilities -------------------------------------------------------------------------


def employers(session: Session, flt: ReportFilter) -> list[Any]:
    """Employers registered before ``until``: ``id, name, kind, community, subdistrict``."""
    statement = (
        select(
            Employer.id,
            Employer.name,
            Employer.kind,
            Community.name.label("community"),
            Subdistrict.name.label("subdistrict"),
        )
        .join(Community, Community.id == Employer.community_id)
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .where(Employer.created_at < flt.until)
        .order_by(Subdistrict.code, Community.code, Employer.id)
    )
    return list(session.execute(scoped(statement, Employer.community_id, flt)).all())


def stations(session: Session, flt: ReportFilter) -> list[Any]:
    """Stations opened before ``until`` in scope: ``id, code, name, kind, community_id,
    community, subdistrict``."""
    statement = (
        select(
            Station.id,
            Station.code,
            Station.name,
            Station.kind,
            Station.community_id,
            Community.name.label("community"),
            Subdistrict.name.label("subdistrict"),
        )
        .join(Community, Community.id == Station.community_id)
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .where(Station.created_at < flt.until)
        .order_by(Subdistrict.code, Community.code, Station.code)
    )
    return list(session.execute(scoped(statement, Station.community_id, flt)).all())


def seekers_by_station(session: Session, flt: ReportFilter) -> dict[int, int]:
    """Seekers registered in the window (in scope) per registering station."""
    statement = (
        select(Seeker.registered_station_id, func.count(Seeker.id))
        .where(within(Seeker.created_at, flt))
        .group_by(Seeker.registered_station_id)
    )
    rows = session.execute(scoped(statement, Seeker.community_id, flt))
    return {int(station_id): int(count) for station_id, count in rows}


def _published(flt: ReportFilter) -> ColumnElement[bool]:
    return (Posting.status != PostingStatus.draft) & within(Posting.created_at, flt)


def postings_by_employer(session: Session, flt: ReportFilter) -> dict[int, int]:
    """Postings published in the window (drafts aside) per employer, in scope."""
    statement = (
        select(Posting.employer_id, func.count(Posting.id))
        .where(_published(flt))
        .group_by(Posting.employer_id)
    )
    rows = session.execute(scoped(statement, Posting.community_id, flt))
    return {int(employer_id): int(count) for employer_id, count in rows}


def postings_by_community(session: Session, flt: ReportFilter) -> dict[int, int]:
    """Postings published in the window (drafts aside) per community, in scope."""
    statement = (
        select(Posting.community_id, func.count(Posting.id))
        .where(_published(flt))
        .group_by(Posting.community_id)
    )
    rows = session.execute(scoped(statement, Posting.community_id, flt))
    return {int(community_id): int(count) for community_id, count in rows}


def people_placed_by_employer(
    session: Session, flt: ReportFilter, *, by_kind: bool
) -> dict[Any, int]:
    """Distinct people placed in the window per employer id (or per employer kind value).

    Both the people and the employers are in scope.
    """
    key: Any = Employer.kind if by_kind else Employer.id
    statement = (
        select(key, func.count(distinct(Proposal.seeker_id)))
        .select_from(Proposal)
        .join(Seeker, Seeker.id == Proposal.seeker_id)
        .join(Posting, Posting.id == Proposal.posting_id)
        .join(Employer, Employer.id == Posting.employer_id)
        .where(Proposal.hired_at.is_not(None), within(Proposal.hired_at, flt))
        .group_by(key)
    )
    # People of the scope, placed with employers of the scope.
    statement = scoped(scoped(statement, Seeker.community_id, flt), Employer.community_id, flt)
    rows = session.execute(statement)
    return {(enum_value(k) if by_kind else k): int(count) for k, count in rows}


# --- full employment --------------------------------------------------------------------


def communities(session: Session, flt: ReportFilter) -> list[Any]:
    """Communities in scope: ``id, code, name, subdistrict_code, subdistrict``."""
    statement = (
        select(
            Community.id,
            Community.code,
            Community.name,
            Subdistrict.code.label("subdistrict_code"),
            Subdistrict.name.label("subdistrict"),
        )
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .order_by(Community.code)
    )
    return list(session.execute(scoped(statement, Community.id, flt)).all())


def seekers_wanting_work(session: Session, flt: ReportFilter) -> list[Any]:
    """Seekers registered before ``until`` who want work (active or placed).

    Columns: ``id, community_id, household_ref, status``.
    """
    statement = select(Seeker.id, Seeker.community_id, Seeker.household_ref, Seeker.status).where(
        Seeker.status.in_([SeekerStatus.active, SeekerStatus.placed]),
        Seeker.created_at < flt.until,
    )
    return list(session.execute(scoped(statement, Seeker.community_id, flt)).all())


def seekers_holding_a_hire(session: Session, flt: ReportFilter) -> set[int]:
    """Seekers with a hire that started before ``until`` and had not ended by then."""
    statement = (
        select(Proposal.seeker_id)
        .distinct()
        .join(Seeker, Seeker.id == Proposal.seeker_id)
        .where(
            Proposal.hired_at.is_not(None),
            Proposal.hired_at < flt.until,
            or_(Proposal.ended_at.is_(None), Proposal.ended_at >= flt.until),
        )
    )
    rows = session.scalars(scoped(statement, Seeker.community_id, flt))
    return {int(seeker_id) for seeker_id in rows}
