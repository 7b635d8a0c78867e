"""Refuse unsafe production settings (``matching check-deploy``).

Every check returns :class:`DeployProblem` values; none raises. ``check-deploy`` is a
separate command: ``matching serve`` never runs it, so development set-ups (the demo)
keep working with their public keys. The checks:

Secrets
    ``pii_key.development``       an encryption key is a public development key
    ``pii_key.malformed``         an encryption key is not urlsafe base64 of 32 bytes
    ``pii_key.all_zero``          an encryption key is 32 zero bytes
    ``pii_key.duplicate``         an encryption key has the same bytes as one with a lower id
    ``pii_key.active_missing``    ``pii_active_key_id`` names no configured key
    ``pii_index_key.development`` the blind-index key is a public development key
    ``pii_index_key.malformed``   the blind-index key is not urlsafe base64 of 32 bytes
    ``pii_index_key.all_zero``    the blind-index key is 32 zero bytes
    ``pii_index_key.reused``      the blind-index key equals an encryption key
HTTP
    ``debug.enabled``             FastAPI debug mode is on (tracebacks reach clients)
    ``docs.public``               /docs, /redoc and /openapi.json are served without a token
    ``cors.wildcard``             ``*`` among the CORS origins
    ``cors.empty_origin``         an empty string among the CORS origins
    ``cors.null_origin``          ``null`` among the CORS origins (sandboxed frames, files)
    ``cors.not_an_origin``        not a bare ``https://host[:port]``: a path, query, user,
                                  upper case, a default port, another scheme (browsers send
                                  the bare form, so anything else never matches)
    ``cors.insecure_origin``      a plain ``http://`` origin, ``localhost`` included: debug
                                  mode, the only place it would make sense, fails anyway
Limits (``limits.out_of_range``, the setting named; bounds inclusive)
    ``login_max_failures``        3 – 10 failed sign-ins before a lock-out
    ``login_lockout_seconds``     300 – 3600 (5 – 60 minutes)
    ``token_ttl_minutes``         15 – 1440 (15 minutes – 24 hours)
    ``max_body_bytes``            16384 – 10485760 (16 KiB – 10 MiB)
Database (the probe opens a real connection through :func:`make_engine`)
    ``database.sqlite_memory``          an in-memory SQLite database: data would be lost
    ``database.sqlite_missing``         the SQLite file does not exist (not migrated?)
    ``database.sqlite_foreign_keys``    ``PRAGMA foreign_keys`` is off
    ``database.sqlite_journal_mode``    ``PRAGMA journal_mode`` is not WAL
    ``database.sqlite_busy_timeout``    the busy timeout is 0 (read from the connection when
                                        probing, else from ``sqlite_busy_timeout_ms``)
    ``database.superuser``              PostgreSQL: connected as a superuser, which can
                                        switch triggers off (append-only history)
    ``database.history_owner``          PostgreSQL: the role owns (or is a member of the
                                        owner of) audit_events or proposal_events, so it
                                        can ``ALTER TABLE ... DISABLE TRIGGER``
    ``database.replication_role``       PostgreSQL 15+: the role may
                                        ``SET session_replication_role`` (skips triggers)
    ``database.not_migrated``           the schema is not at the scripts' head revision
    ``database.url_invalid``            ``database_url`` is not a SQLAlchemy URL
    ``database.unreachable``            the database cannot be opened or does not answer

URLs are only ever shown with the password hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from matching.config import DEV_INDEX_KEY, DEV_PII_KEY, Settings
from matching.db.migrations import revisions_of
from matching.db.session import make_engine
from matching.i18n import Text
from matching.pii import PiiKeyError, decode_key

__all__ = ["LIMITS", "DeployProblem", "check_deployment"]


@dataclass(frozen=True, slots=True)
class DeployProblem:
    """One unsafe setting: a stable ``code``, the ``setting`` at fault, and what is wrong."""

    code: str
    setting: str
    message: Text


# Either development key is public, whichever setting it turns up in.
_PUBLIC_KEYS = frozenset({decode_key(DEV_PII_KEY), decode_key(DEV_INDEX_KEY)})
_DEFAULT_PORTS = {"https": 443, "http": 80}

# Production bounds (inclusive): setting -> (lowest, highest, what it is).
LIMITS: dict[str, tuple[int, int, Text]] = {
    "login_max_failures": (3, 10, Text("failed sign-ins before a lock-out")),
    "login_lockout_seconds": (300, 3600, Text("the lock-out, in seconds")),
    "token_ttl_minutes": (15, 1440, Text("the sign-in token lifetime, in minutes")),
    "max_body_bytes": (16_384, 10_485_760, Text("the request body limit, in bytes")),
}


def check_deployment(settings: Settings, *, probe_database: bool = True) -> list[DeployProblem]:
    """Return every problem that makes ``settings`` unsafe for production (empty when safe)."""
    problems = [*_check_keys(settings), *_check_http(settings), *_check_limits(settings)]
    problems += _check_database(settings, probe=probe_database)
    return problems


def _check_keys(settings: Settings) -> list[DeployProblem]:
    problems: list[DeployProblem] = []
    seen: dict[bytes, int] = {}
    for key_id, key in sorted(settings.pii_keys.items()):
        setting = f"pii_keys[{key_id}]"
        if problem := _key_problem("pii_key", setting, key, Text("PII key")):
            problems.append(problem)
        elif (raw := decode_key(key)) in seen:
            message = Text("The same key material as pii_keys[{other}]", other=seen[raw])
            problems.append(DeployProblem("pii_key.duplicate", setting, message))
        else:
            seen[raw] = key_id
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
    if raw == bytes(len(raw)):
        message = Text("The {key} is all zero bytes", key=name)
        return DeployProblem(f"{kind}.all_zero", setting, message)
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
        if problem := _origin_problem(origin):
            yield DeployProblem(f"cors.{problem[0]}", f"cors_allow_origins[{index}]", problem[1])


def _origin_problem(origin: str) -> tuple[str, Text] | None:
    """``(code, message)`` when ``origin`` must not be a CORS origin in production."""
    if origin.strip() == "*":
        return "wildcard", Text("CORS allows any origin ('*')")
    if not origin.strip():
        return "empty_origin", Text("An empty CORS origin")
    if origin.strip().lower() == "null":
        # Sandboxed iframes, file:// pages and some redirects all send "null".
        return "null_origin", Text("The CORS origin 'null' admits sandboxed pages")
    bare = _bare_origin(origin)
    if bare != origin:
        if bare:
            return "not_an_origin", Text("Not a bare origin: use {bare}", bare=bare)
        return "not_an_origin", Text("Not a bare origin scheme://host[:port]")
    if origin.startswith("http://"):
        return "insecure_origin", Text("A plain http CORS origin: use https")
    return None


def _bare_origin(origin: str) -> str | None:
    """The origin as a browser sends it (RFC 6454), or None if ``origin`` names none."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in _DEFAULT_PORTS or not host or parts.username is not None:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    suffix = f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{host}{suffix}"


