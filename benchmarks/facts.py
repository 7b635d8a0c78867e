"""Shared helpers of the benchmarks: machine facts, percentiles, plain-text tables.

Every report starts with :func:`print_machine_facts`, so figures always travel with
the machine they were measured on.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
"""Databases built by the benchmarks (gitignored); delete it to start afresh."""

POSTGRES_ADMIN_URL = os.environ.get(
    "MATCHING_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
"""A PostgreSQL URL with the right to create databases (the benchmark databases live beside it)."""


def code_fingerprint(*names: str, salt: str = "") -> str:
    """A digest of the code of modules in this folder, blind to docstrings and comments.

    Keys the cached databases: a change of code rebuilds them, a reworded docstring
    does not.
    """
    digest = hashlib.sha256(salt.encode())
    for name in names:
        tree = ast.parse((Path(__file__).resolve().parent / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (
                isinstance(body, list)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                body[0] = ast.Pass()
        digest.update(ast.dump(tree).encode())
    return digest.hexdigest()[:16]


def cpu_model() -> str:
    """The CPU model named in /proc/cpuinfo (or by the platform module elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts() -> dict[str, str]:
    """CPU, cores, memory, Python, numpy and SQLite versions, and the load average."""
    memory = "unknown"
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    load = "unknown"
    with contextlib.suppress(OSError):
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    return {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "sqlite": sqlite3.sqlite_version,
        "load": f"{load} (1/5/15 min; other work on the machine slows every figure)",
    }


def print_machine_facts(title: str) -> None:
    """Print the report's title and the machine it runs on."""
    print(f"# {title}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    for key, value in machine_facts().items():
        print(f"#   {key:<7} {value}")
    print()


def percentiles_ms(seconds: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of durations in seconds, as milliseconds."""
    values = np.asarray(seconds, dtype=np.float64) * 1000.0
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def time_calls(calls: Sequence[Callable[[], object]], *, warmup: int = 3) -> list[float]:
    """Run ``calls[:warmup]`` untimed, then time each call once; return seconds."""
    for call in calls[:warmup]:
        call()
    durations = []
    for call in calls:
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return durations


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a Markdown table (pastes into the README as it is)."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    print("\n".join(lines))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def verdict(value: float | None, target: float, *, at_most: bool = True) -> str:
    """``met`` / ``MISSED`` / ``not measured`` for a figure against its target."""
    if value is None:
        return "not measured"
    ok = value <= target if at_most else value >= target
    return "met" if ok else "MISSED"
