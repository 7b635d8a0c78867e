"""Idempotency keys store no response: a replay is rendered anew, and keys expire."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from matching.db.base import utcnow
from matching.db.models import IdempotencyKey
from matching.enums import Role
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

URL = "/api/v1/proposals"


def test_keys_hold_ids_not_bodies_and_replays_follow_the_callers_view(
    anonymous: TestClient, client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    employer = make_employer(ctx)
    posting = make_posting(ctx, employer_id=employer.id)
    seeker = make_seeker(ctx, station_id=make_station(ctx).id, name="郑雪梅")
    proposal = client.post(URL, json={"seeker_id": seeker.id, "posting_id": posting.id}).json()
    client.post(f"{URL}/{proposal['id']}/outcomes", json={"status": "accepted"})
    boss = bearer(token_for(ctx, make_user(ctx, role=Role.employer, employer_id=employer.id)))
    hire = {**boss, "Idempotency-Key": "hire-0001-abc"}

    first = anonymous.post(
        f"{URL}/{proposal['id']}/outcomes", headers=hire, json={"status": "hired"}
    )
    replay = anonymous.post(
        f"{URL}/{proposal['id']}/outcomes", headers=hire, json={"status": "hired"}
    )

    assert first.status_code == replay.status_code == 200
    assert replay.json()["candidate"]["phone"] == first.json()["candidate"]["phone"]
    columns = {
        column["name"] for column in inspect(session.connection()).get_columns("idempotency_keys")
    }
    assert "response_body" not in columns
    row = session.scalars(select(IdempotencyKey)).one()
    assert (row.resource_id, row.seeker_id, row.status_code) == (proposal["id"], seeker.id, 200)
    lifetime = row.expires_at - row.created_at
    assert abs(lifetime - timedelta(hours=ctx.settings.idempotency_ttl_hours)) < timedelta(
        minutes=1
    )


def test_an_expired_key_is_not_replayed(
    client: TestClient, ctx: ServiceContext, session: Session
) -> None:
    posting = make_posting(ctx, employer_id=make_employer(ctx).id)
    seeker = make_seeker(ctx, station_id=make_station(ctx).id)
    body = {"seeker_id": seeker.id, "posting_id": posting.id}
    key = {"Idempotency-Key": "propose-0001-abc"}
    assert client.post(URL, json=body, headers=key).status_code == 201
    session.execute(update(IdempotencyKey).values(expires_at=utcnow() - timedelta(seconds=1)))

    again = client.post(URL, json=body, headers=key)

    assert again.status_code == 409  # a fresh request: the open proposal is in the way
    assert session.scalar(select(IdempotencyKey.expires_at)) is not None
