"""What every service call needs: a session, the PII cipher, the settings and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

from sqlalchemy.orm import Session

from matching.access.actor import Actor
from matching.clock import Clock
from matching.config import Settings, city_clock
from matching.i18n import DEFAULT_LOCALE
from matching.pii import PiiCipher, decode_key
from matching.services.match_index import MatchIndex

_SETTINGS_CLOCK: Final = Clock()
"""Stands for "the real clock on the calendar of the context's settings" (the default)."""


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """The dependencies of a service call. The session's owner commits, never the service.

    ``actor`` is the signed-in caller; None means the system itself (CLI, demo seeding),
    which is not scoped. ``clock`` is the app's (``app.state.clock``; by default the real
    time on the city's calendar of ``settings``); ``today`` is its local date, read once
    when the context is made, so that one call never straddles two days. ``locale`` is
    the caller's language, for the few sentences a
    service puts into a response (errors carry :class:`~matching.i18n.Text` instead).
    """

    session: Session
    cipher: PiiCipher
    settings: Settings
    actor: Actor | None = None
    match_index: MatchIndex | None = None
    clock: Clock = field(default=_SETTINGS_CLOCK)
    today: date = field(init=False)
    locale: str = DEFAULT_LOCALE

    def __post_init__(self) -> None:
        if self.clock is _SETTINGS_CLOCK:
            object.__setattr__(self, "clock", city_clock(self.settings))
        object.__setattr__(self, "today", self.clock.today())


def build_cipher(settings: Settings) -> PiiCipher:
    """Build the PII cipher from the configured keys."""
    return PiiCipher(
        keys={key_id: decode_key(text) for key_id, text in settings.pii_keys.items()},
        active_key_id=settings.pii_active_key_id,
        index_key=decode_key(settings.pii_index_key),
    )
