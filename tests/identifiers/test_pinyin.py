"""Tests for pinyin keys of personal names."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.identifiers.pinyin as pinyin_module
from matching.identifiers.pinyin import (
    given_name_pinyin,
    name_initials,
    name_pinyin,
    phrase_initials,
    phrase_pinyin,
    pinyin_query,
)


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(pinyin_module).failed == 0


@pytest.mark.parametrize(
    ("name", "expected_pinyin", "expected_initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("张三丰", "zhangsanfeng", "zsf"),
        ("李小龙", "lixiaolong", "lxl"),
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("吕布", "lvbu", "lb"),
    ],
)
def test_common_names(name: str, expected_pinyin: str, expected_initials: str) -> None:
    assert name_pinyin(name) == expected_pinyin
    assert name_initials(name) == expected_initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("单田芳", "shantianfang"),
        ("曾国藩", "zengguofan"),
        ("解缙", "xiejin"),
        ("仇英", "qiuying"),
        ("查良镛", "zhaliangyong"),
        ("区志明", "ouzhiming"),
        ("朴树", "piaoshu"),
        ("翟志刚", "zhaizhigang"),
        ("缪斯", "miaosi"),
        ("卜算子", "busuanzi"),
        ("尉迟恭", "yuchigong"),
        ("万俟卨", "moqixie"),
    ],
)
def test_heteronym_surnames_use_their_surname_reading(name: str, expected: str) -> None:
    assert name_pinyin(name) == expected


def test_surname_reading_applies_only_to_the_first_character() -> None:
    # 单 inside a given name keeps the ordinary reading.
    assert name_pinyin("王单") == "wangdan"


def test_surname_initial_follows_the_surname_reading() -> None:
    assert name_initials("曾国藩") == "zgf"


@pytest.mark.parametrize(
    ("name", "expected_pinyin", "expected_initials"),
    [
        ("王 Lily", "wanglily", "wl"),
        ("李A", "lia", "la"),
        ("  张 三  ", "zhangsan", "zs"),
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
        ("ＡＢＣ", "abc", "a"),
        ("John Smith", "johnsmith", "js"),
        ("", "", ""),
        ("   ", "", ""),
    ],
)
def test_non_chinese_characters_are_lowercased_and_separators_removed(
    name: str, expected_pinyin: str, expected_initials: str
) -> None:
    assert name_pinyin(name) == expected_pinyin
    assert name_initials(name) == expected_initials


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(name=st.text(alphabet=han, min_size=1, max_size=5))
def test_output_is_lowercase_pinyin_without_spaces(name: str) -> None:
    key = name_pinyin(name)
    assert key == key.lower()
    assert " " not in key
    # Rare characters without a pypinyin reading are kept as they are.
    assert {ch for ch in key if not ch.isascii()} <= set(name)


def test_characters_without_a_reading_are_kept() -> None:
    assert name_pinyin("张瓧") == "zhang瓧"


@given(name=st.text(alphabet=han, min_size=1, max_size=5))
def test_one_initial_per_chinese_character(name: str) -> None:
    initials = name_initials(name)
    assert len(initials) == len(name)
    assert name_pinyin(name).startswith(initials[0])


@given(name=st.text(max_size=20))
def test_never_raises_and_never_contains_whitespace(name: str) -> None:
    assert not any(ch.isspace() for ch in name_pinyin(name))
    assert not any(ch.isspace() for ch in name_initials(name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王秀兰", "xiulan"),
        ("王秀蘭", "xiulan"),
        ("欧阳娜娜", "nana"),  # a compound surname is the surname
        ("司马光", "guang"),
        ("曾小贤", "xiaoxian"),  # the surname's reading does not leak into the given name
        ("单田芳", "tianfang"),
        ("王 Lily", "lily"),
        ("John Smith", ""),  # no Chinese surname to split off
        ("", ""),
    ],
)
def test_given_name_pinyin_is_what_follows_the_surname(name: str, expected: str) -> None:
    assert given_name_pinyin(name) == expected


def test_compound_surnames_keep_their_surname_reading() -> None:
    assert name_pinyin("长孙无忌") == "zhangsunwuji" and name_initials("长孙无忌") == "zswj"


@pytest.mark.parametrize(
    ("text", "expected_pinyin", "expected_initials"),
    [("洗碗", "xiwan", "xw"), ("种地", "zhongdi", "zd"), ("重体力", "zhongtili", "ztl")],
)
def test_phrases_are_read_without_surname_readings(
    text: str, expected_pinyin: str, expected_initials: str
) -> None:
    assert phrase_pinyin(text) == expected_pinyin
    assert phrase_initials(text) == expected_initials


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("wang xiu lan", "wangxiulan"),
        ("Wang Xiulan", "wangxiulan"),
        ("ＷＸＬ", "wxl"),
        ("xi'an", "xian"),
        ("Lü Bu", "lvbu"),
        ("nu:er", "nver"),
        ("王秀兰", None),
        ("wang2", None),
        ("", None),
    ],
)
def test_pinyin_query_folds_what_clerks_type(typed: str, expected: str | None) -> None:
    assert pinyin_query(typed) == expected


@pytest.mark.parametrize(
    ("name", "expected_pinyin", "expected_given"),
    [("歐陽娜娜", "ouyangnana", "nana"), ("單田芳", "shantianfang", "tianfang")],
)
def test_surnames_in_traditional_characters_read_as_surnames(
    name: str, expected_pinyin: str, expected_given: str
) -> None:
    assert name_pinyin(name) == expected_pinyin
    assert given_name_pinyin(name) == expected_given


def test_given_name_is_read_as_written_not_as_converted() -> None:
    # t2s turns 乾 into 干 (gan); in a name it is qian.
    assert given_name_pinyin("王乾") == "qian"
