"""Queries over the skill taxonomy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from matching.db.models import Skill, SkillCategory, SkillRelation


def skills_by_code(session: Session, codes: Iterable[str]) -> dict[str, Skill]:
    """Return the skills with these codes, by code (unknown codes are absent)."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = session.scalars(select(Skill).where(Skill.code.in_(wanted))).all()
    return {skill.code: skill for skill in rows}


def related_skill_ids(session: Session, skill_ids: Iterable[int]) -> set[int]:
    """Ids of the skills the taxonomy relates to any of ``skill_ids``."""
    wanted = set(skill_ids)
    if not wanted:
        return set()
    statement = select(SkillRelation.related_skill_id).where(SkillRelation.skill_id.in_(wanted))
    return set(session.scalars(statement))


def skill_by_code(session: Session, code: str) -> Skill | None:
    """Return one skill by code."""
    return session.scalar(select(Skill).where(Skill.code == code))


def category_exists(session: Session, code: str) -> bool:
    """Whether a skill category with this code exists."""
    return session.get(SkillCategory, code) is not None


def related_codes(session: Session, skill_ids: Sequence[int]) -> dict[int, list[str]]:
    """Return the related skill codes of each skill id, sorted."""
    if not skill_ids:
        return {}
    related = aliased(Skill)
    rows = session.execute(
        select(SkillRelation.skill_id, related.code)
        .join(related, related.id == SkillRelation.related_skill_id)
        .where(SkillRelation.skill_id.in_(skill_ids))
        .order_by(SkillRelation.skill_id, related.code)
    ).all()
    result: dict[int, list[str]] = {skill_id: [] for skill_id in skill_ids}
    for skill_id, code in rows:
        result[skill_id].append(code)
    return result


def replace_relations(session: Session, skill: Skill, related: Sequence[Skill]) -> None:
    """Make ``related`` the skill's related skills, in both directions."""
    session.execute(
        delete(SkillRelation).where(
            (SkillRelation.skill_id == skill.id) | (SkillRelation.related_skill_id == skill.id)
        )
    )
    for other in related:
        if other.id == skill.id:
            continue
        session.add(SkillRelation(skill_id=skill.id, related_skill_id=other.id))
        session.add(SkillRelation(skill_id=other.id, related_skill_id=skill.id))


def taxonomy_version(session: Session) -> tuple[int, str]:
    """A cheap fingerprint of the taxonomy: count and latest change."""
    count, latest = session.execute(select(func.count(Skill.id), func.max(Skill.updated_at))).one()
    return int(count), str(latest)


def all_skills(session: Session) -> Sequence[Skill]:
    """Every skill, by code."""
    return session.scalars(select(Skill).order_by(Skill.code)).all()
