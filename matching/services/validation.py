"""Turn identifier parse errors into field problems (messages never echo the value)."""

from __future__ import annotations

from datetime import date

from matching.errors import InvalidInput
from matching.identifiers.credit_code import CreditCodeError, parse_credit_code
from matching.identifiers.mobile_phone import MobilePhoneError, parse_mobile_phone
from matching.identifiers.resident_id import ResidentId, ResidentIdError, parse_resident_id
from matching.messages import bilingual


def valid_resident_id(value: str, *, field: str, today: date) -> ResidentId:
    """Parse a resident ID number or raise InvalidInput naming ``field``."""
    try:
        return parse_resident_id(value, today=today)
    except ResidentIdError as error:
        raise InvalidInput(
            field, error.code, bilingual("resident_id", error.code, str(error))
        ) from None


def valid_phone(value: str, *, field: str) -> str:
    """Parse a mainland mobile number or raise InvalidInput naming ``field``."""
    try:
        return parse_mobile_phone(value)
    except MobilePhoneError as error:
        raise InvalidInput(field, error.code, bilingual("phone", error.code, str(error))) from None


def valid_credit_code(value: str, *, field: str) -> str:
    """Parse a unified social credit code or raise InvalidInput naming ``field``."""
    try:
        return parse_credit_code(value)
    except CreditCodeError as error:
        raise InvalidInput(
            field, error.code, bilingual("credit_code", error.code, str(error))
        ) from None
