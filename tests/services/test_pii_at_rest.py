"""After seeding, no seeker's ID or phone number is readable in the database files or logs.

Checks the raw SQLite files (database and WAL), a ``pg_dump`` of PostgreSQL, and the logs
captured while seeding and serving; and that the blind index is keyed, not ``sha256(id)``.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from matching.api.app import create_app
from matching.config import Settings
from matching.db.models import Seeker
from matching.db.session import Database, make_engine, transaction
from matching.demo import DemoSizes
from matching.enums import Role
from matching.pii import context
from matching.services.context import ServiceContext, build_cipher
from matching.services.demo import seed_demo_city
from matching.services.reference import load_reference_data
from matching.services.seekers import lookup_seeker
from tests.conftest import CLOCK
from tests.support.auth import bearer, make_user, token_for
from tests.support.databases import fresh_database_url, upgrade

SIZES = DemoSizes(
    seekers=200, postings=40, factories=10, other_employers=10, service_stations=5, gig_stations=5
)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest,
    settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[tuple[str, Engine]]:
    caplog.set_level(logging.DEBUG)
    with fresh_database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        with engine.connect() as connection:
            upgrade(connection)
        with transaction(Database(engine)) as session:
            ctx = ServiceContext(
                session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
            )
            load_reference_data(ctx, settings.data_dir)
            seed_demo_city(ctx, seed=7, sizes=SIZES)
        yield url, engine
        engine.dispose()


def _secrets(engine: Engine, settings: Settings) -> list[tuple[str, str, str]]:
    cipher = build_cipher(settings)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Seeker.uid, Seeker.resident_id_enc, Seeker.phone_enc, Seeker.resident_id_index)
        ).all()
    return [
        (
            cipher.decrypt(resident, context=context("seekers", "resident_id", uid)),
            cipher.decrypt(phone, context=context("seekers", "phone", uid)),
            index,
        )
        for uid, resident, phone, index in rows
    ]


def _stored_bytes(url: str) -> bytes:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        base = Path(str(parsed.database))
        files = [base, base.with_name(base.name + "-wal")]
        return b"".join(path.read_bytes() for path in files if path.exists())
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to inspect what PostgreSQL stores"
    plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run([pg_dump, "--data-only", plain], check=True, capture_output=True).stdout


def test_no_identifier_in_stored_bytes_or_logs(
    seeded: tuple[str, Engine], settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    url, engine = seeded
    secrets = _secrets(engine, settings)
    database = Database(engine)
    with TestClient(create_app(settings, database), raise_server_exceptions=False) as client:
        with transaction(database) as session:
            ctx = ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
            token = token_for(ctx, make_user(ctx, role=Role.admin))
        client.headers.update(bearer(token))
        client.get("/api/v1/seekers", params={"limit": 200})
        client.post("/api/v1/seekers/lookup", json={"resident_id": secrets[0][0]})

    stored = _stored_bytes(url)
    logged = "\n".join(record.getMessage() for record in caplog.records).encode()
    assert len(secrets) == SIZES.seekers and len(stored) > 10_000
    for resident_id, phone, _index in secrets:
        for secret in (resident_id.encode(), phone.encode()):
            assert secret not in stored
            assert secret not in logged


def test_lookup_still_finds_seeker_and_index_is_keyed(
    seeded: tuple[str, Engine], settings: Settings
) -> None:
    _url, engine = seeded
    resident_id, _phone, index = _secrets(engine, settings)[0]

    with transaction(Database(engine)) as session:
        ctx = ServiceContext(
            session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
        )
        found = lookup_seeker(ctx, resident_id)

    assert found.resident_id_masked.endswith(resident_id[-4:])
    assert index != hashlib.sha256(resident_id.encode()).hexdigest()
    assert index != hashlib.sha256(resident_id.encode()).hexdigest().upper()
