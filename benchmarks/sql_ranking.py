"""The SQL baseline: the engine's ranking as ONE SQL query per posting, PostgreSQL and SQLite.

Same factors, weights and hard filters as ``matching.engine.scoring.score_pair``:

* skill match: per posting skill 1.0 at or above its minimum level, 0.6 below it,
  0.4 for a related skill, else 0; ``0.8 · mean(required) + 0.2 · mean(nice)``;
* distance: haversine (R = 6371.0088 km) × road factor 1.3; the seeker's maximum
  is a hard limit (take-home: at least 10 km, value falls only to 0.7; homebound:
  on-site within 1 km); value ``1 - km / max``;
* availability: share of the posting's (date-masked) half-hours the seeker covers;
* pay: both sides converted to yuan per hour (day 8 h, month 174 h, 10 pieces/h;
  two piece rates compare per piece); 1 when met, falling to 0 at 60 %;
* hard filters: eligible, heavy work (disability, age > 60), homebound.

Simplified away: the fairness adjustments (pending proposals, recent placement,
waiting, homebound boost). The agreement check therefore compares with the engine
run with ``Fairness.off()``. Posting-level facts (the date-masked schedule, pay per
hour, whether homebound seekers may take the work) are computed in Python once per
posting and passed as parameters, as an application would.

The query cuts the seekers to a latitude/longitude box around the posting (index
on ``(lat, lon)``) of the largest travel limit in the table, computes the distance
and the hard limit, joins the skills of the survivors with the posting's skills and
their related skills, and orders by ``score DESC, id`` with ``LIMIT``. SQLite has no
popcount: ``bit_count`` over the six 56-slot words is a registered Python function
(the one non-SQL piece); PostgreSQL uses its ``bit_count(bit(336))``.

Usage::

    .venv/bin/python -m benchmarks.sql_ranking --sizes 100000 --postings 50
"""

from __future__ import annotations

import argparse
import math
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from benchmarks.city import City, build_city
from benchmarks.facts import percentiles_ms, print_machine_facts, print_table
from benchmarks.sql_tables import WORD_SLOTS, WORDS, Connection, postgres_tables, sqlite_tables
from matching.engine import DEFAULT_CONFIG, Fairness, MatchConfig, PostingRecord, SeekerIndex
from matching.engine import factors as fx
from matching.engine.ranking import rank_seekers

BACKENDS: Final = ("postgresql", "sqlite")
NO_FAIRNESS: Final = MatchConfig(fairness=Fairness.off())
_LIGHT: Final = ("sedentary", "light")
_KM_PER_DEGREE_LOW: Final = 111.0  # a little under R·π/180 = 111.195 km: never drops anyone
_DECIMAL: Final = re.compile(r"(?<![\w.'])(\d+\.\d+(?:e[-+]?\d+)?)(?![\w.'])")


@dataclass(frozen=True, slots=True)
class Query:
    """One posting's SQL text and parameters (pyformat for psycopg, named for sqlite3)."""

    sql: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SqlResult:
    """Timings and agreement of one backend on one city."""

    backend: str
    size: int
    seconds: list[float]
    agreement: float
    exact_order: float
    checked: int

    @property
    def p50_p95_ms(self) -> tuple[float, float]:
        """p50 and p95 in milliseconds."""
        return percentiles_ms(self.seconds)


class _Sql:
    """Dialect differences: placeholders, casts, GREATEST/LEAST."""

    def __init__(self, backend: str) -> None:
        self.pg = backend == "postgresql"
        self.params: dict[str, Any] = {}

    def p(self, name: str, value: Any, cast: str = "") -> str:
        self.params[name] = value
        text = f"%({name})s" if self.pg else f":{name}"
        return f"CAST({text} AS {cast})" if cast and self.pg else text

    def greatest(self, *args: str) -> str:
        return f"{'GREATEST' if self.pg else 'max'}({', '.join(args)})"

    def least(self, *args: str) -> str:
        return f"{'LEAST' if self.pg else 'min'}({', '.join(args)})"


