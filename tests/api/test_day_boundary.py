"""One clock, one "today": the city's local date decides every day, through the real app.

The app's clock is frozen at 2026-12-04 16:30 UTC, which is already 00:30 on 5 December
in 肥城 (UTC+8): the machine's UTC date would still say the 4th.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Proposal
from matching.services.context import ServiceContext
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
    resident_id,
)
from tests.support.flows import freeze, hire

AFTER_MIDNIGHT = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)
"""00:30 on 5 December in 肥城."""
AFTERNOON_BEFORE = datetime(2026, 12, 4, 8, tzinfo=UTC)
"""16:00 on 4 December in 肥城: the day before."""


@pytest.fixture
def place(ctx: ServiceContext) -> dict[str, Any]:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    return {"home": home, "station": station.id, "employer": employer.id}


def _seeker(ctx: ServiceContext, place: dict[str, Any], **overrides: Any) -> int:
    home = place["home"]
    return make_seeker(ctx, station_id=place["station"], lat=home.lat, lon=home.lon, **overrides).id


def _posting(ctx: ServiceContext, place: dict[str, Any], **overrides: Any) -> int:
    home = place["home"]
    return make_posting(
        ctx, employer_id=place["employer"], lat=home.lat + 0.002, lon=home.lon, **overrides
    ).id


def test_hire_after_local_midnight_counts_in_the_default_report_period(
    client: TestClient, ctx: ServiceContext, session: Session, place: dict[str, Any]
) -> None:
    seeker, posting = _seeker(ctx, place), _posting(ctx, place)
    freeze(client, AFTER_MIDNIGHT)

    proposal_id = hire(client, seeker, posting)
    report = client.get("/api/v1/reports/placements")

    assert report.status_code == 200, report.text
    body = report.json()
    assert body["period"]["to_date"] == "2026-12-05"
    assert (body["total_people"], body["total_placements"]) == (1, 1)
    session.expire_all()
    stored = session.scalar(select(Proposal.hired_at).where(Proposal.id == proposal_id))
    assert stored == AFTER_MIDNIGHT


def test_posting_whose_end_date_was_the_local_yesterday_reads_ended(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    ended = _posting(ctx, place, end_date="2026-12-04")
    last_day = _posting(ctx, place, end_date="2026-12-05")
    freeze(client, AFTER_MIDNIGHT)

    statuses = {
        posting: client.get(f"/api/v1/postings/{posting}").json()["status"]
        for posting in (ended, last_day)
    }

    assert statuses == {ended: "ended", last_day: "open"}


def test_ages_are_taken_on_the_local_date(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    """Heavy work stops at 60 (``heavy_work_max_age``): she turns 61 on 5 December."""
    seeker = _seeker(ctx, place, resident_id=resident_id(birth="19651205"))
    heavy = _posting(ctx, place, physical_demand="heavy")
    url = f"/api/v1/postings/{heavy}/matches"

    freeze(client, AFTERNOON_BEFORE)
    before = client.get(url).json()["items"]
    freeze(client, AFTER_MIDNIGHT)
    after = client.get(url).json()["items"]

    assert [(item["seeker"]["id"], item["seeker"]["age"]) for item in before] == [(seeker, 60)]
    assert after == []


def _recent_placement(client: TestClient, seeker: int, posting: int) -> float:
    matches = client.get(f"/api/v1/postings/{posting}/matches").json()["items"]
    (item,) = [item for item in matches if item["seeker"]["id"] == seeker]
    (factor,) = [f for f in item["factors"] if f["code"] == "fairness.recent_placement"]
    return float(factor["contribution"])


def test_recently_placed_counts_days_in_the_local_calendar(
    client: TestClient, ctx: ServiceContext, place: dict[str, Any]
) -> None:
    """Hired at 10:00 on 4 November in 肥城: 30 days before 4 December, 31 before the 5th."""
    seeker = _seeker(ctx, place)
    first, second = _posting(ctx, place), _posting(ctx, place)
    freeze(client, datetime(2026, 11, 4, 2, tzinfo=UTC))
    proposal = hire(client, seeker, first)
    done = client.post(f"/api/v1/proposals/{proposal}/outcomes", json={"status": "completed"})
    assert done.status_code == 200, done.text

    freeze(client, AFTERNOON_BEFORE)
    on_the_4th = _recent_placement(client, seeker, second)
    freeze(client, AFTER_MIDNIGHT)
    on_the_5th = _recent_placement(client, seeker, second)

    assert on_the_4th < 0 and on_the_5th == 0
