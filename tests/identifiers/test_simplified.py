"""Traditional characters read as simplified ones."""

from __future__ import annotations

import pytest

from matching.identifiers.simplified import name_search_key, to_simplified


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("王秀蘭", "王秀兰"),
        ("縫紉", "缝纫"),
        ("歐陽娜娜", "欧阳娜娜"),
        ("王秀兰", "王秀兰"),
        ("Lily", "Lily"),
    ],
)
def test_traditional_characters_become_simplified(typed: str, expected: str) -> None:
    assert to_simplified(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("王秀蘭", "王秀兰"), ("王 秀兰", "王秀兰"), ("王 Lily", "王lily"), ("ＬＩＬＹ", "lily")],
)
def test_name_search_key_folds_script_width_case_and_spaces(typed: str, expected: str) -> None:
    assert name_search_key(typed) == expected
