"""Administrator reports (统计报表), their CSV/XLSX exports and charts.

Administrators see the whole city, clerks the communities of their scope (employers
none). ``from``/``to`` are inclusive local dates (``to`` defaults to today);
``format=csv|xlsx`` downloads the report instead of JSON and leaves an audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from matching.api.dependencies import ContextDep, QueryId
from matching.api.problems import PROBLEM_RESPONSES
from matching.schemas.reports import (
    AnyReport,
    ChartFormat,
    ChartName,
    CommunityGroup,
    ExportFormat,
    FacilitiesReport,
    FacilityGroup,
    FullEmploymentReport,
    NearHomeReport,
    OutcomesReport,
    PlacementGroup,
    PlacementsReport,
    SummaryReport,
    VacanciesReport,
    VacancyGroup,
)
from matching.services import reports
from matching.services.context import ServiceContext
from matching.services.reports import charts, exports

router = APIRouter(prefix="/reports", tags=["reports"], responses=PROBLEM_RESPONSES)

From = Annotated[
    date | None, Query(alias="from", description="First day, inclusive (local date, YYYY-MM-DD)")
]
To = Annotated[
    date | None,
    Query(alias="to", description="Last day, inclusive (local date); defaults to today"),
]
Format = Annotated[
    ExportFormat,
    Query(alias="format", description="json, or download as csv (UTF-8 with BOM) or xlsx"),
]
ImageFormat = Annotated[ChartFormat, Query(alias="format", description="svg or png")]

EXPORTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report as JSON, or as a CSV or XLSX download",
        "content": {
            exports.MEDIA_TYPES[ExportFormat.csv]: {"schema": {"type": "string"}},
            exports.MEDIA_TYPES[ExportFormat.xlsx]: {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}
IMAGES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The chart as SVG or PNG",
        "content": {
            charts.MEDIA_TYPES[ChartFormat.svg]: {"schema": {"type": "string"}},
            charts.MEDIA_TYPES[ChartFormat.png]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _answer(
    ctx: ServiceContext,
    name: str,
    build: Callable[[], AnyReport],
    export_format: ExportFormat,
    params: dict[str, Any],
) -> AnyReport | Response:
    """The report as JSON, or exported (audited first, so the write lock is taken early)."""
    if export_format is ExportFormat.json:
        return build()
    exports.record_export(ctx, report=name, export_format=export_format, params=params)
    exported = exports.export_file(build(), export_format)
    return Response(
        exported.content,
        media_type=exported.media_type,
        headers={"Content-Disposition": exported.content_disposition},
    )


def _params(start: date | None, end: date | None, **more: Any) -> dict[str, Any]:
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        **{key: getattr(value, "value", value) for key, value in more.items()},
    }


@router.get("/summary", response_model=SummaryReport, responses=EXPORTS)
def summary_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """The headline figures: people placed, near home, facilities, full-employment communities."""
    return _answer(
        ctx,
        "summary",
        lambda: reports.summary_report(
            ctx, start=date_from, end=date_to, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, subdistrict_id=subdistrict_id),
    )


@router.get("/placements", response_model=PlacementsReport, responses=EXPORTS)
def placements_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    group_by: PlacementGroup = PlacementGroup.subdistrict,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Distinct people placed and placements, by place, station, kind, work mode or month."""
    return _answer(
        ctx,
        "placements",
        lambda: reports.placements_report(
            ctx, start=date_from, end=date_to, group_by=group_by, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, group_by=group_by, subdistrict_id=subdistrict_id),
    )


@router.get("/near-home", response_model=NearHomeReport, responses=EXPORTS)
def near_home_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    group_by: PlacementGroup = PlacementGroup.subdistrict,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Homebound, caregiver and disabled seekers placed near home or into take-home work."""
    return _answer(
        ctx,
        "near_home",
        lambda: reports.near_home_report(
            ctx, start=date_from, end=date_to, group_by=group_by, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, group_by=group_by, subdistrict_id=subdistrict_id),
    )


@router.get("/facilities", response_model=FacilitiesReport, responses=EXPORTS)
def facilities_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    group_by: FacilityGroup = FacilityGroup.kind,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Micro-factories, workshops, gig and service stations, with their seekers and postings."""
    return _answer(
        ctx,
        "facilities",
        lambda: reports.facilities_report(
            ctx, start=date_from, end=date_to, group_by=group_by, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, group_by=group_by, subdistrict_id=subdistrict_id),
    )


