"""Skill standing of many (posting, seeker) pairs at once: a quick filter and exact credits.

``SkillBits`` gives every seeker a bit set of its skills (skill ``s`` is bit
``s mod 64·W``, ``W <= 4`` words; exact when the taxonomy has at most 256 skills, a
superset test otherwise) and every posting the bit set of its *relevant* skills:
its own and their related ones. A pair whose sets are disjoint has no standing on
any of the posting's skills, so its skill value is 0 (the rows ``rank_seekers``
finds on no inverted list).

``PostingSkillTable`` computes the codes of ``skill_codes`` for pairs (0 none,
1 related only, 2 below the minimum level, 3 met: related credit first, an exact
skill overwrites it) from each pair's seeker skill entries, through dense lookup
tables over the postings' relevant skills; and from the codes the skill value of
``factors.skill_value``, summed in posting order as ``seeker_factors`` sums it.

Examples
--------
>>> graph = SkillGraph(4, [(0, 1)])
>>> table = PostingSkillTable([((0, 2, True), (3, 1, False))], graph)
>>> codes = table.codes(np.array([0, 0]), np.array([0, 1]), np.array([1, 3]),
...                     np.array([2, 1]))  # pair 0 has skill 1, pair 1 skill 3
>>> codes.tolist()
[[1, 0], [0, 3]]
>>> table.values(np.array([0, 0]), codes).round(2).tolist()
[0.32, 0.2]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine import factors as fx
from matching.engine.records import SkillGraph
from matching.engine.skill_codes import CREDITS

__all__ = ["MAX_WORDS", "PostingSkillTable", "SkillBits"]

MAX_WORDS: Final = 4
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U64 = npt.NDArray[np.uint64]
PostingSkills = Sequence[tuple[int, int, bool]]
_MET, _BELOW, _RELATED = 3, 2, 1


class SkillBits:
    """Bit sets of seekers' skills and of postings' relevant skills.

    Parameters
    ----------
    owner : array of int
        For each skill entry, the seeker (a position ``0 .. n_seekers - 1``).
    skill : array of int
        For each entry, the skill index.
    n_seekers : int
        Number of seekers.
    graph : SkillGraph
        The taxonomy's related skills.
    """

    def __init__(self, owner: I64, skill: I64, *, n_seekers: int, graph: SkillGraph) -> None:
        self.n_words = max(1, min(MAX_WORDS, -(-graph.n_skills // 64)))
        self._graph = graph
        self._masks: dict[int, int] = {}
        bit = skill % (64 * self.n_words)
        words = np.zeros((self.n_words, n_seekers), np.uint64)
        np.bitwise_or.at(words, (bit // 64, owner), np.uint64(1) << (bit % 64).astype(np.uint64))
        self.seekers: tuple[U64, ...] = tuple(words)

    def _mask(self, skill: int) -> int:
        """The bits of ``skill`` and its related skills, as one int."""
        mask = self._masks.get(skill)
        if mask is None:
            width = 64 * self.n_words
            mask = 0
            for s in (skill, *self._graph.related(skill)):
                mask |= 1 << (s % width)
            self._masks[skill] = mask
        return mask

    def postings(self, skills: Sequence[PostingSkills]) -> tuple[U64, ...]:
        """Return, per word, the bit sets of each posting's relevant skills."""
        masks = []
        for listed in skills:
            mask = 0
            for s, _level, _required in listed:
                mask |= self._mask(s)
            masks.append(mask)
        return tuple(
            np.array([(m >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for m in masks], np.uint64).reshape(-1)
            for w in range(self.n_words)
        )

    def overlap(
        self, posting_words: tuple[U64, ...], posting: I64, seeker: I64
    ) -> npt.NDArray[np.bool_]:
        """True for pairs whose seeker has a skill relevant to the posting (or a hash twin)."""
        hit = np.zeros(posting.size, np.bool_)
        for mine, theirs in zip(self.seekers, posting_words, strict=True):
            if theirs.any():
                hit |= (np.take(mine, seeker) & np.take(theirs, posting)) != 0
        return hit


class PostingSkillTable:
    """Dense ``(posting, relevant skill)`` lookups: exact skill ``j``, level, related ``j``s.

    Parameters
    ----------
    skills : sequence of posting skill tuples
        Each posting's ``(skill, minimum level, required)`` triples, in posting order.
    graph : SkillGraph
        Related skills.
    """

    def __init__(self, skills: Sequence[PostingSkills], graph: SkillGraph) -> None:
        self.width = max((len(listed) for listed in skills), default=0)
        relevant = sorted(
            {r for listed in skills for s, _l, _q in listed for r in (s, *graph.related(s))}
        )
        self._compact = np.full(graph.n_skills, -1, np.int64)
        self._compact[relevant] = np.arange(len(relevant))
        self._m = m = max(len(relevant), 1)
        compact = self._compact
        exact: list[tuple[int, int, int]] = []  # key, j, min level
        related: list[tuple[int, int]] = []  # key, j
        required = np.zeros((len(skills), max(self.width, 1)))
        nice = np.zeros_like(required)
        for p, listed in enumerate(skills):
            for j, (skill, min_level, is_required) in enumerate(listed):
                (required if is_required else nice)[p, j] = 1.0
                exact.append((p * m + int(compact[skill]), j, min_level))
                related.extend((p * m + int(compact[r]), j) for r in graph.related(skill))
        n = len(skills) * m
        self._exact = np.full(n, -1, np.int16)
        self._min = np.zeros(n, np.int8)
        if exact:
            keys, js, levels = np.array(exact, np.int64).T
            self._exact[keys], self._min[keys] = js, levels
        pairs = np.array(sorted(related), np.int64).reshape(-1, 2)
        self._related_ptr = np.searchsorted(pairs[:, 0], np.arange(n + 1))
        self._related_j = pairs[:, 1]
        self._required, self._nice = required, nice
        self._n_required = required.sum(axis=1)
        self._n_nice = nice.sum(axis=1)

    def codes(
        self, posting: I64, entry_owner: I64, entry_skill: I64, entry_level: I64
    ) -> npt.NDArray[np.uint8]:
        """Return ``uint8[n_pairs, width]`` codes from the pairs' seeker skill entries.

        ``entry_owner`` gives the pair of each entry (an index into ``posting``).
        """
        codes = np.zeros((posting.size, max(self.width, 1)), np.uint8)
        compact = np.take(self._compact, entry_skill)
        mine = np.flatnonzero(compact >= 0)
        owner = entry_owner[mine]
        key = np.take(posting, owner) * self._m + compact[mine]
        lo, hi = self._related_ptr[key], self._related_ptr[key + 1]
        if (hi > lo).any():
            count = hi - lo
            offsets = np.cumsum(count) - count
            at = np.repeat(lo - offsets, count) + np.arange(int(count.sum()))
            codes[np.repeat(owner, count), self._related_j[at]] = _RELATED
        j = self._exact[key]
        exact = np.flatnonzero(j >= 0)
        met = entry_level[mine[exact]] >= self._min[key[exact]]
        codes[owner[exact], j[exact]] = np.where(met, _MET, _BELOW)
        return codes

    def values(self, posting: I64, codes: npt.NDArray[np.uint8]) -> F64:
        """Return ``factors.skill_value`` of each pair from its codes."""
        credits = CREDITS[codes].T
        wanted, optional = self._required[posting].T, self._nice[posting].T
        required = np.zeros(posting.size)
        nice = np.zeros(posting.size)
        for j in range(self.width):
            required = required + credits[j] * wanted[j]
            nice = nice + credits[j] * optional[j]
        n_required = self._n_required[posting]
        n_nice = self._n_nice[posting]
        mean_required = required / np.maximum(n_required, 1)
        mean_nice = nice / np.maximum(n_nice, 1)
        both = fx.REQUIRED_SHARE * mean_required + fx.NICE_SHARE * mean_nice
        one = np.where(n_required > 0, mean_required, mean_nice)
        value: F64 = np.where(
            (n_required > 0) & (n_nice > 0), both, np.where(n_required + n_nice > 0, one, 1.0)
        )
        return value
