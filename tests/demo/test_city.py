"""The demo city generator: deterministic, valid identifiers, and the shape of the brief."""

from __future__ import annotations

import csv
import random
import statistics
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from matching.config import DATA_DIR
from matching.demo import (
    DemoCity,
    DemoSizes,
    PlaceRef,
    PostingRecord,
    SeekerRecord,
    SkillRef,
    generate_city,
)
from matching.demo.jobs import JOBS
from matching.demo.names import SURNAMES
from matching.demo.places import distance_km
from matching.demo.profiles import PROFILES
from matching.demo.timeline import REFERENCE
from matching.enums import (
    EmployerKind,
    PayUnit,
    PhysicalDemand,
    PostingKind,
    PostingStatus,
    StationKind,
    WorkMode,
)
from matching.identifiers import parse_credit_code, parse_mobile_phone, parse_resident_id
from matching.services.reference import community_kind, subdistrict_kind

SEEDED = date(2026, 12, 5)
"""The day the demo city is seeded in these tests."""
SMALL = DemoSizes(
    seekers=600, postings=200, factories=30, other_employers=30, service_stations=12, gig_stations=8
)
PAY_RANGES = {
    PayUnit.hour: ("14", "40"),
    PayUnit.day: ("100", "200"),
    PayUnit.piece: ("0.10", "8"),
    PayUnit.month: ("2000", "4800"),
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def towns() -> list[PlaceRef]:
    return [
        PlaceRef(
            n,
            row["code"],
            row["name"],
            subdistrict_kind(row["name"]).value,
            float(row["lat"]),
            float(row["lon"]),
        )
        for n, row in enumerate(_rows(DATA_DIR / "feicheng" / "towns.csv"), start=1)
    ]


@pytest.fixture(scope="module")
def communities(towns: list[PlaceRef]) -> list[PlaceRef]:
    town_ids = {town.code: town.id for town in towns}
    return [
        PlaceRef(
            n,
            row["code"],
            row["name"],
            community_kind(row["name"]).value,
            float(row["lat"]),
            float(row["lon"]),
            town_ids[row["town_code"]],
        )
        for n, row in enumerate(_rows(DATA_DIR / "feicheng" / "communities.csv"), start=100)
    ]


@pytest.fixture(scope="module")
def skills() -> list[SkillRef]:
    return [
        SkillRef(n, row["code"], row["category"])
        for n, row in enumerate(_rows(DATA_DIR / "skills.csv"), start=1000)
    ]


@pytest.fixture(scope="module")
def small(towns: list[PlaceRef], communities: list[PlaceRef], skills: list[SkillRef]) -> DemoCity:
    return generate_city(
        seed=7, towns=towns, communities=communities, skills=skills, sizes=SMALL, today=SEEDED
    )


@pytest.fixture(scope="module")
def full(towns: list[PlaceRef], communities: list[PlaceRef], skills: list[SkillRef]) -> DemoCity:
    return generate_city(
        seed=2026,
        towns=towns,
        communities=communities,
        skills=skills,
        sizes=DemoSizes(),
        today=SEEDED,
    )


def _open(city: DemoCity) -> list[PostingRecord]:
    return [p for p in city.postings if p.status is PostingStatus.open]


def test_same_seed_gives_identical_city(
    small: DemoCity, towns: list[PlaceRef], communities: list[PlaceRef], skills: list[SkillRef]
) -> None:
    shuffled = random.Random(3).sample(communities, len(communities))
    again = generate_city(
        seed=7,
        towns=towns[::-1],
        communities=shuffled,
        skills=skills[::-1],
        sizes=SMALL,
        today=SEEDED,
    )
    assert again == small


def test_different_seed_gives_different_city(
    small: DemoCity, towns: list[PlaceRef], communities: list[PlaceRef], skills: list[SkillRef]
) -> None:
    other = generate_city(
        seed=8, towns=towns, communities=communities, skills=skills, sizes=SMALL, today=SEEDED
    )
    assert other.seekers != small.seekers
    assert {s.resident_id for s in other.seekers} != {s.resident_id for s in small.seekers}
    assert other.postings != small.postings


def test_counts_match_the_brief(full: DemoCity) -> None:
    stations = Counter(station.kind for station in full.stations)
    kinds = Counter(employer.kind for employer in full.employers)
    factories = kinds[EmployerKind.micro_factory] + kinds[EmployerKind.workshop]
    assert stations[StationKind.window] == 14
    assert stations[StationKind.service_station] == 70
    assert factories + stations[StationKind.gig_station] == 156
    assert len(full.employers) - factories == 150
    assert len(full.seekers) == 10_000
    assert len(_open(full)) == 1_500
    assert 0 < len(full.postings) - 1_500 <= 100


def test_windows_one_per_town_with_county_codes(full: DemoCity, towns: list[PlaceRef]) -> None:
    windows = sorted(s.code for s in full.stations if s.kind is StationKind.window)
    assert windows == sorted(f"W{town.code}" for town in towns)
    assert all(
        s.name.endswith("零工服务窗口") for s in full.stations if s.kind is StationKind.window
    )


def test_station_codes_are_unique(full: DemoCity) -> None:
    codes = [station.code for station in full.stations]
    assert len(set(codes)) == len(codes)


def test_resident_ids_are_valid_unique_and_match_the_person(full: DemoCity) -> None:
    numbers = [seeker.resident_id for seeker in full.seekers]
    assert len(set(numbers)) == len(numbers)
    for seeker in full.seekers:
        parsed = parse_resident_id(seeker.resident_id, today=REFERENCE.date())
        assert parsed.region_code == "370983"
        assert (parsed.birth_date, parsed.sex) == (seeker.birth_date, seeker.sex)


def test_phones_are_valid_and_unique_across_seekers_and_employers(full: DemoCity) -> None:
    phones = [s.phone for s in full.seekers] + [e.contact_phone for e in full.employers]
    assert len(set(phones)) == len(phones)
    assert all(parse_mobile_phone(phone) == phone for phone in phones)


def test_about_half_of_employers_have_a_valid_credit_code(full: DemoCity) -> None:
    codes = [e.credit_code for e in full.employers if e.credit_code]
    assert 0.4 <= len(codes) / len(full.employers) <= 0.6
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert parse_credit_code(code) == code
        assert code[2:8] == "370983"


def test_seekers_are_mostly_women_of_working_age(full: DemoCity) -> None:
    seekers = full.seekers
    assert 0.55 <= sum(s.sex == "female" for s in seekers) / len(seekers) <= 0.65
    ages = [(REFERENCE.date() - s.birth_date).days // 365 for s in seekers]
    assert min(ages) >= 18
    assert max(ages) <= 71
    assert 35 <= statistics.median(ages) <= 60


def test_about_a_third_are_homebound_or_caregivers(full: DemoCity) -> None:
    share: Counter[str] = Counter()
    for seeker in full.seekers:
        share["homebound"] += seeker.homebound
        share["caregiver"] += seeker.caregiver
        share["either"] += seeker.homebound or seeker.caregiver
        share["disability"] += seeker.disability
    n = len(full.seekers)
    assert 0.10 <= share["homebound"] / n <= 0.14
    assert 0.19 <= share["caregiver"] / n <= 0.25
    assert 0.30 <= share["either"] / n <= 0.37
    assert 0.02 <= share["disability"] / n <= 0.06


def test_homebound_seekers_stay_within_a_kilometre_on_foot(full: DemoCity) -> None:
    homebound = [s for s in full.seekers if s.homebound]
    assert all(s.max_travel_km <= 1.0 and s.travel_mode == "walk" for s in homebound)


def test_disability_notes_only_with_disability(full: DemoCity) -> None:
    assert all((s.disability_note is not None) == s.disability for s in full.seekers)


def test_seekers_have_one_to_four_skills_with_levels(full: DemoCity) -> None:
    for seeker in full.seekers:
        assert 1 <= len(seeker.skills) <= 4
        assert len({link.skill_id for link in seeker.skills}) == len(seeker.skills)
        assert all(1 <= link.level <= 3 for link in seeker.skills)
        assert all(link.years is None or 0 <= link.years <= 54 for link in seeker.skills)


def test_availability_is_never_empty(full: DemoCity) -> None:
    assert all(not seeker.availability.is_empty() for seeker in full.seekers)


def test_households_average_about_one_point_six(full: DemoCity) -> None:
    households: dict[str, list[SeekerRecord]] = {}
    for seeker in full.seekers:
        households.setdefault(seeker.household_ref, []).append(seeker)
    assert 1.45 <= len(full.seekers) / len(households) <= 1.75
    assert max(len(members) for members in households.values()) >= 3
    for members in households.values():
        assert len({(m.community_id, m.lat, m.lon) for m in members}) == 1


def test_seekers_live_near_their_community(full: DemoCity, communities: list[PlaceRef]) -> None:
    by_id = {community.id: community for community in communities}
    for seeker in full.seekers[:2000]:
        home = by_id[seeker.community_id]
        assert distance_km(seeker.lat, seeker.lon, home.lat, home.lon) <= 0.31


def test_seekers_register_at_a_station_of_their_town(
    full: DemoCity, communities: list[PlaceRef]
) -> None:
    town_of = {community.id: community.subdistrict_id for community in communities}
    station_town = {station.code: station.subdistrict_id for station in full.stations}
    assert all(station_town[s.station_code] == town_of[s.community_id] for s in full.seekers)


def test_most_consent_to_automated_matching(full: DemoCity) -> None:
    share = sum(s.automated_matching for s in full.seekers) / len(full.seekers)
    assert 0.92 <= share <= 0.98


def test_take_home_is_a_quarter_of_open_postings(full: DemoCity) -> None:
    postings = _open(full)
    take_home = [p for p in postings if p.work_mode is WorkMode.take_home]
    assert len(take_home) / len(postings) == pytest.approx(0.25, abs=0.01)
    for posting in take_home:
        assert posting.pay_unit is PayUnit.piece and posting.schedule is None
        assert posting.physical_demand is PhysicalDemand.sedentary


def test_every_posting_has_a_required_skill_and_a_valid_pay(full: DemoCity) -> None:
    for posting in full.postings:
        assert any(link.required for link in posting.skills)
        assert len({link.skill_id for link in posting.skills}) == len(posting.skills)
        low, high = PAY_RANGES[posting.pay_unit]
        assert Decimal(low) <= posting.pay_yuan <= Decimal(high)
        assert posting.pay_yuan == posting.pay_yuan.quantize(Decimal("0.01"))
        assert 1 <= posting.headcount <= 20


def test_monthly_pay_only_for_full_weeks(full: DemoCity) -> None:
    monthly = [p for p in full.postings if p.pay_unit is PayUnit.month]
    assert monthly
    assert all(p.schedule is not None and p.schedule.minutes() >= 40 * 60 for p in monthly)


def test_most_postings_want_few_people(full: DemoCity) -> None:
    postings = _open(full)
    assert sum(p.headcount <= 5 for p in postings) / len(postings) >= 0.6


def test_on_site_and_mobile_postings_have_a_schedule(full: DemoCity) -> None:
    for posting in full.postings:
        if posting.work_mode is not WorkMode.take_home:
            assert posting.schedule is not None and not posting.schedule.is_empty()


def test_seasonal_postings_are_dated_in_2027_summer(full: DemoCity) -> None:
    seasonal = [p for p in full.postings if p.kind is PostingKind.seasonal]
    assert seasonal
    for posting in seasonal:
        assert posting.start_date is not None and posting.end_date is not None
        assert date(2027, 6, 1) <= posting.start_date <= posting.end_date <= date(2027, 9, 30)


def test_every_open_posting_is_open_on_the_day_of_seeding(full: DemoCity) -> None:
    dated = [p for p in _open(full) if p.end_date is not None]
    assert len(dated) > 100  # odd jobs and seasons: enough to say something
    assert all(p.start_date is not None and p.start_date > SEEDED for p in dated)
    assert all(p.end_date is not None and p.end_date >= SEEDED for p in dated)


def test_seasons_move_on_a_year_once_they_are_over(
    towns: list[PlaceRef], communities: list[PlaceRef], skills: list[SkillRef]
) -> None:
    later = date(2027, 10, 1)  # after the 2027 peach harvest
    city = generate_city(
        seed=7, towns=towns, communities=communities, skills=skills, sizes=SMALL, today=later
    )

    seasonal = [p for p in city.postings if p.kind is PostingKind.seasonal]
    assert seasonal
    for posting in seasonal:
        assert posting.start_date is not None and posting.end_date is not None
        assert date(2028, 6, 1) <= posting.start_date <= posting.end_date <= date(2028, 9, 30)
    assert all(p.end_date is None or p.end_date >= later for p in city.postings)


def test_heavy_work_is_never_wheelchair_accessible(full: DemoCity) -> None:
    accessible = [p for p in full.postings if p.wheelchair_accessible]
    assert accessible
    assert all(p.physical_demand is PhysicalDemand.sedentary for p in accessible)
    assert all(p.work_mode is WorkMode.on_site for p in accessible)


def test_timestamps_come_before_the_reference_date(full: DemoCity) -> None:
    stamps = [record.created_at for record in full.stations]
    stamps += [record.created_at for record in full.employers]
    stamps += [record.created_at for record in full.postings]
    stamps += [record.created_at for record in full.seekers]
    assert max(stamps) < REFERENCE


def test_catalogue_uses_only_codes_of_the_taxonomy(skills: list[SkillRef]) -> None:
    known = {skill.code for skill in skills}
    used = (
        {code for job in JOBS for code, _ in job.required}
        | {code for job in JOBS for code in job.nice}
        | {code for profile in PROFILES.values() for code in profile}
    )
    assert used - known == set()


def test_an_unknown_taxonomy_still_gives_every_posting_a_skill(
    towns: list[PlaceRef], communities: list[PlaceRef]
) -> None:
    skills = [SkillRef(1, "weaving_x", "crafts"), SkillRef(2, "lifting_x", "labour")]
    city = generate_city(
        seed=1, towns=towns, communities=communities, skills=skills, sizes=SMALL, today=SEEDED
    )
    assert all(p.skills and p.skills[0].skill_id in (1, 2) for p in city.postings)
    assert all(s.skills for s in city.seekers)


def test_names_are_chinese_names_from_the_surname_pool(small: DemoCity) -> None:
    surnames = {name for name, _ in SURNAMES}
    for seeker in small.seekers:
        assert 2 <= len(seeker.name) <= 3 and seeker.name[0] in surnames


def test_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="seekers"):
        DemoSizes(seekers=0)
