"""Score one seeker against one posting: the reference implementation of matching.

``score_pair`` is plain Python, clear rather than fast; it defines the semantics
that the vectorised ranking reproduces (see ``factors`` for every formula).

Hard filters, checked in this order (the first failure is the rejection code):

1. ``seeker.ineligible``: the caller marked the seeker not eligible;
2. ``posting.closed``: the posting is not open;
3. ``posting.full``: no vacancies left;
4. ``posting.ended``: ``end_day`` is before today;
5. ``constraint.physical``: heavy work for a seeker with a disability or older than
   ``heavy_work_max_age``;
6. ``constraint.homebound``: a homebound seeker and work that is neither take-home
   nor on-site sedentary/light work within ``homebound_radius_km``;
7. ``distance.too_far``: beyond the distance limit (``factors.distance_limit_km``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matching.engine import factors as fx
from matching.engine.config import DEFAULT_CONFIG, MatchConfig
from matching.engine.records import PostingRecord, SeekerRecord, SkillGraph
from matching.engine.results import FACTOR_CODES, Factor, Match, MatchDetails, Rejection
from matching.engine.weekly import SLOT_MINUTES

__all__ = ["PostingFacts", "prepare_posting", "score_pair", "score_prepared"]

LIGHT_DEMANDS = frozenset({"sedentary", "light"})


@dataclass(frozen=True, slots=True)
class PostingFacts:
    """What scoring needs from a posting, computed once for many seekers."""

    posting: PostingRecord
    today: int
    lat: float
    lon: float
    schedule: int | None
    scheduled_slots: int
    pay: float
    pay_per_hour: float
    required: tuple[int, ...]
    nice: tuple[int, ...]


def prepare_posting(posting: PostingRecord, config: MatchConfig, today: date) -> PostingFacts:
    """Return the posting-level facts of ``score_pair`` (quantised, date-masked)."""
    day = today.toordinal()
    schedule = fx.effective_schedule(posting.schedule, posting.start_day, posting.end_day, day)
    pay = fx.quantize_yuan(posting.pay_yuan)
    return PostingFacts(
        posting=posting,
        today=day,
        lat=fx.quantize_coordinate(posting.lat),
        lon=fx.quantize_coordinate(posting.lon),
        schedule=schedule,
        scheduled_slots=0 if schedule is None else schedule.bit_count(),
        pay=pay,
        pay_per_hour=config.pay.per_hour(pay, posting.pay_unit),
        required=tuple(skill for skill, _level, required in posting.skills if required),
        nice=tuple(skill for skill, _level, required in posting.skills if not required),
    )


@dataclass(frozen=True, slots=True)
class _Skills:
    value: float
    met: tuple[int, ...]
    below: tuple[int, ...]
    related: tuple[int, ...]
    missing: tuple[int, ...]
    related_via: tuple[tuple[int, int], ...]


def _assess_skills(seeker: SeekerRecord, posting: PostingRecord, graph: SkillGraph) -> _Skills:
    levels = dict(seeker.skills)
    met: list[int] = []
    below: list[int] = []
    related: list[int] = []
    missing: list[int] = []
    via: list[tuple[int, int]] = []
    required: list[float] = []
    nice: list[float] = []
    for skill, min_level, is_required in posting.skills:
        level = levels.get(skill, 0)
        partner = None
        if level == 0:
            partner = next((other for other in graph.related(skill) if other in levels), None)
        credit = fx.skill_credit(level, min_level, partner is not None)
        (required if is_required else nice).append(credit)
        if credit == fx.CREDIT_MET:
            met.append(skill)
        elif credit == fx.CREDIT_BELOW:
            below.append(skill)
        elif partner is not None:
            related.append(skill)
            via.append((skill, partner))
        else:
            missing.append(skill)
    return _Skills(
        fx.skill_value(required, nice),
        tuple(met),
        tuple(below),
        tuple(related),
        tuple(missing),
        tuple(via),
    )


def _rejection(
    seeker: SeekerRecord, posting: PostingRecord, km: float, max_km: float, config: MatchConfig,
    today: int,
) -> str | None:  # fmt: skip
    if not seeker.eligible:
        return "seeker.ineligible"
    if not posting.open:
        return "posting.closed"
    if posting.vacancies <= 0:
        return "posting.full"
    if posting.end_day is not None and posting.end_day < today:
        return "posting.ended"
    heavy_excluded = seeker.disability or seeker.age > config.heavy_work_max_age
    if posting.physical_demand == "heavy" and heavy_excluded:
        return "constraint.physical"
    if seeker.homebound and posting.work_mode != "take_home":
        if posting.work_mode == "mobile" or posting.physical_demand not in LIGHT_DEMANDS:
            return "constraint.homebound"
        if config.homebound_radius_km < km <= max_km:
            return "constraint.homebound"
    limit = fx.distance_limit_km(
        max_km, posting.work_mode, seeker.homebound, config, fx.quantize_km(posting.delivery_km)
    )
    return "distance.too_far" if km > limit else None


def _pay(
    seeker: SeekerRecord, facts: PostingFacts, config: MatchConfig
) -> tuple[float, float | None, str]:
    """Return (value, seeker minimum per hour, basis)."""
    if seeker.min_pay_yuan is None or seeker.min_pay_unit is None:
        return 1.0, None, "hour"
    minimum = fx.quantize_yuan(seeker.min_pay_yuan)
    min_per_hour = config.pay.per_hour(minimum, seeker.min_pay_unit)
    if facts.posting.pay_unit == "piece" and seeker.min_pay_unit == "piece":
        return fx.pay_value(facts.pay, minimum), min_per_hour, "piece"
    return fx.pay_value(facts.pay_per_hour, min_per_hour), min_per_hour, "hour"


def _factors(values: tuple[float, ...], config: MatchConfig) -> tuple[Factor, ...]:
    w = config.weights
    weights = (w.skill, w.distance, w.availability, w.pay, 1.0, 1.0, 1.0, 1.0)
    factors = []
    for code, value, weight in zip(FACTOR_CODES, values, weights, strict=True):
        factors.append(Factor(code, value, weight, weight * value))
    return tuple(factors)


def score_pair(
    seeker: SeekerRecord,
    posting: PostingRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
) -> Match | Rejection:
    """Score a seeker for a posting, or say which hard filter rejects the pair.

    Parameters
    ----------
    seeker, posting : SeekerRecord, PostingRecord
        The pair.
    graph : SkillGraph
        Related skills, for partial credit.
    config : MatchConfig
        Weights and models.
    today : date
        Decides whether the posting has ended and which dates remain to be worked.

    Returns
    -------
    Match or Rejection
        A ``Match`` whose ``id`` is the seeker's, with the eight factors of
        ``results.FACTOR_CODES`` and ``score`` equal to the sum of their
        contributions; or a ``Rejection`` naming the first failed hard filter.

    Examples
    --------
    >>> from datetime import date
    >>> seeker = SeekerRecord(id=1, lat=36.18, lon=116.77, max_travel_km=3.0,
    ...     travel_mode="walk", homebound=False, caregiver=False, disability=False,
    ...     age=40, availability=(1 << 336) - 1, min_pay_yuan=None, min_pay_unit=None,
    ...     skills=((0, 2),), eligible=True, community_id=1, station_id=1)
    >>> posting = PostingRecord(id=5, lat=36.19, lon=116.77, work_mode="on_site",
    ...     kind="odd_job", pay_yuan=20.0, pay_unit="hour", schedule=None,
    ...     start_day=None, end_day=None, physical_demand="light",
    ...     wheelchair_accessible=False, skills=((0, 1, True),), vacancies=1,
    ...     open=True, community_id=1)
    >>> match = score_pair(seeker, posting, SkillGraph(1), today=date(2026, 11, 30))
    >>> round(match.score, 3), round(match.details.km, 2), match.details.skills_met
    (0.88, 1.45, (0,))
    >>> import dataclasses
    >>> far = dataclasses.replace(posting, lat=36.3)
    >>> score_pair(seeker, far, SkillGraph(1), today=date(2026, 11, 30))
    Rejection(code='distance.too_far')
    """
    return score_prepared(seeker, prepare_posting(posting, config, today), graph, config)


def score_prepared(
    seeker: SeekerRecord, facts: PostingFacts, graph: SkillGraph, config: MatchConfig
) -> Match | Rejection:
    """``score_pair`` with the posting's facts computed beforehand (for many seekers)."""
    posting = facts.posting
    straight_km = fx.haversine_km(
        facts.lat,
        facts.lon,
        fx.quantize_coordinate(seeker.lat),
        fx.quantize_coordinate(seeker.lon),
    )
    km = straight_km * config.travel.road_factor
    max_km = fx.quantize_km(seeker.max_travel_km)
    code = _rejection(seeker, posting, km, max_km, config, facts.today)
    if code is not None:
        return Rejection(code)
    share = fx.availability_share(seeker.availability, facts.schedule)
    if facts.schedule is not None and share < config.min_hours_share:
        return Rejection("hours.too_few")
    skills = _assess_skills(seeker, posting, graph)
    pay_value, min_per_hour, basis = _pay(seeker, facts, config)
    fairness = config.fairness
    values = (
        skills.value,
        fx.distance_value(km, max_km, posting.work_mode, config),
        share,
        pay_value,
        fx.pending_adjustment(seeker.pending_proposals, fairness),
        fx.recent_placement_adjustment(seeker.recently_placed, fairness),
        fx.waiting_adjustment(seeker.days_waiting, fairness),
        fx.homebound_adjustment(seeker.homebound, posting.work_mode, km, config),
    )
    factors = _factors(values, config)
    details = _details(
        seeker, facts, skills, (straight_km, km), (share, min_per_hour, basis), config
    )
    total = fx.sequential_sum(f.contribution for f in factors)
    return Match(seeker.id, total, factors, details)


