"""Postings: publish, change, read and list job offers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matching.db.models import Community, Posting, PostingSkill, Skill
from matching.db.queries import postings as posting_queries
from matching.db.queries.common import PageRequest, fetch_page, sorted_by
from matching.db.queries.postings import status_on, vacancies_on
from matching.enums import PostingKind, PostingStatus, Role, WorkMode
from matching.errors import InvalidInput
from matching.i18n import Text
from matching.money import to_yuan
from matching.schemas.page import Page
from matching.schemas.postings import (
    PostingCreate,
    PostingPublic,
    PostingSkillIn,
    PostingSkillOut,
    PostingUpdate,
)
from matching.schemas.weekly import to_slots
from matching.services.checks import FieldChecks
from matching.services.common import require_reference
from matching.services.context import ServiceContext
from matching.services.scope import (
    require_community_in_scope,
    require_employer,
    require_posting,
    require_posting_editable,
    scoped_postings,
)
from matching.services.skills import merge_by_skill, resolve_skill_codes


def posting_public(posting: Posting, *, today: date) -> PostingPublic:
    """The API view of a posting as it reads on ``today`` (``ended`` past its end date)."""
    return PostingPublic(
        id=posting.id,
        employer_id=posting.employer_id,
        title=posting.title,
        description=posting.description,
        kind=posting.kind,
        work_mode=posting.work_mode,
        skills=[
            PostingSkillOut(
                skill=link.skill.code,
                name_zh=link.skill.name_zh,
                name_en=link.skill.name_en,
                min_level=link.min_level,
                required=link.required,
            )
            for link in posting.skills
        ],
        headcount=posting.headcount,
        hires=posting.hires,
        vacancies=vacancies_on(posting, today),
        pay_yuan=float(posting.pay_yuan),
        pay_unit=posting.pay_unit,
        place_name=posting.place_name,
        community_id=posting.community_id,
        lat=posting.lat,
        lon=posting.lon,
        location_approximate=posting.location_approximate,
        schedule=posting.schedule.to_ranges() if posting.schedule is not None else None,
        start_date=posting.start_date,
        end_date=posting.end_date,
        physical_demand=posting.physical_demand,
        wheelchair_accessible=posting.wheelchair_accessible,
        materials_delivered=posting.materials_delivered,
        delivery_radius_km=posting.delivery_radius_km,
        status=status_on(posting.status, posting.end_date, today),
        created_at=posting.created_at,
        updated_at=posting.updated_at,
    )


def _skill_links(ctx: ServiceContext, wanted: Sequence[PostingSkillIn]) -> list[PostingSkill]:
    skills = resolve_skill_codes(ctx, [item.skill for item in wanted], field="skills")
    return [
        PostingSkill(
            skill=skill, skill_id=skill.id, min_level=item.min_level, required=item.required
        )
        for skill, item in merge_by_skill(skills, wanted, _both_needs)
    ]


def _both_needs(kept: PostingSkillIn, later: PostingSkillIn) -> PostingSkillIn:
    """One skill asked for twice: the higher minimum, required if either says so."""
    return kept.model_copy(
        update={
            "min_level": max(kept.min_level, later.min_level),
            "required": kept.required or later.required,
        }
    )


def _check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        message = Text("The end date must not be before the start date")
        raise InvalidInput("end_date", "before_start", message)


def _check_delivery(work_mode: WorkMode, delivered: bool, radius_km: float | None) -> None:
    """Delivery is a take-home posting's promise, and it needs its radius."""
    if delivered and work_mode != WorkMode.take_home:
        message = Text("Only take-home work can have its materials delivered")
        raise InvalidInput("materials_delivered", "take_home_only", message)
    if delivered and radius_km is None:
        message = Text("Delivered materials need the delivery radius (km)")
        raise InvalidInput("delivery_radius_km", "required", message)
    if not delivered and radius_km is not None:
        message = Text("A delivery radius only goes with delivered materials")
        raise InvalidInput("delivery_radius_km", "not_delivered", message)


