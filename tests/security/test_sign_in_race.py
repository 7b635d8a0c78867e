"""The sign-in lock-out holds under real concurrency: four uvicorn worker processes.

The served app (``matching.api.main:app`` in four forked uvicorn workers) runs on a
throw-away, migrated database of each backend; 30 wrong passwords for one username arrive at
once, from 30 threads released by one barrier, each on its own connection.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
ATTEMPTS = 30
USERNAME = "race.admin"
START_SECONDS = 60
"""Upper bound for importing the app once and starting four workers (~7 s here)."""
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


@contextmanager
def served(database_url: str) -> Iterator[str]:
    """Run the app in :data:`WORKERS` uvicorn processes; yield its base URL.

    The workers are forked from one parent that imported the app (see
    ``tests/support/forked_uvicorn.py`` for why not ``uvicorn --workers``). The
    whole process group is ended afterwards, whatever the test did.
    """
    env = {**os.environ, "MATCHING_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tests.support.forked_uvicorn", "--workers", str(WORKERS)]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as server:
        log: list[str] = []
        url: list[str] = []
        started = threading.Semaphore(0)
        reader = threading.Thread(target=_read_log, args=(server, log, url, started))
        reader.start()
        try:
            deadline = time.monotonic() + START_SECONDS
            for _ in range(WORKERS):
                if not started.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    pytest.fail("workers did not start:\n" + "".join(log[-40:]))
            yield url[0]
        finally:
            _stop(server)
            reader.join(timeout=5)


def _read_log(
    server: subprocess.Popen[str], log: list[str], url: list[str], started: threading.Semaphore
) -> None:
    assert server.stdout is not None
    for line in server.stdout:
        log.append(line)
        if line.startswith("listening on "):
            url.append(line.removeprefix("listening on ").strip())
        if "Application startup complete" in line:
            started.release()


def _stop(server: subprocess.Popen[str]) -> None:
    """End the server's process group: SIGTERM, then SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


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
    with served(database_url) as url:
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
