"""Every failure is problem+json; a failed commit is never answered with 2xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.api.app import create_app
from matching.config import Settings
from matching.db.models import Station
from matching.db.session import Database
from tests.api.helpers import problem_fields
from tests.support.auth import bearer
from tests.support.factories import community


def test_unknown_route_is_problem_404(client: TestClient) -> None:
    response = client.get("/api/v1/nowhere")

    assert response.status_code == 404
    assert problem_fields(response) == []


def test_malformed_json_is_problem_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/stations", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    problem_fields(response)


def test_wrong_method_is_problem_405(client: TestClient) -> None:
    response = client.delete("/api/v1/skills")

    assert response.status_code == 405
    problem_fields(response)


@pytest.fixture
def failing_commit_client(
    database: Database, settings: Settings, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    def refuse(self: Session) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "commit", refuse)
    app = create_app(settings, database)
    with TestClient(app, raise_server_exceptions=False, headers=bearer(admin_token)) as client:
        yield client


def test_failed_commit_is_not_answered_with_success(
    failing_commit_client: TestClient, session: Session
) -> None:
    home = community(session)

    response = failing_commit_client.post(
        "/api/v1/stations",
        json={
            "code": "X1",
            "name": "会失败的站点",
            "kind": "window",
            "community_id": home.id,
        },
    )

    assert response.status_code == 500
    assert "disk full" not in response.text
    problem_fields(response)
    session.expire_all()
    assert session.scalar(select(func.count(Station.id))) == 0
