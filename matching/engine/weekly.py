"""Weekly availability as half-hour slots: the one representation of week time.

A week has ``7 * 48 = 336`` half-hour slots. Slot 0 is Monday 00:00-00:30,
slot 47 Monday 23:30-24:00, slot 48 Tuesday 00:00-00:30, ..., slot 335
Sunday 23:30-24:00. Slot ``i`` is bit ``i`` of a Python int (bit 0 is the
least significant), so overlap is ``(a & b).bit_count()``.

The compact form is 42 bytes, little-endian in both senses: byte ``k`` holds
slots ``8k .. 8k+7`` and slot ``8k + j`` is bit ``j`` of that byte (bit 0 =
value 1). That is ``int.to_bytes(42, "little")`` and matches
``numpy.packbits(..., bitorder="little")``.

The readable API form maps day keys to lists of ``"HH:MM-HH:MM"`` ranges::

    {"mon": ["08:00-11:30", "14:00-17:00"], "sat": ["09:00-12:00"]}

Examples
--------
>>> ws = WeekSlots.parse({"mon": ["22:00-06:00"]})
>>> ws.to_ranges()
{'mon': ['22:00-24:00'], 'tue': ['00:00-06:00']}
>>> ws.minutes()
480
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Final, Literal, NoReturn

import numpy as np
import numpy.typing as npt

__all__ = [
    "BYTES_PER_WEEK",
    "DAYS",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "WeekSlots",
    "WeeklyTimeError",
    "WeeklyTimeErrorCode",
    "parse_range",
]

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_MINUTES: Final = 30
SLOTS_PER_DAY: Final = 24 * 60 // SLOT_MINUTES
SLOTS_PER_WEEK: Final = len(DAYS) * SLOTS_PER_DAY
BYTES_PER_WEEK: Final = SLOTS_PER_WEEK // 8

_MINUTES_PER_DAY: Final = 24 * 60
_ALL_BITS: Final = (1 << SLOTS_PER_WEEK) - 1
_DAY_BITS: Final = (1 << SLOTS_PER_DAY) - 1
_DAY_INDEX: Final = {day: i for i, day in enumerate(DAYS)}

# [0-9] rather than \d: \d accepts full-width and other Unicode digits.
_RANGE_RE = re.compile(r"\s*([0-9]{2}):([0-9]{2})\s*-\s*([0-9]{2}):([0-9]{2})\s*")

WeeklyTimeErrorCode = Literal["day", "format", "granularity", "empty"]


class WeeklyTimeError(ValueError):
    """Invalid weekly availability input.

    Attributes
    ----------
    code : {"day", "format", "granularity", "empty"}
        ``day``: unknown day key; ``format``: not ``HH:MM-HH:MM`` or not a
        time of day; ``granularity``: minutes other than 00 or 30;
        ``empty``: start equals end.
    day : str or None
        The offending day key, when known.
    index : int or None
        Position of the offending range in that day's list, when known.
        Together with ``day`` it names the field, e.g. ``availability.mon[0]``.

    Examples
    --------
    >>> try:
    ...     WeekSlots.parse({"mon": ["08:00-09:00", "08:15-09:00"]})
    ... except WeeklyTimeError as exc:
    ...     (exc.code, exc.day, exc.index)
    ('granularity', 'mon', 1)
    """

    def __init__(
        self,
        code: WeeklyTimeErrorCode,
        message: str,
        *,
        day: str | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code: WeeklyTimeErrorCode = code
        self.day = day
        self.index = index


def _parse_time(hours: str, minutes: str, *, is_end: bool) -> int:
    h, m = int(hours), int(minutes)
    if h > 24 or m > 59:
        raise WeeklyTimeError("format", "not a valid time of day")
    if h == 24:
        if m != 0 or not is_end:
            raise WeeklyTimeError("format", "24:00 is only allowed as an end time")
        return _MINUTES_PER_DAY
    if m % SLOT_MINUTES != 0:
        raise WeeklyTimeError("granularity", "minutes must be 00 or 30")
    return h * 60 + m


def parse_range(text: str) -> tuple[int, int]:
    """Parse one ``"HH:MM-HH:MM"`` range into minutes since midnight.

    The end may be ``24:00`` (1440). An end before the start means the range
    runs past midnight into the next day; the pair is returned as is.

    Parameters
    ----------
    text : str
        A range such as ``"08:00-11:30"`` or ``"22:00-06:00"``.

    Returns
    -------
    tuple of int
        ``(start, end)`` in minutes, ``0 <= start < 1440``,
        ``0 <= end <= 1440``, ``start != end``.

    Raises
    ------
    WeeklyTimeError
        With ``day`` and ``index`` unset; ``WeekSlots.parse`` fills them in.

    Examples
    --------
    >>> parse_range("08:00-11:30")
    (480, 690)
    >>> parse_range("22:00-24:00")
    (1320, 1440)
    """
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        raise WeeklyTimeError("format", "expected a time range like 08:00-11:30")
    start = _parse_time(match[1], match[2], is_end=False)
    end = _parse_time(match[3], match[4], is_end=True)
    if start == end:
        raise WeeklyTimeError("empty", "start and end time are the same")
    return start, end


def _range_bits(day_index: int, start: int, end: int) -> int:
    first = day_index * SLOTS_PER_DAY + start // SLOT_MINUTES
    duration = end - start if end > start else _MINUTES_PER_DAY - start + end
    bits = ((1 << (duration // SLOT_MINUTES)) - 1) << first
    # Whatever spills past Sunday 24:00 continues on Monday morning.
    return (bits & _ALL_BITS) | (bits >> SLOTS_PER_WEEK)


def _format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class WeekSlots:
    """An immutable, hashable set of half-hour slots of the week.

    Build it with ``parse``, ``from_int``, ``from_bytes`` or ``from_array``;
    ``WeekSlots.EMPTY`` and ``WeekSlots.ALWAYS`` are the two extremes.

    Examples
    --------
    >>> morning = WeekSlots.parse({"mon": ["08:00-12:00"]})
    >>> shift = WeekSlots.parse({"mon": ["10:00-14:00"]})
    >>> (morning & shift).to_ranges()
    {'mon': ['10:00-12:00']}
    >>> morning.overlap_share(shift)
    0.5
    """

    __slots__ = ("_bits",)

    EMPTY: ClassVar[WeekSlots]
    ALWAYS: ClassVar[WeekSlots]

    _bits: int

    def __init__(self, bits: int = 0) -> None:
        if not isinstance(bits, int) or isinstance(bits, bool):
            raise TypeError("WeekSlots bits must be an int")
        if not 0 <= bits <= _ALL_BITS:
            raise ValueError(f"WeekSlots bits must be in [0, 2**{SLOTS_PER_WEEK})")
        object.__setattr__(self, "_bits", bits)

    if not TYPE_CHECKING:
        # Hidden from type checkers, which would otherwise accept any
        # attribute assignment on a class that defines __setattr__.

        def __setattr__(self, name: str, value: object) -> NoReturn:
            raise AttributeError("WeekSlots is immutable")

        def __delattr__(self, name: str) -> NoReturn:
            raise AttributeError("WeekSlots is immutable")

    def __reduce__(self) -> tuple[type[WeekSlots], tuple[int]]:
        # The default slot-state pickling would go through __setattr__.
        return (type(self), (self._bits,))

    # -- construction -----------------------------------------------------

    @classmethod
    def parse(cls, ranges: Mapping[str, Sequence[str]]) -> WeekSlots:
        """Build from the readable API form.

        Parameters
        ----------
        ranges : mapping of str to sequence of str
            Day keys ``mon`` .. ``sun``, each with ``"HH:MM-HH:MM"`` ranges.
            Minutes must be 00 or 30; ``24:00`` only as an end; an end before
            the start runs into the next day (Sunday into Monday). Ranges may
            overlap; the result is their union. Missing days are empty.

        Raises
        ------
        WeeklyTimeError
            With ``day`` and ``index`` locating the bad entry (``index`` is
            None when the day key or the whole list is bad).

        Examples
        --------
        >>> WeekSlots.parse({"sun": ["23:00-01:00"]}).to_ranges()
        {'mon': ['00:00-01:00'], 'sun': ['23:00-24:00']}
        """
        if not isinstance(ranges, Mapping):
            raise WeeklyTimeError("format", "expected a mapping of day keys to lists of ranges")
        bits = 0
        for day, day_ranges in ranges.items():
            day_index = _DAY_INDEX.get(day)
            if day_index is None:
                raise WeeklyTimeError(
                    "day", f"unknown day; expected one of {', '.join(DAYS)}", day=day
                )
            # A bare string is a Sequence[str] too; iterating its characters
            # would give baffling per-character errors.
            if isinstance(day_ranges, str) or not isinstance(day_ranges, Sequence):
                raise WeeklyTimeError("format", "expected a list of time ranges", day=day)
            for index, text in enumerate(day_ranges):
                if not isinstance(text, str):
                    raise WeeklyTimeError(
                        "format", "expected a time range string", day=day, index=index
                    )
                try:
                    start, end = parse_range(text)
                except WeeklyTimeError as exc:
                    raise WeeklyTimeError(exc.code, str(exc), day=day, index=index) from None
                bits |= _range_bits(day_index, start, end)
        return cls(bits)

    @classmethod
    def from_int(cls, bits: int) -> WeekSlots:
        """Build from a bitmask where bit ``i`` is slot ``i``.

        Examples
        --------
        >>> WeekSlots.from_int(0b11).to_ranges()
        {'mon': ['00:00-01:00']}
        """
        return cls(bits)

    @classmethod
    def from_bytes(cls, data: bytes) -> WeekSlots:
        """Build from the 42-byte compact form (see the module docstring).

        Examples
        --------
        >>> WeekSlots.from_bytes(bytes([1]) + bytes(41)).count()
        1
        """
        if len(data) != BYTES_PER_WEEK:
            raise ValueError(f"expected exactly {BYTES_PER_WEEK} bytes")
        return cls(int.from_bytes(data, "little"))

    @classmethod
    def from_array(cls, array: npt.ArrayLike) -> WeekSlots:
        """Build from an array of shape (336,); truthy entries are set slots.

        Examples
        --------
        >>> import numpy as np
        >>> WeekSlots.from_array(np.ones(336, dtype=bool)) == WeekSlots.ALWAYS
        True
        """
        flags = np.asarray(array, dtype=np.bool_)
        if flags.shape != (SLOTS_PER_WEEK,):
            raise ValueError(f"expected an array of shape ({SLOTS_PER_WEEK},)")
        packed = np.packbits(flags, bitorder="little")
        return cls.from_bytes(packed.tobytes())

    # -- conversion -------------------------------------------------------

    def to_int(self) -> int:
        """Return the bitmask; bit ``i`` is slot ``i``.

        Examples
        --------
        >>> WeekSlots.parse({"mon": ["00:00-01:00"]}).to_int()
        3
        """
        return self._bits

    def to_bytes(self) -> bytes:
        """Return the 42-byte compact form (see the module docstring).

        Examples
        --------
        >>> len(WeekSlots.ALWAYS.to_bytes())
        42
        """
        return self._bits.to_bytes(BYTES_PER_WEEK, "little")

    def to_array(self) -> npt.NDArray[np.bool_]:
        """Return a new boolean array of shape (336,), index = slot.

        Examples
        --------
        >>> WeekSlots.parse({"mon": ["00:00-00:30"]}).to_array()[:2].tolist()
        [True, False]
        """
        raw = np.frombuffer(self.to_bytes(), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little").astype(np.bool_)

    def to_ranges(self) -> dict[str, list[str]]:
        """Return the canonical readable form.

        Days come in week order and only when non-empty; each day lists its
        maximal runs in order. Runs never cross midnight: Monday 22:00 to
        Tuesday 06:00 is ``mon 22:00-24:00`` plus ``tue 00:00-06:00``.
        ``WeekSlots.parse(ws.to_ranges()) == ws`` for every value.

        Examples
        --------
        >>> WeekSlots.parse({"tue": ["14:00-17:00", "08:00-12:00", "11:00-12:30"]}).to_ranges()
        {'tue': ['08:00-12:30', '14:00-17:00']}
        """
        result: dict[str, list[str]] = {}
        for day_index, day in enumerate(DAYS):
            day_bits = (self._bits >> (day_index * SLOTS_PER_DAY)) & _DAY_BITS
            runs: list[str] = []
            while day_bits:
                first = (day_bits & -day_bits).bit_length() - 1
                shifted = day_bits >> first
                # Trailing ones of `shifted` = length of the run at `first`.
                length = (~shifted & (shifted + 1)).bit_length() - 1
                start, end = first * SLOT_MINUTES, (first + length) * SLOT_MINUTES
                runs.append(f"{_format_minutes(start)}-{_format_minutes(end)}")
                day_bits &= ~(((1 << length) - 1) << first)
            if runs:
                result[day] = runs
        return result

    # -- measures ---------------------------------------------------------

    def count(self) -> int:
        """Return the number of set slots.

        Examples
        --------
        >>> WeekSlots.ALWAYS.count()
        336
        """
        return self._bits.bit_count()

    def minutes(self) -> int:
        """Return the covered time in minutes (``count() * 30``).

        Examples
        --------
        >>> WeekSlots.parse({"fri": ["09:00-17:00"]}).minutes()
        480
        """
        return self.count() * SLOT_MINUTES

    def is_empty(self) -> bool:
        """Return True when no slot is set.

        Examples
        --------
        >>> WeekSlots.EMPTY.is_empty()
        True
        """
        return self._bits == 0

    def covers(self, other: WeekSlots) -> bool:
        """Return True when every slot of ``other`` is also in ``self``.

        Everything covers ``EMPTY``.

        Examples
        --------
        >>> day = WeekSlots.parse({"mon": ["08:00-18:00"]})
        >>> day.covers(WeekSlots.parse({"mon": ["09:00-12:00"]}))
        True
        """
        return other._bits & ~self._bits == 0

    def overlap_share(self, required: WeekSlots) -> float:
        """Return the share of ``required``'s slots that are also in ``self``.

        A value in [0, 1]; 1.0 exactly when ``self.covers(required)``, except
        that an empty ``required`` gives 0.0: nothing is required, so nothing
        can count as matched, and a posting without hours must not outrank
        real matches.

        Examples
        --------
        >>> available = WeekSlots.parse({"mon": ["08:00-10:00"]})
        >>> available.overlap_share(WeekSlots.parse({"mon": ["09:00-13:00"]}))
        0.25
        >>> available.overlap_share(WeekSlots.EMPTY)
        0.0
        """
        needed = required._bits.bit_count()
        if needed == 0:
            return 0.0
        return (self._bits & required._bits).bit_count() / needed

    # -- set operations and protocol --------------------------------------

    def __or__(self, other: WeekSlots) -> WeekSlots:
        if not isinstance(other, WeekSlots):
            return NotImplemented
        return WeekSlots(self._bits | other._bits)

    def __and__(self, other: WeekSlots) -> WeekSlots:
        if not isinstance(other, WeekSlots):
            return NotImplemented
        return WeekSlots(self._bits & other._bits)

    def __sub__(self, other: WeekSlots) -> WeekSlots:
        if not isinstance(other, WeekSlots):
            return NotImplemented
        return WeekSlots(self._bits & ~other._bits)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeekSlots):
            return NotImplemented
        return self._bits == other._bits

    def __hash__(self) -> int:
        return hash((WeekSlots, self._bits))

    def __repr__(self) -> str:
        return f"WeekSlots.parse({self.to_ranges()!r})"


WeekSlots.EMPTY = WeekSlots(0)
WeekSlots.ALWAYS = WeekSlots(_ALL_BITS)
