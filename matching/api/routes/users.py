"""User administration and tokens (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from matching.api.dependencies import ContextDep, PathId, QueryId, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import Role
from matching.schemas.page import Page
from matching.schemas.users import (
    ServiceTokenCreate,
    TokenIssued,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from matching.services import auth, users

router = APIRouter(tags=["users"], responses=PROBLEM_RESPONSES)
UserPage = Annotated[PageRequest, Depends(paging(users.USER_SORTS))]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(ctx: ContextDep, body: UserCreate) -> UserPublic:
    """Create a user."""
    return users.create_user(ctx, body)


@router.get("/users")
def list_users(
    ctx: ContextDep, page: UserPage, role: Role | None = None, station_id: QueryId = None
) -> Page[UserPublic]:
    """List users."""
    return users.list_users(ctx, page, role=role, station_id=station_id)


@router.get("/users/{user_id}")
def get_user(ctx: ContextDep, user_id: PathId) -> UserPublic:
    """Read a user."""
    return users.get_user(ctx, user_id)


@router.patch("/users/{user_id}")
def update_user(ctx: ContextDep, user_id: PathId, body: UserUpdate) -> UserPublic:
    """Change a user (password, active, station, scope)."""
    return users.update_user(ctx, user_id, body)


@router.get("/users/{user_id}/tokens")
def list_tokens(ctx: ContextDep, user_id: PathId) -> list[TokenPublic]:
    """A user's tokens (metadata only)."""
    return users.list_tokens(ctx, user_id)


@router.post("/users/{user_id}/tokens", status_code=status.HTTP_201_CREATED)
def issue_service_token(ctx: ContextDep, user_id: PathId, body: ServiceTokenCreate) -> TokenIssued:
    """Issue a long-lived service token for an integration acting as this user."""
    return auth.issue_service_token(ctx, user_id, name=body.name, ttl_days=body.ttl_days)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(ctx: ContextDep, token_id: PathId) -> TokenPublic:
    """Revoke a token at once."""
    return auth.revoke_token(ctx, token_id)
