"""Page tests: the real app over HTTPS (the session cookie is Secure), both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from matching.api.app import create_app
from matching.config import Settings
from matching.db.models import Community
from matching.db.session import Database
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.conftest import CLOCK
from tests.support.auth import make_user
from tests.support.factories import make_posting, make_seeker, make_station
from tests.web.pages import Window


@pytest.fixture
def browser(database: Database, settings: Settings) -> Iterator[TestClient]:
    """A cookie-keeping client of the real app, signed out, on the test's transaction.

    The app reads the tests' frozen clock, so that "today" and waiting days are fixed.
    """
    app = create_app(settings, database, clock=CLOCK)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def window(ctx: ServiceContext) -> Window:
    """A clerk's window with a seeker and a posting near her, and a seeker elsewhere."""
    here = ctx.session.scalars(select(Community).order_by(Community.code)).first()
    assert here is not None
    there = ctx.session.scalars(
        select(Community).where(Community.subdistrict_id != here.subdistrict_id)
    ).first()
    assert there is not None
    station = make_station(ctx, community_code=here.code)
    elsewhere = make_station(ctx, community_code=there.code, name="别处驿站")
    seeker = make_seeker(ctx, station_id=station.id, community_id=here.id, name="张秀英")
    outside = make_seeker(ctx, station_id=elsewhere.id, community_id=there.id, name="张秀兰")
    posting = make_posting(ctx, community_id=here.id, lat=here.lat, lon=here.lon)
    clerk = make_user(ctx, role=Role.clerk, station_id=station.id)
    return Window(clerk.username, seeker.id, outside.id, posting.id)
