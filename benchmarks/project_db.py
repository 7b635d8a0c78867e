"""The project's own database filled with a synthetic city, built once and cached.

The schema comes from the Alembic revisions, the geography and skills from
``load_reference_data``; then the seekers of :mod:`benchmarks.city` (the very
seekers the in-memory benchmarks rank) are bulk-inserted the way
``matching.services.demo`` inserts the demo city: Core ``INSERT`` in batches with
``render_nulls``, resident ID and phone AES-GCM encrypted and blind-indexed with
the configured cipher, pinyin keys in clear. Each seeker gets its skills and its
consents (``data_use`` always; ``automated_matching`` for the 95 % eligible), one
of 14 stations (one per town), a birth date giving the drawn age and a creation
date giving the drawn days of waiting, and a history of proposals and clerk overrides
(:class:`benchmarks.project_rows.History`: about 0.6 proposals per seeker). 2,000 open
postings of 200 employers and a ``bench-admin`` user complete it.

Databases: SQLite ``benchmarks/.cache/matching_bench_<size>.db`` and PostgreSQL
``matching_bench_1m`` / ``matching_bench_100k`` (``matching_bench_<size>`` else).
``benchmarks/.cache/project_dbs.json`` records what each was built from; a
change of the city generator, of the rows, of ``LAYOUT_VERSION`` or of the Alembic
head rebuilds it.

Usage (building 1M takes minutes; later runs reuse it)::

    .venv/bin/python -m benchmarks.project_db --sizes 100000 1000000 --backends sqlite postgresql
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import psycopg
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, insert, select, text
from sqlalchemy.engine import make_url

from benchmarks.city import City, build_city
from benchmarks.facts import CACHE_DIR, POSTGRES_ADMIN_URL, code_fingerprint, print_machine_facts
from benchmarks.project_rows import (
    History,
    People,
    consent_rows,
    employer_row,
    posting_row,
    posting_skill_rows,
    seeker_skill_rows,
)
from benchmarks.sql_tables import ensure_pg_database, pg_conninfo
from matching.access.passwords import hash_password
from matching.config import Settings
from matching.db.changes import touch_all
from matching.db.migrations import alembic_config, upgrade_database
from matching.db.models import (
    AuditEvent,
    Community,
    Employer,
    Posting,
    PostingSkill,
    Proposal,
    Seeker,
    SeekerConsent,
    SeekerSkill,
    Skill,
    Station,
    Subdistrict,
    User,
)
from matching.db.session import Database, transaction
from matching.demo.identities import NumberMint
from matching.enums import Role
from matching.pii import PiiCipher
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data

SEED: Final = 2026
LAYOUT_VERSION: Final = 2
"""Bump when this module changes what it writes (the cache key also covers city.py and
project_rows.py and the Alembic head)."""
N_POSTINGS: Final = 2000
N_EMPLOYERS: Final = 200
ADMIN: Final = "bench-admin"
PASSWORD: Final = "bench-2026-feicheng"  # benchmark data only
BATCH: Final = 1000
CHUNK: Final = 50_000
_MANIFEST: Final = CACHE_DIR / "project_dbs.json"


def database_url(backend: str, size: int) -> str:
    """Where the benchmark database of ``size`` seekers lives."""
    label = {1_000_000: "1m", 100_000: "100k"}.get(size, str(size))
    if backend == "sqlite":
        return f"sqlite:///{CACHE_DIR / f'matching_bench_{label}.db'}"
    return (
        make_url(POSTGRES_ADMIN_URL)
        .set(database=f"matching_bench_{label}")
        .render_as_string(hide_password=False)
    )


def _fingerprint(size: int) -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    salt = f"{size}:{SEED}:{head}:{LAYOUT_VERSION}"
    return code_fingerprint("city.py", "project_rows.py", salt=salt)


def _manifest() -> dict[str, str]:
    return json.loads(_MANIFEST.read_text()) if _MANIFEST.exists() else {}


def _insert(connection: Connection, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Core INSERT in batches on a Connection (services/demo.py's pattern, minus the ORM layer)."""
    statement = insert(model).execution_options(render_nulls=True)
    for start in range(0, len(rows), BATCH):
        connection.execute(statement, rows[start : start + BATCH])


def _stations(connection: Connection, community_ids: dict[str, int]) -> list[int]:
    """One window per town, in town-code order (the city's station numbers)."""
    towns = connection.execute(select(Subdistrict.code, Subdistrict.lat, Subdistrict.lon)).all()
    ids = []
    now = datetime.now(UTC)
    for code, lat, lon in sorted(towns):
        community = next(c for k, c in community_ids.items() if k.startswith(code))
        row = {
            "code": f"BENCH-{code}",
            "name": f"基准测试窗口 {code}",
            "kind": "window",
            "community_id": community,
            "address": None,
            "lat": lat,
            "lon": lon,
            "location_approximate": True,
            "created_at": now,
            "updated_at": now,
        }
        ids.append(connection.execute(insert(Station).returning(Station.id), row).scalar_one())
    return ids


def _postings(
    connection: Connection,
    city: City,
    cipher: PiiCipher,
    communities: list[int],
    skill_ids: list[int],
) -> None:
    mint = NumberMint(random.Random(SEED + 1))
    employers = []
    for k in range(N_EMPLOYERS):
        posting = city.postings[k]
        row = employer_row(cipher, mint, k, communities[posting.community_id - 1], posting)
        employers.append(
            connection.execute(insert(Employer).returning(Employer.id), row).scalar_one()
        )
    rows = [
        posting_row(p, employers[p.id % N_EMPLOYERS], communities[p.community_id - 1])
        for p in city.postings
    ]
    _insert(connection, Posting, rows)
    _insert(
        connection,
        PostingSkill,
        [link for p in city.postings for link in posting_skill_rows(p, skill_ids)],
    )


