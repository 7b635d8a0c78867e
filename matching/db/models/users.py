"""Users, their tokens, and sign-in throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matching.db.base import Base, TimestampMixin, UtcDateTime, enum_column, utcnow
from matching.enums import ClerkScope, Role, TokenKind


class User(TimestampMixin, Base):
    """Someone who signs in: a clerk (of a station), an employer user, or an administrator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role <> 'clerk' OR station_id IS NOT NULL", name="clerk_has_station"),
        CheckConstraint(
            "role <> 'employer' OR employer_id IS NOT NULL", name="employer_user_has_employer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id"), index=True)
    clerk_scope: Mapped[ClerkScope | None] = mapped_column(enum_column(ClerkScope, "clerk_scope"))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    """The workbench language the user chose (None: their browser's)."""


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored (tokens are 256-bit random, not passwords)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = mapped_column(enum_column(TokenKind, "token_kind"))
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SignInThrottle(Base):
    """Failed sign-ins in the current window, per username or per client address.

    ``key_hash`` is a keyed HMAC of the username or address (never the value in clear:
    an IP address is personal data, and a mistyped username may be a password). An
    attempt is counted before its password is checked and given back when it succeeds.
    A row whose window has ended means nothing and is pruned.
    """

    __tablename__ = "sign_in_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_ends_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
