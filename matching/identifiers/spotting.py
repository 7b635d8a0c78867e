"""Spot resident ID and mobile numbers in free text, however they are spelt.

Log lines and URLs carry numbers in many spellings: ``138-0013-8000``,
``138 0013 8000``, ``138+0013+8000`` or ``138%200013%208000`` (a query string),
full-width ``１３８００１３８０００`` (a Chinese input method), ``+86`` in front.
Before matching, the text is normalised:

1. URL-decoded (``%XX``, twice, for doubly encoded URLs; ``+`` counts as a separator);
2. every decimal digit of any script becomes its ASCII digit, other characters
   are NFKC-folded (full-width letters and punctuation become ASCII) and
   invisible format characters (zero-width space, bidi controls) are dropped;
3. runs of up to three separators (space, ``-``, ``.``, ``_``, ``/``, ``+``,
   dashes, NBSP and full-width forms) *between two digits* are removed.

Then mobile numbers (``1[3-9]`` and 9 digits, optionally ``86``/``0086``/``+86``
in front), 18-character resident IDs and 15-digit old IDs are found; an ID must
carry a real province code and a plausible birth date, and no match may be part
of a longer run of digits, so order numbers, timestamps, years, amounts and
database ids are left alone. Each hit is reported as a span of the *original*
text, so a caller can blank exactly that span and keep the rest verbatim.

Two ordinary numbers written next to each other can still add up to an ID shape
(``11001 10002 10003``): when in doubt this module errs towards reporting.

Examples
--------
>>> [spot.kind for spot in spot_identifiers("tel 138-0013-8000, id 11010519491231002X")]
['phone', 'resident_id']
>>> spot_identifiers("order 10001 of 2026-11-29")
[]
>>> digit_count("１３８ 0013")
7
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = ["Spot", "SpotKind", "digit_count", "spot_identifiers"]

SpotKind = Literal["phone", "resident_id"]

# A normalised character and the span [start, end) of the original text it came from.
_Char = tuple[str, int, int]

_HEX = frozenset("0123456789abcdefABCDEF")
_SEPARATORS = frozenset(" \t-._/+\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_MAX_SEPARATOR_RUN = 3
_URL_DECODE_PASSES = 2
# The fewest digits any spelling of a phone or ID can show (11: a bare mobile).
_MIN_DIGITS = 11
_ANY_DIGIT = re.compile(r"\d")

_PROVINCE = r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3]|91)"
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_PATTERN = re.compile(
    rf"(?<![0-9])(?:"
    rf"(?P<id18>{_PROVINCE}[0-9]{{4}}(?:18|19|20)[0-9]{{2}}{_MONTH_DAY}[0-9]{{3}}[0-9Xx])"
    rf"|(?P<id15>{_PROVINCE}[0-9]{{4}}[0-9]{{2}}{_MONTH_DAY}[0-9]{{3}})"
    rf"|(?P<phone>(?:\+?(?:00)?86)?1[3-9][0-9]{{9}})"
    rf")(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class Spot:
    """An identifier found at ``text[start:end]`` of the original text."""

    kind: SpotKind
    start: int
    end: int


def spot_identifiers(text: str) -> list[Spot]:
    """Find mobile and resident ID numbers in ``text``, in order, as original spans.

    Examples
    --------
    >>> spot_identifiers("call +86 138 0013 8000")
    [Spot(kind='phone', start=5, end=22)]
    """
    if len(_ANY_DIGIT.findall(text)) < _MIN_DIGITS:
        return []  # the common case, and cheap: nothing can be long enough
    chars = _normalise(text)
    flat = "".join(char for char, _start, _end in chars)
    spots = []
    for match in _PATTERN.finditer(flat):
        kind: SpotKind = "phone" if match.lastgroup == "phone" else "resident_id"
        spots.append(Spot(kind, chars[match.start()][1], chars[match.end() - 1][2]))
    return spots


def digit_count(text: str) -> int:
    """How many digits ``text`` holds after the normalisation above.

    Examples
    --------
    >>> digit_count("138%200013")
    7
    """
    return sum(1 for char, _start, _end in _normalise(text) if "0" <= char <= "9")


def _normalise(text: str) -> list[_Char]:
    chars: list[_Char] = [(char, index, index + 1) for index, char in enumerate(text)]
    for _pass in range(_URL_DECODE_PASSES):
        if not any(char == "%" for char, _start, _end in chars):
            break
        chars = _percent_decoded(chars)
    return _without_separators_between_digits(_folded(chars))


def _percent_decoded(chars: list[_Char]) -> list[_Char]:
    """Decode runs of ``%XX`` as UTF-8; each decoded character spans its bytes."""
    out: list[_Char] = []
    index = 0
    while index < len(chars):
        run_end = index
        while _is_escape(chars, run_end):
            run_end += 3
        if run_end == index:
            out.append(chars[index])
            index += 1
            continue
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        start = None
        for escape in range(index, run_end, 3):
            start = chars[escape][1] if start is None else start
            byte = int(chars[escape + 1][0] + chars[escape + 2][0], 16)
            decoded = decoder.decode(bytes([byte]))
            out.extend((char, start, chars[escape + 2][2]) for char in decoded)
            start = None if decoded else start
        tail_start = chars[index][1] if start is None else start
        tail = decoder.decode(b"", final=True)
        out.extend((char, tail_start, chars[run_end - 1][2]) for char in tail)
        index = run_end
    return out


def _is_escape(chars: list[_Char], index: int) -> bool:
    return (
        index + 2 < len(chars)
        and chars[index][0] == "%"
        and chars[index + 1][0] in _HEX
        and chars[index + 2][0] in _HEX
    )


def _folded(chars: list[_Char]) -> list[_Char]:
    """ASCII digits for every script's digits, NFKC for the rest, format characters gone."""
    out: list[_Char] = []
    for char, start, end in chars:
        if char < "\x80":
            out.append((char, start, end))
            continue
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append((str(digit), start, end))
        elif unicodedata.category(char) != "Cf":
            out.extend((folded, start, end) for folded in unicodedata.normalize("NFKC", char))
    return out


def _without_separators_between_digits(chars: list[_Char]) -> list[_Char]:
    out: list[_Char] = []
    index = 0
    while index < len(chars):
        char = chars[index][0]
        if char in _SEPARATORS or char.isspace():
            run_end = index
            while run_end < len(chars) and (
                chars[run_end][0] in _SEPARATORS or chars[run_end][0].isspace()
            ):
                run_end += 1
            between_digits = (
                out
                and out[-1][0].isdigit()
                and run_end < len(chars)
                and chars[run_end][0].isdigit()
                and run_end - index <= _MAX_SEPARATOR_RUN
            )
            if not between_digits:
                out.extend(chars[index:run_end])
            index = run_end
            continue
        out.append(chars[index])
        index += 1
    return out
