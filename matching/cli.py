"""Command line: ``matching serve | db upgrade | reference load | demo | keys | check-deploy``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from matching.config import Settings, city_clock, get_settings
from matching.db.migrations import downgrade_database, upgrade_database
from matching.db.session import Database, transaction
from matching.demo import DemoSizes
from matching.deploy_checks import check_deployment
from matching.errors import Conflict, DomainError, InvalidInput
from matching.i18n import DEFAULT_LOCALE, Text, label, negotiate, render
from matching.logging import configure_logging
from matching.pii import generate_key
from matching.services.context import ServiceContext, build_cipher
from matching.services.demo import seed_demo_city
from matching.services.demo_history import seed_demo_history
from matching.services.demo_users import DemoAccount, create_demo_users
from matching.services.keys import rotate_keys
from matching.services.models import list_match_models, train_outcome_model
from matching.services.reference import load_reference_data

logger = logging.getLogger("matching.cli")
DEMO_PASSWORD = "demo-2026-feicheng"


def cli_locale() -> str:
    """The language of messages, from the environment (``LANGUAGE``, ``LC_ALL``, ``LANG``...).

    ``en_US.UTF-8`` gives English, ``zh_CN.UTF-8`` Chinese; ``C`` or nothing gives Chinese.
    """
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name):
            return negotiate(value)
    return DEFAULT_LOCALE


@contextmanager
def service_context(settings: Settings) -> Iterator[ServiceContext]:
    """One transaction for a command: committed when the block succeeds."""
    database = Database.from_url(
        settings.database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    try:
        with transaction(database) as session:
            yield ServiceContext(
                session=session,
                cipher=build_cipher(settings),
                settings=settings,
                clock=city_clock(settings),
                locale=cli_locale(),
            )
    finally:
        database.dispose()


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the API and the workbench with uvicorn, saying where."""
    import uvicorn

    url = f"http://{args.host}:{args.port}"
    print(
        Text(
            "Serving on {url}: the workbench at {url}/, the API docs at {url}/docs "
            "(another port: matching serve --port 8080)",
            url=url,
        ).render(cli_locale()),
        flush=True,
    )

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
    upgrade_database(settings.database_url)
    started = time.perf_counter()
    try:
        with service_context(settings) as ctx:
            load_reference_data(ctx, settings.data_dir)
            sizes = DemoSizes(seekers=args.seekers, postings=args.postings)
            report = seed_demo_city(ctx, seed=args.seed, sizes=sizes)
            seed_demo_history(ctx, seed=args.seed)
            accounts = create_demo_users(ctx, password=args.password)
    except Conflict as error:
        print(f"demo city not seeded: {render(error.message, cli_locale())}")
        return 0
    except InvalidInput as error:
        print(f"demo city not seeded: {render(error.message, cli_locale())}", file=sys.stderr)
        return 2
    print(f"demo city seeded in {time.perf_counter() - started:.1f} s: {report}")
    print_demo_accounts(accounts, password=args.password)
    return 0


def print_demo_accounts(accounts: Sequence[DemoAccount], *, password: str) -> None:
    """Every demo sign-in with its role and name, and where to use it."""
    locale = cli_locale()
    print(
        Text("Demo sign-in, password {password} (demo data only):", password=password).render(
            locale
        )
    )
    for account in accounts:
        print(f"  {account.username:<20} {label(account.role, locale)} · {account.display_name}")
    print(Text("Then run matching serve and open http://127.0.0.1:8000/").render(locale))


def cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    """Print a new random key, or re-encrypt everything with the active key."""
    if args.action == "generate":
        print(generate_key())
        return 0
    with service_context(settings) as ctx:
        report = rotate_keys(ctx)
    print(f"re-encrypted with key {settings.pii_active_key_id}: {report}")
    return 0


def cmd_check_deploy(args: argparse.Namespace, settings: Settings) -> int:
    """Print every unsafe production setting; exit 1 when there is one."""
    problems = check_deployment(settings, probe_database=not args.no_probe)
    locale = cli_locale()
    for problem in problems:
        print(f"{problem.code}\t{problem.setting}\t{problem.message.render(locale)}")
    if problems:
        return 1
    print(Text("Deployment settings OK").render(locale))
    return 0


def cmd_model_train(args: argparse.Namespace, settings: Settings) -> int:
    """Train factor weights on recorded outcomes; print learned vs hand-set on held-out data."""
    try:
        with service_context(settings) as ctx:
            report = train_outcome_model(ctx, min_samples=args.min_samples)
    except InvalidInput as error:
        print(render(error.message, cli_locale()), file=sys.stderr)
        return 2
    counts = report.counts
    print(
        f"decided proposals with factor values: {counts.n_decided} "
        f"(skipped without: {counts.n_without_factors})"
    )
    if report.learned is not None and report.hand_set is not None:
        split = f"{counts.n_train}/{counts.n_test}"
        print(f"{'model (held-out)':<24}{'NDCG@10':>9}{'AUC':>8}  {'n_train/n_test':<16}activated")
        for row, active in ((report.hand_set, False), (report.learned, report.activated)):
            print(
                f"{row.model:<24}{row.ndcg_at_10:>9.4f}{row.auc:>8.4f}  {split:<16}"
                f"{'yes' if active else 'no'}"
            )
    if report.weights is not None:
        w = report.weights
        print(
            f"learned weights: skill.match={w.skill:.4f} distance={w.distance:.4f} "
            f"availability={w.availability:.4f} pay={w.pay:.4f}"
        )
    print(report.message)
    print(f"matches are now ranked by {report.ranking_model}")
    return 0


