"""Tests for mainland China mobile phone numbers."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.identifiers.mobile_phone as mobile_phone_module
from matching.identifiers.mobile_phone import MobilePhoneError, parse_mobile_phone


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(mobile_phone_module).failed == 0


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "8613812345678",
        "86 138 1234 5678",
        " 13812345678 ",
        "138\u00a01234\u30005678",  # NBSP and ideographic space from copy-paste
    ],
)
def test_accepted_spellings_normalise_to_eleven_digits(value: str) -> None:
    assert parse_mobile_phone(value) == "13812345678"


@pytest.mark.parametrize("second", "3456789")
def test_every_second_digit_from_three_to_nine_is_accepted(second: str) -> None:
    number = f"1{second}012345678"
    assert parse_mobile_phone(number) == number


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # second digit 2
        "10812345678",
        "23812345678",
        "+8513812345678",  # another country
        "+86+8613812345678",
        "008613812345678",  # 00 international prefix is not accepted
        "(138)12345678",
        "138.1234.5678",
        "１３８１２３４５６７８",  # full-width digits
        "1381234567x",
        "+86",
        "86",
    ],
)
def test_invalid_numbers_are_format_errors(value: str) -> None:
    with pytest.raises(MobilePhoneError) as info:
        parse_mobile_phone(value)
    assert info.value.code == "format"


def test_bare_86_is_only_stripped_when_it_leaves_eleven_digits() -> None:
    # "86" followed by ten digits is neither a prefixed nor a bare number.
    with pytest.raises(MobilePhoneError):
        parse_mobile_phone("861381234567")


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_mobile_phone("nope")


@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    prefix=st.sampled_from(["", "+86", "86", "+86 ", "86-"]),
)
def test_valid_numbers_round_trip_with_any_prefix(number: str, prefix: str) -> None:
    assert parse_mobile_phone(prefix + number) == number


@given(value=st.text(alphabet="0123456789+- ", min_size=5))
def test_error_messages_never_contain_the_input(value: str) -> None:
    try:
        parse_mobile_phone(value)
    except MobilePhoneError as exc:
        assert value not in str(exc)
        assert value.strip() not in str(exc) or len(value.strip()) < 5
