"""Learning factor weights from outcomes, and the offline measures that judge them.

The ranking scores a pair as ``Σ weight × value`` over the four core factors (plus
the fairness adjustments, which have weight 1 and are not learned). A logistic
regression of "was hired" on the same four factor values, fitted on proposals whose
outcome is known, gives coefficients ``β`` whose linear predictor ``β·x + b`` is the
log-odds of a hire. Within one posting the intercept ``b`` is a constant, so ranking
candidates by ``β·x`` *is* ranking them by their predicted hire odds. Weights must be
non-negative and sum to 1 (``Weights``), so :class:`OutcomeWeightsModel` maps

    ``weight_i = max(β_i, 0) / Σ_j max(β_j, 0)``

A positive rescaling keeps the order of ``β·x``; dropping a negative coefficient
means a factor that lowers the hire odds is simply not rewarded (the ranking never
penalises, say, a good skill fit). Summing to 1 keeps scores in [0, 1], so the
fairness adjustments keep their intended size relative to the relevance part.

Columns of ``X`` everywhere in this module are :data:`CORE_FACTORS`, in that order.

Offline evaluation: :func:`time_split` holds out the newest outcomes, :func:`ndcg_at_k`
measures per-posting ranking quality and :func:`auc` the separation of hires from
non-hires, both for scores ``X @ weights``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]
from sklearn.utils.validation import check_is_fitted, check_X_y  # type: ignore[import-untyped]

from matching.engine.config import Weights

__all__ = [
    "CORE_FACTORS",
    "FORMAT",
    "OutcomeWeightsModel",
    "auc",
    "ndcg_at_k",
    "time_split",
    "weights_vector",
]

CORE_FACTORS: Final = ("skill.match", "distance", "availability", "pay")
"""Column order of ``X``: the factor codes whose weights are learned."""
FORMAT: Final = "OutcomeWeightsModel/1"
"""Tag of the dictionary written by :meth:`OutcomeWeightsModel.to_dict`."""
_DECIMALS: Final = 4

F64 = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]


def weights_vector(weights: Weights) -> F64:
    """Return ``weights`` as an array in :data:`CORE_FACTORS` order."""
    return np.array(
        [weights.skill, weights.distance, weights.availability, weights.pay], dtype=np.float64
    )


def _normalised(coef: F64) -> F64:
    """Non-negative part of ``coef``, normalised to sum 1 and rounded to 4 decimals.

    Rounding keeps weights readable in explanations; the largest weight absorbs the
    rounding remainder so that the sum stays 1. Without any positive coefficient no
    factor raises the hire odds, and every factor gets the same weight.
    """
    positive = np.clip(coef, 0.0, None)
    total = float(positive.sum())
    if not total > 0:
        positive, total = np.ones_like(coef), float(coef.size)
    weights = np.round(positive / total, _DECIMALS)
    largest = int(np.argmax(weights))
    weights[largest] = round(1.0 - float(weights.sum() - weights[largest]), _DECIMALS)
    return weights


class OutcomeWeightsModel(BaseEstimator):  # type: ignore[misc]
    """Factor weights learned from hire outcomes with an L2 logistic regression.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression (> 0).
    min_samples : int, default 50
        Fewest training samples ``fit`` accepts; fewer outcomes say too little.
    random_state : int or None, default None
        Seed passed to the solver (the default lbfgs solver is deterministic).

    Attributes
    ----------
    coef_ : ndarray of shape (4,)
        Logistic coefficients, in :data:`CORE_FACTORS` order.
    intercept_ : float
        Logistic intercept (constant within a posting; not part of the weights).
    weights_ : ndarray of shape (4,)
        ``max(coef_, 0)`` normalised to sum 1, rounded to 4 decimals (see the module).
    n_samples_ : int
        Training samples seen by ``fit``.
    n_positive_ : int
        Of those, the hires (label 1).
    n_features_in_ : int
        Always 4.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((400, 4))
    >>> y = (rng.random(400) < X[:, 3]).astype(int)  # hires follow pay only
    >>> model = OutcomeWeightsModel(min_samples=100).fit(X, y)
    >>> model.weights()
    Weights(skill=0.0, distance=0.0, availability=0.0807, pay=0.9193)
    >>> model.n_samples_, round(float(model.weights_.sum()), 9)
    (400, 1.0)
    >>> OutcomeWeightsModel.from_dict(model.to_dict()).weights() == model.weights()
    True
    """

    def __init__(
        self, C: float = 1.0, min_samples: int = 50, random_state: int | None = None
    ) -> None:
        self.C = C
        self.min_samples = min_samples
        self.random_state = random_state

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> OutcomeWeightsModel:
        """Fit the logistic regression of ``y`` on ``X`` and derive the weights.

        Parameters
        ----------
        X : array-like of shape (n_samples, 4)
            Factor values in [0, 1], columns in :data:`CORE_FACTORS` order.
        y : array-like of shape (n_samples,)
            1 when the proposal led to a hire, else 0.

        Returns
        -------
        OutcomeWeightsModel
            ``self``, fitted.

        Raises
        ------
        ValueError
            With the wrong number of columns, fewer than ``min_samples`` samples,
            labels other than 0 and 1, or only one class present.
        """
        X_checked, y_checked = check_X_y(X, y, dtype=np.float64, y_numeric=True)
        if X_checked.shape[1] != len(CORE_FACTORS):
            raise ValueError(f"X must have {len(CORE_FACTORS)} columns {CORE_FACTORS}")
        n_samples = int(X_checked.shape[0])
        if n_samples < self.min_samples:
            raise ValueError(f"{n_samples} samples; at least min_samples={self.min_samples}")
        labels = set(np.unique(y_checked).tolist())
        if not labels <= {0.0, 1.0}:
            raise ValueError("y must hold only 0 and 1")
        if len(labels) < 2:
            raise ValueError("y must hold both hires (1) and non-hires (0)")
        regression = LogisticRegression(C=self.C, random_state=self.random_state)
        regression.fit(X_checked, y_checked.astype(np.int64))
        self.coef_ = np.asarray(regression.coef_[0], dtype=np.float64)
        self.intercept_ = float(regression.intercept_[0])
        self.weights_ = _normalised(self.coef_)
        self.n_samples_ = n_samples
        self.n_positive_ = int(y_checked.sum())
        self.n_features_in_ = len(CORE_FACTORS)
        return self

    def weights(self) -> Weights:
        """Return the learned weights (non-negative, summing to 1)."""
        check_is_fitted(self, "weights_")
        skill, distance, availability, pay = (float(w) for w in self.weights_)
        return Weights(skill=skill, distance=distance, availability=availability, pay=pay)

    def to_dict(self) -> dict[str, Any]:
        """Return parameters and learned state as JSON-safe data (never a pickle).

        ``random_state`` is kept only when it is an int (or None).
        """
        check_is_fitted(self, "weights_")
        seed = self.random_state if isinstance(self.random_state, int) else None
        return {
            "format": FORMAT,
            "params": {
                "C": float(self.C),
                "min_samples": int(self.min_samples),
                "random_state": seed,
            },
            "factors": list(CORE_FACTORS),
            "weights": dict(zip(CORE_FACTORS, map(float, self.weights_), strict=True)),
            "coef": dict(zip(CORE_FACTORS, map(float, self.coef_), strict=True)),
            "intercept": self.intercept_,
            "n_samples": self.n_samples_,
            "n_positive": self.n_positive_,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutcomeWeightsModel:
        """Rebuild a fitted model from :meth:`to_dict` output.

        Raises
        ------
        ValueError
            When ``data`` is not of this format or its numbers are not valid.
        """
        if data.get("format") != FORMAT or list(data.get("factors", ())) != list(CORE_FACTORS):
            raise ValueError(f"not an {FORMAT} dictionary")
        try:
            params = data["params"]
            model = cls(
                C=float(params["C"]),
                min_samples=int(params["min_samples"]),
                random_state=params["random_state"],
            )
            coef = _vector(data["coef"])
            weights = _vector(data["weights"])
            model.intercept_ = float(data["intercept"])
            model.n_samples_ = int(data["n_samples"])
            model.n_positive_ = int(data["n_positive"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"incomplete {FORMAT} dictionary: {error}") from error
        if not math.isfinite(model.intercept_) or not np.isfinite(coef).all():
            raise ValueError("coefficients must be finite")
        Weights(*(float(w) for w in weights))  # validates: non-negative, sum 1
        model.coef_, model.weights_ = coef, weights
        model.n_features_in_ = len(CORE_FACTORS)
        return model


def _vector(values: Mapping[str, Any]) -> F64:
    return np.array([float(values[code]) for code in CORE_FACTORS], dtype=np.float64)


def _tie_averaged_dcg(scores: F64, gains: F64, k: int) -> float:
    """DCG@k where tied scores share the mean gain of their block (order-independent)."""
    order = np.argsort(-scores, kind="stable")
    _, block, counts = np.unique(-scores[order], return_inverse=True, return_counts=True)
    mean_gain = np.bincount(block, weights=gains[order]) / counts
    top = min(k, scores.size)
    discounts = 1.0 / np.log2(np.arange(2, top + 2))
    return float(np.dot(mean_gain[block[:top]], discounts))


def ndcg_at_k(
    scores: npt.ArrayLike, labels: npt.ArrayLike, groups: npt.ArrayLike, *, k: int = 10
) -> float:
    """Mean NDCG@k over groups (postings) with at least one positive label.

    Within each group items are ordered by descending score; tied scores share
    the average gain of their tie block (as ``sklearn.metrics.ndcg_score`` does).
    Gain is the label, discount ``1 / log2(rank + 1)``.

    Parameters
    ----------
    scores : array-like of shape (n,)
        Higher ranks first.
    labels : array-like of shape (n,)
        Relevance >= 0 (1 = hired).
    groups : array-like of shape (n,)
        Group key of each item (the posting).
    k : int, default 10
        Cut-off rank.

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        When no group has a positive label, lengths differ or ``k < 1``.

    Examples
    --------
    >>> round(ndcg_at_k([0.9, 0.8, 0.1, 0.5, 0.2], [0, 1, 0, 1, 0], [1, 1, 1, 2, 2]), 4)
    0.8155
    """
    s = np.asarray(scores, dtype=np.float64)
    g = np.asarray(labels, dtype=np.float64)
    keys = np.asarray(groups)
    if not (s.shape == g.shape == keys.shape) or s.ndim != 1:
        raise ValueError("scores, labels and groups must be 1-d and of equal length")
    if k < 1:
        raise ValueError("k must be >= 1")
    if (g < 0).any():
        raise ValueError("labels must be >= 0")
    values = []
    for key in np.unique(keys):
        member = keys == key
        gains = g[member]
        if not gains.any():
            continue
        ideal = np.sort(gains)[::-1][:k]
        ideal_dcg = float(np.dot(ideal, 1.0 / np.log2(np.arange(2, ideal.size + 2))))
        values.append(_tie_averaged_dcg(s[member], gains, k) / ideal_dcg)
    if not values:
        raise ValueError("no group has a positive label")
    return float(np.mean(values))


def auc(scores: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """Area under the ROC curve of ``scores`` for binary ``labels``.

    Raises
    ------
    ValueError
        When only one class is present.

    Examples
    --------
    >>> auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    return float(roc_auc_score(np.asarray(labels), np.asarray(scores, dtype=np.float64)))


