"""Skills of the taxonomy and skill autocomplete."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from matching.schemas.base import VISIBLE, LongName, PatchModel, PublicModel, StrictModel

SkillCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$"),
    Field(description="Canonical skill code, e.g. `sewing`", examples=["sewing"]),
]
SkillRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50, strip_whitespace=True),
    Field(
        description="Skill code, or what people call it (缝纫, 車工, sewign): normalised to "
        "the canonical skill when written",
        examples=["sewing", "缝纫"],
    ),
]
OccupationCode = Annotated[str, StringConstraints(pattern=r"^\d-\d{2}-\d{2}-\d{2}$")]
SkillName = Annotated[str, StringConstraints(min_length=1, max_length=50), VISIBLE]
Synonyms = Annotated[list[SkillName], Field(max_length=30)]


class SkillCreate(StrictModel):
    """A new skill of the taxonomy."""

    code: SkillCode
    name_zh: SkillName
    name_en: LongName
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
    synonyms_zh: Synonyms = Field(default_factory=list)
    synonyms_en: Synonyms = Field(default_factory=list)
    occupation_code: OccupationCode | None = Field(
        default=None, description="职业分类大典 (2022) detailed occupation code"
    )
    related: Annotated[list[SkillCode], Field(max_length=10)] = Field(default_factory=list)


class SkillUpdate(PatchModel):
    """Changes to a skill; ``related`` replaces the whole list."""

    nullable_fields = frozenset({"occupation_code"})

    name_zh: SkillName | None = None
    name_en: LongName | None = None
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")] | None = None
    synonyms_zh: Synonyms | None = None
    synonyms_en: Synonyms | None = None
    occupation_code: OccupationCode | None = None
    related: Annotated[list[SkillCode], Field(max_length=10)] | None = None


class SkillPublic(PublicModel):
    """A skill as the API shows it."""

    code: str
    name_zh: str
    name_en: str
    category: str
    synonyms_zh: list[str]
    synonyms_en: list[str]
    occupation_code: str | None
    related: list[str]
    created_at: datetime
    updated_at: datetime


class SkillSuggestion(PublicModel):
    """One autocomplete answer: the skill and what in it matched the query."""

    code: str
    name_zh: str
    name_en: str
    category: str
    matched: str = Field(description="The name, synonym or pinyin that matched")
    score: float = Field(description="Similarity on a 0-100 scale")
