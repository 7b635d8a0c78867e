"""One clock for the whole service, and one "today": the city's local date.

The database stores instants in UTC; people live by the calendar of the city (肥城:
UTC+8, setting ``city_utc_offset_hours``). Everything that decides a day - report
periods, posting date windows and ``ended`` postings, ages, days waiting, "recently
placed" - uses :meth:`Clock.today`, never the machine's ``date.today()`` (UTC on the
servers: until 08:00 in 肥城 it is still yesterday there).

The app holds one clock (``app.state.clock``) and hands it to every service call in
:class:`~matching.services.context.ServiceContext`; tests replace it by a
:class:`FrozenClock`::

    >>> from datetime import UTC, datetime
    >>> clock = FrozenClock(at=datetime(2026, 12, 4, 16, 30, tzinfo=UTC))
    >>> clock.today()  # 00:30 on 5 December in 肥城
    datetime.date(2026, 12, 5)
    >>> clock.local_date(datetime(2026, 12, 4, 15, 59, tzinfo=UTC))
    datetime.date(2026, 12, 4)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

__all__ = ["CITY_UTC_OFFSET_HOURS", "Clock", "FrozenClock"]

CITY_UTC_OFFSET_HOURS = 8
"""肥城 (China Standard Time); the default of the ``city_utc_offset_hours`` setting."""


class Clock:
    """The real time, and the city's calendar.

    Parameters
    ----------
    utc_offset_hours : int
        The city's local time zone, in hours from UTC (no daylight saving in China).
    """

    def __init__(self, *, utc_offset_hours: int = CITY_UTC_OFFSET_HOURS) -> None:
        self.utc_offset_hours = utc_offset_hours
        self.zone = timezone(timedelta(hours=utc_offset_hours))

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The city's local date now."""
        return self.local_date(self.now())

    def local_date(self, moment: datetime) -> date:
        """The city's local date of an aware instant."""
        if moment.tzinfo is None:
            raise ValueError("naive datetimes have no local date; pass an aware datetime")
        return moment.astimezone(self.zone).date()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(utc_offset_hours={self.utc_offset_hours})"


class FrozenClock(Clock):
    """A clock standing still at ``at`` (tests, reproducible runs).

    >>> FrozenClock(at=datetime(2026, 12, 4, 16, 30, tzinfo=UTC)).now().hour
    16
    """

    def __init__(self, *, at: datetime, utc_offset_hours: int = CITY_UTC_OFFSET_HOURS) -> None:
        if at.tzinfo is None:
            raise ValueError("a frozen clock needs an aware datetime")
        super().__init__(utc_offset_hours=utc_offset_hours)
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        """The frozen instant, in UTC."""
        return self.at

    def __repr__(self) -> str:
        return f"FrozenClock(at={self.at.isoformat()}, utc_offset_hours={self.utc_offset_hours})"
