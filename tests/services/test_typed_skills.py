"""Typed skills are read as clerks mean them, measured on the labelled set.

``tests/data/typed_skills.csv`` (built by ``data/tools/typed_skills.py``) labels what
clerks type - colloquial names, job titles, traditional characters, dropped, doubled
and swapped characters, homophone slips, pinyin and initials - with the skill meant,
or several skills when the text cannot tell them apart. ``read_skill`` reads each row
as the API does, from the reference taxonomy, without a database.
"""

from __future__ import annotations

import pytest

from matching.services.skill_search import sound_of
from tests.support.typed_skills import (
    Labelled,
    Score,
    labelled_rows,
    score,
    taxonomy_lookup,
)

KINDS = {
    "colloquial",
    "title",
    "traditional",
    "dropped",
    "doubled",
    "swapped",
    "homophone",
    "pinyin",
    "pinyin_spaced",
    "pinyin_typo",
    "initials",
    "english_typo",
}


@pytest.fixture(scope="module")
def rows() -> list[Labelled]:
    return list(labelled_rows())


@pytest.fixture(scope="module")
def measured(rows: list[Labelled]) -> Score:
    return score(taxonomy_lookup(), rows)


def _report(measured: Score, *outcomes: str) -> str:
    shown = [
        f"{got}: {row.typed} -> {reading.outcome} {[h.skill_code for h in reading.hits[:4]]}"
        f" (meant {'|'.join(row.intended)})"
        for row, got, reading in measured.failures
        if got in outcomes
    ]
    return measured.table() + "\n" + "\n".join(shown[:40])


def test_the_labelled_set_is_large_covers_every_kind_and_names_real_skills(
    rows: list[Labelled],
) -> None:
    lookup = taxonomy_lookup()
    codes = {alias.skill_code for alias in lookup.aliases_}

    assert len(rows) >= 1000
    assert {row.kind for row in rows} >= KINDS
    assert sum(row.source == "curated" for row in rows) >= 150
    assert [row.typed for row in rows if not set(row.intended) <= codes] == []
    assert len({row.typed for row in rows}) == len(rows)


def test_no_tie_is_picked_silently(measured: Score) -> None:
    assert measured.total["tie_picked"] == 0, _report(measured, "tie_picked")


def test_no_other_skill_is_picked_silently(measured: Score) -> None:
    assert measured.total["wrong"] == 0, _report(measured, "wrong")


def test_reads_at_least_95_percent_as_meant(measured: Score) -> None:
    assert measured.share("correct") >= 0.95, _report(measured, "missed", "asked")


def test_reads_at_least_95_percent_of_the_curated_rows_as_meant(rows: list[Labelled]) -> None:
    curated = score(taxonomy_lookup(), (row for row in rows if row.source == "curated"))

    assert curated.share("correct") >= 0.95, _report(curated, "missed", "asked", "wrong")


@pytest.mark.parametrize(
    ("text", "sound"),
    [
        ("中国节", "zhongguojie"),
        ("识字", "shi2zi4"),
        ("柳编", "liu3bian1"),
        ("sewing", None),
        ("缝", None),
    ],
)
def test_the_sound_of_chinese_text_has_tones_only_for_two_characters(
    text: str, sound: str | None
) -> None:
    assert sound_of(text) == sound
