"""Finding skills by what people type: exact, prefix, typo, never a wild guess."""

from __future__ import annotations

import pytest

from matching.engine.skill_lookup import SkillAlias, SkillLookup, normalize_text

LOOKUP = SkillLookup(
    [
        SkillAlias("sewing", "sewing", "code"),
        SkillAlias("sewing", "缝纫", "name_zh"),
        SkillAlias("sewing", "fengren", "pinyin"),
        SkillAlias("sewing", "fr", "initials"),
        SkillAlias("sewing", "车工", "synonym_zh"),
        SkillAlias("forklift", "forklift", "code"),
        SkillAlias("forklift", "叉车", "name_zh"),
        SkillAlias("office", "w", "initials"),
        SkillAlias("overlock", "锁边", "name_zh"),
    ]
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("缝纫", "sewing"),
        ("车工", "sewing"),
        ("fengren", "sewing"),
        ("fengre", "sewing"),
        ("ＳＥＷＩＮＧ ", "sewing"),
        ("sewign", "sewing"),
        ("forklfit", "forklift"),
        ("fr", "sewing"),
    ],
)
def test_resolves_names_synonyms_pinyin_and_typos(typed: str, expected: str) -> None:
    hit = LOOKUP.resolve(typed)

    assert hit is not None and hit.skill_code == expected


@pytest.mark.parametrize("typed", ["no_such_skill", "sew", "x", "缝纫机绣花", ""])
def test_does_not_guess(typed: str) -> None:
    assert LOOKUP.resolve(typed) is None


def test_initials_never_match_fuzzily() -> None:
    hits = LOOKUP.search("sewign", limit=5, score_cutoff=10)

    assert "office" not in [hit.skill_code for hit in hits]


def test_normalize_folds_width_case_and_spaces() -> None:
    assert normalize_text(" Ｓｅｗ ing ") == "sewing"


READER = SkillLookup(
    [
        SkillAlias("bath_attendant", "搓澡", "name_zh"),
        SkillAlias("bath_attendant", "cuozao", "pinyin"),
        SkillAlias("bath_attendant", "cz", "initials"),
        SkillAlias("harvesting", "采摘", "synonym_zh"),
        SkillAlias("harvesting", "caizhai", "synonym_pinyin"),
        SkillAlias("harvesting", "cz", "initials"),
        SkillAlias("beading", "串珠", "synonym_zh"),
        SkillAlias("beading", "穿珠子", "synonym_zh"),
        SkillAlias("beading", "cz", "initials"),
        SkillAlias("paper_cutting", "剪纸", "name_zh"),
        SkillAlias("paper_cutting", "jianzhi", "pinyin"),
        SkillAlias("fruit_tree_pruning", "剪枝", "synonym_zh"),
        SkillAlias("fruit_tree_pruning", "jianzhi", "synonym_pinyin"),
        SkillAlias("graphic_design", "PS", "synonym_zh"),
        SkillAlias("spray_painting", "ps", "initials"),
        SkillAlias("cz", "cz", "code"),
        SkillAlias("property_cleaning", "保洁员", "synonym_zh"),
        SkillAlias("housekeeping_cleaning", "家政保洁", "name_zh"),
        SkillAlias("packing", "packing", "code"),
        SkillAlias("parking", "parking", "code"),
    ]
)


def test_initials_shared_by_several_skills_are_ambiguous() -> None:
    reading = SkillLookup(a for a in READER.aliases_ if a.skill_code != "cz").read("CZ")

    assert reading.outcome == "ambiguous" and reading.skill_code is None
    assert [hit.skill_code for hit in reading.hits] == ["bath_attendant", "beading", "harvesting"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cz", "cz"),  # a code beats initials
        ("ps", "graphic_design"),  # a synonym as written beats initials
        ("搓澡", "bath_attendant"),
        ("caizhai", "harvesting"),
    ],
)
def test_the_strongest_exact_kind_wins(typed: str, expected: str) -> None:
    reading = READER.read(typed)

    assert reading.outcome == "skill" and reading.skill_code == expected


def test_homophones_are_ambiguous() -> None:
    reading = READER.read("jianzhi")

    assert reading.outcome == "ambiguous"
    assert {hit.skill_code for hit in reading.hits} == {"paper_cutting", "fruit_tree_pruning"}


def test_near_matches_within_the_margin_are_ambiguous() -> None:
    reading = READER.read("paking")  # one edit from packing and from parking

    assert reading.outcome == "ambiguous"
    assert {hit.skill_code for hit in reading.hits} == {"packing", "parking"}


def test_two_chinese_characters_starting_one_alias_are_sure() -> None:
    reading = READER.read("穿珠")

    assert reading.outcome == "skill" and reading.skill_code == "beading"


def test_chinese_text_inside_another_skills_alias_is_ambiguous() -> None:
    reading = READER.read("保洁")  # starts 保洁员, and is the end of 家政保洁

    assert reading.outcome == "ambiguous"
    assert [hit.skill_code for hit in reading.hits] == [
        "property_cleaning",
        "housekeeping_cleaning",
    ]


def test_unknown_text_carries_suggestions() -> None:
    reading = READER.read("jian")  # starts two skills' pinyin, too short to be sure of either

    assert reading.outcome == "unknown" and reading.skill_code is None
    assert {hit.skill_code for hit in reading.hits} == {"paper_cutting", "fruit_tree_pruning"}


HEARD = SkillLookup(
    [
        SkillAlias("chinese_knot", "中国结编织", "name_zh"),
        SkillAlias("chinese_knot", "中国结", "synonym_zh"),
        SkillAlias("chinese_knot", "zhongguojie", "sound"),
        SkillAlias("phone_repair", "修手机", "synonym_zh"),
        SkillAlias("phone_repair", "xiushouji", "sound"),
        SkillAlias("farm_machinery_repair", "修收割机", "synonym_zh"),
    ]
)


def test_a_homophone_slip_is_read_by_its_sound() -> None:
    reading = HEARD.read("中国节", sound="zhongguojie")

    assert reading.outcome == "skill" and reading.skill_code == "chinese_knot"
    assert reading.hits[0].how == "sound"


def test_sound_aliases_never_match_typed_text() -> None:
    assert HEARD.read("zhongguojie").outcome == "unknown"


def test_a_sound_and_another_skills_near_match_are_ambiguous() -> None:
    # 修收机: 修收割机 missing a character, and the sound of 修手机.
    reading = HEARD.read("修收机", sound="xiushouji")

    assert reading.outcome == "ambiguous"
    assert {hit.skill_code for hit in reading.hits} == {"phone_repair", "farm_machinery_repair"}


def test_three_chinese_characters_forgive_a_missing_one_but_not_another_in_its_place() -> None:
    assert HEARD.read("修收机").skill_code == "farm_machinery_repair"
    assert HEARD.read("修手表").outcome == "unknown"
