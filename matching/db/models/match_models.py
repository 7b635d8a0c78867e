"""Learned ranking models: factor weights fitted on outcomes, stored as data (never pickles)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from matching.db.base import Base, UtcDateTime, utcnow


class MatchModel(Base):
    """One trained version of the factor weights and how it did on held-out outcomes.

    ``weights`` holds ``OutcomeWeightsModel.to_dict()``; ``metrics`` the held-out
    NDCG@10 and AUC of the learned and the hand-set weights with the split sizes.
    At most one row is ``active``: the weights every match list then uses.
    """

    __tablename__ = "match_models"
    __table_args__ = (
        Index(
            "uq_match_models_one_active",
            "active",
            unique=True,
            postgresql_where=text("active"),
            sqlite_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    weights: Mapped[dict[str, Any]] = mapped_column(JSON)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    trained_at: Mapped[datetime] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