@router.get("/full-employment", response_model=FullEmploymentReport, responses=EXPORTS)
def full_employment_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    group_by: CommunityGroup = CommunityGroup.community,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Communities meeting the configured full-employment criterion at the end of the period."""
    return _answer(
        ctx,
        "full_employment",
        lambda: reports.full_employment_report(
            ctx, start=date_from, end=date_to, group_by=group_by, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, group_by=group_by, subdistrict_id=subdistrict_id),
    )


@router.get("/vacancies", response_model=VacanciesReport, responses=EXPORTS)
def vacancies_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    group_by: VacancyGroup = VacancyGroup.posting_kind,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Vacancies published in the period, how many were filled, and the fill rate."""
    return _answer(
        ctx,
        "vacancies",
        lambda: reports.vacancies_report(
            ctx, start=date_from, end=date_to, group_by=group_by, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, group_by=group_by, subdistrict_id=subdistrict_id),
    )


@router.get("/outcomes", response_model=OutcomesReport, responses=EXPORTS)
def outcomes_report(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    subdistrict_id: QueryId = None,
    export_format: Format = ExportFormat.json,
) -> AnyReport | Response:
    """Outcome mix of proposals (declined by reason, no-show, left early…) and time to placement."""
    return _answer(
        ctx,
        "outcomes",
        lambda: reports.outcomes_report(
            ctx, start=date_from, end=date_to, subdistrict_id=subdistrict_id
        ),
        export_format,
        _params(date_from, date_to, subdistrict_id=subdistrict_id),
    )


def _chart(
    ctx: ServiceContext,
    name: ChartName,
    image_format: ChartFormat,
    *,
    start: date | None,
    end: date | None,
    subdistrict_id: int | None,
) -> Response:
    chart = charts.render_chart(
        ctx, name, image_format, start=start, end=end, subdistrict_id=subdistrict_id
    )
    return Response(
        chart.content,
        media_type=chart.media_type,
        headers={
            "Content-Disposition": f'inline; filename="{chart.filename}"',
            "Cache-Control": "private, no-cache",
        },
    )


@router.get("/charts/monthly-placements", response_class=Response, responses=IMAGES)
def monthly_placements_chart(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    subdistrict_id: QueryId = None,
    image_format: ImageFormat = ChartFormat.svg,
) -> Response:
    """Chart: people placed and placements per month."""
    return _chart(
        ctx,
        ChartName.monthly_placements,
        image_format,
        start=date_from,
        end=date_to,
        subdistrict_id=subdistrict_id,
    )


@router.get("/charts/monthly-near-home", response_class=Response, responses=IMAGES)
def monthly_near_home_chart(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    subdistrict_id: QueryId = None,
    image_format: ImageFormat = ChartFormat.svg,
) -> Response:
    """Chart: near-home placements per month (take-home work and work near home)."""
    return _chart(
        ctx,
        ChartName.monthly_near_home,
        image_format,
        start=date_from,
        end=date_to,
        subdistrict_id=subdistrict_id,
    )


@router.get("/charts/subdistricts", response_class=Response, responses=IMAGES)
def subdistricts_chart(
    ctx: ContextDep,
    date_from: From = None,
    date_to: To = None,
    subdistrict_id: QueryId = None,
    image_format: ImageFormat = ChartFormat.svg,
) -> Response:
    """Chart: people placed and placed near home, per subdistrict."""
    return _chart(
        ctx,
        ChartName.subdistricts,
        image_format,
        start=date_from,
        end=date_to,
        subdistrict_id=subdistrict_id,
    )
