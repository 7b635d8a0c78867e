"""Domain and HTTP problems in the language of ``Accept-Language``, with statuses named."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from matching.config import Settings
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import PASSWORD, make_user
from tests.support.factories import make_posting, make_seeker, make_station

ZH = {"Accept-Language": "zh-CN"}
EN = {"Accept-Language": "en"}


def _problem(response: Any) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_unknown_seeker_is_named_in_the_requested_language(client: TestClient) -> None:
    chinese = client.get("/api/v1/seekers/10001", headers=ZH)
    english = client.get("/api/v1/seekers/10001", headers=EN)

    assert chinese.status_code == english.status_code == 404
    zh, en = _problem(chinese), _problem(english)
    assert (zh["title"], zh["detail"]) == ("未找到", "求职者 10001 不存在")
    assert (en["title"], en["detail"]) == ("Not Found", "seeker 10001 not found")
    assert chinese.headers["content-language"] == "zh-CN"
    assert english.headers["content-language"] == "en"


def test_quality_values_pick_the_language(client: TestClient) -> None:
    response = client.get("/api/v1/seekers/10001", headers={"Accept-Language": "zh;q=0.4, en"})

    assert _problem(response)["detail"] == "seeker 10001 not found"
    assert response.headers["content-language"] == "en"


def test_unknown_reference_names_the_field_in_chinese(
    client: TestClient, ctx: ServiceContext
) -> None:
    posting = make_posting(ctx)

    response = client.patch(f"/api/v1/postings/{posting.id}", json={"community_id": 999_999})

    assert response.status_code == 422
    assert _problem(response)["errors"] == [
        {"field": "community_id", "code": "not_found", "message": "社区/村 999999 不存在"}
    ]


def test_a_refused_transition_names_both_statuses_in_chinese(
    client: TestClient, ctx: ServiceContext
) -> None:
    station = make_station(ctx)
    seeker = make_seeker(ctx, station_id=station.id)
    posting = make_posting(ctx)
    proposal = client.post(
        "/api/v1/proposals", json={"seeker_id": seeker.id, "posting_id": posting.id}
    ).json()
    url = f"/api/v1/proposals/{proposal['id']}/outcomes"

    chinese = client.post(url, json={"status": "completed"}, headers=ZH)
    english = client.post(url, json={"status": "completed"}, headers=EN)

    assert chinese.status_code == english.status_code == 409
    assert _problem(chinese)["detail"] == "推荐当前状态为 已推荐，不能变为 已完工"
    assert _problem(chinese)["errors"][0] == {
        "field": "status",
        "code": "invalid_transition",
        "message": "当前状态：已推荐",
    }
    assert _problem(english)["detail"] == "The proposal is proposed: it cannot become completed"


def test_routing_errors_speak_the_requested_language(client: TestClient) -> None:
    chinese = client.get("/api/v1/nowhere", headers=ZH)
    english = client.put("/api/v1/seekers", headers=EN)

    assert (chinese.status_code, _problem(chinese)["detail"]) == (404, "没有这个地址")
    assert (english.status_code, _problem(english)["title"]) == (405, "Method Not Allowed")
    assert _problem(english)["detail"] == "Method not allowed"


def test_an_oversized_body_is_refused_in_the_requested_language(
    client: TestClient, settings: Settings
) -> None:
    limit = settings.max_body_bytes
    body = b"x" * (limit + 1)

    chinese = client.post("/api/v1/seekers", content=body, headers=ZH)
    english = client.post("/api/v1/seekers", content=body, headers=EN)

    assert chinese.status_code == english.status_code == 413
    assert _problem(chinese)["detail"] == f"请求内容超过 {limit} 字节"
    assert _problem(english)["errors"][0]["message"] == f"The request body exceeds {limit} bytes"
    assert english.headers["content-language"] == "en"


def test_a_failed_sign_in_speaks_the_requested_language(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    user = make_user(ctx, role=Role.clerk, station_id=make_station(ctx).id)
    wrong = {"username": user.username, "password": PASSWORD + "x"}

    chinese = anonymous.post("/api/v1/auth/login", json=wrong, headers=ZH)
    english = anonymous.post("/api/v1/auth/login", json=wrong, headers=EN)

    assert chinese.status_code == english.status_code == 401
    assert _problem(chinese)["detail"] == "用户名或密码错误"
    assert _problem(english)["errors"] == [
        {"field": "password", "code": "invalid", "message": "Wrong username or password"}
    ]
