"""Person search by pinyin is served by indexes on PostgreSQL, not by reading the table."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Seeker
from matching.db.queries.seekers import matching_text

PREFIXED = ("name_pinyin", "given_name_pinyin", "name_initials")


def test_pinyin_search_is_a_range_on_the_prefix_indexes(session: Session, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite's LIKE folds case, so no index serves it; PostgreSQL is what runs")
    statement = matching_text(select(Seeker.id), "Wang Xiulan")
    compiled = statement.compile(dialect=session.get_bind().dialect)
    connection = session.connection()
    # However few rows the test table has, make the planner show what it can use.
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")

    rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).all()

    plan = "\n".join(row[0] for row in rows)
    for column in PREFIXED:
        assert f"ix_seekers_{column}_prefix" in plan, plan
        assert f"({column})::text ~>=~ 'wangxiulan'" in plan, plan
