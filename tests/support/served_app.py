"""Serve the real app in forked uvicorn worker processes for a test; stop them afterwards.

The workers are forked from one parent that imported the app (see
``tests/support/forked_uvicorn.py`` for why not ``uvicorn --workers``). The whole process
group is ended afterwards, whatever the test did.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60
"""Upper bound for importing the app once and starting the workers (~7 s for four here)."""


@contextmanager
def served(
    database_url: str, *, workers: int = 1, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Run the app on ``database_url`` in ``workers`` processes; yield its base URL."""
    environment = {
        **os.environ,
        **(env or {}),
        "MATCHING_DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "tests.support.forked_uvicorn", "--workers", str(workers)]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
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
            for _ in range(workers):
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
