"""Proposals: propose a seeker for a posting, record outcomes exactly once, respect headcount.

Lifecycle (``TRANSITIONS``)::

    proposed ─┬─> accepted ─┬─> interviewed ─┬─> hired ─┬─> completed
              │             ├────────────────┤          └─> left_early
              ├─> declined  ├─> rejected <───┤
              └─> withdrawn ├─> no_show <────┘
                            └─> withdrawn (any open state)

A hire takes a vacancy with one conditional UPDATE (``hires < headcount``), so two
clerks racing for the last place cannot both succeed, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select, update

from matching.db.models import Posting, Proposal, ProposalEvent, Seeker
from matching.db.queries import seekers as seeker_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.db.queries.postings import status_on, with_vacancies
from matching.engine.factors import haversine_km
from matching.enums import (
    AuditAction,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    Role,
    SeekerStatus,
)
from matching.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    HeadcountFull,
    InvalidInput,
    NotFound,
)
from matching.i18n import Text
from matching.schemas.page import Page
from matching.schemas.proposals import OutcomeIn, ProposalCreate, ProposalPublic
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.proposal_views import NOTE_FIELD, proposal_public
from matching.services.scope import require_posting, require_seeker, scoped_proposals
from matching.services.seeker_texts import seal_note

S = ProposalStatus
OPEN = frozenset({S.proposed, S.accepted, S.interviewed})
TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    S.proposed: frozenset({S.accepted, S.declined, S.withdrawn}),
    S.accepted: frozenset({S.interviewed, S.hired, S.rejected, S.no_show, S.withdrawn}),
    S.interviewed: frozenset({S.hired, S.rejected, S.no_show, S.withdrawn}),
    S.hired: frozenset({S.completed, S.left_early}),
}
NEEDS_REASON = frozenset({S.declined, S.rejected})
R = ReasonCode
ABSENCE_REASONS = frozenset({R.health, R.family, R.pay, R.conditions, R.transport, R.other})
REASONS_BY_STATUS: dict[ProposalStatus, frozenset[ReasonCode]] = {
    S.declined: frozenset(ReasonCode) - {R.conditions},
    S.rejected: frozenset(ReasonCode) - {R.conditions, R.family, R.transport},
    S.no_show: ABSENCE_REASONS,
    S.left_early: ABSENCE_REASONS,
}
"""The reasons an outcome takes: required when declining or rejecting, optional for a
no-show or leaving early (the outcome report counts each)."""
DECISIONS = frozenset({S.accepted, S.declined, S.withdrawn})
SEEKER_DECISIONS = DECISIONS  # employers answer for themselves only
ENDED = frozenset({S.declined, S.rejected, S.no_show, S.completed, S.left_early, S.withdrawn})


def propose(
    ctx: ServiceContext, data: ProposalCreate, *, snapshot: dict[str, Any] | None = None
) -> ProposalPublic:
    """Propose a seeker for a posting; ``snapshot`` carries score and explanation of now."""
    seeker = require_seeker(ctx, data.seeker_id)
    posting = require_posting(ctx, data.posting_id)
    if not seeker_queries.has_data_use_consent(ctx.session, seeker.id):
        again = Text("Obtain the person's consent again first")
        raise Conflict(
            Text("The seeker has withdrawn consent to the use of personal data: cannot propose"),
            problems=(FieldProblem("consent.data_use", "consent_withdrawn", again),),
        )
    if seeker.status == SeekerStatus.inactive:
        message = Text("The seeker is not looking for work")
        raise InvalidInput("seeker_id", "inactive", message)
    _require_open(ctx, posting)
    existing = ctx.session.scalar(
        select(Proposal.id).where(
            Proposal.seeker_id == seeker.id,
            Proposal.posting_id == posting.id,
            Proposal.status.in_(OPEN),
        )
    )
    if existing is not None:
        problem = Text("This seeker is already proposed for this posting, and it is not over")
        raise Conflict(
            Text("An open proposal already exists"),
            problems=(FieldProblem("seeker_id", "duplicate", problem),),
            existing={"id": existing, "href": f"/api/v1/proposals/{existing}"},
        )
    actor = ctx.actor
    snapshot = snapshot or {}
    proposal = Proposal(
        seeker_id=seeker.id,
        posting_id=posting.id,
        station_id=actor.station_id if actor else None,
        proposed_by_user_id=actor.user_id if actor else None,
        status=S.proposed,
        score=snapshot.get("score"),
        model_version=str(snapshot.get("model", "")),
        explanation=snapshot,
    )
    proposal.events.append(
        ProposalEvent(
            actor_user_id=proposal.proposed_by_user_id,
            from_status=None,
            to_status=S.proposed,
            note_enc=seal_note(ctx, seeker, data.note, where=NOTE_FIELD),
        )
    )
    ctx.session.add(proposal)
    ctx.session.flush()
    return proposal_public(ctx, proposal)


def _require_open(ctx: ServiceContext, posting: Posting) -> None:
    """409 naming ``posting_id`` unless the posting is open today with a place left."""
    status = status_on(posting.status, posting.end_date, ctx.today)
    ended = Text("The posting ended on {end_date}", end_date=posting.end_date)
    if status == PostingStatus.ended:
        raise Conflict(
            Text(
                "the posting ended on {end_date}: it takes no more proposals",
                end_date=posting.end_date,
            ),
            problems=(FieldProblem("posting_id", "ended", ended),),
        )
    if status != PostingStatus.open or posting.hires >= posting.headcount:
        # An open posting with every place taken is, for the clerk, filled.
        shown = PostingStatus.filled if status == PostingStatus.open else status
        raise Conflict(
            Text("The posting is {status}: cannot propose", status=shown),
            problems=(
                FieldProblem("posting_id", "not_open", Text("The posting is filled or closed")),
            ),
        )


def record_outcome(ctx: ServiceContext, proposal_id: int, outcome: OutcomeIn) -> ProposalPublic:
    """Move a proposal to its next state, exactly once; an invalid move is a 409."""
    proposal = _require_proposal(ctx, proposal_id, for_update=True)
    current, target = proposal.status, outcome.status
    if target not in TRANSITIONS.get(current, frozenset()):
        problem = Text("Current status: {current}", current=current)
        raise Conflict(
            Text(
                "The proposal is {current}: it cannot become {target}",
                current=current,
                target=target,
            ),
            problems=(FieldProblem("status", "invalid_transition", problem),),
            existing={"id": proposal.id, "status": current.value},
        )
    _check_reason(target, outcome.reason_code)
    if ctx.actor is not None and ctx.actor.role == Role.employer and target in SEEKER_DECISIONS:
        problem = Text("An employer cannot decide for the seeker")
        raise Forbidden(
            Text("The seeker and the window decide on accepting, declining or withdrawing"),
            problems=(FieldProblem("status", "not_yours", problem),),
        )
    now = ctx.clock.now()
    if target == S.hired:
        _take_vacancy(ctx, proposal.posting_id)
        proposal.hired_at = now
        proposal.hired_home_km = _home_km(ctx, proposal)
    elif target == S.left_early:
        _release_vacancy(ctx, proposal.posting_id)
    if target in ENDED:
        proposal.ended_at = now
    proposal.status, proposal.reason_code = target, outcome.reason_code
    seeker = ctx.session.get(Seeker, proposal.seeker_id)
    assert seeker is not None
    proposal.events.append(
        ProposalEvent(
            at=now,
            actor_user_id=ctx.actor.user_id if ctx.actor else None,
            from_status=current,
            to_status=target,
            reason_code=outcome.reason_code,
            note_enc=seal_note(ctx, seeker, outcome.note, where=NOTE_FIELD),
        )
    )
    _update_seeker_status(ctx, proposal.seeker_id)
    action = AuditAction.proposal_decision if target in DECISIONS else AuditAction.outcome_change
    record_audit(
        ctx,
        action,
        object_type="proposal",
        object_ref=f"proposal:{proposal.id}",
        reason=outcome.note,
        about=seeker,
        details={
            "from": current.value,
            "to": target.value,
            "reason_code": outcome.reason_code.value if outcome.reason_code else None,
        },
    )
    ctx.session.flush()
    return proposal_public(ctx, proposal)


def reasons_for(target: ProposalStatus) -> frozenset[ReasonCode]:
    """The reasons that may go with recording ``target`` (none: it takes no reason)."""
    return REASONS_BY_STATUS.get(target, frozenset())


def _check_reason(target: ProposalStatus, reason: ReasonCode | None) -> None:
    if target in NEEDS_REASON and reason is None:
        message = Text("Choose a reason when declining or rejecting")
        raise InvalidInput("reason_code", "required", message)
    if reason is not None and reason not in reasons_for(target):
        message = (
            Text("This reason does not go with this outcome")
            if reasons_for(target)
            else Text("Only declining, rejecting, a no-show or leaving early takes a reason")
        )
        raise InvalidInput("reason_code", "not_allowed", message)


def _take_vacancy(ctx: ServiceContext, posting_id: int) -> None:
    """Count one hire if a vacancy is left: one conditional UPDATE, atomic on both databases."""
    result = ctx.session.execute(
        update(Posting)
        .where(Posting.id == posting_id, with_vacancies(ctx.today))
        .values(
            hires=Posting.hires + 1,
            status=case(
                (Posting.hires + 1 >= Posting.headcount, PostingStatus.filled.value),
                else_=Posting.status,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _refuse_ended(ctx, posting_id)
        problem = Text("The posting is full: no more hires")
        raise HeadcountFull(
            Text("Every vacancy of this posting is taken"),
            problems=(FieldProblem("status", "headcount_full", problem),),
        )
    _forget(ctx, posting_id)


def _refuse_ended(ctx: ServiceContext, posting_id: int) -> None:
    """409 naming ``status`` when a hire is refused because the posting has ended."""
    posting = ctx.session.get(Posting, posting_id)
    if posting is None:
        return
    if status_on(posting.status, posting.end_date, ctx.today) != PostingStatus.ended:
        return
    raise Conflict(
        Text(
            "the posting ended on {end_date}: move its end_date to record a hire",
            end_date=posting.end_date,
        ),
        problems=(
            FieldProblem(
                "status",
                "posting_ended",
                Text("The posting ended on {end_date}", end_date=posting.end_date),
            ),
        ),
    )


def _release_vacancy(ctx: ServiceContext, posting_id: int) -> None:
    """A hire left early: free the place, and reopen a filled posting."""
    ctx.session.execute(
        update(Posting)
        .where(Posting.id == posting_id, Posting.hires > 0)
        .values(
            hires=Posting.hires - 1,
            status=case(
                (Posting.status == PostingStatus.filled, PostingStatus.open.value),
                else_=Posting.status,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    _forget(ctx, posting_id)


def _home_km(ctx: ServiceContext, proposal: Proposal) -> float:
    """How far from home the work is, kept with the hire: the fact outlives her address."""
    seeker = ctx.session.get(Seeker, proposal.seeker_id)
    posting = ctx.session.get(Posting, proposal.posting_id)
    assert seeker is not None and posting is not None
    return round(haversine_km(seeker.lat, seeker.lon, posting.lat, posting.lon), 3)


def _forget(ctx: ServiceContext, posting_id: int) -> None:
    posting = ctx.session.get(Posting, posting_id)
    if posting is not None:
        ctx.session.expire(posting, ["hires", "status"])


def _update_seeker_status(ctx: ServiceContext, seeker_id: int) -> None:
    seeker = ctx.session.get(Seeker, seeker_id)
    if seeker is None or seeker.status == SeekerStatus.inactive:
        return
    ctx.session.flush()
    holds_job = ctx.session.scalar(
        select(Proposal.id)
        .where(Proposal.seeker_id == seeker_id, Proposal.status == S.hired)
        .limit(1)
    )
    seeker.status = SeekerStatus.placed if holds_job is not None else SeekerStatus.active


def _require_proposal(
    ctx: ServiceContext, proposal_id: int, *, for_update: bool = False
) -> Proposal:
    statement = scoped_proposals(ctx, select(Proposal).where(Proposal.id == proposal_id))
    if for_update:
        statement = statement.with_for_update()  # PostgreSQL; SQLite serialises writers itself
    proposal: Proposal | None = ctx.session.scalar(statement)
    if proposal is None:
        raise NotFound("proposal", proposal_id)
    return proposal


def seeker_of(ctx: ServiceContext, proposal_id: int) -> int | None:
    """The seeker a proposal is about."""
    proposal = ctx.session.get(Proposal, proposal_id)
    return proposal.seeker_id if proposal is not None else None


def get_proposal(ctx: ServiceContext, proposal_id: int) -> ProposalPublic:
    """Read one proposal (with its history)."""
    return proposal_public(ctx, _require_proposal(ctx, proposal_id))


PROPOSAL_SORTS = {"created_at": Proposal.created_at, "score": Proposal.score}
"""Sort keys of :func:`list_proposals`; the API documents them."""


def list_proposals(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    seeker_id: int | None = None,
    posting_id: int | None = None,
    status: ProposalStatus | None = None,
) -> Page[ProposalPublic]:
    """List proposals the caller may see, newest first by default."""
    statement = scoped_proposals(ctx, select(Proposal))
    if seeker_id is not None:
        statement = statement.where(Proposal.seeker_id == seeker_id)
    if posting_id is not None:
        statement = statement.where(Proposal.posting_id == posting_id)
    if status is not None:
        statement = statement.where(Proposal.status == status)
    statement = sorted_by(
        statement, page.sort or "-created_at", PROPOSAL_SORTS, tiebreak=Proposal.id
    )
    rows, total = fetch_page(ctx.session, statement, page)
    return Page(
        items=[proposal_public(ctx, row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
