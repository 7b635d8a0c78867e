"""Whether a posting can take anyone today, and if not, why - in words for its match list."""

from __future__ import annotations

from datetime import date

from matching.db.models import Posting
from matching.db.queries.postings import status_on
from matching.enums import PostingStatus
from matching.i18n import Text
from matching.schemas.matches import Explanation, PostingMatches, Unavailable
from matching.services.context import ServiceContext
from matching.services.models import active_match_config

__all__ = ["unavailable_matches", "why_unavailable"]


def why_unavailable(posting: Posting, today: date) -> tuple[str, Text] | None:
    """The code and message of why ``posting`` takes no one on ``today``; None if it can."""
    status = status_on(posting.status, posting.end_date, today)
    if status == PostingStatus.ended:
        return "posting.ended", Text(
            "The posting ended on {end_date}: no one is matched to it",
            end_date=posting.end_date,
        )
    if status == PostingStatus.draft:
        return "posting.draft", Text("The posting is a draft: publish it to see matches")
    if status == PostingStatus.closed:
        return "posting.closed", Text("The posting is closed: no one is matched to it")
    if status == PostingStatus.filled or posting.hires >= posting.headcount:
        return "posting.full", Text("Every place of the posting is filled")
    return None


def unavailable_matches(ctx: ServiceContext, posting: Posting) -> PostingMatches | None:
    """An empty match list saying why, for a posting not open today; None when it is open."""
    reason = why_unavailable(posting, ctx.today)
    if reason is None:
        return None
    code, text = reason
    _, model = active_match_config(ctx)
    return PostingMatches(
        posting_id=posting.id,
        model=model,
        items=[],
        referrals=[],
        suggestions=[],
        unavailable=Unavailable(
            code=code, message=Explanation(zh=text.render("zh_CN"), en=text.render("en"))
        ),
    )
