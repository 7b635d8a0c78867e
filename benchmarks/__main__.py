"""Run every benchmark in turn: ranking, start-up load, quality.

Usage::

    .venv/bin/python -m benchmarks

The first run builds the benchmark databases (see ``benchmarks.project_db``; the
million-seeker ones took 20 min on PostgreSQL and 5 min on SQLite on two busy
cores); later runs reuse them and take about five minutes.
"""

from __future__ import annotations

from benchmarks import quality, ranking, startup


def main() -> int:
    """Ranking, start-up and quality reports, one after the other."""
    for report in (ranking.main, startup.main, quality.main):
        status = report([])
        if status:
            return status
        print("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
