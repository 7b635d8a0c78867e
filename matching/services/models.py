"""Learning from outcomes: train factor weights on recorded hires, use them only when better.

``train_outcome_model`` reads every decided proposal (not open) with the factor values
stored in its snapshot when it was made, labels it 1 when it led to a hire (hired,
completed, left early) and 0 otherwise, trains on the oldest 70 % by ``created_at``
and compares learned and hand-set weights on the newest 30 %: scores are recomputed
as ``Σ weight × stored factor value``, ranking quality is NDCG@10 per posting, and
separation AUC. Every run with enough outcomes stores a ``match_models`` row; it
becomes the active model only when its held-out NDCG@10 beats the hand-set weights'
(a tie keeps the hand-set weights). Otherwise nothing about activation changes.

``active_match_config`` gives the configuration every match list, plan and proposal
snapshot ranks with, and the name of the model that it came from.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select, update

from matching.db.base import utcnow
from matching.db.models import MatchModel, Proposal
from matching.engine.config import MatchConfig, Weights
from matching.engine.learning import (
    CORE_FACTORS,
    OutcomeWeightsModel,
    auc,
    ndcg_at_k,
    time_split,
    weights_vector,
)
from matching.enums import ProposalStatus
from matching.errors import InvalidInput
from matching.i18n import Text
from matching.services.context import ServiceContext

__all__ = [
    "HAND_SET_MODEL",
    "HeldOutScore",
    "MatchModelSummary",
    "OutcomeCounts",
    "TrainingReport",
    "active_match_config",
    "list_match_models",
    "train_outcome_model",
]

HAND_SET_MODEL: Final = "hand-set-v1"
MIN_SAMPLES: Final = 50
TRAIN_FRACTION: Final = 0.7
NDCG_K: Final = 10
TIE: Final = 1e-9
"""NDCG@10 differences this small are ties, and a tie keeps the hand-set weights."""
S = ProposalStatus
OPEN: Final = (S.proposed, S.accepted, S.interviewed)
HIRED: Final = frozenset({S.hired, S.completed, S.left_early})
logger = logging.getLogger("matching.models")


@dataclass(frozen=True, slots=True)
class HeldOutScore:
    """How one set of weights ranked the held-out outcomes."""

    model: str
    ndcg_at_10: float
    auc: float


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    """Decided proposals used (with factor values), skipped (without), and the split."""

    n_decided: int
    n_without_factors: int
    n_train: int
    n_test: int


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """The outcome of one training run.

    ``enough`` is False when there were too few usable outcomes (then nothing was
    stored and ``learned``/``hand_set`` are None). ``ranking_model`` names the model
    that ranks matches after the run.
    """

    enough: bool
    message: str
    counts: OutcomeCounts
    version: str | None
    activated: bool
    ranking_model: str
    learned: HeldOutScore | None = None
    hand_set: HeldOutScore | None = None
    weights: Weights | None = None


@dataclass(frozen=True, slots=True)
class MatchModelSummary:
    """A stored model version, for listing."""

    id: int
    version: str
    trained_at: datetime
    active: bool
    weights: dict[str, float]
    metrics: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Outcomes:
    X: npt.NDArray[np.float64]
    y: npt.NDArray[np.int64]
    postings: npt.NDArray[np.int64]
    created_at: list[datetime]
    without_factors: int


def _factor_values(snapshot: Any) -> tuple[float, ...] | None:
    """The core factor values of a proposal snapshot, or None when any is missing."""
    factors = snapshot.get("factors") if isinstance(snapshot, dict) else None
    if not isinstance(factors, list):
        return None
    values: dict[str, float] = {}
    for item in factors:
        if isinstance(item, dict) and isinstance(item.get("value"), int | float):
            values[str(item.get("code"))] = float(item["value"])
    if not all(code in values and math.isfinite(values[code]) for code in CORE_FACTORS):
        return None
    return tuple(values[code] for code in CORE_FACTORS)


def _read_outcomes(ctx: ServiceContext) -> _Outcomes:
    """Decided proposals with stored factor values, oldest first."""
    rows = ctx.session.execute(
        select(Proposal.posting_id, Proposal.status, Proposal.created_at, Proposal.explanation)
        .where(Proposal.status.not_in(OPEN))
        .order_by(Proposal.created_at, Proposal.id)
    )
    features: list[tuple[float, ...]] = []
    labels: list[int] = []
    postings: list[int] = []
    created: list[datetime] = []
    without = 0
    for posting_id, status, created_at, snapshot in rows:
        values = _factor_values(snapshot)
        if values is None:
            without += 1
            continue
        features.append(values)
        labels.append(int(status in HIRED))
        postings.append(posting_id)
        created.append(created_at)
    return _Outcomes(
        X=np.array(features, dtype=np.float64).reshape(-1, len(CORE_FACTORS)),
        y=np.array(labels, dtype=np.int64),
        postings=np.array(postings, dtype=np.int64),
        created_at=created,
        without_factors=without,
    )


_Split = tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]


def _both_classes(labels: npt.NDArray[np.int64]) -> bool:
    return bool(labels.any()) and not bool(labels.all())


def _held_out(
    name: str, weights: Weights, outcomes: _Outcomes, test: npt.NDArray[np.intp]
) -> HeldOutScore:
    scores = outcomes.X[test] @ weights_vector(weights)
    labels, groups = outcomes.y[test], outcomes.postings[test]
    return HeldOutScore(name, ndcg_at_k(scores, labels, groups, k=NDCG_K), auc(scores, labels))


def _next_version(ctx: ServiceContext) -> str:
    prefix = f"learned-{ctx.today.isoformat()}-"
    taken = ctx.session.scalar(
        select(func.count()).select_from(MatchModel).where(MatchModel.version.startswith(prefix))
    )
    return f"{prefix}{(taken or 0) + 1}"


def _ranking_model(ctx: ServiceContext) -> str:
    version = ctx.session.scalar(select(MatchModel.version).where(MatchModel.active.is_(True)))
    return version or HAND_SET_MODEL


def _problem(outcomes: _Outcomes, split: _Split, min_samples: int) -> Text | None:
    """Why these outcomes cannot train and judge a model, or None when they can."""
    n = int(outcomes.y.size)
    if n < min_samples:
        return Text(
            "{count} decided proposals with factor values, at least {needed} needed",
            count=n,
            needed=min_samples,
        )
    if not (_both_classes(outcomes.y[split[0]]) and _both_classes(outcomes.y[split[1]])):
        return Text("both the older 70 % and the newest 30 % need hires and non-hires")
    return None


def train_outcome_model(ctx: ServiceContext, *, min_samples: int = MIN_SAMPLES) -> TrainingReport:
    """Train weights on recorded outcomes, store them, and activate them only when better.

    Needs at least ``min_samples`` decided proposals with stored factor values, and
    hires and non-hires in both the training and the held-out part; otherwise the
    report says "not enough outcomes" and the ranking is left as it is.
    """
    if min_samples < 1:
        message = Text("The minimum number of samples must be at least 1")
        raise InvalidInput("min_samples", "out_of_range", message)
    outcomes = _read_outcomes(ctx)
    train, test = split = time_split(outcomes.created_at, TRAIN_FRACTION)
    counts = OutcomeCounts(
        n_decided=int(outcomes.y.size),
        n_without_factors=outcomes.without_factors,
        n_train=int(train.size),
        n_test=int(test.size),
    )
    problem = _problem(outcomes, split, min_samples)
    if problem is not None:
        ranking = _ranking_model(ctx)
        message = Text(
            "Not enough outcomes: {problem}; {ranking} keeps ranking",
            problem=problem,
            ranking=ranking,
        )
        return TrainingReport(
            enough=False,
            message=message.render(ctx.locale),
            counts=counts,
            version=None,
            activated=False,
            ranking_model=ranking,
        )
    # ``min_samples`` counts all decided proposals; the estimator sees the older part.
    estimator = OutcomeWeightsModel(
        min_samples=math.floor(min_samples * TRAIN_FRACTION), random_state=0
    ).fit(outcomes.X[train], outcomes.y[train])
    version = _next_version(ctx)
    learned = _held_out(version, estimator.weights(), outcomes, test)
    hand_set = _held_out(HAND_SET_MODEL, Weights(), outcomes, test)
    activated = learned.ndcg_at_10 > hand_set.ndcg_at_10 + TIE
    _store(ctx, version, estimator, learned, hand_set, counts, activated=activated)
    verdict = (
        Text("{version}: activated", version=version)
        if activated
        else Text("{version}: not better than the hand-set weights, not activated", version=version)
    )
    return TrainingReport(
        enough=True,
        message=verdict.render(ctx.locale),
        version=version,
        activated=activated,
        ranking_model=_ranking_model(ctx),
        learned=learned,
        hand_set=hand_set,
        weights=estimator.weights(),
        counts=counts,
    )


def _store(
    ctx: ServiceContext,
    version: str,
    estimator: OutcomeWeightsModel,
    learned: HeldOutScore,
    hand_set: HeldOutScore,
    counts: OutcomeCounts,
    *,
    activated: bool,
) -> None:
    if activated:
        # Deactivate first: the partial unique index allows one active row at a time.
        ctx.session.execute(
            update(MatchModel).where(MatchModel.active.is_(True)).values(active=False)
        )
    ctx.session.add(
        MatchModel(
            version=version,
            weights=estimator.to_dict(),
            metrics={
                "held_out": {
                    "learned": {"ndcg@10": learned.ndcg_at_10, "auc": learned.auc},
                    "hand_set": {"ndcg@10": hand_set.ndcg_at_10, "auc": hand_set.auc},
                },
                "baseline": HAND_SET_MODEL,
                **dataclasses.asdict(counts),
            },
            trained_at=utcnow(),
            active=activated,
        )
    )
    ctx.session.flush()


class _ActiveCache:
    """The configuration of the last active row seen by this process."""

    def __init__(self) -> None:
        self.entry: tuple[tuple[Any, ...], tuple[MatchConfig, str]] | None = None

    def get(self, key: tuple[Any, ...]) -> tuple[MatchConfig, str] | None:
        entry = self.entry
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, key: tuple[Any, ...], value: tuple[MatchConfig, str]) -> None:
        self.entry = (key, value)


_active = _ActiveCache()


def active_match_config(ctx: ServiceContext) -> tuple[MatchConfig, str]:
    """The configuration to rank with and its model name: the active learned weights, or
    ``(MatchConfig(), "hand-set-v1")`` when no model is active.

    One small query per call; the weights are parsed again only when the active row
    changes. The cache key includes version and training time, not only the id, because
    ids of rolled-back rows can be reused (SQLite).
    """
    row = ctx.session.execute(
        select(MatchModel.id, MatchModel.version, MatchModel.trained_at).where(
            MatchModel.active.is_(True)
        )
    ).first()
    if row is None:
        return MatchConfig(), HAND_SET_MODEL
    key = tuple(row)
    cached = _active.get(key)
    if cached is not None:
        return cached
    data = ctx.session.scalar(select(MatchModel.weights).where(MatchModel.id == row.id))
    try:
        value = (
            MatchConfig(weights=OutcomeWeightsModel.from_dict(data or {}).weights()),
            row.version,
        )
    except ValueError:
        logger.warning("match model %s has unreadable weights; hand-set weights rank", row.version)
        value = MatchConfig(), HAND_SET_MODEL
    _active.put(key, value)
    return value


def list_match_models(ctx: ServiceContext) -> list[MatchModelSummary]:
    """Every stored model version, newest first."""
    rows = ctx.session.scalars(
        select(MatchModel).order_by(MatchModel.trained_at.desc(), MatchModel.id.desc())
    )
    return [
        MatchModelSummary(
            id=row.id,
            version=row.version,
            trained_at=row.trained_at,
            active=row.active,
            weights=dict(row.weights.get("weights", {})),
            metrics=dict(row.metrics),
        )
        for row in rows
    ]
