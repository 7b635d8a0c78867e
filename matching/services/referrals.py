"""Referrals: point the station that holds a seeker to a posting that fits them.

The referring clerk only has the opaque reference of a referral card; it never learns
who the seeker is. The holding station sees the seeker and decides.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from matching.db.base import utcnow
from matching.db.models import Posting, Referral, Seeker
from matching.db.queries import referrals as referral_queries
from matching.db.queries import seekers as seeker_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import ReferralStatus
from matching.errors import Conflict, FieldProblem, InvalidInput, NotFound
from matching.i18n import Text
from matching.schemas.page import Page
from matching.schemas.referrals import ReferralCreate, ReferralPublic, ReferralUpdate
from matching.services.context import ServiceContext
from matching.services.referral_refs import open_ref
from matching.services.scope import seeker_visible
from matching.services.seeker_texts import open_note, seal_note

NOTE_FIELD = "referrals.note"


def _public(ctx: ServiceContext, referral: Referral, seeker: Seeker | None) -> ReferralPublic:
    show = seeker is not None and seeker_visible(ctx, seeker)
    note = open_note(ctx, seeker, referral.note_enc, where=NOTE_FIELD) if seeker else ""
    return ReferralPublic(
        id=referral.id,
        posting_id=referral.posting_id,
        seeker_id=referral.seeker_id if show else None,
        from_station_id=referral.from_station_id,
        to_station_id=referral.to_station_id,
        note=note,
        status=referral.status,
        created_at=referral.created_at,
        handled_at=referral.handled_at,
    )


def refer(ctx: ServiceContext, data: ReferralCreate) -> ReferralPublic:
    """Send a referral to the station that registered the seeker (current consent only).

    A station without an active clerk would let it wait for no one: its referrals go to
    its subdistrict's window instead (:func:`referral_queries.referral_handlers`).
    """
    target = open_ref(ctx.cipher, data.referral_ref, today=ctx.today)
    seeker_id, posting_id = target.seeker_id, target.posting_id
    seeker = ctx.session.get(Seeker, seeker_id)
    if (
        seeker is None
        or seeker.erased_at is not None
        or not seeker_queries.has_data_use_consent(ctx.session, seeker_id)
        or ctx.session.get(Posting, posting_id) is None
    ):
        message = Text("The seeker is no longer looking for work, or the posting is gone")
        raise InvalidInput("referral_ref", "gone", message)
    duplicate = ctx.session.scalar(
        select(Referral.id).where(
            Referral.seeker_id == seeker_id,
            Referral.posting_id == posting_id,
            Referral.status == ReferralStatus.open,
        )
    )
    if duplicate is not None:
        # Whoever referred first, the caller learns only that a referral is pending: the
        # id of another station's referral would be a handle on the seeker.
        problem = Text("Already referred, not yet handled")
        raise Conflict(
            Text("Already referred: awaiting the holding station"),
            problems=(FieldProblem("referral_ref", "duplicate", problem),),
        )
    actor = ctx.actor
    referral = Referral(
        seeker_id=seeker_id,
        posting_id=posting_id,
        from_station_id=actor.station_id if actor else None,
        from_user_id=actor.user_id if actor else None,
        to_station_id=_handler(ctx, seeker.registered_station_id),
        note_enc=seal_note(ctx, seeker, data.note, where=NOTE_FIELD),
        status=ReferralStatus.open,
    )
    ctx.session.add(referral)
    ctx.session.flush()
    return _public(ctx, referral, seeker)


def _handler(ctx: ServiceContext, station_id: int) -> int:
    return referral_queries.referral_handlers(ctx.session, [station_id])[station_id]


REFERRAL_SORTS = {"created_at": Referral.created_at}
"""Sort keys of :func:`list_referrals`; the API documents them."""


def list_referrals(
    ctx: ServiceContext, page: PageRequest, *, status: ReferralStatus | None = None
) -> Page[ReferralPublic]:
    """Referrals sent by or to the caller's station, or about seekers in its scope."""
    statement = select(Referral).join(Seeker, Seeker.id == Referral.seeker_id)
    actor = ctx.actor
    if actor is not None and not actor.city_wide:
        statement = statement.where(
            or_(
                Referral.from_station_id == actor.station_id,
                Referral.to_station_id == actor.station_id,
                Seeker.community_id.in_(sorted(actor.community_ids or ())),
            )
        )
    if status is not None:
        statement = statement.where(Referral.status == status)
    statement = sorted_by(
        statement,
        page.sort or "-created_at",
        REFERRAL_SORTS,
        tiebreak=Referral.id,
    )
    rows, total = fetch_page(ctx.session, statement, page)
    seekers = {
        seeker.id: seeker
        for seeker in ctx.session.scalars(
            select(Seeker).where(Seeker.id.in_([row.seeker_id for row in rows]))
        )
    }
    items = [_public(ctx, row, seekers.get(row.seeker_id)) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def _handles(ctx: ServiceContext, referral: Referral, seeker: Seeker) -> bool:
    actor = ctx.actor
    sent_here = actor is not None and actor.station_id == referral.to_station_id
    return sent_here or seeker_visible(ctx, seeker)


def answer_referral(ctx: ServiceContext, referral_id: int, data: ReferralUpdate) -> ReferralPublic:
    """The station it was sent to (or any in the seeker's scope) marks it proposed or dismissed."""
    referral = ctx.session.get(Referral, referral_id)
    seeker = ctx.session.get(Seeker, referral.seeker_id) if referral else None
    if referral is None or seeker is None or not _handles(ctx, referral, seeker):
        raise NotFound("referral", referral_id)
    if data.status == ReferralStatus.open:
        message = Text(
            "Mark it {proposed} or {dismissed} only",
            proposed=ReferralStatus.proposed,
            dismissed=ReferralStatus.dismissed,
        )
        raise InvalidInput("status", "not_settable", message)
    referral.status, referral.handled_at = data.status, utcnow()
    ctx.session.flush()
    return _public(ctx, referral, seeker)
