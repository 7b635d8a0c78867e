"""The skill taxonomy and autocomplete through the real app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import make_station, seeker_body

URL = "/api/v1/skills"


def test_lists_curated_taxonomy(client: TestClient) -> None:
    page = client.get(URL, params={"limit": 1}).json()
    sewing = client.get(f"{URL}/sewing").json()

    assert page["total"] >= 150
    assert sewing["name_zh"] == "缝纫" and sewing["related"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("缝纫", "sewing"),  # Chinese name
        ("车工", "sewing"),  # Chinese synonym
        ("fengren", "sewing"),  # full pinyin
        ("feng", "sewing"),  # pinyin prefix
        ("Sewing", "sewing"),  # English, any case
        ("sewign", "sewing"),  # English typo
        ("柳编", "willow_weaving"),
        ("liubian", "willow_weaving"),
        ("叉车", "forklift"),
    ],
)
def test_autocomplete_finds_skill(client: TestClient, typed: str, expected: str) -> None:
    response = client.get(f"{URL}/autocomplete", params={"q": typed, "limit": 5})

    assert response.status_code == 200
    assert expected in [hit["code"] for hit in response.json()[:3]], response.json()


def test_autocomplete_requires_query(client: TestClient) -> None:
    response = client.get(f"{URL}/autocomplete", params={"q": ""})

    assert response.status_code == 422 and problem_fields(response) == ["q"]


def test_creates_skill_with_relations_and_new_one_is_suggested(client: TestClient) -> None:
    body = {
        "code": "walnut_shell_painting",
        "name_zh": "核桃壳彩绘",
        "name_en": "Walnut shell painting",
        "category": "handicraft",
        "synonyms_zh": ["核壳画"],
        "related": ["willow_weaving"],
    }

    response = client.post(URL, json=body)
    duplicate = client.post(URL, json=body)
    suggestions = client.get(f"{URL}/autocomplete", params={"q": "hetao"}).json()

    assert response.status_code == 201, response.text
    assert response.json()["related"] == ["willow_weaving"]
    assert "walnut_shell_painting" in client.get(f"{URL}/willow_weaving").json()["related"]
    assert "walnut_shell_painting" in [hit["code"] for hit in suggestions]
    assert duplicate.status_code == 409
    assert duplicate.json()["existing"]["href"] == f"{URL}/walnut_shell_painting"


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("category", {"category": "no_such_category"}),
        ("related[0]", {"related": ["no_such_skill"]}),
        ("code", {"code": "Bad Code"}),
        ("occupation_code", {"occupation_code": "6-05"}),
    ],
)
def test_rejects_bad_skill(client: TestClient, field: str, change: dict[str, object]) -> None:
    body = {
        "code": "new_skill",
        "name_zh": "新技能",
        "name_en": "New skill",
        "category": "garment_textile",
    }

    response = client.post(URL, json=body | change)

    assert response.status_code == 422, response.text
    assert problem_fields(response) == [field]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("sewing", "sewing"),
        ("缝纫", "sewing"),
        ("縫紉", "sewing"),
        ("車工", "sewing"),
        ("sewign", "sewing"),
        ("柳編", "willow_weaving"),
    ],
)
def test_free_text_skills_are_normalised_when_written(
    client: TestClient, ctx: ServiceContext, written: str, canonical: str
) -> None:
    station = make_station(ctx)
    body = seeker_body(
        station_id=station.id,
        community_id=station.community_id,
        skills=[{"skill": written, "level": 2}],
    )

    response = client.post("/api/v1/seekers", json=body)

    assert response.status_code == 201, response.text
    assert [s["skill"] for s in response.json()["skills"]] == [canonical]


def test_unknown_free_text_skill_is_422_with_suggestions(
    client: TestClient, ctx: ServiceContext
) -> None:
    station = make_station(ctx)
    body = seeker_body(
        station_id=station.id,
        community_id=station.community_id,
        skills=[{"skill": "缝纫机绣花"}],
    )

    response = client.post("/api/v1/seekers", json=body)

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "skills[0].skill" and error["code"] == "unknown_skill"
    assert "您是不是要找" in error["message"]
