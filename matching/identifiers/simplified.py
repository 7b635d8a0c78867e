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

from functools import lru_cache

import opencc

__all__ = ["to_simplified"]


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (縫紉 -> 缝纫); other text unchanged."""
    return str(_traditional_to_simplified().convert(text))
