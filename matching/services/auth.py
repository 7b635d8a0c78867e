"""Sign-in with throttling, bearer-token resolution, token issue and revocation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from matching.access.actor import Actor
from matching.access.passwords import dummy_hash, verify_password
from matching.access.tokens import new_token, token_digest
from matching.db.base import utcnow
from matching.db.models import ApiToken, User
from matching.db.queries import throttles as throttle_queries
from matching.db.queries import users as user_queries
from matching.enums import AuditAction, ClerkScope, Role, TokenKind
from matching.errors import NotFound, Unauthenticated
from matching.i18n import Text
from matching.schemas.users import TokenIssued, TokenPublic
from matching.services.audit import record_audit
from matching.services.context import ServiceContext

USERNAME_FIELD = "sign_in.username"
ADDRESS_FIELD = "sign_in.address"
"""Blind-index fields of the throttle keys: usernames and addresses never collide."""


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in: a token, or why not (the failure must still be committed)."""

    issued: TokenIssued | None = None
    retry_after_seconds: int | None = None


def sign_in(ctx: ServiceContext, username: str, password: str, *, client_address: str) -> SignIn:
    """Check credentials, a bounded number of times per username and per client address.

    Every attempt is counted *before* the (slow, Argon2) password check, each counter in
    one atomic statement, so however many workers race, a username gets at most
    ``login_max_failures`` checks per window and a client address at most
    ``login_address_max_failures`` failed ones; beyond that the answer is a refusal
    with the seconds to wait, the right password included. A success gives its
    attempts back (and clears its username's counter). The caller must commit the
    outcome even when it answers 401: the counted failure is the point.
    """
    now = utcnow()
    outcome = _throttled_sign_in(ctx, username, password, client_address, now)
    # After the claims, never before: pruning then waits for no lock (no deadlock).
    throttle_queries.prune_expired(ctx.session, now=now)
    return outcome


def _throttled_sign_in(
    ctx: ServiceContext, username: str, password: str, client_address: str, now: datetime
) -> SignIn:
    settings = ctx.settings
    # Address first, then username, in every sign-in: one lock order, no deadlock.
    address = ctx.cipher.blind_index(client_address, field=ADDRESS_FIELD)
    wait = _claim(
        ctx,
        address,
        now,
        settings.login_address_max_failures,
        settings.login_address_lockout_seconds,
    )
    if wait is not None:
        return SignIn(retry_after_seconds=wait)
    name = ctx.cipher.blind_index(username, field=USERNAME_FIELD)
    wait = _claim(ctx, name, now, settings.login_max_failures, settings.login_lockout_seconds)
    if wait is not None:
        throttle_queries.give_back_attempt(ctx.session, address)  # no password was checked
        return SignIn(retry_after_seconds=wait)
    user = user_queries.user_by_username(ctx.session, username)
    valid = verify_password(password, user.password_hash if user else dummy_hash())
    if user is None or not user.active or not valid:
        return SignIn()  # both claimed attempts stay counted as failures
    throttle_queries.forget(ctx.session, name)
    throttle_queries.give_back_attempt(ctx.session, address)
    ttl = timedelta(minutes=settings.token_ttl_minutes)
    return SignIn(issued=issue_token(ctx, user, TokenKind.session, name="sign-in", ttl=ttl))


def _claim(
    ctx: ServiceContext, key_hash: str, now: datetime, limit: int, window_seconds: int
) -> int | None:
    """Claim one attempt of ``key_hash``: None when allowed, else the seconds to wait."""
    claim = throttle_queries.claim_attempt(
        ctx.session, key_hash, now=now, window=timedelta(seconds=window_seconds), limit=limit
    )
    if claim.failures <= limit:
        return None
    return _seconds_until(claim.window_ends_at, now)


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
        raise Unauthenticated(Text("Invalid token"))
    if row.revoked_at is not None or row.expires_at <= utcnow() or not row.active:
        raise Unauthenticated(Text("The token has expired or was revoked"))
    return actor_for(
        ctx,
        user_id=row.user_id,
        role=row.role,
        station_id=row.station_id,
        employer_id=row.employer_id,
        clerk_scope=row.clerk_scope,
        locale=row.locale,
    )


def actor_for(
    ctx: ServiceContext,
    *,
    user_id: int,
    role: Role,
    station_id: int | None,
    employer_id: int | None,
    clerk_scope: ClerkScope | None,
    locale: str | None = None,
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
        locale=locale,
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


def revoke_user_tokens(ctx: ServiceContext, user_id: int, *, reason: str) -> int:
    """Revoke every working token of a user (audited per token); return how many.

    Used when a password is changed or reset and when a user is deactivated, so that
    neither an old session nor a reactivation brings a token back.
    """
    revoked = user_queries.revoke_live_tokens(ctx.session, user_id, at=utcnow())
    for token_id in revoked:
        record_audit(
            ctx,
            AuditAction.token_change,
            object_type="token",
            object_ref=f"token:{token_id}",
            details={"change": "revoked", "reason": reason},
        )
    return len(revoked)
