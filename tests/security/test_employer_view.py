"""What an employer sees of a proposed candidate: enough to decide, nothing that locates her.

Before a hire: her masked name, the posting's skills she has with levels in words, a
distance band and her reliability in words; no score, factor values, stored explanation,
seeker id, clerk user id, exact distance or travel time. After a hire: name and phone.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

URL = "/api/v1/proposals"
EXACT_DISTANCE = re.compile(r"\d+(\.\d+)?\s*(公里|km|分钟|min)")


@pytest.fixture
def proposed(client: TestClient, ctx: ServiceContext) -> dict[str, Any]:
    station = make_station(ctx)
    employer = make_employer(ctx)
    posting = make_posting(ctx, employer_id=employer.id, headcount=2)
    seeker = make_seeker(ctx, station_id=station.id, name="韩秀云")
    response = client.post(URL, json={"seeker_id": seeker.id, "posting_id": posting.id})
    assert response.status_code == 201, response.text
    token = token_for(ctx, make_user(ctx, role=Role.employer, employer_id=employer.id))
    return {"proposal": response.json()["id"], "seeker": seeker.id, "token": token}


def _as_employer(anonymous: TestClient, proposed: dict[str, Any]) -> dict[str, Any]:
    response = anonymous.get(f"{URL}/{proposed['proposal']}", headers=bearer(proposed["token"]))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_before_a_hire_employer_sees_no_score_ids_or_exact_distance(
    anonymous: TestClient, proposed: dict[str, Any]
) -> None:
    body = _as_employer(anonymous, proposed)

    assert body["seeker_id"] is None and body["proposed_by_user_id"] is None
    assert body["score"] is None and body["explanation"] == {}
    assert all(event["actor_user_id"] is None for event in body["events"])
    candidate = body["candidate"]
    assert candidate["name"] == "韩**" and candidate["phone"] is None
    assert candidate["skills"] == ["缝纫（熟练）"] and candidate["distance_band"]
    assert candidate["reliability_zh"] == "以往推荐均按约到岗"
    banded = json.dumps(body, ensure_ascii=False).replace(candidate["distance_band"], "")
    assert EXACT_DISTANCE.search(banded) is None
    assert "韩秀云" not in json.dumps(body, ensure_ascii=False)


def test_after_the_hire_employer_sees_name_and_phone(
    anonymous: TestClient, client: TestClient, proposed: dict[str, Any]
) -> None:
    for status in ("accepted", "hired"):
        moved = client.post(f"{URL}/{proposed['proposal']}/outcomes", json={"status": status})
        assert moved.status_code == 200, moved.text

    candidate = _as_employer(anonymous, proposed)["candidate"]

    assert candidate["name"] == "韩秀云"
    assert candidate["phone"] and len(candidate["phone"]) == 11


def test_withdrawn_consent_withholds_the_candidate(
    anonymous: TestClient, client: TestClient, proposed: dict[str, Any]
) -> None:
    withdrawn = client.post(
        f"/api/v1/seekers/{proposed['seeker']}/consents",
        json={"scope": "data_use", "granted": False, "reason": "本人要求"},
    )
    assert withdrawn.status_code == 200, withdrawn.text

    candidate = _as_employer(anonymous, proposed)["candidate"]

    assert candidate["withheld"] is True
    assert candidate["name"] is None and candidate["skills"] == []
    assert candidate["phone_masked"] is None and candidate["distance_band"] is None
