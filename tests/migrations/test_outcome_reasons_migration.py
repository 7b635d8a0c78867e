"""Migration 0015 widens the reason codes on a database full of proposals, and back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from matching.config import Settings
from matching.db.session import Database, make_engine, transaction
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.services.context import ServiceContext, build_cipher
from matching.services.proposals import propose, record_outcome
from matching.services.reference import load_reference_data
from tests.conftest import CLOCK
from tests.support.databases import downgrade, fresh_database_url, upgrade
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

BACKENDS = ("sqlite", "postgresql")


def _no_show(ctx: ServiceContext, reason: str) -> int:
    station = make_station(ctx)
    seeker = make_seeker(ctx, station_id=station.id)
    posting = make_posting(ctx, employer_id=make_employer(ctx).id)
    made = propose(ctx, ProposalCreate(seeker_id=seeker.id, posting_id=posting.id))
    record_outcome(ctx, made.id, OutcomeIn.model_validate({"status": "accepted"}))
    record_outcome(
        ctx, made.id, OutcomeIn.model_validate({"status": "no_show", "reason_code": reason})
    )
    return made.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_new_reasons_survive_and_map_to_other_on_the_way_down(backend: str, tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://")
    with fresh_database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                upgrade(connection)
            with transaction(Database(engine)) as session:
                ctx = ServiceContext(
                    session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
                )
                load_reference_data(ctx, settings.data_dir)
                family, health = _no_show(ctx, "family"), _no_show(ctx, "health")

            with engine.connect() as connection:
                before = connection.execute(text("SELECT count(*) FROM proposal_events")).scalar()
                connection.commit()  # migrations start outside a transaction, as the CLI's do
                downgrade(connection, "0014")
                reasons = dict(
                    connection.execute(text("SELECT id, reason_code FROM proposals")).all()
                )
                assert reasons == {family: "other", health: "health"}
                after = connection.execute(text("SELECT count(*) FROM proposal_events")).scalar()
                assert after == before  # the history was rewritten, not thinned
                connection.commit()
                upgrade(connection)
                connection.execute(
                    text("UPDATE proposals SET reason_code = 'transport' WHERE id = :id"),
                    {"id": family},
                )
                connection.commit()
                with pytest.raises(IntegrityError):
                    connection.execute(
                        text("UPDATE proposals SET reason_code = 'nonsense' WHERE id = :id"),
                        {"id": health},
                    )
                connection.rollback()
                if backend == "sqlite":  # the migration left foreign keys on
                    assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
                with pytest.raises(DBAPIError):  # the append-only triggers are back
                    connection.execute(text("DELETE FROM proposal_events"))
                connection.rollback()
        finally:
            engine.dispose()
