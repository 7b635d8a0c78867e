"""Alembic environment: the URL comes from settings, or a connection handed in by code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from matching.config import get_settings
from matching.db.base import Base
from matching.db.models import *  # noqa: F403  (registers every table on Base.metadata)
from matching.db.session import make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


@contextmanager
def _foreign_keys_checked_at_the_end(connection: Connection) -> Iterator[None]:
    """On SQLite, migrate with foreign keys off and check them all once at the end.

    Rebuilding a table that others point at (how SQLite changes a CHECK constraint) drops
    the old table, which foreign keys refuse while rows point at it; SQLite's documented
    ALTER TABLE procedure turns them off for the rebuild and runs ``foreign_key_check``
    afterwards. The pragma only takes effect outside a transaction, so a connection handed
    in mid-transaction keeps its setting.
    """
    if connection.dialect.name != "sqlite" or connection.in_transaction():
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} rows with broken foreign keys")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(
        url=config.attributes.get("url") or get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a connection passed in ``config.attributes`` or opened from settings."""
    connection = config.attributes.get("connection")
    if connection is not None:
        with _foreign_keys_checked_at_the_end(connection):
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
        return
    settings = get_settings()
    engine = make_engine(config.attributes.get("url") or settings.database_url)
    try:
        with engine.connect() as connection, _foreign_keys_checked_at_the_end(connection):
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
