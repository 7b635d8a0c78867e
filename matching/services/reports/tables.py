"""Every report as plain tables with Chinese headers: what CSV, XLSX and the CLI print.

A :class:`Table` keeps numbers as numbers (shares as fractions, marked ``percent``) so
that a spreadsheet can compute with them; :func:`report_notes` gives the lines of the
说明 sheet (period, scope, criterion).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matching.schemas.reports import (
    AnyReport,
    FacilitiesReport,
    FacilityRow,
    FullEmploymentReport,
    NearHomeReport,
    OutcomesReport,
    PlacementsReport,
    ReportBase,
    SummaryReport,
    VacanciesReport,
)

__all__ = ["Cell", "Column", "Table", "report_notes", "report_table"]

Cell = str | int | float | None
Kind = Literal["text", "int", "float", "percent"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its Chinese header and how its values are formatted."""

    header: str
    kind: Kind = "text"


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table; ``totals`` is an optional last row (合计)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[list[Cell]]
    totals: list[Cell] | None = None


GROUP_HEADERS = {
    "subdistrict": ("街道/镇", None),
    "community": ("社区/村", "所属街道/镇"),
    "station": ("站点", "所在社区/村"),
    "posting_kind": ("岗位类型", None),
    "work_mode": ("工作方式", None),
    "month": ("月份", None),
    "kind": ("类型", None),
    "facility": ("设施", None),
}


def _group_columns(group_by: str | None) -> list[Column]:
    name, parent = GROUP_HEADERS.get(group_by or "", ("分组", None))
    columns = [Column(name), Column("代码")]
    return [*columns, Column(parent)] if parent else columns


def _group_cells(group_by: str | None, key: str, label: str, parent: str | None) -> list[Cell]:
    cells: list[Cell] = [label, key]
    return [*cells, parent] if GROUP_HEADERS.get(group_by or "", ("", None))[1] else cells


def _totals(columns: Sequence[Column], *numbers: Cell) -> list[Cell]:
    blanks: list[Cell] = [None] * (len(columns) - len(numbers) - 1)
    return ["合计", *blanks, *numbers]


def _placements(report: PlacementsReport) -> Table:
    columns = [
        *_group_columns(report.group_by),
        Column("上岗人数", "int"),
        Column("上岗人次", "int"),
    ]
    rows = [
        [*_group_cells(report.group_by, r.key, r.label, r.parent), r.people, r.placements]
        for r in report.rows
    ]
    totals = _totals(columns, report.total_people, report.total_placements)
    return Table(report.title, tuple(columns), rows, totals)


def _near_home(report: NearHomeReport) -> Table:
    columns = [
        *_group_columns(report.group_by),
        Column("就近就业人数", "int"),
        Column("就近就业人次", "int"),
        Column("其中居家计件", "int"),
        Column("其中就近到岗", "int"),
    ]
    rows = [
        [
            *_group_cells(report.group_by, r.key, r.label, r.parent),
            r.people,
            r.placements,
            r.take_home_placements,
            r.nearby_placements,
        ]
        for r in report.rows
    ]
    take_home = sum(r.take_home_placements for r in report.rows)
    nearby = sum(r.nearby_placements for r in report.rows)
    totals = _totals(columns, report.total_people, report.total_placements, take_home, nearby)
    return Table(report.title, tuple(columns), rows, totals)


def _numbers(row: FacilityRow) -> list[Cell]:
    return [row.facilities, row.seekers, row.postings]


def _facilities(report: FacilitiesReport) -> Table:
    numbers = [Column("数量", "int"), Column("求职者/上岗人数", "int"), Column("岗位数", "int")]
    if report.group_by == "kind":
        columns = [Column("类型"), Column("代码"), *numbers]
        rows: list[list[Cell]] = [[r.label, r.key, *_numbers(r)] for r in report.rows]
        totals = None
    else:
        columns = [
            Column("名称"),
            Column("代码"),
            Column("类型"),
            Column("社区/村"),
            Column("街道/镇"),
        ]
        columns += numbers
        rows = [
            [r.label, r.key, r.kind_label, r.community, r.subdistrict, *_numbers(r)]
            for r in report.rows
        ]
        totals = None
    return Table(report.title, tuple(columns), rows, totals)


