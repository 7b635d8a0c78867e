"""Personal-data rights and duties: reveal (audited), consent changes, erasure."""

from __future__ import annotations

from datetime import date

from matching.db.base import utcnow
from matching.db.models import Seeker, SeekerConsent
from matching.db.queries import idempotency as idempotency_queries
from matching.db.session import wipe_after_commit
from matching.engine.weekly import WeekSlots
from matching.enums import AuditAction, ConsentScope, SeekerStatus
from matching.pii import context
from matching.schemas.privacy import (
    ConsentChange,
    ErasureResult,
    RevealedPii,
    RevealRequest,
)
from matching.schemas.seekers import SeekerPublic
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.scope import require_seeker
from matching.services.seekers import seeker_public

ERASED_NAME = "已删除"


def seeker_ref(seeker: Seeker) -> str:
    """The pseudonymous reference of a seeker in the audit log (a random UUID, not PII)."""
    return f"seeker:{seeker.uid}"


def reveal_personal_data(
    ctx: ServiceContext, seeker_id: int, request: RevealRequest
) -> RevealedPii:
    """Return the full values asked for and write one audit row saying who saw what, and why."""
    seeker = require_seeker(ctx, seeker_id)
    encrypted = {
        "resident_id": seeker.resident_id_enc,
        "phone": seeker.phone_enc,
        "address": seeker.address_enc,
        "disability_note": seeker.disability_note_enc,
    }
    fields = list(dict.fromkeys(request.fields))
    values = {
        field: ctx.cipher.decrypt(token, context=context("seekers", field, seeker.uid))
        for field in fields
        if (token := encrypted[field]) is not None
    }
    record_audit(
        ctx,
        AuditAction.reveal,
        object_type="seeker",
        object_ref=seeker_ref(seeker),
        reason=request.reason,
        details={"fields": fields},
        about=seeker,
    )
    return RevealedPii(seeker_id=seeker.id, **values)


def change_consent(ctx: ServiceContext, seeker_id: int, change: ConsentChange) -> SeekerPublic:
    """Grant or withdraw a consent scope (audited). Withdrawal takes effect at once."""
    seeker = require_seeker(ctx, seeker_id)
    active = [c for c in seeker.consents if c.scope == change.scope and c.withdrawn_at is None]
    now = utcnow()
    if change.granted and not active:
        station_id = (ctx.actor.station_id if ctx.actor else None) or seeker.registered_station_id
        seeker.consents.append(
            SeekerConsent(scope=change.scope, station_id=station_id, granted_at=now)
        )
    elif not change.granted:
        for consent in active:
            consent.withdrawn_at = now
        if change.scope == ConsentScope.data_use:
            seeker.status = SeekerStatus.inactive  # no data use: no matching, no proposals
    ctx.session.flush()
    record_audit(
        ctx,
        AuditAction.consent_change,
        object_type="seeker",
        object_ref=seeker_ref(seeker),
        reason=change.reason,
        details={"scope": change.scope.value, "granted": change.granted},
        about=seeker,
    )
    return seeker_public(ctx, seeker)


def erase_seeker(ctx: ServiceContext, seeker_id: int, *, reason: str) -> ErasureResult:
    """Destroy a seeker's personal data, keeping the row so report counts stay the same.

    Kept: community, registering station, sex, birth year, skills, status and placements,
    the household reference (an opaque code: zero-employment households are counted by
    it) - what reports count. Destroyed: name, ID number, phone, address, disability note,
    exact location, availability and pay wishes; consents end. Every
    note about her in append-only histories becomes unreadable (her text key is
    destroyed), and stored retries of requests about her are deleted. The erasure's own
    audit row keeps its reason readable: it is the record that justifies the erasure.
    """
    seeker = require_seeker(ctx, seeker_id)
    now = utcnow()
    erased_key = f"erased:{seeker.uid}"
    seeker.name, seeker.name_search = ERASED_NAME, ""
    seeker.name_pinyin = seeker.given_name_pinyin = seeker.name_initials = ""
    seeker.resident_id_enc, seeker.resident_id_index = b"", erased_key
    seeker.phone_enc, seeker.phone_index, seeker.phone_tail = b"", erased_key, ""
    seeker.address_enc = seeker.disability_note_enc = None
    seeker.birth_date = date(seeker.birth_date.year, 1, 1)
    community = seeker.community
    seeker.lat, seeker.lon, seeker.location_approximate = community.lat, community.lon, True
    seeker.availability = WeekSlots.EMPTY
    seeker.min_pay_yuan = seeker.min_pay_unit = None
    if seeker.status == SeekerStatus.active:
        seeker.status = SeekerStatus.inactive
    for consent in seeker.consents:
        consent.withdrawn_at = consent.withdrawn_at or now
    seeker.erased_at = now
    seeker.text_key_enc = None
    idempotency_queries.forget_person(ctx.session, seeker.id)
    wipe_after_commit(ctx.session)
    ctx.session.flush()
    record_audit(
        ctx, AuditAction.erasure, object_type="seeker", object_ref=seeker_ref(seeker), reason=reason
    )
    return ErasureResult(seeker_id=seeker.id, erased_at=now, audit_ref=seeker_ref(seeker))
