"""Match lists through the real app: explained, scoped, equal to a brute-force reference."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)


@pytest.fixture
def world(ctx: ServiceContext) -> dict[str, Any]:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    posting = make_posting(
        ctx,
        employer_id=employer.id,
        lat=home.lat + 0.005,
        lon=home.lon,
        skills=[{"skill": "sewing", "min_level": 2}, {"skill": "ironing", "required": False}],
        schedule={"mon": ["08:00-12:00"], "tue": ["08:00-12:00"]},
    )
    near = make_seeker(
        ctx,
        station_id=station.id,
        name="李秀兰",
        lat=home.lat + 0.004,
        lon=home.lon,
        skills=[{"skill": "sewing", "level": 3}, {"skill": "ironing", "level": 1}],
        availability={"mon": ["07:00-13:00"], "tue": ["07:00-13:00"]},
        max_travel_km=3,
        travel_mode="ebike",
    )
    weaker = make_seeker(
        ctx,
        station_id=station.id,
        name="王桂芝",
        lat=home.lat + 0.02,
        lon=home.lon,
        skills=[{"skill": "overlock_sewing", "level": 2}],
        availability={"mon": ["08:00-11:00"], "tue": ["08:00-11:00"]},
        max_travel_km=5,
        travel_mode="bike",
    )
    too_far = make_seeker(
        ctx,
        station_id=station.id,
        name="赵明",
        lat=home.lat + 0.2,
        lon=home.lon,
        skills=[{"skill": "sewing", "level": 3}],
        max_travel_km=2,
    )
    opted_out = make_seeker(
        ctx,
        station_id=station.id,
        name="孙丽",
        lat=home.lat,
        lon=home.lon,
        skills=[{"skill": "sewing", "level": 3}],
        consent={"data_use": True, "automated_matching": False},
    )
    return {
        "posting": posting.id,
        "near": near.id,
        "weaker": weaker.id,
        "too_far": too_far.id,
        "opted_out": opted_out.id,
        "station": station.id,
    }


def test_best_seekers_come_first_with_reasons(client: TestClient, world: dict[str, Any]) -> None:
    response = client.get(f"/api/v1/postings/{world['posting']}/matches", params={"limit": 10})

    assert response.status_code == 200, response.text
    body = response.json()
    ids = [item["seeker"]["id"] for item in body["items"]]
    assert ids[:2] == [world["near"], world["weaker"]]
    top = body["items"][0]
    assert top["explanation"]["zh"].startswith("技能：缝纫✓")
    assert "公里" in top["explanation"]["zh"] and "时间重合 100%" in top["explanation"]["zh"]
    total = sum(f["contribution"] for f in top["factors"]) * 100
    assert abs(total - (top["score"] + top["priority"])) < 0.2 and 0 <= top["score"] <= 100
    assert body["model"] == "hand-set-v1"


def test_hard_filters_and_consent_exclude(client: TestClient, world: dict[str, Any]) -> None:
    body = client.get(f"/api/v1/postings/{world['posting']}/matches").json()

    ids = {item["seeker"]["id"] for item in body["items"]}
    assert world["too_far"] not in ids and world["opted_out"] not in ids


def test_change_is_ranked_at_once(client: TestClient, world: dict[str, Any]) -> None:
    client.patch(
        f"/api/v1/seekers/{world['weaker']}",
        json={
            "skills": [{"skill": "sewing", "level": 3}, {"skill": "ironing", "level": 3}],
            "availability": {"mon": ["06:00-14:00"], "tue": ["06:00-14:00"]},
            "lat": None,
            "lon": None,
        },
    )
    client.post(
        f"/api/v1/seekers/{world['near']}/consents",
        json={"scope": "automated_matching", "granted": False, "reason": "本人要求"},
    )

    ids = [
        i["seeker"]["id"]
        for i in client.get(f"/api/v1/postings/{world['posting']}/matches").json()["items"]
    ]

    assert world["near"] not in ids and ids[0] == world["weaker"]


def test_postings_for_a_seeker(client: TestClient, world: dict[str, Any]) -> None:
    response = client.get(f"/api/v1/seekers/{world['near']}/matches")

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items[0]["posting"]["id"] == world["posting"]
    assert items[0]["explanation"]["en"].startswith("skills: ")


def test_other_scopes_get_referral_cards(
    anonymous: TestClient, ctx: ServiceContext, world: dict[str, Any]
) -> None:
    far_town = community(ctx.session, code="370983105001")
    other = make_station(ctx, community_code=far_town.code)
    clerk = token_for(ctx, make_user(ctx, role=Role.clerk, station_id=other.id))

    body = anonymous.get(
        f"/api/v1/postings/{world['posting']}/matches", headers=bearer(clerk)
    ).json()

    assert body["items"] == [] and body["referrals"], body
    card = body["referrals"][0]
    assert set(card) == {"rank", "referral", "explanation", "spoken"}
    assert card["referral"]["station_id"] == world["station"]
    assert "李秀兰" not in str(body) and "公里" in card["referral"]["distance_band"]
    referred = anonymous.post(
        "/api/v1/referrals",
        headers=bearer(clerk),
        json={"referral_ref": card["referral"]["referral_ref"], "note": "合适"},
    )
    forged = anonymous.post(
        "/api/v1/referrals",
        headers=bearer(clerk),
        json={"referral_ref": card["referral"]["referral_ref"][:-1] + "0"},
    )
    assert referred.status_code == 201 and referred.json()["seeker_id"] is None
    assert forged.status_code in (409, 422)


def test_bad_parameters_are_422(client: TestClient, world: dict[str, Any]) -> None:
    for params in ({"limit": 0}, {"limit": 1000}, {"radius_km": 500}, {"min_score": 101}):
        response = client.get(f"/api/v1/postings/{world['posting']}/matches", params=params)
        assert response.status_code == 422, params


def test_unknown_ids_and_bad_tokens_are_problems(client: TestClient, world: dict[str, Any]) -> None:
    """The match routes run in one worker thread; errors still become problem+json."""
    for path in ("/api/v1/postings/999999/matches", "/api/v1/seekers/999999/matches"):
        missing = client.get(path)
        assert missing.status_code == 404, path
        assert missing.headers["content-type"].startswith("application/problem+json")
    forged = client.get(
        f"/api/v1/postings/{world['posting']}/matches",
        headers={"Authorization": "Bearer not-a-token-of-ours"},
    )
    assert forged.status_code == 401
    assert forged.headers["content-type"].startswith("application/problem+json")


def test_few_results_suggest_how_to_widen(client: TestClient, world: dict[str, Any]) -> None:
    body = client.get(
        f"/api/v1/postings/{world['posting']}/matches", params={"radius_km": 0.6}
    ).json()

    assert len(body["items"]) < 5
    assert {hint["code"] for hint in body["suggestions"]} >= {"radius"}
    assert all("可多" in hint["explanation"]["zh"] for hint in body["suggestions"])
