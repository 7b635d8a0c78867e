"""Skill autocomplete over Chinese and English names, synonyms and pinyin."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache

import opencc

from matching.db.models import Skill
from matching.db.queries import skills as skill_queries
from matching.engine.skill_lookup import SkillAlias, SkillLookup
from matching.identifiers.pinyin import name_initials, name_pinyin
from matching.schemas.skills import SkillSuggestion
from matching.services.context import ServiceContext

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, str], SkillLookup, dict[str, Skill]]] = {}


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (縫紉 -> 缝纫); other text unchanged."""
    return str(_traditional_to_simplified().convert(text))


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


def resolve_skill_text(ctx: ServiceContext, text: str) -> str | None:
    """The one canonical skill code ``text`` means (name, synonym, pinyin, traditional
    characters or a small typo), or None when nothing fits clearly."""
    lookup, _skills = _lookup(ctx)
    hit = lookup.resolve(to_simplified(text))
    return hit.skill_code if hit else None


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
    lookup = SkillLookup(alias for skill in rows for alias in skill_aliases(skill))
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


def skill_aliases(skill: Skill) -> Iterator[SkillAlias]:
    """Every way to say ``skill``: names, synonyms, and pinyin of the Chinese ones."""
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
        yield SkillAlias(skill.code, name_pinyin(text), pinyin_kind)
        yield SkillAlias(skill.code, name_initials(text), "initials")
