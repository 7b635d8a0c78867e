"""Reports through the real app: scope, CSV/XLSX exports, audit, charts, period validation."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from matplotlib import font_manager
from matplotlib.text import Text
from openpyxl import load_workbook
from sqlalchemy import func, select

from matching.config import city_clock
from matching.db.models import AuditEvent, Community
from matching.enums import (
    AuditAction,
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    Role,
    SeekerStatus,
    WorkMode,
)
from matching.schemas.reports import ChartFormat, ChartName
from matching.services import reports
from matching.services.auth import resolve_token
from matching.services.context import ServiceContext
from matching.services.reports import charts
from tests.api.helpers import problem_fields
from tests.support.auth import bearer, make_user, token_for
from tests.support.report_history import (
    GenPosting,
    GenProposal,
    GenSeeker,
    History,
    World,
    insert_history,
    make_world,
)

pytestmark = pytest.mark.db

START, END = date(2026, 1, 1), date(2026, 11, 28)
PERIOD = {"from": START.isoformat(), "to": END.isoformat()}
REPORTS = (
    "summary",
    "placements",
    "near-home",
    "facilities",
    "full-employment",
    "vacancies",
    "outcomes",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _seeker(community: int, station: int, day: int, **flags: Any) -> GenSeeker:
    values: dict[str, Any] = {
        "homebound": False,
        "caregiver": False,
        "disability": False,
        "status": SeekerStatus.active,
        "household": None,
        "erased": False,
        "jitter": 0.0,
        **flags,
    }
    return GenSeeker(community=community, station=station, day=day, **values)


def _proposal(
    seeker: int, posting: int, status: ProposalStatus, day: int, **more: Any
) -> GenProposal:
    values: dict[str, Any] = {
        "station": None,
        "reason": None,
        "hired_after": 2.0,
        "ended_after": 20.0,
    }
    return GenProposal(seeker, posting, status=status, day=day, **{**values, **more})


HISTORY = History(
    seekers=(
        _seeker(0, 0, 10, caregiver=True, status=SeekerStatus.placed, household=1),
        _seeker(1, 1, 20, homebound=True, household=2),
        _seeker(2, 2, 30, status=SeekerStatus.placed, household=3),
        _seeker(3, 2, 40, disability=True),
        _seeker(0, 0, 5, status=SeekerStatus.inactive, household=1),
        _seeker(2, 2, 50, caregiver=True, household=3),
    ),
    postings=(
        GenPosting(
            0, 0, PostingKind.part_time, WorkMode.take_home, 3, PostingStatus.open, 50, False
        ),
        GenPosting(
            1, 1, PostingKind.full_time, WorkMode.on_site, 2, PostingStatus.filled, 60, True
        ),
        GenPosting(2, 3, PostingKind.odd_job, WorkMode.mobile, 1, PostingStatus.closed, 20, False),
    ),
    proposals=(
        _proposal(0, 0, ProposalStatus.hired, 60),
        _proposal(1, 0, ProposalStatus.completed, 70),
        _proposal(2, 1, ProposalStatus.left_early, 80),
        _proposal(3, 2, ProposalStatus.hired, 90),
        _proposal(5, 1, ProposalStatus.declined, 100, reason=ReasonCode.too_far),
        _proposal(2, 0, ProposalStatus.no_show, 110),
        _proposal(4, 2, ProposalStatus.completed, 30),
    ),
)


@pytest.fixture
def world(ctx: ServiceContext) -> World:
    world = make_world(ctx.session)
    insert_history(ctx.session, world, HISTORY)
    return world


@pytest.fixture
def clerk(ctx: ServiceContext, world: World) -> tuple[ServiceContext, str]:
    """A clerk at the world's first station (subdistrict scope) and its token."""
    user = make_user(ctx, role=Role.clerk, station_id=world.stations[0][0])
    token = token_for(ctx, user)
    as_clerk = replace(ctx, clock=city_clock(ctx.settings), actor=resolve_token(ctx, token))
    return as_clerk, token


def _exports(ctx: ServiceContext) -> int:
    statement = select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.export)
    return int(ctx.session.scalar(statement) or 0)


