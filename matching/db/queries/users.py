"""Queries over users, tokens and scopes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from matching.db.models import ApiToken, Community, Station, User


def user_by_username(session: Session, username: str) -> User | None:
    """The user with this username, or None."""
    return session.scalar(select(User).where(User.username == username))


_TOKEN_HOLDER = (
    select(
        ApiToken.revoked_at,
        ApiToken.expires_at,
        User.id.label("user_id"),
        User.role,
        User.station_id,
        User.employer_id,
        User.clerk_scope,
        User.active,
        User.locale,
    )
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def token_holder(session: Session, digest: str) -> Row[*tuple[Any, ...]] | None:
    """The token with this digest and what its user may do, as one narrow row, or None.

    Every request resolves its token: a prebuilt Core statement, no ORM objects.
    """
    return session.connection().execute(_TOKEN_HOLDER, {"digest": digest}).first()


def token_with_user(session: Session, digest: str) -> tuple[ApiToken, User] | None:
    """The token with this digest and its user, or None."""
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest)
    ).first()
    return None if row is None else (row[0], row[1])


def revoke_live_tokens(session: Session, user_id: int, *, at: datetime) -> list[int]:
    """Revoke every token of ``user_id`` that still works; return their ids."""
    statement = (
        update(ApiToken)
        .where(
            ApiToken.user_id == user_id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > at,
        )
        .values(revoked_at=at)
        .returning(ApiToken.id)
    )
    return sorted(session.scalars(statement))


def station_community_ids(
    session: Session, station_id: int, *, whole_subdistrict: bool
) -> set[int]:
    """The communities a station serves: its own, or every one of its subdistrict."""
    community_id, subdistrict_id = session.execute(
        select(Station.community_id, Community.subdistrict_id)
        .join(Community, Community.id == Station.community_id)
        .where(Station.id == station_id)
    ).one()
    if not whole_subdistrict:
        return {community_id}
    return set(
        session.scalars(select(Community.id).where(Community.subdistrict_id == subdistrict_id))
    )
