"""Test databases: a SQLite file and a throw-away PostgreSQL database per test session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from matching.db.migrations import alembic_config

POSTGRES_ADMIN_URL = os.environ.get(
    "MATCHING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def in_ci() -> bool:
    """CI=true makes an unreachable PostgreSQL a failure instead of a skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_available() -> bool:
    """Whether the PostgreSQL server for tests answers."""
    engine = create_engine(POSTGRES_ADMIN_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def require_postgres() -> None:
    """Skip (locally) or fail (CI) when PostgreSQL is unreachable."""
    if postgres_available():
        return
    message = f"PostgreSQL unreachable at {make_url(POSTGRES_ADMIN_URL).render_as_string()}"
    if in_ci():
        pytest.fail(message + " (CI=true: a missing database is a failure)", pytrace=False)
    pytest.skip(message)


@contextmanager
def fresh_database_url(backend: str, directory: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database of ``backend``; drop it afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'matching-{uuid.uuid4().hex[:8]}.db'}"
        return
    require_postgres()
    name = f"matching_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run migrations up to ``revision`` on ``connection`` and commit."""
    command.upgrade(alembic_config(connection=connection), revision)
    connection.commit()


def downgrade(connection: Connection, revision: str = "base") -> None:
    """Run migrations down to ``revision`` on ``connection`` and commit."""
    command.downgrade(alembic_config(connection=connection), revision)
    connection.commit()