@pytest.mark.parametrize("name", REPORTS)
def test_admin_report_matches_the_service(
    client: TestClient, ctx: ServiceContext, world: World, name: str
) -> None:
    response = client.get(f"/api/v1/reports/{name}", params=PERIOD)
    service = getattr(reports, f"{name.replace('-', '_')}_report")
    # The app's 'today' is the clock's: compare on the same day.
    expected = service(replace(ctx, clock=city_clock(ctx.settings)), start=START, end=END)

    assert response.status_code == 200, response.text
    assert response.json() == expected.model_dump(mode="json")
    assert response.json()["scope"]["city_wide"] is True


def test_admin_sees_both_subdistricts(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/reports/placements", params=PERIOD).json()

    towns = {row["key"] for row in body["rows"]}
    assert towns == {world.places[0].subdistrict_code, world.places[2].subdistrict_code}
    assert (body["total_people"], body["total_placements"]) == (5, 5)


@pytest.mark.parametrize("name", REPORTS)
def test_clerk_report_covers_only_its_communities(
    anonymous: TestClient,
    clerk: tuple[ServiceContext, str],
    world: World,
    name: str,
) -> None:
    clerk_ctx, token = clerk
    response = anonymous.get(f"/api/v1/reports/{name}", params=PERIOD, headers=bearer(token))
    service = getattr(reports, f"{name.replace('-', '_')}_report")
    expected = service(clerk_ctx, start=START, end=END)

    assert response.status_code == 200, response.text
    assert response.json() == expected.model_dump(mode="json")
    assert response.json()["scope"]["city_wide"] is False


def test_clerk_placements_leave_out_other_subdistricts(
    anonymous: TestClient, clerk: tuple[ServiceContext, str], world: World
) -> None:
    _, token = clerk
    params = {**PERIOD, "group_by": "community"}
    body = anonymous.get("/api/v1/reports/placements", params=params, headers=bearer(token)).json()

    assert {row["key"] for row in body["rows"]} == {world.places[0].code, world.places[1].code}
    assert (body["total_people"], body["total_placements"]) == (3, 3)


def test_employer_may_not_read_reports(
    anonymous: TestClient, ctx: ServiceContext, world: World
) -> None:
    user = make_user(ctx, role=Role.employer, employer_id=world.employers[0][0])
    response = anonymous.get("/api/v1/reports/summary", headers=bearer(token_for(ctx, user)))

    assert response.status_code == 403


def test_xlsx_export_reads_back_to_the_same_numbers(
    client: TestClient, ctx: ServiceContext, world: World
) -> None:
    params = {**PERIOD, "group_by": "community"}
    figures = client.get("/api/v1/reports/placements", params=params).json()
    before = _exports(ctx)
    response = client.get("/api/v1/reports/placements", params={**params, "format": "xlsx"})

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="placements_2026-01-01_2026-11-28.xlsx"')
    assert "filename*=UTF-8''" in disposition
    sheet = load_workbook(io.BytesIO(response.content))["报表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("社区/村", "代码", "所属街道/镇", "上岗人数", "上岗人次")
    assert [(r[1], r[3], r[4]) for r in rows[1:-1]] == [
        (row["key"], row["people"], row["placements"]) for row in figures["rows"]
    ]
    assert rows[-1][0] == "合计"
    assert rows[-1][3:] == (figures["total_people"], figures["total_placements"])
    assert all(isinstance(value, int) for row in rows[1:] for value in row[3:])
    assert _exports(ctx) == before + 1


def test_csv_export_has_a_bom_and_parses(
    client: TestClient, ctx: ServiceContext, world: World
) -> None:
    figures = client.get("/api/v1/reports/vacancies", params=PERIOD).json()
    before = _exports(ctx)
    response = client.get("/api/v1/reports/vacancies", params={**PERIOD, "format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["岗位类型", "代码"]
    assert [(r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows[1:-1]] == [
        (row["key"], row["postings"], row["vacancies"], row["filled"]) for row in figures["rows"]
    ]
    assert rows[-1][0] == "合计" and int(rows[-1][3]) == figures["vacancies"]
    assert _exports(ctx) == before + 1


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_exports_once_per_request(
    client: TestClient, ctx: ServiceContext, world: World, name: str
) -> None:
    before = _exports(ctx)
    for export_format in ("csv", "xlsx"):
        response = client.get(f"/api/v1/reports/{name}", params={"format": export_format})
        assert response.status_code == 200, response.text
    client.get(f"/api/v1/reports/{name}")

    audited = ctx.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.export).order_by(AuditEvent.id)
    ).all()[before:]
    assert [(e.object_ref, e.details["format"]) for e in audited] == [
        (name.replace("-", "_"), "csv"),
        (name.replace("-", "_"), "xlsx"),
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-05-02", "to": "2026-05-01"}, "from"),
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"group_by": "planet"}, "group_by"),
        ({"format": "pdf"}, "format"),
        ({"subdistrict_id": 999_999}, "subdistrict_id"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    response = client.get("/api/v1/reports/placements", params=params)

    assert response.status_code == 422
    assert problem_fields(response) == [field]


def test_reversed_period_on_a_chart_is_422(client: TestClient) -> None:
    response = client.get(
        "/api/v1/reports/charts/monthly-placements",
        params={"from": "2026-05-02", "to": "2026-05-01"},
    )

    assert response.status_code == 422 and problem_fields(response) == ["from"]


@pytest.mark.parametrize("name", list(ChartName))
@pytest.mark.parametrize(
    ("image_format", "signature"), [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")]
)
def test_charts_render(
    client: TestClient, world: World, name: ChartName, image_format: str, signature: bytes
) -> None:
    response = client.get(
        f"/api/v1/reports/charts/{name.value}", params={**PERIOD, "format": image_format}
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        charts.MEDIA_TYPES[ChartFormat(image_format)]
    )
    assert response.content.startswith(signature)


def test_chart_labels_use_the_bundled_cjk_font(ctx: ServiceContext, world: World) -> None:
    figure = charts.build_chart(ctx, ChartName.subdistricts)
    axes = figure.axes[0]
    labels = [axes.title, *axes.get_yticklabels()]

    assert any("街道" in label.get_text() or "镇" in label.get_text() for label in labels[1:])
    bundled = str(charts.chart_font_path())
    for label in labels:
        assert label.get_fontname() == "Noto Sans SC"
        assert font_manager.findfont(label.get_fontproperties()) == bundled


def test_chinese_labels_render_as_glyphs_not_boxes(ctx: ServiceContext, world: World) -> None:
    figure = charts.build_chart(ctx, ChartName.subdistricts)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        rendered = charts.render_figure(figure, ChartFormat.png)
    for text in figure.findobj(Text):
        text.set_fontproperties(font_manager.FontProperties(family="DejaVu Sans"))
    with pytest.warns(UserWarning, match="missing from font"):
        fallback = charts.render_figure(figure, ChartFormat.png)

    assert rendered != fallback


def test_chart_of_an_empty_scope_still_renders(client: TestClient) -> None:
    response = client.get(
        "/api/v1/reports/charts/monthly-near-home", params={"from": "2026-01-01", "format": "png"}
    )

    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_reports_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    placements = paths["/api/v1/reports/placements"]["get"]
    content = placements["responses"]["200"]["content"]
    assert {"application/json", "text/csv; charset=utf-8", XLSX} <= set(content)
    names = {parameter["name"] for parameter in placements["parameters"]}
    assert {"from", "to", "group_by", "format", "subdistrict_id"} <= names


def test_clerk_scope_is_its_subdistrict(
    ctx: ServiceContext, clerk: tuple[ServiceContext, str], world: World
) -> None:
    clerk_ctx, _ = clerk
    town = world.places[0].subdistrict_id
    communities = set(
        ctx.session.scalars(select(Community.id).where(Community.subdistrict_id == town))
    )

    assert clerk_ctx.actor is not None
    assert clerk_ctx.actor.community_ids == frozenset(communities)


@pytest.mark.parametrize("bad", ["0", "86400", "0001-01-01", "0999-01-01", "2201-01-01"])
def test_implausible_dates_are_422(client: TestClient, bad: str) -> None:
    for path in ("/api/v1/reports/placements", "/api/v1/reports/charts/monthly-placements"):
        response = client.get(path, params={"from": bad})
        assert response.status_code == 422, (path, bad, response.text)
        assert response.json()["errors"][0]["field"] == "from"
