"""A posting's status as read on a day: the one home of the ``ended`` rule.

A posting ends with its end date: an ``open`` or ``filled`` posting whose ``end_date``
is before ``today`` (the city's local date, :mod:`matching.clock`) reads ``ended``.
``ended`` is derived, never stored (the column refuses it): stored, it would need a
job at every midnight and be wrong between midnight and that job; derived, the row
never changes and every reader agrees on the same day. Drafts were never published and
closed postings were closed by hand, so they keep their own status past the end date.

The rule exists twice, in Python (:func:`status_on`, for a loaded row) and in SQL
(:func:`has_status`, :func:`open_on`, :func:`with_vacancies`, for filters and counts);
``tests/db/test_posting_status.py`` checks that both agree on both databases.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from matching.db.models import Posting
from matching.enums import PostingStatus

ENDS_WITH_DATE = (PostingStatus.open, PostingStatus.filled)
"""Stored statuses that read ``ended`` once the end date has passed."""


def status_on(status: PostingStatus, end_date: date | None, today: date) -> PostingStatus:
    """The status a posting stored with ``status`` and ``end_date`` reads on ``today``."""
    if status in ENDS_WITH_DATE and end_date is not None and end_date < today:
        return PostingStatus.ended
    return status


def vacancies_on(posting: Posting, today: date) -> int:
    """Places still to fill on ``today``: none unless the posting reads ``open``."""
    if status_on(posting.status, posting.end_date, today) is not PostingStatus.open:
        return 0
    return max(posting.headcount - posting.hires, 0)


def not_ended(today: date) -> ColumnElement[bool]:
    """The posting's end date (if any) is not before ``today``."""
    return or_(Posting.end_date.is_(None), Posting.end_date >= today)


def has_status(status: PostingStatus, today: date) -> ColumnElement[bool]:
    """Postings that read ``status`` on ``today`` (an indexable condition, not a CASE)."""
    if status is PostingStatus.ended:
        return and_(Posting.status.in_(ENDS_WITH_DATE), Posting.end_date < today)
    if status in ENDS_WITH_DATE:
        return and_(Posting.status == status, not_ended(today))
    return Posting.status == status


def open_on(today: date) -> ColumnElement[bool]:
    """Postings open on ``today``: stored ``open`` and not past their end date."""
    return has_status(PostingStatus.open, today)


def with_vacancies(today: date) -> ColumnElement[bool]:
    """Postings open on ``today`` with a place left."""
    return and_(open_on(today), Posting.hires < Posting.headcount)


def ending_between(first: date, last: date) -> ColumnElement[bool]:
    """Postings whose end date falls within ``first`` .. ``last`` (both included)."""
    return and_(Posting.end_date.is_not(None), Posting.end_date.between(first, last))
