"""Subdistricts, communities and stations through the real app."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import problem_fields


def test_lists_feicheng_reference_geography(client: TestClient) -> None:
    towns = client.get("/api/v1/subdistricts", params={"limit": 200}).json()
    communities = client.get("/api/v1/communities", params={"limit": 1}).json()

    assert towns["total"] == 14
    assert {"新城街道", "王庄镇"} <= {town["name"] for town in towns["items"]}
    assert communities["total"] == 634


def test_filters_communities_by_subdistrict(client: TestClient) -> None:
    town = client.get("/api/v1/subdistricts", params={"q": "新城"}).json()["items"][0]

    page = client.get(
        "/api/v1/communities", params={"subdistrict_id": town["id"], "limit": 200}
    ).json()

    assert page["total"] == 43
    assert all(item["subdistrict_id"] == town["id"] for item in page["items"])


def test_creates_community_and_rejects_latitude_200(client: TestClient) -> None:
    town = client.get("/api/v1/subdistricts").json()["items"][0]
    body = {
        "code": "370983001999",
        "name": "测试社区",
        "kind": "residential",
        "subdistrict_id": town["id"],
        "lat": 36.1,
        "lon": 116.7,
    }

    bad = client.post("/api/v1/communities", json=body | {"lat": 200})
    good = client.post("/api/v1/communities", json=body)
    duplicate = client.post("/api/v1/communities", json=body)

    assert bad.status_code == 422 and problem_fields(bad) == ["lat"]
    assert good.status_code == 201 and good.json()["location_approximate"] is True
    assert duplicate.status_code == 409 and problem_fields(duplicate) == ["code"]


def test_opens_station_at_its_community(client: TestClient) -> None:
    community = client.get("/api/v1/communities", params={"limit": 1}).json()["items"][0]

    response = client.post(
        "/api/v1/stations",
        json={
            "code": "W370983001",
            "name": "新城街道零工服务窗口",
            "kind": "window",
            "community_id": community["id"],
        },
    )
    moved = client.patch(
        f"/api/v1/stations/{response.json()['id']}", json={"lat": 36.12, "lon": 116.74}
    )

    assert response.status_code == 201, response.text
    assert (response.json()["lat"], response.json()["lon"]) == (community["lat"], community["lon"])
    assert moved.json()["location_approximate"] is False


def test_rejects_unknown_station_kind_and_out_of_range_ids(client: TestClient) -> None:
    bad_kind = client.get("/api/v1/stations", params={"kind": "kiosk"})
    huge_id = client.get(f"/api/v1/stations/{2**40}")

    assert bad_kind.status_code == 422 and problem_fields(bad_kind) == ["kind"]
    assert huge_id.status_code == 422 and problem_fields(huge_id) == ["station_id"]
