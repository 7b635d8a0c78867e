"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Layout of the 18 characters (alphabet ``0-9 A-H J-N P-R T-U W-Y``, i.e. no
I, O, S, V, Z)::

    position  1     registration-authority code
    position  2     organisation-type code
    positions 3-8   region code of the registering authority (digits)
    positions 9-17  organisation code (GB 11714), its own check char at 17
    position  18    check character, weights 3**i mod 31

Error messages never contain the input.

Examples
--------
>>> parse_credit_code(" 91350100m000100y43 ")
'91350100M000100Y43'
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "CreditCodeError",
    "CreditCodeErrorCode",
    "compute_credit_check_char",
    "compute_org_code_check_char",
    "parse_credit_code",
]

CreditCodeErrorCode = Literal["format", "check_char"]

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
_MODULUS = len(_ALPHABET)  # 31
_WEIGHTS = tuple(pow(3, i, _MODULUS) for i in range(17))

_CLASS = "[0-9A-HJ-NP-RTUW-Y]"
_CODE_RE = re.compile(f"{_CLASS}{{2}}[0-9]{{6}}{_CLASS}{{10}}")
_FIRST17_RE = re.compile(f"{_CLASS}{{2}}[0-9]{{6}}{_CLASS}{{9}}")

# GB 11714: body characters are worth 0-9 for digits and 10-35 for A-Z.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_RE = re.compile("[0-9A-Z]{8}")


class CreditCodeError(ValueError):
    """A unified social credit code failed validation.

    Attributes
    ----------
    code : {"format", "check_char"}
        Machine-readable reason. The message never contains the input.

    Examples
    --------
    >>> try:
    ...     parse_credit_code("91350100M000100Y44")
    ... except CreditCodeError as exc:
    ...     exc.code
    'check_char'
    """

    def __init__(self, code: CreditCodeErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: CreditCodeErrorCode = code


def compute_credit_check_char(first17: str) -> str:
    """Return the GB 32100 check character (position 18) for 17 characters.

    Parameters
    ----------
    first17 : str
        Upper-case characters from the code alphabet, positions 3-8 digits.

    Raises
    ------
    CreditCodeError
        With code ``"format"`` when ``first17`` does not have that shape.

    Examples
    --------
    >>> compute_credit_check_char("91350100M000100Y4")
    '3'
    """
    if _FIRST17_RE.fullmatch(first17) is None:
        raise CreditCodeError("format", "expected 17 characters of the credit code alphabet")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _ALPHABET[(_MODULUS - total % _MODULUS) % _MODULUS]


def compute_org_code_check_char(body: str) -> str:
    """Return the GB 11714 check character for an 8-character body.

    Useful to build the organisation-code part (positions 9-17) when
    generating demo credit codes.

    Parameters
    ----------
    body : str
        8 characters, digits or upper-case A-Z.

    Raises
    ------
    CreditCodeError
        With code ``"format"`` when ``body`` does not have that shape.

    Examples
    --------
    >>> compute_org_code_check_char("M000100Y")
    '4'
    """
    if _ORG_BODY_RE.fullmatch(body) is None:
        raise CreditCodeError("format", "expected 8 digits or upper-case letters")
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def parse_credit_code(value: str, *, verify_org_code: bool = True) -> str:
    """Validate a unified social credit code and return it normalised.

    Surrounding whitespace is stripped and letters are upper-cased. The
    registration-authority and type codes are not checked against a list,
    since authorities may add codes.

    Parameters
    ----------
    value : str
        The code as entered.
    verify_org_code : bool, default True
        Also verify the GB 11714 check character of the embedded
        organisation code (position 17). Turn off only if real codes turn up
        that fail it while passing the final check.

    Returns
    -------
    str
        The 18-character upper-case code.

    Raises
    ------
    CreditCodeError
        ``code`` is ``"format"`` (length, alphabet, non-digit region) or
        ``"check_char"`` (final or embedded check character mismatch).

    Examples
    --------
    >>> parse_credit_code("91350100M000100Y43")
    '91350100M000100Y43'
    """
    code = value.strip().upper()
    if _CODE_RE.fullmatch(code) is None:
        raise CreditCodeError(
            "format",
            "credit code must be 18 characters from 0-9 and A-Z except I, O, S, V, Z, "
            "with digits in positions 3 to 8",
        )
    if compute_credit_check_char(code[:17]) != code[17]:
        raise CreditCodeError("check_char", "credit code check character does not match")
    if verify_org_code and compute_org_code_check_char(code[8:16]) != code[16]:
        raise CreditCodeError(
            "check_char", "organisation code check character inside the credit code does not match"
        )
    return code
