"""A seeker's page: her masked record, proposals so far, and her best postings to propose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from matching.api.dependencies import PathId
from matching.errors import DomainError, InvalidInput, Message
from matching.i18n import Text
from matching.schemas.privacy import RevealedPii, RevealRequest
from matching.schemas.proposals import ProposalCreate
from matching.services.matching import MatchQuery, propose_with_snapshot
from matching.services.privacy import reveal_personal_data
from matching.services.seeker_desk import seeker_desk
from matching.web.dependencies import PageContext, PageDep
from matching.web.forms import form_int, form_text, validated
from matching.web.pages import show
from matching.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)
MATCHES_SHOWN = 10
RadiusKm = Annotated[float | None, Query(gt=0, le=100)]
MinScore = Annotated[float | None, Query(ge=0, le=100)]


@dataclass(frozen=True, slots=True)
class RevealView:
    """The reveal form as posted: what was asked, why, what was shown or what was wrong."""

    fields: tuple[str, ...] = ()
    reason: str = ""
    shown: RevealedPii | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _seeker_page(
    request: Request,
    page: PageContext,
    seeker_id: int,
    *,
    query: MatchQuery,
    problem: Message | None = None,
    proposed: int | None = None,
    reveal: RevealView | None = None,
    status_code: int = 200,
) -> Response:
    desk = seeker_desk(page.ctx, seeker_id, query=query)
    values = {
        "desk": desk,
        "query": query,
        "problem": problem,
        "proposed": proposed,
        "reveal": reveal or RevealView(),
    }
    response = show(
        request, page, "seeker.html", values, status_code=status_code, active_href="/find"
    )
    if reveal is not None and reveal.shown is not None:
        response.headers["Cache-Control"] = "no-store"  # full values never sit in a cache
    return response


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


@router.post("/seekers/{seeker_id}/reveal")
def reveal(request: Request, page: PageDep, seeker_id: PathId) -> Response:
    """Show the full values she asked for, once, with the reason written to the audit log."""
    form = page.form
    asked = tuple(dict.fromkeys(form.getlist("fields"))) if form is not None else ()
    view = RevealView(fields=tuple(str(f) for f in asked), reason=form_text(form, "reason"))
    body, errors = validated(
        RevealRequest, {"fields": list(view.fields), "reason": view.reason}, page.locale
    )
    if body is None:
        view = RevealView(fields=view.fields, reason=view.reason, errors=errors)
        return _seeker_page(
            request,
            page,
            seeker_id,
            query=MatchQuery(limit=MATCHES_SHOWN),
            reveal=view,
            status_code=422,
        )
    shown = reveal_personal_data(page.ctx, seeker_id, body)
    view = RevealView(fields=view.fields, reason=view.reason, shown=shown)
    return _seeker_page(
        request, page, seeker_id, query=MatchQuery(limit=MATCHES_SHOWN), reveal=view
    )
