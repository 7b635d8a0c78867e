"""User administration: create, change, read and list users; list their tokens."""

from __future__ import annotations

from sqlalchemy import select

from matching.access.password_policy import check_password
from matching.access.passwords import hash_password
from matching.db.models import ApiToken, Employer, Station, User
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import AuditAction, Role
from matching.errors import FieldProblem
from matching.i18n import LOCALES, Text
from matching.schemas.page import Page
from matching.schemas.users import TokenPublic, UserCreate, UserPublic, UserUpdate
from matching.services.audit import record_audit
from matching.services.auth import revoke_user_tokens
from matching.services.checks import FieldChecks
from matching.services.common import ensure_unique, require, require_reference
from matching.services.context import ServiceContext


def _role_link_problems(
    role: Role, station_id: int | None, employer_id: int | None
) -> list[FieldProblem]:
    problems = []
    if role == Role.clerk and station_id is None:
        message = Text("A clerk must belong to a station")
        problems.append(FieldProblem("station_id", "required", message))
    if role == Role.employer and employer_id is None:
        message = Text("An employer user must be linked to an employer")
        problems.append(FieldProblem("employer_id", "required", message))
    if role != Role.employer and employer_id is not None:
        message = Text("Only employer users can be linked to an employer")
        problems.append(FieldProblem("employer_id", "not_allowed", message))
    return problems


def create_user(ctx: ServiceContext, data: UserCreate) -> UserPublic:
    """Create a user (audited); the password must pass the policy.

    Password, role links and references are checked together: every problem is reported.
    """
    checks = FieldChecks()
    checks.run(check_password, data.password, username=data.username)
    for problem in _role_link_problems(data.role, data.station_id, data.employer_id):
        checks.add(problem)
    if data.station_id is not None:
        checks.run(
            require_reference,
            ctx.session,
            Station,
            data.station_id,
            resource="station",
            field="station_id",
        )
    if data.employer_id is not None:
        checks.run(
            require_reference,
            ctx.session,
            Employer,
            data.employer_id,
            resource="employer",
            field="employer_id",
        )
    checks.raise_any()
    ensure_unique(
        ctx.session,
        User.username,
        data.username,
        field="username",
        href="/api/v1/users",
        label=Text("Username"),
    )
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        password_hash=hash_password(data.password),
        station_id=data.station_id,
        employer_id=data.employer_id,
        clerk_scope=data.clerk_scope if data.role == Role.clerk else None,
    )
    ctx.session.add(user)
    ctx.session.flush()
    record_audit(
        ctx,
        AuditAction.user_change,
        object_type="user",
        object_ref=f"user:{user.id}",
        details={"change": "created", "role": user.role.value},
    )
    return UserPublic.model_validate(user)


def update_user(ctx: ServiceContext, user_id: int, data: UserUpdate) -> UserPublic:
    """Change a user (audited).

    A new password must pass the policy. Changing the password or deactivating the
    user revokes every token of the user, so reactivating brings none back.
    """
    user = require(ctx.session, User, user_id, resource="user")
    changes = data.changes()
    ends_tokens: list[str] = []
    if "password" in changes:
        password = changes.pop("password")
        check_password(password, username=user.username)
        user.password_hash = hash_password(password)
        ends_tokens.append("password_changed")
    if changes.get("active") is False:
        ends_tokens.append("deactivated")
    if "station_id" in changes:
        require_reference(
            ctx.session, Station, changes["station_id"], resource="station", field="station_id"
        )
    for name, value in changes.items():
        setattr(user, name, value)
    ctx.session.flush()
    if ends_tokens:
        revoke_user_tokens(ctx, user.id, reason="+".join(ends_tokens))
    record_audit(
        ctx,
        AuditAction.user_change,
        object_type="user",
        object_ref=f"user:{user.id}",
        details={"change": "updated", "fields": sorted(data.model_fields_set)},
    )
    return UserPublic.model_validate(user)


def get_user(ctx: ServiceContext, user_id: int) -> UserPublic:
    """Read one user."""
    return UserPublic.model_validate(require(ctx.session, User, user_id, resource="user"))


USER_SORTS = {"username": User.username, "created_at": User.created_at}
"""Sort keys of :func:`list_users`; the API documents them."""


def list_users(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    role: Role | None = None,
    station_id: int | None = None,
) -> Page[UserPublic]:
    """List users by role or station."""
    statement = select(User)
    if role is not None:
        statement = statement.where(User.role == role)
    if station_id is not None:
        statement = statement.where(User.station_id == station_id)
    statement = sorted_by(
        statement,
        page.sort,
        USER_SORTS,
        tiebreak=User.id,
    )
    rows, total = fetch_page(ctx.session, statement, page)
    return Page(
        items=[UserPublic.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def list_tokens(ctx: ServiceContext, user_id: int) -> list[TokenPublic]:
    """A user's tokens, newest first (metadata only)."""
    require(ctx.session, User, user_id, resource="user")
    rows = ctx.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    ).all()
    return [TokenPublic.model_validate(row) for row in rows]


def choose_language(ctx: ServiceContext, locale: str) -> None:
    """Remember the signed-in user's workbench language (one of :data:`~matching.i18n.LOCALES`)."""
    if ctx.actor is None or locale not in LOCALES:
        return
    user = require(ctx.session, User, ctx.actor.user_id, resource="user")
    user.locale = locale
    ctx.session.flush()
