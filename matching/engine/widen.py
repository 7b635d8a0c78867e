"""When a search finds few seekers: how many more each relaxation would find.

Let *results* be the seekers who pass every hard filter, the clerk's radius and
``min_score`` (no limit). For each relaxation, ``extra`` is how many seekers it
adds to the results; only relaxations with ``extra > 0`` are suggested, most
``extra`` first (ties by code):

``radius``
    Only when ``radius_km`` is set: double it (``value = 2 × radius_km``); if that
    adds no one, drop it (``value = None``).
``min_score``
    Only when ``min_score`` is set: lower it by 0.2 (``value = min_score - 0.2``);
    if that adds no one, drop it (``value = None``).
``related_skills``
    Only when ``min_score`` is set and the posting lists skills: seekers within the
    radius who have none of the posting's skills (at any level) but a related one,
    and who fall short of ``min_score`` now but would reach it if each related skill
    counted as met (credit 1.0 instead of 0.4). They are candidates for a short
    training: the product brief's "a missing skill is an opportunity".
``schedule``
    When the posting has a schedule: seekers within the radius who are left out only
    because they can work too few of its hours (below ``min_hours_share``, a hard
    limit of theirs), and who would reach ``min_score`` (if set) were the schedule
    changed to suit them (availability value 1.0). A hint for the employer, not a list
    to propose from.

Counts use the vectorised scores (equal to ``score_pair``'s up to ~1e-15).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.config import DEFAULT_CONFIG, MatchConfig
from matching.engine.records import PostingRecord, SkillGraph
from matching.engine.results import Suggestion
from matching.engine.seeker_factors import RowScores, score_rows, skill_values
from matching.engine.seeker_index import SeekerIndex
from matching.engine.seeker_scan import check_taxonomy, plan_posting, reachable_rows
from matching.engine.skill_codes import codes_from_lists, only_related, relax_related

__all__ = ["widen"]

MIN_SCORE_STEP: Final = 0.2
RADIUS_FACTOR: Final = 2.0

Mask = npt.NDArray[np.bool_]


def _within(scored: RowScores, radius_km: float | None) -> Mask:
    return np.ones(scored.rows.size, np.bool_) if radius_km is None else scored.km <= radius_km


def _reaching(scores: npt.NDArray[np.float64], min_score: float | None) -> Mask:
    return np.ones(scores.size, np.bool_) if min_score is None else scores >= min_score


def stepped(code: str, current: int, step: tuple[int, float], removed: int) -> Suggestion | None:
    """Suggest the step if it adds someone, else the removal if that does."""
    count, value = step
    if count > current:
        return Suggestion(code, count - current, value)
    if removed > current:
        return Suggestion(code, removed - current, None)
    return None


def widen(
    index: SeekerIndex,
    posting: PostingRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    radius_km: float | None,
    min_score: float | None,
    community_ids: Iterable[int] | None = None,
) -> list[Suggestion]:
    """Return the relaxations that would add candidates (see the module docstring).

    Examples
    --------
    >>> from datetime import date
    >>> from matching.engine.synthetic import synthetic_world
    >>> world = synthetic_world(2000, 3, n_skills=20, seed=2, today=date(2026, 11, 30))
    >>> hints = widen(world.seekers, world.postings[0], world.graph,
    ...               today=date(2026, 11, 30), radius_km=1.0, min_score=0.8)
    >>> all(h.extra > 0 for h in hints)
    True
    """
    check_taxonomy(index.n_skills, graph, posting.skills)
    plan = plan_posting(posting, config, today.toordinal())
    if plan is None or index.n_rows == 0:
        return []
    mask = None if community_ids is None else index.community_mask(community_ids)
    rows, ranges = reachable_rows(index, plan, config, None)
    codes = codes_from_lists(index, plan.skills, graph, ranges) if plan.skills else None
    scored = score_rows(
        index, plan, rows, codes, config, community_mask=mask, keep_short_hours=True
    )
    fits = (
        np.ones(scored.rows.size, np.bool_)
        if plan.schedule is None
        else scored.share >= config.min_hours_share
    )
    near = _within(scored, radius_km) & fits
    reach = _reaching(scored.score, min_score)
    current = int(np.count_nonzero(near & reach))
    hints: list[Suggestion | None] = []
    if radius_km is not None:
        doubled = _within(scored, RADIUS_FACTOR * radius_km) & fits & reach
        step = (int(np.count_nonzero(doubled)), RADIUS_FACTOR * radius_km)
        hints.append(stepped("radius", current, step, int(np.count_nonzero(fits & reach))))
    if min_score is not None:
        lowered = min_score - MIN_SCORE_STEP
        count = int(np.count_nonzero(near & _reaching(scored.score, lowered)))
        hints.append(stepped("min_score", current, (count, lowered), int(np.count_nonzero(near))))
        short = near & ~reach
        if codes is not None:
            own = [c[scored.rows] for c in codes]
            gain = config.weights.skill * (skill_values(plan, relax_related(own)) - scored.skill)
            extra = short & only_related(own) & (scored.score + gain >= min_score)
            hints.append(_count("related_skills", extra))
    if plan.schedule is not None:
        gain = config.weights.availability * (1.0 - scored.share)
        would = _reaching(scored.score + gain, min_score)
        hints.append(_count("schedule", _within(scored, radius_km) & ~fits & would))
    found = [hint for hint in hints if hint is not None]
    return sorted(found, key=lambda hint: (-hint.extra, hint.code))


def _count(code: str, mask: Mask) -> Suggestion | None:
    extra = int(np.count_nonzero(mask))
    return Suggestion(code, extra) if extra else None
