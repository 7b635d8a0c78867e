"""What every service call needs: a session, the PII cipher and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from matching.access.actor import Actor
from matching.config import Settings
from matching.i18n import DEFAULT_LOCALE
from matching.pii import PiiCipher, decode_key
from matching.services.match_index import MatchIndex


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """The dependencies of a service call. The session's owner commits, never the service.

    ``actor`` is the signed-in caller; None means the system itself (CLI, demo seeding),
    which is not scoped. ``locale`` is the caller's language, for the few sentences a
    service puts into a response (errors carry :class:`~matching.i18n.Text` instead).
    """

    session: Session
    cipher: PiiCipher
    settings: Settings
    today: date = field(default_factory=date.today)
    actor: Actor | None = None
    match_index: MatchIndex | None = None
    locale: str = DEFAULT_LOCALE


def build_cipher(settings: Settings) -> PiiCipher:
    """Build the PII cipher from the configured keys."""
    return PiiCipher(
        keys={key_id: decode_key(text) for key_id, text in settings.pii_keys.items()},
        active_key_id=settings.pii_active_key_id,
        index_key=decode_key(settings.pii_index_key),
    )