def _seekers(
    connection: Connection,
    city: City,
    people: People,
    history: History,
    communities: list[int],
    stations: list[int],
    skill_ids: list[int],
) -> Iterator[int]:
    """Insert the seekers chunk by chunk, committing each; yield how many are in."""
    c = city.seekers
    for start in range(0, len(c), CHUNK):
        stop = min(start + CHUNK, len(c))
        rows = [
            people.seeker_row(
                c, i, communities[int(c.community_id[i]) - 1], stations[int(c.station_id[i]) - 1]
            )
            for i in range(start, stop)
        ]
        _insert(connection, Seeker, rows)
        _insert(connection, SeekerSkill, seeker_skill_rows(c, start, stop, skill_ids))
        _insert(connection, SeekerConsent, consent_rows(rows, c.eligible[start:stop].tolist()))
        proposals, overrides = history.rows(c, rows, start)
        _insert(connection, Proposal, proposals)
        _insert(connection, AuditEvent, overrides)
        connection.commit()
        yield stop


def ensure_admin(database: Database) -> int:
    """The id of the ``bench-admin`` user, created when missing."""
    with transaction(database) as session:
        user = session.scalars(select(User).where(User.username == ADMIN)).first()
        if user is None:
            user = User(
                username=ADMIN,
                display_name="基准测试管理员",
                role=Role.admin,
                password_hash=hash_password(PASSWORD),
            )
            session.add(user)
            session.flush()
        return user.id


def _fresh(backend: str, url: str) -> None:
    if backend == "sqlite":
        path = Path(make_url(url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = make_url(url).database or ""
    admin = make_url(POSTGRES_ADMIN_URL).database or "postgres"
    with psycopg.connect(pg_conninfo(admin), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ensure_pg_database(name)


def build(backend: str, size: int, *, log: bool = True) -> float:
    """Build the database from scratch; return the seconds it took."""
    started = time.perf_counter()
    url = database_url(backend, size)
    CACHE_DIR.mkdir(exist_ok=True)
    _fresh(backend, url)
    upgrade_database(url)
    settings = Settings(database_url=url)
    cipher = build_cipher(settings)
    database = Database.from_url(url)
    today = date.today()
    city = build_city(size, N_POSTINGS, seed=SEED, today=today)
    with transaction(database) as session:
        load_reference_data(
            ServiceContext(session=session, cipher=cipher, settings=settings), settings.data_dir
        )
    with database.engine.connect() as connection:
        by_code = dict(connection.execute(select(Community.code, Community.id)).all())
        skill_by_code = dict(connection.execute(select(Skill.code, Skill.id)).all())
        communities = [by_code[code] for code in city.geography.codes]
        skill_ids = [skill_by_code[code] for code in city.taxonomy.codes]
        stations = _stations(connection, by_code)
        _postings(connection, city, cipher, communities, skill_ids)
        connection.commit()
        people = People(cipher, seed=SEED, today=today)
        history = History([p.id for p in city.postings], seed=SEED + 2, now=people.now)
        seekers = _seekers(connection, city, people, history, communities, stations, skill_ids)
        for done in seekers:
            if log and (done % 100_000 == 0 or done == size):
                elapsed = time.perf_counter() - started
                print(f"  {backend} {size}: {done} seekers after {elapsed:.0f} s", flush=True)
    with transaction(database) as session:
        touch_all(session)  # bulk inserts bypass the ORM's change stamping
        if backend == "postgresql":  # ids were given explicitly: move the sequences on
            for table in ("seekers", "postings"):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                session.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
    ensure_admin(database)
    _analyze(backend, url)
    database.dispose()
    manifest = _manifest()
    manifest[url] = _fingerprint(size)
    _MANIFEST.write_text(json.dumps(manifest, indent=2))
    return time.perf_counter() - started


def _analyze(backend: str, url: str) -> None:
    """PostgreSQL gets its statistics, as autovacuum would give them soon after a bulk load.

    SQLite is left as a deployment leaves it: no ``ANALYZE``, so no planner statistics
    (the queries and indexes must do well without them).
    """
    if backend == "sqlite":
        return
    with psycopg.connect(pg_conninfo(make_url(url).database or ""), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def ensure(backend: str, size: int) -> tuple[str, float | None]:
    """The URL of an up-to-date database; the build seconds when it had to be built."""
    url = database_url(backend, size)
    if _manifest().get(url) == _fingerprint(size) and _count(url) == size:
        return url, None
    return url, build(backend, size)


def _count(url: str) -> int:
    try:
        database = Database.from_url(url)
        with transaction(database, write=False) as session:
            count = int(session.scalar(select(text("count(*)")).select_from(Seeker)) or 0)
        database.dispose()
        return count
    except Exception:
        return -1


def main(argv: list[str] | None = None) -> int:
    """Build (or confirm) the benchmark databases."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--backends", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    args = parser.parse_args(argv)
    print_machine_facts("Benchmark databases (the project's schema, a synthetic city)")
    for backend in args.backends:
        for size in args.sizes:
            url, seconds = ensure(backend, size)
            state = "cached" if seconds is None else f"built in {seconds:.0f} s"
            print(f"{backend:<10} {size:>9} seekers  {state}  {make_url(url).render_as_string()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
