"""Per-row skill segments and the inverted skill index used for candidate generation.

A seeker's skills are one *segment* of a shared pool of packed ``uint16`` entries,
``skill << 2 | level``: the row stores where its segment starts and how long it is.
An update appends a fresh segment and leaves the old one as garbage until the next
compaction.

``SkillLists`` is the inverse: for each ``(skill, level)`` the ascending row
positions that have it, as one CSR structure (``int32`` rows; the level is implied
by the list, so it costs nothing).

Examples
--------
>>> pool = pack_skills(np.array([4, 7, 4]), np.array([2, 1, 3]))
>>> owner, values = gather_segments(pool, np.array([0, 2]), np.array([2, 1]))
>>> owner.tolist(), (values >> 2).tolist(), (values & 3).tolist()
([0, 0, 1], [4, 7, 4], [2, 1, 3])
>>> lists = SkillLists.build(owner, values, n_skills=8)
>>> lists.rows(4, 2).tolist(), lists.rows(4, 3).tolist()
([0], [1])
"""

from __future__ import annotations

from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["LEVELS", "SkillLists", "gather_segments", "pack_skills"]

LEVELS: Final = 3

IntArray = npt.NDArray[np.integer]
_Item = TypeVar("_Item", bound=np.generic)


def pack_skills(skills: IntArray, levels: IntArray) -> npt.NDArray[np.uint16]:
    """Pack skill indices and levels (1-3) into ``skill << 2 | level``."""
    return ((skills.astype(np.uint16) << 2) | levels.astype(np.uint16)).astype(np.uint16)


def gather_segments(
    pool: npt.NDArray[_Item], starts: IntArray, counts: IntArray
) -> tuple[npt.NDArray[np.int64], npt.NDArray[_Item]]:
    """Return ``(owner, values)``: every entry of the given segments, in order.

    ``owner[i]`` is the position (in ``starts``) of the segment entry ``i`` came from.
    """
    lengths = counts.astype(np.int64)
    total = int(lengths.sum())
    owner = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    offsets = np.cumsum(lengths) - lengths
    index = np.repeat(starts.astype(np.int64) - offsets, lengths) + np.arange(total)
    return owner, pool[index]


class SkillLists:
    """For each ``(skill, level)``, the ascending rows that have the skill at that level.

    Build it with ``SkillLists.build``; ``rows(skill, level)`` returns a read-only view.
    """

    __slots__ = ("_indptr", "_rows", "n_skills")

    def __init__(
        self, indptr: npt.NDArray[np.int64], rows: npt.NDArray[np.int32], n_skills: int
    ) -> None:
        self._indptr = indptr
        self._rows = rows
        self._rows.flags.writeable = False
        self.n_skills = n_skills

    @classmethod
    def build(
        cls, owner_rows: IntArray, packed: npt.NDArray[np.uint16], *, n_skills: int
    ) -> SkillLists:
        """Invert ``(row, packed skill)`` entries; rows must come in ascending order."""
        keys = (packed >> 2).astype(np.uint16) * LEVELS + (packed & 3).astype(np.uint16) - 1
        keys = keys.astype(np.uint16)
        order = np.argsort(keys, kind="stable")
        counts = np.bincount(keys, minlength=n_skills * LEVELS)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(indptr, owner_rows[order].astype(np.int32), n_skills)

    @classmethod
    def empty(cls, n_skills: int) -> SkillLists:
        """Return lists with no rows."""
        return cls(np.zeros(n_skills * LEVELS + 1, np.int64), np.zeros(0, np.int32), n_skills)

    def rows(self, skill: int, level: int) -> npt.NDArray[np.int32]:
        """Return the rows having ``skill`` at exactly ``level``."""
        key = skill * LEVELS + level - 1
        return self._rows[self._indptr[key] : self._indptr[key + 1]]

    def span(self, skill: int, level: int) -> tuple[int, npt.NDArray[np.int32]]:
        """Return ``(offset, rows)``: the list and where it starts in ``all_rows``."""
        key = skill * LEVELS + level - 1
        start = int(self._indptr[key])
        return start, self._rows[start : self._indptr[key + 1]]

    @property
    def all_rows(self) -> npt.NDArray[np.int32]:
        """Every list, one after another (read-only)."""
        return self._rows

    def count(self, skill: int) -> int:
        """Return how many rows have ``skill`` at any level."""
        start = skill * LEVELS
        return int(self._indptr[start + LEVELS] - self._indptr[start])

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return int(self._indptr.nbytes + self._rows.nbytes)
