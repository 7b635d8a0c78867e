"""The password policy, wherever a password is set: each rule is a 422 naming ``password``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.access.password_policy import password_problems
from matching.cli import DEMO_PASSWORD
from matching.db.models import User
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import PASSWORD, make_user, password_hash

pytestmark = pytest.mark.db

USERNAME = "zhou.admin"
RULES = [
    ("short-pw", "too_short"),
    ("Woaini1314", "common"),
    ("my-zhou.admin-pass", "contains_username"),
    ("abcdabcdabcd", "repeated"),
    ("7890123456", "sequential"),
    ("ZYXWVUTSRQ", "sequential"),
]
"""Passwords breaking exactly one rule each, for the user :data:`USERNAME`."""


def _errors(response_json: dict[str, object]) -> list[tuple[str, str]]:
    errors = response_json["errors"]
    assert isinstance(errors, list)
    return [(error["field"], error["code"]) for error in errors]


def _chinese(message: str) -> bool:
    return "\u4e00" <= message[0] <= "\u9fff"


@pytest.mark.parametrize(("password", "rule"), RULES)
def test_creating_a_user_with_a_weak_password_is_422_naming_password(
    client: TestClient, session: Session, password: str, rule: str
) -> None:
    response = client.post(
        "/api/v1/users",
        json={"username": USERNAME, "display_name": "周", "role": "admin", "password": password},
    )

    assert response.status_code == 422, response.text
    assert _errors(response.json()) == [("password", rule)]
    assert _chinese(response.json()["errors"][0]["message"])
    assert session.scalar(select(User.id).where(User.username == USERNAME)) is None


def test_changing_a_password_to_a_weak_one_is_422_and_keeps_the_old_one(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    user = make_user(ctx, role=Role.admin, username=USERNAME)

    response = client.patch(f"/api/v1/users/{user.id}", json={"password": "Zhou.Admin.2026"})

    assert response.status_code == 422, response.text
    assert _errors(response.json()) == [("password", "contains_username")]
    session.expire_all()
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored == password_hash()


def test_a_password_breaking_several_rules_names_each() -> None:
    problems = password_problems("1234567890", username="li.admin")

    assert [(p.field, p.code) for p in problems] == [
        ("password", "common"),
        ("password", "sequential"),
    ]


@pytest.mark.parametrize("username", ["admin", "clerk.w01", "employer.1", "admin1", "clerk2"])
def test_demo_and_test_fixture_passwords_pass_the_policy(username: str) -> None:
    assert password_problems(DEMO_PASSWORD, username=username) == []
    assert password_problems(PASSWORD, username=username) == []


def test_common_passwords_match_whatever_the_case(client: TestClient) -> None:
    response = client.post(
        "/api/v1/users",
        json={
            "username": USERNAME,
            "display_name": "周",
            "role": "admin",
            "password": "QWERTY123456",
        },
    )

    assert response.status_code == 422
    assert ("password", "common") in _errors(response.json())
