"""Reliability: no-shows and early leaves per seeker, early leaves and rejections per employer.

Shown beside matches so a clerk can weigh them; never used to hide anyone. A clerk may
clear a seeker's record with a reason (e.g. the no-show was an illness): that writes an
audit row, and only outcomes after the latest such row are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from matching.db.models import AuditEvent, Posting, Proposal, Seeker
from matching.enums import AuditAction, ProposalStatus
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.scope import require_seeker

OVERRIDE_KIND = "reliability"


def _cleared_at(ctx: ServiceContext, seekers: Sequence[Seeker]) -> dict[int, datetime]:
    refs = {f"seeker:{seeker.uid}": seeker.id for seeker in seekers}
    if not refs:
        return {}
    rows = ctx.session.execute(
        select(AuditEvent.object_ref, func.max(AuditEvent.at))
        .where(AuditEvent.action == AuditAction.override, AuditEvent.object_ref.in_(refs))
        .group_by(AuditEvent.object_ref)
    )
    return {refs[ref]: at for ref, at in rows}


def seeker_reliability(
    ctx: ServiceContext, seekers: Sequence[Seeker]
) -> dict[int, SeekerReliability]:
    """No-shows and early leaves of each seeker since its record was last cleared."""
    cleared = _cleared_at(ctx, seekers)
    counts: dict[int, dict[ProposalStatus, int]] = {seeker.id: {} for seeker in seekers}
    rows = ctx.session.execute(
        select(Proposal.seeker_id, Proposal.status, Proposal.ended_at).where(
            Proposal.seeker_id.in_(list(counts)),
            Proposal.status.in_([ProposalStatus.no_show, ProposalStatus.left_early]),
        )
    )
    for seeker_id, status, ended_at in rows:
        since = cleared.get(seeker_id)
        if since is None or (ended_at is not None and ended_at > since):
            counts[seeker_id][status] = counts[seeker_id].get(status, 0) + 1
    return {
        seeker_id: SeekerReliability(
            no_shows=by_status.get(ProposalStatus.no_show, 0),
            left_early=by_status.get(ProposalStatus.left_early, 0),
            cleared_at=cleared.get(seeker_id),
        )
        for seeker_id, by_status in counts.items()
    }


def employer_reliability(
    ctx: ServiceContext, employer_ids: Sequence[int]
) -> dict[int, EmployerReliability]:
    """Early leaves of each employer's hires and rejections it gave."""
    result = {employer_id: EmployerReliability() for employer_id in employer_ids}
    rows = ctx.session.execute(
        select(Posting.employer_id, Proposal.status, func.count(Proposal.id))
        .join(Posting, Posting.id == Proposal.posting_id)
        .where(
            Posting.employer_id.in_(list(result)),
            Proposal.status.in_([ProposalStatus.left_early, ProposalStatus.rejected]),
        )
        .group_by(Posting.employer_id, Proposal.status)
    )
    for employer_id, status, count in rows:
        current = result[employer_id]
        if status == ProposalStatus.left_early:
            result[employer_id] = current.model_copy(update={"left_early": count})
        else:
            result[employer_id] = current.model_copy(update={"rejected": count})
    return result


def clear_seeker_reliability(
    ctx: ServiceContext, seeker_id: int, *, reason: str
) -> SeekerReliability:
    """Start the seeker's record afresh, with a reason (one audit row)."""
    seeker = require_seeker(ctx, seeker_id)
    record_audit(
        ctx,
        AuditAction.override,
        object_type="seeker",
        object_ref=f"seeker:{seeker.uid}",
        reason=reason,
        details={"kind": OVERRIDE_KIND},
    )
    return seeker_reliability(ctx, [seeker])[seeker.id]
