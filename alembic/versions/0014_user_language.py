"""Users remember the workbench language they chose.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 15:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('users', sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade() -> None:
    # Not a batch: SQLite would copy users, which other tables' keys point at.
    op.execute('ALTER TABLE users DROP COLUMN locale')
