"""Tests for the weekly half-hour slot representation."""

from __future__ import annotations

import copy
import doctest
import itertools
import pickle
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.engine.weekly as weekly_module
from matching.engine.weekly import (
    BYTES_PER_WEEK,
    DAYS,
    SLOTS_PER_WEEK,
    WeeklyTimeError,
    WeekSlots,
    parse_range,
)


def slots_of(ws: WeekSlots) -> set[int]:
    return {i for i in range(SLOTS_PER_WEEK) if ws.to_int() >> i & 1}


def from_slots(slots: set[int]) -> WeekSlots:
    return WeekSlots.from_int(sum(1 << i for i in slots))


week_slots = st.one_of(
    st.integers(0, 2**SLOTS_PER_WEEK - 1),
    st.frozensets(st.integers(0, SLOTS_PER_WEEK - 1)).map(lambda s: sum(1 << i for i in s)),
).map(WeekSlots.from_int)


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(weekly_module).failed == 0


# -- parsing -----------------------------------------------------------------


def test_monday_morning_range_sets_the_matching_slots() -> None:
    ws = WeekSlots.parse({"mon": ["08:00-11:30"]})
    assert slots_of(ws) == set(range(16, 23))
    assert ws.minutes() == 210


def test_slot_zero_is_monday_first_half_hour_and_last_is_sunday_last() -> None:
    assert WeekSlots.parse({"mon": ["00:00-00:30"]}).to_int() == 1
    assert slots_of(WeekSlots.parse({"sun": ["23:30-24:00"]})) == {SLOTS_PER_WEEK - 1}


def test_several_days_and_ranges_combine() -> None:
    ws = WeekSlots.parse({"mon": ["08:00-11:30", "14:00-17:00"], "sat": ["09:00-12:00"]})
    assert ws.to_ranges() == {"mon": ["08:00-11:30", "14:00-17:00"], "sat": ["09:00-12:00"]}


def test_whole_day_is_midnight_to_24() -> None:
    ws = WeekSlots.parse({"wed": ["00:00-24:00"]})
    assert ws.count() == 48
    assert ws.to_ranges() == {"wed": ["00:00-24:00"]}


def test_whole_week_equals_always() -> None:
    assert WeekSlots.parse({day: ["00:00-24:00"] for day in DAYS}) == WeekSlots.ALWAYS


def test_overnight_range_runs_into_the_next_day_and_splits_at_midnight() -> None:
    ws = WeekSlots.parse({"mon": ["22:00-06:00"]})
    assert ws.to_ranges() == {"mon": ["22:00-24:00"], "tue": ["00:00-06:00"]}
    assert ws.minutes() == 8 * 60


def test_sunday_overnight_wraps_into_monday() -> None:
    ws = WeekSlots.parse({"sun": ["22:00-06:00"]})
    assert ws.to_ranges() == {"mon": ["00:00-06:00"], "sun": ["22:00-24:00"]}
    assert slots_of(ws) == set(range(332, 336)) | set(range(12))


def test_end_at_midnight_written_as_00_00_means_until_midnight() -> None:
    assert WeekSlots.parse({"fri": ["22:00-00:00"]}) == WeekSlots.parse({"fri": ["22:00-24:00"]})


def test_overlapping_ranges_are_merged_in_the_canonical_form() -> None:
    ws = WeekSlots.parse({"tue": ["10:00-12:00", "08:00-10:30", "12:00-13:00"]})
    assert ws.to_ranges() == {"tue": ["08:00-13:00"]}


def test_empty_mapping_and_empty_lists_give_empty() -> None:
    assert WeekSlots.parse({}) == WeekSlots.EMPTY
    assert WeekSlots.parse({"mon": [], "sun": []}).is_empty()


def test_spaces_around_the_hyphen_are_tolerated() -> None:
    spaced = WeekSlots.parse({"mon": [" 08:00 - 09:00 "]})
    assert spaced == WeekSlots.parse({"mon": ["08:00-09:00"]})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00:00-00:30", (0, 30)),
        ("08:00-11:30", (480, 690)),
        ("00:00-24:00", (0, 1440)),
        ("22:00-06:00", (1320, 360)),
        ("23:30-00:00", (1410, 0)),
    ],
)
def test_parse_range_returns_minutes(text: str, expected: tuple[int, int]) -> None:
    assert parse_range(text) == expected


