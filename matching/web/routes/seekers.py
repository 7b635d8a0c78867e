"""A seeker's page: her masked record, proposals so far, and her best postings to propose."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from matching.api.dependencies import PathId
from matching.errors import DomainError, InvalidInput, Message
from matching.i18n import Text
from matching.schemas.proposals import ProposalCreate
from matching.services.matching import MatchQuery, propose_with_snapshot
from matching.services.seeker_desk import seeker_desk
from matching.web.dependencies import PageContext, PageDep
from matching.web.forms import form_int
from matching.web.pages import show
from matching.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)
MATCHES_SHOWN = 10
RadiusKm = Annotated[float | None, Query(gt=0, le=100)]
MinScore = Annotated[float | None, Query(ge=0, le=100)]


def _seeker_page(
    request: Request,
    page: PageContext,
    seeker_id: int,
    *,
    query: MatchQuery,
    problem: Message | None = None,
    proposed: int | None = None,
    status_code: int = 200,
) -> Response:
    desk = seeker_desk(page.ctx, seeker_id, query=query)
    values = {"desk": desk, "query": query, "problem": problem, "proposed": proposed}
    return show(request, page, "seeker.html", values, status_code=status_code, active_href="/find")


@router.get("/seekers/{seeker_id}")
def seeker_page(
    request: Request,
    page: PageDep,
    seeker_id: PathId,
    radius_km: RadiusKm = None,
    min_score: MinScore = None,
    proposed: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """Her record, her proposals and her matches, each with reasons to read aloud."""
    query = MatchQuery(limit=MATCHES_SHOWN, radius_km=radius_km, min_score=min_score)
    return _seeker_page(request, page, seeker_id, query=query, proposed=proposed)


@router.post("/seekers/{seeker_id}/proposals")
def propose(request: Request, page: PageDep, seeker_id: PathId) -> Response:
    """Propose her for one posting of her list; a refusal is shown on her page."""
    posting_id = form_int(page.form, "posting_id")
    try:
        if posting_id is None:
            raise InvalidInput("posting_id", "missing", Text("Choose a posting to propose"))
        with page.ctx.session.begin_nested():  # a refusal leaves nothing half-written
            created = propose_with_snapshot(
                page.ctx, ProposalCreate(seeker_id=seeker_id, posting_id=posting_id)
            )
    except DomainError as refused:
        return _seeker_page(
            request,
            page,
            seeker_id,
            query=MatchQuery(limit=MATCHES_SHOWN),
            problem=refused.message,
            status_code=409,
        )
    return RedirectResponse(f"/seekers/{seeker_id}?proposed={created.id}", status_code=303)
