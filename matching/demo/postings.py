"""Demo postings drawn from the job catalogue and published by matching employers.

Open postings are split between job families exactly by ``FAMILY_SHARES`` (a
quarter take-home piecework); a few drafts and closed postings come on top. Date
windows are laid after ``today``, the day the city is seeded: a posting past its end
date reads ``ended``, and the demo's open postings must be open on the day it starts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from matching.demo.jobs import FAMILY_SHARES, JOBS, JobTemplate, Pay
from matching.demo.records import EmployerRecord, PostingRecord, PostingSkillRecord
from matching.demo.sampling import SkillBook, apportion
from matching.demo.schedules import pattern
from matching.demo.timeline import created_before
from matching.enums import PayUnit, PhysicalDemand, PostingKind, PostingStatus, WorkMode

__all__ = ["generate_postings"]

_CENT = Decimal("0.01")
_FULL_WEEK = 40 * 60
_PART_TIME_HOURLY = Pay(PayUnit.hour, 15, 25, 1)


def _pay_amount(rng: random.Random, pay: Pay) -> Decimal:
    steps = round((pay.high - pay.low) / pay.step)
    amount = pay.low + pay.step * rng.randint(0, steps)
    return Decimal(str(round(amount, 2))).quantize(_CENT)


def _headcount(rng: random.Random, low: int, high: int) -> int:
    # Squared draw: most postings want a few people, a handful want many.
    return min(high, low + int((high - low + 1) * rng.random() ** 2))


def _skills(
    rng: random.Random, template: JobTemplate, book: SkillBook
) -> tuple[PostingSkillRecord, ...]:
    required = list(template.required)
    nice = list(template.nice)
    if nice and rng.random() < 0.3:
        required.append((nice.pop(0), 1))
    links: dict[int, PostingSkillRecord] = {}
    for code, level in required:
        for skill_id in book.ids([code]):
            links.setdefault(skill_id, PostingSkillRecord(skill_id, level, required=True))
    if not links:
        links[book.fallback_id] = PostingSkillRecord(book.fallback_id, 1, required=True)
    for code in rng.sample(nice, rng.randint(0, min(2, len(nice)))):
        for skill_id in book.ids([code]):
            level = 2 if rng.random() < 0.2 else 1
            links.setdefault(skill_id, PostingSkillRecord(skill_id, level, required=False))
    return tuple(links.values())


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _next_season(season: tuple[date, date], today: date) -> tuple[date, date]:
    """The season's window, moved on by whole years until it has not ended by ``today``."""
    start, end = season
    years = max(0, today.year - end.year)
    if _years_later(end, years) < today:
        years += 1
    return _years_later(start, years), _years_later(end, years)


def _dates(
    rng: random.Random, template: JobTemplate, today: date
) -> tuple[date | None, date | None]:
    if template.season is not None:
        return _next_season(template.season, today)
    if template.kind is PostingKind.odd_job and rng.random() < 0.5:
        start = today + timedelta(days=rng.randint(1, 30))
        return start, start + timedelta(days=rng.randint(0, 3))
    return None, None


def _place_name(template: JobTemplate, employer: EmployerRecord) -> str:
    if template.work_mode is WorkMode.take_home:
        return f"{employer.name}取送货点（{employer.address}）"
    if template.work_mode is WorkMode.mobile:
        return f"{employer.name}（城区及周边配送，{employer.address}集合）"
    return employer.address


def _posting(
    rng: random.Random,
    template: JobTemplate,
    employer_index: int,
    employer: EmployerRecord,
    book: SkillBook,
    status: PostingStatus,
    reference: datetime,
    today: date,
) -> PostingRecord:
    pay = rng.choice(template.pays)
    schedule = pattern(rng.choice(template.schedules)) if template.schedules else None
    if pay.unit is PayUnit.month and schedule is not None and schedule.minutes() < _FULL_WEEK:
        pay = _PART_TIME_HOURLY  # a monthly wage for school hours would be misleading
    start, end = _dates(rng, template, today)
    description = template.description
    if start is not None and end is not None:
        description += f"工期：{start.month}月{start.day}日至{end.month}月{end.day}日。"
    sedentary_site = (
        template.physical is PhysicalDemand.sedentary and template.work_mode is WorkMode.on_site
    )
    days = {PostingStatus.open: (1, 60), PostingStatus.draft: (0, 5)}.get(status, (60, 300))
    return PostingRecord(
        employer_index=employer_index,
        community_id=employer.community_id,
        title=rng.choice(template.titles),
        description=description,
        kind=template.kind,
        work_mode=template.work_mode,
        headcount=_headcount(rng, *template.headcount),
        pay_yuan=_pay_amount(rng, pay),
        pay_unit=pay.unit,
        place_name=_place_name(template, employer),
        lat=employer.lat,
        lon=employer.lon,
        schedule=schedule,
        start_date=start,
        end_date=end,
        physical_demand=template.physical,
        wheelchair_accessible=sedentary_site and rng.random() < template.wheelchair_share,
        status=status,
        created_at=created_before(rng, reference, days=days),
        skills=_skills(rng, template, book),
    )


def _employers_by_industry(employers: Sequence[EmployerRecord]) -> dict[str, list[int]]:
    by_industry: dict[str, list[int]] = {}
    for index, employer in enumerate(employers):
        by_industry.setdefault(employer.industry, []).append(index)
    return by_industry


def _families(by_industry: dict[str, list[int]]) -> dict[str, list[JobTemplate]]:
    families: dict[str, list[JobTemplate]] = {}
    for template in JOBS:
        if any(industry in by_industry for industry in template.industries):
            families.setdefault(template.family, []).append(template)
    return families


def generate_postings(
    rng: random.Random,
    *,
    employers: Sequence[EmployerRecord],
    book: SkillBook,
    open_count: int,
    reference: datetime,
    today: date,
) -> list[PostingRecord]:
    """``open_count`` open postings plus a few drafts and closed ones.

    ``reference`` is the instant the demo's history runs up to (publication times lie
    before it); ``today``, the day of seeding, is when date windows start from, so
    that no open posting has ended by then.
    """
    by_industry = _employers_by_industry(employers)
    families = _families(by_industry)
    shares = {family: FAMILY_SHARES[family] for family in FAMILY_SHARES if family in families}
    counts = {
        PostingStatus.open: open_count,
        PostingStatus.draft: max(1, open_count // 60),
        PostingStatus.closed: max(1, open_count // 40),
    }
    plan: list[tuple[str, PostingStatus]] = []
    for status, count in counts.items():
        batch = [family for family, n in apportion(count, shares).items() for _ in range(n)]
        rng.shuffle(batch)
        plan += [(family, status) for family in batch]
    postings = []
    for family, status in plan:
        templates = families[family]
        template = rng.choices(templates, weights=[t.weight for t in templates])[0]
        candidates = [i for industry in template.industries for i in by_industry.get(industry, ())]
        index = rng.choice(candidates)
        employer = employers[index]
        postings.append(_posting(rng, template, index, employer, book, status, reference, today))
    return postings
