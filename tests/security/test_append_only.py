"""The database itself keeps proposal_events and audit_events append-only (migration 0008).

PostgreSQL refuses every UPDATE, DELETE and TRUNCATE of a history table before it runs,
even one that matches no row. SQLite has neither statement-level triggers nor TRUNCATE;
its row triggers refuse every UPDATE and DELETE that touches a row.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, insert, text
from sqlalchemy.exc import DBAPIError

from matching.db.models import AuditEvent, ProposalEvent
from matching.enums import AuditAction, ProposalStatus
from matching.schemas.proposals import ProposalCreate
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.proposals import propose
from tests.support.factories import make_posting, make_seeker

TABLES = ("audit_events", "proposal_events")
# A column each table has, to update.
TEXT_COLUMN = {"audit_events": "reason", "proposal_events": "to_status"}
NEW_VALUE = {"audit_events": "changed", "proposal_events": "withdrawn"}


@pytest.fixture
def history(ctx: ServiceContext) -> dict[str, int]:
    """One row in each history table, written by the services; table -> that row's id."""
    proposal = propose(
        ctx,
        ProposalCreate(seeker_id=make_seeker(ctx).id, posting_id=make_posting(ctx).id, note="初荐"),
    )
    record_audit(ctx, AuditAction.override, object_type="proposal", object_ref="proposal:1")
    connection = ctx.session.connection()
    return {
        "proposal_events": _scalar(
            connection, "SELECT id FROM proposal_events WHERE proposal_id = :id", id=proposal.id
        ),
        "audit_events": _scalar(connection, "SELECT max(id) FROM audit_events"),
        "proposal": proposal.id,
    }


# TRUNCATE and statement-level triggers exist on PostgreSQL only.
postgresql_only = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def _scalar(connection: Connection, sql: str, **params: Any) -> Any:
    return connection.execute(text(sql), params).scalar_one()


def _assert_refused(connection: Connection, sql: str, **params: Any) -> None:
    savepoint = connection.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(sql), params)
    savepoint.rollback()


@pytest.mark.parametrize("table", TABLES)
def test_update_of_a_history_row_is_refused(
    connection: Connection, history: dict[str, int], table: str
) -> None:
    column, row_id = TEXT_COLUMN[table], history[table]
    select = f"SELECT {column} FROM {table} WHERE id = :id"
    before = _scalar(connection, select, id=row_id)

    new = NEW_VALUE[table]
    _assert_refused(connection, f"UPDATE {table} SET {column} = '{new}' WHERE id = :id", id=row_id)

    assert _scalar(connection, select, id=row_id) == before


@pytest.mark.parametrize("table", TABLES)
def test_delete_of_a_history_row_is_refused(
    connection: Connection, history: dict[str, int], table: str
) -> None:
    _assert_refused(connection, f"DELETE FROM {table} WHERE id = :id", id=history[table])

    assert _scalar(connection, f"SELECT count(*) FROM {table} WHERE id = :id", id=history[table])


@pytest.mark.parametrize("table", TABLES)
def test_delete_of_every_row_is_refused(
    connection: Connection, history: dict[str, int], table: str
) -> None:
    count = _scalar(connection, f"SELECT count(*) FROM {table}")

    _assert_refused(connection, f"DELETE FROM {table}")

    assert _scalar(connection, f"SELECT count(*) FROM {table}") == count


@postgresql_only
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
def test_statement_matching_no_row_is_refused(
    connection: Connection, history: dict[str, int], table: str, verb: str
) -> None:
    sql = {
        "UPDATE": f"UPDATE {table} SET {TEXT_COLUMN[table]} = '{NEW_VALUE[table]}' WHERE id = -1",
        "DELETE": f"DELETE FROM {table} WHERE id = -1",
    }[verb]

    _assert_refused(connection, sql)


@postgresql_only
@pytest.mark.parametrize("table", TABLES)
def test_truncate_is_refused(connection: Connection, history: dict[str, int], table: str) -> None:
    _assert_refused(connection, f"TRUNCATE {table}")

    assert _scalar(connection, f"SELECT count(*) FROM {table} WHERE id = :id", id=history[table])


def test_insert_into_both_history_tables_still_works(
    connection: Connection, history: dict[str, int]
) -> None:
    counts = {table: _scalar(connection, f"SELECT count(*) FROM {table}") for table in TABLES}

    connection.execute(
        insert(AuditEvent).values(
            action=AuditAction.export, object_type="report", object_ref="report:placements"
        )
    )
    connection.execute(
        insert(ProposalEvent).values(
            proposal_id=history["proposal"], to_status=ProposalStatus.accepted
        )
    )

    assert {table: _scalar(connection, f"SELECT count(*) FROM {table}") for table in TABLES} == {
        table: count + 1 for table, count in counts.items()
    }
