"""One behaviour per test: each factor, each hard filter, score_pair's contract."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
from datetime import date, timedelta

import pytest

from matching.engine import factors
from matching.engine.config import Fairness, MatchConfig, PayModel, TravelModel, Weights
from matching.engine.records import SkillGraph
from matching.engine.results import FACTOR_CODES, Rejection
from matching.engine.scoring import score_pair
from tests.engine.engine_factories import (
    ALWAYS,
    HOME,
    TODAY,
    make_posting,
    make_seeker,
    matched,
    north_of,
    rejected,
    week,
)

ENGINE_MODULES = (
    "config",
    "factors",
    "posting_index",
    "ranking",
    "records",
    "results",
    "scoring",
    "seeker_columns",
    "seeker_index",
    "skill_lists",
    "spatial",
    "synthetic",
    "widen",
    "widen_postings",
)

ANY_HOURS = MatchConfig(min_hours_share=0.0)
"""Scores every share of the hours, to test the availability formula itself."""


@pytest.mark.parametrize("name", ENGINE_MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(f"matching.engine.{name}")
    assert doctest.testmod(module).failed == 0


# -- skill.match ----------------------------------------------------------------

GRAPH = SkillGraph(10, [(0, 1)])


@pytest.mark.parametrize(
    ("seeker_skills", "value", "group"),
    [
        (((0, 2),), 1.0, "met"),
        (((0, 3),), 1.0, "met"),
        (((0, 1),), 0.6, "below"),
        (((1, 3),), 0.4, "related"),
        (((1, 1), (0, 1)), 0.6, "below"),
        (((5, 3),), 0.0, "missing"),
        ((), 0.0, "missing"),
    ],
)
def test_skill_credit_by_level_relation_or_absence(
    seeker_skills: tuple[tuple[int, int], ...], value: float, group: str
) -> None:
    posting = make_posting(skills=((0, 2, True),))
    match = matched(make_seeker(skills=seeker_skills), posting, GRAPH)
    assert match.factor("skill.match").value == value
    details = match.details
    groups = {
        "met": details.skills_met,
        "below": details.skills_below,
        "related": details.skills_related,
        "missing": details.skills_missing,
    }
    assert {name for name, skills in groups.items() if skills} == {group}


def test_related_skill_names_the_seekers_partner_skill() -> None:
    match = matched(make_seeker(skills=((1, 1),)), make_posting(skills=((0, 2, True),)), GRAPH)
    assert match.details.related_via == ((0, 1),)


@pytest.mark.parametrize(
    ("posting_skills", "value"),
    [
        (((0, 2, True), (5, 1, False)), 0.8),  # required met, nice missing
        (((5, 1, True), (0, 1, False)), 0.2),  # required missing, nice met
        (((0, 3, True), (6, 1, True), (5, 1, False)), 0.8 * (0.6 + 0.0) / 2 + 0.0),
        (((0, 1, False), (5, 1, False)), 0.5),  # only nice-to-have: plain mean
        ((), 1.0),  # no skills asked
    ],
)
def test_required_weigh_four_times_nice_to_have(
    posting_skills: tuple[tuple[int, int, bool], ...], value: float
) -> None:
    match = matched(make_seeker(skills=((0, 2),)), make_posting(skills=posting_skills), GRAPH)
    assert match.factor("skill.match").value == pytest.approx(value, abs=1e-12)


def test_details_split_required_and_nice_skills() -> None:
    posting = make_posting(skills=((0, 2, True), (5, 1, False), (6, 1, True)))
    details = matched(make_seeker(), posting, GRAPH).details
    assert (details.required_skills, details.nice_skills) == ((0, 6), (5,))


# -- distance -------------------------------------------------------------------


def test_haversine_of_one_degree_of_latitude() -> None:
    assert factors.haversine_km(36.0, 116.0, 37.0, 116.0) == pytest.approx(111.195, abs=1e-3)
    assert factors.haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=1e-3)


def test_haversine_is_symmetric_and_zero_at_the_same_point() -> None:
    a, b = (36.18, 116.77), (36.25, 116.61)
    assert factors.haversine_km(*a, *b) == pytest.approx(factors.haversine_km(*b, *a), rel=1e-12)
    assert factors.haversine_km(*a, *a) == 0.0


@pytest.mark.parametrize(
    ("mode", "minutes"), [("walk", 40.0), ("bike", 15.0), ("ebike", 10.0), ("bus", 22.0)]
)
def test_travel_minutes_per_mode(mode: str, minutes: float) -> None:
    assert TravelModel().minutes(3.0, mode) == pytest.approx(minutes)


def test_match_reports_road_km_and_minutes_for_the_seekers_mode() -> None:
    lat, lon = north_of(1.5)
    match = matched(make_seeker(travel_mode="bus"), make_posting(lat=lat, lon=lon))
    assert match.details.km == pytest.approx(1.5, abs=1e-3)
    assert match.details.straight_km == pytest.approx(1.5 / 1.3, abs=1e-3)
    assert match.details.minutes == pytest.approx(1.5 / 15 * 60 + 10, abs=1e-2)


@pytest.mark.parametrize(("km", "value"), [(0.0, 1.0), (1.5, 0.5), (2.7, 0.1)])
def test_on_site_distance_value_falls_linearly_to_the_travel_limit(km: float, value: float) -> None:
    lat, lon = north_of(km)
    match = matched(make_seeker(max_travel_km=3.0), make_posting(lat=lat, lon=lon))
    assert match.factor("distance").value == pytest.approx(value, abs=1e-3)


def test_on_site_beyond_the_travel_limit_is_too_far() -> None:
    lat, lon = north_of(3.1)
    assert rejected(make_seeker(max_travel_km=3.0), make_posting(lat=lat, lon=lon)) == (
        "distance.too_far"
    )
    assert rejected(make_seeker(max_travel_km=3.0), make_posting(lat=lat, lon=lon,
                                                                 work_mode="mobile")) == (
        "distance.too_far"
    )  # fmt: skip


def test_zero_travel_limit_matches_only_at_the_door() -> None:
    seeker = make_seeker(max_travel_km=0.0)
    assert matched(seeker, make_posting()).factor("distance").value == 1.0
    lat, lon = north_of(0.05)
    assert rejected(seeker, make_posting(lat=lat, lon=lon)) == "distance.too_far"


@pytest.mark.parametrize(("km", "value"), [(0.0, 1.0), (5.0, 0.85), (9.99, 0.7003)])
def test_take_home_distance_weighs_lightly(km: float, value: float) -> None:
    lat, lon = north_of(km)
    posting = make_posting(work_mode="take_home", lat=lat, lon=lon, delivery_km=12.0)
    match = matched(make_seeker(max_travel_km=0.0), posting)
    assert match.factor("distance").value == pytest.approx(value, abs=1e-3)
    assert match.details.delivered


def test_take_home_without_delivery_keeps_her_own_limit_to_the_pick_up_point() -> None:
    lat, lon = north_of(8.0)
    posting = make_posting(work_mode="take_home", lat=lat, lon=lon)
    walker = make_seeker(homebound=True, travel_mode="walk", max_travel_km=1.0)
    assert rejected(walker, posting) == "distance.too_far"
    fetcher = matched(make_seeker(max_travel_km=9.0), posting)  # fetches it herself
    assert not fetcher.details.delivered
    assert fetcher.factor("distance").value == pytest.approx(1 - 0.3 * 8 / 10, abs=1e-3)


def test_take_home_is_delivered_within_the_delivery_radius_only() -> None:
    lat, lon = north_of(5.0)
    posting = make_posting(work_mode="take_home", lat=lat, lon=lon, delivery_km=6.0)
    assert matched(make_seeker(max_travel_km=1.0), posting).details.delivered
    lat, lon = north_of(7.0)
    beyond = make_posting(work_mode="take_home", lat=lat, lon=lon, delivery_km=6.0)
    assert rejected(make_seeker(max_travel_km=1.0), beyond) == "distance.too_far"


def test_only_take_home_work_delivers() -> None:
    with pytest.raises(ValueError, match="delivers"):
        make_posting(work_mode="on_site", delivery_km=3.0)


# -- homebound, disability, age -----------------------------------------------------


def test_homebound_seeker_takes_take_home_work_with_a_boost() -> None:
    lat, lon = north_of(6.0)
    posting = make_posting(
        work_mode="take_home", lat=lat, lon=lon, physical_demand="medium", delivery_km=8.0
    )
    match = matched(make_seeker(homebound=True, max_travel_km=0.0), posting)
    assert match.factor("fairness.homebound").value == 0.04


@pytest.mark.parametrize("demand", ["sedentary", "light"])
def test_homebound_seeker_takes_very_near_light_on_site_work(demand: str) -> None:
    lat, lon = north_of(0.8)
    posting = make_posting(lat=lat, lon=lon, physical_demand=demand)
    match = matched(make_seeker(homebound=True, max_travel_km=1.0), posting)
    assert match.factor("fairness.homebound").value == 0.04


@pytest.mark.parametrize(
    ("km", "demand", "mode", "code"),
    [
        (1.5, "light", "on_site", "constraint.homebound"),  # beyond the homebound radius
        (0.2, "medium", "on_site", "constraint.homebound"),  # not light work
        (0.2, "light", "mobile", "constraint.homebound"),  # mobile work
        (0.8, "light", "on_site", "distance.too_far"),  # beyond her own limit (0.5 km)
    ],
)
def test_homebound_seeker_is_not_offered_other_work(
    km: float, demand: str, mode: str, code: str
) -> None:
    lat, lon = north_of(km)
    posting = make_posting(lat=lat, lon=lon, physical_demand=demand, work_mode=mode)
    assert rejected(make_seeker(homebound=True, max_travel_km=0.5 if km < 1 else 3.0), posting) == (
        code
    )


@pytest.mark.parametrize(
    ("disability", "age", "demand", "allowed"),
    [
        (True, 40, "heavy", False),
        (True, 40, "medium", True),
        (False, 61, "heavy", False),
        (False, 60, "heavy", True),
        (False, 75, "medium", True),
    ],
)
def test_heavy_work_is_not_offered_to_disabled_or_older_seekers(
    disability: bool, age: int, demand: str, allowed: bool
) -> None:
    seeker = make_seeker(disability=disability, age=age)
    posting = make_posting(physical_demand=demand)
    if allowed:
        matched(seeker, posting)
    else:
        assert rejected(seeker, posting) == "constraint.physical"


def test_heavy_work_age_limit_is_configurable() -> None:
    seeker, posting = make_seeker(age=58), make_posting(physical_demand="heavy")
    assert rejected(seeker, posting, config=MatchConfig(heavy_work_max_age=55)) == (
        "constraint.physical"
    )


# -- availability ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("availability", "share"),
    [
        ({"mon": ["22:00-24:00"], "tue": ["00:00-06:00"]}, 1.0),
        ({"mon": ["20:00-23:30"], "tue": ["00:00-07:00"]}, 15 / 16),
        ({"mon": ["22:00-24:00"]}, 4 / 16),
        ({"tue": ["00:00-06:00"]}, 12 / 16),
        ({"wed": ["00:00-24:00"]}, 0.0),
    ],
)
def test_overnight_shift_counts_hours_on_both_days(
    availability: dict[str, list[str]], share: float
) -> None:
    posting = make_posting(schedule=week({"mon": ["22:00-06:00"]}))
    match = matched(make_seeker(availability=week(availability)), posting, config=ANY_HOURS)
    assert match.factor("availability").value == pytest.approx(share)
    assert match.details.scheduled_minutes == 8 * 60


@pytest.mark.parametrize(
    ("availability", "share"),
    [
        ({"sun": ["20:00-24:00"], "mon": ["00:00-02:00"]}, 1.0),
        ({"sun": ["23:00-24:00"]}, 0.5),
        ({"mon": ["00:00-01:00"]}, 0.5),
    ],
)
def test_sunday_night_shift_wraps_into_monday(
    availability: dict[str, list[str]], share: float
) -> None:
    posting = make_posting(schedule=week({"sun": ["23:00-01:00"]}))
    match = matched(make_seeker(availability=week(availability)), posting)
    assert match.factor("availability").value == share


def test_flexible_posting_needs_no_particular_hours() -> None:
    match = matched(make_seeker(availability=0), make_posting(schedule=None))
    assert match.factor("availability").value == 1.0
    assert match.details.overlap_minutes is None


def test_posting_with_an_empty_schedule_matches_no_hours() -> None:
    found = matched(make_seeker(), make_posting(schedule=0), config=ANY_HOURS)
    assert found.factor("availability").value == 0.0
    assert rejected(make_seeker(), make_posting(schedule=0)) == "hours.too_few"


@pytest.mark.parametrize(
    ("hours", "code"), [("08:00-11:30", None), ("08:00-12:30", "hours.too_few")]
)
def test_work_she_can_do_only_a_small_part_of_is_no_match(hours: str, code: str | None) -> None:
    """Her stated week is a hard limit: at least ``min_hours_share`` (half) of the hours."""
    seeker = make_seeker(availability=week({"mon": ["08:00-11:30"]}))
    posting = make_posting(schedule=week({"mon": [hours], "tue": ["08:00-11:30"]}))
    result = score_pair(seeker, posting, SkillGraph(20), today=TODAY)
    assert (result.code if isinstance(result, Rejection) else None) == code


WEEKDAYS = week({d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")})
TUE_WED = week({"tue": ["09:00-17:00"], "wed": ["09:00-17:00"]})


@pytest.mark.parametrize(
    ("start", "end", "share"),
    [
        (TODAY + timedelta(days=1), TODAY + timedelta(days=2), 1.0),  # Tue-Wed only
        (TODAY + timedelta(days=1), TODAY + timedelta(days=1), 1.0),  # one Tuesday
        (TODAY + timedelta(days=3), TODAY + timedelta(days=4), 0.0),  # Thu-Fri
        (TODAY, TODAY + timedelta(days=6), 0.4),  # a full week: no masking
        (TODAY - timedelta(days=10), TODAY + timedelta(days=2), 2 / 3),  # Mon-Wed remain
    ],
)
def test_short_gig_counts_only_the_weekdays_in_its_dates(
    start: date, end: date, share: float
) -> None:
    posting = make_posting(schedule=WEEKDAYS, start_day=start.toordinal(), end_day=end.toordinal())
    match = matched(make_seeker(availability=TUE_WED), posting, config=ANY_HOURS)
    assert match.factor("availability").value == pytest.approx(share)


def test_weekday_of_an_ordinal_matches_the_calendar() -> None:
    for offset in range(14):
        day = TODAY + timedelta(days=offset)
        assert factors.weekday(day.toordinal()) == day.weekday()


def test_ended_posting_is_rejected_but_one_ending_today_is_not() -> None:
    yesterday = (TODAY - timedelta(days=1)).toordinal()
    assert rejected(make_seeker(), make_posting(end_day=yesterday)) == "posting.ended"
    matched(make_seeker(), make_posting(end_day=TODAY.toordinal()))


# -- pay ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "pay_unit", "minimum", "min_unit", "value", "basis"),
    [
        (200.0, "day", 25.0, "hour", 1.0, "hour"),  # 25/h vs 25/h
        (20.0, "hour", 200.0, "day", 0.5, "hour"),  # 20 vs 25: ratio 0.8
        (3480.0, "month", 25.0, "hour", 0.5, "hour"),  # 3480/174 = 20/h
        (2.0, "piece", 25.0, "hour", 0.5, "hour"),  # 2 × 10 pieces/h = 20/h
        (20.0, "hour", 2.5, "piece", 0.5, "hour"),  # minimum 25/h
        (1.5, "piece", 2.0, "piece", 0.375, "piece"),  # compared per piece
        (2.0, "piece", 2.0, "piece", 1.0, "piece"),
        (15.0, "hour", 25.0, "hour", 0.0, "hour"),  # 60% of the minimum
        (30.0, "hour", None, None, 1.0, "hour"),  # no minimum
    ],
)
def test_pay_converts_units_to_yuan_per_hour(
    pay: float,
    pay_unit: str,
    minimum: float | None,
    min_unit: str | None,
    value: float,
    basis: str,
) -> None:
    seeker = make_seeker(min_pay_yuan=minimum, min_pay_unit=min_unit)
    match = matched(seeker, make_posting(pay_yuan=pay, pay_unit=pay_unit))
    assert match.factor("pay").value == pytest.approx(value, abs=1e-12)
    assert match.details.pay_basis == basis


def test_pay_model_conversions() -> None:
    model = PayModel()
    per_hour = [model.per_hour(x, u) for x, u in [(8, "hour"), (80, "day"), (1740, "month")]]
    assert per_hour == [8, 10, 10]
    assert model.per_hour(0.5, "piece") == 5.0


# -- fairness -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "code", "value"),
    [
        ({"pending_proposals": 1}, "fairness.pending", -0.03),
        ({"pending_proposals": 7}, "fairness.pending", -0.09),
        ({"recently_placed": True}, "fairness.recent_placement", -0.05),
        ({"days_waiting": 45}, "fairness.waiting", 0.025),
        ({"days_waiting": 400}, "fairness.waiting", 0.05),
    ],
)
def test_fairness_adjustments_are_bounded(
    overrides: dict[str, object], code: str, value: float
) -> None:
    match = matched(make_seeker(**overrides), make_posting())
    assert match.factor(code).value == pytest.approx(value)
    assert match.factor(code).weight == 1.0


def test_homebound_boost_needs_homebound_seeker_and_near_home_work() -> None:
    assert matched(make_seeker(), make_posting()).factor("fairness.homebound").value == 0.0


def test_fairness_can_be_switched_off() -> None:
    config = MatchConfig(fairness=Fairness.off())
    match = matched(
        make_seeker(pending_proposals=3, days_waiting=90), make_posting(), config=config
    )
    assert all(f.value == 0.0 for f in match.factors if f.code.startswith("fairness"))


# -- score_pair contract ----------------------------------------------------------


def test_factors_come_in_order_and_sum_to_the_score() -> None:
    lat, lon = north_of(1.0)
    seeker = make_seeker(
        skills=((0, 1),), min_pay_yuan=22.0, min_pay_unit="hour", pending_proposals=1,
        days_waiting=30, availability=week({"mon": ["08:00-12:00"]}),
    )  # fmt: skip
    posting = make_posting(lat=lat, lon=lon, skills=((0, 2, True),),
                           schedule=week({"mon": ["08:00-16:00"]}))  # fmt: skip
    match = matched(seeker, posting, GRAPH)
    assert tuple(f.code for f in match.factors) == FACTOR_CODES
    assert all(f.contribution == f.weight * f.value for f in match.factors)
    assert match.score == pytest.approx(sum(f.contribution for f in match.factors), abs=1e-12)
    assert match.id == seeker.id and match.details.posting_id == posting.id


@pytest.mark.parametrize(
    ("seeker", "posting", "code"),
    [
        (make_seeker(eligible=False), make_posting(), "seeker.ineligible"),
        (make_seeker(), make_posting(open=False), "posting.closed"),
        (make_seeker(), make_posting(vacancies=0), "posting.full"),
    ],
)
def test_rejection_names_the_failed_filter(seeker: object, posting: object, code: str) -> None:
    assert rejected(seeker, posting) == code  # type: ignore[arg-type]


def test_scores_do_not_change_when_coordinates_are_stored_at_float32() -> None:
    lat, lon = north_of(1.234567)
    seeker = make_seeker(lat=HOME[0] + 1e-7)
    posting = make_posting(lat=lat, lon=lon)
    stored = dataclasses.replace(seeker, lat=factors.quantize_coordinate(seeker.lat))
    assert matched(seeker, posting).score == matched(stored, posting).score


# -- configuration ------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Weights(skill=0.5),
        lambda: Weights(skill=-0.1, distance=0.35, availability=0.5, pay=0.25),
        lambda: Fairness(waiting_boost=0.3),
        lambda: Fairness(pending_penalty=0.1, pending_cap=3),
        lambda: TravelModel(speeds_kmh={"walk": 4.0}),
        lambda: TravelModel(road_factor=0.9),
        lambda: PayModel(hours_per_day=0),
        lambda: MatchConfig(take_home_radius_km=0),
        lambda: MatchConfig(take_home_distance_weight_scale=1.5),
    ],
)
def test_invalid_configuration_is_refused(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_configuration_is_hashable_and_immutable() -> None:
    config = MatchConfig()
    assert hash(config) == hash(MatchConfig())
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.take_home_radius_km = 5.0  # type: ignore[misc]


def test_records_refuse_unknown_vocabulary() -> None:
    with pytest.raises(ValueError, match="travel_mode"):
        make_seeker(travel_mode="car")
    with pytest.raises(ValueError, match="work_mode"):
        make_posting(work_mode="remote")
    with pytest.raises(ValueError, match="twice"):
        make_seeker(skills=((1, 1), (1, 2)))
    with pytest.raises(ValueError, match="both"):
        make_seeker(min_pay_yuan=10.0)
    assert make_seeker(availability=ALWAYS).availability == ALWAYS
