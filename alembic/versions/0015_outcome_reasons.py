"""No-shows and early leavers may say why: family, working conditions, transport.

The reason codes gain ``family``, ``conditions`` and ``transport`` (health, pay and
other exist already). The codes are a VARCHAR with a named CHECK constraint, so the
constraint is replaced: on PostgreSQL in place, on SQLite by rebuilding the two tables
(the history table's append-only triggers are lifted for the copy and put back).
Downgrading maps the new codes to ``other``: the old constraint admits nothing else.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 15:15:00.000000
"""
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ('too_far', 'pay', 'hours', 'skills', 'health', 'found_other_work', 'other')
ADDED = ('family', 'conditions', 'transport')
TABLES = ('proposals', 'proposal_events')


def _reasons(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(
        *values, name='reason_code', native_enum=False, create_constraint=True, length=16
    )


@contextmanager
def _writable(table: str) -> Iterator[None]:
    """Lift the append-only triggers of ``table`` (SQLite) for the rebuild's copy."""
    bind = op.get_bind()
    triggers = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {'t': table},
    ).all()
    for name, _sql in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        op.execute(sql)


def _switch(old: Sequence[str], new: Sequence[str]) -> None:
    bind = op.get_bind()
    for table in TABLES:
        name = op.f(f'ck_{table}_reason_code')
        if bind.dialect.name == 'postgresql':
            op.drop_constraint(name, table, type_='check')
            listed = ', '.join(f"'{value}'" for value in new)
            op.create_check_constraint(name, table, f'reason_code IN ({listed})')
            continue
        with _writable(table), op.batch_alter_table(table, recreate='always') as batch:
            batch.alter_column('reason_code', existing_type=_reasons(old), type_=_reasons(new))


def upgrade() -> None:
    _switch(OLD, OLD + ADDED)


def downgrade() -> None:
    bind = op.get_bind()
    listed = ', '.join(f"'{value}'" for value in ADDED)
    for table in TABLES:
        if bind.dialect.name == 'postgresql':
            op.execute(f'ALTER TABLE {table} DISABLE TRIGGER USER')
            op.execute(f"UPDATE {table} SET reason_code = 'other' WHERE reason_code IN ({listed})")
            op.execute(f'ALTER TABLE {table} ENABLE TRIGGER USER')
        else:
            with _writable(table):
                op.execute(
                    f"UPDATE {table} SET reason_code = 'other' WHERE reason_code IN ({listed})"
                )
    _switch(OLD + ADDED, OLD)
