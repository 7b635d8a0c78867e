"""The ``ended`` rule: Python and SQL agree on every stored status and end date; never stored."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import StatementError

from matching.db.models import Posting
from matching.db.queries.postings import has_status, status_on, vacancies_on, with_vacancies
from matching.enums import STORED_POSTING_STATUSES, PostingStatus
from matching.services.context import ServiceContext
from tests.support.factories import make_employer, make_posting

TODAY = date(2026, 12, 5)
END_DATES = (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1))


def test_every_posting_reads_the_same_status_in_python_and_in_sql(ctx: ServiceContext) -> None:
    employer = make_employer(ctx).id
    expected: dict[int, PostingStatus] = {}
    vacant: set[int] = set()
    for stored, end, hires in itertools.product(sorted(STORED_POSTING_STATUSES), END_DATES, (0, 2)):
        posting_id = make_posting(ctx, employer_id=employer, headcount=2).id
        ctx.session.execute(  # as stored: the service would set filled itself
            update(Posting)
            .where(Posting.id == posting_id)
            .values(status=stored, end_date=end, hires=hires)
        )
        expected[posting_id] = status_on(stored, end, TODAY)
        row = ctx.session.get(Posting, posting_id)
        assert row is not None
        ctx.session.refresh(row)
        if vacancies_on(row, TODAY) > 0:
            vacant.add(posting_id)

    by_sql = {
        status: set(ctx.session.scalars(select(Posting.id).where(has_status(status, TODAY))))
        for status in PostingStatus
    }
    vacant_by_sql = set(ctx.session.scalars(select(Posting.id).where(with_vacancies(TODAY))))

    assert by_sql == {
        status: {pid for pid, read in expected.items() if read is status}
        for status in PostingStatus
    }
    assert by_sql[PostingStatus.ended]  # the grid does hold ended postings
    assert vacant_by_sql == vacant and vacant


def test_ended_is_read_only_from_open_or_filled_postings_past_their_end_date() -> None:
    yesterday = TODAY - timedelta(days=1)
    assert status_on(PostingStatus.open, yesterday, TODAY) is PostingStatus.ended
    assert status_on(PostingStatus.filled, yesterday, TODAY) is PostingStatus.ended
    assert status_on(PostingStatus.open, TODAY, TODAY) is PostingStatus.open
    assert status_on(PostingStatus.closed, yesterday, TODAY) is PostingStatus.closed
    assert status_on(PostingStatus.draft, yesterday, TODAY) is PostingStatus.draft


def test_ended_is_never_stored(ctx: ServiceContext) -> None:
    posting = make_posting(ctx)
    row = ctx.session.get(Posting, posting.id)
    assert row is not None
    row.status = PostingStatus.ended

    with pytest.raises(StatementError, match="derived on read, never stored"):
        ctx.session.flush()
