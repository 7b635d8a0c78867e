"""Bulk reads that feed the in-memory match index: plain rows, no ORM object per seeker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, Final

from sqlalchemy import (
    Float,
    Integer,
    LargeBinary,
    Row,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from matching.db.functions import epoch_day, in_id_list
from matching.db.models import (
    AuditEvent,
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
from matching.enums import AuditAction, ConsentScope, ProposalStatus, SeekerStatus

SEEKER_FIELDS: Final = (
    "id",
    "lat",
    "lon",
    "max_travel_km",
    "travel_mode",
    "homebound",
    "caregiver",
    "disability",
    "birth_day",
    "availability",
    "min_pay_yuan",
    "min_pay_unit",
    "eligible",
    "community_id",
    "station_id",
    "created_day",
    "pending_proposals",
    "last_hired_day",
)
"""The values of :func:`seeker_field_rows`, in order."""


def _code(column: Any, values: Sequence[str]) -> Any:
    """The position of a string column's value in ``values`` (NULL stays NULL)."""
    return case({value: code for code, value in enumerate(values)}, value=column)


def _changed_seekers(since_version: int | None) -> Any:
    return select(Seeker.id).where(Seeker.change_version > since_version)


def _consent_flags(since_version: int | None) -> Any:
    statement = (
        select(
            SeekerConsent.seeker_id.label("seeker_id"),
            func.max(case((SeekerConsent.scope == ConsentScope.data_use, 1), else_=0)).label(
                "data_use"
            ),
            func.max(
                case((SeekerConsent.scope == ConsentScope.automated_matching, 1), else_=0)
            ).label("automated_matching"),
        )
        .where(SeekerConsent.withdrawn_at.is_(None))
        .group_by(SeekerConsent.seeker_id)
    )
    if since_version is not None:
        statement = statement.where(SeekerConsent.seeker_id.in_(_changed_seekers(since_version)))
    return statement.subquery("consent_flags")


def _proposal_counts(since_version: int | None) -> Any:
    statement = select(
        Proposal.seeker_id.label("seeker_id"),
        func.sum(case((Proposal.status.in_(OPEN_STATUSES), 1), else_=0)).label("pending"),
        func.max(Proposal.hired_at).label("last_hired_at"),
    ).group_by(Proposal.seeker_id)
    if since_version is not None:
        statement = statement.where(Proposal.seeker_id.in_(_changed_seekers(since_version)))
    return statement.subquery("proposal_counts")


def seeker_field_rows(
    session: Session,
    *,
    travel_modes: Sequence[str],
    pay_units: Sequence[str],
    utc_offset_hours: int,
    since_version: int | None = None,
    batch_rows: int = 65_536,
) -> Iterator[Sequence[Row[Any]]]:
    """Seekers changed after ``since_version`` (all when None) as plain values, in batches.

    One row per seeker with the values of ``SEEKER_FIELDS``, ordered by id, shaped so
    that nothing needs converting in Python: enums as their position in
    ``travel_modes`` / ``pay_units``, flags as 0/1, dates as :class:`epoch_day`,
    money as float, availability as its 42 stored bytes (registration and last hire as
    local days at ``utc_offset_hours``, the city's calendar); ``eligible`` is active, not
    erased and consenting to both data use and automated matching. Consents and
    proposals are aggregated once and joined, not looked up per seeker.
    """
    consents = _consent_flags(since_version)
    proposals = _proposal_counts(since_version)
    eligible = case(
        (
            and_(
                Seeker.status == SeekerStatus.active,
                Seeker.erased_at.is_(None),
                consents.c.data_use == 1,
                consents.c.automated_matching == 1,
            ),
            1,
        ),
        else_=0,
    )
    values = (
        Seeker.id,
        Seeker.lat,
        Seeker.lon,
        Seeker.max_travel_km,
        _code(Seeker.travel_mode, travel_modes),
        type_coerce(Seeker.homebound, Integer),
        type_coerce(Seeker.caregiver, Integer),
        type_coerce(Seeker.disability, Integer),
        epoch_day(Seeker.birth_date),
        type_coerce(Seeker.availability, LargeBinary),
        cast(Seeker.min_pay_yuan, Float),
        _code(Seeker.min_pay_unit, pay_units),
        eligible,
        Seeker.community_id,
        Seeker.registered_station_id,
        epoch_day(Seeker.created_at, utc_offset_hours),
        func.coalesce(proposals.c.pending, 0),
        epoch_day(proposals.c.last_hired_at, utc_offset_hours),
    )
    # Each value carries its SEEKER_FIELDS name; a missing or extra one fails here.
    labelled = [value.label(name) for name, value in zip(SEEKER_FIELDS, values, strict=True)]
    statement = (
        select(*labelled)
        .outerjoin(consents, consents.c.seeker_id == Seeker.id)
        .outerjoin(proposals, proposals.c.seeker_id == Seeker.id)
        .order_by(Seeker.id)
    )
    if since_version is not None:
        statement = statement.where(Seeker.change_version > since_version)
    # Core, not the ORM: rows of plain values need no per-row ORM bookkeeping.
    result = session.connection().execute(statement.execution_options(yield_per=batch_rows))
    yield from result.partitions()


