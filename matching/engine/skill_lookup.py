"""Find skills by what people type: names, synonyms and pinyin, forgiving typos.

Used when a skill is *written* (autocomplete, normalising free text); ranking never
matches skills fuzzily.

:meth:`SkillLookup.read` says what typed text means, in one of three ways: one skill
(a clear winner), ``ambiguous`` (several skills fit about equally: a person chooses,
nothing is picked silently) or ``unknown`` (with suggestions). The rule:

1. *Exact* aliases (equal after :func:`normalize_text`) come first, by kind: a code,
   then a name, then a synonym, then the pinyin of a name or synonym, then initials.
   Only the strongest kind present counts; one skill there wins, several are ambiguous
   (``cz`` is the initials of 搓澡, 采摘, 串珠...; ``jianzhi`` the pinyin of 剪纸 and 剪枝).
2. Otherwise every skill with a *sound* alias equal to the text's sound (a homophone
   slip: 中国节 for 中国结; see ``sound=``) and the near matches count together. A near
   match is *sure* if it is a typo (one edit, two in words of 8+ characters; in three
   Chinese characters one missing, extra or swapped character) or a prefix covering at
   least 3/4 of the alias (half of it, in two or more Chinese characters); with a sure
   one, the near matches are every skill within :data:`MARGIN` points of it on the
   0-100 scale of :meth:`SkillLookup.search` and, for Chinese text, every skill with an
   alias containing the text (保洁 is in both 家政保洁 and 物业保洁). One skill in all
   that wins; several are ambiguous.
3. Anything else is unknown; the reading carries the best suggestions.

How well this reads what clerks type is measured on a labelled set
(``tests/data/typed_skills.csv``, ``tests/services/test_typed_skills.py``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = [
    "EXACT_TIERS",
    "MARGIN",
    "MAX_CANDIDATES",
    "SkillAlias",
    "SkillHit",
    "SkillLookup",
    "SkillReading",
    "normalize_text",
]


def normalize_text(text: str) -> str:
    """Fold width and case and drop spaces, so ``"Ｓｅｗing "`` and ``"sewing"`` compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split())


CANONICAL_KINDS = frozenset({"code", "name_zh", "name_en", "pinyin"})

EXACT_TIERS: Final = {
    "code": 0,
    "name_zh": 1,
    "name_en": 1,
    "synonym_zh": 2,
    "synonym_en": 2,
    "pinyin": 3,
    "synonym_pinyin": 3,
    "initials": 4,
}
"""Which exact alias wins over which (lower first); kinds on one tier can tie."""

MARGIN: Final = 5.0
"""A near match wins only when every other skill scores this much lower (0-100 scale)."""

MAX_CANDIDATES: Final = 10
"""At most this many skills are offered for an ambiguous or unknown text."""

Outcome = Literal["skill", "ambiguous", "unknown"]


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
    how: str = "exact"  # exact, prefix, typo, similar, contains or sound (SkillLookup.read)


