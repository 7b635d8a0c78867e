"""A deterministic history of proposals and outcomes for the demo city (2025-06 … 2026-10).

Pure: one ``random.Random`` derived from the seed, no database and no clock. Seekers
act in time order (an event queue): each gets a few proposals; those who are placed
(about 82%, as the brief's 8,200 of 10,000) are hired once or more, then complete the
job, leave early, or still work there at the end. People who cannot easily go out to
work (homebound, caregivers, disabled) mostly get take-home work or work near home.
In a few *model communities* that have a service station everyone who wants work is
in work at the end, so that some communities meet the full-employment criterion.

Earlier rounds of a job are new postings copied from a demo posting (its template);
each takes at most its headcount in placements. Open demo postings take placements
only while a vacancy remains, so they stay open. Invariants of the result:

- a posting's ``hires`` is the number of its proposals still ``hired``;
- a seeker is ``placed`` exactly when holding a hire at the end (``inactive`` ones
  hold none: their activity stopped earlier);
- every proposal has one event per transition, in time order, none after the end.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from matching.demo.history_records import (
    DemoHistory,
    HistoryPosting,
    HistorySeeker,
    HistoryStation,
)
from matching.demo.history_sim import Market, SeekerPlan, Simulation
from matching.demo.timeline import REFERENCE
from matching.enums import PostingStatus, SeekerStatus, StationKind

__all__ = ["HISTORY_START", "generate_history"]

HISTORY_START = datetime(2025, 5, 31, 16, tzinfo=UTC)  # 2025-06-01 00:00 in 肥城 (UTC+8)


def _rng(seed: int) -> random.Random:
    return random.Random(f"matching-demo:{seed}:history")


def _model_communities(
    rng: random.Random, stations: Sequence[HistoryStation], count: int
) -> frozenset[int]:
    hosts = sorted({s.community_id for s in stations if s.kind is StationKind.service_station})
    return frozenset(rng.sample(hosts, min(count, len(hosts))))


def _plan(rng: random.Random, seeker: HistorySeeker, model: bool, end: datetime) -> SeekerPlan:
    """How many placements and failed proposals a seeker gets, and when it starts."""
    inactive = seeker.status is SeekerStatus.inactive
    if model and not inactive:
        chance = 1.0
    elif inactive:
        chance = 0.55
    elif seeker.disability:
        chance = 0.76
    elif seeker.homebound or seeker.caregiver:
        chance = 0.86
    else:
        chance = 0.9
    placed = rng.random() < chance
    placements = rng.choices((1, 2, 3), weights=(70, 22, 8))[0] if placed else 0
    failures = rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]
    if seeker.created_at < HISTORY_START:
        first = HISTORY_START + timedelta(days=rng.uniform(0, 150))
    else:
        first = seeker.created_at + timedelta(days=0.5 + rng.expovariate(1 / 18))
    horizon = end
    if inactive:
        horizon = end - timedelta(days=rng.uniform(20, 200))
    if model and not inactive:
        placements, failures = 1, min(failures, 1)
        first = min(first, end - timedelta(days=rng.uniform(12, 40)))
        first = max(first, seeker.created_at + timedelta(hours=6))
    return SeekerPlan(
        seeker=seeker,
        placements=placements,
        failures=failures,
        first=first,
        horizon=horizon,
        keeps_job=model and not inactive,
    )


def generate_history(
    *,
    seed: int,
    seekers: Sequence[HistorySeeker],
    postings: Sequence[HistoryPosting],
    stations: Sequence[HistoryStation],
    end: datetime = REFERENCE,
    model_communities: int = 28,
) -> DemoHistory:
    """Draw the history of ``seekers`` on the jobs of ``postings`` up to ``end``.

    Inputs are sorted by id first, so their order does not matter. Raises
    ``ValueError`` when there are no postings to copy jobs from.
    """
    templates = sorted(
        (p for p in postings if p.status is not PostingStatus.draft), key=lambda p: p.id
    )
    if not templates:
        raise ValueError("the demo history needs postings")
    rng = _rng(seed)
    stations = sorted(stations, key=lambda s: s.id)
    model = _model_communities(rng, stations, model_communities)
    market = Market(templates, seekers=sorted(seekers, key=lambda s: s.id), end=end)
    windows = {s.subdistrict_id: s.id for s in stations if s.kind is StationKind.window}
    simulation = Simulation(rng, market, windows=windows, end=end)
    queue: list[tuple[datetime, int, SeekerPlan]] = []
    for order, seeker in enumerate(sorted(seekers, key=lambda s: s.id)):
        plan = _plan(rng, seeker, seeker.community_id in model, end)
        if plan.first < plan.horizon and (plan.placements or plan.failures):
            queue.append((plan.first, order, plan))
    heapq.heapify(queue)
    while queue:
        moment, order, plan = heapq.heappop(queue)
        following = simulation.act(plan, moment)
        if following is not None and following < plan.horizon:
            heapq.heappush(queue, (following, order, plan))
    return simulation.result(seekers)
