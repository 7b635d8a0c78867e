"""Toneless pinyin keys for personal names, for search and de-duplication.

The surname is read with its surname pronunciation: pypinyin's default
reading of a heteronym is its most common one (单 -> dan), which is often
wrong for surnames (单 as a surname is shan). pypinyin has no surname mode,
so a short table of well-established surname readings overrides it.

``ü`` is spelled ``v`` (lv, nv), as in pypinyin's NORMAL style and pinyin
input methods, so keys stay ASCII.

Clerks find a person by the pinyin of her whole name or of her given name
(:func:`given_name_pinyin`), typed with or without spaces (:func:`pinyin_query`).
Text that is not a name (a skill such as 洗碗 or 种地) is read without surname
readings by :func:`phrase_pinyin` and :func:`phrase_initials`.

Examples
--------
>>> name_pinyin("单田芳")
'shantianfang'
>>> name_initials("张三")
'zs'
>>> given_name_pinyin("欧阳娜娜")
'nana'
>>> pinyin_query("Wang Xiulan")
'wangxiulan'
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from matching.identifiers.simplified import to_simplified

__all__ = [
    "given_name_pinyin",
    "name_initials",
    "name_pinyin",
    "phrase_initials",
    "phrase_pinyin",
    "phrase_syllables",
    "pinyin_query",
]

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

# Compound surnames (复姓): where the given name starts, and readings where the
# first character alone would be read differently (万俟 mòqí, 长孙 zhǎngsūn).
# 单于 is deliberately absent: 单 + a given name starting with 于 is far more
# common than the compound surname.
_COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "澹台": ("tan", "tai"),
    "长孙": ("zhang", "sun"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "夏侯": ("xia", "hou"),
    "轩辕": ("xuan", "yuan"),
    "令狐": ("ling", "hu"),
    "钟离": ("zhong", "li"),
    "端木": ("duan", "mu"),
    "南宫": ("nan", "gong"),
    "呼延": ("hu", "yan"),
    "独孤": ("du", "gu"),
    "西门": ("xi", "men"),
    "申屠": ("shen", "tu"),
    "赫连": ("he", "lian"),
    "闻人": ("wen", "ren"),
    "司空": ("si", "kong"),
    "公冶": ("gong", "ye"),
    "太史": ("tai", "shi"),
    "濮阳": ("pu", "yang"),
    "拓跋": ("tuo", "ba"),
}

# Whitespace and the interpuncts used between parts of transcribed names
# (阿依古丽·买买提) separate words and are dropped.
_SEPARATORS_RE = re.compile(r"[\s\u00b7\u2022\u2027\u30fb\u2219]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _split_name(name: str, *, as_name: bool = True) -> tuple[list[str], list[str]]:
    """Split a name into lowercase pieces - one per Chinese character, one per run of
    other characters within a word - as (surname pieces, the others). Only a name
    that starts with a Chinese character has a surname, and only ``as_name``."""
    surname: list[str] = []
    pieces: list[str] = []
    words = [w for w in _SEPARATORS_RE.split(unicodedata.normalize("NFKC", name)) if w]
    for position, word in enumerate(words):
        rest = word
        if as_name and position == 0 and _HAN_RE.match(word):
            readings, rest = _surname(word)
            surname.extend(p.lower() for p in readings)
        if rest:
            syllables = lazy_pinyin(rest, style=Style.NORMAL, errors="default")
            pieces.extend(p.lower() for p in syllables)
    return surname, pieces


def _syllables(name: str) -> list[str]:
    surname, rest = _split_name(name)
    return surname + rest


def _surname(word: str) -> tuple[tuple[str, ...], str]:
    """Return the surname syllables at the start of ``word`` and the rest.

    Surnames are looked up in simplified characters (歐陽 is 欧阳, 單 is 单); the rest
    is read as written, since t2s may turn a character valid in simplified names into
    another one (王乾 would become 王干)."""
    compound = to_simplified(word[:2])
    if compound in _COMPOUND_SURNAMES:
        return _COMPOUND_SURNAMES[compound], word[2:]
    first = word[0]
    reading = _SURNAME_READINGS.get(to_simplified(first))
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


def given_name_pinyin(name: str) -> str:
    """Return the pinyin of the given name: what follows the surname (one character, or a
    compound surname such as 欧阳); empty for a name not starting with a Chinese character.

    Examples
    --------
    >>> given_name_pinyin("王秀兰")
    'xiulan'
    >>> given_name_pinyin("曾小贤")
    'xiaoxian'
    >>> given_name_pinyin("John Smith")
    ''
    """
    surname, rest = _split_name(name)
    return "".join(rest) if surname else ""


def phrase_pinyin(text: str) -> str:
    """Like :func:`name_pinyin` for text that is not a name: no surname readings.

    Examples
    --------
    >>> phrase_pinyin("洗碗"), name_pinyin("洗碗")
    ('xiwan', 'xianwan')
    """
    return "".join(_split_name(text, as_name=False)[1])


def phrase_syllables(text: str, *, tones: bool = False) -> list[str]:
    """The syllables of text that is not a name, lower case; with ``tones``, each ends in
    its tone number (none for the neutral tone), as pinyin input methods never need.

    Examples
    --------
    >>> phrase_syllables("中国结"), phrase_syllables("识字", tones=True)
    (['zhong', 'guo', 'jie'], ['shi2', 'zi4'])
    """
    style = Style.TONE3 if tones else Style.NORMAL
    return [p.lower() for p in lazy_pinyin(text, style=style, errors="default")]


def phrase_initials(text: str) -> str:
    """Like :func:`name_initials` for text that is not a name: no surname readings.

    Examples
    --------
    >>> phrase_initials("种地")
    'zd'
    """
    return "".join(p[0] for p in _split_name(text, as_name=False)[1] if p)


_QUERY_SEPARATORS_RE = re.compile(r"[\s'’\-·]+")
_PINYIN_QUERY_RE = re.compile(r"^[a-z]+$")


def pinyin_query(text: str) -> str | None:
    """Return typed text as a pinyin search key, or None when it is not pinyin.

    Case, width, spaces, apostrophes and hyphens are dropped (``Wang Xiulan``,
    ``wang xiu lan``, ``xi'an``), and ``ü`` (or ``u:``) is spelled ``v`` as in the keys.

    Examples
    --------
    >>> pinyin_query("wang xiu lan"), pinyin_query("Lü Bu"), pinyin_query("王秀兰")
    ('wangxiulan', 'lvbu', None)
    """
    folded = unicodedata.normalize("NFKC", text).lower().replace("u:", "v").replace("ü", "v")
    key = _QUERY_SEPARATORS_RE.sub("", folded)
    return key if _PINYIN_QUERY_RE.match(key) else None
