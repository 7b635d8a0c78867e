"""Writes that must not leak or undo: consent, duplicates out of scope, scope, headcount."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from matching.db.models import Employer, Posting, Seeker
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.api.helpers import problem_fields
from tests.api.test_employers_api import credit_code
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
    resident_id,
    seeker_body,
)

FAR_COMMUNITY = "370983105001"  # another town than the factories' default community


@pytest.fixture
def two_scopes(ctx: ServiceContext) -> dict[str, Any]:
    home = community(ctx.session)
    near = make_station(ctx, community_code=home.code)
    far = make_station(ctx, community_code=FAR_COMMUNITY)
    return {
        "home": home.id,
        "station": near.id,
        "far_station": far.id,
        "far_community": community(ctx.session, code=FAR_COMMUNITY).id,
        "clerk": bearer(token_for(ctx, make_user(ctx, role=Role.clerk, station_id=near.id))),
        "outsider": bearer(token_for(ctx, make_user(ctx, role=Role.clerk, station_id=far.id))),
    }


def _withdraw(client: TestClient, seeker_id: int) -> None:
    response = client.post(
        f"/api/v1/seekers/{seeker_id}/consents",
        json={"scope": "data_use", "granted": False, "reason": "本人撤回"},
    )
    assert response.status_code == 200, response.text


# --- 5. consent everywhere ----------------------------------------------------------------


def test_status_edit_cannot_undo_a_withdrawn_consent(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    seeker = make_seeker(ctx)
    _withdraw(client, seeker.id)

    response = client.patch(f"/api/v1/seekers/{seeker.id}", json={"status": "active"})

    assert response.status_code == 409
    assert problem_fields(response) == ["consent.data_use"]
    session.expire_all()
    stored = session.get(Seeker, seeker.id)
    assert stored is not None and stored.status == "inactive"


def test_no_proposal_without_current_consent(client: TestClient, ctx: ServiceContext) -> None:
    seeker = make_seeker(ctx)
    posting = make_posting(ctx)
    _withdraw(client, seeker.id)

    response = client.post(
        "/api/v1/proposals", json={"seeker_id": seeker.id, "posting_id": posting.id}
    )

    assert response.status_code == 409 and problem_fields(response) == ["consent.data_use"]


def test_no_plan_line_or_match_without_current_consent(
    client: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any]
) -> None:
    posting = make_posting(ctx)
    seeker = make_seeker(ctx, station_id=two_scopes["station"])
    _withdraw(client, seeker.id)
    client.patch(f"/api/v1/seekers/{seeker.id}", json={"status": "active"})  # refused

    plan = client.post("/api/v1/plans", json={"scope": "city"}).json()
    matches = client.get(f"/api/v1/postings/{posting.id}/matches").json()

    assert [line["seeker"]["id"] for line in plan["lines"] if line["seeker"]] == []
    assert matches["items"] == [] and matches["referrals"] == []


# --- 6. no existence oracle ---------------------------------------------------------------


def test_duplicate_id_outside_scope_says_whom_to_ask_not_where(
    anonymous: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any]
) -> None:
    number = resident_id()
    make_seeker(ctx, station_id=two_scopes["station"], resident_id=number)
    body = seeker_body(
        station_id=two_scopes["far_station"],
        community_id=two_scopes["far_community"],
        resident_id=number,
    )

    response = anonymous.post("/api/v1/seekers", json=body, headers=two_scopes["outsider"])

    assert response.status_code == 409 and problem_fields(response) == ["resident_id"]
    problem = response.json()
    assert "existing" not in problem and "/seekers/" not in response.text
    assert "管理员" in problem["detail"] and "转介" in problem["detail"]


def test_duplicate_id_in_scope_still_points_at_the_record(
    anonymous: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any]
) -> None:
    number = resident_id()
    first = make_seeker(ctx, station_id=two_scopes["station"], resident_id=number)
    body = seeker_body(
        station_id=two_scopes["station"], community_id=two_scopes["home"], resident_id=number
    )

    response = anonymous.post("/api/v1/seekers", json=body, headers=two_scopes["clerk"])

    assert response.status_code == 409
    assert response.json()["existing"]["id"] == first.id


def test_patching_in_an_id_registered_elsewhere_hides_the_other_record(
    anonymous: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any]
) -> None:
    number = resident_id()
    make_seeker(ctx, station_id=two_scopes["station"], resident_id=number)
    mine = make_seeker(
        ctx, station_id=two_scopes["far_station"], community_id=two_scopes["far_community"]
    )

    response = anonymous.patch(
        f"/api/v1/seekers/{mine.id}", json={"resident_id": number}, headers=two_scopes["outsider"]
    )

    assert response.status_code == 409 and "existing" not in response.json()


def test_employer_user_learns_no_other_employers_id_from_a_credit_code(
    anonymous: TestClient, ctx: ServiceContext
) -> None:
    other = make_employer(ctx, name="别家工坊", credit_code=credit_code())
    mine = make_employer(ctx, name="自家工坊")
    token = bearer(token_for(ctx, make_user(ctx, role=Role.employer, employer_id=mine.id)))

    response = anonymous.patch(
        f"/api/v1/employers/{mine.id}", json={"credit_code": other.credit_code}, headers=token
    )

    assert response.status_code == 409 and problem_fields(response) == ["credit_code"]
    assert "existing" not in response.json() and str(other.id) not in response.json()["detail"]


# --- 8. scope on writes -------------------------------------------------------------------


def test_clerk_cannot_move_an_employer_out_of_scope(
    anonymous: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any], session: Session
) -> None:
    employer = make_employer(ctx)

    response = anonymous.patch(
        f"/api/v1/employers/{employer.id}",
        json={"community_id": two_scopes["far_community"]},
        headers=two_scopes["clerk"],
    )

    assert response.status_code == 403 and problem_fields(response) == ["community_id"]
    session.expire_all()
    stored = session.get(Employer, employer.id)
    assert stored is not None and stored.community_id == two_scopes["home"]


@pytest.mark.parametrize("resource", ["postings", "seekers"])
def test_clerk_cannot_move_a_posting_or_seeker_out_of_scope(
    resource: str, anonymous: TestClient, ctx: ServiceContext, two_scopes: dict[str, Any]
) -> None:
    made = (
        make_posting(ctx)
        if resource == "postings"
        else make_seeker(ctx, station_id=two_scopes["station"])
    )

    response = anonymous.patch(
        f"/api/v1/{resource}/{made.id}",
        json={"community_id": two_scopes["far_community"]},
        headers=two_scopes["clerk"],
    )

    assert response.status_code == 403 and problem_fields(response) == ["community_id"]


# --- 13. posting status follows headcount -------------------------------------------------


def _hire(client: TestClient, seeker_id: int, posting_id: int) -> None:
    proposal = client.post(
        "/api/v1/proposals", json={"seeker_id": seeker_id, "posting_id": posting_id}
    ).json()["id"]
    for status in ("accepted", "hired"):
        moved = client.post(f"/api/v1/proposals/{proposal}/outcomes", json={"status": status})
        assert moved.status_code == 200, moved.text


def test_headcount_lowered_to_the_hires_fills_and_raised_reopens(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    posting = make_posting(ctx, headcount=4)
    station = make_station(ctx)
    for _ in range(2):
        _hire(client, make_seeker(ctx, station_id=station.id).id, posting.id)

    lowered = client.patch(f"/api/v1/postings/{posting.id}", json={"headcount": 2})
    raised = client.patch(f"/api/v1/postings/{posting.id}", json={"headcount": 3})
    below = client.patch(f"/api/v1/postings/{posting.id}", json={"headcount": 1})

    assert lowered.status_code == 200 and lowered.json()["status"] == "filled"
    assert raised.status_code == 200 and raised.json()["status"] == "open"
    assert below.status_code == 422 and problem_fields(below) == ["headcount"]
    session.expire_all()
    stored = session.get(Posting, posting.id)
    assert stored is not None and (stored.headcount, stored.status) == (3, "open")
