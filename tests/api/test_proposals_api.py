"""Proposals: lifecycle, exactly-once outcomes, headcount, idempotency, employer view."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Posting, Proposal, ProposalEvent
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

URL = "/api/v1/proposals"


@pytest.fixture
def pair(ctx: ServiceContext) -> dict[str, int]:
    station = make_station(ctx)
    employer = make_employer(ctx)
    posting = make_posting(ctx, employer_id=employer.id, headcount=1)
    seekers = [make_seeker(ctx, station_id=station.id).id for _ in range(3)]
    return {
        "posting": posting.id,
        "employer": employer.id,
        "station": station.id,
        "seeker": seekers[0],
        "seeker2": seekers[1],
        "seeker3": seekers[2],
    }


def _propose(client: TestClient, seeker: int, posting: int, **headers: str) -> Any:
    return client.post(URL, json={"seeker_id": seeker, "posting_id": posting}, headers=headers)


def _move(client: TestClient, proposal: int, status: str, **extra: Any) -> Any:
    return client.post(f"{URL}/{proposal}/outcomes", json={"status": status, **extra})


def test_proposal_keeps_score_and_explanation_of_the_moment(
    client: TestClient, pair: dict[str, int]
) -> None:
    response = _propose(client, pair["seeker"], pair["posting"])

    assert response.status_code == 201, response.text
    proposal = response.json()
    assert proposal["status"] == "proposed" and proposal["model_version"]
    assert proposal["score"] is not None and 0 <= proposal["score"] <= 100
    assert "技能" in proposal["explanation"]["explanation"]["zh"]
    assert [e["to_status"] for e in proposal["events"]] == ["proposed"]


def test_full_lifecycle_to_completed(
    client: TestClient, pair: dict[str, int], session: Session
) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]

    for status in ("accepted", "interviewed", "hired", "completed"):
        response = _move(client, proposal, status)
        assert response.status_code == 200, response.text

    body = client.get(f"{URL}/{proposal}").json()
    assert [e["to_status"] for e in body["events"]] == [
        "proposed",
        "accepted",
        "interviewed",
        "hired",
        "completed",
    ]
    assert body["hired_at"] and body["ended_at"]
    session.expire_all()  # the API wrote through its own session
    posting = session.get(Posting, pair["posting"])
    assert posting is not None and posting.hires == 1


def test_invalid_transition_is_409_naming_current_state(
    client: TestClient, pair: dict[str, int]
) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]

    response = _move(client, proposal, "completed")

    assert response.status_code == 409
    assert problem_fields(response) == ["status"]
    assert response.json()["existing"]["status"] == "proposed"


def test_outcome_is_recorded_exactly_once(
    client: TestClient, pair: dict[str, int], session: Session
) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]
    _move(client, proposal, "accepted")

    again = _move(client, proposal, "accepted")

    assert again.status_code == 409
    events = session.scalar(
        select(func.count()).select_from(ProposalEvent).where(ProposalEvent.proposal_id == proposal)
    )
    assert events == 2


def test_decline_needs_a_reason(client: TestClient, pair: dict[str, int]) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]

    missing = _move(client, proposal, "declined")
    given = _move(client, proposal, "declined", reason_code="too_far", note="太远")

    assert missing.status_code == 422 and problem_fields(missing) == ["reason_code"]
    assert given.status_code == 200 and given.json()["reason_code"] == "too_far"


def test_headcount_is_never_exceeded_and_left_early_reopens(
    client: TestClient, pair: dict[str, int], session: Session
) -> None:
    first = _propose(client, pair["seeker"], pair["posting"]).json()["id"]
    second = _propose(client, pair["seeker2"], pair["posting"]).json()["id"]
    for proposal in (first, second):
        _move(client, proposal, "accepted")
    assert _move(client, first, "hired").status_code == 200

    full = _move(client, second, "hired")
    session.expire_all()
    filled = session.get(Posting, pair["posting"])
    assert full.status_code == 409
    assert filled is not None and filled.status == "filled" and filled.hires == 1

    assert _move(client, first, "left_early").status_code == 200
    session.expire_all()
    reopened = session.get(Posting, pair["posting"])
    assert reopened is not None and reopened.status == "open" and reopened.hires == 0
    assert _move(client, second, "hired").status_code == 200


def test_second_open_proposal_for_same_pair_is_409(
    client: TestClient, pair: dict[str, int]
) -> None:
    first = _propose(client, pair["seeker"], pair["posting"])

    second = _propose(client, pair["seeker"], pair["posting"])

    assert second.status_code == 409 and second.json()["existing"]["id"] == first.json()["id"]


def test_idempotency_key_replays_the_original_response(
    client: TestClient, pair: dict[str, int], session: Session
) -> None:
    key = {"Idempotency-Key": "clerk-7-retry-0001"}

    first = _propose(client, pair["seeker"], pair["posting"], **key)
    replay = _propose(client, pair["seeker"], pair["posting"], **key)
    other_body = _propose(client, pair["seeker2"], pair["posting"], **key)

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert other_body.status_code == 422 and problem_fields(other_body) == ["Idempotency-Key"]
    assert session.scalar(select(func.count(Proposal.id))) == 1


def test_employer_sees_candidate_card_not_identity(
    client: TestClient, anonymous: TestClient, ctx: ServiceContext, pair: dict[str, int]
) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]
    token = token_for(ctx, make_user(ctx, role=Role.employer, employer_id=pair["employer"]))

    before = anonymous.get(f"{URL}/{proposal}", headers=bearer(token)).json()
    for status in ("accepted", "hired"):
        _move(client, proposal, status)
    after = anonymous.get(f"{URL}/{proposal}", headers=bearer(token)).json()

    assert before["seeker_id"] is None and before["candidate"]["phone"] is None
    assert "****" in before["candidate"]["phone_masked"] and before["candidate"]["distance_band"]
    assert after["candidate"]["phone"] and len(after["candidate"]["phone"]) == 11


def test_employer_cannot_make_the_seekers_decisions(
    anonymous: TestClient, client: TestClient, ctx: ServiceContext, pair: dict[str, int]
) -> None:
    proposal = _propose(client, pair["seeker"], pair["posting"]).json()["id"]
    token = token_for(ctx, make_user(ctx, role=Role.employer, employer_id=pair["employer"]))

    response = anonymous.post(
        f"{URL}/{proposal}/outcomes", json={"status": "accepted"}, headers=bearer(token)
    )

    assert response.status_code == 403
