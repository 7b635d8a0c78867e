"""Seed the demo city's history: months of proposals and outcomes, inserted in bulk.

Reads the seeded city, draws the history with :func:`matching.demo.history.generate_history`
and inserts it with Core statements in batches: earlier rounds of jobs (copies of
demo postings, with their skills), proposals, one event per transition; then sets
postings' ``hires`` and seekers' statuses to match, and stamps every seeker and
posting changed for the match indexes (bulk statements bypass the ORM's stamping).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, insert, select, update

from matching.db.changes import touch_all
from matching.db.models import (
    Community,
    Posting,
    PostingSkill,
    Proposal,
    ProposalEvent,
    Seeker,
    Station,
)
from matching.demo.history import generate_history
from matching.demo.history_records import (
    DemoHistory,
    HistoryPosting,
    HistorySeeker,
    HistoryStation,
)
from matching.errors import Conflict
from matching.i18n import Text
from matching.services.context import ServiceContext

__all__ = ["HistoryReport", "seed_demo_history"]

BATCH = 1000
MODEL_VERSION = "demo-history"
logger = logging.getLogger("matching.demo")


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """How many rows the history added or changed."""

    postings: int
    proposals: int
    events: int
    people_placed: int
    seekers_changed: int


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _bulk(model: type[Any]) -> Insert:
    # Core inserts on the table: for tens of thousands of rows the ORM's bulk path
    # costs twice the time. render_nulls keeps rows with and without NULLs in one batch.
    return insert(model.__table__).execution_options(render_nulls=True)


def _read_city(
    ctx: ServiceContext,
) -> tuple[list[HistorySeeker], list[HistoryPosting], list[HistoryStation]]:
    session = ctx.session
    seekers = [
        HistorySeeker(
            id=r.id,
            community_id=r.community_id,
            subdistrict_id=r.subdistrict_id,
            station_id=r.registered_station_id,
            lat=r.lat,
            lon=r.lon,
            max_travel_km=r.max_travel_km,
            homebound=r.homebound,
            caregiver=r.caregiver,
            disability=r.disability,
            status=r.status,
            created_at=r.created_at,
        )
        for r in session.execute(
            select(
                Seeker.id,
                Seeker.community_id,
                Community.subdistrict_id,
                Seeker.registered_station_id,
                Seeker.lat,
                Seeker.lon,
                Seeker.max_travel_km,
                Seeker.homebound,
                Seeker.caregiver,
                Seeker.disability,
                Seeker.status,
                Seeker.created_at,
            )
            .join(Community, Community.id == Seeker.community_id)
            .where(Seeker.erased_at.is_(None))
        )
    ]
    postings = [
        HistoryPosting(
            id=r.id,
            subdistrict_id=r.subdistrict_id,
            kind=r.kind,
            work_mode=r.work_mode,
            headcount=r.headcount,
            lat=r.lat,
            lon=r.lon,
            status=r.status,
            created_at=r.created_at,
        )
        for r in session.execute(
            select(
                Posting.id,
                Community.subdistrict_id,
                Posting.kind,
                Posting.work_mode,
                Posting.headcount,
                Posting.lat,
                Posting.lon,
                Posting.status,
                Posting.created_at,
            ).join(Community, Community.id == Posting.community_id)
        )
    ]
    stations = [
        HistoryStation(r.id, r.community_id, r.subdistrict_id, r.kind)
        for r in session.execute(
            select(Station.id, Station.community_id, Community.subdistrict_id, Station.kind).join(
                Community, Community.id == Station.community_id
            )
        )
    ]
    return seekers, postings, stations


_COPIED = (
    "employer_id",
    "community_id",
    "title",
    "description",
    "kind",
    "work_mode",
    "pay_yuan",
    "pay_unit",
    "place_name",
    "lat",
    "lon",
    "location_approximate",
    "schedule",
    "physical_demand",
    "wheelchair_accessible",
)


def _insert_postings(ctx: ServiceContext, history: DemoHistory) -> list[int]:
    """Insert the earlier rounds of jobs (and their skills); their ids in order."""
    session = ctx.session
    template_ids = sorted({p.template_id for p in history.postings})
    templates: dict[int, dict[str, Any]] = {}
    for start in range(0, len(template_ids), BATCH):
        chunk = template_ids[start : start + BATCH]
        for posting in session.scalars(select(Posting).where(Posting.id.in_(chunk))):
            templates[posting.id] = {name: getattr(posting, name) for name in _COPIED}
    rows = [
        {
            **templates[p.template_id],
            "headcount": p.headcount,
            "hires": p.hires,
            "status": p.status,
            "start_date": None,
            "end_date": None,
            "created_at": p.created_at,
            "updated_at": p.created_at,
        }
        for p in history.postings
    ]
    statement = _bulk(Posting).returning(Posting.__table__.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for batch in _batches(rows):
        ids += session.scalars(statement, batch).all()
    skills: dict[int, list[tuple[int, int, bool]]] = {}
    for link in session.scalars(
        select(PostingSkill).where(PostingSkill.posting_id.in_(template_ids))
    ):
        skills.setdefault(link.posting_id, []).append(
            (link.skill_id, link.min_level, link.required)
        )
    links = [
        {"posting_id": new_id, "skill_id": skill, "min_level": level, "required": required}
        for posting, new_id in zip(history.postings, ids, strict=True)
        for skill, level, required in skills.get(posting.template_id, ())
    ]
    for batch in _batches(links):
        session.execute(_bulk(PostingSkill), batch)
    return ids


def _insert_proposals(ctx: ServiceContext, history: DemoHistory, new_ids: list[int]) -> int:
    """Insert proposals and their events; the number of events."""
    session = ctx.session
    rows: list[dict[str, Any]] = []
    for p in history.proposals:
        posting_id = p.posting_id if p.new_posting is None else new_ids[p.new_posting]
        rows.append(
            {
                "seeker_id": p.seeker_id,
                "posting_id": posting_id,
                "station_id": p.station_id,
                "proposed_by_user_id": None,
                "status": p.status,
                "reason_code": p.reason,
                "score": p.score,
                "model_version": MODEL_VERSION,
                "explanation": {},
                "hired_at": p.hired_at,
                "ended_at": p.ended_at,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
            }
        )
    # A seeker makes one proposal at a time: (seeker, posting, created_at) is a key.
    columns = Proposal.__table__.c
    statement = _bulk(Proposal).returning(
        columns.id, columns.seeker_id, columns.posting_id, columns.created_at
    )
    ids: dict[tuple[int, int, datetime], int] = {}
    for batch in _batches(rows):
        for proposal_id, seeker_id, posting_id, created_at in session.execute(statement, batch):
            ids[(seeker_id, posting_id, created_at)] = proposal_id
    events = [
        {
            "proposal_id": ids[(row["seeker_id"], row["posting_id"], row["created_at"])],
            "at": event.at,
            "actor_user_id": None,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "reason_code": event.reason,
            "note_enc": None,
        }
        for row, proposal in zip(rows, history.proposals, strict=True)
        for event in proposal.events
    ]
    for batch in _batches(events):
        session.execute(_bulk(ProposalEvent), batch)
    return len(events)


def _apply_states(ctx: ServiceContext, history: DemoHistory) -> None:
    session = ctx.session
    hires = [{"id": posting_id, "hires": n} for posting_id, n in history.posting_hires.items()]
    statuses = [{"id": s_id, "status": status} for s_id, status in history.seeker_statuses.items()]
    for batch in _batches(hires):
        session.execute(update(Posting), batch)
    for batch in _batches(statuses):
        session.execute(update(Seeker), batch)


def seed_demo_history(ctx: ServiceContext, *, seed: int = 2026) -> HistoryReport:
    """Draw and insert the demo history; the caller's transaction commits.

    Raises :class:`~matching.errors.Conflict` when proposals exist already (the history
    is for a freshly seeded demo city) or there are no seekers or postings.
    """
    if ctx.session.scalar(select(Proposal.id).limit(1)) is not None:
        raise Conflict(Text("Proposals exist already: no demo history added"))
    seekers, postings, stations = _read_city(ctx)
    if not seekers or not postings:
        raise Conflict(Text("Seed the demo city first"))
    history = generate_history(seed=seed, seekers=seekers, postings=postings, stations=stations)
    new_ids = _insert_postings(ctx, history)
    events = _insert_proposals(ctx, history, new_ids)
    _apply_states(ctx, history)
    ctx.session.flush()
    touch_all(ctx.session)  # bulk statements bypass the ORM's change stamping
    report = HistoryReport(
        postings=len(new_ids),
        proposals=len(history.proposals),
        events=events,
        people_placed=len({p.seeker_id for p in history.proposals if p.hired_at is not None}),
        seekers_changed=len(history.seeker_statuses),
    )
    logger.info("demo history seeded: %s", report)
    return report
