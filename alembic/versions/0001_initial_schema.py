"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29 12:34:20.189858
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
import matching.db.base
import matching.db.types


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('skill_categories',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=50), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_skill_categories'))
    )
    op.create_table('subdistricts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.Enum('street', 'town', name='subdistrict_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_subdistricts_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_subdistricts_lon_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subdistricts')),
    sa.UniqueConstraint('code', name=op.f('uq_subdistricts_code'))
    )
    op.create_table('communities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=15), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.Enum('residential', 'village', name='community_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('subdistrict_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_communities_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_communities_lon_range')),
    sa.ForeignKeyConstraint(['subdistrict_id'], ['subdistricts.id'], name=op.f('fk_communities_subdistrict_id_subdistricts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communities')),
    sa.UniqueConstraint('code', name=op.f('uq_communities_code'))
    )
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communities_subdistrict_id'), ['subdistrict_id'], unique=False)

    op.create_table('skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name_zh', sa.String(length=50), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('category_code', sa.String(length=32), nullable=False),
    sa.Column('synonyms_zh', sa.JSON(), nullable=False),
    sa.Column('synonyms_en', sa.JSON(), nullable=False),
    sa.Column('occupation_code', sa.String(length=16), nullable=True),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_code'], ['skill_categories.code'], name=op.f('fk_skills_category_code_skill_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skills')),
    sa.UniqueConstraint('code', name=op.f('uq_skills_code'))
    )
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skills_category_code'), ['category_code'], unique=False)

    op.create_table('employers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('micro_factory', 'workshop', 'shop', 'household', 'partner', 'other', name='employer_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('contact_name', sa.String(length=50), nullable=False),
    sa.Column('contact_phone_enc', sa.LargeBinary(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_employers_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_employers_lon_range')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_employers_community_id_communities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_employers_credit_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_employers_uid'))
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employers_community_id'), ['community_id'], unique=False)

    op.create_table('skill_relations',
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('related_skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['related_skill_id'], ['skills.id'], name=op.f('fk_skill_relations_related_skill_id_skills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_skill_relations_skill_id_skills'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('skill_id', 'related_skill_id', name=op.f('pk_skill_relations'))
    )
    op.create_table('stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('window', 'gig_station', 'service_station', name='station_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_stations_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_stations_lon_range')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_stations_community_id_communities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations')),
    sa.UniqueConstraint('code', name=op.f('uq_stations_code'))
    )
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stations_community_id'), ['community_id'], unique=False)

    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('odd_job', 'part_time', 'full_time', 'seasonal', name='posting_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('work_mode', sa.Enum('on_site', 'take_home', 'mobile', name='work_mode', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('pay_yuan', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('pay_unit', sa.Enum('hour', 'day', 'piece', 'month', name='pay_unit', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('place_name', sa.String(length=200), nullable=False),
    sa.Column('schedule', matching.db.types.WeekSlotsType(length=42), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('physical_demand', sa.Enum('sedentary', 'light', 'medium', 'heavy', name='physical_demand', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('wheelchair_accessible', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'filled', 'closed', name='posting_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_postings_date_range_ordered')),
    sa.CheckConstraint('headcount > 0', name=op.f('ck_postings_headcount_positive')),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_postings_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_postings_lon_range')),
    sa.CheckConstraint('pay_yuan > 0', name=op.f('ck_postings_pay_positive')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_postings_community_id_communities')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_postings_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings'))
    )
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postings_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_status'), ['status'], unique=False)

    op.create_table('seekers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('name_pinyin', sa.String(length=200), nullable=False),
    sa.Column('name_initials', sa.String(length=50), nullable=False),
    sa.Column('resident_id_enc', sa.LargeBinary(), nullable=False),
    sa.Column('resident_id_index', sa.String(length=64), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('sex', sa.Enum('male', 'female', name='sex', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=False),
    sa.Column('phone_index', sa.String(length=64), nullable=False),
    sa.Column('phone_tail', sa.String(length=4), nullable=False),
    sa.Column('address_enc', sa.LargeBinary(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('availability', matching.db.types.WeekSlotsType(length=42), nullable=False),
    sa.Column('max_travel_km', sa.Double(), nullable=False),
    sa.Column('travel_mode', sa.Enum('walk', 'bike', 'ebike', 'bus', name='travel_mode', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('homebound', sa.Boolean(), nullable=False),
    sa.Column('caregiver', sa.Boolean(), nullable=False),
    sa.Column('disability', sa.Boolean(), nullable=False),
    sa.Column('disability_note_enc', sa.LargeBinary(), nullable=True),
    sa.Column('min_pay_yuan', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('min_pay_unit', sa.Enum('hour', 'day', 'piece', 'month', name='pay_unit', native_enum=False, create_constraint=True, length=16), nullable=True),
    sa.Column('status', sa.Enum('active', 'placed', 'inactive', name='seeker_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('household_ref', sa.String(length=64), nullable=True),
    sa.Column('registered_station_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('location_approximate', sa.Boolean(), nullable=False),
    sa.Column('created_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90', name=op.f('ck_seekers_lat_range')),
    sa.CheckConstraint('lon BETWEEN -180 AND 180', name=op.f('ck_seekers_lon_range')),
    sa.CheckConstraint('max_travel_km >= 0', name=op.f('ck_seekers_max_travel_nonnegative')),
    sa.CheckConstraint('min_pay_yuan IS NULL OR min_pay_yuan >= 0', name=op.f('ck_seekers_min_pay_nonnegative')),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_seekers_community_id_communities')),
    sa.ForeignKeyConstraint(['registered_station_id'], ['stations.id'], name=op.f('fk_seekers_registered_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seekers')),
    sa.UniqueConstraint('resident_id_index', name=op.f('uq_seekers_resident_id_index')),
    sa.UniqueConstraint('uid', name=op.f('uq_seekers_uid'))
    )
    with op.batch_alter_table('seekers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seekers_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_household_ref'), ['household_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_name_pinyin'), ['name_pinyin'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_phone_index'), ['phone_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_phone_tail'), ['phone_tail'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_registered_station_id'), ['registered_station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seekers_status'), ['status'], unique=False)

    op.create_table('posting_skills',
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('min_level', sa.SmallInteger(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.CheckConstraint('min_level BETWEEN 1 AND 3', name=op.f('ck_posting_skills_min_level_range')),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_skills_posting_id_postings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_posting_skills_skill_id_skills')),
    sa.PrimaryKeyConstraint('posting_id', 'skill_id', name=op.f('pk_posting_skills'))
    )
    with op.batch_alter_table('posting_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('seeker_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Enum('data_use', 'automated_matching', name='consent_scope', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('granted_at', matching.db.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', matching.db.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_seeker_consents_seeker_id_seekers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_seeker_consents_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seeker_consents'))
    )
    with op.batch_alter_table('seeker_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seeker_consents_seeker_id'), ['seeker_id'], unique=False)

    op.create_table('seeker_skills',
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('years', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('level BETWEEN 1 AND 3', name=op.f('ck_seeker_skills_level_range')),
    sa.CheckConstraint('years IS NULL OR years BETWEEN 0 AND 80', name=op.f('ck_seeker_skills_years_range')),
    sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_seeker_skills_seeker_id_seekers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_seeker_skills_skill_id_skills')),
    sa.PrimaryKeyConstraint('seeker_id', 'skill_id', name=op.f('pk_seeker_skills'))
    )
    with op.batch_alter_table('seeker_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seeker_skills_skill_id'), ['skill_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('seeker_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seeker_skills_skill_id'))

    op.drop_table('seeker_skills')
    with op.batch_alter_table('seeker_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seeker_consents_seeker_id'))

    op.drop_table('seeker_consents')
    with op.batch_alter_table('posting_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_skills_skill_id'))

    op.drop_table('posting_skills')
    with op.batch_alter_table('seekers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seekers_status'))
        batch_op.drop_index(batch_op.f('ix_seekers_registered_station_id'))
        batch_op.drop_index(batch_op.f('ix_seekers_phone_tail'))
        batch_op.drop_index(batch_op.f('ix_seekers_phone_index'))
        batch_op.drop_index(batch_op.f('ix_seekers_name_pinyin'))
        batch_op.drop_index(batch_op.f('ix_seekers_name_initials'))
        batch_op.drop_index(batch_op.f('ix_seekers_household_ref'))
        batch_op.drop_index(batch_op.f('ix_seekers_community_id'))

    op.drop_table('seekers')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postings_status'))
        batch_op.drop_index(batch_op.f('ix_postings_employer_id'))
        batch_op.drop_index(batch_op.f('ix_postings_community_id'))

    op.drop_table('postings')
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stations_community_id'))

    op.drop_table('stations')
    op.drop_table('skill_relations')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employers_community_id'))

    op.drop_table('employers')
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skills_category_code'))

    op.drop_table('skills')
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communities_subdistrict_id'))

    op.drop_table('communities')
    op.drop_table('subdistricts')
    op.drop_table('skill_categories')