def _check_client_status(status: PostingStatus | None) -> None:
    if status == PostingStatus.filled:
        message = Text("“{status}” is set by the system from the number hired", status=status)
        raise InvalidInput("status", "not_settable", message)
    if status == PostingStatus.ended:
        message = Text("a posting ends with its end date: change end_date instead")
        raise InvalidInput("status", "not_settable", message)


def _check_headcount(headcount: int, hires: int) -> None:
    if headcount < hires:
        message = Text("{hires} already hired: the headcount cannot be lower", hires=hires)
        raise InvalidInput("headcount", "below_hires", message)


def publish_posting(ctx: ServiceContext, data: PostingCreate) -> PostingPublic:
    """Create a posting; place and community default to the employer's.

    Every field problem is reported together; then the clerk's scope (403).
    """
    checks = FieldChecks()
    employer = checks.run(require_employer, ctx, data.employer_id, field="employer_id")
    if data.community_id is not None:
        checks.run(
            require_reference,
            ctx.session,
            Community,
            data.community_id,
            resource="community",
            field="community_id",
        )
    checks.run(_check_dates, data.start_date, data.end_date)
    checks.run(_check_client_status, data.status)
    checks.run(_check_delivery, data.work_mode, data.materials_delivered, data.delivery_radius_km)
    links = checks.run(_skill_links, ctx, data.skills)
    checks.raise_any()
    assert employer is not None and links is not None
    community_id = data.community_id or employer.community_id
    if _is_clerk(ctx):
        require_community_in_scope(ctx, community_id, field="community_id")
    surveyed = data.lat is not None and data.lon is not None
    posting = Posting(
        employer_id=employer.id,
        community_id=community_id,
        title=data.title,
        description=data.description,
        kind=data.kind,
        work_mode=data.work_mode,
        headcount=data.headcount,
        pay_yuan=_yuan(data.pay_yuan),
        pay_unit=data.pay_unit,
        place_name=data.place_name,
        lat=data.lat if surveyed else employer.lat,
        lon=data.lon if surveyed else employer.lon,
        location_approximate=not surveyed and employer.location_approximate,
        schedule=to_slots(data.schedule) if data.schedule is not None else None,
        start_date=data.start_date,
        end_date=data.end_date,
        physical_demand=data.physical_demand,
        wheelchair_accessible=data.wheelchair_accessible,
        materials_delivered=data.materials_delivered,
        delivery_radius_km=data.delivery_radius_km,
        status=data.status,
        skills=links,
    )
    ctx.session.add(posting)
    ctx.session.flush()
    return posting_public(posting, today=ctx.today)


def update_posting(ctx: ServiceContext, posting_id: int, data: PostingUpdate) -> PostingPublic:
    """Change a posting; ``skills`` replaces its skill list."""
    posting = require_posting(ctx, posting_id)
    require_posting_editable(ctx, posting)
    changes: dict[str, Any] = data.changes()
    links = _check_changes(ctx, posting, changes, data)
    if links is not None:
        posting.skills = links
    if "schedule" in changes:
        changes["schedule"] = to_slots(changes["schedule"]) if changes["schedule"] else None
    if "pay_yuan" in changes:
        changes["pay_yuan"] = _yuan(changes["pay_yuan"])
    if "lat" in changes or "lon" in changes:
        changes["location_approximate"] = False
    for name, value in changes.items():
        setattr(posting, name, value)
    posting.status = status_for_headcount(posting.status, posting.hires, posting.headcount)
    ctx.session.flush()
    return posting_public(posting, today=ctx.today)


