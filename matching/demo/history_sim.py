"""The machinery of the demo history: which job a seeker is proposed for, and what happens.

:class:`Market` picks a job (a template posting) that suits a seeker and the posting
to propose: the open demo posting itself while it has room, or an earlier round of
the same job (a new posting, at most its headcount in placements). :class:`Simulation`
turns one step of a :class:`SeekerPlan` into a proposal with its events.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from matching.demo.history_records import (
    DemoHistory,
    HistoryEvent,
    HistoryPosting,
    HistoryProposal,
    HistorySeeker,
    NewPosting,
)
from matching.enums import (
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    SeekerStatus,
    WorkMode,
)

__all__ = ["Market", "SeekerPlan", "Simulation"]

P = ProposalStatus
OPEN = (P.proposed, P.accepted, P.interviewed)
_ROUND_DAYS = 45  # a round of a job takes proposals for about six weeks
_LOOK_AT = 12  # jobs a clerk looks through for a seeker
R = ReasonCode
_DECLINE_REASONS = (
    (R.too_far, R.pay, R.hours, R.health, R.found_other_work, R.other),
    (25, 20, 25, 8, 12, 10),
)
_REJECT_REASONS = (
    (R.skills, R.hours, R.health, R.other),
    (45, 15, 10, 30),
)
_ABSENCE_REASONS = (
    (None, R.health, R.family, R.pay, R.conditions, R.transport, R.other),
    (35, 15, 20, 8, 7, 10, 5),
)
"""Why someone did not come or left early; a third of clerks record no reason."""
ABSENCE_SEED = 7919


Step = tuple[datetime, ProposalStatus, ReasonCode | None]
"""(when, status reached, reason)."""


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, equirectangular (good to metres at a county's scale)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


@dataclass(slots=True)
class SeekerPlan:
    """What is left to happen to one seeker."""

    seeker: HistorySeeker
    placements: int
    failures: int
    first: datetime
    horizon: datetime
    keeps_job: bool


@dataclass(slots=True)
class _Round:
    """An earlier round of a job: a new posting."""

    template: HistoryPosting
    created_at: datetime
    placements: int = 0


class Market:
    """Jobs by place and kind, and the postings (open or earlier rounds) that offer them."""

    def __init__(
        self,
        templates: Sequence[HistoryPosting],
        *,
        seekers: Sequence[HistorySeeker],
        end: datetime,
    ) -> None:
        self.end = end
        self.templates = list(templates)
        self.take_home = [t for t in templates if t.work_mode is WorkMode.take_home]
        self.take_home_by_town: dict[int, list[HistoryPosting]] = {}
        self.on_site_by_town: dict[int, list[HistoryPosting]] = {}
        for t in templates:
            pools = (
                self.take_home_by_town
                if t.work_mode is WorkMode.take_home
                else self.on_site_by_town
            )
            pools.setdefault(t.subdistrict_id, []).append(t)
        places: dict[tuple[float, float], list[HistoryPosting]] = {}
        for t in templates:
            if t.work_mode is not WorkMode.take_home:
                places.setdefault((t.lat, t.lon), []).append(t)
        self.rounds: list[_Round] = []
        self.current: dict[int, int] = {}
        self.open_placements: dict[int, int] = {}
        self._by_distance = self._sort_by_distance(seekers, places)

    @staticmethod
    def _sort_by_distance(
        seekers: Sequence[HistorySeeker], places: dict[tuple[float, float], list[HistoryPosting]]
    ) -> dict[int, tuple[list[float], list[HistoryPosting]]]:
        """Per community, on-site jobs by distance from its centre (homes are within 300 m)."""
        points: dict[int, list[tuple[float, float]]] = {}
        for seeker in seekers:
            points.setdefault(seeker.community_id, []).append((seeker.lat, seeker.lon))
        by_distance = {}
        for community, homes in points.items():
            lat = sum(home[0] for home in homes) / len(homes)
            lon = sum(home[1] for home in homes) / len(homes)
            ranked = sorted((_km(lat, lon, plat, plon), (plat, plon)) for plat, plon in places)
            distances = [d for d, place in ranked for _ in places[place]]
            jobs = [job for _, place in ranked for job in places[place]]
            by_distance[community] = (distances, jobs)
        return by_distance

    def nearby(self, seeker: HistorySeeker, radius_km: float) -> list[HistoryPosting]:
        """On-site and mobile jobs within ``radius_km`` of the seeker's community centre."""
        distances, jobs = self._by_distance.get(seeker.community_id, ([], []))
        return jobs[: bisect.bisect_right(distances, radius_km)]

    def _live(self, job: HistoryPosting, moment: datetime) -> bool:
        """Whether the job is advertised at ``moment`` with a vacancy left."""
        if job.status is PostingStatus.open and job.created_at <= moment - timedelta(hours=2):
            return job.headcount - 1 > self.open_placements.get(job.id, 0)
        index = self.current.get(job.id)
        if index is None:
            return False
        current = self.rounds[index]
        fresh = moment - current.created_at <= timedelta(days=_ROUND_DAYS)
        return fresh and current.placements < job.headcount

    def _pick(
        self, rng: random.Random, pool: Sequence[HistoryPosting], moment: datetime
    ) -> HistoryPosting:
        """Look at a dozen jobs of ``pool``; prefer one already advertised."""
        sample = rng.sample(pool, min(_LOOK_AT, len(pool)))
        return next((job for job in sample if self._live(job, moment)), sample[0])

    def _take_home(
        self, rng: random.Random, seeker: HistorySeeker, moment: datetime
    ) -> HistoryPosting:
        local = self.take_home_by_town.get(seeker.subdistrict_id)
        pool = local if local and rng.random() < 0.7 else self.take_home
        return self._pick(rng, pool or self.templates, moment)

    def choose(self, rng: random.Random, seeker: HistorySeeker, moment: datetime) -> HistoryPosting:
        """A job that suits the seeker: take-home or near home for those who cannot go far."""
        flagged = seeker.homebound or seeker.caregiver or seeker.disability
        share = 1.0 if seeker.homebound else 0.62 if flagged else 0.12
        if rng.random() < share:
            return self._take_home(rng, seeker, moment)
        # Measured from the community's centre: 1.6 km keeps work within 2 km of a home.
        radius = 1.6 if flagged else max(seeker.max_travel_km, 2.0) * 1.2
        close = self.nearby(seeker, radius)
        if close:
            return self._pick(rng, close, moment)
        if flagged:
            return self._take_home(rng, seeker, moment)
        pool = self.on_site_by_town.get(seeker.subdistrict_id) or self.templates
        return self._pick(rng, pool, moment)

    def posting(
        self,
        rng: random.Random,
        job: HistoryPosting,
        moment: datetime,
        *,
        hire: bool,
        seen: set[tuple[int | None, int | None]],
    ) -> tuple[int | None, int | None]:
        """(existing posting id, new posting index) to propose ``job`` at ``moment``.

        A posting in ``seen`` (the seeker was proposed for it before) is not offered
        again: a new round of the job is.
        """
        if (
            job.status is PostingStatus.open
            and job.created_at <= moment - timedelta(hours=2)
            and (job.id, None) not in seen
        ):
            room = job.headcount - 1 - self.open_placements.get(job.id, 0)
            if room > 0 or not hire:
                if hire:
                    self.open_placements[job.id] = self.open_placements.get(job.id, 0) + 1
                return job.id, None
        index = self.current.get(job.id)
        current = self.rounds[index] if index is not None else None
        if (
            index is None
            or current is None
            or moment - current.created_at > timedelta(days=_ROUND_DAYS)
            or (hire and current.placements >= job.headcount)
            or (None, index) in seen
        ):
            created = moment - timedelta(days=rng.uniform(1, 7))
            index = len(self.rounds)
            self.rounds.append(_Round(job, created))
            self.current[job.id] = index
        if hire:
            self.rounds[index].placements += 1
        return None, index


