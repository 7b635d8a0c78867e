"""Tables of the SQL baseline: the synthetic city as a SQL developer would store it.

Built once per city size and cached: SQLite in ``benchmarks/.cache/sql_<n>.db``,
PostgreSQL in the database ``matching_bench_sql``, schema ``city_<n>``. A
fingerprint of the city generator and of this module is kept in ``bench_meta``;
when it changes the tables are rebuilt.

=======================  ==============================================================
table                    columns
=======================  ==============================================================
``bench_seekers``        id, lat, lon (float32-rounded, as the engine stores them),
                         max_km (10 m steps), homebound, disability, age, eligible,
                         min_pay_yuan (cents, NULL = none), min_pay_unit, availability:
                         PostgreSQL ``bit(336)``, SQLite six ``bigint`` words ``w0..w5``
                         of 56 slots each; index on (lat, lon)
``bench_seeker_skills``  (seeker_id, skill) primary key, level; index on (skill, seeker_id)
``bench_skill_relations``  (skill, related), both directions
=======================  ==============================================================
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Final

import numpy as np
import psycopg
from sqlalchemy.engine import make_url

from benchmarks.city import City
from benchmarks.facts import CACHE_DIR, POSTGRES_ADMIN_URL, code_fingerprint

PG_DATABASE: Final = "matching_bench_sql"
WORD_SLOTS: Final = 56
WORDS: Final = 6
_UNITS: Final = ("hour", "day", "piece", "month")
_BATCH: Final = 50_000

Connection = sqlite3.Connection | psycopg.Connection[Any]


def fingerprint(size: int, seed: int) -> str:
    """Identify the city and the table layout, so a stale cache is rebuilt."""
    return code_fingerprint("city.py", "sql_tables.py", salt=f"{size}:{seed}")


def pg_conninfo(database: str) -> str:
    """A libpq connection string for ``database`` on the benchmark server."""
    url = make_url(POSTGRES_ADMIN_URL)
    parts = {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "dbname": database,
    }
    if url.password:
        parts["password"] = url.password
    return " ".join(f"{key}={value}" for key, value in parts.items())


def ensure_pg_database(name: str) -> None:
    """Create the PostgreSQL database ``name`` unless it exists."""
    admin = make_url(POSTGRES_ADMIN_URL).database or "postgres"
    with psycopg.connect(pg_conninfo(admin), autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _rows(city: City) -> Iterator[tuple[Any, ...]]:
    """Seeker rows in natural units, quantised as the engine quantises them."""
    c = city.seekers
    lat = c.lat.astype(np.float32).astype(np.float64).tolist()
    lon = c.lon.astype(np.float32).astype(np.float64).tolist()
    max_km = (np.round(c.max_travel_km * 100) / 100).tolist()
    pay = np.round(c.min_pay_yuan * 100) / 100
    has_pay = ~np.isnan(pay)
    weeks = c.availability
    for i in range(len(c)):
        week = int.from_bytes(weeks[i].tobytes(), "little")
        yield (
            int(c.ids[i]),
            lat[i],
            lon[i],
            max_km[i],
            bool(c.homebound[i]),
            bool(c.disability[i]),
            int(c.age[i]),
            bool(c.eligible[i]),
            float(pay[i]) if has_pay[i] else None,
            _UNITS[int(c.min_pay_unit[i])] if has_pay[i] else None,
            week,
        )


def _skill_rows(city: City) -> list[tuple[int, int, int]]:
    c = city.seekers
    owner = np.repeat(c.ids, np.diff(c.skill_indptr))
    return list(zip(owner.tolist(), c.skill_index.tolist(), c.skill_level.tolist(), strict=True))


def _relation_rows(city: City) -> list[tuple[int, int]]:
    graph = city.graph
    return [(a, b) for a in range(graph.n_skills) for b in graph.related(a)]


def sqlite_tables(city: City, seed: int) -> sqlite3.Connection:
    """Open (building first if needed) the SQLite tables of ``city``."""
    size = len(city.seekers)
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"sql_{size}.db"
    stamp = fingerprint(size, seed)
    if path.exists():
        connection = sqlite3.connect(path)
        if _stamp(connection, "SELECT value FROM bench_meta WHERE key = 'fingerprint'") == stamp:
            return connection
        connection.close()
        path.unlink()
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        PRAGMA journal_mode = WAL;
        CREATE TABLE bench_meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE bench_seekers (
            id INTEGER PRIMARY KEY, lat REAL, lon REAL, max_km REAL, homebound INTEGER,
            disability INTEGER, age INTEGER, eligible INTEGER, min_pay_yuan REAL,
            min_pay_unit TEXT, w0 INTEGER, w1 INTEGER, w2 INTEGER, w3 INTEGER, w4 INTEGER,
            w5 INTEGER);
        CREATE TABLE bench_seeker_skills (
            seeker_id INTEGER, skill INTEGER, level INTEGER, PRIMARY KEY (seeker_id, skill)
        ) WITHOUT ROWID;
        CREATE TABLE bench_skill_relations (
            skill INTEGER, related INTEGER, PRIMARY KEY (skill, related)) WITHOUT ROWID;
        """
    )
    mask = (1 << WORD_SLOTS) - 1
    connection.executemany(
        "INSERT INTO bench_seekers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (*row[:10], *((row[10] >> (WORD_SLOTS * k)) & mask for k in range(WORDS)))
            for row in _rows(city)
        ),
    )
    connection.executemany("INSERT INTO bench_seeker_skills VALUES (?,?,?)", _skill_rows(city))
    connection.executemany("INSERT INTO bench_skill_relations VALUES (?,?)", _relation_rows(city))
    connection.executescript(
        """
        CREATE INDEX bench_seekers_lat_lon ON bench_seekers (lat, lon);
        CREATE INDEX bench_seeker_skills_skill ON bench_seeker_skills (skill, seeker_id, level);
        ANALYZE;
        """
    )
    connection.execute("INSERT INTO bench_meta VALUES ('fingerprint', ?)", (stamp,))
    connection.commit()
    return connection


