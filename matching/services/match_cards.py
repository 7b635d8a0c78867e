"""Cards of match lists and plans: seekers, referral cards and postings, scoped and explained.

One place builds them, so match lists and plans show seekers and postings alike: the
same cards, the same scoping and masking, the same explanations.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from matching.db.models import Posting, Seeker, Station
from matching.db.queries import seekers as seeker_queries
from matching.engine.results import Match
from matching.identifiers.masking import mask_phone
from matching.pii import context
from matching.schemas.matches import (
    Explanation,
    FactorOut,
    PostingCard,
    PostingMatch,
    ReferralCard,
    SeekerCard,
    SeekerMatch,
    SkillBrief,
)
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services import explanations
from matching.services.common import age_on
from matching.services.context import ServiceContext
from matching.services.referrals import referral_ref
from matching.services.scope import seeker_visible


def factors(match: Match) -> list[FactorOut]:
    """A match's factors with their Chinese and English labels."""
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


def seeker_item(
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
        factors=factors(match),
        explanation=Explanation(zh=text.zh, en=text.en),
        reliability=reliability,
    )


def _seeker_card(ctx: ServiceContext, seeker: Seeker, skills: list[SkillBrief]) -> SeekerCard:
    phone = ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
    age = age_on(seeker.birth_date, ctx.today)
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


def load_seekers(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Seeker]:
    """Seekers by id, with their skills loaded for cards."""
    if not ids:
        return {}
    rows = ctx.session.scalars(seeker_queries.with_skills(select(Seeker).where(Seeker.id.in_(ids))))
    return {row.id: row for row in rows}


def load_stations(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, Station]:
    """Stations by id (for referral cards)."""
    rows = ctx.session.scalars(select(Station).where(Station.id.in_(set(ids))))
    return {row.id: row for row in rows}


def posting_item(
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
        factors=factors(match),
        explanation=Explanation(zh=text.zh, en=text.en),
        employer_reliability=employer,
    )
