"""The service role of README's PostgreSQL section can append history but not rewrite it.

It is no superuser and owns no table, so neither its grants nor its powers let it
change, remove or truncate history rows, nor switch the append-only triggers off.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, insert, text
from sqlalchemy.exc import ProgrammingError

from matching.db.models import AuditEvent
from matching.enums import AuditAction
from tests.support.service_roles import ServiceRoles, service_roles_database


@pytest.fixture(scope="module")
def roles() -> Iterator[ServiceRoles]:
    """A database migrated by its owner role, with README's grants to the service role."""
    with service_roles_database() as roles:
        yield roles


@pytest.fixture
def service(roles: ServiceRoles) -> Iterator[Connection]:
    """A connection as the service role, rolled back after the test."""
    engine: Engine = create_engine(roles.service_url)
    try:
        with engine.connect() as connection:
            yield connection
            connection.rollback()
    finally:
        engine.dispose()


def _audit_row(connection: Connection) -> int:
    row_id: int = connection.execute(
        insert(AuditEvent)
        .values(action=AuditAction.export, object_type="report", object_ref="report:placements")
        .returning(AuditEvent.id)
    ).scalar_one()
    return row_id


def test_service_role_is_not_a_superuser(service: Connection) -> None:
    assert service.scalar(text("SELECT current_user")).startswith("matching_app_")
    assert (
        service.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) is False
    )


def test_service_role_appends_an_audit_row(service: Connection) -> None:
    row_id = _audit_row(service)

    assert (
        service.scalar(text("SELECT object_ref FROM audit_events WHERE id = :id"), {"id": row_id})
        == "report:placements"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET reason = 'changed' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
        "TRUNCATE audit_events",
        "UPDATE proposal_events SET to_status = 'withdrawn'",
        "DELETE FROM proposal_events",
        "TRUNCATE proposal_events",
    ],
)
def test_service_role_may_not_rewrite_history(service: Connection, statement: str) -> None:
    row_id = _audit_row(service)
    savepoint = service.begin_nested()

    with pytest.raises(ProgrammingError, match="permission denied for table"):
        service.execute(text(statement), {"id": row_id})
    savepoint.rollback()

    assert (
        service.scalar(text("SELECT reason FROM audit_events WHERE id = :id"), {"id": row_id}) == ""
    )


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("ALTER TABLE audit_events DISABLE TRIGGER ALL", "must be owner of table audit_events"),
        (
            "ALTER TABLE proposal_events DISABLE TRIGGER proposal_events_append_only",
            "must be owner of table proposal_events",
        ),
        (
            "DROP TRIGGER audit_events_append_only ON audit_events",
            "must be owner of relation audit_events",
        ),
        ("SET session_replication_role = replica", "permission denied to set parameter"),
    ],
)
def test_service_role_cannot_switch_the_triggers_off(
    service: Connection, statement: str, refusal: str
) -> None:
    with pytest.raises(ProgrammingError, match=refusal):
        service.execute(text(statement))