def cmd_model_list(args: argparse.Namespace, settings: Settings) -> int:
    """List stored model versions with their held-out NDCG@10 and AUC."""
    with service_context(settings) as ctx:
        models = list_match_models(ctx)
    if not models:
        print("no trained models: the hand-set weights rank")
        return 0
    print(f"{'model':<24}{'trained (UTC)':<18}{'active':<8}{'NDCG@10':>9}{'AUC':>8}  weights")
    for m in models:
        held_out = m.metrics.get("held_out", {}).get("learned", {})
        weights = " ".join(f"{code}={w:.4f}" for code, w in m.weights.items())
        print(
            f"{m.version:<24}{m.trained_at:%Y-%m-%d %H:%M}  {'yes' if m.active else '':<8}"
            f"{held_out.get('ndcg@10', float('nan')):>9.4f}"
            f"{held_out.get('auc', float('nan')):>8.4f}  {weights}"
        )
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Print an administrator report, or export it as CSV or XLSX (audited)."""
    from matching.schemas.reports import ExportFormat
    from matching.services.reports import catalog, exports, tables

    if args.format == "xlsx" and not args.output:
        print("--format xlsx needs --output FILE", file=sys.stderr)
        return 2
    try:
        with service_context(settings) as ctx:
            if args.format != "table":
                params = {"from": args.date_from, "to": args.date_to, "group_by": args.group_by}
                params = {key: str(value) for key, value in params.items() if value is not None}
                exports.record_export(
                    ctx,
                    report=args.name.replace("-", "_"),
                    export_format=ExportFormat(args.format),
                    params={**params, "subdistrict_id": args.subdistrict_id, "via": "cli"},
                )
            report = catalog.build_report(
                ctx,
                args.name,
                start=args.date_from,
                end=args.date_to,
                group_by=args.group_by,
                subdistrict_id=args.subdistrict_id,
            )
    except DomainError as error:
        print(render(error.message, cli_locale()), file=sys.stderr)
        return 2
    if args.format == "table":
        table = tables.report_table(report)
        text = exports.render_text(table, tables.report_notes(report))
        content = text.encode("utf-8")
    else:
        content = exports.export_file(report, ExportFormat(args.format)).content
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(content)
        print(f"{args.name}: wrote {args.output}")
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
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
    demo.add_argument(
        "--password", default=DEMO_PASSWORD, help="password of every demo account (demo data only)"
    )
    demo.set_defaults(handler=cmd_demo)

    keys = commands.add_parser("keys", help="encryption keys")
    keys.add_argument("action", choices=["generate", "rotate"])
    keys.set_defaults(handler=cmd_keys)

    model = commands.add_parser("model", help="ranking weights learned from outcomes")
    model_actions = model.add_subparsers(dest="action", required=True)
    train = model_actions.add_parser("train", help="train on outcomes; activate only if better")
    train.add_argument(
        "--min-samples", type=int, default=50, help="fewest decided proposals to train on"
    )
    train.set_defaults(handler=cmd_model_train)
    model_list = model_actions.add_parser("list", help="list stored model versions")
    model_list.set_defaults(handler=cmd_model_list)

    report = commands.add_parser("report", help="administrator reports (统计报表)")
    report.add_argument(
        "name",
        choices=[
            "summary",
            "placements",
            "near-home",
            "facilities",
            "full-employment",
            "vacancies",
            "outcomes",
        ],
    )
    report.add_argument("--from", dest="date_from", type=date.fromisoformat, help="YYYY-MM-DD")
    report.add_argument("--to", dest="date_to", type=date.fromisoformat, help="YYYY-MM-DD")
    report.add_argument("--group-by", help="e.g. subdistrict, community, station, month")
    report.add_argument("--subdistrict-id", type=int, help="only this subdistrict")
    report.add_argument("--format", choices=["table", "csv", "xlsx"], default="table")
    report.add_argument("--output", help="write to this file instead of standard output")
    report.set_defaults(handler=cmd_report)

    check_deploy = commands.add_parser("check-deploy", help="refuse unsafe production settings")
    check_deploy.add_argument(
        "--no-probe", action="store_true", help="do not open the database to check it"
    )
    check_deploy.set_defaults(handler=cmd_check_deploy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``matching`` command."""
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    return int(args.handler(args, settings))


if __name__ == "__main__":
    sys.exit(main())
