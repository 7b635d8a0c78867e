r"""Every (posting, seeker) pair that may be within reach, for many postings at once.

``ReachGrid`` puts a chosen set of seeker rows (say, the eligible seekers of a
station) into cells of ``cell_km`` (1 km), each cell's rows ordered by travel limit,
longest first, like ``spatial.SpatialGrid``; it is built from the index's public
arrays in a few milliseconds, so it always reflects the index as it is now
(pending rows included).

For a batch of postings, ``ReachGrid.pairs`` computes, for every (posting, cell), the
lower bound on the road distance of ``spatial.SpatialGrid.min_km`` (vectorised over
both), keeps the seekers of the cell whose travel limit reaches that far (a prefix
of the cell; every seeker of the cell when the bound is within the posting's
``free_km``, the take-home pick-up radius) and returns the pairs. The result is a
superset of the pairs that pass the distance filter (``seeker_scan.eligible_rows``);
the caller applies the exact filters.

Examples
--------
>>> lat = np.array([36.0, 36.0, 36.5], np.float32)
>>> lon = np.array([116.0, 116.001, 116.0], np.float32)
>>> grid = ReachGrid(np.arange(3), lat, lon, np.array([300, 0, 100], np.uint16))
>>> where, position = grid.pairs(np.array([36.0]), np.array([116.0]), free_km=0.0,
...                              road_factor=1.3)
>>> sorted(grid.rows[position].tolist())  # the far seeker cannot reach
[0, 1]
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.factors import EARTH_RADIUS_KM
from matching.engine.spatial import CELL_KM, KM_PER_DEGREE, expand_ranges

__all__ = ["ReachGrid"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_STEPS: Final = 1 << 16  # travel limits are uint16 steps of 10 m
_DEG: Final = math.pi / 180
_SLACK: Final = 1 - 1e-9


class ReachGrid:
    """Seeker rows bucketed by ~1 km cell, each cell ordered by travel limit, longest first.

    Parameters
    ----------
    rows : array of int
        The index rows to put in the grid.
    lat, lon : array of float32
        Their stored coordinates (``SeekerArrays.lat`` / ``lon`` at ``rows``).
    max_km_steps : array of uint16
        Their travel limits in 10 m steps (``SeekerArrays.max_km`` at ``rows``).
    cell_km : float
        Cell size.

    Attributes
    ----------
    rows : ndarray of int64
        The rows in grid order; ``pairs`` returns positions into it.
    """

    def __init__(
        self,
        rows: npt.ArrayLike,
        lat: npt.NDArray[np.float32],
        lon: npt.NDArray[np.float32],
        max_km_steps: npt.NDArray[np.uint16],
        *,
        cell_km: float = CELL_KM,
    ) -> None:
        given = np.asarray(rows, dtype=np.int64)
        lat64, lon64 = lat.astype(np.float64), lon.astype(np.float64)
        reference = float(np.median(lat64)) if lat64.size else 0.0
        self._dlat = cell_km / KM_PER_DEGREE
        self._dlon = cell_km / (KM_PER_DEGREE * max(math.cos(math.radians(reference)), 0.05))
        i = np.floor(lat64 / self._dlat).astype(np.int64)
        j = np.floor(lon64 / self._dlon).astype(np.int64)
        keys, cell = np.unique((i << 32) + (j + (1 << 31)), return_inverse=True)
        cell = cell.reshape(-1)
        steps = max_km_steps.astype(np.int64)
        order = np.lexsort((given, -steps, cell))
        self.rows: I64 = given[order]
        self._cell_i = keys >> 32
        self._cell_j = (keys & 0xFFFFFFFF) - (1 << 31)
        counts = np.bincount(cell, minlength=keys.size)
        self._starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._sorted_keys = cell[order] * _STEPS + (_STEPS - 1 - steps[order])
        self._longest = steps[order][self._starts[:-1]] if keys.size else steps[:0]
        self._rows = np.unique(self._cell_i, return_inverse=True)
        self._cols = np.unique(self._cell_j, return_inverse=True)

    def __len__(self) -> int:
        return int(self.rows.size)

    @property
    def n_cells(self) -> int:
        """Number of non-empty cells."""
        return int(self._cell_i.size)

    def min_km(self, lat: F64, lon: F64, *, road_factor: float) -> F64:
        """Return ``[posting, cell]`` lower bounds on the road km to any point of the cell.

        With ``Δφ``, ``Δλ`` the smallest latitude and longitude gaps (radians) to the
        cell and ``c = cos φ_p · cos φ_far`` (``φ_far``: the cell's latitude farthest
        from the equator), the haversine formula gives ``hav(d) >= hav(Δφ) + c·hav(Δλ)``;
        with ``sin x >= x (1 - x²/6)`` and ``asin y >= y`` that is

            ``d >= sqrt((Δφ (1 - Δφ²/24))² + c (Δλ (1 - Δλ²/24))²)``

        (in radians; times ``R · road_factor`` for road km). Arithmetic only, separable
        into a latitude part per cell row and a longitude part per cell column.
        """
        plat, plon = lat[:, None], lon[:, None]
        rows, row_of = self._rows
        cols, col_of = self._cols
        lat_lo, lat_hi = rows * self._dlat, (rows + 1) * self._dlat
        dphi = np.maximum(0.0, np.maximum(lat_lo - plat, plat - lat_hi)) * _DEG
        far = np.minimum(np.maximum(np.abs(lat_lo), np.abs(lat_hi)), 90.0) * _DEG
        squeeze = np.maximum(0.0, np.cos(plat * _DEG) * np.cos(far))
        gap = np.abs(np.mod(plon - (cols + 0.5) * self._dlon + 180.0, 360.0) - 180.0)
        dlmb = np.minimum(np.maximum(0.0, gap - self._dlon / 2), 180.0) * _DEG
        north = np.square(dphi * np.maximum(0.0, 1 - dphi * dphi / 24))
        east = np.square(dlmb * np.maximum(0.0, 1 - dlmb * dlmb / 24))
        radians = np.sqrt(north[:, row_of] + squeeze[:, row_of] * east[:, col_of])
        bound: F64 = radians * (EARTH_RADIUS_KM * road_factor * _SLACK)
        return bound

    def ranges(
        self, lat: F64, lon: F64, *, free_km: float, road_factor: float
    ) -> tuple[I64, I64, I64]:
        """Return ``(posting, start, end)``: position ranges that may be within reach.

        Parameters
        ----------
        lat, lon : array of float
            The postings' (quantised) coordinates.
        free_km : float
            The road distance within which every seeker qualifies whatever its travel
            limit (the take-home radius for take-home work, else 0).
        road_factor : float
            ``TravelModel.road_factor``.

        Returns
        -------
        posting : ndarray of int64
            Index into the given postings, ascending.
        start, end : ndarray of int64
            Half-open ranges of positions in ``rows``, ascending within a posting.
        """
        if not self.n_cells or not lat.size:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty
        km = self.min_km(lat, lon, road_factor=road_factor)
        reach = np.maximum((self._longest + 1) / 100, free_km)
        posting, cell = np.nonzero(km <= reach)
        km = km[posting, cell]
        need = np.floor(km * 100).astype(np.int64)
        probe = cell * _STEPS + (_STEPS - 1 - np.minimum(need, _STEPS - 1))
        start = self._starts[cell]
        end = np.where(
            km <= free_km,
            self._starts[cell + 1],
            np.searchsorted(self._sorted_keys, probe, side="right"),
        )
        return posting.astype(np.int64), start, end

    def pairs(self, lat: F64, lon: F64, *, free_km: float, road_factor: float) -> tuple[I64, I64]:
        """Return ``(posting, position)`` of every pair in ``ranges``, expanded."""
        posting, start, end = self.ranges(lat, lon, free_km=free_km, road_factor=road_factor)
        return np.repeat(posting, end - start), expand_ranges(start, end)
