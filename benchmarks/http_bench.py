"""One ranking through HTTP: the real app under uvicorn on 127.0.0.1, one request at a time.

Starts ``uvicorn matching.api.main:app`` in a subprocess on a free port against a
benchmark database of :mod:`benchmarks.project_db` (its lifespan loads the match
index before the port opens), issues a session token for the ``bench-admin`` user
with ``matching.services.auth.issue_token``, then times
``GET /api/v1/postings/{id}/matches?limit=50`` sequentially over one kept-alive
connection (``http.client``, as ``urllib`` uses it): warm-up requests first, then
the timed ones, each from sending the request to reading the last byte of the body
(the client parses the JSON after the clock stops, to count the items). Each
response is the full product: ranking, the 50 seekers' cards (phone decrypted and
masked), explanations in Chinese and English, reliability figures, and JSON.

Usage (also part of ``benchmarks.ranking``)::

    .venv/bin/python -m benchmarks.http_bench --size 100000 --backend postgresql --requests 1000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from benchmarks import project_db
from benchmarks.facts import percentiles_ms, print_machine_facts, print_table
from matching.config import Settings
from matching.db.models import Posting, User
from matching.db.session import Database, transaction
from matching.enums import PostingStatus, TokenKind
from matching.services.auth import issue_token
from matching.services.context import ServiceContext, build_cipher

START_TIMEOUT_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class HttpResult:
    """Timed requests of one run."""

    backend: str
    size: int
    seconds: list[float]
    mean_items: float
    server_start_seconds: float


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(url: str) -> Iterator[tuple[int, float]]:
    """Run uvicorn on the database at ``url``; yield (port, seconds until it answered)."""
    port = free_port()
    env = {**os.environ, "MATCHING_DATABASE_URL": url, "MATCHING_LOG_LEVEL": "WARNING"}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "matching.api.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.perf_counter() - started > START_TIMEOUT_SECONDS:
                    raise TimeoutError("uvicorn did not start") from None
                time.sleep(0.2)
        yield port, time.perf_counter() - started
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def session_token(url: str) -> str:
    """A one-hour session token of the ``bench-admin`` user (created when missing)."""
    settings = Settings(database_url=url)
    database = Database.from_url(url)
    try:
        user_id = project_db.ensure_admin(database)
        with transaction(database) as session:
            ctx = ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
            user = session.get(User, user_id)
            assert user is not None
            issued = issue_token(ctx, user, TokenKind.session, name="bench", ttl=timedelta(hours=1))
            return issued.access_token
    finally:
        database.dispose()


def rankable_postings(url: str, count: int, *, seed: int) -> list[int]:
    """``count`` ids of open postings not yet ended, drawn with ``seed`` (repeats if few)."""
    database = Database.from_url(url)
    try:
        with transaction(database, write=False) as session:
            ids = list(
                session.scalars(
                    select(Posting.id).where(
                        Posting.status == PostingStatus.open,
                        (Posting.end_date.is_(None)) | (Posting.end_date >= date.today()),
                    )
                )
            )
    finally:
        database.dispose()
    rng = random.Random(seed)
    return [rng.choice(ids) for _ in range(count)]


def _get(connection: http.client.HTTPConnection, path: str, token: str) -> bytes:
    """The body of a 200 response (read to its last byte)."""
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
    return body


def measure(
    backend: str, size: int, *, requests: int = 1000, warmup: int = 50, seed: int = 2026
) -> HttpResult:
    """Start the server, sign in, and time ``requests`` sequential match requests."""
    url, _built = project_db.ensure(backend, size)
    token = session_token(url)
    postings = rankable_postings(url, warmup + requests, seed=seed)
    with serve(url) as (port, start_seconds):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        paths = [f"/api/v1/postings/{p}/matches?limit=50" for p in postings]
        for path in paths[:warmup]:
            _get(connection, path, token)
        seconds, items = [], 0
        for path in paths[warmup:]:
            begin = time.perf_counter()
            body = _get(connection, path, token)
            seconds.append(time.perf_counter() - begin)
            items += len(json.loads(body)["items"])  # checked after the clock stops
        connection.close()
    return HttpResult(backend, size, seconds, items / max(1, len(seconds)), start_seconds)


def main(argv: list[str] | None = None) -> int:
    """Time match requests through HTTP alone."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args(argv)
    print_machine_facts("One ranking through HTTP (uvicorn, concurrency 1)")
    result = measure(args.backend, args.size, requests=args.requests)
    p50, p95 = percentiles_ms(result.seconds)
    print_table(
        ("backend", "seekers", "requests", "p50 ms", "p95 ms", "items/response", "server start s"),
        [
            (
                args.backend,
                args.size,
                len(result.seconds),
                p50,
                p95,
                result.mean_items,
                result.server_start_seconds,
            )
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
