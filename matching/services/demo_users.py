"""Sign-in accounts for the demo city: one administrator, a clerk per window, employer users."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from matching.access.password_policy import check_password
from matching.access.passwords import hash_password
from matching.db.models import Employer, Station, User
from matching.enums import EmployerKind, Role, StationKind
from matching.errors import Conflict
from matching.i18n import Text
from matching.services.context import ServiceContext

DEMO_ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demo sign-in, as ``matching demo`` prints it."""

    username: str
    role: Role
    display_name: str


def create_demo_users(
    ctx: ServiceContext, *, password: str, employers: int = 5
) -> list[DemoAccount]:
    """Create demo accounts sharing ``password`` (checked by the policy); return them."""
    if ctx.session.scalar(select(User.id).where(User.username == DEMO_ADMIN)) is not None:
        raise Conflict(Text("The demo users already exist"))
    password_hash = hash_password(password)  # one hash: Argon2 is slow on purpose
    users = [
        User(
            username=DEMO_ADMIN,
            display_name="市级管理员",
            role=Role.admin,
            password_hash=password_hash,
        )
    ]
    windows = ctx.session.scalars(
        select(Station).where(Station.kind == StationKind.window).order_by(Station.code)
    )
    users += [
        User(
            username=f"clerk.{station.code.lower()}",
            display_name=f"{station.name}工作人员",
            role=Role.clerk,
            password_hash=password_hash,
            station_id=station.id,
        )
        for station in windows
    ]
    factories = ctx.session.scalars(
        select(Employer)
        .where(Employer.kind == EmployerKind.micro_factory)
        .order_by(Employer.id)
        .limit(employers)
    )
    users += [
        User(
            username=f"employer.{employer.id}",
            display_name=employer.name[:50],
            role=Role.employer,
            password_hash=password_hash,
            employer_id=employer.id,
        )
        for employer in factories
    ]
    for user in users:
        check_password(password, username=user.username)
    ctx.session.add_all(users)
    ctx.session.flush()
    return [DemoAccount(user.username, user.role, user.display_name) for user in users]
