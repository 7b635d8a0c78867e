"""Match lists and proposal snapshots: the engine's rankings, scoped and explained."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from matching.db.models import Posting
from matching.engine.ranking import rank_postings, rank_seekers
from matching.engine.results import Rejection, Suggestion
from matching.engine.scoring import score_pair
from matching.engine.widen import widen
from matching.errors import InvalidInput
from matching.schemas.matches import (
    Explanation,
    PostingMatches,
    SeekerMatches,
    WidenHint,
)
from matching.schemas.proposals import ProposalCreate, ProposalPublic
from matching.services import explanations
from matching.services.context import ServiceContext
from matching.services.match_cards import (
    factors,
    load_card_seekers,
    load_referral_stations,
    posting_item,
    seeker_item,
    skill_briefs,
)
from matching.services.match_index import MatchIndex
from matching.services.models import active_match_config
from matching.services.proposals import propose
from matching.services.reliability import employer_reliability
from matching.services.scope import posting_visible, require_posting, require_seeker

FEW_RESULTS = 5


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
    """The best seekers for a posting: full cards in scope, referral cards outside."""
    posting = require_posting(ctx, posting_id)
    min_score = _check_min_score(query.min_score)
    suggestions: list[Suggestion] = []
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
        config, model = index.ranking_config(lambda: active_match_config(ctx))
        taxonomy, record = index.taxonomy_, index.postings_.record(posting_id)
        matches = rank_seekers(
            index.seekers_,
            record,
            taxonomy.graph,
            config=config,
            today=ctx.today,
            limit=query.limit,
            radius_km=query.radius_km,
            min_score=min_score,
        )
        ids = [m.id for m in matches]
        skills = dict(zip(ids, index.seekers_.skills(ids), strict=True))
        if len(matches) < min(FEW_RESULTS, query.limit):
            suggestions = widen(
                index.seekers_,
                record,
                taxonomy.graph,
                config=config,
                today=ctx.today,
                radius_km=query.radius_km,
                min_score=min_score,
            )
    seekers = load_card_seekers(ctx, ids)
    stations = load_referral_stations(ctx, seekers.values())
    items = [
        seeker_item(
            ctx,
            rank,
            match,
            seekers[match.id],
            skill_briefs(taxonomy, skills[match.id]),
            stations,
            taxonomy.name,
            posting,
        )
        for rank, match in enumerate(matches, start=1)
    ]
    hints = []
    for suggestion in suggestions:
        text = explanations.explain_suggestion(suggestion)
        hints.append(
            WidenHint(
                code=suggestion.code,
                extra=suggestion.extra,
                value=suggestion.value,
                explanation=Explanation(zh=text.zh, en=text.en),
            )
        )
    return PostingMatches(posting_id=posting_id, model=model, items=items, suggestions=hints)


def match_postings(ctx: ServiceContext, seeker_id: int, query: MatchQuery) -> SeekerMatches:
    """The best postings for a seeker in the caller's scope."""
    require_seeker(ctx, seeker_id)
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
        config, model = index.ranking_config(lambda: active_match_config(ctx))
        taxonomy = index.taxonomy_
        matches = rank_postings(
            index.postings_,
            index.seekers_.record(seeker_id),
            taxonomy.graph,
            config=config,
            today=ctx.today,
            limit=query.limit,
            radius_km=query.radius_km,
            min_score=_check_min_score(query.min_score),
        )
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
    return SeekerMatches(seeker_id=seeker_id, model=model, items=items)


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
    text = explanations.explain(
        result, taxonomy.name, pay_yuan=float(posting.pay_yuan), pay_unit=posting.pay_unit.value
    )
    return {
        "model": model,
        "score": round(result.score * 100, 1),
        "factors": [f.model_dump() for f in factors(result)],
        "explanation": {"zh": text.zh, "en": text.en},
    }


def propose_with_snapshot(ctx: ServiceContext, body: ProposalCreate) -> ProposalPublic:
    """Propose, recording the score and explanation as they are at this moment."""
    require_seeker(ctx, body.seeker_id)
    require_posting(ctx, body.posting_id)
    return propose(ctx, body, snapshot=proposal_snapshot(ctx, body.seeker_id, body.posting_id))