def _stamp(connection: Connection, query: str) -> str | None:
    try:
        row = connection.execute(query).fetchone()
    except (sqlite3.Error, psycopg.Error):
        if isinstance(connection, psycopg.Connection):
            connection.rollback()
        return None
    return None if row is None else str(row[0])


def postgres_tables(city: City, seed: int) -> psycopg.Connection[Any]:
    """Open (building first if needed) the PostgreSQL tables of ``city``."""
    size = len(city.seekers)
    schema = f"city_{size}"
    ensure_pg_database(PG_DATABASE)
    connection = psycopg.connect(pg_conninfo(PG_DATABASE))
    stamp = fingerprint(size, seed)
    if (
        _stamp(connection, f"SELECT value FROM {schema}.bench_meta WHERE key = 'fingerprint'")
        == stamp
    ):
        connection.execute(f"SET search_path TO {schema}")
        connection.commit()
        return connection
    connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    connection.execute(f"CREATE SCHEMA {schema}")
    connection.execute(f"SET search_path TO {schema}")
    connection.execute(
        """
        CREATE TABLE bench_meta (key text PRIMARY KEY, value text);
        CREATE TABLE bench_seekers (
            id integer PRIMARY KEY, lat double precision, lon double precision,
            max_km double precision, homebound boolean, disability boolean, age integer,
            eligible boolean, min_pay_yuan double precision, min_pay_unit text,
            availability bit(336));
        CREATE TABLE bench_seeker_skills (
            seeker_id integer, skill integer, level integer, PRIMARY KEY (seeker_id, skill));
        CREATE TABLE bench_skill_relations (skill integer, related integer,
            PRIMARY KEY (skill, related));
        """
    )
    with connection.cursor() as cursor:
        with cursor.copy("COPY bench_seekers FROM STDIN") as copy:
            for row in _rows(city):
                bits = format(row[10], f"0{336}b")[::-1]  # slot 0 first
                copy.write_row((*row[:10], bits))
        with cursor.copy("COPY bench_seeker_skills FROM STDIN") as copy:
            for skill_row in _skill_rows(city):
                copy.write_row(skill_row)
        with cursor.copy("COPY bench_skill_relations FROM STDIN") as copy:
            for relation in _relation_rows(city):
                copy.write_row(relation)
    connection.execute(
        """
        CREATE INDEX bench_seekers_lat_lon ON bench_seekers (lat, lon);
        CREATE INDEX bench_seeker_skills_skill ON bench_seeker_skills (skill, seeker_id, level);
        """
    )
    connection.execute("INSERT INTO bench_meta VALUES ('fingerprint', %s)", (stamp,))
    connection.commit()
    with psycopg.connect(pg_conninfo(PG_DATABASE), autocommit=True) as maintenance:
        tables = ("bench_seekers", "bench_seeker_skills", "bench_skill_relations")
        maintenance.execute("VACUUM ANALYZE " + ", ".join(f"{schema}.{t}" for t in tables))
    return connection
