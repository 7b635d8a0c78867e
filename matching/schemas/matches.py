"""Match lists: the best seekers for a posting and the best postings for a seeker."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from matching.enums import PayUnit, PostingKind, Sex, WorkMode
from matching.schemas.base import PublicModel
from matching.schemas.reliability import EmployerReliability, SeekerReliability

ScoreOut = Annotated[
    float,
    Field(
        ge=0,
        le=100,
        description="Fit, 0-100: the skill, distance, hours and pay factors' contributions × 100",
    ),
]
PriorityOut = Annotated[
    float,
    Field(
        description="Spread-of-opportunity points beside the fit (+ waiting long, cannot go "
        "out; − pending proposals, placed recently); the list is ordered by score + priority, "
        "and min_score applies to that sum"
    ),
]


class FactorOut(PublicModel):
    """One reason of a score: ``contribution = weight × value``; contributions sum to the score."""

    code: str = Field(examples=["skill.match"])
    label_zh: str
    label_en: str
    value: float
    weight: float
    contribution: float


class Explanation(PublicModel):
    """The reason in words, to read aloud."""

    zh: str = Field(examples=["技能：缝纫✓ 熨烫✗；距离 1.2 公里，骑电动车约 6 分钟；时间重合 80%"])
    en: str


class SkillBrief(PublicModel):
    """A skill and the level held."""

    skill: str
    name_zh: str
    name_en: str
    level: int


class SeekerCard(PublicModel):
    """A seeker in the clerk's scope."""

    id: int
    name: str
    phone_masked: str
    sex: Sex
    age: int
    community_id: int
    registered_station_id: int
    homebound: bool
    caregiver: bool
    disability: bool
    skills: list[SkillBrief]


class ReferralCard(PublicModel):
    """A suitable seeker of another scope, for a referral to the station that holds her.

    A whitelist: the holding station, a distance band measured from a point kept 2.5-3 km
    from her home (so that bands of many cards cannot be fitted to it), the posting's
    skills she has, and an opaque reference. No name, phone, ID, score or factor values;
    two cards of one seeker cannot be linked by their references.
    """

    station_id: int
    station_name: str
    distance_band: str = Field(examples=["1–3 公里"], description="Approximate (±3 km)")
    skills: list[SkillBrief] = Field(description="Those of the posting's skills she has")
    referral_ref: str = Field(
        description="Opaque, single-posting reference for POST /api/v1/referrals"
    )


class SeekerMatch(PublicModel):
    """One ranked seeker in the caller's scope."""

    rank: int
    score: ScoreOut
    priority: PriorityOut
    seeker: SeekerCard
    distance_km: float
    travel_minutes: float
    factors: list[FactorOut]
    explanation: Explanation
    spoken: Explanation = Field(description="The same in words to read aloud (no symbols)")
    reliability: SeekerReliability


class ReferralMatch(PublicModel):
    """A suitable seeker outside the caller's scope, as a referral card.

    Referral cards are ranked among themselves and chosen apart from the caller's own
    list, by the seekers' hard limits only: neither their order against scored cards nor
    ``min_score`` or an exact ``radius_km`` can be used to measure how far they live.
    ``radius_km`` is applied to the same cloaked distance as the band.
    """

    rank: int
    referral: ReferralCard
    explanation: Explanation = Field(description="Skills, distance band and pay only")
    spoken: Explanation


class WidenHint(PublicModel):
    """What would give more candidates, and how many more."""

    code: str = Field(examples=["radius"])
    extra: int
    value: float | None = Field(
        description="The suggested value: km for radius, 0-100 for min_score; null: drop it"
    )
    explanation: Explanation


class Unavailable(PublicModel):
    """Why a posting is matched with no one: it takes nobody now."""

    code: str = Field(
        examples=["posting.ended"],
        description="posting.ended, posting.full, posting.closed or posting.draft",
    )
    message: Explanation


class PostingMatches(PublicModel):
    """The best seekers for a posting."""

    posting_id: int
    model: str = Field(description="Which weights ranked the list")
    items: list[SeekerMatch] = Field(description="Seekers in the caller's scope, best first")
    referrals: list[ReferralMatch] = Field(
        description="Suitable seekers of other scopes, to refer to their stations"
    )
    suggestions: list[WidenHint]
    unavailable: Unavailable | None = Field(
        default=None,
        description="Set when the posting is not open today (ended, filled, closed or a "
        "draft): the lists are empty, and this says why",
    )


class PostingCard(PublicModel):
    """A posting in a seeker's match list."""

    id: int
    title: str
    employer_id: int
    kind: PostingKind
    work_mode: WorkMode
    pay_yuan: float
    pay_unit: PayUnit
    place_name: str
    community_id: int
    vacancies: int


class PostingMatch(PublicModel):
    """One ranked posting for a seeker."""

    rank: int
    score: ScoreOut
    priority: PriorityOut
    posting: PostingCard
    distance_km: float
    travel_minutes: float
    factors: list[FactorOut]
    explanation: Explanation
    spoken: Explanation
    employer_reliability: EmployerReliability


class SeekerMatches(PublicModel):
    """The best postings for a seeker."""

    seeker_id: int
    model: str
    items: list[PostingMatch]
    suggestions: list[WidenHint] = Field(
        description="When fewer postings than asked: relaxations of the clerk's filters "
        "(never of the seeker's own limits) with how many more each would find"
    )
