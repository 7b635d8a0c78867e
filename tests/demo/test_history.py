"""The demo history generator: deterministic, consistent, and of the brief's shape (pure)."""

from __future__ import annotations

import csv
import itertools
import random
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from matching.config import DATA_DIR
from matching.demo import DemoCity, DemoSizes, PlaceRef, SkillRef, generate_city
from matching.demo.history import HISTORY_START, generate_history
from matching.demo.history_records import (
    DemoHistory,
    HistoryPosting,
    HistorySeeker,
    HistoryStation,
)
from matching.demo.places import distance_km
from matching.demo.timeline import REFERENCE
from matching.enums import PostingStatus, ProposalStatus, SeekerStatus, WorkMode

P = ProposalStatus
OPEN = {P.proposed, P.accepted, P.interviewed}
ENDED = {P.completed, P.left_early}
REASONED = {P.declined, P.rejected}
SMALL = DemoSizes(
    seekers=800, postings=150, factories=20, other_employers=20, service_stations=10, gig_stations=6
)

Inputs = tuple[list[HistorySeeker], list[HistoryPosting], list[HistoryStation]]

SEEDED = date(2026, 12, 5)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def city() -> DemoCity:
    towns = [
        PlaceRef(n, r["code"], r["name"], "town", float(r["lat"]), float(r["lon"]))
        for n, r in enumerate(_rows(DATA_DIR / "feicheng" / "towns.csv"), start=1)
    ]
    town_ids = {town.code: town.id for town in towns}
    communities = [
        PlaceRef(
            n,
            r["code"],
            r["name"],
            "village",
            float(r["lat"]),
            float(r["lon"]),
            town_ids[r["town_code"]],
        )
        for n, r in enumerate(_rows(DATA_DIR / "feicheng" / "communities.csv"), start=100)
    ]
    skills = [
        SkillRef(n, r["code"], r["category"])
        for n, r in enumerate(_rows(DATA_DIR / "skills.csv"), start=1000)
    ]
    return generate_city(
        seed=5, towns=towns, communities=communities, skills=skills, sizes=SMALL, today=SEEDED
    )


@pytest.fixture(scope="module")
def inputs(city: DemoCity) -> Inputs:
    """The city as the history sees it once seeded (ids by position)."""
    towns = {s.community_id: s.subdistrict_id for s in city.stations}
    stations = [
        HistoryStation(n, s.community_id, s.subdistrict_id, s.kind)
        for n, s in enumerate(city.stations, start=1)
    ]
    station_ids = {s.code: n for n, s in enumerate(city.stations, start=1)}
    seekers = [
        HistorySeeker(
            id=n,
            community_id=s.community_id,
            subdistrict_id=towns.get(s.community_id, 0),
            station_id=station_ids[s.station_code],
            lat=s.lat,
            lon=s.lon,
            max_travel_km=s.max_travel_km,
            homebound=s.homebound,
            caregiver=s.caregiver,
            disability=s.disability,
            status=s.status,
            created_at=s.created_at,
        )
        for n, s in enumerate(city.seekers, start=10_000)
    ]
    postings = [
        HistoryPosting(
            id=n,
            subdistrict_id=towns.get(p.community_id, 0),
            kind=p.kind,
            work_mode=p.work_mode,
            headcount=p.headcount,
            lat=p.lat,
            lon=p.lon,
            status=p.status,
            created_at=p.created_at,
        )
        for n, p in enumerate(city.postings, start=50_000)
    ]
    return seekers, postings, stations


@pytest.fixture(scope="module")
def history(inputs: Inputs) -> DemoHistory:
    seekers, postings, stations = inputs
    return generate_history(seed=11, seekers=seekers, postings=postings, stations=stations)


def test_same_seed_gives_identical_history(inputs: Inputs, history: DemoHistory) -> None:
    seekers, postings, stations = inputs
    shuffle = random.Random(3)
    again = generate_history(
        seed=11,
        seekers=shuffle.sample(seekers, len(seekers)),
        postings=postings[::-1],
        stations=stations[::-1],
    )

    assert again == history


def test_different_seed_gives_different_history(inputs: Inputs, history: DemoHistory) -> None:
    seekers, postings, stations = inputs
    other = generate_history(seed=12, seekers=seekers, postings=postings, stations=stations)

    assert other.proposals != history.proposals


