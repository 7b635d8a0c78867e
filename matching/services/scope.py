"""Object-level access: which seekers, employers and postings the caller may see or change.

Rules (the route-level role table is ``matching.api.policy``):

- seekers: administrators see all; a clerk sees seekers living in its station's community
  or subdistrict; employers see none here. Out of scope is indistinguishable from absent
  (404). Erased seekers are gone for everyone.
- employers: an employer user sees only its own record; clerks see every employer, but
  contact details only of employers in their scope.
- postings: job offers, visible city-wide to clerks; an employer user sees and changes
  only its own. Clerks change postings in their scope only (403).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, false

from matching.db.models import Employer, Posting, Proposal, Seeker
from matching.enums import Role
from matching.errors import FieldProblem, Forbidden, NotFound
from matching.i18n import Text
from matching.services.context import ServiceContext


def _out_of_scope(field: str, message: Text) -> Forbidden:
    problems = (FieldProblem(field, "out_of_scope", message),) if field else ()
    return Forbidden(message, problems=problems)


class PlacedSeeker(Protocol):
    """What scope depends on: where the seeker lives and whether the record was erased."""

    @property
    def community_id(self) -> int: ...

    @property
    def erased_at(self) -> datetime | None: ...


def seeker_visible(ctx: ServiceContext, seeker: PlacedSeeker) -> bool:
    """Whether the caller may see this seeker at all."""
    actor = ctx.actor
    if seeker.erased_at is not None:
        return False
    if actor is None:
        return True
    return actor.role != Role.employer and actor.sees_community(seeker.community_id)


def require_seeker(ctx: ServiceContext, seeker_id: int) -> Seeker:
    """The seeker, or 404 when absent, erased or out of the caller's scope."""
    seeker = ctx.session.get(Seeker, seeker_id)
    if seeker is None or not seeker_visible(ctx, seeker):
        raise NotFound("seeker", seeker_id)
    return seeker


def scoped_seekers(ctx: ServiceContext, statement: Select[Any]) -> Select[Any]:
    """Restrict a seeker query to the caller's scope (and to seekers not erased)."""
    statement = statement.where(Seeker.erased_at.is_(None))
    actor = ctx.actor
    if actor is None or actor.city_wide:
        return statement
    if actor.role == Role.employer or not actor.community_ids:
        return statement.where(false())
    return statement.where(Seeker.community_id.in_(sorted(actor.community_ids)))


def require_community_in_scope(ctx: ServiceContext, community_id: int, *, field: str) -> None:
    """403 naming ``field`` when a clerk writes about a community outside its scope."""
    actor = ctx.actor
    if actor is not None and not actor.sees_community(community_id):
        raise _out_of_scope(field, Text("This community is outside your scope"))


def require_own_station(ctx: ServiceContext, station_id: int, *, field: str) -> None:
    """403 naming ``field`` when a clerk registers for another station."""
    actor = ctx.actor
    if actor is not None and actor.role == Role.clerk and actor.station_id != station_id:
        raise _out_of_scope(field, Text("Clerks register at their own station only"))


def employer_visible(ctx: ServiceContext, employer: Employer) -> bool:
    """Employer users see only themselves; everyone else sees every employer."""
    actor = ctx.actor
    return actor is None or actor.role != Role.employer or actor.employer_id == employer.id


def contact_visible(ctx: ServiceContext, employer: Employer) -> bool:
    """Whether the caller may see the employer's contact person and phone."""
    actor = ctx.actor
    if actor is None or actor.city_wide:
        return True
    if actor.role == Role.employer:
        return actor.employer_id == employer.id
    return actor.sees_community(employer.community_id)


def require_employer(
    ctx: ServiceContext, employer_id: int, *, field: str | None = None
) -> Employer:
    """The employer, or not found (404, or 422 naming ``field`` for a reference in a body)."""
    employer = ctx.session.get(Employer, employer_id)
    if employer is None or not employer_visible(ctx, employer):
        raise NotFound("employer", employer_id, field=field)
    return employer


def require_employer_editable(ctx: ServiceContext, employer: Employer) -> None:
    """Clerks change employers of their scope only."""
    actor = ctx.actor
    if actor is not None and actor.role == Role.clerk:
        require_community_in_scope(ctx, employer.community_id, field="")


def scoped_employers(ctx: ServiceContext, statement: Select[Any]) -> Select[Any]:
    """Restrict an employer query to what the caller may see."""
    actor = ctx.actor
    if actor is not None and actor.role == Role.employer:
        return statement.where(Employer.id == actor.employer_id)
    return statement


def posting_visible(ctx: ServiceContext, posting: Posting) -> bool:
    """Employer users see only their own postings; everyone else sees all."""
    actor = ctx.actor
    return actor is None or actor.role != Role.employer or actor.employer_id == posting.employer_id


def require_posting(ctx: ServiceContext, posting_id: int) -> Posting:
    """The posting, or 404 when absent or another employer's (for employer users)."""
    posting = ctx.session.get(Posting, posting_id)
    if posting is None or not posting_visible(ctx, posting):
        raise NotFound("posting", posting_id)
    return posting


def require_posting_editable(ctx: ServiceContext, posting: Posting) -> None:
    """Clerks change postings of their scope only."""
    actor = ctx.actor
    if actor is not None and actor.role == Role.clerk:
        require_community_in_scope(ctx, posting.community_id, field="")


def scoped_postings(ctx: ServiceContext, statement: Select[Any]) -> Select[Any]:
    """Employer users list only their own postings."""
    actor = ctx.actor
    if actor is not None and actor.role == Role.employer:
        return statement.where(Posting.employer_id == actor.employer_id)
    return statement


def local_postings(ctx: ServiceContext, statement: Select[Any]) -> Select[Any]:
    """Postings of the caller's own area: a clerk's communities; the city for the others."""
    statement = scoped_postings(ctx, statement)
    actor = ctx.actor
    if actor is None or actor.community_ids is None or actor.role == Role.employer:
        return statement
    return statement.where(Posting.community_id.in_(sorted(actor.community_ids)))


def scoped_proposals(ctx: ServiceContext, statement: Select[Any]) -> Select[Any]:
    """Clerks see proposals of seekers in their scope; employers those to their postings."""
    actor = ctx.actor
    if actor is None or actor.city_wide:
        return statement
    if actor.role == Role.employer:
        return statement.join(Posting, Posting.id == Proposal.posting_id).where(
            Posting.employer_id == actor.employer_id
        )
    return statement.join(Seeker, Seeker.id == Proposal.seeker_id).where(
        Seeker.community_id.in_(sorted(actor.community_ids or ())), Seeker.erased_at.is_(None)
    )
