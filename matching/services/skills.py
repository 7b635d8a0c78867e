"""The skill taxonomy: add, change, read, list, and resolve codes in requests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import or_, select

from matching.db.models import Skill
from matching.db.queries import skills as skill_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.engine.skill_lookup import SkillReading
from matching.errors import FieldCandidate, FieldProblem, InvalidInput, NotFound
from matching.i18n import Named, Text
from matching.schemas.page import Page
from matching.schemas.skills import SkillCreate, SkillPublic, SkillUpdate
from matching.services.common import ensure_unique
from matching.services.context import ServiceContext
from matching.services.skill_search import read_skill_text, skill_names, suggest_skills

E = TypeVar("E")


def resolve_skill_codes(ctx: ServiceContext, texts: Sequence[str], *, field: str) -> list[Skill]:
    """Return the skill each entry of ``texts`` means, in order; a 422 for every entry that
    is unknown (with suggestions) or ambiguous (with its candidates: nothing is chosen
    for the clerk).

    Each entry is a skill code or what people call the skill (缝纫, 車工, sewign, cz):
    free text is read here, when it is written, never at ranking time. Two entries may
    mean the same skill (踩缝纫机 and 縫紉); :func:`merge_by_skill` makes them one.
    """
    readings = [read_skill_text(ctx, text) for text in texts]
    found = skill_queries.skills_by_code(
        ctx.session, [reading.skill_code for reading in readings if reading.skill_code]
    )
    problems: list[FieldProblem] = []
    for index, (text, reading) in enumerate(zip(texts, readings, strict=True)):
        path = f"{field}[{index}].skill"
        if reading.outcome == "ambiguous":
            problems.append(_ambiguous_problem(ctx, path, text, reading))
        elif reading.skill_code not in found:
            problems.append(FieldProblem(path, "unknown_skill", _unknown_message(ctx, text)))
    if problems:
        raise InvalidInput.many(problems)
    return [found[str(reading.skill_code)] for reading in readings]


def merge_by_skill(
    skills: Sequence[Skill], entries: Sequence[E], combine: Callable[[E, E], E]
) -> list[tuple[Skill, E]]:
    """Pair each skill with its entry, entries naming one skill combined into one.

    The first mention keeps its place; ``combine(kept, later)`` makes the merged entry.
    """
    merged: dict[int, tuple[Skill, E]] = {}
    for skill, entry in zip(skills, entries, strict=True):
        kept = merged.get(skill.id)
        merged[skill.id] = (skill, entry if kept is None else combine(kept[1], entry))
    return list(merged.values())


def _ambiguous_problem(
    ctx: ServiceContext, path: str, text: str, reading: SkillReading
) -> FieldProblem:
    candidates = tuple(
        FieldCandidate(code, name_zh, name_en)
        for code, name_zh, name_en in skill_names(ctx, [hit.skill_code for hit in reading.hits])
    )
    names = Named(
        "、".join(f"{c.name_zh}（{c.code}）" for c in candidates),
        ", ".join(f"{c.name_en} ({c.code})" for c in candidates),
    )
    message = Text(
        "“{text}” may mean several skills: {names}. Choose one and send its code",
        text=text,
        names=names,
    )
    return FieldProblem(path, "ambiguous_skill", message, candidates=candidates)


def _unknown_message(ctx: ServiceContext, text: str) -> Text:
    suggestions = suggest_skills(ctx, text, limit=3)
    if not suggestions:
        return Text("No skill “{text}” was found", text=text)
    names = Named(
        "、".join(f"{hit.name_zh}（{hit.code}）" for hit in suggestions),
        ", ".join(f"{hit.name_en} ({hit.code})" for hit in suggestions),
    )
    return Text("No skill “{text}” was found. Did you mean: {names}?", text=text, names=names)


def _public(ctx: ServiceContext, skills: Sequence[Skill]) -> list[SkillPublic]:
    related = skill_queries.related_codes(ctx.session, [skill.id for skill in skills])
    return [
        SkillPublic(
            code=skill.code,
            name_zh=skill.name_zh,
            name_en=skill.name_en,
            category=skill.category_code,
            synonyms_zh=list(skill.synonyms_zh),
            synonyms_en=list(skill.synonyms_en),
            occupation_code=skill.occupation_code,
            related=related.get(skill.id, []),
            created_at=skill.created_at,
            updated_at=skill.updated_at,
        )
        for skill in skills
    ]


def _require_category(ctx: ServiceContext, code: str) -> None:
    if not skill_queries.category_exists(ctx.session, code):
        raise InvalidInput(
            "category",
            "unknown_category",
            Text("There is no skill category with code {code}", code=code),
        )


def _related_skills(ctx: ServiceContext, codes: Sequence[str]) -> list[Skill]:
    found = skill_queries.skills_by_code(ctx.session, codes)
    problems = [
        FieldProblem(
            f"related[{index}]",
            "unknown_skill",
            Text("There is no skill with code {code}", code=code),
        )
        for index, code in enumerate(codes)
        if code not in found
    ]
    if problems:
        raise InvalidInput.many(problems)
    return [found[code] for code in dict.fromkeys(codes)]


def create_skill(ctx: ServiceContext, data: SkillCreate) -> SkillPublic:
    """Add a skill to the taxonomy."""
    ensure_unique(
        ctx.session,
        Skill.code,
        data.code,
        field="code",
        href="/api/v1/skills",
        label=Text("Skill code"),
        addressed_by_value=True,
    )
    _require_category(ctx, data.category)
    related = _related_skills(ctx, data.related)
    skill = Skill(
        code=data.code,
        name_zh=data.name_zh,
        name_en=data.name_en,
        category_code=data.category,
        synonyms_zh=data.synonyms_zh,
        synonyms_en=data.synonyms_en,
        occupation_code=data.occupation_code,
    )
    ctx.session.add(skill)
    ctx.session.flush()
    skill_queries.replace_relations(ctx.session, skill, related)
    ctx.session.flush()
    return _public(ctx, [skill])[0]


def update_skill(ctx: ServiceContext, code: str, data: SkillUpdate) -> SkillPublic:
    """Change a skill; ``related`` replaces its related skills."""
    skill = _require_skill(ctx, code)
    changes = data.changes()
    if "category" in changes:
        _require_category(ctx, changes["category"])
        skill.category_code = changes.pop("category")
    if "related" in changes:
        skill_queries.replace_relations(
            ctx.session, skill, _related_skills(ctx, changes.pop("related"))
        )
    for name, value in changes.items():
        setattr(skill, name, value)
    ctx.session.flush()
    return _public(ctx, [skill])[0]


def get_skill(ctx: ServiceContext, code: str) -> SkillPublic:
    """Read one skill by code."""
    return _public(ctx, [_require_skill(ctx, code)])[0]


SKILL_SORTS = {"code": Skill.code, "name_zh": Skill.name_zh, "name_en": Skill.name_en}
"""Sort keys of :func:`list_skills`; the API documents them."""


def list_skills(
    ctx: ServiceContext, page: PageRequest, *, category: str | None = None, q: str | None = None
) -> Page[SkillPublic]:
    """List skills, by category or name fragment (Chinese or English)."""
    statement = select(Skill)
    if category:
        statement = statement.where(Skill.category_code == category)
    if q:
        statement = statement.where(
            or_(
                Skill.name_zh.contains(q, autoescape=True),
                Skill.name_en.icontains(q, autoescape=True),
            )
        )
    statement = sorted_by(statement, page.sort, SKILL_SORTS, tiebreak=Skill.id)
    rows, total = fetch_page(ctx.session, statement, page)
    return Page(items=_public(ctx, rows), total=total, limit=page.limit, offset=page.offset)


def _require_skill(ctx: ServiceContext, code: str) -> Skill:
    skill = skill_queries.skill_by_code(ctx.session, code)
    if skill is None:
        raise NotFound("skill", code)
    return skill
