"""Public wrappers around the card builders of ``services.matching``, for other use cases.

Plans (``services.plans``) show seekers and postings exactly as match lists do:
the same cards, the same scoping and masking, the same explanations. The builders
live in ``services.matching``; these wrappers give them a public name without
copying them.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.db.models import Posting, Seeker, Station
from matching.engine.config import MatchConfig
from matching.engine.results import Match
from matching.schemas.matches import FactorOut, PostingMatch, SeekerMatch
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services import explanations
from matching.services import matching as _matching
from matching.services.context import ServiceContext


def match_config(ctx: ServiceContext) -> tuple[MatchConfig, str]:
    """The configuration that ranks match lists now, and its model name."""
    return _matching._config(ctx)


def factors(match: Match) -> list[FactorOut]:
    """A match's factors with their Chinese and English labels."""
    return _matching._factors(match)


def load_seekers(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Seeker]:
    """Seekers by id, with their skills loaded for cards."""
    return _matching._load_seekers(ctx, ids)


def load_stations(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Station]:
    """Stations by id (for referral cards)."""
    return _matching._stations(ctx, ids)


def seeker_item(
    ctx: ServiceContext,
    match: Match,
    seeker: Seeker,
    stations: dict[int, Station],
    name: explanations.SkillName,
    posting: Posting,
    reliability: SeekerReliability,
) -> SeekerMatch:
    """A seeker as in a posting's match list: full card in scope, referral card outside."""
    return _matching._seeker_item(ctx, 1, match, seeker, stations, name, posting, reliability)


def posting_item(
    match: Match, posting: Posting, name: explanations.SkillName, employer: EmployerReliability
) -> PostingMatch:
    """A posting as in a seeker's match list (card, exact distance, employer reliability)."""
    return _matching._posting_item(1, match, posting, name, employer)
