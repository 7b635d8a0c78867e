"""Pure-Python recomputation of every report from a generated history (no database).

Written from the reports' documented definitions, independently of the services: it
walks the generated records directly. Rows are tuples of keys and numbers in the
order the reports give them.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from matching.enums import (
    EmployerKind,
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    SeekerStatus,
    StationKind,
    WorkMode,
)
from tests.support.report_history import BASE, GenProposal, History, Ids, World

ZONE = timezone(timedelta(hours=8))
TODAY = date(2026, 11, 29)
KIND_ORDER: tuple[EmployerKind | StationKind, ...] = (
    *EmployerKind.__members__.values(),
    StationKind.gig_station,
    StationKind.service_station,
    StationKind.window,
)


@dataclass(frozen=True)
class Ask:
    """A report request: period (inclusive local dates) and the communities in scope."""

    start: date | None
    end: date | None
    scope: frozenset[int] | None = None

    @property
    def last_day(self) -> date:
        return self.end or TODAY

    @property
    def since(self) -> datetime | None:
        if self.start is None:
            return None
        return datetime.combine(self.start, time(), ZONE).astimezone(UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(), ZONE).astimezone(UTC)

    def inside(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        return (self.since is None or moment >= self.since) and moment < self.until

    def covers(self, community_id: int) -> bool:
        return self.scope is None or community_id in self.scope

    def months(self, seen: Iterable[str]) -> list[str]:
        seen = sorted(seen)
        first = self.start.strftime("%Y-%m") if self.start else (seen[0] if seen else None)
        if first is None:
            return []
        months, (year, month) = [], (int(first[:4]), int(first[5:]))
        while f"{year:04d}-{month:02d}" <= self.last_day.strftime("%Y-%m"):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def month(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m")


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class Oracle:
    """Expected figures for one history in one world."""

    def __init__(self, world: World, history: History, ids: Ids) -> None:
        self.world, self.history, self.ids = world, history, ids

    # --- helpers ----------------------------------------------------------------------

    def seeker_community(self, index: int) -> int:
        return self.world.places[self.history.seekers[index].community].id

    def seeker_created(self, index: int) -> datetime:
        return BASE + timedelta(days=self.history.seekers[index].day, hours=2)

    def posting_created(self, index: int) -> datetime:
        return BASE + timedelta(days=self.history.postings[index].day, hours=1)

    def counted_seeker(self, index: int, ask: Ask) -> bool:
        return ask.covers(self.seeker_community(index))  # erased seekers count too

    def placements(self, ask: Ask) -> list[GenProposal]:
        return [
            p
            for p in self.history.proposals
            if ask.inside(p.hired_at) and self.counted_seeker(p.seeker, ask)
        ]

    def group_of(self, p: GenProposal, group_by: str) -> tuple[str, str | None, str | None]:
        seeker = self.history.seekers[p.seeker]
        posting = self.history.postings[p.posting]
        place = self.world.places[seeker.community]
        if group_by == "subdistrict":
            return place.subdistrict_code, place.subdistrict_name, None
        if group_by == "community":
            return place.code, place.name, place.subdistrict_name
        if group_by == "station":
            station = self.world.stations[seeker.station if p.station is None else p.station]
            return station[1], station[2], self.world.place(station[4]).name
        if group_by == "posting_kind":
            return posting.kind.value, None, None
        if group_by == "work_mode":
            return posting.work_mode.value, None, None
        assert p.hired_at is not None
        return month(p.hired_at), month(p.hired_at), None

    def _rows(
        self,
        items: list[GenProposal],
        group_by: str,
        ask: Ask,
        numbers: Callable[[list[GenProposal]], tuple[int, ...]],
        *,
        with_empty_months: bool = True,
    ) -> list[tuple[Any, ...]]:
        groups: dict[str, list[GenProposal]] = {}
        labels: dict[str, tuple[str | None, str | None]] = {}
        for p in items:
            key, label, parent = self.group_of(p, group_by)
            groups.setdefault(key, []).append(p)
            labels[key] = (label, parent)
        if group_by == "month":
            keys = ask.months(groups) if with_empty_months else sorted(groups)
            return [(k, k, None, *numbers(groups.get(k, []))) for k in keys]
        order = {
            "posting_kind": [k.value for k in PostingKind],
            "work_mode": [m.value for m in WorkMode],
        }
        ranked = order.get(group_by)
        keys = sorted(groups, key=(lambda k: ranked.index(k)) if ranked else None)
        return [(k, *labels[k], *numbers(groups[k])) for k in keys]

    # --- reports ----------------------------------------------------------------------

    def placements_report(self, ask: Ask, group_by: str) -> tuple[list[tuple[Any, ...]], int, int]:
        items = self.placements(ask)

        def numbers(ps: list[GenProposal]) -> tuple[int, int]:
            return len({p.seeker for p in ps}), len(ps)

        return self._rows(items, group_by, ask, numbers), len({p.seeker for p in items}), len(items)

    def is_near(self, p: GenProposal) -> bool:
        posting = self.history.postings[p.posting]
        return posting.work_mode is WorkMode.take_home or posting.near

    def near_home_report(self, ask: Ask, group_by: str) -> dict[str, Any]:
        eligible = [
            p
            for p in self.placements(ask)
            if any(
                (
                    self.history.seekers[p.seeker].homebound,
                    self.history.seekers[p.seeker].caregiver,
                    self.history.seekers[p.seeker].disability,
                )
            )
        ]
        near = [p for p in eligible if self.is_near(p)]

        def numbers(ps: list[GenProposal]) -> tuple[int, int, int, int]:
            take_home = sum(
                self.history.postings[p.posting].work_mode is WorkMode.take_home for p in ps
            )
            return len({p.seeker for p in ps}), len(ps), take_home, len(ps) - take_home

        def people(flag: str) -> int:
            return len({p.seeker for p in near if getattr(self.history.seekers[p.seeker], flag)})

        return {
            "rows": self._rows(near, group_by, ask, numbers),
            "total_people": len({p.seeker for p in near}),
            "total_placements": len(near),
            "eligible_people_placed": len({p.seeker for p in eligible}),
            "homebound_people": people("homebound"),
            "caregiver_people": people("caregiver"),
            "disability_people": people("disability"),
        }

    def published(self, ask: Ask) -> list[int]:
        return [
            i
            for i, p in enumerate(self.history.postings)
            if p.status is not PostingStatus.draft
            and ask.inside(self.posting_created(i))
            and ask.covers(self.world.places[p.community].id)
        ]

    def facilities_report(self, ask: Ask) -> dict[str, Any]:
        world, history = self.world, self.history
        employers = [e for e in world.employers if ask.covers(e[3])]
        stations = [s for s in world.stations if ask.covers(s[4])]
        published = self.published(ask)
        registered = [
            i
            for i in range(len(history.seekers))
            if self.counted_seeker(i, ask) and ask.inside(self.seeker_created(i))
        ]
        rows = []
        for kind in KIND_ORDER:
            if isinstance(kind, EmployerKind):
                members = [e for e in employers if e[2] is kind]
                member_ids = {world.employers.index(e) for e in members}
                people = {
                    p.seeker
                    for p in self.placements(ask)
                    if history.postings[p.posting].employer in member_ids
                }
                postings = sum(history.postings[i].employer in member_ids for i in published)
                rows.append((kind.value, len(members), len(people), postings))
            else:
                members_s = [s for s in stations if s[3] is kind]
                indexes = {world.stations.index(s) for s in members_s}
                seekers = sum(history.seekers[i].station in indexes for i in registered)
                hosts = {s[4] for s in members_s}
                postings = sum(
                    world.places[history.postings[i].community].id in hosts for i in published
                )
                rows.append((kind.value, len(members_s), seekers, postings))
        counts = {key: count for key, count, _, _ in rows}
        return {
            "rows": rows,
            "micro_factories": counts["micro_factory"],
            "workshops": counts["workshop"],
            "gig_stations": counts["gig_station"],
            "service_stations": counts["service_station"],
            "windows": counts["window"],
            "factories_and_gig_stations": counts["micro_factory"]
            + counts["workshop"]
            + counts["gig_station"],
            "seekers": len(registered),
            "postings": len(published),
        }

    def full_employment(self, ask: Ask, *, share: float = 0.9, least: int = 1) -> dict[str, Any]:
        history, until = self.history, ask.until
        current = ask.last_day >= TODAY
        holding = {
            p.seeker
            for p in history.proposals
            if p.hired_at is not None
            and p.hired_at < until
            and (p.ended_at is None or p.ended_at >= until)
        }
        tallies: dict[int, dict[str, Any]] = {}
        for i, s in enumerate(history.seekers):
            if (
                s.status is SeekerStatus.inactive
                or self.seeker_created(i) >= until
                or not ask.covers(self.seeker_community(i))
            ):
                continue
            working = i in holding or (current and s.status is SeekerStatus.placed)
            tally = tallies.setdefault(
                self.seeker_community(i), {"wanting": 0, "in_work": 0, "households": {}}
            )
            tally["wanting"] += 1
            tally["in_work"] += working
            if s.household is not None:
                key = f"H{s.household}"
                tally["households"][key] = tally["households"].get(key, False) or working
        rows = []
        for place in sorted(self.world.places, key=lambda p: p.code):
            if place.id not in tallies:
                continue
            tally = tallies[place.id]
            zero = sum(not working for working in tally["households"].values())
            meets = (
                tally["wanting"] >= least
                and tally["in_work"] / tally["wanting"] >= share
                and zero == 0
            )
            rows.append(
                (
                    place.code,
                    place.subdistrict_code,
                    tally["wanting"],
                    tally["in_work"],
                    len(tally["households"]),
                    zero,
                    meets,
                )
            )
        return {"rows": rows, "meeting": sum(row[-1] for row in rows)}

    def vacancies_report(
        self, ask: Ask, group_by: str
    ) -> tuple[list[tuple[Any, ...]], tuple[int, ...]]:
        history = self.history
        groups: dict[str, list[int]] = {}
        for i in self.published(ask):
            posting = history.postings[i]
            place = self.world.places[posting.community]
            key = {
                "subdistrict": place.subdistrict_code,
                "community": place.code,
                "posting_kind": posting.kind.value,
                "work_mode": posting.work_mode.value,
                "month": month(self.posting_created(i)),
            }[group_by]
            groups.setdefault(key, []).append(i)

        def numbers(indexes: list[int]) -> tuple[int, int, int, int]:
            vacancies = filled = open_vacancies = 0
            for i in indexes:
                headcount = history.headcount(i)
                placed = sum(
                    p.posting == i and p.hired_at is not None and p.hired_at < ask.until
                    for p in history.proposals
                )
                vacancies += headcount
                filled += min(headcount, placed)
                posting = history.postings[i]
                ended = posting.end_date is not None and posting.end_date < TODAY
                if posting.status is PostingStatus.open and not ended:
                    open_vacancies += headcount - history.hires(i)
            return len(indexes), vacancies, filled, open_vacancies

        if group_by == "month":
            keys = ask.months(groups)
        else:
            order = {
                "posting_kind": [k.value for k in PostingKind],
                "work_mode": [m.value for m in WorkMode],
            }
            ranked = order.get(group_by)
            keys = sorted(groups, key=(lambda k: ranked.index(k)) if ranked else None)
        rows = [(k, *numbers(groups.get(k, []))) for k in keys]
        totals = numbers([i for indexes in groups.values() for i in indexes])
        return rows, totals

    def outcomes_report(self, ask: Ask) -> dict[str, Any]:
        history = self.history
        counts: dict[tuple[str, str | None], int] = {}
        for p in history.proposals:
            if ask.inside(p.created_at) and self.counted_seeker(p.seeker, ask):
                key = (p.status.value, None if p.reason is None else p.reason.value)
                counts[key] = counts.get(key, 0) + 1
        statuses = [s.value for s in ProposalStatus]
        reasons = [r.value for r in ReasonCode]
        keys = sorted(
            counts,
            key=lambda k: (statuses.index(k[0]), -1 if k[1] is None else reasons.index(k[1])),
        )
        total = sum(counts.values())
        first: dict[int, datetime] = {}
        for p in history.proposals:
            if p.hired_at is not None and self.counted_seeker(p.seeker, ask):
                first[p.seeker] = min(first.get(p.seeker, p.hired_at), p.hired_at)
        days = [
            (hired - self.seeker_created(seeker)).total_seconds() / 86_400
            for seeker, hired in first.items()
            if ask.inside(hired)
        ]
        return {
            "rows": [
                (
                    status,
                    reason,
                    counts[(status, reason)],
                    round(counts[(status, reason)] / total, 4),
                )
                for status, reason in keys
            ],
            "proposals": total,
            "people_first_placed": len(days),
            "median": round(statistics.median(days), 1) if days else None,
        }
