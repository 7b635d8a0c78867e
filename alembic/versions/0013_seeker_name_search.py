"""Person search by traditional characters, the given name's pinyin and spaced pinyin.

- ``seekers.name_search``: the name as search compares it (simplified characters, lower
  case, no spaces), so 王秀蘭 finds 王秀兰 and the other way round.
- ``seekers.given_name_pinyin``: the pinyin of what follows the surname (xiulan).
- Prefix indexes with ``varchar_pattern_ops`` on PostgreSQL for the three pinyin forms:
  a default btree serves ``LIKE 'xiu%'`` only under the C collation. The plain index of
  ``name_initials`` (never sorted on) gives way to its prefix index.

Existing rows are filled in here, and their pinyin and initials recomputed (compound
surnames such as 长孙 and traditional 歐陽 now read as surnames). Erased people stay
unsearchable: every form of their name is empty.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from matching.identifiers.pinyin import given_name_pinyin, name_initials, name_pinyin
from matching.identifiers.simplified import name_search_key

revision: str = '0013'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIXED = ('name_pinyin', 'given_name_pinyin', 'name_initials')


def _fill_search_forms() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text('SELECT id, name, erased_at FROM seekers')).all()
    values = [
        {
            'id': row.id,
            'search': '' if row.erased_at is not None else name_search_key(row.name)[:200],
            'given': '' if row.erased_at is not None else given_name_pinyin(row.name),
            'pinyin': '' if row.erased_at is not None else name_pinyin(row.name),
            'initials': '' if row.erased_at is not None else name_initials(row.name),
        }
        for row in rows
    ]
    if values:
        bind.execute(
            sa.text(
                'UPDATE seekers SET name_search = :search, given_name_pinyin = :given, '
                'name_pinyin = :pinyin, name_initials = :initials WHERE id = :id'
            ),
            values,
        )


def upgrade() -> None:
    # Added NOT NULL with a default, then filled in: no table rebuild, which SQLite could
    # not do here (foreign keys are enforced and other tables point at seekers). The
    # default is dropped on PostgreSQL; SQLite cannot drop one without a rebuild, and
    # the service writes every column anyway.
    for column in ('name_search', 'given_name_pinyin'):
        op.add_column(
            'seekers',
            sa.Column(column, sa.String(length=200), nullable=False, server_default=''),
        )
    _fill_search_forms()
    if op.get_bind().dialect.name == 'postgresql':
        for column in ('name_search', 'given_name_pinyin'):
            op.alter_column('seekers', column, server_default=None)
    op.drop_index('ix_seekers_name_initials', table_name='seekers')
    for column in PREFIXED:
        op.create_index(
            f'ix_seekers_{column}_prefix',
            'seekers',
            [column],
            unique=False,
            postgresql_ops={column: 'varchar_pattern_ops'},
        )


def downgrade() -> None:
    for column in PREFIXED:
        op.drop_index(f'ix_seekers_{column}_prefix', table_name='seekers')
    op.create_index('ix_seekers_name_initials', 'seekers', ['name_initials'], unique=False)
    op.execute('ALTER TABLE seekers DROP COLUMN given_name_pinyin')
    op.execute('ALTER TABLE seekers DROP COLUMN name_search')
