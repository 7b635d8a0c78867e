"""Ranking quality on a synthetic world with planted preferences.

The world is the benchmark county (:mod:`benchmarks.city`, 50,000 seekers by
default). Each posting's *hidden utility* for a seeker says how good the match
really is; it is deliberately not the engine's formula:

    utility = 0.35 · skill + 0.25 · near + 0.25 · hours + 0.15 · pay + noise

* skill: per posting skill 1 at or above the minimum level, 0.5 below it, 0.3 when
  only a related skill is held; 0.85 · mean(required) + 0.15 · mean(nice-to-have);
* near: ``exp(-km / 3)`` in road km, whatever the seeker's own limit (take-home work:
  ``1 - 0.02 · km``) — people prefer absolute nearness, the engine scores it
  relative to each seeker's limit;
* hours: (share of the posting's half-hours covered) ** 1.5 (1 for flexible work);
* pay: ``clip((pay / minimum - 0.7) / 0.5, 0, 1)`` per hour (1 without a minimum);
* noise: Gaussian, sigma ``--noise`` (default 0.05), fixed per (posting, seeker).

A pair the seeker would never take has no utility: the hard limits everyone agrees
on (eligible, within the seeker's own travel limit, homebound and heavy-work rules)
are applied to every ranking alike. The *planted good matches* of a posting are
its 50 feasible seekers of highest utility, graded 3 (top 10), 2 (11-25), 1 (26-50).

Rankings compared, each the top 50 of the feasible seekers:

* engine: ``rank_seekers`` (default configuration, and with ``Fairness.off()``);
* skill overlap: most posting skills held (any level), ties by id;
* distance: nearest first;
* random: a random order (the floor).

Reported: NDCG@10 (gain ``2^grade - 1``, discount ``log2(rank + 1)``) and recall@50
(share of the 50 planted good matches in the top 50), mean ± standard error over
postings that have at least 100 feasible seekers (at least 100 postings).

Usage::

    .venv/bin/python -m benchmarks.quality
    .venv/bin/python -m benchmarks.quality --seekers 100000 --postings 200 --noise 0.1
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from benchmarks.city import City, build_city
from benchmarks.facts import print_machine_facts, print_table
from matching.engine import DEFAULT_CONFIG, Fairness, MatchConfig, PostingRecord
from matching.engine import factors as fx
from matching.engine.ranking import rank_seekers

TODAY: Final = date(2026, 11, 30)
K_NDCG: Final = 10
K_RECALL: Final = 50
MIN_FEASIBLE: Final = 100
_GRADES: Final = (10, 25, 50)  # ranks below these get grade 3, 2, 1
_PER_HOUR: Final = np.array([1.0, 1 / 8, 10.0, 1 / 174])  # hour, day, piece, month

F64 = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class World:
    """The city plus dense per-seeker arrays for the hidden utility."""

    city: City
    levels: npt.NDArray[np.uint8]  # [seeker, skill] level 0-3
    slots: npt.NDArray[np.bool_]  # [seeker, 336]
    min_per_hour: F64  # NaN when no minimum

    @classmethod
    def build(cls, seekers: int, postings: int, seed: int) -> World:
        """Draw the world."""
        city = build_city(seekers, postings, seed=seed, today=TODAY)
        c = city.seekers
        levels = np.zeros((len(c), city.graph.n_skills), np.uint8)
        owner = np.repeat(np.arange(len(c)), np.diff(c.skill_indptr))
        levels[owner, c.skill_index] = c.skill_level
        slots = np.unpackbits(c.availability, axis=1, bitorder="little").astype(np.bool_)
        return cls(city, levels, slots, c.min_pay_yuan * _PER_HOUR[c.min_pay_unit])


def road_km(world: World, posting: PostingRecord) -> F64:
    """Haversine km × road factor from the posting to every seeker."""
    c = world.city.seekers
    lat1, lon1 = math.radians(posting.lat), math.radians(posting.lon)
    lat2, lon2 = np.radians(c.lat), np.radians(c.lon)
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    straight: F64 = 2 * fx.EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    return straight * DEFAULT_CONFIG.travel.road_factor


def feasible(world: World, posting: PostingRecord, km: F64) -> npt.NDArray[np.bool_]:
    """The hard limits every ranking respects."""
    c, config = world.city.seekers, DEFAULT_CONFIG
    ok = c.eligible.copy()
    if posting.physical_demand == "heavy":
        ok &= ~c.disability & (c.age <= config.heavy_work_max_age)
    if posting.work_mode == "take_home":
        return ok & (km <= np.maximum(c.max_travel_km, config.take_home_radius_km))
    light = posting.physical_demand in ("sedentary", "light") and posting.work_mode != "mobile"
    limit = np.where(
        c.homebound, np.minimum(c.max_travel_km, config.homebound_radius_km), c.max_travel_km
    )
    return ok & (km <= limit) & (light | ~c.homebound)


def utility(world: World, posting: PostingRecord, km: F64) -> F64:
    """The hidden utility of every seeker for ``posting`` (see the module docstring)."""
    graph = world.city.graph
    required: list[F64] = []
    nice: list[F64] = []
    for skill, min_level, is_required in posting.skills:
        level = world.levels[:, skill]
        related = world.levels[:, list(graph.related(skill))].any(axis=1)
        credit = np.where(
            level >= min_level, 1.0, np.where(level > 0, 0.5, np.where(related, 0.3, 0.0))
        )
        (required if is_required else nice).append(credit)
    if required and nice:
        skill_fit = 0.85 * np.mean(required, axis=0) + 0.15 * np.mean(nice, axis=0)
    else:
        skill_fit = np.mean(required or nice, axis=0) if (required or nice) else np.ones(km.size)
    near = 1 - 0.02 * km if posting.work_mode == "take_home" else np.exp(-km / 3.0)
    hours = np.ones(km.size)
    day = TODAY.toordinal()
    schedule = fx.effective_schedule(posting.schedule, posting.start_day, posting.end_day, day)
    if schedule is not None:
        need = np.array([(schedule >> i) & 1 for i in range(336)], dtype=np.bool_)
        if need.any():
            hours = ((world.slots & need).sum(axis=1) / need.sum()) ** 1.5
    pay_per_hour = DEFAULT_CONFIG.pay.per_hour(posting.pay_yuan, posting.pay_unit)
    ratio = pay_per_hour / world.min_per_hour
    pay = np.where(np.isnan(ratio), 1.0, np.clip((ratio - 0.7) / 0.5, 0.0, 1.0))
    total: F64 = 0.35 * skill_fit + 0.25 * near + 0.25 * hours + 0.15 * pay
    return total


def grades(util: F64, ok: npt.NDArray[np.bool_], ids: Ids) -> dict[int, int]:
    """Seeker id → grade of the planted good matches (the 50 best feasible)."""
    rows = np.flatnonzero(ok)
    best = rows[np.lexsort((ids[rows], -util[rows]))][: _GRADES[-1]]
    return {
        int(ids[r]): 3 - int(np.searchsorted(_GRADES, rank, side="right"))
        for rank, r in enumerate(best)
    }


def ndcg(ranked: list[int], grade: dict[int, int]) -> float:
    """NDCG@10 with gain 2^grade - 1."""

    def dcg(gs: list[int]) -> float:
        return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:K_NDCG])))

    ideal = dcg(sorted(grade.values(), reverse=True))
    return dcg([grade.get(i, 0) for i in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[int], grade: dict[int, int]) -> float:
    """Share of the planted good matches among the first 50."""
    return len(set(ranked[:K_RECALL]) & set(grade)) / len(grade)


def _ids(values: Ids) -> list[int]:
    return [int(v) for v in values]


Ranker = Callable[[PostingRecord, F64, npt.NDArray[np.bool_]], list[int]]


def rankers(world: World, seed: int) -> dict[str, Ranker]:
    """The rankings compared, by name."""
    city = world.city
    index = city.index()
    ids = city.seekers.ids
    rng = np.random.default_rng(seed)
    no_fairness = MatchConfig(fairness=Fairness.off())

    def engine(config: MatchConfig) -> Ranker:
        def rank(posting: PostingRecord, _km: F64, _ok: npt.NDArray[np.bool_]) -> list[int]:
            return [
                m.id
                for m in rank_seekers(
                    index, posting, city.graph, config=config, today=TODAY, limit=K_RECALL
                )
            ]

        return rank

    def overlap(posting: PostingRecord, _km: F64, ok: npt.NDArray[np.bool_]) -> list[int]:
        held = np.zeros(ids.size, np.int64)
        for skill, _level, _required in posting.skills:
            held += world.levels[:, skill] > 0
        rows = np.flatnonzero(ok)
        return _ids(ids[rows[np.lexsort((ids[rows], -held[rows]))][:K_RECALL]])

    def nearest(posting: PostingRecord, km: F64, ok: npt.NDArray[np.bool_]) -> list[int]:
        rows = np.flatnonzero(ok)
        return _ids(ids[rows[np.lexsort((ids[rows], km[rows]))][:K_RECALL]])

    def shuffled(posting: PostingRecord, _km: F64, ok: npt.NDArray[np.bool_]) -> list[int]:
        rows = np.flatnonzero(ok)
        return _ids(ids[rng.permutation(rows)[:K_RECALL]])

    return {
        "engine rank_seekers (default config)": engine(DEFAULT_CONFIG),
        "engine rank_seekers (fairness off)": engine(no_fairness),
        "skill-overlap only": overlap,
        "distance only (nearest first)": nearest,
        "random feasible (floor)": shuffled,
    }


def evaluate(
    world: World, *, noise: float, seed: int, wanted: int
) -> tuple[dict[str, list[tuple[float, float]]], int]:
    """Score every ranking on the first ``wanted`` postings with enough feasible seekers."""
    rng = np.random.default_rng(seed + 99)
    ids = world.city.seekers.ids
    ranking = rankers(world, seed)
    scores: dict[str, list[tuple[float, float]]] = {name: [] for name in ranking}
    skipped = 0
    for posting in world.city.postings:
        if len(scores[next(iter(scores))]) >= wanted:
            break
        if posting.end_day is not None and posting.end_day < TODAY.toordinal():
            continue  # ended: nobody can take it
        km = road_km(world, posting)
        ok = feasible(world, posting, km)
        if ok.sum() < MIN_FEASIBLE:
            skipped += 1
            continue
        util = utility(world, posting, km) + rng.normal(0.0, noise, km.size)
        grade = grades(util, ok, ids)
        for name, rank in ranking.items():
            ranked = rank(posting, km, ok)
            scores[name].append((ndcg(ranked, grade), recall(ranked, grade)))
    return scores, skipped


def main(argv: list[str] | None = None) -> int:
    """Print NDCG@10 and recall@50 of every ranking."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seekers", type=int, default=50_000)
    parser.add_argument("--postings", type=int, default=150, help="postings evaluated (≥ 100)")
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    print_machine_facts("Ranking quality: planted preferences, NDCG@10 and recall@50")
    started = time.perf_counter()
    world = World.build(args.seekers, args.postings * 3, args.seed)
    scores, skipped = evaluate(world, noise=args.noise, seed=args.seed, wanted=args.postings)
    rows = []
    for name, values in scores.items():
        table = np.array(values)
        mean, sem = table.mean(axis=0), table.std(axis=0, ddof=1) / math.sqrt(len(table))
        rows.append(
            (name, f"{mean[0]:.3f} ± {sem[0]:.3f}", f"{mean[1]:.3f} ± {sem[1]:.3f}", len(table))
        )
    print(
        f"{args.seekers:,} seekers, noise sigma {args.noise}; postings with < {MIN_FEASIBLE} "
        f"feasible seekers skipped: {skipped}\n"
    )
    print_table(("ranking", "NDCG@10", "recall@50", "postings"), rows)
    print(f"\n(mean ± standard error; ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
