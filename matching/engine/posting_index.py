"""Open postings in memory as a structure of arrays, for ranking postings for a seeker.

Postings number tens of thousands at most, so this index keeps it simple: the
original records in a dict (for exact re-scoring and ``record``), one row per
posting id in insertion order, removed rows flagged absent and dropped when they
reach half the rows. Skills are segments of a ``uint32`` pool packed as
``skill << 3 | required << 2 | min_level``.

Not thread-safe for concurrent writes (see ``SeekerIndex``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.records import PHYSICAL_DEMANDS, WORK_MODES, PostingRecord
from matching.engine.weekly import BYTES_PER_WEEK

__all__ = ["PostingArrays", "PostingIndex"]

NO_START: Final = -(2**31)
NO_END: Final = 2**31 - 1


@dataclass(slots=True)
class PostingArrays:
    """Per-row storage of a ``PostingIndex``; ``kind`` codes index ``PostingIndex.kinds``."""

    ids: npt.NDArray[np.int64]
    present: npt.NDArray[np.bool_]
    lat: npt.NDArray[np.float32]
    lon: npt.NDArray[np.float32]
    work_mode: npt.NDArray[np.uint8]
    kind: npt.NDArray[np.uint16]
    pay_cents: npt.NDArray[np.uint32]
    pay_unit: npt.NDArray[np.uint8]
    schedule: npt.NDArray[np.uint8]
    has_schedule: npt.NDArray[np.bool_]
    start_day: npt.NDArray[np.int32]
    end_day: npt.NDArray[np.int32]
    physical: npt.NDArray[np.uint8]
    open: npt.NDArray[np.bool_]
    vacancies: npt.NDArray[np.int32]
    skill_start: npt.NDArray[np.int64]
    skill_count: npt.NDArray[np.int64]
    delivery_km: npt.NDArray[np.float64]

    def map(self, fn: Any) -> PostingArrays:
        """Return a new instance with ``fn(array)`` applied to every array."""
        return PostingArrays(*(fn(getattr(self, f.name)) for f in dataclasses.fields(self)))

    @property
    def nbytes(self) -> int:
        """Bytes held by all arrays."""
        return sum(int(getattr(self, f.name).nbytes) for f in dataclasses.fields(self))


_DTYPES: Final[dict[str, type[Any]]] = {
    "ids": np.int64,
    "present": np.bool_,
    "lat": np.float32,
    "lon": np.float32,
    "work_mode": np.uint8,
    "kind": np.uint16,
    "pay_cents": np.uint32,
    "pay_unit": np.uint8,
    "schedule": np.uint8,
    "has_schedule": np.bool_,
    "start_day": np.int32,
    "end_day": np.int32,
    "physical": np.uint8,
    "open": np.bool_,
    "vacancies": np.int32,
    "skill_start": np.int64,
    "skill_count": np.int64,
    "delivery_km": np.float64,
}


def _empty_arrays(capacity: int) -> PostingArrays:
    def make(name: str) -> npt.NDArray[Any]:
        shape = (capacity, BYTES_PER_WEEK) if name == "schedule" else (capacity,)
        return np.zeros(shape, _DTYPES[name])

    return PostingArrays(*(make(f.name) for f in dataclasses.fields(PostingArrays)))


def pack_posting_skills(skills: Iterable[tuple[int, int, bool]]) -> list[int]:
    """Pack ``(skill, min level, required)`` triples into ``uint32`` pool entries."""
    return [skill << 3 | int(required) << 2 | level for skill, level, required in skills]


class PostingIndex:
    """An updatable in-memory index of postings for ranking.

    Parameters
    ----------
    n_skills : int
        Size of the skill taxonomy.

    Examples
    --------
    >>> p = PostingRecord(id=9, lat=36.18, lon=116.77, work_mode="take_home",
    ...     kind="odd_job", pay_yuan=0.8, pay_unit="piece", schedule=None,
    ...     start_day=None, end_day=None, physical_demand="sedentary",
    ...     wheelchair_accessible=True, skills=((0, 1, True),), vacancies=20,
    ...     open=True, community_id=7)
    >>> index = PostingIndex.from_records([p], n_skills=4)
    >>> len(index), index.record(9) is p
    (1, True)
    """

    def __init__(self, *, n_skills: int) -> None:
        self.n_skills = n_skills
        self.kinds: list[str] = []
        self._n = 0
        self._store = _empty_arrays(0)
        self._pool: list[int] = []
        self._pool_array: npt.NDArray[np.uint32] | None = None
        self._rows: dict[int, int] = {}
        self._records: dict[int, PostingRecord] = {}

    @classmethod
    def from_records(cls, records: Iterable[PostingRecord], *, n_skills: int) -> PostingIndex:
        """Build an index from records (the last record wins for a repeated id)."""
        index = cls(n_skills=n_skills)
        index.upsert(records)
        return index

    def upsert(self, records: Iterable[PostingRecord]) -> None:
        """Insert new postings and overwrite existing ones (matched by id)."""
        for record in records:
            if any(skill >= self.n_skills for skill, _level, _req in record.skills):
                raise ValueError(f"posting {record.id} has a skill index >= n_skills")
            row = self._rows.get(record.id)
            if row is None:
                row = self._append_row()
                self._rows[record.id] = row
            self._records[record.id] = record
            self._write(row, record)
        self._pool_array = None
        self._maybe_compact()

    def remove(self, ids: Iterable[int]) -> int:
        """Hide the given postings; return how many were present."""
        removed = 0
        for posting_id in ids:
            row = self._rows.pop(posting_id, None)
            if row is not None:
                self._records.pop(posting_id)
                self._store.present[row] = False
                removed += 1
        self._maybe_compact()
        return removed

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, posting_id: object) -> bool:
        return posting_id in self._rows

    def record(self, posting_id: int) -> PostingRecord:
        """Return the posting's record; KeyError if absent."""
        return self._records[posting_id]

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (records themselves not counted)."""
        return self._store.nbytes + 4 * len(self._pool)

    # -- engine internals -----------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Rows in use, including removed ones."""
        return self._n

    def arrays(self) -> PostingArrays:
        """Return views of the used rows of every array."""
        n = self._n
        return self._store.map(lambda a: a[:n])

    def pool(self) -> npt.NDArray[np.uint32]:
        """Return the packed skill pool."""
        if self._pool_array is None:
            self._pool_array = np.array(self._pool, dtype=np.uint32)
        return self._pool_array

    def record_at(self, row: int) -> PostingRecord:
        """Return the record stored at ``row``."""
        return self._records[int(self._store.ids[row])]

    def kind_mask(self, kinds: Iterable[str]) -> npt.NDArray[np.bool_]:
        """Return a boolean array over kind codes, True for the given kinds."""
        wanted = set(kinds)
        return np.array([k in wanted for k in self.kinds] or [False], dtype=np.bool_)

    # -- storage ---------------------------------------------------------------

    def _append_row(self) -> int:
        if self._n == self._store.ids.size:
            capacity = self._n * 3 // 2 + 16
            grown = _empty_arrays(capacity)
            for f in dataclasses.fields(PostingArrays):
                getattr(grown, f.name)[: self._n] = getattr(self._store, f.name)[: self._n]
            self._store = grown
        self._n += 1
        return self._n - 1

    def _kind_code(self, kind: str) -> int:
        if kind not in self.kinds:
            self.kinds.append(kind)
        return self.kinds.index(kind)

    def _write(self, row: int, p: PostingRecord) -> None:
        s = self._store
        s.ids[row], s.present[row] = p.id, True
        s.lat[row], s.lon[row] = p.lat, p.lon
        s.work_mode[row] = WORK_MODES.index(p.work_mode)
        s.kind[row] = self._kind_code(p.kind)
        s.pay_cents[row] = round(fx.quantize_yuan(p.pay_yuan) * 100)
        s.pay_unit[row] = ("hour", "day", "piece", "month").index(p.pay_unit)
        schedule = p.schedule or 0
        s.schedule[row] = np.frombuffer(schedule.to_bytes(BYTES_PER_WEEK, "little"), np.uint8)
        s.has_schedule[row] = p.schedule is not None
        s.start_day[row] = NO_START if p.start_day is None else p.start_day
        s.end_day[row] = NO_END if p.end_day is None else p.end_day
        s.physical[row] = PHYSICAL_DEMANDS.index(p.physical_demand)
        s.open[row], s.vacancies[row] = p.open, min(max(p.vacancies, 0), NO_END)
        s.delivery_km[row] = fx.quantize_km(p.delivery_km)
        packed = pack_posting_skills(p.skills)
        s.skill_start[row], s.skill_count[row] = len(self._pool), len(packed)
        self._pool.extend(packed)

    def _maybe_compact(self) -> None:
        live = int(self._store.skill_count[: self._n][self._store.present[: self._n]].sum())
        garbage = len(self._pool) - live
        if (self._n > 64 and len(self._rows) < self._n // 2) or garbage > max(1024, live):
            self._compact()

    def _compact(self) -> None:
        view = self.arrays()
        records = [self._records[i] for i in view.ids[view.present].tolist()]
        fresh = PostingIndex.from_records(records, n_skills=self.n_skills)
        self.kinds, self._n, self._store = fresh.kinds, fresh._n, fresh._store
        self._pool, self._pool_array = fresh._pool, None
        self._rows, self._records = fresh._rows, fresh._records