def test_every_proposal_has_one_event_per_transition_in_time(history: DemoHistory) -> None:
    for proposal in history.proposals:
        events = proposal.events
        assert events[0].from_status is None and events[0].to_status is P.proposed
        assert all(a.to_status is b.from_status for a, b in itertools.pairwise(events))
        assert all(a.at < b.at for a, b in itertools.pairwise(events))
        assert proposal.created_at >= HISTORY_START and proposal.updated_at <= REFERENCE
        assert (proposal.hired_at is not None) == any(e.to_status is P.hired for e in events)
        assert (proposal.ended_at is not None) == (proposal.status in ENDED)
        if proposal.status in REASONED:
            assert proposal.reason is not None
        elif proposal.status not in (P.no_show, P.left_early):  # a reason is optional there
            assert proposal.reason is None
        assert (proposal.posting_id is None) != (proposal.new_posting is None)


def test_proposals_follow_registration_and_publication(
    inputs: Inputs, history: DemoHistory
) -> None:
    seekers, postings, _ = inputs
    registered = {s.id: s.created_at for s in seekers}
    published: dict[int, datetime] = {p.id: p.created_at for p in postings}
    pairs = set()
    for proposal in history.proposals:
        if proposal.posting_id is not None:
            posting_at = published[proposal.posting_id]
        else:
            assert proposal.new_posting is not None
            posting_at = history.postings[proposal.new_posting].created_at
        assert proposal.created_at > registered[proposal.seeker_id]
        assert proposal.created_at > posting_at
        pair = (proposal.seeker_id, proposal.posting_id, proposal.new_posting)
        assert pair not in pairs
        pairs.add(pair)


def test_hires_count_current_hires_within_headcount(inputs: Inputs, history: DemoHistory) -> None:
    _, postings, _ = inputs
    by_id = {p.id: p for p in postings}
    current: Counter[object] = Counter()
    placed: Counter[object] = Counter()
    for proposal in history.proposals:
        ref = proposal.posting_id if proposal.new_posting is None else ("new", proposal.new_posting)
        current[ref] += proposal.status is P.hired
        placed[ref] += proposal.hired_at is not None
    for posting_id, hires in history.posting_hires.items():
        assert hires == current[posting_id]
        # Open postings keep a vacancy: they take placements while one remains.
        assert placed[posting_id] <= max(by_id[posting_id].headcount - 1, 0)
    assert {k for k, n in current.items() if n and not isinstance(k, tuple)} <= set(
        history.posting_hires
    )
    for index, posting in enumerate(history.postings):
        assert posting.hires == current[("new", index)] <= posting.headcount
        assert placed[("new", index)] <= posting.headcount
        full = placed[("new", index)] == posting.headcount
        assert (posting.status is PostingStatus.filled) == full


def test_seekers_are_placed_exactly_when_holding_a_hire(
    inputs: Inputs, history: DemoHistory
) -> None:
    seekers, _, _ = inputs
    holding = Counter(p.seeker_id for p in history.proposals if p.status is P.hired)
    open_ = {p.seeker_id for p in history.proposals if p.status in OPEN}
    for seeker in seekers:
        status = history.seeker_statuses.get(seeker.id, seeker.status)
        assert holding[seeker.id] <= 1
        if seeker.status is SeekerStatus.inactive:
            assert status is SeekerStatus.inactive
            assert holding[seeker.id] == 0 and seeker.id not in open_
        else:
            assert (status is SeekerStatus.placed) == (holding[seeker.id] == 1)


def test_history_has_the_brief_shape(inputs: Inputs, history: DemoHistory) -> None:
    seekers, postings, _ = inputs
    by_id = {p.id: p for p in postings}
    flagged = {s.id: s for s in seekers if s.homebound or s.caregiver or s.disability}
    placed = {p.seeker_id for p in history.proposals if p.hired_at is not None}
    near = set()
    for proposal in history.proposals:
        seeker = flagged.get(proposal.seeker_id)
        if seeker is None or proposal.hired_at is None:
            continue
        template = (
            by_id[proposal.posting_id]
            if proposal.posting_id is not None
            else by_id[history.postings[proposal.new_posting or 0].template_id]
        )
        close = distance_km(seeker.lat, seeker.lon, template.lat, template.lon) <= 2
        if template.work_mode is WorkMode.take_home or close:
            near.add(seeker.id)
    statuses = Counter(p.status for p in history.proposals)

    assert 0.75 <= len(placed) / len(seekers) <= 0.9  # the brief: 8,200 of 10,000
    assert len(near) >= 0.8 * len(placed & set(flagged))
    assert statuses[P.declined] and statuses[P.no_show] and statuses[P.left_early]
    assert statuses[P.hired] and statuses[P.completed]
