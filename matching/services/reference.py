"""Load reference data from ``data/``: the 肥城 geography and the skill taxonomy.

Loading is an idempotent upsert by code, so it can run on every deployment.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from matching.db.models import Community, Skill, SkillCategory, SkillRelation, Subdistrict
from matching.enums import CommunityKind, SubdistrictKind
from matching.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class LoadReport:
    """How many rows of each kind are present after loading."""

    subdistricts: int
    communities: int
    skill_categories: int
    skills: int


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


def subdistrict_kind(name: str) -> SubdistrictKind:
    """街道 are urban subdistricts; 镇 and 乡 are towns."""
    return SubdistrictKind.street if name.endswith("街道") else SubdistrictKind.town


def community_kind(name: str) -> CommunityKind:
    """村委会 are villages; 社区 and 居委会 are urban."""
    return (
        CommunityKind.village
        if name.endswith("村委会") or name.endswith("村")
        else (CommunityKind.residential)
    )


def load_geography(ctx: ServiceContext, directory: Path) -> tuple[int, int]:
    """Upsert towns and communities from ``directory/towns.csv`` and ``communities.csv``."""
    session = ctx.session
    towns = {row.code: row for row in session.scalars(select(Subdistrict))}
    for row in _rows(directory / "towns.csv"):
        town = towns.get(row["code"]) or Subdistrict(code=row["code"])
        town.name, town.kind = row["name"], subdistrict_kind(row["name"])
        town.lat, town.lon = float(row["lat"]), float(row["lon"])
        town.location_approximate = row["location_approximate"].lower() == "true"
        towns[town.code] = town
        session.add(town)
    session.flush()
    communities = {row.code: row for row in session.scalars(select(Community))}
    for row in _rows(directory / "communities.csv"):
        community = communities.get(row["code"]) or Community(code=row["code"])
        community.name, community.kind = row["name"], community_kind(row["name"])
        community.subdistrict_id = towns[row["town_code"]].id
        community.lat, community.lon = float(row["lat"]), float(row["lon"])
        community.location_approximate = row["location_approximate"].lower() == "true"
        communities[community.code] = community
        session.add(community)
    session.flush()
    return len(towns), len(communities)


def load_skills(ctx: ServiceContext, directory: Path) -> tuple[int, int]:
    """Upsert skill categories, skills and their relations from ``directory``."""
    session = ctx.session
    categories = {row.code: row for row in session.scalars(select(SkillCategory))}
    for row in _rows(directory / "skill_categories.csv"):
        category = categories.get(row["code"]) or SkillCategory(code=row["code"])
        category.name_zh, category.name_en = row["name_zh"], row["name_en"]
        categories[category.code] = category
        session.add(category)
    session.flush()
    skills = {row.code: row for row in session.scalars(select(Skill))}
    related: dict[str, list[str]] = {}
    for row in _rows(directory / "skills.csv"):
        skill = skills.get(row["code"]) or Skill(code=row["code"])
        skill.name_zh, skill.name_en = row["name_zh"], row["name_en"]
        skill.category_code = row["category"]
        skill.synonyms_zh, skill.synonyms_en = (
            _split(row["synonyms_zh"]),
            _split(row["synonyms_en"]),
        )
        skill.occupation_code = row["occupation_code"] or None
        skills[skill.code] = skill
        related[skill.code] = _split(row["related"])
        session.add(skill)
    session.flush()
    existing: set[tuple[int, int]] = {
        (left, right)
        for left, right in session.execute(
            select(SkillRelation.skill_id, SkillRelation.related_skill_id)
        )
    }
    for code, others in related.items():
        for other in others:
            pair = (skills[code].id, skills[other].id)
            if pair not in existing:
                session.add(SkillRelation(skill_id=pair[0], related_skill_id=pair[1]))
                existing.add(pair)
    session.flush()
    return len(categories), len(skills)


def load_reference_data(ctx: ServiceContext, data_dir: Path) -> LoadReport:
    """Load geography and skills; safe to run again."""
    towns, communities = load_geography(ctx, data_dir / "feicheng")
    categories, skills = load_skills(ctx, data_dir)
    return LoadReport(towns, communities, categories, skills)
