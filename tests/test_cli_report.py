"""``matching report``: tables on standard output, audited CSV/XLSX files, clear refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from matching.cli import build_parser, service_context
from matching.config import Settings
from matching.db.migrations import upgrade_database
from matching.db.models import AuditEvent
from matching.demo import DemoSizes
from matching.enums import AuditAction
from matching.services.demo import seed_demo_city
from matching.services.demo_history import seed_demo_history
from matching.services.reference import load_reference_data

SMALL = DemoSizes(
    seekers=200, postings=40, factories=8, other_employers=8, service_stations=4, gig_stations=3
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A SQLite file with a small demo city and its history."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    settings = Settings(database_url=url)
    upgrade_database(url)
    with service_context(settings) as ctx:
        load_reference_data(ctx, settings.data_dir)
        seed_demo_city(ctx, seed=3, sizes=SMALL)
        seed_demo_history(ctx, seed=3)
    yield settings


def _run(settings: Settings, *argv: str) -> int:
    args = build_parser().parse_args(["report", *argv])
    return int(args.handler(args, settings))


def _exports(settings: Settings) -> int:
    with service_context(settings) as ctx:
        statement = select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.export)
        return int(ctx.session.scalar(statement) or 0)


def test_report_prints_a_table(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(settings, "placements", "--group-by", "month", "--from", "2026-01-01")
    out = capsys.readouterr().out

    assert code == 0
    assert "报表：上岗人数（placements）" in out
    assert "月份" in out and "2026-01" in out and "合计" in out


def test_csv_export_is_written_and_audited(settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "near.csv"
    before = _exports(settings)

    code = _run(settings, "near-home", "--format", "csv", "--output", str(target))

    assert code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _exports(settings) == before + 1


def test_xlsx_export_is_a_workbook(settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "facilities.xlsx"

    code = _run(settings, "facilities", "--format", "xlsx", "--output", str(target))

    workbook = load_workbook(target)
    assert code == 0 and workbook.sheetnames == ["报表", "说明"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("placements", "--group-by", "planet"), "不能按 planet 分组"),
        (("outcomes", "--from", "2026-05-02", "--to", "2026-05-01"), "晚于截止日期"),
        (("summary", "--format", "xlsx"), "--output"),
    ],
)
def test_bad_requests_exit_2_with_a_reason(
    settings: Settings, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code = _run(settings, *argv)

    assert code == 2 and message in capsys.readouterr().err
