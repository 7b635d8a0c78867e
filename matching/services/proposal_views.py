"""How a proposal looks to whom: staff see everything; an employer sees a candidate card.

Before a hire an employer sees what deciding needs and nothing that locates the person
or the clerks: her masked name, the posting's skills she has with their levels in words,
a distance band from her cloak point (``services.cloaking``) and her reliability in words.
No score, factor values, stored explanation, seeker id or clerk user id. Once hired, her
name and phone. A seeker whose data-use consent is withdrawn, or who was erased, is
withheld altogether.
"""

from __future__ import annotations

from matching.db.models import Posting, Proposal, Seeker
from matching.db.queries import match_rows
from matching.db.queries import seekers as seeker_queries
from matching.db.queries import skills as skill_queries
from matching.enums import ProposalStatus, Role
from matching.i18n import Text
from matching.identifiers.masking import mask_name, mask_phone
from matching.pii import context
from matching.schemas.proposals import CandidateView, ProposalEventOut, ProposalPublic
from matching.services.cloaking import outside_km
from matching.services.context import ServiceContext
from matching.services.explanations import distance_band
from matching.services.reliability import reliability_of
from matching.services.seeker_texts import open_note

NOTE_FIELD = "proposal_events.note"
HIRED_OR_AFTER = frozenset(
    {ProposalStatus.hired, ProposalStatus.completed, ProposalStatus.left_early}
)
LEVEL_ZH = {1: "会", 2: "熟练", 3: "精通"}
LEVEL_EN = {1: "basic", 2: "skilled", 3: "expert"}


def proposal_public(ctx: ServiceContext, proposal: Proposal) -> ProposalPublic:
    """The API view of a proposal for the caller."""
    if ctx.actor is not None and ctx.actor.role == Role.employer:
        return _employer_view(ctx, proposal)
    return ProposalPublic(
        id=proposal.id,
        seeker_id=proposal.seeker_id,
        posting_id=proposal.posting_id,
        station_id=proposal.station_id,
        proposed_by_user_id=proposal.proposed_by_user_id,
        status=proposal.status,
        reason_code=proposal.reason_code,
        score=proposal.score,
        model_version=proposal.model_version,
        explanation=proposal.explanation,
        hired_at=proposal.hired_at,
        ended_at=proposal.ended_at,
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
        events=_events(ctx, proposal, show_actors=True),
        candidate=None,
    )


def _employer_view(ctx: ServiceContext, proposal: Proposal) -> ProposalPublic:
    return ProposalPublic(
        id=proposal.id,
        seeker_id=None,
        posting_id=proposal.posting_id,
        station_id=proposal.station_id,
        proposed_by_user_id=None,
        status=proposal.status,
        reason_code=proposal.reason_code,
        score=None,
        model_version=proposal.model_version,
        explanation={},
        hired_at=proposal.hired_at,
        ended_at=proposal.ended_at,
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
        events=_events(ctx, proposal, show_actors=False),
        candidate=_candidate(ctx, proposal),
    )


def _events(
    ctx: ServiceContext, proposal: Proposal, *, show_actors: bool
) -> list[ProposalEventOut]:
    seeker = ctx.session.get(Seeker, proposal.seeker_id)
    assert seeker is not None
    return [
        ProposalEventOut(
            at=event.at,
            actor_user_id=event.actor_user_id if show_actors else None,
            from_status=event.from_status,
            to_status=event.to_status,
            reason_code=event.reason_code,
            note=open_note(ctx, seeker, event.note_enc, where=NOTE_FIELD),
        )
        for event in proposal.events
    ]


def _candidate(ctx: ServiceContext, proposal: Proposal) -> CandidateView:
    seeker = ctx.session.get(Seeker, proposal.seeker_id)
    posting = ctx.session.get(Posting, proposal.posting_id)
    assert seeker is not None and posting is not None
    if seeker.erased_at is not None or not seeker_queries.has_data_use_consent(
        ctx.session, seeker.id
    ):
        return CandidateView(
            withheld=True,
            withheld_reason=Text("The seeker withdrew consent").render(ctx.locale),
        )
    hired = proposal.status in HIRED_OR_AFTER
    phone = ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
    km = outside_km(ctx.cipher, seeker.uid, (seeker.lat, seeker.lon), (posting.lat, posting.lon))
    zh, en = _reliability_words(ctx, seeker.id)
    skills_zh, skills_en = _skills_for(ctx, seeker, posting)
    return CandidateView(
        name=seeker.name if hired else mask_name(seeker.name),
        skills=skills_zh,
        skills_en=skills_en,
        distance_band=distance_band(km),
        reliability_zh=zh,
        reliability_en=en,
        phone_masked=mask_phone(phone),
        phone=phone if hired else None,
    )


def _skills_for(
    ctx: ServiceContext, seeker: Seeker, posting: Posting
) -> tuple[list[str], list[str]]:
    """The seeker's skills that the posting asks for or that the taxonomy relates to one."""
    asked = {link.skill_id for link in posting.skills}
    related = skill_queries.related_skill_ids(ctx.session, asked)
    zh, en = [], []
    for link in seeker.skills:
        if link.skill_id in asked or link.skill_id in related:
            zh.append(f"{link.skill.name_zh}（{LEVEL_ZH.get(link.level, '')}）")
            en.append(f"{link.skill.name_en} ({LEVEL_EN.get(link.level, '')})")
    return zh, en


def _reliability_words(ctx: ServiceContext, seeker_id: int) -> tuple[str, str]:
    rows = match_rows.seeker_reliability_rows(ctx.session, [seeker_id])
    figures = reliability_of(rows[0])
    if figures.no_shows == 0 and figures.left_early == 0:
        return "以往推荐均按约到岗", "has kept every appointment so far"
    zh, en = [], []
    if figures.no_shows:
        zh.append(f"曾有 {figures.no_shows} 次未按约到岗")
        en.append(f"missed {figures.no_shows} appointment(s)")
    if figures.left_early:
        zh.append(f"曾有 {figures.left_early} 次提前离岗")
        en.append(f"left {figures.left_early} job(s) early")
    return "，".join(zh), ", ".join(en)
