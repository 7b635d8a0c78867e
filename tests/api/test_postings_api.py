"""Publishing and changing postings through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Posting, PostingSkill
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import make_employer, posting_body

URL = "/api/v1/postings"


@pytest.fixture
def body(ctx: ServiceContext) -> dict[str, Any]:
    employer = make_employer(ctx)
    ctx.session.commit()
    return posting_body(employer_id=employer.id)


def _counts(session: Session) -> tuple[int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count(Posting.id))) or 0,
        session.scalar(select(func.count()).select_from(PostingSkill)) or 0,
    )


def test_publishes_posting_at_employer_place(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post(URL, json=body)

    assert response.status_code == 201, response.text
    posting = response.json()
    assert posting["status"] == "open" and posting["headcount"] == 3
    assert posting["skills"] == [
        {
            "skill": "sewing",
            "name_zh": "缝纫",
            "name_en": posting["skills"][0]["name_en"],
            "min_level": 2,
            "required": True,
        }
    ]
    assert posting["schedule"] == {"mon": ["08:00-11:30"], "tue": ["08:00-11:30"]}
    employer = client.get(f"/api/v1/employers/{body['employer_id']}").json()
    assert (posting["lat"], posting["lon"]) == (employer["lat"], employer["lon"])


def test_publishes_take_home_piecework_without_schedule(
    client: TestClient, body: dict[str, Any]
) -> None:
    piecework = body | {
        "work_mode": "take_home",
        "schedule": None,
        "pay_yuan": 0.35,
        "pay_unit": "piece",
        "physical_demand": "sedentary",
        "skills": [{"skill": "sewing", "required": False}],
    }

    response = client.post(URL, json=piecework)

    assert response.status_code == 201, response.text
    assert response.json()["schedule"] is None and response.json()["pay_yuan"] == 0.35


BAD_INPUTS = [
    ("headcount", {"headcount": 0}),
    ("headcount", {"headcount": False}),
    ("headcount", {"headcount": "3"}),
    ("pay_yuan", {"pay_yuan": -1}),
    ("skills[0].skill", {"skills": [{"skill": "no_such_skill"}]}),
    ("skills[1].skill", {"skills": [{"skill": "sewing"}, {"skill": "cz"}]}),  # ambiguous
    ("schedule.mon[0]", {"schedule": {"mon": ["25:00-26:00"]}}),
    ("lat", {"lat": 200, "lon": 116.7}),
    ("employer_id", {"employer_id": 999_999}),
    ("end_date", {"start_date": "2027-06-10", "end_date": "2027-06-01"}),
    ("start_date", {"start_date": 20270610}),
    ("status", {"status": "filled"}),
    ("kind", {"kind": "forever"}),
    ("color", {"color": "red"}),
]


@pytest.mark.parametrize(
    ("field", "change"), BAD_INPUTS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD_INPUTS)]
)
def test_rejects_bad_input_naming_the_field_and_writes_nothing(
    client: TestClient, body: dict[str, Any], session: Session, field: str, change: dict[str, Any]
) -> None:
    before = _counts(session)

    response = client.post(URL, json=body | change)

    assert response.status_code == 422, response.text
    assert field in problem_fields(response)
    assert _counts(session) == before


def test_update_replaces_skills_and_closes(client: TestClient, body: dict[str, Any]) -> None:
    posting = client.post(URL, json=body).json()

    response = client.patch(
        f"{URL}/{posting['id']}",
        json={
            "skills": [{"skill": "ironing", "min_level": 1, "required": False}],
            "status": "closed",
        },
    )

    assert response.status_code == 200, response.text
    assert [s["skill"] for s in response.json()["skills"]] == ["ironing"]
    assert response.json()["status"] == "closed"


def test_failed_update_changes_nothing(client: TestClient, body: dict[str, Any]) -> None:
    posting = client.post(URL, json=body).json()

    response = client.patch(
        f"{URL}/{posting['id']}",
        json={
            "title": "改过的标题",
            "skills": [{"skill": "no_such_skill"}],
        },
    )

    assert response.status_code == 422
    assert client.get(f"{URL}/{posting['id']}").json()["title"] == posting["title"]


def test_lists_by_filters(client: TestClient, body: dict[str, Any]) -> None:
    client.post(URL, json=body)
    client.post(
        URL,
        json=body
        | {
            "work_mode": "take_home",
            "title": "柳编手工活",
            "skills": [{"skill": "willow_weaving"}],
        },
    )

    take_home = client.get(URL, params={"work_mode": "take_home"}).json()
    by_skill = client.get(URL, params={"skill": "willow_weaving"}).json()
    by_title = client.get(URL, params={"q": "平车"}).json()

    assert [p["title"] for p in take_home["items"]] == ["柳编手工活"]
    assert [p["title"] for p in by_skill["items"]] == ["柳编手工活"]
    assert by_title["total"] == 1


def test_publishing_reports_every_field_mistake_at_once(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    before = _counts(session)
    mistakes = {
        "community_id": 999_999,
        "status": "filled",
        "start_date": "2026-06-01",
        "end_date": "2026-05-01",
    }

    response = client.post(URL, json=body | mistakes)

    assert response.status_code == 422, response.text
    assert sorted(problem_fields(response)) == ["community_id", "end_date", "status"]
    assert _counts(session) == before
