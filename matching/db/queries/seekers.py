"""Queries over seekers."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from matching.db.models import Community, Proposal, Seeker, SeekerConsent, SeekerSkill, Skill
from matching.db.models.proposals import OPEN_STATUSES
from matching.enums import ConsentScope
from matching.identifiers.pinyin import pinyin_query
from matching.identifiers.simplified import name_search_key


def seeker_id_by_resident_index(session: Session, index: str) -> int | None:
    """Return the id of the seeker whose resident ID number has this blind index."""
    return session.scalar(select(Seeker.id).where(Seeker.resident_id_index == index))


def has_data_use_consent(session: Session, seeker_id: int) -> bool:
    """Whether the seeker's data may be used now: a data-use consent not withdrawn."""
    found = session.scalar(
        select(SeekerConsent.id)
        .where(
            SeekerConsent.seeker_id == seeker_id,
            SeekerConsent.scope == ConsentScope.data_use,
            SeekerConsent.withdrawn_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


def with_skills(statement: Select[Any]) -> Select[Any]:
    """Load skills (with their names) alongside seekers: what a match card shows."""
    return statement.options(selectinload(Seeker.skills).joinedload(SeekerSkill.skill))


def with_details(statement: Select[Any]) -> Select[Any]:
    """Load skills (with their names) and consents alongside seekers."""
    return with_skills(statement).options(selectinload(Seeker.consents))


_DIGITS = re.compile(r"^[0-9]+$")


def matching_text(statement: Select[Any], q: str) -> Select[Any]:
    """Filter by what a clerk types: a phone tail; pinyin of the whole name or of the
    given name, or initials, with or without spaces (``wang xiu lan``, ``Wang Xiulan``,
    ``xiulan``, ``wxl``) as a prefix; else a fragment of the name, in simplified or
    traditional characters (王秀蘭 finds 王秀兰).

    The pinyin forms are prefix matches on indexed columns; a name fragment is a
    substring match, which no btree index serves.
    """
    # Full-width digits and letters (a Chinese IME) count as their ASCII forms here.
    text = unicodedata.normalize("NFKC", q.strip().lower())
    if _DIGITS.match(text):
        return statement.where(Seeker.phone_tail.endswith(text, autoescape=True))
    key = pinyin_query(text)
    if key is not None:
        return statement.where(
            or_(
                Seeker.name_initials.startswith(key, autoescape=True),
                Seeker.name_pinyin.startswith(key, autoescape=True),
                Seeker.given_name_pinyin.startswith(key, autoescape=True),
            )
        )
    return statement.where(Seeker.name_search.contains(name_search_key(q), autoescape=True))


def with_skill(statement: Select[Any], code: str) -> Select[Any]:
    """Only seekers who have the skill with this code."""
    having = (
        select(SeekerSkill.seeker_id)
        .join(Skill, Skill.id == SeekerSkill.skill_id)
        .where(Skill.code == code)
    )
    return statement.where(Seeker.id.in_(having))


def in_subdistrict(statement: Select[Any], subdistrict_id: int) -> Select[Any]:
    """Only seekers living in this subdistrict."""
    return statement.join(Community, Community.id == Seeker.community_id).where(
        Community.subdistrict_id == subdistrict_id
    )


def waiting_since() -> ColumnElement[datetime]:
    """When the seeker's wait began: her last proposal, else her registration."""
    last_proposal = (
        select(func.max(Proposal.created_at))
        .where(Proposal.seeker_id == Seeker.id)
        .correlate(Seeker)
        .scalar_subquery()
    )
    return func.coalesce(last_proposal, Seeker.created_at, type_=Seeker.created_at.type)


def without_open_proposal(statement: Select[Any]) -> Select[Any]:
    """Keep seekers with no proposal waiting for an answer (proposed, accepted, interviewed)."""
    open_proposal = select(Proposal.id).where(
        Proposal.seeker_id == Seeker.id, Proposal.status.in_(OPEN_STATUSES)
    )
    return statement.where(~open_proposal.exists())
