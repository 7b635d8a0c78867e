"""Outcome-weights estimator and offline ranking measures (pure, no database)."""

from __future__ import annotations

import doctest
import json
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from matching.engine import learning as learning_module
from matching.engine.config import Weights
from matching.engine.learning import (
    CORE_FACTORS,
    OutcomeWeightsModel,
    auc,
    ndcg_at_k,
    time_split,
    weights_vector,
)


def _pay_world(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Factor values and hires that follow pay (the last column) only."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, len(CORE_FACTORS)))
    y = (rng.random(n) < X[:, 3]).astype(int)
    return X, y


def test_doctests_pass() -> None:
    assert doctest.testmod(learning_module).failed == 0


def test_init_only_stores_parameters() -> None:
    model = OutcomeWeightsModel(C=0.5, min_samples=10, random_state=3)
    assert vars(model) == {"C": 0.5, "min_samples": 10, "random_state": 3}
    assert model.get_params() == {"C": 0.5, "min_samples": 10, "random_state": 3}
    assert clone(model).get_params() == model.get_params()


def test_fit_returns_self_with_learned_state_ending_in_underscore() -> None:
    X, y = _pay_world()
    model = OutcomeWeightsModel(min_samples=100)
    assert model.fit(X, y) is model
    learned = {name for name in vars(model) if name not in ("C", "min_samples", "random_state")}
    assert learned and all(name.endswith("_") for name in learned)
    assert model.coef_.shape == (4,) and model.n_samples_ == 400
    assert model.n_positive_ == int(y.sum()) and model.n_features_in_ == 4


def test_weights_follow_the_factor_that_drives_hires() -> None:
    X, y = _pay_world()
    weights = OutcomeWeightsModel(min_samples=100).fit(X, y).weights()
    assert weights.pay > 0.8


def test_weights_are_the_normalised_non_negative_coefficients() -> None:
    X, y = _pay_world()
    model = OutcomeWeightsModel(min_samples=100).fit(X, y)
    positive = np.clip(model.coef_, 0, None)
    np.testing.assert_allclose(model.weights_, positive / positive.sum(), atol=1e-4)
    assert model.coef_.min() < 0  # some factor lowers the odds here: its weight is 0
    assert model.weights_[np.argmin(model.coef_)] == 0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 200))
def test_weights_sum_to_one_and_are_non_negative(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.random((n, 4))
    y = np.arange(n) % 2  # both classes, unrelated to X
    rng.shuffle(y)
    model = OutcomeWeightsModel(min_samples=1).fit(X, y)
    w = weights_vector(model.weights())
    assert (w >= 0).all()
    assert math.isclose(w.sum(), 1.0, abs_tol=1e-9)


def test_no_positive_coefficient_gives_equal_weights() -> None:
    rng = np.random.default_rng(1)
    X = rng.random((400, 4))
    y = (X.sum(axis=1) < 2).astype(int)  # every factor lowers the hire odds
    model = OutcomeWeightsModel(min_samples=100).fit(X, y)
    assert (model.coef_ < 0).all()
    assert model.weights() == Weights(0.25, 0.25, 0.25, 0.25)


def test_to_dict_from_dict_round_trip_through_json() -> None:
    X, y = _pay_world()
    model = OutcomeWeightsModel(C=2.0, min_samples=100, random_state=7).fit(X, y)
    data = json.loads(json.dumps(model.to_dict()))
    restored = OutcomeWeightsModel.from_dict(data)
    assert restored.get_params() == model.get_params()
    assert restored.weights() == model.weights()
    np.testing.assert_array_equal(restored.coef_, model.coef_)
    assert restored.intercept_ == model.intercept_
    assert (restored.n_samples_, restored.n_positive_) == (model.n_samples_, model.n_positive_)
    assert restored.to_dict() == data


def test_from_dict_refuses_other_data() -> None:
    X, y = _pay_world()
    data = OutcomeWeightsModel(min_samples=100).fit(X, y).to_dict()
    with pytest.raises(ValueError):
        OutcomeWeightsModel.from_dict({**data, "format": "pickle"})
    with pytest.raises(ValueError):
        OutcomeWeightsModel.from_dict({**data, "weights": dict.fromkeys(CORE_FACTORS, 0.5)})
    with pytest.raises(ValueError):
        OutcomeWeightsModel.from_dict({k: v for k, v in data.items() if k != "coef"})


def test_fit_refuses_too_few_samples_one_class_or_wrong_columns() -> None:
    X, y = _pay_world(n=40)
    with pytest.raises(ValueError, match="min_samples"):
        OutcomeWeightsModel().fit(X, y)
    with pytest.raises(ValueError, match="both"):
        OutcomeWeightsModel(min_samples=1).fit(X, np.ones(40, dtype=int))
    with pytest.raises(ValueError, match="columns"):
        OutcomeWeightsModel(min_samples=1).fit(X[:, :3], y)


def test_weights_before_fit_raise_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        OutcomeWeightsModel().weights()


def test_ndcg_hand_computed() -> None:
    scores = [0.9, 0.8, 0.1, 0.5, 0.2, 0.3, 0.4]
    labels = [0, 1, 0, 1, 0, 0, 0]
    groups = [1, 1, 1, 2, 2, 3, 3]  # group 3 has no positive: not counted
    # group 1: the hire is second, 1/log2(3); group 2: first, 1.
    expected = (1 / math.log2(3) + 1) / 2
    assert ndcg_at_k(scores, labels, groups) == pytest.approx(expected)
    assert ndcg_at_k(scores, labels, groups, k=1) == pytest.approx(0.5)


def test_ndcg_with_two_hires_in_a_group() -> None:
    # order by score: a(0) b(1) c(1) -> DCG = 1/log2(3) + 1/log2(4); ideal 1 + 1/log2(3)
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert ndcg_at_k([3.0, 2.0, 1.0], [0, 1, 1], ["p", "p", "p"]) == pytest.approx(expected)


def test_ndcg_tied_scores_share_their_gain() -> None:
    # the hire ties with a non-hire: half its gain at rank 1, half at rank 2
    expected = 0.5 + 0.5 / math.log2(3)
    assert ndcg_at_k([0.5, 0.5], [1, 0], [1, 1]) == pytest.approx(expected)
    assert ndcg_at_k([0.5, 0.5], [0, 1], [1, 1]) == pytest.approx(expected)


def test_ndcg_without_any_positive_raises() -> None:
    with pytest.raises(ValueError, match="positive"):
        ndcg_at_k([0.1, 0.2], [0, 0], [1, 1])


def test_auc_hand_computed() -> None:
    # positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert auc([0.1, 0.1, 0.1, 0.1], [0, 1, 0, 1]) == pytest.approx(0.5)


def test_time_split_trains_on_the_oldest_and_tests_on_the_newest() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    times = [start + timedelta(days=d) for d in (9, 0, 5, 1, 8, 2, 7, 3, 6, 4)]
    train, test = time_split(times)
    assert sorted(times[i] for i in train) == [start + timedelta(days=d) for d in range(7)]
    assert [times[i] for i in test] == [start + timedelta(days=d) for d in (7, 8, 9)]


def test_time_split_keeps_both_parts_non_empty() -> None:
    train, test = time_split([2, 1])
    assert (train.tolist(), test.tolist()) == ([1], [0])
    with pytest.raises(ValueError):
        time_split([1, 2, 3], fraction=1.0)
