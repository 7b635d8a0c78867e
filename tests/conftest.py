"""Fixtures: every database test runs on SQLite and on PostgreSQL.

The schema is built by ``alembic upgrade head`` once per backend and test session,
with the reference data loaded; each test then runs inside a transaction that is
rolled back, and the app's own session dependency joins it through a savepoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from matching.api.app import create_app
from matching.clock import FrozenClock
from matching.config import Settings
from matching.db.session import Database, make_engine, transaction
from matching.enums import Role
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data
from tests.support.auth import bearer, make_user, token_for
from tests.support.databases import fresh_database_url, upgrade

BACKENDS = ("sqlite", "postgresql")
CLOCK = FrozenClock(at=datetime(2026, 11, 29, 4, tzinfo=UTC))
"""The tests' clock: noon on 29 November 2026 in 肥城 (UTC+8)."""
TODAY = CLOCK.today()


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the environment's language: pin it to the default (Chinese)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings for tests (development keys; the URL is set per backend)."""
    return Settings(database_url="sqlite://")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test: ``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture(scope="session")
def migrated_engine(
    backend: str, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """An engine on a fresh database migrated to head, with reference data loaded."""
    with fresh_database_url(backend, tmp_path_factory.mktemp(backend)) as url:
        engine = make_engine(url)
        with engine.connect() as connection:
            upgrade(connection)
        with transaction(Database(engine)) as session:
            ctx = ServiceContext(
                session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
            )
            load_reference_data(ctx, settings.data_dir)
        yield engine
        engine.dispose()


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    """A connection whose outer transaction is rolled back after the test."""
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        yield connection
        if outer.is_active:
            outer.rollback()


@pytest.fixture
def database(migrated_engine: Engine, connection: Connection) -> Database:
    """A Database whose sessions join the test's transaction via savepoints."""
    return Database(migrated_engine, bind=connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session inside the test's transaction."""
    session = database.new_session()
    yield session
    session.close()


@pytest.fixture
def ctx(session: Session, settings: Settings) -> ServiceContext:
    """A service context on the test's session, on the tests' frozen clock."""
    return ServiceContext(
        session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
    )


@pytest.fixture
def admin_token(ctx: ServiceContext) -> str:
    """A bearer token of a city administrator."""
    return token_for(ctx, make_user(ctx, role=Role.admin))


@pytest.fixture
def anonymous(database: Database, settings: Settings) -> Iterator[TestClient]:
    """The real ASGI app over HTTP without credentials, on the test's transaction."""
    app = create_app(settings, database)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def client(anonymous: TestClient, admin_token: str) -> TestClient:
    """The real app over HTTP, signed in as an administrator."""
    anonymous.headers.update(bearer(admin_token))
    return anonymous
