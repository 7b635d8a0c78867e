"""Tests for GB 32100-2015 unified social credit codes."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.identifiers.credit_code as credit_code_module
from matching.identifiers.credit_code import (
    CreditCodeError,
    compute_credit_check_char,
    compute_org_code_check_char,
    parse_credit_code,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALID = "91350100M000100Y43"

# Codes of real registrants quoted in public validator bug reports; each
# passes both the final and the embedded organisation-code check.
REAL_CODES = [
    "91350100M000100Y43",
    "12440600MB2C07549J",
    "91230184MA1BUFLT44",
    "92371000MA3MXH0E3W",
]


def make_code(prefix8: str, org_body: str) -> str:
    first17 = prefix8 + org_body + compute_org_code_check_char(org_body)
    return first17 + compute_credit_check_char(first17)


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(credit_code_module).failed == 0


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_accepted(code: str) -> None:
    assert parse_credit_code(code) == code


def test_input_is_stripped_and_upper_cased() -> None:
    assert parse_credit_code(f"  {VALID.lower()}\t") == VALID


@pytest.mark.parametrize(
    ("first17", "expected"),
    [(code[:17], code[17]) for code in REAL_CODES],
)
def test_compute_credit_check_char_reproduces_real_codes(first17: str, expected: str) -> None:
    assert compute_credit_check_char(first17) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [(code[8:16], code[16]) for code in REAL_CODES],
)
def test_compute_org_code_check_char_reproduces_real_codes(body: str, expected: str) -> None:
    assert compute_org_code_check_char(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("00000006", "X"),  # weighted sum 12: 11 - 1 = 10 is written X
        ("00000000", "0"),  # weighted sum 0: 11 - 0 = 11 is written 0
        ("00000001", "9"),  # weighted sum 2: 11 - 2 = 9
    ],
)
def test_org_code_check_maps_ten_to_x_and_eleven_to_zero(body: str, expected: str) -> None:
    assert compute_org_code_check_char(body) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        VALID[:17],
        VALID + "0",
        "91350100M000100I43",  # I is not in the alphabet
        "91350100M000100O43",  # nor O
        "9135010AM000100Y43",  # region positions must be digits
        "91350100M000100Y4-",
        "９１350100M000100Y43",  # full-width digits
    ],
)
def test_malformed_codes_are_format_errors(value: str) -> None:
    with pytest.raises(CreditCodeError) as info:
        parse_credit_code(value)
    assert info.value.code == "format"


def test_wrong_final_check_char_is_a_check_char_error() -> None:
    with pytest.raises(CreditCodeError) as info:
        parse_credit_code(VALID[:17] + "4")
    assert info.value.code == "check_char"


def test_wrong_embedded_org_code_check_is_a_check_char_error() -> None:
    # Change the organisation check char, then fix up the final check char so
    # that only the embedded check fails.
    first17 = VALID[:16] + "5"
    code = first17 + compute_credit_check_char(first17)
    with pytest.raises(CreditCodeError) as info:
        parse_credit_code(code)
    assert info.value.code == "check_char"
    assert parse_credit_code(code, verify_org_code=False) == code


@pytest.mark.parametrize("bad", ["", "91350100M000100Y", "91350100M000100Y4X", "91350100m000100Y4"])
def test_compute_credit_check_char_rejects_bad_shapes(bad: str) -> None:
    with pytest.raises(CreditCodeError) as info:
        compute_credit_check_char(bad)
    assert info.value.code == "format"


@pytest.mark.parametrize("bad", ["", "M000100", "M000100Y4", "m000100y"])
def test_compute_org_code_check_char_rejects_bad_shapes(bad: str) -> None:
    with pytest.raises(CreditCodeError) as info:
        compute_org_code_check_char(bad)
    assert info.value.code == "format"


codes_alphabet = st.sampled_from(ALPHABET)
prefixes = st.tuples(
    codes_alphabet, codes_alphabet, st.from_regex(r"[0-9]{6}", fullmatch=True)
).map("".join)
org_bodies = st.text(alphabet=ALPHABET, min_size=8, max_size=8)


@given(prefix8=prefixes, org_body=org_bodies)
def test_generated_codes_are_accepted(prefix8: str, org_body: str) -> None:
    code = make_code(prefix8, org_body)
    assert parse_credit_code(code) == code


@given(prefix8=prefixes, org_body=org_bodies)
def test_final_check_char_satisfies_the_weighted_sum_rule(prefix8: str, org_body: str) -> None:
    # Independent statement of GB 32100: sum over all 18 characters of
    # value * 3**i (the check char weighted by 3**17 mod 31 = 1) is 0 mod 31.
    code = make_code(prefix8, org_body)
    weights = [pow(3, i, 31) for i in range(17)] + [1]
    assert sum(ALPHABET.index(ch) * w for ch, w in zip(code, weights, strict=True)) % 31 == 0


@given(prefix8=prefixes, org_body=org_bodies, position=st.integers(0, 17), data=st.data())
def test_single_character_substitutions_are_rejected(
    prefix8: str, org_body: str, position: int, data: st.DataObject
) -> None:
    code = make_code(prefix8, org_body)
    replacement = data.draw(st.sampled_from(ALPHABET.replace(code[position], "")))
    mutated = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CreditCodeError):
        parse_credit_code(mutated)


non_word_text = st.text(
    alphabet=st.characters(exclude_categories=("L", "Z", "Cc", "Cs")), min_size=8
)


@given(
    value=st.one_of(
        st.text(alphabet=ALPHABET.lower() + ALPHABET, min_size=18, max_size=18),
        non_word_text,
    )
)
def test_error_messages_never_contain_the_input(value: str) -> None:
    try:
        parse_credit_code(value)
    except CreditCodeError as exc:
        assert value.strip().upper() not in str(exc)
