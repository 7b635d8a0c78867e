"""Sign-in with throttling, bearer-token resolution, token issue and revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from matching.access.actor import Actor
from matching.access.passwords import dummy_hash, verify_password
from matching.access.tokens import new_token, token_digest
from matching.db.base import utcnow
from matching.db.models import ApiToken, LoginThrottle, User
from matching.db.queries import users as user_queries
from matching.enums import AuditAction, ClerkScope, Role, TokenKind
from matching.errors import NotFound, Unauthenticated
from matching.schemas.users import TokenIssued, TokenPublic
from matching.services.audit import record_audit
from matching.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in: a token, or why not (the failure must still be committed)."""

    issued: TokenIssued | None = None
    retry_after_seconds: int | None = None


def sign_in(ctx: ServiceContext, username: str, password: str) -> SignIn:
    """Check credentials; count failures per username and lock it out after too many."""
    now = utcnow()
    throttle = ctx.session.get(LoginThrottle, username)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        return SignIn(retry_after_seconds=_seconds_until(throttle.locked_until, now))
    user = user_queries.user_by_username(ctx.session, username)
    valid = verify_password(password, user.password_hash if user else dummy_hash())
    if user is None or not user.active or not valid:
        _count_failure(ctx, throttle, username, now)
        return SignIn()
    if throttle is not None:
        ctx.session.delete(throttle)
    ttl = timedelta(minutes=ctx.settings.token_ttl_minutes)
    return SignIn(issued=issue_token(ctx, user, TokenKind.session, name="sign-in", ttl=ttl))


def _count_failure(
    ctx: ServiceContext, throttle: LoginThrottle | None, username: str, now: datetime
) -> None:
    window = timedelta(seconds=ctx.settings.login_lockout_seconds)
    if throttle is None:
        throttle = LoginThrottle(username=username, failures=0, window_started_at=now)
        ctx.session.add(throttle)
    elif throttle.window_started_at + window < now:
        throttle.failures, throttle.window_started_at, throttle.locked_until = 0, now, None
    throttle.failures += 1
    if throttle.failures >= ctx.settings.login_max_failures:
        throttle.locked_until = now + window
    ctx.session.flush()


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds()) + 1)


def issue_token(
    ctx: ServiceContext, user: User, kind: TokenKind, *, name: str, ttl: timedelta
) -> TokenIssued:
    """Create a token for ``user``; the plain token is returned once and never stored."""
    token = new_token()
    row = ApiToken(
        user_id=user.id,
        token_hash=token_digest(token),
        kind=kind,
        name=name,
        expires_at=utcnow() + ttl,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return TokenIssued(access_token=token, expires_at=row.expires_at, token_id=row.id)


def resolve_token(ctx: ServiceContext, token: str) -> Actor:
    """The actor behind a bearer token; expired, revoked or unknown tokens are refused."""
    row = user_queries.token_holder(ctx.session, token_digest(token))
    if row is None:
        raise Unauthenticated("令牌无效 / invalid token")
    if row.revoked_at is not None or row.expires_at <= utcnow() or not row.active:
        raise Unauthenticated("令牌已过期或已吊销 / token expired or revoked")
    return actor_for(
        ctx,
        user_id=row.user_id,
        role=row.role,
        station_id=row.station_id,
        employer_id=row.employer_id,
        clerk_scope=row.clerk_scope,
    )


def actor_for(
    ctx: ServiceContext,
    *,
    user_id: int,
    role: Role,
    station_id: int | None,
    employer_id: int | None,
    clerk_scope: ClerkScope | None,
) -> Actor:
    """Build the actor of a user, with the communities a clerk may see."""
    community_ids: frozenset[int] | None = None
    if role == Role.clerk:
        assert station_id is not None  # enforced by a CHECK constraint
        scope = clerk_scope or ClerkScope(ctx.settings.clerk_scope)
        community_ids = frozenset(
            user_queries.station_community_ids(
                ctx.session, station_id, whole_subdistrict=scope == ClerkScope.subdistrict
            )
        )
    elif role == Role.employer:
        community_ids = frozenset()
    return Actor(
        user_id=user_id,
        role=role,
        station_id=station_id,
        employer_id=employer_id,
        community_ids=community_ids,
    )


def sign_out(ctx: ServiceContext, token: str) -> None:
    """Revoke the token used for this request."""
    found = user_queries.token_with_user(ctx.session, token_digest(token))
    if found is not None and found[0].revoked_at is None:
        found[0].revoked_at = utcnow()
        ctx.session.flush()


def issue_service_token(
    ctx: ServiceContext, user_id: int, *, name: str, ttl_days: int | None
) -> TokenIssued:
    """Issue a long-lived token for an integration acting as ``user_id`` (audited)."""
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    days = ttl_days or ctx.settings.service_token_ttl_days
    issued = issue_token(ctx, user, TokenKind.service, name=name, ttl=timedelta(days=days))
    record_audit(
        ctx,
        AuditAction.token_change,
        object_type="token",
        object_ref=f"token:{issued.token_id}",
        details={"change": "issued", "name": name},
    )
    return issued


def revoke_token(ctx: ServiceContext, token_id: int) -> TokenPublic:
    """Revoke a token by id (audited); revoking twice keeps the first time."""
    row = ctx.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("token", token_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_audit(
            ctx,
            AuditAction.token_change,
            object_type="token",
            object_ref=f"token:{token_id}",
            details={"change": "revoked"},
        )
    ctx.session.flush()
    return TokenPublic.model_validate(row)
