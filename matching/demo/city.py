"""Generate the whole demo city from a seed: stations, employers, postings, seekers.

Pure: only ``random.Random`` seeded per part, no database and no clock (the day of
seeding, ``today``, is an input), so the same seed and inputs always give the same
records (phone and ID numbers included).

Examples
--------
>>> from datetime import date
>>> from matching.demo import DemoSizes, PlaceRef, SkillRef, generate_city
>>> town = PlaceRef(1, "370983001", "新城街道", "street", 36.112, 116.733)
>>> home = PlaceRef(10, "370983001002", "河西社区居委会", "residential", 36.109, 116.722, 1)
>>> sizes = DemoSizes(seekers=5, postings=4, factories=2, other_employers=2,
...                   service_stations=1, gig_stations=1)
>>> city = generate_city(seed=1, towns=[town], communities=[home],
...                      skills=[SkillRef(1, "sewing", "garment_textile")], sizes=sizes,
...                      today=date(2026, 12, 5))
>>> len(city.seekers), sum(p.status == "open" for p in city.postings)
(5, 4)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from matching.demo.employers import generate_employers
from matching.demo.identities import NumberMint
from matching.demo.postings import generate_postings
from matching.demo.records import DemoCity, DemoSizes, PlaceRef, SkillRef
from matching.demo.sampling import SkillBook
from matching.demo.seekers import generate_seekers
from matching.demo.stations import generate_stations
from matching.demo.timeline import REFERENCE

__all__ = ["generate_city"]


def _rng(seed: int, part: str) -> random.Random:
    # One generator per part: changing how many seekers are drawn leaves the
    # employers and postings of a seed untouched.
    return random.Random(f"matching-demo:{seed}:{part}")


def generate_city(
    *,
    seed: int,
    towns: Sequence[PlaceRef],
    communities: Sequence[PlaceRef],
    skills: Sequence[SkillRef],
    sizes: DemoSizes,
    today: date,
) -> DemoCity:
    """Generate the demo city for ``seed`` on the given geography and skill taxonomy.

    ``today`` is the day of seeding (the city's local date): posting date windows start
    after it, so the open postings are open that day. Inputs are sorted by code first,
    so their order does not matter. Raises ``ValueError`` when there are no communities
    or no skills to build on.
    """
    if not communities or not towns:
        raise ValueError("the demo city needs towns and communities")
    towns = sorted(towns, key=lambda place: place.code)
    communities = sorted(communities, key=lambda place: place.code)
    book = SkillBook(sorted(skills, key=lambda skill: skill.code))
    # Phones and ID numbers must be unique across parts, so one mint serves all.
    mint = NumberMint(_rng(seed, "numbers"))
    employers = generate_employers(
        _rng(seed, "employers"),
        mint,
        towns=towns,
        communities=communities,
        factories=sizes.factories,
        others=sizes.other_employers,
        reference=REFERENCE,
    )
    stations = generate_stations(
        _rng(seed, "stations"),
        towns=towns,
        communities=communities,
        employers=employers,
        service_stations=sizes.service_stations,
        gig_stations=sizes.gig_stations,
        reference=REFERENCE,
    )
    postings = generate_postings(
        _rng(seed, "postings"),
        employers=employers,
        book=book,
        open_count=sizes.postings,
        reference=REFERENCE,
        today=today,
    )
    seekers = generate_seekers(
        _rng(seed, "seekers"),
        mint,
        communities=communities,
        stations=stations,
        book=book,
        count=sizes.seekers,
        reference=REFERENCE,
    )
    return DemoCity(
        stations=tuple(stations),
        employers=tuple(employers),
        postings=tuple(postings),
        seekers=tuple(seekers),
    )
