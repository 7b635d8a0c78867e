"""Subdistricts, communities and stations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from matching.api.dependencies import ContextDep, PathId, QueryId, TextQuery, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.enums import StationKind
from matching.schemas.geography import (
    CommunityCreate,
    CommunityPublic,
    CommunityUpdate,
    StationCreate,
    StationPublic,
    StationUpdate,
    SubdistrictCreate,
    SubdistrictPublic,
    SubdistrictUpdate,
)
from matching.schemas.page import Page
from matching.services import geography

router = APIRouter(responses=PROBLEM_RESPONSES)
CREATED = status.HTTP_201_CREATED
SubdistrictPage = Annotated[PageRequest, Depends(paging(geography.SUBDISTRICT_SORTS))]
CommunityPage = Annotated[PageRequest, Depends(paging(geography.COMMUNITY_SORTS))]
StationPage = Annotated[PageRequest, Depends(paging(geography.STATION_SORTS))]


@router.post("/subdistricts", status_code=CREATED, tags=["geography"])
def create_subdistrict(ctx: ContextDep, body: SubdistrictCreate) -> SubdistrictPublic:
    """Register a 街道 or 镇."""
    return geography.create_subdistrict(ctx, body)


@router.get("/subdistricts", tags=["geography"])
def list_subdistricts(
    ctx: ContextDep, page: SubdistrictPage, q: TextQuery = None
) -> Page[SubdistrictPublic]:
    """List subdistricts."""
    return geography.list_subdistricts(ctx, page, q=q)


@router.get("/subdistricts/{subdistrict_id}", tags=["geography"])
def get_subdistrict(ctx: ContextDep, subdistrict_id: PathId) -> SubdistrictPublic:
    """Read a subdistrict."""
    return geography.get_subdistrict(ctx, subdistrict_id)


@router.patch("/subdistricts/{subdistrict_id}", tags=["geography"])
def update_subdistrict(
    ctx: ContextDep, subdistrict_id: PathId, body: SubdistrictUpdate
) -> SubdistrictPublic:
    """Change a subdistrict."""
    return geography.update_subdistrict(ctx, subdistrict_id, body)


@router.post("/communities", status_code=CREATED, tags=["geography"])
def create_community(ctx: ContextDep, body: CommunityCreate) -> CommunityPublic:
    """Register a 社区 or 村."""
    return geography.create_community(ctx, body)


@router.get("/communities", tags=["geography"])
def list_communities(
    ctx: ContextDep, page: CommunityPage, subdistrict_id: QueryId = None, q: TextQuery = None
) -> Page[CommunityPublic]:
    """List communities."""
    return geography.list_communities(ctx, page, subdistrict_id=subdistrict_id, q=q)


@router.get("/communities/{community_id}", tags=["geography"])
def get_community(ctx: ContextDep, community_id: PathId) -> CommunityPublic:
    """Read a community."""
    return geography.get_community(ctx, community_id)


@router.patch("/communities/{community_id}", tags=["geography"])
def update_community(
    ctx: ContextDep, community_id: PathId, body: CommunityUpdate
) -> CommunityPublic:
    """Change a community."""
    return geography.update_community(ctx, community_id, body)


@router.post("/stations", status_code=CREATED, tags=["stations"])
def create_station(ctx: ContextDep, body: StationCreate) -> StationPublic:
    """Open a window, gig station or service station."""
    return geography.create_station(ctx, body)


@router.get("/stations", tags=["stations"])
def list_stations(
    ctx: ContextDep,
    page: StationPage,
    community_id: QueryId = None,
    subdistrict_id: QueryId = None,
    kind: StationKind | None = None,
    q: TextQuery = None,
) -> Page[StationPublic]:
    """List stations."""
    return geography.list_stations(
        ctx, page, community_id=community_id, subdistrict_id=subdistrict_id, kind=kind, q=q
    )


@router.get("/stations/{station_id}", tags=["stations"])
def get_station(ctx: ContextDep, station_id: PathId) -> StationPublic:
    """Read a station."""
    return geography.get_station(ctx, station_id)


@router.patch("/stations/{station_id}", tags=["stations"])
def update_station(ctx: ContextDep, station_id: PathId, body: StationUpdate) -> StationPublic:
    """Change a station."""
    return geography.update_station(ctx, station_id, body)
