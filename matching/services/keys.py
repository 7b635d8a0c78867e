"""Key rotation: re-encrypt personal data with the active key and rebuild blind indexes.

Run ``matching keys rotate`` after adding a new key to ``MATCHING_PII_KEYS`` and making
it active (``MATCHING_PII_ACTIVE_KEY_ID``), or after changing ``MATCHING_PII_INDEX_KEY``;
keep the old key configured until the command has finished, then remove it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from matching.db.models import Employer, Seeker
from matching.pii import context
from matching.services.context import ServiceContext
from matching.services.seeker_texts import rewrap_key
from matching.services.seekers import PHONE_FIELD, RESIDENT_ID_FIELD

SEEKER_FIELDS = ("resident_id", "phone", "address", "disability_note")


@dataclass(frozen=True, slots=True)
class RotationReport:
    """How many rows were re-encrypted."""

    seekers: int
    employers: int


def _reseal(
    ctx: ServiceContext, token: bytes | None, where: str
) -> tuple[bytes | None, str | None]:
    if not token:  # erased or absent
        return token, None
    plain = ctx.cipher.decrypt(token, context=where)
    return ctx.cipher.encrypt(plain, context=where), plain


def rotate_keys(ctx: ServiceContext, *, batch_size: int = 500) -> RotationReport:
    """Re-encrypt every seeker and employer with the active key; recompute blind indexes."""
    seekers = employers = 0
    last_id = 0
    while True:
        batch = ctx.session.scalars(
            select(Seeker).where(Seeker.id > last_id).order_by(Seeker.id).limit(batch_size)
        ).all()
        if not batch:
            break
        for seeker in batch:
            _rotate_seeker(ctx, seeker)
        seekers += len(batch)
        last_id = batch[-1].id
        ctx.session.flush()
    for employer in ctx.session.scalars(select(Employer).order_by(Employer.id)):
        where = context("employers", "contact_phone", employer.uid)
        employer.contact_phone_enc = _reseal(ctx, employer.contact_phone_enc, where)[0] or b""
        employers += 1
    ctx.session.flush()
    return RotationReport(seekers=seekers, employers=employers)


def _rotate_seeker(ctx: ServiceContext, seeker: Seeker) -> None:
    rewrap_key(ctx, seeker)
    for field in SEEKER_FIELDS:
        attribute = f"{field}_enc"
        sealed, plain = _reseal(
            ctx, getattr(seeker, attribute), context("seekers", field, seeker.uid)
        )
        setattr(seeker, attribute, sealed)
        if plain is None:
            continue
        if field == "resident_id":
            seeker.resident_id_index = ctx.cipher.blind_index(plain, field=RESIDENT_ID_FIELD)
        elif field == "phone":
            seeker.phone_index = ctx.cipher.blind_index(plain, field=PHONE_FIELD)
