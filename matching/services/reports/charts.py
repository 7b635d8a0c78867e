"""Charts (统计图) rendered on the server with matplotlib's Agg backend, as SVG or PNG.

Chinese labels need a CJK font, and the machine's fonts cannot be relied on: the
project depends on ``pylopdf-fonts-zh-cn`` (Noto Sans SC, SIL OFL 1.1), whose file is
registered with matplotlib's font manager and set explicitly on every text, so no
global ``rcParams`` change is made. SVG text is drawn as paths (matplotlib's
default), so a browser needs no font either.

Charts: people placed per month, near-home placements per month, and people placed
(and placed near home) per subdistrict.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import matplotlib

matplotlib.use("Agg")

import pylopdf_fonts_zh_cn
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from matching.schemas.reports import (
    ChartFormat,
    ChartName,
    NearHomeReport,
    PlacementGroup,
    PlacementsReport,
)
from matching.services.context import ServiceContext
from matching.services.reports.near_home import near_home_report
from matching.services.reports.placements import placements_report

__all__ = ["ChartFile", "build_chart", "chart_font", "chart_font_path", "render_chart"]

MEDIA_TYPES = {ChartFormat.svg: "image/svg+xml", ChartFormat.png: "image/png"}
COLOURS = ("#2f6db5", "#e08a2c", "#4c9f70")
_LOCK = threading.RLock()  # matplotlib's font cache and text layout are not thread-safe
F = TypeVar("F", bound=Callable[..., Any])


def _locked(function: F) -> F:
    @wraps(function)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return function(*args, **kwargs)

    return cast(F, locked)


@dataclass(frozen=True, slots=True)
class ChartFile:
    """A rendered chart."""

    filename: str
    media_type: str
    content: bytes


def chart_font_path() -> Path:
    """The bundled CJK font file (Noto Sans SC)."""
    return Path(pylopdf_fonts_zh_cn.sans_path())


@_locked
@lru_cache(maxsize=1)
def chart_font() -> font_manager.FontProperties:
    """The CJK font, registered with matplotlib once, as properties to set on texts."""
    path = chart_font_path()
    if not path.is_file():
        raise RuntimeError(f"CJK font missing: {path} (reinstall pylopdf-fonts-zh-cn)")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path), size=10)


def _figure(title: str) -> tuple[Figure, Axes]:
    # Fixed margins: a constrained layout would lay every (CJK) label out twice.
    figure = Figure(figsize=(10, 5.6))
    figure.subplots_adjust(left=0.12, right=0.97, top=0.9, bottom=0.16)
    axes = figure.add_subplot()
    axes.set_title(title, fontproperties=chart_font(), fontsize=14)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    return figure, axes


def _finish(
    axes: Axes,
    *,
    xlabel: str,
    ylabel: str,
    empty: bool,
    legend: Literal["upper left", "lower right"] = "upper left",
) -> None:
    font = chart_font()
    axes.set_xlabel(xlabel, fontproperties=font)
    axes.set_ylabel(ylabel, fontproperties=font)
    for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
        label.set_fontproperties(font)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(prop=font, loc=legend)
    if empty:
        axes.text(0.5, 0.5, "暂无数据", transform=axes.transAxes, ha="center", fontproperties=font)


def _month_ticks(axes: Axes, months: list[str]) -> None:
    axes.set_xticks(range(len(months)), labels=months, rotation=45, ha="right")


@_locked
def monthly_placements_figure(report: PlacementsReport) -> Figure:
    """People placed per month (bars) and placements per month (line)."""
    figure, axes = _figure("每月上岗人数")
    months = [row.key for row in report.rows]
    positions = range(len(months))
    axes.bar(positions, [row.people for row in report.rows], color=COLOURS[0], label="上岗人数")
    axes.plot(
        positions, [row.placements for row in report.rows], color=COLOURS[1], label="上岗人次"
    )
    _month_ticks(axes, months)
    _finish(axes, xlabel="月份", ylabel="人", empty=not months)
    return figure


@_locked
def monthly_near_home_figure(report: NearHomeReport) -> Figure:
    """Near-home placements per month: take-home work stacked on work near home."""
    figure, axes = _figure("每月就近就业人次（居家、照护、残疾人员）")
    months = [row.key for row in report.rows]
    positions = range(len(months))
    take_home = [row.take_home_placements for row in report.rows]
    nearby = [row.nearby_placements for row in report.rows]
    axes.bar(positions, take_home, color=COLOURS[2], label="居家计件")
    axes.bar(positions, nearby, bottom=take_home, color=COLOURS[0], label="就近到岗")
    _month_ticks(axes, months)
    _finish(axes, xlabel="月份", ylabel="人次", empty=not months)
    return figure


@_locked
def subdistricts_figure(placed: PlacementsReport, near: NearHomeReport) -> Figure:
    """People placed and people placed near home, per subdistrict (horizontal bars)."""
    figure, axes = _figure("各街道（镇）上岗人数对比")
    names = {row.key: row.label for row in placed.rows}
    names.update({row.key: row.label for row in near.rows})
    keys = sorted(names, reverse=True)  # first code at the top
    people = {row.key: row.people for row in placed.rows}
    near_people = {row.key: row.people for row in near.rows}
    positions = list(range(len(keys)))
    height = 0.4
    axes.barh(
        [p + height / 2 for p in positions],
        [people.get(k, 0) for k in keys],
        height=height,
        color=COLOURS[0],
        label="上岗人数",
    )
    axes.barh(
        [p - height / 2 for p in positions],
        [near_people.get(k, 0) for k in keys],
        height=height,
        color=COLOURS[2],
        label="其中就近就业（不便外出人员）",
    )
    axes.set_yticks(positions, labels=[names[k] for k in keys])
    axes.grid(axis="x", alpha=0.3)
    _finish(axes, xlabel="人数", ylabel="街道/镇", empty=not keys, legend="lower right")
    return figure


def build_chart(
    ctx: ServiceContext,
    name: ChartName,
    *,
    start: date | None = None,
    end: date | None = None,
    subdistrict_id: int | None = None,
) -> Figure:
    """The figure of chart ``name`` from the reports of ``[start, end]`` in the caller's scope."""
    if name is ChartName.subdistricts:
        by = PlacementGroup.subdistrict
        placed = placements_report(
            ctx, start=start, end=end, group_by=by, subdistrict_id=subdistrict_id
        )
        near = near_home_report(
            ctx, start=start, end=end, group_by=by, subdistrict_id=subdistrict_id
        )
        return subdistricts_figure(placed, near)
    if name is ChartName.monthly_near_home:
        report = near_home_report(
            ctx, start=start, end=end, group_by=PlacementGroup.month, subdistrict_id=subdistrict_id
        )
        return monthly_near_home_figure(report)
    monthly = placements_report(
        ctx, start=start, end=end, group_by=PlacementGroup.month, subdistrict_id=subdistrict_id
    )
    return monthly_placements_figure(monthly)


@_locked
def render_figure(figure: Figure, chart_format: ChartFormat) -> bytes:
    """Render a figure as SVG (text as paths, no date) or PNG (100 dpi)."""
    buffer = io.BytesIO()
    if chart_format is ChartFormat.svg:
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def render_chart(
    ctx: ServiceContext,
    name: ChartName,
    chart_format: ChartFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    subdistrict_id: int | None = None,
) -> ChartFile:
    """Build and render chart ``name``."""
    figure = build_chart(ctx, name, start=start, end=end, subdistrict_id=subdistrict_id)
    return ChartFile(
        filename=f"{name.value}.{chart_format.value}",
        media_type=MEDIA_TYPES[chart_format],
        content=render_figure(figure, chart_format),
    )