BAD_RANGES = [
    ("25:00-26:00", "format"),
    ("08:00-25:00", "format"),
    ("08:60-09:00", "format"),
    ("24:00-02:00", "format"),  # 24:00 only as an end
    ("08:00-24:30", "format"),
    ("8:00-9:00", "format"),
    ("0800-0900", "format"),
    ("08:00", "format"),
    ("mon", "format"),
    ("", "format"),
    ("08:00-09:00-10:00", "format"),
    ("０８:００-０９:００", "format"),  # full-width digits
    ("08:15-09:00", "granularity"),
    ("08:00-09:45", "granularity"),
    ("08:00-08:00", "empty"),
    ("00:00-00:00", "empty"),
    ("24:00-24:00", "format"),
]


@pytest.mark.parametrize(("text", "code"), BAD_RANGES)
def test_parse_range_rejects_bad_ranges_with_a_code(text: str, code: str) -> None:
    with pytest.raises(WeeklyTimeError) as info:
        parse_range(text)
    assert info.value.code == code
    assert info.value.day is None
    assert info.value.index is None


@pytest.mark.parametrize(("text", "code"), BAD_RANGES)
def test_parse_locates_the_bad_range_by_day_and_index(text: str, code: str) -> None:
    with pytest.raises(WeeklyTimeError) as info:
        WeekSlots.parse({"mon": ["08:00-09:00"], "thu": ["10:00-11:00", "12:00-13:00", text]})
    assert (info.value.code, info.value.day, info.value.index) == (code, "thu", 2)
    assert str(info.value)


@pytest.mark.parametrize("day", ["xyz", "Mon", "monday", ""])
def test_unknown_day_key_is_a_day_error(day: str) -> None:
    with pytest.raises(WeeklyTimeError) as info:
        WeekSlots.parse({day: ["08:00-09:00"]})
    assert (info.value.code, info.value.day, info.value.index) == ("day", day, None)


def test_a_bare_string_instead_of_a_list_is_a_format_error() -> None:
    with pytest.raises(WeeklyTimeError) as info:
        WeekSlots.parse({"mon": "08:00-09:00"})
    assert (info.value.code, info.value.day, info.value.index) == ("format", "mon", None)


def test_a_non_mapping_is_a_format_error() -> None:
    with pytest.raises(WeeklyTimeError) as info:
        WeekSlots.parse(["08:00-09:00"])  # type: ignore[arg-type]
    assert (info.value.code, info.value.day, info.value.index) == ("format", None, None)


def test_a_non_string_range_is_a_format_error() -> None:
    bad: Mapping[str, Sequence[object]] = {"mon": ["08:00-09:00", 9]}
    with pytest.raises(WeeklyTimeError) as info:
        WeekSlots.parse(bad)  # type: ignore[arg-type]
    assert (info.value.code, info.value.day, info.value.index) == ("format", "mon", 1)


def test_weekly_time_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        WeekSlots.parse({"xyz": []})


day_names = st.sampled_from(DAYS)
starts = st.integers(0, 47).map(lambda s: s * 30)
ends = st.integers(0, 48).map(lambda s: s * 30)


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@given(
    entries=st.lists(
        st.tuples(day_names, starts, ends).filter(lambda e: e[1] != e[2]),
        max_size=8,
    )
)
def test_parse_matches_a_slot_by_slot_model(entries: list[tuple[str, int, int]]) -> None:
    ranges: dict[str, list[str]] = {}
    expected: set[int] = set()
    for day, start, end in entries:
        ranges.setdefault(day, []).append(f"{format_minutes(start)}-{format_minutes(end)}")
        first = DAYS.index(day) * 48 + start // 30
        length = (end - start) // 30 if end > start else (1440 - start + end) // 30
        expected |= {(first + k) % SLOTS_PER_WEEK for k in range(length)}
    assert slots_of(WeekSlots.parse(ranges)) == expected


