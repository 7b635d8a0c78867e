"""Every person-facing sentence, Chinese first, English available: one gettext catalogue.

The catalogue is ``matching/i18n/locales/<locale>/LC_MESSAGES/messages.po`` (Babel's
layout; ``zh_CN`` and ``en``), read once at first use - no compile step. Message ids are
the English sentences, with ``{named}`` placeholders::

    >>> from matching.i18n import Text, translate
    >>> translate("Sign in first", "zh_CN")
    '请先登录'
    >>> Text("{resource} {id} not found", resource="seeker", id=7).render("en")
    'seeker 7 not found'

:class:`Text` is a message not yet rendered: services raise errors carrying ``Text`` and
the API (by ``Accept-Language``) or a page (by the user's choice) renders it in the
caller's language. Placeholder values that are themselves ``Text`` are rendered in the
same language. An id missing from a catalogue renders as itself (English), and
``tests/i18n`` fails on any id used in the code that the ``zh_CN`` catalogue lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "Renderable",
    "Text",
    "Words",
    "catalogue",
    "negotiate",
    "translate",
]

LOCALES: Final = ("zh_CN", "en")
DEFAULT_LOCALE: Final = "zh_CN"
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(locale: str) -> Mapping[str, str]:
    """The translations of ``locale`` by message id (empty and fuzzy entries left out)."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=locale)
    return {
        str(message.id): str(message.string)
        for message in parsed
        if message.id and message.string and not message.fuzzy
    }


def translate(message_id: str, locale: str) -> str:
    """``message_id`` in ``locale``; the id itself (English) when not translated."""
    if locale not in LOCALES:
        locale = DEFAULT_LOCALE
    return catalogue(locale).get(message_id, message_id)


@runtime_checkable
class Renderable(Protocol):
    """Anything that says itself in a language: :class:`Text`, :class:`Words`…"""

    def render(self, locale: str = ...) -> str:
        """The words in ``locale``."""
        ...


@dataclass(frozen=True, slots=True)
class Words:
    """Words that data gives in each language (a skill's names), not the catalogue."""

    zh: str
    en: str

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """The English words for ``en``, else the Chinese."""
        return self.en if locale == "en" else self.zh


@dataclass(frozen=True)
class Text:
    """A message id and its placeholder values, rendered when the language is known."""

    message_id: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, message_id: str, /, **params: object) -> None:
        object.__setattr__(self, "message_id", message_id)
        object.__setattr__(self, "params", params)

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """The sentence in ``locale`` with its placeholders filled in."""
        values = {
            name: value.render(locale) if isinstance(value, Renderable) else value
            for name, value in self.params.items()
        }
        return translate(self.message_id, locale).format(**values)

    def __str__(self) -> str:
        return self.render(DEFAULT_LOCALE)


def negotiate(accept_language: str | None, *, default: str = DEFAULT_LOCALE) -> str:
    """The best of :data:`LOCALES` for an ``Accept-Language`` header (Chinese by default).

    ``en``, ``en-US``… give ``en``; ``zh``, ``zh-CN``, ``zh-Hans``… give ``zh_CN``;
    anything else, or nothing, gives ``default``. Quality values are honoured.
    """
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        language = tag.strip().lower().split("-")[0].split("_")[0]
        locale = {"zh": "zh_CN", "en": "en"}.get(language)
        if locale is not None and weight > 0:
            choices.append((-weight, position, locale))
    return min(choices)[2] if choices else default
