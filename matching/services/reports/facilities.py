"""Micro-factories, workshops and stations (微工厂、手工坊、零工驿站、就业服务驿站) and their reach.

Counts are of facilities that exist at the end of the period. What each serves in
the period:

- a station: ``seekers`` registered there; ``postings`` published in its community;
- an employer: ``seekers`` = distinct people placed with it; ``postings`` it published.

Per kind, a station kind's postings count each community once, however many stations
of that kind it has; an employer kind's people are distinct across its employers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from matching.db.queries import report_registers as registers
from matching.enums import EmployerKind, StationKind
from matching.schemas.reports import FacilitiesReport, FacilityGroup, FacilityRow
from matching.services.context import ServiceContext
from matching.services.reports.common import ReportQuery, envelope, prepare
from matching.services.reports.labels import EMPLOYER_KINDS, STATION_KINDS, TITLES

__all__ = ["facilities_report", "facility_counts"]

KIND_ORDER: tuple[EmployerKind | StationKind, ...] = (
    EmployerKind.micro_factory,
    EmployerKind.workshop,
    EmployerKind.shop,
    EmployerKind.household,
    EmployerKind.partner,
    EmployerKind.other,
    StationKind.gig_station,
    StationKind.service_station,
    StationKind.window,
)


def _kind_label(kind: EmployerKind | StationKind) -> str:
    if isinstance(kind, EmployerKind):
        return EMPLOYER_KINDS[kind]
    return STATION_KINDS[kind]


class _Reach:
    """What the facilities in scope serve in the period (one query per figure)."""

    def __init__(self, ctx: ServiceContext, query: ReportQuery) -> None:
        session, flt = ctx.session, query.flt
        self.employers = registers.employers(session, flt)
        self.stations = registers.stations(session, flt)
        self.seekers_by_station = registers.seekers_by_station(session, flt)
        self.postings_by_employer = registers.postings_by_employer(session, flt)
        self.postings_by_community = registers.postings_by_community(session, flt)
        self.people_by_employer = registers.people_placed_by_employer(session, flt, by_kind=False)
        self.people_by_kind = registers.people_placed_by_employer(session, flt, by_kind=True)

    def employer_row(self, employer: Any) -> FacilityRow:
        kind = EmployerKind(employer.kind)
        return FacilityRow(
            key=f"E{employer.id}",
            label=employer.name,
            kind=kind.value,
            kind_label=_kind_label(kind),
            community=employer.community,
            subdistrict=employer.subdistrict,
            facilities=1,
            seekers=self.people_by_employer.get(employer.id, 0),
            postings=self.postings_by_employer.get(employer.id, 0),
        )

    def station_row(self, station: Any) -> FacilityRow:
        kind = StationKind(station.kind)
        return FacilityRow(
            key=station.code,
            label=station.name,
            kind=kind.value,
            kind_label=_kind_label(kind),
            community=station.community,
            subdistrict=station.subdistrict,
            facilities=1,
            seekers=self.seekers_by_station.get(station.id, 0),
            postings=self.postings_by_community.get(station.community_id, 0),
        )

    def kind_row(self, kind: EmployerKind | StationKind) -> FacilityRow:
        if isinstance(kind, EmployerKind):
            members: Sequence[Any] = [e for e in self.employers if e.kind == kind]
            seekers = self.people_by_kind.get(kind.value, 0)
            postings = sum(self.postings_by_employer.get(e.id, 0) for e in members)
        else:
            members = [s for s in self.stations if s.kind == kind]
            seekers = sum(self.seekers_by_station.get(s.id, 0) for s in members)
            hosts = {s.community_id for s in members}
            postings = sum(self.postings_by_community.get(c, 0) for c in hosts)
        return FacilityRow(
            key=kind.value,
            label=_kind_label(kind),
            kind=kind.value,
            kind_label=_kind_label(kind),
            facilities=len(members),
            seekers=seekers,
            postings=postings,
        )


def facility_counts(ctx: ServiceContext, query: ReportQuery) -> dict[str, int]:
    """How many facilities of each kind (employer and station kinds) exist in scope."""
    counts = dict.fromkeys((kind.value for kind in KIND_ORDER), 0)
    for row in [
        *registers.employers(ctx.session, query.flt),
        *registers.stations(ctx.session, query.flt),
    ]:
        counts[str(row.kind.value)] += 1
    return counts


def facilities_report(
    ctx: ServiceContext,
    *,
    start: date | None = None,
    end: date | None = None,
    group_by: FacilityGroup = FacilityGroup.kind,
    subdistrict_id: int | None = None,
) -> FacilitiesReport:
    """Facilities by kind (or one row each) and the seekers and postings they serve."""
    query = prepare(ctx, start=start, end=end, subdistrict_id=subdistrict_id)
    reach = _Reach(ctx, query)
    kinds = {kind: reach.kind_row(kind) for kind in KIND_ORDER}
    if group_by is FacilityGroup.kind:
        rows = list(kinds.values())
    else:
        rows = [reach.employer_row(e) for e in reach.employers]
        rows += [reach.station_row(s) for s in reach.stations]
    factories = kinds[EmployerKind.micro_factory].facilities
    workshops = kinds[EmployerKind.workshop].facilities
    gig = kinds[StationKind.gig_station].facilities
    return FacilitiesReport(
        **envelope(
            ctx, query, report="facilities", title=TITLES["facilities"], group_by=group_by.value
        ),
        rows=rows,
        micro_factories=factories,
        workshops=workshops,
        gig_stations=gig,
        service_stations=kinds[StationKind.service_station].facilities,
        windows=kinds[StationKind.window].facilities,
        factories_and_gig_stations=factories + workshops + gig,
        seekers=sum(reach.seekers_by_station.values()),
        postings=sum(reach.postings_by_employer.values()),
    )
