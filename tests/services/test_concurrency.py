"""Real concurrency on a real, committed database: two apps (like two worker processes)
race for the last vacancy, and duplicates of one idempotent request have one effect."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from matching.api.app import create_app
from matching.config import Settings
from matching.db.models import Posting, Proposal
from matching.db.session import Database, make_engine, transaction
from matching.enums import ProposalStatus, Role
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.services.context import ServiceContext, build_cipher
from matching.services.proposals import propose, record_outcome
from matching.services.reference import load_reference_data
from tests.conftest import CLOCK
from tests.support.auth import bearer, make_user, token_for
from tests.support.databases import fresh_database_url, upgrade
from tests.support.factories import make_employer, make_posting, make_seeker, make_station

TRIALS = 200


@dataclass
class Live:
    database: Database
    settings: Settings
    token: str
    seekers: list[int]
    employer: int

    def context(self, session: Any) -> ServiceContext:
        return ServiceContext(
            session=session, cipher=build_cipher(self.settings), settings=self.settings, clock=CLOCK
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[Live]:
    with fresh_database_url(request.param, tmp_path) as url:
        engine = (
            make_engine(url, pool_size=10) if request.param == "postgresql" else make_engine(url)
        )
        with engine.connect() as connection:
            upgrade(connection)
        database = Database(engine)
        with transaction(database) as session:
            ctx = ServiceContext(
                session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
            )
            load_reference_data(ctx, settings.data_dir)
            station = make_station(ctx)
            seekers = [make_seeker(ctx, station_id=station.id).id for _ in range(8)]
            employer = make_employer(ctx).id
            token = token_for(ctx, make_user(ctx, role=Role.admin))
        yield Live(database, settings, token, seekers, employer)
        engine.dispose()


@contextmanager
def _apps(live: Live, count: int) -> Iterator[list[TestClient]]:
    """Separate app instances, each with its own engine and pool: like worker processes.

    Each is warmed with one request first: FastAPI builds an included router's routes
    on first use inside ``warnings.catch_warnings()``, which is not thread-safe, so
    cold apps racing each other trip this suite's warnings-as-errors filter.
    """
    url = live.database.engine.url.render_as_string(hide_password=False)
    databases = [Database(make_engine(url)) for _ in range(count)]
    clients = [
        TestClient(
            create_app(live.settings, database),
            raise_server_exceptions=False,
            headers=bearer(live.token),
        )
        for database in databases
    ]
    try:
        for client in clients:
            client.__enter__()
            assert client.get("/api/v1/proposals", params={"limit": 1}).status_code == 200
        yield clients
    finally:
        for client in clients:
            client.__exit__(None, None, None)
        for database in databases:
            database.dispose()


def _together(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _two_accepted_proposals(live: Live) -> list[int]:
    with transaction(live.database) as session:
        ctx = live.context(session)
        posting = make_posting(ctx, employer_id=live.employer, headcount=1).id
        ids = []
        for seeker in live.seekers[:2]:
            proposal = propose(ctx, ProposalCreate(seeker_id=seeker, posting_id=posting))
            record_outcome(ctx, proposal.id, OutcomeIn(status=ProposalStatus.accepted))
            ids.append(proposal.id)
    return ids


def test_last_vacancy_goes_to_exactly_one_of_two_racing_clerks(live: Live) -> None:
    statuses: Counter[int] = Counter()
    with _apps(live, 2) as apps:
        for _ in range(TRIALS):
            proposals = _two_accepted_proposals(live)
            responses = _together(
                [
                    lambda app=app, proposal=proposal: app.post(
                        f"/api/v1/proposals/{proposal}/outcomes", json={"status": "hired"}
                    )
                    for app, proposal in zip(apps, proposals, strict=True)
                ]
            )
            codes = sorted(response.status_code for response in responses)
            statuses.update(codes)
            assert codes == [200, 409], [r.text for r in responses]
    with transaction(live.database) as session:
        overbooked = session.scalar(
            select(func.count(Posting.id)).where(Posting.hires > Posting.headcount)
        )
        hired = session.scalar(select(func.count(Proposal.id)).where(Proposal.status == "hired"))
    assert overbooked == 0 and hired == TRIALS
    assert statuses == {200: TRIALS, 409: TRIALS}


def test_concurrent_duplicates_of_one_idempotent_request_have_one_effect(live: Live) -> None:
    with transaction(live.database) as session:
        posting = make_posting(live.context(session), employer_id=live.employer, headcount=5).id
    body = {"seeker_id": live.seekers[3], "posting_id": posting}
    headers = {"Idempotency-Key": "window-3-proposal-42"}
    with _apps(live, 8) as apps:
        responses = _together(
            [
                lambda app=app: app.post("/api/v1/proposals", json=body, headers=headers)
                for app in apps
            ]
        )

    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.text for r in responses}) == 1
    with transaction(live.database) as session:
        count = session.scalar(
            select(func.count(Proposal.id)).where(Proposal.posting_id == posting)
        )
    assert count == 1
