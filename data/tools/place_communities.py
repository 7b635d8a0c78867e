"""Place the towns and communities of 肥城市 at approximate coordinates.

There are no open coordinates for township- or village-level units of 肥城市,
so this script invents *plausible* points inside the county boundary
(``data/feicheng/boundary.geojson``). Every row it writes is marked
``location_approximate=true``; administrators may correct any point by hand.

Method (stdlib only, deterministic, no network):

1. Towns. The four 街道 (新城, 老城, 王瓜店, 仪阳) are fixed close together near
   the polygon centroid (~116.73 E, 36.11 N) as the urban core. Each 镇 starts
   from a rough hint for its part of the county (west, north-east, south, ...)
   and is then relaxed with Lloyd's algorithm over a regular grid of points
   inside the boundary (the urban core stays fixed), so the 镇 end up spread
   evenly, each at the centre of its own part of the territory.
2. Communities. Each community is drawn around its town point with a random
   generator seeded from a fixed seed plus the community code (so a point does
   not move when other rows change): 社区/居委会 within ~1.5-2 km, villages
   farther out in proportion to the size of the town's part. A point is kept
   only if it lies inside the boundary (own ray-casting point-in-polygon test)
   and in its town's part (the nearest town point is its own; for the urban
   core any of the four 街道 counts).

Run from the repository root::

    python data/tools/place_communities.py

It rewrites ``data/feicheng/towns.csv`` and ``data/feicheng/communities.csv``
in place, keeping the original columns and row order and (re)setting the
columns ``lat``, ``lon`` and ``location_approximate``. Rows an administrator has
corrected (``location_approximate=false``) are kept as they are; a corrected
town point is also used as a fixed point when placing the other towns.
"""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "feicheng"
TOWNS_CSV = DATA / "towns.csv"
COMMUNITIES_CSV = DATA / "communities.csv"
BOUNDARY = DATA / "boundary.geojson"

SEED = "feicheng-2024"
ADDED = ("lat", "lon", "location_approximate")

# Urban core (街道), fixed: (lon, lat), within ~3 km of each other.
URBAN: dict[str, tuple[float, float]] = {
    "370983001": (116.733, 36.112),  # 新城街道
    "370983002": (116.718, 36.103),  # 老城街道
    "370983003": (116.750, 36.124),  # 王瓜店街道
    "370983004": (116.743, 36.094),  # 仪阳街道
}
# Starting hints for the 镇 (rough part of the county), refined by Lloyd's algorithm.
TOWN_HINTS: dict[str, tuple[float, float]] = {
    "370983101": (116.82, 36.26),  # 潮泉镇  north-east
    "370983103": (116.84, 36.15),  # 桃园镇  east
    "370983104": (116.86, 36.05),  # 王庄镇  south-east, north of 安驾庄
    "370983105": (116.62, 36.14),  # 湖屯镇  west of the core
    "370983106": (116.52, 36.21),  # 石横镇  far west
    "370983107": (116.62, 36.27),  # 安临站镇 north-west
    "370983108": (116.72, 36.25),  # 孙伯镇  north
    "370983109": (116.90, 35.99),  # 安驾庄镇 south-east
    "370983111": (116.68, 36.02),  # 边院镇  south-west
    "370983113": (116.75, 35.93),  # 汶阳镇  south
}

GRID_STEP = 0.004  # degrees, ~400 m
LLOYD_ITERATIONS = 60
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32


# --- geometry ---------------------------------------------------------------


def load_rings(path: Path) -> list[list[tuple[float, float]]]:
    """All rings (outer and holes) of all (Multi)Polygons, as (lon, lat) lists."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    features = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    rings: list[list[tuple[float, float]]] = []
    for feature in features:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                rings.append([(float(x), float(y)) for x, y in ring])
    return rings


def inside(lon: float, lat: float, rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd ray casting over all rings (holes subtract, parts add)."""
    hit = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % n]
            if (y1 > lat) != (y2 > lat):
                x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
                if lon < x_cross:
                    hit = not hit
    return hit


