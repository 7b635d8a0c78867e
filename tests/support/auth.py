"""Users and bearer tokens for tests, without paying Argon2 for every user."""

from __future__ import annotations

import itertools
from datetime import timedelta
from functools import lru_cache

from matching.access.passwords import hash_password
from matching.db.models import User
from matching.enums import ClerkScope, Role, TokenKind
from matching.services.auth import issue_token
from matching.services.context import ServiceContext

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The hash of :data:`PASSWORD`, computed once per test session."""
    return hash_password(PASSWORD)


def make_user(
    ctx: ServiceContext,
    *,
    role: Role,
    station_id: int | None = None,
    employer_id: int | None = None,
    clerk_scope: ClerkScope | None = None,
    username: str | None = None,
) -> User:
    """Insert a user whose password is :data:`PASSWORD`."""
    user = User(
        username=username or f"{role.value}{next(_numbers)}",
        display_name=f"测试{role.value}",
        role=role,
        password_hash=password_hash(),
        station_id=station_id,
        employer_id=employer_id,
        clerk_scope=clerk_scope,
    )
    ctx.session.add(user)
    ctx.session.flush()
    return user


def token_for(ctx: ServiceContext, user: User) -> str:
    """A fresh session token of ``user``."""
    return issue_token(
        ctx, user, TokenKind.session, name="test", ttl=timedelta(hours=1)
    ).access_token


def bearer(token: str) -> dict[str, str]:
    """The Authorization header carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}
