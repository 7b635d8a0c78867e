"""Erasure leaves nothing readable and every count: sealed notes, lean idempotency keys.

- ``seekers.text_key_enc``: each person's data key, wrapped by the PII cipher. Notes of
  proposal events and referrals, and the reasons of audit rows about a person, are sealed
  with it (``*_enc``); erasing her destroys the key. Existing plain texts are sealed here,
  with the PII keys of the settings (run ``matching db upgrade`` with the service's
  environment). The append-only tables' triggers are lifted for that one rewrite.
- ``idempotency_keys`` keeps the status, the resource id, the person and an expiry instead
  of the response body. Stored responses are reduced to the resource id they name.
- ``proposals.hired_home_km``: how far from home the work was when hired, so that
  near-home counts do not change when an erasure removes the home; filled in for past
  hires of people not erased.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 21:30:00.000000
"""
import base64
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import matching.db.base
from matching.config import get_settings
from matching.engine.factors import haversine_km
from matching.pii import PiiCipher, decode_key, new_data_key, open_with, seal_with

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEALED = {  # table -> (plain column, sealed column, field name in the sealing context)
    'proposal_events': ('note', 'note_enc', 'proposal_events.note'),
    'referrals': ('note', 'note_enc', 'referrals.note'),
    'audit_events': ('reason', 'reason_enc', 'audit_events.reason'),
}


def _cipher() -> PiiCipher:
    settings = get_settings()
    return PiiCipher(
        keys={key_id: decode_key(text) for key_id, text in settings.pii_keys.items()},
        active_key_id=settings.pii_active_key_id,
        index_key=decode_key(settings.pii_index_key),
    )


@contextmanager
def _writable(table: str) -> Iterator[None]:
    """Lift the append-only triggers of ``table`` for a migration's own rewrite."""
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute(f'ALTER TABLE {table} DISABLE TRIGGER USER')
        yield
        op.execute(f'ALTER TABLE {table} ENABLE TRIGGER USER')
        return
    triggers = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {'t': table},
    ).all()
    for name, _sql in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        op.execute(sql)


class _Keys:
    """Each person's data key, made when first needed."""

    def __init__(self, cipher: PiiCipher) -> None:
        self.cipher = cipher
        self.bind = op.get_bind()
        self.cache: dict[int, tuple[str, bytes | None]] = {}

    def of(self, seeker_id: int, *, create: bool) -> tuple[str, bytes | None]:
        if seeker_id in self.cache:
            return self.cache[seeker_id]
        uid, wrapped, erased = self.bind.execute(
            sa.text('SELECT uid, text_key_enc, erased_at FROM seekers WHERE id = :id'),
            {'id': seeker_id},
        ).one()
        where = f'seekers.text_key:{uid}'
        key = None
        if wrapped is not None:
            key = base64.b64decode(self.cipher.decrypt(bytes(wrapped), context=where))
        elif create and erased is None:
            key = new_data_key()
            sealed = self.cipher.encrypt(base64.b64encode(key).decode('ascii'), context=where)
            self.bind.execute(
                sa.text('UPDATE seekers SET text_key_enc = :k WHERE id = :id'),
                {'k': sealed, 'id': seeker_id},
            )
        self.cache[seeker_id] = (uid, key)
        return uid, key


def _person_rows(table: str, column: str) -> str:
    """Rows of ``table`` as (id, the person's seeker id, ``column``)."""
    if table == 'proposal_events':
        return (
            f'SELECT e.id, p.seeker_id, e.{column} FROM proposal_events e '
            'JOIN proposals p ON p.id = e.proposal_id'
        )
    if table == 'referrals':
        return f'SELECT id, seeker_id, {column} FROM referrals'
    return f'SELECT id, seeker_id, {column} FROM audit_events WHERE seeker_id IS NOT NULL'


def _link_audit_rows() -> None:
    """Name the person of audit rows about a seeker or one of her proposals."""
    op.execute(
        "UPDATE audit_events SET seeker_id = (SELECT s.id FROM seekers s "
        "WHERE 'seeker:' || s.uid = audit_events.object_ref) "
        "WHERE object_type = 'seeker' AND action <> 'erasure'"
    )
    op.execute(
        "UPDATE audit_events SET seeker_id = (SELECT p.seeker_id FROM proposals p "
        "WHERE 'proposal:' || CAST(p.id AS VARCHAR(20)) = audit_events.object_ref) "
        "WHERE object_type = 'proposal'"
    )


def _seal_existing(keys: _Keys) -> None:
    bind = op.get_bind()
    for table, (plain, sealed, field) in SEALED.items():
        with _writable(table):
            if table == 'audit_events':
                _link_audit_rows()
            for row_id, seeker_id, text in bind.execute(sa.text(_person_rows(table, plain))).all():
                if seeker_id is None or not text:
                    continue
                uid, key = keys.of(seeker_id, create=True)
                token = seal_with(key, text, context=f'{field}:{uid}') if key else None
                bind.execute(
                    sa.text(f"UPDATE {table} SET {sealed} = :t, {plain} = '' WHERE id = :id"),
                    {'t': token, 'id': row_id},
                )
            if table != 'audit_events':
                with op.batch_alter_table(table) as batch:
                    batch.drop_column(plain)


