"""Migration 0010 keeps every note: plain texts become sealed ones and back again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from matching.config import Settings
from matching.db.queries.common import PageRequest
from matching.db.session import Database, make_engine, transaction
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.schemas.referrals import ReferralCreate
from matching.services.audit import list_audit_events
from matching.services.context import ServiceContext, build_cipher
from matching.services.proposals import get_proposal, propose, record_outcome
from matching.services.reference import load_reference_data
from matching.services.referral_refs import issue_ref
from matching.services.referrals import refer
from tests.conftest import CLOCK, TODAY
from tests.support.databases import downgrade, fresh_database_url, upgrade
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

BACKENDS = ("sqlite", "postgresql")


def _context(session: object, settings: Settings) -> ServiceContext:
    return ServiceContext(
        session=session,  # type: ignore[arg-type]
        cipher=build_cipher(settings),
        settings=settings,
        clock=CLOCK,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_notes_survive_downgrade_and_upgrade(backend: str, tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://")
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                upgrade(connection)
            database = Database(engine)
            with transaction(database) as session:
                ctx = _context(session, settings)
                load_reference_data(ctx, settings.data_dir)
                seeker = make_seeker(ctx, station_id=make_station(ctx).id)
                posting = make_posting(ctx, employer_id=make_employer(ctx).id)
                made = propose(
                    ctx,
                    ProposalCreate(seeker_id=seeker.id, posting_id=posting.id, note="电话约了周一"),
                )
                record_outcome(
                    ctx, made.id, OutcomeIn.model_validate({"status": "accepted", "note": "愿意去"})
                )
                ref = issue_ref(ctx.cipher, seeker.id, posting.id, today=TODAY)
                refer(ctx, ReferralCreate(referral_ref=ref, note="她会锁边"))
                proposal_id = made.id

            with engine.connect() as connection:
                downgrade(connection, "0007")
                notes = connection.execute(text("SELECT note FROM proposal_events ORDER BY id"))
                assert [row[0] for row in notes] == ["电话约了周一", "愿意去"]
                assert connection.execute(text("SELECT note FROM referrals")).scalar() == "她会锁边"
                reasons = connection.execute(
                    text("SELECT reason FROM audit_events WHERE object_type = 'proposal'")
                )
                assert [row[0] for row in reasons] == ["愿意去"]
                connection.execute(
                    text(
                        "INSERT INTO idempotency_keys (actor_key, key, method, path, request_hash,"
                        " status_code, response_body, created_at) VALUES ('user:1', 'retry-key-1',"
                        " 'POST', '/api/v1/proposals', 'h', 201, :body, CURRENT_TIMESTAMP)"
                    ),
                    {"body": f'{{"id": {proposal_id}, "name": "x"}}'},
                )
                connection.commit()
                upgrade(connection)
                raw = connection.execute(text("SELECT note_enc FROM proposal_events")).all()
                assert all(row[0] is not None and "愿意去".encode() not in row[0] for row in raw)
                stored = connection.execute(
                    text("SELECT resource_id, seeker_id, expires_at FROM idempotency_keys")
                ).one()
                assert stored[0] == proposal_id and stored[1] == seeker.id and stored[2]

            with transaction(database) as session:
                ctx = _context(session, settings)
                events = get_proposal(ctx, proposal_id).events
                assert [event.note for event in events] == ["电话约了周一", "愿意去"]
                audit = list_audit_events(ctx, PageRequest(limit=50, offset=0, sort=None))
                assert "愿意去" in [item.reason for item in audit.items]
        finally:
            engine.dispose()
