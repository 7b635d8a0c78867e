"""How a proposal looks to whom: staff see everything; an employer sees a candidate card."""

from __future__ import annotations

from matching.db.models import Posting, Proposal, Seeker
from matching.engine.factors import haversine_km
from matching.enums import ProposalStatus, Role
from matching.identifiers.masking import mask_phone
from matching.pii import context
from matching.schemas.proposals import CandidateView, ProposalEventOut, ProposalPublic
from matching.services.context import ServiceContext
from matching.services.explanations import distance_band

HIRED_OR_AFTER = frozenset(
    {ProposalStatus.hired, ProposalStatus.completed, ProposalStatus.left_early}
)


def proposal_public(ctx: ServiceContext, proposal: Proposal) -> ProposalPublic:
    """The API view of a proposal for the caller."""
    employer_view = ctx.actor is not None and ctx.actor.role == Role.employer
    return ProposalPublic(
        id=proposal.id,
        seeker_id=None if employer_view else proposal.seeker_id,
        posting_id=proposal.posting_id,
        station_id=proposal.station_id,
        proposed_by_user_id=None if employer_view else proposal.proposed_by_user_id,
        status=proposal.status,
        reason_code=proposal.reason_code,
        score=proposal.score,
        model_version=proposal.model_version,
        explanation=proposal.explanation,
        hired_at=proposal.hired_at,
        ended_at=proposal.ended_at,
        created_at=proposal.created_at,
        updated_at=proposal.updated_at,
        events=[ProposalEventOut.model_validate(event) for event in proposal.events],
        candidate=_candidate(ctx, proposal) if employer_view else None,
    )


def _candidate(ctx: ServiceContext, proposal: Proposal) -> CandidateView:
    """Name, skills, distance band and masked phone; the full phone only once hired."""
    seeker = ctx.session.get(Seeker, proposal.seeker_id)
    posting = ctx.session.get(Posting, proposal.posting_id)
    assert seeker is not None and posting is not None
    phone = (
        ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
        if seeker.phone_enc
        else None
    )
    hired = proposal.status in HIRED_OR_AFTER
    km = haversine_km(seeker.lat, seeker.lon, posting.lat, posting.lon)
    return CandidateView(
        name=seeker.name,
        skills=[link.skill.name_zh for link in seeker.skills],
        distance_band=distance_band(km),
        phone_masked=mask_phone(phone) if phone else None,
        phone=phone if hired else None,
    )
