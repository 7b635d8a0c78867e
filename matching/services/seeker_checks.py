"""The checks of a seeker's registration and changes: field problems first, all together.

Every field problem of one request is reported at once (422); then the checks that need
valid fields run, in turn: consent (409), the caller's scope (403). Duplicates (409) are
checked when the resident ID is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matching.db.models import Community, Seeker, SeekerSkill, Station
from matching.db.queries import seekers as seeker_queries
from matching.enums import SeekerStatus
from matching.errors import Conflict, FieldProblem, InvalidInput
from matching.i18n import Text
from matching.identifiers.resident_id import ResidentId
from matching.schemas.seekers import SeekerCreate, SeekerSkillIn, SeekerUpdate
from matching.services.checks import FieldChecks
from matching.services.common import require_reference
from matching.services.context import ServiceContext
from matching.services.scope import require_community_in_scope, require_own_station
from matching.services.skills import merge_by_skill, resolve_skill_codes
from matching.services.validation import valid_phone, valid_resident_id


def _skill_links(ctx: ServiceContext, wanted: Sequence[SeekerSkillIn]) -> list[SeekerSkill]:
    skills = resolve_skill_codes(ctx, [item.skill for item in wanted], field="skills")
    return [
        SeekerSkill(skill=skill, skill_id=skill.id, level=item.level, years=item.years)
        for skill, item in merge_by_skill(skills, wanted, _both_claims)
    ]


def _both_claims(kept: SeekerSkillIn, later: SeekerSkillIn) -> SeekerSkillIn:
    """One skill typed twice (踩缝纫机, 縫紉): the higher level and the more years."""
    years = [value for value in (kept.years, later.years) if value is not None]
    return kept.model_copy(
        update={"level": max(kept.level, later.level), "years": max(years, default=None)}
    )


def _check_disability_note(disability: bool, note: str | None) -> None:
    if note and not disability:
        raise InvalidInput(
            "disability_note",
            "requires_disability",
            Text("Fill in the disability note only when a disability is recorded"),
        )


@dataclass(frozen=True, slots=True)
class Registration:
    """What a registration refers to and what its identifiers parse to, all checked."""

    community: Community
    station: Station
    resident: ResidentId
    phone: str
    skills: list[SeekerSkill]


def check_registration(ctx: ServiceContext, data: SeekerCreate) -> Registration:
    """Every field problem of a registration at once (422), then scope (403)."""
    checks = FieldChecks()
    if not data.consent.data_use:
        message = Text("The person must consent to the collection and use of personal data")
        checks.add(FieldProblem("consent.data_use", "required", message))
    checks.run(_check_disability_note, data.disability, data.disability_note)
    community = checks.run(
        require_reference,
        ctx.session,
        Community,
        data.community_id,
        resource="community",
        field="community_id",
    )
    station = checks.run(
        require_reference,
        ctx.session,
        Station,
        data.registered_station_id,
        resource="station",
        field="registered_station_id",
    )
    resident = checks.run(valid_resident_id, data.resident_id, field="resident_id", today=ctx.today)
    phone = checks.run(valid_phone, data.phone, field="phone")
    skills = checks.run(_skill_links, ctx, data.skills)
    checks.raise_any()
    assert community and station and resident and phone and skills is not None
    require_community_in_scope(ctx, community.id, field="community_id")
    require_own_station(ctx, station.id, field="registered_station_id")
    return Registration(community, station, resident, phone, skills)


@dataclass(frozen=True, slots=True)
class Changes:
    """The parsed identifiers and resolved skills of an update (None: not changed)."""

    resident: ResidentId | None
    phone: str | None
    skills: list[SeekerSkill] | None


def check_changes(
    ctx: ServiceContext, seeker: Seeker, changes: dict[str, Any], data: SeekerUpdate
) -> Changes:
    """Every field problem of an update at once (422), then consent (409) and scope (403).

    Takes ``resident_id``, ``phone`` and ``skills`` out of ``changes``: they are returned
    parsed and resolved instead.
    """
    checks = FieldChecks()
    checks.run(
        _check_disability_note,
        changes.get("disability", seeker.disability),
        changes.get("disability_note"),
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
    resident = phone = skills = None
    if "resident_id" in changes:
        raw = changes.pop("resident_id")
        resident = checks.run(valid_resident_id, raw, field="resident_id", today=ctx.today)
    if "phone" in changes:
        phone = checks.run(valid_phone, changes.pop("phone"), field="phone")
    if "skills" in changes:
        del changes["skills"]
        skills = checks.run(_skill_links, ctx, data.skills or [])
    checks.raise_any()
    _check_status_change(ctx, seeker, changes.get("status"))
    if "community_id" in changes:
        require_community_in_scope(ctx, changes["community_id"], field="community_id")
    return Changes(resident, phone, skills)


def _check_status_change(ctx: ServiceContext, seeker: Seeker, status: SeekerStatus | None) -> None:
    """Only the seeker's consent brings her back: no status edit while it is withdrawn."""
    if status is None or status == SeekerStatus.inactive:
        return
    if not seeker_queries.has_data_use_consent(ctx.session, seeker.id):
        raise Conflict(
            Text(
                "The seeker has withdrawn consent to the use of personal data: "
                "record a new consent before the search resumes"
            ),
            problems=(
                FieldProblem(
                    "consent.data_use",
                    "consent_withdrawn",
                    Text("Record the person's new consent (data use) first"),
                ),
            ),
        )
