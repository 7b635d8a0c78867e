"""Registering employers through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.db.models import Employer
from matching.identifiers.credit_code import compute_credit_check_char, compute_org_code_check_char
from tests.api.helpers import problem_fields
from tests.support.factories import community, phone

URL = "/api/v1/employers"


def credit_code(body8: str = "MA3C4D5E") -> str:
    """A valid unified social credit code registered in 肥城."""
    first17 = "92370983" + body8 + compute_org_code_check_char(body8)
    return first17 + compute_credit_check_char(first17)


@pytest.fixture
def body(session: Session) -> dict[str, Any]:
    return {
        "name": "仪阳柳编手工坊",
        "kind": "workshop",
        "contact_name": "刘桂兰",
        "contact_phone": phone(),
        "community_id": community(session).id,
        "credit_code": credit_code(),
    }


def test_registers_employer_with_masked_contact_phone(
    client: TestClient, body: dict[str, Any]
) -> None:
    response = client.post(URL, json=body)

    assert response.status_code == 201, response.text
    employer = response.json()
    assert (
        employer["contact_phone_masked"]
        == body["contact_phone"][:3] + "****" + body["contact_phone"][-4:]
    )
    assert body["contact_phone"] not in response.text
    assert employer["credit_code"] == body["credit_code"]


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("credit_code", {"credit_code": "91350100M000100Y42"}),
        ("contact_phone", {"contact_phone": "02912345678"}),
        ("kind", {"kind": "factory"}),
        ("community_id", {"community_id": 0}),
    ],
)
def test_rejects_bad_input_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str, change: dict[str, Any]
) -> None:
    response = client.post(URL, json=body | change)

    assert response.status_code == 422, response.text
    assert problem_fields(response) == [field]
    assert client.get(URL).json()["total"] == 0


def test_rejects_duplicate_credit_code(client: TestClient, body: dict[str, Any]) -> None:
    first = client.post(URL, json=body).json()

    response = client.post(URL, json=body | {"name": "另一家", "contact_phone": phone()})

    assert response.status_code == 409 and problem_fields(response) == ["credit_code"]
    assert response.json()["existing"]["id"] == first["id"]


def test_updates_and_unsets_credit_code(client: TestClient, body: dict[str, Any]) -> None:
    employer = client.post(URL, json=body).json()

    response = client.patch(
        f"{URL}/{employer['id']}", json={"credit_code": None, "kind": "micro_factory"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["credit_code"] is None and response.json()["kind"] == "micro_factory"


def test_registration_reports_every_field_mistake_at_once(
    client: TestClient, body: dict[str, Any], session: Session
) -> None:
    mistakes = {"contact_phone": "1234567", "credit_code": "X" * 18, "community_id": 999_999}

    response = client.post(URL, json=body | mistakes)

    assert response.status_code == 422, response.text
    assert sorted(problem_fields(response)) == ["community_id", "contact_phone", "credit_code"]
    assert session.scalar(select(func.count(Employer.id))) == 0
