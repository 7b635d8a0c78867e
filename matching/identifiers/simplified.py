"""Traditional Chinese characters to simplified ones, for search keys and skill names.

Clerks type with whatever input method they have; a name or a skill written 王秀蘭 or
縫紉 must be found as 王秀兰 or 缝纫. OpenCC's ``t2s`` table converts by phrase, so a
character with two simplified forms gets the one its neighbours call for.

Examples
--------
>>> to_simplified("王秀蘭")
'王秀兰'
>>> to_simplified("Sewing 縫紉")
'Sewing 缝纫'
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

__all__ = ["name_search_key", "to_simplified"]


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (縫紉 -> 缝纫); other text unchanged."""
    return str(_traditional_to_simplified().convert(text))


def name_search_key(text: str) -> str:
    """A name, or a fragment of one, as name search compares it: simplified characters,
    full-width forms folded, lower case, no spaces (王秀蘭 and 王 秀兰 are 王秀兰).

    Examples
    --------
    >>> name_search_key("王 Lily"), name_search_key("王秀蘭")
    ('王lily', '王秀兰')
    """
    folded = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(folded.split())
