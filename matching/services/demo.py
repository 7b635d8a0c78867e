"""Seed the demo city: generate it from a seed and insert it in bulk, personal data encrypted.

Personal data is stored exactly as :mod:`matching.services.seekers` and
:mod:`matching.services.employers` store it: AES-GCM bound to ``table.field:uid``,
keyed blind indexes for resident ID and phone, the phone's last four digits and
the pinyin keys of the name in clear.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, insert, select
from sqlalchemy.orm import InstrumentedAttribute

from matching.db.changes import touch_all
from matching.db.models import (
    Community,
    Employer,
    Posting,
    PostingSkill,
    Seeker,
    SeekerConsent,
    SeekerSkill,
    Skill,
    Station,
    Subdistrict,
)
from matching.demo import DemoCity, DemoSizes, PlaceRef, SeekerRecord, SkillRef, generate_city
from matching.enums import ConsentScope
from matching.errors import Conflict
from matching.i18n import Text
from matching.pii import PiiCipher, context
from matching.services.context import ServiceContext
from matching.services.seekers import PHONE_FIELD, RESIDENT_ID_FIELD, name_columns

__all__ = ["DemoReport", "seed_demo_city"]

BATCH = 1000


@dataclass(frozen=True, slots=True)
class DemoReport:
    """How many rows of each kind the demo city added."""

    stations: int
    employers: int
    postings: int
    open_postings: int
    posting_skills: int
    seekers: int
    seeker_skills: int
    consents: int


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _bulk(model: type[Any]) -> Insert:
    # render_nulls keeps rows with and without a NULL in one batch; otherwise the ORM
    # splits them into runs of equal key sets and SQLite inserts almost row by row.
    return insert(model).execution_options(render_nulls=True)


def _insert_returning_ids(
    ctx: ServiceContext, model: type[Any], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` and return their new ids in order (row by row on SQLite: use sparingly)."""
    statement = _bulk(model).returning(model.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for batch in _batches(rows):
        ids += ctx.session.scalars(statement, batch).all()
    return ids


def _insert_keyed(
    ctx: ServiceContext, model: type[Any], rows: Sequence[dict[str, Any]], key: str
) -> dict[str, int]:
    """Insert ``rows`` in batches; return the new ids by the unique column ``key``.

    Returning the key with the id keeps the batches fast on SQLite, where asking
    for ids in parameter order makes SQLAlchemy insert row by row.
    """
    statement = _bulk(model).returning(model.id, getattr(model, key))
    ids: dict[str, int] = {}
    for batch in _batches(rows):
        ids.update((row_key, row_id) for row_id, row_key in ctx.session.execute(statement, batch))
    return ids


def _insert(ctx: ServiceContext, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows):
        ctx.session.execute(_bulk(model), batch)


def _reference(ctx: ServiceContext) -> tuple[list[PlaceRef], list[PlaceRef], list[SkillRef]]:
    session = ctx.session
    towns = [
        PlaceRef(t.id, t.code, t.name, t.kind.value, t.lat, t.lon)
        for t in session.scalars(select(Subdistrict))
    ]
    communities = [
        PlaceRef(c.id, c.code, c.name, c.kind.value, c.lat, c.lon, c.subdistrict_id)
        for c in session.scalars(select(Community))
    ]
    skills = [SkillRef(s.id, s.code, s.category_code) for s in session.scalars(select(Skill))]
    if not towns or not communities or not skills:
        raise Conflict(
            Text(
                "The reference data (geography and skills) is not loaded: "
                "run matching reference load first"
            )
        )
    return towns, communities, skills


def _ensure_absent(
    ctx: ServiceContext, column: InstrumentedAttribute[Any], values: Sequence[Any], message: Text
) -> None:
    for start in range(0, len(values), BATCH):
        chunk = values[start : start + BATCH]
        if ctx.session.scalars(select(column).where(column.in_(chunk)).limit(1)).first():
            raise Conflict(message)


def _ensure_new_city(ctx: ServiceContext, city: DemoCity) -> None:
    _ensure_absent(
        ctx,
        Station.code,
        [s.code for s in city.stations],
        Text("The demo city has already been seeded"),
    )
    codes = [e.credit_code for e in city.employers if e.credit_code]
    _ensure_absent(
        ctx,
        Employer.credit_code,
        codes,
        Text("A credit code of the demo data belongs to a registered employer"),
    )
    indexes = [ctx.cipher.blind_index(s.resident_id, field=RESIDENT_ID_FIELD) for s in city.seekers]
    _ensure_absent(
        ctx,
        Seeker.resident_id_index,
        indexes,
        Text("A resident ID of the demo data belongs to a registered seeker"),
    )


def _insert_stations(ctx: ServiceContext, city: DemoCity) -> dict[str, int]:
    rows = [
        {
            "code": s.code,
            "name": s.name,
            "kind": s.kind,
            "community_id": s.community_id,
            "address": s.address,
            "lat": s.lat,
            "lon": s.lon,
            "location_approximate": True,
            "created_at": s.created_at,
            "updated_at": s.created_at,
        }
        for s in city.stations
    ]
    return _insert_keyed(ctx, Station, rows, "code")


def _insert_employers(ctx: ServiceContext, city: DemoCity) -> list[int]:
    encrypt = ctx.cipher.encrypt
    rows = [
        {
            "uid": e.uid,
            "name": e.name,
            "kind": e.kind,
            "contact_name": e.contact_name,
            "contact_phone_enc": encrypt(
                e.contact_phone, context=context("employers", "contact_phone", e.uid)
            ),
            "credit_code": e.credit_code,
            "address": e.address,
            "community_id": e.community_id,
            "lat": e.lat,
            "lon": e.lon,
            "location_approximate": True,
            "created_at": e.created_at,
            "updated_at": e.created_at,
        }
        for e in city.employers
    ]
    ids = _insert_keyed(ctx, Employer, rows, "uid")
    return [ids[e.uid] for e in city.employers]


def _insert_postings(ctx: ServiceContext, city: DemoCity, employer_ids: list[int]) -> int:
    rows = [
        {
            "employer_id": employer_ids[p.employer_index],
            "community_id": p.community_id,
            "title": p.title,
            "description": p.description,
            "kind": p.kind,
            "work_mode": p.work_mode,
            "headcount": p.headcount,
            "pay_yuan": p.pay_yuan,
            "pay_unit": p.pay_unit,
            "place_name": p.place_name,
            "lat": p.lat,
            "lon": p.lon,
            "location_approximate": True,
            "schedule": p.schedule,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "physical_demand": p.physical_demand,
            "wheelchair_accessible": p.wheelchair_accessible,
            "status": p.status,
            "created_at": p.created_at,
            "updated_at": p.created_at,
        }
        for p in city.postings
    ]
    ids = _insert_returning_ids(ctx, Posting, rows)
    links = [
        {
            "posting_id": posting_id,
            "skill_id": link.skill_id,
            "min_level": link.min_level,
            "required": link.required,
        }
        for posting, posting_id in zip(city.postings, ids, strict=True)
        for link in posting.skills
    ]
    _insert(ctx, PostingSkill, links)
    return len(links)


def _seeker_row(cipher: PiiCipher, s: SeekerRecord, station_id: int) -> dict[str, Any]:
    def seal(field: str, value: str | None) -> bytes | None:
        return (
            None
            if value is None
            else cipher.encrypt(value, context=context("seekers", field, s.uid))
        )

    return {
        "uid": s.uid,
        **name_columns(s.name),
        "resident_id_enc": seal("resident_id", s.resident_id),
        "resident_id_index": cipher.blind_index(s.resident_id, field=RESIDENT_ID_FIELD),
        "birth_date": s.birth_date,
        "sex": s.sex,
        "phone_enc": seal("phone", s.phone),
        "phone_index": cipher.blind_index(s.phone, field=PHONE_FIELD),
        "phone_tail": s.phone[-4:],
        "address_enc": seal("address", s.address),
        "community_id": s.community_id,
        "lat": s.lat,
        "lon": s.lon,
        "location_approximate": True,
        "availability": s.availability,
        "max_travel_km": s.max_travel_km,
        "travel_mode": s.travel_mode,
        "homebound": s.homebound,
        "caregiver": s.caregiver,
        "disability": s.disability,
        "disability_note_enc": seal("disability_note", s.disability_note),
        "min_pay_yuan": s.min_pay_yuan,
        "min_pay_unit": s.min_pay_unit,
        "status": s.status,
        "household_ref": s.household_ref,
        "registered_station_id": station_id,
        "created_at": s.created_at,
        "updated_at": s.created_at,
    }


def _insert_seekers(
    ctx: ServiceContext, city: DemoCity, station_ids: dict[str, int]
) -> tuple[int, int]:
    rows = [_seeker_row(ctx.cipher, s, station_ids[s.station_code]) for s in city.seekers]
    ids = _insert_keyed(ctx, Seeker, rows, "uid")
    skills: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    for seeker in city.seekers:
        seeker_id = ids[seeker.uid]
        skills += [
            {
                "seeker_id": seeker_id,
                "skill_id": link.skill_id,
                "level": link.level,
                "years": link.years,
            }
            for link in seeker.skills
        ]
        scopes = [ConsentScope.data_use]
        if seeker.automated_matching:
            scopes.append(ConsentScope.automated_matching)
        consents += [
            {
                "seeker_id": seeker_id,
                "scope": scope,
                "station_id": station_ids[seeker.station_code],
                "granted_at": seeker.created_at,
            }
            for scope in scopes
        ]
    _insert(ctx, SeekerSkill, skills)
    _insert(ctx, SeekerConsent, consents)
    return len(skills), len(consents)


def seed_demo_city(
    ctx: ServiceContext, *, seed: int = 2026, sizes: DemoSizes | None = None
) -> DemoReport:
    """Generate the demo city for ``seed`` and insert it; the caller's transaction commits.

    Raises :class:`~matching.errors.Conflict` when the reference data is missing or
    the demo city (any of its station codes) is already there.
    """
    towns, communities, skills = _reference(ctx)
    city = generate_city(
        seed=seed,
        towns=towns,
        communities=communities,
        skills=skills,
        sizes=sizes or DemoSizes(),
        today=ctx.today,
    )
    _ensure_new_city(ctx, city)
    station_ids = _insert_stations(ctx, city)
    employer_ids = _insert_employers(ctx, city)
    posting_skills = _insert_postings(ctx, city, employer_ids)
    seeker_skills, consents = _insert_seekers(ctx, city, station_ids)
    ctx.session.flush()
    touch_all(ctx.session)  # bulk inserts bypass the ORM's change stamping
    return DemoReport(
        stations=len(city.stations),
        employers=len(city.employers),
        postings=len(city.postings),
        open_postings=sum(p.status == "open" for p in city.postings),
        posting_skills=posting_skills,
        seekers=len(city.seekers),
        seeker_skills=seeker_skills,
        consents=consents,
    )
