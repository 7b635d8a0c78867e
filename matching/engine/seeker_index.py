"""All rankable seekers in memory as a structure of arrays (no Python object per seeker).

Layout (``seeker_columns.SeekerArrays``): 70 bytes of fixed columns per seeker,
5 bytes of skill-segment pointer, 4 bytes of id permutation, 2 bytes per skill in the
forward pool and 4 bytes per skill in the inverted ``SkillLists``, plus the grid's
per-cell counts (about 1 byte per seeker): 80 + 6 per skill, so 95 bytes at the
synthetic mean of 2.4 skills and 98 with three.

Row order. At each rebuild the rows are sorted by ``spatial.SpatialGrid`` cell (then
travel limit, longest first; then id), so a cell is a contiguous range of rows and
every inverted list, sorted by row, is sorted by cell too: ranking cuts the lists
down to the reachable cells with a binary search. ``_id_order`` (the permutation
that sorts the ids) finds a row by id.

Updates. ``upsert`` writes rows in place (existing ids) or appends them (new ids,
amortised growth); ``remove`` clears a row's present flag. Changed rows get the
``PENDING`` flag: the lists and the grid may be stale for them, so ranking always
scores them from their current values until the next rebuild. A rebuild happens
when pending rows exceed 1/128 of the index, the skill pool is half garbage or a
quarter of the rows are removed. A change is therefore rankable at once.

Not thread-safe for concurrent writes: guard ``upsert``/``remove`` with a lock that
also excludes ranking (reads may run concurrently with each other).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.records import PAY_UNITS, TRAVEL_MODES, SeekerRecord, unchecked_seeker
from matching.engine.seeker_columns import (
    CAREGIVER,
    DISABILITY,
    ELIGIBLE,
    HAS_MIN_PAY,
    HOMEBOUND,
    PENDING,
    PRESENT,
    RECENTLY_PLACED,
    SeekerArrays,
    SeekerColumns,
)
from matching.engine.skill_lists import SkillLists, gather_segments, pack_skills
from matching.engine.spatial import SpatialGrid

__all__ = ["SeekerIndex"]

_MIN_PENDING: Final = 512
_PENDING_SHARE: Final = 128
_OBJECT_BYTES: Final = 64  # rough cost of one dict/set entry with its int objects
_BISECT_SHARE: Final = 64
"""Look ids up by vectorised binary search when they are fewer than 1/64 of the rows."""

Rows = npt.NDArray[np.int64]


class _Dictionary:
    """Dense ``uint16`` codes for a small set of int values (communities, stations)."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self._codes: dict[int, int] = {}

    def encode(self, values: npt.NDArray[np.int64]) -> npt.NDArray[np.uint16]:
        unique, inverse = np.unique(values, return_inverse=True)
        for value in unique.tolist():
            if value not in self._codes:
                self._codes[value] = len(self.values)
                self.values.append(value)
        if len(self.values) > 65536:
            raise ValueError("at most 65536 distinct community or station ids are supported")
        codes = np.array([self._codes[v] for v in unique.tolist()], dtype=np.uint16)
        return codes[inverse.reshape(-1)]

    def mask(self, values: Iterable[int]) -> npt.NDArray[np.bool_]:
        """Return a boolean array over codes, True for the given values."""
        mask = np.zeros(max(1, len(self.values)), dtype=np.bool_)
        for value in values:
            code = self._codes.get(value)
            if code is not None:
                mask[code] = True
        return mask

    @property
    def nbytes(self) -> int:
        return sys.getsizeof(self.values) + _OBJECT_BYTES * len(self.values)


