"""Generated histories for report tests: a small world, hypothesis strategies, bulk insertion.

The world is four reference communities in two subdistricts, three stations and three
employers, inserted once per test. A :class:`History` (seekers, postings, proposals)
is drawn by :func:`histories` and inserted inside a savepoint by :func:`inserted`,
which rolls it back after the example. Homes sit around one point; postings either
1 km away (near) or 10 km away (far), so that no distance lies near the 2 km border.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from matching.db.models import (
    Community,
    Employer,
    Posting,
    Proposal,
    Seeker,
    SeekerConsent,
    Station,
    Subdistrict,
)
from matching.engine.weekly import WeekSlots
from matching.enums import (
    STORED_POSTING_STATUSES,
    ConsentScope,
    EmployerKind,
    PayUnit,
    PhysicalDemand,
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    SeekerStatus,
    Sex,
    StationKind,
    TravelMode,
    WorkMode,
)

BASE = datetime(2026, 1, 1, tzinfo=UTC)
HOME = (36.2, 116.8)
NEAR_LAT = HOME[0] + 0.009  # about 1 km north
FAR_LAT = HOME[0] + 0.09  # about 10 km north
HIRED = (ProposalStatus.hired, ProposalStatus.completed, ProposalStatus.left_early)
_serial = itertools.count(1)


@dataclass(frozen=True)
class Place:
    """A community of the world with its subdistrict."""

    id: int
    code: str
    name: str
    subdistrict_id: int
    subdistrict_code: str
    subdistrict_name: str


@dataclass(frozen=True)
class World:
    """Ids and labels of the world's communities, stations and employers."""

    places: tuple[Place, ...]
    stations: tuple[tuple[int, str, str, StationKind, int], ...]  # id, code, name, kind, community
    employers: tuple[tuple[int, str, EmployerKind, int], ...]  # id, name, kind, community

    def place(self, community_id: int) -> Place:
        return next(p for p in self.places if p.id == community_id)


@dataclass(frozen=True)
class GenSeeker:
    community: int  # index into World.places
    station: int  # index into World.stations
    homebound: bool
    caregiver: bool
    disability: bool
    status: SeekerStatus
    household: int | None
    day: int
    erased: bool
    jitter: float


@dataclass(frozen=True)
class GenPosting:
    employer: int
    community: int
    kind: PostingKind
    work_mode: WorkMode
    headcount: int
    status: PostingStatus
    day: int
    near: bool
    end_date: date | None = None


@dataclass(frozen=True)
class GenProposal:
    seeker: int
    posting: int
    station: int | None
    status: ProposalStatus
    reason: ReasonCode | None
    day: int
    hired_after: float
    ended_after: float

    @property
    def created_at(self) -> datetime:
        return BASE + timedelta(days=self.day, hours=3)

    @property
    def hired_at(self) -> datetime | None:
        if self.status not in HIRED:
            return None
        return self.created_at + timedelta(days=self.hired_after)

    @property
    def ended_at(self) -> datetime | None:
        hired = self.hired_at
        if hired is None or self.status is ProposalStatus.hired:
            return None
        return hired + timedelta(days=self.ended_after)


@dataclass(frozen=True)
class History:
    seekers: tuple[GenSeeker, ...]
    postings: tuple[GenPosting, ...]
    proposals: tuple[GenProposal, ...]

    def hires(self, posting: int) -> int:
        """Proposals of a posting still hired: what ``postings.hires`` holds."""
        return sum(
            p.posting == posting and p.status is ProposalStatus.hired for p in self.proposals
        )

    def headcount(self, posting: int) -> int:
        return max(self.postings[posting].headcount, self.hires(posting))


@dataclass(frozen=True)
class Ids:
    """Database ids of an inserted history, by position."""

    seekers: tuple[int, ...]
    postings: tuple[int, ...]


