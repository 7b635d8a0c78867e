"""History tables refuse UPDATE, DELETE and TRUNCATE per statement on PostgreSQL.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:00:00.000000

0002 and 0004 guarded audit_events and proposal_events with row-level triggers, which
fire only for rows a statement touches (an UPDATE or DELETE that matches nothing
passes silently) and, on proposal_events, not at all for TRUNCATE. One statement-level
trigger per table refuses every UPDATE, DELETE and TRUNCATE before it runs. The trigger
functions of 0002 and 0004 are reused unchanged.

SQLite has no statement-level triggers and no TRUNCATE; its BEFORE UPDATE and BEFORE
DELETE row triggers (0002, 0004) are re-created if missing and otherwise left alone.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_TABLES = ("audit_events", "proposal_events")

# The row-level triggers of 0002 and 0004, exactly as they made them (for the downgrade).
ROW_LEVEL_TRIGGERS = {
    "audit_events_no_update_delete": "BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "audit_events_no_truncate": "BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
    "proposal_events_no_update_delete": "BEFORE UPDATE OR DELETE ON proposal_events "
    "FOR EACH ROW EXECUTE FUNCTION proposal_events_append_only()",
}


def _table_of(trigger: str) -> str:
    return next(table for table in HISTORY_TABLES if trigger.startswith(table))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in HISTORY_TABLES:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} "
                    f"BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        return
    for trigger in ROW_LEVEL_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON {_table_of(trigger)}")
    for table in HISTORY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    # SQLite: 0007 already had exactly the triggers the upgrade ensures.
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in HISTORY_TABLES:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    for trigger, definition in ROW_LEVEL_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {trigger} {definition}")
