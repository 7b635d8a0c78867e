"""Find skills by what people type: names, synonyms and pinyin, forgiving typos.

Used when a skill is *written* (autocomplete, normalising free text); ranking never
matches skills fuzzily.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = ["SkillAlias", "SkillHit", "SkillLookup", "normalize_text"]


def normalize_text(text: str) -> str:
    """Fold width and case and drop spaces, so ``"Ｓｅｗing "`` and ``"sewing"`` compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split())


CANONICAL_KINDS = frozenset({"code", "name_zh", "name_en", "pinyin"})


@dataclass(frozen=True, slots=True)
class SkillAlias:
    """One way to say a skill: its canonical name, a synonym, or a pinyin spelling."""

    skill_code: str
    text: str
    kind: str  # code, name_zh, name_en, pinyin (of the name), synonym_zh, synonym_en,
    # synonym_pinyin, initials


@dataclass(frozen=True, slots=True)
class SkillHit:
    """A skill found for a query; ``score`` is on a 0-100 scale."""

    skill_code: str
    matched: str
    kind: str
    score: float
    how: str = "exact"  # exact, prefix, typo or similar


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

        Exact matches score 100; prefix matches 90-99 (longer prefixes higher); typos
        (one edit, two in words of 8+ characters; transpositions count once) 85-89;
        other similar aliases (rapidfuzz ``ratio``) at most 80, kept when at least
        ``score_cutoff``. Initials only match exactly or as a prefix.
        """
        key = normalize_text(query)
        if not key:
            return []
        best: dict[str, SkillHit] = {}
        for index, (raw, how) in self._scored(key, score_cutoff, limit).items():
            alias = self.aliases_[index]
            # Among equal matches, prefer what the skill is called over what it is also called.
            score = min(100.0, raw + (0.5 if alias.kind in CANONICAL_KINDS else 0.0))
            current = best.get(alias.skill_code)
            if current is None or score > current.score:
                best[alias.skill_code] = SkillHit(
                    alias.skill_code, alias.text, alias.kind, score, how
                )
        ordered = sorted(best.values(), key=lambda hit: (-hit.score, hit.skill_code))
        return ordered[:limit]

    def resolve(self, text: str, *, score_cutoff: float = 85.0) -> SkillHit | None:
        """Return the one skill ``text`` surely means, or None when unsure.

        Accepted: an exact alias, a typo of one, or a prefix covering at least 3/4 of it;
        and only when no other skill fits about as well.
        """
        hits = self.search(text, limit=3, score_cutoff=score_cutoff)
        key = normalize_text(text)
        sure = [
            hit
            for hit in hits
            if hit.how in ("exact", "typo")
            or (hit.how == "prefix" and len(key) >= 0.75 * len(normalize_text(hit.matched)))
        ]
        if not sure:
            return None
        best = sure[0]
        rivals = [h for h in hits if h.skill_code != best.skill_code and best.score - h.score < 5]
        if best.score < 100 and rivals:
            return None  # two skills fit about equally: let a person choose
        return best

    def _scored(self, key: str, score_cutoff: float, limit: int) -> dict[int, tuple[float, str]]:
        scored: dict[int, tuple[float, str]] = {}

        def keep(index: int, score: float, how: str) -> None:
            if index not in scored or scored[index][0] < score:
                scored[index] = (score, how)

        for index, alias_key in enumerate(self._keys):
            if alias_key == key:
                keep(index, 100.0, "exact")
            elif alias_key.startswith(key):
                keep(index, 90.0 + 9.0 * len(key) / len(alias_key), "prefix")
        fuzzy_keys = [
            k if self.aliases_[i].kind != "initials" else "" for i, k in enumerate(self._keys)
        ]
        # Typos: at most one edit (two in long words), a swap of neighbours counting as one.
        allowed = 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0
        if allowed:
            for _text, distance, index in process.extract(
                key, fuzzy_keys, scorer=OSA.distance, score_cutoff=allowed, limit=limit * 8
            ):
                length = max(len(key), len(fuzzy_keys[index]))
                keep(index, 85.0 + 4.0 * (1.0 - distance / length), "typo")
        # Loose similarity only suggests: it stays below what resolve() accepts.
        for _text, similarity, index in process.extract(
            key, fuzzy_keys, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=score_cutoff
        ):
            keep(index, min(float(similarity), 80.0), "similar")
        return scored
