"""Toneless pinyin keys for personal names, for search and de-duplication.

The surname is read with its surname pronunciation: pypinyin's default
reading of a heteronym is its most common one (单 -> dan), which is often
wrong for surnames (单 as a surname is shan). pypinyin has no surname mode,
so a short table of well-established surname readings overrides it.

``ü`` is spelled ``v`` (lv, nv), as in pypinyin's NORMAL style and pinyin
input methods, so keys stay ASCII.

Examples
--------
>>> name_pinyin("单田芳")
'shantianfang'
>>> name_initials("张三")
'zs'
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

__all__ = ["name_initials", "name_pinyin"]

# Surname readings (the dictionary's "姓" entries) where pypinyin's default
# reading differs. 乐 is left out: both le and yue are common as surnames,
# and pypinyin's le is as good a guess as any.
_SURNAME_READINGS: dict[str, str] = {
    "卜": "bu",
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "区": "ou",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "覃": "qin",
    "召": "shao",
    "种": "chong",
    "重": "chong",
    "翟": "zhai",
    "秘": "bi",
    "员": "yun",
    "薄": "bo",
    "繁": "po",
    "隗": "wei",
    "句": "gou",
    "折": "she",
    "祭": "zhai",
    "阚": "kan",
    "都": "du",
    "么": "yao",
    "能": "nai",
    "洗": "xian",
    "藏": "zang",
    "蕃": "pi",
    "角": "jue",
    "乜": "nie",
    "粘": "nian",
}

# Compound surnames whose first character alone would be read differently.
# 单于 is deliberately absent: 单 + a given name starting with 于 is far more
# common than the compound surname.
_COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "澹台": ("tan", "tai"),
}

# Whitespace and the interpuncts used between parts of transcribed names
# (阿依古丽·买买提) separate words and are dropped.
_SEPARATORS_RE = re.compile(r"[\s\u00b7\u2022\u2027\u30fb\u2219]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _syllables(name: str) -> list[str]:
    """Split a name into lowercase pieces: one per Chinese character, one per
    run of other characters within a word."""
    pieces: list[str] = []
    words = [w for w in _SEPARATORS_RE.split(unicodedata.normalize("NFKC", name)) if w]
    for position, word in enumerate(words):
        rest = word
        if position == 0 and _HAN_RE.match(word):
            surname, rest = _surname(word)
            pieces.extend(surname)
        if rest:
            pieces.extend(lazy_pinyin(rest, style=Style.NORMAL, errors="default"))
    return [p.lower() for p in pieces]


def _surname(word: str) -> tuple[tuple[str, ...], str]:
    """Return the surname syllables at the start of ``word`` and the rest."""
    for compound, readings in _COMPOUND_SURNAMES.items():
        if word.startswith(compound):
            return readings, word[len(compound) :]
    first = word[0]
    reading = _SURNAME_READINGS.get(first)
    if reading is None:
        # Converted on its own so that a phrase spanning surname and given
        # name cannot change either reading.
        reading = "".join(lazy_pinyin(first, style=Style.NORMAL, errors="default"))
    return (reading,), word[1:]


def name_pinyin(name: str) -> str:
    """Return the name in lowercase toneless pinyin without separators.

    The first character is read as a surname. Non-Chinese characters are
    kept (lower-cased, full-width forms folded to ASCII); whitespace and
    name interpuncts (``·``) are removed.

    Examples
    --------
    >>> name_pinyin("张三")
    'zhangsan'
    >>> name_pinyin("曾国藩")
    'zengguofan'
    >>> name_pinyin("王 Lily")
    'wanglily'
    """
    return "".join(_syllables(name))


def name_initials(name: str) -> str:
    """Return the first letter of each syllable of the name.

    A run of non-Chinese characters counts as one syllable.

    Examples
    --------
    >>> name_initials("张三")
    'zs'
    >>> name_initials("单田芳")
    'stf'
    >>> name_initials("王 Lily")
    'wl'
    """
    return "".join(p[0] for p in _syllables(name) if p)
