"""Names cannot hide invisible or bidirectional control characters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Employer, Seeker, User
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import (
    community,
    make_employer,
    make_seeker,
    make_station,
    posting_body,
    seeker_body,
)

# Zero-width space/joiners and direction marks, embeddings and overrides, isolates, BOM.
INVISIBLE = [
    *(chr(code) for code in range(0x200B, 0x2010)),
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
    "\ufeff",
]
OTHER_CONTROLS = ["\u00ad", "\u2060", "\u061c", "\x07", "\x1b"]


def _seeker(ctx: ServiceContext) -> dict[str, Any]:
    station = make_station(ctx)
    return seeker_body(station_id=station.id, community_id=community(ctx.session).id)


def _user(ctx: ServiceContext) -> dict[str, Any]:
    return {
        "username": "new.clerk",
        "display_name": "王芳",
        "role": "admin",
        "password": "correct-horse-battery",
    }


def _employer(ctx: ServiceContext) -> dict[str, Any]:
    return {
        "name": "仪阳柳编手工坊",
        "kind": "workshop",
        "contact_name": "刘桂兰",
        "contact_phone": "13912345678",
        "community_id": community(ctx.session).id,
    }


def _rows(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count(Seeker.id))) or 0,
        session.scalar(select(func.count(User.id))) or 0,
        session.scalar(select(func.count(Employer.id))) or 0,
    )


PERSON_NAMES: list[tuple[str, str, Callable[[ServiceContext], dict[str, Any]]]] = [
    ("/api/v1/seekers", "name", _seeker),
    ("/api/v1/users", "display_name", _user),
    ("/api/v1/employers", "contact_name", _employer),
]


@pytest.mark.parametrize("char", INVISIBLE + OTHER_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("url", "field", "build"), PERSON_NAMES, ids=[field for _url, field, _build in PERSON_NAMES]
)
def test_person_name_rejects_invisible_characters(
    client: TestClient,
    ctx: ServiceContext,
    session: Session,
    url: str,
    field: str,
    build: Callable[[ServiceContext], dict[str, Any]],
    char: str,
) -> None:
    body = build(ctx)
    ctx.session.commit()
    before = _rows(session)

    response = client.post(url, json=body | {field: f"张{char}三"})

    assert response.status_code == 422
    assert problem_fields(response) == [field]
    error = response.json()["errors"][0]
    assert error["code"] == "invisible_character" and error["message"].startswith("不能包含")
    assert _rows(session) == before


def test_changed_names_reject_invisible_characters(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    seeker = make_seeker(ctx)
    employer = make_employer(ctx)
    ctx.session.commit()

    renamed = client.patch(f"/api/v1/seekers/{seeker.id}", json={"name": "张\u202e三"})
    contact = client.patch(f"/api/v1/employers/{employer.id}", json={"contact_name": "\u2066王"})

    assert renamed.status_code == 422 and problem_fields(renamed) == ["name"]
    assert contact.status_code == 422 and problem_fields(contact) == ["contact_name"]
    session.expire_all()
    assert session.get(Seeker, seeker.id).name == seeker.name  # type: ignore[union-attr]
    assert session.get(Employer, employer.id).contact_name == "王经理"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/postings", "title"),
        ("/api/v1/postings", "place_name"),
        ("/api/v1/employers", "name"),
        ("/api/v1/stations", "name"),
    ],
)
def test_other_names_reject_invisible_characters(
    client: TestClient, ctx: ServiceContext, url: str, field: str
) -> None:
    employer = make_employer(ctx)
    ctx.session.commit()
    bodies = {
        "/api/v1/postings": posting_body(employer_id=employer.id),
        "/api/v1/employers": _employer(ctx),
        "/api/v1/stations": {
            "code": "T_names",
            "name": "新城零工驿站",
            "kind": "gig_station",
            "community_id": community(ctx.session).id,
        },
    }

    response = client.post(url, json=bodies[url] | {field: "新城\u200d驿站"})

    assert response.status_code == 422 and problem_fields(response) == [field]
