"""What a clerk typed for a skill: autocomplete, and reading free text as one skill.

Names, synonyms and pinyin, Chinese or English, traditional characters (OpenCC t2s)
and small typos. :func:`read_skill` is the one function that turns typed text into a
skill, several candidates, or nothing; labelled sets of typed text are measured with it
(see ``tests/services/test_typed_skills.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from matching.db.models import Skill
from matching.db.queries import skills as skill_queries
from matching.engine.skill_lookup import SkillAlias, SkillLookup, SkillReading
from matching.identifiers.pinyin import phrase_initials, phrase_pinyin, phrase_syllables
from matching.identifiers.simplified import to_simplified
from matching.schemas.skills import SkillSuggestion
from matching.services.context import ServiceContext

__all__ = [
    "NamedSkill",
    "read_skill",
    "read_skill_text",
    "skill_aliases",
    "skill_lookup",
    "skill_names",
    "sound_of",
    "suggest_skills",
    "to_simplified",
]

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, str], SkillLookup, dict[str, Skill]]] = {}


class NamedSkill(Protocol):
    """What naming a skill takes: a taxonomy row, or a row of ``data/skills.csv``."""

    @property
    def code(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def synonyms_zh(self) -> Sequence[str]: ...
    @property
    def synonyms_en(self) -> Sequence[str]: ...


def suggest_skills(ctx: ServiceContext, query: str, *, limit: int = 10) -> list[SkillSuggestion]:
    """Return the skills best matching what a clerk typed, best first."""
    lookup, skills = _lookup(ctx)
    hits = lookup.search(to_simplified(query), limit=limit)
    return [
        SkillSuggestion(
            code=hit.skill_code,
            name_zh=skills[hit.skill_code].name_zh,
            name_en=skills[hit.skill_code].name_en,
            category=skills[hit.skill_code].category_code,
            matched=hit.matched,
            score=round(hit.score, 1),
        )
        for hit in hits
    ]


def read_skill(lookup: SkillLookup, text: str) -> SkillReading:
    """What ``text`` means in ``lookup``'s taxonomy: one skill, ambiguous, or unknown.

    Traditional characters are read as simplified ones, and Chinese text also by its
    sound (:func:`sound_of`); the rule is :meth:`SkillLookup.read`'s. Pure: a lookup
    built by :func:`skill_lookup` from ``data/skills.csv`` reads as the service does.
    """
    simplified = to_simplified(text)
    return lookup.read(simplified, sound=sound_of(simplified.strip()))


def sound_of(text: str) -> str | None:
    """How Chinese text sounds, to read a homophone slip of a pinyin input method (中国节
    typed for 中国结): its syllables, with tones for two characters only - toneless
    two-syllable homophones are too many to trust (识字 shízì, 柿子 shìzi). None for
    text that is not two or more Chinese characters."""
    if len(text) < 2 or not all("\u4e00" <= char <= "\u9fff" for char in text):
        return None
    return "".join(phrase_syllables(text, tones=len(text) == 2))


def read_skill_text(ctx: ServiceContext, text: str) -> SkillReading:
    """:func:`read_skill` over the current taxonomy."""
    lookup, _skills = _lookup(ctx)
    return read_skill(lookup, text)


def skill_names(ctx: ServiceContext, codes: Iterable[str]) -> list[tuple[str, str, str]]:
    """``(code, name_zh, name_en)`` of each known code, in the order given."""
    skills = _lookup(ctx)[1]
    return [(code, skills[code].name_zh, skills[code].name_en) for code in codes if code in skills]


def skill_lookup(skills: Iterable[NamedSkill]) -> SkillLookup:
    """The lookup of every alias of ``skills``."""
    return SkillLookup(alias for skill in skills for alias in skill_aliases(skill))


def _lookup(ctx: ServiceContext) -> tuple[SkillLookup, dict[str, Skill]]:
    """The lookup for the current taxonomy, rebuilt only when the taxonomy changed."""
    key = str(ctx.session.get_bind().engine.url)
    version = skill_queries.taxonomy_version(ctx.session)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
    rows = skill_queries.all_skills(ctx.session)
    skills = {skill.code: _detached_copy(skill) for skill in rows}
    lookup = skill_lookup(rows)
    with _lock:
        _cache[key] = (version, lookup, skills)
    return lookup, skills


def _detached_copy(skill: Skill) -> Skill:
    return Skill(
        code=skill.code,
        name_zh=skill.name_zh,
        name_en=skill.name_en,
        category_code=skill.category_code,
    )


def skill_aliases(skill: NamedSkill) -> Iterator[SkillAlias]:
    """Every way to say ``skill``: names, synonyms, and the pinyin, initials and sound
    of the Chinese ones."""
    yield SkillAlias(skill.code, skill.code, "code")
    yield SkillAlias(skill.code, skill.name_en, "name_en")
    for synonym in skill.synonyms_en:
        yield SkillAlias(skill.code, synonym, "synonym_en")
    chinese: Sequence[tuple[str, str]] = [(skill.name_zh, "name_zh")] + [
        (synonym, "synonym_zh") for synonym in skill.synonyms_zh
    ]
    for text, kind in chinese:
        yield SkillAlias(skill.code, text, kind)
        pinyin_kind = "pinyin" if kind == "name_zh" else "synonym_pinyin"
        yield SkillAlias(skill.code, phrase_pinyin(text), pinyin_kind)
        yield SkillAlias(skill.code, phrase_initials(text), "initials")
        sound = sound_of(text)
        if sound:
            yield SkillAlias(skill.code, sound, "sound")
