"""Reveal, consent, erasure and the append-only audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from matching.db.models import AuditEvent, Seeker
from matching.enums import Role
from matching.schemas.seekers import SeekerPublic
from matching.services.context import ServiceContext
from tests.support.auth import bearer, make_user, token_for
from tests.support.factories import (
    community,
    make_employer,
    make_seeker,
    make_station,
    seeker_body,
)


@pytest.fixture
def seeker(ctx: ServiceContext) -> SeekerPublic:
    return make_seeker(
        ctx,
        address="新城街道龙山社区3号楼2单元501",
        disability=True,
        disability_note="下肢残疾，可坐姿工作",
    )


def _audit_rows(session: Session) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_reveal_returns_full_values_and_writes_one_audit_row(
    client: TestClient, seeker: SeekerPublic, session: Session
) -> None:
    before = len(_audit_rows(session))

    response = client.post(
        f"/api/v1/seekers/{seeker.id}/reveal",
        json={"fields": ["resident_id", "phone", "address"], "reason": "办理社保"},
    )

    assert response.status_code == 200, response.text
    revealed = response.json()
    assert revealed["resident_id"].endswith(seeker.resident_id_masked[-4:])
    assert len(revealed["resident_id"]) == 18 and len(revealed["phone"]) == 11
    assert revealed["address"].startswith("新城街道") and revealed["disability_note"] is None
    rows = _audit_rows(session)
    assert len(rows) == before + 1
    assert rows[-1].action == "reveal" and rows[-1].reason == ""  # sealed with her key
    audit = client.get("/api/v1/audit-events", params={"action": "reveal"}).json()["items"]
    assert audit[0]["reason"] == "办理社保"
    assert rows[-1].details == {"fields": ["resident_id", "phone", "address"]}
    assert revealed["resident_id"] not in str(rows[-1].details)


def test_reveal_needs_a_reason(client: TestClient, seeker: SeekerPublic, session: Session) -> None:
    before = len(_audit_rows(session))

    response = client.post(f"/api/v1/seekers/{seeker.id}/reveal", json={"fields": ["phone"]})

    assert response.status_code == 422
    assert len(_audit_rows(session)) == before


def test_employer_cannot_reveal(
    anonymous: TestClient, ctx: ServiceContext, seeker: SeekerPublic
) -> None:
    employer = make_employer(ctx)
    token = token_for(ctx, make_user(ctx, role=Role.employer, employer_id=employer.id))

    response = anonymous.post(
        f"/api/v1/seekers/{seeker.id}/reveal",
        headers=bearer(token),
        json={"fields": ["phone"], "reason": "想联系"},
    )

    assert response.status_code == 403


def test_withdrawing_automated_matching_is_recorded_and_audited(
    client: TestClient, seeker: SeekerPublic, session: Session
) -> None:
    before = len(_audit_rows(session))

    response = client.post(
        f"/api/v1/seekers/{seeker.id}/consents",
        json={"scope": "automated_matching", "granted": False, "reason": "本人不愿意自动推荐"},
    )

    assert response.status_code == 200, response.text
    consents = {c["scope"]: c for c in response.json()["consents"]}
    assert consents["automated_matching"]["withdrawn_at"] is not None
    assert consents["data_use"]["withdrawn_at"] is None
    rows = _audit_rows(session)
    assert len(rows) == before + 1 and rows[-1].action == "consent_change"


def test_erasure_destroys_personal_data_and_keeps_counts(
    client: TestClient, ctx: ServiceContext, seeker: SeekerPublic, session: Session
) -> None:
    count_before = _registrations_by_community(session)

    response = client.post(f"/api/v1/seekers/{seeker.id}/erasure", json={"reason": "本人申请删除"})

    assert response.status_code == 200, response.text
    session.expire_all()
    row = session.get(Seeker, seeker.id)
    assert row is not None
    assert row.name == "已删除" and row.resident_id_enc == b"" and row.phone_enc == b""
    assert row.address_enc is None and row.disability_note_enc is None and row.phone_tail == ""
    assert row.availability.is_empty() and row.text_key_enc is None
    assert _registrations_by_community(session) == count_before
    assert client.get(f"/api/v1/seekers/{seeker.id}").status_code == 404
    audit = _audit_rows(session)[-1]
    assert audit.action == "erasure" and audit.object_ref == response.json()["audit_ref"]
    assert seeker.name not in audit.object_ref


def _registrations_by_community(session: Session) -> dict[int, int]:
    rows = session.execute(select(Seeker.community_id, func.count()).group_by(Seeker.community_id))
    return {community_id: count for community_id, count in rows}


def test_erased_seeker_can_register_again(client: TestClient, ctx: ServiceContext) -> None:
    station = make_station(ctx)
    body = seeker_body(station_id=station.id, community_id=community(ctx.session).id)
    first = client.post("/api/v1/seekers", json=body).json()
    client.post(f"/api/v1/seekers/{first['id']}/erasure", json={"reason": "本人申请删除"})

    again = client.post("/api/v1/seekers", json=body)

    assert again.status_code == 201


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET reason = 'changed'",
        "DELETE FROM audit_events",
    ],
)
def test_database_refuses_to_change_audit_rows(
    client: TestClient, seeker: SeekerPublic, connection: Connection, statement: str
) -> None:
    client.post(f"/api/v1/seekers/{seeker.id}/reveal", json={"fields": ["phone"], "reason": "核对"})

    savepoint = connection.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))
    savepoint.rollback()
    assert connection.scalar(text("SELECT count(*) FROM audit_events")) >= 1


def test_audit_log_is_listed_for_admins_only(
    client: TestClient, anonymous: TestClient, ctx: ServiceContext, seeker: SeekerPublic
) -> None:
    client.post(f"/api/v1/seekers/{seeker.id}/reveal", json={"fields": ["phone"], "reason": "核对"})
    clerk = token_for(ctx, make_user(ctx, role=Role.clerk, station_id=seeker.registered_station_id))

    listed = client.get("/api/v1/audit-events", params={"action": "reveal"}).json()
    refused = anonymous.get("/api/v1/audit-events", headers=bearer(clerk))

    assert listed["total"] >= 1 and listed["items"][0]["action"] == "reveal"
    assert refused.status_code == 403
