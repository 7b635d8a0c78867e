"""Start-up load: how long a new process takes to build its match index from the database.

Times ``MatchIndex().refresh(session, today=...)`` from cold (a new index and a new
connection pool; the database server's and the OS's caches are as the previous
run left them) on the benchmark databases of :mod:`benchmarks.project_db`, which
are built first when missing (a million seekers take many minutes the first time).
Target: at most 20 s for 1M seekers. ``--profile`` adds the top functions by
cumulative time (cProfile; it slows the run, so the profiled time is not reported).

Usage::

    .venv/bin/python -m benchmarks.startup --sizes 1000000 --backends sqlite postgresql
    .venv/bin/python -m benchmarks.startup --sizes 1000000 --backends postgresql --profile
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy.engine import make_url

from benchmarks import project_db
from benchmarks.facts import print_machine_facts, print_table, verdict
from matching.clock import Clock
from matching.db.session import Database, transaction
from matching.services.match_index import MatchIndex

TARGET_SECONDS: Final = 20.0
TARGET_SIZE: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class Startup:
    """One cold load."""

    backend: str
    size: int
    seconds: float
    cpu_seconds: float
    seekers: int
    postings: int
    bytes_per_seeker: float
    built_seconds: float | None


def load_once(url: str) -> tuple[float, float, MatchIndex]:
    """Wall and CPU seconds (this process) to refresh a new ``MatchIndex`` from ``url``."""
    database = Database.from_url(url)
    try:
        gc.collect()
        with transaction(database, write=False) as session:
            index = MatchIndex()
            start, cpu = time.perf_counter(), time.process_time()
            index.refresh(session, today=Clock().today())
            return time.perf_counter() - start, time.process_time() - cpu, index
    finally:
        database.dispose()


def measure(backend: str, size: int) -> Startup:
    """Ensure the database, then time one cold load."""
    url, built = project_db.ensure(backend, size)
    seconds, cpu_seconds, index = load_once(url)
    assert index.seekers_ is not None and index.postings_ is not None
    return Startup(
        backend=backend,
        size=size,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        seekers=len(index.seekers_),
        postings=len(index.postings_),
        bytes_per_seeker=index.seekers_.nbytes / max(1, len(index.seekers_)),
        built_seconds=built,
    )


def profile(backend: str, size: int, *, top: int = 25) -> str:
    """cProfile of one cold load, top functions by cumulative time."""
    url, _built = project_db.ensure(backend, size)
    profiler = cProfile.Profile()
    profiler.enable()
    load_once(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _row(result: Startup, built: str, target: str) -> tuple[object, ...]:
    database = make_url(project_db.database_url(result.backend, result.size)).database or ""
    return (
        result.backend,
        f"{result.seekers:,}",
        result.postings,
        f"{result.seconds:.1f}",
        f"{result.cpu_seconds:.1f}",
        f"{result.bytes_per_seeker:.0f}",
        target,
        built,
        Path(database).name,
    )


def main(argv: list[str] | None = None) -> int:
    """Time cold loads and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[TARGET_SIZE])
    parser.add_argument(
        "--backends", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    args = parser.parse_args(argv)
    print_machine_facts("Start-up load: MatchIndex().refresh() from cold")
    rows = []
    for backend in args.backends:
        for size in args.sizes:
            result = measure(backend, size)
            target = verdict(result.seconds, TARGET_SECONDS) if size == TARGET_SIZE else "-"
            built = "cached" if result.built_seconds is None else f"{result.built_seconds:.0f} s"
            rows.append(_row(result, built, target))
            if args.profile:
                print(f"## cProfile, {backend}, {size} seekers\n")
                print(profile(backend, size))
    header = (
        "backend",
        "seekers",
        "postings",
        "load s (wall)",
        "CPU s (this process)",
        "index bytes/seeker",
        f"≤ {TARGET_SECONDS:.0f} s",
        "db build",
        "database",
    )
    print_table(header, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
