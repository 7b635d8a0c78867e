"""Route-generated access tests: the role table is complete and no call crosses a scope.

Two stations in different subdistricts (A and B), each with a clerk, an employer user,
a seeker, an employer and a posting. Every route of the app is called by every role;
every route with an id is called by the scoped roles of one side on the other side's
objects, with a *valid* body, so that only access control can stop it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from matching.api.app import api_operations
from matching.api.policy import POLICY, PUBLIC
from matching.db.models import Community, Referral, User
from matching.enums import ProposalStatus, ReferralStatus, Role, TokenKind
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.services.auth import issue_token
from matching.services.context import ServiceContext
from matching.services.proposals import propose, record_outcome
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

OPERATIONS = api_operations()
ID_PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Side:
    """What one station's side owns, and its scoped users."""

    ids: dict[str, int]
    clerk: User
    employer_user: User


def _communities(ctx: ServiceContext) -> tuple[Community, Community]:
    first = ctx.session.scalars(select(Community).order_by(Community.code)).first()
    assert first is not None
    other = ctx.session.scalars(
        select(Community)
        .where(Community.subdistrict_id != first.subdistrict_id)
        .order_by(Community.code)
    ).first()
    assert other is not None
    return first, other


def _side(ctx: ServiceContext, community: Community, tag: str) -> Side:
    station = make_station(ctx, code=f"S{tag}", community_code=community.code, name=f"站点{tag}")
    employer = make_employer(ctx, name=f"微工厂{tag}", community_id=community.id)
    posting = make_posting(ctx, employer_id=employer.id, community_id=community.id)
    seeker = make_seeker(ctx, station_id=station.id, community_id=community.id)
    clerk = make_user(ctx, role=Role.clerk, station_id=station.id)
    employer_user = make_user(ctx, role=Role.employer, employer_id=employer.id)
    spare = make_user(ctx, role=Role.clerk, station_id=station.id)
    token = issue_token(ctx, spare, TokenKind.service, name="spare", ttl=timedelta(days=1))
    proposal = propose(ctx, ProposalCreate(seeker_id=seeker.id, posting_id=posting.id))
    record_outcome(ctx, proposal.id, OutcomeIn(status=ProposalStatus.accepted))
    referral = Referral(
        seeker_id=seeker.id,
        posting_id=posting.id,
        from_station_id=None,
        to_station_id=station.id,
        status=ReferralStatus.open,
    )
    ctx.session.add(referral)
    ctx.session.flush()
    ids = {
        "seeker_id": seeker.id,
        "posting_id": posting.id,
        "employer_id": employer.id,
        "station_id": station.id,
        "community_id": community.id,
        "subdistrict_id": community.subdistrict_id,
        "user_id": spare.id,
        "token_id": token.token_id,
        "proposal_id": proposal.id,
        "referral_id": referral.id,
    }
    return Side(ids=ids, clerk=clerk, employer_user=employer_user)


@pytest.fixture
def world(ctx: ServiceContext) -> tuple[Side, Side]:
    community_a, community_b = _communities(ctx)
    return _side(ctx, community_a, "A"), _side(ctx, community_b, "B")


def _url(path: str, ids: dict[str, int]) -> str:
    return ID_PARAM.sub(lambda m: "sewing" if m[1] == "code" else str(ids[m[1]]), path)


VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/api/v1/seekers/{seeker_id}"): {"name": "改名"},
    ("POST", "/api/v1/seekers/{seeker_id}/reveal"): {"fields": ["phone"], "reason": "电话回访"},
    ("POST", "/api/v1/seekers/{seeker_id}/consents"): {
        "scope": "automated_matching",
        "granted": False,
        "reason": "本人要求",
    },
    ("POST", "/api/v1/seekers/{seeker_id}/erasure"): {"reason": "本人要求删除"},
    ("POST", "/api/v1/seekers/{seeker_id}/reliability-override"): {"reason": "因病缺席"},
    ("PATCH", "/api/v1/postings/{posting_id}"): {"title": "改标题"},
    ("PATCH", "/api/v1/employers/{employer_id}"): {"name": "改名微工厂"},
    ("PATCH", "/api/v1/users/{user_id}"): {"display_name": "改名"},
    ("POST", "/api/v1/users/{user_id}/tokens"): {"name": "集成"},
    ("PATCH", "/api/v1/stations/{station_id}"): {"name": "改名站点"},
    ("PATCH", "/api/v1/communities/{community_id}"): {"name": "改名社区"},
    ("PATCH", "/api/v1/subdistricts/{subdistrict_id}"): {"name": "改名街道"},
    ("PATCH", "/api/v1/skills/{code}"): {"name_en": "Sewing (machine)"},
    ("POST", "/api/v1/proposals/{proposal_id}/outcomes"): {"status": "interviewed"},
    ("PATCH", "/api/v1/referrals/{referral_id}"): {"status": "dismissed"},
}


def _call(
    client: TestClient, method: str, path: str, ids: dict[str, int], token: str | None
) -> Any:
    headers = bearer(token) if token else {}
    body = VALID_BODIES.get((method, path), {})
    kwargs: dict[str, Any] = {"headers": headers}
    if method in ("POST", "PATCH"):
        kwargs["json"] = body
    return client.request(method, _url(path, ids), **kwargs)


