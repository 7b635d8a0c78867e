"""Exports of every report: CSV (UTF-8 with BOM, for spreadsheet programs), XLSX, plain text.

Exports leave one audit row each (:func:`record_export`), written before the report
is read so that the request's transaction takes the write lock early.

Examples
--------
>>> from matching.services.reports.tables import Column, Table
>>> table = Table("上岗人数", (Column("月份"), Column("上岗人数", "int")), [["2026-05", 3]])
>>> render_csv(table)[:3] == "\\ufeff".encode()
True
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from matching.enums import AuditAction
from matching.schemas.reports import AnyReport, ExportFormat
from matching.services.audit import record_audit
from matching.services.context import ServiceContext
from matching.services.reports.tables import Cell, Table, report_notes, report_table

__all__ = [
    "MEDIA_TYPES",
    "ExportFile",
    "export_file",
    "record_export",
    "render_csv",
    "render_text",
    "render_xlsx",
]

MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_BOLD = Font(bold=True)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """An exported report, ready to send or save."""

    filename: str
    title: str
    media_type: str
    content: bytes

    @property
    def content_disposition(self) -> str:
        """``attachment`` with an ASCII filename and the Chinese one (RFC 6266 / 5987)."""
        extension = self.filename.rsplit(".", 1)[-1]
        chinese = quote(f"{self.title}.{extension}")
        return f"attachment; filename=\"{self.filename}\"; filename*=UTF-8''{chinese}"


def record_export(
    ctx: ServiceContext, *, report: str, export_format: ExportFormat, params: dict[str, Any]
) -> None:
    """Append the audit row of one export (no personal data: the report name and filters)."""
    details = {"format": export_format.value, **{k: v for k, v in params.items() if v is not None}}
    record_audit(ctx, AuditAction.export, object_type="report", object_ref=report, details=details)


def _csv_value(value: Cell) -> Cell:
    return "" if value is None else value


def render_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a BOM, Chinese headers, a 合计 row when there is one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _text_value(value: Cell, kind: str) -> str:
    if value is None:
        return ""
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_text(table: Table, notes: Sequence[tuple[str, str]] = ()) -> str:
    """The table aligned for a terminal (Chinese characters count double)."""
    kinds = [column.kind for column in table.columns]
    body = [[_text_value(v, kinds[i]) for i, v in enumerate(row)] for row in table.rows]
    if table.totals:
        body.append([_text_value(v, kinds[i]) for i, v in enumerate(table.totals)])
    lines = [[column.header for column in table.columns], *body]
    widths = [max(_display_width(line[i]) for line in lines) for i in range(len(kinds))]

    def fit(text: str, i: int) -> str:
        pad = " " * (widths[i] - _display_width(text))
        return pad + text if kinds[i] != "text" else text + pad

    out = [f"{label}：{text}" for label, text in notes]
    out += ["  ".join(fit(text, i) for i, text in enumerate(line)).rstrip() for line in lines]
    return "\n".join(out) + "\n"


def render_xlsx(table: Table, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """The table as an XLSX workbook (numbers as numbers), with a 说明 sheet of ``notes``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "报表"
    sheet.append([column.header for column in table.columns])
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        sheet.append(list(row))
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, _display_width(column.header) + 4)
        if column.kind == "percent":
            for cell in sheet[letter][1:]:
                cell.number_format = "0.0%"
    for cell in sheet[1]:
        cell.font = _BOLD
    if table.totals:
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("说明")
    for label, text in notes:
        about.append([label, text])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(report: AnyReport, export_format: ExportFormat) -> ExportFile:
    """Render a report as CSV or XLSX, named after the report and its period."""
    table = report_table(report)
    period = report.period
    stem = f"{report.report}_{period.from_date or 'all'}_{period.to_date}"
    title = f"{report.title}_{period.from_date or '开始'}_{period.to_date}"
    if export_format is ExportFormat.csv:
        content = render_csv(table)
    elif export_format is ExportFormat.xlsx:
        content = render_xlsx(table, report_notes(report))
    else:
        raise ValueError(f"not an export format: {export_format}")
    return ExportFile(
        filename=f"{stem}.{export_format.value}",
        title=title,
        media_type=MEDIA_TYPES[export_format],
        content=content,
    )