def _km(q: _Sql, lat: float, lon: float, road_factor: float) -> str:
    deg = math.pi / 180
    s_phi = f"sin((s.lat - {q.p('plat', lat, 'float8')}) * {deg!r} / 2)"
    s_lmb = f"sin((s.lon - {q.p('plon', lon, 'float8')}) * {deg!r} / 2)"
    a = f"{s_phi} * {s_phi} + {math.cos(lat * deg)!r} * cos(s.lat * {deg!r}) * {s_lmb} * {s_lmb}"
    return f"{2 * fx.EARTH_RADIUS_KM!r} * asin(sqrt({q.least('1.0', a)})) * {road_factor!r}"


def _availability(q: _Sql, schedule: int | None) -> str:
    if schedule is None:
        return "1.0"
    slots = schedule.bit_count()
    if slots == 0:
        return "0.0"
    if q.pg:
        bits = format(schedule, "0336b")[::-1]  # slot 0 first, as stored
        return f"bit_count(n.availability & {q.p('sched', bits, 'bit(336)')}) / {float(slots)!r}"
    mask = (1 << WORD_SLOTS) - 1
    words = [(schedule >> (WORD_SLOTS * k)) & mask for k in range(WORDS)]
    terms = [f"bit_count(n.w{k} & {q.p(f'p{k}', word)})" for k, word in enumerate(words) if word]
    return f"({' + '.join(terms)}) / {float(slots)!r}"


def _pay(q: _Sql, posting: PostingRecord, config: MatchConfig) -> str:
    pay = fx.quantize_yuan(posting.pay_yuan)
    per_hour = q.p("pph", config.pay.per_hour(pay, posting.pay_unit), "float8")
    m = config.pay
    minimum = (
        "(CASE n.min_pay_unit WHEN 'hour' THEN n.min_pay_yuan "
        f"WHEN 'day' THEN n.min_pay_yuan / {m.hours_per_day!r} "
        f"WHEN 'month' THEN n.min_pay_yuan / {m.hours_per_month!r} "
        f"ELSE n.min_pay_yuan * {m.pieces_per_hour!r} END)"
    )

    def ramp(amount: str, least: str) -> str:
        low, span = fx.PAY_FLOOR, fx.PAY_RAMP
        fall = q.greatest("0.0", f"({amount} / {least} - {low!r}) / {span!r}")
        return f"CASE WHEN {amount} >= {least} THEN 1.0 ELSE {fall} END"

    piece = ""
    if posting.pay_unit == "piece":
        piece_pay = q.p("pay", pay, "float8")
        piece = f"WHEN n.min_pay_unit = 'piece' THEN {ramp(piece_pay, 'n.min_pay_yuan')} "
    return f"CASE WHEN n.min_pay_yuan IS NULL THEN 1.0 {piece}ELSE {ramp(per_hour, minimum)} END"


