"""After an erasure nothing the service wrote lets anyone read who the person was.

A seeker goes through the whole loop on a real, committed database - registered, revealed
with a reason, proposed with notes (the clerk's and the employer's requests sent with
Idempotency-Keys), referred with a note, hired - and is then erased. A raw dump of the
database (``pg_dump``; the SQLite file and its WAL byte for byte) holds none of her name,
its pinyin (whole, and of the given name), her ID number, phone, address, disability note
or the notes about her; every retry of a request about her is forgotten; the reports
count exactly what they did before.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from matching.api.app import create_app
from matching.config import Settings
from matching.db.session import Database, make_engine, transaction
from matching.enums import Role
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data
from matching.services.referral_refs import issue_ref
from matching.services.seeker_texts import SHREDDED
from tests.conftest import CLOCK, TODAY
from tests.support.auth import bearer, make_user, token_for
from tests.support.databases import fresh_database_url, upgrade
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_station,
    phone,
    resident_id,
)

NAME = "欧阳明珠"
ADDRESS = "新城街道幸福路88号3单元"
NOTE = "左腿行动不便，需一楼工位"


@dataclass
class Live:
    url: str
    engine: Engine
    client: TestClient
    admin: dict[str, str]
    clerk: dict[str, str]
    outsider: dict[str, str]
    employer: dict[str, str]
    station: int
    posting: int


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[Live]:
    with fresh_database_url(request.param, tmp_path) as url:
        engine = make_engine(url)
        with engine.connect() as connection:
            upgrade(connection)
        database = Database(engine)
        with transaction(database) as session:
            ctx = ServiceContext(
                session=session, cipher=build_cipher(settings), settings=settings, clock=CLOCK
            )
            load_reference_data(ctx, settings.data_dir)
            home = community(ctx.session)
            station = make_station(ctx, community_code=home.code)
            far = make_station(ctx, community_code="370983105001")
            employer = make_employer(ctx)
            posting = make_posting(ctx, employer_id=employer.id, headcount=2)
            tokens = {
                "admin": token_for(ctx, make_user(ctx, role=Role.admin)),
                "clerk": token_for(ctx, make_user(ctx, role=Role.clerk, station_id=station.id)),
                "outsider": token_for(ctx, make_user(ctx, role=Role.clerk, station_id=far.id)),
                "employer": token_for(
                    ctx, make_user(ctx, role=Role.employer, employer_id=employer.id)
                ),
            }
        app = create_app(settings, database)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Live(
                url, engine, client, *(bearer(tokens[k]) for k in tokens), station.id, posting.id
            )
        engine.dispose()


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def _her_whole_story(live: Live, resident: str, mobile: str) -> tuple[int, int]:
    """Register, reveal, propose, refer and hire her; return (seeker id, proposal id)."""
    c = live.client
    seeker = _ok(
        c.post(
            "/api/v1/seekers",
            headers=live.clerk,
            json={
                "name": NAME,
                "resident_id": resident,
                "phone": mobile,
                "community_id": _ok(c.get(f"/api/v1/stations/{live.station}", headers=live.admin))[
                    "community_id"
                ],
                "registered_station_id": live.station,
                "address": ADDRESS,
                "disability": True,
                "disability_note": NOTE,
                "skills": [{"skill": "sewing", "level": 2}],
                "consent": {"data_use": True, "automated_matching": True},
            },
        ),
        201,
    )["id"]
    _ok(
        c.post(
            f"/api/v1/seekers/{seeker}/reveal",
            headers=live.clerk,
            json={"fields": ["phone"], "reason": f"给{NAME}回电话 {mobile}"},
        )
    )
    proposal = _ok(
        c.post(
            "/api/v1/proposals",
            headers={**live.clerk, "Idempotency-Key": "propose-her-0001"},
            json={"seeker_id": seeker, "posting_id": live.posting, "note": f"{NAME}说周一能到"},
        ),
        201,
    )["id"]
    _ok(
        c.post(
            f"/api/v1/proposals/{proposal}/outcomes",
            headers={**live.clerk, "Idempotency-Key": "accept-her-0001"},
            json={"status": "accepted", "note": f"{NAME}同意，住{ADDRESS}"},
        )
    )
    hired = _ok(
        c.post(
            f"/api/v1/proposals/{proposal}/outcomes",
            headers={**live.employer, "Idempotency-Key": "hire-her-0001"},
            json={"status": "hired", "note": "录用"},
        )
    )
    assert hired["candidate"]["phone"] == mobile  # the employer sees it once hired
    ref = issue_ref(build_cipher(Settings()), seeker, live.posting, today=TODAY)
    _ok(
        c.post(
            "/api/v1/referrals",
            headers=live.outsider,
            json={"referral_ref": ref, "note": f"{NAME}手机{mobile}"},
        ),
        201,
    )
    return seeker, proposal


def _reports(live: Live) -> list[Any]:
    names = ("summary", "placements", "near-home", "full-employment", "outcomes", "vacancies")
    params = {"from": "2026-01-01", "to": "2026-12-31"}
    return [
        _ok(live.client.get(f"/api/v1/reports/{name}", headers=live.admin, params=params))
        for name in names
    ]


def _raw_dump(live: Live) -> bytes:
    """Everything the database holds, as bytes."""
    url = make_url(live.url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        return b"".join(
            p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
        )
    pg_dump = shutil.which("pg_dump")
    assert pg_dump is not None, "pg_dump is part of the PostgreSQL client"
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run([pg_dump, "--data-only", plain], check=True, capture_output=True).stdout


def test_erasure_leaves_nothing_readable_and_every_count(live: Live) -> None:
    resident, mobile = resident_id(birth="19750612"), phone()
    seeker, proposal = _her_whole_story(live, resident, mobile)
    before = _reports(live)
    assert NAME.encode() in _raw_dump(live)  # the dump is able to see her at all

    _ok(
        live.client.post(
            f"/api/v1/seekers/{seeker}/erasure", headers=live.clerk, json={"reason": "本人申请"}
        )
    )

    dump = _raw_dump(live)
    for value in (NAME, "ouyangmingzhu", "mingzhu", resident, mobile, ADDRESS, NOTE):
        assert value.encode() not in dump, value
    with live.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM idempotency_keys")).scalar() == 0
    assert _reports(live) == before
    events = _ok(live.client.get(f"/api/v1/proposals/{proposal}", headers=live.admin))["events"]
    assert [event["note"] for event in events] == [SHREDDED, SHREDDED, SHREDDED]
    audit = _ok(live.client.get("/api/v1/audit-events", headers=live.admin))["items"]
    reveal = next(item for item in audit if item["action"] == "reveal")
    assert reveal["reason"] == SHREDDED


def test_a_retry_after_erasure_is_not_answered_from_storage(live: Live) -> None:
    seeker, proposal = _her_whole_story(live, resident_id(birth="19800101"), phone())
    _ok(
        live.client.post(
            f"/api/v1/seekers/{seeker}/erasure", headers=live.clerk, json={"reason": "本人申请"}
        )
    )

    retry = live.client.post(
        f"/api/v1/proposals/{proposal}/outcomes",
        headers={**live.employer, "Idempotency-Key": "hire-her-0001"},
        json={"status": "hired", "note": "录用"},
    )

    assert retry.status_code in (404, 409)
    assert NAME not in retry.text
