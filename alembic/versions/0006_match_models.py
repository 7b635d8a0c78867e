"""Learned ranking models: versioned factor weights with their held-out metrics.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 13:37:57.533506
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import matching.db.base


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('match_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('trained_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_models')),
    sa.UniqueConstraint('version', name=op.f('uq_match_models_version'))
    )
    with op.batch_alter_table('match_models', schema=None) as batch_op:
        # At most one active model: a partial unique index on the true rows.
        batch_op.create_index('uq_match_models_one_active', ['active'], unique=True, postgresql_where=sa.text('active'), sqlite_where=sa.text('active'))


def downgrade() -> None:
    with op.batch_alter_table('match_models', schema=None) as batch_op:
        batch_op.drop_index('uq_match_models_one_active', postgresql_where=sa.text('active'), sqlite_where=sa.text('active'))

    op.drop_table('match_models')

