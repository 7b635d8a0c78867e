"""Ranking is exact: the fast path, the full scan and brute-force score_pair agree."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import factors, ranking
from matching.engine.config import DEFAULT_CONFIG, Fairness, MatchConfig
from matching.engine.posting_index import PostingIndex
from matching.engine.ranking import rank_postings, rank_seekers, rank_seekers_full_scan
from matching.engine.records import PostingRecord, SeekerRecord, SkillGraph
from matching.engine.results import Match, Suggestion
from matching.engine.scoring import score_pair
from matching.engine.seeker_index import SeekerIndex
from matching.engine.synthetic import synthetic_seekers, synthetic_world
from matching.engine.widen import widen
from tests.engine.engine_factories import (
    GRAPH,
    N_SKILLS,
    TODAY,
    brute_force,
    make_posting,
    make_seeker,
    north_of,
    numbered,
    postings,
    seekers,
    week,
)

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclasses.dataclass(frozen=True)
class Options:
    """The clerk's knobs of one ranking call."""

    limit: int
    radius_km: float | None
    min_score: float | None
    community_ids: tuple[int, ...] | None

    def kwargs(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


options = st.builds(
    Options,
    limit=st.sampled_from([1, 3, 10, 500]),
    radius_km=st.sampled_from([None, None, 0.5, 2.0, 6.0]),
    min_score=st.sampled_from([None, None, 0.3, 0.6]),
    community_ids=st.sampled_from([None, None, (1,), (2, 3), ()]),
)


def expected_seekers(
    records: Sequence[SeekerRecord],
    posting: PostingRecord,
    graph: SkillGraph,
    *,
    limit: int,
    radius_km: float | None = None,
    min_score: float | None = None,
    community_ids: Sequence[int] | None = None,
    config: MatchConfig = DEFAULT_CONFIG,
) -> list[tuple[int, float]]:
    allowed = {r.id for r in records if community_ids is None or r.community_id in community_ids}
    found = [
        (m.id, m.score)
        for m in brute_force(records, posting, graph, today=TODAY, config=config)
        if m.id in allowed
        and (radius_km is None or m.details.km <= radius_km)
        and (min_score is None or m.score >= min_score)
    ]
    return found[:limit]


def pairs(matches: Sequence[Match]) -> list[tuple[int, float]]:
    return [(m.id, m.score) for m in matches]


def assert_same(got: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert [i for i, _ in got] == [i for i, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=1e-9)


# -- equivalence -------------------------------------------------------------------


@PROPERTY
@given(st.lists(seekers(), max_size=60), st.lists(postings(), min_size=1, max_size=3), options)
def test_rank_seekers_equals_full_scan_and_brute_force(
    drawn: list[SeekerRecord], drawn_postings: list[PostingRecord], knobs: Options
) -> None:
    records = numbered(drawn)
    index = SeekerIndex.from_records(records, n_skills=N_SKILLS)
    kwargs = knobs.kwargs()
    for posting in drawn_postings:
        expected = expected_seekers(records, posting, GRAPH, **kwargs)
        fast = rank_seekers(index, posting, GRAPH, today=TODAY, **kwargs)
        full = rank_seekers_full_scan(index, posting, GRAPH, today=TODAY, **kwargs)
        assert_same(pairs(fast), expected)
        assert_same(pairs(full), expected)
        for match in fast:
            assert sum(f.contribution for f in match.factors) == pytest.approx(
                match.score, abs=1e-9
            )


@pytest.mark.parametrize("seed", range(3))
def test_rank_seekers_equals_brute_force_on_synthetic_worlds(seed: int) -> None:
    world = synthetic_world(200, 20, n_skills=30, seed=seed, today=TODAY)
    records = [world.seekers.record(int(i)) for i in world.seekers.ids]
    for posting in world.postings:
        for limit, min_score in ((5, None), (50, 0.5), (500, None)):
            expected = expected_seekers(
                records, posting, world.graph, limit=limit, min_score=min_score
            )
            got = rank_seekers(
                world.seekers, posting, world.graph, today=TODAY, limit=limit, min_score=min_score
            )
            assert_same(pairs(got), expected)


@pytest.mark.parametrize("seed", range(2))
def test_pruning_stays_exact_when_most_seekers_lack_the_skill(seed: int) -> None:
    # Dense, near-identical seekers: the skill bound rarely settles and ties abound.
    world = synthetic_world(1200, 12, n_skills=60, seed=seed + 10, today=TODAY)
    records = [world.seekers.record(int(i)) for i in world.seekers.ids]
    for posting in world.postings:
        expected = expected_seekers(records, posting, world.graph, limit=20)
        assert_same(
            pairs(rank_seekers(world.seekers, posting, world.graph, today=TODAY, limit=20)),
            expected,
        )


def test_candidates_alone_settle_take_home_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Flexible take-home work for common skills: skilled candidates beat anyone without.
    world = synthetic_world(1000, 1, n_skills=10, seed=4, today=TODAY)
    records = [world.seekers.record(int(i)) for i in world.seekers.ids]
    outcomes: list[bool] = []
    settled = ranking._settled

    def spy(*args: object) -> bool:
        outcomes.append(settled(*args))  # type: ignore[arg-type]
        return outcomes[-1]

    monkeypatch.setattr(ranking, "_settled", spy)
    centre = records[0]
    for skill in range(0, 10, 2):
        posting = make_posting(
            id=skill,
            lat=centre.lat,
            lon=centre.lon,
            work_mode="take_home",
            skills=((skill, 1, True),),
            pay_yuan=40.0,
        )
        expected = expected_seekers(records, posting, world.graph, limit=20)
        got = rank_seekers(world.seekers, posting, world.graph, today=TODAY, limit=20)
        assert_same(pairs(got), expected)
    assert any(outcomes)


@PROPERTY
@given(st.lists(postings(), max_size=40), seekers(), options)
def test_rank_postings_equals_brute_force(
    drawn: list[PostingRecord], seeker: SeekerRecord, knobs: Options
) -> None:
    records = numbered(drawn)
    index = PostingIndex.from_records(records, n_skills=N_SKILLS)
    limit, radius, min_score = knobs.limit, knobs.radius_km, knobs.min_score
    found = []
    for posting in records:
        match = score_pair(seeker, posting, GRAPH, today=TODAY)
        if isinstance(match, Match):
            found.append((posting.id, match.score, match.details.km))
    expected = sorted(
        (
            (i, s)
            for i, s, km in found
            if (radius is None or km <= radius) and (min_score is None or s >= min_score)
        ),
        key=lambda item: (-item[1], item[0]),
    )[:limit]
    got = rank_postings(
        index, seeker, GRAPH, today=TODAY, limit=limit, radius_km=radius, min_score=min_score
    )
    assert_same(pairs(got), expected)
    assert all(m.id == m.details.posting_id for m in got)


def test_rank_postings_filters_work_modes_and_kinds() -> None:
    records = [
        make_posting(id=1, work_mode="take_home", kind="odd_job"),
        make_posting(id=2, work_mode="on_site", kind="part_time"),
        make_posting(id=3, work_mode="on_site", kind="odd_job"),
    ]
    index = PostingIndex.from_records(records, n_skills=N_SKILLS)
    seeker = make_seeker()

    def ids(**kwargs: object) -> set[int]:
        return {m.id for m in rank_postings(index, seeker, GRAPH, today=TODAY, **kwargs)}  # type: ignore[arg-type]

    assert ids() == {1, 2, 3}
    assert ids(work_modes=["on_site"]) == {2, 3}
    assert ids(kinds=["odd_job"]) == {1, 3}
    assert ids(work_modes=["mobile"]) == set()


# -- hard filters and fairness -----------------------------------------------------


@PROPERTY
@given(st.lists(seekers(), min_size=1, max_size=60), postings())
def test_no_match_violates_a_hard_filter(drawn: list[SeekerRecord], posting: PostingRecord) -> None:
    records = numbered(drawn)
    by_id = {r.id: r for r in records}
    index = SeekerIndex.from_records(records, n_skills=N_SKILLS)
    for match in rank_seekers(index, posting, GRAPH, today=TODAY, limit=500):
        assert isinstance(score_pair(by_id[match.id], posting, GRAPH, today=TODAY), Match)


@PROPERTY
@given(st.lists(seekers(), min_size=1, max_size=60), postings())
def test_fairness_reorders_but_never_removes(
    drawn: list[SeekerRecord], posting: PostingRecord
) -> None:
    index = SeekerIndex.from_records(numbered(drawn), n_skills=N_SKILLS)
    plain = MatchConfig(fairness=Fairness.off())
    fair = rank_seekers(index, posting, GRAPH, today=TODAY, limit=500)
    unfair = rank_seekers(index, posting, GRAPH, today=TODAY, limit=500, config=plain)
    assert {m.id for m in fair} == {m.id for m in unfair}


def test_fairness_lets_a_long_waiting_seeker_pass_a_busy_one() -> None:
    busy = make_seeker(id=1, pending_proposals=3)
    waiting = make_seeker(id=2, days_waiting=120)
    index = SeekerIndex.from_records([busy, waiting], n_skills=N_SKILLS)
    ranked = rank_seekers(index, make_posting(), GRAPH, today=TODAY)
    assert [m.id for m in ranked] == [2, 1]


def test_ties_are_broken_by_ascending_id() -> None:
    index = SeekerIndex.from_records([make_seeker(id=i) for i in (9, 3, 7)], n_skills=N_SKILLS)
    assert [m.id for m in rank_seekers(index, make_posting(), GRAPH, today=TODAY)] == [3, 7, 9]


def test_closed_full_or_ended_postings_rank_no_one() -> None:
    index = SeekerIndex.from_records([make_seeker()], n_skills=N_SKILLS)
    ended = TODAY.toordinal() - 1
    for posting in (
        make_posting(open=False),
        make_posting(vacancies=0),
        make_posting(end_day=ended),
    ):
        assert rank_seekers(index, posting, GRAPH, today=TODAY) == []
    assert rank_seekers(index, make_posting(), GRAPH, today=TODAY, limit=0) == []


def test_skills_or_graph_outside_the_taxonomy_are_refused() -> None:
    index = SeekerIndex.from_records([make_seeker()], n_skills=N_SKILLS)
    with pytest.raises(ValueError, match="taxonomy"):
        rank_seekers(index, make_posting(skills=((N_SKILLS, 1, True),)), GRAPH, today=TODAY)
    with pytest.raises(ValueError, match="graph"):
        rank_seekers(index, make_posting(), SkillGraph(N_SKILLS + 1), today=TODAY)
    postings_ = PostingIndex.from_records([make_posting()], n_skills=N_SKILLS)
    with pytest.raises(ValueError, match="graph"):
        rank_postings(postings_, make_seeker(), SkillGraph(3), today=TODAY)


def test_radius_and_community_filters() -> None:
    near, far = north_of(0.5), north_of(2.5)
    records = [
        make_seeker(id=1, lat=near[0], community_id=1),
        make_seeker(id=2, lat=far[0], community_id=2),
    ]
    index = SeekerIndex.from_records(records, n_skills=N_SKILLS)

    def ids(**kwargs: object) -> list[int]:
        return [m.id for m in rank_seekers(index, make_posting(), GRAPH, today=TODAY, **kwargs)]  # type: ignore[arg-type]

    assert ids() == [1, 2]
    assert ids(radius_km=1.0) == [1]
    assert ids(community_ids=[2]) == [2]
    assert ids(community_ids=[99]) == []


# -- updates ----------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(seekers(), min_size=1, max_size=40),
    st.lists(seekers(), min_size=1, max_size=20),
    st.lists(st.integers(0, 60), max_size=10),
    postings(),
)
def test_upsert_and_remove_are_rankable_at_once(
    first: list[SeekerRecord],
    changes: list[SeekerRecord],
    removed: list[int],
    posting: PostingRecord,
) -> None:
    records = {r.id: r for r in numbered(first)}
    index = SeekerIndex.from_records(records.values(), n_skills=N_SKILLS)
    updates = numbered(changes, start=len(records) // 2 + 1)  # existing and new ids
    records.update((r.id, r) for r in updates)
    index.upsert(updates)
    index.remove(removed)
    alive = [r for i, r in records.items() if i not in set(removed)]
    expected = expected_seekers(alive, posting, GRAPH, limit=500)
    assert_same(pairs(rank_seekers(index, posting, GRAPH, today=TODAY, limit=500)), expected)
    assert len(index) == len(alive)


def test_upserted_seeker_moves_to_the_top_and_removal_hides_her() -> None:
    world = synthetic_world(2000, 20, n_skills=30, seed=5, today=TODAY)
    posting = next(
        p
        for p in world.postings
        if rank_seekers(world.seekers, p, world.graph, today=TODAY, limit=5)
    )
    top = rank_seekers(world.seekers, posting, world.graph, today=TODAY, limit=5)
    outsider = max(int(i) for i in world.seekers.ids if int(i) not in {m.id for m in top})
    star = make_seeker(
        id=outsider,
        lat=posting.lat,
        lon=posting.lon,
        skills=tuple((s, 3) for s, _level, _req in posting.skills),
        max_travel_km=50.0,
        days_waiting=365,
    )
    world.seekers.upsert([star])
    assert rank_seekers(world.seekers, posting, world.graph, today=TODAY, limit=5)[0].id == outsider
    world.seekers.remove([outsider])
    ranked = rank_seekers(world.seekers, posting, world.graph, today=TODAY, limit=500)
    assert outsider not in {m.id for m in ranked}


def test_many_updates_trigger_rebuilds_and_stay_exact() -> None:
    base = synthetic_seekers(800, n_skills=30, seed=8)
    index = SeekerIndex.from_records(base[:400], n_skills=30)
    graph = synthetic_world(10, 12, n_skills=30, seed=8, today=TODAY).graph
    moved = [dataclasses.replace(r, lat=r.lat + 0.01, max_travel_km=8.0) for r in base[:400]]
    for chunk in range(0, 800, 100):  # 800 upserts > the 512 pending rows that force a rebuild
        index.upsert((moved + base[400:])[chunk : chunk + 100])
    index.remove([r.id for r in base[:50]])
    alive = (moved + base[400:])[50:]
    for posting in synthetic_world(10, 12, n_skills=30, seed=9, today=TODAY).postings:
        expected = expected_seekers(alive, posting, graph, limit=30)
        assert_same(pairs(rank_seekers(index, posting, graph, today=TODAY, limit=30)), expected)


# -- widen --------------------------------------------------------------------------


def _widen_world() -> tuple[SeekerIndex, list[SeekerRecord], PostingRecord, SkillGraph]:
    graph = SkillGraph(4, [(0, 1)])
    nine_to_five = week({d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")})
    evenings = week({d: ["18:00-22:00"] for d in ("mon", "tue", "wed", "thu", "fri")})
    records = []
    for i, km in enumerate((0.2, 0.8, 1.5, 3.0, 5.0, 7.5)):
        lat, lon = north_of(km)
        for j, (skills, hours) in enumerate(
            [
                (((0, 2),), nine_to_five),
                (((1, 2),), nine_to_five),
                (((0, 2),), evenings),
                ((), nine_to_five),
            ]
        ):
            records.append(
                make_seeker(id=10 * i + j + 1, lat=lat, lon=lon, max_travel_km=10.0,
                            skills=skills, availability=hours)
            )  # fmt: skip
    posting = make_posting(skills=((0, 2, True),), schedule=nine_to_five)
    return SeekerIndex.from_records(records, n_skills=4), records, posting, graph


def _expected_suggestions(
    records: list[SeekerRecord],
    posting: PostingRecord,
    graph: SkillGraph,
    radius: float,
    minimum: float,
) -> list[Suggestion]:
    matches = brute_force(records, posting, graph, today=TODAY)
    w = DEFAULT_CONFIG.weights

    def count(r: float | None, m: float | None) -> int:
        return sum(
            1 for x in matches if (r is None or x.details.km <= r) and (m is None or x.score >= m)
        )

    current = count(radius, minimum)
    found = []
    step = count(2 * radius, minimum)
    if step > current:
        found.append(Suggestion("radius", step - current, 2 * radius))
    elif count(None, minimum) > current:
        found.append(Suggestion("radius", count(None, minimum) - current, None))
    step = count(radius, minimum - 0.2)
    if step > current:
        found.append(Suggestion("min_score", step - current, minimum - 0.2))
    elif count(radius, None) > current:
        found.append(Suggestion("min_score", count(radius, None) - current, None))
    short = [x for x in matches if x.details.km <= radius and x.score < minimum]
    related = 0
    for x in short:
        d = x.details
        if d.skills_related and not (d.skills_met or d.skills_below):
            credits = {s: 1.0 for s in d.skills_related}
            relaxed = factors.skill_value(
                [credits.get(s, 0.0) for s in d.required_skills],
                [credits.get(s, 0.0) for s in d.nice_skills],
            )
            gain = w.skill * (relaxed - x.factor("skill.match").value)
            related += x.score + gain >= minimum
    if related:
        found.append(Suggestion("related_skills", related))
    # Left out by the hours limit alone: scored as if any share of the hours would do.
    every = brute_force(records, posting, graph, today=TODAY, config=MatchConfig(min_hours_share=0))
    schedule = sum(
        1
        for x in every
        if x.details.km <= radius
        and x.details.overlap_share < DEFAULT_CONFIG.min_hours_share
        and x.score + w.availability * (1 - x.details.overlap_share) >= minimum
    )
    if schedule:
        found.append(Suggestion("schedule", schedule))
    return sorted(found, key=lambda s: (-s.extra, s.code))


@pytest.mark.parametrize(("radius", "minimum"), [(1.0, 0.8), (2.0, 0.9), (4.0, 0.7), (0.5, 0.95)])
def test_widen_counts_what_each_relaxation_adds(radius: float, minimum: float) -> None:
    index, records, posting, graph = _widen_world()
    got = widen(index, posting, graph, today=TODAY, radius_km=radius, min_score=minimum)
    assert got == _expected_suggestions(records, posting, graph, radius, minimum)
    assert got  # the world is built so that something helps


def test_widen_suggests_related_skills_and_schedule() -> None:
    index, _records, posting, graph = _widen_world()
    codes = {
        s.code for s in widen(index, posting, graph, today=TODAY, radius_km=10.0, min_score=0.9)
    }
    assert {"related_skills", "schedule"} <= codes


def test_widen_without_parameters_offers_only_a_schedule_for_the_employer() -> None:
    """No filter to relax: only the people the posting's hours leave out are counted."""
    index, records, posting, graph = _widen_world()
    got = widen(index, posting, graph, today=TODAY, radius_km=None, min_score=None)
    every = brute_force(records, posting, graph, today=TODAY, config=MatchConfig(min_hours_share=0))
    left_out = sum(x.details.overlap_share < DEFAULT_CONFIG.min_hours_share for x in every)
    assert got == ([Suggestion("schedule", left_out)] if left_out else [])