def seeker_skill_field_rows(
    session: Session, *, since_version: int | None = None, batch_rows: int = 262_144
) -> Iterator[Sequence[Row[int, int, int]]]:
    """(seeker id, skill id, level) of seekers changed after ``since_version``, in batches."""
    statement = select(SeekerSkill.seeker_id, SeekerSkill.skill_id, SeekerSkill.level)
    if since_version is not None:
        statement = statement.where(SeekerSkill.seeker_id.in_(_changed_seekers(since_version)))
    # Core, not the ORM: rows of plain values need no per-row ORM bookkeeping.
    result = session.connection().execute(statement.execution_options(yield_per=batch_rows))
    yield from result.partitions()


def _data_use_consented() -> Any:
    """Whether the seeker of the outer query has a current data-use consent (0/1)."""
    return (
        select(func.count(SeekerConsent.id))
        .where(
            SeekerConsent.seeker_id == Seeker.id,
            SeekerConsent.scope == ConsentScope.data_use,
            SeekerConsent.withdrawn_at.is_(None),
        )
        .correlate(Seeker)
        .scalar_subquery()
        > 0
    )


def _reliability_columns() -> tuple[Any, ...]:
    """``no_shows``, ``left_early`` and ``cleared_at`` of the seeker of the outer query.

    A clerk's override (an audit row on ``seeker:<uid>``) clears the record: only
    outcomes that ended after the latest override count.
    """
    cleared_at = (
        select(func.max(AuditEvent.at))
        .where(
            AuditEvent.action == AuditAction.override,
            AuditEvent.object_ref == literal("seeker:") + Seeker.uid,
        )
        .correlate(Seeker)
        .scalar_subquery()
    )

    def ended(status: ProposalStatus) -> Any:
        return (
            select(func.count(Proposal.id))
            .where(
                Proposal.seeker_id == Seeker.id,
                Proposal.status == status,
                or_(cleared_at.is_(None), Proposal.ended_at > cleared_at),
            )
            .correlate(Seeker)
            .scalar_subquery()
        )

    return (
        ended(ProposalStatus.no_show).label("no_shows"),
        ended(ProposalStatus.left_early).label("left_early"),
        cleared_at.label("cleared_at"),
    )


# Built once per dialect: every match request runs one, and building a statement
# costs more than running it.
@cache
def _reliability_statement(dialect: str) -> Any:
    return select(Seeker.id, *_reliability_columns()).where(in_id_list(Seeker.id, "ids", dialect))


@cache
def _card_statement(dialect: str) -> Any:
    return select(
        Seeker.id,
        Seeker.uid,
        Seeker.name,
        Seeker.phone_enc,
        Seeker.sex,
        Seeker.birth_date,
        Seeker.community_id,
        Seeker.registered_station_id,
        Seeker.homebound,
        Seeker.caregiver,
        Seeker.disability,
        Seeker.erased_at,
        Seeker.lat,
        Seeker.lon,
        _data_use_consented().label("data_use"),
        *_reliability_columns(),
    ).where(in_id_list(Seeker.id, "ids", dialect))


def seeker_reliability_rows(session: Session, ids: Sequence[int]) -> Sequence[Row[Any]]:
    """(id, no_shows, left_early, cleared_at) of each seeker in ``ids``."""
    connection = session.connection()
    statement = _reliability_statement(connection.dialect.name)
    return connection.execute(statement, {"ids": list(ids)}).all()


def seeker_card_rows(session: Session, ids: Sequence[int]) -> Sequence[Row[Any]]:
    """What a match card shows of each seeker (named as the ``Seeker`` columns), with the
    reliability figures of :func:`seeker_reliability_rows`: one round trip for a page."""
    connection = session.connection()
    return connection.execute(_card_statement(connection.dialect.name), {"ids": list(ids)}).all()


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
