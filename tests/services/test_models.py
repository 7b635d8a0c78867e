"""Learning from outcomes: train on recorded proposals, switch only when better (both databases).

The synthetic world: postings with eight proposals each, whose snapshots carry
factor values drawn at random; whether a proposal led to a hire depends mostly on
``pay``, which the hand-set weights underrate (0.10). Proposals are bulk-inserted with
``created_at`` one day per posting, so the time split holds out the newest postings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from matching.db.changes import current_version
from matching.db.models import MatchModel, Proposal
from matching.engine.config import MatchConfig, Weights
from matching.engine.results import FACTOR_CODES
from matching.enums import (
    PostingKind,
    PostingStatus,
    ProposalStatus,
    ReasonCode,
    SeekerStatus,
    WorkMode,
)
from matching.schemas.proposals import OutcomeIn, ProposalCreate
from matching.services.context import ServiceContext
from matching.services.models import (
    HAND_SET_MODEL,
    active_match_config,
    list_match_models,
    train_outcome_model,
)
from matching.services.proposals import propose, record_outcome
from tests.support.factories import (
    community,
    make_employer,
    make_posting,
    make_seeker,
    make_station,
)
from tests.support.report_history import (
    BASE,
    GenPosting,
    GenSeeker,
    History,
    insert_history,
    make_world,
)

PER_POSTING = 8
S = ProposalStatus
HireChance = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class WorldIds:
    """Ids of a bulk-inserted world: seekers and open postings."""

    seekers: tuple[int, ...]
    postings: tuple[int, ...]


def snapshot(values: Sequence[float]) -> dict[str, Any]:
    """A proposal snapshot as ``proposal_snapshot`` stores it, for core factor ``values``."""
    weights = Weights()
    core = (weights.skill, weights.distance, weights.availability, weights.pay)
    factors = [
        {"code": code, "value": value, "weight": weight, "contribution": value * weight}
        for code, value, weight in zip(FACTOR_CODES[:4], values, core, strict=True)
    ]
    factors += [
        {"code": code, "value": 0.0, "weight": 1.0, "contribution": 0.0}
        for code in FACTOR_CODES[4:]
    ]
    score = round(sum(f["contribution"] for f in factors) * 100, 1)
    return {"model": HAND_SET_MODEL, "score": score, "factors": factors, "explanation": {}}


def make_world_ids(ctx: ServiceContext, *, postings: int, seekers: int = 12) -> WorldIds:
    """Insert seekers and open postings (no proposals) in the report tests' small world."""
    world = make_world(ctx.session)
    history = History(
        seekers=tuple(
            GenSeeker(0, 0, False, False, False, SeekerStatus.active, None, 0, False, 0.0)
            for _ in range(seekers)
        ),
        postings=tuple(
            GenPosting(
                0, 0, PostingKind.part_time, WorkMode.on_site, 5, PostingStatus.open, 0, True
            )
            for _ in range(postings)
        ),
        proposals=(),
    )
    inserted = insert_history(ctx.session, world, history)
    return WorldIds(inserted.seekers, inserted.postings)


