"""No-shows and early leaves are counted, shown with matches, and can be cleared (audited)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import AuditEvent
from matching.services.context import ServiceContext
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)


def test_no_show_is_counted_shown_and_clearable(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    first = make_posting(ctx, employer_id=employer.id, lat=home.lat, lon=home.lon, schedule=None)
    second = make_posting(ctx, employer_id=employer.id, lat=home.lat, lon=home.lon, schedule=None)
    seeker = make_seeker(ctx, station_id=station.id, lat=home.lat, lon=home.lon)
    proposal = client.post(
        "/api/v1/proposals", json={"seeker_id": seeker.id, "posting_id": first.id}
    ).json()["id"]
    for status in ("accepted", "no_show"):
        client.post(f"/api/v1/proposals/{proposal}/outcomes", json={"status": status})

    listed = client.get(f"/api/v1/postings/{second.id}/matches").json()["items"]
    cleared = client.post(
        f"/api/v1/seekers/{seeker.id}/reliability-override", json={"reason": "因病缺席，已核实"}
    )
    after = client.get(f"/api/v1/postings/{second.id}/matches").json()["items"]
    for_seeker = client.get(f"/api/v1/seekers/{seeker.id}/matches").json()["items"]

    assert listed[0]["reliability"]["no_shows"] == 1
    assert cleared.status_code == 200 and cleared.json()["no_shows"] == 0
    assert after[0]["reliability"] == {
        "no_shows": 0,
        "left_early": 0,
        "cleared_at": cleared.json()["cleared_at"],
    }
    assert for_seeker[0]["employer_reliability"] == {"left_early": 0, "rejected": 0}
    overrides = session.scalars(select(AuditEvent).where(AuditEvent.action == "override")).all()
    assert [(row.reason, row.seeker_id) for row in overrides] == [("", seeker.id)]
    audit = client.get("/api/v1/audit-events", params={"action": "override"}).json()["items"]
    assert [item["reason"] for item in audit] == ["因病缺席，已核实"]


def test_outcomes_after_a_clearance_count_again(client: TestClient, ctx: ServiceContext) -> None:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    postings = [
        make_posting(ctx, employer_id=employer.id, lat=home.lat, lon=home.lon, schedule=None)
        for _ in range(3)
    ]
    seeker = make_seeker(ctx, station_id=station.id, lat=home.lat, lon=home.lon)

    def outcome(posting_id: int, *steps: str) -> None:
        body = {"seeker_id": seeker.id, "posting_id": posting_id}
        proposal = client.post("/api/v1/proposals", json=body).json()["id"]
        for status in steps:
            answer = client.post(f"/api/v1/proposals/{proposal}/outcomes", json={"status": status})
            assert answer.status_code == 200, answer.json()

    outcome(postings[0].id, "accepted", "no_show")
    client.post(f"/api/v1/seekers/{seeker.id}/reliability-override", json={"reason": "已核实"})
    outcome(postings[1].id, "accepted", "hired", "left_early")

    items = client.get(f"/api/v1/postings/{postings[2].id}/matches").json()["items"]

    assert [item["seeker"]["id"] for item in items] == [seeker.id]
    assert items[0]["reliability"]["no_shows"] == 0
    assert items[0]["reliability"]["left_early"] == 1
    assert items[0]["reliability"]["cleared_at"] is not None
