"""Refuse unsafe production settings (``matching check-deploy``).

Every check returns :class:`DeployProblem` values; none raises. The checks:

Secrets
    ``pii_key.development``       an encryption key is a public development key
    ``pii_key.malformed``         an encryption key is not urlsafe base64 of 32 bytes
    ``pii_key.active_missing``    ``pii_active_key_id`` names no configured key
    ``pii_index_key.development`` the blind-index key is a public development key
    ``pii_index_key.malformed``   the blind-index key is not urlsafe base64 of 32 bytes
    ``pii_index_key.reused``      the blind-index key equals an encryption key
HTTP
    ``debug.enabled``             FastAPI debug mode is on (tracebacks reach clients)
    ``docs.public``               /docs, /redoc and /openapi.json are served without a token
    ``cors.wildcard``             ``*`` among the CORS origins
    ``cors.empty_origin``         an empty string among the CORS origins
Database (the probe opens a real connection through :func:`make_engine`)
    ``database.sqlite_memory``          an in-memory SQLite database: data would be lost
    ``database.sqlite_missing``         the SQLite file does not exist (not migrated?)
    ``database.sqlite_foreign_keys``    ``PRAGMA foreign_keys`` is off
    ``database.sqlite_journal_mode``    ``PRAGMA journal_mode`` is not WAL
    ``database.sqlite_busy_timeout``    the busy timeout is 0 (read from the connection when
                                        probing, else from ``sqlite_busy_timeout_ms``)
    ``database.url_invalid``            ``database_url`` is not a SQLAlchemy URL
    ``database.unreachable``            the database cannot be opened or does not answer

URLs are only ever shown with the password hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from matching.config import DEV_INDEX_KEY, DEV_PII_KEY, Settings
from matching.db.session import make_engine
from matching.i18n import Text
from matching.pii import PiiKeyError, decode_key

__all__ = ["DeployProblem", "check_deployment"]


@dataclass(frozen=True, slots=True)
class DeployProblem:
    """One unsafe setting: a stable ``code``, the ``setting`` at fault, and what is wrong."""

    code: str
    setting: str
    message: Text


# Either development key is public, whichever setting it turns up in.
_PUBLIC_KEYS = frozenset({decode_key(DEV_PII_KEY), decode_key(DEV_INDEX_KEY)})


def check_deployment(settings: Settings, *, probe_database: bool = True) -> list[DeployProblem]:
    """Return every problem that makes ``settings`` unsafe for production (empty when safe)."""
    problems = [*_check_keys(settings), *_check_http(settings)]
    problems += _check_database(settings, probe=probe_database)
    return problems


def _check_keys(settings: Settings) -> list[DeployProblem]:
    problems = [
        problem
        for key_id, key in sorted(settings.pii_keys.items())
        if (problem := _key_problem("pii_key", f"pii_keys[{key_id}]", key, Text("PII key")))
    ]
    if settings.pii_active_key_id not in settings.pii_keys:
        message = Text("The active key id names no configured key")
        problems.append(DeployProblem("pii_key.active_missing", "pii_active_key_id", message))
    index_key = settings.pii_index_key
    if problem := _key_problem("pii_index_key", "pii_index_key", index_key, Text("index key")):
        problems.append(problem)
    elif _decode(index_key) in {_decode(key) for key in settings.pii_keys.values()}:
        message = Text("The index key equals an encryption key")
        problems.append(DeployProblem("pii_index_key.reused", "pii_index_key", message))
    return problems


def _key_problem(kind: str, setting: str, key: str, name: Text) -> DeployProblem | None:
    raw = _decode(key)
    if raw is None:
        message = Text("The {key} must be urlsafe base64 of 32 bytes", key=name)
        return DeployProblem(f"{kind}.malformed", setting, message)
    if raw in _PUBLIC_KEYS:
        message = Text("A development {key} is in use", key=name)
        return DeployProblem(f"{kind}.development", setting, message)
    return None


def _decode(key: str) -> bytes | None:
    try:
        return decode_key(key)
    except PiiKeyError:
        return None


def _check_http(settings: Settings) -> Iterator[DeployProblem]:
    if settings.debug:
        yield DeployProblem("debug.enabled", "debug", Text("Debug mode is on"))
    if settings.docs_public:
        message = Text("The API docs are served without sign-in")
        yield DeployProblem("docs.public", "docs_public", message)
    for index, origin in enumerate(settings.cors_allow_origins):
        setting = f"cors_allow_origins[{index}]"
        if origin.strip() == "*":
            yield DeployProblem("cors.wildcard", setting, Text("CORS allows any origin ('*')"))
        elif not origin.strip():
            yield DeployProblem("cors.empty_origin", setting, Text("An empty CORS origin"))


def _check_database(settings: Settings, *, probe: bool) -> list[DeployProblem]:
    try:
        url = make_url(settings.database_url)
    except SQLAlchemyError:
        return [_database_problem("url_invalid", Text("Invalid database URL"))]
    if url.get_backend_name() != "sqlite":
        return _probe(settings, url, _select_one) if probe else []
    if _sqlite_in_memory(url):
        message = Text("An in-memory SQLite database is lost on restart")
        return [_database_problem("sqlite_memory", message)]
    if not probe:
        return _busy_timeout_problem(settings.sqlite_busy_timeout_ms)
    if not url.query.get("uri") and not Path(url.database or "").is_file():
        return [_database_problem("sqlite_missing", Text("The SQLite file does not exist"))]
    return _probe(settings, url, _sqlite_pragma_problems)


def _sqlite_in_memory(url: URL) -> bool:
    database = url.database or ""
    return (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or url.query.get("mode") == "memory"
    )


def _probe(
    settings: Settings, url: URL, inspect: Callable[[Connection], list[DeployProblem]]
) -> list[DeployProblem]:
    """Open the database as the service does and run ``inspect`` on a real connection."""
    # libpq waits forever on a silent host by default; a check must come back.
    extra: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        extra["connect_args"] = {"connect_timeout": 5}
    try:
        engine = make_engine(
            settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms, **extra
        )
        try:
            with engine.connect() as connection:
                return inspect(connection)
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError) as error:  # ImportError: driver not installed
        return [_unreachable(url, error)]


def _select_one(connection: Connection) -> list[DeployProblem]:
    connection.execute(text("SELECT 1"))
    return []


def _sqlite_pragma_problems(connection: Connection) -> list[DeployProblem]:
    def pragma(name: str) -> Any:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    problems = []
    if pragma("foreign_keys") != 1:
        problems.append(_database_problem("sqlite_foreign_keys", Text("Foreign keys are off")))
    if str(journal_mode := pragma("journal_mode")).lower() != "wal":
        message = Text("journal_mode is {mode}, not WAL", mode=journal_mode)
        problems.append(_database_problem("sqlite_journal_mode", message))
    return problems + _busy_timeout_problem(pragma("busy_timeout"))


def _busy_timeout_problem(busy_timeout_ms: object) -> list[DeployProblem]:
    if isinstance(busy_timeout_ms, int) and busy_timeout_ms > 0:
        return []
    message = Text("The SQLite busy timeout is 0")
    return [DeployProblem("database.sqlite_busy_timeout", "sqlite_busy_timeout_ms", message)]


def _unreachable(url: URL, error: Exception) -> DeployProblem:
    cause = getattr(error, "orig", None) or error
    reason = (str(cause).strip().splitlines() or [""])[0][:200]
    if url.password:
        reason = reason.replace(str(url.password), "***")
    where = url.render_as_string(hide_password=True)
    message = Text(
        "Cannot open the database {where}: {error}",
        where=where,
        error=f"{type(cause).__name__}: {reason}",
    )
    return _database_problem("unreachable", message)


def _database_problem(code: str, message: Text) -> DeployProblem:
    return DeployProblem(f"database.{code}", "database_url", message)