def record_world(
    ctx: ServiceContext, ids: WorldIds, *, seed: int, hire: HireChance, open_per_posting: int = 0
) -> int:
    """Bulk-insert decided proposals (``hire(X) -> probabilities``); the number inserted.

    Hires are recorded as ``completed`` (and rejections otherwise), so postings' ``hires``
    (proposals still ``hired``) stays 0, consistent with the rows.
    """
    rng = np.random.default_rng(seed)
    n = len(ids.postings) * PER_POSTING
    X = rng.uniform(0.2, 1.0, size=(n, 4))
    X[:, 3] = rng.uniform(0.0, 1.0, size=n)
    hired = rng.random(n) < hire(X)
    rows = []
    for i, values in enumerate(X.round(4).tolist()):
        group, slot = divmod(i, PER_POSTING)
        created = BASE + timedelta(days=group, minutes=slot)
        rows.append(
            {
                "seeker_id": ids.seekers[(group + slot) % len(ids.seekers)],
                "posting_id": ids.postings[group],
                "status": S.completed if hired[i] else S.rejected,
                "reason_code": None if hired[i] else ReasonCode.skills,
                "hired_at": created + timedelta(days=2) if hired[i] else None,
                "ended_at": created + timedelta(days=30),
                "created_at": created,
                "explanation": snapshot(values),
            }
        )
    for group in range(len(ids.postings)):
        for slot in range(open_per_posting):  # still open: never learned from
            seeker = ids.seekers[(group + PER_POSTING + slot) % len(ids.seekers)]
            rows.append(
                {
                    "seeker_id": seeker,
                    "posting_id": ids.postings[group],
                    "status": S.proposed,
                    "reason_code": None,
                    "hired_at": None,
                    "ended_at": None,
                    "created_at": BASE + timedelta(days=group, hours=5),
                    "explanation": snapshot([1.0, 1.0, 1.0, 1.0]),
                }
            )
    common = {"station_id": None, "proposed_by_user_id": None, "score": 50.0}
    statement = insert(Proposal).execution_options(render_nulls=True)
    ctx.session.execute(
        statement,
        [
            {**common, "model_version": HAND_SET_MODEL, "updated_at": r["created_at"], **r}
            for r in rows
        ],
    )
    ctx.session.flush()
    return n


def pay_driven(X: np.ndarray) -> np.ndarray:
    """Hire probability: mostly pay, a little skill."""
    return 1 / (1 + np.exp(-(-7.0 + 10.0 * X[:, 3] + 1.0 * X[:, 0])))


def hand_set_driven(X: np.ndarray) -> np.ndarray:
    """Hired exactly when the hand-set score is high: the hand weights are already right."""
    return (X @ np.array([0.4, 0.25, 0.25, 0.1]) > 0.62).astype(float)


@pytest.fixture
def pay_world(ctx: ServiceContext) -> int:
    """50 postings × 8 decided proposals (pay decides), plus one open proposal per posting."""
    ids = make_world_ids(ctx, postings=50)
    return record_world(ctx, ids, seed=0, hire=pay_driven, open_per_posting=1)


def test_learned_model_beats_hand_weights_and_is_activated(
    ctx: ServiceContext, pay_world: int
) -> None:
    report = train_outcome_model(ctx)

    assert report.enough and report.activated
    assert report.counts.n_decided == pay_world  # the open proposals are left out
    assert (report.counts.n_train, report.counts.n_test) == (280, 120)
    assert report.learned is not None and report.hand_set is not None
    assert report.learned.ndcg_at_10 > report.hand_set.ndcg_at_10 + 0.05
    assert report.learned.auc > report.hand_set.auc
    assert report.weights is not None and report.weights.pay > 0.5
    assert report.ranking_model == report.version == f"learned-{ctx.today.isoformat()}-1"
    stored = ctx.session.scalars(select(MatchModel)).one()
    assert stored.active and stored.version == report.version
    assert stored.metrics["held_out"]["learned"]["ndcg@10"] == report.learned.ndcg_at_10
    assert (stored.metrics["n_train"], stored.metrics["n_test"]) == (280, 120)


def test_active_match_config_returns_the_learned_weights(
    ctx: ServiceContext, pay_world: int
) -> None:
    assert active_match_config(ctx) == (MatchConfig(), HAND_SET_MODEL)
    report = train_outcome_model(ctx)

    config, model = active_match_config(ctx)

    assert model == report.version
    assert config == MatchConfig(weights=report.weights)
    assert active_match_config(ctx)[0] is config  # cached while the active row stays


def test_a_newer_activated_model_replaces_the_older(ctx: ServiceContext, pay_world: int) -> None:
    first = train_outcome_model(ctx)
    second = train_outcome_model(ctx)

    assert second.version == f"learned-{ctx.today.isoformat()}-2" and second.activated
    models = list_match_models(ctx)
    assert [(m.version, m.active) for m in models] == [
        (second.version, True),
        (first.version, False),
    ]
    assert active_match_config(ctx)[1] == second.version


