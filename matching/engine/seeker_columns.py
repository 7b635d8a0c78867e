"""Seekers as columns: the bulk input of ``SeekerIndex`` and its compact storage layout.

``SeekerColumns`` holds many seekers as numpy arrays in natural units (degrees, km,
yuan); build one with ``SeekerColumns.from_records`` or directly from database
query results, which is how a million seekers load in seconds.

``SeekerArrays`` is what the index stores per row (about 70 bytes before skills):

==================  =============  ===================================================
array               dtype          meaning
==================  =============  ===================================================
``ids``             int32          seeker id
``lat``, ``lon``    float32        degrees
``max_km``          uint16         travel limit in 10 m steps
``flags``           uint8          bit field, see ``PRESENT`` .. ``PENDING``
``codes``           uint8          travel mode (bits 0-1), minimum-pay unit (bits 2-3)
``age``             uint8          years (capped at 255)
``availability``    uint8[42]      the 336 slots, ``WeekSlots.to_bytes`` layout
``min_pay_cents``   uint32         minimum pay in cents, per ``codes`` unit
``pending``         uint8          open proposals (capped at 255)
``waiting``         uint16         days waiting (capped at 65535)
``community``       uint16         dictionary code of the community id
``station``         uint16         dictionary code of the station id
``skill_start``     int32          first entry of the row's skill segment
``skill_count``     uint8          length of the row's skill segment
==================  =============  ===================================================
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from matching.engine.factors import MAX_CENTS, MAX_KM_STEPS
from matching.engine.records import MAX_SKILLS, PAY_UNITS, TRAVEL_MODES, SeekerRecord
from matching.engine.weekly import BYTES_PER_WEEK

__all__ = [
    "CAREGIVER",
    "DISABILITY",
    "ELIGIBLE",
    "HAS_MIN_PAY",
    "HOMEBOUND",
    "PENDING",
    "PRESENT",
    "RECENTLY_PLACED",
    "SeekerArrays",
    "SeekerColumns",
]

PRESENT: Final = 1
ELIGIBLE: Final = 2
HOMEBOUND: Final = 4
CAREGIVER: Final = 8
DISABILITY: Final = 16
RECENTLY_PLACED: Final = 32
HAS_MIN_PAY: Final = 64
PENDING: Final = 128
"""Row changed since the last rebuild: the inverted lists and the grid may be stale."""

_I32_MAX: Final = 2**31 - 1
_COLUMN_DTYPES: Final[dict[str, type[Any]]] = {
    "lat": np.float64,
    "lon": np.float64,
    "max_travel_km": np.float64,
    "min_pay_yuan": np.float64,
    "travel_mode": np.uint8,
    "min_pay_unit": np.uint8,
    "availability": np.uint8,
    "homebound": np.bool_,
    "caregiver": np.bool_,
    "disability": np.bool_,
    "eligible": np.bool_,
    "recently_placed": np.bool_,
}


def _array(value: npt.ArrayLike, dtype: type[Any]) -> npt.NDArray[Any]:
    return np.ascontiguousarray(value, dtype=dtype)


@dataclass(frozen=True, slots=True)
class SeekerColumns:
    """Many seekers as parallel arrays, in natural units.

    Attributes mirror ``SeekerRecord``; ``travel_mode`` and ``min_pay_unit`` are
    positions in ``TRAVEL_MODES`` and ``PAY_UNITS``; ``min_pay_yuan`` is NaN for "no
    minimum"; ``availability`` is ``uint8[n, 42]`` (``WeekSlots.to_bytes``); skills
    are CSR: seeker ``i`` has ``skill_index[skill_indptr[i]:skill_indptr[i + 1]]``
    with the matching ``skill_level``. Arrays are converted on construction.

    Examples
    --------
    >>> cols = SeekerColumns.from_records([])
    >>> len(cols), cols.availability.shape
    (0, (0, 42))
    """

    ids: npt.NDArray[np.int64]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    max_travel_km: npt.NDArray[np.float64]
    travel_mode: npt.NDArray[np.uint8]
    homebound: npt.NDArray[np.bool_]
    caregiver: npt.NDArray[np.bool_]
    disability: npt.NDArray[np.bool_]
    eligible: npt.NDArray[np.bool_]
    recently_placed: npt.NDArray[np.bool_]
    age: npt.NDArray[np.int64]
    availability: npt.NDArray[np.uint8]
    min_pay_yuan: npt.NDArray[np.float64]
    min_pay_unit: npt.NDArray[np.uint8]
    skill_indptr: npt.NDArray[np.int64]
    skill_index: npt.NDArray[np.int64]
    skill_level: npt.NDArray[np.int64]
    community_id: npt.NDArray[np.int64]
    station_id: npt.NDArray[np.int64]
    pending_proposals: npt.NDArray[np.int64]
    days_waiting: npt.NDArray[np.int64]

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            dtype = _COLUMN_DTYPES.get(item.name, np.int64)
            object.__setattr__(self, item.name, _array(getattr(self, item.name), dtype))

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def create(cls, **columns: npt.ArrayLike) -> SeekerColumns:
        """Build from array-likes (lists, arrays of any compatible dtype), by field name."""
        names = {f.name for f in dataclasses.fields(cls)}
        if set(columns) != names:
            raise TypeError(f"expected exactly the columns {sorted(names)}")
        converted = {
            name: _array(value, _COLUMN_DTYPES.get(name, np.int64))
            for name, value in columns.items()
        }
        return cls(**converted)

    @classmethod
    def from_records(cls, records: Sequence[SeekerRecord]) -> SeekerColumns:
        """Collect records into columns."""
        n = len(records)
        counts = [len(r.skills) for r in records]
        return cls.create(
            ids=[r.id for r in records],
            lat=[float(r.lat) for r in records],
            lon=[float(r.lon) for r in records],
            max_travel_km=[float(r.max_travel_km) for r in records],
            travel_mode=[TRAVEL_MODES.index(r.travel_mode) for r in records],
            homebound=[r.homebound for r in records],
            caregiver=[r.caregiver for r in records],
            disability=[r.disability for r in records],
            eligible=[r.eligible for r in records],
            recently_placed=[r.recently_placed for r in records],
            age=[r.age for r in records],
            availability=np.frombuffer(
                b"".join(r.availability.to_bytes(BYTES_PER_WEEK, "little") for r in records),
                dtype=np.uint8,
            ).reshape(n, BYTES_PER_WEEK),
            min_pay_yuan=[
                np.nan if r.min_pay_yuan is None else float(r.min_pay_yuan) for r in records
            ],
            min_pay_unit=[PAY_UNITS.index(r.min_pay_unit or "hour") for r in records],
            skill_indptr=np.concatenate(([0], np.cumsum(counts, dtype=np.int64))),
            skill_index=[s for r in records for s, _level in r.skills],
            skill_level=[level for r in records for _s, level in r.skills],
            community_id=[r.community_id for r in records],
            station_id=[r.station_id for r in records],
            pending_proposals=[r.pending_proposals for r in records],
            days_waiting=[r.days_waiting for r in records],
        )

    def validate(self, n_skills: int) -> None:
        """Raise ``ValueError`` unless the columns describe valid seekers."""
        n = len(self)
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            expected = n + 1 if item.name == "skill_indptr" else n
            if item.name not in ("skill_index", "skill_level") and len(value) != expected:
                raise ValueError(f"column {item.name} has {len(value)} rows, expected {expected}")
        if self.availability.shape != (n, BYTES_PER_WEEK):
            raise ValueError(f"availability must have shape (n, {BYTES_PER_WEEK})")
        if n and (self.ids.min() < -_I32_MAX - 1 or self.ids.max() > _I32_MAX):
            raise ValueError("seeker ids must fit in 32 bits")
        ordered = np.sort(self.ids)
        if np.any(ordered[1:] == ordered[:-1]):
            raise ValueError("seeker ids must be unique")
        if not (np.all(np.abs(self.lat) <= 90) and np.all(np.abs(self.lon) <= 180)):
            raise ValueError("lat/lon out of range")
        if not np.all(self.max_travel_km >= 0):
            raise ValueError("max_travel_km must be >= 0")
        if np.any(self.travel_mode >= len(TRAVEL_MODES)) or np.any(self.min_pay_unit >= 4):
            raise ValueError("travel_mode or min_pay_unit code out of range")
        if np.any(self.min_pay_yuan < 0):
            raise ValueError("min_pay_yuan must be >= 0")
        if np.any(self.age < 0) | np.any(self.pending_proposals < 0):
            raise ValueError("age and pending_proposals must be >= 0")
        if np.any(self.days_waiting < 0):
            raise ValueError("days_waiting must be >= 0")
        self._validate_skills(n_skills)

    def _validate_skills(self, n_skills: int) -> None:
        indptr = self.skill_indptr
        if indptr[0] != 0 or np.any(np.diff(indptr) < 0) or indptr[-1] != self.skill_index.size:
            raise ValueError("skill_indptr is not a valid CSR index")
        if self.skill_level.size != self.skill_index.size:
            raise ValueError("skill_index and skill_level differ in length")
        if np.any(np.diff(indptr) > 255):
            raise ValueError("a seeker may have at most 255 skills")
        limit = min(n_skills, MAX_SKILLS + 1)
        if np.any(self.skill_index < 0) or np.any(self.skill_index >= limit):
            raise ValueError(f"skill index out of range [0, {limit})")
        if np.any(self.skill_level < 1) or np.any(self.skill_level > 3):
            raise ValueError("skill levels must be 1, 2 or 3")
        owner = np.repeat(np.arange(len(self)), np.diff(indptr))
        keys = np.sort(owner * (MAX_SKILLS + 1) + self.skill_index)
        if np.any(keys[1:] == keys[:-1]):
            raise ValueError("a seeker lists the same skill twice")


@dataclass(slots=True)
class SeekerArrays:
    """The per-row storage of a ``SeekerIndex`` (see the module docstring)."""

    ids: npt.NDArray[np.int32]
    lat: npt.NDArray[np.float32]
    lon: npt.NDArray[np.float32]
    max_km: npt.NDArray[np.uint16]
    flags: npt.NDArray[np.uint8]
    codes: npt.NDArray[np.uint8]
    age: npt.NDArray[np.uint8]
    availability: npt.NDArray[np.uint8]
    min_pay_cents: npt.NDArray[np.uint32]
    pending: npt.NDArray[np.uint8]
    waiting: npt.NDArray[np.uint16]
    community: npt.NDArray[np.uint16]
    station: npt.NDArray[np.uint16]
    skill_start: npt.NDArray[np.int32]
    skill_count: npt.NDArray[np.uint8]

    @classmethod
    def encode(
        cls,
        columns: SeekerColumns,
        community: npt.NDArray[np.uint16],
        station: npt.NDArray[np.uint16],
    ) -> SeekerArrays:
        """Encode columns (skill segments left empty; the index fills them in)."""
        c = columns
        has_pay = ~np.isnan(c.min_pay_yuan)
        flags = (
            PRESENT
            | c.eligible * ELIGIBLE
            | c.homebound * HOMEBOUND
            | c.caregiver * CAREGIVER
            | c.disability * DISABILITY
            | c.recently_placed * RECENTLY_PLACED
            | has_pay * HAS_MIN_PAY
        )
        cents = np.minimum(np.round(np.where(has_pay, c.min_pay_yuan, 0.0) * 100), MAX_CENTS)
        n = len(c)
        return cls(
            ids=c.ids.astype(np.int32),
            lat=c.lat.astype(np.float32),
            lon=c.lon.astype(np.float32),
            max_km=np.minimum(np.round(c.max_travel_km * 100), MAX_KM_STEPS).astype(np.uint16),
            flags=flags.astype(np.uint8),
            codes=(c.travel_mode | (np.where(has_pay, c.min_pay_unit, 0) << 2)).astype(np.uint8),
            age=np.minimum(c.age, 255).astype(np.uint8),
            availability=c.availability.astype(np.uint8),
            min_pay_cents=cents.astype(np.uint32),
            pending=np.minimum(c.pending_proposals, 255).astype(np.uint8),
            waiting=np.minimum(c.days_waiting, 65535).astype(np.uint16),
            community=community,
            station=station,
            skill_start=np.zeros(n, np.int32),
            skill_count=np.diff(c.skill_indptr).astype(np.uint8),
        )

    def map(self, fn: Any) -> SeekerArrays:
        """Return a new instance with ``fn(array)`` applied to every array."""
        return SeekerArrays(*(fn(getattr(self, f.name)) for f in dataclasses.fields(self)))

    def assign(self, rows: npt.NDArray[np.int64], other: SeekerArrays) -> None:
        """Write ``other``'s rows into ``rows`` of every array."""
        for item in dataclasses.fields(self):
            getattr(self, item.name)[rows] = getattr(other, item.name)

    @property
    def nbytes(self) -> int:
        """Bytes held by all arrays."""
        return sum(int(getattr(self, f.name).nbytes) for f in dataclasses.fields(self))
