"""Demo accounts: an administrator, a clerk per window, some employer users."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matching.db.models import Station, User
from matching.demo import DemoSizes
from matching.enums import Role, StationKind
from matching.errors import Conflict
from matching.services.context import ServiceContext
from matching.services.demo import seed_demo_city
from matching.services.demo_users import create_demo_users

SMALL = DemoSizes(
    seekers=50, postings=10, factories=6, other_employers=4, service_stations=2, gig_stations=2
)


def test_creates_accounts_for_every_window(ctx: ServiceContext) -> None:
    seed_demo_city(ctx, seed=3, sizes=SMALL)

    accounts = create_demo_users(ctx, password="demo-password", employers=2)
    usernames = [account.username for account in accounts]

    users = {user.username: user for user in ctx.session.scalars(select(User))}
    assert users["admin"].role == Role.admin
    assert sum(user.role == Role.clerk for user in users.values()) == 14
    windows = set(ctx.session.scalars(select(Station.id).where(Station.kind == StationKind.window)))
    assert {user.station_id for user in users.values() if user.role == Role.clerk} == windows
    assert sum(user.role == Role.employer for user in users.values()) == 2
    assert set(usernames) == set(users)
    with pytest.raises(Conflict):
        create_demo_users(ctx, password="demo-password")
