"""Real-browser tests: Debian's Chromium driven by Playwright against the served demo city.

Once per test session and backend (SQLite, PostgreSQL) a small demo city is seeded by the
README's own command (``matching demo``, smaller sizes) into a throw-away database, one
known seeker is added for the tests to find, and the real app is served by uvicorn on a
loopback port (not in debug: the session cookie is ``Secure``, which Chromium accepts on
127.0.0.1). Chromium is the distribution's package (``/usr/bin/chromium``, installed by
``.ci/run``), never a downloaded browser: without it the tests skip locally and fail in CI.

Each test gets a fresh browser context (no cookies) at the window PC's 1366×768;
:func:`screenshots` writes a page at 1366×768 and 768×1024 (a tablet) to the ignored
``tests/web/screenshots/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlalchemy import select

from matching.config import Settings
from matching.db.models import Community, Station
from matching.db.session import Database, make_engine, transaction
from matching.services.context import ServiceContext, build_cipher
from tests.support.databases import fresh_database_url, in_ci
from tests.support.factories import make_seeker, resident_id
from tests.support.served_app import ROOT, served

CHROMIUM = os.environ.get("MATCHING_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "web" / "screenshots"
DEMO_PASSWORD = "demo-2026-feicheng"
CLERK = "clerk.w370983001"
"""The demo clerk of 新城街道零工服务窗口 (subdistrict 370983001)."""
OTHER_CLERK = "clerk.w370983002"
"""A demo clerk of another subdistrict, who must not see :data:`KNOWN_SEEKER`."""
KNOWN_SEEKER = "王桂兰"
"""A seeker added to the demo city at the clerk's window, found by initials ``wgl``."""
VIEWPORTS = {"desktop": (1366, 768), "tablet": (768, 1024)}


@dataclass(frozen=True)
class DemoCity:
    """The served demo city of one backend."""

    backend: str
    url: str
    known_seeker_id: int


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if in_ci():
        pytest.fail(message + " (CI=true: a missing browser is a failure)", pytrace=False)
    pytest.skip(message)


def _seed(database_url: str) -> int:
    """Seed a small demo city with the README's command; add :data:`KNOWN_SEEKER`."""
    env = {**os.environ, "MATCHING_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "matching.cli", "demo", "--seekers", "600"]
    subprocess.run([*command, "--postings", "120"], cwd=ROOT, env=env, check=True)
    settings = Settings(database_url=database_url)
    engine = make_engine(database_url)
    try:
        with transaction(Database(engine)) as session:
            ctx = ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
            window = session.scalars(select(Station).where(Station.code == "W370983001")).one()
            home = session.scalars(select(Community).where(Community.code == "370983001001")).one()
            seeker = make_seeker(
                ctx,
                station_id=window.id,
                community_id=home.id,
                name=KNOWN_SEEKER,
                resident_id=resident_id(birth="19700305", serial=481),
                skills=[{"skill": "缝纫", "level": 3, "years": 10}],
                availability={day: ["08:00-16:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
                max_travel_km=5.0,
            )
            return seeker.id
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def demo_city(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoCity]:
    """The demo city of one backend, served; stopped and dropped after the session."""
    _chromium()
    directory = tmp_path_factory.mktemp(f"demo-{request.param}")
    with fresh_database_url(request.param, directory) as database_url:
        seeker_id = _seed(database_url)
        with served(database_url) as url:
            yield DemoCity(backend=request.param, url=url, known_seeker_id=seeker_id)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture
def page(chromium: Browser, demo_city: DemoCity) -> Iterator[Page]:
    """A fresh, signed-out browser tab at 1366×768, in Chinese, on the demo city."""
    width, height = VIEWPORTS["desktop"]
    context = chromium.new_context(
        base_url=demo_city.url, viewport={"width": width, "height": height}, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Page, username: str = CLERK, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in page, as a clerk does, and wait for the start page."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshots(page: Page, name: str, backend: str) -> list[Path]:
    """Save ``page`` at the window PC's and a tablet's size; return the files."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    files = []
    for device, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        target = SCREENSHOTS / f"{name}-{device}-{width}x{height}-{backend}.png"
        page.screenshot(path=str(target), full_page=False)
        files.append(target)
    if original is not None:
        page.set_viewport_size(original)
    return files
