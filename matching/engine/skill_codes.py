"""Skill codes: each seeker's standing on each of a posting's skills, 2 bits per skill.

Code per posting skill ``j``: 0 none, 1 related skill only, 2 has it below the
minimum level, 3 has it at or above the minimum. The codes of up to 32 posting skills
pack into one unsigned integer per row (``uint8`` for up to 4 skills, ``uint16`` for
8, ``uint32`` for 16, ``uint64`` for 32); postings with more use several arrays.

Two ways to compute them, same result:

* ``codes_from_lists``: mark rows straight from the inverted ``SkillLists`` (fast:
  touches only the rows that have a posting skill or a related one), then recompute
  the rows still pending an index rebuild from the forward pool;
* ``codes_from_entries``: scan forward ``(row, packed skill)`` entries (the
  full-scan baseline, and the pending fix-up).

Related credit is written first and exact skills overwrite it, so a row gets the
best of its codes. ``decode_credits`` turns codes into the credits of ``factors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from matching.engine.factors import CREDIT_BELOW, CREDIT_MET, CREDIT_RELATED
from matching.engine.records import SkillGraph
from matching.engine.seeker_index import SeekerIndex
from matching.engine.skill_lists import LEVELS, SkillLists
from matching.engine.spatial import expand_ranges

__all__ = [
    "CHUNK",
    "CREDITS",
    "Codes",
    "codes_from_entries",
    "codes_from_lists",
    "decode_credits",
    "only_related",
    "relax_related",
]

CHUNK: Final = 32
CREDITS: Final = np.array([0.0, CREDIT_RELATED, CREDIT_BELOW, CREDIT_MET])
RELATED, BELOW, MET = 1, 2, 3

Codes = list[npt.NDArray[Any]]
Ranges = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
Rows = npt.NDArray[np.int64]
PostingSkills = Sequence[tuple[int, int, bool]]


def _dtype(n_skills: int) -> type[np.unsignedinteger[Any]]:
    if n_skills <= 4:
        return np.uint8
    if n_skills <= 8:
        return np.uint16
    if n_skills <= 16:
        return np.uint32
    return np.uint64


def _empty(n_rows: int, skills: PostingSkills) -> Codes:
    chunks = range(0, len(skills), CHUNK)
    return [np.zeros(n_rows, _dtype(len(skills[c : c + CHUNK]))) for c in chunks]


def _mark_related(acc: npt.NDArray[Any], rows: npt.NDArray[Any], shift: int) -> None:
    acc[rows] |= acc.dtype.type(RELATED << shift)


def _mark_exact(acc: npt.NDArray[Any], rows: npt.NDArray[Any], code: Any, shift: int) -> None:
    kind = acc.dtype.type
    keep = kind(~(3 << shift) & np.iinfo(acc.dtype).max)
    acc[rows] = (acc[rows] & keep) | (np.asarray(code).astype(acc.dtype) << kind(shift))


def _positions(lists: SkillLists, keys: list[tuple[int, int]], ranges: Ranges | None) -> Rows:
    """Return the rows of the given ``(skill, level)`` lists that fall inside ``ranges``."""
    bounds: list[tuple[Rows, Rows]] = []
    for skill, level in keys:
        start, rows = lists.span(skill, level)
        if ranges is None:
            bounds.append((np.array([start]), np.array([start + rows.size])))
            continue
        cut = np.searchsorted(rows, np.concatenate(ranges)) + start
        half = cut.size // 2
        bounds.append((cut[:half], cut[half:]))
    if not bounds:
        return np.zeros(0, np.int64)
    lo = np.concatenate([b[0] for b in bounds])
    hi = np.concatenate([b[1] for b in bounds])
    return lists.all_rows[expand_ranges(lo, hi)].astype(np.int64)


def codes_from_lists(
    index: SeekerIndex, skills: PostingSkills, graph: SkillGraph, ranges: Ranges | None = None
) -> Codes:
    """Return dense codes over every row of ``index`` from the inverted lists.

    With ``ranges`` (``(starts, ends)`` of row ranges), only list entries inside them
    are marked; pending rows are always recomputed from the forward pool.
    """
    codes = _empty(index.n_rows, skills)
    lists = index.lists
    levels = range(1, LEVELS + 1)
    for j, (skill, min_level, _required) in enumerate(skills):
        acc, shift = codes[j // CHUNK], 2 * (j % CHUNK)
        related = [(other, level) for other in graph.related(skill) for level in levels]
        _mark_related(acc, _positions(lists, related, ranges), shift)
        below = [(skill, level) for level in levels if level < min_level]
        met = [(skill, level) for level in levels if level >= min_level]
        _mark_exact(acc, _positions(lists, below, ranges), BELOW, shift)
        _mark_exact(acc, _positions(lists, met, ranges), MET, shift)
    pending = index.pending_rows()
    if pending.size:
        owner, packed = index.skill_entries(pending)
        fixed = codes_from_entries(pending.size, owner, packed, skills, graph)
        for acc, part in zip(codes, fixed, strict=True):
            acc[pending] = part
    return codes


def codes_from_entries(
    n_rows: int,
    owner: npt.NDArray[np.int64],
    packed: npt.NDArray[np.uint16],
    skills: PostingSkills,
    graph: SkillGraph,
) -> Codes:
    """Return codes for ``n_rows`` rows from their forward entries (``owner`` = row)."""
    codes = _empty(n_rows, skills)
    entry_skill = (packed >> 2).astype(np.int64)
    entry_level = (packed & 3).astype(np.int64)
    for j, (skill, min_level, _required) in enumerate(skills):
        acc, shift = codes[j // CHUNK], 2 * (j % CHUNK)
        related = graph.related_mask([skill])[entry_skill] if graph.n_skills else None
        if related is not None and related.any():
            _mark_related(acc, owner[related], shift)
        exact = entry_skill == skill
        level_code = np.where(entry_level[exact] >= min_level, MET, BELOW)
        _mark_exact(acc, owner[exact], level_code, shift)
    return codes


def decode_credits(codes: Codes, j: int) -> npt.NDArray[np.float64]:
    """Return the credit (``factors.skill_credit``) of every row for posting skill ``j``."""
    acc = codes[j // CHUNK]
    shift = acc.dtype.type(2 * (j % CHUNK))
    credits: npt.NDArray[np.float64] = CREDITS[((acc >> shift) & acc.dtype.type(3)).astype(np.intp)]
    return credits


def _pattern(acc: npt.NDArray[Any], bits: int) -> Any:
    """Repeat the 2-bit ``bits`` across the whole width of ``acc``'s dtype."""
    width = acc.dtype.itemsize * 8
    return acc.dtype.type(sum(bits << shift for shift in range(0, width, 2)))


def only_related(codes: Codes) -> npt.NDArray[np.bool_]:
    """True for rows with a related skill but none of the posting's skills at any level."""
    some = np.zeros(codes[0].size if codes else 0, np.bool_)
    exact = np.zeros_like(some)
    for acc in codes:
        some |= acc != 0
        exact |= (acc & _pattern(acc, 0b10)) != 0
    return some & ~exact


def relax_related(codes: Codes) -> Codes:
    """Return codes in which every related-only standing counts as met."""
    return [acc | ((acc & _pattern(acc, 0b01) & ~(acc >> 1)) << acc.dtype.type(1)) for acc in codes]
