"""Match lists and proposal snapshots: the engine's rankings, scoped and explained."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from matching.db.models import Posting, Seeker, Station
from matching.db.queries import seekers as seeker_queries
from matching.engine.config import MatchConfig
from matching.engine.ranking import rank_postings, rank_seekers
from matching.engine.results import Match, Rejection, Suggestion
from matching.engine.scoring import score_pair
from matching.engine.widen import widen
from matching.errors import InvalidInput
from matching.identifiers.masking import mask_phone
from matching.pii import context
from matching.schemas.matches import (
    Explanation,
    FactorOut,
    PostingCard,
    PostingMatch,
    PostingMatches,
    ReferralCard,
    SeekerCard,
    SeekerMatch,
    SeekerMatches,
    SkillBrief,
    WidenHint,
)
from matching.schemas.proposals import ProposalCreate, ProposalPublic
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services import explanations
from matching.services.context import ServiceContext
from matching.services.match_index import MatchIndex
from matching.services.models import active_match_config
from matching.services.proposals import propose
from matching.services.referrals import referral_ref
from matching.services.reliability import employer_reliability, seeker_reliability
from matching.services.scope import posting_visible, require_posting, require_seeker, seeker_visible

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


def _config(ctx: ServiceContext) -> tuple[MatchConfig, str]:
    return active_match_config(ctx)


def _factors(match: Match) -> list[FactorOut]:
    return [
        FactorOut(
            code=f.code,
            label_zh=explanations.factor_label(f.code)[0],
            label_en=explanations.factor_label(f.code)[1],
            value=round(f.value, 4),
            weight=f.weight,
            contribution=round(f.contribution, 4),
        )
        for f in match.factors
    ]


def _check_min_score(min_score: float | None) -> float | None:
    if min_score is None:
        return None
    if not 0 <= min_score <= 100:
        raise InvalidInput("min_score", "out_of_range", "最低分须在 0 到 100 之间")
    return min_score / 100.0


def match_seekers(ctx: ServiceContext, posting_id: int, query: MatchQuery) -> PostingMatches:
    """The best seekers for a posting: full cards in scope, referral cards outside."""
    posting = require_posting(ctx, posting_id)
    config, model = _config(ctx)
    min_score = _check_min_score(query.min_score)
    suggestions: list[Suggestion] = []
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
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
    seekers = _load_seekers(ctx, [m.id for m in matches])
    stations = _stations(ctx, [s.registered_station_id for s in seekers.values()])
    reliability = seeker_reliability(ctx, list(seekers.values()))
    items = [
        _seeker_item(
            ctx,
            rank,
            match,
            seekers[match.id],
            stations,
            taxonomy.name,
            posting,
            reliability[match.id],
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


def _seeker_item(
    ctx: ServiceContext,
    rank: int,
    match: Match,
    seeker: Seeker,
    stations: dict[int, Station],
    name: explanations.SkillName,
    posting: Posting,
    reliability: SeekerReliability,
) -> SeekerMatch:
    in_scope = seeker_visible(ctx, seeker)
    text = explanations.explain(
        match,
        name,
        pay_yuan=float(posting.pay_yuan),
        pay_unit=posting.pay_unit.value,
        exact_distance=in_scope,
    )
    skills = [
        SkillBrief(
            skill=link.skill.code,
            name_zh=link.skill.name_zh,
            name_en=link.skill.name_en,
            level=link.level,
        )
        for link in seeker.skills
    ]
    card = referral = None
    if in_scope:
        card = _seeker_card(ctx, seeker, skills)
    else:
        station = stations[seeker.registered_station_id]
        referral = ReferralCard(
            station_id=station.id,
            station_name=station.name,
            distance_band=explanations.distance_band(match.details.km),
            skills=skills,
            referral_ref=referral_ref(ctx, seeker.id, posting.id),
        )
    return SeekerMatch(
        rank=rank,
        score=round(match.score * 100, 1),
        seeker=card,
        referral=referral,
        distance_km=round(match.details.km, 2) if in_scope else None,
        travel_minutes=round(match.details.minutes, 1) if in_scope else None,
        factors=_factors(match),
        explanation=Explanation(zh=text.zh, en=text.en),
        reliability=reliability,
    )


def _seeker_card(ctx: ServiceContext, seeker: Seeker, skills: list[SkillBrief]) -> SeekerCard:
    phone = ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
    today = ctx.today
    birth = seeker.birth_date
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return SeekerCard(
        id=seeker.id,
        name=seeker.name,
        phone_masked=mask_phone(phone),
        sex=seeker.sex,
        age=age,
        community_id=seeker.community_id,
        registered_station_id=seeker.registered_station_id,
        homebound=seeker.homebound,
        caregiver=seeker.caregiver,
        disability=seeker.disability,
        skills=skills,
    )


def _load_seekers(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Seeker]:
    if not ids:
        return {}
    rows = ctx.session.scalars(
        seeker_queries.with_skills(select(Seeker).where(Seeker.id.in_(ids)))
    )
    return {row.id: row for row in rows}


def _stations(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Station]:
    rows = ctx.session.scalars(select(Station).where(Station.id.in_(set(ids))))
    return {row.id: row for row in rows}


def match_postings(ctx: ServiceContext, seeker_id: int, query: MatchQuery) -> SeekerMatches:
    """The best postings for a seeker in the caller's scope."""
    require_seeker(ctx, seeker_id)
    config, model = _config(ctx)
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
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
        _posting_item(
            rank,
            match,
            postings[match.id],
            taxonomy.name,
            employers[postings[match.id].employer_id],
        )
        for rank, match in enumerate(visible, start=1)
    ]
    return SeekerMatches(seeker_id=seeker_id, model=model, items=items)


def _posting_item(
    rank: int,
    match: Match,
    posting: Posting,
    name: explanations.SkillName,
    employer: EmployerReliability,
) -> PostingMatch:
    text = explanations.explain(
        match, name, pay_yuan=float(posting.pay_yuan), pay_unit=posting.pay_unit.value
    )
    card = PostingCard(
        id=posting.id,
        title=posting.title,
        employer_id=posting.employer_id,
        kind=posting.kind,
        work_mode=posting.work_mode,
        pay_yuan=float(posting.pay_yuan),
        pay_unit=posting.pay_unit,
        place_name=posting.place_name,
        community_id=posting.community_id,
        vacancies=posting.headcount - posting.hires,
    )
    return PostingMatch(
        rank=rank,
        score=round(match.score * 100, 1),
        posting=card,
        distance_km=round(match.details.km, 2),
        travel_minutes=round(match.details.minutes, 1),
        factors=_factors(match),
        explanation=Explanation(zh=text.zh, en=text.en),
        employer_reliability=employer,
    )


def proposal_snapshot(ctx: ServiceContext, seeker_id: int, posting_id: int) -> dict[str, Any]:
    """Score and explanation of a pair now, as stored with a proposal."""
    config, model = _config(ctx)
    with _index(ctx) as index:
        assert index.seekers_ is not None and index.postings_ is not None and index.taxonomy_
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
        "factors": [f.model_dump() for f in _factors(result)],
        "explanation": {"zh": text.zh, "en": text.en},
    }


def propose_with_snapshot(ctx: ServiceContext, body: ProposalCreate) -> ProposalPublic:
    """Propose, recording the score and explanation as they are at this moment."""
    require_seeker(ctx, body.seeker_id)
    require_posting(ctx, body.posting_id)
    return propose(ctx, body, snapshot=proposal_snapshot(ctx, body.seeker_id, body.posting_id))
