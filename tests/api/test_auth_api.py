"""Sign-in, throttling, token expiry and revocation, service tokens."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matching.db.base import utcnow
from matching.db.models import ApiToken, User
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.support.auth import PASSWORD, bearer, make_user
from tests.support.factories import make_employer, make_station

LOGIN = "/api/v1/auth/login"


def _sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_signs_in_and_token_identifies_user(anonymous: TestClient, ctx: ServiceContext) -> None:
    user = make_user(ctx, role=Role.admin, username="chen.admin")

    token = _sign_in(anonymous, "chen.admin")
    me = anonymous.get("/api/v1/auth/me", headers=bearer(token))

    assert me.status_code == 200 and me.json()["id"] == user.id
    assert "password" not in me.text


def test_wrong_password_is_401_naming_password(anonymous: TestClient, ctx: ServiceContext) -> None:
    make_user(ctx, role=Role.admin, username="li.admin")

    response = anonymous.post(LOGIN, json={"username": "li.admin", "password": "wrong-password"})

    assert response.status_code == 401 and problem_fields(response) == ["password"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_repeated_failures_are_throttled_even_with_right_password(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    make_user(ctx, role=Role.clerk, username="wang.clerk", station_id=_station(ctx))
    for _ in range(ctx.settings.login_max_failures):
        anonymous.post(LOGIN, json={"username": "wang.clerk", "password": "guess-guess"})

    response = anonymous.post(LOGIN, json={"username": "wang.clerk", "password": PASSWORD})

    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0


def test_unknown_usernames_are_throttled_too(anonymous: TestClient, ctx: ServiceContext) -> None:
    for _ in range(ctx.settings.login_max_failures):
        assert (
            anonymous.post(LOGIN, json={"username": "nobody", "password": "x"}).status_code == 401
        )

    assert anonymous.post(LOGIN, json={"username": "nobody", "password": "x"}).status_code == 429


def test_expired_token_is_refused(
    anonymous: TestClient, ctx: ServiceContext, session: Session
) -> None:
    make_user(ctx, role=Role.admin, username="zhao.admin")
    token = _sign_in(anonymous, "zhao.admin")
    session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))

    response = anonymous.get("/api/v1/auth/me", headers=bearer(token))

    assert response.status_code == 401


def test_logout_revokes_token(anonymous: TestClient, ctx: ServiceContext) -> None:
    make_user(ctx, role=Role.admin, username="sun.admin")
    token = _sign_in(anonymous, "sun.admin")

    assert anonymous.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    assert anonymous.get("/api/v1/auth/me", headers=bearer(token)).status_code == 401


def test_token_in_url_is_ignored(anonymous: TestClient, ctx: ServiceContext) -> None:
    make_user(ctx, role=Role.admin, username="zhou.admin")
    token = _sign_in(anonymous, "zhou.admin")

    response = anonymous.get("/api/v1/auth/me", params={"access_token": token, "token": token})

    assert response.status_code == 401


def test_service_token_issue_and_revoke(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    integration = make_user(ctx, role=Role.admin, username="city.reporting")

    issued = client.post(
        f"/api/v1/users/{integration.id}/tokens", json={"name": "市就业平台", "ttl_days": 90}
    )
    token = issued.json()["access_token"]
    works = client.get("/api/v1/auth/me", headers=bearer(token))
    revoked = client.post(f"/api/v1/tokens/{issued.json()['token_id']}/revoke")
    after = client.get("/api/v1/auth/me", headers=bearer(token))

    assert issued.status_code == 201 and works.json()["username"] == "city.reporting"
    assert revoked.json()["revoked_at"] is not None and after.status_code == 401
    stored = session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored


def test_admin_creates_clerk_user_who_can_sign_in(
    client: TestClient, anonymous: TestClient, ctx: ServiceContext
) -> None:
    response = client.post(
        "/api/v1/users",
        json={
            "username": "clerk.xincheng",
            "display_name": "刘芳",
            "role": "clerk",
            "password": "a-long-password",
            "station_id": _station(ctx),
            "clerk_scope": "community",
        },
    )
    missing_station = client.post(
        "/api/v1/users",
        json={
            "username": "clerk.none",
            "display_name": "无站点",
            "role": "clerk",
            "password": "a-long-password",
        },
    )

    assert response.status_code == 201, response.text
    assert _sign_in(anonymous, "clerk.xincheng", "a-long-password")
    assert missing_station.status_code == 422 and problem_fields(missing_station) == ["station_id"]


def test_user_creation_reports_every_field_mistake_at_once(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    employer = make_employer(ctx)

    response = client.post(
        "/api/v1/users",
        json={
            "username": "clerk.three",
            "display_name": "三处错误",
            "role": "clerk",
            "password": "short-pw",
            "employer_id": employer.id,
        },
    )

    assert response.status_code == 422, response.text
    assert sorted(problem_fields(response)) == ["employer_id", "password", "station_id"]
    assert session.scalar(select(User.id).where(User.username == "clerk.three")) is None


def _station(ctx: ServiceContext) -> int:
    return make_station(ctx).id
