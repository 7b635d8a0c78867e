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
