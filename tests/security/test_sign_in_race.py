"""The sign-in lock-out holds under real concurrency: four uvicorn worker processes.

The served app (``matching.api.main:app`` in four forked uvicorn workers) runs on a
throw-away, migrated database of each backend; 30 wrong passwords for one username arrive at
once, from 30 threads released by one barrier, each on its own connection.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import select

from matching.config import Settings
from matching.db.models import SignInThrottle
from matching.db.session import Database, make_engine, transaction
from matching.enums import Role
from matching.services.auth import USERNAME_FIELD
from matching.services.context import ServiceContext, build_cipher
from tests.conftest import CLOCK
from tests.support.auth import PASSWORD, make_user
from tests.support.databases import fresh_database_url, upgrade
from tests.support.served_app import served

pytestmark = pytest.mark.db

WORKERS = 4
ATTEMPTS = 30
USERNAME = "race.admin"
REQUEST_SECONDS = 30


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated throw-away database with one administrator, :data:`USERNAME`."""
    with fresh_database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                upgrade(connection)
            with transaction(Database(engine)) as session:
                settings = Settings(database_url=url)
                ctx = ServiceContext(
                    session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
                )
                make_user(ctx, role=Role.admin, username=USERNAME)
        finally:
            engine.dispose()
        yield url


def _all_at_once(url: str, password: str, count: int) -> list[int]:
    """POST ``count`` sign-ins released together, each on a fresh connection."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []

    def attempt() -> None:
        barrier.wait(timeout=REQUEST_SECONDS)
        response = httpx.post(
            f"{url}/api/v1/auth/login",
            json={"username": USERNAME, "password": password},
            timeout=REQUEST_SECONDS,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=REQUEST_SECONDS * 2)
    return statuses


def test_thirty_simultaneous_wrong_passwords_on_four_workers_get_five_checks(
    database_url: str,
) -> None:
    settings = Settings(database_url=database_url)
    with served(database_url, workers=WORKERS) as url:
        statuses = _all_at_once(url, "wrong-password-guess", ATTEMPTS)
        right = httpx.post(
            f"{url}/api/v1/auth/login",
            json={"username": USERNAME, "password": PASSWORD},
            timeout=REQUEST_SECONDS,
        )

    limit = settings.login_max_failures
    assert Counter(statuses) == {401: limit, 429: ATTEMPTS - limit}
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            key = build_cipher(settings).blind_index(USERNAME, field=USERNAME_FIELD)
            counted = connection.scalar(
                select(SignInThrottle.failures).where(SignInThrottle.key_hash == key)
            )
    finally:
        engine.dispose()
    assert counted == ATTEMPTS + 1  # every attempt counted once: no update was lost
