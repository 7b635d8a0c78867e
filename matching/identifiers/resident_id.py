"""Resident identity numbers (公民身份号码, GB 11643-1999).

An 18-character number: a 6-digit region code, an 8-digit birth date
(``YYYYMMDD``), a 3-digit sequence whose last digit is odd for men and even
for women, and an ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``).

Error messages never contain the input: they are returned in HTTP responses
and written to logs, where a full identity number must not appear.

Examples
--------
>>> from datetime import date
>>> rid = parse_resident_id("11010519491231002x", today=date(2024, 1, 1))
>>> rid.number, rid.region_code, rid.birth_date, rid.sex
('11010519491231002X', '110105', datetime.date(1949, 12, 31), 'female')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from matching.identifiers.masking import mask_resident_id

__all__ = [
    "ResidentId",
    "ResidentIdError",
    "ResidentIdErrorCode",
    "Sex",
    "compute_check_char",
    "parse_resident_id",
]

Sex = Literal["male", "female"]
ResidentIdErrorCode = Literal["format", "birth_date", "check_digit"]

# Explicit [0-9] rather than \d: \d also matches full-width and other
# Unicode digits, which int() would silently accept.
_NUMBER_RE = re.compile(r"[0-9]{17}[0-9X]")
_FIRST17_RE = re.compile(r"[0-9]{17}")

# ISO 7064 MOD 11-2 weights are 2**(17 - i) mod 11 for positions i = 0..16.
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
# Check character indexed by (weighted sum mod 11), so that the weighted sum
# including the check value (X = 10) is congruent to 1 modulo 11.
_CHECK_CHARS = "10X98765432"

_MIN_BIRTH_YEAR = 1900


class ResidentIdError(ValueError):
    """A resident identity number failed validation.

    Attributes
    ----------
    code : {"format", "birth_date", "check_digit"}
        Machine-readable reason. The message never contains the input.

    Examples
    --------
    >>> try:
    ...     parse_resident_id("123")
    ... except ResidentIdError as exc:
    ...     exc.code
    'format'
    """

    def __init__(self, code: ResidentIdErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ResidentIdErrorCode = code


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A validated resident identity number and the facts encoded in it.

    ``repr`` shows only the masked number so that logging the object does
    not leak the identity number, birth date or sex.

    Examples
    --------
    >>> from datetime import date
    >>> rid = parse_resident_id("11010519491231002X", today=date(2024, 1, 1))
    >>> rid
    ResidentId(number='110105********002X')
    """

    number: str
    region_code: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: Sex = field(repr=False)

    def __repr__(self) -> str:
        return f"ResidentId(number={mask_resident_id(self.number)!r})"


def compute_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 17 leading digits.

    Parameters
    ----------
    first17 : str
        The first 17 characters of a resident identity number (ASCII digits).

    Returns
    -------
    str
        ``"0"``-``"9"`` or ``"X"``.

    Raises
    ------
    ResidentIdError
        With code ``"format"`` when ``first17`` is not exactly 17 digits.

    Examples
    --------
    >>> compute_check_char("11010519491231002")
    'X'
    """
    if _FIRST17_RE.fullmatch(first17) is None:
        raise ResidentIdError("format", "expected exactly 17 ASCII digits")
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_resident_id(value: str, *, today: date | None = None) -> ResidentId:
    """Validate and decode an 18-character resident identity number.

    Surrounding whitespace is ignored and a lowercase ``x`` check character
    is normalised to ``X``. The region code is not checked against the
    GB/T 2260 table, which changes every year.

    Parameters
    ----------
    value : str
        The number as entered.
    today : datetime.date, optional
        Reference date for rejecting future birth dates; defaults to
        ``date.today()``. Inject it in tests for determinism.

    Returns
    -------
    ResidentId

    Raises
    ------
    ResidentIdError
        ``code`` is ``"format"`` (not 17 digits plus a digit or X),
        ``"birth_date"`` (not a calendar date, before 1900 or after
        ``today``) or ``"check_digit"`` (MOD 11-2 mismatch).

    Examples
    --------
    >>> from datetime import date
    >>> parse_resident_id("11010519491231002X", today=date(2024, 1, 1)).sex
    'female'
    """
    number = value.strip().upper()
    if _NUMBER_RE.fullmatch(number) is None:
        raise ResidentIdError(
            "format",
            "resident ID number must be 17 digits followed by a digit or X",
        )

    birth_date = _decode_birth_date(number[6:14])
    reference = date.today() if today is None else today
    if birth_date.year < _MIN_BIRTH_YEAR:
        raise ResidentIdError("birth_date", "resident ID birth date is implausibly early")
    if birth_date > reference:
        raise ResidentIdError("birth_date", "resident ID birth date is in the future")

    if compute_check_char(number[:17]) != number[17]:
        raise ResidentIdError("check_digit", "resident ID check character does not match")

    sex: Sex = "male" if int(number[16]) % 2 == 1 else "female"
    return ResidentId(
        number=number,
        region_code=number[:6],
        birth_date=birth_date,
        sex=sex,
    )


def _decode_birth_date(yyyymmdd: str) -> date:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        # `from None`: the chained message could otherwise end up in logs
        # next to ours; ours is enough.
        raise ResidentIdError(
            "birth_date", "resident ID birth date is not a valid calendar date"
        ) from None
