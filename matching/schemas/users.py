"""Users, sign-in and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.access.passwords import MIN_PASSWORD_LENGTH
from matching.enums import ClerkScope, Role, TokenKind
from matching.schemas.base import (
    LAX,
    LongName,
    Name,
    ObjectId,
    PatchModel,
    PublicModel,
    StrictModel,
)

Username = Annotated[
    str, StringConstraints(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
]
Password = Annotated[
    str,
    StringConstraints(min_length=1, max_length=256),
    Field(
        description="至少10个字符，不能是常见密码、不能包含用户名、不能是同一字符或片段的重复或"
        "连续序列 / at least 10 characters; not a common password, not containing the "
        "username, not one repeated or sequential run",
        # Documented here, enforced by the password policy with a Chinese-first message.
        json_schema_extra={"minLength": MIN_PASSWORD_LENGTH},
    ),
]


class LoginRequest(StrictModel):
    """Credentials for signing in."""

    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenIssued(PublicModel):
    """A bearer token; shown once, send it as ``Authorization: Bearer <token>``."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    token_id: int


class UserCreate(StrictModel):
    """A new user: clerks belong to a station, employer users to an employer."""

    username: Username
    display_name: Name
    role: Annotated[Role, LAX]
    password: Password
    station_id: ObjectId | None = None
    employer_id: ObjectId | None = None
    clerk_scope: Annotated[ClerkScope, LAX] | None = Field(
        default=None, description="Clerks only; default from settings (MATCHING_CLERK_SCOPE)"
    )


class UserUpdate(PatchModel):
    """Changes to a user."""

    nullable_fields = frozenset({"clerk_scope"})

    display_name: Name | None = None
    password: Password | None = None
    active: bool | None = None
    station_id: ObjectId | None = None
    clerk_scope: Annotated[ClerkScope, LAX] | None = None


class UserPublic(PublicModel):
    """A user as administrators (and the user) see it."""

    id: int
    username: str
    display_name: str
    role: Role
    station_id: int | None
    employer_id: int | None
    clerk_scope: ClerkScope | None
    active: bool
    created_at: datetime
    updated_at: datetime


class ServiceTokenCreate(StrictModel):
    """A long-lived token for an integration acting as this user."""

    name: LongName
    ttl_days: Annotated[int, Field(ge=1, le=3650)] | None = None


class TokenPublic(PublicModel):
    """A token's metadata (never the token itself)."""

    id: int
    user_id: int
    kind: TokenKind
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
