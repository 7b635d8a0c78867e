"""Seekers from the database into engine columns, a batch of rows at a time.

A million seekers are too many to pass through a Python object each: the database
returns plain numbers (see :func:`matching.db.queries.match_rows.seeker_field_rows`),
each batch becomes numpy arrays at once, and the engine builds its index from the
columns. Ages, days waiting and "recently placed" are computed here, for ``today``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sqlalchemy import Row
from sqlalchemy.orm import Session

from matching.db.queries import match_rows
from matching.engine.records import PAY_UNITS, TRAVEL_MODES
from matching.engine.seeker_columns import SeekerColumns
from matching.engine.weekly import BYTES_PER_WEEK

RECENT_DAYS: Final = 30
"""A hire within this many days counts as "recently placed" (fairness damping)."""

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()

Array = npt.NDArray[Any]


def ages_on(birth_days: npt.NDArray[np.int64], today: date) -> npt.NDArray[np.int64]:
    """Full years of age on ``today`` of people born on these epoch days.

    Examples
    --------
    >>> born = np.array([date(2000, 3, 1), date(2000, 2, 29)], dtype="datetime64[D]")
    >>> ages_on(born.astype(np.int64), date(2026, 2, 28)).tolist()
    [25, 25]
    """
    born = birth_days.astype("datetime64[D]")
    months = born.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (born - months).astype(np.int64) + 1
    before_birthday = (today.month < month) | ((today.month == month) & (today.day < day))
    ages: npt.NDArray[np.int64] = today.year - year - before_birthday.astype(np.int64)
    return ages


_FLOAT_FIELDS: Final = (
    "lat",
    "lon",
    "max_travel_km",
    "min_pay_yuan",
    "min_pay_unit",
    "last_hired_day",
)


def _batch_columns(rows: Sequence[Row[Any]]) -> dict[str, Array]:
    """One batch of seeker rows as arrays (NULL → NaN in the float columns)."""
    values = list(zip(*rows, strict=True)) or [()] * len(match_rows.SEEKER_FIELDS)
    columns: dict[str, Array] = {}
    for name, column in zip(match_rows.SEEKER_FIELDS, values, strict=True):
        if name == "availability":
            columns[name] = np.frombuffer(b"".join(column), dtype=np.uint8).reshape(
                len(rows), BYTES_PER_WEEK
            )
        else:
            dtype = np.float64 if name in _FLOAT_FIELDS else np.int64
            columns[name] = np.array(column, dtype=dtype)
    return columns


def _concatenate(batches: list[dict[str, Array]]) -> dict[str, Array]:
    if not batches:
        return _batch_columns([])
    return {name: np.concatenate([batch[name] for batch in batches]) for name in batches[0]}


def _skills(
    session: Session,
    ids: npt.NDArray[np.int64],
    index_of_id: Mapping[int, int],
    since_version: int | None,
) -> tuple[Array, Array, Array]:
    """CSR of the seekers' skills (engine skill indices) aligned with ``ids`` (sorted)."""
    owners, skills, levels = [], [], []
    for rows in match_rows.seeker_skill_field_rows(session, since_version=since_version):
        owner_ids, skill_ids, skill_levels = zip(*rows, strict=True)
        owners.append(np.array(owner_ids, dtype=np.int64))
        skills.append(np.array(skill_ids, dtype=np.int64))
        levels.append(np.array(skill_levels, dtype=np.int64))
    owner = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    skill = np.concatenate(skills) if skills else np.zeros(0, np.int64)
    level = np.concatenate(levels) if levels else np.zeros(0, np.int64)
    lookup = np.full(max(index_of_id, default=0) + 1, -1, dtype=np.int64)
    lookup[list(index_of_id)] = list(index_of_id.values())
    engine_skill = np.where(skill < lookup.size, lookup[np.minimum(skill, lookup.size - 1)], -1)
    row = np.searchsorted(ids, owner)
    # Rows of seekers or skills committed after the seeker or taxonomy read (another
    # transaction, read committed) are left for the next refresh, which sees them.
    known = (row < ids.size) & (engine_skill >= 0)
    known[known] &= ids[row[known]] == owner[known]
    row, engine_skill, level = row[known], engine_skill[known], level[known]
    order = np.lexsort((engine_skill, row))
    indptr = np.concatenate(([0], np.cumsum(np.bincount(row, minlength=ids.size))))
    return indptr, engine_skill[order], level[order]


def load_seeker_columns(
    session: Session,
    index_of_id: Mapping[int, int],
    *,
    today: date,
    utc_offset_hours: int,
    since_version: int | None = None,
) -> SeekerColumns:
    """Seekers changed after ``since_version`` (all when None) as engine columns.

    ``index_of_id`` maps database skill ids to the engine's dense skill indices.
    ``today`` is the city's local date and ``utc_offset_hours`` its zone: registration
    and hire instants count on the day they fell on in the city, like ``today``.
    """
    batches = [
        _batch_columns(rows)
        for rows in match_rows.seeker_field_rows(
            session,
            travel_modes=TRAVEL_MODES,
            pay_units=PAY_UNITS,
            utc_offset_hours=utc_offset_hours,
            since_version=since_version,
        )
    ]
    c = _concatenate(batches)
    today_day = today.toordinal() - _EPOCH_ORDINAL
    hired = c["last_hired_day"]
    ever_hired = ~np.isnan(hired)
    hired_day = np.where(ever_hired, hired, -np.inf)
    waiting_since = np.maximum(c["created_day"], hired_day)
    indptr, skill_index, skill_level = _skills(session, c["id"], index_of_id, since_version)
    return SeekerColumns.create(
        ids=c["id"],
        lat=c["lat"],
        lon=c["lon"],
        max_travel_km=c["max_travel_km"],
        travel_mode=c["travel_mode"],
        homebound=c["homebound"] != 0,
        caregiver=c["caregiver"] != 0,
        disability=c["disability"] != 0,
        eligible=c["eligible"] != 0,
        recently_placed=ever_hired & (today_day - hired_day <= RECENT_DAYS),
        age=ages_on(c["birth_day"], today),
        availability=c["availability"],
        min_pay_yuan=c["min_pay_yuan"],
        min_pay_unit=np.nan_to_num(c["min_pay_unit"], nan=0.0),
        skill_indptr=indptr,
        skill_index=skill_index,
        skill_level=skill_level,
        community_id=c["community_id"],
        station_id=c["station_id"],
        pending_proposals=c["pending_proposals"],
        days_waiting=np.maximum(0, today_day - waiting_since).astype(np.int64),
    )