class SeekerIndex:
    """An updatable, compact in-memory index of seekers for ranking.

    Parameters
    ----------
    n_skills : int
        Size of the skill taxonomy (skill indices are ``0 .. n_skills - 1``).

    Examples
    --------
    >>> rec = SeekerRecord(id=7, lat=36.18, lon=116.77, max_travel_km=2.5,
    ...     travel_mode="walk", homebound=False, caregiver=False, disability=False,
    ...     age=50, availability=0, min_pay_yuan=18.5, min_pay_unit="hour",
    ...     skills=((3, 2),), eligible=True, community_id=11, station_id=4)
    >>> index = SeekerIndex.from_records([rec], n_skills=10)
    >>> len(index), 7 in index
    (1, True)
    >>> stored = index.record(7)
    >>> stored.max_travel_km, stored.skills, stored.lat == rec.lat
    (2.5, ((3, 2),), False)
    >>> index.remove([7]), len(index)
    (1, 0)
    """

    def __init__(self, *, n_skills: int) -> None:
        self.n_skills = n_skills
        self._n = 0
        self._n_main = 0
        self._store = SeekerArrays.encode(
            SeekerColumns.from_records([]), np.zeros(0, np.uint16), np.zeros(0, np.uint16)
        )
        self._id_order = np.zeros(0, np.int32)
        self._pool = np.zeros(0, np.uint16)
        self._pool_used = 0
        self._garbage = 0
        self._absent = 0
        self._tail: dict[int, int] = {}
        self._pending: set[int] = set()
        self._pending_rows: Rows | None = None
        self._lists = SkillLists.empty(n_skills)
        self._grid = SpatialGrid.build(*self._spatial_keys())[1]
        self._communities = _Dictionary()
        self._stations = _Dictionary()

    # -- construction and updates ----------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[SeekerRecord], *, n_skills: int) -> SeekerIndex:
        """Build an index from records (the last record wins for a repeated id)."""
        latest = {record.id: record for record in records}
        return cls.from_columns(
            SeekerColumns.from_records(list(latest.values())), n_skills=n_skills
        )

    @classmethod
    def from_columns(cls, columns: SeekerColumns, *, n_skills: int) -> SeekerIndex:
        """Build an index from columns (ids must be unique); the fast bulk path."""
        columns.validate(n_skills)
        index = cls(n_skills=n_skills)
        index._store = SeekerArrays.encode(
            columns,
            index._communities.encode(columns.community_id),
            index._stations.encode(columns.station_id),
        )
        index._store.skill_start = columns.skill_indptr[:-1].astype(np.int32)
        index._pool = pack_skills(columns.skill_index, columns.skill_level)
        index._pool_used, index._n = int(index._pool.size), len(columns)
        index._rebuild(compact=False)
        return index

    def upsert(self, records: Iterable[SeekerRecord]) -> None:
        """Insert new seekers and overwrite existing ones (matched by id)."""
        latest = {record.id: record for record in records}
        if latest:
            self.upsert_columns(SeekerColumns.from_records(list(latest.values())))

    def upsert_columns(self, columns: SeekerColumns) -> None:
        """Insert or overwrite the seekers in ``columns`` (ids unique within it)."""
        columns.validate(self.n_skills)
        if not len(columns):
            return
        encoded = SeekerArrays.encode(
            columns,
            self._communities.encode(columns.community_id),
            self._stations.encode(columns.station_id),
        )
        encoded.flags |= np.uint8(PENDING)
        encoded.skill_start = (self._pool_used + columns.skill_indptr[:-1]).astype(np.int32)
        self._append_pool(pack_skills(columns.skill_index, columns.skill_level))
        rows = self.find_rows(columns.ids)
        old = rows >= 0
        if old.any():
            old_rows = rows[old]
            self._garbage += int(self._store.skill_count[old_rows].sum(dtype=np.int64))
            self._absent -= int(np.count_nonzero(self._store.flags[old_rows] & PRESENT == 0))
            self._store.assign(old_rows, encoded.map(lambda a: a[old]))
        new = ~old
        if new.any():
            rows[new] = self._append_rows(encoded.map(lambda a: a[new]))
        self._pending.update(rows.tolist())
        self._pending_rows = None
        self._maybe_rebuild()

    def remove(self, ids: Iterable[int]) -> int:
        """Hide the given seekers from ranking; return how many were present."""
        rows = self.find_rows(np.fromiter(ids, dtype=np.int64))
        rows = np.unique(rows[rows >= 0])
        rows = rows[(self._store.flags[rows] & PRESENT) != 0]
        self._store.flags[rows] &= np.uint8(~PRESENT & 0xFF)
        self._absent += int(rows.size)
        self._maybe_rebuild()
        return int(rows.size)

    # -- reading ------------------------------------------------------------

    def __len__(self) -> int:
        return self._n - self._absent

    def __contains__(self, seeker_id: object) -> bool:
        if not isinstance(seeker_id, int | np.integer):
            return False
        row = int(self.find_rows([int(seeker_id)])[0])
        return row >= 0 and bool(self._store.flags[row] & PRESENT)

    @property
    def ids(self) -> npt.NDArray[np.int64]:
        """Ids of the present seekers, ascending."""
        view = self.arrays()
        return np.sort(view.ids[(view.flags & PRESENT) != 0].astype(np.int64))

    @property
    def nbytes(self) -> int:
        """Bytes held: every array (at capacity) plus bookkeeping estimates."""
        overhead = _OBJECT_BYTES * (len(self._tail) + len(self._pending))
        arrays = self._store.nbytes + self._pool.nbytes + self._id_order.nbytes
        small = self._communities.nbytes + self._stations.nbytes + self._grid.nbytes
        return int(arrays) + self._lists.nbytes + small + overhead

    def record(self, seeker_id: int) -> SeekerRecord:
        """Return the stored seeker (values at storage precision); KeyError if absent."""
        row = int(self.find_rows([seeker_id])[0])
        if row < 0 or not self._store.flags[row] & PRESENT:
            raise KeyError(seeker_id)
        return self.records_at(np.array([row]))[0]

    def skills(self, seeker_ids: Sequence[int]) -> list[tuple[tuple[int, int], ...]]:
        """The ``(skill, level)`` pairs of each seeker, in the order given (as ``record``
        gives them); KeyError if one is absent. Reads only the skill segments."""
        rows = self.find_rows(np.asarray(seeker_ids, dtype=np.int64))
        missing = (rows < 0) | ((self._store.flags[np.maximum(rows, 0)] & PRESENT) == 0)
        if missing.any():
            raise KeyError(int(np.asarray(seeker_ids)[np.argmax(missing)]))
        _owner, packed = self.skill_entries(rows)
        pairs = list(zip((packed >> 2).tolist(), (packed & 3).tolist(), strict=True))
        ends = np.cumsum(self._store.skill_count[rows], dtype=np.int64).tolist()
        starts = [0, *ends[:-1]] if ends else []
        return [tuple(pairs[start:end]) for start, end in zip(starts, ends, strict=True)]

    # -- engine internals -----------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Rows in use, including removed ones (ranking filters on the present flag)."""
        return self._n

    @property
    def lists(self) -> SkillLists:
        """The inverted skill lists (stale for pending rows)."""
        return self._lists

    @property
    def grid(self) -> SpatialGrid:
        """The spatial grid over the rows built at the last rebuild (not pending rows)."""
        return self._grid

    def arrays(self) -> SeekerArrays:
        """Return views of the used rows of every array."""
        n = self._n
        return self._store.map(lambda a: a[:n])

    def pending_rows(self) -> Rows:
        """Rows changed since the last rebuild, ascending."""
        if self._pending_rows is None:
            self._pending_rows = np.array(sorted(self._pending), dtype=np.int64)
        return self._pending_rows

    def skill_entries(self, rows: Rows) -> tuple[Rows, npt.NDArray[np.uint16]]:
        """Return ``(owner, packed)`` skill entries of ``rows``; owner indexes ``rows``."""
        return gather_segments(
            self._pool, self._store.skill_start[rows], self._store.skill_count[rows]
        )

    def community_ids(self) -> tuple[int, ...]:
        """Every community id a seeker of the index has (or had) lived in."""
        return tuple(self._communities.values)

    def community_mask(self, community_ids: Iterable[int]) -> npt.NDArray[np.bool_]:
        """Return a boolean array over community codes, True for the given ids."""
        return self._communities.mask(community_ids)

    def find_rows(self, ids: npt.ArrayLike) -> Rows:
        """Return the row of each id, -1 where unknown (removed rows are still found)."""
        query = np.asarray(ids, dtype=np.int64).reshape(-1)
        rows = self._main_rows(query)
        if self._tail:
            for i in np.flatnonzero(rows < 0).tolist():
                rows[i] = self._tail.get(int(query[i]), -1)
        return rows

    def _main_rows(self, query: Rows) -> Rows:
        n, ids, order = self._n_main, self._store.ids, self._id_order
        if n == 0:
            return np.full(query.size, -1, np.int64)
        if query.size * _BISECT_SHARE < n:
            # Few ids: binary-search all of them at once through ``order`` (about
            # log2(n) small vector steps) rather than gathering the sorted ids.
            lo = np.zeros(query.size, np.int64)
            hi = np.full(query.size, n, np.int64)
            for _ in range(n.bit_length()):
                mid = (lo + hi) >> 1
                below = ids[order[np.minimum(mid, n - 1)]] < query
                searching = lo < hi
                lo = np.where(searching & below, mid + 1, lo)
                hi = np.where(searching & ~below, mid, hi)
            pos = lo
            clipped = np.minimum(pos, n - 1)
            found = (pos < n) & (ids[order[clipped]] == query)
        else:
            sorted_ids = ids[order]
            pos = np.searchsorted(sorted_ids, query)
            clipped = np.minimum(pos, n - 1)
            found = (pos < n) & (sorted_ids[clipped] == query)
        return np.where(found, order[clipped], -1).astype(np.int64)

    def records_at(self, rows: Rows) -> list[SeekerRecord]:
        """Decode rows into records (vectorised per column)."""
        if not len(rows):
            return []
        s = self._store.map(lambda a: a[rows])
        _owner, packed = gather_segments(self._pool, s.skill_start, s.skill_count)
        pairs = list(zip((packed >> 2).tolist(), (packed & 3).tolist(), strict=True))
        ends = np.cumsum(s.skill_count, dtype=np.int64).tolist()
        starts = [0, *ends[:-1]]
        communities, stations = self._communities.values, self._stations.values
        records = []
        for i, (flag, code) in enumerate(zip(s.flags.tolist(), s.codes.tolist(), strict=True)):
            has_pay = bool(flag & HAS_MIN_PAY)
            records.append(
                unchecked_seeker(
                    int(s.ids[i]),
                    float(s.lat[i]),
                    float(s.lon[i]),
                    int(s.max_km[i]) / 100,
                    TRAVEL_MODES[code & 3],
                    bool(flag & HOMEBOUND),
                    bool(flag & CAREGIVER),
                    bool(flag & DISABILITY),
                    int(s.age[i]),
                    int.from_bytes(s.availability[i].tobytes(), "little"),
                    int(s.min_pay_cents[i]) / 100 if has_pay else None,
                    PAY_UNITS[(code >> 2) & 3] if has_pay else None,
                    tuple(pairs[starts[i] : ends[i]]),
                    bool(flag & ELIGIBLE),
                    communities[int(s.community[i])],
                    stations[int(s.station[i])],
                    int(s.pending[i]),
                    int(s.waiting[i]),
                    bool(flag & RECENTLY_PLACED),
                )
            )
        return records

    # -- storage management ------------------------------------------------------

    def _spatial_keys(
        self,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.uint16]]:
        view = self.arrays()
        return view.lat, view.lon, view.max_km

    def _append_pool(self, packed: npt.NDArray[np.uint16]) -> None:
        needed = self._pool_used + packed.size
        if needed > self._pool.size:
            grown = np.zeros(max(needed, self._pool.size * 3 // 2 + 64), np.uint16)
            grown[: self._pool_used] = self._pool[: self._pool_used]
            self._pool = grown
        self._pool[self._pool_used : needed] = packed
        self._pool_used = needed

    def _append_rows(self, encoded: SeekerArrays) -> Rows:
        k = encoded.ids.size
        n, capacity = self._n, self._store.ids.size
        if n + k > capacity:
            new_capacity = max(n + k, capacity * 3 // 2 + 16)

            def grow(a: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
                out = np.zeros((new_capacity, *a.shape[1:]), a.dtype)
                out[:n] = a[:n]
                return out

            self._store = self._store.map(grow)
        rows = np.arange(n, n + k, dtype=np.int64)
        self._store.assign(rows, encoded)
        self._tail.update(zip(encoded.ids.tolist(), rows.tolist(), strict=True))
        self._n = n + k
        return rows

    def _maybe_rebuild(self) -> None:
        n = self._n
        if (
            len(self._pending) > max(_MIN_PENDING, n // _PENDING_SHARE)
            or self._garbage > max(1024, self._pool_used // 2)
            or self._absent > max(64, n // 4)
        ):
            self._rebuild(compact=self._absent > n // 8)

    def _rebuild(self, *, compact: bool) -> None:
        """Re-sort rows spatially (dropping removed rows if ``compact``), compact, re-invert."""
        view = self.arrays()
        rows = np.flatnonzero(view.flags & PRESENT) if compact else np.arange(self._n)
        order, self._grid = SpatialGrid.build(
            view.lat[rows], view.lon[rows], view.max_km[rows], ties=view.ids[rows]
        )
        self._store = view.map(lambda a: np.take(a, rows[order], axis=0))
        n = self._n = self._n_main = int(rows.size)
        store = self._store
        store.flags &= np.uint8(~PENDING & 0xFF)
        self._id_order = np.argsort(store.ids, kind="stable").astype(np.int32)
        owner, packed = gather_segments(self._pool, store.skill_start, store.skill_count)
        counts = store.skill_count.astype(np.int64)
        store.skill_start[:] = (np.cumsum(counts) - counts).astype(np.int32)
        self._pool, self._pool_used, self._garbage = packed.copy(), int(packed.size), 0
        present = (store.flags[owner] & PRESENT) != 0
        self._lists = SkillLists.build(owner[present], packed[present], n_skills=self.n_skills)
        self._absent = n - int(np.count_nonzero(store.flags & PRESENT))
        self._tail, self._pending, self._pending_rows = {}, set(), None
