"""The README's first command, in small: ``matching demo`` says how to sign in, ``matching
serve`` says where it listens, and its docs and workbench answer without internet."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 60


def _cli(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHING_DATABASE_URL": f"sqlite:///{database}", "LANG": "zh_CN.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "matching.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_prints_every_kind_of_account_and_serve_says_where(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"

    demo = _cli("demo", "--seekers", "60", "--postings", "12", database=database)

    assert "demo-2026-feicheng" in demo.stdout
    lines = demo.stdout.splitlines()
    assert any(line.split()[:1] == ["admin"] for line in lines)
    assert any(line.strip().startswith("clerk.w370983001") for line in lines)
    assert sum(line.strip().startswith("employer.") for line in lines) >= 3
    assert "http://127.0.0.1:8000/" in demo.stdout

    port = _free_port()
    env = {**os.environ, "MATCHING_DATABASE_URL": f"sqlite:///{database}", "LANG": "zh_CN.UTF-8"}
    with subprocess.Popen(
        [sys.executable, "-m", "matching.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            url = f"http://127.0.0.1:{port}"
            assert f"{url}/docs" in first and "--port" in first
            _wait_until_up(url)
            assert httpx.get(f"{url}/docs").status_code == 200
            assert "登录" in httpx.get(f"{url}/login").text
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/login", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {START_SECONDS} s")
