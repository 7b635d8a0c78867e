"""The clock: UTC instants, the city's local date, frozen for tests."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime

import pytest

from matching import clock as clock_module
from matching.clock import Clock, FrozenClock
from matching.config import Settings, city_clock


def test_doctests_pass() -> None:
    assert doctest.testmod(clock_module).failed == 0


@pytest.mark.parametrize(
    ("at", "local"),
    [
        (datetime(2026, 12, 4, 15, 59, 59, tzinfo=UTC), date(2026, 12, 4)),
        (datetime(2026, 12, 4, 16, 0, tzinfo=UTC), date(2026, 12, 5)),
        (datetime(2026, 12, 4, 16, 30, tzinfo=UTC), date(2026, 12, 5)),
    ],
)
def test_today_turns_at_local_midnight_not_at_utc_midnight(at: datetime, local: date) -> None:
    assert FrozenClock(at=at).today() == local


def test_the_city_zone_comes_from_the_one_setting() -> None:
    at = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)

    assert city_clock(Settings(city_utc_offset_hours=-5)).local_date(at) == date(2026, 12, 4)
    assert city_clock(Settings()).local_date(at) == date(2026, 12, 5)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        FrozenClock(at=datetime(2026, 12, 4, 16, 30))
    with pytest.raises(ValueError, match="aware"):
        Clock().local_date(datetime(2026, 12, 4, 16, 30))
