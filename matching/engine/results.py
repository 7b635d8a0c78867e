"""What the engine returns: matches with their factors, rejections, widening suggestions.

Explanations are data: factor codes and numbers, never text. Schemas and pages turn
them into Chinese or English sentences.

Factor codes, in the order they appear in ``Match.factors``:

==============================  ======================================================
code                            value
==============================  ======================================================
``skill.match``                 skill fit in [0, 1]
``distance``                    nearness in [0, 1]
``availability``                share of the posting's hours covered, [0, 1]
``pay``                         pay against the seeker's minimum, [0, 1]
``fairness.pending``            signed adjustment (<= 0), weight 1
``fairness.recent_placement``   signed adjustment (<= 0), weight 1
``fairness.waiting``            signed adjustment (>= 0), weight 1
``fairness.homebound``          signed adjustment (>= 0), weight 1
==============================  ======================================================

Zero-valued fairness factors are kept, so every match has the same eight factors and
``score == sum(f.contribution for f in factors)`` exactly (summed in that order).

Rejection codes (hard filters, checked in this order): ``seeker.ineligible``,
``posting.closed``, ``posting.full``, ``posting.ended``, ``constraint.physical``,
``constraint.homebound``, ``distance.too_far``, ``hours.too_few``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "FACTOR_CODES",
    "REJECTION_CODES",
    "Factor",
    "Match",
    "MatchDetails",
    "Rejection",
    "Suggestion",
]

FACTOR_CODES: Final = (
    "skill.match",
    "distance",
    "availability",
    "pay",
    "fairness.pending",
    "fairness.recent_placement",
    "fairness.waiting",
    "fairness.homebound",
)
REJECTION_CODES: Final = (
    "seeker.ineligible",
    "posting.closed",
    "posting.full",
    "posting.ended",
    "constraint.physical",
    "constraint.homebound",
    "distance.too_far",
    "hours.too_few",
)


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason in a match: ``contribution = weight × value``.

    Examples
    --------
    >>> Factor("skill.match", value=0.8, weight=0.4, contribution=0.32).code
    'skill.match'
    """

    code: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class MatchDetails:
    """The facts behind a match, for plain-language explanations.

    Attributes
    ----------
    seeker_id, posting_id : int
        The pair scored.
    skills_met, skills_below, skills_related, skills_missing : tuple of int
        The posting's skills the seeker has at the minimum level, has below it, lacks
        but has a related skill, or lacks entirely (posting order).
    related_via : tuple of (int, int)
        ``(posting skill, seeker's related skill)`` for each skill in ``skills_related``
        (the seeker's lowest-numbered related skill).
    required_skills, nice_skills : tuple of int
        The posting's required and nice-to-have skills.
    km : float
        Estimated road distance (great-circle × road factor).
    straight_km : float
        Great-circle distance.
    minutes : float
        Estimated travel time by ``travel_mode``.
    travel_mode : str
        The seeker's travel mode.
    work_mode : str
        The posting's work mode.
    overlap_share : float
        Share of the posting's (date-masked) scheduled time the seeker covers;
        1.0 for a flexible posting.
    overlap_minutes, scheduled_minutes : int or None
        Overlapping and scheduled minutes per week; None for a flexible posting.
    pay_per_hour : float
        The posting's pay in yuan per hour.
    min_pay_per_hour : float or None
        The seeker's minimum in yuan per hour; None without a minimum.
    pay_basis : str
        ``"piece"`` when both are piece rates and were compared per piece, else ``"hour"``.
    delivered : bool
        Take-home work whose materials are delivered to her home (within the posting's
        ``delivery_km``); False when she fetches them from the pick-up point.
    """

    seeker_id: int
    posting_id: int
    skills_met: tuple[int, ...]
    skills_below: tuple[int, ...]
    skills_related: tuple[int, ...]
    skills_missing: tuple[int, ...]
    related_via: tuple[tuple[int, int], ...]
    required_skills: tuple[int, ...]
    nice_skills: tuple[int, ...]
    km: float
    straight_km: float
    minutes: float
    travel_mode: str
    work_mode: str
    overlap_share: float
    overlap_minutes: int | None
    scheduled_minutes: int | None
    pay_per_hour: float
    min_pay_per_hour: float | None
    pay_basis: str
    delivered: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A scored, eligible pair.

    ``id`` is the ranked object's id: the seeker's in ``score_pair`` and
    ``rank_seekers``, the posting's in ``rank_postings``. ``score`` is the sum of
    the factors' contributions; ``factor(code)`` looks one up.
    """

    id: int
    score: float
    factors: tuple[Factor, ...]
    details: MatchDetails

    def factor(self, code: str) -> Factor:
        """Return the factor with ``code``."""
        for item in self.factors:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A pair that fails a hard filter; ``code`` names the first filter that failed.

    Examples
    --------
    >>> Rejection("distance.too_far").code
    'distance.too_far'
    """

    code: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """How many more candidates one relaxation of a search would give.

    Attributes
    ----------
    code : str
        ``"radius"``, ``"min_score"``, ``"related_skills"`` or ``"schedule"``
        (see ``matching.engine.widen``).
    extra : int
        Candidates that would be added (> 0).
    value : float or None
        The suggested new value of the parameter for ``radius`` (km) and
        ``min_score``, None meaning "remove the parameter"; always None for
        ``related_skills`` and ``schedule``.

    Examples
    --------
    >>> Suggestion("radius", extra=12, value=10.0).extra
    12
    """

    code: str
    extra: int
    value: float | None = None
