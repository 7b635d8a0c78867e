"""A password change or a deactivation ends every token of the user, for good."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import ApiToken, AuditEvent
from matching.enums import AuditAction, Role
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for

pytestmark = pytest.mark.db

ME = "/api/v1/auth/me"
"""Asked with the old token in the header, which replaces the administrator's."""


def _revoked_tokens(session: Session, user_id: int) -> list[bool]:
    session.expire_all()
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    )
    return [row.revoked_at is not None for row in rows]


def _revocation_reasons(session: Session) -> list[str]:
    rows = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.token_change))
    return [row.details["reason"] for row in rows if row.details.get("change") == "revoked"]


def test_changing_a_password_ends_every_old_token(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    user = make_user(ctx, role=Role.admin, username="wu.admin")
    old = [token_for(ctx, user), token_for(ctx, user)]

    changed = client.patch(f"/api/v1/users/{user.id}", json={"password": "new-secret-2026"})
    after = [client.get(ME, headers=bearer(token)).status_code for token in old]
    signed_in = client.post(
        "/api/v1/auth/login", json={"username": "wu.admin", "password": "new-secret-2026"}
    )

    assert changed.status_code == 200, changed.text
    assert after == [401, 401]
    assert signed_in.status_code == 200
    assert _revoked_tokens(session, user.id) == [True, True, False]  # the new sign-in works
    assert _revocation_reasons(session) == ["password_changed", "password_changed"]


def test_reactivating_a_user_does_not_revive_old_tokens(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    user = make_user(ctx, role=Role.admin, username="zheng.admin")
    token = token_for(ctx, user)

    off = client.patch(f"/api/v1/users/{user.id}", json={"active": False})
    on = client.patch(f"/api/v1/users/{user.id}", json={"active": True})
    after = client.get(ME, headers=bearer(token))

    assert off.status_code == 200 and on.status_code == 200
    assert after.status_code == 401
    assert _revoked_tokens(session, user.id) == [True]
    assert _revocation_reasons(session) == ["deactivated"]
