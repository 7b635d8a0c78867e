"""No result of either match route breaks a limit the seeker stated (a property test).

Random small worlds - seekers with their own travel limits, ways of travel, weeks,
homebound and disability flags and ages; on-site, mobile and take-home postings, some
delivering materials, with schedules and physical demands - go through the real app. Every
item of every posting's list and every seeker's list must respect, recomputed here from
the stored records:

- distance: road km (great circle × 1.3) within her own limit; for take-home work to the
  pick-up point, unless the posting delivers within its radius;
- constraints: homebound - take-home, or sedentary/light on-site work within 1 km;
  disability or over 60 - no heavy work;
- hours: at least half of a scheduled posting's hours inside her week.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database
from matching.engine.factors import haversine_km
from matching.engine.weekly import WeekSlots
from matching.schemas.weekly import to_slots
from matching.services.context import ServiceContext
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
    resident_id,
)

ROAD = 1.3
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BLOCKS = ("07:00-11:00", "08:00-12:00", "13:00-17:00", "18:00-21:00")


def _week(rng: random.Random) -> dict[str, list[str]]:
    return {day: [rng.choice(BLOCKS)] for day in rng.sample(DAYS, rng.randint(1, 5))}


def _offset(origin: tuple[float, float], rng: random.Random, km: float) -> tuple[float, float]:
    return (origin[0] + rng.uniform(-km, km) / 111.32, origin[1] + rng.uniform(-km, km) / 90.0)


def _world(ctx: ServiceContext, seed: int) -> tuple[dict[int, Any], dict[int, Any]]:
    rng = random.Random(seed)
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    centre = (home.lat, home.lon)
    seekers = {}
    for _ in range(7):
        place = _offset(centre, rng, 4.0)
        made = make_seeker(
            ctx,
            station_id=station.id,
            lat=place[0],
            lon=place[1],
            resident_id=resident_id(birth=rng.choice(["19500101", "19800101", "19920101"])),
            max_travel_km=rng.choice([0.5, 1.0, 2.0, 5.0]),
            travel_mode=rng.choice(["walk", "bike", "ebike", "bus"]),
            homebound=rng.random() < 0.3,
            disability=rng.random() < 0.2,
            availability=_week(rng),
            skills=[{"skill": "sewing", "level": rng.randint(1, 3)}],
        )
        seekers[made.id] = made
    employer = make_employer(ctx)
    postings = {}
    for _ in range(7):
        place = _offset(centre, rng, 5.0)
        mode = rng.choice(["on_site", "on_site", "take_home", "mobile"])
        delivered = mode == "take_home" and rng.random() < 0.5
        made = make_posting(
            ctx,
            employer_id=employer.id,
            lat=place[0],
            lon=place[1],
            work_mode=mode,
            physical_demand=rng.choice(["sedentary", "light", "medium", "heavy"]),
            schedule=None if mode == "take_home" and rng.random() < 0.6 else _week(rng),
            materials_delivered=delivered,
            delivery_radius_km=rng.choice([1.0, 3.0, 6.0]) if delivered else None,
            skills=[{"skill": "sewing", "min_level": 1}],
        )
        postings[made.id] = made
    return seekers, postings


def _breaks(seeker: Any, posting: Any) -> list[str]:
    """The stated limits of ``seeker`` that ``posting`` breaks (none for a fair match)."""
    km = haversine_km(seeker.lat, seeker.lon, posting.lat, posting.lon) * ROAD
    broken = []
    delivered = posting.materials_delivered and km <= posting.delivery_radius_km + 1e-6
    if km > seeker.max_travel_km + 1e-6 and not delivered:
        broken.append(f"distance {km:.2f} > {seeker.max_travel_km}")
    if seeker.homebound and posting.work_mode != "take_home":
        if posting.work_mode == "mobile" or posting.physical_demand not in ("sedentary", "light"):
            broken.append("homebound: not take-home or light work")
        elif km > 1.0 + 1e-6:
            broken.append("homebound: on-site work beyond 1 km")
    old = seeker.birth_date.year <= 1965
    if posting.physical_demand == "heavy" and (seeker.disability or old):
        broken.append("heavy work")
    if posting.schedule is not None:
        needed = to_slots(posting.schedule)
        have: WeekSlots = to_slots(seeker.availability)
        share = (needed & have).count() / max(needed.count(), 1)
        if share < 0.5:
            broken.append(f"hours {share:.2f}")
    return broken


@contextmanager
def _served(database: Database, settings: Settings) -> Iterator[TestClient]:
    """A fresh app (and match index) per world: each world is rolled back afterwards."""
    with TestClient(create_app(settings, database), raise_server_exceptions=False) as client:
        yield client


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**31 - 1))
def test_no_result_breaks_a_stated_limit(
    seed: int,
    ctx: ServiceContext,
    connection: Connection,
    settings: Settings,
    admin_token: str,
) -> None:
    savepoint = connection.begin_nested()
    database = Database(connection.engine, bind=connection)
    try:
        with database.new_session() as session:
            seekers, postings = _world(replace(ctx, session=session), seed)
            session.commit()  # releases its savepoint into ours
        with _served(database, settings) as client:
            client.headers["Authorization"] = f"Bearer {admin_token}"
            for posting_id, posting in postings.items():
                body = client.get(f"/api/v1/postings/{posting_id}/matches").json()
                for item in body["items"]:
                    seeker = seekers[item["seeker"]["id"]]
                    assert _breaks(seeker, posting) == [], (seed, seeker.id, posting_id)
            for seeker_id, seeker in seekers.items():
                body = client.get(f"/api/v1/seekers/{seeker_id}/matches").json()
                for item in body["items"]:
                    posting = postings[item["posting"]["id"]]
                    assert _breaks(seeker, posting) == [], (seed, seeker_id, posting.id)
    finally:
        savepoint.rollback()