def test_every_route_has_exactly_one_policy_entry() -> None:
    routes = {(method, path) for method, path, _ in OPERATIONS}

    assert routes - set(POLICY) == set(), "routes without a policy"
    assert set(POLICY) - routes == set(), "policy entries without a route"


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in OPERATIONS])
def test_no_role_gets_more_than_the_table(
    anonymous: TestClient, ctx: ServiceContext, world: tuple[Side, Side], method: str, path: str
) -> None:
    side, _ = world
    users = {
        Role.admin: make_user(ctx, role=Role.admin),
        Role.clerk: side.clerk,
        Role.employer: side.employer_user,
    }
    allowed = POLICY[(method, path)]
    for role, user in users.items():
        response = _call(anonymous, method, path, side.ids, token_for(ctx, user))
        if allowed == PUBLIC or role in allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.status_code, response.text)
    anonymous_response = _call(anonymous, method, path, side.ids, None)
    expected = (200, 401, 422) if allowed == PUBLIC else (401,)
    assert anonymous_response.status_code in expected


ID_ROUTES = [(m, p) for m, p, _ in OPERATIONS if ID_PARAM.search(p) and "{code}" not in p]
# Shared, city-wide resources: geography and (read-only) job offers are public to every role.
CITY_WIDE = {
    ("GET", "/api/v1/subdistricts/{subdistrict_id}"),
    ("GET", "/api/v1/communities/{community_id}"),
    ("GET", "/api/v1/stations/{station_id}"),
}


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_no_cross_scope_success(
    anonymous: TestClient, ctx: ServiceContext, world: tuple[Side, Side], method: str, path: str
) -> None:
    crossings = []
    for mine, theirs in (world, world[::-1]):
        for user in (mine.clerk, mine.employer_user):
            response = _call(anonymous, method, path, theirs.ids, token_for(ctx, user))
            if (method, path) in CITY_WIDE or response.status_code >= 300:
                continue
            if _minimal_view(user, method, path, response.json(), theirs):
                continue
            crossings.append((user.role.value, response.status_code, response.text[:200]))
    assert crossings == []


def _minimal_view(user: User, method: str, path: str, body: dict[str, Any], theirs: Side) -> bool:
    """Allowed by design: clerks read every posting, every employer without its contact,
    and match lists of any posting where other scopes' seekers are referral cards only."""
    if user.role != Role.clerk or method != "GET":
        return False
    if path == "/api/v1/postings/{posting_id}":
        return True
    if path == "/api/v1/postings/{posting_id}/matches":
        cards = [item["seeker"]["id"] for item in body["items"] if item["seeker"] is not None]
        return theirs.ids["seeker_id"] not in cards
    return path == "/api/v1/employers/{employer_id}" and (
        body["contact_name"] is None and body["contact_phone_masked"] is None
    )


def test_scoped_roles_reach_their_own_side(
    anonymous: TestClient, ctx: ServiceContext, world: tuple[Side, Side]
) -> None:
    side, _ = world
    clerk, employer = token_for(ctx, side.clerk), token_for(ctx, side.employer_user)

    seeker = anonymous.get(f"/api/v1/seekers/{side.ids['seeker_id']}", headers=bearer(clerk))
    posting = anonymous.get(f"/api/v1/postings/{side.ids['posting_id']}", headers=bearer(employer))
    own = anonymous.get(f"/api/v1/employers/{side.ids['employer_id']}", headers=bearer(employer))
    listed = anonymous.get("/api/v1/seekers", headers=bearer(clerk)).json()

    assert seeker.status_code == 200 and posting.status_code == 200
    assert own.json()["contact_phone_masked"] is not None
    assert [item["id"] for item in listed["items"]] == [side.ids["seeker_id"]]


def test_references_in_bodies_do_not_cross_scopes(
    anonymous: TestClient, ctx: ServiceContext, world: tuple[Side, Side]
) -> None:
    mine, theirs = world
    clerk = bearer(token_for(ctx, mine.clerk))
    employer = bearer(token_for(ctx, mine.employer_user))

    proposal = anonymous.post(
        "/api/v1/proposals",
        headers=clerk,
        json={"seeker_id": theirs.ids["seeker_id"], "posting_id": mine.ids["posting_id"]},
    )
    posting = anonymous.post(
        "/api/v1/postings",
        headers=employer,
        json={
            "employer_id": theirs.ids["employer_id"],
            "title": "冒名岗位",
            "kind": "odd_job",
            "work_mode": "on_site",
            "headcount": 1,
            "pay_yuan": 15,
            "pay_unit": "hour",
            "place_name": "某地",
        },
    )
    lookup = anonymous.get(
        "/api/v1/proposals", headers=employer, params={"posting_id": theirs.ids["posting_id"]}
    )

    assert proposal.status_code == 404
    assert posting.status_code == 422 and posting.json()["errors"][0]["field"] == "employer_id"
    assert lookup.json()["total"] == 0
