"""Masking of personal data for display and logs.

Every function keeps at most the characters its docstring names. Input of an
unexpected length is starred completely instead of being guessed at, so that
a malformed value can never reveal more than a well-formed one.

Examples
--------
>>> mask_phone("13812345678")
'138****5678'
>>> mask_name("张三丰")
'张**'
"""

from __future__ import annotations

__all__ = [
    "mask_address",
    "mask_credit_code",
    "mask_name",
    "mask_phone",
    "mask_resident_id",
]

_STAR = "*"
_ADDRESS_KEEP = 6
_ADDRESS_TAIL = "****"


def _keep_ends(value: str, *, length: int, head: int, tail: int) -> str:
    """Keep ``head`` and ``tail`` characters of a ``length``-long value.

    Any other length is fully starred (same length) rather than partially
    revealed.
    """
    if len(value) != length:
        return _STAR * len(value)
    return value[:head] + _STAR * (length - head - tail) + value[length - tail :]


def mask_resident_id(value: str) -> str:
    """Mask an 18-character resident identity number.

    Keeps the 6-character region code and the last 4 characters; the 8 birth
    date characters are starred. Any other length is starred completely.

    Examples
    --------
    >>> mask_resident_id("370983199001011234")
    '370983********1234'
    >>> mask_resident_id("3709831990")
    '**********'
    """
    return _keep_ends(value, length=18, head=6, tail=4)


def mask_phone(value: str) -> str:
    """Mask an 11-digit mobile number: first 3 and last 4 digits kept.

    Any other length (for example a number still carrying ``+86``) is
    starred completely; normalise with ``parse_mobile_phone`` first.

    Examples
    --------
    >>> mask_phone("13812345678")
    '138****5678'
    """
    return _keep_ends(value, length=11, head=3, tail=4)


def mask_credit_code(value: str) -> str:
    """Mask an 18-character unified social credit code.

    Keeps the first 8 characters (authority, type and region) and the last 2.
    Any other length is starred completely.

    Examples
    --------
    >>> mask_credit_code("91350100M000100Y43")
    '91350100********43'
    """
    return _keep_ends(value, length=18, head=8, tail=2)


def mask_name(value: str) -> str:
    """Mask a personal name, keeping only its first character.

    Surrounding whitespace is dropped first. A one-character name is starred
    completely, because keeping its first character would reveal all of it.

    Examples
    --------
    >>> mask_name("张三丰")
    '张**'
    >>> mask_name("张")
    '*'
    """
    name = value.strip()
    if len(name) <= 1:
        return _STAR * len(name)
    return name[0] + _STAR * (len(name) - 1)


def mask_address(value: str) -> str:
    """Mask an address, keeping its first 6 characters.

    Longer addresses get a fixed ``"****"`` tail, which also hides their
    length. Addresses of at most 6 characters (after stripping surrounding
    whitespace) are returned unchanged, as the rule keeps 6 characters.

    Examples
    --------
    >>> mask_address("福建省福州市鼓楼区五四路100号")
    '福建省福州市****'
    """
    address = value.strip()
    if len(address) <= _ADDRESS_KEEP:
        return address
    return address[:_ADDRESS_KEEP] + _ADDRESS_TAIL
