"""Report figures equal a pure-Python recomputation on generated histories (both databases).

Each hypothesis example inserts a random history inside a savepoint, runs the reports
as an administrator (city-wide) or as a clerk (two communities), compares every row
and total with :class:`tests.support.report_oracle.Oracle`, and rolls back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.access.actor import Actor
from matching.enums import (
    PostingKind,
    PostingStatus,
    ProposalStatus,
    Role,
    SeekerStatus,
    WorkMode,
)
from matching.errors import InvalidInput, NotFound
from matching.schemas.reports import CommunityGroup, FacilityGroup, PlacementGroup, VacancyGroup
from matching.services import reports
from matching.services.context import ServiceContext
from matching.services.reports.near_home import distance_km
from tests.support.report_history import (
    FAR_LAT,
    HOME,
    NEAR_LAT,
    GenPosting,
    GenProposal,
    GenSeeker,
    History,
    World,
    histories,
    inserted,
    make_world,
    periods,
)
from tests.support.report_oracle import Ask, Oracle

pytestmark = pytest.mark.db

EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
Period = tuple[date | None, date | None]


@pytest.fixture
def world(ctx: ServiceContext) -> World:
    return make_world(ctx.session)


def _as(ctx: ServiceContext, world: World, clerk: bool) -> ServiceContext:
    """The caller: an administrator, or a clerk of the first subdistrict's two communities."""
    if not clerk:
        return ctx
    scope = frozenset(place.id for place in world.places[:2])
    actor = Actor(user_id=1, role=Role.clerk, station_id=world.stations[0][0], community_ids=scope)
    return replace(ctx, actor=actor)


def _ask(period: Period, world: World, clerk: bool) -> Ask:
    scope = frozenset(place.id for place in world.places[:2]) if clerk else None
    return Ask(period[0], period[1], scope)


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_placements_equal_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        oracle = Oracle(world, history, ids)
        for group in PlacementGroup:
            report = reports.placements_report(
                caller, start=period[0], end=period[1], group_by=group
            )
            rows, people, placements = oracle.placements_report(ask, group.value)
            got = [(r.key, r.people, r.placements) for r in report.rows]
            assert got == [(row[0], row[3], row[4]) for row in rows], group
            if group in (
                PlacementGroup.subdistrict,
                PlacementGroup.community,
                PlacementGroup.station,
            ):
                assert [(r.label, r.parent) for r in report.rows] == [(r[1], r[2]) for r in rows]
            assert (report.total_people, report.total_placements) == (people, placements)


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_near_home_equals_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        oracle = Oracle(world, history, ids)
        for group in PlacementGroup:
            report = reports.near_home_report(
                caller, start=period[0], end=period[1], group_by=group
            )
            expected = oracle.near_home_report(ask, group.value)
            got = [
                (r.key, r.people, r.placements, r.take_home_placements, r.nearby_placements)
                for r in report.rows
            ]
            assert got == [(row[0], *row[3:]) for row in expected.pop("rows")], group
            assert report.model_dump(include=set(expected)) == expected


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_facilities_equal_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        expected = Oracle(world, history, ids).facilities_report(ask)
        report = reports.facilities_report(caller, start=period[0], end=period[1])
        got = [(r.key, r.facilities, r.seekers, r.postings) for r in report.rows]
        assert got == expected.pop("rows")
        assert report.model_dump(include=set(expected)) == expected
        detail = reports.facilities_report(
            caller, start=period[0], end=period[1], group_by=FacilityGroup.facility
        )
        assert sum(r.facilities for r in detail.rows) == sum(r.facilities for r in report.rows)


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_full_employment_equals_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        expected = Oracle(world, history, ids).full_employment(ask)
        report = reports.full_employment_report(caller, start=period[0], end=period[1])
        got = [
            (
                r.key,
                next(p.subdistrict_code for p in world.places if p.code == r.key),
                r.seekers_wanting_work,
                r.seekers_in_work,
                r.households,
                r.zero_employment_households,
                r.meets_criterion,
            )
            for r in report.rows
        ]
        assert got == expected["rows"]
        assert report.communities_meeting == expected["meeting"]
        by_town = reports.full_employment_report(
            caller, start=period[0], end=period[1], group_by=CommunityGroup.subdistrict
        )
        assert sum(r.communities_meeting for r in by_town.rows) == expected["meeting"]
        assert sum(r.seekers_wanting_work for r in by_town.rows) == sum(r[2] for r in got)


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_vacancies_equal_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        oracle = Oracle(world, history, ids)
        for group in VacancyGroup:
            report = reports.vacancies_report(
                caller, start=period[0], end=period[1], group_by=group
            )
            rows, totals = oracle.vacancies_report(ask, group.value)
            got = [
                (r.key, r.postings, r.vacancies, r.filled, r.open_vacancies) for r in report.rows
            ]
            assert got == rows, group
            totals_got = (report.postings, report.vacancies, report.filled, report.open_vacancies)
            assert totals_got == totals
            assert report.fill_rate == (round(totals[2] / totals[1], 4) if totals[1] else None)