def _skill(q: _Sql, posting: PostingRecord) -> tuple[str, str]:
    """The skill CTEs and the skill value expression."""
    if not posting.skills:
        return "", "1.0"
    values = ", ".join(
        f"({q.p(f's{i}', s, 'int')}, {q.p(f'l{i}', level, 'int')}, {q.p(f'r{i}', int(req), 'int')})"
        for i, (s, level, req) in enumerate(posting.skills)
    )
    ctes = f"""
ps(skill, min_level, req) AS (VALUES {values}),
targets AS (
  SELECT skill AS posting_skill, skill AS target, 1 AS direct, min_level, req FROM ps
  UNION ALL
  SELECT ps.skill, r.related, 0, ps.min_level, ps.req
  FROM ps JOIN bench_skill_relations r ON r.skill = ps.skill),
credits AS (
  SELECT n.id, t.posting_skill, t.req,
         MAX(CASE WHEN t.direct = 1 THEN (CASE WHEN ss.level >= t.min_level
             THEN {fx.CREDIT_MET!r} ELSE {fx.CREDIT_BELOW!r} END)
             ELSE {fx.CREDIT_RELATED!r} END) AS credit
  FROM near n JOIN bench_seeker_skills ss ON ss.seeker_id = n.id
  JOIN targets t ON t.target = ss.skill
  GROUP BY n.id, t.posting_skill, t.req),
skill AS (
  SELECT id, SUM(CASE WHEN req = 1 THEN credit ELSE 0 END) AS req_sum,
         SUM(CASE WHEN req = 0 THEN credit ELSE 0 END) AS nice_sum
  FROM credits GROUP BY id),"""
    n_req = sum(1 for *_, req in posting.skills if req)
    n_nice = len(posting.skills) - n_req
    req = f"COALESCE(k.req_sum, 0) / {float(n_req)!r}"
    nice = f"COALESCE(k.nice_sum, 0) / {float(n_nice)!r}"
    if n_req and n_nice:
        return ctes, f"({fx.REQUIRED_SHARE!r} * {req} + {fx.NICE_SHARE!r} * {nice})"
    return ctes, req if n_req else nice


def _limit(q: _Sql, alias: str, take_home: bool, config: MatchConfig) -> str:
    """The hard distance limit (road km) of the seeker row ``alias``."""
    if take_home:
        return q.greatest(f"{alias}.max_km", repr(config.take_home_radius_km))
    near = q.least(f"{alias}.max_km", repr(config.homebound_radius_km))
    return f"CASE WHEN {alias}.homebound THEN {near} ELSE {alias}.max_km END"


def build_query(
    backend: str,
    posting: PostingRecord,
    *,
    today: date,
    reach_km: float,
    limit: int = 50,
    config: MatchConfig = DEFAULT_CONFIG,
) -> Query | None:
    """The ranking query for ``posting``, or None when the posting itself is not rankable."""
    day = today.toordinal()
    if not posting.open or posting.vacancies <= 0:
        return None
    if posting.end_day is not None and posting.end_day < day:
        return None
    q = _Sql(backend)
    lat, lon = fx.quantize_coordinate(posting.lat), fx.quantize_coordinate(posting.lon)
    take_home = posting.work_mode == "take_home"
    reach = max(reach_km, config.take_home_radius_km if take_home else 0.0)
    dlat = reach / config.travel.road_factor / 111.0 * 1.01
    dlon = dlat / math.cos(math.radians(abs(lat) + dlat))
    filters = ["s.eligible"]
    if posting.physical_demand == "heavy":
        filters.append(f"NOT s.disability AND s.age <= {config.heavy_work_max_age}")
    if not take_home and (posting.work_mode == "mobile" or posting.physical_demand not in _LIGHT):
        filters.append("NOT s.homebound")
    w = config.weights
    if take_home:
        scale = config.take_home_distance_weight_scale / config.take_home_radius_km
        distance = q.greatest("0.0", q.least("1.0", f"1.0 - {scale!r} * n.km"))
    else:
        clipped = q.greatest("0.0", q.least("1.0", "1.0 - n.km / n.max_km"))
        distance = f"CASE WHEN n.max_km > 0 THEN {clipped} WHEN n.km <= 0 THEN 1.0 ELSE 0.0 END"
    # Cheap first: the latitude difference alone bounds the distance from below.
    window = f"abs(s.lat - {lat!r}) * {_KM_PER_DEGREE_LOW * config.travel.road_factor!r}"
    filters.append(f"{window} <= {_limit(q, 's', take_home, config)}")
    schedule = fx.effective_schedule(posting.schedule, posting.start_day, posting.end_day, day)
    ctes, skill = _skill(q, posting)
    available, pay = _availability(q, schedule), _pay(q, posting, config)
    score = (
        f"{w.skill!r} * {skill} + {w.distance!r} * ({distance}) + "
        f"{w.availability!r} * ({available}) + {w.pay!r} * ({pay})"
    )
    box = (
        f"s.lat BETWEEN {q.p('lat0', lat - dlat)} AND {q.p('lat1', lat + dlat)} "
        f"AND s.lon BETWEEN {q.p('lon0', lon - dlon)} AND {q.p('lon1', lon + dlon)}"
    )
    sql = f"""WITH near AS (
  SELECT * FROM (
    SELECT s.*, {_km(q, lat, lon, config.travel.road_factor)} AS km FROM bench_seekers s
    WHERE {box} AND {" AND ".join(filters)}) x
  WHERE x.km <= {_limit(q, "x", take_home, config)}),{ctes}
ranked AS (
  SELECT n.id, {score} AS score FROM near n {"LEFT JOIN skill k ON k.id = n.id" if ctes else ""})
SELECT id, score FROM ranked ORDER BY score DESC, id LIMIT {int(limit)}"""
    if q.pg:  # decimal literals are numeric in PostgreSQL: make the arithmetic float8
        sql = _DECIMAL.sub(r"\1::float8", sql)
    return Query(sql, q.params)


