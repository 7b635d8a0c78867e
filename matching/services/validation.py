"""Turn identifier parse errors into field problems (messages never echo the value)."""

from __future__ import annotations

from datetime import date

from matching.errors import InvalidInput
from matching.identifiers.credit_code import CreditCodeError, parse_credit_code
from matching.identifiers.mobile_phone import MobilePhoneError, parse_mobile_phone
from matching.identifiers.resident_id import ResidentId, ResidentIdError, parse_resident_id
from matching.identifiers.spotting import digit_count
from matching.messages import MESSAGES, parser_message

MAX_SEARCH_DIGITS = 4
"""Search text travels in the URL (and so in access logs): at most a phone tail."""
PHONE_IN_URL = MESSAGES["search", "phone_in_url"]


def holds_a_number(text: str) -> bool:
    """Whether search text holds more digits than a phone tail, in any spelling
    (``138-0013-8000``, ``138 0013 8000``, full-width digits ...)."""
    return digit_count(text) > MAX_SEARCH_DIGITS


def valid_search_text(value: str, *, field: str) -> str:
    """Return search text that holds no full number, or raise InvalidInput naming ``field``."""
    if holds_a_number(value):
        raise InvalidInput(field, "phone_in_url", PHONE_IN_URL)
    return value


def valid_resident_id(value: str, *, field: str, today: date) -> ResidentId:
    """Parse a resident ID number or raise InvalidInput naming ``field``."""
    try:
        return parse_resident_id(value, today=today)
    except ResidentIdError as error:
        raise InvalidInput(
            field, error.code, parser_message("resident_id", error.code, str(error))
        ) from None


def valid_phone(value: str, *, field: str) -> str:
    """Parse a mainland mobile number or raise InvalidInput naming ``field``."""
    try:
        return parse_mobile_phone(value)
    except MobilePhoneError as error:
        raise InvalidInput(
            field, error.code, parser_message("phone", error.code, str(error))
        ) from None


def valid_credit_code(value: str, *, field: str) -> str:
    """Parse a unified social credit code or raise InvalidInput naming ``field``."""
    try:
        return parse_credit_code(value)
    except CreditCodeError as error:
        raise InvalidInput(
            field, error.code, parser_message("credit_code", error.code, str(error))
        ) from None
