"""Today at a clerk's station: what is waiting for her, in one call."""

from __future__ import annotations

from dataclasses import dataclass

from matching.db.queries import names as name_queries
from matching.db.queries.common import PageRequest
from matching.enums import ProposalStatus, ReferralStatus
from matching.schemas.page import Page
from matching.schemas.proposals import ProposalPublic
from matching.schemas.referrals import ReferralPublic
from matching.services.context import ServiceContext
from matching.services.proposals import list_proposals
from matching.services.referrals import list_referrals

SHOWN = 10


@dataclass(frozen=True, slots=True)
class StationDay:
    """Open proposals waiting for an answer, hires to confirm, and referrals received."""

    waiting: Page[ProposalPublic]
    to_confirm: Page[ProposalPublic]
    referrals: Page[ReferralPublic]
    posting_titles: dict[int, str]


def station_day(ctx: ServiceContext) -> StationDay:
    """What waits for the caller today (clerks: their scope; administrators: the city)."""
    oldest_first = PageRequest(limit=SHOWN, sort="created_at")
    waiting = list_proposals(ctx, oldest_first, status=ProposalStatus.proposed)
    to_confirm = list_proposals(ctx, oldest_first, status=ProposalStatus.interviewed)
    referrals = list_referrals(ctx, PageRequest(limit=SHOWN), status=ReferralStatus.open)
    postings = {p.posting_id for p in (*waiting.items, *to_confirm.items)} | {
        r.posting_id for r in referrals.items
    }
    return StationDay(
        waiting=waiting,
        to_confirm=to_confirm,
        referrals=referrals,
        posting_titles=name_queries.posting_titles(ctx.session, postings),
    )
