"""Chinese personal and organisation identifiers: parsing, masking, pinyin.

Parsers normalise their input and raise a ``ValueError`` subclass with a
machine-readable ``code``; their messages never contain the input.

Examples
--------
>>> from matching.identifiers import mask_phone, parse_mobile_phone
>>> mask_phone(parse_mobile_phone("+86 138-1234-5678"))
'138****5678'
"""

from matching.identifiers.credit_code import (
    CreditCodeError,
    compute_credit_check_char,
    compute_org_code_check_char,
    parse_credit_code,
)
from matching.identifiers.masking import (
    mask_address,
    mask_credit_code,
    mask_name,
    mask_phone,
    mask_resident_id,
)
from matching.identifiers.mobile_phone import MobilePhoneError, parse_mobile_phone
from matching.identifiers.pinyin import name_initials, name_pinyin
from matching.identifiers.resident_id import (
    ResidentId,
    ResidentIdError,
    compute_check_char,
    parse_resident_id,
)

__all__ = [
    "CreditCodeError",
    "MobilePhoneError",
    "ResidentId",
    "ResidentIdError",
    "compute_check_char",
    "compute_credit_check_char",
    "compute_org_code_check_char",
    "mask_address",
    "mask_credit_code",
    "mask_name",
    "mask_phone",
    "mask_resident_id",
    "name_initials",
    "name_pinyin",
    "parse_credit_code",
    "parse_mobile_phone",
    "parse_resident_id",
]
