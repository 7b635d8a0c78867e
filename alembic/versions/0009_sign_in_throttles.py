"""Sign-in throttles keyed by a keyed hash of the username or client address.

Replaces ``login_throttles`` (usernames in clear, counted after the password check,
racy under several workers). Its rows are a few minutes of counters, so nothing is
carried over in either direction.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 20:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import matching.db.base


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sign_in_throttles',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_ends_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_sign_in_throttles'))
    )
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttles_window_ends_at'), ['window_ends_at'], unique=False)
    op.drop_table('login_throttles')


def downgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', matching.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttles_window_ends_at'))
    op.drop_table('sign_in_throttles')
