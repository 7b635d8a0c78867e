"""Take-home postings say whether materials are delivered, and within what radius.

A seeker's own travel limit now applies to the pick-up point unless the posting
delivers (``materials_delivered`` with ``delivery_radius_km``). Existing postings do not
deliver. (The service checks that only take-home work delivers and that a delivery has
a radius; no table CHECK, because SQLite could add one only by copying ``postings``,
which other tables point at.)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 22:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'postings',
        sa.Column('materials_delivered', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column('postings', sa.Column('delivery_radius_km', sa.Double(), nullable=True))


def downgrade() -> None:
    # Not batches: SQLite would copy postings, which other tables' keys point at.
    op.execute('ALTER TABLE postings DROP COLUMN delivery_radius_km')
    op.execute('ALTER TABLE postings DROP COLUMN materials_delivered')
