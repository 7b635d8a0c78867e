"""Every flushed change to a seeker or posting gets a new index version."""

from __future__ import annotations

from matching.db.changes import current_version
from matching.db.models import Posting, Seeker
from matching.schemas.postings import PostingUpdate
from matching.schemas.seekers import SeekerUpdate
from matching.services.context import ServiceContext
from matching.services.postings import update_posting
from matching.services.seekers import update_seeker
from tests.support.factories import make_posting, make_seeker


def test_registration_stamps_the_new_seeker(ctx: ServiceContext) -> None:
    before = current_version(ctx.session)

    seeker = make_seeker(ctx)

    row = ctx.session.get(Seeker, seeker.id)
    assert row is not None and row.change_version > before
    assert current_version(ctx.session) == row.change_version


def test_changing_only_a_child_stamps_the_parent(ctx: ServiceContext) -> None:
    posting = make_posting(ctx)
    before = current_version(ctx.session)

    update_posting(
        ctx,
        posting.id,
        PostingUpdate.model_validate({"skills": [{"skill": "ironing"}]}, strict=False),
    )

    row = ctx.session.get(Posting, posting.id)
    assert row is not None and row.change_version > before


def test_unrelated_reads_do_not_bump(ctx: ServiceContext) -> None:
    seeker = make_seeker(ctx)
    before = current_version(ctx.session)

    ctx.session.get(Seeker, seeker.id)
    ctx.session.flush()

    assert current_version(ctx.session) == before


def test_each_flush_with_changes_gets_a_higher_version(ctx: ServiceContext) -> None:
    seeker = make_seeker(ctx)
    versions = []
    for name in ("王芳", "王芳芳"):
        update_seeker(ctx, seeker.id, SeekerUpdate.model_validate({"name": name}, strict=False))
        row = ctx.session.get(Seeker, seeker.id)
        assert row is not None
        versions.append(row.change_version)

    assert versions[0] < versions[1]
