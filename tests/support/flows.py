"""Steps through the real app that several tests take: freeze its clock, make a hire."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from matching.clock import FrozenClock


def freeze(client: TestClient, at: datetime) -> None:
    """Make the app's one clock stand still at ``at`` (an aware instant)."""
    client.app.state.clock = FrozenClock(at=at)  # type: ignore[attr-defined]


def propose(client: TestClient, seeker: int, posting: int, *through: str) -> int:
    """Propose ``seeker`` for ``posting`` and move the proposal ``through`` these statuses."""
    response = client.post("/api/v1/proposals", json={"seeker_id": seeker, "posting_id": posting})
    assert response.status_code == 201, response.text
    proposal_id: int = response.json()["id"]
    for status in through:
        moved = client.post(f"/api/v1/proposals/{proposal_id}/outcomes", json={"status": status})
        assert moved.status_code == 200, moved.text
    return proposal_id


def hire(client: TestClient, seeker: int, posting: int) -> int:
    """Propose, accept and hire; the proposal's id."""
    return propose(client, seeker, posting, "accepted", "hired")