def test_a_model_no_better_than_the_hand_weights_is_stored_but_not_activated(
    ctx: ServiceContext,
) -> None:
    ids = make_world_ids(ctx, postings=50)
    record_world(ctx, ids, seed=1, hire=hand_set_driven)

    report = train_outcome_model(ctx)

    assert report.enough and not report.activated
    assert report.learned is not None and report.hand_set is not None
    assert report.hand_set.ndcg_at_10 == pytest.approx(1.0)
    assert report.learned.ndcg_at_10 <= report.hand_set.ndcg_at_10
    assert ctx.session.scalars(select(MatchModel.active)).all() == [False]
    assert active_match_config(ctx) == (MatchConfig(), HAND_SET_MODEL)


def test_few_outcomes_keep_the_hand_weights(ctx: ServiceContext) -> None:
    ids = make_world_ids(ctx, postings=2, seekers=5)
    rng = np.random.default_rng(2)
    for i, seeker_id in enumerate(ids.seekers * 2):
        posting_id = ids.postings[i // 5]
        proposal = propose(
            ctx,
            ProposalCreate(seeker_id=seeker_id, posting_id=posting_id),
            snapshot=snapshot(rng.random(4).round(4).tolist()),
        )
        record_outcome(ctx, proposal.id, OutcomeIn(status=S.accepted))
        if i % 2:
            record_outcome(ctx, proposal.id, OutcomeIn(status=S.hired))
        else:
            outcome = OutcomeIn(status=S.rejected, reason_code=ReasonCode.pay)
            record_outcome(ctx, proposal.id, outcome)

    report = train_outcome_model(ctx)

    assert not report.enough and report.version is None
    assert report.counts.n_decided == 10
    assert report.message.startswith("结果不足")
    assert report.ranking_model == HAND_SET_MODEL
    assert ctx.session.scalar(select(func.count()).select_from(MatchModel)) == 0
    assert active_match_config(ctx) == (MatchConfig(), HAND_SET_MODEL)


def test_proposals_without_factor_values_are_skipped(ctx: ServiceContext) -> None:
    ids = make_world_ids(ctx, postings=1, seekers=3)
    for seeker_id in ids.seekers:
        proposal = propose(ctx, ProposalCreate(seeker_id=seeker_id, posting_id=ids.postings[0]))
        record_outcome(ctx, proposal.id, OutcomeIn(status=S.withdrawn))

    report = train_outcome_model(ctx, min_samples=1)

    assert (report.counts.n_decided, report.counts.n_without_factors) == (0, 3)
    assert not report.enough


def test_match_list_names_the_learned_model(
    client: TestClient, ctx: ServiceContext, pay_world: int
) -> None:
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    posting = make_posting(ctx, employer_id=employer.id, lat=home.lat + 0.005, lon=home.lon)
    make_seeker(ctx, station_id=station.id, lat=home.lat + 0.004, lon=home.lon)
    report = train_outcome_model(ctx)
    assert report.activated and report.weights is not None

    response = client.get(f"/api/v1/postings/{posting.id}/matches")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"] == report.version
    pay = next(f for f in body["items"][0]["factors"] if f["code"] == "pay")
    assert pay["weight"] == report.weights.pay


def test_a_model_activated_after_a_match_list_ranks_the_next_one(
    client: TestClient, ctx: ServiceContext, pay_world: int
) -> None:
    """Each process keeps the active model per index version; activating moves the version."""
    home = community(ctx.session)
    station = make_station(ctx, community_code=home.code)
    employer = make_employer(ctx, lat=home.lat, lon=home.lon)
    posting = make_posting(ctx, employer_id=employer.id, lat=home.lat + 0.005, lon=home.lon)
    make_seeker(ctx, station_id=station.id, lat=home.lat + 0.004, lon=home.lon)
    path = f"/api/v1/postings/{posting.id}/matches"
    before = client.get(path).json()["model"]
    version = current_version(ctx.session)

    report = train_outcome_model(ctx)

    assert before == HAND_SET_MODEL and report.activated
    assert current_version(ctx.session) > version
    assert client.get(path).json()["model"] == report.version