_seekers = st.builds(
    GenSeeker,
    community=st.integers(0, 3),
    station=st.integers(0, 2),
    homebound=st.booleans(),
    caregiver=st.booleans(),
    disability=st.booleans(),
    status=st.sampled_from(list(SeekerStatus)),
    household=st.none() | st.integers(0, 5),
    day=st.integers(0, 200),
    erased=st.sampled_from([False, False, False, True]),
    jitter=st.floats(-0.0005, 0.0005),
)
_postings = st.builds(
    GenPosting,
    employer=st.integers(0, 2),
    community=st.integers(0, 3),
    kind=st.sampled_from(list(PostingKind)),
    work_mode=st.sampled_from(list(WorkMode)),
    headcount=st.integers(1, 4),
    status=st.sampled_from(sorted(STORED_POSTING_STATUSES)),
    day=st.integers(0, 250),
    near=st.booleans(),
    # Around the tests' today (2026-11-29): a posting ended yesterday reads ``ended``.
    end_date=st.none() | st.dates(date(2026, 11, 27), date(2026, 12, 1)),
)


@st.composite
def histories(draw: st.DrawFn, *, max_seekers: int = 12, max_proposals: int = 30) -> History:
    """A random history: seekers, postings and proposals among them (pairs unique)."""
    seekers = draw(st.lists(_seekers, min_size=1, max_size=max_seekers))
    postings = draw(st.lists(_postings, min_size=1, max_size=6))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, len(seekers) - 1), st.integers(0, len(postings) - 1)),
            max_size=max_proposals,
            unique=True,
        )
    )
    proposals = []
    for seeker, posting in pairs:
        status = draw(st.sampled_from(list(ProposalStatus)))
        reasoned = status in (ProposalStatus.declined, ProposalStatus.rejected)
        proposals.append(
            GenProposal(
                seeker=seeker,
                posting=posting,
                station=draw(st.none() | st.integers(0, 2)),
                status=status,
                reason=draw(st.none() | st.sampled_from(list(ReasonCode))) if reasoned else None,
                day=draw(st.integers(0, 300)),
                hired_after=draw(st.floats(0.1, 40)),
                ended_after=draw(st.floats(0.5, 60)),
            )
        )
    return History(tuple(seekers), tuple(postings), tuple(proposals))


@st.composite
def periods(draw: st.DrawFn) -> tuple[date | None, date | None]:
    """A period: open or bounded, ``to`` possibly before today (2026-11-29)."""
    start = draw(st.none() | st.dates(date(2026, 1, 1), date(2026, 9, 30)))
    end = draw(st.none() | st.dates(start or date(2026, 1, 1), date(2026, 12, 31)))
    return start, end


def make_world(session: Session) -> World:
    """Insert three stations and three employers in four communities of two subdistricts."""
    first = session.scalars(select(Community).order_by(Community.code).limit(2)).all()
    other = session.scalars(
        select(Community)
        .where(Community.subdistrict_id != first[0].subdistrict_id)
        .order_by(Community.code)
        .limit(2)
    ).all()
    places = []
    for community in [*first, *other]:
        town = session.get(Subdistrict, community.subdistrict_id)
        assert town is not None
        places.append(
            Place(community.id, community.code, community.name, town.id, town.code, town.name)
        )
    opened = BASE - timedelta(days=30)
    station_specs = [
        (StationKind.window, places[0]),
        (StationKind.gig_station, places[1]),
        (StationKind.service_station, places[2]),
    ]
    stations = []
    for kind, place in station_specs:
        code = f"RT{next(_serial):05d}"
        name = f"测试{kind.value}{code}"
        station_id = session.scalar(
            insert(Station)
            .values(
                code=code,
                name=name,
                kind=kind,
                community_id=place.id,
                lat=HOME[0],
                lon=HOME[1],
                created_at=opened,
                updated_at=opened,
            )
            .returning(Station.id)
        )
        assert station_id is not None
        stations.append((station_id, code, name, kind, place.id))
    employers = []
    owners = (EmployerKind.micro_factory, EmployerKind.workshop, EmployerKind.shop)
    for owner, place in zip(owners, (places[0], places[1], places[3]), strict=True):
        name = f"测试{owner.value}{next(_serial)}"
        employer_id = session.scalar(
            insert(Employer)
            .values(
                uid=f"emp-{next(_serial)}-{name}",
                name=name,
                kind=owner,
                contact_name="王经理",
                contact_phone_enc=b"x",
                community_id=place.id,
                lat=HOME[0],
                lon=HOME[1],
                created_at=opened,
                updated_at=opened,
            )
            .returning(Employer.id)
        )
        assert employer_id is not None
        employers.append((employer_id, name, owner, place.id))
    session.flush()
    return World(tuple(places), tuple(stations), tuple(employers))


