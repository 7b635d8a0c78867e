"""Free texts about a person, sealed so that erasing her makes every one of them unreadable.

Clerks type notes into proposal histories, referrals and audit reasons; a note can hold a
name, a phone number or a family's circumstances. Those histories are append-only - the
database refuses to change them - so erasure cannot overwrite the notes. Instead each
person has her own random data key (``seekers.text_key_enc``, wrapped by the PII cipher),
every note about her is sealed with it, and erasure destroys the key: the sealed notes
stay in place, authentic and unreadable by anyone ("crypto-shredding").
"""

from __future__ import annotations

import base64

from matching.db.models import Seeker
from matching.pii import context, new_data_key, open_with, seal_with
from matching.services.context import ServiceContext

SHREDDED = "（已随本人信息删除）"
"""What a note reads once its person was erased."""


def _key(ctx: ServiceContext, seeker: Seeker, *, create: bool) -> bytes | None:
    where = context("seekers", "text_key", seeker.uid)
    if seeker.text_key_enc is not None:
        return base64.b64decode(ctx.cipher.decrypt(seeker.text_key_enc, context=where))
    if not create or seeker.erased_at is not None:
        return None
    key = new_data_key()
    seeker.text_key_enc = ctx.cipher.encrypt(base64.b64encode(key).decode("ascii"), context=where)
    return key


def seal_note(ctx: ServiceContext, seeker: Seeker, text: str, *, where: str) -> bytes | None:
    """Seal ``text`` about ``seeker`` for the column named ``where`` (None for no text)."""
    if not text:
        return None
    key = _key(ctx, seeker, create=True)
    if key is None:  # erased: nothing about her is written any more
        return None
    return seal_with(key, text, context=f"{where}:{seeker.uid}")


def open_note(ctx: ServiceContext, seeker: Seeker, token: bytes | None, *, where: str) -> str:
    """The text sealed by :func:`seal_note`; :data:`SHREDDED` once she was erased."""
    if token is None:
        return ""
    key = _key(ctx, seeker, create=False)
    if key is None:
        return SHREDDED
    return open_with(key, token, context=f"{where}:{seeker.uid}")


def rewrap_key(ctx: ServiceContext, seeker: Seeker) -> None:
    """Re-encrypt the person's data key with the active PII key (key rotation)."""
    if seeker.text_key_enc is None:
        return
    where = context("seekers", "text_key", seeker.uid)
    plain = ctx.cipher.decrypt(seeker.text_key_enc, context=where)
    seeker.text_key_enc = ctx.cipher.encrypt(plain, context=where)
