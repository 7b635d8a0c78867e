"""Everything a clerk reads about one seeker at the window, in one call."""

from __future__ import annotations

from dataclasses import dataclass

from matching.db.queries import names as name_queries
from matching.db.queries.common import PageRequest
from matching.errors import Conflict
from matching.schemas.matches import SeekerMatches
from matching.schemas.proposals import ProposalPublic
from matching.schemas.reliability import SeekerReliability
from matching.schemas.seekers import SeekerPublic
from matching.services.common import age_on
from matching.services.context import ServiceContext
from matching.services.matching import MatchQuery, match_postings
from matching.services.proposals import list_proposals
from matching.services.reliability import seeker_reliability
from matching.services.seekers import get_seeker

PROPOSALS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class SeekerDesk:
    """One seeker's record (masked), what was proposed so far, and her best postings."""

    seeker: SeekerPublic
    age: int
    community_name: str
    station_name: str
    reliability: SeekerReliability
    proposals: list[ProposalPublic]
    posting_titles: dict[int, str]
    matches: SeekerMatches | None
    employer_names: dict[int, str]


def seeker_desk(ctx: ServiceContext, seeker_id: int, *, query: MatchQuery) -> SeekerDesk:
    """Read one seeker in the caller's scope with her proposals and her match list.

    The match list is None when matching is refused for her (e.g. no data-use consent).
    """
    seeker = get_seeker(ctx, seeker_id)  # NotFound when out of scope
    proposals = list_proposals(ctx, PageRequest(limit=PROPOSALS_SHOWN), seeker_id=seeker_id)
    try:
        matches: SeekerMatches | None = match_postings(ctx, seeker_id, query)
    except Conflict:
        matches = None
    session = ctx.session
    employers = {item.posting.employer_id for item in matches.items} if matches else set()
    return SeekerDesk(
        seeker=seeker,
        age=age_on(seeker.birth_date, ctx.today),
        community_name=name_queries.community_names(session, [seeker.community_id]).get(
            seeker.community_id, ""
        ),
        station_name=name_queries.station_names(session, [seeker.registered_station_id]).get(
            seeker.registered_station_id, ""
        ),
        reliability=seeker_reliability(ctx, [seeker_id])[seeker_id],
        proposals=proposals.items,
        posting_titles=name_queries.posting_titles(
            session, [p.posting_id for p in proposals.items]
        ),
        matches=matches,
        employer_names=name_queries.employer_names(session, employers),
    )
