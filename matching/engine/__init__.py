"""Pure matching library: numpy, scipy, scikit-learn, rapidfuzz only; imports nothing else of the
project.
"""

from matching.engine.config import (
    DEFAULT_CONFIG,
    Fairness,
    MatchConfig,
    PayModel,
    TravelModel,
    Weights,
)
from matching.engine.posting_index import PostingIndex
from matching.engine.ranking import rank_postings, rank_seekers, rank_seekers_full_scan
from matching.engine.records import (
    PAY_UNITS,
    PHYSICAL_DEMANDS,
    TRAVEL_MODES,
    WORK_MODES,
    PostingRecord,
    SeekerRecord,
    SkillGraph,
)
from matching.engine.results import (
    FACTOR_CODES,
    REJECTION_CODES,
    Factor,
    Match,
    MatchDetails,
    Rejection,
    Suggestion,
)
from matching.engine.scoring import score_pair
from matching.engine.seeker_columns import SeekerColumns
from matching.engine.seeker_index import SeekerIndex
from matching.engine.weekly import (
    BYTES_PER_WEEK,
    DAYS,
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    WeeklyTimeError,
    WeekSlots,
    parse_range,
)
from matching.engine.widen import widen

__all__ = [
    "BYTES_PER_WEEK",
    "DAYS",
    "DEFAULT_CONFIG",
    "FACTOR_CODES",
    "PAY_UNITS",
    "PHYSICAL_DEMANDS",
    "REJECTION_CODES",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "SLOT_MINUTES",
    "TRAVEL_MODES",
    "WORK_MODES",
    "Factor",
    "Fairness",
    "Match",
    "MatchConfig",
    "MatchDetails",
    "PayModel",
    "PostingIndex",
    "PostingRecord",
    "Rejection",
    "SeekerColumns",
    "SeekerIndex",
    "SeekerRecord",
    "SkillGraph",
    "Suggestion",
    "TravelModel",
    "WeekSlots",
    "WeeklyTimeError",
    "Weights",
    "parse_range",
    "rank_postings",
    "rank_seekers",
    "rank_seekers_full_scan",
    "score_pair",
    "widen",
]
