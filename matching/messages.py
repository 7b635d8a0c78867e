"""The wording of validation failures of identifiers, weekly times, passwords and search text.

Parsers (``matching.identifiers``, ``matching.engine.weekly``, the password policy) raise
errors with stable codes and English details; people read these sentences instead, from
the catalogue, in their own language.
"""

from __future__ import annotations

from typing import Final

from matching.access.passwords import MIN_PASSWORD_LENGTH
from matching.i18n import Text

MESSAGES: Final[dict[tuple[str, str], Text]] = {
    ("resident_id", "format"): Text(
        "A resident ID has 18 characters: 17 digits, then a digit or X"
    ),
    ("resident_id", "birth_date"): Text("The birth date in the resident ID is not valid"),
    ("resident_id", "check_digit"): Text(
        "The check digit of the resident ID does not match: please check the number"
    ),
    ("phone", "format"): Text("A mobile number has 11 digits and starts with 13 to 19"),
    ("credit_code", "format"): Text(
        "A unified social credit code has 18 digits or capital letters (not I, O, S, V or Z)"
    ),
    ("credit_code", "check_char"): Text(
        "The check character of the credit code does not match: please check the code"
    ),
    ("weekly", "format"): Text("Write a time range like 08:00-11:30"),
    ("weekly", "granularity"): Text("Times must be on the hour or the half hour"),
    ("weekly", "empty"): Text("Start and end time must not be the same"),
    ("weekly", "day"): Text("The day must be one of mon, tue, wed, thu, fri, sat, sun"),
    ("password", "too_short"): Text(
        "The password needs at least {min_length} characters", min_length=MIN_PASSWORD_LENGTH
    ),
    ("password", "common"): Text(
        "This is one of the most common passwords and easily guessed: choose another"
    ),
    ("password", "contains_username"): Text("The password must not contain the username"),
    ("password", "repeated"): Text(
        "The password must not be one character or one run of characters repeated"
    ),
    ("password", "sequential"): Text(
        "The password must not be a sequence (like 1234567890, abcdefghij, qwertyuiop)"
    ),
    ("search", "phone_in_url"): Text(
        "Enter at most the last 4 digits of a phone: a full number must not appear in a URL"
    ),
}
"""The sentence for each (kind of value, error code)."""


def parser_message(kind: str, code: str, english: str) -> Text | str:
    """The catalogue sentence for a parser error, or the parser's English if there is none."""
    return MESSAGES.get((kind, code), english)
