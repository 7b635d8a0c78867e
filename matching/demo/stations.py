"""Demo stations: a 零工服务窗口 per town, 就业服务驿站 in communities, 零工驿站 by workshops.

Service stations are spread over the towns in proportion to their number of
communities, urban communities first; gig stations sit in the communities whose
micro-factories and workshops they serve.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from matching.demo.places import community_label, distance_km, jitter
from matching.demo.records import EmployerRecord, PlaceRef, StationRecord
from matching.demo.timeline import created_before
from matching.enums import CommunityKind, EmployerKind, StationKind

__all__ = ["generate_stations", "town_quotas"]

_FACTORY_KINDS = (EmployerKind.micro_factory, EmployerKind.workshop)


def town_quotas(total: int, sizes: dict[int, int]) -> dict[int, int]:
    """Split ``total`` over towns by size (largest remainders; ties by town id)."""
    whole = sum(sizes.values())
    if whole == 0:
        return dict.fromkeys(sizes, 0)
    exact = {town: total * size / whole for town, size in sizes.items()}
    quotas = {town: min(int(share), sizes[town]) for town, share in exact.items()}
    order = sorted(sizes, key=lambda town: (-(exact[town] - int(exact[town])), town))
    spare = total - sum(quotas.values())
    while spare > 0 and any(quotas[town] < sizes[town] for town in order):
        for town in order:
            if spare and quotas[town] < sizes[town]:
                quotas[town] += 1
                spare -= 1
    return quotas


def _windows(
    rng: random.Random,
    towns: Sequence[PlaceRef],
    by_town: dict[int, list[PlaceRef]],
    reference: datetime,
) -> list[StationRecord]:
    stations = []
    for town in towns:
        members = by_town.get(town.id)
        if not members:
            continue
        seat = min(members, key=lambda c: distance_km(town.lat, town.lon, c.lat, c.lon))
        lat, lon = jitter(rng, town.lat, town.lon, radius_m=100)
        centre = "党群服务中心" if town.name.endswith("街道") else "便民服务中心"
        stations.append(
            StationRecord(
                code=f"W{town.code}",
                name=f"{town.name}零工服务窗口",
                kind=StationKind.window,
                community_id=seat.id,
                subdistrict_id=town.id,
                lat=lat,
                lon=lon,
                address=f"肥城市{town.name}{centre}一楼",
                created_at=created_before(rng, reference, days=(700, 1000)),
            )
        )
    return stations


def _station(
    rng: random.Random, community: PlaceRef, *, code: str, kind: StationKind, reference: datetime
) -> StationRecord:
    label = community_label(community)
    lat, lon = jitter(rng, community.lat, community.lon, radius_m=150)
    if kind is StationKind.service_station:
        name, address = f"{label}就业服务驿站", f"{label}党群服务中心"
    else:
        spot = rng.choice(("党群服务中心旁", "文化广场东侧", "便民服务点"))
        name, address = f"{label}零工驿站", f"{label}{spot}"
    return StationRecord(
        code=code,
        name=name,
        kind=kind,
        community_id=community.id,
        subdistrict_id=community.subdistrict_id or 0,
        lat=lat,
        lon=lon,
        address=address,
        created_at=created_before(rng, reference, days=(200, 700)),
    )


def _service_sites(
    rng: random.Random, count: int, by_town: dict[int, list[PlaceRef]]
) -> list[PlaceRef]:
    quotas = town_quotas(count, {town: len(members) for town, members in by_town.items()})
    sites: list[PlaceRef] = []
    for town in sorted(by_town):
        members = by_town[town]
        urban = [c for c in members if c.kind == CommunityKind.residential]
        villages = [c for c in members if c.kind != CommunityKind.residential]
        rng.shuffle(urban)
        rng.shuffle(villages)
        sites += (urban + villages)[: quotas[town]]
    return sites


def _gig_sites(
    rng: random.Random,
    count: int,
    communities: Sequence[PlaceRef],
    employers: Sequence[EmployerRecord],
    taken: set[int],
) -> list[PlaceRef]:
    by_id = {community.id: community for community in communities}
    hosts = list(dict.fromkeys(e.community_id for e in employers if e.kind in _FACTORY_KINDS))
    rng.shuffle(hosts)
    hosting = set(hosts)
    preferred = [by_id[c] for c in hosts if c not in taken]
    rest = [c for c in communities if c.id not in taken and c.id not in hosting]
    rng.shuffle(rest)
    return (preferred + rest + [by_id[c] for c in hosts if c in taken])[:count]


def generate_stations(
    rng: random.Random,
    *,
    towns: Sequence[PlaceRef],
    communities: Sequence[PlaceRef],
    employers: Sequence[EmployerRecord],
    service_stations: int,
    gig_stations: int,
    reference: datetime,
) -> list[StationRecord]:
    """One window per town, then ``service_stations`` and ``gig_stations`` in communities."""
    by_town: dict[int, list[PlaceRef]] = {}
    for community in communities:
        by_town.setdefault(community.subdistrict_id or 0, []).append(community)
    stations = _windows(rng, towns, by_town, reference)
    service = _service_sites(rng, service_stations, by_town)
    stations += [
        _station(
            rng, community, code=f"SS{n:04d}", kind=StationKind.service_station, reference=reference
        )
        for n, community in enumerate(service, start=1)
    ]
    gig = _gig_sites(rng, gig_stations, communities, employers, {c.id for c in service})
    stations += [
        _station(
            rng, community, code=f"GS{n:04d}", kind=StationKind.gig_station, reference=reference
        )
        for n, community in enumerate(gig, start=1)
    ]
    return stations
