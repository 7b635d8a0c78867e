"""A change made through one app instance is ranked by another within one second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database, make_engine, transaction
from matching.enums import Role
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data
from tests.conftest import CLOCK
from tests.support.auth import bearer, make_user, token_for
from tests.support.databases import fresh_database_url, upgrade
from tests.support.factories import community, make_posting, make_station, seeker_body


@pytest.fixture(params=["sqlite", "postgresql"])
def two_apps(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Path
) -> Iterator[tuple[TestClient, TestClient, dict[str, int]]]:
    with fresh_database_url(request.param, tmp_path) as url:
        setup = make_engine(url)
        with setup.connect() as connection:
            upgrade(connection)
        with transaction(Database(setup)) as session:
            ctx = ServiceContext(
                session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
            )
            load_reference_data(ctx, settings.data_dir)
            home = community(session)
            station = make_station(ctx, community_code=home.code)
            posting = make_posting(ctx, lat=home.lat, lon=home.lon, schedule=None)
            token = token_for(ctx, make_user(ctx, role=Role.admin))
            ids = {"station": station.id, "community": home.id, "posting": posting.id}
        setup.dispose()
        databases = [Database(make_engine(url)) for _ in range(2)]
        first, second = (
            TestClient(create_app(settings, db), headers=bearer(token)) for db in databases
        )
        with first, second:
            yield first, second, ids
        for database in databases:
            database.dispose()


def test_second_process_ranks_a_new_seeker_at_its_next_request(
    two_apps: tuple[TestClient, TestClient, dict[str, int]],
) -> None:
    """Stronger than "within one second": no polling, the very next ranking sees it."""
    first, second, ids = two_apps
    matches = f"/api/v1/postings/{ids['posting']}/matches"
    assert second.get(matches).json()["items"] == []  # second's index is loaded and empty
    body = seeker_body(
        station_id=ids["station"],
        community_id=ids["community"],
        skills=[{"skill": "sewing", "level": 3}],
    )

    created = first.post("/api/v1/seekers", json=body)
    seen = [item["seeker"]["id"] for item in second.get(matches).json()["items"]]
    first.patch(f"/api/v1/seekers/{created.json()['id']}", json={"status": "inactive"})
    after = second.get(matches).json()["items"]

    assert created.status_code == 201, created.text
    assert seen == [created.json()["id"]]
    assert after == []
