"""The seeker index: compact storage, round trips, updates, skill lists and the grid."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.factors import haversine_km, quantize_coordinate, quantize_km
from matching.engine.seeker_columns import SeekerColumns
from matching.engine.seeker_index import SeekerIndex
from matching.engine.skill_lists import LEVELS
from matching.engine.spatial import SpatialGrid, expand_ranges
from matching.engine.synthetic import synthetic_seeker_columns, synthetic_seekers
from tests.engine.engine_factories import HOME, make_seeker, north_of, week


def test_record_round_trips_at_storage_precision() -> None:
    original = make_seeker(
        id=42,
        lat=36.123456789,
        max_travel_km=2.345,
        min_pay_yuan=18.75,
        min_pay_unit="day",
        skills=((3, 1), (9, 3)),
        availability=week({"sat": ["09:00-12:00"]}),
        pending_proposals=2,
        days_waiting=77,
        recently_placed=True,
        homebound=True,
        community_id=123456,
        station_id=7,
    )
    index = SeekerIndex.from_records([original], n_skills=10)
    stored = index.record(42)
    assert stored == dataclasses.replace(
        original,
        lat=quantize_coordinate(original.lat),
        lon=quantize_coordinate(original.lon),
        max_travel_km=quantize_km(original.max_travel_km),
    )
    assert abs(stored.lat - original.lat) < 1e-5 and stored.max_travel_km == 2.35


def test_repeated_ids_keep_the_last_record() -> None:
    index = SeekerIndex.from_records([make_seeker(age=30), make_seeker(age=31)], n_skills=4)
    assert len(index) == 1 and index.record(1).age == 31


def test_unknown_or_removed_ids_raise_key_error() -> None:
    index = SeekerIndex.from_records([make_seeker(id=1), make_seeker(id=2)], n_skills=4)
    assert index.remove([2, 3]) == 1
    for missing in (2, 3):
        with pytest.raises(KeyError):
            index.record(missing)
    assert 2 not in index and 1 in index and "1" not in index
    assert index.ids.tolist() == [1]


def test_upsert_updates_in_place_and_revives_removed_ids() -> None:
    index = SeekerIndex.from_records([make_seeker(id=i) for i in (5, 1, 3)], n_skills=4)
    index.remove([3])
    index.upsert(
        [make_seeker(id=3, age=70), make_seeker(id=1, skills=((2, 2),)), make_seeker(id=9)]
    )
    assert index.ids.tolist() == [1, 3, 5, 9]
    assert index.record(3).age == 70 and index.record(1).skills == ((2, 2),)
    assert index.n_rows == 4  # revived in place, one new row


def test_find_rows_matches_ids_in_every_storage_state() -> None:
    columns = synthetic_seeker_columns(3000, n_skills=20, seed=1)
    index = SeekerIndex.from_columns(columns, n_skills=20)
    index.upsert([make_seeker(id=10_000), make_seeker(id=-5)])
    wanted = np.array([1, 2999, 1500, 10_000, -5, 424242])
    rows = index.find_rows(wanted)
    assert rows[-1] == -1
    assert index.arrays().ids[rows[:-1]].tolist() == wanted[:-1].tolist()
    many = index.find_rows(np.arange(1, 3001))  # the vectorised lookup path
    assert index.arrays().ids[many].tolist() == list(range(1, 3001))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-1000, 10**6), min_size=1, max_size=400, unique=True),
    st.lists(st.integers(-1000, 10**6), min_size=0, max_size=120),
)
def test_find_rows_equals_a_dict_lookup_for_any_query_size(
    stored: list[int], extra: list[int]
) -> None:
    index = SeekerIndex.from_records([make_seeker(id=i) for i in stored], n_skills=4)
    query = np.array(stored[: len(extra)] + extra, dtype=np.int64)
    row_of = {int(i): row for row, i in enumerate(index.arrays().ids[: index.n_rows].tolist())}

    rows = index.find_rows(query)

    assert rows.tolist() == [row_of.get(int(i), -1) for i in query.tolist()]


def test_inverted_lists_agree_with_forward_skills_after_rebuild() -> None:
    records = synthetic_seekers(600, n_skills=12, seed=2)
    index = SeekerIndex.from_records(records, n_skills=12)
    index.upsert([dataclasses.replace(r, skills=((0, 3),)) for r in records[:700]])  # rebuilds
    assert index.pending_rows().size == 0
    expected = {
        (skill, level, row)
        for row, record in zip(index.find_rows([r.id for r in records]), records, strict=True)
        for skill, level in (((0, 3),) if record in records[:700] else record.skills)
    }
    found = {
        (skill, level, int(row))
        for skill in range(12)
        for level in range(1, LEVELS + 1)
        for row in index.lists.rows(skill, level)
    }
    assert found == expected


def test_pending_rows_are_reported_until_the_next_rebuild() -> None:
    index = SeekerIndex.from_records(synthetic_seekers(100, n_skills=5, seed=3), n_skills=5)
    index.upsert([make_seeker(id=7, skills=((4, 1),))])
    assert index.pending_rows().tolist() == index.find_rows([7]).tolist()
    assert index.record(7).skills == ((4, 1),)


def test_columns_validation_names_the_problem() -> None:
    good = SeekerColumns.from_records([make_seeker(id=1, skills=((1, 2),)), make_seeker(id=2)])
    good.validate(4)
    broken = {
        "ids must be unique": dataclasses.replace(good, ids=np.array([1, 1])),
        "skill index out of range": dataclasses.replace(good, skill_index=np.array([7])),
        "levels": dataclasses.replace(good, skill_level=np.array([4])),
        "lat/lon": dataclasses.replace(good, lat=np.array([91.0, 0.0])),
        "32 bits": dataclasses.replace(good, ids=np.array([1, 2**40])),
    }
    for message, columns in broken.items():
        with pytest.raises(ValueError, match=message):
            columns.validate(4)


def test_memory_is_at_most_100_bytes_per_seeker() -> None:
    index = SeekerIndex.from_columns(synthetic_seeker_columns(100_000, n_skills=200, seed=0),
                                     n_skills=200)  # fmt: skip
    assert len(index) == 100_000
    assert index.nbytes / len(index) <= 100


# -- the spatial grid ---------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(HOME[0] - 0.1, HOME[0] + 0.1),
            st.floats(HOME[1] - 0.1, HOME[1] + 0.1),
            st.integers(0, 2000),
        ),
        min_size=1,
        max_size=80,
    ),
    st.tuples(st.floats(HOME[0] - 0.1, HOME[0] + 0.1), st.floats(HOME[1] - 0.1, HOME[1] + 0.1)),
    st.sampled_from([0.0, 10.0]),
)
def test_grid_never_misses_a_seeker_within_reach(
    points: list[tuple[float, float, int]], at: tuple[float, float], free_km: float
) -> None:
    lat = np.array([p[0] for p in points], np.float32)
    lon = np.array([p[1] for p in points], np.float32)
    steps = np.array([p[2] for p in points], np.uint16)
    order, grid = SpatialGrid.build(lat, lon, steps)
    inside = set(expand_ranges(*grid.reachable_ranges(*at, road_factor=1.3, free_km=free_km)))
    for row, i in enumerate(order.tolist()):
        km = 1.3 * haversine_km(at[0], at[1], float(lat[i]), float(lon[i]))
        if km <= max(steps[i] / 100, free_km):
            assert row in inside


def test_grid_skips_cells_beyond_the_radius() -> None:
    near, far = north_of(0.3), north_of(8.0)
    lat = np.array([near[0], far[0]], np.float32)
    lon = np.array([HOME[1], HOME[1]], np.float32)
    _order, grid = SpatialGrid.build(lat, lon, np.array([5000, 5000], np.uint16))
    starts, ends = grid.reachable_ranges(*HOME, road_factor=1.3, free_km=0.0, radius_km=2.0)
    assert int((ends - starts).sum()) == 1


def test_skills_of_many_seekers_read_in_the_order_asked() -> None:
    index = SeekerIndex.from_records(
        [
            make_seeker(id=5, skills=((1, 2), (3, 1))),
            make_seeker(id=1, skills=()),
            make_seeker(id=3),
        ],
        n_skills=4,
    )

    assert index.skills([3, 5, 1]) == [index.record(i).skills for i in (3, 5, 1)]
    assert index.skills([5]) == [((1, 2), (3, 1))]
    assert index.skills([]) == []
    with pytest.raises(KeyError):
        index.skills([1, 2])
    index.remove([5])
    with pytest.raises(KeyError):
        index.skills([5])