def _seeker_row(world: World, s: GenSeeker) -> dict[str, Any]:
    number = next(_serial)
    created = BASE + timedelta(days=s.day, hours=2)
    return {
        "uid": f"seeker-{number:08d}",
        "name": "测试",
        "name_search": "测试",
        "name_pinyin": "ceshi",
        "given_name_pinyin": "shi",
        "name_initials": "cs",
        "resident_id_enc": b"x",
        "resident_id_index": f"rid-{number:08d}",
        "birth_date": date(1980, 1, 1),
        "sex": Sex.female,
        "phone_enc": b"x",
        "phone_index": f"ph-{number:08d}",
        "phone_tail": "0000",
        "address_enc": None,
        "community_id": world.places[s.community].id,
        "lat": HOME[0] + s.jitter,
        "lon": HOME[1] + s.jitter,
        "location_approximate": True,
        "availability": WeekSlots(0),
        "max_travel_km": 3.0,
        "travel_mode": TravelMode.walk,
        "homebound": s.homebound,
        "caregiver": s.caregiver,
        "disability": s.disability,
        "disability_note_enc": None,
        "min_pay_yuan": None,
        "min_pay_unit": None,
        "status": s.status,
        "household_ref": None if s.household is None else f"H{s.household}",
        "registered_station_id": world.stations[s.station][0],
        "erased_at": created + timedelta(days=1) if s.erased else None,
        "created_at": created,
        "updated_at": created,
    }


def _posting_row(world: World, history: History, index: int) -> dict[str, Any]:
    p = history.postings[index]
    created = BASE + timedelta(days=p.day, hours=1)
    return {
        "employer_id": world.employers[p.employer][0],
        "community_id": world.places[p.community].id,
        "title": "测试岗位",
        "description": "",
        "kind": p.kind,
        "work_mode": p.work_mode,
        "headcount": history.headcount(index),
        "hires": history.hires(index),
        "pay_yuan": 20,
        "pay_unit": PayUnit.hour,
        "place_name": "测试地点",
        "lat": NEAR_LAT if p.near else FAR_LAT,
        "lon": HOME[1],
        "location_approximate": True,
        "schedule": None,
        "start_date": None,
        "end_date": p.end_date,
        "physical_demand": PhysicalDemand.light,
        "wheelchair_accessible": False,
        "status": p.status,
        "created_at": created,
        "updated_at": created,
    }


def insert_history(session: Session, world: World, history: History) -> Ids:
    """Insert a history (seekers, postings, proposals) and return the new ids."""
    seekers = [
        session.scalar(insert(Seeker).values(**_seeker_row(world, s)).returning(Seeker.id))
        for s in history.seekers
    ]
    consents = [  # everyone registered gave data-use consent; erasure ended it
        {
            "seeker_id": seeker_id,
            "scope": ConsentScope.data_use,
            "station_id": world.stations[s.station][0],
            "granted_at": BASE,
            "withdrawn_at": BASE if s.erased else None,
        }
        for seeker_id, s in zip(seekers, history.seekers, strict=True)
    ]
    if consents:
        session.execute(insert(SeekerConsent), consents)
    postings = [
        session.scalar(
            insert(Posting).values(**_posting_row(world, history, i)).returning(Posting.id)
        )
        for i in range(len(history.postings))
    ]
    rows: list[dict[str, Any]] = [
        {
            "seeker_id": seekers[p.seeker],
            "posting_id": postings[p.posting],
            "station_id": None if p.station is None else world.stations[p.station][0],
            "proposed_by_user_id": None,
            "status": p.status,
            "reason_code": p.reason,
            "score": 0.5,
            "model_version": "test",
            "explanation": {},
            "hired_at": p.hired_at,
            "ended_at": p.ended_at,
            "created_at": p.created_at,
            "updated_at": p.created_at,
        }
        for p in history.proposals
    ]
    if rows:
        session.execute(insert(Proposal).execution_options(render_nulls=True), rows)
    session.flush()
    return Ids(
        seekers=tuple(int(i) for i in seekers if i is not None),
        postings=tuple(int(i) for i in postings if i is not None),
    )


@contextmanager
def inserted(session: Session, world: World, history: History) -> Iterator[Ids]:
    """Insert a history inside a savepoint that is rolled back afterwards."""
    savepoint = session.begin_nested()
    try:
        yield insert_history(session, world, history)
    finally:
        savepoint.rollback()
