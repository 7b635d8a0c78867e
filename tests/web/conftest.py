"""Page tests: the real app over HTTPS (the session cookie is Secure), both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database
from tests.conftest import CLOCK


@pytest.fixture
def browser(database: Database, settings: Settings) -> Iterator[TestClient]:
    """A cookie-keeping client of the real app, signed out, on the test's transaction.

    The app reads the tests' frozen clock, so that "today" and waiting days are fixed.
    """
    app = create_app(settings, database, clock=CLOCK)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        yield client
