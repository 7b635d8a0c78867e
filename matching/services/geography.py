"""Subdistricts, communities and stations: register, change, read and list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from matching.db.models import Community, Station, Subdistrict
from matching.db.queries import names as name_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.enums import StationKind
from matching.i18n import Text
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
from matching.services.common import ensure_unique, require, require_reference
from matching.services.context import ServiceContext

API = "/api/v1"


@dataclass(frozen=True, slots=True)
class PlaceNames:
    """Names of communities and of stations by id."""

    communities: dict[int, str]
    stations: dict[int, str]


def create_subdistrict(ctx: ServiceContext, data: SubdistrictCreate) -> SubdistrictPublic:
    """Register a 街道 or 镇."""
    ensure_unique(
        ctx.session,
        Subdistrict.code,
        data.code,
        field="code",
        href=f"{API}/subdistricts",
        label=Text("Subdistrict code"),
    )
    subdistrict = Subdistrict(**data.model_dump())
    ctx.session.add(subdistrict)
    ctx.session.flush()
    return SubdistrictPublic.model_validate(subdistrict)


def update_subdistrict(
    ctx: ServiceContext, subdistrict_id: int, data: SubdistrictUpdate
) -> SubdistrictPublic:
    """Change a subdistrict."""
    subdistrict = require(ctx.session, Subdistrict, subdistrict_id, resource="subdistrict")
    for name, value in data.changes().items():
        setattr(subdistrict, name, value)
    ctx.session.flush()
    return SubdistrictPublic.model_validate(subdistrict)


def get_subdistrict(ctx: ServiceContext, subdistrict_id: int) -> SubdistrictPublic:
    """Read one subdistrict."""
    subdistrict = require(ctx.session, Subdistrict, subdistrict_id, resource="subdistrict")
    return SubdistrictPublic.model_validate(subdistrict)


SUBDISTRICT_SORTS = {"code": Subdistrict.code, "name": Subdistrict.name}
"""Sort keys of :func:`list_subdistricts`; the API documents them."""


def list_subdistricts(
    ctx: ServiceContext, page: PageRequest, *, q: str | None = None
) -> Page[SubdistrictPublic]:
    """List subdistricts, optionally by name fragment."""
    statement = select(Subdistrict)
    if q:
        statement = statement.where(Subdistrict.name.contains(q, autoescape=True))
    statement = sorted_by(statement, page.sort, SUBDISTRICT_SORTS, tiebreak=Subdistrict.id)
    rows, total = fetch_page(ctx.session, statement, page)
    items = [SubdistrictPublic.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def create_community(ctx: ServiceContext, data: CommunityCreate) -> CommunityPublic:
    """Register a 社区 or 村."""
    require_reference(
        ctx.session,
        Subdistrict,
        data.subdistrict_id,
        resource="subdistrict",
        field="subdistrict_id",
    )
    ensure_unique(
        ctx.session,
        Community.code,
        data.code,
        field="code",
        href=f"{API}/communities",
        label=Text("Community code"),
    )
    community = Community(**data.model_dump())
    ctx.session.add(community)
    ctx.session.flush()
    return CommunityPublic.model_validate(community)


def update_community(
    ctx: ServiceContext, community_id: int, data: CommunityUpdate
) -> CommunityPublic:
    """Change a community."""
    community = require(ctx.session, Community, community_id, resource="community")
    changes = data.changes()
    if "subdistrict_id" in changes:
        require_reference(
            ctx.session,
            Subdistrict,
            changes["subdistrict_id"],
            resource="subdistrict",
            field="subdistrict_id",
        )
    for name, value in changes.items():
        setattr(community, name, value)
    ctx.session.flush()
    return CommunityPublic.model_validate(community)


def get_community(ctx: ServiceContext, community_id: int) -> CommunityPublic:
    """Read one community."""
    return CommunityPublic.model_validate(
        require(ctx.session, Community, community_id, resource="community")
    )


COMMUNITY_SORTS = {"code": Community.code, "name": Community.name}
"""Sort keys of :func:`list_communities`; the API documents them."""


def list_communities(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    subdistrict_id: int | None = None,
    q: str | None = None,
) -> Page[CommunityPublic]:
    """List communities, by subdistrict or name fragment."""
    statement = select(Community)
    if subdistrict_id is not None:
        statement = statement.where(Community.subdistrict_id == subdistrict_id)
    if q:
        statement = statement.where(Community.name.contains(q, autoescape=True))
    statement = sorted_by(statement, page.sort, COMMUNITY_SORTS, tiebreak=Community.id)
    rows, total = fetch_page(ctx.session, statement, page)
    items = [CommunityPublic.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def create_station(ctx: ServiceContext, data: StationCreate) -> StationPublic:
    """Open a window or station; it sits at its community's point unless placed."""
    community = require_reference(
        ctx.session, Community, data.community_id, resource="community", field="community_id"
    )
    ensure_unique(
        ctx.session,
        Station.code,
        data.code,
        field="code",
        href=f"{API}/stations",
        label=Text("Station code"),
    )
    values = data.model_dump()
    surveyed = data.lat is not None and data.lon is not None
    values["lat"] = data.lat if surveyed else community.lat
    values["lon"] = data.lon if surveyed else community.lon
    station = Station(**values, location_approximate=not surveyed)
    ctx.session.add(station)
    ctx.session.flush()
    return StationPublic.model_validate(station)


def update_station(ctx: ServiceContext, station_id: int, data: StationUpdate) -> StationPublic:
    """Change a station."""
    station = require(ctx.session, Station, station_id, resource="station")
    changes = data.changes()
    if "community_id" in changes:
        require_reference(
            ctx.session,
            Community,
            changes["community_id"],
            resource="community",
            field="community_id",
        )
    if "lat" in changes or "lon" in changes:
        changes["location_approximate"] = False
    for name, value in changes.items():
        setattr(station, name, value)
    ctx.session.flush()
    return StationPublic.model_validate(station)


def get_station(ctx: ServiceContext, station_id: int) -> StationPublic:
    """Read one station."""
    return StationPublic.model_validate(
        require(ctx.session, Station, station_id, resource="station")
    )


STATION_SORTS = {"code": Station.code, "name": Station.name, "created_at": Station.created_at}
"""Sort keys of :func:`list_stations`; the API documents them."""


def list_stations(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    community_id: int | None = None,
    subdistrict_id: int | None = None,
    kind: StationKind | None = None,
    q: str | None = None,
) -> Page[StationPublic]:
    """List stations, by community, subdistrict, kind or name fragment."""
    statement = select(Station)
    if community_id is not None:
        statement = statement.where(Station.community_id == community_id)
    if subdistrict_id is not None:
        statement = statement.join(Community).where(Community.subdistrict_id == subdistrict_id)
    if kind is not None:
        statement = statement.where(Station.kind == kind)
    if q:
        statement = statement.where(Station.name.contains(q, autoescape=True))
    statement = sorted_by(statement, page.sort, STATION_SORTS, tiebreak=Station.id)
    rows, total = fetch_page(ctx.session, statement, page)
    items = [StationPublic.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def place_names(
    ctx: ServiceContext, *, community_ids: Iterable[int] = (), station_ids: Iterable[int] = ()
) -> PlaceNames:
    """The names of communities and stations, to show beside lists of people or postings."""
    return PlaceNames(
        communities=name_queries.community_names(ctx.session, community_ids),
        stations=name_queries.station_names(ctx.session, station_ids),
    )
