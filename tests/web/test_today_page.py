"""Today at my station: who waits longest without a proposal, postings ending this week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from matching.db.models import Community, Proposal, Seeker
from matching.enums import Role
from matching.schemas.proposals import ProposalCreate
from matching.services.context import ServiceContext
from matching.services.proposals import propose
from tests.conftest import CLOCK, TODAY
from tests.support.auth import make_user
from tests.support.factories import make_posting, make_seeker, make_station, resident_id
from tests.web.pages import sign_in

pytestmark = pytest.mark.db


@dataclass
class Station:
    clerk: str
    longest: int
    homebound: int
    proposed: int
    outside: int
    ending: int
    ending_later: int
    ending_elsewhere: int


def _registered(ctx: ServiceContext, seeker_id: int, days_ago: int) -> None:
    seeker = ctx.session.get(Seeker, seeker_id)
    assert seeker is not None
    seeker.created_at = CLOCK.now() - timedelta(days=days_ago)
    ctx.session.flush()


@pytest.fixture
def station(ctx: ServiceContext) -> Station:
    here = ctx.session.scalars(select(Community).order_by(Community.code)).first()
    assert here is not None
    there = ctx.session.scalars(
        select(Community).where(Community.subdistrict_id != here.subdistrict_id)
    ).first()
    assert there is not None
    window = make_station(ctx, community_code=here.code)
    elsewhere = make_station(ctx, community_code=there.code, name="别处驿站")

    def seeker(name: str, serial: int, **extra: object) -> int:
        return make_seeker(
            ctx,
            station_id=window.id,
            community_id=here.id,
            name=name,
            resident_id=resident_id(serial=serial),
            **extra,
        ).id

    longest = seeker("李桂芝", 11)
    homebound = seeker("赵凤英", 12, homebound=True, caregiver=True)
    proposed = seeker("孙玉兰", 13)
    outside = make_seeker(
        ctx,
        station_id=elsewhere.id,
        community_id=there.id,
        name="周淑珍",
        resident_id=resident_id(serial=14),
    ).id
    _registered(ctx, longest, 90)
    _registered(ctx, homebound, 30)
    _registered(ctx, proposed, 120)
    _registered(ctx, outside, 200)

    def posting(title: str, ends_in: int, community: Community) -> int:
        return make_posting(
            ctx,
            title=title,
            community_id=community.id,
            lat=community.lat,
            lon=community.lon,
            start_date=TODAY.isoformat(),
            end_date=(TODAY + timedelta(days=ends_in)).isoformat(),
        ).id

    ending = posting("周末包装工", 3, here)
    made = propose(ctx, ProposalCreate(seeker_id=proposed, posting_id=ending))
    proposal = ctx.session.get(Proposal, made.id)
    assert proposal is not None
    proposal.created_at = CLOCK.now() - timedelta(days=2, hours=1)
    ctx.session.flush()
    clerk = make_user(ctx, role=Role.clerk, station_id=window.id)
    return Station(
        clerk=clerk.username,
        longest=longest,
        homebound=homebound,
        proposed=proposed,
        outside=outside,
        ending=ending,
        ending_later=posting("长期缝纫工", 20, here),
        ending_elsewhere=posting("别处临时工", 2, there),
    )


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_people_waiting_longest_come_first_and_homebound_is_marked(
    browser: TestClient, station: Station
) -> None:
    sign_in(browser, station.clerk)

    people = _section(browser.get("/").text, "people-h")

    assert people.index(f"/seekers/{station.longest}") < people.index(
        f"/seekers/{station.homebound}"
    )
    assert "90 天" in people and "30 天" in people
    assert "不便外出" in people and "照护家人" in people
    assert f"/seekers/{station.proposed}" not in people  # her proposal waits for an answer
    assert f"/seekers/{station.outside}" not in people  # another subdistrict


def test_proposals_waiting_name_the_person(browser: TestClient, station: Station) -> None:
    sign_in(browser, station.clerk)

    waiting = _section(browser.get("/").text, "waiting-h")

    assert "孙玉兰" in waiting and "周末包装工" in waiting
    assert "2 天" in waiting


def test_postings_of_my_area_ending_this_week_with_places_left(
    browser: TestClient, station: Station
) -> None:
    sign_in(browser, station.clerk)

    ending = _section(browser.get("/").text, "ending-h")

    assert f"/postings/{station.ending}" in ending
    assert (TODAY + timedelta(days=3)).isoformat() in ending
    assert f"/postings/{station.ending_later}" not in ending  # ends in 20 days
    assert f"/postings/{station.ending_elsewhere}" not in ending  # another subdistrict