# -- canonical readable form -------------------------------------------------


@given(ws=week_slots)
def test_to_ranges_round_trips_through_parse(ws: WeekSlots) -> None:
    assert WeekSlots.parse(ws.to_ranges()) == ws


@given(ws=week_slots)
def test_to_ranges_is_canonical(ws: WeekSlots) -> None:
    ranges = ws.to_ranges()
    assert list(ranges) == [day for day in DAYS if day in ranges]
    for runs in ranges.values():
        assert runs
        bounds = [parse_range(run) for run in runs]
        for start, end in bounds:
            assert start < end  # never crosses midnight
        for (_, end), (next_start, _) in itertools.pairwise(bounds):
            assert end < next_start  # sorted, disjoint and not touching: maximal


def test_empty_has_no_ranges() -> None:
    assert WeekSlots.EMPTY.to_ranges() == {}


# -- compact and array forms -------------------------------------------------


@given(ws=week_slots)
def test_bytes_round_trip_is_exactly_42_bytes(ws: WeekSlots) -> None:
    data = ws.to_bytes()
    assert len(data) == BYTES_PER_WEEK == 42
    assert WeekSlots.from_bytes(data) == ws


def test_bytes_are_little_endian_in_byte_and_bit_order() -> None:
    data = from_slots({0, 9, 335}).to_bytes()
    assert data[0] == 0b0000_0001
    assert data[1] == 0b0000_0010
    assert data[41] == 0b1000_0000
    assert set(data[2:41]) == {0}


@pytest.mark.parametrize("size", [0, 41, 43])
def test_from_bytes_rejects_other_lengths(size: int) -> None:
    with pytest.raises(ValueError):
        WeekSlots.from_bytes(bytes(size))


@given(ws=week_slots)
def test_array_has_one_bool_per_slot_and_round_trips(ws: WeekSlots) -> None:
    array = ws.to_array()
    assert array.shape == (SLOTS_PER_WEEK,)
    assert array.dtype == np.bool_
    assert set(np.flatnonzero(array).tolist()) == slots_of(ws)
    assert WeekSlots.from_array(array) == ws


def test_array_agrees_with_numpy_packbits_little() -> None:
    ws = WeekSlots.parse({"mon": ["08:00-09:00"], "sun": ["23:00-24:00"]})
    assert np.packbits(ws.to_array(), bitorder="little").tobytes() == ws.to_bytes()


def test_from_array_accepts_zero_one_integers() -> None:
    flags = np.zeros(SLOTS_PER_WEEK, dtype=np.int64)
    flags[[0, 335]] = 1
    assert slots_of(WeekSlots.from_array(flags)) == {0, 335}


