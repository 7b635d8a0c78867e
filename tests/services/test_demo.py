"""Seeding the demo city into the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, select

from matching.db.models import (
    Employer,
    Posting,
    PostingSkill,
    Seeker,
    SeekerConsent,
    SeekerSkill,
    Skill,
    SkillRelation,
    Station,
)
from matching.demo import DemoSizes
from matching.enums import WorkMode
from matching.errors import Conflict
from matching.identifiers import mask_phone, mask_resident_id, parse_resident_id
from matching.pii import context
from matching.services.context import ServiceContext
from matching.services.demo import DemoReport, seed_demo_city
from matching.services.employers import get_employer
from matching.services.seekers import get_seeker, lookup_seeker

pytestmark = pytest.mark.db

SMALL = DemoSizes(
    seekers=300, postings=60, factories=12, other_employers=12, service_stations=6, gig_stations=4
)


def _count(ctx: ServiceContext, model: type[Any]) -> int:
    return int(ctx.session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def report(ctx: ServiceContext) -> DemoReport:
    return seed_demo_city(ctx, seed=11, sizes=SMALL)


def test_seeding_stores_every_record(ctx: ServiceContext, report: DemoReport) -> None:
    assert (report.seekers, report.open_postings) == (300, 60)
    assert report.stations == 14 + 6 + 4
    assert _count(ctx, Station) == report.stations
    assert _count(ctx, Employer) == report.employers == 24
    assert _count(ctx, Posting) == report.postings
    assert _count(ctx, PostingSkill) == report.posting_skills
    assert _count(ctx, Seeker) == report.seekers
    assert _count(ctx, SeekerSkill) == report.seeker_skills
    assert _count(ctx, SeekerConsent) == report.consents
    take_home = ctx.session.scalar(
        select(func.count()).select_from(Posting).where(Posting.work_mode == WorkMode.take_home)
    )
    assert take_home == 15


def test_seeded_seeker_decrypts_and_masks(ctx: ServiceContext, report: DemoReport) -> None:
    seeker = ctx.session.scalars(select(Seeker).order_by(Seeker.id).limit(1)).one()
    resident_id = ctx.cipher.decrypt(
        seeker.resident_id_enc, context=context("seekers", "resident_id", seeker.uid)
    )
    phone = ctx.cipher.decrypt(seeker.phone_enc, context=context("seekers", "phone", seeker.uid))
    parsed = parse_resident_id(resident_id, today=ctx.today)
    public = get_seeker(ctx, seeker.id)
    assert (parsed.birth_date, parsed.sex) == (public.birth_date, public.sex)
    assert public.resident_id_masked == mask_resident_id(resident_id)
    assert public.resident_id_masked.startswith("370983")
    assert public.phone_masked == mask_phone(phone)
    assert seeker.phone_tail == phone[-4:]
    assert public.skills and public.consents
    assert lookup_seeker(ctx, resident_id).id == seeker.id


def test_seeded_employer_phone_decrypts(ctx: ServiceContext, report: DemoReport) -> None:
    employer_id = ctx.session.scalars(select(Employer.id).order_by(Employer.id).limit(1)).one()
    public = get_employer(ctx, employer_id)
    assert len(public.contact_phone_masked) == 11 and "****" in public.contact_phone_masked


def test_seeding_twice_is_a_conflict(ctx: ServiceContext, report: DemoReport) -> None:
    with pytest.raises(Conflict, match="演示城市已存在"):
        seed_demo_city(ctx, seed=11, sizes=SMALL)


def test_seeding_without_reference_data_is_a_conflict(ctx: ServiceContext) -> None:
    ctx.session.execute(delete(SkillRelation))
    ctx.session.execute(delete(Skill))
    with pytest.raises(Conflict, match="参考数据"):
        seed_demo_city(ctx, seed=11, sizes=SMALL)
