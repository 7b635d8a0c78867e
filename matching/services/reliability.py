"""Reliability: no-shows and early leaves per seeker, early leaves and rejections per employer.

Shown beside matches so a clerk can weigh them; never used to hide anyone. A clerk may
clear a seeker's record with a reason (e.g. the no-show was an illness): that writes an
audit row, and only outcomes after the latest such row are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from matching.db.models import Posting, Proposal
from matching.db.queries import match_rows
from matching.enums import AuditAction, ProposalStatus
from matching.schemas.reliability import EmployerReliability, SeekerReliability
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.scope import require_seeker

OVERRIDE_KIND = "reliability"


def seeker_reliability(ctx: ServiceContext, ids: Sequence[int]) -> dict[int, SeekerReliability]:
    """No-shows and early leaves since the record was last cleared, by seeker id."""
    if not ids:
        return {}
    return {
        row.id: reliability_of(row) for row in match_rows.seeker_reliability_rows(ctx.session, ids)
    }


def reliability_of(row: Any) -> SeekerReliability:
    """The figures of a row with ``no_shows``, ``left_early`` and ``cleared_at`` columns."""
    return SeekerReliability(
        no_shows=row.no_shows, left_early=row.left_early, cleared_at=row.cleared_at
    )


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
        about=seeker,
    )
    return seeker_reliability(ctx, [seeker.id])[seeker.id]
