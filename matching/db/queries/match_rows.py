"""Bulk reads that feed the in-memory match index: plain rows, no ORM object per seeker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, exists, func, select
from sqlalchemy.orm import Session

from matching.db.models import (
    Posting,
    PostingSkill,
    Proposal,
    Seeker,
    SeekerConsent,
    SeekerSkill,
    Skill,
    SkillRelation,
)
from matching.db.models.proposals import OPEN_STATUSES
from matching.enums import ConsentScope


def _consented(scope: ConsentScope) -> Any:
    return exists().where(
        and_(
            SeekerConsent.seeker_id == Seeker.id,
            SeekerConsent.scope == scope,
            SeekerConsent.withdrawn_at.is_(None),
        )
    )


def _pending_proposals() -> Any:
    return (
        select(func.count(Proposal.id))
        .where(Proposal.seeker_id == Seeker.id, Proposal.status.in_(OPEN_STATUSES))
        .scalar_subquery()
    )


def _last_hired_at() -> Any:
    return (
        select(func.max(Proposal.hired_at)).where(Proposal.seeker_id == Seeker.id).scalar_subquery()
    )


SEEKER_COLUMNS = (
    Seeker.id,
    Seeker.lat,
    Seeker.lon,
    Seeker.max_travel_km,
    Seeker.travel_mode,
    Seeker.homebound,
    Seeker.caregiver,
    Seeker.disability,
    Seeker.birth_date,
    Seeker.availability,
    Seeker.min_pay_yuan,
    Seeker.min_pay_unit,
    Seeker.status,
    Seeker.erased_at,
    Seeker.community_id,
    Seeker.registered_station_id,
    Seeker.created_at,
    _consented(ConsentScope.data_use).label("data_use"),
    _consented(ConsentScope.automated_matching).label("automated_matching"),
    _pending_proposals().label("pending_proposals"),
    _last_hired_at().label("last_hired_at"),
)


def seeker_rows(
    session: Session, *, since_version: int | None = None, ids: Sequence[int] | None = None
) -> Sequence[Row[Any]]:
    """Seekers changed after ``since_version`` (all when None), or exactly ``ids``."""
    statement = select(*SEEKER_COLUMNS).order_by(Seeker.id)
    if since_version is not None:
        statement = statement.where(Seeker.change_version > since_version)
    if ids is not None:
        statement = statement.where(Seeker.id.in_(ids))
    return session.execute(statement).all()


def seeker_skill_rows(
    session: Session, seeker_ids: Sequence[int] | None
) -> dict[int, list[tuple[int, int]]]:
    """(skill id, level) of each seeker; all seekers when ``seeker_ids`` is None."""
    statement = select(SeekerSkill.seeker_id, SeekerSkill.skill_id, SeekerSkill.level)
    if seeker_ids is not None:
        statement = statement.where(SeekerSkill.seeker_id.in_(seeker_ids))
    skills: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for seeker_id, skill_id, level in session.execute(statement):
        skills[seeker_id].append((skill_id, level))
    return skills


def posting_rows(
    session: Session, *, since_version: int | None = None, ids: Sequence[int] | None = None
) -> Sequence[Posting]:
    """Postings changed after ``since_version`` (all when None), or exactly ``ids``.

    Postings are few (thousands), so ORM objects are fine here.
    """
    statement = select(Posting).order_by(Posting.id)
    if since_version is not None:
        statement = statement.where(Posting.change_version > since_version)
    if ids is not None:
        statement = statement.where(Posting.id.in_(ids))
    return session.scalars(statement).all()


def posting_skill_rows(
    session: Session, posting_ids: Sequence[int] | None
) -> dict[int, list[tuple[int, int, bool]]]:
    """(skill id, min level, required) of each posting."""
    statement = select(
        PostingSkill.posting_id,
        PostingSkill.skill_id,
        PostingSkill.min_level,
        PostingSkill.required,
    )
    if posting_ids is not None:
        statement = statement.where(PostingSkill.posting_id.in_(posting_ids))
    skills: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
    for posting_id, skill_id, min_level, required in session.execute(statement):
        skills[posting_id].append((skill_id, min_level, required))
    return skills


def skill_taxonomy(
    session: Session,
) -> tuple[list[tuple[int, str, str, str]], list[tuple[int, int]]]:
    """(id, code, 中文名, English name) of every skill by id, and every related pair of ids."""
    skills = [
        (row.id, row.code, row.name_zh, row.name_en)
        for row in session.execute(
            select(Skill.id, Skill.code, Skill.name_zh, Skill.name_en).order_by(Skill.id)
        )
    ]
    pairs = [
        (a, b)
        for a, b in session.execute(select(SkillRelation.skill_id, SkillRelation.related_skill_id))
    ]
    return skills, pairs
