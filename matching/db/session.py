"""The one place that opens sessions and owns transactions.

Services and query functions may ``flush()``; only :func:`transaction` (used by the
API's session dependency and by the CLI) commits or rolls back.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from matching.db.changes import stamp_changes

logger = logging.getLogger("matching.db")
_write_intent: ContextVar[bool] = ContextVar("matching_write_intent", default=True)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = 5000, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and real transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)
    if parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+pysqlite")
    engine = create_engine(
        parsed, connect_args={"check_same_thread": False}, hide_parameters=True, **kwargs
    )
    _configure_sqlite(engine, busy_timeout_ms=sqlite_busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT;
        # we turn it off and emit BEGIN ourselves (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # Freed space is zeroed, so an erased person's old values do not linger in pages.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that read first
        # cannot upgrade once another writer committed (SQLITE_BUSY_SNAPSHOT, no wait).
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


_WIPE = "wipe_journal_after_commit"


def wipe_after_commit(session: Session) -> None:
    """Ask for the write-ahead log to be emptied once this session's transaction commits.

    An erasure asks: SQLite's WAL keeps the page images of earlier transactions - an erased
    name among them - until a checkpoint overwrites the log. (PostgreSQL's dead row
    versions never reach a dump and are vacuumed away.)
    """
    session.info[_WIPE] = True


def wipe_sqlite_journal(engine: Engine) -> None:
    """Checkpoint SQLite's WAL into the database and truncate it (best effort)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = cursor.fetchone()
        cursor.close()
        if busy and busy[0]:
            logger.warning("WAL not emptied after an erasure: a reader still holds it")
    except sqlite3.Error as error:
        logger.warning("WAL not emptied after an erasure: %s", type(error).__name__)
    finally:
        connection.close()


class Database:
    """An engine and its session factory; one per process (or per test)."""

    def __init__(self, engine: Engine, *, bind: Engine | Connection | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(
            bind=bind if bind is not None else engine,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
        event.listen(self._sessions, "before_flush", stamp_changes)
        event.listen(self._sessions, "after_commit", self._wipe_if_asked)

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Database:
        """Open a database by SQLAlchemy URL."""
        return cls(make_engine(url, **kwargs))

    def _wipe_if_asked(self, session: Session) -> None:
        if session.info.pop(_WIPE, False) and self.engine.dialect.name == "sqlite":
            wipe_sqlite_journal(self.engine)

    def new_session(self) -> Session:
        """Open a session; prefer :func:`transaction`, which also ends it."""
        return self._sessions()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


@contextmanager
def transaction(database: Database, *, write: bool = True) -> Iterator[Session]:
    """Yield a session; commit when the block succeeds, roll back when it raises.

    ``write=False`` promises the block only reads: on SQLite it then starts a deferred
    transaction that does not wait for or block writers.
    """
    session = database.new_session()
    try:
        token = _write_intent.set(write)
        try:
            session.connection()  # begin now, in this thread, with the intent set
        finally:
            _write_intent.reset(token)
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
