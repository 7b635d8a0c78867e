"""Skills as clerks type them, through the real app: never a silent pick, and one skill
typed two ways is one skill."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Posting, PostingSkill, Seeker, SeekerSkill
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import (
    community,
    make_employer,
    make_station,
    posting_body,
    seeker_body,
)

SEEKERS = "/api/v1/seekers"
POSTINGS = "/api/v1/postings"


@pytest.fixture
def seeker(ctx: ServiceContext) -> dict[str, Any]:
    station = make_station(ctx)
    return seeker_body(station_id=station.id, community_id=community(ctx.session).id)


@pytest.fixture
def posting(ctx: ServiceContext) -> dict[str, Any]:
    return posting_body(employer_id=make_employer(ctx).id)


def _count(session: Session, *entities: Any) -> list[int]:
    session.expire_all()
    return [session.scalar(select(func.count()).select_from(e)) or 0 for e in entities]


def test_initials_of_several_skills_are_422_listing_the_candidates(
    client: TestClient, session: Session, seeker: dict[str, Any]
) -> None:
    before = _count(session, Seeker, SeekerSkill)

    response = client.post(SEEKERS, json=seeker | {"skills": [{"skill": "cz", "level": 2}]})

    assert response.status_code == 422
    assert problem_fields(response) == ["skills[0].skill"]
    error = response.json()["errors"][0]
    assert error["code"] == "ambiguous_skill"
    names = {candidate["name_zh"]: candidate["code"] for candidate in error["candidates"]}
    # 裁剪 is cai-jian (cj), not one of them; 搓澡 and 采摘 (a synonym of 农业采摘) are.
    assert names["搓澡"] == "bath_attendant" and names["农业采摘"] == "harvesting"
    assert "裁剪" not in names and len(names) >= 3
    assert all(candidate["name_en"] for candidate in error["candidates"])
    assert "搓澡（bath_attendant）" in error["message"]
    assert "请选择一个" in error["message"]  # Chinese unless English is asked for
    assert _count(session, Seeker, SeekerSkill) == before


def test_each_unclear_skill_of_a_posting_gets_its_own_error(
    client: TestClient, session: Session, posting: dict[str, Any]
) -> None:
    before = _count(session, Posting, PostingSkill)
    skills = [{"skill": "缝纫"}, {"skill": "jianzhi"}, {"skill": "缝纫机绣花"}, {"skill": "保洁"}]

    response = client.post(POSTINGS, json=posting | {"skills": skills})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("skills[1].skill", "ambiguous_skill"),  # 剪纸 and 剪枝 sound alike
        ("skills[2].skill", "unknown_skill"),
        ("skills[3].skill", "ambiguous_skill"),  # 家政保洁, 物业保洁 ...
    ]
    assert {c["code"] for c in errors[0]["candidates"]} == {"paper_cutting", "fruit_tree_pruning"}
    assert {"housekeeping_cleaning", "property_cleaning"} <= {
        c["code"] for c in errors[2]["candidates"]
    }
    assert "candidates" not in errors[1]
    assert _count(session, Posting, PostingSkill) == before


def test_one_skill_typed_two_ways_is_one_skill_with_the_higher_level_and_years(
    client: TestClient, session: Session, seeker: dict[str, Any]
) -> None:
    skills = [
        {"skill": "踩缝纫机", "level": 1, "years": 8},
        {"skill": "柳编", "level": 1},
        {"skill": "縫紉", "level": 3, "years": 2},
    ]

    response = client.post(SEEKERS, json=seeker | {"skills": skills})

    assert response.status_code == 201, response.text
    by_code = {s["skill"]: (s["level"], s["years"]) for s in response.json()["skills"]}
    assert by_code == {"sewing": (3, 8), "willow_weaving": (1, None)}
    session.expire_all()
    stored = session.scalars(
        select(SeekerSkill).where(SeekerSkill.seeker_id == response.json()["id"])
    ).all()
    assert sorted((link.skill.code, link.level, link.years) for link in stored) == [
        ("sewing", 3, 8),
        ("willow_weaving", 1, None),
    ]


def test_a_change_naming_one_skill_twice_stores_it_once(
    client: TestClient, session: Session, seeker: dict[str, Any]
) -> None:
    created = client.post(SEEKERS, json=seeker).json()
    skills = [{"skill": "車工", "level": 2}, {"skill": "sewing", "level": 1, "years": 4}]

    response = client.patch(f"{SEEKERS}/{created['id']}", json={"skills": skills})

    assert response.status_code == 200, response.text
    assert [(s["skill"], s["level"], s["years"]) for s in response.json()["skills"]] == [
        ("sewing", 2, 4)
    ]
    session.expire_all()
    assert (
        session.scalar(
            select(func.count())
            .select_from(SeekerSkill)
            .where(SeekerSkill.seeker_id == created["id"])
        )
        == 1
    )


def test_a_posting_asking_one_skill_twice_keeps_the_higher_minimum_and_required(
    client: TestClient, session: Session, posting: dict[str, Any]
) -> None:
    skills = [
        {"skill": "缝纫工", "min_level": 3, "required": False},
        {"skill": "sewing", "min_level": 1, "required": True},
    ]

    response = client.post(POSTINGS, json=posting | {"skills": skills})

    assert response.status_code == 201, response.text
    assert [(s["skill"], s["min_level"], s["required"]) for s in response.json()["skills"]] == [
        ("sewing", 3, True)
    ]
    session.expire_all()
    stored = session.scalars(
        select(PostingSkill).where(PostingSkill.posting_id == response.json()["id"])
    ).all()
    assert [(link.min_level, link.required) for link in stored] == [(3, True)]
