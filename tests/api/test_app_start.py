"""What the served app does once it has started."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Give this test process's frozen objects back to the collector afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_the_served_app_freezes_what_lives_after_start(
    database: Database, settings: Settings
) -> None:
    app = create_app(settings, database, freeze_gc_after_start=True)

    with TestClient(app) as client:
        frozen = gc.get_freeze_count()
        ready = client.get("/api/v1/skills?limit=1")

    assert app.state.match_index.version_ is not None  # loaded before the freeze
    assert frozen > 10_000 and ready.status_code in (200, 401)


@pytest.mark.usefixtures("unfrozen")
def test_apps_built_for_tests_do_not_freeze(database: Database, settings: Settings) -> None:
    with TestClient(create_app(settings, database)):
        assert gc.get_freeze_count() == 0
