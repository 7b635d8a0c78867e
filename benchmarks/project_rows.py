"""Rows of the project's tables for the synthetic city, personal data sealed as the service does.

Resident ID and phone are AES-GCM encrypted bound to ``seekers.<field>:<uid>`` and
blind-indexed; the phone's last four digits and the name's pinyin keys are in
clear (as :mod:`matching.services.demo` writes them). Names come from a pool of
6,000 drawn by ``matching.demo.names`` (pinyin costs about a millisecond a name,
so a million distinct names would take minutes); identifiers are unique.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import numpy as np

from matching.demo.identities import NumberMint
from matching.demo.names import person_name
from matching.engine import PAY_UNITS, TRAVEL_MODES, PostingRecord, SeekerColumns, WeekSlots
from matching.enums import ConsentScope
from matching.pii import PiiCipher, context
from matching.services.seekers import PHONE_FIELD, RESIDENT_ID_FIELD, name_columns

NAMES_PER_POOL: Final = 1000
_ERAS: Final = (1960, 1980, 2000)


class People:
    """Draws names, birth dates and identifiers, reproducibly from ``seed``."""

    def __init__(self, cipher: PiiCipher, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.mint = NumberMint(self.rng)
        self.cipher, self.today = cipher, today
        self.now = datetime.now(UTC)
        self._names: dict[tuple[bool, int], list[dict[str, str]]] = {}
        for female in (True, False):
            for era in _ERAS:
                names = {
                    person_name(self.rng, female=female, birth_year=era)
                    for _ in range(NAMES_PER_POOL)
                }
                self._names[female, era] = [name_columns(n) for n in sorted(names)]

    def _birth_date(self, age: int) -> date:
        """A birth date giving exactly ``age`` years today."""
        try:
            anniversary = self.today.replace(year=self.today.year - age)
        except ValueError:  # 29 February
            anniversary = self.today.replace(year=self.today.year - age, day=28)
        return anniversary - timedelta(days=self.rng.randrange(365))

    def _name(self, female: bool, year: int) -> dict[str, str]:
        era = min(_ERAS, key=lambda e: abs(e - year))
        return self.rng.choice(self._names[female, era])

    def seeker_row(self, c: SeekerColumns, i: int, community: int, station: int) -> dict[str, Any]:
        """The ``seekers`` row of seeker ``i`` of the columns."""
        female = self.rng.random() < 0.6
        birth = self._birth_date(int(c.age[i]))
        names = self._name(female, birth.year)
        resident_id, phone = self.mint.resident_id(birth, female=female), self.mint.phone()
        uid = self.mint.uid()
        seal, index = self.cipher.encrypt, self.cipher.blind_index
        pay = float(c.min_pay_yuan[i])
        has_pay = not np.isnan(pay)
        created = self.now - timedelta(days=int(c.days_waiting[i]))
        return {
            "id": int(c.ids[i]),
            "uid": uid,
            **names,
            "resident_id_enc": seal(resident_id, context=context("seekers", "resident_id", uid)),
            "resident_id_index": index(resident_id, field=RESIDENT_ID_FIELD),
            "birth_date": birth,
            "sex": "female" if female else "male",
            "phone_enc": seal(phone, context=context("seekers", "phone", uid)),
            "phone_index": index(phone, field=PHONE_FIELD),
            "phone_tail": phone[-4:],
            "address_enc": None,
            "community_id": community,
            "lat": float(c.lat[i]),
            "lon": float(c.lon[i]),
            "location_approximate": True,
            "availability": WeekSlots.from_bytes(c.availability[i].tobytes()),
            "max_travel_km": float(c.max_travel_km[i]),
            "travel_mode": TRAVEL_MODES[int(c.travel_mode[i])],
            "homebound": bool(c.homebound[i]),
            "caregiver": bool(c.caregiver[i]),
            "disability": bool(c.disability[i]),
            "disability_note_enc": None,
            "min_pay_yuan": round(pay, 2) if has_pay else None,
            "min_pay_unit": PAY_UNITS[int(c.min_pay_unit[i])] if has_pay else None,
            "status": "active",
            "household_ref": None,
            "erased_at": None,
            "registered_station_id": station,
            "created_at": created,
            "updated_at": created,
        }


def seeker_skill_rows(
    c: SeekerColumns, start: int, stop: int, skill_ids: list[int]
) -> list[dict[str, Any]]:
    """``seeker_skills`` rows of seekers ``start:stop``."""
    lo, hi = int(c.skill_indptr[start]), int(c.skill_indptr[stop])
    owner = np.repeat(c.ids[start:stop], np.diff(c.skill_indptr[start : stop + 1]))
    entries = zip(
        owner.tolist(), c.skill_index[lo:hi].tolist(), c.skill_level[lo:hi].tolist(), strict=True
    )
    return [
        {"seeker_id": s, "skill_id": skill_ids[k], "level": level, "years": None}
        for s, k, level in entries
    ]


def consent_rows(seekers: list[dict[str, Any]], eligible: list[bool]) -> list[dict[str, Any]]:
    """Data use for everyone; automated matching for the eligible."""
    scopes = (ConsentScope.data_use, ConsentScope.automated_matching)
    return [
        {
            "seeker_id": row["id"],
            "scope": scope,
            "station_id": row["registered_station_id"],
            "granted_at": row["created_at"],
            "withdrawn_at": None,
        }
        for row, ok in zip(seekers, eligible, strict=True)
        for scope in scopes[: 1 + ok]
    ]


def employer_row(
    cipher: PiiCipher, mint: NumberMint, k: int, community: int, posting: PostingRecord
) -> dict[str, Any]:
    """An ``employers`` row (a micro-factory at the posting's place)."""
    uid = mint.uid()
    now = datetime.now(UTC)
    return {
        "uid": uid,
        "name": f"基准测试微工厂{k + 1}",
        "kind": "micro_factory",
        "contact_name": "联系人",
        "contact_phone_enc": cipher.encrypt(
            mint.phone(), context=context("employers", "contact_phone", uid)
        ),
        "credit_code": None,
        "address": None,
        "community_id": community,
        "lat": posting.lat,
        "lon": posting.lon,
        "location_approximate": True,
        "created_at": now,
        "updated_at": now,
    }


def posting_row(p: PostingRecord, employer: int, community: int) -> dict[str, Any]:
    """A ``postings`` row, open, with its id kept."""
    now = datetime.now(UTC)
    return {
        "id": p.id,
        "employer_id": employer,
        "community_id": community,
        "title": f"基准岗位 {p.id}",
        "description": "",
        "kind": p.kind,
        "work_mode": p.work_mode,
        "headcount": p.vacancies,
        "hires": 0,
        "pay_yuan": p.pay_yuan,
        "pay_unit": p.pay_unit,
        "place_name": "基准地点",
        "lat": p.lat,
        "lon": p.lon,
        "location_approximate": True,
        "schedule": None if p.schedule is None else WeekSlots.from_int(p.schedule),
        "start_date": None if p.start_day is None else date.fromordinal(p.start_day),
        "end_date": None if p.end_day is None else date.fromordinal(p.end_day),
        "physical_demand": p.physical_demand,
        "wheelchair_accessible": p.wheelchair_accessible,
        "status": "open",
        "created_at": now,
        "updated_at": now,
    }


def posting_skill_rows(p: PostingRecord, skill_ids: list[int]) -> list[dict[str, Any]]:
    """``posting_skills`` rows of one posting."""
    return [
        {"posting_id": p.id, "skill_id": skill_ids[s], "min_level": level, "required": req}
        for s, level, req in p.skills
    ]


PAST_OUTCOMES: Final = (
    ("completed", 0.40),
    ("declined", 0.25),
    ("no_show", 0.15),
    ("left_early", 0.10),
    ("rejected", 0.10),
)
"""The mix of ended proposals in a seeker's history (one for a quarter of seekers)."""
PAST_SHARE: Final = 0.25
OVERRIDE_SHARE: Final = 0.2
"""Share of seekers with a no-show or early leave whose record a clerk cleared."""


class History:
    """Proposals and clerk overrides in line with the city's fairness columns.

    Each seeker gets ``pending_proposals`` open proposals on distinct postings, a hire
    within the last 30 days when ``recently_placed`` (its days waiting then count
    from that hire), and, for a quarter of seekers, one proposal that ended before
    the current wait began (``PAST_OUTCOMES``); a fifth of those no-shows and early
    leaves were later cleared by a clerk (an ``override`` audit row). It gives the
    start-up load's aggregates and the match pages' reliability figures real rows to
    read. Proposal events are not written and postings' hire counts are left at 0
    (nothing that is benchmarked reads them).
    """

    def __init__(self, posting_ids: list[int], *, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.posting_ids = posting_ids
        self.now = now
        statuses, weights = zip(*PAST_OUTCOMES, strict=True)
        self._statuses: tuple[str, ...] = statuses
        self._weights: tuple[float, ...] = weights

    def rows(
        self, c: SeekerColumns, seekers: list[dict[str, Any]], start: int
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(proposals, audit events) of the seekers ``seekers`` (rows ``start``… of ``c``)."""
        proposals: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        for offset, seeker in enumerate(seekers):
            i = start + offset
            created: datetime = seeker["created_at"]
            pending = int(c.pending_proposals[i])
            postings = self.rng.sample(self.posting_ids, pending + 2)
            for posting in postings[:pending]:
                proposals.append(self._proposal(seeker, posting, "proposed", self._after(created)))
            if bool(c.recently_placed[i]):
                hired = self.now - timedelta(days=self.rng.uniform(0, 30))
                proposals.append(
                    self._proposal(seeker, postings[pending], "hired", hired, hired_at=hired)
                )
            if self.rng.random() < PAST_SHARE:
                status = self.rng.choices(self._statuses, self._weights)[0]
                ended = created - timedelta(days=self.rng.uniform(1, 400))
                worked = status in ("completed", "left_early")
                hired_at = ended - timedelta(days=30) if worked else None
                proposals.append(
                    self._proposal(
                        seeker, postings[pending + 1], status, ended, hired_at=hired_at, ended=ended
                    )
                )
                if status in ("no_show", "left_early") and self.rng.random() < OVERRIDE_SHARE:
                    audits.append(self._override(seeker, ended + timedelta(days=1)))
        return proposals, audits

    def _after(self, moment: datetime) -> datetime:
        return moment + (self.now - moment) * self.rng.random()

    @staticmethod
    def _proposal(
        seeker: dict[str, Any],
        posting: int,
        status: str,
        at: datetime,
        *,
        hired_at: datetime | None = None,
        ended: datetime | None = None,
    ) -> dict[str, Any]:
        return {
            "seeker_id": seeker["id"],
            "posting_id": posting,
            "station_id": seeker["registered_station_id"],
            "proposed_by_user_id": None,
            "status": status,
            "reason_code": None,
            "score": 0.7,
            "model_version": "hand-set-v1",
            "explanation": {},
            "hired_at": hired_at,
            "ended_at": ended,
            "created_at": at,
            "updated_at": ended or at,
        }

    @staticmethod
    def _override(seeker: dict[str, Any], at: datetime) -> dict[str, Any]:
        return {
            "at": at,
            "actor_user_id": None,
            "actor_role": None,
            "action": "override",
            "object_type": "seeker",
            "object_ref": f"seeker:{seeker['uid']}",
            "reason": "基准测试：已核实",
            "details": {"kind": "reliability"},
        }
