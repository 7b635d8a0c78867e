"""Search text: never a full number in a URL, and found however it was composed."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Employer, Seeker
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import community, make_station, seeker_body

SEEKERS = "/api/v1/seekers"
NAME = "阮Huệ"  # ệ: e with circumflex and dot below, one code point in NFC, three in NFD


def _codes(response: Any) -> list[str]:
    return [error["code"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    "raw",
    [
        "13800",
        "138-0013-8000",
        "138%200013%208000",
        "138+0013+8000",
        "138.0013.8000",
        "１３８００１３８０００",
        "%2B86%20138%200013%208000",
        "１38-0013 8000",
        "138%25200013%25208000",
        "110105%2019491231%20002X",
    ],
)
def test_seeker_search_refuses_a_number_in_any_spelling(client: TestClient, raw: str) -> None:
    response = client.get(f"{SEEKERS}?q={raw}")

    assert response.status_code == 422
    assert problem_fields(response) == ["q"] and _codes(response) == ["phone_in_url"]
    assert response.json()["errors"][0]["message"].startswith("请只输入手机尾号")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/employers",
        "/api/v1/postings",
        "/api/v1/subdistricts",
        "/api/v1/communities",
        "/api/v1/stations",
        "/api/v1/skills",
        "/api/v1/skills/autocomplete",
    ],
)
def test_every_text_search_refuses_a_number(client: TestClient, path: str) -> None:
    response = client.get(f"{path}?q=138-0013-8000")

    assert response.status_code == 422
    assert problem_fields(response) == ["q"] and _codes(response) == ["phone_in_url"]


def test_seeker_search_finds_a_full_width_phone_tail(
    client: TestClient, ctx: ServiceContext
) -> None:
    station = make_station(ctx)
    ctx.session.commit()
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    client.post(SEEKERS, json=body)
    tail = "".join(chr(ord(digit) + 0xFEE0) for digit in body["phone"][-4:])  # full width

    page = client.get(SEEKERS, params={"q": tail}).json()

    assert page["total"] == 1


@pytest.mark.parametrize(("stored", "typed"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_seeker_is_found_however_the_name_was_composed(
    client: TestClient, ctx: ServiceContext, session: Session, stored: str, typed: str
) -> None:
    station = make_station(ctx)
    ctx.session.commit()
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    created = client.post(SEEKERS, json=body | {"name": unicodedata.normalize(stored, NAME)})

    page = client.get(SEEKERS, params={"q": unicodedata.normalize(typed, "Huệ")}).json()

    assert created.status_code == 201, created.text
    assert [item["id"] for item in page["items"]] == [created.json()["id"]]
    session.expire_all()
    row = session.get(Seeker, created.json()["id"])
    assert row is not None and row.name == unicodedata.normalize("NFC", NAME)


@pytest.mark.parametrize(("stored", "typed"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_employer_is_found_however_the_name_was_composed(
    client: TestClient, session: Session, stored: str, typed: str
) -> None:
    name = "Café 柳编"
    body = {
        "name": unicodedata.normalize(stored, name),
        "kind": "workshop",
        "contact_name": unicodedata.normalize(stored, "Zoé 刘"),
        "contact_phone": "13912345678",
        "community_id": community(session).id,
    }
    created = client.post("/api/v1/employers", json=body)

    page = client.get("/api/v1/employers", params={"q": unicodedata.normalize(typed, "Café")})

    assert created.status_code == 201, created.text
    assert [item["id"] for item in page.json()["items"]] == [created.json()["id"]]
    session.expire_all()
    row = session.scalars(select(Employer).where(Employer.id == created.json()["id"])).one()
    composed = unicodedata.normalize("NFC", name), unicodedata.normalize("NFC", "Zoé 刘")
    assert (row.name, row.contact_name) == composed