@EXAMPLES
@given(history=histories(), period=periods(), clerk=st.booleans())
def test_outcomes_and_summary_equal_recomputation(
    ctx: ServiceContext, world: World, history: History, period: Period, clerk: bool
) -> None:
    caller = _as(ctx, world, clerk)
    ask = _ask(period, world, clerk)
    with inserted(ctx.session, world, history) as ids:
        oracle = Oracle(world, history, ids)
        expected = oracle.outcomes_report(ask)
        report = reports.outcomes_report(caller, start=period[0], end=period[1])
        assert [(r.status, r.reason, r.proposals, r.share) for r in report.rows] == expected["rows"]
        assert report.proposals == expected["proposals"]
        assert report.people_first_placed == expected["people_first_placed"]
        assert report.median_days_to_placement == expected["median"]
        summary = reports.summary_report(caller, start=period[0], end=period[1])
        _, people, placements = oracle.placements_report(ask, "subdistrict")
        near = oracle.near_home_report(ask, "subdistrict")
        facilities = oracle.facilities_report(ask)
        _, vacancies = oracle.vacancies_report(ask, "posting_kind")
        assert summary.model_dump(exclude={"report", "title", "period", "scope", "group_by"}) == {
            "people_placed": people,
            "placements": placements,
            "near_home_people": near["total_people"],
            "factories_and_gig_stations": facilities["factories_and_gig_stations"],
            "service_stations": facilities["service_stations"],
            "full_employment_communities": oracle.full_employment(ask)["meeting"],
            "vacancies": vacancies[1],
            "filled": vacancies[2],
            "fill_rate": round(vacancies[2] / vacancies[1], 4) if vacancies[1] else None,
            "median_days_to_placement": expected["median"],
        }


def test_generated_locations_keep_clear_of_the_near_home_border() -> None:
    assert distance_km(*HOME, NEAR_LAT, HOME[1]) < 1.2
    assert distance_km(*HOME, FAR_LAT, HOME[1]) > 9


def test_reversed_period_is_invalid_naming_from(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput) as raised:
        reports.placements_report(ctx, start=date(2026, 5, 2), end=date(2026, 5, 1))

    assert [problem.field for problem in raised.value.problems] == ["from"]


def test_unknown_subdistrict_is_invalid_naming_it(ctx: ServiceContext) -> None:
    with pytest.raises(NotFound) as raised:
        reports.placements_report(ctx, subdistrict_id=999_999)

    assert [problem.field for problem in raised.value.problems] == ["subdistrict_id"]


def test_subdistrict_filter_narrows_to_its_communities(ctx: ServiceContext, world: World) -> None:
    with inserted(ctx.session, world, History((), (), ())):
        town = world.places[2].subdistrict_id
        report = reports.full_employment_report(ctx, subdistrict_id=town)

    assert report.scope.subdistrict_id == town and not report.scope.city_wide


def _one_far_placement() -> History:
    seeker = GenSeeker(
        community=0,
        station=0,
        homebound=False,
        caregiver=True,
        disability=False,
        status=SeekerStatus.placed,
        household=None,
        day=1,
        erased=False,
        jitter=0.0,
    )
    posting = GenPosting(
        employer=0,
        community=0,
        kind=PostingKind.part_time,
        work_mode=WorkMode.on_site,
        headcount=2,
        status=PostingStatus.open,
        day=1,
        near=False,
    )
    proposal = GenProposal(
        seeker=0,
        posting=0,
        station=None,
        status=ProposalStatus.hired,
        reason=None,
        day=3,
        hired_after=1.0,
        ended_after=1.0,
    )
    return History((seeker,), (posting,), (proposal,))


def test_travel_time_makes_far_work_near_when_configured(ctx: ServiceContext, world: World) -> None:
    # 10 km on foot (4.5 km/h) takes about 133 minutes.
    slow = replace(ctx, settings=ctx.settings.model_copy(update={"near_home_minutes": 150}))
    with inserted(ctx.session, world, _one_far_placement()):
        by_distance = reports.near_home_report(ctx)
        by_time = reports.near_home_report(slow)

    assert (by_distance.total_placements, by_distance.eligible_people_placed) == (0, 1)
    assert (by_time.total_placements, by_time.rows[0].nearby_placements) == (1, 1)