def _check_limits(settings: Settings) -> Iterator[DeployProblem]:
    for setting, (lowest, highest, what) in LIMITS.items():
        value = getattr(settings, setting)
        if not lowest <= value <= highest:
            message = Text(
                "{what} must be between {lowest} and {highest}, is {value}",
                what=what,
                lowest=lowest,
                highest=highest,
                value=value,
            )
            yield DeployProblem("limits.out_of_range", setting, message)


def _check_database(settings: Settings, *, probe: bool) -> list[DeployProblem]:
    try:
        url = make_url(settings.database_url)
    except SQLAlchemyError:
        return [_database_problem("url_invalid", Text("Invalid database URL"))]
    if url.get_backend_name() != "sqlite":
        return _probe(settings, url, _postgres_role_problems) if probe else []
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
                return inspect(connection) + _migration_problems(connection)
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError) as error:  # ImportError: driver not installed
        return [_unreachable(url, error)]


def _postgres_role_problems(connection: Connection) -> list[DeployProblem]:
    """Whether the role could switch off the append-only triggers of the history tables."""
    if connection.dialect.name != "postgresql":
        connection.execute(text("SELECT 1"))
        return []
    if connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        message = Text("Connected as a superuser, who can switch off the append-only triggers")
        return [_database_problem("superuser", message)]
    problems = []
    owned = connection.scalars(
        text(
            "SELECT relname FROM pg_class WHERE oid IN (to_regclass(:audit), to_regclass(:events))"
            " AND pg_has_role(current_user, relowner, 'MEMBER') ORDER BY relname"
        ),
        {"audit": "audit_events", "events": "proposal_events"},
    ).all()
    if owned:
        tables = ", ".join(owned)
        message = Text("The role owns {tables} and can disable their triggers", tables=tables)
        problems.append(_database_problem("history_owner", message))
    # PostgreSQL 15 lets a superuser GRANT SET on a parameter to any role.
    if (connection.dialect.server_version_info or (0,)) >= (15,) and connection.scalar(
        text("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    ):
        message = Text("The role may SET session_replication_role and so skip triggers")
        problems.append(_database_problem("replication_role", message))
    return problems


def _migration_problems(connection: Connection) -> list[DeployProblem]:
    current, heads = revisions_of(connection)
    if current == heads:
        return []
    message = Text(
        "The database is at {at}, the newest is {heads}: run matching db upgrade",
        at=", ".join(current) or Text("not migrated"),
        heads=", ".join(heads),
    )
    return [_database_problem("not_migrated", message)]


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
