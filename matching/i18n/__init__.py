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
caller's language. Placeholder values that are themselves ``Text`` (or anything with a
``render(locale)`` method) are rendered in the same language, and enum members by their
:func:`label`. An id missing from a catalogue renders as itself (English), and
``tests/i18n`` fails on any id used in the code that the ``zh_CN`` catalogue lacks.

Enum labels live in the catalogue too, as ``enum.<Class>.<value>`` in both languages::

    >>> from matching.enums import ProposalStatus
    >>> label(ProposalStatus.hired, "zh_CN"), label(ProposalStatus.hired, "en")
    ('已录用', 'hired')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "Named",
    "Renderable",
    "Text",
    "catalogue",
    "content_language",
    "enum_message_id",
    "label",
    "negotiate",
    "render",
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
    """Anything shown to a person that depends on the language (a :class:`Text`, a list...)."""

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """The value in ``locale``."""
        ...


def enum_message_id(member: Enum) -> str:
    """The catalogue id of an enum value's label: ``enum.ProposalStatus.hired``."""
    return f"enum.{type(member).__name__}.{member.value}"


def label(member: Enum, locale: str = DEFAULT_LOCALE) -> str:
    """What people call an enum value in ``locale`` (the API value when there is no label)."""
    message_id = enum_message_id(member)
    if locale not in LOCALES:
        locale = DEFAULT_LOCALE
    return catalogue(locale).get(message_id, str(member.value))


def _shown(value: object, locale: str) -> object:
    if isinstance(value, Renderable):
        return value.render(locale)
    if isinstance(value, Enum):
        return label(value, locale)
    return value


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
        values = {name: _shown(value, locale) for name, value in self.params.items()}
        return translate(self.message_id, locale).format(**values)

    def __str__(self) -> str:
        return self.render(DEFAULT_LOCALE)


@dataclass(frozen=True, slots=True)
class Named:
    """Something whose name is data in both languages (a skill's ``name_zh``/``name_en``)."""

    zh: str
    en: str

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """The English name for ``en``, the Chinese one otherwise."""
        return self.en if locale == "en" else self.zh


def render(message: Renderable | str, locale: str = DEFAULT_LOCALE) -> str:
    """``message`` in ``locale``; a plain string (not yet in the catalogue) as it is."""
    return message if isinstance(message, str) else message.render(locale)


def content_language(locale: str) -> str:
    """The BCP 47 tag of ``locale`` for a ``Content-Language`` header: ``zh_CN`` -> ``zh-CN``."""
    return locale.replace("_", "-")


def negotiate(accept_language: str | None, *, default: str = DEFAULT_LOCALE) -> str:
    """The best of :data:`LOCALES` for an ``Accept-Language`` header (Chinese by default).

    ``en``, ``en-US``… give ``en``; ``zh``, ``zh-CN``, ``zh-Hans``… give ``zh_CN``;
    anything else, or nothing, gives ``default``. Quality values are honoured. POSIX
    locale names (``en_US.UTF-8``, a ``LANGUAGE`` list ``en:zh``) are read the same way.
    """
    if not accept_language:
        return default
    accept_language = accept_language.replace(":", ",")  # also a LANGUAGE variable's list
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
