"""Points, distances, short place names and street addresses for the demo city."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable

from matching.demo.records import PlaceRef

__all__ = [
    "community_label",
    "distance_km",
    "home_address",
    "jitter",
    "nearest",
    "town_label",
]

_METRES_PER_DEGREE = 111_320.0
_STREET_NAMES = ("中心街", "前街", "后街", "东街", "西街", "南街", "北街", "幸福路", "新华街")


def jitter(rng: random.Random, lat: float, lon: float, *, radius_m: float) -> tuple[float, float]:
    """Return a point drawn uniformly from the disc of ``radius_m`` around ``(lat, lon)``."""
    distance = radius_m * math.sqrt(rng.random())
    bearing = rng.random() * 2 * math.pi
    dlat = distance * math.cos(bearing) / _METRES_PER_DEGREE
    dlon = distance * math.sin(bearing) / (_METRES_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def nearest(place: PlaceRef, candidates: Iterable[PlaceRef]) -> PlaceRef:
    """The candidate closest to ``place`` (the first one on ties)."""
    return min(
        candidates, key=lambda other: distance_km(place.lat, place.lon, other.lat, other.lon)
    )


def community_label(community: PlaceRef) -> str:
    """Everyday name of a community: 河西社区居委会 -> 河西社区, 沙沟村委会 -> 沙沟村."""
    name = community.name
    for suffix, replacement in (
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
        ("村民委员会", "村"),
        ("村委会", "村"),
    ):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith(replacement) else stem + replacement
    return name


def town_label(town: PlaceRef) -> str:
    """The town's name as used in addresses (新城街道, 桃园镇)."""
    return town.name


def home_address(rng: random.Random, community: PlaceRef) -> str:
    """A plausible home address inside ``community`` (building/unit/flat or village street)."""
    label = community_label(community)
    if label.endswith("村"):
        return f"{label}{rng.choice(_STREET_NAMES)}{rng.randint(1, 120)}号"
    building, unit = rng.randint(1, 28), rng.randint(1, 4)
    floor, flat = rng.randint(1, 6 if building > 12 else 18), rng.randint(1, 2)
    return f"{label}{building}号楼{unit}单元{floor}0{flat}"
