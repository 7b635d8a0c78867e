"""Plain keyword-only factories that go through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.db.models import Community
from matching.identifiers.resident_id import compute_check_char
from matching.schemas.employers import EmployerCreate, EmployerPublic
from matching.schemas.geography import StationCreate, StationPublic
from matching.schemas.postings import PostingCreate, PostingPublic
from matching.schemas.seekers import SeekerCreate, SeekerPublic
from matching.services.context import ServiceContext
from matching.services.employers import register_employer
from matching.services.geography import create_station
from matching.services.postings import publish_posting
from matching.services.seekers import register_seeker

_sequence = itertools.count(1)


def resident_id(*, birth: str = "19800101", serial: int | None = None, female: bool = True) -> str:
    """A valid 肥城 resident ID number; each call gives a new one unless ``serial`` is fixed."""
    number = next(_sequence) if serial is None else serial
    sequence = (number * 2) % 1000 if female else (number * 2 + 1) % 1000
    first17 = f"370983{birth}{sequence:03d}"
    return first17 + compute_check_char(first17)


def phone(*, serial: int | None = None) -> str:
    """A valid mainland mobile number; each call gives a new one unless ``serial`` is fixed."""
    number = next(_sequence) if serial is None else serial
    return f"138{number:08d}"


def community(session: Session, *, code: str = "370983001001") -> Community:
    """A community from the loaded 肥城 reference data."""
    found = session.scalar(select(Community).where(Community.code == code))
    assert found is not None, "reference data must be loaded"
    return found


def make_station(
    ctx: ServiceContext,
    *,
    code: str | None = None,
    community_code: str = "370983001001",
    kind: str = "window",
    name: str = "新城街道零工服务窗口",
) -> StationPublic:
    """Open a station in a community."""
    home = community(ctx.session, code=community_code)
    return create_station(
        ctx,
        StationCreate.model_validate(
            {
                "code": code or f"T{next(_sequence):05d}",
                "name": name,
                "kind": kind,
                "community_id": home.id,
            },
            strict=False,
        ),
    )


def make_employer(
    ctx: ServiceContext, *, name: str = "新城服装微工厂", **overrides: Any
) -> EmployerPublic:
    """Register an employer."""
    body: dict[str, Any] = {
        "name": name,
        "kind": "micro_factory",
        "contact_name": "王经理",
        "contact_phone": phone(),
        "community_id": community(ctx.session).id,
    }
    body.update(overrides)
    return register_employer(ctx, EmployerCreate.model_validate(body, strict=False))


def posting_body(*, employer_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid posting request body."""
    body: dict[str, Any] = {
        "employer_id": employer_id,
        "title": "服装厂平车工",
        "kind": "part_time",
        "work_mode": "on_site",
        "skills": [{"skill": "sewing", "min_level": 2}],
        "headcount": 3,
        "pay_yuan": 18.5,
        "pay_unit": "hour",
        "place_name": "新城服装微工厂车间",
        "schedule": {"mon": ["08:00-11:30"], "tue": ["08:00-11:30"]},
    }
    body.update(overrides)
    return body


def make_posting(
    ctx: ServiceContext, *, employer_id: int | None = None, **overrides: Any
) -> PostingPublic:
    """Publish a posting (with a new employer unless one is given)."""
    employer_id = employer_id or make_employer(ctx).id
    body = posting_body(employer_id=employer_id, **overrides)
    return publish_posting(ctx, PostingCreate.model_validate(body, strict=False))


def seeker_body(*, station_id: int, community_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid seeker registration body."""
    body: dict[str, Any] = {
        "name": "张秀英",
        "resident_id": resident_id(),
        "phone": phone(),
        "community_id": community_id,
        "registered_station_id": station_id,
        "skills": [{"skill": "sewing", "level": 2, "years": 5}],
        "availability": {"mon": ["08:00-12:00"], "wed": ["08:00-12:00"]},
        "max_travel_km": 3.0,
        "travel_mode": "ebike",
        "consent": {"data_use": True, "automated_matching": True},
    }
    body.update(overrides)
    return body


def make_seeker(
    ctx: ServiceContext,
    *,
    station_id: int | None = None,
    community_id: int | None = None,
    **overrides: Any,
) -> SeekerPublic:
    """Register a seeker (at a new station unless one is given)."""
    station_id = station_id or make_station(ctx).id
    community_id = community_id or community(ctx.session).id
    body = seeker_body(station_id=station_id, community_id=community_id, **overrides)
    return register_seeker(ctx, SeekerCreate.model_validate(body, strict=False))
