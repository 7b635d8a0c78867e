"""Tests for masking of personal data."""

from __future__ import annotations

import doctest
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.identifiers.masking as masking_module
from matching.identifiers.masking import (
    mask_address,
    mask_credit_code,
    mask_name,
    mask_phone,
    mask_resident_id,
)


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(masking_module).failed == 0


@pytest.mark.parametrize(
    ("mask", "value", "expected"),
    [
        (mask_resident_id, "370983199001011234", "370983********1234"),
        (mask_resident_id, "11010519491231002X", "110105********002X"),
        (mask_phone, "13812345678", "138****5678"),
        (mask_credit_code, "91350100M000100Y43", "91350100********43"),
        (mask_name, "张三丰", "张**"),
        (mask_name, "张三", "张*"),
        (mask_name, "欧阳娜娜", "欧***"),
        (mask_name, " 李四 ", "李*"),
        (mask_address, "福建省福州市鼓楼区五四路100号", "福建省福州市****"),
    ],
)
def test_well_formed_values_keep_exactly_the_stated_characters(
    mask: Callable[[str], str], value: str, expected: str
) -> None:
    assert mask(value) == expected


@pytest.mark.parametrize(
    ("mask", "value"),
    [
        (mask_resident_id, "3709831990"),
        (mask_resident_id, "370983900101123"),  # old 15-digit number
        (mask_resident_id, "370983199001011234 "),
        (mask_phone, "1381234567"),
        (mask_phone, "+8613812345678"),
        (mask_credit_code, "91350100M000100Y4"),
        (mask_credit_code, "91350100M000100Y430"),
    ],
)
def test_values_of_unexpected_length_are_fully_starred(
    mask: Callable[[str], str], value: str
) -> None:
    assert mask(value) == "*" * len(value)


@pytest.mark.parametrize("mask", [mask_resident_id, mask_phone, mask_credit_code, mask_name])
def test_empty_input_gives_empty_output(mask: Callable[[str], str]) -> None:
    assert mask("") == ""


def test_single_character_name_is_fully_starred() -> None:
    assert mask_name("张") == "*"


@pytest.mark.parametrize("address", ["", "鼓楼区", "福建省福州市"])
def test_addresses_up_to_six_characters_are_kept_as_is(address: str) -> None:
    assert mask_address(address) == address


def test_long_address_tail_is_fixed_so_length_is_hidden() -> None:
    assert mask_address("福建省福州市鼓楼区") == mask_address("福建省福州市鼓楼区五四路100号")


FIXED_SHAPE_MASKS = [
    (mask_resident_id, 18, 6, 4),
    (mask_phone, 11, 3, 4),
    (mask_credit_code, 18, 8, 2),
]


@pytest.mark.parametrize(("mask", "length", "head", "tail"), FIXED_SHAPE_MASKS)
@given(value=st.text(max_size=40))
def test_fixed_shape_masks_never_reveal_more_than_head_and_tail(
    mask: Callable[[str], str], length: int, head: int, tail: int, value: str
) -> None:
    masked = mask(value)
    assert len(masked) == len(value)
    revealed = [i for i, ch in enumerate(masked) if ch != "*"]
    if len(value) == length:
        allowed = set(range(head)) | set(range(length - tail, length))
        assert set(revealed) <= allowed
        assert all(masked[i] == value[i] for i in revealed)
        assert masked[head : length - tail] == "*" * (length - head - tail)
    else:
        assert revealed == []


@given(value=st.text(max_size=30))
def test_name_mask_reveals_at_most_the_first_character(value: str) -> None:
    masked = mask_name(value)
    assert masked[1:] == "*" * (len(masked) - 1)
    if len(value.strip()) <= 1:
        assert set(masked) <= {"*"}


@given(value=st.text(max_size=60))
def test_address_mask_reveals_at_most_six_characters(value: str) -> None:
    address = value.strip()
    expected = address[:6] + "****" if len(address) > 6 else address
    assert mask_address(value) == expected