@pytest.mark.parametrize("shape", [(335,), (337,), (7, 48)])
def test_from_array_rejects_other_shapes(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        WeekSlots.from_array(np.zeros(shape, dtype=bool))


def test_to_array_returns_a_writable_copy() -> None:
    array = WeekSlots.EMPTY.to_array()
    array[0] = True
    assert WeekSlots.EMPTY.is_empty()


@given(ws=week_slots)
def test_int_round_trip(ws: WeekSlots) -> None:
    assert WeekSlots.from_int(ws.to_int()) == ws


@pytest.mark.parametrize("bits", [-1, 2**SLOTS_PER_WEEK])
def test_from_int_rejects_out_of_range_bitmasks(bits: int) -> None:
    with pytest.raises(ValueError):
        WeekSlots.from_int(bits)


def test_from_int_rejects_bools() -> None:
    with pytest.raises(TypeError):
        WeekSlots.from_int(True)


# -- set operations and measures ---------------------------------------------


@given(a=week_slots, b=week_slots)
def test_set_operations_match_python_sets(a: WeekSlots, b: WeekSlots) -> None:
    assert slots_of(a | b) == slots_of(a) | slots_of(b)
    assert slots_of(a & b) == slots_of(a) & slots_of(b)
    assert slots_of(a - b) == slots_of(a) - slots_of(b)


@given(ws=week_slots)
def test_count_and_minutes_measure_set_slots(ws: WeekSlots) -> None:
    assert ws.count() == len(slots_of(ws))
    assert ws.minutes() == 30 * ws.count()
    assert ws.is_empty() == (ws.count() == 0)


def test_constants_are_the_empty_and_full_week() -> None:
    assert WeekSlots.EMPTY.count() == 0
    assert WeekSlots.ALWAYS.count() == SLOTS_PER_WEEK
    assert WeekSlots.ALWAYS.minutes() == 7 * 24 * 60
    assert WeekSlots() == WeekSlots.EMPTY


@given(a=week_slots, b=week_slots)
def test_covers_means_subset(a: WeekSlots, b: WeekSlots) -> None:
    assert a.covers(b) == (slots_of(b) <= slots_of(a))
    assert (a | b).covers(a)
    assert a.covers(WeekSlots.EMPTY)
    assert WeekSlots.ALWAYS.covers(a)


@pytest.mark.parametrize(
    ("available", "required", "share"),
    [
        ({"mon": ["08:00-10:00"]}, {"mon": ["09:00-13:00"]}, 0.25),
        ({"mon": ["08:00-18:00"]}, {"mon": ["09:00-12:00"]}, 1.0),
        ({"tue": ["08:00-18:00"]}, {"mon": ["09:00-12:00"]}, 0.0),
        ({"mon": ["22:00-24:00"]}, {"mon": ["22:00-02:00"]}, 0.5),
        ({}, {"sat": ["09:00-12:00"]}, 0.0),
    ],
)
def test_overlap_share_is_the_covered_part_of_required(
    available: dict[str, list[str]], required: dict[str, list[str]], share: float
) -> None:
    assert WeekSlots.parse(available).overlap_share(WeekSlots.parse(required)) == share


@given(ws=week_slots)
def test_overlap_share_with_nothing_required_is_zero(ws: WeekSlots) -> None:
    assert ws.overlap_share(WeekSlots.EMPTY) == 0.0


@given(a=week_slots, b=week_slots)
def test_overlap_share_is_a_fraction_reaching_one_exactly_when_covering(
    a: WeekSlots, b: WeekSlots
) -> None:
    share = a.overlap_share(b)
    assert 0.0 <= share <= 1.0
    if not b.is_empty():
        assert (share == 1.0) == a.covers(b)
        assert share == len(slots_of(a) & slots_of(b)) / len(slots_of(b))


# -- value semantics ---------------------------------------------------------


def test_instances_are_immutable() -> None:
    ws = WeekSlots.parse({"mon": ["08:00-09:00"]})
    with pytest.raises(AttributeError):
        ws._bits = 0
    with pytest.raises(AttributeError):
        ws.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del ws._bits
    assert not hasattr(ws, "__dict__")


def test_equal_values_hash_equal_and_deduplicate() -> None:
    a = WeekSlots.parse({"mon": ["08:00-09:00"]})
    b = WeekSlots.parse({"mon": ["08:00-08:30", "08:30-09:00"]})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, WeekSlots.EMPTY}) == 2


def test_not_equal_to_other_types() -> None:
    empty = WeekSlots.EMPTY
    assert empty != 0
    assert empty != empty.to_bytes()


def test_operators_reject_other_types() -> None:
    with pytest.raises(TypeError):
        _ = WeekSlots.EMPTY | 1  # type: ignore[operator]


def test_pickle_and_copy_preserve_the_value() -> None:
    ws = WeekSlots.parse({"sun": ["22:00-06:00"]})
    assert pickle.loads(pickle.dumps(ws)) == ws
    assert copy.copy(ws) == ws
    assert copy.deepcopy(ws) == ws


def test_repr_shows_the_readable_form() -> None:
    assert repr(WeekSlots.parse({"mon": ["08:00-09:00"]})) == (
        "WeekSlots.parse({'mon': ['08:00-09:00']})"
    )
