"""Demo seekers, drawn household by household.

About 60% are women; ages run from 18 to 70 with most between 35 and 60. Roughly
12% cannot leave home (homebound: take-home work within 0-1 km) and 22% care for
children or elders (short hours around school runs or care duties); about 4%
have a disability, noted briefly. Households average 1.6 registered seekers who
share a community, a home point and a ``household_ref``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from matching.demo.identities import NumberMint
from matching.demo.names import person_name, surname
from matching.demo.places import distance_km, home_address, jitter
from matching.demo.profiles import availability, min_pay, pick_profile, seeker_skills, travel
from matching.demo.records import PlaceRef, SeekerRecord, StationRecord
from matching.demo.sampling import SkillBook
from matching.demo.timeline import created_before
from matching.enums import CommunityKind, SeekerStatus, Sex, StationKind

__all__ = ["generate_seekers"]

_HOUSEHOLD_SIZES = ((1, 2, 3, 4), (0.55, 0.32, 0.11, 0.02))
_GENERAL_AGES = ((18, 24, 5), (25, 34, 14), (35, 44, 24), (45, 54, 30), (55, 60, 17), (61, 70, 10))
_HOMEBOUND_AGES = ((25, 39, 15), (40, 54, 35), (55, 64, 35), (65, 70, 15))
_CHILD_CARER_AGES = ((24, 34, 45), (35, 45, 55))
_ELDER_CARER_AGES = ((40, 54, 50), (55, 65, 50))
_DISABILITY_NOTES = (
    "下肢残疾，可坐姿工作",
    "下肢残疾，使用轮椅，可坐姿工作",
    "听力残疾，可看文字沟通",
    "言语残疾，会用手机打字沟通",
    "一只手活动不便，可做轻活",
    "视力残疾（低视力），可做简单手工",
    "智力残疾（轻度），可做简单重复工作，需家人接送",
    "肢体残疾，不能久站",
)


class _Stations:
    """Where seekers register: a station in their community, the nearest one, or the window."""

    def __init__(self, stations: Sequence[StationRecord], communities: Sequence[PlaceRef]) -> None:
        self.in_community: dict[int, list[str]] = {}
        self.window: dict[int, str] = {}
        by_town: dict[int, list[StationRecord]] = {}
        for station in stations:
            self.in_community.setdefault(station.community_id, []).append(station.code)
            by_town.setdefault(station.subdistrict_id, []).append(station)
            if station.kind is StationKind.window:
                self.window[station.subdistrict_id] = station.code
        everywhere = list(stations)
        self.nearest: dict[int, str] = {}
        for community in communities:
            pool = by_town.get(community.subdistrict_id or 0) or everywhere
            self.nearest[community.id] = min(
                pool, key=lambda s: distance_km(community.lat, community.lon, s.lat, s.lon)
            ).code

    def pick(self, rng: random.Random, community: PlaceRef) -> str:
        own = self.in_community.get(community.id)
        if own and rng.random() < 0.6:
            return rng.choice(own)
        window = self.window.get(community.subdistrict_id or 0)
        if window and rng.random() < 0.35:
            return window
        return self.nearest[community.id]


def _role(rng: random.Random) -> tuple[str, bool]:
    """(role, cares for elders); homebound 12%, caregivers 22%."""
    draw = rng.random()
    if draw < 0.12:
        return "homebound", False
    if draw < 0.34:
        return "caregiver", rng.random() < 0.3
    return "general", False


def _female_and_age(rng: random.Random, role: str, elder_care: bool) -> tuple[bool, int]:
    bands: tuple[tuple[int, int, int], ...]
    if role == "homebound":
        female, bands = rng.random() < 0.7, _HOMEBOUND_AGES
    elif role == "caregiver":
        female = rng.random() < 0.85
        bands = _ELDER_CARER_AGES if elder_care else _CHILD_CARER_AGES
    else:
        female, bands = rng.random() < 0.5, _GENERAL_AGES
    low, high, _ = rng.choices(bands, weights=[band[2] for band in bands])[0]
    return female, rng.randint(low, high)


def _birth_date(rng: random.Random, age: int, today: date) -> date:
    last_birthday = today.replace(year=today.year - age)
    return last_birthday - timedelta(days=rng.randint(0, 364))


def _community_weights(communities: Sequence[PlaceRef]) -> list[float]:
    # Urban communities are bigger than villages.
    return [2.5 if c.kind == CommunityKind.residential else 1.0 for c in communities]


def generate_seekers(
    rng: random.Random,
    mint: NumberMint,
    *,
    communities: Sequence[PlaceRef],
    stations: Sequence[StationRecord],
    book: SkillBook,
    count: int,
    reference: datetime,
) -> list[SeekerRecord]:
    """Generate ``count`` seekers in households."""
    registry = _Stations(stations, communities)
    weights = _community_weights(communities)
    per_community: dict[int, int] = {}
    seekers: list[SeekerRecord] = []
    while len(seekers) < count:
        community = rng.choices(communities, weights=weights)[0]
        per_community[community.id] = per_community.get(community.id, 0) + 1
        household = f"H{community.code}-{per_community[community.id]:04d}"
        size = min(rng.choices(*_HOUSEHOLD_SIZES)[0], count - len(seekers))
        lat, lon = jitter(rng, community.lat, community.lon, radius_m=300)
        address = home_address(rng, community) if rng.random() < 0.4 else None
        family = surname(rng)
        for member in range(size):
            seekers.append(
                _seeker(
                    rng,
                    mint,
                    community=community,
                    registry=registry,
                    book=book,
                    household=household,
                    home=(lat, lon),
                    address=address,
                    family_name=family if member == 0 or rng.random() < 0.5 else None,
                    reference=reference,
                )
            )
    return seekers


def _seeker(
    rng: random.Random,
    mint: NumberMint,
    *,
    community: PlaceRef,
    registry: _Stations,
    book: SkillBook,
    household: str,
    home: tuple[float, float],
    address: str | None,
    family_name: str | None,
    reference: datetime,
) -> SeekerRecord:
    role, elder_care = _role(rng)
    female, age = _female_and_age(rng, role, elder_care)
    birth = _birth_date(rng, age, reference.date())
    profile = pick_profile(rng, role=role, female=female, age=age)
    slots = availability(rng, role=role, profile=profile, elder_care=elder_care)
    mode, max_km = travel(rng, role=role, age=age)
    disability = rng.random() < (0.25 if role == "homebound" else 0.014)
    full_days = slots.minutes() >= 40 * 60
    pay, unit = min_pay(rng, role=role, full_days=full_days)
    status = rng.choices(list(SeekerStatus), weights=(82, 12, 6))[0]
    return SeekerRecord(
        uid=mint.uid(),
        name=person_name(rng, female=female, birth_year=birth.year, family_name=family_name),
        resident_id=mint.resident_id(birth, female=female),
        birth_date=birth,
        sex=Sex.female if female else Sex.male,
        phone=mint.phone(),
        address=address if address is not None and rng.random() < 0.8 else None,
        community_id=community.id,
        lat=home[0],
        lon=home[1],
        availability=slots,
        max_travel_km=max_km,
        travel_mode=mode,
        homebound=role == "homebound",
        caregiver=role == "caregiver",
        disability=disability,
        disability_note=rng.choice(_DISABILITY_NOTES) if disability else None,
        min_pay_yuan=pay,
        min_pay_unit=unit,
        status=status,
        household_ref=household,
        station_code=registry.pick(rng, community),
        automated_matching=rng.random() < 0.95,
        created_at=created_before(rng, reference, days=(1, 700)),
        skills=seeker_skills(rng, book, profile=profile, role=role, female=female, age=age),
    )
