"""Key rotation re-encrypts with the new key and rebuilds blind indexes."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from matching.config import Settings
from matching.db.models import Employer, Seeker
from matching.pii import generate_key
from matching.services.context import ServiceContext, build_cipher
from matching.services.employers import get_employer
from matching.services.keys import rotate_keys
from matching.services.seekers import get_seeker, lookup_seeker
from tests.support.factories import make_employer, make_seeker, resident_id


def _with_keys(ctx: ServiceContext, settings: Settings) -> ServiceContext:
    return replace(ctx, settings=settings, cipher=build_cipher(settings))


def test_rotation_moves_every_value_to_the_active_key(ctx: ServiceContext) -> None:
    number = resident_id()
    seeker = make_seeker(ctx, resident_id=number, address="仪阳街道某小区1号楼")
    employer = make_employer(ctx)
    new_key = generate_key()
    both = ctx.settings.model_copy(
        update={"pii_keys": {**ctx.settings.pii_keys, 2: new_key}, "pii_active_key_id": 2}
    )

    report = rotate_keys(_with_keys(ctx, both))

    assert report.seekers >= 1 and report.employers >= 1
    row = ctx.session.get(Seeker, seeker.id)
    assert row is not None and row.resident_id_enc[0] == 2 and row.address_enc is not None
    assert row.address_enc[0] == 2
    assert all(e.contact_phone_enc[0] == 2 for e in ctx.session.scalars(select(Employer)))
    only_new = both.model_copy(update={"pii_keys": {2: new_key}})
    after = _with_keys(ctx, only_new)
    assert get_seeker(after, seeker.id).resident_id_masked == seeker.resident_id_masked
    assert get_employer(after, employer.id).contact_phone_masked == employer.contact_phone_masked


def test_rotation_rebuilds_indexes_for_a_new_index_key(ctx: ServiceContext) -> None:
    number = resident_id()
    seeker = make_seeker(ctx, resident_id=number)
    changed = ctx.settings.model_copy(update={"pii_index_key": generate_key()})
    new_ctx = _with_keys(ctx, changed)

    rotate_keys(new_ctx)

    assert lookup_seeker(new_ctx, number).id == seeker.id
