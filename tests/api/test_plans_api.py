"""Placement plans through the real app: optimal under headcount, explained, scoped."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from matching.engine.assignment import greedy_assignment
from matching.enums import ProposalStatus, Role
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.services.context import ServiceContext
from matching.services.proposals import propose, record_outcome
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)

FAR_TOWN = "370983105001"  # a community of another town: outside a clerk's subdistrict


@pytest.fixture
def world(ctx: ServiceContext) -> dict[str, Any]:
    """Two one-vacancy postings; greedy gives the nearer one to ``near`` and strands ``south``.

    ``near`` scores best at ``north_gate`` (0.7 km) and well at ``hilltop`` (2.2 km);
    ``south`` travels at most 2 km, so only ``north_gate`` is within its reach.
    """
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    same: dict[str, Any] = {
        "skills": [{"skill": "sewing", "min_level": 2}],
        "schedule": {"mon": ["08:00-11:30"]},
        "headcount": 1,
    }
    north_gate = make_posting(
        ctx, employer_id=employer.id, title="北门车间", lat=home.lat, lon=home.lon, **same
    )
    hilltop = make_posting(
        ctx, employer_id=employer.id, title="山顶车间", lat=home.lat + 0.02, lon=home.lon, **same
    )
    seeker: dict[str, Any] = {
        "station_id": station.id,
        "skills": [{"skill": "sewing", "level": 3}],
        "availability": {"mon": ["08:00-12:00"]},
        "travel_mode": "ebike",
    }
    near = make_seeker(
        ctx, name="李秀兰", lat=home.lat + 0.005, lon=home.lon, max_travel_km=5, **seeker
    )
    south = make_seeker(
        ctx, name="王桂芝", lat=home.lat - 0.01, lon=home.lon, max_travel_km=2, **seeker
    )
    return {
        "home": home,
        "station": station.id,
        "north_gate": north_gate.id,
        "hilltop": hilltop.id,
        "near": near.id,
        "south": south.id,
    }


def _plan(client: TestClient, world: dict[str, Any], **body: Any) -> Any:
    payload = {"scope": "station", "station_id": world["station"], **body}
    response = client.post("/api/v1/plans", json=payload)
    assert response.status_code == 200, response.text
    return response.json()


def _pairs(plan: dict[str, Any]) -> set[tuple[int, int]]:
    return {(line["seeker"]["id"], line["posting"]["id"]) for line in plan["lines"]}


def _scores(client: TestClient, posting_id: int) -> dict[int, float]:
    items = client.get(f"/api/v1/postings/{posting_id}/matches").json()["items"]
    return {item["seeker"]["id"]: item["score"] for item in items}


def test_plan_beats_greedy_with_the_optimum(client: TestClient, world: dict[str, Any]) -> None:
    plan = _plan(client, world)

    assert _pairs(plan) == {
        (world["near"], world["hilltop"]),
        (world["south"], world["north_gate"]),
    }
    edges = [
        (seeker, posting, score)
        for posting in (world["north_gate"], world["hilltop"])
        for seeker, score in _scores(client, posting).items()
    ]
    seekers, postings, scores = zip(*edges, strict=True)
    index = {world["north_gate"]: 0, world["hilltop"]: 1}
    greedy = greedy_assignment(seekers, [index[p] for p in postings], scores, [1, 1])
    assert len(greedy) == 1 and plan["totals"]["lines"] == 2
    assert plan["totals"]["total_score"] > greedy.total + 1
    assert plan["totals"]["total_score"] == pytest.approx(
        sum(line["score"] for line in plan["lines"]), abs=0.2
    )


def test_every_line_is_explained(client: TestClient, world: dict[str, Any]) -> None:
    plan = _plan(client, world)

    assert plan["model"] == "hand-set-v1" and plan["solver"] == "ortools-min-cost-flow"
    for line in plan["lines"]:
        assert line["explanation"]["zh"].startswith("技能：缝纫✓")
        assert line["explanation"]["en"].startswith("skills: ")
        assert abs(sum(f["contribution"] for f in line["factors"]) * 100 - line["score"]) < 0.2
        assert line["distance_km"] is not None and line["posting"]["vacancies"] == 1
    totals = plan["totals"]
    assert (totals["seekers_considered"], totals["postings_considered"]) == (2, 2)
    assert totals["vacancies_considered"] == 2


def test_vacancies_already_taken_are_respected(
    client: TestClient, ctx: ServiceContext, world: dict[str, Any]
) -> None:
    home = world["home"]
    big = make_posting(
        ctx,
        title="大车间",
        lat=home.lat + 0.004,
        lon=home.lon,
        headcount=2,
        skills=[{"skill": "sewing", "min_level": 1}],
        schedule={"mon": ["08:00-11:30"]},
    )
    hired = make_seeker(ctx, station_id=world["station"], lat=home.lat, lon=home.lon)
    proposal = propose(ctx, ProposalCreate(seeker_id=hired.id, posting_id=big.id))
    for status in (ProposalStatus.accepted, ProposalStatus.interviewed, ProposalStatus.hired):
        record_outcome(ctx, proposal.id, OutcomeIn(status=status))
    for offset in (0.001, 0.002, 0.003):
        make_seeker(ctx, station_id=world["station"], lat=home.lat + offset, lon=home.lon)

    plan = _plan(client, world)

    on_big = [line for line in plan["lines"] if line["posting"]["id"] == big.id]
    assert len(on_big) == 1 and on_big[0]["posting"]["vacancies"] == 1
    seekers = [line["seeker"]["id"] for line in plan["lines"]]
    assert len(seekers) == len(set(seekers)) == 3


def test_limit_and_min_score_shape_the_candidates(
    client: TestClient, world: dict[str, Any]
) -> None:
    single = _plan(client, world, limit_per_posting=1)
    strict = _plan(client, world, min_score=99)

    assert _pairs(single) == {(world["near"], world["north_gate"])}
    assert strict["lines"] == [] and strict["totals"]["total_score"] == 0


def test_clerk_plans_own_scope_and_sees_others_as_referrals(
    anonymous: TestClient, ctx: ServiceContext, world: dict[str, Any]
) -> None:
    far = community(ctx.session, code=FAR_TOWN)
    home = world["home"]
    commuter = make_seeker(
        ctx, station_id=world["station"], community_id=far.id, lat=home.lat, lon=home.lon
    )
    clerk = bearer(token_for(ctx, make_user(ctx, role=Role.clerk, station_id=world["station"])))

    response = anonymous.post(
        "/api/v1/plans", headers=clerk, json={"scope": "station", "station_id": world["station"]}
    )

    assert response.status_code == 200, response.text
    lines = response.json()["lines"]
    referrals = [line for line in lines if line["seeker"] is None]
    assert [line["referral"]["station_id"] for line in referrals] == [world["station"]]
    assert all(line["distance_km"] is None for line in referrals)
    assert commuter.name not in response.text
    community_plan = anonymous.post(
        "/api/v1/plans", headers=clerk, json={"scope": "community", "community_id": home.id}
    )
    assert community_plan.status_code == 200, community_plan.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "city"}, "scope"),
        ({"scope": "community", "community_id": "far"}, "community_id"),
        ({"scope": "station", "station_id": "far"}, "station_id"),
    ],
)
def test_clerk_outside_scope_is_forbidden_naming_the_field(
    anonymous: TestClient,
    ctx: ServiceContext,
    world: dict[str, Any],
    body: dict[str, Any],
    field: str,
) -> None:
    far = community(ctx.session, code=FAR_TOWN)
    far_station = make_station(ctx, community_code=far.code)
    clerk = bearer(token_for(ctx, make_user(ctx, role=Role.clerk, station_id=world["station"])))
    ids = {"community_id": far.id, "station_id": far_station.id}
    payload = {key: ids[key] if value == "far" else value for key, value in body.items()}

    response = anonymous.post("/api/v1/plans", headers=clerk, json=payload)

    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_employers_may_not_plan(
    anonymous: TestClient, ctx: ServiceContext, world: dict[str, Any]
) -> None:
    employer = make_employer(ctx, name="另一家工厂")
    user = make_user(ctx, role=Role.employer, employer_id=employer.id)

    response = anonymous.post(
        "/api/v1/plans",
        headers=bearer(token_for(ctx, user)),
        json={"scope": "station", "station_id": world["station"]},
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "station", "station_id": 0}, "station_id"),
        ({"scope": "station"}, "station_id"),
        ({"scope": "station", "station_id": 2**31 - 1}, "station_id"),
        ({"scope": "community"}, "community_id"),
        ({"scope": "community", "community_id": 2**31 - 1}, "community_id"),
        ({"scope": "city", "station_id": 1}, "station_id"),
        ({"scope": "city", "community_id": 1}, "community_id"),
        ({"scope": "town"}, "scope"),
        ({"scope": "city", "limit_per_posting": 0}, "limit_per_posting"),
        ({"scope": "city", "limit_per_posting": 101}, "limit_per_posting"),
        ({"scope": "city", "limit_per_posting": "3"}, "limit_per_posting"),
        ({"scope": "city", "min_score": -1}, "min_score"),
        ({"scope": "city", "min_score": 100.5}, "min_score"),
        ({"scope": "city", "min_score": "50"}, "min_score"),
        ({"scope": "city", "radius_km": 3}, "radius_km"),
    ],
)
def test_invalid_bodies_are_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/plans", json=body)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [error["field"] for error in response.json()["errors"]]


def test_admin_plans_the_whole_city(client: TestClient, world: dict[str, Any]) -> None:
    plan = client.post("/api/v1/plans", json={"scope": "city"}).json()

    assert plan["scope"] == "city" and plan["station_id"] is None
    assert _pairs(plan) == {
        (world["near"], world["hilltop"]),
        (world["south"], world["north_gate"]),
    }
