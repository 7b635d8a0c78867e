"""Referrals reach someone: a station without a clerk routes them to its subdistrict's window."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.enums import ClerkScope, Role
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import community, make_posting, make_seeker, make_station

HOME = "370983001001"  # 新城街道
NEIGHBOUR = "370983001002"  # 新城街道 too
FAR_TOWN = "370983105001"  # 湖屯镇


@pytest.fixture
def town(ctx: ServiceContext) -> dict[str, Any]:
    home = community(ctx.session, code=HOME)
    service_station = make_station(
        ctx, community_code=HOME, kind="service_station", name="河东社区就业服务驿站"
    )
    window = make_station(ctx, community_code=NEIGHBOUR, name="新城街道零工服务窗口")
    # Community scope: the window clerk does not see the seeker's community, only the referral.
    window_clerk = make_user(
        ctx, role=Role.clerk, station_id=window.id, clerk_scope=ClerkScope.community
    )
    seeker = make_seeker(
        ctx,
        station_id=service_station.id,
        community_id=home.id,
        lat=home.lat,
        lon=home.lon,
        skills=[{"skill": "sewing", "level": 3}],
    )
    posting = make_posting(ctx, lat=home.lat + 0.005, lon=home.lon, skills=[{"skill": "sewing"}])
    elsewhere = make_station(ctx, community_code=FAR_TOWN, name="湖屯镇零工服务窗口")
    referrer = make_user(ctx, role=Role.clerk, station_id=elsewhere.id)
    return {
        "service_station": service_station.id,
        "window": window.id,
        "window_clerk": token_for(ctx, window_clerk),
        "referrer": token_for(ctx, referrer),
        "seeker": seeker.id,
        "posting": posting.id,
    }


def _refer(anonymous: TestClient, town: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    body = anonymous.get(
        f"/api/v1/postings/{town['posting']}/matches", headers=bearer(town["referrer"])
    ).json()
    card = body["referrals"][0]["referral"]
    sent = anonymous.post(
        "/api/v1/referrals",
        headers=bearer(town["referrer"]),
        json={"referral_ref": card["referral_ref"]},
    )
    assert sent.status_code == 201, sent.text
    return card, sent.json()


def test_referral_to_a_station_without_clerk_lands_at_the_window(
    anonymous: TestClient, town: dict[str, Any]
) -> None:
    card, referral = _refer(anonymous, town)

    assert card["station_id"] == town["window"] and card["station_name"] == "新城街道零工服务窗口"
    assert referral["to_station_id"] == town["window"]
    seen = anonymous.get("/api/v1/referrals", headers=bearer(town["window_clerk"])).json()
    assert [item["id"] for item in seen["items"]] == [referral["id"]]
    answered = anonymous.patch(
        f"/api/v1/referrals/{referral['id']}",
        headers=bearer(town["window_clerk"]),
        json={"status": "proposed"},
    )
    assert answered.status_code == 200, answered.text


def test_station_with_a_clerk_keeps_its_referrals(
    anonymous: TestClient, ctx: ServiceContext, town: dict[str, Any]
) -> None:
    own = make_user(ctx, role=Role.clerk, station_id=town["service_station"])

    card, referral = _refer(anonymous, town)

    assert card["station_id"] == referral["to_station_id"] == town["service_station"]
    seen = anonymous.get("/api/v1/referrals", headers=bearer(token_for(ctx, own))).json()
    assert [item["id"] for item in seen["items"]] == [referral["id"]]
    window = anonymous.get("/api/v1/referrals", headers=bearer(town["window_clerk"])).json()
    assert window["items"] == []


def test_inactive_clerk_does_not_hold_referrals(
    anonymous: TestClient, ctx: ServiceContext, town: dict[str, Any]
) -> None:
    away = make_user(ctx, role=Role.clerk, station_id=town["service_station"])
    away.active = False
    ctx.session.flush()

    _card, referral = _refer(anonymous, town)

    assert referral["to_station_id"] == town["window"]
