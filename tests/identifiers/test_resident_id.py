"""Tests for GB 11643-1999 resident identity numbers."""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.identifiers.resident_id as resident_id_module
from matching.identifiers.resident_id import (
    ResidentIdError,
    compute_check_char,
    parse_resident_id,
)

TODAY = date(2024, 6, 15)
# The worked example published with GB 11643-1999.
STANDARD_EXAMPLE = "11010519491231002X"


def make_number(region: str, birth: date, sequence: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + compute_check_char(first17)


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(resident_id_module).failed == 0


def test_standard_example_decodes_region_birth_date_and_sex() -> None:
    rid = parse_resident_id(STANDARD_EXAMPLE, today=TODAY)
    assert rid.number == STANDARD_EXAMPLE
    assert rid.region_code == "110105"
    assert rid.birth_date == date(1949, 12, 31)
    assert rid.sex == "female"


def test_lowercase_x_is_normalised_to_upper() -> None:
    assert parse_resident_id(STANDARD_EXAMPLE.lower(), today=TODAY).number == STANDARD_EXAMPLE


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_resident_id(f"  {STANDARD_EXAMPLE}\n", today=TODAY).number == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("sequence", "sex"),
    [("001", "male"), ("002", "female"), ("019", "male"), ("990", "female")],
)
def test_sex_follows_parity_of_seventeenth_digit(sequence: str, sex: str) -> None:
    number = make_number("370983", date(1990, 1, 1), sequence)
    assert parse_resident_id(number, today=TODAY).sex == sex


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        # Both examples printed in GB 11643-1999.
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
    ],
)
def test_compute_check_char_matches_known_values(first17: str, expected: str) -> None:
    assert compute_check_char(first17) == expected


@pytest.mark.parametrize("bad", ["", "1101051949123100", "1101051949123100２", "abcdefghijklmnopq"])
def test_compute_check_char_rejects_anything_but_seventeen_ascii_digits(bad: str) -> None:
    with pytest.raises(ResidentIdError) as info:
        compute_check_char(bad)
    assert info.value.code == "format"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        "X1010519491231002X",  # X outside the last position
        "11010519491231002Y",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
        "110105 19491231002X",
        "11010519491231002X\n1",
    ],
)
def test_malformed_numbers_are_format_errors(value: str) -> None:
    with pytest.raises(ResidentIdError) as info:
        parse_resident_id(value, today=TODAY)
    assert info.value.code == "format"


@pytest.mark.parametrize(
    "birth",
    ["19900230", "19901301", "19900000", "18991231", "00000000", "20240616"],
    ids=["feb-30", "month-13", "zero-month-day", "before-1900", "year-zero", "after-today"],
)
def test_impossible_birth_dates_are_birth_date_errors(birth: str) -> None:
    first17 = f"370983{birth}123"
    number = first17 + compute_check_char(first17)
    with pytest.raises(ResidentIdError) as info:
        parse_resident_id(number, today=TODAY)
    assert info.value.code == "birth_date"


def test_birth_on_the_reference_day_is_accepted() -> None:
    number = make_number("370983", TODAY, "123")
    assert parse_resident_id(number, today=TODAY).birth_date == TODAY


def test_first_day_of_1900_is_accepted() -> None:
    number = make_number("370983", date(1900, 1, 1), "123")
    assert parse_resident_id(number, today=TODAY).birth_date == date(1900, 1, 1)


def test_today_defaults_to_the_real_date() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ResidentIdError) as info:
        parse_resident_id(make_number("370983", tomorrow, "123"))
    assert info.value.code == "birth_date"


def test_wrong_check_character_is_a_check_digit_error() -> None:
    with pytest.raises(ResidentIdError) as info:
        parse_resident_id("110105194912310021", today=TODAY)
    assert info.value.code == "check_digit"


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_resident_id("nope", today=TODAY)


def test_repr_shows_only_the_masked_number() -> None:
    text = repr(parse_resident_id(STANDARD_EXAMPLE, today=TODAY))
    assert STANDARD_EXAMPLE not in text
    assert "19491231" not in text
    assert "female" not in text


births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
regions = st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)
sequences = st.from_regex(r"[0-9]{3}", fullmatch=True)


@given(region=regions, birth=births, sequence=sequences)
def test_generated_numbers_round_trip(region: str, birth: date, sequence: str) -> None:
    number = make_number(region, birth, sequence)
    rid = parse_resident_id(number, today=TODAY)
    assert (rid.number, rid.region_code, rid.birth_date) == (number, region, birth)


@given(
    region=regions,
    birth=births,
    sequence=sequences,
    wrong=st.sampled_from("0123456789X"),
)
def test_any_other_check_character_is_rejected(
    region: str, birth: date, sequence: str, wrong: str
) -> None:
    number = make_number(region, birth, sequence)
    if wrong == number[-1]:
        return
    with pytest.raises(ResidentIdError) as info:
        parse_resident_id(number[:-1] + wrong, today=TODAY)
    assert info.value.code == "check_digit"


@given(
    region=regions,
    birth=births,
    sequence=sequences,
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_single_digit_typos_are_never_accepted_silently(
    region: str, birth: date, sequence: str, position: int, delta: int
) -> None:
    number = make_number(region, birth, sequence)
    typo = str((int(number[position]) + delta) % 10)
    mutated = number[:position] + typo + number[position + 1 :]
    with pytest.raises(ResidentIdError):
        parse_resident_id(mutated, today=TODAY)


@given(first17=st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_check_char_satisfies_iso_7064_mod_11_2(first17: str) -> None:
    # Independent statement of the standard: sum of value * 2**(17 - i) over
    # all 18 positions, with X worth 10, is congruent to 1 modulo 11.
    number = first17 + compute_check_char(first17)
    values = [10 if ch == "X" else int(ch) for ch in number]
    assert sum(v * 2 ** (17 - i) for i, v in enumerate(values)) % 11 == 1


# Letters and spaces are excluded so that the input cannot coincide with
# ordinary words of a message; what matters is digits never being echoed.
non_word_text = st.text(
    alphabet=st.characters(exclude_categories=("L", "Z", "Cc", "Cs")), min_size=8
)


@given(
    value=st.one_of(
        st.text(alphabet="0123456789Xx", min_size=18, max_size=18),
        st.from_regex(r"[0-9]{6}(19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9X]", fullmatch=True),
        non_word_text,
    )
)
def test_error_messages_never_contain_the_input(value: str) -> None:
    try:
        parse_resident_id(value, today=TODAY)
    except ResidentIdError as exc:
        message = str(exc)
        entered = value.strip()
        assert entered.upper() not in message
        if len(entered) == 18:
            assert entered[6:14] not in message  # the birth date alone