class Simulation:
    """Proposals and outcomes, one plan step at a time."""

    def __init__(
        self, rng: random.Random, market: Market, *, windows: dict[int, int], end: datetime
    ) -> None:
        self.rng = rng
        # Absence reasons come from a stream of their own: the history's other draws, and
        # so every figure of the demo city, stay those of the seed.
        self.reasons = random.Random(ABSENCE_SEED)
        self.market = market
        self.windows = windows
        self.end = end
        self.proposals: list[HistoryProposal] = []
        self.seen: dict[int, set[tuple[int | None, int | None]]] = {}

    def _seen(self, plan: SeekerPlan) -> set[tuple[int | None, int | None]]:
        return self.seen.get(plan.seeker.id, set())

    def _later(self, moment: datetime, low: float, high: float) -> datetime:
        return moment + timedelta(days=self.rng.uniform(low, high))

    def _station(self, seeker: HistorySeeker) -> int:
        window = self.windows.get(seeker.subdistrict_id)
        return window if window is not None and self.rng.random() < 0.15 else seeker.station_id

    def _failure(self, start: datetime) -> list[Step]:
        rng, later = self.rng, self._later
        draw = rng.random()
        steps: list[Step] = [(start, P.proposed, None)]
        if draw < 0.35:
            reason = rng.choices(*_DECLINE_REASONS)[0]
            return [*steps, (later(start, 0.2, 3), P.declined, reason)]
        if draw < 0.55:
            return [*steps, (later(start, 1, 6), P.withdrawn, None)]
        accepted = later(start, 0.2, 2)
        steps.append((accepted, P.accepted, None))
        if draw < 0.75:
            return [*steps, (later(accepted, 1, 4), P.no_show, self._absence_reason())]
        interviewed = later(accepted, 1, 4)
        reason = rng.choices(*_REJECT_REASONS)[0]
        return [
            *steps,
            (interviewed, P.interviewed, None),
            (later(interviewed, 0.5, 3), P.rejected, reason),
        ]

    def _job_days(self, job: HistoryPosting) -> tuple[float, bool]:
        """How long the job lasts, and whether the seeker leaves early."""
        rng = self.rng
        if job.work_mode is WorkMode.take_home:
            days, early = rng.uniform(60, 480), 0.1
        elif job.kind is PostingKind.odd_job:
            days, early = rng.uniform(1, 6), 0.05
        elif job.kind is PostingKind.seasonal:
            days, early = rng.uniform(20, 75), 0.15
        else:
            days, early = rng.uniform(30, 420), 0.2
        if rng.random() < early:
            return days * rng.uniform(0.1, 0.7), True
        return days, False

    def _hire(self, plan: SeekerPlan, job: HistoryPosting, start: datetime) -> list[Step]:
        later = self._later
        accepted = later(start, 0.2, 2)
        steps: list[Step] = [(start, P.proposed, None), (accepted, P.accepted, None)]
        last = accepted
        if self.rng.random() < 0.6:
            last = later(accepted, 1, 4)
            steps.append((last, P.interviewed, None))
        hired = later(last, 0.5, 3)
        steps.append((hired, P.hired, None))
        days, early = self._job_days(job)
        if not plan.keeps_job:
            ended = hired + timedelta(days=days)
            if early:
                steps.append((ended, P.left_early, self._absence_reason()))
            else:
                steps.append((ended, P.completed, None))
        return steps

    def _absence_reason(self) -> ReasonCode | None:
        return self.reasons.choices(*_ABSENCE_REASONS)[0]

    def _record(
        self,
        plan: SeekerPlan,
        ref: tuple[int | None, int | None],
        steps: list[Step],
    ) -> HistoryProposal:
        kept = [step for step in steps if step[0] < plan.horizon]
        if plan.horizon < self.end and kept[-1][1] in (*OPEN, P.hired):
            # The seeker stopped looking (inactive): open proposals lapse, jobs end.
            closing = P.completed if kept[-1][1] is P.hired else P.withdrawn
            kept.append((plan.horizon, closing, None))
        events, previous = [], None
        for at, status, reason in kept:
            events.append(
                HistoryEvent(at=at, from_status=previous, to_status=status, reason=reason)
            )
            previous = status
        self.seen.setdefault(plan.seeker.id, set()).add(ref)
        proposal = HistoryProposal(
            seeker_id=plan.seeker.id,
            posting_id=ref[0],
            new_posting=ref[1],
            station_id=self._station(plan.seeker),
            score=round(self.rng.uniform(0.45, 0.95), 3),
            events=tuple(events),
        )
        self.proposals.append(proposal)
        return proposal

    def act(self, plan: SeekerPlan, moment: datetime) -> datetime | None:
        """Make the plan's next proposal at ``moment``; when the seeker acts again, if ever."""
        rng = self.rng
        job = self.market.choose(rng, plan.seeker, moment)
        if plan.failures > 0:
            plan.failures -= 1
            steps = self._failure(moment)
            ref = self.market.posting(rng, job, moment, hire=False, seen=self._seen(plan))
            self._record(plan, ref, steps)
            return self._later(steps[-1][0], 2, 20)
        if plan.placements <= 0:
            return None
        plan.placements -= 1
        steps = self._hire(plan, job, moment)
        hired_at = next(at for at, status, _ in steps if status is P.hired)
        will_hire = hired_at < plan.horizon
        ref = self.market.posting(rng, job, moment, hire=will_hire, seen=self._seen(plan))
        proposal = self._record(plan, ref, steps)
        if proposal.status not in (P.completed, P.left_early):
            return None
        plan.failures = rng.choices((0, 1, 2), weights=(60, 30, 10))[0]
        return self._later(proposal.updated_at, 5, 60)

    def result(self, seekers: Sequence[HistorySeeker]) -> DemoHistory:
        """The history: new postings with their hires and status, changed seeker statuses."""
        market, end = self.market, self.end
        hires_new = [0] * len(market.rounds)
        pending_new = [False] * len(market.rounds)
        hires_old: dict[int, int] = {}
        holding: set[int] = set()
        for proposal in self.proposals:
            if proposal.status is P.hired:
                holding.add(proposal.seeker_id)
                if proposal.new_posting is not None:
                    hires_new[proposal.new_posting] += 1
                else:
                    assert proposal.posting_id is not None
                    hires_old[proposal.posting_id] = hires_old.get(proposal.posting_id, 0) + 1
            if proposal.status in OPEN and proposal.new_posting is not None:
                pending_new[proposal.new_posting] = True
        postings = []
        for index, round_ in enumerate(market.rounds):
            if round_.placements >= round_.template.headcount:
                status = PostingStatus.filled
            elif pending_new[index] or round_.created_at >= end - timedelta(days=30):
                status = PostingStatus.open
            else:
                status = PostingStatus.closed
            postings.append(
                NewPosting(
                    template_id=round_.template.id,
                    created_at=round_.created_at,
                    headcount=round_.template.headcount,
                    hires=hires_new[index],
                    status=status,
                )
            )
        statuses: dict[int, SeekerStatus] = {}
        for seeker in seekers:
            if seeker.status is SeekerStatus.inactive:
                continue
            now = SeekerStatus.placed if seeker.id in holding else SeekerStatus.active
            if now is not seeker.status:
                statuses[seeker.id] = now
        return DemoHistory(
            postings=tuple(postings),
            proposals=tuple(self.proposals),
            posting_hires=hires_old,
            seeker_statuses=statuses,
        )
