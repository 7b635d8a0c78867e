"""A grid of ~1 km cells over the seekers, for finding everyone a posting could reach.

At each rebuild the ``SeekerIndex`` orders its rows by grid cell, and within a cell
by travel limit, longest first. A cell is then a contiguous range of rows, and the
seekers of a cell who travel at least ``x`` km are a prefix of that range.

For a posting, ``reachable_ranges`` returns the row ranges that may hold an
eligible seeker: for every cell, a lower bound on the road distance from the posting
to any point of the cell,

    ``road_factor · R · max(Δφ, 2·asin(√(cos φ_p · cos φ_far) · sin(Δλ / 2)))``

(``Δφ``, ``Δλ``: smallest latitude and longitude gaps to the cell; ``φ_far``: the
cell's latitude farthest from the equator), which follows from the haversine
formula; a seeker can only be eligible if its travel limit reaches that far. The
prefix uses fixed thresholds (``THRESHOLDS_KM``), rounding down, so it may include a
few seekers too many but never misses one. Exact filtering happens afterwards.

Examples
--------
>>> lat = np.array([36.0, 36.0, 36.5], np.float32)
>>> lon = np.array([116.0, 116.001, 116.0], np.float32)
>>> order, grid = SpatialGrid.build(lat, lon, np.array([300, 0, 100], np.uint16))
>>> starts, ends = grid.reachable_ranges(36.0, 116.0, road_factor=1.3, free_km=0.0)
>>> int((ends - starts).sum())  # the far seeker cannot reach; the 0 km one is here
2
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.factors import EARTH_RADIUS_KM

__all__ = ["CELL_KM", "THRESHOLDS_KM", "SpatialGrid"]

CELL_KM: Final = 1.0
KM_PER_DEGREE: Final = EARTH_RADIUS_KM * math.pi / 180
THRESHOLDS_KM: Final = (0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50, 100)
_THRESHOLD_STEPS: Final = np.array([round(km * 100) for km in THRESHOLDS_KM], np.int64)

I64 = npt.NDArray[np.int64]


class SpatialGrid:
    """Cells of rows ordered by cell, each cell's rows by travel limit, longest first.

    Build it with ``SpatialGrid.build``, which also returns the row order to apply.
    """

    __slots__ = ("_at_least", "_cell_i", "_cell_j", "_dlat", "_dlon", "_starts")

    def __init__(
        self,
        dlat: float,
        dlon: float,
        cell_i: I64,
        cell_j: I64,
        starts: I64,
        at_least: npt.NDArray[np.int32],
    ) -> None:
        self._dlat, self._dlon = dlat, dlon
        self._cell_i, self._cell_j = cell_i, cell_j
        self._starts = starts
        self._at_least = at_least

    @classmethod
    def build(
        cls,
        lat: npt.NDArray[np.float32],
        lon: npt.NDArray[np.float32],
        max_km_steps: npt.NDArray[np.uint16],
        *,
        ties: npt.NDArray[np.integer] | None = None,
        cell_km: float = CELL_KM,
    ) -> tuple[I64, SpatialGrid]:
        """Return ``(order, grid)``: rows sorted by cell then limit descending, and the grid.

        ``max_km_steps`` are travel limits in 10 m steps; remaining ties are broken by
        ``ties`` (e.g. ids), else by position.
        """
        reference = float(np.median(lat)) if lat.size else 0.0
        dlat = cell_km / KM_PER_DEGREE
        dlon = cell_km / (KM_PER_DEGREE * max(math.cos(math.radians(reference)), 0.05))
        i = np.floor(lat.astype(np.float64) / dlat).astype(np.int64)
        j = np.floor(lon.astype(np.float64) / dlon).astype(np.int64)
        key = (i << 32) + (j + (1 << 31))
        steps = max_km_steps.astype(np.int64)
        tie = np.arange(lat.size) if ties is None else ties
        order = np.lexsort((tie, -steps, key))
        key, steps = key[order], steps[order]
        first = np.flatnonzero(np.concatenate(([key.size > 0], key[1:] != key[:-1])))
        starts = np.concatenate((first, [key.size])).astype(np.int64)
        cell = np.repeat(np.arange(first.size), np.diff(starts))
        column = np.searchsorted(_THRESHOLD_STEPS, steps, side="right") - 1
        width = _THRESHOLD_STEPS.size
        histogram = np.bincount(cell * width + column, minlength=first.size * width)
        at_least = np.cumsum(histogram.reshape(-1, width)[:, ::-1], axis=1)[:, ::-1]
        cells = key[first]
        grid = cls(
            dlat, dlon, cells >> 32, (cells & 0xFFFFFFFF) - (1 << 31), starts,
            at_least.astype(np.int32),
        )  # fmt: skip
        return order.astype(np.int64), grid

    @property
    def n_cells(self) -> int:
        """Number of non-empty cells."""
        return int(self._cell_i.size)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        arrays = (self._cell_i, self._cell_j, self._starts, self._at_least)
        return sum(int(a.nbytes) for a in arrays)

    def min_km(self, lat: float, lon: float, *, road_factor: float) -> npt.NDArray[np.float64]:
        """Return, per cell, a lower bound on the road km from ``(lat, lon)`` to the cell."""
        deg = math.pi / 180
        lat_lo, lat_hi = self._cell_i * self._dlat, (self._cell_i + 1) * self._dlat
        dphi = np.maximum(0.0, np.maximum(lat_lo - lat, lat - lat_hi)) * deg
        lon_lo = self._cell_j * self._dlon
        east = np.mod(lon_lo - lon, 360.0)
        west = np.mod(lon - (lon_lo + self._dlon), 360.0)
        inside = np.mod(lon - lon_lo, 360.0) <= self._dlon
        dlmb = np.where(inside, 0.0, np.minimum(np.minimum(east, west), 180.0)) * deg
        far = np.minimum(np.maximum(np.abs(lat_lo), np.abs(lat_hi)), 90.0) * deg
        scale = np.sqrt(np.maximum(0.0, math.cos(lat * deg) * np.cos(far)))
        across = 2 * np.arcsin(np.minimum(1.0, scale * np.sin(dlmb / 2)))
        bound: npt.NDArray[np.float64] = np.maximum(dphi, across) * EARTH_RADIUS_KM
        return bound * road_factor * (1 - 1e-9)

    def reachable_ranges(
        self,
        lat: float,
        lon: float,
        *,
        road_factor: float,
        free_km: float,
        radius_km: float | None = None,
    ) -> tuple[I64, I64]:
        """Return ``(starts, ends)`` of the row ranges that may hold an eligible seeker.

        A seeker qualifies when its travel limit reaches the cell, or when the cell is
        within ``free_km`` (take-home pick-up radius: every seeker there qualifies);
        cells beyond ``radius_km`` are skipped.
        """
        km = self.min_km(lat, lon, road_factor=road_factor)
        needed = np.floor(km * 100).astype(np.int64)
        column = np.searchsorted(_THRESHOLD_STEPS, needed, side="right") - 1
        count = self._at_least[np.arange(km.size), column]
        count = np.where(km <= free_km, self._starts[1:] - self._starts[:-1], count)
        if radius_km is not None:
            count = np.where(km <= radius_km, count, 0)
        keep = np.flatnonzero(count)
        return self._starts[keep], self._starts[keep] + count[keep]

    def cover(self, starts: I64) -> tuple[I64, I64]:
        """Return few ranges of whole cells covering the ranges that begin at ``starts``.

        Adjacent cells merge into one range; the result may include rows outside the
        given ranges (the rest of each cell), which suits marking dense arrays.
        """
        cells = np.searchsorted(self._starts, starts)
        if not cells.size:
            return cells, cells
        breaks = np.flatnonzero(np.diff(cells) != 1) + 1
        first = cells[np.concatenate(([0], breaks))]
        last = cells[np.concatenate((breaks - 1, [cells.size - 1]))]
        return self._starts[first], self._starts[last + 1]


def expand_ranges(starts: I64, ends: I64) -> I64:
    """Return every row in the half-open ranges, in order.

    Examples
    --------
    >>> expand_ranges(np.array([2, 7]), np.array([4, 8])).tolist()
    [2, 3, 7]
    """
    lengths = ends - starts
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)
