"""Time every administrator report on the demo city (median of 5 runs each).

Seeds the demo city with its history into a temporary SQLite database (about 20 s),
unless ``--database-url`` points at one already seeded, then calls every report,
export and chart as an administrator would (city-wide) and prints a table. The
target is under one second per report.

Usage::

    .venv/bin/python benchmarks/reports.py
    .venv/bin/python benchmarks/reports.py --database-url sqlite:////tmp/demo.db --runs 5
    .venv/bin/python benchmarks/reports.py --seed \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matching.config import Settings
from matching.db.migrations import upgrade_database
from matching.db.session import Database, transaction
from matching.schemas.reports import (
    ChartFormat,
    ChartName,
    CommunityGroup,
    ExportFormat,
    FacilityGroup,
    PlacementGroup,
    VacancyGroup,
)
from matching.services import reports
from matching.services.context import ServiceContext, build_cipher
from matching.services.demo import seed_demo_city
from matching.services.demo_history import seed_demo_history
from matching.services.reference import load_reference_data
from matching.services.reports import charts, exports

TARGET_SECONDS = 1.0


def seed(settings: Settings) -> None:
    """Migrate, load reference data, seed the demo city and its history."""
    upgrade_database(settings.database_url)
    database = Database.from_url(settings.database_url)
    try:
        with transaction(database) as session:
            ctx = ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
            load_reference_data(ctx, settings.data_dir)
            seed_demo_city(ctx, seed=2026)
            seed_demo_history(ctx, seed=2026)
    finally:
        database.dispose()


def cases() -> list[tuple[str, Callable[[ServiceContext], Any]]]:
    """Every report (each grouping), one export of each format and every chart."""
    found: list[tuple[str, Callable[[ServiceContext], Any]]] = [
        ("summary", reports.summary_report),
        ("outcomes", reports.outcomes_report),
    ]
    grouped: list[tuple[str, Callable[..., Any], type[Any]]] = [
        ("placements", reports.placements_report, PlacementGroup),
        ("near-home", reports.near_home_report, PlacementGroup),
        ("facilities", reports.facilities_report, FacilityGroup),
        ("full-employment", reports.full_employment_report, CommunityGroup),
        ("vacancies", reports.vacancies_report, VacancyGroup),
    ]
    for name, function, groups in grouped:
        found += [(f"{name}/{group.value}", _grouped(function, group)) for group in groups]
    for export in (ExportFormat.csv, ExportFormat.xlsx):
        found.append((f"export {export.value}: full-employment", _export(export)))
    for chart in ChartName:
        for image in ChartFormat:
            found.append((f"chart {chart.value}.{image.value}", _chart(chart, image)))
    return found


def _grouped(function: Callable[..., Any], group: Any) -> Callable[[ServiceContext], Any]:
    return lambda ctx: function(ctx, group_by=group)


def _export(export: ExportFormat) -> Callable[[ServiceContext], Any]:
    return lambda ctx: exports.export_file(reports.full_employment_report(ctx), export)


def _chart(chart: ChartName, image: ChartFormat) -> Callable[[ServiceContext], Any]:
    return lambda ctx: charts.render_chart(ctx, chart, image)


def measure(settings: Settings, runs: int) -> list[tuple[str, float, float, float]]:
    """(case, median wall seconds, worst wall seconds, median CPU seconds) of every case.

    CPU time of this process (SQLite runs in it) shows the work itself when other
    processes compete for the cores and stretch the wall-clock time.
    """
    database = Database.from_url(settings.database_url)
    results = []
    try:
        with transaction(database, write=False) as session:
            ctx = ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
            for name, case in cases():
                times, cpu = [], []
                for _ in range(runs):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    case(ctx)
                    times.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
                median = statistics.median
                results.append((name, median(times), max(times), median(cpu)))
            session.rollback()
    finally:
        database.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    """Seed (unless given a database), measure, print; exit 1 when a median is over 1 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an already seeded database (default: a new one)")
    parser.add_argument(
        "--seed", action="store_true", help="seed the --database-url first (an empty database)"
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite:///{Path(directory) / 'bench.db'}"
        settings = Settings(database_url=url)
        if not args.database_url or args.seed:
            started = time.perf_counter()
            seed(settings)
            print(f"seeded the demo city with history in {time.perf_counter() - started:.1f} s")
        results = measure(settings, args.runs)
    width = max(len(name) for name, *_ in results)
    print(f"{'report':<{width}}  median ms  worst ms  CPU ms")
    for name, median, worst, cpu in results:
        flag = "" if median < TARGET_SECONDS else "  SLOW"
        print(
            f"{name:<{width}}  {median * 1000:9.0f}  {worst * 1000:8.0f}  {cpu * 1000:6.0f}{flag}"
        )
    slow = [name for name, median, *_ in results if median >= TARGET_SECONDS]
    print(f"{len(results)} cases, {len(slow)} over {TARGET_SECONDS:g} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