def _details(
    seeker: SeekerRecord,
    facts: PostingFacts,
    skills: _Skills,
    distances: tuple[float, float],
    hours_and_pay: tuple[float, float | None, str],
    config: MatchConfig,
) -> MatchDetails:
    straight_km, km = distances
    share, min_per_hour, basis = hours_and_pay
    schedule = facts.schedule
    overlap = None if schedule is None else (seeker.availability & schedule).bit_count()
    return MatchDetails(
        seeker_id=seeker.id,
        posting_id=facts.posting.id,
        skills_met=skills.met,
        skills_below=skills.below,
        skills_related=skills.related,
        skills_missing=skills.missing,
        related_via=skills.related_via,
        required_skills=facts.required,
        nice_skills=facts.nice,
        km=km,
        straight_km=straight_km,
        minutes=config.travel.minutes(km, seeker.travel_mode),
        travel_mode=seeker.travel_mode,
        work_mode=facts.posting.work_mode,
        overlap_share=share,
        overlap_minutes=None if overlap is None else overlap * SLOT_MINUTES,
        scheduled_minutes=None if schedule is None else facts.scheduled_slots * SLOT_MINUTES,
        pay_per_hour=facts.pay_per_hour,
        min_pay_per_hour=min_per_hour,
        pay_basis=basis,
        delivered=facts.posting.work_mode == "take_home"
        and fx.quantize_km(facts.posting.delivery_km) > 0
        and km <= fx.quantize_km(facts.posting.delivery_km),
    )
