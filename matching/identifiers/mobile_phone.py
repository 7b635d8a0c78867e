"""Mainland China mobile phone numbers.

A number is 11 digits starting with ``13`` to ``19``. Input may carry a
``+86`` or ``86`` country prefix, spaces and hyphens; they are removed.
Error messages never contain the input.

Examples
--------
>>> parse_mobile_phone("+86 138-1234-5678")
'13812345678'
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["MobilePhoneError", "MobilePhoneErrorCode", "parse_mobile_phone"]

MobilePhoneErrorCode = Literal["format"]

# \s rather than a plain space: pasted numbers often carry NBSP or the
# ideographic space.
_SEPARATORS_RE = re.compile(r"[\s\-]+")
_NUMBER_RE = re.compile(r"1[3-9][0-9]{9}")
_BARE_PREFIX = "86"
_PLUS_PREFIX = "+86"
_LENGTH = 11


class MobilePhoneError(ValueError):
    """A mobile phone number failed validation.

    Attributes
    ----------
    code : {"format"}
        Machine-readable reason. The message never contains the input.

    Examples
    --------
    >>> try:
    ...     parse_mobile_phone("12345")
    ... except MobilePhoneError as exc:
    ...     exc.code
    'format'
    """

    def __init__(self, code: MobilePhoneErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: MobilePhoneErrorCode = code


def parse_mobile_phone(value: str) -> str:
    """Validate a mainland mobile number and return its 11 digits.

    Parameters
    ----------
    value : str
        The number as entered, e.g. ``"138 1234 5678"``, ``"+8613812345678"``.

    Returns
    -------
    str
        Exactly 11 ASCII digits.

    Raises
    ------
    MobilePhoneError
        With code ``"format"`` for anything else.

    Examples
    --------
    >>> parse_mobile_phone("86 13812345678")
    '13812345678'
    """
    digits = _SEPARATORS_RE.sub("", value)
    if digits.startswith(_PLUS_PREFIX):
        digits = digits[len(_PLUS_PREFIX) :]
    elif digits.startswith(_BARE_PREFIX) and len(digits) == len(_BARE_PREFIX) + _LENGTH:
        # Only strip a bare 86 when it makes the length right: it is not a
        # valid mobile prefix anyway, but a length check keeps 86 from being
        # eaten off inputs that are wrong for other reasons.
        digits = digits[len(_BARE_PREFIX) :]
    if _NUMBER_RE.fullmatch(digits) is None:
        raise MobilePhoneError(
            "format",
            "mobile number must be 11 digits starting with 13 to 19, optionally prefixed by +86",
        )
    return digits