def _full_employment(report: FullEmploymentReport) -> Table:
    by_community = report.group_by == "community"
    columns = (
        [Column("社区/村"), Column("代码"), Column("所属街道/镇")]
        if by_community
        else [
            Column("街道/镇"),
            Column("代码"),
            Column("社区数", "int"),
            Column("达标社区数", "int"),
        ]
    )
    columns += [
        Column("有就业意愿人数", "int"),
        Column("在岗人数", "int"),
        Column("在岗比例", "percent"),
        Column("家庭数", "int"),
        Column("零就业家庭", "int"),
    ]
    if by_community:
        columns.append(Column("是否达标"))
    rows: list[list[Cell]] = []
    for r in report.rows:
        head: list[Cell] = (
            [r.label, r.key, r.parent] if by_community else [r.label, r.key, r.communities]
        )
        if not by_community:
            head.append(r.communities_meeting)
        row = [*head, r.seekers_wanting_work, r.seekers_in_work, r.share_in_work]
        row += [r.households, r.zero_employment_households]
        if by_community:
            row.append("是" if r.meets_criterion else "否")
        rows.append(row)
    return Table(report.title, tuple(columns), rows)


def _vacancies(report: VacanciesReport) -> Table:
    columns = [
        *_group_columns(report.group_by),
        Column("岗位数", "int"),
        Column("招聘人数", "int"),
        Column("已招到", "int"),
        Column("招满率", "percent"),
        Column("仍空缺", "int"),
    ]
    rows = [
        [
            *_group_cells(report.group_by, r.key, r.label, r.parent),
            *[r.postings, r.vacancies, r.filled, r.fill_rate, r.open_vacancies],
        ]
        for r in report.rows
    ]
    totals = _totals(
        columns,
        report.postings,
        report.vacancies,
        report.filled,
        report.fill_rate,
        report.open_vacancies,
    )
    return Table(report.title, tuple(columns), rows, totals)


def _outcomes(report: OutcomesReport) -> Table:
    columns = [
        Column("推荐结果"),
        Column("状态代码"),
        Column("原因代码"),
        Column("推荐数", "int"),
        Column("占比", "percent"),
    ]
    rows: list[list[Cell]] = [
        [r.label, r.status, r.reason, r.proposals, r.share] for r in report.rows
    ]
    totals = _totals(columns, report.proposals, 1.0 if report.proposals else None)
    return Table(report.title, tuple(columns), rows, totals)


def _summary(report: SummaryReport) -> Table:
    figures: list[tuple[str, Cell]] = [
        ("帮助就业人数（去重）", report.people_placed),
        ("上岗人次", report.placements),
        ("不便外出人员就近就业人数", report.near_home_people),
        ("微工厂（含手工坊）与零工驿站", report.factories_and_gig_stations),
        ("就业服务驿站", report.service_stations),
        ("高质量充分就业社区", report.full_employment_communities),
        ("发布岗位招聘人数", report.vacancies),
        ("已招到人数", report.filled),
        ("招满率", report.fill_rate),
        ("登记到首次上岗天数（中位数）", report.median_days_to_placement),
    ]
    columns = (Column("指标"), Column("数值", "float"))
    return Table(report.title, columns, [[name, value] for name, value in figures])


def report_table(report: AnyReport) -> Table:
    """The table of a report (its rows and, where they add up, a 合计 row)."""
    if isinstance(report, PlacementsReport):
        return _placements(report)
    if isinstance(report, NearHomeReport):
        return _near_home(report)
    if isinstance(report, FacilitiesReport):
        return _facilities(report)
    if isinstance(report, FullEmploymentReport):
        return _full_employment(report)
    if isinstance(report, VacanciesReport):
        return _vacancies(report)
    if isinstance(report, OutcomesReport):
        return _outcomes(report)
    return _summary(report)


def report_notes(report: ReportBase) -> list[tuple[str, str]]:
    """The 说明 lines of an export: what, when, where, and the definitions used."""
    period = report.period
    scope = report.scope
    where = "全市" if scope.city_wide else f"本人服务范围内 {scope.communities} 个社区/村"
    notes = [
        ("报表", f"{report.title}（{report.report}）"),
        ("期间", f"{period.from_date or '开始'} 至 {period.to_date}（含，北京时间）"),
        ("范围", where + (f"，街道/镇 #{scope.subdistrict_id}" if scope.subdistrict_id else "")),
    ]
    if report.group_by:
        notes.append(("分组", GROUP_HEADERS.get(report.group_by, (report.group_by, None))[0]))
    if isinstance(report, NearHomeReport):
        rule = f"居家计件，或工作地点距家 {report.near_home_km:g} 公里以内"
        if report.near_home_minutes:
            rule += f"，或按本人出行方式 {report.near_home_minutes} 分钟以内"
        notes.append(("就近就业", rule))
    if isinstance(report, FullEmploymentReport):
        notes.append(("达标标准", report.criterion.description))
        notes.append(("达标社区数", str(report.communities_meeting)))
    if isinstance(report, OutcomesReport):
        median = report.median_days_to_placement
        notes.append(("登记到首次上岗天数（中位数）", "—" if median is None else f"{median:g}"))
    return notes
