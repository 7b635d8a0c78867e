"""Find skills by what people type: names, synonyms and pinyin, forgiving typos.

Used when a skill is *written* (autocomplete, normalising free text); ranking never
matches skills fuzzily.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

__all__ = ["SkillAlias", "SkillHit", "SkillLookup", "normalize_text"]


def normalize_text(text: str) -> str:
    """Fold width and case and drop spaces, so ``"Ｓｅｗing "`` and ``"sewing"`` compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split())


@dataclass(frozen=True, slots=True)
class SkillAlias:
    """One way to say a skill: its canonical name, a synonym, or a pinyin spelling."""

    skill_code: str
    text: str
    kind: str  # "name_zh", "name_en", "synonym_zh", "synonym_en", "pinyin", "initials", "code"


@dataclass(frozen=True, slots=True)
class SkillHit:
    """A skill found for a query; ``score`` is on a 0-100 scale."""

    skill_code: str
    matched: str
    kind: str
    score: float


class SkillLookup:
    """An in-memory index of skill aliases.

    Parameters
    ----------
    aliases
        Every alias of every skill.

    Examples
    --------
    >>> lookup = SkillLookup([SkillAlias("sewing", "缝纫", "name_zh"),
    ...                       SkillAlias("sewing", "fengren", "pinyin")])
    >>> lookup.search("fengr", limit=1)[0].skill_code
    'sewing'
    """

    def __init__(self, aliases: Iterable[SkillAlias]) -> None:
        self.aliases_: tuple[SkillAlias, ...] = tuple(aliases)
        self._keys: list[str] = [normalize_text(alias.text) for alias in self.aliases_]

    def search(self, query: str, *, limit: int = 10, score_cutoff: float = 60.0) -> list[SkillHit]:
        """Return up to ``limit`` skills best matching ``query``, best first, one hit per skill.

        Exact matches score 100, prefix matches 90-99 (longer prefixes higher), others
        rapidfuzz's weighted ratio, kept when at least ``score_cutoff``.
        """
        key = normalize_text(query)
        if not key:
            return []
        best: dict[str, SkillHit] = {}
        for index, score in self._scored(key, score_cutoff, limit):
            alias = self.aliases_[index]
            current = best.get(alias.skill_code)
            if current is None or score > current.score:
                best[alias.skill_code] = SkillHit(alias.skill_code, alias.text, alias.kind, score)
        ordered = sorted(best.values(), key=lambda hit: (-hit.score, hit.skill_code))
        return ordered[:limit]

    def resolve(self, text: str, *, score_cutoff: float = 85.0) -> SkillHit | None:
        """Return the one skill ``text`` most likely means, or None when unsure."""
        hits = self.search(text, limit=2, score_cutoff=score_cutoff)
        if not hits:
            return None
        if len(hits) > 1 and hits[0].score - hits[1].score < 5 and hits[0].score < 100:
            return None  # two skills fit about equally: let a person choose
        return hits[0]

    def _scored(self, key: str, score_cutoff: float, limit: int) -> Sequence[tuple[int, float]]:
        scored: dict[int, float] = {}
        for index, alias_key in enumerate(self._keys):
            if alias_key == key:
                scored[index] = 100.0
            elif alias_key.startswith(key):
                scored[index] = 90.0 + 9.0 * len(key) / len(alias_key)
        fuzzy = process.extract(
            key,
            self._keys,
            scorer=fuzz.WRatio,
            limit=max(limit * 8, 20),
            score_cutoff=score_cutoff,
        )
        for _text, score, index in fuzzy:
            scored[index] = max(scored.get(index, 0.0), min(float(score), 89.0))
        return list(scored.items())
