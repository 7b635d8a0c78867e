"""A posting shows its hires and the places left; ``GET /postings`` filters by vacancies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.services.context import ServiceContext
from tests.support.factories import make_employer, make_posting, make_seeker, make_station
from tests.support.flows import freeze, hire

NOW = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)
"""00:30 on 5 December in 肥城."""


@pytest.fixture
def people(ctx: ServiceContext) -> dict[str, Any]:
    station = make_station(ctx)
    employer = make_employer(ctx)
    seekers = [make_seeker(ctx, station_id=station.id).id for _ in range(2)]
    return {"employer": employer.id, "seekers": seekers}


def test_posting_shows_hires_and_vacancies_left(
    client: TestClient, ctx: ServiceContext, people: dict[str, Any]
) -> None:
    posting = make_posting(ctx, employer_id=people["employer"], headcount=3).id
    hire(client, people["seekers"][0], posting)

    body = client.get(f"/api/v1/postings/{posting}").json()

    assert (body["headcount"], body["hires"], body["vacancies"]) == (3, 1, 2)


def test_a_posting_not_open_has_no_vacancies_left(
    client: TestClient, ctx: ServiceContext, people: dict[str, Any]
) -> None:
    closed = make_posting(ctx, employer_id=people["employer"], headcount=3, status="closed").id

    body = client.get(f"/api/v1/postings/{closed}").json()

    assert (body["hires"], body["vacancies"]) == (0, 0)


def test_has_vacancies_keeps_postings_open_today_with_a_place_left(
    client: TestClient, ctx: ServiceContext, people: dict[str, Any]
) -> None:
    employer = people["employer"]
    vacant = make_posting(ctx, employer_id=employer, headcount=2, end_date="2026-12-05").id
    filled = make_posting(ctx, employer_id=employer, headcount=1).id
    ended = make_posting(ctx, employer_id=employer, end_date="2026-12-04").id
    closed = make_posting(ctx, employer_id=employer, status="closed").id
    draft = make_posting(ctx, employer_id=employer, status="draft").id
    freeze(client, NOW)
    hire(client, people["seekers"][0], vacant)
    hire(client, people["seekers"][1], filled)

    def listed(value: str) -> set[int]:
        response = client.get("/api/v1/postings", params={"has_vacancies": value})
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert listed("true") == {vacant}
    assert listed("false") == {filled, ended, closed, draft}
