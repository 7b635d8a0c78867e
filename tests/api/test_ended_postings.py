"""Ended postings (past their end date) are not open, with no job at midnight to say so.

Through the real app, its clock frozen at 00:30 on 5 December 2026 in 肥城; "ended
yesterday" is an ``end_date`` of 4 December.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from matching.db.models import Posting, Proposal
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)
from tests.support.flows import freeze, hire, propose

NOW = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)
"""00:30 on 5 December in 肥城."""
YESTERDAY, TODAY = "2026-12-04", "2026-12-05"


@pytest.fixture
def place(ctx: ServiceContext) -> dict[str, Any]:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    # Free every day: an end date today leaves only today's hours to work (a hard limit).
    every_day = {day: ["07:00-19:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    seeker = make_seeker(
        ctx, station_id=station.id, lat=home.lat, lon=home.lon, availability=every_day
    )
    return {"home": home, "employer": employer.id, "seeker": seeker.id}


def _posting(ctx: ServiceContext, place: dict[str, Any], **overrides: Any) -> int:
    """A posting near her; flexible hours, as a window ending today may have no weekday
    hours left to work (and the hours are a hard limit)."""
    home = place["home"]
    overrides.setdefault("schedule", None)
    return make_posting(
        ctx, employer_id=place["employer"], lat=home.lat + 0.002, lon=home.lon, **overrides
    ).id


def _ids(client: TestClient, **params: Any) -> set[int]:
    response = client.get("/api/v1/postings", params=params)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_ended_posting_reads_ended_in_detail_list_and_filters(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    ended = _posting(ctx, place, end_date=YESTERDAY)
    current = _posting(ctx, place, end_date=TODAY)
    freeze(client, NOW)

    detail = client.get(f"/api/v1/postings/{ended}").json()
    listed = {item["id"]: item["status"] for item in client.get("/api/v1/postings").json()["items"]}

    assert (detail["status"], detail["vacancies"]) == ("ended", 0)
    assert listed == {ended: "ended", current: "open"}
    assert _ids(client, status="ended") == {ended}
    assert _ids(client, status="open") == {current}


def test_ended_is_not_a_status_a_client_sets(
    client: TestClient, ctx: ServiceContext, session: Session, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place)

    response = client.patch(f"/api/v1/postings/{posting}", json={"status": "ended"})

    assert response.status_code == 422, response.text
    assert problem_fields(response) == ["status"]
    session.expire_all()
    assert session.scalar(select(Posting.status).where(Posting.id == posting)) == "open"


def test_match_list_of_an_ended_posting_says_why(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place, end_date=YESTERDAY)
    freeze(client, NOW)

    response = client.get(f"/api/v1/postings/{posting}/matches")

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["items"], body["referrals"], body["suggestions"]) == ([], [], [])
    assert body["unavailable"]["code"] == "posting.ended"
    assert "2026-12-04" in body["unavailable"]["message"]["zh"]
    assert "结束" in body["unavailable"]["message"]["zh"]
    assert body["unavailable"]["message"]["en"].startswith("The posting ended on 2026-12-04")


@pytest.mark.parametrize(
    ("status", "code"), [("closed", "posting.closed"), ("draft", "posting.draft")]
)
def test_match_list_of_a_closed_or_draft_posting_says_why(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any], status: str, code: str
) -> None:
    posting = _posting(ctx, place, status=status)

    body = client.get(f"/api/v1/postings/{posting}/matches").json()

    assert body["items"] == [] and body["unavailable"]["code"] == code
    assert body["unavailable"]["message"]["zh"] != body["unavailable"]["message"]["en"]


def test_match_list_of_a_filled_posting_says_why(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place, headcount=1)
    hire(client, place["seeker"], posting)

    body = client.get(f"/api/v1/postings/{posting}/matches").json()

    assert body["items"] == [] and body["unavailable"]["code"] == "posting.full"


def test_match_list_of_an_open_posting_has_no_reason(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place, end_date=TODAY)
    freeze(client, NOW)

    body = client.get(f"/api/v1/postings/{posting}/matches").json()

    assert body["unavailable"] is None
    assert [item["seeker"]["id"] for item in body["items"]] == [place["seeker"]]


def test_seeker_match_list_never_offers_an_ended_posting(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    ended = _posting(ctx, place, end_date=YESTERDAY)
    current = _posting(ctx, place, end_date=TODAY)
    freeze(client, NOW)

    items = client.get(f"/api/v1/seekers/{place['seeker']}/matches").json()["items"]

    offered = {item["posting"]["id"] for item in items}
    assert current in offered and ended not in offered


def test_proposing_to_an_ended_posting_is_a_conflict_naming_posting_id(
    client: TestClient, ctx: ServiceContext, session: Session, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place, end_date=YESTERDAY)
    freeze(client, NOW)

    response = client.post(
        "/api/v1/proposals", json={"seeker_id": place["seeker"], "posting_id": posting}
    )

    assert response.status_code == 409, response.text
    assert problem_fields(response) == ["posting_id"]
    assert response.json()["errors"][0]["code"] == "ended"
    assert "2026-12-04" in response.json()["detail"]
    session.expire_all()
    assert session.scalar(select(func.count(Proposal.id))) == 0


def test_a_hire_after_the_posting_ended_is_a_conflict(
    client: TestClient, ctx: ServiceContext, session: Session, place: dict[str, Any]
) -> None:
    posting = _posting(ctx, place, end_date=YESTERDAY)
    freeze(client, datetime(2026, 12, 4, 8, tzinfo=UTC))  # the last day, in 肥城
    proposal = propose(client, place["seeker"], posting, "accepted")
    freeze(client, NOW)

    response = client.post(f"/api/v1/proposals/{proposal}/outcomes", json={"status": "hired"})

    assert response.status_code == 409, response.text
    assert problem_fields(response) == ["status"]
    session.expire_all()
    assert session.scalar(select(Posting.hires).where(Posting.id == posting)) == 0
    assert session.scalar(select(Proposal.status).where(Proposal.id == proposal)) == "accepted"


def test_ended_postings_leave_the_open_vacancy_count(
    client: TestClient, ctx: ServiceContext, session: Session, place: dict[str, Any]
) -> None:
    ended = _posting(ctx, place, end_date=YESTERDAY, headcount=3)
    current = _posting(ctx, place, end_date=TODAY, headcount=2)
    published = datetime(2026, 12, 1, 2, tzinfo=UTC)  # inside the default period
    session.execute(
        update(Posting).where(Posting.id.in_([ended, current])).values(created_at=published)
    )
    session.commit()
    freeze(client, NOW)

    report = client.get("/api/v1/reports/vacancies", params={"group_by": "work_mode"})

    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["postings"], body["vacancies"], body["open_vacancies"]) == (2, 5, 2)
