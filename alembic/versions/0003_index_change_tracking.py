"""A change counter and per-row change versions that keep match indexes fresh.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 13:06:33.008391
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('index_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_index_state'))
    )
    op.execute("INSERT INTO index_state (id, version) VALUES (1, 0)")
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_version', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_postings_change_version'), ['change_version'], unique=False)

    with op.batch_alter_table('seekers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_version', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_seekers_change_version'), ['change_version'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('seekers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seekers_change_version'))
        batch_op.drop_column('change_version')

    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postings_change_version'))
        batch_op.drop_column('change_version')

    op.drop_table('index_state')