class Projection:
    """Local equirectangular projection in km around a reference point."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0 = lon0
        self.lat0 = lat0
        self.kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
        self.ky = KM_PER_DEG_LAT

    def to_km(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky

    def to_deg(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self.kx, self.lat0 + y / self.ky


def grid_points(rings: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    points = []
    nx = int((max(xs) - min(xs)) / GRID_STEP) + 1
    ny = int((max(ys) - min(ys)) / GRID_STEP) + 1
    for j in range(ny):
        lat = min(ys) + (j + 0.5) * GRID_STEP
        for i in range(nx):
            lon = min(xs) + (i + 0.5) * GRID_STEP
            if inside(lon, lat, rings):
                points.append((lon, lat))
    return points


def nearest(p: tuple[float, float], sites: dict[str, tuple[float, float]]) -> str:
    return min(sites, key=lambda k: (p[0] - sites[k][0]) ** 2 + (p[1] - sites[k][1]) ** 2)


# --- placement --------------------------------------------------------------


def place_towns(
    grid_km: list[tuple[float, float]],
    proj: Projection,
    fixed: dict[str, tuple[float, float]],
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Return town points (km) and the area (km²) of each town's part.

    ``fixed`` holds (lon, lat) of towns an administrator has corrected; they stay put.
    """
    start = {**URBAN, **TOWN_HINTS, **fixed}
    sites = {code: proj.to_km(*p) for code, p in start.items()}
    movable = [code for code in TOWN_HINTS if code not in fixed]
    cells: dict[str, list[tuple[float, float]]] = {}
    for _ in range(LLOYD_ITERATIONS):
        cells = {code: [] for code in sites}
        for p in grid_km:
            cells[nearest(p, sites)].append(p)
        for code in movable:
            cell = cells[code]
            cx = sum(p[0] for p in cell) / len(cell)
            cy = sum(p[1] for p in cell) / len(cell)
            # The centroid of a non-convex cell can fall outside: snap to the cell.
            sites[code] = min(cell, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    cell_km2 = (GRID_STEP * proj.kx) * (GRID_STEP * proj.ky)
    areas = {code: len(cells[code]) * cell_km2 for code in sites}
    return sites, areas


def is_compact(name: str) -> bool:
    """Urban neighbourhoods (社区, 居委会) sit close to the town seat."""
    return "社区" in name or name.endswith("居委会")


def place_community(
    code: str,
    name: str,
    town: str,
    sites: dict[str, tuple[float, float]],
    areas: dict[str, float],
    proj: Projection,
    rings: list[list[tuple[float, float]]],
) -> tuple[float, float]:
    rng = random.Random(f"{SEED}-{code}")
    urban = town in URBAN
    if is_compact(name):
        radius = 2.0 if urban else 1.5
    elif urban:
        radius = 4.0
    else:
        radius = min(9.0, max(3.0, 0.85 * math.sqrt(areas[town] / math.pi)))
    tx, ty = sites[town]
    for attempt in range(2000):
        r = radius * (1.0 + attempt // 500) * math.sqrt(0.02 + 0.98 * rng.random())
        a = rng.uniform(0.0, 2.0 * math.pi)
        x, y = tx + r * math.cos(a), ty + r * math.sin(a)
        lon, lat = proj.to_deg(x, y)
        if not inside(lon, lat, rings):
            continue
        owner = nearest((x, y), sites)
        if owner == town or (urban and owner in URBAN):
            return lon, lat
    raise RuntimeError(f"could not place community {code} {name}")


# --- csv --------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = [c for c in (reader.fieldnames or []) if c not in ADDED]
        rows = list(reader)
    return fields, rows


def write_rows(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[*fields, *ADDED], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def corrected(row: dict[str, str]) -> tuple[float, float] | None:
    """(lon, lat) of a row an administrator has corrected (location_approximate=false)."""
    if (row.get("location_approximate") or "").strip().lower() != "false":
        return None
    try:
        return float(row["lon"]), float(row["lat"])
    except (KeyError, TypeError, ValueError):
        return None


def fmt(lon: float, lat: float) -> dict[str, str]:
    return {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "location_approximate": "true"}


def main() -> None:
    rings = load_rings(BOUNDARY)
    grid = grid_points(rings)
    proj = Projection(116.73, 36.11)
    grid_km = [proj.to_km(*p) for p in grid]
    town_fields, towns = read_rows(TOWNS_CSV)
    fixed = {row["code"]: p for row in towns if (p := corrected(row)) is not None}
    sites, areas = place_towns(grid_km, proj, fixed)

    for row in towns:
        if row["code"] in fixed:
            continue
        lon, lat = proj.to_deg(*sites[row["code"]])
        if not inside(lon, lat, rings):
            raise RuntimeError(f"town {row['code']} outside the boundary")
        row.update(fmt(lon, lat))
    write_rows(TOWNS_CSV, town_fields, towns)

    com_fields, communities = read_rows(COMMUNITIES_CSV)
    for row in communities:
        if corrected(row) is not None:
            continue
        lon, lat = place_community(
            row["code"], row["name"], row["town_code"], sites, areas, proj, rings
        )
        row.update(fmt(lon, lat))
    write_rows(COMMUNITIES_CSV, com_fields, communities)

    for row in towns:
        print(
            f"{row['code']} {row['name']:<6} {row['lon']} {row['lat']}"
            f"  part ≈ {areas[row['code']]:.0f} km²"
        )
    kept = sum(corrected(row) is not None for row in communities) + len(fixed)
    print(f"{len(towns)} towns, {len(communities)} communities; {kept} corrected rows kept.")


if __name__ == "__main__":
    main()