def _check_changes(
    ctx: ServiceContext, posting: Posting, changes: dict[str, Any], data: PostingUpdate
) -> list[PostingSkill] | None:
    """Every field problem of a change at once (422), then the clerk's scope (403).

    Returns the new skill links when ``skills`` changes (and takes it out of ``changes``).
    """
    checks = FieldChecks()
    checks.run(_check_client_status, changes.get("status"))
    checks.run(
        _check_dates,
        changes.get("start_date", posting.start_date),
        changes.get("end_date", posting.end_date),
    )
    checks.run(_check_headcount, changes.get("headcount", posting.headcount), posting.hires)
    checks.run(
        _check_delivery,
        changes.get("work_mode", posting.work_mode),
        changes.get("materials_delivered", posting.materials_delivered),
        changes.get("delivery_radius_km", posting.delivery_radius_km),
    )
    if "community_id" in changes:
        checks.run(
            require_reference,
            ctx.session,
            Community,
            changes["community_id"],
            resource="community",
            field="community_id",
        )
    links = None
    if "skills" in changes:
        del changes["skills"]
        links = checks.run(_skill_links, ctx, data.skills or [])
    checks.raise_any()
    if "community_id" in changes and _is_clerk(ctx):
        require_community_in_scope(ctx, changes["community_id"], field="community_id")
    return links


def status_for_headcount(status: PostingStatus, hires: int, headcount: int) -> PostingStatus:
    """An open posting with every place taken is filled; a filled one with a place is open.

    Drafts and closed postings stay as they are: only their owner opens them.
    """
    if status in (PostingStatus.open, PostingStatus.filled):
        return PostingStatus.filled if hires >= headcount else PostingStatus.open
    return status


def get_posting(ctx: ServiceContext, posting_id: int) -> PostingPublic:
    """Read one posting."""
    return posting_public(require_posting(ctx, posting_id), today=ctx.today)


POSTING_SORTS = {
    "created_at": Posting.created_at,
    "pay_yuan": Posting.pay_yuan,
    "headcount": Posting.headcount,
    "title": Posting.title,
}
"""Sort keys of :func:`list_postings`; the API documents them."""


def list_postings(
    ctx: ServiceContext,
    page: PageRequest,
    *,
    employer_id: int | None = None,
    community_id: int | None = None,
    subdistrict_id: int | None = None,
    status: PostingStatus | None = None,
    has_vacancies: bool | None = None,
    kind: PostingKind | None = None,
    work_mode: WorkMode | None = None,
    skill: str | None = None,
    q: str | None = None,
) -> Page[PostingPublic]:
    """List postings by employer, place, status, vacancies, kind, work mode, skill or title.

    ``status`` is the status as read today (``ended`` past the end date);
    ``has_vacancies`` true keeps postings open today with a place left, false the rest.
    """
    statement = scoped_postings(
        ctx, select(Posting).options(selectinload(Posting.skills).joinedload(PostingSkill.skill))
    )
    if employer_id is not None:
        statement = statement.where(Posting.employer_id == employer_id)
    if community_id is not None:
        statement = statement.where(Posting.community_id == community_id)
    if subdistrict_id is not None:
        statement = statement.join(Community).where(Community.subdistrict_id == subdistrict_id)
    if status is not None:
        statement = statement.where(posting_queries.has_status(status, ctx.today))
    if has_vacancies is not None:
        vacant = posting_queries.with_vacancies(ctx.today)
        statement = statement.where(vacant if has_vacancies else ~vacant)
    if kind is not None:
        statement = statement.where(Posting.kind == kind)
    if work_mode is not None:
        statement = statement.where(Posting.work_mode == work_mode)
    if skill:
        linked = (
            select(PostingSkill.posting_id)
            .join(Skill, Skill.id == PostingSkill.skill_id)
            .where(Skill.code == skill)
        )
        statement = statement.where(Posting.id.in_(linked))
    if q:
        statement = statement.where(Posting.title.contains(q, autoescape=True))
    statement = sorted_by(statement, page.sort, POSTING_SORTS, tiebreak=Posting.id)
    rows, total = fetch_page(ctx.session, statement, page)
    return Page(
        items=[posting_public(row, today=ctx.today) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def _is_clerk(ctx: ServiceContext) -> bool:
    return ctx.actor is not None and ctx.actor.role == Role.clerk


def _yuan(amount: float) -> Decimal:
    return to_yuan(amount)
