"""A deterministic demo city of 肥城市 at the scale of the product brief.

:func:`generate_city` is pure: from a seed, the towns, communities and skill
taxonomy it draws stations (a 零工服务窗口 per town, ~70 就业服务驿站, gig
stations), ~260 employers (micro-factories, handicraft workshops, shops,
households, partners), ~1,500 postings and ~10,000 seekers as plain records.
``matching.services.demo.seed_demo_city`` reads the reference data, calls it and
inserts the records with personal data encrypted.

Module map::

    records     input refs, sizes and output records (dataclasses)
    city        generate_city: one generator per part, derived from the seed
    employers   industries and employers (names, contacts, credit codes, places)
    stations    windows, service stations and gig stations
    postings    postings drawn from the job catalogue (jobs)
    seekers     seekers by household; profiles: their skills, hours, travel and pay
    names       Chinese names by frequency, sex and generation
    identities  resident IDs, mobile numbers, credit codes, uids
    places      jitter, distances, community labels, addresses
    schedules   named weekly patterns (长白班, 宝妈班, 夜班...)
    sampling    exact apportioning and skill-code lookup
    timeline    the fixed reference date (2026-11-01) all timestamps count back from
"""

from matching.demo.city import generate_city
from matching.demo.records import (
    DemoCity,
    DemoSizes,
    EmployerRecord,
    PlaceRef,
    PostingRecord,
    PostingSkillRecord,
    SeekerRecord,
    SeekerSkillRecord,
    SkillRef,
    StationRecord,
)

__all__ = [
    "DemoCity",
    "DemoSizes",
    "EmployerRecord",
    "PlaceRef",
    "PostingRecord",
    "PostingSkillRecord",
    "SeekerRecord",
    "SeekerSkillRecord",
    "SkillRef",
    "StationRecord",
    "generate_city",
]
