"""Referrals of seekers to the station that holds them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 13:19:21.723689
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import matching.db.base


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('from_station_id', sa.Integer(), nullable=True),
    sa.Column('from_user_id', sa.Integer(), nullable=True),
    sa.Column('to_station_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('open', 'proposed', 'dismissed', name='referral_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('handled_at', matching.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['from_station_id'], ['stations.id'], name=op.f('fk_referrals_from_station_id_stations')),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], name=op.f('fk_referrals_from_user_id_users')),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_referrals_posting_id_postings')),
    sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_referrals_seeker_id_seekers')),
    sa.ForeignKeyConstraint(['to_station_id'], ['stations.id'], name=op.f('fk_referrals_to_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_seeker_id'), ['seeker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_to_station_id'), ['to_station_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_to_station_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_posting_id'))

    op.drop_table('referrals')
