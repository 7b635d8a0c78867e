"""The bulk seeker load gives the engine exactly what the database says, on both databases.

The loader reads plain numbers with SQL (codes, epoch days, joined aggregates); the
reference here reads the same seekers as ORM objects and works each value out in
Python, the slow obvious way.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, text

from matching.db.changes import current_version
from matching.db.functions import epoch_day
from matching.db.models import Posting, Proposal, Seeker
from matching.engine.records import PAY_UNITS, TRAVEL_MODES
from matching.engine.seeker_columns import SeekerColumns
from matching.enums import ConsentScope, ProposalStatus, SeekerStatus
from matching.services.common import age_on
from matching.services.context import ServiceContext
from matching.services.match_index import load_taxonomy
from matching.services.seeker_loading import RECENT_DAYS, ages_on, load_seeker_columns
from tests.conftest import CLOCK, TODAY
from tests.support.factories import make_posting, make_seeker, make_station

BIRTHS = [
    *(date(1948, 2, 29), date(1969, 12, 31), date(1970, 1, 1), date(1975, 11, 30)),
    *(date(1975, 11, 29), date(1990, 11, 28), date(2004, 6, 15)),
]
SKILLS = ["sewing", "ironing", "willow_weaving", "packaging", "forklift", "home_cooking"]


def _utc(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _world(ctx: ServiceContext, rng: random.Random, n: int) -> list[int]:
    """Seekers in every state the loader must read: consents, erasure, proposals, pay."""
    station = make_station(ctx)
    postings = [make_posting(ctx).id for _ in range(3)]
    ids = []
    for index in range(n):
        min_pay = rng.choice(
            [None, {"amount_yuan": 18.5, "unit": "hour"}, {"amount_yuan": 0.35, "unit": "piece"}]
        )
        skills = [
            {"skill": code, "level": rng.randint(1, 3)}
            for code in rng.sample(SKILLS, rng.randint(0, 4))
        ]
        seeker = make_seeker(
            ctx,
            station_id=station.id,
            name=f"测试{index}",
            skills=skills,
            min_pay=min_pay,
            travel_mode=rng.choice(TRAVEL_MODES),
            homebound=rng.random() < 0.3,
            caregiver=rng.random() < 0.3,
            disability=rng.random() < 0.2,
            max_travel_km=rng.choice([0.0, 0.5, 3.0, 12.5]),
            consent={"data_use": True, "automated_matching": rng.random() < 0.8},
        )
        ids.append(seeker.id)
        row = ctx.session.get(Seeker, seeker.id)
        assert row is not None
        # Birthdays on both sides of today's date, before and after 1970, on 29 February.
        row.birth_date = rng.choice(BIRTHS)
        row.created_at = _utc(TODAY - timedelta(days=rng.randint(0, 400)), rng.choice([0, 23]))
        row.status = rng.choice([SeekerStatus.active] * 4 + [SeekerStatus.inactive])
        if rng.random() < 0.1:
            row.erased_at = _utc(TODAY)
        if rng.random() < 0.15:
            for consent in row.consents:
                consent.withdrawn_at = _utc(TODAY)
        for _ in range(rng.randint(0, 3)):
            status = rng.choice(list(ProposalStatus))
            hired = None
            if status in (ProposalStatus.hired, ProposalStatus.completed):
                hired = _utc(TODAY - timedelta(days=rng.choice([0, 29, 30, 31, 90])), 23)
            ctx.session.add(
                Proposal(
                    seeker_id=seeker.id,
                    posting_id=rng.choice(postings),
                    status=status,
                    hired_at=hired,
                    model_version="test",
                )
            )
            ctx.session.flush()
    return ids


def _expected(ctx: ServiceContext, seeker_id: int) -> dict[str, Any]:
    """The engine's view of one seeker, worked out from ORM objects in plain Python."""
    seeker = ctx.session.get(Seeker, seeker_id)
    assert seeker is not None
    consents = {c.scope for c in seeker.consents if c.withdrawn_at is None}
    proposals = ctx.session.scalars(select(Proposal).where(Proposal.seeker_id == seeker_id)).all()
    # Days in the city's calendar (UTC+8), like TODAY: a hire at 23:00 UTC is tomorrow.
    hires = [CLOCK.local_date(p.hired_at) for p in proposals if p.hired_at is not None]
    last_hired = max(hires, default=None)
    waiting_since = max(CLOCK.local_date(seeker.created_at), last_hired or date.min)
    return {
        "eligible": seeker.status == SeekerStatus.active
        and seeker.erased_at is None
        and {ConsentScope.data_use, ConsentScope.automated_matching} <= consents,
        "age": age_on(seeker.birth_date, TODAY),
        "travel_mode": TRAVEL_MODES.index(seeker.travel_mode.value),
        "flags": (seeker.homebound, seeker.caregiver, seeker.disability),
        "max_travel_km": seeker.max_travel_km,
        "min_pay": None
        if seeker.min_pay_yuan is None
        else (float(seeker.min_pay_yuan), PAY_UNITS.index(seeker.min_pay_unit.value)),
        "availability": seeker.availability.to_bytes(),
        "pending": sum(
            p.status.value in ("proposed", "accepted", "interviewed") for p in proposals
        ),
        "recently_placed": last_hired is not None and (TODAY - last_hired).days <= RECENT_DAYS,
        "days_waiting": max(0, (TODAY - waiting_since).days),
        "places": (seeker.lat, seeker.lon, seeker.community_id, seeker.registered_station_id),
        "skills": sorted((link.skill_id, link.level) for link in seeker.skills),
    }


