"""The posting index: updates, removal, compaction and ranking after changes."""

from __future__ import annotations

import pytest

from matching.engine.posting_index import PostingIndex
from matching.engine.ranking import rank_postings
from matching.engine.records import SkillGraph
from tests.engine.engine_factories import TODAY, make_posting, make_seeker

GRAPH = SkillGraph(6)


def test_upsert_replaces_and_ranks_the_new_version() -> None:
    index = PostingIndex.from_records([make_posting(id=1), make_posting(id=2)], n_skills=6)
    seeker = make_seeker(skills=((3, 2),), min_pay_yuan=25.0, min_pay_unit="hour")
    assert [m.id for m in rank_postings(index, seeker, GRAPH, today=TODAY)] == [1, 2]  # a tie
    index.upsert([make_posting(id=2, skills=((3, 1, True),), pay_yuan=30.0)])
    assert index.record(2).pay_yuan == 30.0
    assert [m.id for m in rank_postings(index, seeker, GRAPH, today=TODAY)] == [2, 1]


def test_closing_a_posting_hides_it() -> None:
    index = PostingIndex.from_records([make_posting(id=1), make_posting(id=2)], n_skills=6)
    index.upsert([make_posting(id=1, open=False)])
    assert [m.id for m in rank_postings(index, make_seeker(), GRAPH, today=TODAY)] == [2]


def test_remove_and_compaction_keep_the_rest_rankable() -> None:
    records = [make_posting(id=i, pay_yuan=10.0 + i) for i in range(1, 201)]
    index = PostingIndex.from_records(records, n_skills=6)
    assert index.remove(range(1, 151)) == 150
    assert len(index) == 50 and index.n_rows == 50  # compacted
    assert 10 not in index and 160 in index
    with pytest.raises(KeyError):
        index.record(10)
    seeker = make_seeker(min_pay_yuan=250.0, min_pay_unit="hour")  # every posting pays less
    ranked = rank_postings(index, seeker, GRAPH, today=TODAY, limit=3)
    assert [m.id for m in ranked] == [200, 199, 198]


def test_skill_index_beyond_the_taxonomy_is_refused() -> None:
    with pytest.raises(ValueError, match="n_skills"):
        PostingIndex.from_records([make_posting(skills=((9, 1, True),))], n_skills=6)