_keys_table = sa.table(
    'idempotency_keys',
    sa.column('actor_key', sa.String()),
    sa.column('key', sa.String()),
    sa.column('response_body', sa.String()),
    sa.column('created_at', matching.db.base.UtcDateTime()),
    sa.column('resource_id', sa.Integer()),
    sa.column('seeker_id', sa.Integer()),
    sa.column('expires_at', matching.db.base.UtcDateTime()),
)


def _reduce_idempotency_keys() -> None:
    bind = op.get_bind()
    t = _keys_table
    rows = bind.execute(sa.select(t.c.actor_key, t.c.key, t.c.response_body, t.c.created_at))
    for actor_key, key, body, created_at in rows.all():
        this = sa.and_(t.c.actor_key == actor_key, t.c.key == key)
        try:
            resource_id = int(json.loads(body)['id'])
        except (ValueError, KeyError, TypeError):
            bind.execute(sa.delete(t).where(this))
            continue
        seeker_id = bind.execute(
            sa.text('SELECT seeker_id FROM proposals WHERE id = :id'), {'id': resource_id}
        ).scalar()
        bind.execute(
            sa.update(t)
            .where(this)
            .values(
                resource_id=resource_id,
                seeker_id=seeker_id,
                expires_at=created_at + timedelta(hours=24),
            )
        )


def _backfill_home_km() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            'SELECT p.id, s.lat, s.lon, w.lat, w.lon FROM proposals p '
            'JOIN seekers s ON s.id = p.seeker_id JOIN postings w ON w.id = p.posting_id '
            'WHERE p.hired_at IS NOT NULL AND s.erased_at IS NULL'
        )
    ).all()
    for proposal_id, lat, lon, work_lat, work_lon in rows:
        bind.execute(
            sa.text('UPDATE proposals SET hired_home_km = :km WHERE id = :id'),
            {'km': round(haversine_km(lat, lon, work_lat, work_lon), 3), 'id': proposal_id},
        )


def upgrade() -> None:
    op.add_column('proposals', sa.Column('hired_home_km', sa.Double(), nullable=True))
    _backfill_home_km()
    op.add_column('seekers', sa.Column('text_key_enc', sa.LargeBinary(), nullable=True))
    op.add_column('proposal_events', sa.Column('note_enc', sa.LargeBinary(), nullable=True))
    op.add_column('referrals', sa.Column('note_enc', sa.LargeBinary(), nullable=True))
    op.add_column('audit_events', sa.Column('seeker_id', sa.Integer(), nullable=True))
    op.add_column('audit_events', sa.Column('reason_enc', sa.LargeBinary(), nullable=True))
    op.create_index(op.f('ix_audit_events_seeker_id'), 'audit_events', ['seeker_id'])
    _seal_existing(_Keys(_cipher()))

    with op.batch_alter_table('idempotency_keys') as batch:
        batch.add_column(sa.Column('resource_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('seeker_id', sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column('expires_at', matching.db.base.UtcDateTime(timezone=True), nullable=True)
        )
    _reduce_idempotency_keys()
    with op.batch_alter_table('idempotency_keys') as batch:
        batch.alter_column(
            'expires_at', existing_type=matching.db.base.UtcDateTime(timezone=True), nullable=False
        )
        batch.drop_column('response_body')
        batch.create_index(batch.f('ix_idempotency_keys_expires_at'), ['expires_at'])
        batch.create_index(batch.f('ix_idempotency_keys_seeker_id'), ['seeker_id'])


def _open_existing(cipher: PiiCipher) -> None:
    bind = op.get_bind()
    keys = _Keys(cipher)
    for table, (plain, sealed, field) in SEALED.items():
        with _writable(table):
            if table != 'audit_events':
                with op.batch_alter_table(table) as batch:
                    batch.add_column(
                        sa.Column(plain, sa.String(500), nullable=False, server_default='')
                    )
            query = sa.text(_person_rows(table, sealed))
            for row_id, seeker_id, token in bind.execute(query).all():
                if seeker_id is None or token is None:
                    continue
                uid, key = keys.of(seeker_id, create=False)
                text = open_with(key, bytes(token), context=f'{field}:{uid}') if key else ''
                bind.execute(
                    sa.text(f'UPDATE {table} SET {plain} = :t WHERE id = :id'),
                    {'t': text, 'id': row_id},
                )
            with op.batch_alter_table(table) as batch:
                batch.drop_column(sealed)
                if table == 'audit_events':
                    batch.drop_index(batch.f('ix_audit_events_seeker_id'))
                    batch.drop_column('seeker_id')


def downgrade() -> None:
    # Stored retries are caches of at most a day; the old layout cannot replay without a
    # body, so they go.
    op.execute('DELETE FROM idempotency_keys')
    with op.batch_alter_table('idempotency_keys') as batch:
        batch.drop_index(batch.f('ix_idempotency_keys_seeker_id'))
        batch.drop_index(batch.f('ix_idempotency_keys_expires_at'))
        batch.add_column(sa.Column('response_body', sa.String(), nullable=False, server_default=''))
        batch.drop_column('expires_at')
        batch.drop_column('seeker_id')
        batch.drop_column('resource_id')
    _open_existing(_cipher())
    # Not batches (SQLite would copy the tables, which other tables' keys point at).
    op.execute('ALTER TABLE seekers DROP COLUMN text_key_enc')
    op.execute('ALTER TABLE proposals DROP COLUMN hired_home_km')
