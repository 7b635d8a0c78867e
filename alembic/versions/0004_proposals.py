"""Proposals with their append-only history, idempotency keys, hires per posting.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 13:12:33.188908
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import matching.db.base

APPEND_ONLY = "proposal_events is append-only"


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('idempotency_keys',
    sa.Column('actor_key', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response_body', sa.String(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('actor_key', 'key', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('proposed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'declined', 'interviewed', 'hired', 'rejected', 'no_show', 'completed', 'left_early', 'withdrawn', name='proposal_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('reason_code', sa.Enum('too_far', 'pay', 'hours', 'skills', 'health', 'found_other_work', 'other', name='reason_code', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('model_version', sa.String(length=40), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('hired_at', matching.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', matching.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_proposals_posting_id_postings')),
    sa.ForeignKeyConstraint(['proposed_by_user_id'], ['users.id'], name=op.f('fk_proposals_proposed_by_user_id_users')),
    sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_proposals_seeker_id_seekers')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_proposals_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_seeker_id'), ['seeker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_status'), ['status'], unique=False)
        batch_op.create_index('uq_proposals_open_pair', ['seeker_id', 'posting_id'], unique=True, postgresql_where=sa.text("status IN ('proposed', 'accepted', 'interviewed')"), sqlite_where=sa.text("status IN ('proposed', 'accepted', 'interviewed')"))

    op.create_table('proposal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.Enum('proposed', 'accepted', 'declined', 'interviewed', 'hired', 'rejected', 'no_show', 'completed', 'left_early', 'withdrawn', name='from_status', native_enum=False, create_constraint=True, length=16), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'accepted', 'declined', 'interviewed', 'hired', 'rejected', 'no_show', 'completed', 'left_early', 'withdrawn', name='to_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('reason_code', sa.Enum('too_far', 'pay', 'hours', 'skills', 'health', 'found_other_work', 'other', name='reason_code', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_proposal_events_actor_user_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_events_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hires', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_postings_hires_within_headcount'), 'hires >= 0 AND hires <= headcount'
        )

    # History is append-only: the database refuses to change or remove events.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER proposal_events_no_{verb.lower()} BEFORE {verb} ON proposal_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION proposal_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER proposal_events_no_update_delete BEFORE UPDATE OR DELETE "
            "ON proposal_events FOR EACH ROW EXECUTE FUNCTION proposal_events_append_only()"
        )



def downgrade() -> None:
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_postings_hires_within_headcount'), type_='check')
        batch_op.drop_column('hires')

    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_events_proposal_id'))

    op.drop_table('proposal_events')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION proposal_events_append_only()")
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('uq_proposals_open_pair', postgresql_where=sa.text("status IN ('proposed', 'accepted', 'interviewed')"), sqlite_where=sa.text("status IN ('proposed', 'accepted', 'interviewed')"))
        batch_op.drop_index(batch_op.f('ix_proposals_status'))
        batch_op.drop_index(batch_op.f('ix_proposals_station_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_posting_id'))

    op.drop_table('proposals')
    op.drop_table('idempotency_keys')
