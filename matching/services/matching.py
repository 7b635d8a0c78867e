"""Match lists and proposal snapshots: the engine's rankings, scoped and explained."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from matching.db.models import Posting
from matching.engine.ranking import rank_postings, rank_seekers
from matching.engine.results import Match, Rejection, Suggestion
from matching.engine.scoring import score_pair
from matching.engine.widen import widen
from matching.engine.widen_postings import widen_postings
from matching.errors import InvalidInput
from matching.schemas.matches import (
    Explanation,
    PostingMatches,
    ReferralMatch,
    SeekerMatches,
    WidenHint,
)
from matching.schemas.proposals import ProposalCreate, ProposalPublic
from matching.services import explanations
from matching.services.availability import unavailable_matches
from matching.services.context import ServiceContext
from matching.services.match_cards import (
    CardSeeker,
    factors,
    load_card_seekers,
    load_referral_stations,
    posting_item,
    referral_item,
    referral_km,
    seeker_item,
)
from matching.services.match_index import MatchIndex, Taxonomy
from matching.services.models import active_match_config
from matching.services.proposals import propose
from matching.services.reliability import employer_reliability
from matching.services.scope import posting_visible, require_posting, require_seeker

REFERRAL_CARDS = 10
"""At most this many referral cards per list (never more than the list's ``limit``)."""
REFERRAL_POOL = 3 * REFERRAL_CARDS
"""Seekers of other scopes ranked, so that enough remain after the cloaked radius filter."""


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What the clerk asked for."""

    limit: int = 20
    radius_km: float | None = None
    min_score: float | None = None  # 0-100


@contextmanager
def _index(ctx: ServiceContext) -> Iterator[MatchIndex]:
    index = ctx.match_index
    if index is None:
        raise RuntimeError("no match index in this context")
    with index.fresh(ctx.session, today=ctx.today) as fresh:
        yield fresh


def _check_min_score(min_score: float | None) -> float | None:
    if min_score is None:
        return None
    if not 0 <= min_score <= 100:
        raise InvalidInput("min_score", "out_of_range", "最低分须在 0 到 100 之间")
    return min_score / 100.0


def match_seekers(ctx: ServiceContext, posting_id: int, query: MatchQuery) -> PostingMatches:
    """The best seekers for a posting in the caller's scope, and referral cards outside it."""
    posting = require_posting(ctx, posting_id)
    if (unavailable := unavailable_matches(ctx, posting)) is not None:
        return unavailable  # ended, filled, closed or a draft: say why, rank no one
    min_score = _check_min_score(query.min_score)
    scope = _scope(ctx)
    suggestions: list[Suggestion] = []
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
        config, model = index.ranking_config(lambda: active_match_config(ctx))
        taxonomy, record = index.taxonomy_, index.postings_.record(posting_id)
        pool = index.seekers_

        def ranked(limit: int, radius: float | None, floor: float | None, within: Any) -> Any:
            return rank_seekers(
                pool, record, taxonomy.graph, config=config, today=ctx.today,
                limit=limit, radius_km=radius, min_score=floor, community_ids=within,
            )  # fmt: skip

        matches = ranked(query.limit, query.radius_km, min_score, scope)
        outside: list[Match] = []
        if scope is not None:
            others = [c for c in pool.community_ids() if c not in scope]
            outside = ranked(REFERRAL_POOL, None, None, others) if others else []
        ids = [m.id for m in (*matches, *outside)]
        skills = dict(zip(ids, pool.skills(ids), strict=True))
        if len(matches) < query.limit:
            suggestions = widen(
                pool, record, taxonomy.graph, config=config, today=ctx.today,
                radius_km=query.radius_km, min_score=min_score, community_ids=scope,
            )  # fmt: skip
    seekers = load_card_seekers(ctx, ids)
    items = [
        seeker_item(ctx, rank, match, seekers[match.id], skills[match.id], taxonomy, posting)
        for rank, match in enumerate((m for m in matches if seekers[m.id].data_use), start=1)
    ]
    referrals = _referral_cards(ctx, outside, seekers, skills, taxonomy, posting, query)
    return PostingMatches(
        posting_id=posting_id,
        model=model,
        items=items,
        referrals=referrals,
        suggestions=[_hint(suggestion) for suggestion in suggestions],
    )


def _scope(ctx: ServiceContext) -> frozenset[int] | None:
    """The communities whose seekers the caller sees; None: every one."""
    actor = ctx.actor
    return None if actor is None or actor.city_wide else actor.community_ids or frozenset()


def _referral_cards(
    ctx: ServiceContext,
    outside: list[Match],
    seekers: dict[int, CardSeeker],
    skills: dict[int, Any],
    taxonomy: Taxonomy,
    posting: Posting,
    query: MatchQuery,
) -> list[ReferralMatch]:
    """Referral cards: the best seekers of other scopes by their hard limits alone.

    ``radius_km`` is applied to the cloaked distance the band shows; ``min_score`` not at
    all (their scores are not shown, and a threshold on one would measure it).
    """
    kept = [m for m in outside if seekers[m.id].data_use and seekers[m.id].erased_at is None]
    if query.radius_km is not None:
        kept = [m for m in kept if referral_km(ctx, seekers[m.id], posting) <= query.radius_km]
    kept = kept[: min(query.limit, REFERRAL_CARDS)]
    stations = load_referral_stations(ctx, (seekers[m.id] for m in kept))
    return [
        referral_item(
            ctx,
            rank,
            match,
            seekers[match.id],
            skills[match.id],
            stations[seekers[match.id].registered_station_id],
            taxonomy,
            posting,
        )
        for rank, match in enumerate(kept, start=1)
    ]


def _hint(suggestion: Suggestion) -> WidenHint:
    """A relaxation for the API, its ``min_score`` on the 0-100 scale of the request."""
    text = explanations.explain_suggestion(suggestion)
    value = suggestion.value
    if suggestion.code == "min_score" and value is not None:
        value = round(value * 100, 1)
    return WidenHint(
        code=suggestion.code,
        extra=suggestion.extra,
        value=value,
        explanation=Explanation(zh=text.zh, en=text.en),
    )


def match_postings(ctx: ServiceContext, seeker_id: int, query: MatchQuery) -> SeekerMatches:
    """The best postings for a seeker in the caller's scope."""
    require_seeker(ctx, seeker_id)
    min_score = _check_min_score(query.min_score)
    suggestions: list[Suggestion] = []
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
        config, model = index.ranking_config(lambda: active_match_config(ctx))
        taxonomy = index.taxonomy_
        record = index.seekers_.record(seeker_id)
        matches = rank_postings(
            index.postings_,
            record,
            taxonomy.graph,
            config=config,
            today=ctx.today,
            limit=query.limit,
            radius_km=query.radius_km,
            min_score=min_score,
        )
        if len(matches) < query.limit:
            suggestions = widen_postings(
                index.postings_, record, taxonomy.graph, config=config, today=ctx.today,
                radius_km=query.radius_km, min_score=min_score,
            )  # fmt: skip
    postings = {
        p.id: p
        for p in ctx.session.scalars(select(Posting).where(Posting.id.in_([m.id for m in matches])))
    }
    visible = [m for m in matches if posting_visible(ctx, postings[m.id])]
    employers = employer_reliability(ctx, sorted({postings[m.id].employer_id for m in visible}))
    items = [
        posting_item(
            rank,
            match,
            postings[match.id],
            taxonomy.name,
            employers[postings[match.id].employer_id],
        )
        for rank, match in enumerate(visible, start=1)
    ]
    return SeekerMatches(
        seeker_id=seeker_id,
        model=model,
        items=items,
        suggestions=[_hint(suggestion) for suggestion in suggestions],
    )


def proposal_snapshot(ctx: ServiceContext, seeker_id: int, posting_id: int) -> dict[str, Any]:
    """Score and explanation of a pair now, as stored with a proposal."""
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
        config, model = index.ranking_config(lambda: active_match_config(ctx))
        taxonomy = index.taxonomy_
        result = score_pair(
            index.seekers_.record(seeker_id),
            index.postings_.record(posting_id),
            taxonomy.graph,
            config=config,
            today=ctx.today,
        )
    if isinstance(result, Rejection):
        return {"model": model, "score": None, "rejected": result.code}
    posting = ctx.session.get(Posting, posting_id)
    assert posting is not None
    said = explanations.explain(
        result, taxonomy.name, pay_yuan=posting.pay_yuan, pay_unit=posting.pay_unit.value
    )
    return {
        "model": model,
        "score": explanations.fit_score(result),
        "priority": explanations.priority_points(result),
        "factors": [f.model_dump() for f in factors(result)],
        "explanation": {"zh": said.text.zh, "en": said.text.en},
        "spoken": {"zh": said.spoken.zh, "en": said.spoken.en},
    }


def propose_with_snapshot(ctx: ServiceContext, body: ProposalCreate) -> ProposalPublic:
    """Propose, recording the score and explanation as they are at this moment."""
    require_seeker(ctx, body.seeker_id)
    require_posting(ctx, body.posting_id)
    return propose(ctx, body, snapshot=proposal_snapshot(ctx, body.seeker_id, body.posting_id))
