"""The skill taxonomy and skill autocomplete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from matching.api.dependencies import SEARCH_TEXT, ContextDep, TextQuery, paging
from matching.api.problems import PROBLEM_RESPONSES
from matching.db.queries.common import PageRequest
from matching.schemas.page import Page
from matching.schemas.skills import SkillCreate, SkillPublic, SkillSuggestion, SkillUpdate
from matching.services import skill_search, skills

router = APIRouter(prefix="/skills", tags=["skills"], responses=PROBLEM_RESPONSES)
SkillCodePath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
SkillPage = Annotated[PageRequest, Depends(paging(skills.SKILL_SORTS))]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_skill(ctx: ContextDep, body: SkillCreate) -> SkillPublic:
    """Add a skill to the taxonomy."""
    return skills.create_skill(ctx, body)


@router.get("")
def list_skills(
    ctx: ContextDep,
    page: SkillPage,
    category: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,31}$")] = None,
    q: TextQuery = None,
) -> Page[SkillPublic]:
    """List skills, by category or name fragment."""
    return skills.list_skills(ctx, page, category=category, q=q)


@router.get("/autocomplete")
def autocomplete_skills(
    ctx: ContextDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=30,
            description="What the clerk typed: 汉字, English, pinyin or initials",
        ),
        SEARCH_TEXT,
    ],
    limit: Annotated[int, Query(ge=1, le=30)] = 10,
) -> list[SkillSuggestion]:
    """Suggest skills for what a clerk typed, tolerant of typos."""
    return skill_search.suggest_skills(ctx, q, limit=limit)


@router.get("/{code}")
def get_skill(ctx: ContextDep, code: SkillCodePath) -> SkillPublic:
    """Read a skill."""
    return skills.get_skill(ctx, code)


@router.patch("/{code}")
def update_skill(ctx: ContextDep, code: SkillCodePath, body: SkillUpdate) -> SkillPublic:
    """Change a skill."""
    return skills.update_skill(ctx, code, body)