def time_split(
    created_at: Sequence[datetime] | npt.ArrayLike, fraction: float = 0.7
) -> tuple[Ints, Ints]:
    """Split positions into the oldest ``fraction`` (train) and the newest rest (test).

    Parameters
    ----------
    created_at : sequence of datetime, or array-like of comparable values
        When each item was made (aware datetimes, timestamps, ...).
    fraction : float, default 0.7
        Share of items, oldest first, in the training part (0 < fraction < 1).

    Returns
    -------
    train, test : ndarray of int
        Positions into ``created_at``, each in time order (equal times keep input
        order). ``len(train) == floor(n × fraction)``, moved into ``[1, n - 1]`` when
        ``n >= 2`` so that neither part is empty.

    Examples
    --------
    >>> train, test = time_split([5, 1, 4, 2, 3, 0, 9, 8, 7, 6])
    >>> train.tolist(), test.tolist()
    ([5, 1, 3, 4, 2, 0, 9], [8, 7, 6])
    """
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1, not {fraction!r}")
    keys = np.asarray(created_at)
    if keys.ndim != 1:
        raise ValueError("created_at must be 1-d")
    n = int(keys.size)
    order = np.argsort(keys, kind="stable").astype(np.intp)
    cut = math.floor(n * fraction)
    if n >= 2:
        cut = min(max(cut, 1), n - 1)
    return order[:cut], order[cut:]
