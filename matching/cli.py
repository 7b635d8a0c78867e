"""Command line: ``matching serve | db upgrade | reference load | demo | keys generate``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from matching.config import Settings, get_settings
from matching.db.migrations import downgrade_database, upgrade_database
from matching.db.session import Database, transaction
from matching.errors import Conflict
from matching.logging import configure_logging
from matching.pii import generate_key
from matching.services.context import ServiceContext, build_cipher
from matching.services.reference import load_reference_data

logger = logging.getLogger("matching.cli")


@contextmanager
def service_context(settings: Settings) -> Iterator[ServiceContext]:
    """One transaction for a command: committed when the block succeeds."""
    database = Database.from_url(
        settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    try:
        with transaction(database) as session:
            yield ServiceContext(session=session, cipher=build_cipher(settings), settings=settings)
    finally:
        database.dispose()


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the API with uvicorn."""
    import uvicorn

    uvicorn.run(
        "matching.api.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=True,
    )
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade or downgrade the schema."""
    if args.action == "upgrade":
        revision = args.revision or "head"
        upgrade_database(settings.database_url, revision)
    else:
        revision = args.revision or "-1"
        downgrade_database(settings.database_url, revision)
    print(f"database {args.action}d to {revision}")
    return 0


def cmd_reference(args: argparse.Namespace, settings: Settings) -> int:
    """Load the geography and skill taxonomy from data/."""
    with service_context(settings) as ctx:
        report = load_reference_data(ctx, settings.data_dir)
    print(f"reference data loaded: {report}")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate, load reference data and seed the demo city (once)."""
    from matching.demo import DemoSizes
    from matching.services.demo import seed_demo_city

    upgrade_database(settings.database_url)
    started = time.perf_counter()
    try:
        with service_context(settings) as ctx:
            load_reference_data(ctx, settings.data_dir)
            sizes = DemoSizes(seekers=args.seekers, postings=args.postings)
            report = seed_demo_city(ctx, seed=args.seed, sizes=sizes)
    except Conflict as error:
        print(f"demo city not seeded: {error.message}")
        return 0
    print(f"demo city seeded in {time.perf_counter() - started:.1f} s: {report}")
    return 0


def cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    """Print a new random key for MATCHING_PII_KEYS or MATCHING_PII_INDEX_KEY."""
    print(generate_key())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``matching`` command."""
    parser = argparse.ArgumentParser(prog="matching", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="schema migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?")
    db.set_defaults(handler=cmd_db)

    reference = commands.add_parser("reference", help="reference data")
    reference.add_argument("action", choices=["load"])
    reference.set_defaults(handler=cmd_reference)

    demo = commands.add_parser("demo", help="migrate and seed the demo city")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--seekers", type=int, default=10_000)
    demo.add_argument("--postings", type=int, default=1_500)
    demo.set_defaults(handler=cmd_demo)

    keys = commands.add_parser("keys", help="encryption keys")
    keys.add_argument("action", choices=["generate"])
    keys.set_defaults(handler=cmd_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``matching`` command."""
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    return int(args.handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