def open_tables(backend: str, city: City, seed: int) -> Connection:
    """Connect to (building first if needed) the backend's tables of ``city``."""
    if backend == "postgresql":
        return postgres_tables(city, seed)
    connection = sqlite_tables(city, seed)
    connection.create_function("bit_count", 1, int.bit_count, deterministic=True)
    return connection


def run_query(connection: Connection, query: Query | None) -> list[tuple[int, float]]:
    """Execute one ranking query and fetch its rows."""
    if query is None:
        return []
    rows = connection.execute(query.sql, query.params).fetchall()
    return [(int(row[0]), float(row[1])) for row in rows]


def reach_km(connection: Connection) -> float:
    """The largest travel limit stored: the radius of the box every query starts from."""
    row = connection.execute("SELECT max(max_km) FROM bench_seekers").fetchone()
    return float(row[0]) if row else 0.0


def measure(
    backend: str,
    city: City,
    index: SeekerIndex,
    postings: list[PostingRecord],
    *,
    seed: int,
    today: date,
    check: int = 10,
) -> SqlResult:
    """Time one query per posting (after 3 untimed) and check the top 10 against the engine."""
    connection = open_tables(backend, city, seed)
    try:
        reach = reach_km(connection)
        queries = [build_query(backend, p, today=today, reach_km=reach) for p in postings]
        for query in queries[:3]:
            run_query(connection, query)
        seconds = []
        results = []
        for query in queries:
            start = time.perf_counter()
            results.append(run_query(connection, query))
            seconds.append(time.perf_counter() - start)
        overlap = same = 0.0
        for posting, rows in list(zip(postings, results, strict=True))[:check]:
            engine = rank_seekers(
                index, posting, city.graph, config=NO_FAIRNESS, today=today, limit=10
            )
            expected, got = [m.id for m in engine], [seeker for seeker, _ in rows[:10]]
            overlap += len(set(expected) & set(got)) / max(1, len(expected))
            same += expected == got
        checked = min(check, len(postings))
        connection.rollback()
        return SqlResult(
            backend, len(city.seekers), seconds, overlap / checked, same / checked, checked
        )
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    """Run the SQL baseline alone and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    today = date(2026, 11, 30)
    print_machine_facts("SQL baseline: one ranking query per posting")
    rows = []
    for size in args.sizes:
        city = build_city(size, args.postings, seed=args.seed, today=today)
        index = city.index()
        for backend in args.backends:
            result = measure(backend, city, index, city.postings, seed=args.seed, today=today)
            p50, p95 = result.p50_p95_ms
            rows.append(
                (
                    backend,
                    size,
                    len(result.seconds),
                    p50,
                    p95,
                    f"{result.agreement:.0%}",
                    f"{result.exact_order:.0%}",
                )
            )
    print_table(
        ("backend", "seekers", "postings", "p50 ms", "p95 ms", "top-10 overlap", "same order"),
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