def _loaded(columns: SeekerColumns, row: int, skill_id_of: list[int]) -> dict[str, Any]:
    c = columns
    start, stop = c.skill_indptr[row], c.skill_indptr[row + 1]
    pay = float(c.min_pay_yuan[row])
    return {
        "eligible": bool(c.eligible[row]),
        "age": int(c.age[row]),
        "travel_mode": int(c.travel_mode[row]),
        "flags": (bool(c.homebound[row]), bool(c.caregiver[row]), bool(c.disability[row])),
        "max_travel_km": float(c.max_travel_km[row]),
        "min_pay": None if np.isnan(pay) else (pay, int(c.min_pay_unit[row])),
        "availability": c.availability[row].tobytes(),
        "pending": int(c.pending_proposals[row]),
        "recently_placed": bool(c.recently_placed[row]),
        "days_waiting": int(c.days_waiting[row]),
        "places": (
            float(c.lat[row]),
            float(c.lon[row]),
            int(c.community_id[row]),
            int(c.station_id[row]),
        ),
        "skills": sorted(
            (skill_id_of[int(s)], int(level))
            for s, level in zip(c.skill_index[start:stop], c.skill_level[start:stop], strict=True)
        ),
    }


def test_bulk_load_equals_a_plain_reading_of_every_seeker(
    ctx: ServiceContext, backend: str
) -> None:
    if backend == "postgresql":  # hires at 23:00 UTC are already tomorrow in Beijing
        ctx.session.execute(text("SET LOCAL TIME ZONE 'Asia/Shanghai'"))
    ids = _world(ctx, random.Random(7), 40)
    ctx.session.flush()
    ctx.session.expire_all()
    taxonomy = load_taxonomy(ctx.session)
    skill_id_of = sorted(taxonomy.index_of_id, key=taxonomy.index_of_id.__getitem__)

    columns = load_seeker_columns(
        ctx.session, taxonomy.index_of_id, today=TODAY, utc_offset_hours=8
    )

    assert columns.ids.tolist() == sorted(ids)
    columns.validate(len(taxonomy.codes))
    for row, seeker_id in enumerate(columns.ids.tolist()):
        assert _loaded(columns, row, skill_id_of) == _expected(ctx, seeker_id), seeker_id
    # The world is varied enough to test what it claims to.
    assert 0 < columns.eligible.sum() < len(ids)
    assert columns.recently_placed.sum() > 0 and columns.pending_proposals.max() > 0
    assert np.isnan(columns.min_pay_yuan).any() and not np.isnan(columns.min_pay_yuan).all()


