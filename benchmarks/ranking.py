"""Ranking speed: one exact top-50 ranking of seekers for a posting, in one table.

For each city size (seeded synthetic 肥城, see :mod:`benchmarks.city`) this times,
over the same random open postings:

* ``rank_seekers``: the engine (inverted skill lists, spatial grid, bound, exact finish);
* ``rank_seekers_full_scan``: the same results by a plain numpy scan of every seeker;
* the SQL baseline (:mod:`benchmarks.sql_ranking`): one query per posting in
  PostgreSQL and in SQLite, with the top-10 agreement against the engine; at 1M only
  when the 100k figure predicts it fits ``--sql-budget-seconds``, else "skipped";
* HTTP at concurrency 1 (:mod:`benchmarks.http_bench`): ``GET
  /api/v1/postings/{id}/matches?limit=50`` from the real app under uvicorn on a
  project database of 100k seekers (PostgreSQL by default);

plus the index's memory per seeker (``SeekerIndex.nbytes / len``). Every timing is
one call after three untimed ones (twenty for HTTP); p50/p95 over the calls.
Targets: 1M p50 ≤ 10 ms in-process; 100k p95 ≤ 15 ms through HTTP; ≤ 100 bytes
per seeker. The start-up target is :mod:`benchmarks.startup`'s.

Usage::

    .venv/bin/python -m benchmarks.ranking --sizes 100000 1000000
    .venv/bin/python -m benchmarks.ranking --sizes 100000 --no-http --sql-backends sqlite
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from benchmarks import http_bench, sql_ranking
from benchmarks.city import City, build_city
from benchmarks.facts import percentiles_ms, print_machine_facts, print_table, time_calls, verdict
from matching.engine import PostingRecord, SeekerIndex
from matching.engine.ranking import rank_seekers, rank_seekers_full_scan

TODAY: Final = date(2026, 11, 30)
LIMIT: Final = 50


@dataclass(slots=True)
class Row:
    """One line of the table."""

    method: str
    size: int
    calls: int
    p50: float | None
    p95: float | None
    engine_p50: float | None = None
    note: str = ""

    def cells(self) -> tuple[object, ...]:
        ratio = "-"
        if self.p50 is not None and self.engine_p50:
            ratio = f"{self.p50 / self.engine_p50:.1f}×"
        p50 = "skipped" if self.p50 is None else f"{self.p50:.1f}"
        p95 = "skipped" if self.p95 is None else f"{self.p95:.1f}"
        return (self.method, f"{self.size:,}", self.calls, p50, p95, ratio, self.note)


@dataclass(slots=True)
class Report:
    """Everything measured, for the table and the targets."""

    rows: list[Row] = field(default_factory=list)
    engine_p50: dict[int, float] = field(default_factory=dict)
    bytes_per_seeker: dict[int, float] = field(default_factory=dict)
    http_p95: float | None = None


def _ranker(
    fn: Callable[..., object], index: SeekerIndex, city: City
) -> Callable[[PostingRecord], Callable[[], object]]:
    def call(posting: PostingRecord) -> Callable[[], object]:
        return lambda: fn(index, posting, city.graph, today=TODAY, limit=LIMIT)

    return call


def in_process(
    report: Report, city: City, index: SeekerIndex, postings: list[PostingRecord]
) -> None:
    """Engine and full-scan rows for one city."""
    size = len(city.seekers)
    engine = _ranker(rank_seekers, index, city)
    p50, p95 = percentiles_ms(time_calls([engine(p) for p in postings]))
    report.engine_p50[size] = p50
    per_seeker = index.nbytes / len(index)
    report.bytes_per_seeker[size] = per_seeker
    report.rows.append(
        Row(
            "engine rank_seekers",
            size,
            len(postings),
            p50,
            p95,
            p50,
            f"index {per_seeker:.0f} bytes/seeker",
        )
    )
    scan = _ranker(rank_seekers_full_scan, index, city)
    s50, s95 = percentiles_ms(time_calls([scan(p) for p in postings]))
    report.rows.append(Row("numpy full scan", size, len(postings), s50, s95, p50))


def sql_rows(
    report: Report,
    city: City,
    index: SeekerIndex,
    args: argparse.Namespace,
    estimate_from: dict[str, float],
) -> None:
    """SQL rows for one city; a 1M run only when the 100k figure says it is affordable."""
    size = len(city.seekers)
    n = args.sql_postings if size <= 100_000 else args.sql_postings_large
    for backend in args.sql_backends:
        label = f"SQL query, {'PostgreSQL' if backend == 'postgresql' else 'SQLite'}"
        if backend in estimate_from:
            estimate = estimate_from[backend] / 1000 * size / 100_000 * n
            if estimate > args.sql_budget_seconds:
                report.rows.append(
                    Row(
                        label,
                        size,
                        0,
                        None,
                        None,
                        note=(
                            f"skipped: ~{estimate:.0f} s predicted from 100k "
                            f"> budget {args.sql_budget_seconds:.0f} s"
                        ),
                    )
                )
                continue
        result = sql_ranking.measure(
            backend, city, index, city.postings[:n], seed=args.seed, today=TODAY
        )
        p50, p95 = result.p50_p95_ms
        if size == 100_000:
            estimate_from[backend] = p50
        note = (
            f"top-10 vs engine (fairness off): {result.agreement:.0%} overlap, "
            f"{result.exact_order:.0%} same order ({result.checked} postings)"
        )
        report.rows.append(Row(label, size, n, p50, p95, report.engine_p50[size], note))


def http_row(report: Report, args: argparse.Namespace) -> None:
    """The HTTP row (the project database is built first if missing)."""
    result = http_bench.measure(args.http_backend, args.http_size, requests=args.http_requests)
    p50, p95 = percentiles_ms(result.seconds)
    report.http_p95 = p95
    note = (
        f"uvicorn + {args.http_backend}, {result.mean_items:.0f} items/response, "
        f"server up in {result.server_start_seconds:.0f} s"
    )
    engine = report.engine_p50.get(args.http_size)
    report.rows.append(
        Row(
            "HTTP GET …/matches?limit=50",
            args.http_size,
            len(result.seconds),
            p50,
            p95,
            engine,
            note,
        )
    )


def print_targets(report: Report) -> None:
    """The three targets this benchmark measures, met or missed."""
    engine_1m = report.engine_p50.get(1_000_000)
    memory = max(report.bytes_per_seeker.values(), default=None)
    print()
    print_table(
        ("target", "measured", "verdict"),
        [
            (
                "1M seekers, exact top-50, p50 ≤ 10 ms in-process",
                "-" if engine_1m is None else f"{engine_1m:.1f} ms",
                verdict(engine_1m, 10.0),
            ),
            (
                "100k seekers through HTTP, p95 ≤ 15 ms (concurrency 1)",
                "-" if report.http_p95 is None else f"{report.http_p95:.1f} ms",
                verdict(report.http_p95, 15.0),
            ),
            (
                "index ≤ 100 bytes per seeker",
                "-" if memory is None else f"{memory:.0f} bytes",
                verdict(memory, 100.0),
            ),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    """Run every ranking measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postings", type=int, default=200, help="rankings per in-process row")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--sql-backends",
        nargs="*",
        choices=sql_ranking.BACKENDS,
        default=list(sql_ranking.BACKENDS),
    )
    parser.add_argument("--sql-postings", type=int, default=50, help="queries per SQL row (100k)")
    parser.add_argument("--sql-postings-large", type=int, default=20, help="queries at 1M")
    parser.add_argument("--sql-budget-seconds", type=float, default=150.0)
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--http-size", type=int, default=100_000)
    parser.add_argument("--http-backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--http-requests", type=int, default=1000)
    args = parser.parse_args(argv)
    print_machine_facts("Ranking: one exact top-50 ranking of seekers for a posting")
    started = time.perf_counter()
    report = Report()
    estimate_from: dict[str, float] = {}
    for size in sorted(args.sizes):
        city = build_city(size, max(args.postings, args.sql_postings), seed=args.seed, today=TODAY)
        index = city.index()
        in_process(report, city, index, city.postings[: args.postings])
        sql_rows(report, city, index, args, estimate_from)
        del city, index
    if args.http:
        http_row(report, args)
    print_table(
        ("method", "seekers", "calls", "p50 ms", "p95 ms", "p50 ÷ engine p50", "notes"),
        [row.cells() for row in report.rows],
    )
    print_targets(report)
    print(f"\n(ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
