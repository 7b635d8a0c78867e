"""When a seeker's list of postings is short: how many more each relaxation would find.

The seeker's own limits (travel, constraints, hours she stated) are never relaxed; only
the clerk's filters are:

``radius``
    Only when ``radius_km`` is set: double it (``value = 2 × radius_km``); if that adds
    nothing, drop it (``value = None``). Her own travel limit still applies.
``min_score``
    Only when ``min_score`` is set: lower it by 0.2 (``value = min_score - 0.2``); if
    that adds nothing, drop it (``value = None``).

``extra`` counts postings that pass every hard filter, by the vectorised scores.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matching.engine.config import DEFAULT_CONFIG, MatchConfig
from matching.engine.posting_index import PostingIndex
from matching.engine.posting_scan import score_postings
from matching.engine.records import SeekerRecord, SkillGraph
from matching.engine.results import Suggestion
from matching.engine.seeker_scan import check_taxonomy
from matching.engine.widen import MIN_SCORE_STEP, RADIUS_FACTOR, stepped

__all__ = ["widen_postings"]


def widen_postings(
    index: PostingIndex,
    seeker: SeekerRecord,
    graph: SkillGraph,
    *,
    config: MatchConfig = DEFAULT_CONFIG,
    today: date,
    radius_km: float | None,
    min_score: float | None,
) -> list[Suggestion]:
    """Return the relaxations of the clerk's filters that would add postings.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.engine.synthetic import synthetic_postings, synthetic_seekers
    >>> day = date(2026, 11, 30)
    >>> postings = PostingIndex.from_records(
    ...     synthetic_postings(300, n_skills=20, seed=1, today=day), n_skills=20)
    >>> seeker = synthetic_seekers(1, n_skills=20, seed=1)[0]
    >>> hints = widen_postings(postings, seeker, SkillGraph(20), today=day,
    ...                        radius_km=0.5, min_score=None)
    >>> all(h.code == "radius" and h.extra > 0 for h in hints)
    True
    """
    check_taxonomy(index.n_skills, graph, seeker.skills)
    if radius_km is None and min_score is None:
        return []
    scored = score_postings(
        index, seeker, graph, config, today.toordinal(), limit=max(index.n_rows, 1)
    )
    near = np.ones(scored.rows.size, np.bool_) if radius_km is None else scored.km <= radius_km
    reach = np.ones(scored.rows.size, np.bool_) if min_score is None else scored.score >= min_score
    current = int(np.count_nonzero(near & reach))
    hints: list[Suggestion | None] = []
    if radius_km is not None:
        doubled = int(np.count_nonzero((scored.km <= RADIUS_FACTOR * radius_km) & reach))
        step = (doubled, RADIUS_FACTOR * radius_km)
        hints.append(stepped("radius", current, step, int(np.count_nonzero(reach))))
    if min_score is not None:
        lowered = min_score - MIN_SCORE_STEP
        count = int(np.count_nonzero(near & (scored.score >= lowered)))
        hints.append(stepped("min_score", current, (count, lowered), int(np.count_nonzero(near))))
    found = [hint for hint in hints if hint is not None]
    return sorted(found, key=lambda hint: (-hint.extra, hint.code))
