"""Seeker registration, lookup, search and update through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Seeker, SeekerConsent, SeekerSkill
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.factories import community, make_station, phone, resident_id, seeker_body

URL = "/api/v1/seekers"


@pytest.fixture
def body(ctx: ServiceContext) -> dict[str, Any]:
    station = make_station(ctx)
    ctx.session.commit()
    return seeker_body(station_id=station.id, community_id=community(ctx.session).id)


def _counts(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    return (
        session.scalar(select(func.count(Seeker.id))) or 0,
        session.scalar(select(func.count()).select_from(SeekerSkill)) or 0,
        session.scalar(select(func.count(SeekerConsent.id))) or 0,
    )


def test_registers_seeker_with_masked_identifiers(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post(URL, json=body)

    assert response.status_code == 201, response.text
    seeker = response.json()
    number, mobile = body["resident_id"], body["phone"]
    assert seeker["resident_id_masked"] == number[:6] + "********" + number[-4:]
    assert seeker["phone_masked"] == mobile[:3] + "****" + mobile[-4:]
    assert number not in response.text and mobile not in response.text
    assert seeker["birth_date"] == "1980-01-01" and seeker["sex"] == "female"
    assert seeker["skills"][0]["skill"] == "sewing" and seeker["skills"][0]["name_zh"]
    assert {c["scope"] for c in seeker["consents"]} == {"data_use", "automated_matching"}
    assert seeker["location_approximate"] is True


def test_stores_identifiers_encrypted(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    client.post(URL, json=body)

    row = session.scalars(select(Seeker)).one()
    assert body["resident_id"].encode() not in row.resident_id_enc
    assert body["phone"].encode() not in row.phone_enc
    assert row.phone_tail == body["phone"][-4:]


BAD_INPUTS = [
    (
        "resident_id",
        lambda b: (
            b
            | {"resident_id": b["resident_id"][:17] + ("0" if b["resident_id"][-1] != "0" else "1")}
        ),
    ),
    ("phone", lambda b: b | {"phone": "1234567"}),
    ("lat", lambda b: b | {"lat": 200, "lon": 116.7}),
    ("skills[0].skill", lambda b: b | {"skills": [{"skill": "no_such_skill", "level": 1}]}),
    ("availability.mon[0]", lambda b: b | {"availability": {"mon": ["25:00-26:00"]}}),
    (
        "availability.tue[1]",
        lambda b: b | {"availability": {"tue": ["08:00-09:00", "08:15-09:00"]}},
    ),
    ("max_travel_km", lambda b: b | {"max_travel_km": True}),
    ("surprise", lambda b: b | {"surprise": 1}),
    (
        "consent.data_use",
        lambda b: b | {"consent": {"data_use": False, "automated_matching": False}},
    ),
    ("community_id", lambda b: b | {"community_id": 999_999}),
    ("registered_station_id", lambda b: b | {"registered_station_id": 999_999}),
    ("skills[0].level", lambda b: b | {"skills": [{"skill": "sewing", "level": 4}]}),
    ("travel_mode", lambda b: b | {"travel_mode": "helicopter"}),
]


@pytest.mark.parametrize(("field", "spoil"), BAD_INPUTS, ids=[field for field, _ in BAD_INPUTS])
def test_rejects_bad_input_naming_the_field_and_writes_nothing(
    client: TestClient, body: dict[str, Any], session: Session, field: str, spoil: Any
) -> None:
    before = _counts(session)

    response = client.post(URL, json=spoil(body))

    assert response.status_code == 422, response.text
    assert field in problem_fields(response)
    assert _counts(session) == before
    assert body["resident_id"] not in response.text and body["phone"] not in response.text


def test_rejects_duplicate_resident_id_pointing_at_existing(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    first = client.post(URL, json=body).json()
    again = body | {"phone": phone(), "name": "张秀兰"}

    response = client.post(URL, json=again)

    assert response.status_code == 409
    assert problem_fields(response) == ["resident_id"]
    assert response.json()["existing"] == {"id": first["id"], "href": f"{URL}/{first['id']}"}
    assert _counts(session)[0] == 1


def test_lookup_by_resident_id_in_body(client: TestClient, body: dict[str, Any]) -> None:
    created = client.post(URL, json=body).json()

    found = client.post(f"{URL}/lookup", json={"resident_id": body["resident_id"]})
    missing = client.post(f"{URL}/lookup", json={"resident_id": resident_id()})

    assert found.status_code == 200 and found.json()["id"] == created["id"]
    assert missing.status_code == 404 and body["resident_id"] not in missing.text


@pytest.mark.parametrize("query", ["秀英", "zxy", "zhangxiu", "ZXY"])
def test_finds_seeker_by_name_pinyin_or_initials(
    client: TestClient, body: dict[str, Any], query: str
) -> None:
    client.post(URL, json=body)
    client.post(URL, json=body | {"name": "李强", "resident_id": resident_id(), "phone": phone()})

    page = client.get(URL, params={"q": query}).json()

    assert [item["name"] for item in page["items"]] == ["张秀英"]


def test_finds_seeker_by_phone_tail(client: TestClient, body: dict[str, Any]) -> None:
    client.post(URL, json=body)

    page = client.get(URL, params={"q": body["phone"][-4:]}).json()

    assert page["total"] == 1


def test_refuses_full_phone_in_url(client: TestClient, body: dict[str, Any]) -> None:
    response = client.get(URL, params={"q": body["phone"]})

    assert response.status_code == 422 and problem_fields(response) == ["q"]


def test_lists_with_paging_filters_and_sort(client: TestClient, body: dict[str, Any]) -> None:
    for name in ("王芳", "李娜", "赵敏"):
        client.post(URL, json=body | {"name": name, "resident_id": resident_id(), "phone": phone()})

    page = client.get(
        URL, params={"limit": 2, "offset": 0, "sort": "-name", "skill": "sewing"}
    ).json()
    bad_sort = client.get(URL, params={"sort": "resident_id"})

    assert page["total"] == 3 and page["limit"] == 2
    assert [item["name"] for item in page["items"]] == ["赵敏", "王芳"]
    assert bad_sort.status_code == 422 and problem_fields(bad_sort) == ["sort"]


def test_updates_seeker_and_rederives_birth_date(client: TestClient, body: dict[str, Any]) -> None:
    created = client.post(URL, json=body).json()
    new_id = resident_id(birth="19750615", female=False)

    response = client.patch(
        f"{URL}/{created['id']}",
        json={
            "resident_id": new_id,
            "availability": {"sun": ["22:00-06:00"]},
            "min_pay": {"amount_yuan": 120, "unit": "day"},
        },
    )

    assert response.status_code == 200, response.text
    seeker = response.json()
    assert seeker["birth_date"] == "1975-06-15" and seeker["sex"] == "male"
    assert seeker["availability"] == {"mon": ["00:00-06:00"], "sun": ["22:00-24:00"]}
    assert seeker["min_pay"] == {"amount_yuan": 120.0, "unit": "day"}


def test_update_rejects_null_for_required_field(client: TestClient, body: dict[str, Any]) -> None:
    created = client.post(URL, json=body).json()

    response = client.patch(f"{URL}/{created['id']}", json={"name": None})

    assert response.status_code == 422 and problem_fields(response) == ["name"]


def test_missing_seeker_is_problem_404(client: TestClient) -> None:
    response = client.get(f"{URL}/424242")

    assert response.status_code == 404
    assert problem_fields(response) == []


def test_registration_reports_every_field_mistake_at_once(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    before = _counts(session)
    mistakes = {"phone": "1234567", "community_id": 999_999, "disability_note": "轮椅"}

    response = client.post(URL, json=body | mistakes)

    assert response.status_code == 422, response.text
    assert sorted(problem_fields(response)) == ["community_id", "disability_note", "phone"]
    assert _counts(session) == before


def test_update_reports_every_field_mistake_at_once(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    seeker = client.post(URL, json=body).json()
    mistakes = {
        "phone": "1234567",
        "resident_id": "123",
        "skills": [{"skill": "no_such", "level": 1}],
    }

    response = client.patch(f"{URL}/{seeker['id']}", json=mistakes)

    assert response.status_code == 422, response.text
    assert sorted(problem_fields(response)) == ["phone", "resident_id", "skills[0].skill"]
    session.expire_all()
    assert session.get(Seeker, seeker["id"]).phone_tail == body["phone"][-4:]
