"""Today at a clerk's station: what is waiting for her, in one call.

Five lists, each short (:data:`SHOWN` rows) and oldest or most urgent first: proposals
waiting for an answer, interviews whose hire is to be confirmed, people waiting longest
without a proposal (homebound people and caregivers marked: they are the ones a window
forgets), postings of her area ending within a week with places left, and referrals
other stations sent her.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matching.db.models import Posting, PostingSkill, Seeker
from matching.db.queries import names as name_queries
from matching.db.queries import postings as posting_queries
from matching.db.queries import seekers as seeker_queries
from matching.db.queries.common import PageRequest
from matching.enums import ProposalStatus, ReferralStatus, SeekerStatus
from matching.schemas.page import Page
from matching.schemas.postings import PostingPublic
from matching.schemas.proposals import ProposalPublic
from matching.schemas.referrals import ReferralPublic
from matching.schemas.seekers import SeekerPublic
from matching.services.context import ServiceContext
from matching.services.postings import posting_public
from matching.services.proposals import list_proposals
from matching.services.referrals import list_referrals
from matching.services.scope import local_postings, scoped_seekers
from matching.services.seekers import seeker_public

SHOWN = 10
ENDING_WITHIN_DAYS = 7
""""This week": postings ending today or in the next six days."""


@dataclass(frozen=True, slots=True)
class WaitingSeeker:
    """A seeker with no open proposal, and since when she has waited for one."""

    seeker: SeekerPublic
    since: date
    days: int


@dataclass(frozen=True, slots=True)
class StationDay:
    """What waits for the reader today; names and titles for the rows."""

    waiting: Page[ProposalPublic]
    to_confirm: Page[ProposalPublic]
    waiting_people: list[WaitingSeeker]
    ending_postings: list[PostingPublic]
    referrals: Page[ReferralPublic]
    posting_titles: dict[int, str]
    seeker_names: dict[int, str]
    community_names: dict[int, str]
    proposed_on: dict[int, date]
    """Each listed proposal's local date (the city's calendar, not UTC)."""

    def days_waiting(self, proposal: ProposalPublic, today: date) -> int:
        """Whole days since the proposal was made, on the city's calendar."""
        return (today - self.proposed_on[proposal.id]).days


def station_day(ctx: ServiceContext) -> StationDay:
    """What waits for the caller today (clerks: their scope; administrators: the city)."""
    oldest_first = PageRequest(limit=SHOWN, sort="created_at")
    waiting = list_proposals(ctx, oldest_first, status=ProposalStatus.proposed)
    to_confirm = list_proposals(ctx, oldest_first, status=ProposalStatus.interviewed)
    referrals = list_referrals(ctx, PageRequest(limit=SHOWN), status=ReferralStatus.open)
    proposals = (*waiting.items, *to_confirm.items)
    postings = {p.posting_id for p in proposals} | {r.posting_id for r in referrals.items}
    seekers = {p.seeker_id for p in proposals if p.seeker_id is not None}
    people = waiting_longest(ctx)
    return StationDay(
        waiting=waiting,
        to_confirm=to_confirm,
        waiting_people=people,
        ending_postings=ending_this_week(ctx),
        referrals=referrals,
        posting_titles=name_queries.posting_titles(ctx.session, postings),
        seeker_names=name_queries.seeker_names(ctx.session, seekers),
        community_names=name_queries.community_names(
            ctx.session, {w.seeker.community_id for w in people}
        ),
        proposed_on={p.id: ctx.clock.local_date(p.created_at) for p in proposals},
    )


def waiting_longest(ctx: ServiceContext, *, limit: int = SHOWN) -> list[WaitingSeeker]:
    """Active seekers in scope with no open proposal, longest wait first."""
    since = seeker_queries.waiting_since().label("since")
    statement = scoped_seekers(ctx, seeker_queries.with_details(select(Seeker)))
    statement = seeker_queries.without_open_proposal(statement)
    statement = statement.where(Seeker.status == SeekerStatus.active)
    rows = ctx.session.execute(
        statement.add_columns(since).order_by(since, Seeker.id).limit(limit)
    ).all()
    people = []
    for seeker, started in rows:
        started_on = ctx.clock.local_date(started)
        days = (ctx.today - started_on).days
        people.append(WaitingSeeker(seeker_public(ctx, seeker), since=started_on, days=days))
    return people


def ending_this_week(ctx: ServiceContext, *, limit: int = SHOWN) -> list[PostingPublic]:
    """Open postings of the caller's area ending within a week with places left."""
    last_day = ctx.today + timedelta(days=ENDING_WITHIN_DAYS - 1)
    statement = local_postings(
        ctx, select(Posting).options(selectinload(Posting.skills).joinedload(PostingSkill.skill))
    ).where(
        posting_queries.with_vacancies(ctx.today),
        posting_queries.ending_between(ctx.today, last_day),
    )
    rows = ctx.session.scalars(statement.order_by(Posting.end_date, Posting.id).limit(limit))
    return [posting_public(posting, today=ctx.today) for posting in rows]