def test_changes_since_a_version_load_only_the_changed_seekers(ctx: ServiceContext) -> None:
    ids = _world(ctx, random.Random(11), 6)
    taxonomy = load_taxonomy(ctx.session)
    version = current_version(ctx.session)
    changed = ctx.session.get(Seeker, ids[2])
    assert changed is not None
    changed.homebound = not changed.homebound
    ctx.session.add(
        Proposal(
            seeker_id=ids[2],
            posting_id=ctx.session.scalars(select(Posting.id)).first(),
            status=ProposalStatus.proposed,
            model_version="test",
        )
    )
    ctx.session.flush()
    ctx.session.expire_all()
    skill_id_of = sorted(taxonomy.index_of_id, key=taxonomy.index_of_id.__getitem__)

    columns = load_seeker_columns(
        ctx.session, taxonomy.index_of_id, today=TODAY, utc_offset_hours=8, since_version=version
    )

    assert columns.ids.tolist() == [ids[2]]
    assert _loaded(columns, 0, skill_id_of) == _expected(ctx, ids[2])


def test_no_seekers_load_as_empty_columns(ctx: ServiceContext) -> None:
    taxonomy = load_taxonomy(ctx.session)
    version = current_version(ctx.session)

    columns = load_seeker_columns(
        ctx.session, taxonomy.index_of_id, today=TODAY, utc_offset_hours=8, since_version=version
    )

    assert len(columns) == 0 and columns.availability.shape == (0, 42)


@pytest.mark.parametrize(
    ("stored", "day"),
    [
        (datetime(2026, 11, 28, 23, 59, 59, tzinfo=UTC), date(2026, 11, 28)),
        (datetime(2026, 11, 29, 0, 0, 1, tzinfo=UTC), date(2026, 11, 29)),
        (datetime(1969, 12, 31, 23, 0, tzinfo=UTC), date(1969, 12, 31)),
    ],
)
def test_epoch_day_reads_the_utc_day_whatever_the_session_zone(
    ctx: ServiceContext, backend: str, stored: datetime, day: date
) -> None:
    if backend == "postgresql":
        ctx.session.execute(text("SET LOCAL TIME ZONE 'Asia/Shanghai'"))
    seeker = make_seeker(ctx)
    row = ctx.session.get(Seeker, seeker.id)
    assert row is not None
    row.created_at = stored
    row.birth_date = day
    ctx.session.flush()

    got = ctx.session.execute(
        select(epoch_day(Seeker.created_at), epoch_day(Seeker.birth_date)).where(
            Seeker.id == seeker.id
        )
    ).one()

    expected = (day - date(1970, 1, 1)).days
    assert tuple(got) == (expected, expected)


@pytest.mark.parametrize(
    ("stored", "utc_day", "local_day"),
    [
        (datetime(2026, 12, 4, 15, 59, 59, tzinfo=UTC), date(2026, 12, 4), date(2026, 12, 4)),
        (datetime(2026, 12, 4, 16, 30, tzinfo=UTC), date(2026, 12, 4), date(2026, 12, 5)),
        (datetime(1969, 12, 31, 20, 0, tzinfo=UTC), date(1969, 12, 31), date(1970, 1, 1)),
    ],
)
def test_epoch_day_reads_the_local_day_at_an_offset_whatever_the_session_zone(
    ctx: ServiceContext, backend: str, stored: datetime, utc_day: date, local_day: date
) -> None:
    if backend == "postgresql":
        ctx.session.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
    seeker = make_seeker(ctx)
    row = ctx.session.get(Seeker, seeker.id)
    assert row is not None
    row.created_at = stored
    ctx.session.flush()

    got = ctx.session.execute(
        select(epoch_day(Seeker.created_at), epoch_day(Seeker.created_at, 8)).where(
            Seeker.id == seeker.id
        )
    ).one()

    epoch = date(1970, 1, 1)
    assert tuple(got) == ((utc_day - epoch).days, (local_day - epoch).days)


def test_ages_match_the_plain_age_rule() -> None:
    rng = random.Random(3)
    births = [date(1930, 1, 1) + timedelta(days=rng.randrange(30_000)) for _ in range(2_000)]
    epoch = np.array(births, dtype="datetime64[D]").astype(np.int64)
    for today in (date(2026, 2, 28), date(2028, 2, 29), date(2026, 3, 1), date(2026, 12, 31)):
        assert ages_on(epoch, today).tolist() == [age_on(born, today) for born in births]