@dataclass(frozen=True, slots=True)
class SkillReading:
    """What typed text means: ``skill`` (``hits`` holds the one skill), ``ambiguous``
    (``hits`` are the candidates, best first) or ``unknown`` (``hits`` are suggestions,
    possibly none)."""

    outcome: Outcome
    hits: tuple[SkillHit, ...] = ()

    @property
    def skill_code(self) -> str | None:
        """The code of the skill meant, or None unless the outcome is ``skill``."""
        return self.hits[0].skill_code if self.outcome == "skill" else None


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
        everything = tuple(aliases)
        self.aliases_: tuple[SkillAlias, ...] = tuple(a for a in everything if a.kind != "sound")
        self._keys: list[str] = [normalize_text(alias.text) for alias in self.aliases_]
        self._exact: dict[str, list[SkillAlias]] = {}
        for key, alias in zip(self._keys, self.aliases_, strict=True):
            self._exact.setdefault(key, []).append(alias)
        self._sounds: dict[str, list[SkillAlias]] = {}
        for alias in everything:
            if alias.kind == "sound":
                self._sounds.setdefault(alias.text, []).append(alias)

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

    def read(self, text: str, *, sound: str | None = None, margin: float = MARGIN) -> SkillReading:
        """Return what ``text`` means: one skill, several candidates, or none (see the
        module docstring for the rule). ``sound`` is how the text sounds, in the form of
        the ``sound`` aliases (a homophone slip such as 中国节 sounds like 中国结)."""
        key = normalize_text(text)
        if not key:
            return SkillReading("unknown")
        exact = self._exact.get(key)
        if exact:
            return _exact_reading(exact)
        close: dict[str, SkillHit] = {}
        for alias in self._sounds.get(sound or "", []):
            heard = SkillHit(alias.skill_code, alias.text, alias.kind, 95.0, "sound")
            close.setdefault(alias.skill_code, heard)
        for hit in self._near(text, key, margin):
            close.setdefault(hit.skill_code, hit)
        if not close:
            return SkillReading("unknown", tuple(self.search(text, limit=3)))
        hits = tuple(close.values())[:MAX_CANDIDATES]
        return SkillReading("skill" if len(hits) == 1 else "ambiguous", hits)

    def _near(self, text: str, key: str, margin: float) -> list[SkillHit]:
        """The sure near match and every skill about as close, or none if none is sure."""
        hits = self.search(text, limit=MAX_CANDIDATES, score_cutoff=85.0)
        sure = [hit for hit in hits if _is_sure(hit, key)]
        if not sure:
            return []
        # Sorted best first, so the close ones are a leading run that includes sure[0].
        close = [hit for hit in hits if hit.score > sure[0].score - margin]
        return close + self._containing(key, {hit.skill_code for hit in close})

    def resolve(self, text: str) -> SkillHit | None:
        """Return the one skill ``text`` surely means, or None when unknown or ambiguous."""
        reading = self.read(text)
        return reading.hits[0] if reading.outcome == "skill" else None

    def _containing(self, key: str, known: set[str]) -> list[SkillHit]:
        """Other skills with an alias containing Chinese ``key`` (保洁 in 物业保洁): as
        likely as a prefix, since a Chinese name's head is often its last characters."""
        if not all(map(_is_han, key)):
            return []
        found: dict[str, SkillHit] = {}
        for alias_key, alias in zip(self._keys, self.aliases_, strict=True):
            if key in alias_key and alias.skill_code not in known:
                found.setdefault(
                    alias.skill_code,
                    SkillHit(alias.skill_code, alias.text, alias.kind, 80.0, "contains"),
                )
        return [found[code] for code in sorted(found)]

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
        # Three Chinese characters allow one missing, extra or swapped character, but no
        # other character in place of one (修手表 is not 修手机; a slip of the same sound
        # is read by its sound instead).
        short_han = len(key) == 3 and all(map(_is_han, key))
        allowed = 2 if len(key) >= 8 else 1 if len(key) >= 4 or short_han else 0
        if allowed:
            for _text, distance, index in process.extract(
                key, fuzzy_keys, scorer=OSA.distance, score_cutoff=allowed, limit=limit * 8
            ):
                other = fuzzy_keys[index]
                if short_han and len(other) == len(key) and sorted(other) != sorted(key):
                    continue
                length = max(len(key), len(other))
                keep(index, 85.0 + 4.0 * (1.0 - distance / length), "typo")
        # Loose similarity only suggests: it stays below what resolve() accepts.
        for _text, similarity, index in process.extract(
            key, fuzzy_keys, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=score_cutoff
        ):
            keep(index, min(float(similarity), 80.0), "similar")
        return scored


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_sure(hit: SkillHit, key: str) -> bool:
    """A typo, or a prefix long enough to be the alias rather than the start of several:
    3/4 of it, or half of it in two or more Chinese characters (each is a syllable, and
    nearly a word: 穿珠 is 穿珠子, while ``chua`` could start anything)."""
    if hit.how == "typo":
        return True
    if hit.how != "prefix":
        return False
    covered = len(key) / len(normalize_text(hit.matched))
    return covered >= 0.75 or (covered >= 0.5 and len(key) >= 2 and all(map(_is_han, key)))


def _exact_reading(aliases: list[SkillAlias]) -> SkillReading:
    tier = min(EXACT_TIERS.get(alias.kind, len(EXACT_TIERS)) for alias in aliases)
    strongest: dict[str, SkillAlias] = {}
    for alias in aliases:
        if EXACT_TIERS.get(alias.kind, len(EXACT_TIERS)) == tier:
            strongest.setdefault(alias.skill_code, alias)
    hits = tuple(
        SkillHit(alias.skill_code, alias.text, alias.kind, 100.0)
        for _code, alias in sorted(strongest.items())
    )[:MAX_CANDIDATES]
    return SkillReading("skill" if len(hits) == 1 else "ambiguous", hits)
