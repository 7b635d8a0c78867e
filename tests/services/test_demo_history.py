"""Seeding the demo history into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matching.db.models import Posting, Proposal, ProposalEvent, Seeker
from matching.demo import DemoSizes
from matching.enums import ProposalStatus, SeekerStatus
from matching.errors import Conflict
from matching.services import reports
from matching.services.context import ServiceContext
from matching.services.demo import seed_demo_city
from matching.services.demo_history import HistoryReport, seed_demo_history

pytestmark = pytest.mark.db

SMALL = DemoSizes(
    seekers=300, postings=60, factories=12, other_employers=12, service_stations=6, gig_stations=4
)


@pytest.fixture
def history(ctx: ServiceContext) -> HistoryReport:
    seed_demo_city(ctx, seed=11, sizes=SMALL)
    return seed_demo_history(ctx, seed=11)


def test_history_rows_are_stored(ctx: ServiceContext, history: HistoryReport) -> None:
    session = ctx.session
    proposals = session.scalar(select(func.count(Proposal.id)))
    events = session.scalar(select(func.count(ProposalEvent.id)))
    placed = session.scalar(
        select(func.count(func.distinct(Proposal.seeker_id))).where(Proposal.hired_at.is_not(None))
    )

    assert (proposals, events, placed) == (
        history.proposals,
        history.events,
        history.people_placed,
    )
    assert history.people_placed > 0.7 * SMALL.seekers


def test_posting_hires_are_the_current_hires(ctx: ServiceContext, history: HistoryReport) -> None:
    current = (
        select(Proposal.posting_id, func.count(Proposal.id).label("n"))
        .where(Proposal.status == ProposalStatus.hired)
        .group_by(Proposal.posting_id)
        .subquery()
    )
    rows = ctx.session.execute(
        select(Posting.hires, func.coalesce(current.c.n, 0), Posting.headcount).outerjoin(
            current, current.c.posting_id == Posting.id
        )
    ).all()

    assert all(hires == n <= headcount for hires, n, headcount in rows)


def test_seekers_are_placed_when_holding_a_hire(
    ctx: ServiceContext, history: HistoryReport
) -> None:
    holding = set(
        ctx.session.scalars(
            select(Proposal.seeker_id).where(Proposal.status == ProposalStatus.hired)
        )
    )
    statuses = {
        s_id: status for s_id, status in ctx.session.execute(select(Seeker.id, Seeker.status))
    }

    assert all(statuses[seeker_id] is SeekerStatus.placed for seeker_id in holding)
    assert all(
        seeker_id in holding
        for seeker_id, status in statuses.items()
        if status is SeekerStatus.placed
    )


def test_reports_see_the_history(ctx: ServiceContext, history: HistoryReport) -> None:
    summary = reports.summary_report(ctx)

    assert summary.people_placed == history.people_placed
    assert summary.near_home_people > 0 and summary.filled > 0


def test_history_is_seeded_once(ctx: ServiceContext, history: HistoryReport) -> None:
    with pytest.raises(Conflict, match="已有推荐记录"):
        seed_demo_history(ctx, seed=11)
