"""Cards of match lists and plans: seekers, referral cards and postings, scoped and explained.

One place builds them, so match lists and plans show seekers and postings alike: the
same cards, the same scoping and masking, the same explanations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from pydantic import TypeAdapter

from matching.db.models import Posting, Station
from matching.db.queries import match_rows
from matching.db.queries import referrals as referral_queries
from matching.engine.results import Match
from matching.enums import Sex
from matching.identifiers.masking import mask_phone
from matching.pii import context
from matching.schemas.matches import (
    Explanation,
    FactorOut,
    PostingCard,
    PostingMatch,
    ReferralCard,
    ReferralMatch,
    SeekerCard,
    SeekerMatch,
    SkillBrief,
)
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services import explanations
from matching.services.cloaking import outside_km
from matching.services.common import age_on
from matching.services.context import ServiceContext
from matching.services.match_index import Taxonomy
from matching.services.referral_refs import issue_ref
from matching.services.reliability import reliability_of
from matching.services.scope import seeker_visible


@dataclass(frozen=True, slots=True)
class CardSeeker:
    """What a seeker's card needs from the database: one narrow row, no ORM object."""

    id: int
    uid: str
    name: str
    phone_enc: bytes
    sex: Sex
    birth_date: date
    community_id: int
    registered_station_id: int
    homebound: bool
    caregiver: bool
    disability: bool
    erased_at: datetime | None
    lat: float
    lon: float
    data_use: bool
    reliability: SeekerReliability


_CARD_FIELDS = tuple(f.name for f in fields(CardSeeker) if f.name != "reliability")


def skill_briefs(taxonomy: Taxonomy, skills: Iterable[tuple[int, int]]) -> list[SkillBrief]:
    """Briefs of (engine skill index, level) pairs, in taxonomy order (as the index holds them)."""
    return [
        SkillBrief(
            skill=taxonomy.codes[index],
            name_zh=taxonomy.names[index][0],
            name_en=taxonomy.names[index][1],
            level=level,
        )
        for index, level in sorted(skills)
    ]


_FACTOR_LIST = TypeAdapter(list[FactorOut])


def factors(match: Match) -> list[FactorOut]:
    """A match's factors with their Chinese and English labels.

    Validated as one list (in pydantic-core) rather than one model at a time: a page
    of 50 matches has 400 factors.
    """
    out = []
    for f in match.factors:
        label_zh, label_en = explanations.factor_label(f.code)
        out.append(
            {
                "code": f.code,
                "label_zh": label_zh,
                "label_en": label_en,
                "value": round(f.value, 4),
                "weight": f.weight,
                "contribution": round(f.contribution, 4),
            }
        )
    return _FACTOR_LIST.validate_python(out)


def seeker_item(
    ctx: ServiceContext,
    rank: int,
    match: Match,
    seeker: CardSeeker,
    held: Sequence[tuple[int, int]],
    taxonomy: Taxonomy,
    posting: Posting,
) -> SeekerMatch:
    """A ranked seeker in the caller's scope: full card, exact distance, factors.

    ``held`` are the seeker's (engine skill index, level) pairs as ranked.
    """
    assert seeker_visible(ctx, seeker), "seekers outside the scope get referral cards"
    said = explanations.explain(
        match, taxonomy.name, pay_yuan=posting.pay_yuan, pay_unit=posting.pay_unit.value
    )
    return SeekerMatch(
        rank=rank,
        score=explanations.fit_score(match),
        priority=explanations.priority_points(match),
        seeker=_seeker_card(ctx, seeker, skill_briefs(taxonomy, held)),
        distance_km=round(match.details.km, 2),
        travel_minutes=round(match.details.minutes, 1),
        factors=factors(match),
        explanation=_out(said.text),
        spoken=_out(said.spoken),
        reliability=seeker.reliability,
    )


def referral_item(
    ctx: ServiceContext,
    rank: int,
    match: Match,
    seeker: CardSeeker,
    held: Sequence[tuple[int, int]],
    station: Station,
    taxonomy: Taxonomy,
    posting: Posting,
) -> ReferralMatch:
    """A seeker outside the caller's scope: the whitelist of :class:`ReferralCard`."""
    km = referral_km(ctx, seeker, posting)
    said = explanations.explain_outside(
        match,
        taxonomy.name,
        band_km=km,
        pay_yuan=posting.pay_yuan,
        pay_unit=posting.pay_unit.value,
    )
    return ReferralMatch(
        rank=rank,
        referral=ReferralCard(
            station_id=station.id,
            station_name=station.name,
            distance_band=explanations.distance_band(km),
            skills=skill_briefs(taxonomy, posting_skills_held(match, held)),
            referral_ref=issue_ref(ctx.cipher, seeker.id, posting.id, today=ctx.today),
        ),
        explanation=_out(said.text),
        spoken=_out(said.spoken),
    )


def _out(text: explanations.Explanation) -> Explanation:
    return Explanation(zh=text.zh, en=text.en)


def referral_km(ctx: ServiceContext, seeker: CardSeeker, posting: Posting) -> float:
    """The cloaked road km a referral card's band (and radius filter) is measured by."""
    return outside_km(ctx.cipher, seeker.uid, (seeker.lat, seeker.lon), (posting.lat, posting.lon))


def posting_skills_held(match: Match, held: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The seeker's skills that the posting asks for, or that stand in for one it asks for.

    Outside views show only these: her whole skill list would link her cards together.
    """
    d = match.details
    asked = {*d.skills_met, *d.skills_below, *(mine for _theirs, mine in d.related_via)}
    return [(index, level) for index, level in held if index in asked]


def _seeker_card(ctx: ServiceContext, seeker: CardSeeker, skills: list[SkillBrief]) -> SeekerCard:
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


def load_card_seekers(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, CardSeeker]:
    """What the cards of these seekers show, by id (one query)."""
    if not ids:
        return {}
    cards = {}
    for row in match_rows.seeker_card_rows(ctx.session, ids):
        mapping = row._mapping
        values = {name: mapping[name] for name in _CARD_FIELDS}
        cards[row.id] = CardSeeker(**values, reliability=reliability_of(row))
    return cards


def load_referral_stations(
    ctx: ServiceContext, seekers: Iterable[CardSeeker]
) -> dict[int, Station]:
    """The station that takes referrals of each seeker outside the caller's scope.

    Keyed by the seeker's registered station; the value is that station, or the
    subdistrict's window when it has no clerk (:func:`referral_queries.referral_handlers`).
    Referral cards name it.
    """
    ids = {s.registered_station_id for s in seekers if not seeker_visible(ctx, s)}
    if not ids:
        return {}
    handlers = referral_queries.referral_handlers(ctx.session, ids)
    rows = referral_queries.stations_by_id(ctx.session, set(handlers.values()))
    return {station_id: rows[handler] for station_id, handler in handlers.items()}


def posting_item(
    rank: int,
    match: Match,
    posting: Posting,
    name: explanations.SkillName,
    employer: EmployerReliability,
) -> PostingMatch:
    said = explanations.explain(
        match, name, pay_yuan=posting.pay_yuan, pay_unit=posting.pay_unit.value
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
        score=explanations.fit_score(match),
        priority=explanations.priority_points(match),
        posting=card,
        distance_km=round(match.details.km, 2),
        travel_minutes=round(match.details.minutes, 1),
        factors=factors(match),
        explanation=_out(said.text),
        spoken=_out(said.spoken),
        employer_reliability=employer,
    )
